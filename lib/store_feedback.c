/*
 * store_feedback.c - the SQL of 360-degree feedback: requests and code
 * hashes, drafts, the outbox of sealed responses (laptop), and requests,
 * responses and reports (hub).  See store_feedback.h, schema/feedback.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_feedback.h"
#include "store_int.h"

int store_feedback_codes_add(struct store *st, const char *sql, const char *request_id,
		     char (*hash)[FB_HASH_HEX + 1], const enum fb_group *grp,
		     size_t n, struct err *err)
{
	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *s = store_prep(st, sql, err);
		if (!s)
			return -1;
		store_bind_text(s, 1, hash[i]);
		store_bind_text(s, 2, request_id);
		store_bind_text(s, 3, feedback_group_word(grp[i]));
		if (store_step_done(st, s, err, "keeping the feedback codes") < 0)
			return -1;
	}
	return 0;
}

int store_feedback_request_add(struct store *st, const struct feedback_request *r,
			       char (*hash)[FB_HASH_HEX + 1], const enum fb_group *grp,
			       size_t n, struct err *err)
{
	static const char sql[] =
		"INSERT INTO feedback_requests(id, staff_number, created_on, close_on,"
		" n_self, n_manager, n_peer, n_report, n_other)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
	static const char csql[] =
		"INSERT INTO feedback_codes(code_hash, request_id, grp) VALUES (?1, ?2, ?3)";
	sqlite3_stmt *s;

	if (store_begin(st, err) < 0)
		return -1;
	if (!(s = store_prep(st, sql, err)))
		goto fail;
	store_bind_text(s, 1, r->id);
	store_bind_text(s, 2, r->staff_number);
	store_bind_text(s, 3, r->created_on);
	store_bind_text(s, 4, r->close_on);
	for (int g = 0; g < FB_NGROUPS; g++)
		sqlite3_bind_int(s, 5 + g, r->n[g]);
	if (store_step_done(st, s, err, "keeping the feedback request") < 0 ||
	    store_feedback_codes_add(st, csql, r->id, hash, grp, n, err) < 0 ||
	    store_audit(st, NULL, r->staff_number, "feedback-request", r->id, err) < 0)
		goto fail;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return -1;
}

void store_feedback_request_row(sqlite3_stmt *s, int col, struct feedback_request *r)
{
	/* id, staff_number, created_on, close_on, n_* */
	snprintf(r->id, sizeof r->id, "%s", (const char *)sqlite3_column_text(s, col));
	r->staff_number = store_col_dup(s, col + 1);
	snprintf(r->created_on, sizeof r->created_on, "%s",
		 sqlite3_column_text(s, col + 2) ? (const char *)sqlite3_column_text(s, col + 2) : "");
	snprintf(r->close_on, sizeof r->close_on, "%s",
		 (const char *)sqlite3_column_text(s, col + 3));
	for (int g = 0; g < FB_NGROUPS; g++)
		r->n[g] = sqlite3_column_int(s, col + 4 + g);
}

int store_feedback_requests_each(struct store *st, const char *staff_number,
				 int (*fn)(const struct feedback_request *,
					   const int used[FB_NGROUPS], void *),
				 void *arg, struct err *err)
{
	static const char sql[] =
		"SELECT id, staff_number, created_on, close_on,"
		" n_self, n_manager, n_peer, n_report, n_other FROM feedback_requests"
		" WHERE staff_number = ?1 ORDER BY created_on DESC, rowid DESC";
	static const char usql[] =
		"SELECT c.grp, count(*) FROM feedback_codes c JOIN feedback_used u"
		" ON u.code_hash = c.code_hash WHERE c.request_id = ?1 GROUP BY c.grp";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc, stop = 0;

	if (!s)
		return -1;
	store_bind_text(s, 1, staff_number);
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct feedback_request r = { 0 };
		int used[FB_NGROUPS] = { 0 }, urc;
		sqlite3_stmt *u = store_prep(st, usql, err);

		if (!u) {
			sqlite3_reset(s);
			return -1;
		}
		store_feedback_request_row(s, 0, &r);
		store_bind_text(u, 1, r.id);
		while ((urc = sqlite3_step(u)) == SQLITE_ROW) {
			int g = feedback_group_parse((const char *)sqlite3_column_text(u, 0));
			if (g >= 0)
				used[g] = sqlite3_column_int(u, 1);
		}
		sqlite3_reset(u);
		stop = fn(&r, used, arg);
		feedback_request_release(&r);
		if (urc != SQLITE_DONE) {
			sqlite3_reset(s);
			return store_dberr(st, err, "reading feedback requests");
		}
	}
	return store_each_end(st, s, rc, stop, err, "reading feedback requests");
}

int store_feedback_draft_get(struct store *st, const char *draft_id,
			     unsigned char salt[16], struct sbuf *box,
			     struct err *err)
{
	static const char sql[] =
		"SELECT salt, box FROM feedback_drafts WHERE draft_id = ?1";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, draft_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		if (sqlite3_column_bytes(s, 0) != 16) {
			sqlite3_reset(s);
			return err_set(err, "the saved feedback draft is damaged");
		}
		memcpy(salt, sqlite3_column_blob(s, 0), 16);
		sbuf_add(box, sqlite3_column_blob(s, 1), (size_t)sqlite3_column_bytes(s, 1));
	}
	return store_one(st, s, rc, err, "reading the feedback draft");
}

int store_feedback_draft_put(struct store *st, const char *draft_id,
			     const unsigned char salt[16], const void *box,
			     size_t len, const char *date, struct err *err)
{
	static const char sql[] =
		"INSERT OR REPLACE INTO feedback_drafts(draft_id, salt, box, saved_on)"
		" VALUES (?1, ?2, ?3, ?4)";
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	store_bind_text(s, 1, draft_id);
	sqlite3_bind_blob(s, 2, salt, 16, SQLITE_TRANSIENT);
	sqlite3_bind_blob(s, 3, box, (int)len, SQLITE_TRANSIENT);
	store_bind_text(s, 4, date);
	return store_step_done(st, s, err, "saving the feedback draft");
}

int store_feedback_used_bump(struct store *st, const char *code_hash,
			     long long *number, struct err *err)
{
	static const char sql[] =
		"INSERT INTO feedback_used(code_hash, times) VALUES (?1, 1)"
		" ON CONFLICT(code_hash) DO UPDATE SET times = times + 1";
	static const char get[] = "SELECT times FROM feedback_used WHERE code_hash = ?1";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, code_hash);
	if (store_step_done(st, s, err, "counting the code's use") < 0)
		return -1;
	if (!(s = store_prep(st, get, err)))
		return -1;
	store_bind_text(s, 1, code_hash);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*number = sqlite3_column_int64(s, 0);
	return store_one(st, s, rc, err, "counting the code's use") < 0 ? -1 : 0;
}

int store_feedback_outbox_add(struct store *st, const char *id, const void *sealed,
			      size_t len, const char *date, const char *draft_id,
			      struct err *err)
{
	static const char sql[] =
		"INSERT INTO feedback_outbox(id, sealed, submitted_on) VALUES (?1, ?2, ?3)";
	static const char del[] = "DELETE FROM feedback_drafts WHERE draft_id = ?1";
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	store_bind_text(s, 1, id);
	sqlite3_bind_blob(s, 2, sealed, (int)len, SQLITE_TRANSIENT);
	store_bind_text(s, 3, date);
	if (store_step_done(st, s, err, "keeping the sealed response") < 0)
		return -1;
	if (!(s = store_prep(st, del, err)))
		return -1;
	store_bind_text(s, 1, draft_id);
	return store_step_done(st, s, err, "deleting the feedback draft");
}

int store_feedback_unsent_each(struct store *st,
			       int (*req)(const char *const *f, void *),
			       int (*resp)(const char *id, const unsigned char *sealed,
					   size_t len, void *),
			       void *arg, struct err *err)
{
	static const char rsql[] =
		"SELECT r.id, r.staff_number, r.close_on, r.n_self, r.n_manager, r.n_peer,"
		" r.n_report, r.n_other, (SELECT group_concat(grp || ':' || code_hash, ' ')"
		" FROM (SELECT grp, code_hash FROM feedback_codes c WHERE c.request_id = r.id"
		" ORDER BY code_hash)) FROM feedback_requests r WHERE r.sent <= 0 ORDER BY r.id";
	static const char osql[] =
		"SELECT id, sealed FROM feedback_outbox WHERE sent <= 0 ORDER BY id";
	sqlite3_stmt *s = store_prep(st, rsql, err);
	int rc, stop = 0;

	if (!s)
		return -1;
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *f[9];
		for (int i = 0; i < 9; i++)
			f[i] = sqlite3_column_text(s, i) ? (const char *)sqlite3_column_text(s, i) : "";
		stop = req(f, arg);
	}
	if (store_each_end(st, s, rc, stop, err, "reading feedback requests") != 0 || stop)
		return stop ? stop : -1;
	if (!(s = store_prep(st, osql, err)))
		return -1;
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW)
		stop = resp((const char *)sqlite3_column_text(s, 0), sqlite3_column_blob(s, 1),
			    (size_t)sqlite3_column_bytes(s, 1), arg);
	return store_each_end(st, s, rc, stop, err, "reading sealed responses");
}

int store_feedback_mark_pushed(struct store *st, unsigned long long seq, int response,
			       const char *id, struct err *err)
{
	static const char a[] = "UPDATE feedback_requests SET sent = -?1 WHERE id = ?2 AND sent <= 0";
	static const char b[] = "UPDATE feedback_outbox SET sent = -?1 WHERE id = ?2 AND sent <= 0";
	sqlite3_stmt *s = store_prep(st, response ? b : a, err);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)seq);
	store_bind_text(s, 2, id);
	return store_step_done(st, s, err, "marking feedback as sent");
}

int store_feedback_acked(struct store *st, const char *bundle_id, struct err *err)
{
	static const char a[] =
		"UPDATE feedback_requests SET sent = -sent WHERE sent < 0 AND -sent ="
		" (SELECT seq FROM sync_sent WHERE bundle_id = ?1)";
	static const char b[] =
		"UPDATE feedback_outbox SET sent = -sent WHERE sent < 0 AND -sent ="
		" (SELECT seq FROM sync_sent WHERE bundle_id = ?1)";
	const char *const sqls[] = { a, b };

	for (int i = 0; i < 2; i++) {
		sqlite3_stmt *s = store_prep(st, sqls[i], err);
		if (!s)
			return -1;
		store_bind_text(s, 1, bundle_id);
		if (store_step_done(st, s, err, "marking feedback as delivered") < 0)
			return -1;
	}
	return 0;
}
