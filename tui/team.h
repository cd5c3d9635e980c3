/*
 * team.h - the team list (team.c), the first screen.
 */
#ifndef EADR_TEAM_H
#define EADR_TEAM_H

#include "screen.h"

/* Open the team list: everyone, with the state of their appraisal. */
void team_open(struct app *app);

#endif
