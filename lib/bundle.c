/*
 * bundle.c - writing sync bundles, and what the formats share (see bundle.h
 * and schema/bundle.md; reading: bundle_read.c, acknowledgements:
 * bundle_ack.c, keys: bundle_keys.c).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "bundle.h"
#include "bundle_int.h"
#include "utf8.h"

const unsigned char bundle_magic[8] = { 'E', 'A', 'D', 'R', 'B', 'N', 'D', 'L' };
const char bundle_type_char[BUNDLE_NTYPES] = { 'F', 'S', 'A', 'N', 'P', 'G', 'Q', 'R',
	'V', 'C', 'W' };
const char *const bundle_type_name[BUNDLE_NTYPES] = {
	"form", "staff", "appraisal", "answer", "PDP goal", "sign-off",
	"feedback request", "feedback response",
	"answer of how it went",
	"preparation code", "prepared answers"
};
const int bundle_type_nf[BUNDLE_NTYPES] = {
	FORM_NF, STAFF_NF, AP_NF, ANS_NF, GOAL_NF, SO_NF, FBQ_NF, FBR_NF,
	VOICE_NF,
	PREPQ_NF, PREPA_NF
};
const unsigned bundle_type_nullable[BUNDLE_NTYPES] = {
	1u << FORM_SOURCE, 1u << STAFF_DUE, (1u << AP_MEETING) | (1u << AP_NEXT_DUE),
	0, (1u << GOAL_TARGET) | (1u << GOAL_FOLLOWS), 0, 0, 0,
	0,
	0, 0
};
const unsigned bundle_type_numeric[BUNDLE_NTYPES] = {
	0, 1u << STAFF_REVISION, 1u << AP_REVISION, 1u << ANS_REVISION,
	(1u << GOAL_POSITION) | (1u << GOAL_REVISION), 1u << SO_REVISION,
	(1u << FBQ_SELF) | (1u << FBQ_MANAGER) | (1u << FBQ_PEER) | (1u << FBQ_REPORT) |
	(1u << FBQ_OTHER), 0,
	0,
	0, 0
};

int bundle_type_phase(int t)
{
	return t <= BUNDLE_STAFF ? 0 : t <= BUNDLE_SIGNOFF ? 1 : t == BUNDLE_FBREQ ? 2
	       : t == BUNDLE_FBRESP ? 3 : t == BUNDLE_VOICE ? 4 : t == BUNDLE_PREPREQ ? 5 : 6;
}

int bundle_order_check(int t, int phase, size_t idx, struct err *err)
{
	const char *name = bundle_type_name[t];
	int want = bundle_type_phase(t);

	if (want == 0 && phase > 0)
		return idx ? err_set(err, "record %zu (%s): after the appraisals", idx, name)
			   : err_set(err, "bundle: forms and staff go before appraisals");
	if (t > BUNDLE_APPRAISAL && want == 1 && phase != 1)
		return idx ? err_set(err, "record %zu (%s): %s", idx, name, phase ?
				     "after the feedback records" : "before any appraisal")
			   : err_set(err, "bundle: a %s outside an appraisal", name);
	if (want < phase) {
		const char *after = phase == 6 ? "prepared answers" : phase == 5 ?
			"preparation codes" : phase == 4 ? "answers of how it went" :
			phase == 3 ? "feedback responses" : "feedback requests";

		return idx ? err_set(err, "record %zu (%s): after the %s", idx, name, after)
			   : err_set(err, "bundle: a %s after the %s", name,
				     phase >= 4 ? after : "feedback records");
	}
	return 0;
}

#define magic bundle_magic
#define type_char bundle_type_char
#define type_name bundle_type_name
#define type_nf bundle_type_nf
#define type_nullable bundle_type_nullable
#define type_numeric bundle_type_numeric

int bundle_crypto_init(struct err *err)
{
	if (sodium_init() < 0)
		return err_set(err, "the cryptography library (libsodium) could not start");
	return 0;
}

void bundle_put_be(unsigned char *p, uint64_t v, int n)
{
	for (int i = n - 1; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)(v & 0xff);
}

uint64_t bundle_get_be(const unsigned char *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = (v << 8) | p[i];
	return v;
}

int bundle_uuid_ok(const char *s, size_t n)
{
	/* 1: a lower-case hex digit, 2: '-' (the reader checks every record's
	 * two, hundreds of thousands of them) */
	static const unsigned char cls[256] = {
		['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
		['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, ['a'] = 1, ['b'] = 1,
		['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['-'] = 2,
	};
	static const unsigned char want[UUID_LEN] = {
		1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 2, 1, 1, 1, 1, 2,
		1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	};
	unsigned bad;

	if (n != UUID_LEN)
		return 0;
	/* Written out: the loop is not unrolled at -O2, and costs twice. */
#define C(i) (cls[(unsigned char)s[i]] ^ want[i])
#define C4(i) (C(i) | C(i + 1) | C(i + 2) | C(i + 3))
	bad = C4(0) | C4(4) | C4(8) | C4(12) | C4(16) | C4(20) | C4(24) | C4(28) | C4(32);
#undef C4
#undef C
	return !bad;
}

int bundle_number_ok(const char *s)
{
	return bundle_number_okn(s, strlen(s));
}

int bundle_number_okn(const char *s, size_t n)
{
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
	if (bundle_order_check(t, w->phase, 0, err) < 0)
		return -1;
	for (int i = 0; i < type_nf[t]; i++) {
		if (!f[i] && !(type_nullable[t] & (1u << i)))
			return err_set(err, "bundle: a %s without field %d", type_name[t], i);
		if (f[i] && (strlen(f[i]) >= BUNDLE_NO_VALUE || !utf8_valid(f[i], strlen(f[i]))))
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

		bundle_put_be(len, f[i] ? n : BUNDLE_NO_VALUE, 4);
		sbuf_add(&w->content, len, 4);
		sbuf_add(&w->content, f[i] ? f[i] : "", n);
	}
	if (bundle_type_phase(t) > w->phase)
		w->phase = bundle_type_phase(t);
	w->count[t]++;
	return 0;
}

size_t bundle_signed_len(unsigned version, size_t len)
{
	return version >= 2 ? BUNDLE_HEADER : len - BUNDLE_SIG;
}

void bundle_id_parts(const unsigned char hdr[BUNDLE_HEADER],
		     const unsigned char sig[BUNDLE_SIG], unsigned char id[32])
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, 32);
	crypto_generichash_update(&st, hdr, BUNDLE_HEADER);
	crypto_generichash_update(&st, sig, BUNDLE_SIG);
	crypto_generichash_final(&st, id, 32);
}

void bundle_id_bytes(const unsigned char *d, size_t len, unsigned char id[32])
{
	if (bundle_get_be(d + 8, 2) >= 2)
		bundle_id_parts(d, d + len - BUNDLE_SIG, id);
	else
		crypto_generichash(id, 32, d, len, NULL, 0);
}

int bundle_bytes_are(const unsigned char *d, size_t len, const char *id)
{
	unsigned char sum[32];
	char hex[BUNDLE_ID_HEX + 1];

	if (len < BUNDLE_HEADER + BUNDLE_SIG)
		return 0;
	bundle_id_bytes(d, len, sum);
	bundle_hex(sum, sizeof(sum), hex);
	if (strcmp(hex, id))
		return 0;
	if (bundle_get_be(d + 8, 2) < 2)
		return 1;	/* format 1: the id is of every byte */
	crypto_generichash(sum, sizeof(sum), d + BUNDLE_HEADER,
			   len - BUNDLE_HEADER - BUNDLE_SIG, NULL, 0);
	return sodium_memcmp(sum, d + BUNDLE_SUM_AT, sizeof(sum)) == 0;
}

void bundle_sign_bytes(unsigned char *d, size_t len, const unsigned char *sk)
{
	unsigned version = (unsigned)bundle_get_be(d + 8, 2);

	crypto_sign_detached(d + len - BUNDLE_SIG, NULL, d, bundle_signed_len(version, len),
			     sk);
}

int bundle_finish(struct bundle_writer *w, const struct bundle_signer *s,
		  const unsigned char *seal_to, unsigned long long seq,
		  long long created, struct sbuf *out,
		  char id[BUNDLE_ID_HEX + 1], struct err *err)
{
	return bundle_finish_version(w, s, seal_to, seq, created, BUNDLE_VERSION, out, id,
				     err);
}

int bundle_finish_version(struct bundle_writer *w, const struct bundle_signer *s,
			  const unsigned char *seal_to, unsigned long long seq,
			  long long created, unsigned version, struct sbuf *out,
			  char id[BUNDLE_ID_HEX + 1], struct err *err)
{
	unsigned char h[BUNDLE_HEADER], sig[BUNDLE_SIG] = { 0 }, sum[32];
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
	bundle_put_be(h + 8, version, 2);
	bundle_put_be(h + 10, seal_to ? BUNDLE_SEALED : 0, 2);
	memcpy(h + 12, s->device_id, UUID_LEN);
	memcpy(h + 48, s->pk, BUNDLE_PK);
	bundle_put_be(h + 80, seq, 8);
	bundle_put_be(h + 88, (uint64_t)created, 8);
	for (int t = 0; t < BUNDLE_NCOUNTED; t++)
		bundle_put_be(h + 96 + 4 * t, w->count[t], 4);
	if (seal_to)
		memcpy(h + 120, seal_to, BUNDLE_PK);
	bundle_put_be(h + 152, plen, 8);
	crypto_generichash(sum, sizeof(sum), payload, plen, NULL, 0);
	memcpy(h + BUNDLE_SUM_AT, sum, 32);
	sbuf_add(out, h, sizeof(h));
	sbuf_add(out, payload, plen);
	sbuf_add(out, sig, sizeof(sig));
	bundle_sign_bytes((unsigned char *)out->buf + start, out->len - start, s->sk);
	bundle_id_bytes((unsigned char *)out->buf + start, out->len - start, sum);
	bundle_hex(sum, sizeof(sum), id);
	free(sealed);
	return 0;
}

const char *bundle_after(const char *line, const char *key)
{
	size_t n = strlen(key);

	return !strncmp(line, key, n) && line[n] == ' ' ? line + n + 1 : NULL;
}
