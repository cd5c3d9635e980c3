/*
 * store_team.c - the team list a page at a time (see store.h): counts and
 * pages of staff members with their latest appraisal's state, filtered in
 * SQL by the team list's own rule (staff_team_match), continuing from a
 * place in the list (keyset pagination on the staff_team_order index), so
 * the screen never holds more than it shows.
 */
#include <string.h>

#include "staff.h"
#include "store_int.h"

/* eadr_team_match(typed, today, name, number, station, state, synced, due) */
static void sql_team_match(sqlite3_context *ctx, int argc, sqlite3_value **v)
{
	struct staff_status ss;
	const char *typed = (const char *)sqlite3_value_text(v[0]);
	const char *today = (const char *)sqlite3_value_text(v[1]);

	(void)argc;
	memset(&ss, 0, sizeof(ss));
	ss.s.name = (char *)sqlite3_value_text(v[2]);
	ss.s.staff_number = (char *)sqlite3_value_text(v[3]);
	ss.s.station = (char *)sqlite3_value_text(v[4]);
	ss.state = (const char *)sqlite3_value_text(v[5]);
	ss.synced = ss.state && !strcmp(ss.state, "final") && sqlite3_value_int(v[6]);
	ss.s.due = (char *)sqlite3_value_text(v[7]);
	sqlite3_result_int(ctx, staff_team_match(&ss, typed, today ? today : ""));
}

int store_team_functions(struct store *st, struct err *err)
{
	if (sqlite3_create_function(st->db, "eadr_team_match", 8,
				    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
				    sql_team_match, NULL, NULL) != SQLITE_OK)
		return store_dberr(st, err, "opening");
	return 0;
}

/* The latest appraisal of each staff member, as store_staff_each reads it. */
#define COLS \
	"SELECT s.staff_number, s.name, s.role, s.band, s.station, s.email, s.due," \
	" a.state, a.id, a.revision <= a.synced_revision"
#define FROM \
	" FROM staff s LEFT JOIN appraisals a ON a.id = (" \
	"   SELECT id FROM appraisals l WHERE l.staff_number = s.staff_number" \
	"   ORDER BY l.created_at DESC, l.id DESC LIMIT 1)"
#define MATCH \
	" WHERE (?1 = '' OR eadr_team_match(?1, ?2, s.name, s.staff_number, s.station," \
	" a.state, a.revision <= a.synced_revision, s.due))"
/* When the typed text cannot match any state's name, the filter needs no
 * appraisal: the staff table alone is read until a page is full (a filter
 * key at 100,000 staff reads no appraisal). */
#define MATCH_PERSON \
	" WHERE (?1 = '' OR eadr_team_match(?1, ?2, s.name, s.staff_number, s.station," \
	" NULL, 0, s.due))"
#define PLACE(op) " AND (s.station, s.name, s.staff_number) " op " (?5, ?6, ?7)"
#define ASC " ORDER BY s.station, s.name, s.staff_number LIMIT ?3 OFFSET ?4"
#define DESC " ORDER BY s.station DESC, s.name DESC, s.staff_number DESC" \
	" LIMIT ?3 OFFSET ?4"

static const char *nz(const char *s)
{
	return s ? s : "";
}

int store_team_count(struct store *st, const struct team_filter *tf,
		     size_t *n, struct err *err)
{
	static const char all[] = "SELECT count(*) FROM staff";
	static const char some[] = "SELECT count(*)" FROM MATCH;
	static const char people[] = "SELECT count(*) FROM staff s" MATCH_PERSON;
	int filtered = tf->typed && *tf->typed;
	sqlite3_stmt *s = store_prep(st, !filtered ? all :
				     staff_team_state_possible(tf->typed) ? some : people, err);
	int rc;

	if (!s)
		return -1;
	if (filtered) {
		store_bind_text(s, 1, tf->typed);
		store_bind_text(s, 2, nz(tf->today));
	}
	rc = sqlite3_step(s);
	*n = rc == SQLITE_ROW ? (size_t)sqlite3_column_int64(s, 0) : 0;
	return store_one(st, s, rc, err, "counting staff") < 0 ? -1 : 0;
}

int store_team_page(struct store *st, const struct team_filter *tf,
		    const struct team_place *after, int dir, size_t skip,
		    size_t limit, int (*fn)(const struct staff_status *, void *),
		    void *arg, struct err *err)
{
	static const char *const sql[2][2][2] = {
		{ { COLS FROM MATCH_PERSON ASC, COLS FROM MATCH_PERSON PLACE(">") ASC },
		  { COLS FROM MATCH ASC, COLS FROM MATCH PLACE(">") ASC } },
		{ { COLS FROM MATCH_PERSON DESC, COLS FROM MATCH_PERSON PLACE("<") DESC },
		  { COLS FROM MATCH DESC, COLS FROM MATCH PLACE("<") DESC } },
	};
	int state = staff_team_state_possible(tf->typed);
	sqlite3_stmt *s = store_prep(st, sql[dir < 0][state][after != NULL], err);
	int rc, stop = 0;

	if (!s)
		return -1;
	store_bind_text(s, 1, nz(tf->typed));
	store_bind_text(s, 2, nz(tf->today));
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
