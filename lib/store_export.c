/*
 * store_export.c - read-only queries for exports and reports (see
 * store_export.h).  Every walk is a single prepared statement; the SQL
 * never reads an answer whose private flag is set.
 */
#include <stdlib.h>
#include <string.h>

#include "sbuf.h"
#include "store_export.h"
#include "store_int.h"

/* Column i as text, "" for NULL (borrowed until the next step). */
static const char *col(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);

	return t ? t : "";
}

static void bind_filter(sqlite3_stmt *s, const struct export_filter *f)
{
	store_bind_text(s, 1, f ? f->from : NULL);
	store_bind_text(s, 2, f ? f->to : NULL);
	store_bind_text(s, 3, f ? f->station : NULL);
	store_bind_text(s, 4, f ? f->category : NULL);
}

#define TNA_SELECT \
	"SELECT s.staff_number, s.name, s.role, s.band, s.station, a.appraiser," \
	" " STORE_APPRAISAL_DATE ", a.form_id, a.form_version, a.state, a.uuid," \
	" eadr_value(g.need, g.uuid, 'pdp.need', g.revision, 0, 0)," \
	" eadr_value(g.goal, g.uuid, 'pdp.goal', g.revision, 0, 0)," \
	" g.kind, g.category, g.priority, g.target_date," \
	" eadr_value(g.support, g.uuid, 'pdp.support', g.revision, 0, 0), g.status," \
	" coalesce(eadr_value(p.goal, p.uuid, 'pdp.goal', p.revision, 0, 0)," \
	" g.follows_up), g.follows_up," \
	" g.position, a.form_hash, g.uuid" \
	" FROM pdp_goals g" \
	" JOIN appraisals a ON a.id = g.appraisal_id" \
	" JOIN staff s ON s.staff_number = a.staff_number" \
	" LEFT JOIN pdp_goals p ON p.uuid = g.follows_up"
/* Cost and funder: the shareable answers at "<PDP list>[position].cost"
 * and ".funder", the list's path per form hash from the JSON object ?6. */
#define TNA_COST \
	", eadr_value(xc.value, a.uuid, xc.path, xc.revision, 0, 0)," \
	" eadr_value(xf.value, a.uuid, xf.path, xf.revision, 0, 0)" \
	" FROM pdp_goals g" \
	" JOIN appraisals a ON a.id = g.appraisal_id" \
	" JOIN staff s ON s.staff_number = a.staff_number" \
	" LEFT JOIN pdp_goals p ON p.uuid = g.follows_up" \
	" LEFT JOIN json_each(?6) m ON m.key = a.form_hash" \
	" LEFT JOIN answers xc ON xc.appraisal_id = a.id AND xc.private = 0" \
	"  AND xc.path = m.value || '[' || g.position || '].cost'" \
	" LEFT JOIN answers xf ON xf.appraisal_id = a.id AND xf.private = 0" \
	"  AND xf.path = m.value || '[' || g.position || '].funder'"
#define STORE_APPRAISAL_DATE_OF(a) \
	"coalesce(" a ".meeting_date, substr(" a ".updated_at, 1, 10))"
#define FILTER_WHERE \
	" (?1 IS NULL OR " STORE_APPRAISAL_DATE " >= ?1)" \
	" AND (?2 IS NULL OR " STORE_APPRAISAL_DATE " <= ?2)" \
	" AND (?3 IS NULL OR s.station = ?3 COLLATE NOCASE)"

static void tna_fill(sqlite3_stmt *s, struct tna_row *r)
{
	r->staff_number = col(s, 0);
	r->name = col(s, 1);
	r->role = col(s, 2);
	r->band = col(s, 3);
	r->station = col(s, 4);
	r->appraiser = col(s, 5);
	r->appraisal_date = col(s, 6);
	r->form_id = col(s, 7);
	r->form_version = col(s, 8);
	r->state = col(s, 9);
	r->appraisal_uuid = col(s, 10);
	r->need = col(s, 11);
	r->goal = col(s, 12);
	r->kind = col(s, 13);
	r->category = col(s, 14);
	r->priority = col(s, 15);
	r->target_date = col(s, 16);
	r->support = col(s, 17);
	r->status = col(s, 18);
	r->follows_up = col(s, 19);
	r->follows_up_uuid = col(s, 20);
	r->position = sqlite3_column_int(s, 21);
	r->form_hash = col(s, 22);
	r->goal_uuid = col(s, 23);
	r->cost = sqlite3_column_count(s) > 24 ? col(s, 24) : "";
	r->funder = sqlite3_column_count(s) > 25 ? col(s, 25) : "";
	r->tna_year = r->kind_label = r->category_label = "";
	r->priority_label = r->funder_label = "";
}

static int walk_rows(struct store *st, sqlite3_stmt *s,
		     int (*fn)(const struct tna_row *, void *), void *arg,
		     struct err *err)
{
	int rc, stop = 0;

	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct tna_row r;

		tna_fill(s, &r);
		stop = fn(&r, arg);
	}
	return store_each_end(st, s, rc, stop, err, "reading PDP goals");
}

int store_tna_each(struct store *st, const struct export_filter *f,
		   int (*fn)(const struct tna_row *, void *), void *arg,
		   struct err *err)
{
	return store_tna_each_with(st, f, NULL, fn, arg, err);
}

int store_tna_each_with(struct store *st, const struct export_filter *f,
			const char *pdp_paths,
			int (*fn)(const struct tna_row *, void *), void *arg,
			struct err *err)
{
	/* The select list up to g.uuid is TNA_SELECT's; then cost, funder. */
	static const char sql[] =
		"SELECT s.staff_number, s.name, s.role, s.band, s.station, a.appraiser,"
		" " STORE_APPRAISAL_DATE ", a.form_id, a.form_version, a.state, a.uuid,"
		" eadr_value(g.need, g.uuid, 'pdp.need', g.revision, 0, 0),"
		" eadr_value(g.goal, g.uuid, 'pdp.goal', g.revision, 0, 0),"
		" g.kind, g.category, g.priority, g.target_date,"
		" eadr_value(g.support, g.uuid, 'pdp.support', g.revision, 0, 0), g.status,"
		" coalesce(eadr_value(p.goal, p.uuid, 'pdp.goal', p.revision, 0, 0),"
		" g.follows_up), g.follows_up,"
		" g.position, a.form_hash, g.uuid" TNA_COST
		" WHERE a.state = 'final' AND" FILTER_WHERE
		" AND (?4 IS NULL OR g.category = ?4 COLLATE NOCASE)"
		" ORDER BY s.station, s.name, s.staff_number, 7, a.id, g.position";
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	bind_filter(s, f);
	store_bind_text(s, 6, pdp_paths);
	return walk_rows(st, s, fn, arg, err);
}

int store_pdp_each(struct store *st, long long appraisal_id,
		   int (*fn)(const struct tna_row *, void *), void *arg,
		   struct err *err)
{
	static const char sql[] = TNA_SELECT
		" WHERE a.id = ?1 ORDER BY g.position";
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, appraisal_id);
	return walk_rows(st, s, fn, arg, err);
}

static void head_release(struct export_appraisal *a)
{
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
}

static void head_fill(sqlite3_stmt *s, struct export_appraisal *a)
{
	a->id = sqlite3_column_int64(s, 0);
	a->uuid = xstrdup(col(s, 1));
	a->state = xstrdup(col(s, 2));
	a->form_id = xstrdup(col(s, 3));
	a->form_version = xstrdup(col(s, 4));
	a->form_hash = xstrdup(col(s, 5));
	a->staff_number = xstrdup(col(s, 6));
	a->name = xstrdup(col(s, 7));
	a->role = xstrdup(col(s, 8));
	a->band = xstrdup(col(s, 9));
	a->station = xstrdup(col(s, 10));
	a->appraiser = xstrdup(col(s, 11));
	a->date = xstrdup(col(s, 12));
	a->signed_appraiser = sqlite3_column_int(s, 13) > 0;
	a->signed_appraisee = sqlite3_column_int(s, 14) > 0;
	a->pdp_goals = (long)sqlite3_column_int64(s, 15);
}

struct group {
	struct export_appraisal head;
	struct export_answer *ans;
	size_t n, alloc;
};

static void group_clear(struct group *g)
{
	for (size_t i = 0; i < g->n; i++) {
		free(g->ans[i].path);
		free(g->ans[i].value);
	}
	g->n = 0;
	head_release(&g->head);
}

/* The head is computed once per appraisal (MATERIALIZED), then joined
 * with that appraisal's shareable answers; the last column (PIECES) is
 * whether an answer is in pieces, and their private flag. */
#define APPRAISALS_EACH_SQL(PIECES) \
	"WITH h AS MATERIALIZED (SELECT a.id, a.uuid, a.state, a.form_id," \
	"  a.form_version, a.form_hash, s.staff_number, s.name, s.role, s.band," \
	"  s.station, a.appraiser, " STORE_APPRAISAL_DATE " AS d," \
	"  (SELECT count(*) FROM signoffs x WHERE x.appraisal_id = a.id" \
	"    AND x.role = 'appraiser' AND x.revision = a.revision)," \
	"  (SELECT count(*) FROM signoffs x WHERE x.appraisal_id = a.id" \
	"    AND x.role = 'appraisee' AND x.revision = a.revision)," \
	"  (SELECT count(*) FROM pdp_goals g WHERE g.appraisal_id = a.id)" \
	"  FROM appraisals a JOIN staff s ON s.staff_number = a.staff_number" \
	"  WHERE ((?5 = 0 AND a.state = 'final') OR (?5 = 1 AND a.state <> 'final'))" \
	"  AND" FILTER_WHERE ")" \
	" SELECT h.*, n.path, eadr_value(n.value, h.uuid, n.path, n.revision," \
	" n.private, 0), " PIECES " FROM h" \
	" LEFT JOIN answers n ON n.appraisal_id = h.id AND n.private = 0" \
	" ORDER BY h.station, h.name, h.staff_number, h.d, h.id, n.path"

/* An answer's shareable text: while it is in pieces (another program is
 * typing it now, or a crash left them) the pieces joined, read in the
 * same snapshot as its row; else the row's.  NULL with *skip set when it
 * is not to be shown (private pieces), NULL alone on error. */
static char *shared_text(struct store *st, sqlite3_stmt *s, const char *uuid,
			 int *skip, struct err *err)
{
	int none = 0;
	char *t;

	*skip = 0;
	if (sqlite3_column_type(s, 18) == SQLITE_NULL)
		return xstrdup(col(s, 17));
	if (sqlite3_column_int(s, 18) != 0) {
		*skip = 1;
		return NULL;
	}
	t = store_pieces_text(st, sqlite3_column_int64(s, 0), uuid, col(s, 16), &none, err);
	return t || !none ? t : xstrdup(col(s, 17));
}

int store_appraisals_each(struct store *st, int which,
			  const struct export_filter *f,
			  int (*fn)(const struct export_appraisal *,
				    const struct export_answer *, size_t, void *),
			  void *arg, struct err *err)
{
	static const char sql_pieces[] = APPRAISALS_EACH_SQL(
		"(SELECT max(p.private) FROM answer_pieces p"
		" WHERE p.appraisal_id = h.id AND p.path = n.path)");
	static const char sql_plain[] = APPRAISALS_EACH_SQL("NULL");
	const char *sql = st->piece_table ? sql_pieces : sql_plain;
	struct group g;
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc, stop = 0, have = 0, failed = 0;

	if (!s)
		return -1;
	memset(&g, 0, sizeof(g));
	bind_filter(s, f);
	sqlite3_bind_int(s, 5, which);
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(s, 0);

		if (have && id != g.head.id) {
			stop = fn(&g.head, g.ans, g.n, arg);
			group_clear(&g);
			have = 0;
			if (stop)
				break;
		}
		if (!have) {
			head_fill(s, &g.head);
			have = 1;
		}
		/* NULL: none, or held by a manager who is not signed in. */
		if (sqlite3_column_type(s, 17) != SQLITE_NULL) {
			int skip;
			char *text = shared_text(st, s, g.head.uuid, &skip, err);

			if (!text && !skip) {
				failed = 1;
				break;
			}
			if (skip)
				continue;
			if (g.n == g.alloc) {
				g.alloc = g.alloc ? 2 * g.alloc : 64;
				g.ans = xrealloc(g.ans, g.alloc * sizeof(*g.ans));
			}
			g.ans[g.n].path = xstrdup(col(s, 16));
			g.ans[g.n].value = text;
			g.n++;
		}
	}
	if (!failed && !stop && rc == SQLITE_DONE && have)
		stop = fn(&g.head, g.ans, g.n, arg);
	sqlite3_reset(s);
	group_clear(&g);
	free(g.ans);
	if (failed)
		return -1;
	if (!stop && rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_dberr(st, err, "reading appraisals");
	return stop;
}

int store_latest_final(struct store *st, const char *staff_number,
		       long long *id, struct err *err)
{
	static const char sql[] =
		"SELECT id FROM appraisals a WHERE staff_number = ?1 AND state = 'final'"
		" ORDER BY " STORE_APPRAISAL_DATE " DESC, created_at DESC, id DESC LIMIT 1";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, staff_number);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	return store_one(st, s, rc, err, "finding the latest final appraisal");
}

int store_signoffs_each(struct store *st, long long appraisal_id,
			int (*fn)(const struct signoff *, void *), void *arg,
			struct err *err)
{
	static const char sql[] =
		"SELECT x.role, x.name, eadr_value(x.comments, a.uuid, 'signoff.' || x.role,"
		" x.revision, 0, 1), x.signed_at FROM signoffs x"
		" JOIN appraisals a ON a.id = x.appraisal_id AND a.revision = x.revision"
		" WHERE x.appraisal_id = ?1 ORDER BY x.role = 'appraisee', x.signed_at";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc, stop = 0;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, appraisal_id);
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct signoff so = { col(s, 0), col(s, 1), col(s, 2), col(s, 3) };

		stop = fn(&so, arg);
	}
	return store_each_end(st, s, rc, stop, err, "reading sign-offs");
}

int store_completion_each(struct store *st, const char *today,
			  int (*fn)(const struct completion_staff *, void *),
			  void *arg, struct err *err)
{
	/* One pass over the appraisals grouped by staff member, joined to
	 * the staff list. */
	static const char sql[] =
		"SELECT s.staff_number, s.station, s.due,"
		" coalesce(c.finals, 0), coalesce(c.open, 0)"
		" FROM staff s LEFT JOIN (SELECT a.staff_number,"
		"   sum(a.state = 'final' AND " STORE_APPRAISAL_DATE " > date(?1, '-12 months')"
		"       AND " STORE_APPRAISAL_DATE " <= ?1) AS finals,"
		"   sum(a.state <> 'final') AS open"
		"   FROM appraisals a GROUP BY a.staff_number) c"
		" ON c.staff_number = s.staff_number"
		" ORDER BY s.station, s.staff_number";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc, stop = 0;

	if (!s)
		return -1;
	store_bind_text(s, 1, today);
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct completion_staff cs = {
			col(s, 0), col(s, 1),
			(const char *)sqlite3_column_text(s, 2),
			(long)sqlite3_column_int64(s, 3),
			(long)sqlite3_column_int64(s, 4),
		};

		stop = fn(&cs, arg);
	}
	return store_each_end(st, s, rc, stop, err, "reading the completion figures");
}

int store_counts(struct store *st, long *staff, long *appraisals,
		 struct err *err)
{
	static const char sql[] =
		"SELECT (SELECT count(*) FROM staff), (SELECT count(*) FROM appraisals)";
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return store_dberr(st, err, "counting staff");
	}
	if (staff)
		*staff = (long)sqlite3_column_int64(s, 0);
	if (appraisals)
		*appraisals = (long)sqlite3_column_int64(s, 1);
	sqlite3_reset(s);
	return 0;
}

int store_audit_count(struct store *st, const char *action, long *n, struct err *err)
{
	static const char sql[] = "SELECT count(*) FROM audit WHERE action = ?1";
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	store_bind_text(s, 1, action);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return store_dberr(st, err, "reading the audit log");
	}
	*n = (long)sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return 0;
}

int store_outcomes_each(struct store *st, const struct export_filter *f,
			const char *review_lists,
			int (*fn)(const struct outcome_row *, void *), void *arg,
			struct err *err)
{
	/* h: the final appraisals on a form with a review list; it: their
	 * review items, one row per item (answers pivoted); then last year's
	 * goal of the same text in the staff member's previous final. */
	static const char sql[] =
		"WITH h AS MATERIALIZED (SELECT a.id, a.uuid, a.created_at, a.form_hash,"
		"  s.staff_number, s.name, s.role, s.band, s.station, a.appraiser,"
		"  " STORE_APPRAISAL_DATE " AS d,"
		"  json_extract(m.value, '$[0]') AS lp, json_extract(m.value, '$[1]') AS gf,"
		"  json_extract(m.value, '$[2]') AS oc, json_extract(m.value, '$[3]') AS cf"
		"  FROM appraisals a JOIN staff s ON s.staff_number = a.staff_number"
		"  JOIN json_each(?5) m ON m.key = a.form_hash"
		"  WHERE a.state = 'final' AND" FILTER_WHERE "),"
		" it AS (SELECT h.id AS aid,"
		"  CAST(substr(n.path, length(h.lp) + 2) AS INTEGER) AS idx,"
		"  max(CASE WHEN substr(n.path, instr(n.path, '].') + 2) = h.gf THEN"
		"   eadr_value(n.value, h.uuid, n.path, n.revision, 0, 0) END) AS goal,"
		"  max(CASE WHEN substr(n.path, instr(n.path, '].') + 2) = h.oc THEN"
		"   eadr_value(n.value, h.uuid, n.path, n.revision, 0, 0) END) AS outcome,"
		"  max(CASE WHEN substr(n.path, instr(n.path, '].') + 2) = h.cf THEN"
		"   eadr_value(n.value, h.uuid, n.path, n.revision, 0, 0) END) AS comment"
		"  FROM h JOIN answers n ON n.appraisal_id = h.id AND n.private = 0"
		"  AND n.path > h.lp || '[' AND n.path < h.lp || '\\'"
		"  GROUP BY h.id, idx)"
		" SELECT h.staff_number, h.name, h.role, h.band, h.station, h.appraiser, h.d,"
		"  h.form_hash, h.uuid, coalesce(it.goal, ''), coalesce(it.outcome, ''),"
		"  coalesce(it.comment, ''), pg.uuid,"
		"  eadr_value(pg.need, pg.uuid, 'pdp.need', pg.revision, 0, 0), pg.kind, pg.category,"
		"  pg.priority, " STORE_APPRAISAL_DATE_OF("pa") ", it.idx"
		" FROM it JOIN h ON h.id = it.aid"
		" LEFT JOIN pdp_goals pg ON pg.id = (SELECT g.id FROM pdp_goals g"
		"   JOIN appraisals p ON p.id = g.appraisal_id"
		"   WHERE p.staff_number = h.staff_number AND p.state = 'final'"
		"   AND p.id <> h.id AND p.created_at <= h.created_at"
		"   AND eadr_value(g.goal, g.uuid, 'pdp.goal', g.revision, 0, 0) = it.goal"
		"   ORDER BY p.created_at DESC, p.id DESC, g.position LIMIT 1)"
		" LEFT JOIN appraisals pa ON pa.id = pg.appraisal_id"
		" WHERE (coalesce(it.goal, '') <> '' OR coalesce(it.outcome, '') <> '')"
		" AND (?4 IS NULL OR pg.category = ?4 COLLATE NOCASE)"
		" ORDER BY h.station, h.name, h.staff_number, h.d, h.id, it.idx";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc, stop = 0;

	if (!s)
		return -1;
	bind_filter(s, f);
	store_bind_text(s, 5, review_lists ? review_lists : "{}");
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct outcome_row r = {
			col(s, 0), col(s, 1), col(s, 2), col(s, 3), col(s, 4),
			col(s, 5), col(s, 6), col(s, 7), col(s, 8),
			col(s, 9), col(s, 10), col(s, 11),
			col(s, 12), col(s, 13), col(s, 14), col(s, 15), col(s, 16),
			col(s, 17), sqlite3_column_int(s, 18),
			"", "", "", "", "",
		};

		stop = fn(&r, arg);
	}
	return store_each_end(st, s, rc, stop, err, "reading last year's outcomes");
}

int store_stations_each(struct store *st, const char *station,
			int (*fn)(const char *, void *), void *arg,
			struct err *err)
{
	static const char sql[] =
		"SELECT DISTINCT station FROM staff"
		" WHERE ?1 IS NULL OR station = ?1 COLLATE NOCASE ORDER BY station";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc, stop = 0;

	if (!s)
		return -1;
	store_bind_text(s, 1, station);
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW)
		stop = fn(col(s, 0), arg);
	return store_each_end(st, s, rc, stop, err, "reading the stations");
}

int store_forms_used_each(struct store *st,
			  int (*fn)(const char *, const char *, const char *, void *),
			  void *arg, struct err *err)
{
	static const char sql[] =
		"SELECT form_hash, min(form_id), min(form_version) FROM appraisals"
		" GROUP BY form_hash ORDER BY form_hash";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc, stop = 0;

	if (!s)
		return -1;
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW)
		stop = fn(col(s, 0), col(s, 1), col(s, 2), arg);
	return store_each_end(st, s, rc, stop, err, "reading the forms in use");
}

int store_categories_each(struct store *st,
			  int (*fn)(const char *, void *), void *arg,
			  struct err *err)
{
	static const char sql[] =
		"SELECT DISTINCT category FROM pdp_goals WHERE category <> ''"
		" ORDER BY category";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc, stop = 0;

	if (!s)
		return -1;
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW)
		stop = fn(col(s, 0), arg);
	return store_each_end(st, s, rc, stop, err, "reading the TNA categories");
}
