/*
 * hub.h - the hub's side of sync: its key pair, the import of laptops'
 * bundles (idempotent, in any order, one transaction per bundle), the
 * acknowledgements it writes back, and the conflicts it keeps.
 */
#ifndef EADR_HUB_H
#define EADR_HUB_H

#include "store.h"

/*
 * Make this database a hub: an Ed25519 key pair (signs acknowledgements)
 * and an X25519 key pair (opens sealed bundles), kept in the database, once.
 * Writes the public key file to pubfile (again, if the hub already exists:
 * *created is then 0).  fp gets the fingerprint laptops will show.
 */
int hub_init(struct store *st, const char *pubfile, int *created, char fp[25],
	     struct err *err);

struct hub_file_result {
	int already;		/* imported before: acknowledgement written again */
	int new_device;		/* first bundle from this device */
	int encrypted;
	char device_id[UUID_LEN + 1];
	char device_fp[25];	/* fingerprint of the device's signing key */
	size_t forms, staff, appraisals, answers, goals, signoffs;
	size_t conflicts;	/* of its appraisals, now in conflict */
	char *ack_path;		/* the acknowledgement written */
};
void hub_file_result_release(struct hub_file_result *r);

/*
 * Import one bundle file in one transaction and write its acknowledgement
 * beside it (NAME.ack for NAME.bundle).  A bundle that is not whole and
 * genuine, or is signed by another key than its device used before, is
 * refused with a message naming the file, and the database is unchanged.
 */
int hub_import_file(struct store *st, const char *path,
		    struct hub_file_result *r, struct err *err);

/*
 * The bundle files named by args: a folder stands for its *.bundle files
 * (sorted), a file for itself.  Caller frees each path and the array.
 */
char **hub_expand(char *const *args, int nargs, size_t *n, struct err *err);

struct hub_conflict {
	const char *uuid, *staff_number, *name, *hash, *device_id, *updated_at;
	const char *bundle_file;
	long long revision;
	int in_use;
	size_t answers, goals, signoffs;	/* what this variant holds */
};
/* Calls fn for every variant of every unresolved conflict, grouped by
 * appraisal and revision.  Returns the number of variants, or -1. */
int hub_conflicts_each(struct store *st,
		       int (*fn)(const struct hub_conflict *, void *), void *arg,
		       struct err *err);

#endif
