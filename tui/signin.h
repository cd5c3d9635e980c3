/*
 * signin.h - the sign-in screen of a shared laptop, shown before the team
 * list once the database has profiles (schema/security.md).
 */
#ifndef EADR_TUI_SIGNIN_H
#define EADR_TUI_SIGNIN_H

#include <signal.h>

#include "lib/store.h"

/*
 * With curses started: when st has profiles and nobody is signed in yet,
 * ask for a manager's name and passphrase (Ctrl-N makes a new profile)
 * until one signs in.  0 when signed in or not needed, 1 when the person
 * chose to quit (Esc, Ctrl-Q) or *stop became non-zero (a signal).
 */
int signin_run(struct store *st, volatile const sig_atomic_t *stop);

#endif
