/*
 * fileio.c - whole-file reading and atomic writing (see fileio.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"

int file_read(const char *path, struct sbuf *out, size_t max, struct err *err)
{
	int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : 0;
	struct stat sb;
	size_t start = out->len;

	if (fd < 0)
		return err_set(err, "%s: %s", path, strerror(errno));
	if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		close(fd);
		return err_set(err, "%s: is a folder, not a file", path);
	}
	for (;;) {
		ssize_t n;

		sbuf_grow(out, 65536);
		n = read(fd, out->buf + out->len, out->alloc - out->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err_set(err, "%s: %s", path, strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
		out->buf[out->len] = '\0';
		if (out->len - start > max) {
			err_set(err, "%s: the file is too large (more than %zu bytes)", path, max);
			goto fail;
		}
	}
	if (fd)
		close(fd);
	return 0;
fail:
	if (fd)
		close(fd);
	sbuf_setlen(out, start);
	return -1;
}

/* Write all of data to fd; -1 with errno set on failure. */
static int write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* A device or pipe (e.g. /dev/stdout, a FIFO) is written in place: renaming
 * a file over it would replace the device node itself. */
static int write_special(const char *path, const void *data, size_t len,
			 struct err *err)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return err_set(err, "%s: cannot write: %s", path, strerror(errno));
	if (write_all(fd, data, len) < 0) {
		err_set(err, "%s: cannot write: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (close(fd) < 0)
		return err_set(err, "%s: cannot write: %s", path, strerror(errno));
	return 0;
}

int file_write_atomic(const char *path, const void *data, size_t len,
		      mode_t mode, struct err *err)
{
	struct sbuf tmp = SBUF_INIT;
	char *dcopy;
	const char *dir;
	int fd, dfd, rc = -1;
	struct stat sb;

	if (stat(path, &sb) == 0) {
		if (S_ISDIR(sb.st_mode))
			return err_set(err, "%s: cannot write: it is a folder", path);
		if (!S_ISREG(sb.st_mode))
			return write_special(path, data, len, err);
	}
	dcopy = xstrdup(path);
	dir = dirname(dcopy);

	sbuf_addf(&tmp, "%s.tmp-XXXXXX", path);
	fd = mkstemp(tmp.buf);
	if (fd < 0) {
		err_set(err, "%s: cannot write: %s", path, strerror(errno));
		goto out;
	}
	if (fchmod(fd, mode) < 0) {
		err_set(err, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (write_all(fd, data, len) < 0) {
		err_set(err, "%s: cannot write: %s", path, strerror(errno));
		goto fail;
	}
	if (fsync(fd) < 0) {
		err_set(err, "%s: cannot write: %s", path, strerror(errno));
		goto fail;
	}
	if (close(fd) < 0) {
		fd = -1;
		err_set(err, "%s: cannot write: %s", path, strerror(errno));
		goto fail;
	}
	fd = -1;
	if (rename(tmp.buf, path) < 0) {
		err_set(err, "%s: cannot write: %s", path, strerror(errno));
		goto fail;
	}
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	rc = 0;
	goto out;
fail:
	if (fd >= 0)
		close(fd);
	unlink(tmp.buf);
out:
	sbuf_release(&tmp);
	free(dcopy);
	return rc;
}
