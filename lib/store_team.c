/*
 * store_team.c - the team list a page at a time (see store.h): counts and
 * pages of staff members with their latest appraisal's state, filtered in
 * SQL by the team list's own rule (staff_team_match), continuing from a
 * place in the list (keyset pagination on the staff_team_order index), so
 * the screen never holds more than it shows.
 */
#include <stdlib.h>
#include <string.h>

#include "keyring.h"
#include "name_match.h"
#include "staff.h"
#include "store_int.h"

/*
 * The filter in SQL, in the cheap order (the rule is staff_team_match's),
 * all from the staff_team_order index, no table row read: when what was
 * typed could name a state (?8), the latest appraisal's state kept on the
 * staff row; then the person (name, staff number, station); then, when it
 * could name "overdue" (?9), the due date.  What was typed is folded once
 * per statement, not once per row.
 */
static const char *needle(sqlite3_context *ctx, sqlite3_value *v)
{
	char *folded = sqlite3_get_auxdata(ctx, 0);
	const char *typed;

	if (folded)
		return folded;
	typed = (const char *)sqlite3_value_text(v);
	folded = name_match_fold(typed ? typed : "", NULL);
	sqlite3_set_auxdata(ctx, 0, folded, free);
	/* set_auxdata may have freed it already (out of memory) */
	return sqlite3_get_auxdata(ctx, 0);
}

/* eadr_team_person(typed, name, number, station) */
static void sql_team_person(sqlite3_context *ctx, int argc, sqlite3_value **v)
{
	const char *f = needle(ctx, v[0]);
	int hit = 0;

	for (int i = 1; f && !hit && i < argc; i++) {
		const char *hay = (const char *)sqlite3_value_text(v[i]);

		hit = hay && name_match_contains(hay, f);
	}
	if (!f)
		sqlite3_result_error_nomem(ctx);
	else
		sqlite3_result_int(ctx, hit);
}

/* eadr_team_overdue(today, due) */
static void sql_team_overdue(sqlite3_context *ctx, int argc, sqlite3_value **v)
{
	const char *today = (const char *)sqlite3_value_text(v[0]);

	(void)argc;
	sqlite3_result_int(ctx, staff_due_status((const char *)sqlite3_value_text(v[1]),
						 today ? today : "") == DUE_OVERDUE);
}

int store_team_functions(struct store *st, struct err *err)
{
	static const struct {
		const char *name;
		int n;
		void (*fn)(sqlite3_context *, int, sqlite3_value **);
	} fns[] = {
		{ "eadr_team_person", 4, sql_team_person },
		{ "eadr_team_overdue", 2, sql_team_overdue },
	};

	for (size_t i = 0; i < sizeof(fns) / sizeof(*fns); i++)
		if (sqlite3_create_function(st->db, fns[i].name, fns[i].n,
					    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
					    fns[i].fn, NULL, NULL) != SQLITE_OK)
			return store_dberr(st, err, "opening");
	return 0;
}

/* A page: the rows of staff the filter shows (found, skipped and limited
 * in the staff_team_order index alone: ?3 rows after ?4), then, for just
 * those, the row and the latest appraisal, as store_staff_each reads it. */
#define PAGE(where, order) \
	"SELECT t.staff_number, t.name, t.role, t.band, t.station, t.email, t.due," \
	" a.state, a.id, a.revision <= a.synced_revision" \
	" FROM (SELECT s.rowid AS k FROM staff s INDEXED BY staff_team_order" \
	where " ORDER BY " order(s) " LIMIT ?3 OFFSET ?4) p" \
	" JOIN staff t ON t.rowid = p.k LEFT JOIN appraisals a ON a.id = (" \
	"   SELECT id FROM appraisals l WHERE l.staff_number = t.staff_number" \
	"   ORDER BY l.created_at DESC, l.id DESC LIMIT 1)" \
	" ORDER BY " order(t)

/* Only terms on s, all in the staff_team_order index: tested before the
 * appraisal is joined.  The state the team list shows of the latest
 * appraisal is the column team_state (kept by migration 022's triggers;
 * NULL: not started); what was typed is resolved to the states it can name
 * (?10..?14, NULL for those it cannot) before the statement runs, and
 * tested first: a column, cheaper than folding the person's names. */
#define MATCH \
	" WHERE (?1 = ''" \
	" OR (?8 AND coalesce(s.team_state, 'not started') IN (?10, ?11, ?12, ?13, ?14))" \
	" OR eadr_team_person(?1, s.name, s.staff_number, s.station)" \
	" OR (?9 AND eadr_team_overdue(?2, s.due)))"
#define PLACE(op) " AND (s.station, s.name, s.staff_number) " op " (?5, ?6, ?7)"
#define ASC(x) #x ".station, " #x ".name, " #x ".staff_number"
#define DESC(x) #x ".station DESC, " #x ".name DESC, " #x ".staff_number DESC"

static int names(const char *name, const char *typed)
{
	return name_match(name, typed) != NAME_MATCH_NONE;
}

/* ?1, ?2, ?8, ?9: what was typed, the day, whether it could name a state,
 * or "overdue"; ?10..?14: each state it can name, or NULL. */
static void bind_filter(sqlite3_stmt *s, const struct team_filter *tf)
{
	static const char *const states[] = { "not started", "draft", "signed", "final", "synced" };
	const char *typed = tf->typed ? tf->typed : "";
	int any = 0;

	store_bind_text(s, 1, typed);
	store_bind_text(s, 2, tf->today ? tf->today : "");
	for (int i = 0; i < 5; i++) {
		int named = *typed && names(states[i], typed);

		if (named)
			store_bind_text(s, 10 + i, states[i]);
		else
			sqlite3_bind_null(s, 10 + i);
		any |= named;
	}
	sqlite3_bind_int(s, 8, any);
	sqlite3_bind_int(s, 9, *typed && names("overdue", typed));
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

int store_team_count(struct store *st, const struct team_filter *tf,
		     size_t *n, struct err *err)
{
	static const char all[] = "SELECT count(*) FROM staff";
	/* the order index, as a page reads it: its pages are read already */
	static const char some[] = "SELECT count(*) FROM staff s INDEXED BY staff_team_order" MATCH;
	int filtered = tf->typed && *tf->typed;
	sqlite3_stmt *s = store_prep(st, filtered ? some : all, err);
	int rc;

	if (!s)
		return -1;
	if (filtered)
		bind_filter(s, tf);
	rc = sqlite3_step(s);
	*n = rc == SQLITE_ROW ? (size_t)sqlite3_column_int64(s, 0) : 0;
	return store_one(st, s, rc, err, "counting staff") < 0 ? -1 : 0;
}

int store_team_page(struct store *st, const struct team_filter *tf,
		    const struct team_place *after, int dir, size_t skip,
		    size_t limit, int (*fn)(const struct staff_status *, void *),
		    void *arg, struct err *err)
{
	static const char *const sql[2][2] = {
		{ PAGE(MATCH, ASC), PAGE(MATCH PLACE(">"), ASC) },
		{ PAGE(MATCH, DESC), PAGE(MATCH PLACE("<"), DESC) },
	};
	sqlite3_stmt *s = store_prep(st, sql[dir < 0][after != NULL], err);
	int rc, stop = 0;

	if (!s)
		return -1;
	bind_filter(s, tf);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)limit);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)skip);
	if (after) {
		store_bind_text(s, 5, nz(after->station));
		store_bind_text(s, 6, nz(after->name));
		store_bind_text(s, 7, nz(after->staff_number));
	}
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct staff_status ss;

		memset(&ss, 0, sizeof(ss));
		ss.s.staff_number = (char *)sqlite3_column_text(s, 0);
		ss.s.name = (char *)sqlite3_column_text(s, 1);
		ss.s.role = (char *)sqlite3_column_text(s, 2);
		ss.s.band = (char *)sqlite3_column_text(s, 3);
		ss.s.station = (char *)sqlite3_column_text(s, 4);
		ss.s.email = (char *)sqlite3_column_text(s, 5);
		ss.s.due = (char *)sqlite3_column_text(s, 6);
		ss.state = (const char *)sqlite3_column_text(s, 7);
		ss.appraisal_id = sqlite3_column_int64(s, 8);
		ss.synced = ss.state && !strcmp(ss.state, "final") &&
			    sqlite3_column_int(s, 9);
		stop = fn(&ss, arg);
	}
	return store_each_end(st, s, rc, stop, err, "reading staff");
}

int store_team_holder(struct store *st, long long id, char **name, struct err *err)
{
	static const char sql[] =
		"SELECT coalesce(a.holder, 0), p.name FROM appraisals a"
		" LEFT JOIN profiles p ON p.id = a.holder WHERE a.id = ?1";
	sqlite3_stmt *s;
	long long holder = 0;
	int rc;

	*name = NULL;
	if (!st->holders)
		return 0;	/* no profiles on this laptop: nobody holds one */
	if (!(s = store_prep(st, sql, err)))
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		holder = sqlite3_column_int64(s, 0);
		if (holder && (!st->kr || keyring_profile(st->kr) != holder))
			*name = xstrdup(sqlite3_column_text(s, 1) ?
					(const char *)sqlite3_column_text(s, 1) : "another manager");
	}
	if (store_one(st, s, rc, err, "reading who holds the appraisal") < 0) {
		free(*name);
		*name = NULL;
		return -1;
	}
	return *name != NULL;
}
