/*
 * voice_screen.h - after the sign-off, the offer to the staff member to say
 * how it went (voice_screen.c; lib/voice.h, schema/voice.md).
 */
#ifndef EADR_VOICE_SCREEN_H
#define EADR_VOICE_SCREEN_H

#include "screen.h"

struct appr;

/*
 * Offer "How did it go? (for the staff member)" for ap's appraisal, now
 * signed: a question saying who can read the answers (Enter skips), then
 * the statements and one line, sealed for the hub with Seal.  Nothing is
 * offered (0) when it cannot be asked (no trusted hub key, not signed);
 * then why is in note (a sentence, may be NULL).  1 when offered.
 */
int voice_offer(struct app *app, const struct appr *ap, struct sbuf *note);

#endif
