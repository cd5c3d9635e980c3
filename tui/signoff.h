/*
 * signoff.h - the sign-off dialog of an appraisal (signoff.c).
 */
#ifndef EADR_SIGNOFF_H
#define EADR_SIGNOFF_H

#include "screen.h"

struct appr;

/* Open the sign-off of ap (borrowed); done(app, walk) runs once it is
 * signed (done may be NULL). */
void signoff_open(struct app *app, struct appr *ap, void (*done)(struct app *, void *),
		  void *walk);

#endif
