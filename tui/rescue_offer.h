/*
 * rescue_offer.h - at start, the offer to put back words that were kept in
 * a rescue file when eadr could not save them (lib/rescue.h).
 */
#ifndef EADR_TUI_RESCUE_OFFER_H
#define EADR_TUI_RESCUE_OFFER_H

struct app;

/*
 * For each rescue file of the database the signed-in manager (or anyone,
 * without profiles) may put back, oldest first, ask "Words that could not
 * be saved on DATE for NAME are kept in FILE. Put them back now?"; yes puts
 * them back (rescue_restore) and says how it went on the message line; no
 * keeps the file for the next start.  Call after the other start-up
 * questions are pushed, so that these are answered first.
 */
void rescue_offer(struct app *app);

#endif
