/*
 * report_board.c - the figures of the board's report (see report.h):
 * completion, the monthly trend, the TNA of the period and the quality
 * indicators with a dip sample, from three walks of the store.  The
 * drawing is report_html.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report.h"
#include "report_voice.h"

/* The answers that record last year's goals' outcomes this year. */
#define FOLLOWUP "pdp.followup"

static const char *const kind_codes[][2] = {
	{ "experience", "Experience (70): on the job" },
	{ "others", "Others (20): from other people" },
	{ "formal", "Formal (10): courses and education" },
};
static const char *const priority_codes[][2] = {
	{ "high", "High" }, { "medium", "Medium" }, { "low", "Low" },
};

/* ---- counts under codes ---- */

static struct report_count *count_find(struct report_counts *c, const char *code)
{
	for (size_t i = c->n; i-- > 0;)
		if (!strcmp(c->v[i].code, code))
			return &c->v[i];
	return NULL;
}

static struct report_count *count_add(struct report_counts *c, const char *code,
				      const char *label)
{
	struct report_count *r;

	c->v = xrealloc(c->v, (c->n + 1) * sizeof(*c->v));
	r = &c->v[c->n++];
	r->code = xstrdup(code);
	r->label = xstrdup(label ? label : *code ? code : "(not given)");
	r->n = 0;
	return r;
}

/* Start with the known codes in their order, so an empty one shows. */
static void counts_known(struct report_counts *c, const char *const (*codes)[2],
			 size_t n)
{
	for (size_t i = 0; i < n; i++)
		count_add(c, codes[i][0], codes[i][1]);
}

static void counts_bump(struct report_counts *c, const char *code)
{
	struct report_count *r = count_find(c, code);

	if (!r)
		r = count_add(c, code, NULL);
	r->n++;
}

static void counts_release(struct report_counts *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].code);
		free(c->v[i].label);
	}
	free(c->v);
	c->v = NULL;
	c->n = 0;
}

/* ---- the period ---- */

static void month_start(int y, int m, char out[DATE_LEN + 1])
{
	while (m < 1) {
		m += 12;
		y--;
	}
	snprintf(out, DATE_LEN + 1, "%04u-%02u-01", (unsigned)y % 10000u,
		 (unsigned)m % 13u);
}

/* The 12 calendar months ending with today's, and the 12 before. */
static void period(struct board_report *r)
{
	int y = atoi(r->today), m = atoi(r->today + 5);

	snprintf(r->to, sizeof(r->to), "%s", r->today);
	month_start(y, m - 11, r->from);
	month_start(y, m - 23, r->prev_from);
	date_add(r->from, -1, r->prev_to);
	for (int i = 0; i < 12; i++) {
		char d[DATE_LEN + 1];

		month_start(y, m - 11 + i, d);
		snprintf(r->months[i].month, sizeof(r->months[i].month), "%.7s", d);
		r->months[i].finals = 0;
	}
}

/* ---- walk 2: final appraisals of the period ---- */

/* Last year's goals reviewed in this appraisal: the items of the
 * follow-up list and their outcome answers.  The store will keep goal
 * outcomes itself: read them here from there when it does. */
static void outcome_add(struct report_outcomes *o, const struct export_answer *ans,
			size_t n)
{
	size_t len = strlen(FOLLOWUP);
	long last = -1;

	for (size_t i = 0; i < n; i++) {
		const char *p = ans[i].path, *field;
		char *end;
		long idx;

		if (strncmp(p, FOLLOWUP, len) || p[len] != '[')
			continue;
		idx = strtol(p + len + 1, &end, 10);
		if (*end != ']' || end[1] != '.')
			continue;
		if (idx != last) {	/* answers come in path order */
			o->reviewed++;
			o->unrecorded++;
			last = idx;
		}
		field = end + 2;
		if (strcmp(field, "outcome") || !*ans[i].value)
			continue;
		o->unrecorded--;
		if (!strcmp(ans[i].value, "achieved"))
			o->achieved++;
		else if (!strcmp(ans[i].value, "in progress"))
			o->in_progress++;
		else
			o->dropped++;
	}
}

static int appraisal_one(const struct export_appraisal *a,
			 const struct export_answer *ans, size_t n, void *arg)
{
	struct board_report *r = arg;

	quality_add(&r->quality, a, ans, n);
	outcome_add(&r->outcomes, ans, n);
	for (int i = 0; i < 12; i++)
		if (!strncmp(a->date, r->months[i].month, 7))
			r->months[i].finals++;
	return 0;
}

/* ---- walk 3: PDP goals of this period and the one before ---- */

struct tna_ctx {
	struct board_report *r;
	long **by_cat;		/* per category: nstations counts */
	size_t last_station;
};

static size_t station_index(struct tna_ctx *x, const char *name)
{
	struct board_report *r = x->r;

	if (x->last_station < r->nstations && !strcmp(r->stations[x->last_station], name))
		return x->last_station;
	for (size_t i = 0; i < r->nstations; i++)
		if (!strcmp(r->stations[i], name))
			return x->last_station = i;
	/* A station with goals and no staff now: add a column for it. */
	r->stations = xrealloc(r->stations, (r->nstations + 1) * sizeof(*r->stations));
	r->stations[r->nstations] = xstrdup(name);
	for (size_t c = 0; c < r->categories.n; c++) {
		x->by_cat[c] = xrealloc(x->by_cat[c], (r->nstations + 1) * sizeof(long));
		x->by_cat[c][r->nstations] = 0;
	}
	return x->last_station = r->nstations++;
}

static int goal_one(const struct tna_row *g, void *arg)
{
	struct tna_ctx *x = arg;
	struct board_report *r = x->r;
	struct report_count *cat;
	size_t s, c;

	if (strcmp(g->appraisal_date, r->from) < 0) {
		r->outcomes.last_year_goals++;
		return 0;
	}
	r->goals++;
	counts_bump(&r->kinds, g->kind);
	counts_bump(&r->priorities, g->priority);
	s = station_index(x, g->station);
	if (!(cat = count_find(&r->categories, g->category))) {
		cat = count_add(&r->categories, g->category, NULL);
		x->by_cat = xrealloc(x->by_cat, r->categories.n * sizeof(*x->by_cat));
		x->by_cat[r->categories.n - 1] = xcalloc(r->nstations ? r->nstations : 1,
							 sizeof(long));
	}
	c = (size_t)(cat - r->categories.v);
	cat->n++;
	x->by_cat[c][s]++;
	return 0;
}

static int other_last(const char *a, const char *b)
{
	int ao = !strcmp(a, "Other") || !*a, bo = !strcmp(b, "Other") || !*b;

	if (ao != bo)
		return ao - bo;
	return strcmp(a, b);
}

/* Categories in name order ("Other" and blank last), and the heat table
 * by station then category. */
static void heat_build(struct tna_ctx *x)
{
	struct board_report *r = x->r;
	size_t nc = r->categories.n, *order = xcalloc(nc ? nc : 1, sizeof(*order));
	struct report_count *sorted = xcalloc(nc ? nc : 1, sizeof(*sorted));

	for (size_t i = 0; i < nc; i++)
		order[i] = i;
	for (size_t i = 1; i < nc; i++)	/* a dozen categories: insertion sort */
		for (size_t j = i; j > 0 && other_last(r->categories.v[order[j - 1]].code,
						       r->categories.v[order[j]].code) > 0; j--) {
			size_t t = order[j];

			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	r->heat = xcalloc(r->nstations && nc ? r->nstations * nc : 1, sizeof(long));
	for (size_t c = 0; c < nc; c++) {
		sorted[c] = r->categories.v[order[c]];
		for (size_t s = 0; s < r->nstations; s++)
			r->heat[s * nc + c] = x->by_cat[order[c]][s];
	}
	free(r->categories.v);
	r->categories.v = sorted;
	for (size_t c = 0; c < nc; c++)
		free(x->by_cat[c]);
	free(x->by_cat);
	free(order);
}

static int tna_walk(struct hubstore *hs, struct board_report *r, struct err *err)
{
	struct export_filter f = { r->prev_from, r->to, r->station, NULL };
	struct tna_ctx x = { r, NULL, 0 };

	r->stations = xcalloc(r->completion.n ? r->completion.n : 1, sizeof(*r->stations));
	for (size_t i = 0; i < r->completion.n; i++)
		r->stations[r->nstations++] = xstrdup(r->completion.rows[i].station);
	counts_known(&r->kinds, kind_codes, sizeof(kind_codes) / sizeof(*kind_codes));
	counts_known(&r->priorities, priority_codes,
		     sizeof(priority_codes) / sizeof(*priority_codes));
	if (hs->ops->tna_each(hs, &f, NULL, goal_one, &x, err) < 0) {
		for (size_t c = 0; c < r->categories.n; c++)
			free(x.by_cat[c]);
		free(x.by_cat);
		return -1;
	}
	heat_build(&x);
	return 0;
}

int report_board(struct hubstore *hs, const struct board_opts *o,
		 struct board_report *out, struct err *err)
{
	struct export_filter f = { NULL, NULL, o->station, NULL };
	size_t nind;

	memset(out, 0, sizeof(*out));
	quality_init(&out->quality);
	out->station = o->station;
	if (report_completion(hs, o->station, &out->completion, err) < 0)
		return -1;
	snprintf(out->today, sizeof(out->today), "%s", out->completion.today);
	if (o->station && out->completion.n)	/* as the database spells it */
		out->station = out->completion.rows[0].station;
	period(out);
	if (!out->completion.n)
		return 0;
	f.from = out->from;
	f.to = out->to;
	if (hs->ops->appraisals_each(hs, STORE_EXPORT_FINAL, &f, appraisal_one, out,
				       err) < 0)
		return -1;
	if (tna_walk(hs, out, err) < 0)
		return -1;
	/* The dip sample: the same size and seed give the same appraisals. */
	out->sample_size = o->sample ? o->sample : 10;
	out->quality.seed = o->have_seed ? o->seed
		: (uint64_t)strtoull(out->today, NULL, 10) * 10000 +
		  (uint64_t)atoi(out->today + 5) * 100 + (uint64_t)atoi(out->today + 8);
	quality_sample(&out->quality, out->sample_size, out->quality.seed);
	quality_indicators(&nind);
	out->sample_met = xcalloc(nind, sizeof(long));
	for (size_t i = 0; i < out->quality.n; i++)
		for (size_t k = 0; k < nind; k++)
			out->sample_met[k] += out->quality.rows[i].met[k];
	return report_voice_if_hub(hs, &out->voice, err);
}

void board_report_release(struct board_report *r)
{
	if (!r)
		return;
	completion_release(&r->completion);
	for (size_t i = 0; i < r->nstations; i++)
		free(r->stations[i]);
	free(r->stations);
	counts_release(&r->categories);
	counts_release(&r->kinds);
	counts_release(&r->priorities);
	free(r->heat);
	quality_release(&r->quality);
	free(r->sample_met);
	voice_report_free(r->voice);
	memset(r, 0, sizeof(*r));
}
