/*
 * store_sync.c - the SQL of sync (see store_sync.h): the keys, and a
 * laptop's sent bundles and acknowledgements (the hub's side is
 * store_hub.c).  Private answers are excluded here, in the query itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "keyring.h"
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

/* The appraisals a bundle takes: ?1 = 0, every final one the hub has not
 * acknowledged, except those whose current revision travels in a bundle
 * sealed at finalisation (sync_travel); ?1 = an id, that one alone. */
#define PENDING "state = 'final' AND (id = ?1 OR (?1 = 0 AND synced_revision" \
	" < revision AND NOT EXISTS (SELECT 1 FROM sync_travel t WHERE" \
	" t.appraisal_id = appraisals.id AND t.revision = appraisals.revision)))"

static int collect_children(struct store *st, long long id,
			    struct bundle_writer *w, struct err *err)
{
	/* private = 0: a private answer is never even read for a bundle. */
	static const char answers[] =
		"SELECT path, eadr_value(value, (SELECT uuid FROM appraisals WHERE id = ?1),"
		" path, revision, private, 1, (SELECT p.name FROM appraisals a JOIN profiles p"
		" ON p.id = a.holder WHERE a.id = ?1)), uuid, device_id, revision, updated_at"
		" FROM answers WHERE appraisal_id = ?1 AND private = 0 ORDER BY path";
#define HOLDER_NAME "(SELECT p.name FROM appraisals a JOIN profiles p" \
	" ON p.id = a.holder WHERE a.id = ?1)"
	static const char goals[] =
		"SELECT uuid, position, eadr_value(need, uuid, 'pdp.need', revision, 0, 1,"
		" " HOLDER_NAME "), eadr_value(goal, uuid, 'pdp.goal', revision, 0, 1,"
		" " HOLDER_NAME "), kind, category, priority, target_date,"
		" eadr_value(support, uuid, 'pdp.support', revision, 0, 1, " HOLDER_NAME "),"
		" status, follows_up, device_id, revision, created_at, updated_at"
		" FROM pdp_goals WHERE appraisal_id = ?1 ORDER BY position";
	static const char signoffs[] =
		"SELECT uuid, role, name, eadr_value(comments, (SELECT uuid FROM appraisals"
		" WHERE id = ?1), 'signoff.' || role, revision, 0, 1, " HOLDER_NAME "),"
		" signed_at, device_id, revision"
		" FROM signoffs WHERE appraisal_id = ?1 ORDER BY revision, role";
#undef HOLDER_NAME
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

/* Add the appraisals PENDING selects (see there for only) to w. */
static int collect(struct store *st, long long only, struct bundle_writer *w,
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
	const char *const head[2] = { forms, staff };
	const enum bundle_type htype[2] = { BUNDLE_FORM, BUNDLE_STAFF };
	const int hnf[2] = { FORM_NF, STAFF_NF };
	sqlite3_stmt *s;
	int rc;

	for (int k = 0; k < 2; k++) {
		if (!(s = store_prep(st, head[k], err)))
			return -1;
		sqlite3_bind_int64(s, 1, only);
		if (add_rows(st, s, htype[k], hnf[k], w, err) < 0)
			return -1;
	}
	if (!(s = store_prep(st, apps, err)))
		return -1;
	sqlite3_bind_int64(s, 1, only);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *f[BUNDLE_MAXF];

		for (int i = 0; i < AP_NF; i++)
			f[i] = (const char *)sqlite3_column_text(s, i);
		if (bundle_add(w, BUNDLE_APPRAISAL, f, err) < 0 ||
		    collect_children(st, sqlite3_column_int64(s, AP_NF), w, err) < 0) {
			sqlite3_reset(s);
			return -1;
		}
		items_add(items, f[AP_UUID], sqlite3_column_int64(s, AP_REVISION));
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_dberr(st, err, "reading what to send");
	return 0;
}

int store_sync_locked(struct store *st, struct sbuf *names, size_t *n, size_t *holders,
		      struct err *err)
{
	static const char sql[] =
		"SELECT (SELECT name FROM profiles WHERE profiles.id = holder), count(*)"
		" FROM appraisals WHERE " PENDING " AND holder IS NOT NULL AND holder <> ?2"
		" GROUP BY holder ORDER BY 1";
	sqlite3_stmt *s;
	int rc;

	*n = *holders = 0;
	if (!st->holders)
		return 0;
	if (!(s = store_prep(st, sql, err)))
		return -1;
	sqlite3_bind_int64(s, 1, 0);
	sqlite3_bind_int64(s, 2, st->kr ? keyring_profile(st->kr) : 0);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(s, 0);

		sbuf_addf(names, "%s%s", *holders ? ", " : "", name ? name : "another manager");
		*n += (size_t)sqlite3_column_int64(s, 1);
		(*holders)++;
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_dberr(st, err, "reading what to send");
}

int store_sync_collect(struct store *st, struct bundle_writer *w,
		       struct sync_items *items, struct err *err)
{
	int rc;

	if (store_begin(st, err) < 0)
		return -1;
	rc = collect(st, 0, w, items, err);
	store_rollback(st);	/* read only */
	return rc;
}

int store_sync_collect_one(struct store *st, long long id, struct bundle_writer *w,
			   struct sync_items *items, struct err *err)
{
	return collect(st, id, w, items, err);
}

int store_sync_next_seq(struct store *st, unsigned long long *seq,
			struct err *err)
{
	/* Numbers kept for bundles sealed at finalisation are taken too. */
	static const char sql[] =
		"SELECT max(coalesce((SELECT max(seq) FROM sync_sent), 0),"
		" coalesce((SELECT max(seq) FROM sync_travel), 0)) + 1";
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
		"INSERT OR IGNORE INTO sync_sent(seq, bundle_id, file, created_at, encrypted)"
		" VALUES (?1, ?2, ?3, ?4, ?5)";
	static const char item[] =
		"INSERT OR IGNORE INTO sync_sent_items(seq, appraisal_uuid, revision)"
		" VALUES (?1, ?2, ?3)";
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

/* The appraisals (and revisions) the bundle seq held. */
static int sent_items(struct store *st, long long seq, struct sync_items *it,
		      struct err *err)
{
	static const char sql[] =
		"SELECT appraisal_uuid, revision FROM sync_sent_items WHERE seq = ?1";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, seq);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		items_add(it, (const char *)sqlite3_column_text(s, 0),
			  sqlite3_column_int64(s, 1));
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_dberr(st, err, "reading sent bundles");
}

/* The acknowledgement's item for an appraisal the bundle held, or NULL. */
static const struct bundle_ack_item *ack_find(const struct bundle_ack *a,
					      const char *uuid)
{
	char ref[BUNDLE_REF_HEX + 1];

	bundle_ack_ref(a->bundle_id, uuid, ref);
	for (size_t i = 0; i < a->n; i++)
		if (!strcmp(a->items[i].ref, ref))
			return &a->items[i];
	return NULL;
}

/* Mark one appraisal's revision synced (never backwards); *done 1 if so. */
static int mark_synced(struct store *st, const char *uuid, long long revision,
		       int *done, struct err *err)
{
	static const char mark[] =
		"UPDATE appraisals SET synced_revision = ?2 WHERE uuid = ?1"
		" AND synced_revision < ?2 AND revision >= ?2 RETURNING staff_number";
	sqlite3_stmt *s = store_prep(st, mark, err);
	char *staff = NULL, rev[32];
	int rc;

	*done = 0;
	if (!s)
		return -1;
	store_bind_text(s, 1, uuid);
	sqlite3_bind_int64(s, 2, revision);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		staff = store_col_dup(s, 0);
		rc = sqlite3_step(s);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(staff);
		return store_dberr(st, err, "marking appraisals synced");
	}
	if (!staff)
		return 0;
	snprintf(rev, sizeof(rev), "revision %lld", revision);
	rc = store_audit(st, uuid, staff, "synced", rev, err);
	free(staff);
	*done = rc == 0;
	return rc;
}

int store_sync_ack_apply(struct store *st, const struct bundle_ack *a,
			 int *known, size_t *marked, struct err *err)
{
	static const char find[] = "SELECT seq FROM sync_sent WHERE bundle_id = ?1";
	static const char acked[] =
		"UPDATE sync_sent SET acked_at = coalesce(acked_at, ?2) WHERE seq = ?1";
	struct sync_items sent = { NULL, 0, 0 };
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
	if (sent_items(st, seq, &sent, err) < 0)
		goto fail;
	/* Only a revision that was in the bundle, named by the hub. */
	for (size_t i = 0; i < sent.n; i++) {
		const struct bundle_ack_item *it = ack_find(a, sent.v[i].uuid);
		int done;

		if (!it || it->revision != sent.v[i].revision)
			continue;
		if (mark_synced(st, sent.v[i].uuid, it->revision, &done, err) < 0)
			goto fail;
		*marked += (size_t)done;
	}
	if (!(s = store_prep(st, acked, err)))
		goto fail;
	sqlite3_bind_int64(s, 1, seq);
	store_bind_text(s, 2, a->imported);
	if (store_step_done(st, s, err, "recording the acknowledgement") < 0)
		goto fail;
	sync_items_release(&sent);
	return store_commit(st, err);
fail:
	sync_items_release(&sent);
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

/* ---- bundles sealed at finalisation (schema/010-travel.sql) ---- */

int store_sync_held(struct store *st, long long id, struct err *err)
{
	static const char sql[] =
		"SELECT 1 FROM appraisals WHERE id = ?1 AND holder IS NOT NULL";
	sqlite3_stmt *s;
	int rc;

	if (!st->holders)
		return 0;
	if (!(s = store_prep(st, sql, err)))
		return -1;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_dberr(st, err, "reading the holder");
}

int store_sync_unsealed(struct store *st, long long holder, long long **ids,
			size_t *n, struct err *err)
{
	static const char sql[] =
		"SELECT id FROM appraisals WHERE holder = ?1 AND state = 'final'"
		" AND synced_revision < revision AND NOT EXISTS (SELECT 1 FROM"
		" sync_travel t WHERE t.appraisal_id = appraisals.id AND"
		" t.revision = appraisals.revision) ORDER BY id";
	sqlite3_stmt *s;
	int rc;

	*ids = NULL;
	*n = 0;
	if (!st->holders)
		return 0;
	if (!(s = store_prep(st, sql, err)))
		return -1;
	sqlite3_bind_int64(s, 1, holder);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*ids = xrealloc(*ids, (*n + 1) * sizeof(**ids));
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	return store_each_end(st, s, rc, 0, err, "reading what to seal");
}

int store_sync_travel_put(struct store *st, long long id, long long revision,
			  unsigned long long seq, const char *bundle_id,
			  const void *bundle, size_t len, struct err *err)
{
	static const char sql[] =
		"INSERT OR REPLACE INTO sync_travel(appraisal_id, revision, seq, bundle_id,"
		" bundle, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
	char now[STAMP_LEN + 1];
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	time_stamp(now);
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, revision);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)seq);
	store_bind_text(s, 4, bundle_id);
	sqlite3_bind_blob(s, 5, bundle, (int)len, SQLITE_TRANSIENT);
	store_bind_text(s, 6, now);
	return store_step_done(st, s, err, "keeping the sealed bundle");
}

int store_sync_travel_drop(struct store *st, long long id, struct err *err)
{
	static const char sql[] = "DELETE FROM sync_travel WHERE appraisal_id = ?1";
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return store_step_done(st, s, err, "discarding the sealed bundle");
}

int store_sync_travel_each(struct store *st,
			   int (*fn)(const struct sync_travel_row *, void *),
			   void *arg, struct err *err)
{
	static const char sql[] =
		"SELECT t.seq, t.bundle_id, t.bundle, a.uuid, a.revision FROM sync_travel t"
		" JOIN appraisals a ON a.id = t.appraisal_id WHERE a.state = 'final'"
		" AND a.synced_revision < a.revision AND t.revision = a.revision"
		" ORDER BY t.seq";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc, stop = 0;

	if (!s)
		return -1;
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct sync_travel_row r = {
			(unsigned long long)sqlite3_column_int64(s, 0),
			(const char *)sqlite3_column_text(s, 1),
			sqlite3_column_blob(s, 2),
			(size_t)sqlite3_column_bytes(s, 2),
			(const char *)sqlite3_column_text(s, 3),
			sqlite3_column_int64(s, 4),
		};
		stop = fn(&r, arg);
	}
	return store_each_end(st, s, rc, stop, err, "reading the sealed bundles");
}
