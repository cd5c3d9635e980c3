/*
 * feedback_back.c - the hub's signed file of one 360-degree feedback
 * request (progress per group, the released report sealed to the laptop
 * that asked), and the laptop taking it: verified, then kept under the
 * key of the manager holding the person's appraisal.  See feedback_back.h
 * and schema/feedback.md, "The way back".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "feedback_back.h"
#include "keyring.h"
#include "store_feedback_back.h"
#include "store_sync.h"
#include "sync.h"

#define BACK_MAGIC "EADR-360-BACK 1"
#define BACK_MAX (16u << 20)

void feedback_back_release(struct feedback_back *b)
{
	if (!b)
		return;
	free(b->staff_number);
	if (b->report) {
		sodium_memzero(b->report, strlen(b->report));
		free(b->report);
	}
	memset(b, 0, sizeof(*b));
}

static void counts_line(struct sbuf *out, const char *key, const int v[FB_NGROUPS])
{
	sbuf_adds(out, key);
	for (int g = 0; g < FB_NGROUPS; g++)
		sbuf_addf(out, " %d", v[g]);
	sbuf_addch(out, '\n');
}

int feedback_back_write(const struct feedback_back *b,
			const unsigned char device_pk[BUNDLE_PK],
			const unsigned char hub_pk[BUNDLE_PK],
			const unsigned char hub_sk[BUNDLE_SK], struct sbuf *out,
			struct err *err)
{
	unsigned char xpk[crypto_box_PUBLICKEYBYTES], sig[BUNDLE_SIG], *sealed;
	struct sbuf body = SBUF_INIT;
	char hex[2 * BUNDLE_SIG + 1], *shex;
	size_t start = out->len, n;

	if (crypto_sign_ed25519_pk_to_curve25519(xpk, device_pk) != 0)
		return err_set(err, "the key of laptop %s is not a valid key", b->device_id);
	sbuf_addf(&body, "request %s\nstaff %s\n", b->request_id, b->staff_number);
	counts_line(&body, "invited", b->invited);
	counts_line(&body, "responded", b->responded);
	sbuf_addf(&body, "released %s\n\n%s", b->released_on[0] ? b->released_on : "-",
		  b->report && b->released_on[0] ? b->report : "");
	n = body.len + crypto_box_SEALBYTES;
	sealed = xmalloc(n);
	crypto_box_seal(sealed, (const unsigned char *)body.buf, body.len, xpk);
	sodium_memzero(body.buf, body.len);
	sbuf_release(&body);
	shex = xmalloc(2 * n + 1);
	bundle_hex(sealed, n, shex);
	free(sealed);
	bundle_hex(hub_pk, BUNDLE_PK, hex);
	sbuf_addf(out, BACK_MAGIC "\ndevice %s\nmade %s\nhub %s\nsealed %s\n",
		  b->device_id, b->made, hex, shex);
	free(shex);
	crypto_sign_detached(sig, NULL, (const unsigned char *)out->buf + start,
			     out->len - start, hub_sk);
	bundle_hex(sig, sizeof(sig), hex);
	sbuf_addf(out, "signature %s\n", hex);
	return 0;
}

/* The value after "key " on the line that starts at *p (advanced past it),
 * NUL-terminated in place; NULL when the line is not that key's. */
static char *take_line(char **p, const char *key)
{
	size_t k = strlen(key);
	char *line = *p, *nl = strchr(line, '\n');

	if (!nl || strncmp(line, key, k) != 0 || line[k] != ' ')
		return NULL;
	*nl = '\0';
	*p = nl + 1;
	return line + k + 1;
}

static int counts_read(const char *v, int out[FB_NGROUPS])
{
	for (int g = 0; g < FB_NGROUPS; g++) {
		char *end;
		long n = strtol(v, &end, 10);
		if (end == v || n < 0 || n > 1000 || (*end != ' ' && *end != '\0') ||
		    (g < FB_NGROUPS - 1 && *end != ' ') || (g == FB_NGROUPS - 1 && *end))
			return -1;
		out[g] = (int)n;
		v = end;
	}
	return 0;
}

/* The sealed body, opened: request, staff, counts, release, report. */
static int body_read(char *p, struct feedback_back *b)
{
	const char *v;

	if (!(v = take_line(&p, "request")) || strlen(v) != UUID_LEN)
		return -1;
	memcpy(b->request_id, v, UUID_LEN + 1);
	if (!(v = take_line(&p, "staff")) || !*v)
		return -1;
	b->staff_number = xstrdup(v);
	if (!(v = take_line(&p, "invited")) || counts_read(v, b->invited) < 0 ||
	    !(v = take_line(&p, "responded")) || counts_read(v, b->responded) < 0 ||
	    !(v = take_line(&p, "released")) || *p != '\n')
		return -1;
	if (strcmp(v, "-") != 0) {
		if (!date_valid(v))
			return -1;
		snprintf(b->released_on, sizeof(b->released_on), "%s", v);
		b->report = xstrdup(p + 1);
	}
	return 0;
}

/* The outer lines: device, made, hub, sealed; NULL-terminated in copy. */
static int outer_read(const char *name, const char *text, char *copy, size_t len,
		      const unsigned char trusted_pk[BUNDLE_PK],
		      struct feedback_back *b, char **sealed, struct err *err)
{
	unsigned char hub[BUNDLE_PK], sig[BUNDLE_SIG];
	char *p = copy, *v, *signed_end;

	if (strncmp(p, BACK_MAGIC "\n", sizeof(BACK_MAGIC)) != 0)
		return err_set(err, "%s: not an eadr 360-degree feedback file", name);
	p += sizeof(BACK_MAGIC);
	if (!(v = take_line(&p, "device")) || strlen(v) != UUID_LEN)
		return err_set(err, "%s:2: the device is not a UUID", name);
	memcpy(b->device_id, v, UUID_LEN + 1);
	if (!(v = take_line(&p, "made")) || strlen(v) != STAMP_LEN)
		return err_set(err, "%s:3: the time is not YYYY-MM-DDTHH:MM:SSZ", name);
	memcpy(b->made, v, STAMP_LEN + 1);
	if (!(v = take_line(&p, "hub")) || bundle_unhex(v, hub, BUNDLE_PK) < 0)
		return err_set(err, "%s:4: the hub key is not 64 hex digits", name);
	if (!(*sealed = take_line(&p, "sealed")))
		return err_set(err, "%s:5: no sealed part", name);
	signed_end = p;
	if (!(v = take_line(&p, "signature")) || bundle_unhex(v, sig, BUNDLE_SIG) < 0)
		return err_set(err, "%s: truncated: no signature", name);
	if ((size_t)(p - copy) != len)
		return err_set(err, "%s: text after the signature", name);
	if (sodium_memcmp(hub, trusted_pk, BUNDLE_PK) != 0)
		return err_set(err, "%s: signed by a hub key this laptop does not trust "
			       "(see 'eadr sync trust'); nothing taken from it", name);
	/* Over the bytes as they came (copy has its ends of line cut). */
	if (crypto_sign_verify_detached(sig, (const unsigned char *)text,
					(size_t)(signed_end - copy), hub) != 0)
		return err_set(err, "%s: bad signature: the file was changed after the hub "
			       "signed it; nothing taken from it", name);
	return 0;
}

int feedback_back_read(const char *name, const char *text, size_t len,
		       const unsigned char trusted_pk[BUNDLE_PK],
		       const char *device_id,
		       const unsigned char dev_pk[BUNDLE_PK],
		       const unsigned char dev_sk[BUNDLE_SK],
		       struct feedback_back *b, int *other, struct err *err)
{
	unsigned char xpk[crypto_box_PUBLICKEYBYTES], xsk[crypto_box_SECRETKEYBYTES];
	unsigned char *raw = NULL, *plain = NULL;
	char *copy, *sealed = NULL;
	size_t n = 0;
	int rc = -1;

	memset(b, 0, sizeof(*b));
	*other = 0;
	if (memchr(text, '\0', len))
		return err_set(err, "%s: not an eadr 360-degree feedback file", name);
	copy = xstrndup(text, len);
	/* The signature first: nothing unsigned is even opened. */
	if (outer_read(name, text, copy, len, trusted_pk, b, &sealed, err) < 0)
		goto out;
	if (strcmp(b->device_id, device_id) != 0) {
		*other = 1;
		err_set(err, "%s: for another laptop", name);
		goto out;
	}
	n = strlen(sealed) / 2;
	raw = xmalloc(n + 1);
	plain = xmalloc(n + 1);
	if (crypto_sign_ed25519_pk_to_curve25519(xpk, dev_pk) != 0 ||
	    crypto_sign_ed25519_sk_to_curve25519(xsk, dev_sk) != 0 ||
	    strlen(sealed) % 2 || bundle_unhex(sealed, raw, n) < 0 ||
	    n < crypto_box_SEALBYTES ||
	    crypto_box_seal_open(plain, raw, n, xpk, xsk) != 0) {
		err_set(err, "%s: does not open with this laptop's key", name);
		goto out;
	}
	n -= crypto_box_SEALBYTES;
	plain[n] = '\0';
	if (memchr(plain, '\0', n) || body_read((char *)plain, b) < 0) {
		err_set(err, "%s: its sealed part is malformed", name);
		goto out;
	}
	rc = 0;
out:
	sodium_memzero(xsk, sizeof(xsk));
	if (plain) {
		sodium_memzero(plain, n);
		free(plain);
	}
	free(raw);
	free(copy);
	if (rc < 0) {
		char keep[UUID_LEN + 1];
		memcpy(keep, b->device_id, sizeof(keep));
		feedback_back_release(b);
		memcpy(b->device_id, keep, sizeof(keep));
	}
	return rc;
}

/* Keep b on st: newer than what is kept, for a request made here; the
 * report sealed to its holder's box key.  1 taken, 0 nothing newer. */
static int keep(struct store *st, const struct feedback_back *b, struct err *err)
{
	char made[STAMP_LEN + 1], *staff = NULL, *holder_name = NULL;
	unsigned char pk[32], *sealed = NULL;
	struct sbuf text = SBUF_INIT;
	long long holder = 0;
	int had_report = 0, rc;

	if ((rc = store_fbback_state(st, b->request_id, &staff, made, &had_report,
				     err)) <= 0)
		return rc < 0 ? -1 : err_set(err, "a report of request %s, which this "
					     "laptop did not make: refused", b->request_id);
	rc = -1;
	if (strcmp(staff, b->staff_number) != 0) {
		err_set(err, "request %s is for %s here, not %s: refused", b->request_id,
			staff, b->staff_number);
		goto out;
	}
	/* Older, or no report where one is kept: a file replayed from the stick.
	 * (Written in the same second as the one kept: taken if it brings the
	 * report.) */
	int newer = strcmp(b->made, made);
	if (newer < 0 || (newer == 0 && (had_report || !b->report)) ||
	    (had_report && !b->report)) {
		rc = 0;
		goto out;
	}
	if (b->report) {
		int h = store_fbback_holder(st, b->staff_number, &holder, &holder_name,
					    pk, err);
		if (h < 0)
			goto out;
		sbuf_addf(&text, "request %s\n%s", b->request_id, b->report);
		if (h) {
			sealed = xmalloc(text.len + KEYRING_SEAL_OVERHEAD);
			keyring_box_seal(pk, text.buf, text.len, sealed);
		}
	}
	if (store_begin(st, err) < 0)
		goto out;
	if (store_fbback_put(st, b, holder, sealed ? (const void *)sealed :
			     b->report ? b->report : NULL,
			     sealed ? text.len + KEYRING_SEAL_OVERHEAD :
			     b->report ? strlen(b->report) : 0, err) < 0 ||
	    (b->report && store_audit(st, NULL, b->staff_number, "feedback-report-taken",
				      b->request_id, err) < 0)) {
		store_rollback(st);
		goto out;
	}
	rc = store_commit(st, err) < 0 ? -1 : 1;
out:
	if (text.buf)
		sodium_memzero(text.buf, text.len);
	sbuf_release(&text);
	free(sealed);
	free(staff);
	free(holder_name);
	return rc;
}

int feedback_back_pull(struct store *st, const char *dir,
		       const unsigned char trusted_pk[BUNDLE_PK],
		       struct feedback_back_result *r, struct sbuf *problems,
		       struct err *err)
{
	unsigned char pk[BUNDLE_PK], sk[BUNDLE_SK];
	struct sbuf path = SBUF_INIT, text = SBUF_INIT;
	char **names;
	size_t n;
	int have;

	memset(r, 0, sizeof(*r));
	if (!(names = sync_list_dir(dir, FEEDBACK_BACK_SUFFIX, &n, err)))
		return -1;
	have = n ? store_sync_key_get(st, "device-sign", pk, BUNDLE_PK, sk, BUNDLE_SK,
				      err) : 0;
	if (have < 0) {
		for (size_t i = 0; i < n; i++)
			free(names[i]);
		free(names);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		struct feedback_back b;
		struct err e = ERR_INIT;
		int other = 0, rc = -1;

		sbuf_reset(&path);
		sbuf_reset(&text);
		sync_join(&path, dir, names[i]);
		free(names[i]);
		if (!have) {
			/* No key: no bundle ever left here, so no request did. */
			r->other++;
			continue;
		} else if (sync_file_read(path.buf, &text, BACK_MAX, &e) == 0 &&
			   feedback_back_read(path.buf, text.buf, text.len, trusted_pk,
					      store_device_id(st), pk, sk, &b, &other,
					      &e) == 0) {
			rc = keep(st, &b, &e);
			if (rc < 0)
				err_prefix(&e, "%s", path.buf);
			else if (rc == 0)
				r->same++;
			else {
				r->taken++;
				r->reports += b.report != NULL;
			}
			feedback_back_release(&b);
		}
		if (other)
			r->other++;
		else if (rc < 0) {
			r->refused++;
			sbuf_addf(problems, "%s\n", err_msg(&e));
		}
		err_release(&e);
	}
	sodium_memzero(sk, sizeof(sk));
	free(names);
	sbuf_release(&path);
	sbuf_release(&text);
	return 0;
}

int feedback_back_report(struct store *st, const char *staff_number,
			 struct sbuf *out, char **request, char **released,
			 struct err *err)
{
	return store_fbback_report(st, staff_number, out, request, released, err);
}
