/*
 * review.h - the review of an appraisal before sign-off (review.c):
 * what is missing or wrong, section by section; and the read-only view
 * of a final appraisal.
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

/*
 * Open the read-only view of appraisal id (a final one, from the team
 * list): every answer, the private ones folded away behind p and a
 * warning.  0, or -1 with the reason on the status line.
 */
int review_view_open(struct app *app, long long id);

#endif
