/*
 * report.c - completion figures by station and for the whole database
 * (see report.h).  The store streams one row per staff member; the
 * grouping and the due-date rules are here.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report.h"
#include "sbuf.h"
#include "staff.h"

struct ctx {
	struct completion *c;
	const char *station;
};

static void count(struct completion_row *r, const struct completion_staff *s,
		  const char *today)
{
	enum due_status due = staff_due_status(s->due, today);

	r->staff++;
	r->final_12m += s->finals_12m;
	r->appraised += s->finals_12m > 0;
	r->drafts += s->open;
	r->due_30 += due == DUE_SOON;
	r->overdue += due == DUE_OVERDUE;
}

static int one(const struct completion_staff *s, void *arg)
{
	struct ctx *x = arg;
	struct completion *c = x->c;

	if (x->station && strcasecmp(x->station, s->station))
		return 0;
	/* Rows come by station: a new name starts a new row. */
	if (!c->n || strcmp(c->rows[c->n - 1].station, s->station)) {
		c->rows = xrealloc(c->rows, (c->n + 1) * sizeof(*c->rows));
		memset(&c->rows[c->n], 0, sizeof(*c->rows));
		c->rows[c->n].station = xstrdup(s->station);
		c->n++;
	}
	count(&c->rows[c->n - 1], s, c->today);
	count(&c->total, s, c->today);
	return 0;
}

static void rate(struct completion_row *r)
{
	r->rate = r->staff ? (double)r->appraised / (double)r->staff : 0;
}

int report_completion(struct hubstore *hs, const char *station,
		      struct completion *out, struct err *err)
{
	struct ctx x = { out, station };

	memset(out, 0, sizeof(*out));
	date_today(out->today);
	if (hs->ops->completion_each(hs, out->today, one, &x, err) < 0) {
		completion_release(out);
		return -1;
	}
	for (size_t i = 0; i < out->n; i++)
		rate(&out->rows[i]);
	rate(&out->total);
	return 0;
}

void completion_release(struct completion *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		free(c->rows[i].station);
	free(c->rows);
	c->rows = NULL;
	c->n = 0;
}
