/*
 * handover.h - handing an appraisal to another manager from the team list
 * (Ctrl-O), and the offer, after sign-in, to refuse a hand-over that cannot
 * be received (handover.c; the rules are lib's store_handover*).
 */
#ifndef EADR_TUI_HANDOVER_H
#define EADR_TUI_HANDOVER_H

#include "screen.h"

/*
 * Hand staff member number's (called name) latest appraisal the signed-in
 * manager holds to another manager: a menu of the other managers, then a
 * confirmation naming both managers (and the private answers it deletes).
 * Says why on the message line when it cannot be (no profiles, not held).
 */
void handover_open(struct app *app, const char *number, const char *name);

/* After sign-in: a hand-over to this manager that cannot be received is
 * explained, with the offer to hand it back (audited). */
void handover_offer_refuse(struct app *app);

#endif
