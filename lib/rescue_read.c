/*
 * rescue_read.c - rescue files read back (see rescue.h): the part eadr
 * reads checked whole, the files of a database found where rescue_write
 * puts them, and their words put back through the normal save path.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "appr.h"
#include "rescue.h"
#include "util.h"

#define RESCUE_MAX (64L << 20)	/* no rescue file is larger */

void rescue_file_release(struct rescue_file *f)
{
	if (!f)
		return;
	free(f->file);
	free(f->db_path);
	free(f->uuid);
	free(f->at);
	free(f->who);
	free(f->what);
	free(f->path);
	free(f->manager);
	if (f->value)
		sodium_memzero(f->value, strlen(f->value));
	free(f->was);
	free(f->value);
	free(f->sealed);
	memset(f, 0, sizeof(*f));
}

/* The whole file at path, a regular file of this user opened without
 * following a link: 0, or -1 and err. */
static int slurp(const char *path, struct sbuf *out, struct err *err)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat sb;
	char buf[8192];
	ssize_t n;

	if (fd < 0)
		return err_set(err, "%s cannot be read: %s", path, strerror(errno));
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) || sb.st_uid != getuid() ||
	    sb.st_size > RESCUE_MAX) {
		close(fd);
		return err_set(err, "%s is not a rescue file of yours (not a plain file "
			       "you own, or too large)", path);
	}
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;

			close(fd);
			return err_set(err, "%s cannot be read: %s", path, strerror(e));
		}
		sbuf_add(out, buf, (size_t)n);
	}
	close(fd);
	return 0;
}

/* The last line equal to RESCUE_MAGIC: the part eadr reads, or NULL. */
static const char *data_part(const struct sbuf *b)
{
	static const char magic[] = "\n" RESCUE_MAGIC "\n";
	const char *found = NULL, *p = b->buf;

	while ((p = memmem(p, b->len - (size_t)(p - b->buf), magic, sizeof(magic) - 1))) {
		found = p + 1;
		p++;
	}
	return found;
}

static char *b64_text(const char *in, size_t *n)
{
	size_t cap = strlen(in) / 4 * 3 + 3, len;
	unsigned char *out = xmalloc(cap + 1);

	if (sodium_base642bin(out, cap, in, strlen(in), NULL, &len, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0) {
		free(out);
		return NULL;
	}
	out[len] = '\0';
	if (n)
		*n = len;
	return (char *)out;
}

/* One "KEY VALUE" line of the part eadr reads into f; -1 when bad. */
static int take(struct rescue_file *f, const char *key, const char *val)
{
	char **dst = NULL;
	char *end;

	if (!strcmp(key, "appraisal")) {
		if (strlen(val) != UUID_LEN || strspn(val, "0123456789abcdef-") != UUID_LEN)
			return -1;
		f->uuid = xstrdup(val);
		return 0;
	}
	if (!strcmp(key, "id") || !strcmp(key, "signoff") || !strcmp(key, "private")) {
		long long v = strtoll(val, &end, 10);

		if (!*val || *end || v < 0)
			return -1;
		if (key[0] == 'i')
			f->id = v;
		else if (key[0] == 's')
			f->field = (int)(v > 9 ? 9 : v);
		else
			f->private = v != 0;
		return 0;
	}
	if (!strcmp(key, "at")) {
		f->at = xstrdup(val);
		return 0;
	}
	if (!strcmp(key, "sealed")) {
		char *bin = b64_text(val, &f->nsealed);

		f->sealed = (unsigned char *)bin;
		return bin ? 0 : -1;
	}
	if (!strcmp(key, "database"))
		dst = &f->db_path;
	else if (!strcmp(key, "who"))
		dst = &f->who;
	else if (!strcmp(key, "what"))
		dst = &f->what;
	else if (!strcmp(key, "answer"))
		dst = &f->path;
	else if (!strcmp(key, "manager"))
		dst = &f->manager;
	else if (!strcmp(key, "was"))
		dst = &f->was;
	else if (!strcmp(key, "value"))
		dst = &f->value;
	if (!dst || *dst)
		return -1;
	if (dst == &f->was)
		f->has_was = 1;
	return (*dst = b64_text(val, NULL)) ? 0 : -1;
}

/* Parse the part eadr reads, p to the end of b: 0, or -1 and err. */
static int parse(const char *path, const struct sbuf *b, const char *p,
		 struct rescue_file *f, struct err *err)
{
	const char *end = b->buf + b->len, *check = NULL;
	int done = 0, bad = 0;

	for (const char *line = p; line < end && !done && !bad;) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		char *l, *sp;

		if (!nl)
			break;
		l = xstrndup(line, (size_t)(nl - line));
		sp = strchr(l, ' ');
		if (!strcmp(l, "end")) {
			done = 1;
		} else if (line == p) {
			/* RESCUE_MAGIC */
		} else if (!sp) {
			bad = 1;
		} else if (!strncmp(l, "check ", 6)) {
			check = line;
		} else if (!check) {
			*sp = '\0';
			bad = take(f, l, sp + 1) < 0;
		} else {
			bad = 1;
		}
		free(l);
		line = nl + 1;
	}
	if (!done && !bad)
		return err_set(err, "%s is cut short: its last part is missing; it cannot "
			       "be put back by eadr (its words, if in clear, are at its top)",
			       path);
	if (!bad && check) {
		unsigned char sum[crypto_generichash_BYTES];
		char hex[2 * crypto_generichash_BYTES + 1];

		crypto_generichash(sum, sizeof(sum), (const unsigned char *)p,
				   (size_t)(check - p), NULL, 0);
		sodium_bin2hex(hex, sizeof(hex), sum, sizeof(sum));
		bad = strncmp(check + 6, hex, sizeof(hex) - 1) || check[6 + sizeof(hex) - 1] != '\n';
	}
	if (bad || !check || !f->db_path || !f->uuid || !f->what || !f->at ||
	    !(f->sealed ? f->manager != NULL : f->value != NULL))
		return err_set(err, "%s was altered or damaged (its check does not match "
			       "what it holds); eadr will not put it back", path);
	return 0;
}

int rescue_read(const char *path, struct rescue_file *f, struct err *err)
{
	struct sbuf b = SBUF_INIT;
	const char *p;
	int rc;

	memset(f, 0, sizeof(*f));
	if (slurp(path, &b, err) < 0)
		return -1;
	if (!(p = data_part(&b)))
		rc = err_set(err, "%s is not a rescue file eadr can read back (no \"%s\" "
			     "line)", path, RESCUE_MAGIC);
	else
		rc = parse(path, &b, p, f, err);
	sodium_memzero(b.buf, b.len);
	sbuf_release(&b);
	if (rc < 0) {
		rescue_file_release(f);
		return -1;
	}
	f->file = xstrdup(path);
	return 0;
}

static int by_time(const void *a, const void *b)
{
	const struct rescue_file *x = a, *y = b;
	int c = strcmp(x->at, y->at);

	return c ? c : strcmp(x->file, y->file);
}

/* Add the rescue files of db found in dir to *v. */
static void find_in(const char *dir, const char *db, struct rescue_file **v,
		    size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		struct sbuf path = SBUF_INIT;
		struct err err = ERR_INIT;
		struct rescue_file f;
		size_t len = strlen(e->d_name);

		if (strncmp(e->d_name, "eadr-unsaved-", 13) || len < 4 ||
		    strcmp(e->d_name + len - 4, ".txt"))
			continue;
		sbuf_addf(&path, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
			  e->d_name);
		for (size_t i = 0; i < *n; i++)
			if (!strcmp((*v)[i].file, path.buf))
				sbuf_reset(&path);
		if (path.len && rescue_read(path.buf, &f, &err) == 0) {
			if (!strcmp(f.db_path, db)) {
				*v = xrealloc(*v, (*n + 1) * sizeof(**v));
				(*v)[(*n)++] = f;
			} else {
				rescue_file_release(&f);
			}
		}
		err_release(&err);
		sbuf_release(&path);
	}
	closedir(d);
}

int rescue_find(const char *db_path, struct rescue_file **v, size_t *n,
		struct err *err)
{
	const char *home = getenv("HOME"), *tmp = getenv("TMPDIR");
	char *db = rescue_realpath(db_path), *slash = strrchr(db, '/');
	struct sbuf dir = SBUF_INIT;

	(void)err;
	*v = NULL;
	*n = 0;
	if (slash)
		sbuf_add(&dir, db, slash == db ? 1 : (size_t)(slash - db));
	else
		sbuf_adds(&dir, ".");
	find_in(dir.buf, db, v, n);
	if (home && *home)
		find_in(home, db, v, n);
	if (tmp && *tmp)
		find_in(tmp, db, v, n);
	find_in("/tmp", db, v, n);
	if (*n > 1)
		qsort(*v, *n, sizeof(**v), by_time);
	sbuf_release(&dir);
	free(db);
	return 0;
}
