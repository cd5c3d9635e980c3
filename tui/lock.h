/*
 * lock.h - the idle lock of a shared laptop (schema/security.md): after a
 * period without keys (lock_after in the config file, default 10 minutes)
 * the keys are wiped and the lock screen asks for the passphrase.
 */
#ifndef EADR_TUI_LOCK_H
#define EADR_TUI_LOCK_H

#include <signal.h>

#include "lib/store.h"

/* Read the config (once, at start); an error there is returned as a
 * sentence to show (caller frees), or NULL. */
char *lock_setup(void);

/* A key was pressed now. */
void lock_key(void);

/*
 * Called when no key came: when a manager is signed in and no key came for
 * the lock period, save(arg) is called first (what was typed is saved),
 * the keys are wiped and the lock screen shown until the passphrase is
 * typed.  0 to carry on (unlocked, or nothing to do), 1 when the person
 * chose to quit at the lock screen.
 */
int lock_idle(struct store *st, void (*save)(void *), void *arg,
	      volatile const sig_atomic_t *stop);

#endif
