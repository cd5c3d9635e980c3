/*
 * store_appr.c - store queries for the appraisal rules and the terminal
 * program (see store_appr.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_appr.h"
#include "store_int.h"

/* Step a one-row, one-integer query: 1 with *out, 0 no row, -1 error. */
static int one_id(struct store *st, sqlite3_stmt *s, long long *out,
		  struct err *err, const char *what)
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_dberr(st, err, what);
}

int store_appr_prev_final(struct store *st, const char *staff_number,
			 long long not_id, long long *id, struct err *err)
{
	static const char sql[] =
		"SELECT id FROM appraisals WHERE staff_number = ?1 AND id != ?2"
		" AND state = 'final' ORDER BY created_at DESC, id DESC LIMIT 1";
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	store_bind_text(s, 1, staff_number);
	sqlite3_bind_int64(s, 2, not_id);
	return one_id(st, s, id, err, "reading last year's appraisal");
}

int store_appr_open_get(struct store *st, long long *id, struct err *err)
{
	static const char sql[] =
		"SELECT a.id FROM meta m JOIN appraisals a"
		" ON a.id = CAST(m.value AS INTEGER)"
		" WHERE m.key = 'tui.open' AND a.state = 'draft'";
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	return one_id(st, s, id, err, "reading where you were");
}

int store_appr_mark_open(struct store *st, long long id, struct err *err)
{
	static const char put[] =
		"INSERT INTO meta(key, value) VALUES ('tui.open', ?1)"
		" ON CONFLICT(key) DO UPDATE SET value = excluded.value";
	static const char del[] = "DELETE FROM meta WHERE key = 'tui.open'";
	sqlite3_stmt *s = store_prep(st, id ? put : del, err);
	char num[32];

	if (!s)
		return -1;
	if (id) {
		snprintf(num, sizeof(num), "%lld", id);
		store_bind_text(s, 1, num);
	}
	return store_step_done(st, s, err, "saving your place");
}

void store_appr_busy(struct store *st, int ms)
{
	st->busy_ms = ms;
	sqlite3_busy_timeout(st->db, ms);
}

int store_appr_set_appraiser(struct store *st, long long id, const char *name,
			    struct err *err)
{
	static const char sql[] =
		"UPDATE appraisals SET appraiser = ?2 WHERE id = ?1 AND state != 'final'";
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, name);
	return store_step_done(st, s, err, "saving the appraiser's name");
}

int store_appr_signoffs(struct store *st, long long id,
		       int (*fn)(const struct signoff_row *, void *), void *arg,
		       struct err *err)
{
	static const char sql[] =
		"SELECT s.role, s.name, eadr_value(s.comments, a.uuid, 'signoff.' || s.role,"
		" s.revision, 0, 1), s.signed_at FROM signoffs s"
		" JOIN appraisals a ON a.id = s.appraisal_id"
		" WHERE s.appraisal_id = ?1 AND s.revision = a.revision ORDER BY s.role";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc, stop = 0;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct signoff_row r = {
			(const char *)sqlite3_column_text(s, 0),
			(const char *)sqlite3_column_text(s, 1),
			(const char *)sqlite3_column_text(s, 2),
			(const char *)sqlite3_column_text(s, 3),
		};

		stop = fn(&r, arg);
	}
	return store_each_end(st, s, rc, stop, err, "reading the sign-offs");
}

int store_appr_signoffs_clear(struct store *st, long long id, struct err *err)
{
	static const char sql[] =
		"DELETE FROM signoffs WHERE appraisal_id = ?1 AND revision ="
		" (SELECT revision FROM appraisals WHERE id = ?1 AND state != 'final')";
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return store_step_done(st, s, err, "removing the sign-offs");
}

int store_appr_pdp_uuid(struct store *st, long long id, int position,
		       char out[UUID_LEN + 1], struct err *err)
{
	static const char sql[] =
		"SELECT uuid FROM pdp_goals WHERE appraisal_id = ?1 AND position = ?2";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, position);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		snprintf(out, UUID_LEN + 1, "%s", sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_dberr(st, err, "reading a PDP goal");
}

/* The meta key of a sign-off draft field. */
static void draft_key(char *out, size_t n, long long id, const char *field)
{
	snprintf(out, n, "signoff.%lld.%s", id, field);
}

int store_appr_draft_set(struct store *st, long long id, const char *field,
			 const char *text, struct err *err)
{
	static const char put[] =
		"INSERT INTO meta(key, value) VALUES (?1, ?2)"
		" ON CONFLICT(key) DO UPDATE SET value = excluded.value";
	static const char del[] = "DELETE FROM meta WHERE key = ?1";
	int keep = text && *text;
	struct store_head h;
	sqlite3_stmt *s;
	char key[96];
	int rc;

	if (store_hold(st, id, &h, err) < 0)
		return -1;
	if (!(s = store_prep(st, keep ? put : del, err))) {
		store_head_release(&h);
		return -1;
	}
	draft_key(key, sizeof(key), id, field);
	store_bind_text(s, 1, key);
	if (keep) {
		/* Encrypted under the holder's key, bound to its appraisal. */
		char path[96];

		snprintf(path, sizeof(path), "draft.%s", field);
		store_text_bind(st, s, 2, h.holder, h.uuid, path, 0, 0, text);
	}
	rc = store_step_done(st, s, err, "saving the sign-off as typed");
	store_head_release(&h);
	return rc;
}

int store_appr_draft_get(struct store *st, long long id, const char *field,
			 char **text, struct err *err)
{
	static const char sql[] = "SELECT value FROM meta WHERE key = ?1";
	struct store_head h;
	sqlite3_stmt *s;
	char key[96], path[96];
	int rc;

	*text = NULL;
	if (store_hold(st, id, &h, err) < 0)
		return -1;
	if (!(s = store_prep(st, sql, err))) {
		store_head_release(&h);
		return -1;
	}
	draft_key(key, sizeof(key), id, field);
	snprintf(path, sizeof(path), "draft.%s", field);
	store_bind_text(s, 1, key);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*text = store_value_col(st, s, 0, h.uuid, path, 0, 0, err);
	sqlite3_reset(s);
	store_head_release(&h);
	if (rc == SQLITE_ROW)
		return *text ? 1 : -1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_dberr(st, err, "reading the sign-off as typed");
}

int store_appr_draft_clear(struct store *st, long long id, struct err *err)
{
	static const char sql[] =
		"DELETE FROM meta WHERE key >= ?1 AND key < ?2";
	sqlite3_stmt *s = store_prep(st, sql, err);
	char lo[64], hi[64];

	if (!s)
		return -1;
	/* "signoff.ID." up to "signoff.ID/" ('/' follows '.'). */
	snprintf(lo, sizeof(lo), "signoff.%lld.", id);
	snprintf(hi, sizeof(hi), "signoff.%lld/", id);
	store_bind_text(s, 1, lo);
	store_bind_text(s, 2, hi);
	return store_step_done(st, s, err, "removing the sign-off as typed");
}

/* ---- locks: one program editing an appraisal at a time ---- */

void store_lock_release(struct store_lock *h)
{
	free(h->token);
	free(h->host);
	free(h->user);
	free(h->started_at);
	memset(h, 0, sizeof(*h));
}

int store_lock_get(struct store *st, long long id, struct store_lock *h,
		   struct err *err)
{
	static const char sql[] =
		"SELECT token, host, user, started_at, pid, pid_start, heartbeat"
		" FROM locks WHERE appraisal_id = ?1";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc;

	memset(h, 0, sizeof(*h));
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		h->token = store_col_dup(s, 0);
		h->host = store_col_dup(s, 1);
		h->user = store_col_dup(s, 2);
		h->started_at = store_col_dup(s, 3);
		h->pid = sqlite3_column_int64(s, 4);
		h->pid_start = sqlite3_column_int64(s, 5);
		h->heartbeat = sqlite3_column_int64(s, 6);
	}
	return store_one(st, s, rc, err, "reading who has the appraisal open");
}

int store_lock_put(struct store *st, long long id, const struct store_lock *h,
		   struct err *err)
{
	static const char sql[] =
		"INSERT OR REPLACE INTO locks(appraisal_id, token, host, user, started_at,"
		" pid, pid_start, heartbeat) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, h->token);
	store_bind_text(s, 3, h->host);
	store_bind_text(s, 4, h->user);
	store_bind_text(s, 5, h->started_at);
	sqlite3_bind_int64(s, 6, h->pid);
	sqlite3_bind_int64(s, 7, h->pid_start);
	sqlite3_bind_int64(s, 8, h->heartbeat);
	return store_step_done(st, s, err, "marking the appraisal as open here");
}

int store_lock_drop(struct store *st, long long id, const char *token,
		    struct err *err)
{
	static const char sql[] =
		"DELETE FROM locks WHERE appraisal_id = ?1 AND token = ?2";
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, token);
	return store_step_done(st, s, err, "closing the appraisal");
}

int store_lock_beat(struct store *st, long long id, const char *token,
		    long long now, struct err *err)
{
	static const char sql[] =
		"UPDATE locks SET heartbeat = ?3 WHERE appraisal_id = ?1 AND token = ?2";
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, token);
	sqlite3_bind_int64(s, 3, now);
	if (store_step_done(st, s, err, "keeping the appraisal open here") < 0)
		return -1;
	return sqlite3_changes(st->db) > 0;
}
