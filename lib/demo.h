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
 * relative to today), four appraisals finished last year (in the TNA year
 * before this one, mostly) on last year's version of form (its text under
 * the version before, kept in the store) and signed then, and two this
 * year on form itself, made as a real one is: last year's goals carried
 * and reviewed (achieved, in progress), the achieved ones closed, a new
 * goal with a cost and funder, both signatures, finalised.  form may be
 * NULL (then a placeholder id "eadr" is used, and there is no appraisal
 * this year).
 * Refuses a database that already has staff, so that real data is never
 * mixed with the demo team.  Returns 0 when the team was added, 1 when the
 * database already holds the demo team (nothing is changed), -1 on error.
 */
int demo_fill(struct store *st, const struct demo_form *form, struct err *err);

/* (store_demo.c) Date an appraisal's record, answers, PDP goals and
 * sign-offs at stamp (YYYY-MM-DDTHH:MM:SSZ): the demo's past. */
int store_demo_backdate(struct store *st, long long appraisal_id,
			const char *stamp, struct err *err);

#endif
