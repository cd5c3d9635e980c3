/*
 * feedback_request.h - asking for 360-degree feedback from the team list
 * (Ctrl-F): invitations per group, a close date, then the one-time codes
 * and the printable slips (feedback_request.c).
 */
#ifndef EADR_TUI_FEEDBACK_REQUEST_H
#define EADR_TUI_FEEDBACK_REQUEST_H

#include "screen.h"

/*
 * Open the request screen for staff member number (called name), whose
 * latest appraisal is appraisal_id (0: none).  With managers' profiles,
 * only the signed-in manager holding their appraisal may ask; without,
 * the person needs an appraisal on this laptop.  Otherwise says why on
 * the message line and opens nothing.  The slips are written to the
 * current folder; the screen names both files.
 */
void feedback_request_open(struct app *app, const char *number, const char *name,
			   long long appraisal_id);

#endif
