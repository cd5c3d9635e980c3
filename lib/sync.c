/*
 * sync.c - the laptop's side of sync (see sync.h): bundles out, signed with
 * this device's Ed25519 key and sealed to the hub when a hub key is trusted;
 * acknowledgements in, each bound to the exact bundle it answers.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "bundle.h"
#include "feedback_back.h"
#include "prepare_away.h"
#include "fileio.h"
#include "keyring.h"
#include "store_feedback.h"
#include "store_voice.h"
#include "store_prepare_away.h"
#include "store_sync.h"
#include "sync.h"

#define ACK_MAX (64u << 20)
#define KEYFILE_MAX 65536

void sync_push_result_release(struct sync_push_result *r)
{
	if (!r)
		return;
	free(r->path);
	memset(r, 0, sizeof(*r));
}

void sync_pull_result_release(struct sync_pull_result *r)
{
	if (!r)
		return;
	sbuf_release(&r->problems);
	memset(r, 0, sizeof(*r));
}

/* This device's signing key, made on first use. */
static int device_key(struct store *st, struct bundle_signer *s, struct err *err)
{
	int rc = store_sync_key_get(st, "device-sign", s->pk, BUNDLE_PK, s->sk,
				    BUNDLE_SK, err);

	if (rc != 0)
		return rc < 0 ? -1 : 0;
	crypto_sign_keypair(s->pk, s->sk);
	return store_sync_key_put(st, "device-sign", s->pk, BUNDLE_PK, s->sk,
				  BUNDLE_SK, err);
}

int sync_identity(struct store *st, char fp[25], struct err *err)
{
	struct bundle_signer s;
	int rc;

	if (bundle_crypto_init(err) < 0)
		return -1;
	if (store_begin(st, err) < 0)
		return -1;
	if ((rc = device_key(st, &s, err)) < 0) {
		store_rollback(st);
		return -1;
	}
	if (fp)
		bundle_fingerprint(s.pk, fp);
	sodium_memzero(s.sk, sizeof(s.sk));
	return store_commit(st, err);
}

int sync_trusted(struct store *st, char fp[25], struct err *err)
{
	unsigned char sign[BUNDLE_PK], box[BUNDLE_PK];
	int rc = store_sync_key_get(st, "trusted-sign", sign, BUNDLE_PK, NULL, 0, err);

	if (rc == 1)
		rc = store_sync_key_get(st, "trusted-box", box, BUNDLE_PK, NULL, 0, err);
	if (rc == 1 && fp) {
		if (bundle_crypto_init(err) < 0)
			return -1;
		bundle_hub_fingerprint(sign, box, fp);
	}
	return rc;
}

/* ---- 360-degree feedback in the bundle (schema/feedback.md) ---- */

struct fb_push {
	struct bundle_writer *w;
	struct err *err;
	char **req, **resp;		/* ids added, to mark once written */
	size_t nreq, nresp, areq, aresp;
	char **voice;			/* answers of how it went (schema/voice.md) */
	size_t nvoice, avoice;
};

static void fb_keep(char ***v, size_t *n, size_t *alloc, const char *id)
{
	if (*n == *alloc) {
		*alloc = *alloc ? 2 * *alloc : 16;
		*v = xrealloc(*v, *alloc * sizeof(**v));
	}
	(*v)[(*n)++] = xstrdup(id);
}

static int fb_push_req(const char *const *f, void *arg)
{
	struct fb_push *c = arg;

	if (bundle_add(c->w, BUNDLE_FBREQ, f, c->err) < 0)
		return -1;
	fb_keep(&c->req, &c->nreq, &c->areq, f[FBQ_ID]);
	return 0;
}

static int fb_push_resp(const char *id, const unsigned char *sealed, size_t len,
			void *arg)
{
	struct fb_push *c = arg;
	char *hex = xmalloc(2 * len + 1);
	const char *f[FBR_NF] = { id, hex };
	int rc;

	bundle_hex(sealed, len, hex);
	rc = bundle_add(c->w, BUNDLE_FBRESP, f, c->err);
	free(hex);
	if (rc < 0)
		return -1;
	fb_keep(&c->resp, &c->nresp, &c->aresp, id);
	return 0;
}

static int voice_push(const char *id, const unsigned char *sealed, size_t len,
		      void *arg)
{
	struct fb_push *c = arg;
	char *hex = xmalloc(2 * len + 1);
	const char *f[VOICE_NF] = { id, hex };
	int rc;

	bundle_hex(sealed, len, hex);
	rc = bundle_add(c->w, BUNDLE_VOICE, f, c->err);
	free(hex);
	if (rc < 0)
		return -1;
	fb_keep(&c->voice, &c->nvoice, &c->avoice, id);
	return 0;
}

static void fb_push_release(struct fb_push *c)
{
	for (size_t i = 0; i < c->nreq; i++)
		free(c->req[i]);
	for (size_t i = 0; i < c->nresp; i++)
		free(c->resp[i]);
	free(c->req);
	free(c->resp);
	for (size_t i = 0; i < c->nvoice; i++)
		free(c->voice[i]);
	free(c->voice);
	memset(c, 0, sizeof(*c));
}

/* Add every feedback request and sealed response the hub has not
 * acknowledged to w, after the appraisals; their ids are kept in c. */
static int push_feedback(struct store *st, struct bundle_writer *w,
			 struct fb_push *c, struct err *err)
{
	memset(c, 0, sizeof(*c));
	c->w = w;
	c->err = err;
	if (store_feedback_unsent_each(st, fb_push_req, fb_push_resp, c, err))
		return -1;
	return store_voice_unsent_each(st, voice_push, c, err) ? -1 : 0;
}

/* The bundle seq was written: what it carries waits for its acknowledgement. */
static int push_feedback_done(struct store *st, const struct fb_push *c,
			      unsigned long long seq, struct err *err)
{
	for (size_t i = 0; i < c->nreq; i++)
		if (store_feedback_mark_pushed(st, seq, 0, c->req[i], err) < 0)
			return -1;
	for (size_t i = 0; i < c->nresp; i++)
		if (store_feedback_mark_pushed(st, seq, 1, c->resp[i], err) < 0)
			return -1;
	for (size_t i = 0; i < c->nvoice; i++)
		if (store_voice_mark_pushed(st, seq, c->voice[i], err) < 0)
			return -1;
	return 0;
}

static const char *file_kind(mode_t m)
{
	return S_ISDIR(m) ? "a folder" : S_ISFIFO(m) ? "a FIFO (named pipe)" :
		S_ISCHR(m) || S_ISBLK(m) ? "a device" : S_ISSOCK(m) ? "a socket" :
		"not a regular file";
}

int sync_file_open(const char *path, size_t max, struct stat *sb, struct err *err)
{
	int fd;

	/* O_NOFOLLOW: a link is refused, not followed out of the folder;
	 * O_NONBLOCK: opening a FIFO returns at once instead of waiting for a
	 * writer.  What was opened is then checked, not the name. */
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return err_set(err, "%s: %s", path, errno == ELOOP ?
			       "a symbolic link; refused (give the file itself)" :
			       strerror(errno));
	if (fstat(fd, sb) < 0)
		err_set(err, "%s: %s", path, strerror(errno));
	else if (!S_ISREG(sb->st_mode))
		err_set(err, "%s: %s, not a file; refused", path, file_kind(sb->st_mode));
	else if ((unsigned long long)sb->st_size > max)
		err_set(err, "%s: %lld bytes, more than the %zu a file of this kind may "
			"have; refused", path, (long long)sb->st_size, max);
	else
		return fd;
	close(fd);
	return -1;
}

int sync_file_read(const char *path, struct sbuf *out, size_t max, struct err *err)
{
	struct stat sb;
	size_t start = out->len, want;
	int fd, rc = -1;

	if ((fd = sync_file_open(path, max, &sb, err)) < 0)
		return -1;
	/* Read what fstat said, and one byte more to see that it did not grow. */
	want = (size_t)sb.st_size + 1;
	while (out->len - start < want) {
		ssize_t got;

		sbuf_grow(out, want - (out->len - start));
		got = read(fd, out->buf + out->len, want - (out->len - start));
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			err_set(err, "%s: %s", path, strerror(errno));
			goto out;
		}
		if (got == 0)
			break;
		sbuf_setlen(out, out->len + (size_t)got);
	}
	if (out->len - start > (size_t)sb.st_size) {
		err_set(err, "%s: changed while it was read; refused", path);
		goto out;
	}
	rc = 0;
out:
	if (rc < 0)
		sbuf_setlen(out, start);
	close(fd);
	return rc;
}

/* Where a bundle numbered seq with id goes in dir. */
static void bundle_path(struct sbuf *path, const char *dir, const char *device,
			unsigned long long seq, const char *id)
{
	sync_join(path, dir, "");
	sbuf_addf(path, "eadr-%.8s-%06llu-%.8s.bundle", device, seq, id);
}

/* Note a bundle written in r (its counts, and the first one's path). */
static void push_note(struct sync_push_result *r, struct sbuf *path,
		      unsigned long long seq, int sealed, const unsigned counts[6])
{
	r->files++;
	r->seq = seq;
	r->encrypted = r->files == 1 ? sealed : r->encrypted && sealed;
	r->forms += counts[0];
	r->staff += counts[1];
	r->appraisals += counts[2];
	r->answers += counts[3];
	r->goals += counts[4];
	r->signoffs += counts[5];
	if (!r->path)
		r->path = sbuf_detach(path);
	sbuf_release(path);
}

struct travel_list {
	struct sync_travel_row *v;
	size_t n;
};

static int travel_keep(const struct sync_travel_row *row, void *arg)
{
	struct travel_list *l = arg;
	struct sync_travel_row *c;

	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	c = &l->v[l->n++];
	*c = *row;
	c->bundle_id = xstrdup(row->bundle_id);
	c->uuid = xstrdup(row->uuid);
	c->bundle = memcpy(xmalloc(row->len ? row->len : 1), row->bundle, row->len);
	return 0;
}

static void travel_release(struct travel_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free((char *)l->v[i].bundle_id);
		free((char *)l->v[i].uuid);
		free((unsigned char *)l->v[i].bundle);
	}
	free(l->v);
}

/* A bundle's record counts, from its header (schema/bundle.md: offset 96,
 * six 4-byte big-endian numbers). */
static void header_counts(const unsigned char *b, size_t len, unsigned c[6])
{
	for (int i = 0; i < 6; i++) {
		const unsigned char *p = b + 96 + 4 * i;

		c[i] = len < BUNDLE_HEADER ? 0 : (unsigned)p[0] << 24 |
			(unsigned)p[1] << 16 | (unsigned)p[2] << 8 | p[3];
	}
}

/* Write the bundles sealed at finalisation that still have to go: their
 * bytes as made, so that a push needs nobody signed in. */
static int push_travel(struct store *st, const char *dir,
		       struct sync_push_result *r, struct err *err)
{
	struct travel_list l = { NULL, 0 };
	int rc = -1;

	if (store_sync_travel_each(st, travel_keep, &l, err) < 0)
		goto out;
	for (size_t i = 0; i < l.n; i++) {
		const struct sync_travel_row *t = &l.v[i];
		struct sync_item item;
		struct sync_items items = { &item, 1, 1 };
		struct sbuf path = SBUF_INIT;
		unsigned counts[6];

		snprintf(item.uuid, sizeof(item.uuid), "%s", t->uuid);
		item.revision = t->revision;
		bundle_path(&path, dir, store_device_id(st), t->seq, t->bundle_id);
		if (file_write_atomic(path.buf, t->bundle, t->len, 0600, err) < 0 ||
		    store_sync_sent_add(st, t->seq, t->bundle_id, path.buf, 1, &items,
					err) < 0) {
			sbuf_release(&path);
			goto out;
		}
		header_counts(t->bundle, t->len, counts);
		push_note(r, &path, t->seq, 1, counts);
	}
	rc = 0;
out:
	travel_release(&l);
	return rc;
}

/* Final appraisals whose holder is not signed in cannot be read for the
 * bundle: -1 and err naming them and saying what to do (with a hub key
 * trusted, each holder's sign-in seals theirs, which then travel in
 * anyone's push: sync_seal_held); else 0. */
static int locked(struct store *st, int sealed, struct err *err)
{
	struct sbuf names = SBUF_INIT;
	size_t n, holders;

	if (store_sync_locked(st, &names, &n, &holders, err) < 0)
		return -1;
	if (n) {
		if (sealed)
			err_set(err, "%zu final %s held by %s, not signed in: once %s in (eadr, "
				"or any command with --user), theirs are sealed to the hub and "
				"any push sends them", n, n == 1 ? "appraisal is" : "appraisals are",
				names.buf, holders == 1 ? "they sign" : "each signs");
		else
			err_set(err, "%zu final %s held by %s, not signed in: no hub key is "
				"trusted here, so each must push theirs signed in (--user), or "
				"trust the hub's key first ('eadr sync trust') and sign in once",
				n, n == 1 ? "appraisal is" : "appraisals are", names.buf);
	}
	sbuf_release(&names);
	return n ? -1 : 0;
}

int sync_push(struct store *st, const char *dir, struct sync_push_result *r,
	      struct err *err)
{
	struct bundle_writer w;
	struct bundle_signer signer = { .device_id = store_device_id(st) };
	struct sync_items items = { NULL, 0, 0 };
	struct fb_push fb = { 0 };
	long long waiting = 0;
	struct prepare_push prep = { 0 };
	struct sbuf out = SBUF_INIT, path = SBUF_INIT;
	unsigned char box[BUNDLE_PK];
	char id[BUNDLE_ID_HEX + 1];
	unsigned long long seq;
	unsigned counts[6];
	struct stat sb;
	int sealed, rc = -1;

	memset(r, 0, sizeof(*r));
	bundle_writer_init(&w);
	if (stat(dir, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
		err_set(err, "%s: %s", dir, stat(dir, &sb) < 0 ? strerror(errno) :
			"not a folder");
		goto out;
	}
	if (bundle_crypto_init(err) < 0)
		goto out;
	if ((sealed = store_sync_key_get(st, "trusted-box", box, BUNDLE_PK, NULL, 0, err)) < 0)
		goto out;
	/* The rest first: when it cannot be read (a holder not signed in),
	 * nothing at all is written, and the message says what to do. */
	if (locked(st, sealed, err) < 0 ||
	    store_sync_collect(st, &w, &items, err) < 0 ||
	    push_feedback(st, &w, &fb, err) < 0 ||
	    prepare_push(st, &w, &prep, err) < 0 ||
	    push_travel(st, dir, r, err) < 0)
		goto out;
	if (store_voice_waiting(st, &waiting, err) < 0)
		goto out;
	r->voices_waiting = (unsigned)(waiting - (long long)fb.nvoice);
	if (items.n == 0 && fb.nreq + fb.nresp + fb.nvoice + prep.ntold + prep.nsent == 0) {
		rc = 0;
		goto out;
	}
	if (device_key(st, &signer, err) < 0 ||
	    store_sync_next_seq(st, &seq, err) < 0)
		goto out;
	if (bundle_finish(&w, &signer, sealed ? box : NULL, seq, (long long)time(NULL),
			  &out, id, err) < 0)
		goto out;
	/* The bundle id in the name: two copies of one database never
	 * overwrite each other's bundles in a shared folder. */
	bundle_path(&path, dir, signer.device_id, seq, id);
	if (file_write_atomic(path.buf, out.buf, out.len, 0600, err) < 0 ||
	    store_sync_sent_add(st, seq, id, path.buf, sealed, &items, err) < 0 ||
	    push_feedback_done(st, &fb, seq, err) < 0 ||
	    prepare_push_done(st, &prep, seq, err) < 0)
		goto out;
	for (int t = BUNDLE_FORM; t <= BUNDLE_SIGNOFF; t++)
		counts[t] = bundle_count(&w, (enum bundle_type)t);
	r->fb_requests = bundle_count(&w, BUNDLE_FBREQ);
	r->fb_responses = bundle_count(&w, BUNDLE_FBRESP);
	r->voices = bundle_count(&w, BUNDLE_VOICE);
	r->prep_codes = bundle_count(&w, BUNDLE_PREPREQ);
	r->prep_answers = bundle_count(&w, BUNDLE_PREPANS);
	push_note(r, &path, seq, sealed, counts);
	rc = 0;
out:
	if (rc < 0)
		sync_push_result_release(r);
	sodium_memzero(signer.sk, sizeof(signer.sk));
	bundle_writer_release(&w);
	sync_items_release(&items);
	fb_push_release(&fb);
	prepare_push_release(&prep);
	sbuf_release(&out);
	sbuf_release(&path);
	return rc;
}

int sync_seal_final(struct store *st, long long id, struct err *err)
{
	struct bundle_writer w;
	struct bundle_signer signer = { .device_id = store_device_id(st) };
	struct sync_items items = { NULL, 0, 0 };
	struct sbuf out = SBUF_INIT;
	unsigned char box[BUNDLE_PK];
	char bid[BUNDLE_ID_HEX + 1];
	unsigned long long seq;
	int rc;

	/* Only a held appraisal needs it (others are read as they are), and
	 * only to a hub key: a bundle not sealed would be its text in clear. */
	if ((rc = store_sync_held(st, id, err)) <= 0)
		return rc;
	if ((rc = store_sync_key_get(st, "trusted-box", box, BUNDLE_PK, NULL, 0, err)) <= 0)
		return rc;
	if (bundle_crypto_init(err) < 0)
		return -1;
	rc = -1;
	bundle_writer_init(&w);
	if (store_sync_collect_one(st, id, &w, &items, err) < 0)
		goto out;
	if (items.n != 1) {
		rc = 0;	/* not final: nothing to seal */
		goto out;
	}
	if (device_key(st, &signer, err) < 0 || store_sync_next_seq(st, &seq, err) < 0 ||
	    bundle_finish(&w, &signer, box, seq, (long long)time(NULL), &out, bid, err) < 0 ||
	    store_sync_travel_put(st, id, items.v[0].revision, seq, bid, out.buf, out.len,
				  err) < 0)
		goto out;
	rc = 0;
out:
	sodium_memzero(signer.sk, sizeof(signer.sk));
	bundle_writer_release(&w);
	sync_items_release(&items);
	sbuf_release(&out);
	return rc;
}

int sync_seal_held(struct store *st, size_t *n, struct err *err)
{
	struct keyring *kr = store_keyring(st);
	unsigned char box[BUNDLE_PK];
	long long *ids = NULL;
	size_t k = 0;
	int rc;

	*n = 0;
	if (!kr || (rc = store_sync_key_get(st, "trusted-box", box, BUNDLE_PK, NULL, 0,
					    err)) <= 0)
		return kr ? rc : 0;
	if (store_sync_unsealed(st, keyring_profile(kr), &ids, &k, err) < 0)
		return -1;
	rc = 0;
	for (size_t i = 0; i < k && rc == 0; i++) {
		if ((rc = store_begin(st, err)) < 0)
			break;
		if ((rc = sync_seal_final(st, ids[i], err)) < 0)
			store_rollback(st);
		else if ((rc = store_commit(st, err)) == 0)
			(*n)++;
	}
	free(ids);
	return rc;
}

int sync_seal_drop(struct store *st, long long id, struct err *err)
{
	return store_sync_travel_drop(st, id, err);
}

void sync_join(struct sbuf *sb, const char *dir, const char *name)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	sbuf_add(sb, dir, n);
	if (n && dir[n - 1] != '/')
		sbuf_addch(sb, '/');
	sbuf_adds(sb, name);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && !strcmp(s + n - m, suffix);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **sync_list_dir(const char *dir, const char *suffix, size_t *n,
		       struct err *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL;
	size_t alloc = 0;

	*n = 0;
	if (!d) {
		err_set(err, "%s: %s", dir, strerror(errno));
		return NULL;
	}
	while ((e = readdir(d))) {
		if (!ends_with(e->d_name, suffix) || e->d_name[0] == '.')
			continue;
		if (*n == alloc) {
			alloc = alloc ? 2 * alloc : 16;
			v = xrealloc(v, alloc * sizeof(*v));
		}
		v[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (!v)
		v = xmalloc(sizeof(*v));
	qsort(v, *n, sizeof(*v), cmp_names);
	return v;
}

static void pull_one(struct store *st, const char *file, const unsigned char *trusted,
		     struct sync_pull_result *r)
{
	struct sbuf text = SBUF_INIT;
	struct bundle_ack a;
	struct err err = ERR_INIT;
	int known = 0;
	size_t marked = 0;

	memset(&a, 0, sizeof(a));
	r->files++;
	if (sync_file_read(file, &text, ACK_MAX, &err) < 0 ||
	    bundle_ack_read(file, text.buf, text.len, NULL, &a, &err) < 0)
		goto bad;
	if (strcmp(a.device_id, store_device_id(st))) {
		r->other++;
		goto out;
	}
	if (sodium_memcmp(trusted, a.hub_pk, BUNDLE_PK) != 0) {
		err_set(&err, "%s: signed by a hub key this laptop does not trust "
			"(see 'eadr sync trust'); nothing taken from it", file);
		goto bad;
	}
	if (store_sync_ack_apply(st, &a, &known, &marked, &err) < 0) {
		err_prefix(&err, "%s", file);
		goto bad;
	}
	/* Feedback the bundle carried is now the hub's: not sent again. */
	if (known && (store_feedback_acked(st, a.bundle_id, &err) < 0 ||
		      store_voice_acked(st, a.bundle_id, &err) < 0 ||
		      store_prepare_acked(st, a.bundle_id, &err) < 0)) {
		err_prefix(&err, "%s", file);
		goto bad;
	}
	if (known)
		r->applied++;
	else
		r->other++;
	r->marked += marked;
	goto out;
bad:
	r->refused++;
	sbuf_addf(&r->problems, "%s\n", err_msg(&err));
out:
	bundle_ack_release(&a);
	sbuf_release(&text);
	err_release(&err);
}

int sync_pull(struct store *st, const char *dir, struct sync_pull_result *r,
	      struct err *err)
{
	unsigned char trusted[BUNDLE_PK];
	struct sbuf path = SBUF_INIT;
	char **names;
	size_t n;
	int t;

	memset(r, 0, sizeof(*r));
	sbuf_init(&r->problems, 0);
	if (bundle_crypto_init(err) < 0)
		return -1;
	if ((t = store_sync_key_get(st, "trusted-sign", trusted, BUNDLE_PK, NULL, 0, err)) < 0)
		return -1;
	/* Without the hub's key, anyone can sign an acknowledgement that
	 * names their own key, and the bundle id is on the stick. */
	if (!t)
		return err_set(err, "this laptop trusts no hub key, so it cannot tell the "
			       "hub's acknowledgements from forged ones; nothing was "
			       "marked synced (run 'eadr sync trust HUBKEY_FILE' with the "
			       "file from 'eadr hub init', then pull again)");
	if (!(names = sync_list_dir(dir, ".ack", &n, err)))
		return -1;
	for (size_t i = 0; i < n; i++) {
		sbuf_reset(&path);
		sync_join(&path, dir, names[i]);
		pull_one(st, path.buf, trusted, r);
		free(names[i]);
	}
	free(names);
	sbuf_release(&path);
	/* After the acknowledgements: a request goes to the hub before anything
	 * of it can come back. */
	if (feedback_back_pull(st, dir, trusted, &r->fb, &r->problems, err) < 0)
		return -1;
	return prepare_back_pull(st, dir, trusted, &r->prep_taken, &r->prep_refused,
				 &r->problems, err);
}

int sync_trust(struct store *st, const char *file, char fp[25], int *replaced,
	       struct err *err)
{
	unsigned char sign[BUNDLE_PK], box[BUNDLE_PK], old[BUNDLE_PK];
	unsigned char oldbox[BUNDLE_PK] = { 0 };
	struct bundle_signer me;
	struct sbuf text = SBUF_INIT;
	int rc = -1, had;

	*replaced = 0;
	memset(&me, 0, sizeof(me));
	if (bundle_crypto_init(err) < 0 ||
	    sync_file_read(file, &text, KEYFILE_MAX, err) < 0 ||
	    bundle_hubkey_read(file, text.buf, text.len, sign, box, err) < 0)
		goto out;
	if ((had = store_sync_key_get(st, "trusted-sign", old, BUNDLE_PK, NULL, 0, err)) < 0 ||
	    (had && store_sync_key_get(st, "trusted-box", oldbox, BUNDLE_PK, NULL, 0,
				       err) < 0))
		goto out;
	*replaced = had && (sodium_memcmp(old, sign, BUNDLE_PK) != 0 ||
			    sodium_memcmp(oldbox, box, BUNDLE_PK) != 0);
	bundle_hub_fingerprint(sign, box, fp);
	if (store_begin(st, err) < 0)
		goto out;
	if (device_key(st, &me, err) < 0 ||
	    store_sync_key_put(st, "trusted-sign", sign, BUNDLE_PK, NULL, 0, err) < 0 ||
	    store_sync_key_put(st, "trusted-box", box, BUNDLE_PK, NULL, 0, err) < 0 ||
	    store_audit(st, NULL, NULL, "sync-trust", fp, err) < 0) {
		store_rollback(st);
		goto out;
	}
	rc = store_commit(st, err);
out:
	sodium_memzero(me.sk, sizeof(me.sk));
	sbuf_release(&text);
	return rc;
}
