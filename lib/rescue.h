/*
 * rescue.h - words the database would not take (a full disk, a lock that
 * never ended), kept in a file when eadr must stop: beside the database,
 * else in $HOME, else in a temporary folder, a world-shared one last; and
 * put back later through the normal save path (rescue_read.c).
 */
#ifndef EADR_RESCUE_H
#define EADR_RESCUE_H

#include <stddef.h>

#include "err.h"
#include "keyring.h"
#include "sbuf.h"

struct store;

/* What a rescue file keeps: one value of one appraisal. */
struct rescue {
	const char *db_path;	/* the database that would not take them */
	const char *who;	/* "Chidi Okonkwo (100361)", may be NULL */
	const char *appraisal;	/* the appraisal's uuid */
	long long id;		/* its id in that database */
	const char *what;	/* "the answer to welcome.checkin" */
	const char *path;	/* the answer's path; NULL for a sign-off field */
	int field;		/* a sign-off field (APPR_SIGNOFF_*) when !path */
	const char *was;	/* the value saved before (NULL: none) */
	const char *text;	/* the words, as typed */
	int private;		/* a private answer: never to leave the laptop */
	const struct keyring *kr;	/* the signed-in manager (NULL: no profiles):
					   the words are then encrypted under
					   their key and not written in clear */
};

/*
 * Write r to a new file "eadr-unsaved-STAMP-PID.txt" (with "-PRIVATE"
 * before ".txt" when r->private; the file's first line says so too), mode
 * 0600, made with O_EXCL and never through a symbolic link, written and
 * synced whole.  Folders, in order: the database's, $HOME, $TMPDIR; a
 * folder anyone can write to (/tmp) only after every other failed, /tmp
 * itself last.  The file has a part for people (what, where, the words
 * unless encrypted) and a versioned part eadr reads back (RESCUE_MAGIC,
 * base64 values, a BLAKE2b check): without r->kr the words are in both, in
 * clear; with r->kr only their encryption (XChaCha20-Poly1305 under the
 * manager's key, private or shared as the answer, bound to the database
 * path, appraisal uuid and path) is kept.  Returns the file's path
 * (caller frees), or NULL and err naming every place tried.
 */
char *rescue_write(const struct rescue *r, struct err *err);

/* The file's first line of the part eadr reads. */
#define RESCUE_MAGIC "eadr-rescue 1"

/* A rescue file as read back (rescue_read).  Strings owned. */
struct rescue_file {
	char *file;		/* where it is */
	char *db_path, *uuid, *at, *who, *what;
	char *path;		/* the answer's path, or NULL (a sign-off field) */
	int field;
	long long id;
	int private;
	char *manager;		/* encrypted for this manager, or NULL (in clear) */
	char *was, *value;	/* in clear only (NULL when encrypted) */
	int has_was;
	unsigned char *sealed;	/* encrypted only */
	size_t nsealed;
};
void rescue_file_release(struct rescue_file *f);

/*
 * Read and check the file at path (a regular file of this user, not a
 * link): its part for eadr must be whole and unaltered.  -1 and err (a
 * sentence: "cut short", "altered", "not a rescue file") otherwise.
 */
int rescue_read(const char *path, struct rescue_file *f, struct err *err);

/*
 * The rescue files of the database at db_path in the folders rescue_write
 * uses, oldest first: *v[0..*n) (caller releases each and frees v).  Files
 * that are not this user's, not readable or not whole are skipped.
 */
int rescue_find(const char *db_path, struct rescue_file **v, size_t *n,
		struct err *err);

/* The text of a file's words, or NULL with err (encrypted for another
 * manager, nobody signed in, altered); *has_was and *was (caller frees): the value before. */
char *rescue_open_value(struct store *st, const struct rescue_file *f,
			int *has_was, char **was, struct err *err);

/*
 * Put the words of the file at path back into the database st, through
 * the normal save path (appr_open, appr_set or appr_signoff_draft_set),
 * then store_flush, and only then remove the file.  Refused, the file
 * kept: another database's file, encrypted for another manager, the
 * appraisal final or signed, open in another eadr, or the saved value
 * changed since the words were rescued.  Words already there count as put
 * back.  dirs: the form folders (appr_open).  report gets a sentence of
 * what was done.  -1 and err on refusal or failure.
 */
int rescue_restore(struct store *st, const char *path, const char *const *dirs,
		   size_t ndirs, struct sbuf *report, struct err *err);

/* Helpers shared by rescue.c and rescue_read.c. */
void rescue_ad(struct sbuf *ad, const char *db, const char *uuid,
	       const char *path, int field, int priv);
char *rescue_realpath(const char *db_path);	/* caller frees */

#endif
