/*
 * store_feedback_back.c - the SQL of 360-degree feedback's way back: the
 * hub's state of a request to send, and on the laptop the counts and the
 * report kept under the holding manager's box key (store_feedback_back.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keyring.h"
#include "store_feedback_back.h"
#include "store_int.h"

/* ---- the hub ---- */

static int hub_counts(struct store *st, struct feedback_back *b, struct err *err)
{
	static const char sql[] =
		"SELECT c.grp, count(*) FROM hub_feedback_responses r"
		" JOIN hub_feedback_codes c USING (code_hash)"
		" WHERE c.request_id = ?1 GROUP BY c.grp";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, b->request_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int g = feedback_group_parse((const char *)sqlite3_column_text(s, 0));
		if (g >= 0)
			b->responded[g] = sqlite3_column_int(s, 1);
	}
	return store_each_end(st, s, rc, 0, err, "counting feedback responses");
}

static int hub_device(struct store *st, const char *device_id,
		      unsigned char pk[BUNDLE_PK], struct err *err)
{
	static const char sql[] =
		"SELECT sign_key FROM hub_devices WHERE device_id = ?1"
		" AND state = 'approved' AND length(sign_key) = 32";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc, n = 0;

	if (!s)
		return -1;
	store_bind_text(s, 1, device_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (n++ == 0)
			memcpy(pk, sqlite3_column_blob(s, 0), BUNDLE_PK);
	if (store_each_end(st, s, rc, 0, err, "reading the hub's devices") < 0)
		return -1;
	if (n != 1)
		return err_set(err, n ? "two approved keys claim device %s: revoke the "
			       "wrong one ('eadr hub revoke') first" :
			       "the laptop %s that asked is not approved here (any more): "
			       "nothing is sent to it", device_id);
	return 0;
}

int store_fbback_hub_get(struct store *st, const char *request_id,
			 struct feedback_back *b, unsigned char device_pk[BUNDLE_PK],
			 struct err *err)
{
	static const char sql[] =
		"SELECT q.device_id, q.staff_number, q.n_self, q.n_manager, q.n_peer,"
		" q.n_report, q.n_other, coalesce(q.released_on, ''), r.report"
		" FROM hub_feedback_requests q LEFT JOIN hub_feedback_reports r"
		" ON r.request_id = q.id WHERE q.id = ?1";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc;

	memset(b, 0, sizeof(*b));
	if (!s)
		return -1;
	store_bind_text(s, 1, request_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		snprintf(b->request_id, sizeof(b->request_id), "%s", request_id);
		snprintf(b->device_id, sizeof(b->device_id), "%s",
			 (const char *)sqlite3_column_text(s, 0));
		b->staff_number = store_col_dup(s, 1);
		for (int g = 0; g < FB_NGROUPS; g++)
			b->invited[g] = sqlite3_column_int(s, 2 + g);
		snprintf(b->released_on, sizeof(b->released_on), "%s",
			 (const char *)sqlite3_column_text(s, 7));
		b->report = store_col_dup(s, 8);
	}
	if ((rc = store_one(st, s, rc, err, "reading the feedback request")) <= 0)
		return rc;
	if (!b->report && hub_counts(st, b, err) < 0)
		goto fail;
	if (device_pk && hub_device(st, b->device_id, device_pk, err) < 0)
		goto fail;
	return 1;
fail:
	feedback_back_release(b);
	return -1;
}

int store_fbback_hub_requests(struct store *st, const char *device_id,
			      char ***ids, size_t *n, struct err *err)
{
	static const char sql[] =
		"SELECT id FROM hub_feedback_requests WHERE device_id = ?1 ORDER BY id";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc;

	*ids = NULL;
	*n = 0;
	if (!s)
		return -1;
	store_bind_text(s, 1, device_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*ids = xrealloc(*ids, (*n + 1) * sizeof(**ids));
		(*ids)[(*n)++] = store_col_dup(s, 0);
	}
	return store_each_end(st, s, rc, 0, err, "reading the feedback requests");
}

/* ---- responses waiting for their request ---- */

int store_fbback_hub_wait_ages(struct store *st, const char *before,
			       int (*fn)(const char *code_hash, long long n,
					 const char *since, void *arg),
			       void *arg, struct err *err)
{
	static const char sql[] =
		"SELECT code_hash, count(*), min(arrived_on) FROM hub_feedback_waiting"
		" WHERE ?1 IS NULL OR arrived_on < ?1"
		" GROUP BY code_hash ORDER BY min(arrived_on), code_hash";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc, stop = 0;

	if (!s)
		return -1;
	store_bind_text(s, 1, before);
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *since = (const char *)sqlite3_column_text(s, 2);
		stop = fn((const char *)sqlite3_column_text(s, 0), sqlite3_column_int64(s, 1),
			  since ? since : "", arg);
	}
	return store_each_end(st, s, rc, stop, err, "reading the waiting responses");
}

long long store_fbback_hub_wait_purge(struct store *st, const char *before,
				      struct err *err)
{
	/* Seen, so that importing the same bundle again does not put them
	 * back to wait afresh. */
	static const char seen[] = "INSERT OR IGNORE INTO hub_feedback_seen(response_id)"
		" SELECT response_id FROM hub_feedback_waiting WHERE arrived_on < ?1";
	static const char sql[] = "DELETE FROM hub_feedback_waiting WHERE arrived_on < ?1";
	sqlite3_stmt *s = store_prep(st, seen, err);

	if (!s)
		return -1;
	store_bind_text(s, 1, before);
	if (store_step_done(st, s, err, "purging the waiting responses") < 0)
		return -1;
	if (!(s = store_prep(st, sql, err)))
		return -1;
	store_bind_text(s, 1, before);
	if (store_step_done(st, s, err, "purging the waiting responses") < 0)
		return -1;
	return sqlite3_changes(st->db);
}

/* ---- the laptop ---- */

int store_fbback_state(struct store *st, const char *request_id,
		       char **staff_number, char made[STAMP_LEN + 1],
		       int *has_report, struct err *err)
{
	static const char sql[] =
		"SELECT q.staff_number, coalesce(b.made, ''), b.report IS NOT NULL"
		" FROM feedback_requests q LEFT JOIN feedback_back b"
		" ON b.request_id = q.id WHERE q.id = ?1";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, request_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*staff_number = store_col_dup(s, 0);
		snprintf(made, STAMP_LEN + 1, "%s", (const char *)sqlite3_column_text(s, 1));
		*has_report = sqlite3_column_int(s, 2);
	}
	return store_one(st, s, rc, err, "reading the feedback request");
}

int store_fbback_holder(struct store *st, const char *staff_number, long long *pid,
			char **name, unsigned char pk[32], struct err *err)
{
	static const char sql[] =
		"SELECT p.id, p.name, p.box_public FROM appraisals a"
		" JOIN profiles p ON p.id = a.holder WHERE a.staff_number = ?1"
		" ORDER BY a.created_at DESC, a.id DESC LIMIT 1";
	sqlite3_stmt *s;
	int rc, haskey = 0;

	if (!store_profiles(st))
		return 0;
	if (!(s = store_prep(st, sql, err)))
		return -1;
	store_bind_text(s, 1, staff_number);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*pid = sqlite3_column_int64(s, 0);
		*name = store_col_dup(s, 1);
		haskey = sqlite3_column_bytes(s, 2) == 32;
		if (haskey)
			memcpy(pk, sqlite3_column_blob(s, 2), 32);
	}
	if ((rc = store_one(st, s, rc, err, "finding who holds the appraisal")) < 0)
		return -1;
	if (!rc)
		return err_set(err, "no manager on this laptop holds an appraisal of %s, "
			       "so nobody could read their report: it stays in the folder "
			       "(start their appraisal, then pull again)", staff_number);
	if (!haskey) {
		err_set(err, "%s, who holds the appraisal of %s, has no box key yet: it "
			"stays in the folder (%s signs in once, then pull again)",
			*name, staff_number, *name);
		free(*name);
		*name = NULL;
		return -1;
	}
	return 1;
}

int store_fbback_put(struct store *st, const struct feedback_back *b,
		     long long holder, const void *blob, size_t len,
		     struct err *err)
{
	static const char sql[] =
		"INSERT OR REPLACE INTO feedback_back(request_id, made, r_self, r_manager,"
		" r_peer, r_report, r_other, released_on, holder, report)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	store_bind_text(s, 1, b->request_id);
	store_bind_text(s, 2, b->made);
	for (int g = 0; g < FB_NGROUPS; g++)
		sqlite3_bind_int(s, 3 + g, b->responded[g]);
	store_bind_text(s, 8, b->released_on[0] ? b->released_on : NULL);
	if (holder)
		sqlite3_bind_int64(s, 9, holder);
	if (blob && holder)
		sqlite3_bind_blob(s, 10, blob, (int)len, SQLITE_TRANSIENT);
	else if (blob)
		sqlite3_bind_text(s, 10, blob, (int)len, SQLITE_TRANSIENT);
	return store_step_done(st, s, err, "keeping what the hub sent back");
}

int store_fbback_counts(struct store *st, const char *request_id,
			int responded[FB_NGROUPS], char made[STAMP_LEN + 1],
			char released_on[DATE_LEN + 1], struct err *err)
{
	static const char sql[] =
		"SELECT r_self, r_manager, r_peer, r_report, r_other, made,"
		" coalesce(released_on, '') FROM feedback_back WHERE request_id = ?1";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, request_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		for (int g = 0; g < FB_NGROUPS; g++)
			responded[g] = sqlite3_column_int(s, g);
		snprintf(made, STAMP_LEN + 1, "%s", (const char *)sqlite3_column_text(s, 5));
		snprintf(released_on, DATE_LEN + 1, "%s",
			 (const char *)sqlite3_column_text(s, 6));
	}
	return store_one(st, s, rc, err, "reading the feedback progress");
}

/* Open a report sealed to the signed-in manager's box key; it must name
 * request (bound to its row: "request ID\n" then the text). */
static int open_sealed(struct store *st, const char *request,
		       const unsigned char *blob, size_t n, struct sbuf *out,
		       struct err *err)
{
	static const char sql[] =
		"SELECT box_public, box_secret FROM profiles WHERE id = ?1";
	sqlite3_stmt *s = store_prep(st, sql, err);
	unsigned char *text = NULL;
	size_t len = 0, hl;
	char head[UUID_LEN + 10];
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, keyring_profile(st->kr));
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(s, 0) == KEYRING_BOX_PK)
		text = keyring_box_open(st->kr, sqlite3_column_blob(s, 0),
					sqlite3_column_blob(s, 1),
					(size_t)sqlite3_column_bytes(s, 1), blob, n, &len);
	if (store_one(st, s, rc, err, "reading your box key") < 0) {
		free(text);
		return -1;
	}
	hl = (size_t)snprintf(head, sizeof(head), "request %s\n", request);
	if (!text || len < hl || memcmp(text, head, hl) != 0) {
		if (text) {
			keyring_wipe(text, len);
			free(text);
		}
		return err_set(err, "the 360-degree feedback report of request %s does "
			       "not open with your key (it was altered)", request);
	}
	sbuf_add(out, text + hl, len - hl);
	keyring_wipe(text, len);
	free(text);
	return 0;
}

int store_fbback_report(struct store *st, const char *staff_number,
			struct sbuf *out, char **request, char **released,
			struct err *err)
{
	static const char sql[] =
		"SELECT b.request_id, b.released_on, b.holder, p.name, b.report,"
		" typeof(b.report) FROM feedback_back b"
		" JOIN feedback_requests q ON q.id = b.request_id"
		" LEFT JOIN profiles p ON p.id = b.holder"
		" WHERE q.staff_number = ?1 AND b.report IS NOT NULL"
		" ORDER BY b.released_on DESC, q.created_on DESC LIMIT 1";
	sqlite3_stmt *s = store_prep(st, sql, err);
	char *id = NULL, *rel = NULL, *holder = NULL;
	unsigned char *blob = NULL;
	long long pid = 0;
	size_t n = 0;
	int rc, text = 0;

	if (!s)
		return -1;
	store_bind_text(s, 1, staff_number);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		id = store_col_dup(s, 0);
		rel = store_col_dup(s, 1);
		pid = sqlite3_column_int64(s, 2);
		holder = store_col_dup(s, 3);
		n = (size_t)sqlite3_column_bytes(s, 4);
		blob = memcpy(xmalloc(n + 1), sqlite3_column_blob(s, 4), n);
		text = !strcmp((const char *)sqlite3_column_text(s, 5), "text");
	}
	if ((rc = store_one(st, s, rc, err, "reading the feedback report")) <= 0)
		goto out;
	rc = -1;
	if (text || !pid) {
		sbuf_add(out, blob, n);
	} else if (!st->kr || keyring_profile(st->kr) != pid) {
		err_set(err, "the 360-degree feedback report of %s is held by %s; only "
			"%s can read it%s%s%s", staff_number, holder ? holder : "another manager",
			holder ? holder : "they", st->kr ? " (you are signed in as " : "",
			st->kr ? keyring_name(st->kr) : "", st->kr ? ")" : "");
		goto out;
	} else if (open_sealed(st, id, blob, n, out, err) < 0) {
		goto out;
	}
	if (request) {
		*request = id;
		id = NULL;
	}
	if (released) {
		*released = rel;
		rel = NULL;
	}
	rc = 1;
out:
	free(id);
	free(rel);
	free(holder);
	free(blob);
	return rc;
}
