/*
 * rescue.c - a file for words the database would not take (see rescue.h):
 * tried in each sensible folder in turn, private (0600), never replacing
 * or following anything an attacker could have put in a shared folder.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rescue.h"
#include "sbuf.h"
#include "util.h"

#define MAX_DIRS 4

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0) {
			errno = ENOSPC;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Can anyone write to the folder (a shared temporary folder)? */
static int shared_dir(const char *dir)
{
	struct stat sb;

	return stat(dir, &sb) == 0 && (sb.st_mode & S_IWOTH);
}

/* The folders to try, in order: own folders first, shared ones after. */
static int rescue_dirs(const char *db_path, struct sbuf *dbdir, const char **out)
{
	const char *home = getenv("HOME"), *tmp = getenv("TMPDIR");
	const char *slash = strrchr(db_path, '/');
	const char *cand[MAX_DIRS];
	int n = 0, k = 0;

	if (slash)
		sbuf_add(dbdir, db_path, slash == db_path ? 1 : (size_t)(slash - db_path));
	else
		sbuf_adds(dbdir, ".");
	cand[n++] = dbdir->buf;
	if (home && *home)
		cand[n++] = home;
	if (tmp && *tmp && strcmp(tmp, "/tmp"))
		cand[n++] = tmp;
	cand[n++] = "/tmp";
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < n; i++)
			if ((!strcmp(cand[i], "/tmp") || shared_dir(cand[i])) == pass)
				out[k++] = cand[i];
	return k;
}

static void compose(const struct rescue *r, struct sbuf *b)
{
	char stamp[STAMP_LEN + 1];

	time_stamp(stamp);
	if (r->private)
		sbuf_adds(b, "PRIVATE: this file holds a private answer. Keep it on this "
			  "laptop, show it to no one else, and delete it once the words "
			  "are back in eadr.\n");
	sbuf_addf(b, "eadr could not save these words in its database, so they are "
		  "kept here. Copy them back into eadr, then delete this file.\n"
		  "database: %s\n", r->db_path);
	if (r->who)
		sbuf_addf(b, "appraisal of: %s\n", r->who);
	if (r->appraisal)
		sbuf_addf(b, "appraisal: %s\n", r->appraisal);
	sbuf_addf(b, "what: %s\nat: %s\n\n%s\n", r->what, stamp, r->text ? r->text : "");
}

/* Write data to a new file in dir: its path, or NULL with the reason in why. */
static char *write_in(const char *dir, const struct rescue *r, const struct sbuf *data,
		      struct sbuf *why)
{
	struct sbuf path = SBUF_INIT;
	char stamp[STAMP_LEN + 1];
	int fd, saved;

	time_stamp(stamp);
	for (char *c = stamp; *c; c++)
		if (*c == ':')
			*c = '-';
	sbuf_addf(&path, "%s%seadr-unsaved-%s-%ld%s.txt", dir,
		  dir[strlen(dir) - 1] == '/' ? "" : "/", stamp, (long)getpid(),
		  r->private ? "-PRIVATE" : "");
	fd = open(path.buf, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd >= 0 && fchmod(fd, 0600) == 0 && write_all(fd, data->buf, data->len) == 0 &&
	    fsync(fd) == 0 && close(fd) == 0)
		return sbuf_detach(&path);
	saved = errno;
	if (fd >= 0) {
		close(fd);
		unlink(path.buf);
	}
	sbuf_addf(why, "%s%s (%s)", why->len ? "; " : "", dir, strerror(saved));
	sbuf_release(&path);
	return NULL;
}

char *rescue_write(const struct rescue *r, struct err *err)
{
	struct sbuf dbdir = SBUF_INIT, data = SBUF_INIT, why = SBUF_INIT;
	const char *dirs[MAX_DIRS];
	char *done = NULL;
	int n = rescue_dirs(r->db_path, &dbdir, dirs);

	compose(r, &data);
	for (int i = 0; i < n && !done; i++)
		done = write_in(dirs[i], r, &data, &why);
	if (!done)
		err_set(err, "no file could be written for %s: tried %s", r->what, why.buf);
	sbuf_release(&dbdir);
	sbuf_release(&data);
	sbuf_release(&why);
	return done;
}
