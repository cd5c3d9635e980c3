/*
 * profile.h - managers on a shared laptop: making a profile, signing in
 * (with a slow-down after wrong passphrases that survives a restart),
 * locking, and reading a passphrase file.  Every front end calls these;
 * the cryptography is in keyring.c, the rows in store_profile.c.
 */
#ifndef EADR_PROFILE_H
#define EADR_PROFILE_H

#include "err.h"
#include "store.h"

#define PROFILE_FREE_TRIES 5	/* wrong passphrases before the slow-down */

/* Plain words on choosing a passphrase, for the screens and commands. */
const char *profile_hint(void);

/* A new passphrase typed twice: at least KEYRING_MIN_PASS characters, and
 * again the same.  -1 and err (a sentence for the person) when not. */
int profile_pass_check(const char *pass, const char *again, struct err *err);

/*
 * Make the profile of the manager called name with passphrase pass (typed
 * twice: again must equal it, at least KEYRING_MIN_PASS characters).  When
 * the laptop trusts a hub, the non-private key is also sealed to it
 * (recovery).  Signs the new manager in (store_set_keyring).  -1 and err
 * (a sentence for the person) on failure; nothing is changed.
 */
int profile_create(struct store *st, const char *name, const char *pass,
		   const char *again, struct err *err);

/*
 * Sign in as name: after PROFILE_FREE_TRIES wrong passphrases in a row a
 * try is refused until 30 s (doubling with each further wrong one, at most
 * 5 minutes) have passed since the last wrong one, also across restarts.  A wrong passphrase is
 * counted in the database.  On success the keys are set on the store
 * (store_set_keyring) and appraisals with no holder whose appraiser is
 * name are converted (store_profile_claim); a manager with no box key gets
 * one, and appraisals handed to them are received (store_handover_receive).
 * -1 and err on failure; *wait
 * (may be NULL) gets the seconds to wait when that is why.
 */
int profile_signin(struct store *st, const char *name, const char *pass,
		   int *wait, struct err *err);

/*
 * What follows every sign-in, once the keys are set on the store: a box
 * key pair for a manager with none, the conversion of their unheld
 * appraisals, the receipt of appraisals handed to them, and the sealing
 * for the hub of their final appraisals not sealed yet (sync_seal_held;
 * best effort: sign-in does not fail for it).  -1 and err on failure.
 */
int profile_signed_in(struct store *st, struct err *err);

/* Lock: wipe the keys (store_set_keyring(st, NULL)).  Nothing is lost:
 * every answer was saved when typed. */
void profile_lock(struct store *st);

/* Seconds without keys before the TUI locks, when the config says nothing. */
#define PROFILE_LOCK_AFTER 600

/*
 * Seconds without keys before the TUI locks, from the config file at path
 * (NULL: $XDG_CONFIG_HOME/eadr/config, or ~/.config/eadr/config): its line
 * "lock_after = N" with N a number and a unit, s, m or h (minutes when
 * none); "0" or "off" never locks.  Blank lines, lines starting with '#'
 * and other settings are ignored.  PROFILE_LOCK_AFTER when there is no
 * file or no such line; -1 and err (naming the file and line) for a value
 * that is not one.
 */
long profile_lock_after(const char *path, struct err *err);

/*
 * Read a passphrase from the first line of the file at path (a passphrase
 * is never taken from the command line).  *pass is freed with
 * profile_pass_free, which wipes it.  -1 and err when the file cannot be
 * read or is empty.
 */
int profile_pass_read(const char *path, char **pass, struct err *err);
void profile_pass_free(char *pass);

#endif
