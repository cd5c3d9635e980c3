/*
 * rescue_put.c - the words of a rescue file put back (see rescue.h):
 * opened for the signed-in manager only, saved through appr_set into a
 * draft nobody changed since, flushed, and only then the file removed.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "appr.h"
#include "rescue.h"

char *rescue_open_value(struct store *st, const struct rescue_file *f,
			int *has_was, char **was, struct err *err)
{
	const struct keyring *kr = store_keyring(st);
	struct sbuf ad = SBUF_INIT;
	char *plain, *p, *text;
	size_t len;

	*has_was = 0;
	*was = NULL;
	if (!f->sealed) {
		*has_was = f->has_was;
		*was = f->was ? xstrdup(f->was) : NULL;
		return xstrdup(f->value);
	}
	if (!kr) {
		err_set(err, "the words in %s are encrypted for %s: sign in as %s to put "
			"them back", f->file, f->manager, f->manager);
		return NULL;
	}
	if (strcasecmp(keyring_name(kr), f->manager)) {
		err_set(err, "the words in %s are %s's: only %s can put them back (you "
			"are signed in as %s)", f->file, f->manager, f->manager,
			keyring_name(kr));
		return NULL;
	}
	rescue_ad(&ad, f->db_path, f->uuid, f->path, f->field, f->private);
	plain = keyring_decrypt(kr, f->private ? KEYRING_PRIVATE : KEYRING_SHARED,
				(const unsigned char *)ad.buf, ad.len, f->sealed,
				f->nsealed, &len);
	sbuf_release(&ad);
	if (!plain) {
		err_set(err, "the words in %s do not open with %s's key: the file was "
			"altered, or moved from another appraisal", f->file, f->manager);
		return NULL;
	}
	p = plain + 1;
	if (plain[0] == 'W') {
		char *end;
		unsigned long long n = strtoull(p, &end, 10);

		if (*end != ':' || n > len - (size_t)(end + 1 - plain)) {
			sodium_memzero(plain, len);
			free(plain);
			err_set(err, "the words in %s are damaged", f->file);
			return NULL;
		}
		*has_was = 1;
		*was = xstrndup(end + 1, (size_t)n);
		p = end + 1 + n;
	}
	text = xstrdup(p);
	sodium_memzero(plain, len);
	free(plain);
	return text;
}

/* Two values the same, no value being "". */
static int same(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

/* Put value into ap (a draft this program holds) unless it changed since. */
static int put(struct appr *ap, const struct rescue_file *f, const char *value,
	       int has_was, const char *was, int *already, struct err *err)
{
	char *cur = f->path ? (appr_get(ap, f->path) ? xstrdup(appr_get(ap, f->path)) : NULL)
		: appr_signoff_draft(ap, f->field);
	int rc = 0;

	*already = same(cur, value);
	if (!*already && !same(cur, has_was ? was : NULL))
		rc = err_set(err, "%s was changed after these words were kept; eadr will "
			     "not overwrite it (the file is kept: copy what you need by "
			     "hand, then delete it)", f->what);
	else if (!*already)
		rc = f->path ? appr_set(ap, f->path, value, err) :
			appr_signoff_draft_set(ap, f->field, value, err);
	free(cur);
	return rc;
}

/* Open the appraisal the file is for, as a draft this program may change. */
static struct appr *open_draft(struct store *st, const struct rescue_file *f,
			       const char *const *dirs, size_t ndirs, struct err *err)
{
	struct appr_locker other;
	struct sbuf who = SBUF_INIT;
	struct appr *ap = appr_open(st, f->id, dirs, ndirs, err);
	int got;

	if (!ap)
		return NULL;
	if (strcmp(ap->rec.uuid, f->uuid)) {
		err_set(err, "the appraisal these words were for is no longer in %s",
			store_path(st));
		goto fail;
	}
	if (appr_is_final(ap) || appr_is_signed(ap)) {
		err_set(err, "the appraisal of %s is %s now; words are put back only "
			"into a draft (reopen it first)", ap->staff_name, ap->rec.state);
		goto fail;
	}
	memset(&other, 0, sizeof(other));
	if ((got = appr_lock(ap, &other, err)) < 0)
		goto fail;
	if (!got) {
		appr_locker_describe(&other, &who);
		err_set(err, "the appraisal of %s is %s; close it there first",
			ap->staff_name, who.buf);
		appr_locker_release(&other);
		sbuf_release(&who);
		goto fail;
	}
	return ap;
fail:
	appr_free(ap);
	return NULL;
}

int rescue_restore(struct store *st, const char *path, const char *const *dirs,
		   size_t ndirs, struct sbuf *report, struct err *err)
{
	struct rescue_file f;
	struct appr *ap = NULL;
	char *db, *value = NULL, *was = NULL;
	int has_was, already = 0, rc = -1;

	if (rescue_read(path, &f, err) < 0)
		return -1;
	db = rescue_realpath(store_path(st));
	if (strcmp(db, f.db_path)) {
		err_set(err, "the words in %s are for the database %s, not %s", path,
			f.db_path, db);
		goto out;
	}
	if (!(value = rescue_open_value(st, &f, &has_was, &was, err)) ||
	    !(ap = open_draft(st, &f, dirs, ndirs, err)) ||
	    put(ap, &f, value, has_was, was, &already, err) < 0 ||
	    store_flush(st, err) < 0)
		goto out;
	/* Committed and on the disk: only now may the file go. */
	if (unlink(f.file) < 0) {
		err_set(err, "the words are back in the database, but %s could not be "
			"removed: delete it yourself", f.file);
		goto out;
	}
	sbuf_addf(report, "%s of %s %s; %s was removed", f.what,
		  f.who && *f.who ? f.who : f.uuid,
		  already ? "was already in the database" : "is back in the database",
		  f.file);
	rc = 0;
out:
	appr_free(ap);
	if (value)
		sodium_memzero(value, strlen(value));
	free(value);
	free(was);
	free(db);
	rescue_file_release(&f);
	return rc;
}
