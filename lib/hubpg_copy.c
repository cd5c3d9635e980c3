/*
 * hubpg_copy.c - eadr hub migrate-to: a SQLite hub copied into PostgreSQL
 * (see hubstore.h), table by table with COPY in one transaction, the row
 * ids kept (so the answers still point at their appraisals) and the
 * identity sequences moved past them, then both sides counted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hubpg_int.h"
#include "store_copy.h"
#include "util.h"

/* Every table of the PostgreSQL hub, parents first, and the columns both
 * back ends share; id: it has an identity column to move on. */
static const struct {
	const char *table, *cols;
	int id;
} tables[] = {
	{ "sync_keys", "name, public, secret, created_at", 0 },
	{ "staff", "staff_number, uuid, name, role, band, station, email, due,"
	  " device_id, revision, created_at, updated_at", 0 },
	{ "forms", "hash, form_id, version, source, added_at", 0 },
	{ "appraisals", "id, uuid, staff_number, appraiser, form_id, form_version,"
	  " form_hash, state, revision, device_id, created_at, updated_at,"
	  " meeting_date, next_due, synced_revision", 1 },
	{ "answers", "appraisal_id, path, value, private, uuid, device_id, revision,"
	  " updated_at", 0 },
	{ "pdp_goals", "id, uuid, appraisal_id, position, need, goal, kind, category,"
	  " priority, target_date, support, status, follows_up, device_id, revision,"
	  " created_at, updated_at", 1 },
	{ "signoffs", "id, uuid, appraisal_id, role, name, comments, signed_at,"
	  " device_id, revision", 1 },
	{ "audit", "id, at, device_id, appraisal_uuid, staff_number, action, detail", 1 },
	{ "hub_devices", "sign_key, device_id, first_seen, last_seen, max_seq, state,"
	  " state_at", 0 },
	{ "hub_bundles", "bundle_id, device_id, seq, created_at, imported_at, file,"
	  " encrypted, sign_key", 0 },
	{ "hub_revisions", "id, appraisal_uuid, revision, content_hash, device_id,"
	  " staff_number, updated_at, content", 1 },
	{ "hub_revision_bundles", "bundle_id, appraisal_uuid, revision, content_hash", 0 },
	{ "hub_current", "appraisal_uuid, revision, content_hash", 0 },
	{ "hub_staff", "staff_number, updated_at, revision, content_hash", 0 },
	{ "hub_conflicts", "appraisal_uuid, revision, content_hash, resolved_at, reason", 0 },
	{ "hub_waiting", "bundle_id, sign_key, device_id, seq, created_at, received_at,"
	  " file, data", 0 },
	{ "hub_owners", "appraisal_uuid, sign_key, since", 0 },
	{ "hub_feedback_requests", "id, staff_number, device_id, close_on, n_self,"
	  " n_manager, n_peer, n_report, n_other, released_on", 0 },
	{ "hub_feedback_codes", "code_hash, request_id, grp", 0 },
	{ "hub_feedback_responses", "code_hash, response_id, number, submitted_on,"
	  " sealed", 0 },
	{ "hub_feedback_seen", "response_id", 0 },
	{ "hub_feedback_reports", "request_id, released_on, report", 0 },
	{ "hub_feedback_waiting", "response_id, code_hash, sealed, arrived_on", 0 },
	{ "hub_voice", "ballot, response_id, number, station, quarter, sealed", 0 },
	{ "hub_voice_seen", "response_id", 0 },
	{ "hub_prepare_requests", "code_hash, device_id, appraisal_uuid, form_id,"
	  " form_version, expired", 0 },
	{ "hub_prepare_answers", "code_hash, from_device, form_id, form_version,"
	  " saved_on, salt, box", 0 },
};
#define NTABLES (sizeof(tables) / sizeof(tables[0]))

/* One COPY in progress: rows gathered and sent in pieces. */
struct copy {
	struct hubpg *pg;
	struct sbuf buf;
	long long rows;
	int failed;
};

static int copy_flush(struct copy *c)
{
	if (c->buf.len && PQputCopyData(c->pg->conn, c->buf.buf, (int)c->buf.len) != 1)
		c->failed = 1;
	c->buf.len = 0;
	if (c->buf.buf)
		c->buf.buf[0] = '\0';
	return c->failed;
}

void hubpg_copy_text(struct sbuf *sb, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		switch (s[i]) {
		case '\\': sbuf_adds(sb, "\\\\"); break;
		case '\t': sbuf_adds(sb, "\\t"); break;
		case '\n': sbuf_adds(sb, "\\n"); break;
		case '\r': sbuf_adds(sb, "\\r"); break;
		default: sbuf_addch(sb, s[i]);
		}
	}
}

void hubpg_copy_blob(struct sbuf *sb, const unsigned char *b, size_t len)
{
	static const char hex[] = "0123456789abcdef";

	sbuf_adds(sb, "\\\\x");
	for (size_t i = 0; i < len; i++) {
		sbuf_addch(sb, hex[b[i] >> 4]);
		sbuf_addch(sb, hex[b[i] & 15]);
	}
}

static int copy_row(const struct store_cell *cells, int n, void *arg)
{
	struct copy *c = arg;

	for (int i = 0; i < n; i++) {
		if (i)
			sbuf_addch(&c->buf, '\t');
		if (cells[i].type == STORE_CELL_NULL)
			sbuf_adds(&c->buf, "\\N");
		else if (cells[i].type == STORE_CELL_BLOB)
			hubpg_copy_blob(&c->buf, cells[i].v, cells[i].len);
		else
			hubpg_copy_text(&c->buf, cells[i].v, cells[i].len);
	}
	sbuf_addch(&c->buf, '\n');
	c->rows++;
	return c->buf.len >= 1 << 16 ? copy_flush(c) : 0;
}

int hubpg_copy_begin(struct hubpg *pg, const char *sql, const char *what,
		     struct err *err)
{
	PGresult *r;
	int ok;

	if (hubpg_apps_finish(pg, err) < 0)
		return -1;
	r = PQexec(pg->conn, sql);
	ok = PQresultStatus(r) == PGRES_COPY_IN;

	if (!ok)
		err_set(err, "%s: %s: %s", pg->name, what,
			PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) ?
			PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) :
			PQerrorMessage(pg->conn));
	PQclear(r);
	return ok ? 0 : -1;
}

int hubpg_copy_end(struct hubpg *pg, int failed, const char *what, struct err *err)
{
	PGresult *r;
	int rc = 0;

	if (PQputCopyEnd(pg->conn, failed ? "abandoned" : NULL) != 1)
		failed = 1;
	while ((r = PQgetResult(pg->conn))) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK && !rc)
			rc = err_set(err, "%s: %s: %s", pg->name, what,
				     PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) ?
				     PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) :
				     PQerrorMessage(pg->conn));
		PQclear(r);
	}
	if (failed && !rc)
		rc = err_set(err, "%s: %s: %s", pg->name, what, PQerrorMessage(pg->conn));
	return rc;
}

/* Table t of st into pg with COPY. */
static int copy_table(struct store *st, struct hubpg *pg, size_t t, struct err *err)
{
	struct copy c = { pg, SBUF_INIT, 0, 0 };
	struct sbuf sql = SBUF_INIT;
	int rc;

	sbuf_addf(&sql, "COPY %s(%s) FROM STDIN", tables[t].table, tables[t].cols);
	if (hubpg_copy_begin(pg, sql.buf, "copying the hub", err) < 0) {
		sbuf_release(&sql);
		return -1;
	}
	sbuf_release(&sql);
	rc = store_table_each(st, tables[t].table, tables[t].cols, copy_row, &c, err);
	if (rc == 0)
		copy_flush(&c);
	sbuf_release(&c.buf);
	if (rc < 0) {
		hubpg_copy_end(pg, 1, "copying the hub", NULL);
		return -1;
	}
	return hubpg_copy_end(pg, c.failed, tables[t].table, err);
}

static long long pg_count(struct hubpg *pg, const char *table, struct err *err)
{
	struct sbuf sql = SBUF_INIT;
	PGresult *r;
	long long n = -1;

	sbuf_addf(&sql, "SELECT count(*) FROM %s", table);
	if ((r = hubpg_run(pg, sql.buf, NULL, "counting the hub's rows", err))) {
		n = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
		PQclear(r);
	}
	sbuf_release(&sql);
	return n;
}

/* Rows in the target already: 0, the first table holding some (its count
 * in *n), or -1. */
static int target_rows(struct hubpg *pg, size_t *which, long long *n, struct err *err)
{
	for (size_t t = 0; t < NTABLES; t++) {
		if ((*n = pg_count(pg, tables[t].table, err)) < 0)
			return -1;
		if (*n > 0) {
			*which = t;
			return 1;
		}
	}
	return 0;
}

static int empty_target(struct hubpg *pg, struct err *err)
{
	struct sbuf sql = SBUF_INIT;
	long long rc;

	sbuf_adds(&sql, "TRUNCATE ");
	for (size_t t = 0; t < NTABLES; t++)
		sbuf_addf(&sql, "%s%s", t ? ", " : "", tables[t].table);
	sbuf_adds(&sql, " RESTART IDENTITY");
	rc = hubpg_exec(pg, sql.buf, NULL, "emptying the target", err);
	sbuf_release(&sql);
	return rc < 0 ? -1 : 0;
}

/* Move each identity sequence past the ids copied, and take the SQLite
 * hub's identity for the audit entries to come. */
static int finish(struct hubpg *pg, struct store *st, struct err *err)
{
	static const char ident[] = "UPDATE meta SET value = $1 WHERE key = 'device_id'";
	struct pgp p = { .n = 0 };

	for (size_t t = 0; t < NTABLES; t++) {
		struct sbuf sql = SBUF_INIT;
		long long rc;

		if (!tables[t].id)
			continue;
		sbuf_addf(&sql, "SELECT setval(pg_get_serial_sequence('%s', 'id'),"
			  " coalesce(max(id), 0) + 1, false) FROM %s", tables[t].table,
			  tables[t].table);
		rc = hubpg_exec(pg, sql.buf, NULL, "moving the row ids on", err);
		sbuf_release(&sql);
		if (rc < 0)
			return -1;
	}
	pgp_text(&p, store_device_id(st));
	if (hubpg_exec(pg, ident, &p, "keeping the hub's identity", err) < 0)
		return -1;
	snprintf(pg->device_id, sizeof(pg->device_id), "%s", store_device_id(st));
	return 0;
}

/* Copy every table and count both sides into counts; 1 when a count differs. */
static int copy_all(struct store *st, struct hubpg *pg, struct hubstore_count *counts,
		    struct err *err)
{
	int differ = 0;

	for (size_t t = 0; t < NTABLES; t++) {
		counts[t].table = tables[t].table;
		if ((counts[t].from = store_table_count(st, tables[t].table, err)) < 0 ||
		    copy_table(st, pg, t, err) < 0 ||
		    (counts[t].to = pg_count(pg, tables[t].table, err)) < 0)
			return err_prefix(err, "%s", tables[t].table);
		differ |= counts[t].from != counts[t].to;
	}
	return differ;
}

int hubstore_migrate_to_pg(struct store *st, const char *conninfo, int replace,
			   struct hubstore_count **counts, size_t *n, struct err *err)
{
	struct hubstore *hs = hubstore_open_pg(conninfo, err);
	struct hubpg *pg;
	struct sbuf detail = SBUF_INIT;
	size_t which = 0;
	long long have = 0;
	int rc = -1, differ;

	*counts = NULL;
	*n = 0;
	if (!hs)
		return -1;
	pg = HUBPG(hs);
	if (hubpg_begin(hs, err) < 0)
		goto out;
	if ((rc = target_rows(pg, &which, &have, err)) != 0) {
		if (rc > 0 && !replace)
			err_set(err, "%s is not empty (%lld rows in %s): give --replace to "
				"empty it first (its audit log too)", conninfo, have,
				tables[which].table);
		if (rc < 0 || !replace || empty_target(pg, err) < 0)
			goto fail;
	}
	*counts = memset(xmalloc(NTABLES * sizeof(**counts)), 0, NTABLES * sizeof(**counts));
	*n = NTABLES;
	if ((differ = copy_all(st, pg, *counts, err)) < 0 || finish(pg, st, err) < 0)
		goto fail;
	if (differ) {
		hubpg_rollback(hs);
		rc = 1;
		goto out;
	}
	sbuf_addf(&detail, "copied from the SQLite hub %s%s", store_path(st),
		  replace ? ", replacing what was here" : "");
	if (hubpg_audit(hs, "hub-migrate", detail.buf, err) < 0)
		goto fail;
	rc = hubpg_commit(hs, err) < 0 ? -1 : 0;
	goto out;
fail:
	rc = -1;
	hubpg_rollback(hs);
out:
	sbuf_release(&detail);
	hubstore_close(hs);
	return rc;
}
