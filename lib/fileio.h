/*
 * fileio.h - whole-file reading and atomic, durable file writing.
 */
#ifndef EADR_FILEIO_H
#define EADR_FILEIO_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "err.h"
#include "sbuf.h"

/*
 * Append the whole file (or standard input for "-") to out.  Refuses files
 * larger than max bytes.  -1 and err (naming the file) on failure.
 */
int file_read(const char *path, struct sbuf *out, size_t max, struct err *err);

/*
 * Write data to path atomically: a temporary file in the same folder
 * (file_temp), fsync, rename, fsync of the folder (file_install).  A
 * failure leaves no partial file and the old file (if any) untouched.  A
 * path that exists and is not a regular file (a device such as /dev/null,
 * a FIFO) is written in place, never replaced; a folder is refused.
 */
int file_write_atomic(const char *path, const void *data, size_t len,
		      mode_t mode, struct err *err);

/*
 * A new empty temporary file (mode) for an atomic write of path, in its
 * folder and named "PATH.tmp-PID-XXXXXX" so that it can be recognised:
 * first, such files left by a write of the same path whose program is no
 * longer running (killed) are removed.  Returns its name (caller frees),
 * or NULL and err.  Hand it to file_install, or unlink it.
 */
char *file_temp(const char *path, mode_t mode, struct err *err);

/*
 * Make the finished temporary file tmp the file path, durably: fsync,
 * rename, fsync of the folder.  On failure tmp is removed, path is left
 * as it was, and -1 and err are returned.
 */
int file_install(const char *tmp, const char *path, struct err *err);

/*
 * An atomic write made as it goes, for output too large to hold: fp
 * writes to a temporary file beside path (file_temp), which
 * file_out_commit installs (file_install) and file_out_abort removes.  A
 * path that is a device or FIFO is written in place (tmp NULL); a folder
 * is refused.
 */
struct file_out {
	FILE *fp;
	char *tmp;	/* the temporary file, or NULL when written in place */
	char *path;
};
#define FILE_OUT_INIT { NULL, NULL, NULL }

/* Open fo for path (mode for a new file).  -1 and err (fo left empty). */
int file_out_open(struct file_out *fo, const char *path, mode_t mode,
		  struct err *err);
/* Close fp and make what was written the file path, durably; -1 and err
 * on a write error (the temporary file is then removed and path left as
 * it was).  fo is emptied either way. */
int file_out_commit(struct file_out *fo, struct err *err);
/* Close fp and remove the temporary file: path is left as it was.  Safe
 * on an empty fo. */
void file_out_abort(struct file_out *fo);

/* Does path exist as something other than a file or a folder (a device,
 * a FIFO), which is written in place, never replaced? */
int file_is_special(const char *path);

#endif
