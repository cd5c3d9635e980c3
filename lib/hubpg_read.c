/*
 * hubpg_read.c - what exports and reports read from a PostgreSQL hub (see
 * the reading half of hubstore.h): store_export.c's queries in
 * PostgreSQL's dialect, giving the same rows in the same order, streamed
 * a row at a time (single-row mode) so memory stays flat at any size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hubpg_int.h"
#include "util.h"

/* The appraisal date, and the filters ($1 from, $2 to, $3 station) as
 * store_export.c's: stations match ignoring ASCII case, as NOCASE. */
#define PG_DATE(a) "coalesce(" a ".meeting_date, substr(" a ".updated_at, 1, 10))"
#define PG_FILTER \
	" ($1::text IS NULL OR " PG_DATE("a") " >= $1)" \
	" AND ($2::text IS NULL OR " PG_DATE("a") " <= $2)" \
	" AND ($3::text IS NULL OR lower(s.station) = lower($3 COLLATE \"C\"))"

/* Column c as text, "" for NULL (borrowed from r). */
static const char *col(const PGresult *r, int c)
{
	return PQgetisnull(r, 0, c) ? "" : PQgetvalue(r, 0, c);
}

static long long num(const PGresult *r, int c)
{
	return PQgetisnull(r, 0, c) ? 0 : strtoll(PQgetvalue(r, 0, c), NULL, 10);
}

/*
 * Run sql with p, calling row(r, arg) with each row as it arrives (row 0
 * of r).  row's non-zero return stops the calls (the rest is read and
 * dropped) and is returned; 0 when all were read; -1 with err.
 */
static int each(struct hubpg *pg, const char *sql, const struct pgp *p,
		const char *what, int (*row)(const PGresult *r, void *arg), void *arg,
		struct err *err)
{
	PGresult *r;
	int stop = 0, failed = 0;

	if (!PQsendQueryParams(pg->conn, sql, p ? p->n : 0, NULL, p ? p->v : NULL,
			       p ? p->len : NULL, p ? p->fmt : NULL, 0))
		return err_set(err, "%s: %s: %s", pg->name, what, PQerrorMessage(pg->conn));
	PQsetSingleRowMode(pg->conn);
	while ((r = PQgetResult(pg->conn))) {
		ExecStatusType s = PQresultStatus(r);

		if (s == PGRES_SINGLE_TUPLE) {
			if (!stop && !failed)
				stop = row(r, arg);
		} else if (s != PGRES_TUPLES_OK && !failed) {
			const char *m = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);

			failed = 1;
			err_set(err, "%s: %s: %s", pg->name, what,
				m ? m : PQerrorMessage(pg->conn));
		}
		PQclear(r);
	}
	return failed ? -1 : stop;
}

static void filter_params(struct pgp *p, const struct export_filter *f)
{
	pgp_text(p, f ? f->from : NULL);
	pgp_text(p, f ? f->to : NULL);
	pgp_text(p, f ? f->station : NULL);
	pgp_text(p, f ? f->category : NULL);
}

/* ---- the TNA ---- */

struct tna_walk {
	int (*fn)(const struct tna_row *, void *);
	void *arg;
};

static int tna_one(const PGresult *res, void *arg)
{
	struct tna_walk *w = arg;
	struct tna_row r;

	r.staff_number = col(res, 0);
	r.name = col(res, 1);
	r.role = col(res, 2);
	r.band = col(res, 3);
	r.station = col(res, 4);
	r.appraiser = col(res, 5);
	r.appraisal_date = col(res, 6);
	r.form_id = col(res, 7);
	r.form_version = col(res, 8);
	r.state = col(res, 9);
	r.appraisal_uuid = col(res, 10);
	r.need = col(res, 11);
	r.goal = col(res, 12);
	r.kind = col(res, 13);
	r.category = col(res, 14);
	r.priority = col(res, 15);
	r.target_date = col(res, 16);
	r.support = col(res, 17);
	r.status = col(res, 18);
	r.follows_up = col(res, 19);
	r.follows_up_uuid = col(res, 20);
	r.position = (int)num(res, 21);
	r.form_hash = col(res, 22);
	r.goal_uuid = col(res, 23);
	r.cost = col(res, 24);
	r.funder = col(res, 25);
	r.tna_year = r.kind_label = r.category_label = "";
	r.priority_label = r.funder_label = "";
	return w->fn(&r, w->arg);
}

int hubpg_tna_each(struct hubstore *hs, const struct export_filter *f,
		       const char *pdp_paths,
		       int (*fn)(const struct tna_row *, void *), void *arg,
		       struct err *err)
{
	/* store_tna_each_with's query; a hub's values are never encrypted. */
	static const char sql[] =
		"SELECT s.staff_number, s.name, s.role, s.band, s.station, a.appraiser,"
		" " PG_DATE("a") ", a.form_id, a.form_version, a.state, a.uuid,"
		" g.need, g.goal, g.kind, g.category, g.priority, g.target_date,"
		" g.support, g.status, coalesce(p.goal, g.follows_up), g.follows_up,"
		" g.position, a.form_hash, g.uuid, xc.value, xf.value"
		" FROM pdp_goals g"
		" JOIN appraisals a ON a.id = g.appraisal_id"
		" JOIN staff s ON s.staff_number = a.staff_number"
		" LEFT JOIN pdp_goals p ON p.uuid = g.follows_up"
		" LEFT JOIN jsonb_each_text($5::jsonb) m ON m.key = a.form_hash"
		" LEFT JOIN answers xc ON xc.appraisal_id = a.id AND xc.private = 0"
		"  AND xc.path = m.value || '[' || g.position || '].cost'"
		" LEFT JOIN answers xf ON xf.appraisal_id = a.id AND xf.private = 0"
		"  AND xf.path = m.value || '[' || g.position || '].funder'"
		" WHERE a.state = 'final' AND" PG_FILTER
		" AND ($4::text IS NULL OR lower(g.category) = lower($4 COLLATE \"C\"))"
		" ORDER BY s.station, s.name, s.staff_number, 7, a.id, g.position";
	struct tna_walk w = { fn, arg };
	struct pgp p = { .n = 0 };

	filter_params(&p, f);
	pgp_text(&p, pdp_paths ? pdp_paths : "{}");
	return each(HUBPG(hs), sql, &p, "reading PDP goals", tna_one, &w, err);
}

/* ---- last year's outcomes ---- */

struct outcome_walk {
	int (*fn)(const struct outcome_row *, void *);
	void *arg;
};

static int outcome_one(const PGresult *r, void *arg)
{
	struct outcome_walk *w = arg;
	struct outcome_row o = {
		col(r, 0), col(r, 1), col(r, 2), col(r, 3), col(r, 4),
		col(r, 5), col(r, 6), col(r, 7), col(r, 8),
		col(r, 9), col(r, 10), col(r, 11),
		col(r, 12), col(r, 13), col(r, 14), col(r, 15), col(r, 16),
		col(r, 17), (int)num(r, 18),
		"", "", "", "", "",
	};

	return w->fn(&o, w->arg);
}

int hubpg_outcomes_each(struct hubstore *hs, const struct export_filter *f,
			    const char *review_lists,
			    int (*fn)(const struct outcome_row *, void *), void *arg,
			    struct err *err)
{
	/* store_outcomes_each's query: an item's number is the digits after
	 * "<list>[" (SQLite's CAST reads them the same way). */
	static const char sql[] =
		"WITH h AS MATERIALIZED (SELECT a.id, a.uuid, a.created_at, a.form_hash,"
		"  s.staff_number, s.name, s.role, s.band, s.station, a.appraiser,"
		"  " PG_DATE("a") " AS d,"
		"  (m.value->>0)::ctext AS lp, (m.value->>1)::ctext AS gf,"
		"  (m.value->>2)::ctext AS oc, (m.value->>3)::ctext AS cf"
		"  FROM appraisals a JOIN staff s ON s.staff_number = a.staff_number"
		"  JOIN jsonb_each($5::jsonb) m ON m.key = a.form_hash"
		"  WHERE a.state = 'final' AND" PG_FILTER "),"
		" it AS (SELECT h.id AS aid,"
		"  coalesce(substring(substr(n.path, length(h.lp) + 2) from '^[0-9]+'),"
		"   '0')::bigint AS idx,"
		"  max(CASE WHEN substr(n.path, strpos(n.path, '].') + 2) = h.gf THEN"
		"   n.value END) AS goal,"
		"  max(CASE WHEN substr(n.path, strpos(n.path, '].') + 2) = h.oc THEN"
		"   n.value END) AS outcome,"
		"  max(CASE WHEN substr(n.path, strpos(n.path, '].') + 2) = h.cf THEN"
		"   n.value END) AS comment"
		"  FROM h JOIN answers n ON n.appraisal_id = h.id AND n.private = 0"
		"  AND n.path > h.lp || '[' AND n.path < h.lp || '\\'"
		"  GROUP BY h.id, idx)"
		" SELECT h.staff_number, h.name, h.role, h.band, h.station, h.appraiser, h.d,"
		"  h.form_hash, h.uuid, coalesce(it.goal, ''), coalesce(it.outcome, ''),"
		"  coalesce(it.comment, ''), lg.uuid, lg.need, lg.kind, lg.category,"
		"  lg.priority, " PG_DATE("pa") ", it.idx"
		" FROM it JOIN h ON h.id = it.aid"
		" LEFT JOIN pdp_goals lg ON lg.id = (SELECT g.id FROM pdp_goals g"
		"   JOIN appraisals p ON p.id = g.appraisal_id"
		"   WHERE p.staff_number = h.staff_number AND p.state = 'final'"
		"   AND p.id <> h.id AND p.created_at <= h.created_at AND g.goal = it.goal"
		"   ORDER BY p.created_at DESC, p.id DESC, g.position LIMIT 1)"
		" LEFT JOIN appraisals pa ON pa.id = lg.appraisal_id"
		" WHERE (coalesce(it.goal, '') <> '' OR coalesce(it.outcome, '') <> '')"
		" AND ($4::text IS NULL OR lower(lg.category) = lower($4 COLLATE \"C\"))"
		" ORDER BY h.station, h.name, h.staff_number, h.d, h.id, it.idx";
	struct outcome_walk w = { fn, arg };
	struct pgp p = { .n = 0 };

	filter_params(&p, f);
	pgp_text(&p, review_lists ? review_lists : "{}");
	return each(HUBPG(hs), sql, &p, "reading last year's outcomes", outcome_one,
		    &w, err);
}

/* ---- appraisals with their answers ---- */

struct group {
	int (*fn)(const struct export_appraisal *, const struct export_answer *,
		  size_t, void *);
	void *arg;
	struct export_appraisal head;
	struct export_answer *ans;
	size_t n, alloc;
	int have;
};

static void group_clear(struct group *g)
{
	struct export_appraisal *a = &g->head;

	for (size_t i = 0; i < g->n; i++) {
		free(g->ans[i].path);
		free(g->ans[i].value);
	}
	g->n = 0;
	free(a->uuid);
	free(a->state);
	free(a->form_id);
	free(a->form_version);
	free(a->form_hash);
	free(a->staff_number);
	free(a->name);
	free(a->role);
	free(a->band);
	free(a->station);
	free(a->appraiser);
	free(a->date);
	memset(a, 0, sizeof(*a));
	g->have = 0;
}

static int group_flush(struct group *g)
{
	int stop = g->have ? g->fn(&g->head, g->ans, g->n, g->arg) : 0;

	group_clear(g);
	return stop;
}

static int appraisal_one(const PGresult *r, void *arg)
{
	struct group *g = arg;
	struct export_appraisal *a = &g->head;
	long long id = num(r, 0);
	int stop;

	if (g->have && id != a->id && (stop = group_flush(g)) != 0)
		return stop;
	if (!g->have) {
		a->id = id;
		a->uuid = xstrdup(col(r, 1));
		a->state = xstrdup(col(r, 2));
		a->form_id = xstrdup(col(r, 3));
		a->form_version = xstrdup(col(r, 4));
		a->form_hash = xstrdup(col(r, 5));
		a->staff_number = xstrdup(col(r, 6));
		a->name = xstrdup(col(r, 7));
		a->role = xstrdup(col(r, 8));
		a->band = xstrdup(col(r, 9));
		a->station = xstrdup(col(r, 10));
		a->appraiser = xstrdup(col(r, 11));
		a->date = xstrdup(col(r, 12));
		a->signed_appraiser = num(r, 13) > 0;
		a->signed_appraisee = num(r, 14) > 0;
		a->pdp_goals = (long)num(r, 15);
		g->have = 1;
	}
	if (!PQgetisnull(r, 0, 17)) {
		if (g->n == g->alloc) {
			g->alloc = g->alloc ? 2 * g->alloc : 64;
			g->ans = xrealloc(g->ans, g->alloc * sizeof(*g->ans));
		}
		g->ans[g->n].path = xstrdup(col(r, 16));
		g->ans[g->n].value = xstrdup(col(r, 17));
		g->n++;
	}
	return 0;
}

int hubpg_appraisals_each(struct hubstore *hs, int which,
			      const struct export_filter *f,
			      int (*fn)(const struct export_appraisal *,
					const struct export_answer *, size_t, void *),
			      void *arg, struct err *err)
{
	static const char sql[] =
		"WITH h AS MATERIALIZED (SELECT a.id, a.uuid, a.state, a.form_id,"
		"  a.form_version, a.form_hash, s.staff_number, s.name, s.role, s.band,"
		"  s.station, a.appraiser, " PG_DATE("a") " AS d,"
		"  (SELECT count(*) FROM signoffs x WHERE x.appraisal_id = a.id"
		"    AND x.role = 'appraiser' AND x.revision = a.revision),"
		"  (SELECT count(*) FROM signoffs x WHERE x.appraisal_id = a.id"
		"    AND x.role = 'appraisee' AND x.revision = a.revision),"
		"  (SELECT count(*) FROM pdp_goals g WHERE g.appraisal_id = a.id)"
		"  FROM appraisals a JOIN staff s ON s.staff_number = a.staff_number"
		"  WHERE (($4::int = 0 AND a.state = 'final') OR"
		"   ($4::int = 1 AND a.state <> 'final'))"
		"  AND" PG_FILTER ")"
		" SELECT h.*, n.path, n.value FROM h"
		" LEFT JOIN answers n ON n.appraisal_id = h.id AND n.private = 0"
		" ORDER BY h.station, h.name, h.staff_number, h.d, h.id, n.path";
	struct group g;
	struct pgp p = { .n = 0 };
	int rc;

	memset(&g, 0, sizeof(g));
	g.fn = fn;
	g.arg = arg;
	filter_params(&p, f);
	p.n = 3;	/* its category is ignored; $4 is which */
	pgp_int(&p, which);
	rc = each(HUBPG(hs), sql, &p, "reading appraisals", appraisal_one, &g, err);
	if (rc == 0)
		rc = group_flush(&g);
	group_clear(&g);
	free(g.ans);
	return rc;
}

/* ---- the completion report ---- */

struct completion_walk {
	int (*fn)(const struct completion_staff *, void *);
	void *arg;
};

static int completion_one(const PGresult *r, void *arg)
{
	struct completion_walk *w = arg;
	struct completion_staff cs = {
		col(r, 0), col(r, 1), PQgetisnull(r, 0, 2) ? NULL : PQgetvalue(r, 0, 2),
		(long)num(r, 3), (long)num(r, 4),
	};

	return w->fn(&cs, w->arg);
}

/* SQLite's date(today, '-12 months'): the same day a year before, and 29
 * February in a year without one rolls on to 1 March. */
static void year_before(const char *today, char out[DATE_LEN + 1])
{
	int y = atoi(today) - 1, m = atoi(today + 5), d = atoi(today + 8);
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	char buf[40];

	if (m == 2 && d == 29 && !leap)
		m = 3, d = 1;
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, d);
	memcpy(out, buf, DATE_LEN);
	out[DATE_LEN] = '\0';
}

int hubpg_completion_each(struct hubstore *hs, const char *today,
			      int (*fn)(const struct completion_staff *, void *),
			      void *arg, struct err *err)
{
	static const char sql[] =
		"SELECT s.staff_number, s.station, s.due,"
		" coalesce(c.finals, 0), coalesce(c.open, 0)"
		" FROM staff s LEFT JOIN (SELECT a.staff_number,"
		"   count(*) FILTER (WHERE a.state = 'final' AND " PG_DATE("a") " > $2"
		"     AND " PG_DATE("a") " <= $1) AS finals,"
		"   count(*) FILTER (WHERE a.state <> 'final') AS open"
		"   FROM appraisals a GROUP BY a.staff_number) c"
		" ON c.staff_number = s.staff_number"
		" ORDER BY s.station, s.staff_number";
	struct completion_walk w = { fn, arg };
	struct pgp p = { .n = 0 };
	char before[DATE_LEN + 1];

	if (!date_valid(today))
		return err_set(err, "the completion report needs a date, not '%s'", today);
	year_before(today, before);
	pgp_text(&p, today);
	pgp_text(&p, before);
	return each(HUBPG(hs), sql, &p, "reading the completion figures",
		    completion_one, &w, err);
}

/* ---- small lists ---- */

struct list_walk {
	int (*fn)(const char *, void *);
	int (*fn3)(const char *, const char *, const char *, void *);
	void *arg;
};

static int list_one(const PGresult *r, void *arg)
{
	struct list_walk *w = arg;

	return w->fn3 ? w->fn3(col(r, 0), col(r, 1), col(r, 2), w->arg)
		: w->fn(col(r, 0), w->arg);
}

int hubpg_forms_used_each(struct hubstore *hs,
			      int (*fn)(const char *, const char *, const char *, void *),
			      void *arg, struct err *err)
{
	static const char sql[] =
		"SELECT form_hash, min(form_id), min(form_version) FROM appraisals"
		" GROUP BY form_hash ORDER BY form_hash";
	struct list_walk w = { NULL, fn, arg };

	return each(HUBPG(hs), sql, NULL, "reading the forms in use", list_one, &w, err);
}

int hubpg_categories_each(struct hubstore *hs, int (*fn)(const char *, void *),
			      void *arg, struct err *err)
{
	static const char sql[] =
		"SELECT DISTINCT category FROM pdp_goals WHERE category <> ''"
		" ORDER BY category";
	struct list_walk w = { fn, NULL, arg };

	return each(HUBPG(hs), sql, NULL, "reading the TNA categories", list_one, &w, err);
}

int hubpg_stations_each(struct hubstore *hs, const char *station,
			    int (*fn)(const char *, void *), void *arg, struct err *err)
{
	static const char sql[] =
		"SELECT DISTINCT station FROM staff WHERE $1::text IS NULL"
		" OR lower(station) = lower($1 COLLATE \"C\") ORDER BY station";
	struct list_walk w = { fn, NULL, arg };
	struct pgp p = { .n = 0 };

	pgp_text(&p, station);
	return each(HUBPG(hs), sql, &p, "reading the stations", list_one, &w, err);
}

int hubpg_form_get(struct hubstore *hs, const char *hash, char **source,
		       struct err *err)
{
	struct hubpg *pg = HUBPG(hs);
	struct pgp p = { .n = 0 };
	PGresult *r;
	int rc = 0;

	pgp_text(&p, hash);
	if (!(r = hubpg_run(pg, "SELECT source FROM forms WHERE hash = $1", &p,
			    "reading a form", err)))
		return -1;
	if (PQntuples(r) == 1 && !PQgetisnull(r, 0, 0)) {
		*source = xstrdup(PQgetvalue(r, 0, 0));
		rc = 1;
	}
	PQclear(r);
	return rc;
}

int hubpg_counts(struct hubstore *hs, long *staff, long *appraisals,
		     struct err *err)
{
	PGresult *r = hubpg_run(HUBPG(hs), "SELECT (SELECT count(*) FROM staff),"
				" (SELECT count(*) FROM appraisals)", NULL,
				"counting staff", err);

	if (!r)
		return -1;
	if (staff)
		*staff = (long)num(r, 0);
	if (appraisals)
		*appraisals = (long)num(r, 1);
	PQclear(r);
	return 0;
}

int hubpg_each(struct hubpg *pg, const char *sql, const struct pgp *p, const char *what,
	       int (*row)(const PGresult *r, void *arg), void *arg, struct err *err)
{
	return each(pg, sql, p, what, row, arg, err);
}
