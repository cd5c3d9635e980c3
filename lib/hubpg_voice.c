/*
 * hubpg_voice.c - "how it went" at a PostgreSQL hub (the voice_* half of
 * hubstore.h): store_voice.c's hub statements in PostgreSQL's dialect, with
 * the same rule for the answer that counts, the same audit entries (which
 * name no appraisal) and the answers in ballot order.
 */
#include <stdlib.h>
#include <string.h>

#include "hubpg_int.h"
#include "util.h"
#include "voice.h"

int hubpg_voice_seen(struct hubstore *hs, const char *response_id, struct err *err)
{
	static const char sql[] = "SELECT 1 FROM hub_voice_seen WHERE response_id = $1";
	struct pgp p = { .n = 0 };
	long long k;

	pgp_text(&p, response_id);
	k = hubpg_exec(HUBPG(hs), sql, &p, "reading the answers seen", err);
	return k < 0 ? -1 : k > 0;
}

int hubpg_voice_put(struct hubstore *hs, const struct voice_response *v,
		    const char *response_id, const void *sealed, size_t len,
		    int *result, struct err *err)
{
	static const char seen[] =
		"INSERT INTO hub_voice_seen(response_id) VALUES ($1) ON CONFLICT DO NOTHING";
	static const char get[] =
		"SELECT number, response_id FROM hub_voice WHERE ballot = $1";
	static const char put[] =
		"INSERT INTO hub_voice(ballot, response_id, number, station, quarter, sealed)"
		" VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (ballot) DO UPDATE SET"
		" response_id = excluded.response_id, number = excluded.number,"
		" station = excluded.station, quarter = excluded.quarter,"
		" sealed = excluded.sealed";
	struct hubpg *pg = HUBPG(hs);
	struct pgp p = { .n = 0 }, q = { .n = 0 };
	PGresult *r;
	int have, newer = 1;

	*result = 0;
	pgp_text(&p, response_id);
	if (hubpg_exec(pg, seen, &p, "remembering the answers", err) < 0)
		return -1;
	pgp_text(&q, v->ballot);
	if (!(r = hubpg_run(pg, get, &q, "reading the answers kept", err)))
		return -1;
	if ((have = PQntuples(r) > 0)) {
		long long number = strtoll(PQgetvalue(r, 0, 0), NULL, 10);

		newer = v->number > number ||
			(v->number == number && strcmp(response_id, PQgetvalue(r, 0, 1)) < 0);
	}
	PQclear(r);
	if (have) {
		*result = newer ? 1 : 2;
		/* Audited without the ballot: the hub's log names no appraisal. */
		if (hubpg_audit(hs, newer ? "voice-replaced" : "voice-superseded",
				newer ? "a later answer on one appraisal replaces the earlier"
				: "an earlier answer on one appraisal arrived after the later",
				err) < 0)
			return -1;
		if (!newer)
			return 0;
	}
	pgp_text(&q, response_id);
	pgp_int(&q, v->number);
	pgp_text(&q, v->station);
	pgp_text(&q, v->quarter);
	pgp_blob(&q, sealed, len);
	return hubpg_exec(pg, put, &q, "keeping the answers", err) < 0 ? -1 : 0;
}

struct voice_walk {
	int (*fn)(const char *, const char *, const unsigned char *, size_t, void *);
	void *arg;
};

static int voice_one(const PGresult *r, void *arg)
{
	struct voice_walk *w = arg;
	size_t len;
	unsigned char *b = hubpg_blob_dup(r, 0, 2, &len);
	int stop = w->fn(PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1), b, len, w->arg);

	free(b);
	return stop;
}

/* A row at a time: the trust's answers could be many. */
int hubpg_voice_each(struct hubstore *hs,
		     int (*fn)(const char *, const char *, const unsigned char *, size_t,
			       void *),
		     void *arg, struct err *err)
{
	static const char sql[] =
		"SELECT station, quarter, sealed FROM hub_voice ORDER BY ballot";
	struct voice_walk w = { fn, arg };

	return hubpg_each(HUBPG(hs), sql, NULL, "reading the answers", voice_one, &w, err);
}
