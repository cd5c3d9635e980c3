/*
 * hub.h - the hub's side of sync: its key pair, the import of laptops'
 * bundles (idempotent, in any order, one transaction per bundle), the
 * acknowledgements it writes back, and the conflicts it keeps.
 */
#ifndef EADR_HUB_H
#define EADR_HUB_H

#include "bundle.h"
#include "hubstore.h"

/*
 * Make this database a hub: an Ed25519 key pair (signs acknowledgements)
 * and an X25519 key pair (opens sealed bundles), kept in the database, once.
 * Writes the public key file to pubfile (again, if the hub already exists:
 * *created is then 0).  fp gets the fingerprint laptops will show.
 */
int hub_init(struct hubstore *hs, const char *pubfile, int *created, char fp[25],
	     struct err *err);

struct hub_file_result {
	int already;		/* imported before: acknowledgement written again */
	int waiting;		/* its device is not approved: kept, not merged */
	int revoked;		/* ... because its device was revoked */
	int encrypted;
	char device_id[UUID_LEN + 1];
	char device_fp[25];	/* fingerprint of the device's signing key */
	char other_fp[25];	/* waiting: another key that claimed its id, or "" */
	size_t forms, staff, appraisals, answers, goals, signoffs;
	size_t conflicts;	/* of its appraisals, now in conflict */
	size_t held;		/* of them, another device's: held, not merged */
	char *ack_path;		/* the acknowledgement written; NULL if waiting */
	/* 360-degree feedback records (also taken again when a bundle is
	 * imported again: a response that came before its request counts then) */
	size_t fb_requests, fb_responses;	/* taken now */
	size_t fb_replays;	/* had been taken before: nothing changed */
	size_t fb_refused;	/* refused one by one; the rest of the bundle stands */
	size_t fb_waiting;	/* responses whose request is not here yet: kept
				   sealed, taken when it comes (fb_responses then) */
	char *fb_problems;	/* "FILE: why" per refused record, one a line, or NULL */
	/* Answers of how it went (hub_voice.c; refused ones are explained in
	 * fb_problems too) */
	size_t voice_taken, voice_replays, voice_refused;
};
void hub_file_result_release(struct hub_file_result *r);
/* An answer of how it went refused on its own: counted in r->voice_refused,
 * "path: why" added to r->fb_problems (r may be NULL). */
void hub_record_refused(struct hub_file_result *r, const char *path, const char *why);

/*
 * Import one bundle file in one transaction.  Its feedback requests and
 * responses are taken one by one (hub_feedback.h): a refused one is counted
 * and explained in r->fb_problems, and the rest of the bundle is imported
 * (on either back end).  A bundle imported
 * before has its feedback records taken again (replays change nothing).  Only a regular file is read
 * (not through a symbolic link, never blocking on a FIFO or device, its
 * size checked first).  A bundle that is not whole and genuine is refused
 * with a message naming the file, and the database is unchanged.  From an
 * approved device it is merged and its acknowledgement written beside it
 * (NAME.ack for NAME.bundle, mode 0600); from any other it is kept whole in
 * the waiting area (r->waiting), with no acknowledgement, until 'hub allow'.
 */
int hub_import_file(struct hubstore *hs, const char *path,
		    struct hub_file_result *r, struct err *err);

/*
 * The bundle files named by args: a folder stands for its *.bundle files
 * (sorted), a file for itself.  Caller frees each path and the array.
 */
char **hub_expand(char *const *args, int nargs, size_t *n, struct err *err);

struct hub_conflict {
	const char *uuid, *staff_number, *name, *hash, *device_id, *updated_at;
	const char *bundle_file;
	char device_fp[25];	/* the key that signed the bundle, or "" */
	long long revision;
	int in_use;
	int stranger;		/* sent by a device that does not own it */
	size_t answers, goals, signoffs;	/* what this variant holds */
};
/* Calls fn for every variant of every unresolved conflict, grouped by
 * appraisal and revision.  Returns the number of variants, or -1. */
int hub_conflicts_each(struct hubstore *hs,
		       int (*fn)(const struct hub_conflict *, void *), void *arg,
		       struct err *err);

/* ---- devices (hub_devices.c, and hub_allow in hub.c) ---- */

/* A device is its signing key; the device id is what its bundles claim. */
struct hub_device {
	char fp[25];		/* bundle_fingerprint of the key */
	unsigned char sign_key[BUNDLE_PK];
	char device_id[UUID_LEN + 1];
	char first_seen[STAMP_LEN + 1], last_seen[STAMP_LEN + 1];	/* bundles' times */
	char state[10];		/* waiting, approved, revoked */
	char state_at[STAMP_LEN + 1];	/* when allowed or revoked, or "" */
	long long max_seq, merged, waiting, owns;	/* bundles, appraisals */
};
/* Calls fn for every device seen, oldest first; returns how many, or -1. */
int hub_devices_each(struct hubstore *hs, int (*fn)(const struct hub_device *, void *),
		     void *arg, struct err *err);
/* The device with this fingerprint (spaces optional): 0, or -1 and a
 * message when it is no fingerprint or no device has it. */
int hub_device_find(struct hubstore *hs, const char *fingerprint,
		    struct hub_device *out, struct err *err);

struct hub_allow_result {
	struct hub_device dev;
	int already;		/* was approved before */
	size_t bundles, appraisals, held;	/* merged from the waiting area */
	/* their 360 feedback, preparation and how-it-went records, counted as
	 * 'hub import' counts them (fb_*, voice_*, fb_problems), summed */
	struct hub_file_result records;
};
/*
 * Approve a device and merge every bundle of it that was waiting, in the
 * order it wrote them, all in one transaction (audited).  Their
 * acknowledgements are written by the next 'hub import' of their folder.
 * Release r with hub_allow_result_release, whatever hub_allow returned.
 */
int hub_allow(struct hubstore *hs, const char *fingerprint,
	      struct hub_allow_result *r, struct err *err);
void hub_allow_result_release(struct hub_allow_result *r);
/* Stop merging a device's bundles (they wait again); what was merged stays.
 * Audited; *already when it was revoked before. */
int hub_revoke(struct hubstore *hs, const char *fingerprint, struct hub_device *dev,
	       int *already, struct err *err);

struct hub_transfer_result {
	struct hub_device from, to;
	size_t moved;		/* appraisals that now belong to "to" */
	size_t adopted;		/* revisions "to" had sent, merged now */
};
/*
 * Give every appraisal of one device to another (a laptop replaced or
 * re-imaged), audited, and merge the revisions the new owner had sent that
 * were held as another device's.  The receiving device must be approved.
 */
int hub_transfer(struct hubstore *hs, const char *from_fp, const char *to_fp,
		 struct hub_transfer_result *r, struct err *err);

#endif
