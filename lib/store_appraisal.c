/*
 * store_appraisal.c - appraisals, their answers, PDP goals and sign-offs in
 * the store (see store.h).  Answer values are read and written only here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keyring.h"
#include "sbuf.h"
#include "store_int.h"
#include "utf8.h"

#define APPRAISAL_COLS \
	"id, uuid, staff_number, appraiser, form_id, form_version, form_hash," \
	" state, revision, synced_revision, device_id, created_at, updated_at," \
	" meeting_date, next_due, resume_at"

void store_appraisal_release(struct store_appraisal *a)
{
	if (!a)
		return;
	free(a->staff_number);
	free(a->appraiser);
	free(a->form_id);
	free(a->form_version);
	free(a->form_hash);
	free(a->state);
	free(a->device_id);
	free(a->created_at);
	free(a->updated_at);
	free(a->meeting_date);
	free(a->next_due);
	free(a->resume_at);
	memset(a, 0, sizeof(*a));
}

static void fill(sqlite3_stmt *s, struct store_appraisal *a)
{
	const char *u = (const char *)sqlite3_column_text(s, 1);

	memset(a, 0, sizeof(*a));
	a->id = sqlite3_column_int64(s, 0);
	snprintf(a->uuid, sizeof(a->uuid), "%s", u ? u : "");
	a->staff_number = store_col_dup(s, 2);
	a->appraiser = store_col_dup(s, 3);
	a->form_id = store_col_dup(s, 4);
	a->form_version = store_col_dup(s, 5);
	a->form_hash = store_col_dup(s, 6);
	a->state = store_col_dup(s, 7);
	a->revision = sqlite3_column_int64(s, 8);
	a->synced_revision = sqlite3_column_int64(s, 9);
	a->device_id = store_col_dup(s, 10);
	a->created_at = store_col_dup(s, 11);
	a->updated_at = store_col_dup(s, 12);
	a->meeting_date = store_col_dup(s, 13);
	a->next_due = store_col_dup(s, 14);
	a->resume_at = store_col_dup(s, 15);
}

static int get_one(struct store *st, sqlite3_stmt *s, struct store_appraisal *out,
		   struct err *err)
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW)
		fill(s, out);
	return store_one(st, s, rc, err, "reading an appraisal");
}

int store_appraisal_get(struct store *st, long long id, struct store_appraisal *out,
			struct err *err)
{
	static const char sql[] = "SELECT " APPRAISAL_COLS " FROM appraisals WHERE id = ?1";
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return get_one(st, s, out, err);
}

int store_appraisal_latest(struct store *st, const char *staff_number,
			   struct store_appraisal *out, struct err *err)
{
	static const char sql[] = "SELECT " APPRAISAL_COLS " FROM appraisals"
		" WHERE staff_number = ?1 ORDER BY created_at DESC, id DESC LIMIT 1";
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	store_bind_text(s, 1, staff_number);
	return get_one(st, s, out, err);
}

int store_appraisal_new(struct store *st, const char *staff_number,
			const char *appraiser, const char *form_id,
			const char *form_version, const char *form_hash,
			struct store_appraisal *out, struct err *err)
{
	static const char sql[] =
		"INSERT INTO appraisals(uuid, staff_number, appraiser, form_id,"
		" form_version, form_hash, device_id, created_at, updated_at, holder)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, nullif(?9, 0))";
	static const char old[] =	/* before schema/005-profiles.sql */
		"INSERT INTO appraisals(uuid, staff_number, appraiser, form_id,"
		" form_version, form_hash, device_id, created_at, updated_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)";
	char uuid[UUID_LEN + 1], now[STAMP_LEN + 1];
	sqlite3_stmt *s;
	long long id;

	if (!st->kr && store_profiles(st) > 0)
		return err_set(err, "sign in to start an appraisal: on this laptop every "
			       "appraisal is held by the manager who starts it");
	if (uuid_new(uuid, err) < 0 || store_begin(st, err) < 0)
		return -1;
	if (!(s = store_prep(st, st->holders ? sql : old, err)))
		goto fail;
	time_stamp(now);
	store_bind_text(s, 1, uuid);
	store_bind_text(s, 2, staff_number);
	store_bind_text(s, 3, appraiser ? appraiser : "");
	store_bind_text(s, 4, form_id);
	store_bind_text(s, 5, form_version);
	store_bind_text(s, 6, form_hash);
	store_bind_text(s, 7, st->device_id);
	store_bind_text(s, 8, now);
	/* Held by the manager who starts it (none while nobody is signed in). */
	if (st->holders)
		sqlite3_bind_int64(s, 9, st->kr ? keyring_profile(st->kr) : 0);
	if (sqlite3_step(s) != SQLITE_DONE) {
		int fk = (sqlite3_extended_errcode(st->db) == SQLITE_CONSTRAINT_FOREIGNKEY);

		sqlite3_reset(s);
		if (fk)
			err_set(err, "no staff member with staff number %s", staff_number);
		else
			store_dberr(st, err, "starting the appraisal");
		goto fail;
	}
	sqlite3_reset(s);
	id = sqlite3_last_insert_rowid(st->db);
	if (store_audit(st, uuid, staff_number, "started", form_id, err) < 0)
		goto fail;
	if (store_commit(st, err) < 0)
		return -1;
	if (out && store_appraisal_get(st, id, out, err) != 1)
		return err_set(err, "the new appraisal could not be read back");
	return 0;
fail:
	store_rollback(st);
	return -1;
}

static int touch(struct store *st, long long id, struct err *err)
{
	static const char sql[] = "UPDATE appraisals SET updated_at = ?2 WHERE id = ?1";
	char now[STAMP_LEN + 1];
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	time_stamp(now);
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, now);
	return store_step_done(st, s, err, "saving the appraisal");
}

/*
 * Begin a change to an appraisal that must not be final and that the
 * signed-in manager holds; h (released by end_edit) is its head.
 */
static int begin_edit(struct store *st, long long id, struct store_head *h,
		      struct err *err)
{
	if (store_begin(st, err) < 0)
		return -1;
	if (store_hold(st, id, h, err) < 0)
		goto fail;
	if (!strcmp(h->state, "final")) {
		store_head_release(h);
		err_set(err, "this appraisal is final and read-only; reopen it to change it");
		goto fail;
	}
	return 0;
fail:
	store_rollback(st);
	return -1;
}

static int end_edit(struct store *st, long long id, struct store_head *h,
		    int rc, struct err *err)
{
	store_head_release(h);
	if (rc == 0)
		rc = touch(st, id, err);
	if (rc < 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, err);
}

/* A finished appraisal sets when the next one is due: its own next_due,
 * or a year after the meeting (or today). */
static int advance_due(struct store *st, long long id, struct err *err)
{
	static const char sql[] =
		"UPDATE staff SET due = (SELECT coalesce(a.next_due,"
		" date(coalesce(a.meeting_date, ?2), '+1 year'))"
		" FROM appraisals a WHERE a.id = ?1)"
		" WHERE staff_number = (SELECT staff_number FROM appraisals WHERE id = ?1)";
	char today[DATE_LEN + 1];
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	date_today(today);
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, today);
	return store_step_done(st, s, err, "setting the next due date");
}

int store_appraisal_set_state(struct store *st, long long id,
			      const char *state, struct err *err)
{
	static const char sql[] =
		"UPDATE appraisals SET state = ?2, updated_at = ?3,"
		" revision = revision + ?4 WHERE id = ?1";
	struct store_head h;
	char now[STAMP_LEN + 1];
	const char *action = state;
	sqlite3_stmt *s;
	int reopen;

	if (strcmp(state, "draft") && strcmp(state, "signed") && strcmp(state, "final"))
		return err_set(err, "unknown appraisal state '%s'", state);
	if (store_begin(st, err) < 0)
		return -1;
	if (store_hold(st, id, &h, err) < 0) {
		store_rollback(st);
		return -1;
	}
	if (!strcmp(h.state, state)) {
		store_head_release(&h);
		store_rollback(st);
		return 0;
	}
	reopen = !strcmp(h.state, "final");
	if (reopen && strcmp(state, "draft")) {
		err_set(err, "a final appraisal can only be reopened as a draft");
		goto fail;
	}
	if (reopen)
		action = "reopened";
	/* a state reads the whole answers: none is left in pieces */
	if (store_pieces_fold_at(st, id, &h, err) < 0 || !(s = store_prep(st, sql, err)))
		goto fail;
	time_stamp(now);
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, state);
	store_bind_text(s, 3, now);
	sqlite3_bind_int(s, 4, reopen);
	if (store_step_done(st, s, err, "changing the appraisal's state") < 0 ||
	    store_audit(st, h.uuid, h.staff_number, action, "", err) < 0)
		goto fail;
	if (!strcmp(state, "final") && advance_due(st, id, err) < 0)
		goto fail;
	store_head_release(&h);
	return store_commit(st, err);
fail:
	store_head_release(&h);
	store_rollback(st);
	return -1;
}

int store_appraisal_set_resume(struct store *st, long long id,
			       const char *path, struct err *err)
{
	static const char sql[] = "UPDATE appraisals SET resume_at = ?2 WHERE id = ?1";
	struct store_head h;
	sqlite3_stmt *s;

	if (store_hold(st, id, &h, err) < 0)
		return -1;
	store_head_release(&h);
	if (!(s = store_prep(st, sql, err)))
		return -1;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, path);
	return store_step_done(st, s, err, "saving your place");
}

int store_appraisal_set_dates(struct store *st, long long id,
			      const char *meeting_date, const char *next_due,
			      struct err *err)
{
	static const char sql[] =
		"UPDATE appraisals SET meeting_date = coalesce(?2, meeting_date),"
		" next_due = coalesce(?3, next_due) WHERE id = ?1";
	struct store_head h;
	sqlite3_stmt *s;
	int rc;

	if ((meeting_date && !date_valid(meeting_date)) ||
	    (next_due && !date_valid(next_due)))
		return err_set(err, "dates are written YYYY-MM-DD");
	if (begin_edit(st, id, &h, err) < 0)
		return -1;
	rc = (s = store_prep(st, sql, err)) ? 0 : -1;
	if (rc == 0) {
		sqlite3_bind_int64(s, 1, id);
		store_bind_text(s, 2, meeting_date);
		store_bind_text(s, 3, next_due);
		rc = store_step_done(st, s, err, "saving the dates");
	}
	return end_edit(st, id, &h, rc, err);
}

int store_answer_set(struct store *st, long long appraisal_id,
		     const char *path, const char *value, int flags,
		     struct err *err)
{
	return store_answer_setn(st, appraisal_id, path, value, value ? strlen(value) : 0,
				 flags, err);
}

int store_answer_setn(struct store *st, long long appraisal_id,
		      const char *path, const char *value, size_t len, int flags,
		      struct err *err)
{
	static const char sql[] =
		"INSERT INTO answers(appraisal_id, path, value, private, uuid,"
		" device_id, revision, updated_at)"
		" SELECT ?1, ?2, ?3, ?4, ?5, ?6, revision, ?7 FROM appraisals WHERE id = ?1"
		" ON CONFLICT(appraisal_id, path) DO UPDATE SET value = excluded.value,"
		" private = excluded.private, revision = excluded.revision,"
		" updated_at = excluded.updated_at"
		" WHERE value IS NOT excluded.value OR private IS NOT excluded.private";
	char uuid[UUID_LEN + 1], now[STAMP_LEN + 1];
	struct store_head h;
	int priv = (flags & STORE_PRIVATE) != 0;
	sqlite3_stmt *s;
	int rc;

	if (!path || !*path || !value)
		return err_set(err, "store: an answer needs a path and a value");
	/* A long one is checked where it changed (store_pieces_set). */
	if (len < STORE_PIECES_MIN && !utf8_valid(value, len))
		return err_set(err, "the answer to %s is not valid UTF-8", path);
	if (uuid_new(uuid, err) < 0 || begin_edit(st, appraisal_id, &h, err) < 0)
		return -1;
	time_stamp(now);
	/* A long answer already saved: only the pieces a key changed. */
	if ((rc = store_pieces_set(st, appraisal_id, &h, path, value, len, priv, now, err)) != 0) {
		rc = end_edit(st, appraisal_id, &h, rc < 0 ? -1 : 0, err);
		store_pieces_saved(st, rc == 0);
		return rc;
	}
	if (len >= STORE_PIECES_MIN && !utf8_valid(value, len)) {
		err_set(err, "the answer to %s is not valid UTF-8", path);
		return end_edit(st, appraisal_id, &h, -1, err);
	}
	rc = (s = store_prep(st, sql, err)) ? 0 : -1;
	if (rc == 0) {
		sqlite3_bind_int64(s, 1, appraisal_id);
		store_bind_text(s, 2, path);
		/* The row's revision is the appraisal's (the INSERT's SELECT). */
		store_value_bind(st, s, 3, &h, path, h.revision, priv, value);
		sqlite3_bind_int(s, 4, priv);
		store_bind_text(s, 5, uuid);
		store_bind_text(s, 6, st->device_id);
		store_bind_text(s, 7, now);
		rc = store_step_done(st, s, err, "saving the answer");
	}
	if (rc == 0)
		rc = store_pieces_forget(st, appraisal_id, path, err);
	rc = end_edit(st, appraisal_id, &h, rc, err);
	store_pieces_saved(st, rc == 0);
	return rc;
}

static int delete_where(struct store *st, long long id, const char *sql,
			const char *arg, struct err *err)
{
	struct store_head h;
	sqlite3_stmt *s;
	int rc;

	if (begin_edit(st, id, &h, err) < 0)
		return -1;
	rc = (s = store_prep(st, sql, err)) ? 0 : -1;
	if (rc == 0) {
		sqlite3_bind_int64(s, 1, id);
		store_bind_text(s, 2, arg);
		rc = store_step_done(st, s, err, "removing the answer");
	}
	return end_edit(st, id, &h, rc, err);
}

int store_answer_delete(struct store *st, long long appraisal_id,
			const char *path, struct err *err)
{
	static const char sql[] =
		"DELETE FROM answers WHERE appraisal_id = ?1 AND path = ?2";

	return delete_where(st, appraisal_id, sql, path, err);
}

int store_answer_delete_prefix(struct store *st, long long appraisal_id,
			       const char *prefix, struct err *err)
{
	/* substr() rather than LIKE: paths may hold '%' or '_'. */
	static const char sql[] =
		"DELETE FROM answers WHERE appraisal_id = ?1"
		" AND substr(path, 1, length(?2)) = ?2";

	return delete_where(st, appraisal_id, sql, prefix, err);
}

/* Does appraisal id have an answer in pieces (being typed, or left by a
 * crash)?  1, 0, -1 and err. */
static int has_pieces(struct store *st, long long id, struct err *err)
{
	static const char sql[] = "SELECT 1 FROM answer_pieces WHERE appraisal_id = ?1 LIMIT 1";
	sqlite3_stmt *s;

	if (!st->piece_table)
		return 0;
	if (!(s = store_prep(st, sql, err)))
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return store_one(st, s, sqlite3_step(s), err, "reading answers");
}

/* The one way an answer's text is read: its pieces joined while it has
 * them (pieces: whether the appraisal may), else its row's value. */
static char *answer_text(struct store *st, sqlite3_stmt *s, int col, long long id,
			 const char *uuid, const char *path, long long revision,
			 int priv, int pieces, struct err *err)
{
	int none = 1;
	char *text = pieces && st->piece_table ? store_pieces_text(st, id, uuid, path, &none, err) : NULL;

	if (text || !none)
		return text;
	return store_value_col(st, s, col, uuid, path, revision, priv, err);
}

int store_answer_get(struct store *st, long long appraisal_id,
		     const char *path, char **value, int *flags,
		     struct err *err)
{
	static const char sql[] = "SELECT value, private, revision FROM answers"
		" WHERE appraisal_id = ?1 AND path = ?2";
	struct store_head h;
	sqlite3_stmt *s;
	char *text = NULL;
	int rc, priv = 0;

	if (store_hold(st, appraisal_id, &h, err) < 0)
		return -1;
	if (!(s = store_prep(st, sql, err))) {
		store_head_release(&h);
		return -1;
	}
	sqlite3_bind_int64(s, 1, appraisal_id);
	store_bind_text(s, 2, path);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		priv = sqlite3_column_int(s, 1);
		if (!(text = answer_text(st, s, 0, appraisal_id, h.uuid, path,
					 sqlite3_column_int64(s, 2), priv, 1, err))) {
			sqlite3_reset(s);
			store_head_release(&h);
			return -1;
		}
	}
	store_head_release(&h);
	rc = store_one(st, s, rc, err, "reading an answer");
	if (rc == 1 && value)
		*value = text;
	else
		free(text);
	if (rc == 1 && flags)
		*flags = priv ? STORE_PRIVATE : 0;
	return rc;
}

int store_answers_each(struct store *st, long long appraisal_id, int with,
		       int (*fn)(const char *, const char *, int, void *),
		       void *arg, struct err *err)
{
	static const char sql[] =
		"SELECT path, value, private, revision FROM answers WHERE appraisal_id = ?1"
		" AND (?2 OR private = 0) ORDER BY path";
	struct store_head h;
	sqlite3_stmt *s;
	int rc, stop = 0, pieces;

	if (store_hold(st, appraisal_id, &h, err) < 0)
		return -1;
	if ((pieces = has_pieces(st, appraisal_id, err)) < 0) {
		store_head_release(&h);
		return -1;
	}
	if (!(s = store_prep(st, sql, err))) {
		store_head_release(&h);
		return -1;
	}
	sqlite3_bind_int64(s, 1, appraisal_id);
	sqlite3_bind_int(s, 2, (with & STORE_WITH_PRIVATE) != 0);
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *path = (const char *)sqlite3_column_text(s, 0);
		int priv = sqlite3_column_int(s, 2);
		char *text = answer_text(st, s, 1, appraisal_id, h.uuid, path,
					 sqlite3_column_int64(s, 3), priv, pieces, err);

		if (!text) {
			sqlite3_reset(s);
			store_head_release(&h);
			return -1;
		}
		stop = fn(path, text, priv ? STORE_PRIVATE : 0, arg);
		free(text);
	}
	store_head_release(&h);
	return store_each_end(st, s, rc, stop, err, "reading answers");
}

int store_form_put(struct store *st, const char *hash, const char *form_id,
		   const char *version, const char *source, struct err *err)
{
	static const char sql[] =
		"INSERT OR IGNORE INTO forms(hash, form_id, version, source, added_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5)";
	char now[STAMP_LEN + 1];
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	time_stamp(now);
	store_bind_text(s, 1, hash);
	store_bind_text(s, 2, form_id);
	store_bind_text(s, 3, version);
	store_bind_text(s, 4, source);
	store_bind_text(s, 5, now);
	return store_step_done(st, s, err, "keeping the form");
}

int store_form_get(struct store *st, const char *hash, char **source,
		   struct err *err)
{
	static const char sql[] = "SELECT source FROM forms WHERE hash = ?1";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, hash);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*source = store_col_dup(s, 0);
	return store_one(st, s, rc, err, "reading a form");
}

int store_pdp_set(struct store *st, long long appraisal_id,
		  const struct pdp_goal *g, size_t n, struct err *err)
{
	static const char del[] = "DELETE FROM pdp_goals WHERE appraisal_id = ?1";
	static const char ins[] =
		"INSERT INTO pdp_goals(uuid, appraisal_id, position, need, goal, kind,"
		" category, priority, target_date, support, status, follows_up,"
		" device_id, revision, created_at, updated_at)"
		" SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
		" revision, ?14, ?14 FROM appraisals WHERE id = ?2";
	char uuid[UUID_LEN + 1], now[STAMP_LEN + 1];
	struct store_head h;
	sqlite3_stmt *s;

	if (store_begin(st, err) < 0)
		return -1;
	if (store_hold(st, appraisal_id, &h, err) < 0) {
		store_rollback(st);
		return -1;
	}
	if (!(s = store_prep(st, del, err)))
		goto fail;
	sqlite3_bind_int64(s, 1, appraisal_id);
	if (store_step_done(st, s, err, "saving the PDP") < 0)
		goto fail;
	time_stamp(now);
	for (size_t i = 0; i < n; i++) {
		if (uuid_new(uuid, err) < 0 || !(s = store_prep(st, ins, err)))
			goto fail;
		store_bind_text(s, 1, uuid);
		sqlite3_bind_int64(s, 2, appraisal_id);
		sqlite3_bind_int(s, 3, g[i].position);
		/* The free text is encrypted, bound to the goal's row. */
		store_text_bind(st, s, 4, h.holder, uuid, "pdp.need", h.revision, 0,
				g[i].need ? g[i].need : "");
		store_text_bind(st, s, 5, h.holder, uuid, "pdp.goal", h.revision, 0,
				g[i].goal ? g[i].goal : "");
		store_bind_text(s, 6, g[i].kind ? g[i].kind : "");
		store_bind_text(s, 7, g[i].category ? g[i].category : "");
		store_bind_text(s, 8, g[i].priority ? g[i].priority : "");
		store_bind_text(s, 9, g[i].target_date);
		store_text_bind(st, s, 10, h.holder, uuid, "pdp.support", h.revision, 0,
				g[i].support ? g[i].support : "");
		store_bind_text(s, 11, g[i].status ? g[i].status : "new");
		store_bind_text(s, 12, g[i].follows_up);
		store_bind_text(s, 13, st->device_id);
		store_bind_text(s, 14, now);
		if (store_step_done(st, s, err, "saving a PDP goal") < 0)
			goto fail;
	}
	store_head_release(&h);
	return store_commit(st, err);
fail:
	store_head_release(&h);
	store_rollback(st);
	return -1;
}

int store_signoff_add(struct store *st, long long appraisal_id,
		      const char *role, const char *name,
		      const char *comments, struct err *err)
{
	static const char sql[] =
		"INSERT INTO signoffs(uuid, appraisal_id, role, name, comments,"
		" signed_at, device_id, revision)"
		" SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, revision FROM appraisals WHERE id = ?2"
		" ON CONFLICT(appraisal_id, role, revision) DO UPDATE SET"
		" name = excluded.name, comments = excluded.comments,"
		" signed_at = excluded.signed_at";
	struct store_head h;
	char uuid[UUID_LEN + 1], now[STAMP_LEN + 1];
	sqlite3_stmt *s;

	if (strcmp(role, "appraiser") && strcmp(role, "appraisee"))
		return err_set(err, "a sign-off is by the appraiser or the appraisee");
	if (!name || !*name)
		return err_set(err, "a sign-off needs the person's name");
	if (uuid_new(uuid, err) < 0 || store_begin(st, err) < 0)
		return -1;
	if (store_hold(st, appraisal_id, &h, err) < 0) {
		store_rollback(st);
		return -1;
	}
	if (!strcmp(h.state, "final")) {
		err_set(err, "this appraisal is final and read-only; reopen it to change it");
		goto fail;
	}
	if (!(s = store_prep(st, sql, err)))
		goto fail;
	time_stamp(now);
	store_bind_text(s, 1, uuid);
	sqlite3_bind_int64(s, 2, appraisal_id);
	store_bind_text(s, 3, role);
	store_bind_text(s, 4, name);
	{
		char path[32];

		snprintf(path, sizeof(path), "signoff.%s", role);
		store_text_bind(st, s, 5, h.holder, h.uuid, path, h.revision, 0,
				comments ? comments : "");
	}
	store_bind_text(s, 6, now);
	store_bind_text(s, 7, st->device_id);
	if (store_step_done(st, s, err, "saving the sign-off") < 0 ||
	    store_audit(st, h.uuid, h.staff_number, "signed-by", role, err) < 0)
		goto fail;
	store_head_release(&h);
	return store_commit(st, err);
fail:
	store_head_release(&h);
	store_rollback(st);
	return -1;
}
