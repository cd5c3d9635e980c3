/*
 * hub_feedback_report.c - the 360-degree feedback report: ratings per
 * dimension per group under the thresholds, comments pooled in an order
 * that does not follow submission, released with the raw responses deleted.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "bundle.h"
#include "hub_feedback.h"

struct collected {
	struct feedback_draft *d;
	size_t n, cap;
	unsigned char pk[BUNDLE_PK], sk[BUNDLE_BOX_SK];
	struct err *err;
	int failed;
};

static int collect_one(enum fb_group g, const unsigned char *sealed, size_t len,
		       void *arg)
{
	struct collected *c = arg;
	char date[DATE_LEN + 1];
	long long number;

	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 16;
		c->d = xrealloc(c->d, c->cap * sizeof *c->d);
	}
	if (hub_feedback_open(c->pk, c->sk, sealed, len, &c->d[c->n], &number, date,
			      c->err) < 0) {
		c->failed = 1;
		return 1;
	}
	c->d[c->n++].group = g;
	return 0;
}

/* The unit of plan holding group g, or NULL (left out). */
static const struct hub_feedback_unit *unit_of(const struct hub_feedback_plan *p,
					       enum fb_group g)
{
	for (size_t i = 0; i < p->nunits; i++)
		if (p->unit[i].groups & (1u << g))
			return &p->unit[i];
	return NULL;
}

static const char *choice_label(const struct form_question *q, const char *v)
{
	for (size_t k = 0; q->choices && k < q->choices->n; k++)
		if (strcmp(q->choices->items[k].value, v) == 0)
			return q->choices->items[k].label;
	return v;
}

/* One row of spread: "  LABEL (N): Essential 1, Proficient 2, ..." over the
 * responses whose group is in mask. */
static void spread(struct sbuf *out, const struct collected *c, unsigned mask,
		   const char *path, const struct form_question *q, const char *label,
		   int count)
{
	sbuf_addf(out, "  %s (%d):", label, count);
	for (size_t k = 0; k < q->choices->n; k++) {
		int n = 0;
		for (size_t i = 0; i < c->n; i++) {
			const char *v = feedback_draft_get(&c->d[i], path);
			if ((mask & (1u << c->d[i].group)) && v &&
			    strcmp(v, q->choices->items[k].value) == 0)
				n++;
		}
		sbuf_addf(out, "%s %s %d", k ? "," : "", q->choices->items[k].label, n);
	}
	sbuf_addch(out, '\n');
}

struct comment {
	unsigned char key[16];
	const char *text;
};

static int cmp_comment(const void *a, const void *b)
{
	return memcmp(((const struct comment *)a)->key, ((const struct comment *)b)->key, 16);
}

/* A comment and its end of line; its own lines indented further, so that
 * none can pass for a heading or a row of ratings (feedback_report.c). */
static void comment_text(struct sbuf *out, const char *v)
{
	for (; *v; v++) {
		sbuf_addch(out, *v);
		if (*v == '\n')
			sbuf_adds(out, "    ");
	}
	sbuf_addch(out, '\n');
}

/* Comments on path: self and line manager named, the anonymous units'
 * pooled without a label, ordered by a keyed hash under a random key. */
static void comments(struct sbuf *out, const struct collected *c,
		     const struct hub_feedback_plan *p, const char *path)
{
	struct comment *pool = xcalloc(c->n + 1, sizeof *pool);
	unsigned char key[crypto_generichash_KEYBYTES];
	size_t n = 0;

	randombytes_buf(key, sizeof key);
	for (size_t i = 0; i < c->n; i++) {
		const char *v = feedback_draft_get(&c->d[i], path);
		if (!v || !*v || !unit_of(p, c->d[i].group))
			continue;
		if (c->d[i].group <= FB_MANAGER) {
			sbuf_addf(out, "  (%s) ", feedback_group_name(c->d[i].group));
			comment_text(out, v);
			continue;
		}
		pool[n].text = v;
		crypto_generichash(pool[n].key, 16, (const unsigned char *)v, strlen(v),
				   key, sizeof key);
		n++;
	}
	qsort(pool, n, sizeof *pool, cmp_comment);
	for (size_t i = 0; i < n; i++) {
		sbuf_adds(out, "  - ");
		comment_text(out, pool[i].text);
	}
	free(pool);
}

static void report_text(struct sbuf *out, const struct feedback_request *r,
			const char *name, const struct form *form,
			const struct collected *c, const struct hub_feedback_plan *p)
{
	struct sbuf label = SBUF_INIT;

	sbuf_addf(out, "360-degree feedback for %s (%s)\nRequest %s, closing %s\n\n"
		  "Responses:", name, r->staff_number, r->id, r->close_on);
	for (int g = 0; g < FB_NGROUPS; g++)
		sbuf_addf(out, "%s %s %d of %d", g ? "," : "",
			  feedback_group_name((enum fb_group)g), p->count[g], r->n[g]);
	sbuf_adds(out, "\n");
	for (int g = FB_PEER; g < FB_NGROUPS; g++) {
		const struct hub_feedback_unit *u = unit_of(p, (enum fb_group)g);
		if (p->omitted & (1u << g))
			sbuf_addf(out, "Left out: %s (fewer than %d responses and no other "
				  "group to pool them with).\n",
				  feedback_group_name((enum fb_group)g), FB_MIN_ANON);
		else if (u && (p->merged & (1u << g)) && (u->groups & ((1u << g) - 1)) == 0) {
			sbuf_reset(&label);
			hub_feedback_unit_label(u, &label);
			sbuf_addf(out, "Pooled: %s are shown together, because a group with "
				  "fewer than %d responses is never shown on its own.\n",
				  label.buf, FB_MIN_ANON);
		}
	}
	for (size_t s = 0; s < form->nsections; s++) {
		const struct form_section *sec = &form->sections[s];
		for (size_t k = 0; k < sec->nquestions; k++) {
			const struct form_question *q = &sec->questions[k];
			struct sbuf path = SBUF_INIT;
			sbuf_addf(&path, "%s.%s", sec->id, q->id);
			sbuf_addf(out, "\n%s\n", q->label);
			if (q->type == FORM_SCALE) {
				for (size_t i = 0; i < c->n; i++) {
					const char *v = feedback_draft_get(&c->d[i], path.buf);
					if (c->d[i].group == FB_SELF && v)
						sbuf_addf(out, "  self: %s\n", choice_label(q, v));
				}
				for (size_t u = 0; u < p->nunits; u++) {
					if (p->unit[u].groups == (1u << FB_SELF))
						continue;
					sbuf_reset(&label);
					hub_feedback_unit_label(&p->unit[u], &label);
					spread(out, c, p->unit[u].groups, path.buf, q, label.buf,
					       p->unit[u].count);
				}
				if (p->all_shown) {
					unsigned all = 0;
					for (size_t u = 0; u < p->nunits; u++)
						if (p->unit[u].groups != (1u << FB_SELF))
							all |= p->unit[u].groups;
					spread(out, c, all, path.buf, q,
					       "all raters except self", p->all_count);
				}
			} else {
				comments(out, c, p, path.buf);
			}
			sbuf_release(&path);
		}
	}
	sbuf_release(&label);
}

int hub_feedback_report(struct hubstore *hs, const char *request_id,
			const struct form *form, const char *name, int release,
			struct sbuf *out, struct hub_feedback_plan *plan,
			struct err *err)
{
	struct feedback_request r = { 0 };
	struct collected c = { .err = err };
	struct hub_feedback_plan p;
	int released, rc, count[FB_NGROUPS] = { 0 };
	char today[DATE_LEN + 1];

	if ((rc = hs->ops->fb_request_get(hs, request_id, &r, &released, err)) <= 0)
		return rc < 0 ? -1 : err_set(err, "the hub has no feedback request %s",
					     request_id);
	if (released) {
		feedback_request_release(&r);
		if (release)
			return err_set(err, "the report of request %s was released already",
				       request_id);
		return hs->ops->fb_report(hs, request_id, out, err) < 0 ? -1 : 0;
	}
	rc = -1;
	if (hub_feedback_keys(hs, c.pk, c.sk, err) < 0)
		goto out;
	if (hs->ops->fb_responses_each(hs, request_id, collect_one, &c, err) < 0 ||
	    c.failed)
		goto out;
	for (size_t i = 0; i < c.n; i++)
		count[c.d[i].group]++;
	hub_feedback_plan(count, &p);
	if (plan)
		*plan = p;
	date_today(today);
	if (release && strcmp(today, r.close_on) < 0 && (p.merged || p.omitted)) {
		err_set(err, "request %s closes on %s; before then its report is "
			"released only when no group has to be pooled or left out",
			request_id, r.close_on);
		goto out;
	}
	size_t start = out->len;
	report_text(out, &r, name, form, &c, &p);
	if (release && hs->ops->fb_release(hs, request_id, today,
						  out->buf + start, err) < 0)
		goto out;
	rc = 0;
out:
	sodium_memzero(c.sk, sizeof c.sk);
	for (size_t i = 0; i < c.n; i++)
		feedback_draft_release(&c.d[i]);
	free(c.d);
	feedback_request_release(&r);
	return rc;
}
