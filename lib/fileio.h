/*
 * fileio.h - whole-file reading and atomic, durable file writing.
 */
#ifndef EADR_FILEIO_H
#define EADR_FILEIO_H

#include <stddef.h>
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

/* Does path exist as something other than a file or a folder (a device,
 * a FIFO), which is written in place, never replaced? */
int file_is_special(const char *path);

#endif
