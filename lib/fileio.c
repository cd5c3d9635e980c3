/*
 * fileio.c - whole-file reading and atomic writing (see fileio.h).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"

/* What follows the target's name in a temporary file's: PATH.tmp-PID-XXXXXX. */
#define TEMP_MARK ".tmp-"

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

int file_is_special(const char *path)
{
	struct stat sb;

	return path && stat(path, &sb) == 0 && !S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode);
}

/*
 * Is name (in path's folder) a temporary file of an earlier write of path
 * whose program is gone: "BASE.tmp-PID-XXXXXX" with PID not running?
 */
static int stale_temp(const char *name, const char *base, size_t blen)
{
	const char *p = name + blen;
	char *end;
	long pid;

	if (strncmp(name, base, blen) || strncmp(p, TEMP_MARK, strlen(TEMP_MARK)))
		return 0;
	p += strlen(TEMP_MARK);
	if (*p < '1' || *p > '9')
		return 0;
	pid = strtol(p, &end, 10);
	if (*end != '-' || strlen(end + 1) != 6 || pid <= 0 || (pid_t)pid != pid)
		return 0;
	return kill((pid_t)pid, 0) < 0 && errno == ESRCH;
}

/* Remove what killed writes of path left behind (best effort). */
static void remove_stale(const char *path)
{
	char *dcopy = xstrdup(path), *bcopy = xstrdup(path);
	const char *dir = dirname(dcopy), *base = basename(bcopy);
	size_t blen = strlen(base);
	DIR *d = opendir(dir);
	struct dirent *de;

	while (d && (de = readdir(d))) {
		struct sbuf full = SBUF_INIT;

		if (!stale_temp(de->d_name, base, blen))
			continue;
		sbuf_addf(&full, "%s/%s", dir, de->d_name);
		unlink(full.buf);
		sbuf_release(&full);
	}
	if (d)
		closedir(d);
	free(dcopy);
	free(bcopy);
}

char *file_temp(const char *path, mode_t mode, struct err *err)
{
	struct sbuf tmp = SBUF_INIT;
	int fd;

	remove_stale(path);
	sbuf_addf(&tmp, "%s" TEMP_MARK "%ld-XXXXXX", path, (long)getpid());
	if ((fd = mkstemp(tmp.buf)) < 0) {
		err_set(err, "%s: cannot write: %s", path, strerror(errno));
		sbuf_release(&tmp);
		return NULL;
	}
	if (fchmod(fd, mode) < 0) {
		err_set(err, "%s: %s", path, strerror(errno));
		close(fd);
		unlink(tmp.buf);
		sbuf_release(&tmp);
		return NULL;
	}
	close(fd);
	return sbuf_detach(&tmp);
}

/* fsync the folder holding path, so that a rename in it lasts. */
static void sync_folder(const char *path)
{
	char *dcopy = xstrdup(path);
	int dfd = open(dirname(dcopy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	free(dcopy);
}

int file_install(const char *tmp, const char *path, struct err *err)
{
	int fd = open(tmp, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fsync(fd) < 0) {
		err_set(err, "%s: cannot write: %s", path, strerror(errno));
		goto fail;
	}
	close(fd);
	fd = -1;
	if (rename(tmp, path) < 0) {
		err_set(err, "%s: cannot write: %s", path, strerror(errno));
		goto fail;
	}
	sync_folder(path);
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return -1;
}

int file_out_open(struct file_out *fo, const char *path, mode_t mode,
		  struct err *err)
{
	struct stat sb;
	const char *target;

	memset(fo, 0, sizeof(*fo));
	if (stat(path, &sb) == 0) {
		if (S_ISDIR(sb.st_mode))
			return err_set(err, "%s: cannot write: it is a folder", path);
		if (!S_ISREG(sb.st_mode))
			goto open;	/* a device or FIFO: in place */
	}
	if (!(fo->tmp = file_temp(path, mode, err)))
		return -1;
open:
	target = fo->tmp ? fo->tmp : path;
	if (!(fo->fp = fopen(target, "we"))) {
		err_set(err, "%s: cannot write: %s", path, strerror(errno));
		if (fo->tmp)
			unlink(fo->tmp);
		free(fo->tmp);
		fo->tmp = NULL;
		return -1;
	}
	fo->path = xstrdup(path);
	return 0;
}

int file_out_commit(struct file_out *fo, struct err *err)
{
	int bad = ferror(fo->fp), rc = 0;

	if (fclose(fo->fp) != 0 || bad) {
		rc = err_set(err, "%s: cannot write: %s", fo->path,
			     bad ? "a write failed" : strerror(errno));
		if (fo->tmp)
			unlink(fo->tmp);
	} else if (fo->tmp) {
		rc = file_install(fo->tmp, fo->path, err);
	}
	fo->fp = NULL;
	free(fo->tmp);
	free(fo->path);
	memset(fo, 0, sizeof(*fo));
	return rc;
}

void file_out_abort(struct file_out *fo)
{
	if (fo->fp)
		fclose(fo->fp);
	if (fo->tmp)
		unlink(fo->tmp);
	free(fo->tmp);
	free(fo->path);
	memset(fo, 0, sizeof(*fo));
}

int file_write_atomic(const char *path, const void *data, size_t len,
		      mode_t mode, struct err *err)
{
	struct stat sb;
	char *tmp;
	int fd, rc;

	if (stat(path, &sb) == 0) {
		if (S_ISDIR(sb.st_mode))
			return err_set(err, "%s: cannot write: it is a folder", path);
		if (!S_ISREG(sb.st_mode))
			return write_special(path, data, len, err);
	}
	if (!(tmp = file_temp(path, mode, err)))
		return -1;
	fd = open(tmp, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write_all(fd, data, len) < 0 || close(fd) < 0) {
		rc = err_set(err, "%s: cannot write: %s", path, strerror(errno));
		unlink(tmp);
	} else {
		rc = file_install(tmp, path, err);
	}
	free(tmp);
	return rc;
}
