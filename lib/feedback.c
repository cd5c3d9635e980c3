/*
 * feedback.c - 360-degree feedback on the laptop: the request with its
 * codes and slips, the rater's draft (encrypted under a key derived from
 * the code) and the submission, sealed at once to the trusted hub.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "bundle.h"
#include "feedback.h"
#include "store_feedback.h"
#include "store_sync.h"

void feedback_request_release(struct feedback_request *r)
{
	if (!r)
		return;
	free(r->staff_number);
	if (r->codes)
		sodium_memzero(r->codes, r->ncodes * sizeof *r->codes);
	free(r->codes);
	free(r->code_group);
	memset(r, 0, sizeof *r);
}

static int counts_ok(const int n[FB_NGROUPS], struct err *err)
{
	int total = 0;

	for (int g = 0; g < FB_NGROUPS; g++) {
		int max = g <= FB_MANAGER ? 1 : FB_MAX_CODES;
		if (n[g] < 0 || n[g] > max)
			return err_set(err, "%s: between 0 and %d invitations, not %d",
				       feedback_group_name((enum fb_group)g), max, n[g]);
		total += n[g];
	}
	if (total == 0)
		return err_set(err, "nobody is invited: give at least one group of raters");
	return 0;
}

int feedback_request_new(struct store *st, const char *staff_number,
			 const int n[FB_NGROUPS], const char *close_on,
			 struct feedback_request *r, const char **warn,
			 struct err *err)
{
	struct staff who = { 0 };
	char (*hash)[FB_HASH_HEX + 1];
	int rc;

	memset(r, 0, sizeof *r);
	*warn = NULL;
	if (bundle_crypto_init(err) < 0 || counts_ok(n, err) < 0)
		return -1;
	date_today(r->created_on);
	if (!date_valid(close_on))
		return err_set(err, "the close date '%s' is not a date (YYYY-MM-DD)", close_on);
	if (date_diff(r->created_on, close_on) <= 0)
		return err_set(err, "the close date %s is not after today (%s)",
			       close_on, r->created_on);
	if ((rc = store_staff_get(st, staff_number, &who, err)) <= 0)
		return rc < 0 ? -1 : err_set(err, "no staff member has the number '%s'",
					     staff_number);
	staff_release(&who);
	if (uuid_new(r->id, err) < 0)
		return -1;
	r->staff_number = xstrdup(staff_number);
	snprintf(r->close_on, sizeof r->close_on, "%s", close_on);
	for (int g = 0; g < FB_NGROUPS; g++) {
		r->n[g] = n[g];
		r->ncodes += (size_t)n[g];
		if (g > FB_MANAGER && n[g] > 0 && n[g] < FB_RECOMMEND)
			*warn = "fewer than 5 invitations in an anonymous group: if only "
				"2 of them answer, the group is merged or left out of the report";
	}
	r->codes = xcalloc(r->ncodes, sizeof *r->codes);
	r->code_group = xcalloc(r->ncodes, sizeof *r->code_group);
	hash = xcalloc(r->ncodes, sizeof *hash);
	size_t k = 0;
	for (int g = 0; g < FB_NGROUPS; g++)
		for (int i = 0; i < n[g]; i++, k++) {
			feedback_code_make((enum fb_group)g, r->codes[k]);
			r->code_group[k] = (enum fb_group)g;
			feedback_code_hash(r->codes[k], hash[k]);
		}
	rc = store_feedback_request_add(st, r, hash, r->code_group, r->ncodes, err);
	free(hash);
	if (rc < 0)
		feedback_request_release(r);
	return rc;
}

/* ---- the rater's draft and the submission ---- */

void feedback_draft_release(struct feedback_draft *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		sodium_memzero(d->a[i].value, strlen(d->a[i].value));
		free(d->a[i].path);
		free(d->a[i].value);
	}
	free(d->a);
	sodium_memzero(d, sizeof *d);
}

const char *feedback_draft_get(const struct feedback_draft *d, const char *path)
{
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->a[i].path, path) == 0)
			return d->a[i].value;
	return NULL;
}

void feedback_draft_set(struct feedback_draft *d, const char *path,
			const char *value)
{
	size_t i;

	for (i = 0; i < d->n && strcmp(d->a[i].path, path) != 0; i++)
		;
	if (i < d->n) {
		sodium_memzero(d->a[i].value, strlen(d->a[i].value));
		free(d->a[i].value);
		if (value) {
			d->a[i].value = xstrdup(value);
			return;
		}
		free(d->a[i].path);
		d->a[i] = d->a[--d->n];
		return;
	}
	if (!value)
		return;
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 32;
		d->a = xrealloc(d->a, d->cap * sizeof *d->a);
	}
	d->a[d->n].path = xstrdup(path);
	d->a[d->n++].value = xstrdup(value);
}

static void escaped(struct sbuf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			sbuf_adds(out, "\\\\");
		else if (*s == '\n')
			sbuf_adds(out, "\\n");
		else if (*s == '\t')
			sbuf_adds(out, "\\t");
		else
			sbuf_addch(out, *s);
	}
}

static int cmp_answer(const void *a, const void *b)
{
	return strcmp(((const struct feedback_answer *)a)->path,
		      ((const struct feedback_answer *)b)->path);
}

void feedback_encode(const struct feedback_draft *d, long long number,
		     const char *date, struct sbuf *out)
{
	if (d->n)
		qsort(d->a, d->n, sizeof *d->a, cmp_answer);
	sbuf_addf(out, "EADR-360 1\ncode %s\nnumber %lld\ndate %s\n", d->code,
		  number, date);
	for (size_t i = 0; i < d->n; i++) {
		sbuf_adds(out, "a ");
		escaped(out, d->a[i].path);
		sbuf_addch(out, '\t');
		escaped(out, d->a[i].value);
		sbuf_addch(out, '\n');
	}
}

/* Undo escaped() in place over [s, s+n); returns the new length. */
static size_t unescape(char *s, size_t n)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n) {
			i++;
			s[o++] = s[i] == 'n' ? '\n' : s[i] == 't' ? '\t' : s[i];
		} else {
			s[o++] = s[i];
		}
	}
	s[o] = '\0';
	return o;
}

int feedback_decode(const char *text, size_t len, struct feedback_draft *d,
		    long long *number, char date[DATE_LEN + 1], struct err *err)
{
	char *buf = xstrndup(text, len), *line = buf, *nl;
	int rc = -1, have = 0;

	memset(d, 0, sizeof *d);
	if (strlen(buf) != len) {
		err_set(err, "a response holds a NUL byte");
		goto out;
	}
	for (; *line; line = nl + 1) {
		char *tab;
		if (!(nl = strchr(line, '\n'))) {
			err_set(err, "a response ends without a new line");
			goto out;
		}
		*nl = '\0';
		if (!have) {
			if (strcmp(line, "EADR-360 1") != 0) {
				err_set(err, "not a feedback response of format 1");
				goto out;
			}
			have = 1;
		} else if (strncmp(line, "code ", 5) == 0) {
			enum fb_group g;
			if (feedback_code_check(line + 5, d->code, &g, err) < 0)
				goto out;
			d->group = g;
			feedback_code_hash(d->code, d->hash);
		} else if (strncmp(line, "number ", 7) == 0) {
			*number = strtoll(line + 7, NULL, 10);
		} else if (strncmp(line, "date ", 5) == 0) {
			snprintf(date, DATE_LEN + 1, "%s", line + 5);
		} else if (strncmp(line, "a ", 2) == 0 && (tab = strchr(line + 2, '\t'))) {
			*tab = '\0';
			unescape(line + 2, strlen(line + 2));
			unescape(tab + 1, strlen(tab + 1));
			feedback_draft_set(d, line + 2, tab + 1);
		} else {
			err_set(err, "a response has a line eadr does not know");
			goto out;
		}
	}
	if (!have || !d->code[0]) {
		err_set(err, "a response without its code");
		goto out;
	}
	rc = 0;
out:
	sodium_memzero(buf, len);
	free(buf);
	if (rc < 0)
		feedback_draft_release(d);
	return rc;
}

/* The draft's id and key, both derived from the code; the key also from
 * the draft's random salt. */
static void draft_id(const char *code, char out[FB_HASH_HEX + 1])
{
	static const char domain[] = "eadr-360-draft-id-v1";
	unsigned char h[32];

	crypto_generichash(h, sizeof h, (const unsigned char *)domain, sizeof domain,
			   (const unsigned char *)code, strlen(code));
	bundle_hex(h, sizeof h, out);
}

static void draft_key(const char *code, const unsigned char salt[16],
		      unsigned char key[32])
{
	static const char domain[] = "eadr-360-draft-key-v1";
	crypto_generichash_state s;

	crypto_generichash_init(&s, (const unsigned char *)code, strlen(code), 32);
	crypto_generichash_update(&s, (const unsigned char *)domain, sizeof domain);
	crypto_generichash_update(&s, salt, 16);
	crypto_generichash_final(&s, key, 32);
}

static int hub_box(struct store *st, unsigned char pk[BUNDLE_PK], struct err *err)
{
	int rc = store_sync_key_get(st, "trusted-box", pk, BUNDLE_PK, NULL, 0, err);

	if (rc == 0)
		return err_set(err, "this laptop trusts no hub key, so feedback given "
			       "here could not be sealed for the hub; ask whoever "
			       "looks after eadr to run 'eadr sync trust' first");
	return rc < 0 ? -1 : 0;
}

int feedback_begin(struct store *st, const char *typed, struct feedback_draft *d,
		   int *resumed, struct err *err)
{
	unsigned char pk[BUNDLE_PK], salt[16], key[32];
	char id[FB_HASH_HEX + 1], date[DATE_LEN + 1];
	struct sbuf box = SBUF_INIT, plain = SBUF_INIT;
	enum fb_group g;
	long long number = 0;
	int rc;

	memset(d, 0, sizeof *d);
	*resumed = 0;
	if (bundle_crypto_init(err) < 0 || hub_box(st, pk, err) < 0)
		return -1;
	if (feedback_code_check(typed, d->code, &g, err) < 0)
		return -1;
	d->group = g;
	feedback_code_hash(d->code, d->hash);
	draft_id(d->code, id);
	if ((rc = store_feedback_draft_get(st, id, salt, &box, err)) <= 0) {
		sbuf_release(&box);
		return rc;
	}
	draft_key(d->code, salt, key);
	rc = -1;
	if (box.len < crypto_aead_xchacha20poly1305_ietf_NPUBBYTES +
	    crypto_aead_xchacha20poly1305_ietf_ABYTES) {
		err_set(err, "the saved feedback draft is damaged");
		goto out;
	}
	size_t clen = box.len - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
	sbuf_grow(&plain, clen);
	unsigned long long plen;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(
		    (unsigned char *)plain.buf, &plen, NULL,
		    (unsigned char *)box.buf + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
		    clen, (const unsigned char *)id, FB_HASH_HEX,
		    (unsigned char *)box.buf, key) != 0) {
		err_set(err, "the saved feedback draft does not open (damaged or moved)");
		goto out;
	}
	struct feedback_draft loaded;
	if (feedback_decode(plain.buf, (size_t)plen, &loaded, &number, date, err) < 0)
		goto out;
	sodium_memzero(plain.buf, (size_t)plen);
	feedback_draft_release(d);
	*d = loaded;
	*resumed = 1;
	rc = 0;
out:
	sodium_memzero(key, sizeof key);
	sbuf_release(&box);
	sbuf_release(&plain);
	return rc;
}

int feedback_save(struct store *st, const struct feedback_draft *d,
		  struct err *err)
{
	unsigned char salt[16], key[32];
	char id[FB_HASH_HEX + 1], today[DATE_LEN + 1];
	struct sbuf plain = SBUF_INIT, box = SBUF_INIT;
	const size_t nb = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
	unsigned long long clen;
	int rc;

	randombytes_buf(salt, sizeof salt);
	draft_key(d->code, salt, key);
	draft_id(d->code, id);
	feedback_encode(d, 0, "", &plain);
	sbuf_grow(&box, nb + plain.len + crypto_aead_xchacha20poly1305_ietf_ABYTES);
	randombytes_buf(box.buf, nb);
	crypto_aead_xchacha20poly1305_ietf_encrypt(
		(unsigned char *)box.buf + nb, &clen, (const unsigned char *)plain.buf,
		plain.len, (const unsigned char *)id, FB_HASH_HEX, NULL,
		(const unsigned char *)box.buf, key);
	sodium_memzero(key, sizeof key);
	sodium_memzero(plain.buf, plain.len);
	date_today(today);
	rc = store_feedback_draft_put(st, id, salt, box.buf, nb + (size_t)clen, today, err);
	sbuf_release(&plain);
	sbuf_release(&box);
	return rc;
}

int feedback_submit(struct store *st, struct feedback_draft *d, struct err *err)
{
	unsigned char pk[BUNDLE_PK];
	char id[FB_HASH_HEX + 1], rid[UUID_LEN + 1], today[DATE_LEN + 1];
	struct sbuf plain = SBUF_INIT;
	unsigned char *sealed = NULL;
	long long number = 0;
	int rc = -1;

	if (bundle_crypto_init(err) < 0 || hub_box(st, pk, err) < 0 ||
	    uuid_new(rid, err) < 0)
		return -1;
	draft_id(d->code, id);
	date_today(today);
	if (store_begin(st, err) < 0)
		return -1;
	if (store_feedback_used_bump(st, d->hash, &number, err) < 0)
		goto out;
	feedback_encode(d, number, today, &plain);
	sealed = xmalloc(plain.len + crypto_box_SEALBYTES);
	if (crypto_box_seal(sealed, (const unsigned char *)plain.buf, plain.len, pk) != 0) {
		err_set(err, "the response could not be sealed for the hub");
		goto out;
	}
	if (store_feedback_outbox_add(st, rid, sealed, plain.len + crypto_box_SEALBYTES,
				      today, id, err) < 0)
		goto out;
	rc = 0;
out:
	if (plain.buf)
		sodium_memzero(plain.buf, plain.len);
	sbuf_release(&plain);
	free(sealed);
	if (rc < 0) {
		store_rollback(st);
		return -1;
	}
	if (store_commit(st, err) < 0)
		return -1;
	feedback_draft_release(d);
	return 0;
}
