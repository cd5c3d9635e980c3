/*
 * store_feedback_hub.c - the hub's SQL of 360-degree feedback: requests
 * and their code hashes as laptops sent them, one sealed response per code,
 * and the released reports (raw responses deleted).  See store_feedback.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_feedback.h"
#include "store_int.h"
#include "util.h"

int store_feedback_hub_code(struct store *st, const char *code_hash,
			    struct store_feedback_code *out, struct err *err)
{
	static const char sql[] =
		"SELECT r.id, r.close_on, c.grp, r.released_on IS NOT NULL"
		" FROM hub_feedback_codes c JOIN hub_feedback_requests r"
		" ON r.id = c.request_id WHERE c.code_hash = ?1";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, code_hash);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		snprintf(out->request_id, sizeof out->request_id, "%s",
			 (const char *)sqlite3_column_text(s, 0));
		snprintf(out->close_on, sizeof out->close_on, "%s",
			 (const char *)sqlite3_column_text(s, 1));
		out->group = (enum fb_group)feedback_group_parse(
			(const char *)sqlite3_column_text(s, 2));
		out->released = sqlite3_column_int(s, 3);
	}
	return store_one(st, s, rc, err, "looking up a feedback code");
}

int store_feedback_hub_holder(struct store *st, const char *staff_number,
			      const unsigned char *sign_pk, struct err *err)
{
	static const char sql[] =
		"SELECT count(*), coalesce(sum(o.sign_key = ?2), 0) FROM hub_owners o"
		" JOIN appraisals a ON a.uuid = o.appraisal_uuid WHERE a.staff_number = ?1";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc, held = 0;

	if (!s)
		return -1;
	store_bind_text(s, 1, staff_number);
	sqlite3_bind_blob(s, 2, sign_pk, 32, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		held = sqlite3_column_int64(s, 0) == 0 || sqlite3_column_int64(s, 1) > 0;
	if (store_one(st, s, rc, err, "looking up who holds the appraisal") < 0)
		return -1;
	return held;
}

int store_feedback_hub_request_put(struct store *st, const struct feedback_request *r,
				   const char *device_id,
				   char (*hash)[FB_HASH_HEX + 1], const enum fb_group *grp,
				   size_t n, int *already, struct err *err)
{
	static const char sql[] =
		"INSERT OR IGNORE INTO hub_feedback_requests(id, staff_number, device_id,"
		" close_on, n_self, n_manager, n_peer, n_report, n_other)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
	static const char csql[] =
		"INSERT INTO hub_feedback_codes(code_hash, request_id, grp) VALUES (?1, ?2, ?3)";
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	store_bind_text(s, 1, r->id);
	store_bind_text(s, 2, r->staff_number);
	store_bind_text(s, 3, device_id);
	store_bind_text(s, 4, r->close_on);
	for (int g = 0; g < FB_NGROUPS; g++)
		sqlite3_bind_int(s, 5 + g, r->n[g]);
	if (store_step_done(st, s, err, "keeping the feedback request") < 0)
		return -1;
	*already = sqlite3_changes(st->db) == 0;
	if (*already)
		return 0;
	return store_feedback_codes_add(st, csql, r->id, hash, grp, n, err);
}

int store_feedback_hub_request_get(struct store *st, const char *id,
				   struct feedback_request *r, int *released,
				   struct err *err)
{
	static const char sql[] =
		"SELECT id, staff_number, NULL, close_on, n_self, n_manager, n_peer,"
		" n_report, n_other, released_on IS NOT NULL"
		" FROM hub_feedback_requests WHERE id = ?1";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		store_feedback_request_row(s, 0, r);
		*released = sqlite3_column_int(s, 9);
	}
	return store_one(st, s, rc, err, "reading the feedback request");
}

int store_feedback_hub_seen(struct store *st, const char *response_id,
			    struct err *err)
{
	static const char sql[] =
		"SELECT 1 FROM hub_feedback_seen WHERE response_id = ?1";
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	store_bind_text(s, 1, response_id);
	return store_one(st, s, sqlite3_step(s), err, "looking up a response");
}

int store_feedback_hub_response_put(struct store *st, const char *code_hash,
				    const char *response_id, long long number,
				    const char *date, const void *sealed, size_t len,
				    int *result, struct err *err)
{
	static const char seen[] =
		"INSERT OR IGNORE INTO hub_feedback_seen(response_id) VALUES (?1)";
	static const char get[] =
		"SELECT response_id, number FROM hub_feedback_responses WHERE code_hash = ?1";
	static const char put[] =
		"INSERT OR REPLACE INTO hub_feedback_responses(code_hash, response_id,"
		" number, submitted_on, sealed) VALUES (?1, ?2, ?3, ?4, ?5)";
	sqlite3_stmt *s = store_prep(st, seen, err);
	int rc, have = 0;
	long long old = 0;
	char oldid[UUID_LEN + 1] = "";

	if (!s)
		return -1;
	store_bind_text(s, 1, response_id);
	if (store_step_done(st, s, err, "remembering the response") < 0 ||
	    !(s = store_prep(st, get, err)))
		return -1;
	store_bind_text(s, 1, code_hash);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		have = 1;
		snprintf(oldid, sizeof oldid, "%s", (const char *)sqlite3_column_text(s, 0));
		old = sqlite3_column_int64(s, 1);
	}
	if (store_one(st, s, rc, err, "reading the responses") < 0)
		return -1;
	if (have && (old > number || (old == number && strcmp(oldid, response_id) < 0))) {
		*result = 2;
		return store_audit(st, NULL, NULL, "feedback-superseded", response_id, err);
	}
	if (!(s = store_prep(st, put, err)))
		return -1;
	store_bind_text(s, 1, code_hash);
	store_bind_text(s, 2, response_id);
	sqlite3_bind_int64(s, 3, number);
	store_bind_text(s, 4, date);
	sqlite3_bind_blob(s, 5, sealed, (int)len, SQLITE_TRANSIENT);
	if (store_step_done(st, s, err, "keeping the response") < 0)
		return -1;
	*result = have;
	if (have)
		return store_audit(st, NULL, NULL, "feedback-replaced", oldid, err);
	return 0;
}

int store_feedback_hub_responses_each(struct store *st, const char *request_id,
				      int (*fn)(enum fb_group, const unsigned char *,
						size_t, void *),
				      void *arg, struct err *err)
{
	static const char sql[] =
		"SELECT c.grp, r.sealed FROM hub_feedback_responses r"
		" JOIN hub_feedback_codes c ON c.code_hash = r.code_hash"
		" WHERE c.request_id = ?1 ORDER BY r.code_hash";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc, stop = 0;

	if (!s)
		return -1;
	store_bind_text(s, 1, request_id);
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW)
		stop = fn((enum fb_group)feedback_group_parse(
				  (const char *)sqlite3_column_text(s, 0)),
			  sqlite3_column_blob(s, 1), (size_t)sqlite3_column_bytes(s, 1), arg);
	return store_each_end(st, s, rc, stop, err, "reading the responses");
}

int store_feedback_hub_release(struct store *st, const char *request_id,
			       const char *date, const char *report,
			       struct err *err)
{
	static const char put[] =
		"INSERT INTO hub_feedback_reports(request_id, released_on, report)"
		" VALUES (?1, ?2, ?3)";
	static const char del[] =
		"DELETE FROM hub_feedback_responses WHERE code_hash IN"
		" (SELECT code_hash FROM hub_feedback_codes WHERE request_id = ?1)";
	static const char mark[] =
		"UPDATE hub_feedback_requests SET released_on = ?2 WHERE id = ?1";
	const char *const sqls[] = { put, del, mark };
	sqlite3_stmt *s;

	if (store_begin(st, err) < 0)
		return -1;
	for (int i = 0; i < 3; i++) {
		if (!(s = store_prep(st, sqls[i], err)))
			goto fail;
		store_bind_text(s, 1, request_id);
		store_bind_text(s, 2, date);
		if (i == 0)
			store_bind_text(s, 3, report);
		if (store_step_done(st, s, err, "releasing the feedback report") < 0)
			goto fail;
	}
	if (store_audit(st, NULL, NULL, "feedback-release", request_id, err) < 0)
		goto fail;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return -1;
}

int store_feedback_hub_report(struct store *st, const char *request_id,
			      struct sbuf *out, struct err *err)
{
	static const char sql[] =
		"SELECT report FROM hub_feedback_reports WHERE request_id = ?1";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, request_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		sbuf_adds(out, (const char *)sqlite3_column_text(s, 0));
	return store_one(st, s, rc, err, "reading the feedback report");
}

int store_feedback_hub_wait_put(struct store *st, const char *code_hash,
				const char *response_id, const void *sealed, size_t len,
				int *already, struct err *err)
{
	static const char sql[] =
		"INSERT OR IGNORE INTO hub_feedback_waiting(response_id, code_hash, sealed,"
		" arrived_on) VALUES (?1, ?2, ?3, ?4)";
	sqlite3_stmt *s = store_prep(st, sql, err);
	char today[DATE_LEN + 1];

	if (!s)
		return -1;
	date_today(today);
	store_bind_text(s, 1, response_id);
	store_bind_text(s, 2, code_hash);
	sqlite3_bind_blob(s, 3, sealed, (int)len, SQLITE_TRANSIENT);
	store_bind_text(s, 4, today);
	if (store_step_done(st, s, err, "keeping a response for its request") < 0)
		return -1;
	*already = sqlite3_changes(st->db) == 0;
	return 0;
}

int store_feedback_hub_wait_each(struct store *st, const char *request_id,
				 int (*fn)(const char *response_id,
					   const unsigned char *sealed, size_t len,
					   void *),
				 void *arg, struct err *err)
{
	static const char sql[] =
		"SELECT w.response_id, w.sealed FROM hub_feedback_waiting w"
		" JOIN hub_feedback_codes c ON c.code_hash = w.code_hash"
		" WHERE c.request_id = ?1 ORDER BY w.response_id";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc, stop = 0;

	if (!s)
		return -1;
	store_bind_text(s, 1, request_id);
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		/* fn changes the tables: its own copy of the row */
		char *id = store_col_dup(s, 0);
		size_t len = (size_t)sqlite3_column_bytes(s, 1);
		unsigned char *b = xmalloc(len + 1);

		memcpy(b, sqlite3_column_blob(s, 1), len);
		stop = fn(id, b, len, arg);
		free(id);
		free(b);
	}
	return store_each_end(st, s, rc, stop, err, "reading the waiting responses");
}

int store_feedback_hub_wait_del(struct store *st, const char *response_id,
				struct err *err)
{
	static const char sql[] = "DELETE FROM hub_feedback_waiting WHERE response_id = ?1";
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	store_bind_text(s, 1, response_id);
	return store_step_done(st, s, err, "taking a waiting response");
}
