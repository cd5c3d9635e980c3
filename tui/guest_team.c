/*
 * guest_team.c - F2 and F4 on the team list of a laptop without manager
 * profiles (see guest_team.h): there is no sign-in screen there, whose F2
 * and F3 a staff member or a 360 rater would otherwise use.
 */
#include <curses.h>

#include "guest.h"
#include "guest_team.h"
#include "lib/store.h"

static enum scr_result guest(struct app *app, void (*fn)(struct store *,
							  volatile const sig_atomic_t *),
			     const char *what, const char *key)
{
	if (store_profiles(app->st) != 0) {
		app_msg(app, 1, "%s is on the sign-in screen (%s there): quit with Ctrl-Q "
			"and start eadr again, so that nobody acts in your session.",
			what, key);
		return SCR_STAY;
	}
	/* The guest screens run their own key loop: they stop on eadr's own
	 * signal flag, and the loop (app.c) then saves and leaves. */
	fn(app->st, app_signal_flag());
	clearok(curscr, TRUE);	/* the team list, whole, again */
	return SCR_STAY;
}

enum scr_result guest_team_prepare(struct app *app, void *self, unsigned key)
{
	(void)self, (void)key;
	return guest(app, guest_prepare, "Preparing for an appraisal", "F2");
}

enum scr_result guest_team_feedback(struct app *app, void *self, unsigned key)
{
	(void)self, (void)key;
	return guest(app, guest_feedback, "Giving 360-degree feedback", "F3");
}
