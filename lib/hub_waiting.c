/*
 * hub_waiting.c - the 360 responses waiting for a request the hub has not
 * seen: listed by code and age, purged when too old (see hub_waiting.h).
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "hub.h"
#include "hub_waiting.h"
#include "sbuf.h"

/* ---- 360 responses waiting for their request ---- */

struct ages {
	char today[DATE_LEN + 1];
	int (*fn)(const struct hub_fb_waiting *w, void *arg);
	void *arg;
	struct hub_fb_waiting *v;	/* kept (purge), or NULL: handed to fn */
	size_t n;
};

static int age_row(const char *code_hash, long long n, const char *since, void *arg)
{
	struct ages *a = arg;
	struct hub_fb_waiting w = { .n = n };

	snprintf(w.code, sizeof(w.code), "%.8s", code_hash);
	snprintf(w.since, sizeof(w.since), "%s", since);
	w.days = date_valid(since) ? date_diff(since, a->today) : 0;
	if (a->fn)
		return a->fn(&w, a->arg);
	a->v = xrealloc(a->v, (a->n + 1) * sizeof(*a->v));
	a->v[a->n++] = w;
	return 0;
}

int hub_feedback_waiting(struct hubstore *hs,
			 int (*fn)(const struct hub_fb_waiting *w, void *arg), void *arg,
			 struct err *err)
{
	struct ages a = { .fn = fn, .arg = arg };

	date_today(a.today);
	return hs->ops->fb_wait_ages(hs, NULL, age_row, &a, err) < 0 ? -1 : 0;
}

int hub_feedback_waiting_purge(struct hubstore *hs, long days, size_t *codes,
			       long long *responses, struct err *err)
{
	struct ages a = { .fn = NULL };
	struct sbuf detail = SBUF_INIT;
	char before[DATE_LEN + 1];
	long long gone;
	int rc = -1;

	*codes = 0;
	*responses = 0;
	if (days < 1)
		return err_set(err, "the number of days must be 1 or more");
	date_today(a.today);
	/* Waited more than days days: arrived before today - days. */
	date_add(a.today, -days, before);
	if (hs->ops->begin(hs, err) < 0)
		return -1;
	if (hs->ops->fb_wait_ages(hs, before, age_row, &a, err) < 0)
		goto out;
	for (size_t i = 0; i < a.n; i++) {
		sbuf_reset(&detail);
		sbuf_addf(&detail, "code hash %s: %lld response%s waiting since %s, "
			  "purged unread", a.v[i].code, a.v[i].n, a.v[i].n == 1 ? "" : "s",
			  a.v[i].since);
		if (hs->ops->audit(hs, "feedback-waiting-purged", detail.buf, err) < 0)
			goto out;
	}
	if ((gone = hs->ops->fb_wait_purge(hs, before, err)) < 0 ||
	    hs->ops->commit(hs, err) < 0)
		goto out;
	*codes = a.n;
	*responses = gone;
	rc = 0;
out:
	if (rc < 0)
		hs->ops->rollback(hs);
	free(a.v);
	sbuf_release(&detail);
	return rc;
}
