/*
 * quality.c - appraisal quality indicators and the reproducible dip
 * sample (see report.h).  The indicators are the one table below; what
 * each rule means is documented in schema/quality.md.  Change them there
 * and here together.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "sbuf.h"

enum rule {
	R_SECTIONS,	/* arg: space-separated sections, each with an answer */
	R_ANSWERED,	/* arg: the answer path holds more than white space */
	R_LIST_DONE,	/* arg: a list with at least one item, and every item
			   has each field of `fields` (a *date field: a real date) */
	R_PDP_GOAL,	/* the appraisal has at least one PDP goal */
	R_SIGNED_BOTH,	/* appraiser and appraisee signed this revision */
};

static const struct indicator {
	struct quality_indicator pub;
	enum rule rule;
	const char *arg, *fields;
} indicators[] = {
	{ { "areas_discussed", "All four areas discussed" },
	  R_SECTIONS, "performance values talent wellbeing", NULL },
	{ { "wellbeing_offered", "Wellbeing conversation offered" },
	  R_ANSWERED, "wellbeing.status", NULL },
	{ { "objectives_measured", "Objectives have a measure and a date" },
	  R_LIST_DONE, "performance.objectives", "measure target_date" },
	{ { "pdp_goal", "At least one PDP goal" },
	  R_PDP_GOAL, NULL, NULL },
	{ { "appraisee_comments", "Appraisee comments present" },
	  R_ANSWERED, "summary.comments", NULL },
	{ { "signed_by_both", "Signed by both" },
	  R_SIGNED_BOTH, NULL, NULL },
};
#define NIND (sizeof(indicators) / sizeof(indicators[0]))

const struct quality_indicator *quality_indicators(size_t *n)
{
	static struct quality_indicator pub[NIND];

	for (size_t i = 0; i < NIND; i++)
		pub[i] = indicators[i].pub;
	*n = NIND;
	return pub;
}

static int blank(const char *s)
{
	while (s && *s && isspace((unsigned char)*s))
		s++;
	return !s || !*s;
}

static const char *get(const struct export_answer *ans, size_t n,
		       const char *path)
{
	/* Answers come in path order (byte order, as SQLite's BINARY). */
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(ans[mid].path, path);

		if (!c)
			return ans[mid].value;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int sections(const char *arg, const struct export_answer *ans, size_t n)
{
	const char *p = arg;

	while (*p) {
		size_t len = strcspn(p, " ");
		int found = 0;

		for (size_t i = 0; i < n && !found; i++)
			found = !strncmp(ans[i].path, p, len) &&
				ans[i].path[len] == '.' && !blank(ans[i].value);
		if (!found)
			return 0;
		p += len;
		p += *p == ' ';
	}
	return 1;
}

static int list_done(const char *list, const char *fields,
		     const struct export_answer *ans, size_t n)
{
	size_t llen = strlen(list);
	struct sbuf path = SBUF_INIT;
	long items = 0, ok = 1;

	/* The highest item index that holds any answer. */
	for (size_t i = 0; i < n; i++) {
		char *end;
		long idx;

		if (strncmp(ans[i].path, list, llen) || ans[i].path[llen] != '[')
			continue;
		idx = strtol(ans[i].path + llen + 1, &end, 10);
		if (*end == ']' && idx >= 0 && idx < 100000 && idx + 1 > items)
			items = idx + 1;
	}
	for (long i = 0; i < items && ok; i++) {
		const char *f = fields;

		while (*f && ok) {
			size_t len = strcspn(f, " ");
			const char *v;

			sbuf_reset(&path);
			sbuf_addf(&path, "%s[%ld].%.*s", list, i, (int)len, f);
			v = get(ans, n, path.buf);
			ok = !blank(v) && (len < 4 || strncmp(f + len - 4, "date", 4) ||
					  date_valid(v));
			f += len;
			f += *f == ' ';
		}
	}
	sbuf_release(&path);
	return items > 0 && ok;
}

static int holds(const struct indicator *ind, const struct export_appraisal *a,
		 const struct export_answer *ans, size_t n)
{
	switch (ind->rule) {
	case R_SECTIONS:
		return sections(ind->arg, ans, n);
	case R_ANSWERED:
		return !blank(get(ans, n, ind->arg));
	case R_LIST_DONE:
		return list_done(ind->arg, ind->fields, ans, n);
	case R_PDP_GOAL:
		return a->pdp_goals > 0;
	case R_SIGNED_BOTH:
		return a->signed_appraiser && a->signed_appraisee;
	}
	return 0;
}

void quality_init(struct quality *q)
{
	memset(q, 0, sizeof(*q));
	q->met = xcalloc(NIND, sizeof(*q->met));
}

void quality_add(struct quality *q, const struct export_appraisal *a,
		 const struct export_answer *ans, size_t n)
{
	struct quality_row *r;

	q->rows = xrealloc(q->rows, (q->n + 1) * sizeof(*q->rows));
	r = &q->rows[q->n++];
	r->uuid = xstrdup(a->uuid);
	r->staff_number = xstrdup(a->staff_number);
	r->name = xstrdup(a->name);
	r->station = xstrdup(a->station);
	r->appraiser = xstrdup(a->appraiser);
	r->date = xstrdup(a->date);
	r->met = xcalloc(NIND, 1);
	r->score = 0;
	for (size_t i = 0; i < NIND; i++) {
		r->met[i] = (unsigned char)holds(&indicators[i], a, ans, n);
		r->score += r->met[i];
		q->met[i] += r->met[i];
	}
	q->population = q->n;
}

static int one(const struct export_appraisal *a, const struct export_answer *ans,
	       size_t n, void *arg)
{
	quality_add(arg, a, ans, n);
	return 0;
}

int report_quality(struct hubstore *hs, const struct export_filter *f,
		   struct quality *out, struct err *err)
{
	quality_init(out);
	if (hs->ops->appraisals_each(hs, STORE_EXPORT_FINAL, f, one, out, err) < 0) {
		quality_release(out);
		return -1;
	}
	out->population = out->n;
	return 0;
}

uint64_t report_splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* Uniform in [0, n) without modulo bias: reject the short last stretch. */
static uint64_t below(uint64_t *state, uint64_t n)
{
	uint64_t floor = (0 - n) % n, x;

	do
		x = report_splitmix64(state);
	while (x < floor);
	return x % n;
}

static void row_release(struct quality_row *r)
{
	free(r->uuid);
	free(r->staff_number);
	free(r->name);
	free(r->station);
	free(r->appraiser);
	free(r->date);
	free(r->met);
}

void quality_sample(struct quality *q, size_t n, uint64_t seed)
{
	size_t *idx, total = q->n;
	unsigned char *keep;
	uint64_t state = seed;
	size_t j = 0;

	q->sampled = 1;
	q->seed = seed;
	if (n >= total)
		return;
	/* A partial Fisher-Yates shuffle picks n distinct rows... */
	idx = xmalloc((total ? total : 1) * sizeof(*idx));
	keep = xcalloc(total ? total : 1, 1);
	for (size_t i = 0; i < total; i++)
		idx[i] = i;
	for (size_t i = 0; i < n; i++) {
		size_t k = i + (size_t)below(&state, total - i), t = idx[i];

		idx[i] = idx[k];
		idx[k] = t;
		keep[idx[i]] = 1;
	}
	/* ...which are then listed in report order. */
	for (size_t i = 0; i < total; i++) {
		if (keep[i])
			q->rows[j++] = q->rows[i];
		else
			row_release(&q->rows[i]);
	}
	q->n = j;
	free(idx);
	free(keep);
}

void quality_release(struct quality *q)
{
	if (!q)
		return;
	for (size_t i = 0; i < q->n; i++)
		row_release(&q->rows[i]);
	free(q->rows);
	free(q->met);
	memset(q, 0, sizeof(*q));
}
