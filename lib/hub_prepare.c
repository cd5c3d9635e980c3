/*
 * hub_prepare.c - the hub's side of a preparation code used on another
 * laptop: it keeps the holder's code hashes (V records) and the answers
 * (W records, under the code: the hub cannot read them), and writes for
 * the holder's laptop one signed file per code with answers waiting.
 * On either back end (the hub store's prep_*).  See prepare_away.h and
 * schema/voice.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "fileio.h"
#include "hubstore.h"
#include "prepare_away.h"
#include "store_prepare_away.h"
#include "sync.h"
#include "util.h"

#define MAGIC "EADR-PREPARE-BACK 1\n"

int hub_prepare_unit(struct hubstore *hs, const char *device_id,
		     const struct bundle *u, struct err *err)
{
	struct prep_travel t = { 0 };
	int rc;

	if (u->nprepreqs) {
		const char *const *f = u->prepreqs[0].f;

		t.code_hash = (char *)f[PREPQ_HASH];
		t.who = (char *)f[PREPQ_APPRAISAL];
		t.form_id = (char *)f[PREPQ_FORM_ID];
		t.form_version = (char *)f[PREPQ_FORM_VERSION];
		return hs->ops->prep_request(hs, device_id, &t,
					     !strcmp(f[PREPQ_STATE], "expired"), err);
	}
	const char *const *f = u->prepans[0].f;
	size_t len = strlen(f[PREPA_BOX]) / 2;

	t.code_hash = (char *)f[PREPA_HASH];
	t.who = (char *)device_id;
	t.form_id = (char *)f[PREPA_FORM_ID];
	t.form_version = (char *)f[PREPA_FORM_VERSION];
	t.saved_on = (char *)f[PREPA_SAVED];
	sbuf_grow(&t.box, len + 1);
	t.box.len = len;
	if (bundle_unhex(f[PREPA_SALT], t.salt, 16) < 0 ||
	    bundle_unhex(f[PREPA_BOX], (unsigned char *)t.box.buf, len) < 0)
		rc = err_set(err, "prepared answers that are not hex: refused");
	else
		rc = hs->ops->prep_answers(hs, &t, err);
	sbuf_release(&t.box);
	return rc;
}

void prepare_back_write(const struct prep_travel *t, const char *device,
			const unsigned char pk[BUNDLE_PK], const unsigned char sk[BUNDLE_SK],
			struct sbuf *out)
{
	unsigned char sig[crypto_sign_BYTES];
	char hex[2 * BUNDLE_PK + 1], made[STAMP_LEN + 1], salt[33], sighex[2 * sizeof sig + 1];
	char *box = xmalloc(2 * t->box.len + 1);
	size_t start = out->len;

	time_stamp(made);
	bundle_hex(pk, BUNDLE_PK, hex);
	bundle_hex(t->salt, 16, salt);
	bundle_hex((const unsigned char *)t->box.buf, t->box.len, box);
	sbuf_adds(out, MAGIC);
	sbuf_addf(out, "device %s\nmade %s\nhub %s\ncode %s\nform %s %s\nsaved %s\n"
		  "salt %s\nbox %s\n", device, made, hex, t->code_hash, t->form_id,
		  t->form_version, t->saved_on, salt, box);
	free(box);
	crypto_sign_detached(sig, NULL, (const unsigned char *)out->buf + start,
			     out->len - start, sk);
	bundle_hex(sig, sizeof sig, sighex);
	sbuf_addf(out, "signature %s\n", sighex);
}

/* The value of the line "key VALUE" at *p, moving past it; NULL if not. */
static char *line(char **p, const char *key)
{
	size_t k = strlen(key);
	char *v, *nl;

	if (strncmp(*p, key, k) || (*p)[k] != ' ' || !(nl = strchr(*p, '\n')))
		return NULL;
	v = *p + k + 1;
	*nl = '\0';
	*p = nl + 1;
	return v;
}

int prepare_back_read(const char *name, const char *text, size_t len,
		      const unsigned char trusted_pk[BUNDLE_PK], const char *device,
		      struct prep_travel *t, int *other, struct err *err)
{
	char *copy = xstrndup(text, len), *p = copy, *dev, *hub, *code, *form, *saved,
	     *salt, *box, *sig, *signed_end, *sp;
	unsigned char pk[BUNDLE_PK], s[crypto_sign_BYTES];
	int rc = -1;

	*other = 0;
	memset(t, 0, sizeof *t);
	if (strncmp(p, MAGIC, strlen(MAGIC))) {
		err_set(err, "%s: not a preparation from the hub", name);
		goto out;
	}
	p += strlen(MAGIC);
	if (!(dev = line(&p, "device")) || !line(&p, "made") || !(hub = line(&p, "hub")) ||
	    !(code = line(&p, "code")) || !(form = line(&p, "form")) ||
	    !(saved = line(&p, "saved")) || !(salt = line(&p, "salt")) ||
	    !(box = line(&p, "box"))) {
		err_set(err, "%s: a line is missing or out of order", name);
		goto out;
	}
	signed_end = p;
	if (!(sig = line(&p, "signature")) || *p || bundle_unhex(hub, pk, BUNDLE_PK) < 0 ||
	    bundle_unhex(sig, s, sizeof s) < 0 || !(sp = strchr(form, ' '))) {
		err_set(err, "%s: damaged", name);
		goto out;
	}
	if (sodium_memcmp(pk, trusted_pk, BUNDLE_PK) != 0) {
		err_set(err, "%s: signed by a hub key this laptop does not trust", name);
		goto out;
	}
	if (crypto_sign_verify_detached(s, (const unsigned char *)text,
					(size_t)(signed_end - copy), pk) != 0) {
		err_set(err, "%s: bad signature", name);
		goto out;
	}
	if (strcmp(dev, device)) {
		*other = 1;
		err_set(err, "%s: for another laptop", name);
		goto out;
	}
	*sp = '\0';
	t->box.len = strlen(box) / 2;
	sbuf_grow(&t->box, t->box.len + 1);
	if (strlen(code) != 64 || bundle_unhex(salt, t->salt, 16) < 0 ||
	    bundle_unhex(box, (unsigned char *)t->box.buf, t->box.len) < 0) {
		err_set(err, "%s: damaged", name);
		goto out;
	}
	t->code_hash = xstrdup(code);
	t->form_id = xstrdup(form);
	t->form_version = xstrdup(sp + 1);
	t->saved_on = xstrdup(saved);
	rc = 0;
out:
	if (rc < 0)
		prep_travel_release(t);
	free(copy);
	return rc;
}

struct send {
	const char *device, *dir;
	unsigned char pk[BUNDLE_PK], sk[BUNDLE_SK];
	size_t n;
	struct err *err;
};

static int send_one(const struct prep_travel *t, void *arg)
{
	struct send *c = arg;
	struct sbuf text = SBUF_INIT, file = SBUF_INIT;
	unsigned char h[8];
	char name[2 * sizeof h + 1];
	int rc;

	prepare_back_write(t, c->device, c->pk, c->sk, &text);
	/* Named by a hash of the code's hash: the stick shows neither. */
	sbuf_add(&file, "eadr-prepare-back", 18);
	sbuf_adds(&file, t->code_hash);
	crypto_generichash(h, sizeof h, (const unsigned char *)file.buf, file.len, NULL, 0);
	sbuf_reset(&file);
	bundle_hex(h, sizeof h, name);
	sync_join(&file, c->dir, "eadr-prep-");
	sbuf_addf(&file, "%s%s", name, PREP_BACK_SUFFIX);
	rc = file_write_atomic(file.buf, text.buf, text.len, 0600, c->err);
	c->n += rc == 0;
	sbuf_release(&text);
	sbuf_release(&file);
	return rc;
}

int hub_prepare_send_device(struct hubstore *hs, const char *device_id, const char *dir,
			    size_t *n, struct err *err)
{
	struct send c = { device_id, dir, { 0 }, { 0 }, 0, err };
	int rc;

	*n = 0;
	if (bundle_crypto_init(err) < 0)
		return -1;
	if ((rc = hs->ops->key_get(hs, "hub-sign", c.pk, BUNDLE_PK, c.sk, BUNDLE_SK,
				   err)) <= 0)
		return rc < 0 ? -1 : err_set(err, "this database is not a hub");
	rc = hs->ops->prep_back_each(hs, device_id, send_one, &c, err);
	sodium_memzero(c.sk, sizeof c.sk);
	*n = c.n;
	return rc ? -1 : 0;
}
