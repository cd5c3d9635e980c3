/*
 * store_sync.c - the SQL of sync (see store_sync.h): a laptop's keys, sent
 * bundles and acknowledgements; the hub's devices, bundles, history and
 * conflicts.  Private answers are excluded here, in the query itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sbuf.h"
#include "store_int.h"
#include "store_sync.h"

/* ---- keys ---- */

int store_sync_key_get(struct store *st, const char *name, unsigned char *pk,
		       size_t pklen, unsigned char *sk, size_t sklen,
		       struct err *err)
{
	static const char sql[] = "SELECT public, secret FROM sync_keys WHERE name = ?1";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc, ok = 1;

	if (!s)
		return -1;
	store_bind_text(s, 1, name);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		if ((size_t)sqlite3_column_bytes(s, 0) != pklen ||
		    (sk && (size_t)sqlite3_column_bytes(s, 1) != sklen))
			ok = 0;
		else {
			memcpy(pk, sqlite3_column_blob(s, 0), pklen);
			if (sk)
				memcpy(sk, sqlite3_column_blob(s, 1), sklen);
		}
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return store_dberr(st, err, "reading a key");
	if (!ok)
		return err_set(err, "%s: the %s key in the database is damaged",
			       store_path(st), name);
	return 1;
}

int store_sync_key_put(struct store *st, const char *name,
		       const unsigned char *pk, size_t pklen,
		       const unsigned char *sk, size_t sklen, struct err *err)
{
	static const char sql[] =
		"INSERT OR REPLACE INTO sync_keys(name, public, secret, created_at)"
		" VALUES (?1, ?2, ?3, ?4)";
	char now[STAMP_LEN + 1];
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	time_stamp(now);
	store_bind_text(s, 1, name);
	sqlite3_bind_blob(s, 2, pk, (int)pklen, SQLITE_TRANSIENT);
	if (sk)
		sqlite3_bind_blob(s, 3, sk, (int)sklen, SQLITE_TRANSIENT);
	store_bind_text(s, 4, now);
	return store_step_done(st, s, err, "keeping a key");
}

/* ---- laptop ---- */

void sync_items_release(struct sync_items *it)
{
	if (!it)
		return;
	free(it->v);
	memset(it, 0, sizeof(*it));
}

static void items_add(struct sync_items *it, const char *uuid, long long rev)
{
	if (it->n == it->alloc) {
		it->alloc = it->alloc ? 2 * it->alloc : 16;
		it->v = xrealloc(it->v, it->alloc * sizeof(*it->v));
	}
	snprintf(it->v[it->n].uuid, sizeof(it->v[it->n].uuid), "%s", uuid);
	it->v[it->n].revision = rev;
	it->n++;
}

/* Add each row of s (its first nf columns, as text) as a record of type t. */
static int add_rows(struct store *st, sqlite3_stmt *s, enum bundle_type t,
		    int nf, struct bundle_writer *w, struct err *err)
{
	const char *f[BUNDLE_MAXF];
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (int i = 0; i < nf; i++)
			f[i] = (const char *)sqlite3_column_text(s, i);
		if (bundle_add(w, t, f, err) < 0) {
			sqlite3_reset(s);
			return -1;
		}
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_dberr(st, err, "reading what to send");
	return 0;
}

#define PENDING "state = 'final' AND synced_revision < revision"

static int collect_children(struct store *st, long long id,
			    struct bundle_writer *w, struct err *err)
{
	/* private = 0: a private answer is never even read for a bundle. */
	static const char answers[] =
		"SELECT path, value, uuid, device_id, revision, updated_at FROM answers"
		" WHERE appraisal_id = ?1 AND private = 0 ORDER BY path";
	static const char goals[] =
		"SELECT uuid, position, need, goal, kind, category, priority, target_date,"
		" support, status, follows_up, device_id, revision, created_at, updated_at"
		" FROM pdp_goals WHERE appraisal_id = ?1 ORDER BY position";
	static const char signoffs[] =
		"SELECT uuid, role, name, comments, signed_at, device_id, revision"
		" FROM signoffs WHERE appraisal_id = ?1 ORDER BY revision, role";
	const char *sql[3] = { answers, goals, signoffs };
	const enum bundle_type type[3] = { BUNDLE_ANSWER, BUNDLE_GOAL, BUNDLE_SIGNOFF };
	const int nf[3] = { ANS_NF, GOAL_NF, SO_NF };

	for (int k = 0; k < 3; k++) {
		sqlite3_stmt *s = store_prep(st, sql[k], err);

		if (!s)
			return -1;
		sqlite3_bind_int64(s, 1, id);
		if (add_rows(st, s, type[k], nf[k], w, err) < 0)
			return -1;
	}
	return 0;
}

int store_sync_collect(struct store *st, struct bundle_writer *w,
		       struct sync_items *items, struct err *err)
{
	static const char forms[] =
		"SELECT hash, form_id, version, source FROM forms WHERE hash IN"
		" (SELECT form_hash FROM appraisals WHERE " PENDING ") ORDER BY hash";
	static const char staff[] =
		"SELECT staff_number, uuid, name, role, band, station, email, due,"
		" device_id, revision, created_at, updated_at FROM staff"
		" WHERE staff_number IN (SELECT staff_number FROM appraisals WHERE "
		PENDING ") ORDER BY staff_number";
	static const char apps[] =
		"SELECT uuid, staff_number, appraiser, form_id, form_version, form_hash,"
		" state, revision, device_id, created_at, updated_at, meeting_date,"
		" next_due, id FROM appraisals WHERE " PENDING " ORDER BY created_at, id";
	sqlite3_stmt *s;
	int rc;

	if (store_begin(st, err) < 0)
		return -1;
	if (!(s = store_prep(st, forms, err)) ||
	    add_rows(st, s, BUNDLE_FORM, FORM_NF, w, err) < 0 ||
	    !(s = store_prep(st, staff, err)) ||
	    add_rows(st, s, BUNDLE_STAFF, STAFF_NF, w, err) < 0 ||
	    !(s = store_prep(st, apps, err)))
		goto fail;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *f[BUNDLE_MAXF];

		for (int i = 0; i < AP_NF; i++)
			f[i] = (const char *)sqlite3_column_text(s, i);
		if (bundle_add(w, BUNDLE_APPRAISAL, f, err) < 0 ||
		    collect_children(st, sqlite3_column_int64(s, AP_NF), w, err) < 0) {
			sqlite3_reset(s);
			goto fail;
		}
		items_add(items, f[AP_UUID], sqlite3_column_int64(s, AP_REVISION));
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		store_dberr(st, err, "reading what to send");
		goto fail;
	}
	store_rollback(st);	/* read only */
	return 0;
fail:
	store_rollback(st);
	return -1;
}

int store_sync_next_seq(struct store *st, unsigned long long *seq,
			struct err *err)
{
	static const char sql[] = "SELECT coalesce(max(seq), 0) + 1 FROM sync_sent";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc;

	if (!s)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*seq = (unsigned long long)sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : store_dberr(st, err, "numbering the bundle");
}

int store_sync_sent_add(struct store *st, unsigned long long seq,
			const char *bundle_id, const char *file, int encrypted,
			const struct sync_items *items, struct err *err)
{
	static const char sent[] =
		"INSERT INTO sync_sent(seq, bundle_id, file, created_at, encrypted)"
		" VALUES (?1, ?2, ?3, ?4, ?5)";
	static const char item[] =
		"INSERT INTO sync_sent_items(seq, appraisal_uuid, revision) VALUES (?1, ?2, ?3)";
	char now[STAMP_LEN + 1];
	struct sbuf detail = SBUF_INIT;
	sqlite3_stmt *s;

	if (store_begin(st, err) < 0)
		return -1;
	if (!(s = store_prep(st, sent, err)))
		goto fail;
	time_stamp(now);
	sqlite3_bind_int64(s, 1, (sqlite3_int64)seq);
	store_bind_text(s, 2, bundle_id);
	store_bind_text(s, 3, file);
	store_bind_text(s, 4, now);
	sqlite3_bind_int(s, 5, encrypted);
	if (store_step_done(st, s, err, "recording the bundle") < 0)
		goto fail;
	for (size_t i = 0; i < items->n; i++) {
		if (!(s = store_prep(st, item, err)))
			goto fail;
		sqlite3_bind_int64(s, 1, (sqlite3_int64)seq);
		store_bind_text(s, 2, items->v[i].uuid);
		sqlite3_bind_int64(s, 3, items->v[i].revision);
		if (store_step_done(st, s, err, "recording the bundle") < 0)
			goto fail;
	}
	sbuf_addf(&detail, "%s: %zu appraisal%s", file, items->n, items->n == 1 ? "" : "s");
	if (store_audit(st, NULL, NULL, "sync-push", detail.buf, err) < 0)
		goto fail;
	sbuf_release(&detail);
	return store_commit(st, err);
fail:
	sbuf_release(&detail);
	store_rollback(st);
	return -1;
}

int store_sync_ack_apply(struct store *st, const struct bundle_ack *a,
			 int *known, size_t *marked, struct err *err)
{
	static const char find[] = "SELECT seq FROM sync_sent WHERE bundle_id = ?1";
	/* Only a revision that was in the bundle, and never backwards. */
	static const char mark[] =
		"UPDATE appraisals SET synced_revision = ?2 WHERE uuid = ?1"
		" AND synced_revision < ?2 AND revision >= ?2 AND EXISTS (SELECT 1"
		" FROM sync_sent_items WHERE seq = ?3 AND appraisal_uuid = ?1"
		" AND revision = ?2) RETURNING staff_number";
	static const char acked[] =
		"UPDATE sync_sent SET acked_at = coalesce(acked_at, ?2) WHERE seq = ?1";
	long long seq = 0;
	sqlite3_stmt *s;
	int rc;

	*known = 0;
	*marked = 0;
	if (store_begin(st, err) < 0)
		return -1;
	if (!(s = store_prep(st, find, err)))
		goto fail;
	store_bind_text(s, 1, a->bundle_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		seq = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_dberr(st, err, "reading sent bundles");
		goto fail;
	}
	if (rc == SQLITE_DONE) {
		store_rollback(st);
		return 0;
	}
	*known = 1;
	for (size_t i = 0; i < a->n; i++) {
		char *staff = NULL;
		char rev[32];

		if (!(s = store_prep(st, mark, err)))
			goto fail;
		store_bind_text(s, 1, a->items[i].uuid);
		sqlite3_bind_int64(s, 2, a->items[i].revision);
		sqlite3_bind_int64(s, 3, seq);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			staff = store_col_dup(s, 0);
			rc = sqlite3_step(s);
		}
		sqlite3_reset(s);
		if (rc != SQLITE_DONE) {
			free(staff);
			store_dberr(st, err, "marking appraisals synced");
			goto fail;
		}
		if (!staff)
			continue;
		snprintf(rev, sizeof(rev), "revision %lld", a->items[i].revision);
		rc = store_audit(st, a->items[i].uuid, staff, "synced", rev, err);
		free(staff);
		if (rc < 0)
			goto fail;
		(*marked)++;
	}
	if (!(s = store_prep(st, acked, err)))
		goto fail;
	sqlite3_bind_int64(s, 1, seq);
	store_bind_text(s, 2, a->imported);
	if (store_step_done(st, s, err, "recording the acknowledgement") < 0)
		goto fail;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return -1;
}

int store_sync_status_each(struct store *st,
			   int (*fn)(const struct sync_status_row *, void *),
			   void *arg, struct err *err)
{
	static const char sql[] =
		"SELECT a.uuid, a.staff_number, s.name, a.revision, ss.file, ss.created_at"
		" FROM appraisals a JOIN staff s ON s.staff_number = a.staff_number"
		" LEFT JOIN sync_sent ss ON ss.seq = (SELECT max(si.seq) FROM"
		"   sync_sent_items si WHERE si.appraisal_uuid = a.uuid"
		"   AND si.revision = a.revision)"
		" WHERE a.state = 'final' AND a.synced_revision < a.revision"
		" ORDER BY ss.seq IS NOT NULL, s.name, a.uuid";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc, stop = 0;

	if (!s)
		return -1;
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct sync_status_row r = {
			(const char *)sqlite3_column_text(s, 0),
			(const char *)sqlite3_column_text(s, 1),
			(const char *)sqlite3_column_text(s, 2),
			sqlite3_column_int64(s, 3),
			(const char *)sqlite3_column_text(s, 4),
			(const char *)sqlite3_column_text(s, 5),
		};
		stop = fn(&r, arg);
	}
	return store_each_end(st, s, rc, stop, err, "reading what waits to be synced");
}

/* ---- hub ---- */

int store_hub_bundle_known(struct store *st, const char *bundle_id,
			   struct err *err)
{
	static const char sql[] = "SELECT 1 FROM hub_bundles WHERE bundle_id = ?1";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, bundle_id);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_dberr(st, err, "reading imported bundles");
}

int store_hub_device_key(struct store *st, const char *device_id,
			 unsigned char pk[BUNDLE_PK], struct err *err)
{
	static const char sql[] = "SELECT sign_key FROM hub_devices WHERE device_id = ?1";

	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, device_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		memset(pk, 0, BUNDLE_PK);
		if (sqlite3_column_bytes(s, 0) == BUNDLE_PK)
			memcpy(pk, sqlite3_column_blob(s, 0), BUNDLE_PK);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_dberr(st, err, "reading known devices");
}

static void unix_stamp(long long t, char out[STAMP_LEN + 1])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || tm.tm_year + 1900 > 9999 || tm.tm_year + 1900 < 0)
		snprintf(out, STAMP_LEN + 1, "0000-00-00T00:00:00Z");
	else
		strftime(out, STAMP_LEN + 1, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int store_hub_bundle_add(struct store *st, const struct bundle *b,
			 const char *file, struct err *err)
{
	/* Times are the bundles' own, so the order of import changes nothing. */
	static const char dev[] =
		"INSERT INTO hub_devices(device_id, sign_key, first_seen, last_seen, max_seq)"
		" VALUES (?1, ?2, ?3, ?3, ?4) ON CONFLICT(device_id) DO UPDATE SET"
		" first_seen = min(first_seen, excluded.first_seen),"
		" last_seen = max(last_seen, excluded.last_seen),"
		" max_seq = max(max_seq, excluded.max_seq)";
	static const char bun[] =
		"INSERT INTO hub_bundles(bundle_id, device_id, seq, created_at,"
		" imported_at, file, encrypted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
	char created[STAMP_LEN + 1], now[STAMP_LEN + 1];
	struct sbuf detail = SBUF_INIT;
	sqlite3_stmt *s;
	int rc;

	unix_stamp(b->created, created);
	time_stamp(now);
	if (!(s = store_prep(st, dev, err)))
		return -1;
	store_bind_text(s, 1, b->device_id);
	sqlite3_bind_blob(s, 2, b->device_pk, BUNDLE_PK, SQLITE_STATIC);
	store_bind_text(s, 3, created);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)(b->seq & 0x7fffffffffffffffull));
	if (store_step_done(st, s, err, "recording the device") < 0)
		return -1;
	if (!(s = store_prep(st, bun, err)))
		return -1;
	store_bind_text(s, 1, b->id);
	store_bind_text(s, 2, b->device_id);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)(b->seq & 0x7fffffffffffffffull));
	store_bind_text(s, 4, created);
	store_bind_text(s, 5, now);
	store_bind_text(s, 6, file);
	sqlite3_bind_int(s, 7, (b->flags & BUNDLE_SEALED) != 0);
	if (store_step_done(st, s, err, "recording the bundle") < 0)
		return -1;
	sbuf_addf(&detail, "%s from device %s: %zu appraisal%s", file, b->device_id,
		  b->nappraisals, b->nappraisals == 1 ? "" : "s");
	rc = store_audit(st, NULL, NULL, "hub-import", detail.buf, err);
	sbuf_release(&detail);
	return rc;
}

static void bind_rec(sqlite3_stmt *s, int first, const struct bundle_rec *r,
		     const int *fields, int n)
{
	for (int i = 0; i < n; i++)
		store_bind_text(s, first + i, r->f[fields[i]]);
}

int store_hub_staff(struct store *st, const struct bundle_rec *r,
		    const char *hash, struct err *err)
{
	static const char cur[] =
		"SELECT updated_at, revision, content_hash FROM hub_staff WHERE staff_number = ?1";
	static const char put[] =
		"INSERT INTO staff(staff_number, uuid, name, role, band, station, email,"
		" due, device_id, revision, created_at, updated_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
		" ON CONFLICT(staff_number) DO UPDATE SET uuid = excluded.uuid,"
		" name = excluded.name, role = excluded.role, band = excluded.band,"
		" station = excluded.station, email = excluded.email, due = excluded.due,"
		" device_id = excluded.device_id, revision = excluded.revision,"
		" created_at = excluded.created_at, updated_at = excluded.updated_at";
	static const char mark[] =
		"INSERT OR REPLACE INTO hub_staff(staff_number, updated_at, revision,"
		" content_hash) VALUES (?1, ?2, ?3, ?4)";
	static const int cols[] = { STAFF_NUMBER, STAFF_UUID, STAFF_NAME, STAFF_ROLE,
		STAFF_BAND, STAFF_STATION, STAFF_EMAIL, STAFF_DUE, STAFF_DEVICE,
		STAFF_REVISION, STAFF_CREATED, STAFF_UPDATED };
	long long rev = strtoll(r->f[STAFF_REVISION], NULL, 10);
	sqlite3_stmt *s = store_prep(st, cur, err);
	int rc, newer = 1;

	if (!s)
		return -1;
	store_bind_text(s, 1, r->f[STAFF_NUMBER]);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		int c = strcmp(r->f[STAFF_UPDATED], (const char *)sqlite3_column_text(s, 0));

		if (c == 0)
			c = (rev > sqlite3_column_int64(s, 1)) - (rev < sqlite3_column_int64(s, 1));
		if (c == 0)
			c = -strcmp(hash, (const char *)sqlite3_column_text(s, 2));
		newer = c > 0;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_dberr(st, err, "reading staff");
	if (!newer)
		return 0;
	if (!(s = store_prep(st, put, err)))
		return -1;
	bind_rec(s, 1, r, cols, STAFF_NF);
	if (store_step_done(st, s, err, "saving a staff member") < 0)
		return err_prefix(err, "staff member %s", r->f[STAFF_NUMBER]);
	if (!(s = store_prep(st, mark, err)))
		return -1;
	store_bind_text(s, 1, r->f[STAFF_NUMBER]);
	store_bind_text(s, 2, r->f[STAFF_UPDATED]);
	sqlite3_bind_int64(s, 3, rev);
	store_bind_text(s, 4, hash);
	return store_step_done(st, s, err, "saving a staff member");
}

/* Put appraisal i of b into the ordinary tables, replacing what was there. */
static int hub_replace(struct store *st, const struct bundle *b, size_t i,
		       struct err *err)
{
	static const char app[] =
		"INSERT INTO appraisals(uuid, staff_number, appraiser, form_id,"
		" form_version, form_hash, state, revision, device_id, created_at,"
		" updated_at, meeting_date, next_due, synced_revision)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?8)"
		" ON CONFLICT(uuid) DO UPDATE SET staff_number = excluded.staff_number,"
		" appraiser = excluded.appraiser, form_id = excluded.form_id,"
		" form_version = excluded.form_version, form_hash = excluded.form_hash,"
		" state = excluded.state, revision = excluded.revision,"
		" device_id = excluded.device_id, created_at = excluded.created_at,"
		" updated_at = excluded.updated_at, meeting_date = excluded.meeting_date,"
		" next_due = excluded.next_due, synced_revision = excluded.synced_revision"
		" RETURNING id";
	static const char del_ans[] = "DELETE FROM answers WHERE appraisal_id = ?1";
	static const char del_goal[] = "DELETE FROM pdp_goals WHERE appraisal_id = ?1";
	static const char del_so[] = "DELETE FROM signoffs WHERE appraisal_id = ?1";
	static const char ans[] =
		"INSERT INTO answers(appraisal_id, path, value, private, uuid, device_id,"
		" revision, updated_at) VALUES (?1, ?2, ?3, 0, ?4, ?5, ?6, ?7)";
	static const char goal[] =
		"INSERT INTO pdp_goals(appraisal_id, uuid, position, need, goal, kind,"
		" category, priority, target_date, support, status, follows_up, device_id,"
		" revision, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
		" ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)";
	static const char so[] =
		"INSERT INTO signoffs(appraisal_id, uuid, role, name, comments, signed_at,"
		" device_id, revision) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
	static const int app_cols[] = { AP_UUID, AP_STAFF, AP_APPRAISER, AP_FORM_ID,
		AP_FORM_VERSION, AP_FORM_HASH, AP_STATE, AP_REVISION, AP_DEVICE,
		AP_CREATED, AP_UPDATED, AP_MEETING, AP_NEXT_DUE };
	static const int ans_cols[] = { ANS_PATH, ANS_VALUE, ANS_UUID, ANS_DEVICE,
		ANS_REVISION, ANS_UPDATED };
	static const int goal_cols[] = { GOAL_UUID, GOAL_POSITION, GOAL_NEED,
		GOAL_GOAL, GOAL_KIND, GOAL_CATEGORY, GOAL_PRIORITY, GOAL_TARGET,
		GOAL_SUPPORT, GOAL_STATUS, GOAL_FOLLOWS, GOAL_DEVICE, GOAL_REVISION,
		GOAL_CREATED, GOAL_UPDATED };
	static const int so_cols[] = { SO_UUID, SO_ROLE, SO_NAME, SO_COMMENTS,
		SO_SIGNED_AT, SO_DEVICE, SO_REVISION };
	const struct bundle_appraisal *a = &b->appraisals[i];
	const char *dels[3] = { del_ans, del_goal, del_so };
	sqlite3_stmt *s = store_prep(st, app, err);
	long long id;
	int rc;

	if (!s)
		return -1;
	bind_rec(s, 1, &a->rec, app_cols, AP_NF);
	rc = sqlite3_step(s);
	id = sqlite3_column_int64(s, 0);
	if (rc == SQLITE_ROW)
		rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_dberr(st, err, "saving an appraisal");
	for (int k = 0; k < 3; k++) {
		if (!(s = store_prep(st, dels[k], err)))
			return -1;
		sqlite3_bind_int64(s, 1, id);
		if (store_step_done(st, s, err, "replacing an appraisal") < 0)
			return -1;
	}
	for (size_t k = 0; k < a->nanswers; k++) {
		if (!(s = store_prep(st, ans, err)))
			return -1;
		sqlite3_bind_int64(s, 1, id);
		bind_rec(s, 2, &b->answers[a->answer0 + k], ans_cols, ANS_NF);
		if (store_step_done(st, s, err, "saving an answer") < 0)
			return -1;
	}
	for (size_t k = 0; k < a->ngoals; k++) {
		if (!(s = store_prep(st, goal, err)))
			return -1;
		sqlite3_bind_int64(s, 1, id);
		bind_rec(s, 2, &b->goals[a->goal0 + k], goal_cols, GOAL_NF);
		if (store_step_done(st, s, err, "saving a PDP goal") < 0)
			return -1;
	}
	for (size_t k = 0; k < a->nsignoffs; k++) {
		if (!(s = store_prep(st, so, err)))
			return -1;
		sqlite3_bind_int64(s, 1, id);
		bind_rec(s, 2, &b->signoffs[a->signoff0 + k], so_cols, SO_NF);
		if (store_step_done(st, s, err, "saving a sign-off") < 0)
			return -1;
	}
	return 0;
}

int store_hub_appraisal(struct store *st, const struct bundle *b, size_t i,
			const char *hash, struct err *err)
{
	static const char hist[] =
		"INSERT OR IGNORE INTO hub_revisions(appraisal_uuid, revision,"
		" content_hash, device_id, staff_number, updated_at, content)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
	static const char link[] =
		"INSERT OR IGNORE INTO hub_revision_bundles(bundle_id, appraisal_uuid,"
		" revision, content_hash) VALUES (?1, ?2, ?3, ?4)";
	static const char conflict[] =
		"INSERT OR IGNORE INTO hub_conflicts(appraisal_uuid, revision, content_hash)"
		" SELECT appraisal_uuid, revision, content_hash FROM hub_revisions"
		" WHERE appraisal_uuid = ?1 AND revision = ?2 AND (SELECT count(*)"
		" FROM hub_revisions WHERE appraisal_uuid = ?1 AND revision = ?2) > 1";
	static const char cur[] =
		"SELECT revision, content_hash FROM hub_current WHERE appraisal_uuid = ?1";
	static const char setcur[] =
		"INSERT OR REPLACE INTO hub_current(appraisal_uuid, revision, content_hash)"
		" VALUES (?1, ?2, ?3)";
	const struct bundle_appraisal *a = &b->appraisals[i];
	const char *uuid = a->rec.f[AP_UUID];
	sqlite3_stmt *s;
	int rc, fresh, replace = 1;

	if (!(s = store_prep(st, hist, err)))
		return -1;
	store_bind_text(s, 1, uuid);
	sqlite3_bind_int64(s, 2, a->revision);
	store_bind_text(s, 3, hash);
	store_bind_text(s, 4, a->rec.f[AP_DEVICE]);
	store_bind_text(s, 5, a->rec.f[AP_STAFF]);
	store_bind_text(s, 6, a->rec.f[AP_UPDATED]);
	sqlite3_bind_blob(s, 7, a->raw, (int)a->raw_len, SQLITE_STATIC);
	if (store_step_done(st, s, err, "keeping the appraisal's history") < 0)
		return -1;
	fresh = sqlite3_changes(st->db) > 0;
	if (!(s = store_prep(st, link, err)))
		return -1;
	store_bind_text(s, 1, b->id);
	store_bind_text(s, 2, uuid);
	sqlite3_bind_int64(s, 3, a->revision);
	store_bind_text(s, 4, hash);
	if (store_step_done(st, s, err, "keeping the appraisal's history") < 0)
		return -1;
	if (!fresh)
		return 0;	/* this very content is here already */
	if (!(s = store_prep(st, conflict, err)))
		return -1;
	store_bind_text(s, 1, uuid);
	sqlite3_bind_int64(s, 2, a->revision);
	if (store_step_done(st, s, err, "recording a conflict") < 0)
		return -1;
	if (!(s = store_prep(st, cur, err)))
		return -1;
	store_bind_text(s, 1, uuid);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		long long crev = sqlite3_column_int64(s, 0);

		replace = a->revision > crev || (a->revision == crev &&
			strcmp(hash, (const char *)sqlite3_column_text(s, 1)) < 0);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_dberr(st, err, "reading an appraisal");
	if (!replace)
		return 0;
	if (hub_replace(st, b, i, err) < 0)
		return err_prefix(err, "appraisal %s", uuid);
	if (!(s = store_prep(st, setcur, err)))
		return -1;
	store_bind_text(s, 1, uuid);
	sqlite3_bind_int64(s, 2, a->revision);
	store_bind_text(s, 3, hash);
	return store_step_done(st, s, err, "saving an appraisal");
}

int store_hub_ack_items(struct store *st, const char *bundle_id,
			struct bundle_ack *a, struct err *err)
{
	static const char head[] =
		"SELECT device_id, seq, imported_at FROM hub_bundles WHERE bundle_id = ?1";
	static const char items[] =
		"SELECT rb.appraisal_uuid, rb.revision, CASE"
		" WHEN EXISTS (SELECT 1 FROM hub_conflicts c WHERE"
		"   c.appraisal_uuid = rb.appraisal_uuid AND c.revision = rb.revision"
		"   AND c.resolved_at IS NULL) THEN 'conflict'"
		" WHEN EXISTS (SELECT 1 FROM hub_current h WHERE"
		"   h.appraisal_uuid = rb.appraisal_uuid AND h.revision = rb.revision"
		"   AND h.content_hash = rb.content_hash) THEN 'current'"
		" ELSE 'history' END"
		" FROM hub_revision_bundles rb WHERE rb.bundle_id = ?1"
		" ORDER BY rb.appraisal_uuid";
	sqlite3_stmt *s = store_prep(st, head, err);
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, bundle_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		snprintf(a->bundle_id, sizeof(a->bundle_id), "%s", bundle_id);
		snprintf(a->device_id, sizeof(a->device_id), "%s", sqlite3_column_text(s, 0));
		a->seq = (unsigned long long)sqlite3_column_int64(s, 1);
		snprintf(a->imported, sizeof(a->imported), "%s", sqlite3_column_text(s, 2));
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return err_set(err, "bundle %s was not imported", bundle_id);
	if (rc != SQLITE_ROW)
		return store_dberr(st, err, "reading imported bundles");
	if (!(s = store_prep(st, items, err)))
		return -1;
	store_bind_text(s, 1, bundle_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		bundle_ack_add(a, (const char *)sqlite3_column_text(s, 0),
			       sqlite3_column_int64(s, 1),
			       (const char *)sqlite3_column_text(s, 2));
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_dberr(st, err, "reading imported bundles");
}

int store_hub_conflicts_each(struct store *st,
			     int (*fn)(const struct hub_conflict_row *, void *),
			     void *arg, struct err *err)
{
	static const char sql[] =
		"SELECT c.appraisal_uuid, r.staff_number, s.name, c.content_hash,"
		" r.device_id, r.updated_at, (SELECT b.file FROM hub_revision_bundles rb"
		"   JOIN hub_bundles b ON b.bundle_id = rb.bundle_id"
		"   WHERE rb.appraisal_uuid = c.appraisal_uuid AND rb.revision = c.revision"
		"   AND rb.content_hash = c.content_hash ORDER BY b.file LIMIT 1),"
		" c.revision, h.content_hash IS NOT NULL, r.content"
		" FROM hub_conflicts c JOIN hub_revisions r ON r.appraisal_uuid ="
		"   c.appraisal_uuid AND r.revision = c.revision"
		"   AND r.content_hash = c.content_hash"
		" LEFT JOIN staff s ON s.staff_number = r.staff_number"
		" LEFT JOIN hub_current h ON h.appraisal_uuid = c.appraisal_uuid"
		"   AND h.revision = c.revision AND h.content_hash = c.content_hash"
		" WHERE c.resolved_at IS NULL"
		" ORDER BY c.appraisal_uuid, c.revision, c.content_hash";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc, stop = 0;

	if (!s)
		return -1;
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct hub_conflict_row r = {
			.uuid = (const char *)sqlite3_column_text(s, 0),
			.staff_number = (const char *)sqlite3_column_text(s, 1),
			.name = (const char *)sqlite3_column_text(s, 2),
			.hash = (const char *)sqlite3_column_text(s, 3),
			.device_id = (const char *)sqlite3_column_text(s, 4),
			.updated_at = (const char *)sqlite3_column_text(s, 5),
			.bundle_file = (const char *)sqlite3_column_text(s, 6),
			.revision = sqlite3_column_int64(s, 7),
			.in_use = sqlite3_column_int(s, 8),
			.content = sqlite3_column_blob(s, 9),
			.content_len = (size_t)sqlite3_column_bytes(s, 9),
		};
		stop = fn(&r, arg);
	}
	return store_each_end(st, s, rc, stop, err, "reading conflicts");
}
