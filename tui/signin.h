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

/*
 * With curses started and the keys already wiped (profile_lock): the lock
 * screen, which shows no appraisal text, only that name's session is
 * locked; it asks for name's passphrase until it is right (wrong ones
 * slow down as at sign-in).  0 when unlocked, 1 when the person chose to
 * quit (Esc, Ctrl-Q; everything typed was saved before locking) or *stop
 * became non-zero.
 */
int signin_unlock(struct store *st, const char *name, const char *why,
		  volatile const sig_atomic_t *stop);

#endif
