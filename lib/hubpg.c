/*
 * hubpg.c - the hub on PostgreSQL (see hubstore.h): the connection, its
 * migrations (schema/pg/), and the merge of bundles, statement for
 * statement what store_hub.c does in SQLite.  Every change holds one
 * transaction-level advisory lock, so two imports at once take turns and
 * the bundle ledger makes the second skip what the first merged (why one
 * lock and not one per device: doc/SCALING.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lazy.h"
#include "hubpg_int.h"
#include "util.h"

extern const char *const hubpg_migrations[];
extern const size_t hubpg_migration_count;

/* The advisory lock every change of the hub holds ('eadr' in ASCII). */
#define HUBPG_LOCK "1700881522"

/* ---- parameters and results ---- */

void pgp_text(struct pgp *p, const char *s)
{
	p->v[p->n] = s;
	p->len[p->n] = 0;
	p->fmt[p->n++] = 0;
}

void pgp_int(struct pgp *p, long long v)
{
	snprintf(p->num[p->n], sizeof(p->num[0]), "%lld", v);
	pgp_text(p, p->num[p->n]);
}

void pgp_blob(struct pgp *p, const void *b, size_t len)
{
	p->v[p->n] = b;
	p->len[p->n] = (int)len;
	p->fmt[p->n++] = 1;
}

PGresult *hubpg_run(struct hubpg *pg, const char *sql, const struct pgp *p,
		    const char *what, struct err *err)
{
	PGresult *r;
	ExecStatusType s;

	if (hubpg_apps_finish(pg, err) < 0)
		return NULL;
	r = PQexecParams(pg->conn, sql, p ? p->n : 0, NULL, p ? p->v : NULL,
				   p ? p->len : NULL, p ? p->fmt : NULL, 0);
	s = PQresultStatus(r);

	if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK)
		return r;
	err_set(err, "%s: %s: %s", pg->name, what, PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) ?
		PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : PQerrorMessage(pg->conn));
	PQclear(r);
	return NULL;
}

long long hubpg_exec(struct hubpg *pg, const char *sql, const struct pgp *p,
		     const char *what, struct err *err)
{
	PGresult *r = hubpg_run(pg, sql, p, what, err);
	long long n;

	if (!r)
		return -1;
	n = PQresultStatus(r) == PGRES_TUPLES_OK ? PQntuples(r) :
		strtoll(PQcmdTuples(r), NULL, 10);
	PQclear(r);
	return n;
}

const char *hubpg_text(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

unsigned char *hubpg_blob_dup(const PGresult *r, int row, int col, size_t *len)
{
	unsigned char *u, *c;

	*len = 0;
	if (PQgetisnull(r, row, col) ||
	    !(u = PQunescapeBytea((const unsigned char *)PQgetvalue(r, row, col), len)))
		return xmalloc(1);
	c = memcpy(xmalloc(*len + 1), u, *len);
	PQfreemem(u);
	return c;
}

int hubpg_blob(const PGresult *r, int row, int col, unsigned char *out, size_t len)
{
	size_t n;
	unsigned char *b = hubpg_blob_dup(r, row, col, &n);
	int ok = n == len;

	if (ok)
		memcpy(out, b, len);
	free(b);
	return ok;
}

/* ---- the connection ---- */

static const char *pg_name(struct hubstore *hs) { return HUBPG(hs)->name; }

static void pg_close(struct hubstore *hs)
{
	struct hubpg *pg = HUBPG(hs);

	hubpg_apps_drop(pg);
	hubpg_rows_drop(pg);
	PQfinish(pg->conn);
	free(pg->name);
	free(pg);
}

int hubpg_begin(struct hubstore *hs, struct err *err)
{
	struct hubpg *pg = HUBPG(hs);

	if (pg->depth++ > 0)
		return 0;
	pg->failed = 0;
	pg->left = pg->held = 0;
	if (hubpg_exec(pg, "BEGIN", NULL, "starting a change", err) < 0 ||
	    hubpg_exec(pg, "SELECT pg_advisory_xact_lock(" HUBPG_LOCK ")", NULL,
		       "waiting for another change of the hub", err) < 0) {
		PQclear(PQexec(pg->conn, "ROLLBACK"));
		pg->depth = 0;
		return -1;
	}
	return 0;
}

int hubpg_commit(struct hubstore *hs, struct err *err)
{
	struct hubpg *pg = HUBPG(hs);

	if (pg->depth <= 0)
		return err_set(err, "store: commit without begin");
	if (--pg->depth > 0)
		return 0;
	if (pg->failed) {
		hubpg_apps_drop(pg);
		hubpg_rows_drop(pg);
		PQclear(PQexec(pg->conn, "ROLLBACK"));
		return err_set(err, "%s: the change was abandoned", pg->name);
	}
	/* A statement that failed aborts the whole transaction on
	 * PostgreSQL, and COMMIT then rolls back without an error: never
	 * said as saved. */
	if (hubpg_apps_finish(pg, err) < 0 || hubpg_rows_flush(pg, err) < 0 ||
	    (PQtransactionStatus(pg->conn) == PQTRANS_INERROR &&
	     err_set(err, "%s: a statement of this change failed; nothing of it was "
		     "saved", pg->name) < 0) ||
	    hubpg_exec(pg, "COMMIT", NULL, "saving", err) < 0) {
		hubpg_apps_drop(pg);
		PQclear(PQexec(pg->conn, "ROLLBACK"));
		return -1;
	}
	return 0;
}

void hubpg_rollback(struct hubstore *hs)
{
	struct hubpg *pg = HUBPG(hs);

	if (pg->depth <= 0)
		return;
	if (--pg->depth > 0) {
		pg->failed = 1;
		return;
	}
	hubpg_apps_drop(pg);
	hubpg_rows_drop(pg);
	PQclear(PQexec(pg->conn, "ROLLBACK"));
}

/* Apply the migrations not yet recorded in hub_schema, each in its own
 * transaction, under a session lock so that two programs never race. */
static int migrate(struct hubpg *pg, struct err *err)
{
	static const char lock[] = "SELECT pg_advisory_lock(" HUBPG_LOCK ")";
	static const char unlock[] = "SELECT pg_advisory_unlock(" HUBPG_LOCK ")";
	static const char table[] =
		"CREATE TABLE IF NOT EXISTS hub_schema (version integer PRIMARY KEY,"
		" applied_at text NOT NULL)";
	static const char done[] = "SELECT 1 FROM hub_schema WHERE version = $1";
	static const char mark[] =
		"INSERT INTO hub_schema(version, applied_at) VALUES ($1, $2)";
	char now[STAMP_LEN + 1];
	int rc = -1;

	if (hubpg_exec(pg, lock, NULL, "waiting for another program", err) < 0)
		return -1;
	if (hubpg_exec(pg, table, NULL, "preparing the schema", err) < 0)
		goto out;
	for (size_t i = 0; i < hubpg_migration_count; i++) {
		struct pgp p = { .n = 0 };
		long long have;
		PGresult *r;

		pgp_int(&p, (long long)i + 1);
		if ((have = hubpg_exec(pg, done, &p, "reading the schema version", err)) < 0)
			goto out;
		if (have)
			continue;
		time_stamp(now);
		pgp_text(&p, now);
		if (hubpg_exec(pg, "BEGIN", NULL, "migrating", err) < 0)
			goto out;
		r = PQexec(pg->conn, hubpg_migrations[i]);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			err_set(err, "%s: schema/pg migration %zu failed: %s", pg->name, i + 1,
				PQerrorMessage(pg->conn));
			PQclear(r);
			PQclear(PQexec(pg->conn, "ROLLBACK"));
			goto out;
		}
		PQclear(r);
		if (hubpg_exec(pg, mark, &p, "recording the schema version", err) < 0 ||
		    hubpg_exec(pg, "COMMIT", NULL, "migrating", err) < 0) {
			PQclear(PQexec(pg->conn, "ROLLBACK"));
			goto out;
		}
	}
	rc = 0;
out:
	PQclear(PQexec(pg->conn, unlock));
	return rc;
}

/* This hub's device id for its audit entries: made once, kept in meta. */
static int load_identity(struct hubpg *pg, struct err *err)
{
	static const char put[] =
		"INSERT INTO meta(key, value) VALUES ('device_id', $1)"
		" ON CONFLICT (key) DO NOTHING";
	static const char get[] = "SELECT value FROM meta WHERE key = 'device_id'";
	struct pgp p = { .n = 0 };
	char id[UUID_LEN + 1];
	PGresult *r;

	if (uuid_new(id, err) < 0)
		return -1;
	pgp_text(&p, id);
	if (hubpg_exec(pg, put, &p, "making the hub's identity", err) < 0 ||
	    !(r = hubpg_run(pg, get, NULL, "reading the hub's identity", err)))
		return -1;
	if (PQntuples(r) == 1)
		snprintf(pg->device_id, sizeof(pg->device_id), "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	return 0;
}

/* A password in the connection string would show in the process list and
 * the shell's history: refused, with where it belongs instead. */
static int check_no_password(const char *conninfo, struct err *err)
{
	char *msg = NULL;
	PQconninfoOption *o = PQconninfoParse(conninfo, &msg), *i;
	int rc = 0;

	if (!o) {
		err_set(err, "'%s' is not a PostgreSQL connection string: %s", conninfo,
			msg ? msg : "cannot parse it");
		PQfreemem(msg);
		return -1;
	}
	for (i = o; i->keyword; i++)
		if (!strcmp(i->keyword, "password") && i->val && *i->val)
			rc = err_set(err, "the hub's connection string holds a password: "
				     "never give one on the command line or in EADR_HUB; "
				     "put it in ~/.pgpass (or the file $PGPASSFILE names)");
	PQconninfoFree(o);
	return rc;
}

/* ---- keys, audit, forms ---- */

static int pg_key_get(struct hubstore *hs, const char *name, unsigned char *pk,
		      size_t pklen, unsigned char *sk, size_t sklen, struct err *err)
{
	static const char sql[] = "SELECT public, secret FROM sync_keys WHERE name = $1";
	struct hubpg *pg = HUBPG(hs);
	struct pgp p = { .n = 0 };
	PGresult *r;
	int rc = 1;

	pgp_text(&p, name);
	if (!(r = hubpg_run(pg, sql, &p, "reading a key", err)))
		return -1;
	if (PQntuples(r) == 0)
		rc = 0;
	else if (!hubpg_blob(r, 0, 0, pk, pklen) || (sk && !hubpg_blob(r, 0, 1, sk, sklen)))
		rc = err_set(err, "%s: the %s key in the database is damaged", pg->name, name);
	PQclear(r);
	return rc;
}

static int pg_key_put(struct hubstore *hs, const char *name, const unsigned char *pk,
		      size_t pklen, const unsigned char *sk, size_t sklen,
		      struct err *err)
{
	static const char sql[] =
		"INSERT INTO sync_keys(name, public, secret, created_at) VALUES ($1, $2, $3, $4)"
		" ON CONFLICT (name) DO UPDATE SET public = excluded.public,"
		" secret = excluded.secret, created_at = excluded.created_at";
	struct pgp p = { .n = 0 };
	char now[STAMP_LEN + 1];

	time_stamp(now);
	pgp_text(&p, name);
	pgp_blob(&p, pk, pklen);
	if (sk)
		pgp_blob(&p, sk, sklen);
	else
		pgp_text(&p, NULL);
	pgp_text(&p, now);
	return hubpg_exec(HUBPG(hs), sql, &p, "keeping a key", err) < 0 ? -1 : 0;
}

int hubpg_audit(struct hubstore *hs, const char *action, const char *detail,
		struct err *err)
{
	static const char sql[] =
		"INSERT INTO audit(at, device_id, action, detail) VALUES ($1, $2, $3, $4)";
	struct pgp p = { .n = 0 };
	char now[STAMP_LEN + 1];

	time_stamp(now);
	pgp_text(&p, now);
	pgp_text(&p, HUBPG(hs)->device_id);
	pgp_text(&p, action);
	pgp_text(&p, detail ? detail : "");
	return hubpg_exec(HUBPG(hs), sql, &p, "writing the audit log", err) < 0 ? -1 : 0;
}

static int pg_form_put(struct hubstore *hs, const char *hash, const char *form_id,
		       const char *version, const char *source, struct err *err)
{
	static const char sql[] =
		"INSERT INTO forms(hash, form_id, version, source, added_at)"
		" VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING";
	struct pgp p = { .n = 0 };
	char now[STAMP_LEN + 1];

	time_stamp(now);
	pgp_text(&p, hash);
	pgp_text(&p, form_id);
	pgp_text(&p, version);
	pgp_text(&p, source);
	pgp_text(&p, now);
	return hubpg_exec(HUBPG(hs), sql, &p, "keeping the form", err) < 0 ? -1 : 0;
}

static const struct hubstore_ops hubpg_ops = {
	pg_name, pg_close, hubpg_begin, hubpg_commit, hubpg_rollback, pg_key_get,
	pg_key_put, hubpg_audit, pg_form_put, hubpg_bundle_known, hubpg_bundle_add,
	hubpg_staff, hubpg_appraisal, hubpg_adopt, hubpg_ack_each,
	hubpg_conflicts_each, hubpg_device_seen, hubpg_device_other,
	hubpg_devices_each, hubpg_device_set, hubpg_wait_add, hubpg_wait_list,
	hubpg_wait_get, hubpg_wait_del, hubpg_transfer, hubpg_held_each,
	hubpg_form_get, hubpg_forms_used_each, hubpg_categories_each,
	hubpg_stations_each, hubpg_tna_each, hubpg_outcomes_each,
	hubpg_appraisals_each, hubpg_completion_each, hubpg_counts,
	hubpg_fb_code, hubpg_fb_holder, hubpg_fb_request_put, hubpg_fb_request_get,
	hubpg_fb_seen, hubpg_fb_response_put, hubpg_fb_responses_each,
	hubpg_fb_release, hubpg_fb_report, hubpg_fb_wait_put, hubpg_fb_wait_each,
	hubpg_fb_wait_del, hubpg_fb_back_get, hubpg_fb_back_requests,
	hubpg_fb_staff_name, hubpg_voice_seen, hubpg_voice_put, hubpg_voice_each,
	hubpg_prep_request, hubpg_prep_answers, hubpg_prep_back_each,
	.fb_wait_ages = hubpg_fb_wait_ages,
	.fb_wait_purge = hubpg_fb_wait_purge,
};

int hubstore_have_pg(void)
{
	return 1;
}

struct hubstore *hubstore_open_pg(const char *conninfo, struct err *err)
{
	struct hubpg *pg;
	struct hubstore *hs;

	/* libpq is opened now, not at every start of eadr (lazy.h) */
	if (lazy_open(EADR_PQ_SONAME, err) < 0 || check_no_password(conninfo, err) < 0)
		return NULL;
	pg = xmalloc(sizeof(*pg));
	memset(pg, 0, sizeof(*pg));
	pg->name = xstrdup(conninfo);
	for (int k = 0; k < 3; k++)
		sbuf_init(&pg->rows[k], 0);
	pg->conn = PQconnectdb(conninfo);
	if (PQstatus(pg->conn) != CONNECTION_OK) {
		char *m = PQerrorMessage(pg->conn);
		size_t n = strlen(m);

		while (n && (m[n - 1] == '\n' || m[n - 1] == ' '))
			n--;
		err_set(err, "cannot open the hub %s: %.*s", conninfo, (int)n, m);
		goto fail;
	}
	if (PQsetClientEncoding(pg->conn, "UTF8") != 0) {
		err_set(err, "%s: cannot speak UTF-8 to the server", conninfo);
		goto fail;
	}
	PQclear(PQexec(pg->conn, "SET client_min_messages = warning"));
	if (migrate(pg, err) < 0 || load_identity(pg, err) < 0)
		goto fail;
	hs = xmalloc(sizeof(*hs));
	hs->ops = &hubpg_ops;
	hs->impl = pg;
	hs->owned = 1;
	return hs;
fail:
	PQfinish(pg->conn);
	free(pg->name);
	free(pg);
	return NULL;
}
