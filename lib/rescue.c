/*
 * rescue.c - a file for words the database would not take (see rescue.h):
 * tried in each sensible folder in turn, private (0600), never replacing
 * or following anything an attacker could have put in a shared folder;
 * a part for people and a part eadr reads back (rescue_read.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
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

char *rescue_realpath(const char *db_path)
{
	char buf[PATH_MAX];

	return xstrdup(realpath(db_path, buf) ? buf : db_path);
}

/* "eadr-rescue-v1" NUL database NUL uuid NUL target NUL private */
void rescue_ad(struct sbuf *ad, const char *db, const char *uuid,
	       const char *path, int field, int priv)
{
	static const char tag[] = "eadr-rescue-v1";

	sbuf_add(ad, tag, sizeof(tag));
	sbuf_add(ad, db, strlen(db) + 1);
	sbuf_add(ad, uuid, strlen(uuid) + 1);
	if (path)
		sbuf_addf(ad, "answer:%s", path);
	else
		sbuf_addf(ad, "signoff:%d", field);
	sbuf_addch(ad, '\0');
	sbuf_addch(ad, priv ? '1' : '0');
}

/* "KEY BASE64\n" */
static void add_b64(struct sbuf *b, const char *key, const void *data, size_t n)
{
	size_t len = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *enc = xmalloc(len);

	sodium_bin2base64(enc, len, data, n, sodium_base64_VARIANT_ORIGINAL);
	sbuf_addf(b, "%s %s\n", key, enc);
	free(enc);
}

/* The words and the value before, encrypted under the manager's key:
 * "N" VALUE, or "W" LEN ":" WAS VALUE. */
static void add_sealed(struct sbuf *b, const struct rescue *r, const char *db)
{
	struct sbuf plain = SBUF_INIT, ad = SBUF_INIT;
	const char *text = r->text ? r->text : "";
	unsigned char *out;

	if (r->was)
		sbuf_addf(&plain, "W%zu:%s", strlen(r->was), r->was);
	else
		sbuf_addch(&plain, 'N');
	sbuf_adds(&plain, text);
	rescue_ad(&ad, db, r->appraisal, r->path, r->field, r->private);
	out = xmalloc(plain.len + KEYRING_OVERHEAD);
	keyring_encrypt(r->kr, r->private ? KEYRING_PRIVATE : KEYRING_SHARED,
			(const unsigned char *)ad.buf, ad.len, plain.buf, plain.len, out);
	add_b64(b, "sealed", out, plain.len + KEYRING_OVERHEAD);
	sodium_memzero(plain.buf, plain.len);
	free(out);
	sbuf_release(&plain);
	sbuf_release(&ad);
}

/* The part eadr reads back, from RESCUE_MAGIC to "end". */
static void compose_data(const struct rescue *r, const char *stamp, struct sbuf *b)
{
	char *db = rescue_realpath(r->db_path);
	unsigned char sum[crypto_generichash_BYTES];
	char hex[2 * crypto_generichash_BYTES + 1];
	size_t start = b->len;

	sbuf_addf(b, "%s\n", RESCUE_MAGIC);
	add_b64(b, "database", db, strlen(db));
	sbuf_addf(b, "appraisal %s\nid %lld\nat %s\n", r->appraisal, r->id, stamp);
	add_b64(b, "who", r->who ? r->who : "", r->who ? strlen(r->who) : 0);
	add_b64(b, "what", r->what, strlen(r->what));
	if (r->path)
		add_b64(b, "answer", r->path, strlen(r->path));
	else
		sbuf_addf(b, "signoff %d\n", r->field);
	sbuf_addf(b, "private %d\n", r->private ? 1 : 0);
	if (r->kr) {
		add_b64(b, "manager", keyring_name(r->kr), strlen(keyring_name(r->kr)));
		add_sealed(b, r, db);
	} else {
		if (r->was)
			add_b64(b, "was", r->was, strlen(r->was));
		add_b64(b, "value", r->text ? r->text : "", r->text ? strlen(r->text) : 0);
	}
	crypto_generichash(sum, sizeof(sum), (const unsigned char *)b->buf + start,
			   b->len - start, NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), sum, sizeof(sum));
	sbuf_addf(b, "check %s\nend\n", hex);
	free(db);
}

static void compose(const struct rescue *r, struct sbuf *b)
{
	char stamp[STAMP_LEN + 1];

	time_stamp(stamp);
	if (r->private && !r->kr)
		sbuf_adds(b, "PRIVATE: this file holds a private answer. Keep it on this "
			  "laptop, show it to no one else, and delete it once the words "
			  "are back in eadr.\n");
	sbuf_adds(b, "eadr could not save these words in its database, so they are "
		  "kept here. Start eadr again on the same database");
	if (r->kr)
		sbuf_addf(b, ", signed in as %s,", keyring_name(r->kr));
	sbuf_addf(b, " and it offers to put them back (or: eadr rescue restore "
		  "THIS-FILE); it then deletes this file.%s\n"
		  "database: %s\n", r->kr ? "" : " If eadr cannot start, copy them "
		  "back by hand, then delete this file.", r->db_path);
	if (r->who)
		sbuf_addf(b, "appraisal of: %s\n", r->who);
	if (r->appraisal)
		sbuf_addf(b, "appraisal: %s\n", r->appraisal);
	sbuf_addf(b, "what: %s\nat: %s\n\n", r->what, stamp);
	if (r->kr)
		sbuf_addf(b, "(The words are encrypted: only %s, signed in to eadr, can "
			  "put them back.)\n", keyring_name(r->kr));
	else
		sbuf_addf(b, "%s\n", r->text ? r->text : "");
	sbuf_adds(b, "\n-- below: what eadr reads to put the words back; do not edit --\n");
	compose_data(r, stamp, b);
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
	sodium_memzero(data.buf, data.len);
	sbuf_release(&data);
	sbuf_release(&why);
	return done;
}
