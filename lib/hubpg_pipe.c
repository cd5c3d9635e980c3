/*
 * hubpg_pipe.c - the import's statements sent in libpq's pipeline mode
 * (see hubpg_int.h): a staff member's statement goes without waiting for
 * its answer, and the appraisal after it in the same round trip; each
 * prepared once per connection, so the server parses and plans it once.
 */
#include <stdio.h>
#include <string.h>

#include "hubpg_int.h"
#include "util.h"

static int pipe_broken(struct hubpg *pg, const char *what, struct err *err)
{
	return err_set(err, "%s: %s: %s", pg->name, what, PQerrorMessage(pg->conn));
}

int hubpg_pipe_send(struct hubpg *pg, int k, const char *sql, const struct pgp *p,
		    int keep, const char *who, const char *what, struct err *err)
{
	char name[16];

	if (pg->npipe + 2 > HUBPG_PIPE_MAX && hubpg_apps_finish(pg, err) < 0)
		return -1;
	if (!pg->piped) {
		if (PQenterPipelineMode(pg->conn) != 1)
			return pipe_broken(pg, what, err);
		pg->piped = 1;
		pg->npipe = 0;
	}
	snprintf(name, sizeof(name), "eadr_%d", k);
	if (!(pg->prepared & 1u << k)) {
		if (PQsendPrepare(pg->conn, name, sql, p->n, NULL) != 1)
			return pipe_broken(pg, what, err);
		pg->prepared |= 1u << k;
		pg->pipe[pg->npipe].prep = k + 1;
		pg->pipe[pg->npipe].keep = 0;
		snprintf(pg->pipe[pg->npipe].who, sizeof(pg->pipe[0].who), "%s", who);
		pg->pipe[pg->npipe++].what = what;
	}
	if (PQsendQueryPrepared(pg->conn, name, p->n, p->v, p->len, p->fmt, 0) != 1)
		return pipe_broken(pg, what, err);
	pg->pipe[pg->npipe].prep = 0;
	pg->pipe[pg->npipe].keep = keep;
	snprintf(pg->pipe[pg->npipe].who, sizeof(pg->pipe[0].who), "%s", who);
	pg->pipe[pg->npipe++].what = what;
	return 0;
}

/* One statement's result; 0, else -1 with err (when it is the first). */
static int pipe_result(struct hubpg *pg, int i, PGresult **keep, int rc, struct err *err)
{
	PGresult *r = PQgetResult(pg->conn), *more;
	ExecStatusType s = PQresultStatus(r);

	if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK) {
		if (keep)
			*keep = r;
		else
			PQclear(r);
	} else {
		if (pg->pipe[i].prep)	/* prepare it again next time */
			pg->prepared &= ~(1u << (pg->pipe[i].prep - 1));
		if (!rc) {
			const char *m = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;

			err_set(err, "%s%s%s: %s: %s", pg->pipe[i].who,
				*pg->pipe[i].who ? ": " : "", pg->name, pg->pipe[i].what,
				m ? m : s == PGRES_PIPELINE_ABORTED ? "abandoned" :
				PQerrorMessage(pg->conn));
		}
		PQclear(r);
		rc = -1;
	}
	if (r && s != PGRES_PIPELINE_SYNC)
		while ((more = PQgetResult(pg->conn)))
			PQclear(more);
	return rc;
}

int hubpg_pipe_end(struct hubpg *pg, PGresult **kept, size_t nkept, struct err *err)
{
	PGresult *r;
	size_t nk = 0;
	int rc = 0;

	for (size_t k = 0; k < nkept; k++)
		kept[k] = NULL;
	if (!pg->piped)
		return 0;
	if (PQpipelineSync(pg->conn) != 1)
		rc = pipe_broken(pg, "sending", err);
	for (int i = 0; i < pg->npipe; i++)
		rc = pipe_result(pg, i, pg->pipe[i].keep && nk < nkept ? &kept[nk++] : NULL,
				 rc, err);
	/* up to the sync */
	while ((r = PQgetResult(pg->conn))) {
		ExecStatusType s = PQresultStatus(r);

		PQclear(r);
		if (s == PGRES_PIPELINE_SYNC)
			break;
	}
	if (PQexitPipelineMode(pg->conn) != 1 && !rc)
		rc = pipe_broken(pg, "ending a pipeline", err);
	pg->piped = 0;
	pg->npipe = 0;
	for (size_t k = 0; rc < 0 && k < nkept; k++) {
		PQclear(kept[k]);
		kept[k] = NULL;
	}
	return rc;
}

void hubpg_pipe_drop(struct hubpg *pg)
{
	struct err e = ERR_INIT;

	hubpg_pipe_end(pg, NULL, 0, &e);
	err_release(&e);
}
