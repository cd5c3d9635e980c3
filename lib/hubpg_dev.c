/*
 * hubpg_dev.c - the hub's devices on PostgreSQL (see store_hub.h): who has
 * sent bundles and which are approved, the waiting area, and who owns each
 * appraisal; the same SQL as store_hub_dev.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hubpg_int.h"
#include "util.h"

int hubpg_device_seen(struct hubstore *hs, const struct bundle *b,
		      char state[STORE_HUB_STATE], struct err *err)
{
	static const char sql[] =
		"INSERT INTO hub_devices AS d (sign_key, device_id, first_seen, last_seen,"
		" max_seq) VALUES ($1, $2, $3, $3, $4) ON CONFLICT (sign_key) DO UPDATE SET"
		" first_seen = least(d.first_seen, excluded.first_seen),"
		" last_seen = greatest(d.last_seen, excluded.last_seen),"
		" max_seq = greatest(d.max_seq, excluded.max_seq) RETURNING state";
	char created[STAMP_LEN + 1];
	struct pgp p = { .n = 0 };
	PGresult *r;

	store_hub_stamp(b->created, created);
	pgp_blob(&p, b->device_pk, BUNDLE_PK);
	pgp_text(&p, b->device_id);
	pgp_text(&p, created);
	pgp_int(&p, (long long)(b->seq & 0x7fffffffffffffffull));
	if (!(r = hubpg_run(HUBPG(hs), sql, &p, "recording the device", err)))
		return -1;
	snprintf(state, STORE_HUB_STATE, "%s", PQntuples(r) ? PQgetvalue(r, 0, 0) : "");
	PQclear(r);
	return 0;
}

int hubpg_device_other(struct hubstore *hs, const char *device_id,
		       const unsigned char pk[BUNDLE_PK], unsigned char other[BUNDLE_PK],
		       struct err *err)
{
	static const char sql[] =
		"SELECT sign_key FROM hub_devices WHERE device_id = $1 AND sign_key <> $2"
		" ORDER BY state = 'approved' DESC, first_seen LIMIT 1";
	struct pgp p = { .n = 0 };
	PGresult *r;
	int rc;

	pgp_text(&p, device_id);
	pgp_blob(&p, pk, BUNDLE_PK);
	if (!(r = hubpg_run(HUBPG(hs), sql, &p, "reading known devices", err)))
		return -1;
	rc = PQntuples(r) > 0;
	memset(other, 0, BUNDLE_PK);
	if (rc)
		hubpg_blob(r, 0, 0, other, BUNDLE_PK);
	PQclear(r);
	return rc;
}

int hubpg_devices_each(struct hubstore *hs,
		       int (*fn)(const struct hub_device_row *, void *), void *arg,
		       struct err *err)
{
	static const char sql[] =
		"SELECT d.sign_key, d.device_id, d.first_seen, d.last_seen, d.state,"
		" d.state_at, d.max_seq,"
		" (SELECT count(*) FROM hub_bundles b WHERE b.sign_key = d.sign_key),"
		" (SELECT count(*) FROM hub_waiting w WHERE w.sign_key = d.sign_key),"
		" (SELECT count(*) FROM hub_owners o WHERE o.sign_key = d.sign_key)"
		" FROM hub_devices d ORDER BY d.first_seen, d.device_id, d.sign_key";
	PGresult *r = hubpg_run(HUBPG(hs), sql, NULL, "reading known devices", err);
	int stop = 0;

	if (!r)
		return -1;
	for (int k = 0; !stop && k < PQntuples(r); k++) {
		unsigned char key[BUNDLE_PK];
		struct hub_device_row row = {
			.sign_key = key,
			.device_id = PQgetvalue(r, k, 1),
			.first_seen = PQgetvalue(r, k, 2),
			.last_seen = PQgetvalue(r, k, 3),
			.state = PQgetvalue(r, k, 4),
			.state_at = hubpg_text(r, k, 5),
			.max_seq = strtoll(PQgetvalue(r, k, 6), NULL, 10),
			.merged = strtoll(PQgetvalue(r, k, 7), NULL, 10),
			.waiting = strtoll(PQgetvalue(r, k, 8), NULL, 10),
			.owns = strtoll(PQgetvalue(r, k, 9), NULL, 10),
		};
		if (!hubpg_blob(r, k, 0, key, BUNDLE_PK))
			continue;
		stop = fn(&row, arg);
	}
	PQclear(r);
	return 0;
}

int hubpg_device_set(struct hubstore *hs, const unsigned char pk[BUNDLE_PK],
		     const char *state, const char *detail, struct err *err)
{
	static const char sql[] =
		"UPDATE hub_devices SET state = $2, state_at = $3 WHERE sign_key = $1";
	char now[STAMP_LEN + 1];
	struct pgp p = { .n = 0 };
	long long n;

	if (hubpg_begin(hs, err) < 0)
		return -1;
	time_stamp(now);
	pgp_blob(&p, pk, BUNDLE_PK);
	pgp_text(&p, state);
	pgp_text(&p, now);
	if ((n = hubpg_exec(HUBPG(hs), sql, &p, "changing a device", err)) < 0)
		goto fail;
	if (n != 1) {
		err_set(err, "no such device");
		goto fail;
	}
	if (hubpg_audit(hs, !strcmp(state, "approved") ? "hub-allow" : "hub-revoke",
			detail, err) < 0)
		goto fail;
	return hubpg_commit(hs, err);
fail:
	hubpg_rollback(hs);
	return -1;
}

int hubpg_wait_add(struct hubstore *hs, const struct bundle *b, const char *file,
		   const void *data, size_t len, struct err *err)
{
	static const char sql[] =
		"INSERT INTO hub_waiting(bundle_id, sign_key, device_id, seq, created_at,"
		" received_at, file, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
		" ON CONFLICT DO NOTHING";
	char created[STAMP_LEN + 1], now[STAMP_LEN + 1], fp[25];
	struct sbuf detail = SBUF_INIT;
	struct pgp p = { .n = 0 };
	long long n;
	int rc;

	store_hub_stamp(b->created, created);
	time_stamp(now);
	pgp_text(&p, b->id);
	pgp_blob(&p, b->device_pk, BUNDLE_PK);
	pgp_text(&p, b->device_id);
	pgp_int(&p, (long long)(b->seq & 0x7fffffffffffffffull));
	pgp_text(&p, created);
	pgp_text(&p, now);
	pgp_text(&p, file);
	pgp_blob(&p, data, len);
	if ((n = hubpg_exec(HUBPG(hs), sql, &p,
			    "keeping the bundle until its device is approved", err)) < 0)
		return -1;
	if (n == 0)
		return 0;
	bundle_fingerprint(b->device_pk, fp);
	sbuf_addf(&detail, "%s from device %s (%s): waiting for approval", file,
		  b->device_id, fp);
	rc = hubpg_audit(hs, "hub-wait", detail.buf, err);
	sbuf_release(&detail);
	return rc;
}

char **hubpg_wait_list(struct hubstore *hs, const unsigned char pk[BUNDLE_PK],
		       size_t *n, struct err *err)
{
	static const char sql[] =
		"SELECT bundle_id FROM hub_waiting WHERE sign_key = $1"
		" ORDER BY seq, created_at, bundle_id";
	struct pgp p = { .n = 0 };
	PGresult *r;
	char **v;

	*n = 0;
	pgp_blob(&p, pk, BUNDLE_PK);
	if (!(r = hubpg_run(HUBPG(hs), sql, &p, "reading waiting bundles", err)))
		return NULL;
	v = xmalloc(sizeof(*v) * ((size_t)PQntuples(r) + 1));
	for (int k = 0; k < PQntuples(r); k++)
		v[(*n)++] = xstrdup(PQgetvalue(r, k, 0));
	PQclear(r);
	return v;
}

int hubpg_wait_get(struct hubstore *hs, const char *bundle_id, struct sbuf *data,
		   char **file, struct err *err)
{
	static const char sql[] = "SELECT data, file FROM hub_waiting WHERE bundle_id = $1";
	struct pgp p = { .n = 0 };
	PGresult *r;
	int rc;

	pgp_text(&p, bundle_id);
	if (!(r = hubpg_run(HUBPG(hs), sql, &p, "reading waiting bundles", err)))
		return -1;
	rc = PQntuples(r) > 0;
	if (rc) {
		size_t len;
		unsigned char *b = hubpg_blob_dup(r, 0, 0, &len);

		sbuf_add(data, b, len);
		free(b);
		*file = xstrdup(PQgetvalue(r, 0, 1));
	}
	PQclear(r);
	return rc;
}

int hubpg_wait_del(struct hubstore *hs, const char *bundle_id, struct err *err)
{
	static const char sql[] = "DELETE FROM hub_waiting WHERE bundle_id = $1";
	struct pgp p = { .n = 0 };

	pgp_text(&p, bundle_id);
	return hubpg_exec(HUBPG(hs), sql, &p, "merging a waiting bundle", err) < 0 ? -1 : 0;
}

int hubpg_transfer(struct hubstore *hs, const unsigned char from[BUNDLE_PK],
		   const unsigned char to[BUNDLE_PK], const char *detail,
		   size_t *moved, struct err *err)
{
	static const char sql[] =
		"UPDATE hub_owners SET sign_key = $2, since = $3 WHERE sign_key = $1";
	char now[STAMP_LEN + 1];
	struct sbuf d = SBUF_INIT;
	struct pgp p = { .n = 0 };
	long long n;
	int rc;

	*moved = 0;
	time_stamp(now);
	pgp_blob(&p, from, BUNDLE_PK);
	pgp_blob(&p, to, BUNDLE_PK);
	pgp_text(&p, now);
	if ((n = hubpg_exec(HUBPG(hs), sql, &p, "moving appraisals to another device",
			    err)) < 0)
		return -1;
	*moved = (size_t)n;
	sbuf_addf(&d, "%s: %zu appraisal%s", detail, *moved, *moved == 1 ? "" : "s");
	rc = hubpg_audit(hs, "hub-transfer", d.buf, err);
	sbuf_release(&d);
	return rc;
}

int hubpg_held_each(struct hubstore *hs, const unsigned char pk[BUNDLE_PK],
		    int (*fn)(const struct hub_held_row *, void *), void *arg,
		    struct err *err)
{
	static const char sql[] =
		"SELECT c.appraisal_uuid, c.revision, c.content_hash, r.content"
		" FROM hub_conflicts c JOIN hub_owners o ON o.appraisal_uuid = c.appraisal_uuid"
		" JOIN hub_revisions r ON r.appraisal_uuid = c.appraisal_uuid"
		"   AND r.revision = c.revision AND r.content_hash = c.content_hash"
		" WHERE c.reason = 'owner' AND c.resolved_at IS NULL AND o.sign_key = $1"
		" AND EXISTS (SELECT 1 FROM hub_revision_bundles rb JOIN hub_bundles b"
		"   ON b.bundle_id = rb.bundle_id WHERE rb.appraisal_uuid = c.appraisal_uuid"
		"   AND rb.revision = c.revision AND rb.content_hash = c.content_hash"
		"   AND b.sign_key = $1)"
		" ORDER BY c.appraisal_uuid, c.revision, c.content_hash";
	struct pgp p = { .n = 0 };
	PGresult *r;
	int stop = 0;

	pgp_blob(&p, pk, BUNDLE_PK);
	if (!(r = hubpg_run(HUBPG(hs), sql, &p, "reading held revisions", err)))
		return -1;
	for (int k = 0; !stop && k < PQntuples(r); k++) {
		size_t len;
		unsigned char *content = hubpg_blob_dup(r, k, 3, &len);
		struct hub_held_row row = {
			.uuid = PQgetvalue(r, k, 0),
			.revision = strtoll(PQgetvalue(r, k, 1), NULL, 10),
			.hash = PQgetvalue(r, k, 2),
			.content = content,
			.content_len = len,
		};
		stop = fn(&row, arg);
		free(content);
	}
	PQclear(r);
	return 0;
}
