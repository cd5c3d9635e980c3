/*
 * bundle.c - writing and strictly reading sync bundles (see bundle.h and
 * schema/bundle.md; acknowledgements: bundle_ack.c, keys: bundle_keys.c).  Every check happens before anything
 * is handed out: a caller gets a whole, verified bundle or an error.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "bundle.h"
#include "bundle_int.h"
#include "utf8.h"

static const unsigned char magic[8] = { 'E', 'A', 'D', 'R', 'B', 'N', 'D', 'L' };
static const char type_char[BUNDLE_NTYPES] = { 'F', 'S', 'A', 'N', 'P', 'G' };
static const char *const type_name[BUNDLE_NTYPES] = {
	"form", "staff", "appraisal", "answer", "PDP goal", "sign-off"
};
static const int type_nf[BUNDLE_NTYPES] = {
	FORM_NF, STAFF_NF, AP_NF, ANS_NF, GOAL_NF, SO_NF
};
/* Fields that may have no value, as a bit mask per type. */
static const unsigned type_nullable[BUNDLE_NTYPES] = {
	1u << FORM_SOURCE, 1u << STAFF_DUE, (1u << AP_MEETING) | (1u << AP_NEXT_DUE),
	0, (1u << GOAL_TARGET) | (1u << GOAL_FOLLOWS), 0
};
/* Fields that must be whole numbers. */
static const unsigned type_numeric[BUNDLE_NTYPES] = {
	0, 1u << STAFF_REVISION, 1u << AP_REVISION, 1u << ANS_REVISION,
	(1u << GOAL_POSITION) | (1u << GOAL_REVISION), 1u << SO_REVISION
};
#define NO_VALUE 0xffffffffu

int bundle_crypto_init(struct err *err)
{
	if (sodium_init() < 0)
		return err_set(err, "the cryptography library (libsodium) could not start");
	return 0;
}

static void put_be(unsigned char *p, uint64_t v, int n)
{
	for (int i = n - 1; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)(v & 0xff);
}

static uint64_t get_be(const unsigned char *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = (v << 8) | p[i];
	return v;
}

int bundle_uuid_ok(const char *s, size_t n)
{
	if (n != UUID_LEN)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!s[i] || !strchr("0123456789abcdef", s[i])) {
			return 0;
		}
	}
	return 1;
}

/* A whole number: digits only, no sign, no leading zero, at most 18. */
int bundle_number_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 18 || (n > 1 && s[0] == '0'))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* ---- writing ---- */

void bundle_writer_init(struct bundle_writer *w)
{
	memset(w, 0, sizeof(*w));
	sbuf_init(&w->content, 4096);
}

void bundle_writer_release(struct bundle_writer *w)
{
	sbuf_release(&w->content);
	memset(w->count, 0, sizeof(w->count));
}

unsigned bundle_count(const struct bundle_writer *w, enum bundle_type type)
{
	return w->count[type];
}

int bundle_add(struct bundle_writer *w, enum bundle_type t,
	       const char *const *f, struct err *err)
{
	unsigned char len[4];

	if ((unsigned)t >= BUNDLE_NTYPES)
		return err_set(err, "bundle: unknown record type");
	if ((t == BUNDLE_FORM || t == BUNDLE_STAFF) && w->in_appraisal)
		return err_set(err, "bundle: forms and staff go before appraisals");
	if (t > BUNDLE_APPRAISAL && !w->in_appraisal)
		return err_set(err, "bundle: a %s outside an appraisal", type_name[t]);
	for (int i = 0; i < type_nf[t]; i++) {
		if (!f[i] && !(type_nullable[t] & (1u << i)))
			return err_set(err, "bundle: a %s without field %d", type_name[t], i);
		if (f[i] && (strlen(f[i]) >= NO_VALUE || !utf8_valid(f[i], strlen(f[i]))))
			return err_set(err, "bundle: a %s with a field that is not UTF-8 text",
				       type_name[t]);
		if (f[i] && (type_numeric[t] & (1u << i)) && !bundle_number_ok(f[i]))
			return err_set(err, "bundle: a %s with '%s' for a number",
				       type_name[t], f[i]);
	}
	sbuf_addch(&w->content, type_char[t]);
	sbuf_addch(&w->content, type_nf[t]);
	for (int i = 0; i < type_nf[t]; i++) {
		size_t n = f[i] ? strlen(f[i]) : 0;

		put_be(len, f[i] ? n : NO_VALUE, 4);
		sbuf_add(&w->content, len, 4);
		sbuf_add(&w->content, f[i] ? f[i] : "", n);
	}
	if (t == BUNDLE_APPRAISAL)
		w->in_appraisal = 1;
	w->count[t]++;
	return 0;
}

int bundle_finish(struct bundle_writer *w, const struct bundle_signer *s,
		  const unsigned char *seal_to, unsigned long long seq,
		  long long created, struct sbuf *out,
		  char id[BUNDLE_ID_HEX + 1], struct err *err)
{
	unsigned char h[BUNDLE_HEADER], sig[BUNDLE_SIG], sum[32];
	const unsigned char *payload = (const unsigned char *)w->content.buf;
	unsigned char *sealed = NULL;
	size_t plen = w->content.len, start = out->len;

	if (!bundle_uuid_ok(s->device_id, strlen(s->device_id)))
		return err_set(err, "bundle: the device id '%s' is not a UUID", s->device_id);
	if (plen + crypto_box_SEALBYTES > BUNDLE_MAX)
		return err_set(err, "bundle: more than %u MiB to send; push fewer at a time",
			       BUNDLE_MAX >> 20);
	if (seal_to) {
		sealed = xmalloc(plen + crypto_box_SEALBYTES);
		if (crypto_box_seal(sealed, payload, plen, seal_to) != 0) {
			free(sealed);
			return err_set(err, "bundle: sealing to the hub key failed");
		}
		payload = sealed;
		plen += crypto_box_SEALBYTES;
	}
	memset(h, 0, sizeof(h));
	memcpy(h, magic, 8);
	put_be(h + 8, BUNDLE_VERSION, 2);
	put_be(h + 10, seal_to ? BUNDLE_SEALED : 0, 2);
	memcpy(h + 12, s->device_id, UUID_LEN);
	memcpy(h + 48, s->pk, BUNDLE_PK);
	put_be(h + 80, seq, 8);
	put_be(h + 88, (uint64_t)created, 8);
	for (int t = 0; t < BUNDLE_NTYPES; t++)
		put_be(h + 96 + 4 * t, w->count[t], 4);
	if (seal_to)
		memcpy(h + 120, seal_to, BUNDLE_PK);
	put_be(h + 152, plen, 8);
	crypto_generichash(sum, sizeof(sum), payload, plen, NULL, 0);
	memcpy(h + 160, sum, 32);
	sbuf_add(out, h, sizeof(h));
	sbuf_add(out, payload, plen);
	crypto_sign_detached(sig, NULL, (const unsigned char *)out->buf + start,
			     out->len - start, s->sk);
	sbuf_add(out, sig, sizeof(sig));
	crypto_generichash(sum, sizeof(sum), (const unsigned char *)out->buf + start,
			   out->len - start, NULL, 0);
	bundle_hex(sum, sizeof(sum), id);
	free(sealed);
	return 0;
}

/* ---- reading ---- */

void bundle_release(struct bundle *b)
{
	if (!b)
		return;
	free(b->forms);
	free(b->staff);
	free(b->appraisals);
	free(b->answers);
	free(b->goals);
	free(b->signoffs);
	free(b->content);
	free(b->arena);
	memset(b, 0, sizeof(*b));
}

/* Room for one more record of type t; returns it, zeroed. */
static struct bundle_rec *new_rec(struct bundle *b, int t)
{
	struct bundle_rec **arr[BUNDLE_NTYPES] = {
		&b->forms, &b->staff, NULL, &b->answers, &b->goals, &b->signoffs
	};
	size_t *cnt[BUNDLE_NTYPES] = {
		&b->nforms, &b->nstaff, &b->nappraisals, &b->nanswers, &b->ngoals,
		&b->nsignoffs
	};
	size_t n = *cnt[t];

	if (t == BUNDLE_APPRAISAL) {
		if (n == b->acap[t]) {
			b->acap[t] = b->acap[t] ? 2 * b->acap[t] : 16;
			b->appraisals = xrealloc(b->appraisals,
						 b->acap[t] * sizeof(*b->appraisals));
		}
		memset(&b->appraisals[n], 0, sizeof(b->appraisals[n]));
		(*cnt[t])++;
		return &b->appraisals[n].rec;
	}
	if (n == b->acap[t]) {
		b->acap[t] = b->acap[t] ? 2 * b->acap[t] : 16;
		*arr[t] = xrealloc(*arr[t], b->acap[t] * sizeof(**arr[t]));
	}
	memset(&(*arr[t])[n], 0, sizeof((*arr[t])[n]));
	(*cnt[t])++;
	return &(*arr[t])[n];
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Every appraisal's staff member travels with it (sorted look-up: a bundle
 * may hold tens of thousands). */
static int check_staff_refs(const struct bundle *b, struct err *err)
{
	const char **nums = xmalloc((b->nstaff + 1) * sizeof(*nums));
	int rc = 0;

	for (size_t i = 0; i < b->nstaff; i++)
		nums[i] = b->staff[i].f[STAFF_NUMBER];
	qsort(nums, b->nstaff, sizeof(*nums), cmp_str);
	for (size_t i = 1; i < b->nstaff && rc == 0; i++)
		if (!strcmp(nums[i - 1], nums[i]))
			rc = err_set(err, "staff member %s is in the bundle twice", nums[i]);
	for (size_t i = 0; i < b->nappraisals && rc == 0; i++) {
		const char *key = b->appraisals[i].rec.f[AP_STAFF];

		if (!bsearch(&key, nums, b->nstaff, sizeof(*nums), cmp_str))
			rc = err_set(err, "appraisal %s: staff member %s is not in the bundle",
				     b->appraisals[i].rec.f[AP_UUID], key);
	}
	free(nums);
	return rc;
}

/* What the hub needs to hold true of a record beyond its shape. */
static int check_rec(struct bundle *b, int t, const struct bundle_rec *r,
		     size_t idx, struct err *err)
{
	const char *uuid = NULL, *dev = NULL, *v;

	switch (t) {
	case BUNDLE_STAFF:
		uuid = r->f[STAFF_UUID];
		dev = r->f[STAFF_DEVICE];
		if (!*r->f[STAFF_NUMBER] || !*r->f[STAFF_NAME])
			return err_set(err, "record %zu (staff): no staff number or name", idx);
		break;
	case BUNDLE_APPRAISAL:
		uuid = r->f[AP_UUID];
		dev = r->f[AP_DEVICE];
		if (strcmp(r->f[AP_STATE], "final"))
			return err_set(err, "record %zu (appraisal %s): state '%s', not final",
				       idx, uuid, r->f[AP_STATE]);
		if (!strcmp(r->f[AP_REVISION], "0"))
			return err_set(err, "record %zu (appraisal %s): revision 0", idx, uuid);
		break;
	case BUNDLE_ANSWER:
		uuid = r->f[ANS_UUID];
		dev = r->f[ANS_DEVICE];
		if (!*r->f[ANS_PATH])
			return err_set(err, "record %zu (answer): no question path", idx);
		break;
	case BUNDLE_GOAL:
		uuid = r->f[GOAL_UUID];
		dev = r->f[GOAL_DEVICE];
		v = r->f[GOAL_STATUS];
		if (strcmp(v, "new") && strcmp(v, "carried") && strcmp(v, "achieved"))
			return err_set(err, "record %zu (PDP goal): status '%s'", idx, v);
		break;
	case BUNDLE_SIGNOFF:
		uuid = r->f[SO_UUID];
		dev = r->f[SO_DEVICE];
		v = r->f[SO_ROLE];
		if (strcmp(v, "appraiser") && strcmp(v, "appraisee"))
			return err_set(err, "record %zu (sign-off): role '%s'", idx, v);
		break;
	}
	if (uuid && !bundle_uuid_ok(uuid, strlen(uuid)))
		return err_set(err, "record %zu (%s): '%s' is not a UUID", idx, type_name[t], uuid);
	if (dev && !bundle_uuid_ok(dev, strlen(dev)))
		return err_set(err, "record %zu (%s): device '%s' is not a UUID", idx,
			       type_name[t], dev);
	return 0;
}

static void close_appraisal(struct bundle *b, const unsigned char *end)
{
	struct bundle_appraisal *a;

	if (!b->nappraisals)
		return;
	a = &b->appraisals[b->nappraisals - 1];
	a->raw_len = (size_t)(end - a->raw);
	a->nanswers = b->nanswers - a->answer0;
	a->ngoals = b->ngoals - a->goal0;
	a->nsignoffs = b->nsignoffs - a->signoff0;
}

int bundle_parse_records(const unsigned char *p, size_t n, struct bundle *b,
			 struct err *err)
{
	size_t off = 0, idx = 0, a = 0;
	int t;

	b->arena = xmalloc(n + 1);
	while (off < n) {
		const unsigned char *start = p + off;
		struct bundle_rec *r;

		idx++;
		for (t = 0; t < BUNDLE_NTYPES && type_char[t] != (char)p[off]; t++)
			;
		if (t == BUNDLE_NTYPES)
			return err_set(err, "record %zu: unknown record type 0x%02x", idx, p[off]);
		if (off + 2 > n)
			return err_set(err, "record %zu (%s): cut short", idx, type_name[t]);
		if (p[off + 1] != type_nf[t])
			return err_set(err, "record %zu (%s): %d fields, expected %d", idx,
				       type_name[t], p[off + 1], type_nf[t]);
		if ((t == BUNDLE_FORM || t == BUNDLE_STAFF) && b->nappraisals)
			return err_set(err, "record %zu (%s): after the appraisals", idx,
				       type_name[t]);
		if (t > BUNDLE_APPRAISAL && !b->nappraisals)
			return err_set(err, "record %zu (%s): before any appraisal", idx,
				       type_name[t]);
		if (t == BUNDLE_APPRAISAL)
			close_appraisal(b, start);
		off += 2;
		r = new_rec(b, t);
		for (int i = 0; i < type_nf[t]; i++) {
			uint64_t len;

			if (n - off < 4)
				return err_set(err, "record %zu (%s): cut short", idx, type_name[t]);
			len = get_be(p + off, 4);
			off += 4;
			if (len == NO_VALUE) {
				if (!(type_nullable[t] & (1u << i)))
					return err_set(err, "record %zu (%s): field %d has no value",
						       idx, type_name[t], i + 1);
				continue;
			}
			if (len > n - off)
				return err_set(err, "record %zu (%s): cut short", idx, type_name[t]);
			if (memchr(p + off, '\0', len) || !utf8_valid((const char *)p + off, len))
				return err_set(err, "record %zu (%s): field %d is not UTF-8 text",
					       idx, type_name[t], i + 1);
			memcpy(b->arena + a, p + off, len);
			b->arena[a + len] = '\0';
			r->f[i] = b->arena + a;
			a += len + 1;
			off += len;
			if ((type_numeric[t] & (1u << i)) && !bundle_number_ok(r->f[i]))
				return err_set(err, "record %zu (%s): field %d is '%s', not a number",
					       idx, type_name[t], i + 1, r->f[i]);
		}
		if (check_rec(b, t, r, idx, err) < 0)
			return -1;
		if (t == BUNDLE_APPRAISAL) {
			struct bundle_appraisal *ap = &b->appraisals[b->nappraisals - 1];

			ap->raw = start;
			ap->answer0 = b->nanswers;
			ap->goal0 = b->ngoals;
			ap->signoff0 = b->nsignoffs;
			ap->revision = strtoll(r->f[AP_REVISION], NULL, 10);
		}
	}
	close_appraisal(b, p + n);
	return 0;
}

/* The checks on the file before its payload is trusted or opened. */
static int check_envelope(const unsigned char *d, size_t len, struct bundle *b,
			  uint64_t *plen, struct err *err)
{
	unsigned char sum[32];
	size_t m = len < 8 ? len : 8;

	if (len == 0)
		return err_set(err, "empty file, not an eadr bundle");
	if (memcmp(d, magic, m))
		return err_set(err, "not an eadr bundle (it does not start with EADRBNDL)");
	if (len < 10)
		return err_set(err, "truncated: only %zu bytes", len);
	b->version = (unsigned)get_be(d + 8, 2);
	if (b->version != BUNDLE_VERSION)
		return err_set(err, "bundle format version %u; this eadr reads version %d%s",
			       b->version, BUNDLE_VERSION,
			       b->version > BUNDLE_VERSION ? " (upgrade eadr to import it)" : "");
	if (len < BUNDLE_HEADER + BUNDLE_SIG)
		return err_set(err, "truncated: %zu bytes, shorter than any bundle", len);
	*plen = get_be(d + 152, 8);
	if (*plen > len - BUNDLE_HEADER - BUNDLE_SIG)
		return err_set(err, "truncated: the header says %llu bytes of records, the "
			       "file holds %zu", (unsigned long long)*plen,
			       len - BUNDLE_HEADER - BUNDLE_SIG);
	if (*plen < len - BUNDLE_HEADER - BUNDLE_SIG)
		return err_set(err, "%zu unexpected bytes after the end of the bundle",
			       len - BUNDLE_HEADER - BUNDLE_SIG - (size_t)*plen);
	/* Only for the message: the id is checked once the signature holds. */
	memcpy(b->device_id, d + 12, UUID_LEN);
	for (int i = 0; i < UUID_LEN; i++)
		if (d[12 + i] < 0x20 || d[12 + i] > 0x7e)
			b->device_id[i] = '?';
	b->device_id[UUID_LEN] = '\0';
	memcpy(b->device_pk, d + 48, BUNDLE_PK);
	crypto_generichash(sum, sizeof(sum), d + BUNDLE_HEADER, (size_t)*plen, NULL, 0);
	if (sodium_memcmp(sum, d + 160, 32) != 0)
		return err_set(err, "damaged: the checksum does not match the content "
			       "(a changed or lost byte; copy the bundle again)");
	if (crypto_sign_verify_detached(d + len - BUNDLE_SIG, d, len - BUNDLE_SIG,
					b->device_pk) != 0)
		return err_set(err, "bad signature: the bundle was changed after device %s "
			       "signed it, or was not signed by that device", b->device_id);
	/* Signed: what follows is what the device wrote, but still checked. */
	b->flags = (unsigned)get_be(d + 10, 2);
	if (b->flags & ~BUNDLE_SEALED)
		return err_set(err, "unknown flags 0x%04x in the header", b->flags);
	if (!bundle_uuid_ok((const char *)d + 12, UUID_LEN))
		return err_set(err, "bad header: the device id is not a UUID");
	b->seq = get_be(d + 80, 8);
	b->created = (long long)(get_be(d + 88, 8) & INT64_MAX);
	memcpy(b->sealed_to, d + 120, BUNDLE_PK);
	if (!(b->flags & BUNDLE_SEALED) && !sodium_is_zero(b->sealed_to, BUNDLE_PK))
		return err_set(err, "bad header: a hub key on a bundle that is not sealed");
	return 0;
}

static int check_counts(const unsigned char *d, const struct bundle *b,
			struct err *err)
{
	const size_t got[BUNDLE_NTYPES] = { b->nforms, b->nstaff, b->nappraisals,
		b->nanswers, b->ngoals, b->nsignoffs };

	for (int t = 0; t < BUNDLE_NTYPES; t++) {
		uint64_t want = get_be(d + 96 + 4 * t, 4);

		if (want != got[t])
			return err_set(err, "the header counts %llu %s records, the bundle "
				       "holds %zu", (unsigned long long)want, type_name[t], got[t]);
	}
	return 0;
}

int bundle_read(const char *name, const unsigned char *d, size_t len,
		const unsigned char *box_pk, const unsigned char *box_sk,
		struct bundle *b, struct err *err)
{
	unsigned char sum[32];
	uint64_t plen = 0;
	char fa[25], fb[25];

	memset(b, 0, sizeof(*b));
	if (len > BUNDLE_MAX + BUNDLE_HEADER + BUNDLE_SIG) {
		err_set(err, "larger than any bundle (%zu bytes)", len);
		goto fail;
	}
	if (check_envelope(d, len, b, &plen, err) < 0)
		goto fail;
	if (b->flags & BUNDLE_SEALED) {
		if (!box_pk || !box_sk) {
			err_set(err, "sealed to a hub key; only that hub can import it");
			goto fail;
		}
		if (sodium_memcmp(b->sealed_to, box_pk, BUNDLE_PK) != 0) {
			bundle_fingerprint(b->sealed_to, fa);
			bundle_fingerprint(box_pk, fb);
			err_set(err, "sealed to another hub's key (%s), not this hub's (%s)", fa, fb);
			goto fail;
		}
		if (plen < crypto_box_SEALBYTES) {
			err_set(err, "damaged: too short to be sealed");
			goto fail;
		}
		b->content_len = (size_t)plen - crypto_box_SEALBYTES;
		b->content = xmalloc(b->content_len + 1);
		if (crypto_box_seal_open(b->content, d + BUNDLE_HEADER, (size_t)plen,
					 box_pk, box_sk) != 0) {
			err_set(err, "cannot be opened with this hub's key (damaged)");
			goto fail;
		}
	} else {
		b->content_len = (size_t)plen;
		b->content = xmalloc(b->content_len + 1);
		memcpy(b->content, d + BUNDLE_HEADER, b->content_len);
	}
	if (bundle_parse_records(b->content, b->content_len, b, err) < 0 ||
	    check_staff_refs(b, err) < 0 || check_counts(d, b, err) < 0)
		goto fail;
	crypto_generichash(sum, sizeof(sum), d, len, NULL, 0);
	bundle_hex(sum, sizeof(sum), b->id);
	return 0;
fail:
	err_prefix(err, "%s", name);
	bundle_release(b);
	return -1;
}

const char *bundle_after(const char *line, const char *key)
{
	size_t n = strlen(key);

	return !strncmp(line, key, n) && line[n] == ' ' ? line + n + 1 : NULL;
}
