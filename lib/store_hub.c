/*
 * store_hub.c - the SQL of the hub's merge (see store_hub.h): devices and
 * bundles seen, every revision kept, the ordinary tables holding the
 * current one, and the conflicts a person must resolve.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sbuf.h"
#include "store_hub.h"
#include "store_int.h"

void store_hub_stamp(long long t, char out[STAMP_LEN + 1])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || tm.tm_year + 1900 > 9999 || tm.tm_year + 1900 < 0)
		snprintf(out, STAMP_LEN + 1, "0000-00-00T00:00:00Z");
	else
		strftime(out, STAMP_LEN + 1, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Text bound without a copy: every value bound in this file lives until
 * the statement has been stepped (store_prep clears the bindings before
 * the next use), and a merge binds hundreds of thousands of them. */
static void bind_s(sqlite3_stmt *s, int i, const char *text)
{
	if (text)
		sqlite3_bind_text(s, i, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

int store_hub_bundle_known(struct store *st, const char *bundle_id,
			   struct err *err)
{
	static const char sql[] = "SELECT 1 FROM hub_bundles WHERE bundle_id = ?1";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc;

	if (!s)
		return -1;
	bind_s(s, 1, bundle_id);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_dberr(st, err, "reading imported bundles");
}

int store_hub_bundle_add(struct store *st, const struct bundle *b,
			 const char *file, struct err *err)
{
	static const char bun[] =
		"INSERT INTO hub_bundles(bundle_id, device_id, seq, created_at,"
		" imported_at, file, encrypted, sign_key)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
	char created[STAMP_LEN + 1], now[STAMP_LEN + 1], fp[25];
	struct sbuf detail = SBUF_INIT;
	sqlite3_stmt *s;
	int rc;

	store_hub_stamp(b->created, created);
	time_stamp(now);
	if (!(s = store_prep(st, bun, err)))
		return -1;
	bind_s(s, 1, b->id);
	bind_s(s, 2, b->device_id);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)(b->seq & 0x7fffffffffffffffull));
	bind_s(s, 4, created);
	bind_s(s, 5, now);
	bind_s(s, 6, file);
	sqlite3_bind_int(s, 7, (b->flags & BUNDLE_SEALED) != 0);
	sqlite3_bind_blob(s, 8, b->device_pk, BUNDLE_PK, SQLITE_STATIC);
	if (store_step_done(st, s, err, "recording the bundle") < 0)
		return -1;
	bundle_fingerprint(b->device_pk, fp);
	sbuf_addf(&detail, "%s from device %s (%s): %zu appraisal%s", file, b->device_id,
		  fp, b->nappraisals, b->nappraisals == 1 ? "" : "s");
	rc = store_audit(st, NULL, NULL, "hub-import", detail.buf, err);
	sbuf_release(&detail);
	return rc;
}

static void bind_rec(sqlite3_stmt *s, int first, const struct bundle_rec *r,
		     const int *fields, int n)
{
	for (int i = 0; i < n; i++)
		bind_s(s, first + i, r->f[fields[i]]);
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
	bind_s(s, 1, r->f[STAFF_NUMBER]);
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
	bind_s(s, 1, r->f[STAFF_NUMBER]);
	bind_s(s, 2, r->f[STAFF_UPDATED]);
	sqlite3_bind_int64(s, 3, rev);
	bind_s(s, 4, hash);
	return store_step_done(st, s, err, "saving a staff member");
}

static const int app_cols[] = { AP_UUID, AP_STAFF, AP_APPRAISER, AP_FORM_ID,
	AP_FORM_VERSION, AP_FORM_HASH, AP_STATE, AP_REVISION, AP_DEVICE,
	AP_CREATED, AP_UPDATED, AP_MEETING, AP_NEXT_DUE };
static const char setcur[] =
	"INSERT OR REPLACE INTO hub_current(appraisal_uuid, revision, content_hash)"
	" VALUES (?1, ?2, ?3)";

/* Appraisal i's answers, goals and sign-offs, under row id. */
static int put_records(struct store *st, const struct bundle *b, size_t i,
		       long long id, struct err *err)
{
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
	static const int ans_cols[] = { ANS_PATH, ANS_VALUE, ANS_UUID, ANS_DEVICE,
		ANS_REVISION, ANS_UPDATED };
	static const int goal_cols[] = { GOAL_UUID, GOAL_POSITION, GOAL_NEED,
		GOAL_GOAL, GOAL_KIND, GOAL_CATEGORY, GOAL_PRIORITY, GOAL_TARGET,
		GOAL_SUPPORT, GOAL_STATUS, GOAL_FOLLOWS, GOAL_DEVICE, GOAL_REVISION,
		GOAL_CREATED, GOAL_UPDATED };
	static const int so_cols[] = { SO_UUID, SO_ROLE, SO_NAME, SO_COMMENTS,
		SO_SIGNED_AT, SO_DEVICE, SO_REVISION };
	const struct bundle_appraisal *a = &b->appraisals[i];
	sqlite3_stmt *s = NULL;	/* taken when there are rows */

	/* Each statement taken from the cache once per appraisal, not per
	 * row: every row binds all its parameters (bind_rec binds each field,
	 * a value or NULL) and store_step_done resets it. */
	if (a->nanswers && !(s = store_prep(st, ans, err)))
		return -1;
	for (size_t k = 0; k < a->nanswers; k++) {
		sqlite3_bind_int64(s, 1, id);
		bind_rec(s, 2, &b->answers[a->answer0 + k], ans_cols, ANS_NF);
		if (store_step_done(st, s, err, "saving an answer") < 0)
			return -1;
	}
	if (a->ngoals && !(s = store_prep(st, goal, err)))
		return -1;
	for (size_t k = 0; k < a->ngoals; k++) {
		sqlite3_bind_int64(s, 1, id);
		bind_rec(s, 2, &b->goals[a->goal0 + k], goal_cols, GOAL_NF);
		if (store_step_done(st, s, err, "saving a PDP goal") < 0)
			return -1;
	}
	if (a->nsignoffs && !(s = store_prep(st, so, err)))
		return -1;
	for (size_t k = 0; k < a->nsignoffs; k++) {
		sqlite3_bind_int64(s, 1, id);
		bind_rec(s, 2, &b->signoffs[a->signoff0 + k], so_cols, SO_NF);
		if (store_step_done(st, s, err, "saving a sign-off") < 0)
			return -1;
	}
	return 0;
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
	return put_records(st, b, i, id, err);
}

/*
 * Put appraisal i of b into the ordinary tables when they do not hold it:
 * 0, or 1 when they do (its uuid taken: the caller replaces it instead).
 */
static int hub_insert(struct store *st, const struct bundle *b, size_t i,
		      struct err *err)
{
	static const char app[] =
		"INSERT INTO appraisals(uuid, staff_number, appraiser, form_id,"
		" form_version, form_hash, state, revision, device_id, created_at,"
		" updated_at, meeting_date, next_due, synced_revision)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?8)";
	sqlite3_stmt *s = store_prep(st, app, err);
	int rc;

	if (!s)
		return -1;
	bind_rec(s, 1, &b->appraisals[i].rec, app_cols, AP_NF);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return 1;
	if (rc != SQLITE_DONE)
		return store_dberr(st, err, "saving an appraisal");
	return put_records(st, b, i, sqlite3_last_insert_rowid(st->db), err);
}

/* The device an appraisal belongs to: 1 (owner filled), 0 none yet, -1. */
static int owner_get(struct store *st, const char *uuid,
		     unsigned char owner[BUNDLE_PK], struct err *err)
{
	static const char sql[] = "SELECT sign_key FROM hub_owners WHERE appraisal_uuid = ?1";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc;

	if (!s)
		return -1;
	bind_s(s, 1, uuid);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		memset(owner, 0, BUNDLE_PK);
		if (sqlite3_column_bytes(s, 0) == BUNDLE_PK)
			memcpy(owner, sqlite3_column_blob(s, 0), BUNDLE_PK);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_dberr(st, err, "reading who owns an appraisal");
}

/* Keep a revision in the history, linked to the bundle that brought it. */
static int keep_revision(struct store *st, const struct bundle *b, size_t i,
			 const char *hash, struct err *err)
{
	static const char hist[] =
		"INSERT OR IGNORE INTO hub_revisions(appraisal_uuid, revision,"
		" content_hash, device_id, staff_number, updated_at, content)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
	static const char link[] =
		"INSERT OR IGNORE INTO hub_revision_bundles(bundle_id, appraisal_uuid,"
		" revision, content_hash) VALUES (?1, ?2, ?3, ?4)";
	const struct bundle_appraisal *a = &b->appraisals[i];
	sqlite3_stmt *s;

	if (!(s = store_prep(st, hist, err)))
		return -1;
	bind_s(s, 1, a->rec.f[AP_UUID]);
	sqlite3_bind_int64(s, 2, a->revision);
	bind_s(s, 3, hash);
	bind_s(s, 4, a->rec.f[AP_DEVICE]);
	bind_s(s, 5, a->rec.f[AP_STAFF]);
	bind_s(s, 6, a->rec.f[AP_UPDATED]);
	sqlite3_bind_blob(s, 7, a->raw, (int)a->raw_len, SQLITE_STATIC);
	if (store_step_done(st, s, err, "keeping the appraisal's history") < 0)
		return -1;
	if (!(s = store_prep(st, link, err)))
		return -1;
	bind_s(s, 1, b->id);
	bind_s(s, 2, a->rec.f[AP_UUID]);
	sqlite3_bind_int64(s, 3, a->revision);
	bind_s(s, 4, hash);
	return store_step_done(st, s, err, "keeping the appraisal's history");
}

/* Run sql with ?1 uuid, ?2 revision, ?3 hash (each optional in sql). */
static int exec3(struct store *st, const char *sql, const char *uuid,
		 long long revision, const char *hash, const char *what,
		 struct err *err)
{
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	bind_s(s, 1, uuid);
	sqlite3_bind_int64(s, 2, revision);
	if (sqlite3_bind_parameter_count(s) >= 3)
		bind_s(s, 3, hash);
	return store_step_done(st, s, err, what);
}

/*
 * The owner's revision: no longer a stranger's (if a stranger sent the same
 * content first), a conflict when the owner's side holds two contents of
 * this revision, and in the ordinary tables when it is the highest
 * revision (of two contents, the lower hash: the order never matters).
 */
static int owner_merge(struct store *st, const struct bundle *b, size_t i,
		       const char *hash, struct err *err)
{
	static const char unheld[] =
		"DELETE FROM hub_conflicts WHERE appraisal_uuid = ?1 AND revision = ?2"
		" AND content_hash = ?3 AND reason = 'owner'";
	static const char conflict[] =
		"INSERT OR IGNORE INTO hub_conflicts(appraisal_uuid, revision,"
		" content_hash, reason) SELECT appraisal_uuid, revision, content_hash,"
		" 'edit' FROM hub_revisions r WHERE appraisal_uuid = ?1 AND revision = ?2"
		" AND NOT EXISTS (SELECT 1 FROM hub_conflicts c WHERE c.appraisal_uuid = ?1"
		"   AND c.revision = ?2 AND c.content_hash = r.content_hash"
		"   AND c.reason = 'owner')"
		" AND (SELECT count(*) FROM hub_revisions r2 WHERE r2.appraisal_uuid = ?1"
		"   AND r2.revision = ?2 AND NOT EXISTS (SELECT 1 FROM hub_conflicts c"
		"   WHERE c.appraisal_uuid = ?1 AND c.revision = ?2"
		"   AND c.content_hash = r2.content_hash AND c.reason = 'owner')) > 1";
	static const char cur[] =
		"SELECT revision, content_hash FROM hub_current WHERE appraisal_uuid = ?1";
	const struct bundle_appraisal *a = &b->appraisals[i];
	const char *uuid = a->rec.f[AP_UUID];
	sqlite3_stmt *s;
	int rc, replace = 1;

	if (exec3(st, unheld, uuid, a->revision, hash, "recording a conflict", err) < 0 ||
	    exec3(st, conflict, uuid, a->revision, hash, "recording a conflict", err) < 0)
		return -1;
	if (!(s = store_prep(st, cur, err)))
		return -1;
	bind_s(s, 1, uuid);
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
	return exec3(st, setcur, uuid, a->revision, hash, "saving an appraisal", err);
}

int store_hub_appraisal(struct store *st, const struct bundle *b, size_t i,
			const char *hash, int *held, struct err *err)
{
	static const char own[] =
		"INSERT INTO hub_owners(appraisal_uuid, sign_key, since) VALUES (?1, ?2, ?3)";
	static const char stranger[] =
		"INSERT OR IGNORE INTO hub_conflicts(appraisal_uuid, revision,"
		" content_hash, reason) VALUES (?1, ?2, ?3, 'owner')";
	const struct bundle_appraisal *a = &b->appraisals[i];
	const char *uuid = a->rec.f[AP_UUID];
	unsigned char owner[BUNDLE_PK];
	char since[STAMP_LEN + 1];
	sqlite3_stmt *s;
	int rc;

	*held = 0;
	if (keep_revision(st, b, i, hash, err) < 0 ||
	    (rc = owner_get(st, uuid, owner, err)) < 0)
		return -1;
	if (rc == 0) {
		/* The first device to send it owns it. */
		if (!(s = store_prep(st, own, err)))
			return -1;
		store_hub_stamp(b->created, since);
		bind_s(s, 1, uuid);
		sqlite3_bind_blob(s, 2, b->device_pk, BUNDLE_PK, SQLITE_STATIC);
		bind_s(s, 3, since);
		if (store_step_done(st, s, err, "recording who owns an appraisal") < 0)
			return -1;
		/* Nobody sent it before, so there is no other revision, conflict
		 * or current one (every revision has had an owner since
		 * 004-approval.sql): insert it, as a plain load would. */
		if ((rc = hub_insert(st, b, i, err)) < 0 ||
		    (rc == 1 && hub_replace(st, b, i, err) < 0))
			return err_prefix(err, "appraisal %s", uuid);
		return exec3(st, setcur, uuid, a->revision, hash, "saving an appraisal", err);
	} else if (memcmp(owner, b->device_pk, BUNDLE_PK) != 0) {
		/* Another device's appraisal: kept for a person, never merged. */
		*held = 1;
		return exec3(st, stranger, uuid, a->revision, hash, "recording a conflict",
			     err);
	}
	return owner_merge(st, b, i, hash, err);
}

int store_hub_adopt(struct store *st, const struct bundle *b, const char *hash,
		    struct err *err)
{
	if (b->nappraisals != 1)
		return err_set(err, "store: adopting needs exactly one appraisal");
	return owner_merge(st, b, 0, hash, err);
}

int store_hub_ack_each(struct store *st, const char *bundle_id, struct bundle_ack *a,
		       void (*item)(const char *uuid, long long revision,
				    const char *status, void *arg),
		       void *arg, struct err *err)
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
	bind_s(s, 1, bundle_id);
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
	bind_s(s, 1, bundle_id);
	/* Stepped, not collected: the primary key (bundle_id, appraisal_uuid)
	 * gives the order, so there is no sorter either. */
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		item((const char *)sqlite3_column_text(s, 0), sqlite3_column_int64(s, 1),
		     (const char *)sqlite3_column_text(s, 2), arg);
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
		" c.revision, h.content_hash IS NOT NULL, r.content, c.reason,"
		" (SELECT b.sign_key FROM hub_revision_bundles rb"
		"   JOIN hub_bundles b ON b.bundle_id = rb.bundle_id"
		"   WHERE rb.appraisal_uuid = c.appraisal_uuid AND rb.revision = c.revision"
		"   AND rb.content_hash = c.content_hash ORDER BY b.file LIMIT 1)"
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
			.stranger = !strcmp((const char *)sqlite3_column_text(s, 10), "owner"),
			.sign_key = sqlite3_column_bytes(s, 11) == BUNDLE_PK ?
				sqlite3_column_blob(s, 11) : NULL,
		};
		stop = fn(&r, arg);
	}
	return store_each_end(st, s, rc, stop, err, "reading conflicts");
}
