/*
 * review.h - the review of an appraisal before sign-off (review.c):
 * what is missing or wrong, section by section.
 */
#ifndef EADR_REVIEW_H
#define EADR_REVIEW_H

#include "screen.h"

struct appr;

/* Open the review of ap (borrowed; it outlives the review); Enter on a
 * problem calls jump(app, walk, path) after the review has closed. */
void review_open(struct app *app, struct appr *ap,
		 void (*jump)(struct app *app, void *walk, const char *path),
		 void *walk);

#endif
