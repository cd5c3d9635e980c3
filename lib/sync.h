/*
 * sync.h - the laptop's side of sync: push a bundle of final appraisals to a
 * folder, pull the hub's acknowledgements from it, say what is waiting, and
 * trust a hub's public key.  See schema/bundle.md.
 */
#ifndef EADR_SYNC_H
#define EADR_SYNC_H

#include <sys/stat.h>

#include "feedback_back.h"
#include "sbuf.h"
#include "store.h"

struct sync_push_result {
	char *path;		/* the (first) bundle written; NULL: nothing to send */
	unsigned files;		/* bundles written (those sealed at finalisation
				 * go as they were made, one each) */
	unsigned long long seq;	/* of the last one */
	int encrypted;		/* every one sealed to the trusted hub key */
	unsigned forms, staff, appraisals, answers, goals, signoffs;
	unsigned fb_requests, fb_responses;	/* 360 feedback not yet acknowledged */
	unsigned voices;	/* sealed answers of how it went carried */
	unsigned voices_waiting;	/* left to travel with later ones (VOICE_BATCH) */
	unsigned prep_codes, prep_answers;	/* preparations (prepare_away.h) */
};
void sync_push_result_release(struct sync_push_result *r);

/*
 * Write into dir every final appraisal whose current revision the hub has
 * not acknowledged (never private answers), atomically, and record each
 * bundle as sent: those sealed at finalisation (sync_seal_final) as they
 * were made, which needs nobody signed in, and one bundle with the rest,
 * which needs each held appraisal's holder signed in (else -1 and err
 * naming the holder), and that also holds every 360-degree feedback
 * request and sealed response the hub has not acknowledged.  Nothing to
 * send: 0 and r->path NULL.
 */
int sync_push(struct store *st, const char *dir, struct sync_push_result *r,
	      struct err *err);

/*
 * At finalisation, inside the caller's transaction: when appraisal id is
 * held (its text encrypted under its holder's keys, who is signed in) and
 * the laptop trusts a hub key, make its bundle now (signed, its records
 * sealed to the hub: never a private answer) and keep it for sync_push.
 * Otherwise nothing is done.  -1 and err on failure.
 */
int sync_seal_final(struct store *st, long long id, struct err *err);
/*
 * At sign-in: seal, as sync_seal_final would have, every final appraisal
 * the signed-in manager holds that has no sealed bundle and the hub has
 * not acknowledged (finalised before sealing existed, or while the laptop
 * trusted no hub key), when a hub key is trusted now; each in its own
 * transaction.  *n counts them.  Nothing signed in or no hub key: 0.
 */
int sync_seal_held(struct store *st, size_t *n, struct err *err);
/* Discard appraisal id's sealed bundle (when it is reopened). */
int sync_seal_drop(struct store *st, long long id, struct err *err);

struct sync_pull_result {
	unsigned files;		/* acknowledgement files read */
	unsigned applied;	/* of bundles this laptop sent */
	unsigned other;		/* of other laptops' bundles (ignored) */
	unsigned refused;	/* damaged or untrusted: nothing taken from them */
	size_t marked;		/* appraisal revisions newly marked synced */
	struct feedback_back_result fb;	/* the hub's *.360 files (feedback_back.h) */
	unsigned prep_taken, prep_refused;	/* the hub's *.prep files (prepare_away.h) */
	struct sbuf problems;	/* one "FILE: message" per line */
};
void sync_pull_result_release(struct sync_pull_result *r);

/*
 * Read every *.ack file in dir and mark synced exactly the revisions each
 * acknowledges of a bundle this laptop sent (and the feedback that bundle
 * carried as delivered).  Only acknowledgements signed
 * by the trusted hub key count: with no hub key trusted, -1 and a message
 * saying so, and nothing is marked.  A damaged, untrusted or malformed
 * acknowledgement marks nothing and is listed in r->problems (the others
 * still count).  -1 also when dir cannot be read at all.  Then every
 * *.360 file (the hub's progress and report of a 360-degree feedback
 * request, feedback_back_pull): r->fb counts them, a refused one is listed
 * in r->problems too.
 */
int sync_pull(struct store *st, const char *dir, struct sync_pull_result *r,
	      struct err *err);

/*
 * Trust the hub public key file (made by 'eadr hub init'): later bundles
 * are sealed to it and acknowledgements must be signed by it.  The file must
 * be signed by the hub's key, and weak or low-order keys are refused
 * (bundle_hubkey_read).  fp gets the fingerprint over both keys;
 * *replaced is 1 when another hub key was trusted before.
 */
int sync_trust(struct store *st, const char *file, char fp[25], int *replaced,
	       struct err *err);

/*
 * This laptop's signing key (made now if it has none: a database copied to
 * another laptop keeps its identity only once the key exists) and its
 * fingerprint (fp may be NULL), which the hub shows when it first sees
 * the laptop.  The command line calls it when it creates a database.
 */
int sync_identity(struct store *st, char fp[25], struct err *err);

/* Is a hub key trusted? 1 yes (fp, its fingerprint over both keys, may be
 * NULL), 0 no, -1 error. */
int sync_trusted(struct store *st, char fp[25], struct err *err);

/* Names (not paths) in dir ending in suffix, not hidden, sorted; the caller
 * frees each and the array.  NULL and err when dir cannot be read. */
char **sync_list_dir(const char *dir, const char *suffix, size_t *n,
		     struct err *err);
/*
 * Append a file on a stick or share to out: only a regular file, opened
 * without following a symbolic link and without blocking (a FIFO, a device
 * or a folder is refused at once), its size checked against max before
 * anything is read.  -1 and err naming the file; out is then unchanged.
 */
int sync_file_read(const char *path, struct sbuf *out, size_t max, struct err *err);
/* The same checks, then the open file descriptor (the caller closes it)
 * with its status in *sb; -1 and err. */
int sync_file_open(const char *path, size_t max, struct stat *sb, struct err *err);

/* Append dir/name to sb (one slash between). */
void sync_join(struct sbuf *sb, const char *dir, const char *name);

#endif
