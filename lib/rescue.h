/*
 * rescue.h - words the database would not take (a full disk, a lock that
 * never ended), kept in a file when eadr must stop: beside the database,
 * else in $HOME, else in a temporary folder, a world-shared one last.
 */
#ifndef EADR_RESCUE_H
#define EADR_RESCUE_H

#include "err.h"

struct rescue {
	const char *db_path;	/* the database that would not take them */
	const char *who;	/* "Chidi Okonkwo (100361)", may be NULL */
	const char *appraisal;	/* the appraisal's uuid, may be NULL */
	const char *what;	/* "the answer to welcome.checkin" */
	const char *text;	/* the words, as typed */
	int private;		/* a private answer: never to leave the laptop */
};

/*
 * Write r to a new file "eadr-unsaved-STAMP-PID.txt" (with "-PRIVATE"
 * before ".txt" when r->private; the file's first line says so too), mode
 * 0600, made with O_EXCL and never through a symbolic link, written and
 * synced whole.  Folders, in order: the database's, $HOME, $TMPDIR; a
 * folder anyone can write to (/tmp) only after every other failed, /tmp
 * itself last.  Returns the file's path (caller frees), or NULL and err
 * naming every place tried.  The person deletes the file once the words
 * are back in eadr (the file says so).
 */
char *rescue_write(const struct rescue *r, struct err *err);

#endif
