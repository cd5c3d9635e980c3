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
 * Write data to path atomically: a temporary file in the same folder,
 * fsync, rename, fsync of the folder.  A failure leaves no partial file and
 * the old file (if any) untouched.  A path that exists and is not a
 * regular file (a device such as /dev/null, a FIFO) is written in place,
 * never replaced; a folder is refused.
 */
int file_write_atomic(const char *path, const void *data, size_t len,
		      mode_t mode, struct err *err);

#endif
