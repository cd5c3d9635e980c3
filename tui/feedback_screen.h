/*
 * feedback_screen.h - the 360-degree feedback report that came back from
 * the hub, as bars per dimension and group (feedback_screen.c), opened with
 * F4 from the walk, beside the values and behaviours section.
 */
#ifndef EADR_FEEDBACK_SCREEN_H
#define EADR_FEEDBACK_SCREEN_H

#include "screen.h"

/* Open the report of staff_number (name for the title, may be NULL): only
 * the manager holding it reads it; anyone else, or before it came back,
 * sees why not. */
void feedback_screen_open(struct app *app, const char *staff_number, const char *name);

#endif
