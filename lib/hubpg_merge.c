/*
 * hubpg_merge.c - the hub's merge on PostgreSQL (see store_hub.h): the same
 * rules and, statement for statement, the same SQL as store_hub.c, so that
 * the same bundles leave the same rows on either back end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hubpg_int.h"
#include "util.h"

/* The import's statements sent in a pipeline (hubpg_pipe.c). */
enum { PIPE_STAFF, PIPE_FIRST };

static long long seq63(unsigned long long seq)
{
	return (long long)(seq & 0x7fffffffffffffffull);
}

int hubpg_bundle_known(struct hubstore *hs, const char *id, struct err *err)
{
	static const char sql[] = "SELECT 1 FROM hub_bundles WHERE bundle_id = $1";
	struct pgp p = { .n = 0 };
	long long n;

	pgp_text(&p, id);
	n = hubpg_exec(HUBPG(hs), sql, &p, "reading imported bundles", err);
	return n < 0 ? -1 : n > 0;
}

int hubpg_bundle_add(struct hubstore *hs, const struct bundle *b, const char *file,
		     struct err *err)
{
	static const char sql[] =
		"INSERT INTO hub_bundles(bundle_id, device_id, seq, created_at,"
		" imported_at, file, encrypted, sign_key)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
	char created[STAMP_LEN + 1], now[STAMP_LEN + 1], fp[25];
	struct sbuf detail = SBUF_INIT;
	struct pgp p = { .n = 0 };
	int rc;

	store_hub_stamp(b->created, created);
	time_stamp(now);
	pgp_text(&p, b->id);
	pgp_text(&p, b->device_id);
	pgp_int(&p, seq63(b->seq));
	pgp_text(&p, created);
	pgp_text(&p, now);
	pgp_text(&p, file);
	pgp_int(&p, (b->flags & BUNDLE_SEALED) != 0);
	pgp_blob(&p, b->device_pk, BUNDLE_PK);
	if (hubpg_exec(HUBPG(hs), sql, &p, "recording the bundle", err) < 0)
		return -1;
	HUBPG(hs)->left = b->nappraisals;	/* hubpg_appraisal counts them down */
	bundle_fingerprint(b->device_pk, fp);
	sbuf_addf(&detail, "%s from device %s (%s): %zu appraisal%s", file, b->device_id,
		  fp, b->nappraisals, b->nappraisals == 1 ? "" : "s");
	rc = hubpg_audit(hs, "hub-import", detail.buf, err);
	sbuf_release(&detail);
	return rc;
}

static void pgp_rec(struct pgp *p, const struct bundle_rec *r, const int *fields, int n)
{
	for (int i = 0; i < n; i++)
		pgp_text(p, r->f[fields[i]]);
}

int hubpg_staff(struct hubstore *hs, const struct bundle_rec *r, const char *hash,
		struct err *err)
{
	/* One round trip: the record replaces the hub's when it is newer
	 * (later updated_at, then higher revision, then the lower hash, as
	 * store_hub.c decides in C), and hub_staff keeps what it was. */
	static const char sql[] =
		"WITH cur AS (SELECT updated_at, revision, content_hash FROM hub_staff"
		"  WHERE staff_number = $1),"
		" newer AS (SELECT NOT EXISTS (SELECT 1 FROM cur) OR EXISTS (SELECT 1"
		"  FROM cur WHERE $12::ctext > updated_at OR ($12::ctext = updated_at AND"
		"  ($13::bigint > revision OR ($13::bigint = revision AND"
		"  $14::ctext < content_hash)))) AS yes),"
		" mark AS (INSERT INTO hub_staff(staff_number, updated_at, revision,"
		"  content_hash) SELECT $1, $12, $13, $14 FROM newer WHERE yes"
		"  ON CONFLICT (staff_number) DO UPDATE SET"
		"  updated_at = excluded.updated_at, revision = excluded.revision,"
		"  content_hash = excluded.content_hash)"
		" INSERT INTO staff(staff_number, uuid, name, role, band, station, email,"
		" due, device_id, revision, created_at, updated_at)"
		" SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12 FROM newer WHERE yes"
		" ON CONFLICT (staff_number) DO UPDATE SET uuid = excluded.uuid,"
		" name = excluded.name, role = excluded.role, band = excluded.band,"
		" station = excluded.station, email = excluded.email, due = excluded.due,"
		" device_id = excluded.device_id, revision = excluded.revision,"
		" created_at = excluded.created_at, updated_at = excluded.updated_at";
	static const int cols[] = { STAFF_NUMBER, STAFF_UUID, STAFF_NAME, STAFF_ROLE,
		STAFF_BAND, STAFF_STATION, STAFF_EMAIL, STAFF_DUE, STAFF_DEVICE,
		STAFF_REVISION, STAFF_CREATED, STAFF_UPDATED };
	struct pgp p = { .n = 0 };
	char who[64];

	pgp_rec(&p, r, cols, STAFF_NF);
	pgp_int(&p, strtoll(r->f[STAFF_REVISION], NULL, 10));
	pgp_text(&p, hash);
	/* Its result is read with the next statement's (hubpg_pipe.c). */
	snprintf(who, sizeof(who), "staff member %s", r->f[STAFF_NUMBER]);
	return hubpg_pipe_send(HUBPG(hs), PIPE_STAFF, sql, &p, 0, who, "saving a staff member",
			       err);
}

static const char setcur[] =
	"INSERT INTO hub_current(appraisal_uuid, revision, content_hash)"
	" VALUES ($1, $2, $3) ON CONFLICT (appraisal_uuid) DO UPDATE SET"
	" revision = excluded.revision, content_hash = excluded.content_hash";

/* The three kinds of an appraisal's records, gathered in pg->rows and sent
 * with COPY: a bundle's answers cost one statement, not one each. */
static const char *const row_copy[3] = {
	"COPY answers(appraisal_id, path, value, private, uuid, device_id, revision,"
	" updated_at) FROM STDIN",
	"COPY pdp_goals(appraisal_id, uuid, position, need, goal, kind, category,"
	" priority, target_date, support, status, follows_up, device_id, revision,"
	" created_at, updated_at) FROM STDIN",
	"COPY signoffs(appraisal_id, uuid, role, name, comments, signed_at, device_id,"
	" revision) FROM STDIN",
};
static const char *const row_what[3] = { "saving the answers", "saving the PDP goals",
	"saving the sign-offs" };
#define ROWS_MAX (4 << 20)	/* bytes gathered before they are sent */

static int copy_kind(struct hubpg *pg, int k, struct err *err)
{
	struct sbuf *sb = &pg->rows[k];
	int failed = 0;

	if (!sb->len)
		return 0;
	if (hubpg_copy_begin(pg, row_copy[k], row_what[k], err) < 0)
		return -1;
	if (PQputCopyData(pg->conn, sb->buf, (int)sb->len) != 1)
		failed = 1;
	sb->len = 0;
	sb->buf[0] = '\0';
	return hubpg_copy_end(pg, failed, row_what[k], err);
}

int hubpg_rows_flush(struct hubpg *pg, struct err *err)
{
	for (int k = 0; k < 3; k++)
		if (copy_kind(pg, k, err) < 0) {
			hubpg_rows_drop(pg);
			return -1;
		}
	return 0;
}

void hubpg_rows_drop(struct hubpg *pg)
{
	for (int k = 0; k < 3; k++)
		sbuf_release(&pg->rows[k]);
}

/* One revision of an appraisal, kept from its unit of the bundle until the
 * hub has answered for it: its row, and its records as COPY text rows
 * without the appraisal's row id (each "\t...\n"; the answers' private
 * column, always 0 at the hub, after their value). */
struct hubpg_app {
	char *f[AP_NF];
	long long revision;
	char hash[65];
	unsigned char sender[BUNDLE_PK];	/* the bundle's signing key */
	struct sbuf rows[3];
};

static void app_kind(struct sbuf *sb, int kind, const struct bundle_rec *recs, size_t n,
		     const int *cols, int ncols)
{
	for (size_t k = 0; k < n; k++) {
		for (int i = 0; i < ncols; i++) {
			const char *v = recs[k].f[cols[i]];

			sbuf_addch(sb, '\t');
			if (v)
				hubpg_copy_text(sb, v, strlen(v));
			else
				sbuf_adds(sb, "\\N");
			if (kind == 0 && i == 1)
				sbuf_adds(sb, "\t0");
		}
		sbuf_addch(sb, '\n');
	}
}

static void app_fill(struct hubpg_app *e, const struct bundle *b, size_t i,
		     const char *hash)
{
	static const int ans_cols[] = { ANS_PATH, ANS_VALUE, ANS_UUID, ANS_DEVICE,
		ANS_REVISION, ANS_UPDATED };
	static const int goal_cols[] = { GOAL_UUID, GOAL_POSITION, GOAL_NEED,
		GOAL_GOAL, GOAL_KIND, GOAL_CATEGORY, GOAL_PRIORITY, GOAL_TARGET,
		GOAL_SUPPORT, GOAL_STATUS, GOAL_FOLLOWS, GOAL_DEVICE, GOAL_REVISION,
		GOAL_CREATED, GOAL_UPDATED };
	static const int so_cols[] = { SO_UUID, SO_ROLE, SO_NAME, SO_COMMENTS,
		SO_SIGNED_AT, SO_DEVICE, SO_REVISION };
	const struct bundle_appraisal *a = &b->appraisals[i];

	memset(e, 0, sizeof(*e));
	for (int k = 0; k < AP_NF; k++)
		e->f[k] = a->rec.f[k] ? xstrdup(a->rec.f[k]) : NULL;
	e->revision = a->revision;
	snprintf(e->hash, sizeof(e->hash), "%s", hash);
	memcpy(e->sender, b->device_pk, BUNDLE_PK);
	app_kind(&e->rows[0], 0, b->answers + a->answer0, a->nanswers, ans_cols, ANS_NF);
	app_kind(&e->rows[1], 1, b->goals + a->goal0, a->ngoals, goal_cols, GOAL_NF);
	app_kind(&e->rows[2], 2, b->signoffs + a->signoff0, a->nsignoffs, so_cols, SO_NF);
}

static void app_free(struct hubpg_app *e)
{
	for (int k = 0; k < AP_NF; k++)
		free(e->f[k]);
	for (int k = 0; k < 3; k++)
		sbuf_release(&e->rows[k]);
}

/* e's records under row id, into pg->rows (sent when they grow large). */
static int put_records(struct hubpg *pg, const struct hubpg_app *e, const char *id,
		       struct err *err)
{
	for (int k = 0; k < 3; k++) {
		const char *s = e->rows[k].buf, *end = s + e->rows[k].len;

		while (s < end) {
			const char *nl = memchr(s, '\n', (size_t)(end - s));
			size_t n = nl ? (size_t)(nl - s) + 1 : (size_t)(end - s);

			sbuf_adds(&pg->rows[k], id);
			sbuf_add(&pg->rows[k], s, n);
			s += n;
		}
		if (pg->rows[k].len >= ROWS_MAX && copy_kind(pg, k, err) < 0)
			return -1;
	}
	return 0;
}

static void pgp_app(struct pgp *p, const struct hubpg_app *e)
{
	for (int k = 0; k < AP_NF; k++)
		pgp_text(p, e->f[k]);
}

#define APP_INSERT \
	"INSERT INTO appraisals(uuid, staff_number, appraiser, form_id," \
	" form_version, form_hash, state, revision, device_id, created_at," \
	" updated_at, meeting_date, next_due, synced_revision)" \
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $8::bigint)"

/* Appraisal e into the ordinary tables, replacing what was there. */
static int hub_put(struct hubpg *pg, const struct hubpg_app *e, struct err *err)
{
	static const char rep[] = APP_INSERT
		" ON CONFLICT (uuid) DO UPDATE SET staff_number = excluded.staff_number,"
		" appraiser = excluded.appraiser, form_id = excluded.form_id,"
		" form_version = excluded.form_version, form_hash = excluded.form_hash,"
		" state = excluded.state, revision = excluded.revision,"
		" device_id = excluded.device_id, created_at = excluded.created_at,"
		" updated_at = excluded.updated_at, meeting_date = excluded.meeting_date,"
		" next_due = excluded.next_due, synced_revision = excluded.synced_revision"
		" RETURNING id";
	static const char *const dels[3] = {
		"DELETE FROM answers WHERE appraisal_id = $1",
		"DELETE FROM pdp_goals WHERE appraisal_id = $1",
		"DELETE FROM signoffs WHERE appraisal_id = $1",
	};
	struct pgp p = { .n = 0 };
	char id[24];
	PGresult *r;

	pgp_app(&p, e);
	if (!(r = hubpg_run(pg, rep, &p, "saving an appraisal", err)))
		return -1;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return err_set(err, "%s: saving an appraisal: no row", pg->name);
	}
	snprintf(id, sizeof(id), "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	if (hubpg_rows_flush(pg, err) < 0)	/* before the deletes */
		return -1;
	for (int k = 0; k < 3; k++) {
		p.n = 0;
		pgp_text(&p, id);
		if (hubpg_exec(pg, dels[k], &p, "replacing an appraisal", err) < 0)
			return -1;
	}
	return put_records(pg, e, id, err);
}

static int exec3(struct hubpg *pg, const char *sql, const char *uuid, long long rev,
		 const char *hash, const char *what, struct err *err)
{
	struct pgp p = { .n = 0 };

	pgp_text(&p, uuid);
	pgp_int(&p, rev);
	if (hash)
		pgp_text(&p, hash);
	return hubpg_exec(pg, sql, &p, what, err) < 0 ? -1 : 0;
}

/* As owner_merge in store_hub.c. */
static int owner_merge(struct hubpg *pg, const struct hubpg_app *e, struct err *err)
{
	static const char unheld[] =
		"DELETE FROM hub_conflicts WHERE appraisal_uuid = $1 AND revision = $2"
		" AND content_hash = $3 AND reason = 'owner'";
	static const char conflict[] =
		"INSERT INTO hub_conflicts(appraisal_uuid, revision, content_hash, reason)"
		" SELECT appraisal_uuid, revision, content_hash, 'edit' FROM hub_revisions r"
		" WHERE appraisal_uuid = $1 AND revision = $2"
		" AND NOT EXISTS (SELECT 1 FROM hub_conflicts c WHERE c.appraisal_uuid = $1"
		"   AND c.revision = $2 AND c.content_hash = r.content_hash"
		"   AND c.reason = 'owner')"
		" AND (SELECT count(*) FROM hub_revisions r2 WHERE r2.appraisal_uuid = $1"
		"   AND r2.revision = $2 AND NOT EXISTS (SELECT 1 FROM hub_conflicts c"
		"   WHERE c.appraisal_uuid = $1 AND c.revision = $2"
		"   AND c.content_hash = r2.content_hash AND c.reason = 'owner')) > 1"
		" ON CONFLICT DO NOTHING";
	static const char cur[] =
		"SELECT revision, content_hash FROM hub_current WHERE appraisal_uuid = $1";
	const char *uuid = e->f[AP_UUID];
	struct pgp p = { .n = 0 };
	PGresult *r;
	int replace = 1;

	if (exec3(pg, unheld, uuid, e->revision, e->hash, "recording a conflict", err) < 0 ||
	    exec3(pg, conflict, uuid, e->revision, NULL, "recording a conflict", err) < 0)
		return -1;
	pgp_text(&p, uuid);
	if (!(r = hubpg_run(pg, cur, &p, "reading an appraisal", err)))
		return -1;
	if (PQntuples(r) == 1) {
		long long crev = strtoll(PQgetvalue(r, 0, 0), NULL, 10);

		replace = e->revision > crev ||
			(e->revision == crev && strcmp(e->hash, PQgetvalue(r, 0, 1)) < 0);
	}
	PQclear(r);
	if (!replace)
		return 0;
	if (hub_put(pg, e, err) < 0)
		return err_prefix(err, "appraisal %s", uuid);
	return exec3(pg, setcur, uuid, e->revision, e->hash, "saving an appraisal", err);
}

/*
 * Revision i of b, in one statement (sent in the pipeline, answered with
 * the others of the window): kept in the history and linked to the bundle;
 * then, when no device owns its appraisal yet, it belongs to the sender
 * from now, is current, and goes into the ordinary tables (unless they
 * hold it already: then it replaces what is there).  When a device owns
 * it, the statement returns its key for app_done to merge.
 */
static int first_send(struct hubpg *pg, const struct bundle *b, size_t i,
		      const struct hubpg_app *e, struct err *err)
{
	static const char sql[] =
		"WITH hist AS (INSERT INTO hub_revisions(appraisal_uuid, revision,"
		"  content_hash, device_id, staff_number, updated_at, content)"
		"  VALUES ($1, $16::bigint, $17, $9, $2, $11, $18::bytea)"
		"  ON CONFLICT DO NOTHING),"
		" link AS (INSERT INTO hub_revision_bundles(bundle_id, appraisal_uuid,"
		"  revision, content_hash) VALUES ($19, $1, $16::bigint, $17)"
		"  ON CONFLICT DO NOTHING),"
		" o AS (SELECT sign_key FROM hub_owners WHERE appraisal_uuid = $1),"
		" own AS (INSERT INTO hub_owners(appraisal_uuid, sign_key, since)"
		"  SELECT $1, $14::bytea, $15 WHERE NOT EXISTS (SELECT 1 FROM o)),"
		" cur AS (INSERT INTO hub_current(appraisal_uuid, revision, content_hash)"
		"  SELECT $1, $16::bigint, $17 WHERE NOT EXISTS (SELECT 1 FROM o)"
		"  ON CONFLICT (appraisal_uuid) DO UPDATE SET"
		"  revision = excluded.revision, content_hash = excluded.content_hash),"
		" app AS (INSERT INTO appraisals(uuid, staff_number, appraiser, form_id,"
		"  form_version, form_hash, state, revision, device_id, created_at,"
		"  updated_at, meeting_date, next_due, synced_revision)"
		"  SELECT $1, $2, $3, $4, $5, $6, $7, $8::bigint, $9, $10, $11, $12, $13,"
		"  $8::bigint WHERE NOT EXISTS (SELECT 1 FROM o)"
		"  ON CONFLICT (uuid) DO NOTHING RETURNING id)"
		" SELECT (SELECT sign_key FROM o), (SELECT id FROM app)";
	const struct bundle_appraisal *a = &b->appraisals[i];
	char since[STAMP_LEN + 1], who[64];
	struct pgp p = { .n = 0 };

	store_hub_stamp(b->created, since);
	pgp_app(&p, e);
	pgp_blob(&p, b->device_pk, BUNDLE_PK);
	pgp_text(&p, since);
	pgp_int(&p, e->revision);
	pgp_text(&p, e->hash);
	pgp_blob(&p, a->raw, a->raw_len);
	pgp_text(&p, b->id);
	snprintf(who, sizeof(who), "appraisal %s", e->f[AP_UUID]);
	return hubpg_pipe_send(pg, PIPE_FIRST, sql, &p, 1, who, "saving an appraisal", err);
}

/* What the hub answered for e (r, cleared here): its records under the
 * new row, or the merge it needs.  *held: a device other than e's sender
 * owns it (the revision is held).  0 or -1 with err. */
static int app_done(struct hubpg *pg, const struct hubpg_app *e, PGresult *r,
		    int *held, struct err *err)
{
	static const char stranger[] =
		"INSERT INTO hub_conflicts(appraisal_uuid, revision, content_hash, reason)"
		" VALUES ($1, $2, $3, 'owner') ON CONFLICT DO NOTHING";
	unsigned char owner[BUNDLE_PK];
	char id[24] = "";
	int owned = !PQgetisnull(r, 0, 0), rc;

	*held = 0;
	if (owned)
		hubpg_blob(r, 0, 0, owner, BUNDLE_PK);
	else if (!PQgetisnull(r, 0, 1))
		snprintf(id, sizeof(id), "%s", PQgetvalue(r, 0, 1));
	PQclear(r);
	if (owned && memcmp(owner, e->sender, BUNDLE_PK) != 0) {
		*held = 1;
		rc = exec3(pg, stranger, e->f[AP_UUID], e->revision, e->hash,
			   "recording a conflict", err);
	} else if (owned) {
		rc = owner_merge(pg, e, err);
	} else {	/* no row id: the ordinary tables hold it, replace */
		rc = *id ? put_records(pg, e, id, err) : hub_put(pg, e, err);
	}
	return rc < 0 ? err_prefix(err, "appraisal %s", e->f[AP_UUID]) : 0;
}

/* The appraisals sent and not yet answered (pg->apps): answered in one
 * round trip (hubpg_pipe_end), then finished in order. */
int hubpg_apps_finish(struct hubpg *pg, struct err *err)
{
	struct hubpg_app *apps = pg->apps;
	size_t n = pg->napps;
	PGresult **res;
	int rc = 0, held;

	if (!n)
		return hubpg_pipe_end(pg, NULL, 0, err);
	res = xcalloc(n, sizeof(*res));
	pg->apps = NULL;
	pg->napps = 0;
	if (hubpg_pipe_end(pg, res, n, err) < 0)
		rc = -1;
	for (size_t k = 0; k < n; k++) {
		if (rc == 0 && res[k]) {
			rc = app_done(pg, &apps[k], res[k], &held, err);
			pg->held += (size_t)held;
		} else if (res[k])
			PQclear(res[k]);
		app_free(&apps[k]);
	}
	free(res);
	free(apps);
	return rc;
}

void hubpg_apps_drop(struct hubpg *pg)
{
	for (size_t k = 0; k < pg->napps; k++)
		app_free(&pg->apps[k]);
	free(pg->apps);
	pg->apps = NULL;
	pg->napps = 0;
	hubpg_pipe_drop(pg);
}

/*
 * Every revision goes in the pipeline, whoever owns its appraisal: the
 * statement itself reads the owner (first_send), so nothing is read
 * before and the cost does not grow with the appraisals other devices own.
 * A held revision is then known only when its window is answered: *held
 * counts those learnt since the last call, and the bundle's last appraisal
 * (pg->left, from hubpg_bundle_add) waits for every answer, so that a
 * bundle's calls add up to its held revisions.  Called without a bundle
 * (pg->left 0), each revision is answered at once.
 */
int hubpg_appraisal(struct hubstore *hs, const struct bundle *b, size_t i,
		    const char *hash, int *held, struct err *err)
{
	struct hubpg *pg = HUBPG(hs);
	const char *uuid = b->appraisals[i].rec.f[AP_UUID];
	struct hubpg_app e;
	int pending = 0;

	*held = 0;
	for (size_t k = 0; k < pg->napps; k++)
		pending |= !strcmp(pg->apps[k].f[AP_UUID], uuid);
	/* A revision of an appraisal still waiting for its answer waits for
	 * it: it is merged knowing what the first did. */
	if ((pending || pg->napps >= HUBPG_WINDOW) && hubpg_apps_finish(pg, err) < 0)
		return -1;
	app_fill(&e, b, i, hash);
	if (first_send(pg, b, i, &e, err) < 0) {
		app_free(&e);
		return err_prefix(err, "appraisal %s", uuid);
	}
	pg->apps = xrealloc(pg->apps, (pg->napps + 1) * sizeof(*pg->apps));
	pg->apps[pg->napps++] = e;
	if (pg->left > 0)
		pg->left--;
	if (pg->left == 0 && hubpg_apps_finish(pg, err) < 0)
		return -1;
	*held = (int)pg->held;
	pg->held = 0;
	return 0;
}

int hubpg_adopt(struct hubstore *hs, const struct bundle *b, const char *hash,
		struct err *err)
{
	struct hubpg *pg = HUBPG(hs);
	struct hubpg_app e;
	int rc;

	if (b->nappraisals != 1)
		return err_set(err, "store: adopting needs exactly one appraisal");
	if (hubpg_apps_finish(pg, err) < 0)
		return -1;
	app_fill(&e, b, 0, hash);
	rc = owner_merge(pg, &e, err);
	app_free(&e);
	return rc;
}

struct ack_walk {
	void (*item)(const char *uuid, long long revision, const char *status, void *arg);
	void *arg;
};

static int ack_row(const PGresult *r, void *arg)
{
	struct ack_walk *w = arg;

	w->item(PQgetvalue(r, 0, 0), strtoll(PQgetvalue(r, 0, 1), NULL, 10),
		PQgetvalue(r, 0, 2), w->arg);
	return 0;
}

int hubpg_ack_each(struct hubstore *hs, const char *id, struct bundle_ack *a,
		   void (*item)(const char *uuid, long long revision, const char *status,
				void *arg),
		   void *arg, struct err *err)
{
	static const char head[] =
		"SELECT device_id, seq, imported_at FROM hub_bundles WHERE bundle_id = $1";
	static const char items[] =
		"SELECT rb.appraisal_uuid, rb.revision, CASE"
		" WHEN EXISTS (SELECT 1 FROM hub_conflicts c WHERE"
		"   c.appraisal_uuid = rb.appraisal_uuid AND c.revision = rb.revision"
		"   AND c.resolved_at IS NULL) THEN 'conflict'"
		" WHEN EXISTS (SELECT 1 FROM hub_current h WHERE"
		"   h.appraisal_uuid = rb.appraisal_uuid AND h.revision = rb.revision"
		"   AND h.content_hash = rb.content_hash) THEN 'current'"
		" ELSE 'history' END"
		" FROM hub_revision_bundles rb WHERE rb.bundle_id = $1"
		" ORDER BY rb.appraisal_uuid";
	struct hubpg *pg = HUBPG(hs);
	struct pgp p = { .n = 0 };
	struct ack_walk w = { item, arg };
	PGresult *r;

	pgp_text(&p, id);
	if (!(r = hubpg_run(pg, head, &p, "reading imported bundles", err)))
		return -1;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return err_set(err, "bundle %s was not imported", id);
	}
	snprintf(a->bundle_id, sizeof(a->bundle_id), "%s", id);
	snprintf(a->device_id, sizeof(a->device_id), "%s", PQgetvalue(r, 0, 0));
	a->seq = strtoull(PQgetvalue(r, 0, 1), NULL, 10);
	snprintf(a->imported, sizeof(a->imported), "%s", PQgetvalue(r, 0, 2));
	PQclear(r);
	/* A row at a time: the whole result would grow with the bundle. */
	return hubpg_each(pg, items, &p, "reading imported bundles", ack_row, &w, err) < 0 ?
		-1 : 0;
}

int hubpg_conflicts_each(struct hubstore *hs,
			 int (*fn)(const struct hub_conflict_row *, void *), void *arg,
			 struct err *err)
{
	static const char sql[] =
		"SELECT c.appraisal_uuid, r.staff_number, s.name, c.content_hash,"
		" r.device_id, r.updated_at, (SELECT b.file FROM hub_revision_bundles rb"
		"   JOIN hub_bundles b ON b.bundle_id = rb.bundle_id"
		"   WHERE rb.appraisal_uuid = c.appraisal_uuid AND rb.revision = c.revision"
		"   AND rb.content_hash = c.content_hash ORDER BY b.file LIMIT 1),"
		" c.revision, (h.content_hash IS NOT NULL)::int, r.content, c.reason,"
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
	PGresult *r = hubpg_run(HUBPG(hs), sql, NULL, "reading conflicts", err);
	int stop = 0;

	if (!r)
		return -1;
	for (int k = 0; !stop && k < PQntuples(r); k++) {
		unsigned char key[BUNDLE_PK];
		size_t clen;
		unsigned char *content = hubpg_blob_dup(r, k, 9, &clen);
		struct hub_conflict_row row = {
			.uuid = hubpg_text(r, k, 0),
			.staff_number = hubpg_text(r, k, 1),
			.name = hubpg_text(r, k, 2),
			.hash = hubpg_text(r, k, 3),
			.device_id = hubpg_text(r, k, 4),
			.updated_at = hubpg_text(r, k, 5),
			.bundle_file = hubpg_text(r, k, 6),
			.revision = strtoll(PQgetvalue(r, k, 7), NULL, 10),
			.in_use = atoi(PQgetvalue(r, k, 8)),
			.content = content,
			.content_len = clen,
			.stranger = !strcmp(PQgetvalue(r, k, 10), "owner"),
			.sign_key = hubpg_blob(r, k, 11, key, BUNDLE_PK) ? key : NULL,
		};
		stop = fn(&row, arg);
		free(content);
	}
	PQclear(r);
	return 0;
}
