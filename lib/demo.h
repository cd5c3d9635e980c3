/*
 * demo.h - a believable demo team, so a newcomer can try every feature.
 */
#ifndef EADR_DEMO_H
#define EADR_DEMO_H

#include "store.h"

struct demo_form {
	const char *id, *version, *hash;	/* the form the finished appraisal used */
	const char *source;			/* its YAML, kept in the store; may be NULL */
};

/*
 * Fill st with two stations and a dozen staff (some due, some overdue,
 * relative to today) and one appraisal finished last year with objectives
 * and PDP goals.  form may be NULL (then a placeholder id "eadr" is used).
 * Refuses a database that already has staff, so that real data is never
 * mixed with the demo team.  Returns 0 when the team was added, 1 when the
 * database already holds the demo team (nothing is changed), -1 on error.
 */
int demo_fill(struct store *st, const struct demo_form *form, struct err *err);

#endif
