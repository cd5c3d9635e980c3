/*
 * store_hub_dev.c - the SQL of the hub's devices (see store_hub.h): who has
 * sent bundles, which are approved, the waiting area that keeps the bundles
 * of the others whole, and who owns each appraisal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sbuf.h"
#include "store_hub.h"
#include "store_int.h"

static void copy_text(char *out, size_t size, sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);

	snprintf(out, size, "%s", t ? (const char *)t : "");
}

int store_hub_device_seen(struct store *st, const struct bundle *b,
			  char state[STORE_HUB_STATE], struct err *err)
{
	/* Times are the bundles' own, so the order of import changes nothing. */
	static const char sql[] =
		"INSERT INTO hub_devices(sign_key, device_id, first_seen, last_seen, max_seq)"
		" VALUES (?1, ?2, ?3, ?3, ?4) ON CONFLICT(sign_key) DO UPDATE SET"
		" first_seen = min(first_seen, excluded.first_seen),"
		" last_seen = max(last_seen, excluded.last_seen),"
		" max_seq = max(max_seq, excluded.max_seq) RETURNING state";
	char created[STAMP_LEN + 1];
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc;

	if (!s)
		return -1;
	store_hub_stamp(b->created, created);
	sqlite3_bind_blob(s, 1, b->device_pk, BUNDLE_PK, SQLITE_STATIC);
	store_bind_text(s, 2, b->device_id);
	store_bind_text(s, 3, created);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)(b->seq & 0x7fffffffffffffffull));
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		copy_text(state, STORE_HUB_STATE, s, 0);
		rc = sqlite3_step(s);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_dberr(st, err, "recording the device");
}

int store_hub_device_other(struct store *st, const char *device_id,
			   const unsigned char pk[BUNDLE_PK],
			   unsigned char other[BUNDLE_PK], struct err *err)
{
	static const char sql[] =
		"SELECT sign_key FROM hub_devices WHERE device_id = ?1 AND sign_key <> ?2"
		" ORDER BY state = 'approved' DESC, first_seen LIMIT 1";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, device_id);
	sqlite3_bind_blob(s, 2, pk, BUNDLE_PK, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		memset(other, 0, BUNDLE_PK);
		if (sqlite3_column_bytes(s, 0) == BUNDLE_PK)
			memcpy(other, sqlite3_column_blob(s, 0), BUNDLE_PK);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_dberr(st, err, "reading known devices");
}

int store_hub_devices_each(struct store *st,
			   int (*fn)(const struct hub_device_row *, void *),
			   void *arg, struct err *err)
{
	static const char sql[] =
		"SELECT d.sign_key, d.device_id, d.first_seen, d.last_seen, d.state,"
		" d.state_at, d.max_seq,"
		" (SELECT count(*) FROM hub_bundles b WHERE b.sign_key = d.sign_key),"
		" (SELECT count(*) FROM hub_waiting w WHERE w.sign_key = d.sign_key),"
		" (SELECT count(*) FROM hub_owners o WHERE o.sign_key = d.sign_key)"
		" FROM hub_devices d ORDER BY d.first_seen, d.device_id, d.sign_key";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc, stop = 0;

	if (!s)
		return -1;
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct hub_device_row r = {
			.sign_key = sqlite3_column_bytes(s, 0) == BUNDLE_PK ?
				sqlite3_column_blob(s, 0) : NULL,
			.device_id = (const char *)sqlite3_column_text(s, 1),
			.first_seen = (const char *)sqlite3_column_text(s, 2),
			.last_seen = (const char *)sqlite3_column_text(s, 3),
			.state = (const char *)sqlite3_column_text(s, 4),
			.state_at = (const char *)sqlite3_column_text(s, 5),
			.max_seq = sqlite3_column_int64(s, 6),
			.merged = sqlite3_column_int64(s, 7),
			.waiting = sqlite3_column_int64(s, 8),
			.owns = sqlite3_column_int64(s, 9),
		};
		if (!r.sign_key)
			continue;
		stop = fn(&r, arg);
	}
	return store_each_end(st, s, rc, stop, err, "reading known devices");
}

int store_hub_device_set(struct store *st, const unsigned char pk[BUNDLE_PK],
			 const char *state, const char *detail, struct err *err)
{
	static const char sql[] =
		"UPDATE hub_devices SET state = ?2, state_at = ?3 WHERE sign_key = ?1";
	char now[STAMP_LEN + 1];
	sqlite3_stmt *s;

	if (store_begin(st, err) < 0)
		return -1;
	if (!(s = store_prep(st, sql, err)))
		goto fail;
	time_stamp(now);
	sqlite3_bind_blob(s, 1, pk, BUNDLE_PK, SQLITE_STATIC);
	store_bind_text(s, 2, state);
	store_bind_text(s, 3, now);
	if (store_step_done(st, s, err, "changing a device") < 0)
		goto fail;
	if (sqlite3_changes(st->db) != 1) {
		err_set(err, "no such device");
		goto fail;
	}
	if (store_audit(st, NULL, NULL, !strcmp(state, "approved") ? "hub-allow" :
			"hub-revoke", detail, err) < 0)
		goto fail;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return -1;
}

/* ---- the waiting area ---- */

int store_hub_wait_add(struct store *st, const struct bundle *b, const char *file,
		       const void *data, size_t len, struct err *err)
{
	static const char sql[] =
		"INSERT OR IGNORE INTO hub_waiting(bundle_id, sign_key, device_id, seq,"
		" created_at, received_at, file, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
	char created[STAMP_LEN + 1], now[STAMP_LEN + 1], fp[25];
	struct sbuf detail = SBUF_INIT;
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc;

	if (!s)
		return -1;
	store_hub_stamp(b->created, created);
	time_stamp(now);
	store_bind_text(s, 1, b->id);
	sqlite3_bind_blob(s, 2, b->device_pk, BUNDLE_PK, SQLITE_STATIC);
	store_bind_text(s, 3, b->device_id);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)(b->seq & 0x7fffffffffffffffull));
	store_bind_text(s, 5, created);
	store_bind_text(s, 6, now);
	store_bind_text(s, 7, file);
	sqlite3_bind_blob64(s, 8, data, len, SQLITE_STATIC);
	if (store_step_done(st, s, err, "keeping the bundle until its device is approved") < 0)
		return -1;
	if (sqlite3_changes(st->db) == 0)
		return 0;
	bundle_fingerprint(b->device_pk, fp);
	sbuf_addf(&detail, "%s from device %s (%s): waiting for approval", file,
		  b->device_id, fp);
	rc = store_audit(st, NULL, NULL, "hub-wait", detail.buf, err);
	sbuf_release(&detail);
	return rc;
}

int store_hub_wait_known(struct store *st, const char *bundle_id, struct err *err)
{
	static const char sql[] = "SELECT 1 FROM hub_waiting WHERE bundle_id = ?1";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, bundle_id);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_dberr(st, err, "reading waiting bundles");
}

char **store_hub_wait_list(struct store *st, const unsigned char pk[BUNDLE_PK],
			   size_t *n, struct err *err)
{
	static const char sql[] =
		"SELECT bundle_id FROM hub_waiting WHERE sign_key = ?1"
		" ORDER BY seq, created_at, bundle_id";
	sqlite3_stmt *s = store_prep(st, sql, err);
	char **v = NULL;
	size_t alloc = 0;
	int rc;

	*n = 0;
	if (!s)
		return NULL;
	sqlite3_bind_blob(s, 1, pk, BUNDLE_PK, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == alloc) {
			alloc = alloc ? 2 * alloc : 8;
			v = xrealloc(v, alloc * sizeof(*v));
		}
		v[(*n)++] = store_col_dup(s, 0);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		for (size_t i = 0; i < *n; i++)
			free(v[i]);
		free(v);
		*n = 0;
		store_dberr(st, err, "reading waiting bundles");
		return NULL;
	}
	return v ? v : xmalloc(sizeof(*v));
}

int store_hub_wait_get(struct store *st, const char *bundle_id, struct sbuf *data,
		       char **file, struct err *err)
{
	static const char sql[] = "SELECT data, file FROM hub_waiting WHERE bundle_id = ?1";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, bundle_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		sbuf_add(data, sqlite3_column_blob(s, 0), (size_t)sqlite3_column_bytes(s, 0));
		*file = store_col_dup(s, 1);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_dberr(st, err, "reading waiting bundles");
}

int store_hub_wait_del(struct store *st, const char *bundle_id, struct err *err)
{
	static const char sql[] = "DELETE FROM hub_waiting WHERE bundle_id = ?1";
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	store_bind_text(s, 1, bundle_id);
	return store_step_done(st, s, err, "merging a waiting bundle");
}

/* ---- ownership ---- */

int store_hub_transfer(struct store *st, const unsigned char from[BUNDLE_PK],
		       const unsigned char to[BUNDLE_PK], const char *detail,
		       size_t *moved, struct err *err)
{
	static const char sql[] =
		"UPDATE hub_owners SET sign_key = ?2, since = ?3 WHERE sign_key = ?1"
		" RETURNING appraisal_uuid";
	char now[STAMP_LEN + 1];
	struct sbuf d = SBUF_INIT;
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc;

	*moved = 0;
	if (!s)
		return -1;
	time_stamp(now);
	sqlite3_bind_blob(s, 1, from, BUNDLE_PK, SQLITE_STATIC);
	sqlite3_bind_blob(s, 2, to, BUNDLE_PK, SQLITE_STATIC);
	store_bind_text(s, 3, now);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		(*moved)++;
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_dberr(st, err, "moving appraisals to another device");
	sbuf_addf(&d, "%s: %zu appraisal%s", detail, *moved, *moved == 1 ? "" : "s");
	rc = store_audit(st, NULL, NULL, "hub-transfer", d.buf, err);
	sbuf_release(&d);
	return rc;
}

int store_hub_held_each(struct store *st, const unsigned char pk[BUNDLE_PK],
			int (*fn)(const struct hub_held_row *, void *), void *arg,
			struct err *err)
{
	/* Revisions held back from the owner's tables that pk sent and that
	 * now belong to pk: lowest revision first. */
	static const char sql[] =
		"SELECT c.appraisal_uuid, c.revision, c.content_hash, r.content"
		" FROM hub_conflicts c JOIN hub_owners o ON o.appraisal_uuid = c.appraisal_uuid"
		" JOIN hub_revisions r ON r.appraisal_uuid = c.appraisal_uuid"
		"   AND r.revision = c.revision AND r.content_hash = c.content_hash"
		" WHERE c.reason = 'owner' AND c.resolved_at IS NULL AND o.sign_key = ?1"
		" AND EXISTS (SELECT 1 FROM hub_revision_bundles rb JOIN hub_bundles b"
		"   ON b.bundle_id = rb.bundle_id WHERE rb.appraisal_uuid = c.appraisal_uuid"
		"   AND rb.revision = c.revision AND rb.content_hash = c.content_hash"
		"   AND b.sign_key = ?1)"
		" ORDER BY c.appraisal_uuid, c.revision, c.content_hash";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc, stop = 0;

	if (!s)
		return -1;
	sqlite3_bind_blob(s, 1, pk, BUNDLE_PK, SQLITE_STATIC);
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct hub_held_row r = {
			.uuid = (const char *)sqlite3_column_text(s, 0),
			.revision = sqlite3_column_int64(s, 1),
			.hash = (const char *)sqlite3_column_text(s, 2),
			.content = sqlite3_column_blob(s, 3),
			.content_len = (size_t)sqlite3_column_bytes(s, 3),
		};
		stop = fn(&r, arg);
	}
	return store_each_end(st, s, rc, stop, err, "reading held revisions");
}
