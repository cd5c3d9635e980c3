/*
 * hubpg_feedback.c - 360-degree feedback at a PostgreSQL hub (the
 * fb_* half of hubstore.h): store_feedback_hub.c's and the hub half of
 * store_feedback_back.c's statements in PostgreSQL's dialect, with the same
 * rows, order, audit entries and release (raw responses deleted).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hubpg_int.h"
#include "util.h"

int hubpg_fb_code(struct hubstore *hs, const char *code_hash,
		  struct store_feedback_code *out, struct err *err)
{
	static const char sql[] =
		"SELECT r.id, r.close_on, c.grp, (r.released_on IS NOT NULL)::int"
		" FROM hub_feedback_codes c JOIN hub_feedback_requests r"
		" ON r.id = c.request_id WHERE c.code_hash = $1";
	struct pgp p = { .n = 0 };
	PGresult *r;
	int found;

	pgp_text(&p, code_hash);
	if (!(r = hubpg_run(HUBPG(hs), sql, &p, "looking up a feedback code", err)))
		return -1;
	if ((found = PQntuples(r) > 0)) {
		snprintf(out->request_id, sizeof out->request_id, "%s", PQgetvalue(r, 0, 0));
		snprintf(out->close_on, sizeof out->close_on, "%s", PQgetvalue(r, 0, 1));
		out->group = (enum fb_group)feedback_group_parse(PQgetvalue(r, 0, 2));
		out->released = atoi(PQgetvalue(r, 0, 3));
	}
	PQclear(r);
	return found;
}

int hubpg_fb_holder(struct hubstore *hs, const char *staff_number,
		    const unsigned char *sign_pk, struct err *err)
{
	static const char sql[] =
		"SELECT count(*), count(*) FILTER (WHERE o.sign_key = $2) FROM hub_owners o"
		" JOIN appraisals a ON a.uuid = o.appraisal_uuid WHERE a.staff_number = $1";
	struct pgp p = { .n = 0 };
	PGresult *r;
	int held;

	pgp_text(&p, staff_number);
	pgp_blob(&p, sign_pk, 32);
	if (!(r = hubpg_run(HUBPG(hs), sql, &p, "looking up who holds the appraisal", err)))
		return -1;
	held = atoll(PQgetvalue(r, 0, 0)) == 0 || atoll(PQgetvalue(r, 0, 1)) > 0;
	PQclear(r);
	return held;
}

int hubpg_fb_request_put(struct hubstore *hs, const struct feedback_request *r,
			 const char *device_id, char (*hash)[FB_HASH_HEX + 1],
			 const enum fb_group *grp, size_t n, int *already,
			 struct err *err)
{
	static const char sql[] =
		"INSERT INTO hub_feedback_requests(id, staff_number, device_id, close_on,"
		" n_self, n_manager, n_peer, n_report, n_other)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING";
	static const char csql[] =
		"INSERT INTO hub_feedback_codes(code_hash, request_id, grp) VALUES ($1, $2, $3)";
	struct hubpg *pg = HUBPG(hs);
	struct pgp p = { .n = 0 };
	long long k;

	pgp_text(&p, r->id);
	pgp_text(&p, r->staff_number);
	pgp_text(&p, device_id);
	pgp_text(&p, r->close_on);
	for (int g = 0; g < FB_NGROUPS; g++)
		pgp_int(&p, r->n[g]);
	if ((k = hubpg_exec(pg, sql, &p, "keeping the feedback request", err)) < 0)
		return -1;
	*already = k == 0;
	for (size_t i = 0; !*already && i < n; i++) {
		struct pgp c = { .n = 0 };

		pgp_text(&c, hash[i]);
		pgp_text(&c, r->id);
		pgp_text(&c, feedback_group_word(grp[i]));
		if (hubpg_exec(pg, csql, &c, "keeping the request's codes", err) < 0)
			return -1;
	}
	return 0;
}

int hubpg_fb_request_get(struct hubstore *hs, const char *id,
			 struct feedback_request *rq, int *released, struct err *err)
{
	static const char sql[] =
		"SELECT id, staff_number, close_on, n_self, n_manager, n_peer, n_report,"
		" n_other, (released_on IS NOT NULL)::int"
		" FROM hub_feedback_requests WHERE id = $1";
	struct pgp p = { .n = 0 };
	PGresult *r;
	int found;

	pgp_text(&p, id);
	if (!(r = hubpg_run(HUBPG(hs), sql, &p, "reading the feedback request", err)))
		return -1;
	if ((found = PQntuples(r) > 0)) {
		snprintf(rq->id, sizeof rq->id, "%s", PQgetvalue(r, 0, 0));
		rq->staff_number = xstrdup(PQgetvalue(r, 0, 1));
		snprintf(rq->close_on, sizeof rq->close_on, "%s", PQgetvalue(r, 0, 2));
		for (int g = 0; g < FB_NGROUPS; g++)
			rq->n[g] = atoi(PQgetvalue(r, 0, 3 + g));
		*released = atoi(PQgetvalue(r, 0, 8));
	}
	PQclear(r);
	return found;
}

int hubpg_fb_seen(struct hubstore *hs, const char *response_id, struct err *err)
{
	static const char sql[] = "SELECT 1 FROM hub_feedback_seen WHERE response_id = $1";
	struct pgp p = { .n = 0 };
	long long k;

	pgp_text(&p, response_id);
	k = hubpg_exec(HUBPG(hs), sql, &p, "looking up a response", err);
	return k < 0 ? -1 : k > 0;
}

int hubpg_fb_response_put(struct hubstore *hs, const char *code_hash,
			  const char *response_id, long long number, const char *date,
			  const void *sealed, size_t len, int *result, struct err *err)
{
	static const char seen[] =
		"INSERT INTO hub_feedback_seen(response_id) VALUES ($1) ON CONFLICT DO NOTHING";
	static const char get[] =
		"SELECT response_id, number FROM hub_feedback_responses WHERE code_hash = $1";
	static const char put[] =
		"INSERT INTO hub_feedback_responses(code_hash, response_id, number,"
		" submitted_on, sealed) VALUES ($1, $2, $3, $4, $5)"
		" ON CONFLICT (code_hash) DO UPDATE SET response_id = excluded.response_id,"
		" number = excluded.number, submitted_on = excluded.submitted_on,"
		" sealed = excluded.sealed";
	struct hubpg *pg = HUBPG(hs);
	struct pgp p = { .n = 0 }, q = { .n = 0 };
	char oldid[UUID_LEN + 1] = "";
	long long old = 0;
	int have;
	PGresult *r;

	pgp_text(&p, response_id);
	if (hubpg_exec(pg, seen, &p, "remembering the response", err) < 0)
		return -1;
	pgp_text(&q, code_hash);
	if (!(r = hubpg_run(pg, get, &q, "reading the responses", err)))
		return -1;
	if ((have = PQntuples(r) > 0)) {
		snprintf(oldid, sizeof oldid, "%s", PQgetvalue(r, 0, 0));
		old = strtoll(PQgetvalue(r, 0, 1), NULL, 10);
	}
	PQclear(r);
	if (have && (old > number || (old == number && strcmp(oldid, response_id) < 0))) {
		*result = 2;
		return hubpg_audit(hs, "feedback-superseded", response_id, err);
	}
	pgp_text(&q, response_id);
	pgp_int(&q, number);
	pgp_text(&q, date);
	pgp_blob(&q, sealed, len);
	if (hubpg_exec(pg, put, &q, "keeping the response", err) < 0)
		return -1;
	*result = have;
	return have ? hubpg_audit(hs, "feedback-replaced", oldid, err) : 0;
}

int hubpg_fb_responses_each(struct hubstore *hs, const char *request_id,
			    int (*fn)(enum fb_group, const unsigned char *, size_t, void *),
			    void *arg, struct err *err)
{
	static const char sql[] =
		"SELECT c.grp, r.sealed FROM hub_feedback_responses r"
		" JOIN hub_feedback_codes c ON c.code_hash = r.code_hash"
		" WHERE c.request_id = $1 ORDER BY r.code_hash";
	struct pgp p = { .n = 0 };
	PGresult *r;
	int stop = 0;

	pgp_text(&p, request_id);
	if (!(r = hubpg_run(HUBPG(hs), sql, &p, "reading the responses", err)))
		return -1;
	for (int i = 0; !stop && i < PQntuples(r); i++) {
		size_t len;
		unsigned char *b = hubpg_blob_dup(r, i, 1, &len);

		stop = fn((enum fb_group)feedback_group_parse(PQgetvalue(r, i, 0)), b, len,
			  arg);
		free(b);
	}
	PQclear(r);
	return stop;
}

int hubpg_fb_release(struct hubstore *hs, const char *request_id, const char *date,
		     const char *report, struct err *err)
{
	static const char put[] =
		"INSERT INTO hub_feedback_reports(request_id, released_on, report)"
		" VALUES ($1, $2, $3)";
	static const char del[] =
		"DELETE FROM hub_feedback_responses WHERE code_hash IN"
		" (SELECT code_hash FROM hub_feedback_codes WHERE request_id = $1)";
	static const char mark[] =
		"UPDATE hub_feedback_requests SET released_on = $2 WHERE id = $1";
	struct hubpg *pg = HUBPG(hs);
	struct pgp p = { .n = 0 };

	if (hubpg_begin(hs, err) < 0)
		return -1;
	pgp_text(&p, request_id);
	if (hubpg_exec(pg, del, &p, "releasing the feedback report", err) < 0)
		goto fail;
	pgp_text(&p, date);
	if (hubpg_exec(pg, mark, &p, "releasing the feedback report", err) < 0)
		goto fail;
	pgp_text(&p, report);
	if (hubpg_exec(pg, put, &p, "releasing the feedback report", err) < 0 ||
	    hubpg_audit(hs, "feedback-release", request_id, err) < 0)
		goto fail;
	return hubpg_commit(hs, err);
fail:
	hubpg_rollback(hs);
	return -1;
}

int hubpg_fb_report(struct hubstore *hs, const char *request_id, struct sbuf *out,
		    struct err *err)
{
	static const char sql[] =
		"SELECT report FROM hub_feedback_reports WHERE request_id = $1";
	struct pgp p = { .n = 0 };
	PGresult *r;
	int found;

	pgp_text(&p, request_id);
	if (!(r = hubpg_run(HUBPG(hs), sql, &p, "reading the feedback report", err)))
		return -1;
	if ((found = PQntuples(r) > 0))
		sbuf_adds(out, PQgetvalue(r, 0, 0));
	PQclear(r);
	return found;
}

int hubpg_fb_wait_put(struct hubstore *hs, const char *code_hash,
		      const char *response_id, const void *sealed, size_t len,
		      int *already, struct err *err)
{
	static const char sql[] =
		"INSERT INTO hub_feedback_waiting(response_id, code_hash, sealed, arrived_on)"
		" VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING";
	struct pgp p = { .n = 0 };
	char today[DATE_LEN + 1];
	long long k;

	date_today(today);
	pgp_text(&p, response_id);
	pgp_text(&p, code_hash);
	pgp_blob(&p, sealed, len);
	pgp_text(&p, today);
	if ((k = hubpg_exec(HUBPG(hs), sql, &p, "keeping a response for its request",
			    err)) < 0)
		return -1;
	*already = k == 0;
	return 0;
}

int hubpg_fb_wait_each(struct hubstore *hs, const char *request_id,
		       int (*fn)(const char *, const unsigned char *, size_t, void *),
		       void *arg, struct err *err)
{
	static const char sql[] =
		"SELECT w.response_id, w.sealed FROM hub_feedback_waiting w"
		" JOIN hub_feedback_codes c ON c.code_hash = w.code_hash"
		" WHERE c.request_id = $1 ORDER BY w.response_id";
	struct pgp p = { .n = 0 };
	PGresult *r;
	int stop = 0;

	pgp_text(&p, request_id);
	if (!(r = hubpg_run(HUBPG(hs), sql, &p, "reading the waiting responses", err)))
		return -1;
	for (int i = 0; !stop && i < PQntuples(r); i++) {
		size_t len;
		unsigned char *b = hubpg_blob_dup(r, i, 1, &len);

		stop = fn(PQgetvalue(r, i, 0), b, len, arg);
		free(b);
	}
	PQclear(r);
	return stop;
}

int hubpg_fb_wait_del(struct hubstore *hs, const char *response_id, struct err *err)
{
	static const char sql[] = "DELETE FROM hub_feedback_waiting WHERE response_id = $1";
	struct pgp p = { .n = 0 };

	pgp_text(&p, response_id);
	return hubpg_exec(HUBPG(hs), sql, &p, "taking a waiting response", err) < 0 ? -1 : 0;
}

int hubpg_fb_wait_ages(struct hubstore *hs, const char *before,
		       int (*fn)(const char *, long long, const char *, void *),
		       void *arg, struct err *err)
{
	static const char sql[] =
		"SELECT code_hash, count(*), min(arrived_on) FROM hub_feedback_waiting"
		" WHERE $1::text IS NULL OR arrived_on < $1"
		" GROUP BY code_hash ORDER BY min(arrived_on), code_hash";
	struct pgp p = { .n = 0 };
	PGresult *r;
	int stop = 0;

	pgp_text(&p, before);
	if (!(r = hubpg_run(HUBPG(hs), sql, &p, "reading the waiting responses", err)))
		return -1;
	for (int i = 0; !stop && i < PQntuples(r); i++) {
		const char *since = hubpg_text(r, i, 2);
		stop = fn(PQgetvalue(r, i, 0), strtoll(PQgetvalue(r, i, 1), NULL, 10),
			  since ? since : "", arg);
	}
	PQclear(r);
	return stop;
}

long long hubpg_fb_wait_purge(struct hubstore *hs, const char *before, struct err *err)
{
	/* Seen, as on SQLite (store_fbback_hub_wait_purge). */
	static const char seen[] = "INSERT INTO hub_feedback_seen(response_id)"
		" SELECT response_id FROM hub_feedback_waiting WHERE arrived_on < $1"
		" ON CONFLICT DO NOTHING";
	static const char sql[] = "DELETE FROM hub_feedback_waiting WHERE arrived_on < $1";
	struct pgp p = { .n = 0 };

	pgp_text(&p, before);
	if (hubpg_exec(HUBPG(hs), seen, &p, "purging the waiting responses", err) < 0)
		return -1;
	return hubpg_exec(HUBPG(hs), sql, &p, "purging the waiting responses", err);
}

/* ---- the way back (store_feedback_back.c's hub half) ---- */

static int back_counts(struct hubpg *pg, struct feedback_back *b, struct err *err)
{
	static const char sql[] =
		"SELECT c.grp, count(*) FROM hub_feedback_responses r"
		" JOIN hub_feedback_codes c USING (code_hash)"
		" WHERE c.request_id = $1 GROUP BY c.grp";
	struct pgp p = { .n = 0 };
	PGresult *r;

	pgp_text(&p, b->request_id);
	if (!(r = hubpg_run(pg, sql, &p, "counting feedback responses", err)))
		return -1;
	for (int i = 0; i < PQntuples(r); i++) {
		int g = feedback_group_parse(PQgetvalue(r, i, 0));
		if (g >= 0)
			b->responded[g] = atoi(PQgetvalue(r, i, 1));
	}
	PQclear(r);
	return 0;
}

static int back_device(struct hubpg *pg, const char *device_id,
		       unsigned char pk[BUNDLE_PK], struct err *err)
{
	static const char sql[] =
		"SELECT sign_key FROM hub_devices WHERE device_id = $1"
		" AND state = 'approved' AND octet_length(sign_key) = 32";
	struct pgp p = { .n = 0 };
	PGresult *r;
	int n;

	pgp_text(&p, device_id);
	if (!(r = hubpg_run(pg, sql, &p, "reading the hub's devices", err)))
		return -1;
	if ((n = PQntuples(r)) >= 1)
		hubpg_blob(r, 0, 0, pk, BUNDLE_PK);
	PQclear(r);
	if (n != 1)
		return err_set(err, n ? "two approved keys claim device %s: revoke the "
			       "wrong one ('eadr hub revoke') first" :
			       "the laptop %s that asked is not approved here (any more): "
			       "nothing is sent to it", device_id);
	return 0;
}

int hubpg_fb_back_get(struct hubstore *hs, const char *request_id,
		      struct feedback_back *b, unsigned char device_pk[BUNDLE_PK],
		      struct err *err)
{
	static const char sql[] =
		"SELECT q.device_id, q.staff_number, q.n_self, q.n_manager, q.n_peer,"
		" q.n_report, q.n_other, coalesce(q.released_on, ''), r.report"
		" FROM hub_feedback_requests q LEFT JOIN hub_feedback_reports r"
		" ON r.request_id = q.id WHERE q.id = $1";
	struct hubpg *pg = HUBPG(hs);
	struct pgp p = { .n = 0 };
	PGresult *r;
	const char *report;

	memset(b, 0, sizeof(*b));
	pgp_text(&p, request_id);
	if (!(r = hubpg_run(pg, sql, &p, "reading the feedback request", err)))
		return -1;
	if (PQntuples(r) == 0) {
		PQclear(r);
		return 0;
	}
	snprintf(b->request_id, sizeof(b->request_id), "%s", request_id);
	snprintf(b->device_id, sizeof(b->device_id), "%s", PQgetvalue(r, 0, 0));
	b->staff_number = xstrdup(PQgetvalue(r, 0, 1));
	for (int g = 0; g < FB_NGROUPS; g++)
		b->invited[g] = atoi(PQgetvalue(r, 0, 2 + g));
	snprintf(b->released_on, sizeof(b->released_on), "%s", PQgetvalue(r, 0, 7));
	if ((report = hubpg_text(r, 0, 8)))
		b->report = xstrdup(report);
	PQclear(r);
	if (!b->report && back_counts(pg, b, err) < 0)
		goto fail;
	if (device_pk && back_device(pg, b->device_id, device_pk, err) < 0)
		goto fail;
	return 1;
fail:
	feedback_back_release(b);
	return -1;
}

int hubpg_fb_back_requests(struct hubstore *hs, const char *device_id, char ***ids,
			   size_t *n, struct err *err)
{
	static const char sql[] =
		"SELECT id FROM hub_feedback_requests WHERE device_id = $1 ORDER BY id";
	struct pgp p = { .n = 0 };
	PGresult *r;

	*ids = NULL;
	*n = 0;
	pgp_text(&p, device_id);
	if (!(r = hubpg_run(HUBPG(hs), sql, &p, "reading the feedback requests", err)))
		return -1;
	for (int i = 0; i < PQntuples(r); i++) {
		*ids = xrealloc(*ids, (*n + 1) * sizeof(**ids));
		(*ids)[(*n)++] = xstrdup(PQgetvalue(r, i, 0));
	}
	PQclear(r);
	return 0;
}

int hubpg_fb_staff_name(struct hubstore *hs, const char *staff_number, char **name,
			struct err *err)
{
	static const char sql[] = "SELECT name FROM staff WHERE staff_number = $1";
	struct pgp p = { .n = 0 };
	PGresult *r;
	int found;

	*name = NULL;
	pgp_text(&p, staff_number);
	if (!(r = hubpg_run(HUBPG(hs), sql, &p, "reading the staff member", err)))
		return -1;
	if ((found = PQntuples(r) > 0))
		*name = xstrdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	return found;
}
