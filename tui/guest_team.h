/*
 * guest_team.h - the guests' keys on the team list of a laptop without
 * manager profiles, which has no sign-in screen to offer them (F2 prepare,
 * F4 give 360-degree feedback): the same screens as the sign-in screen's.
 */
#ifndef EADR_GUEST_TEAM_H
#define EADR_GUEST_TEAM_H

#include "keys.h"

/* Key table functions (keys.h): open "Prepare for my appraisal" or "Give
 * feedback" when the laptop has no profiles; with profiles, say that they
 * are on the sign-in screen, so that no guest acts in a manager's session. */
enum scr_result guest_team_prepare(struct app *app, void *self, unsigned key);
enum scr_result guest_team_feedback(struct app *app, void *self, unsigned key);

#endif
