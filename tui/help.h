/*
 * help.h - the help screen (help.c): the keys of the screen it is opened over.
 */
#ifndef EADR_HELP_H
#define EADR_HELP_H

#include "screen.h"

/* Open the help over for_screen (nothing when that is the help itself). */
void help_open(struct app *app, const struct screen_ops *for_screen);

#endif
