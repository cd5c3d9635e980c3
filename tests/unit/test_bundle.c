/*
 * test_bundle.c - the bundle and acknowledgement formats: round trips,
 * sealing, and that every truncation, every flipped byte, a bad signature,
 * an unknown version and a file that is no bundle are each refused whole
 * with a message that names the file and says why; the signature checked
 * in pieces agrees with libsodium's; a mapped bundle changed while it is
 * taken is refused.
 */
#include <fcntl.h>
#include <unistd.h>

#include <sodium.h>

#include "testutil.h"
#include "lib/bundle.h"
#include "lib/bundle_int.h"
#include "bundleformats.h"

#define DEV "0b6f3c1e-4a57-4d2c-9e3b-2f1a5c7d8e90"
#define AP1 "11111111-2222-4333-8444-555555555555"
#define U1 "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeee1"
#define U2 "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeee2"
#define U3 "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeee3"
#define U4 "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeee4"
#define T0 "2025-03-01T10:00:00Z"
/* BLAKE2b-256 of fill()'s records as the writer wrote them before 360
 * feedback records existed (format 1 unchanged). */
#define PINNED_PAYLOAD "f155c31e0e04c10b5005dcdb3ba2c8f6001164720196b0ac1b99224cfe131062"

static struct bundle_signer signer;

static int setup(void **state)
{
	assert_int_equal(bundle_crypto_init(NULL), 0);
	signer.device_id = DEV;
	crypto_sign_keypair(signer.pk, signer.sk);
	return 0;
}

/* A small but complete bundle: a form, a staff member (with a name that is
 * not ASCII), one appraisal with two answers, a PDP goal and a sign-off. */
static void fill(struct bundle_writer *w, const char *staff_for_appraisal)
{
	const char *form[] = { "hash1", "eadr", "2", "id: eadr\nversion: 2\n" };
	const char *staff[] = { "100234", U1, "Zoë Ó Súilleabháin", "Paramedic", "6",
		"Northgate", "", NULL, DEV, "1", T0, T0 };
	const char *ap[] = { AP1, staff_for_appraisal, "Ffion", "eadr", "2", "hash1",
		"final", "1", DEV, T0, T0, "2025-02-28", NULL };
	const char *a1[] = { "performance.went_well", "Led the scene calmly", U2, DEV, "1", T0 };
	const char *a2[] = { "summary.agreed", "", U3, DEV, "1", T0 };
	const char *goal[] = { U4, "0", "Clinical supervision", "Practice educator",
		"formal", "Education", "high", NULL, "", "new", NULL, DEV, "1", T0, T0 };
	const char *so[] = { U1, "appraisee", "Zoë", "Thank you 🙂", T0, DEV, "1" };

	bundle_writer_init(w);
	assert_int_equal(bundle_add(w, BUNDLE_FORM, form, NULL), 0);
	assert_int_equal(bundle_add(w, BUNDLE_STAFF, staff, NULL), 0);
	assert_int_equal(bundle_add(w, BUNDLE_APPRAISAL, ap, NULL), 0);
	assert_int_equal(bundle_add(w, BUNDLE_ANSWER, a1, NULL), 0);
	assert_int_equal(bundle_add(w, BUNDLE_ANSWER, a2, NULL), 0);
	assert_int_equal(bundle_add(w, BUNDLE_GOAL, goal, NULL), 0);
	assert_int_equal(bundle_add(w, BUNDLE_SIGNOFF, so, NULL), 0);
}


static void make(struct sbuf *out, const unsigned char *seal_to, char id[65])
{
	struct bundle_writer w;

	fill(&w, "100234");
	assert_int_equal(bundle_finish_version(&w, &signer, seal_to, 7, 1740823200, version,
					       out, id, NULL), 0);
	bundle_writer_release(&w);
}

/* Recompute checksum and signature after editing a bundle by hand, as a
 * forger holding the device key could. */
static void resign(struct sbuf *b)
{
	unsigned char *d = (unsigned char *)b->buf;
	size_t plen = b->len - BUNDLE_HEADER - BUNDLE_SIG;

	crypto_generichash(d + 160, 32, d + BUNDLE_HEADER, plen, NULL, 0);
	bundle_sign_bytes(d, b->len, signer.sk);
}

static void refused(const struct sbuf *b, const char *want)
{
	struct bundle got;
	struct err err = ERR_INIT;

	assert_int_equal(bundle_read("x.bundle", (const unsigned char *)b->buf, b->len,
				     NULL, NULL, &got, &err), -1);
	if (!strstr(err_msg(&err), "x.bundle: ") || !strstr(err_msg(&err), want))
		fail_msg("message '%s' lacks '%s'", err_msg(&err), want);
	err_release(&err);
}

static void test_round_trip(void **state)
{
	struct sbuf out = SBUF_INIT;
	struct bundle b;
	struct err err = ERR_INIT;
	char id[65];

	make(&out, NULL, id);
	if (bundle_read("x.bundle", (const unsigned char *)out.buf, out.len, NULL, NULL,
			&b, &err) < 0)
		fail_msg("%s", err_msg(&err));
	assert_string_equal(b.id, id);
	assert_int_equal(b.version, version);
	assert_int_equal(out.buf[9], version);
	{
		/* the id as schema/bundle.md defines it, computed here: format
		 * 1, of the whole file; format 2, of the header and signature;
		 * and what the signature covers: the whole file, the header */
		crypto_generichash_state hs;
		const unsigned char *d = (const unsigned char *)out.buf;
		const unsigned char *sig = d + out.len - BUNDLE_SIG;
		unsigned char h[32];
		char hex[65];

		crypto_generichash_init(&hs, NULL, 0, 32);
		if (version == 1) {
			crypto_generichash_update(&hs, d, out.len);
		} else {
			crypto_generichash_update(&hs, d, BUNDLE_HEADER);
			crypto_generichash_update(&hs, sig, BUNDLE_SIG);
		}
		crypto_generichash_final(&hs, h, 32);
		bundle_hex(h, 32, hex);
		assert_string_equal(b.id, hex);
		assert_int_equal(crypto_sign_verify_detached(sig, d, version == 1 ?
							     out.len - BUNDLE_SIG :
							     BUNDLE_HEADER, signer.pk), 0);
	}
	assert_string_equal(b.device_id, DEV);
	assert_memory_equal(b.device_pk, signer.pk, 32);
	assert_int_equal(b.seq, 7);
	assert_int_equal(b.created, 1740823200);
	assert_int_equal(b.flags, 0);
	assert_int_equal(b.nforms, 1);
	assert_int_equal(b.nstaff, 1);
	assert_int_equal(b.nappraisals, 1);
	assert_int_equal(b.nanswers, 2);
	assert_int_equal(b.ngoals, 1);
	assert_int_equal(b.nsignoffs, 1);
	assert_string_equal(b.forms[0].f[FORM_SOURCE], "id: eadr\nversion: 2\n");
	assert_string_equal(b.staff[0].f[STAFF_NAME], "Zoë Ó Súilleabháin");
	assert_null(b.staff[0].f[STAFF_DUE]);
	assert_string_equal(b.appraisals[0].rec.f[AP_MEETING], "2025-02-28");
	assert_null(b.appraisals[0].rec.f[AP_NEXT_DUE]);
	assert_int_equal(b.appraisals[0].revision, 1);
	assert_int_equal(b.appraisals[0].nanswers, 2);
	assert_int_equal(b.appraisals[0].answer0, 0);
	assert_string_equal(b.answers[1].f[ANS_VALUE], "");
	assert_null(b.goals[0].f[GOAL_TARGET]);
	assert_string_equal(b.signoffs[0].f[SO_COMMENTS], "Thank you 🙂");
	/* The appraisal's records run to the end of the content. */
	assert_true(b.appraisals[0].raw > b.content);
	assert_int_equal(b.appraisals[0].raw + b.appraisals[0].raw_len,
			 b.content + b.content_len);
	bundle_release(&b);
	sbuf_release(&out);
}

static void test_sealed(void **state)
{
	unsigned char pk[32], sk[32], pk2[32], sk2[32];
	struct sbuf out = SBUF_INIT;
	struct bundle b;
	struct err err = ERR_INIT;
	char id[65];

	crypto_box_keypair(pk, sk);
	crypto_box_keypair(pk2, sk2);
	make(&out, pk, id);
	/* Nothing readable is left in the file. */
	assert_null(memmem(out.buf, out.len, "Led the scene", 13));
	assert_null(memmem(out.buf, out.len, "Zo\xc3\xab", 4));
	assert_int_equal(bundle_read("s.bundle", (unsigned char *)out.buf, out.len, pk, sk,
				     &b, &err), 0);
	assert_int_equal(b.flags, BUNDLE_SEALED);
	assert_string_equal(b.answers[0].f[ANS_VALUE], "Led the scene calmly");
	bundle_release(&b);
	assert_int_equal(bundle_read("s.bundle", (unsigned char *)out.buf, out.len, NULL,
				     NULL, &b, &err), -1);
	assert_non_null(strstr(err_msg(&err), "s.bundle: sealed to a hub key"));
	assert_int_equal(bundle_read("s.bundle", (unsigned char *)out.buf, out.len, pk2,
				     sk2, &b, &err), -1);
	assert_non_null(strstr(err_msg(&err), "sealed to another hub's key"));
	err_release(&err);
	sbuf_release(&out);
}

/* Every prefix of a bundle is refused, and named as cut short. */
static void test_every_truncation(void **state)
{
	struct sbuf out = SBUF_INIT, cut = SBUF_INIT;
	char id[65];

	make(&out, NULL, id);
	for (size_t n = 0; n < out.len; n++) {
		sbuf_reset(&cut);
		sbuf_add(&cut, out.buf, n);
		refused(&cut, n == 0 ? "empty" : "truncated");
	}
	sbuf_release(&cut);
	sbuf_release(&out);
}

/* Every single flipped bit anywhere in the file is refused. */
static void test_every_flipped_byte(void **state)
{
	struct sbuf out = SBUF_INIT;
	struct bundle b;
	char id[65];

	make(&out, NULL, id);
	for (size_t i = 0; i < out.len; i++) {
		for (int bit = 0; bit < 8; bit += 3) {
			out.buf[i] ^= (char)(1 << bit);
			if (bundle_read("f.bundle", (unsigned char *)out.buf, out.len, NULL, NULL,
					&b, NULL) == 0)
				fail_msg("a flip of bit %d of byte %zu was accepted", bit, i);
			out.buf[i] ^= (char)(1 << bit);
		}
	}
	/* and which message each region gets */
	out.buf[BUNDLE_HEADER + 5] ^= 1;
	refused(&out, "checksum does not match");
	out.buf[BUNDLE_HEADER + 5] ^= 1;
	out.buf[out.len - 3] ^= 1;
	refused(&out, "bad signature");
	out.buf[out.len - 3] ^= 1;
	out.buf[20] ^= 1;	/* inside the device id: the signature breaks */
	refused(&out, "bad signature");
	sbuf_release(&out);
}

static void test_bad_signature(void **state)
{
	struct sbuf out = SBUF_INIT;
	unsigned char pk[32], sk[64];
	char id[65];

	make(&out, NULL, id);
	/* Changed content with a fixed-up checksum: only the signature tells. */
	out.buf[out.len - BUNDLE_SIG - 1] ^= 0x20;
	crypto_generichash((unsigned char *)out.buf + 160, 32,
			   (unsigned char *)out.buf + BUNDLE_HEADER,
			   out.len - BUNDLE_HEADER - BUNDLE_SIG, NULL, 0);
	refused(&out, "bad signature");
	/* Signed by another key than the one it carries. */
	sbuf_reset(&out);
	make(&out, NULL, id);
	crypto_sign_keypair(pk, sk);
	crypto_sign_detached((unsigned char *)out.buf + out.len - BUNDLE_SIG, NULL,
			     (unsigned char *)out.buf, out.len - BUNDLE_SIG, sk);
	refused(&out, "was not signed by that device");
	sbuf_release(&out);
}

static void test_version_and_magic(void **state)
{
	struct sbuf out = SBUF_INIT, other = SBUF_INIT;
	char id[65];

	make(&out, NULL, id);
	out.buf[9] = 3;
	resign(&out);
	refused(&out, "format version 3; this eadr reads versions 1 to 2 (upgrade eadr");
	out.buf[9] = 0;
	refused(&out, "format version 0");
	/* a format 2 bundle said to be format 1 (its signature then over the
	 * whole file): refused, not read as format 1 */
	out.buf[9] = 2;
	resign(&out);
	out.buf[9] = 1;
	refused(&out, "bad signature");
	/* and a format 1 bundle said to be format 2 (its signature then over
	 * the header alone) */
	version = 1;
	sbuf_reset(&out);
	make(&out, NULL, id);
	version = BUNDLE_VERSION;
	out.buf[9] = 2;
	refused(&out, "bad signature");
	sbuf_adds(&other, "staff_number,name\n100234,Zoë\n");
	refused(&other, "not an eadr bundle");
	sbuf_reset(&other);
	sbuf_adds(&other, "EADR-ACK 1\n");
	refused(&other, "not an eadr bundle");
	/* Bytes after the signature. */
	out.buf[9] = 2;
	resign(&out);
	sbuf_addch(&out, 'x');
	refused(&out, "1 unexpected bytes after the end");
	sbuf_release(&out);
	sbuf_release(&other);
}

/* A correctly signed bundle whose records are wrong is still refused. */
static void test_bad_records(void **state)
{
	struct sbuf out = SBUF_INIT;
	struct bundle_writer w;
	unsigned char *d;
	char id[65];

	/* An appraisal whose staff member did not travel with it. */
	fill(&w, "999999");
	assert_int_equal(bundle_finish(&w, &signer, NULL, 1, 1, &out, id, NULL), 0);
	bundle_writer_release(&w);
	refused(&out, "staff member 999999 is not in the bundle");

	/* Header counts that disagree with the records. */
	sbuf_reset(&out);
	make(&out, NULL, id);
	d = (unsigned char *)out.buf;
	d[96 + 4 * BUNDLE_ANSWER + 3] = 3;
	resign(&out);
	refused(&out, "header counts 3 answer records, the bundle holds 2");

	/* An unknown record type. */
	sbuf_reset(&out);
	make(&out, NULL, id);
	out.buf[BUNDLE_HEADER] = 'Z';
	resign(&out);
	refused(&out, "record 1: unknown record type 0x5a");

	/* A wrong field count. */
	sbuf_reset(&out);
	make(&out, NULL, id);
	out.buf[BUNDLE_HEADER + 1] = 3;
	resign(&out);
	refused(&out, "record 1 (form): 3 fields, expected 4");
	sbuf_release(&out);
}

static void test_parse_records(void **state)
{
	struct bundle b;
	struct err err = ERR_INIT;
	/* An answer with no appraisal before it. */
	static const unsigned char orphan[] = { 'N', 6 };
	/* A form whose first field (4 bytes) holds a NUL byte. */
	static const unsigned char nul[] = { 'F', 4, 0, 0, 0, 2, 'a', 0 };
	/* A form whose hash has no value (only the source may). */
	static const unsigned char novalue[] = { 'F', 4, 0xff, 0xff, 0xff, 0xff };
	/* Invalid UTF-8. */
	static const unsigned char badutf[] = { 'F', 4, 0, 0, 0, 2, 0xc3, 0x28 };
	/* A length running past the end. */
	static const unsigned char past[] = { 'F', 4, 0, 0, 1, 0, 'a' };

	memset(&b, 0, sizeof(b));
	assert_int_equal(bundle_parse_records(orphan, sizeof(orphan), &b, &err), -1);
	assert_non_null(strstr(err_msg(&err), "before any appraisal"));
	bundle_release(&b);
	assert_int_equal(bundle_parse_records(nul, sizeof(nul), &b, &err), -1);
	assert_non_null(strstr(err_msg(&err), "not UTF-8 text"));
	bundle_release(&b);
	assert_int_equal(bundle_parse_records(novalue, sizeof(novalue), &b, &err), -1);
	assert_non_null(strstr(err_msg(&err), "field 1 has no value"));
	bundle_release(&b);
	assert_int_equal(bundle_parse_records(badutf, sizeof(badutf), &b, &err), -1);
	assert_non_null(strstr(err_msg(&err), "not UTF-8"));
	bundle_release(&b);
	assert_int_equal(bundle_parse_records(past, sizeof(past), &b, &err), -1);
	assert_non_null(strstr(err_msg(&err), "cut short"));
	bundle_release(&b);
	err_release(&err);
}

static void test_writer_refuses(void **state)
{
	struct bundle_writer w;
	struct err err = ERR_INIT;
	const char *ans[] = { "p", "v", U2, DEV, "1", T0 };
	const char *form[] = { NULL, "eadr", "1", NULL };
	const char *staff[] = { "1", U1, "A", "", "", "", "", NULL, DEV, "one", T0, T0 };

	bundle_writer_init(&w);
	assert_int_equal(bundle_add(&w, BUNDLE_ANSWER, ans, &err), -1);
	assert_non_null(strstr(err_msg(&err), "outside an appraisal"));
	assert_int_equal(bundle_add(&w, BUNDLE_FORM, form, &err), -1);
	assert_int_equal(bundle_add(&w, BUNDLE_STAFF, staff, &err), -1);
	assert_non_null(strstr(err_msg(&err), "'one' for a number"));
	assert_int_equal(bundle_count(&w, BUNDLE_FORM), 0);
	bundle_writer_release(&w);
	err_release(&err);
}

/* 360-degree feedback requests (Q) and sealed responses (R) travel after
 * every appraisal, outside the header's counts, so that a bundle without
 * them is byte for byte what it was before they existed. */
#define FBQ "cccccccc-bbbb-4ccc-8ddd-eeeeeeeeeee5"
#define FBR "dddddddd-bbbb-4ccc-8ddd-eeeeeeeeeee6"
static const char *const fbq[] = { FBQ, "100234", "2025-04-01", "0", "0", "1", "0", "0",
	"peer:00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff" };
static const char *const fbr[] = { FBR, "0a0b0c" };

static void test_feedback_records(void **state)
{
	struct sbuf plain = SBUF_INIT, fb = SBUF_INIT, only = SBUF_INIT;
	struct bundle_writer w;
	struct bundle b, u;
	struct err err = ERR_INIT;
	unsigned char h[32];
	char id[65], hex[65];
	const char *types = "";
	int units = 0;

	(void)state;
	/* Without feedback: the records as they always travelled (BLAKE2b of
	 * the payload, pinned from the writer before Q and R existed). */
	make(&plain, NULL, id);
	crypto_generichash(h, 32, (const unsigned char *)plain.buf + BUNDLE_HEADER,
			   plain.len - BUNDLE_HEADER - BUNDLE_SIG, NULL, 0);
	bundle_hex(h, 32, hex);
	assert_string_equal(hex, PINNED_PAYLOAD);

	/* With: the same header counts and appraisal bytes, Q and R after. */
	fill(&w, "100234");
	assert_int_equal(bundle_add(&w, BUNDLE_FBREQ, fbq, &err), 0);
	assert_int_equal(bundle_add(&w, BUNDLE_FBRESP, fbr, &err), 0);
	/* Nothing of an appraisal after them, nor a request after a response. */
	assert_int_equal(bundle_add(&w, BUNDLE_FBREQ, fbq, &err), -1);
	assert_non_null(strstr(err_msg(&err), "after the feedback records"));
	assert_int_equal(bundle_add(&w, BUNDLE_SIGNOFF, fbq, &err), -1);
	assert_int_equal(bundle_finish(&w, &signer, NULL, 7, 1740823200, &fb, id, NULL), 0);
	bundle_writer_release(&w);
	assert_memory_equal(fb.buf + 96, plain.buf + 96, 24);
	assert_memory_equal(fb.buf + BUNDLE_HEADER, plain.buf + BUNDLE_HEADER,
			    plain.len - BUNDLE_HEADER - BUNDLE_SIG);
	if (bundle_read("x.bundle", (const unsigned char *)fb.buf, fb.len, NULL, NULL, &b,
			&err) < 0)
		fail_msg("%s", err_msg(&err));
	assert_int_equal(b.nappraisals, 1);
	assert_int_equal(b.nsignoffs, 1);
	assert_int_equal(b.nfbreqs, 1);
	assert_int_equal(b.nfbresps, 1);
	assert_string_equal(b.fbreqs[0].f[FBQ_CODES], fbq[FBQ_CODES]);
	assert_string_equal(b.fbresps[0].f[FBR_SEALED], "0a0b0c");
	/* The appraisal's records (its content hash) stop before them. */
	assert_int_equal(b.appraisals[0].raw + b.appraisals[0].raw_len,
			 b.content + (plain.len - BUNDLE_HEADER - BUNDLE_SIG));
	bundle_release(&b);
	/* One unit each, in order. */
	assert_int_equal(bundle_open("x.bundle", (const unsigned char *)fb.buf, fb.len,
				     NULL, NULL, &b, &err), 0);
	assert_int_equal(b.nfbreqs + b.nfbresps, 2);
	memset(&u, 0, sizeof(u));
	while (bundle_next(&b, &u, &err) == 1) {
		types = u.nforms ? "F" : u.nstaff ? "S" : u.nappraisals ? "A" :
			u.nfbreqs ? "Q" : u.nfbresps ? "R" : "?";
		assert_int_equal(types[0], "FSAQR"[units]);
		if (u.nappraisals)
			assert_int_equal(u.nanswers + u.ngoals + u.nsignoffs, 4);
		units++;
	}
	assert_int_equal(units, 5);
	bundle_release(&u);
	bundle_release(&b);

	/* Feedback alone, and refusals of malformed feedback records. */
	bundle_writer_init(&w);
	assert_int_equal(bundle_add(&w, BUNDLE_FBRESP, fbr, &err), 0);
	assert_int_equal(bundle_finish(&w, &signer, NULL, 8, 1740823200, &only, id, NULL), 0);
	bundle_writer_release(&w);
	assert_int_equal(bundle_read("x.bundle", (const unsigned char *)only.buf, only.len,
				     NULL, NULL, &b, &err), 0);
	assert_int_equal(b.nfbresps, 1);
	assert_int_equal(b.nappraisals, 0);
	bundle_release(&b);
	only.buf[BUNDLE_HEADER + 2 + 4 + 36 + 4] = 'x';	/* the sealed hex */
	resign(&only);
	refused(&only, "the sealed response is not hex");
	sbuf_reset(&only);
	bundle_writer_init(&w);
	const char *late[] = { FBQ, "100234", "1 April", "0", "0", "1", "0", "0", "peer:00" };
	assert_int_equal(bundle_add(&w, BUNDLE_FBREQ, late, &err), 0);
	assert_int_equal(bundle_finish(&w, &signer, NULL, 9, 1740823200, &only, id, NULL), 0);
	bundle_writer_release(&w);
	refused(&only, "no close date");
	/* An answer after a feedback record belongs to no appraisal. */
	sbuf_reset(&only);
	bundle_writer_init(&w);
	assert_int_equal(bundle_add(&w, BUNDLE_FBRESP, fbr, &err), 0);
	sbuf_add(&w.content, "N\x06", 2);
	memset(&b, 0, sizeof(b));
	assert_int_equal(bundle_parse_records((const unsigned char *)w.content.buf,
					      w.content.len, &b, &err), -1);
	bundle_writer_release(&w);
	assert_non_null(strstr(err_msg(&err), "record 2 (answer): after the feedback"));
	bundle_release(&b);
	sbuf_release(&plain);
	sbuf_release(&fb);
	sbuf_release(&only);
	err_release(&err);
}

/* Preparations (schema/voice.md, "On another laptop"): V and W records
 * after the feedback records, one unit each; malformed ones refused. */
#define PH "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
static void test_prepare_records(void **state)
{
	const char *v[] = { PH, AP1, "eadr", "1", "open" };
	const char *wr[] = { PH, "eadr", "1", "2026-12-01T10:00:00Z",
			     "00112233445566778899aabbccddeeff", "0a0b0c" };
	const char *bad[] = { PH, "eadr", "1", "2026-12-01T10:00:00Z", "0011", "0a0b0c" };
	const char *closed[] = { PH, AP1, "eadr", "1", "closed" };
	struct bundle_writer w;
	struct bundle b, u;
	struct sbuf out = SBUF_INIT;
	struct err err = ERR_INIT;
	char id[65], seen[8] = "";
	size_t k = 0;

	(void)state;
	bundle_writer_init(&w);
	assert_int_equal(bundle_add(&w, BUNDLE_FBRESP, fbr, &err), 0);
	assert_int_equal(bundle_add(&w, BUNDLE_PREPREQ, v, &err), 0);
	assert_int_equal(bundle_add(&w, BUNDLE_PREPANS, wr, &err), 0);
	/* Nothing of 360 after them, nor a code after answers. */
	assert_int_equal(bundle_add(&w, BUNDLE_PREPREQ, v, &err), -1);
	assert_non_null(strstr(err_msg(&err), "a preparation code after the prepared answers"));
	assert_int_equal(bundle_add(&w, BUNDLE_FBRESP, fbr, &err), -1);
	err_release(&err);
	assert_int_equal(bundle_finish(&w, &signer, NULL, 3, 1740823200, &out, id, NULL), 0);
	bundle_writer_release(&w);
	if (bundle_open("x.bundle", (const unsigned char *)out.buf, out.len, NULL, NULL, &b,
			&err) < 0)
		fail_msg("%s", err_msg(&err));
	assert_int_equal(b.nprepreqs, 1);
	assert_int_equal(b.nprepans, 1);
	memset(&u, 0, sizeof(u));
	while (bundle_next(&b, &u, &err) == 1 && k < sizeof seen - 1)
		seen[k++] = u.nfbresps ? 'R' : u.nprepreqs ? 'C' : u.nprepans ? 'W' : '?';
	assert_string_equal(seen, "RCW");
	bundle_release(&u);
	bundle_release(&b);
	assert_int_equal(bundle_read("x.bundle", (const unsigned char *)out.buf, out.len,
				     NULL, NULL, &b, &err), 0);
	assert_string_equal(b.prepreqs[0].f[PREPQ_STATE], "open");
	assert_string_equal(b.prepans[0].f[PREPA_BOX], "0a0b0c");
	bundle_release(&b);
	sbuf_reset(&out);
	bundle_writer_init(&w);
	assert_int_equal(bundle_add(&w, BUNDLE_PREPANS, bad, &err), 0);
	assert_int_equal(bundle_finish(&w, &signer, NULL, 4, 1740823200, &out, id, NULL), 0);
	bundle_writer_release(&w);
	refused(&out, "the code hash, salt or answers are not hex");
	sbuf_reset(&out);
	bundle_writer_init(&w);
	assert_int_equal(bundle_add(&w, BUNDLE_PREPREQ, closed, &err), 0);
	assert_int_equal(bundle_finish(&w, &signer, NULL, 5, 1740823200, &out, id, NULL), 0);
	bundle_writer_release(&w);
	refused(&out, "a state other than open or expired");
	sbuf_release(&out);
	err_release(&err);
}

static void test_ack(void **state)
{
	unsigned char pk[32], sk[64], pk2[32], sk2[64];
	struct bundle_ack a, got;
	struct sbuf text = SBUF_INIT;
	struct err err = ERR_INIT;
	char ref[BUNDLE_REF_HEX + 1], ref2[BUNDLE_REF_HEX + 1];

	crypto_sign_keypair(pk, sk);
	crypto_sign_keypair(pk2, sk2);
	memset(&a, 0, sizeof(a));
	memset(a.bundle_id, 'a', 64);
	strcpy(a.device_id, DEV);
	a.seq = 3;
	strcpy(a.imported, T0);
	bundle_ack_add(&a, AP1, 2, "current");
	bundle_ack_add(&a, U1, 1, "conflict");
	bundle_ack_write(&a, pk, sk, &text);
	assert_int_equal(bundle_ack_read("x.ack", text.buf, text.len, pk, &got, &err), 0);
	assert_string_equal(got.bundle_id, a.bundle_id);
	assert_string_equal(got.device_id, DEV);
	assert_int_equal(got.seq, 3);
	assert_int_equal(got.n, 2);
	bundle_ack_ref(a.bundle_id, AP1, ref);
	assert_string_equal(got.items[0].ref, ref);
	assert_int_equal(got.items[0].revision, 2);
	/* Finding 6: no appraisal UUID in clear, and the reference differs
	 * from one bundle to the next. */
	assert_null(strstr(text.buf, AP1));
	assert_null(strstr(text.buf, U1));
	bundle_ack_ref("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", AP1, ref2);
	assert_string_not_equal(ref, ref2);
	assert_string_equal(got.items[1].status, "conflict");
	bundle_ack_release(&got);
	/* Untrusted signer. */
	assert_int_equal(bundle_ack_read("x.ack", text.buf, text.len, pk2, &got, &err), -1);
	assert_non_null(strstr(err_msg(&err), "x.ack: signed by a hub key this laptop does not trust"));
	/* A changed revision. */
	text.buf[strstr(text.buf, " 2 current") - text.buf + 1] = '9';
	assert_int_equal(bundle_ack_read("x.ack", text.buf, text.len, NULL, &got, &err), -1);
	assert_non_null(strstr(err_msg(&err), "bad signature"));
	/* Truncated anywhere. */
	for (size_t n = 0; n + 1 < text.len; n++)
		assert_int_equal(bundle_ack_read("x.ack", text.buf, n, NULL, &got, NULL), -1);
	/* Not an acknowledgement. */
	assert_int_equal(bundle_ack_read("y.ack", "hello\n", 6, NULL, &got, &err), -1);
	assert_string_equal(err_msg(&err), "y.ack:1: not an eadr acknowledgement");
	/* An acknowledgement of the old format, UUIDs in clear. */
	assert_int_equal(bundle_ack_read("o.ack", "EADR-ACK 1\n", 11, NULL, &got, &err), -1);
	assert_non_null(strstr(err_msg(&err), "o.ack:1: an acknowledgement from an older eadr hub"));
	bundle_ack_release(&a);
	sbuf_release(&text);
	err_release(&err);
}

/* A key file as a hub writes it, with the box line replaced by box. */
static void keyfile(const unsigned char *s, const unsigned char *b,
		    const unsigned char *sk, struct sbuf *out)
{
	sbuf_reset(out);
	bundle_hubkey_write(s, b, sk, out);
}

static void test_hubkey_file(void **state)
{
	unsigned char s[32], ssk[64], b[32], bsk[32], s2[32], b2[32], evil[32], esk[32];
	struct sbuf text = SBUF_INIT, forged = SBUF_INIT;
	struct err err = ERR_INIT;
	char fp[25], fp2[25], hex[65], *line;

	crypto_sign_keypair(s, ssk);
	crypto_box_keypair(b, bsk);
	keyfile(s, b, ssk, &text);
	bundle_hub_fingerprint(s, b, fp);
	assert_int_equal(strlen(fp), 24);
	assert_non_null(strstr(text.buf, fp));
	assert_int_equal(bundle_hubkey_read("k", text.buf, text.len, s2, b2, &err), 0);
	assert_memory_equal(s, s2, 32);
	assert_memory_equal(b, b2, 32);

	/* Finding 2: the fingerprint covers both keys, so a swapped box key
	 * changes it; and the file is signed, so the swap is refused anyway. */
	crypto_box_keypair(evil, esk);
	bundle_hub_fingerprint(s, evil, fp2);
	assert_string_not_equal(fp, fp2);
	sbuf_reset(&forged);
	sbuf_add(&forged, text.buf, text.len);
	line = strstr(forged.buf, "\nbox ") + 5;
	bundle_hex(evil, 32, hex);
	memcpy(line, hex, 64);
	assert_int_equal(bundle_hubkey_read("k", forged.buf, forged.len, s2, b2, &err), -1);
	assert_string_equal(err_msg(&err), "k: bad signature: the key file was changed "
			    "after the hub signed it (a key replaced?); get it again from the hub");

	/* Finding 4: a low-order box key, even signed by the hub's own key. */
	memset(evil, 0, sizeof(evil));
	keyfile(s, evil, ssk, &forged);
	assert_int_equal(bundle_hubkey_read("k", forged.buf, forged.len, s2, b2, &err), -1);
	assert_non_null(strstr(err_msg(&err), "k: the box key is a low-order key"));
	evil[0] = 1;	/* the point of order 1 ... */
	keyfile(s, evil, ssk, &forged);
	assert_int_equal(bundle_hubkey_read("k", forged.buf, forged.len, s2, b2, &err), -1);
	assert_non_null(strstr(err_msg(&err), "low-order"));
	/* ... and a weak (small-order) sign key. */
	memset(evil, 0, sizeof(evil));
	evil[0] = 1;
	assert_int_equal(bundle_key_check(evil, NULL, &err), -1);
	assert_non_null(strstr(err_msg(&err), "the sign key is a weak key"));
	assert_int_equal(bundle_key_check(s, b, &err), 0);

	/* Damage, the old unsigned format, nothing, text after the end. */
	sbuf_reset(&forged);
	sbuf_add(&forged, text.buf, text.len);
	*(strstr(forged.buf, "\nbox ") + 7) = 'g';
	assert_int_equal(bundle_hubkey_read("k", forged.buf, forged.len, s2, b2, &err), -1);
	assert_string_equal(err_msg(&err), "k:7: the box key is not 64 hex digits");
	assert_int_equal(bundle_hubkey_read("k", "EADR-HUB-KEY 1\n", 15, s2, b2, &err), -1);
	assert_non_null(strstr(err_msg(&err), "k:1: a hub key file of format 1"));
	assert_int_equal(bundle_hubkey_read("k", "EADR-HUB-KEY 2\n", 15, s2, b2, &err), -1);
	assert_non_null(strstr(err_msg(&err), "incomplete"));
	assert_int_equal(bundle_hubkey_read("k", "", 0, s2, b2, &err), -1);
	sbuf_adds(&text, "sign 00\n");
	assert_int_equal(bundle_hubkey_read("k", text.buf, text.len, s2, b2, &err), -1);
	assert_non_null(strstr(err_msg(&err), "text after the signature"));
	/* Fingerprints as people type them. */
	assert_int_equal(bundle_fingerprint_parse("AB12CD34 ef56 7890 abcd", fp2), 0);
	assert_string_equal(fp2, "ab12 cd34 ef56 7890 abcd");
	assert_int_equal(bundle_fingerprint_parse("ab12 cd34", fp2), -1);
	assert_int_equal(bundle_fingerprint_parse("ab12 cd34 ef56 7890 abcdx", fp2), -1);
	sbuf_release(&text);
	sbuf_release(&forged);
	err_release(&err);
}

/* bundle_sig over m in pieces of at most step bytes. */
static int sig_pieces(const unsigned char *sig, const unsigned char *pk,
		      const unsigned char *m, size_t n, size_t step)
{
	struct bundle_sig v;

	bundle_sig_init(&v, sig, pk);
	for (size_t off = 0; off < n; off += step)
		bundle_sig_update(&v, m + off, n - off < step ? n - off : step);
	return bundle_sig_final(&v);
}

/* The signature checked as the bytes stream past says what libsodium's
 * crypto_sign_verify_detached says: good ones, any flipped bit, another
 * key, S + L (the same signature, malleated), keys and R of small order. */
static void test_streamed_signature(void **state)
{
	unsigned char pk[32], sk[64], sig[64], m[3000], bad[64];
	/* L, the order of the group, little-endian */
	static const unsigned char L[32] = { 0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58,
		0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0x10 };
	static const unsigned char ident[32] = { 1 };

	(void)state;
	for (int k = 0; k < 60; k++) {
		size_t n = randombytes_uniform(sizeof(m) + 1), step = 1 + randombytes_uniform(700);
		unsigned c;

		crypto_sign_keypair(pk, sk);
		randombytes_buf(m, n);
		crypto_sign_detached(sig, NULL, m, n, sk);
		assert_int_equal(crypto_sign_verify_detached(sig, m, n, pk), 0);
		assert_int_equal(sig_pieces(sig, pk, m, n, step), 0);
		/* a bit of the signature, then of the message */
		memcpy(bad, sig, 64);
		bad[randombytes_uniform(64)] ^= (unsigned char)(1u << randombytes_uniform(8));
		assert_int_equal(sig_pieces(bad, pk, m, n, step),
				 crypto_sign_verify_detached(bad, m, n, pk));
		assert_int_equal(sig_pieces(bad, pk, m, n, step), -1);
		if (n) {
			size_t i = randombytes_uniform((uint32_t)n);

			m[i] ^= 4;
			assert_int_equal(sig_pieces(sig, pk, m, n, step), -1);
			m[i] ^= 4;
		}
		/* S + L: the same point equation, refused as non-canonical */
		memcpy(bad, sig, 64);
		c = 0;
		for (int i = 0; i < 32; i++) {
			c += bad[32 + i] + L[i];
			bad[32 + i] = (unsigned char)c;
			c >>= 8;
		}
		assert_int_equal(crypto_sign_verify_detached(bad, m, n, pk), -1);
		assert_int_equal(sig_pieces(bad, pk, m, n, step), -1);
	}
	/* another key; a key and an R of small order (the identity) */
	crypto_sign_keypair(pk, sk);
	crypto_sign_detached(sig, NULL, m, 100, sk);
	crypto_sign_keypair(pk, sk);	/* the signature is the old key's */
	assert_int_equal(sig_pieces(sig, pk, m, 100, 7), -1);
	assert_int_equal(sig_pieces(sig, ident, m, 100, 7), -1);
	memcpy(bad, ident, 32);
	memset(bad + 32, 0, 32);
	assert_int_equal(crypto_sign_verify_detached(bad, m, 100, ident), -1);
	assert_int_equal(sig_pieces(bad, ident, m, 100, 7), -1);
}

/* A mapped bundle that changes after it was checked: what bundle_next
 * takes is not what the signature covered, and bundle_unchanged says so. */
static void test_mapped_changed(void **state)
{
	struct sbuf out = SBUF_INIT;
	struct bundle_file f;
	struct bundle b, u;
	struct err err = ERR_INIT;
	char id[65], *dir = tu_tmpdir(), *path = tu_path(dir, "x.bundle");
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600), n = 0;

	(void)state;
	assert_true(fd >= 0);
	make(&out, NULL, id);
	assert_int_equal(write(fd, out.buf, out.len), (ssize_t)out.len);
	for (int change = 0; change < 2; change++) {
		assert_int_equal(bundle_file_open(path, &f, &err), 0);
		assert_int_equal(bundle_open_file(path, &f, NULL, NULL, &b, &err), 0);
		assert_string_equal(b.id, id);
		if (change) {	/* a letter of an answer, once it was checked */
			char *at = memmem(out.buf, out.len, "calmly", 6);

			assert_non_null(at);
			assert_int_equal(pwrite(fd, "C", 1, at - out.buf), 1);
		}
		memset(&u, 0, sizeof(u));
		while (bundle_next(&b, &u, &err) == 1)
			n++;
		if (change) {
			assert_int_equal(bundle_unchanged(&b, &err), -1);
			assert_non_null(strstr(err_msg(&err), "changed while it was being imported"));
		} else {
			assert_int_equal(bundle_unchanged(&b, &err), 0);
		}
		bundle_release(&b);
		bundle_file_release(&f);
	}
	assert_int_equal(n, 2 * 3);	/* a form, a staff member, an appraisal */
	close(fd);
	free(path);
	tu_rmdir(dir);
	err_release(&err);
	sbuf_release(&out);
}

/* A form record whose first field is text[0..n), the others valid. */
static size_t form_with(unsigned char *rec, const unsigned char *text, size_t n)
{
	size_t o = 0;

	rec[o++] = 'F';
	rec[o++] = 4;
	bundle_put_be(rec + o, n, 4);
	memcpy(rec + o + 4, text, n);
	o += 4 + n;
	bundle_put_be(rec + o, 1, 4);
	rec[o + 4] = 'x';
	o += 5;
	bundle_put_be(rec + o, 1, 4);
	rec[o + 4] = '1';
	o += 5;
	bundle_put_be(rec + o, BUNDLE_NO_VALUE, 4);
	return o + 4;
}

/* The reader takes plain ASCII eight bytes at a time: a NUL, a stray
 * continuation byte, a byte never in UTF-8 or a cut sequence is refused at
 * every place in a field of every length (in a word, in the last
 * overlapping word, in the bytes of a short field), and real multi-byte
 * text is kept. */
static void test_text_every_place(void **state)
{
	static const unsigned char bad[][2] = {
		{ 0x00, 0 }, { 0x80, 0 }, { 0xff, 0 }, { 0xc3, 0 }, { 0xc3, 0x28 },
	};
	unsigned char text[48], rec[128];
	struct err err = ERR_INIT;
	struct bundle b;

	(void)state;
	for (size_t n = 1; n <= 40; n++) {
		for (size_t at = 0; at < n; at++) {
			for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
				size_t len = bad[k][1] && at + 1 < n ? 2 : 1;

				memset(text, 'a', n);
				memcpy(text + at, bad[k], len);
				memset(&b, 0, sizeof(b));
				assert_int_equal(bundle_parse_records(rec, form_with(rec, text, n),
								      &b, &err), -1);
				assert_non_null(strstr(err_msg(&err), "field 1 is not UTF-8 text"));
				bundle_release(&b);
			}
			if (at + 1 < n) {	/* é at at: kept, byte for byte */
				memset(text, 'a', n);
				text[at] = 0xc3;
				text[at + 1] = 0xa9;
				memset(&b, 0, sizeof(b));
				assert_int_equal(bundle_parse_records(rec, form_with(rec, text, n),
								      &b, &err), 0);
				assert_int_equal(b.nforms, 1);
				assert_memory_equal(b.forms[0].f[0], text, n);
				bundle_release(&b);
			}
		}
	}
	err_release(&err);
}

/* A UUID as records carry it: 36 bytes, lower-case hex digits with '-' at
 * 8, 13, 18 and 23; any other byte at any place, or another length, is
 * not one. */
static void test_uuid_every_place(void **state)
{
	static const char ok[] = "0123abcd-4567-89ef-a0b1-c2d3e4f5a6b7";
	static const char wrong[] = { 'A', 'g', 'G', '-', '0', 'f', '\0', ' ', (char)0xc3 };
	char u[sizeof(ok)];

	(void)state;
	assert_true(bundle_uuid_ok(ok, 36));
	assert_false(bundle_uuid_ok(ok, 35));
	assert_false(bundle_uuid_ok("0123abcd-4567-89ef-a0b1-c2d3e4f5a6b7a", 37));
	for (size_t at = 0; at < 36; at++) {
		int dash = at == 8 || at == 13 || at == 18 || at == 23;

		for (size_t k = 0; k < sizeof(wrong); k++) {
			int fits = dash ? wrong[k] == '-' : (wrong[k] == '0' || wrong[k] == 'f');

			memcpy(u, ok, sizeof(ok));
			u[at] = wrong[k];
			assert_int_equal(bundle_uuid_ok(u, 36), fits);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(test_round_trip),
		BOTH(test_sealed),
		BOTH(test_every_truncation),
		BOTH(test_every_flipped_byte),
		BOTH(test_bad_signature),
		cmocka_unit_test(test_version_and_magic),
		cmocka_unit_test(test_bad_records),
		cmocka_unit_test(test_parse_records),
		cmocka_unit_test(test_writer_refuses),
		cmocka_unit_test(test_feedback_records),
		cmocka_unit_test(test_prepare_records),
		cmocka_unit_test(test_ack),
		cmocka_unit_test(test_hubkey_file),
		cmocka_unit_test(test_streamed_signature),
		BOTH(test_mapped_changed),
		cmocka_unit_test(test_text_every_place),
		cmocka_unit_test(test_uuid_every_place),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
