/*
 * test_bundle_changed.c - a bundle file changed while it is read
 * (bundle_open_file, bundle_next): truncated (a stick pulled) or with a
 * length field rewritten, between the passes or while the units are
 * taken, sealed or not.  Each is refused with "changed while it was being
 * imported; nothing from it was kept", never a crash (SIGBUS, a read out
 * of bounds under ASan); the same file left alone reads whole.  And a
 * bundle whose signature holds over a wrong checksum is refused as damaged.
 */
#include <fcntl.h>
#include <unistd.h>

#include <sodium.h>

#include "testutil.h"
#include "lib/bundle.h"
#include "lib/bundle_int.h"
#include "bundleformats.h"

#define DEV "0b6f3c1e-4a57-4d2c-9e3b-2f1a5c7d8e90"
#define T0 "2025-03-01T10:00:00Z"
#define NAPPR 150		/* with 3 answers of 600 bytes: 300 kB, windows of 64 */
#define CHANGED "changed while it was being imported; nothing from it was kept"
#define DAMAGED "damaged: the checksum does not match"

static struct bundle_signer signer;
static unsigned big_at = NAPPR / 3;	/* whose answer is 100 kB */
static unsigned char box_pk[32], box_sk[32];

static int setup(void **state)
{
	(void)state;
	assert_int_equal(bundle_crypto_init(NULL), 0);
	signer.device_id = DEV;
	crypto_sign_keypair(signer.pk, signer.sk);
	crypto_box_keypair(box_pk, box_sk);
	return 0;
}

static void uuid(char out[UUID_LEN + 1], unsigned kind, unsigned n)
{
	snprintf(out, UUID_LEN + 1, "%08x-0000-4000-8000-%012x", kind, n);
}

/* NAPPR appraisals, each with its staff member and three answers whose
 * values start "MARK-<appraisal>-<answer>|" (so that a test finds where a
 * length travels: the 4 bytes before); one answer is 100 kB, larger than
 * a window. */
static void make(struct sbuf *out, const unsigned char *seal_to)
{
	struct bundle_writer w;
	struct sbuf val = SBUF_INIT;
	char id[BUNDLE_ID_HEX + 1];

	bundle_writer_init(&w);
	for (unsigned i = 0; i < NAPPR; i++) {
		char num[16], u[UUID_LEN + 1];
		const char *s[] = { num, u, "Zoë Ó Súilleabháin", "Paramedic", "6",
			"Northgate", "", NULL, DEV, "1", T0, T0 };

		snprintf(num, sizeof(num), "%u", 100000 + i);
		uuid(u, 1, i);
		assert_int_equal(bundle_add(&w, BUNDLE_STAFF, s, NULL), 0);
	}
	for (unsigned i = 0; i < NAPPR; i++) {
		char num[16], u[UUID_LEN + 1];
		const char *ap[] = { u, num, "Ffion", "eadr", "2", "hash1", "final", "1",
			DEV, T0, T0, NULL, NULL };

		snprintf(num, sizeof(num), "%u", 100000 + i);
		uuid(u, 2, i);
		assert_int_equal(bundle_add(&w, BUNDLE_APPRAISAL, ap, NULL), 0);
		for (unsigned k = 0; k < 3; k++) {
			char au[UUID_LEN + 1];
			const char *an[] = { "performance.went_well", NULL, au, DEV, "1", T0 };
			size_t size = i == big_at && k == 1 ? 100000 : 600;

			sbuf_reset(&val);
			sbuf_addf(&val, "MARK-%u-%u|", i, k);
			while (val.len < size)
				sbuf_adds(&val, "Led the scene calmly. ");
			an[1] = val.buf;
			uuid(au, 3, i * 3 + k);
			assert_int_equal(bundle_add(&w, BUNDLE_ANSWER, an, NULL), 0);
		}
	}
	assert_int_equal(bundle_finish_version(&w, &signer, seal_to, 1, 1740823200, version,
					       out, id, NULL), 0);
	bundle_writer_release(&w);
	sbuf_release(&val);
}

/* What the hook does to the file, and when. */
static struct {
	int fd;
	const char *pass;	/* before which pass; NULL: never */
	off_t truncate_to;	/* -1: not */
	off_t length_at;	/* where a length is rewritten; -1: not */
	uint32_t length;
} h;

static void change(void)
{
	if (h.truncate_to >= 0)
		assert_int_equal(ftruncate(h.fd, h.truncate_to), 0);
	if (h.length_at >= 0) {
		unsigned char be[4] = { h.length >> 24, h.length >> 16, h.length >> 8,
			h.length };

		assert_int_equal(pwrite(h.fd, be, 4, h.length_at), 4);
	}
}

static void hook(const char *pass)
{
	if (h.pass && !strcmp(pass, h.pass))
		change();
}

/* Where answer k of appraisal i has its value's length in the file (not
 * sealed). */
static off_t length_of(const struct sbuf *b, unsigned i, unsigned k)
{
	char mark[32];
	const char *at;

	snprintf(mark, sizeof(mark), "MARK-%u-%u|", i, k);
	at = memmem(b->buf, b->len, mark, strlen(mark));
	assert_non_null(at);
	return (off_t)(at - b->buf) - 4;
}

/*
 * Write b to a new file, open it (sealed: with the hub's key), change it
 * as h says (pass "after": once opened, before the units are taken), take
 * every unit.  0 when all was read and unchanged; -1 with the message in
 * msg.
 */
static int read_changed(const struct sbuf *b, int sealed, char *msg, size_t msgsize)
{
	char *dir = tu_tmpdir(), *path = tu_path(dir, "x.bundle");
	struct bundle_file f;
	struct bundle bd, u;
	struct err err = ERR_INIT;
	int rc = -1, n = 0, got;

	h.fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
	assert_true(h.fd >= 0);
	assert_int_equal(write(h.fd, b->buf, b->len), (ssize_t)b->len);
	memset(&u, 0, sizeof(u));
	bundle_pass_hook = hook;
	assert_int_equal(bundle_file_open(path, &f, &err), 0);
	if (bundle_open_file(path, &f, sealed ? box_pk : NULL, sealed ? box_sk : NULL, &bd,
			     &err) < 0) {
		/* an error from opening names the file */
		assert_non_null(strstr(err_msg(&err), path));
		goto out;
	}
	if (h.pass && !strcmp(h.pass, "after"))
		change();
	while ((got = bundle_next(&bd, &u, &err)) == 1)
		n++;
	if (got == 0 && bundle_unchanged(&bd, &err) == 0) {
		assert_int_equal(n, 2 * NAPPR);	/* a staff member, an appraisal */
		rc = 0;
	}
	bundle_release(&u);
	bundle_release(&bd);
out:
	bundle_pass_hook = NULL;
	snprintf(msg, msgsize, "%s", err_msg(&err));
	bundle_file_release(&f);
	close(h.fd);
	free(path);
	tu_rmdir(dir);
	err_release(&err);
	return rc;
}

static void refused_as(const struct sbuf *b, int sealed, const char *want)
{
	char msg[512];

	assert_int_equal(read_changed(b, sealed, msg, sizeof(msg)), -1);
	if (!strstr(msg, want))
		fail_msg("not refused as \"%s\": %s", want, msg);
}

static void refused_as_changed(const struct sbuf *b, int sealed)
{
	refused_as(b, sealed, CHANGED);
}

/* What a record rewritten before the pass that first reads the records
 * gives: format 1's first pass read them under the signature, so the file
 * changed meanwhile; format 2's first pass reads the header alone, and no
 * pass ever saw the records with their checksum: damaged, as a file that
 * was so from the start (either way refused, nothing kept). */
static const char *changed_before_records(void)
{
	return version >= 2 ? DAMAGED : CHANGED;
}

static void reset(void)
{
	h.pass = NULL;
	h.truncate_to = h.length_at = -1;
}

/* Left alone, the file reads whole (windows slide over records and a
 * record larger than one window). */
static void test_unchanged(void **state)
{
	struct sbuf b = SBUF_INIT;
	char msg[512];

	(void)state;
	reset();
	make(&b, NULL);
	assert_int_equal(read_changed(&b, 0, msg, sizeof(msg)), 0);
	sbuf_reset(&b);
	make(&b, box_pk);
	assert_int_equal(read_changed(&b, 1, msg, sizeof(msg)), 0);
	sbuf_release(&b);
}

/* Truncated after the first pass, or after opening (read further on: the
 * window has not reached the end). */
static void test_truncated(void **state)
{
	const char *when[] = { "records", "after" };
	struct sbuf b = SBUF_INIT;

	(void)state;
	make(&b, NULL);
	for (int i = 0; i < 2; i++) {
		reset();
		h.pass = when[i];
		h.truncate_to = (off_t)b.len / 2;
		refused_as_changed(&b, 0);
		h.truncate_to = (off_t)b.len - BUNDLE_SIG - 1;	/* the last record cut */
		refused_as_changed(&b, 0);
		h.truncate_to = 0;
		refused_as_changed(&b, 0);
	}
	/* sealed: before its ciphertext is read again */
	sbuf_reset(&b);
	make(&b, box_pk);
	reset();
	h.pass = "payload";
	h.truncate_to = (off_t)b.len / 2;
	refused_as_changed(&b, 1);
	sbuf_release(&b);
}

/* A length rewritten: past the end of everything, one byte longer or
 * shorter (the records no longer line up), after the first pass or while
 * the units are taken. */
static void test_length_rewritten(void **state)
{
	const char *when[] = { "records", "after" };
	struct sbuf b = SBUF_INIT;

	(void)state;
	make(&b, NULL);
	for (int i = 0; i < 2; i++) {
		off_t at = length_of(&b, NAPPR * 2 / 3, 1);
		uint32_t was = (uint32_t)bundle_get_be((unsigned char *)b.buf + at, 4);
		uint32_t lengths[] = { 0x7ffffff0u, 0xfffffffeu, was + 1, was - 1,
			(uint32_t)b.len };

		const char *want = i == 0 ? changed_before_records() : CHANGED;

		for (size_t k = 0; k < sizeof(lengths) / sizeof(lengths[0]); k++) {
			reset();
			h.pass = when[i];
			h.length_at = at;
			h.length = lengths[k];
			refused_as(&b, 0, want);
		}
		/* the last answer's length: its record ends the file */
		reset();
		h.pass = when[i];
		h.length_at = length_of(&b, NAPPR - 1, 2);
		h.length = 0x10000000u;
		refused_as(&b, 0, want);
	}
	sbuf_release(&b);
}

/* Signed, but over a wrong checksum: refused as damaged, read from a file
 * or from memory. */
static void test_signed_wrong_checksum(void **state)
{
	struct sbuf b = SBUF_INIT;
	struct bundle bd;
	struct err err = ERR_INIT;
	unsigned char *d;
	char msg[512];

	(void)state;
	reset();
	make(&b, NULL);
	d = (unsigned char *)b.buf;
	d[160] ^= 1;
	bundle_sign_bytes(d, b.len, signer.sk);
	assert_int_equal(crypto_sign_verify_detached(d + b.len - BUNDLE_SIG, d,
						     bundle_signed_len(version, b.len),
						     signer.pk), 0);
	assert_int_equal(read_changed(&b, 0, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "damaged: the checksum does not match"));
	assert_int_equal(bundle_read("x.bundle", d, b.len, NULL, NULL, &bd, &err), -1);
	assert_non_null(strstr(err_msg(&err), "x.bundle: damaged: the checksum"));
	assert_int_equal(bundle_open("x.bundle", d, b.len, NULL, NULL, &bd, &err), -1);
	assert_non_null(strstr(err_msg(&err), "x.bundle: damaged: the checksum"));
	err_release(&err);
	sbuf_release(&b);
}

/* From a file, the first pass takes no checksum (the later passes do):
 * a byte changed on the stick is still refused as damaged, a signature
 * changed as forged, and a sealed bundle signed over a wrong checksum as
 * damaged, each as from memory. */
static void file_refused_as(struct sbuf *b, int sealed, size_t at, const char *want)
{
	char msg[512];

	b->buf[at] ^= 1;
	assert_int_equal(read_changed(b, sealed, msg, sizeof(msg)), -1);
	if (!strstr(msg, want))
		fail_msg("byte %zu changed: not \"%s\": %s", at, want, msg);
	b->buf[at] ^= 1;
}

static void test_file_damaged_or_forged(void **state)
{
	struct sbuf b = SBUF_INIT, s = SBUF_INIT;
	unsigned char *d;
	char msg[512];

	(void)state;
	reset();
	make(&b, NULL);
	file_refused_as(&b, 0, (size_t)length_of(&b, NAPPR - 1, 2) + 10, "damaged: the checksum");
	file_refused_as(&b, 0, BUNDLE_HEADER + 3, "damaged: the checksum");
	file_refused_as(&b, 0, b.len - 3, "bad signature");
	file_refused_as(&b, 0, 20, "bad signature");	/* the device id */
	make(&s, box_pk);
	file_refused_as(&s, 1, s.len / 2, "damaged: the checksum");
	file_refused_as(&s, 1, s.len - 3, "bad signature");
	/* sealed, its tag changed, the checksum and the signature made again
	 * over it (a device's bug): it cannot be opened */
	d = (unsigned char *)s.buf;
	d[BUNDLE_HEADER + 32 + 3] ^= 1;
	crypto_generichash(d + 160, 32, d + BUNDLE_HEADER, s.len - BUNDLE_HEADER - BUNDLE_SIG,
			   NULL, 0);
	bundle_sign_bytes(d, s.len, signer.sk);
	assert_int_equal(read_changed(&s, 1, msg, sizeof(msg)), -1);
	if (!strstr(msg, "cannot be opened with this hub's key (damaged)"))
		fail_msg("sealed, its tag changed and signed: %s", msg);
	/* sealed from a key of small order (all zeros: no shared key can be
	 * made with it), signed: it cannot be opened, as libsodium says */
	sbuf_release(&s);
	make(&s, box_pk);
	d = (unsigned char *)s.buf;
	memset(d + BUNDLE_HEADER, 0, crypto_box_PUBLICKEYBYTES);
	crypto_generichash(d + 160, 32, d + BUNDLE_HEADER, s.len - BUNDLE_HEADER - BUNDLE_SIG,
			   NULL, 0);
	bundle_sign_bytes(d, s.len, signer.sk);
	{
		unsigned char *plain = malloc(s.len);

		assert_non_null(plain);
		assert_int_equal(crypto_box_seal_open(plain, d + BUNDLE_HEADER,
						      s.len - BUNDLE_HEADER - BUNDLE_SIG,
						      box_pk, box_sk), -1);
		free(plain);
	}
	assert_int_equal(read_changed(&s, 1, msg, sizeof(msg)), -1);
	if (!strstr(msg, "cannot be opened with this hub's key (damaged)"))
		fail_msg("sealed from a key of small order: %s", msg);
	/* a sealed record's byte rewritten once the signature was checked */
	sbuf_release(&s);
	make(&s, box_pk);
	h.pass = "payload";
	h.length_at = (off_t)(s.len / 2);
	h.length = 0x41414141u;
	refused_as(&s, 1, changed_before_records());
	/* rewritten once the tag and the checksum held, before the records
	 * are checked: changed, in both formats */
	reset();
	h.pass = "records";
	h.length_at = (off_t)(s.len / 2);
	h.length = 0x41414141u;
	refused_as_changed(&s, 1);
	reset();
	/* sealed, signed over a wrong checksum */
	sbuf_release(&s);
	make(&s, box_pk);
	d = (unsigned char *)s.buf;
	d[160] ^= 1;
	bundle_sign_bytes(d, s.len, signer.sk);
	assert_int_equal(read_changed(&s, 1, msg, sizeof(msg)), -1);
	if (!strstr(msg, "damaged: the checksum does not match"))
		fail_msg("sealed, signed over a wrong checksum: %s", msg);
	sbuf_release(&b);
	sbuf_release(&s);
}

/* A sealed bundle read from its file is opened a piece at a time, never
 * whole (windows of 64 KiB, the stream taken from the middle of its
 * blocks), and gives every unit as the bundle opened whole in memory. */
static void test_sealed_streamed(void **state)
{
	char *dir = tu_tmpdir(), *path = tu_path(dir, "s.bundle");
	struct sbuf s = SBUF_INIT;
	struct bundle_file f;
	struct bundle bf, bm, uf, um;
	struct err err = ERR_INIT;
	int gf, gm, n = 0;

	(void)state;
	reset();
	make(&s, box_pk);
	tu_write(path, s.buf, s.len);
	assert_int_equal(bundle_file_open(path, &f, &err), 0);
	assert_int_equal(bundle_open_file(path, &f, box_pk, box_sk, &bf, &err), 0);
	assert_null(bf.plain);	/* nothing decrypted whole */
	assert_null(bf.content);
	assert_int_equal(bundle_open("m", (unsigned char *)s.buf, s.len, box_pk, box_sk, &bm,
				     &err), 0);
	assert_non_null(bm.plain);
	memset(&uf, 0, sizeof(uf));
	memset(&um, 0, sizeof(um));
	while ((gf = bundle_next(&bf, &uf, &err)) == 1) {
		gm = bundle_next(&bm, &um, &err);
		assert_int_equal(gm, 1);
		assert_int_equal(uf.nstaff, um.nstaff);
		assert_int_equal(uf.nappraisals, um.nappraisals);
		if (uf.nstaff)
			assert_string_equal(uf.staff[0].f[2], um.staff[0].f[2]);
		if (uf.nappraisals) {
			assert_int_equal(uf.appraisals[0].raw_len, um.appraisals[0].raw_len);
			assert_memory_equal(uf.appraisals[0].raw, um.appraisals[0].raw,
					    uf.appraisals[0].raw_len);
			assert_int_equal(uf.nanswers, 3);
		}
		n++;
	}
	assert_int_equal(gf, 0);
	assert_int_equal(bundle_next(&bm, &um, &err), 0);
	assert_int_equal(n, 2 * NAPPR);
	assert_int_equal(bundle_unchanged(&bf, &err), 0);
	bundle_release(&uf);
	bundle_release(&um);
	bundle_release(&bf);
	bundle_release(&bm);
	bundle_file_release(&f);
	err_release(&err);
	sbuf_release(&s);
	free(path);
	tu_rmdir(dir);
}

/* A record whose length runs past the end, signed so (a device's bug): "cut
 * short", from memory or from a file left alone, never read out of bounds
 * (the file's message is not "changed": it was not). */
static void test_signed_cut_short(void **state)
{
	struct sbuf b = SBUF_INIT;
	struct bundle bd;
	struct err err = ERR_INIT;
	unsigned char *d;
	char msg[512];
	off_t ats[2];

	(void)state;
	reset();
	make(&b, NULL);
	ats[0] = length_of(&b, NAPPR / 2, 1);
	ats[1] = length_of(&b, NAPPR - 1, 2);	/* the last field of all */
	d = (unsigned char *)b.buf;
	for (int i = 0; i < 2; i++) {
		struct sbuf c = SBUF_INIT;

		sbuf_add(&c, b.buf, b.len);
		d = (unsigned char *)c.buf;
		bundle_put_be(d + ats[i], 0x10000000u, 4);
		crypto_generichash(d + 160, 32, d + BUNDLE_HEADER,
				   c.len - BUNDLE_HEADER - BUNDLE_SIG, NULL, 0);
		bundle_sign_bytes(d, c.len, signer.sk);
		assert_int_equal(bundle_open("x.bundle", d, c.len, NULL, NULL, &bd, &err), -1);
		if (!strstr(err_msg(&err), "(answer): cut short"))
			fail_msg("from memory: %s", err_msg(&err));
		assert_int_equal(read_changed(&c, 0, msg, sizeof(msg)), -1);
		if (!strstr(msg, "(answer): cut short"))
			fail_msg("from a file: %s", msg);
		sbuf_release(&c);
	}
	err_release(&err);
	sbuf_release(&b);
}

/* The hub keeps a bundle from a device it has not approved whole
 * (bundle_file_whole, hub.c's hold): read again after the checks, it is
 * kept only if it is still the bundle checked, byte for byte; a byte
 * changed or the file cut short meanwhile is refused as changed. */
static void test_kept_whole(void **state)
{
	char *dir = tu_tmpdir(), *path = tu_path(dir, "w.bundle");
	struct sbuf b = SBUF_INIT;
	struct bundle_file f;
	struct bundle bd;
	struct err err = ERR_INIT;
	unsigned char *whole = NULL;
	int fd;

	(void)state;
	make(&b, NULL);
	fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, b.buf, b.len), (ssize_t)b.len);
	assert_int_equal(bundle_file_open(path, &f, &err), 0);
	assert_int_equal(bundle_open_file(path, &f, NULL, NULL, &bd, &err), 0);
	assert_int_equal(bundle_file_whole(&f, bd.id, &whole, &err), 0);
	assert_memory_equal(whole, b.buf, b.len);
	free(whole);
	whole = NULL;
	/* one byte of an answer changed */
	assert_int_equal(pwrite(fd, "X", 1, length_of(&b, NAPPR / 2, 1) + 4), 1);
	assert_int_equal(bundle_file_whole(&f, bd.id, &whole, &err), -1);
	assert_null(whole);
	assert_non_null(strstr(err_msg(&err), CHANGED));
	err_release(&err);
	/* put back, it is the bundle again; cut short, it is not */
	assert_int_equal(pwrite(fd, b.buf + length_of(&b, NAPPR / 2, 1) + 4, 1,
				length_of(&b, NAPPR / 2, 1) + 4), 1);
	assert_int_equal(bundle_file_whole(&f, bd.id, &whole, &err), 0);
	free(whole);
	whole = NULL;
	assert_int_equal(ftruncate(fd, (off_t)b.len / 3), 0);
	assert_int_equal(bundle_file_whole(&f, bd.id, &whole, &err), -1);
	assert_non_null(strstr(err_msg(&err), CHANGED));
	bundle_release(&bd);
	bundle_file_release(&f);
	close(fd);
	free(path);
	tu_rmdir(dir);
	sbuf_release(&b);
	err_release(&err);
}

/* The checking pass shown other bytes than the others (a file answering
 * each read as it likes): F, signed, with an appraisal not final, which
 * the checks refuse; G, clean, served only to the pass that checks the
 * records.  F must not be taken: the checking pass hashes what it read
 * and finds it is not what the signature covers (found in review). */
static struct sbuf swap_g;
static int swap_fd;

static void swap_hook(const char *pass)
{
	if (!strcmp(pass, "records"))
		assert_int_equal(pwrite(swap_fd, swap_g.buf, swap_g.len, 0),
				 (ssize_t)swap_g.len);
}

static void test_checks_see_signed_bytes(void **state)
{
	char *dir = tu_tmpdir(), *path = tu_path(dir, "s.bundle");
	struct sbuf f = SBUF_INIT;
	struct bundle_file bf;
	struct bundle bd, u;
	struct err err = ERR_INIT;
	unsigned char *d;
	char *at;
	int got;

	(void)state;
	sbuf_init(&swap_g, 0);
	make(&swap_g, NULL);
	sbuf_add(&f, swap_g.buf, swap_g.len);
	d = (unsigned char *)f.buf;
	at = memmem(f.buf, f.len, "final", 5);
	assert_non_null(at);
	memcpy(at, "draft", 5);
	crypto_generichash(d + 160, 32, d + BUNDLE_HEADER,
			   f.len - BUNDLE_HEADER - BUNDLE_SIG, NULL, 0);
	bundle_sign_bytes(d, f.len, signer.sk);
	/* F alone is refused by the checks */
	assert_int_equal(bundle_read("F", d, f.len, NULL, NULL, &bd, &err), -1);
	assert_non_null(strstr(err_msg(&err), "not final"));
	err_release(&err);

	swap_fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
	assert_true(swap_fd >= 0);
	assert_int_equal(write(swap_fd, f.buf, f.len), (ssize_t)f.len);
	memset(&u, 0, sizeof(u));
	bundle_pass_hook = swap_hook;
	assert_int_equal(bundle_file_open(path, &bf, &err), 0);
	if (bundle_open_file(path, &bf, NULL, NULL, &bd, &err) == 0) {
		/* F again for the passes that take the units */
		assert_int_equal(pwrite(swap_fd, f.buf, f.len, 0), (ssize_t)f.len);
		while ((got = bundle_next(&bd, &u, &err)) == 1)
			;
		if (got == 0 && bundle_unchanged(&bd, &err) == 0)
			fail_msg("a signed bundle the checks refuse was taken whole");
		bundle_release(&u);
		bundle_release(&bd);
	}
	bundle_pass_hook = NULL;
	assert_non_null(strstr(err_msg(&err), CHANGED));
	bundle_file_release(&bf);
	close(swap_fd);
	free(path);
	tu_rmdir(dir);
	sbuf_release(&f);
	sbuf_release(&swap_g);
	err_release(&err);
}

/* A file that shows the pass checking the records other bytes (a text
 * byte made bad UTF-8, so a record is refused) and is itself again when the
 * file is read once more: "changed", never the record's message, which
 * came from bytes nobody checked (of a sealed bundle, bytes whose message
 * could tell what its records hold: found in review). */
static int oracle_fd;
static off_t oracle_at;

static void oracle_hook(const char *pass)
{
	unsigned char c;

	if (strcmp(pass, "records") && strcmp(pass, "refused"))
		return;
	assert_int_equal(pread(oracle_fd, &c, 1, oracle_at), 1);
	c ^= 0x80;	/* "records": made bad; "refused": as it was */
	assert_int_equal(pwrite(oracle_fd, &c, 1, oracle_at), 1);
}

static void test_refused_record_from_other_bytes(void **state)
{
	struct sbuf b = SBUF_INIT;
	off_t text;

	(void)state;
	reset();
	make(&b, NULL);
	/* well inside the 100 kB answer's text: the same place sealed, 48
	 * bytes on (the sealed box's head), where the stream flips it alike */
	text = length_of(&b, NAPPR / 3, 1) + 4 + 5000;
	for (int sealed = 0; sealed <= 1; sealed++) {
		char *dir = tu_tmpdir(), *path = tu_path(dir, "o.bundle");
		struct bundle_file f;
		struct bundle bd;
		struct err err = ERR_INIT;

		if (sealed) {
			sbuf_release(&b);
			make(&b, box_pk);
		}
		oracle_at = text + (sealed ? crypto_box_SEALBYTES : 0);
		oracle_fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
		assert_true(oracle_fd >= 0);
		assert_int_equal(write(oracle_fd, b.buf, b.len), (ssize_t)b.len);
		bundle_pass_hook = oracle_hook;
		assert_int_equal(bundle_file_open(path, &f, &err), 0);
		assert_int_equal(bundle_open_file(path, &f, sealed ? box_pk : NULL,
						  sealed ? box_sk : NULL, &bd, &err), -1);
		bundle_pass_hook = NULL;
		if (!strstr(err_msg(&err), CHANGED))
			fail_msg("sealed %d: not refused as changed: %s", sealed, err_msg(&err));
		bundle_file_release(&f);
		close(oracle_fd);
		err_release(&err);
		free(path);
		tu_rmdir(dir);
	}
	sbuf_release(&b);
}

/* A sealed bundle of no records, from its file: read whole (the sealed
 * box's head is in its checksum; found in review). */
static void test_empty_sealed(void **state)
{
	char *dir = tu_tmpdir(), *path = tu_path(dir, "e.bundle");
	struct bundle_writer w;
	struct sbuf s = SBUF_INIT;
	struct bundle_file f;
	struct bundle bd, u;
	struct err err = ERR_INIT;
	char id[BUNDLE_ID_HEX + 1];

	(void)state;
	bundle_writer_init(&w);
	assert_int_equal(bundle_finish(&w, &signer, box_pk, 1, 1740823200, &s, id, NULL), 0);
	bundle_writer_release(&w);
	tu_write(path, s.buf, s.len);
	assert_int_equal(bundle_file_open(path, &f, &err), 0);
	assert_int_equal(bundle_open_file(path, &f, box_pk, box_sk, &bd, &err), 0);
	memset(&u, 0, sizeof(u));
	assert_int_equal(bundle_next(&bd, &u, &err), 0);
	if (bundle_unchanged(&bd, &err) != 0)
		fail_msg("an empty sealed bundle: %s", err_msg(&err));
	bundle_release(&u);
	bundle_release(&bd);
	bundle_file_release(&f);
	sbuf_release(&s);
	free(path);
	tu_rmdir(dir);
}

/* A merge that stops on an error (bundle_failed): its message stands when
 * the file is what was checked, and says "changed" when the units taken
 * were other bytes, sealed or not. */
static void test_failed_merge(void **state)
{
	struct sbuf b = SBUF_INIT;

	(void)state;
	reset();
	for (int sealed = 0; sealed <= 1; sealed++) {
		for (int changed = 0; changed <= 1; changed++) {
			char *dir = tu_tmpdir(), *path = tu_path(dir, "m.bundle");
			struct bundle_file f;
			struct bundle bd, u;
			struct err err = ERR_INIT;
			int fd;

			sbuf_release(&b);
			make(&b, sealed ? box_pk : NULL);
			fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
			assert_true(fd >= 0);
			assert_int_equal(write(fd, b.buf, b.len), (ssize_t)b.len);
			assert_int_equal(bundle_file_open(path, &f, &err), 0);
			assert_int_equal(bundle_open_file(path, &f, sealed ? box_pk : NULL,
							  sealed ? box_sk : NULL, &bd, &err), 0);
			memset(&u, 0, sizeof(u));
			for (int i = 0; i < NAPPR + 3; i++)	/* past the first window */
				assert_int_equal(bundle_next(&bd, &u, &err), 1);
			if (changed)	/* a byte of a unit taken */
				assert_int_equal(pwrite(fd, "\xff", 1, (off_t)(b.len / 2)), 1);
			err_set(&err, "a merge's own error");
			assert_int_equal(bundle_failed(&bd, &err), -1);
			if (changed ? !strstr(err_msg(&err), CHANGED) :
			    strcmp(err_msg(&err), "a merge's own error"))
				fail_msg("sealed %d, changed %d: %s", sealed, changed,
					 err_msg(&err));
			bundle_release(&u);
			bundle_release(&bd);
			bundle_file_release(&f);
			close(fd);
			err_release(&err);
			free(path);
			tu_rmdir(dir);
		}
	}
	sbuf_release(&b);
}

/* A refused record whose message says "changed while" (its bytes are the
 * attacker's: an answer's UUID rewritten so) is still checked: the
 * decision is the pass's hash, never the message (found in review). */
static off_t says_at;
static const char says[UUID_LEN + 1] = "changed while it was being imported.";
static char says_was[UUID_LEN];

static void says_hook(const char *pass)
{
	if (!strcmp(pass, "records"))
		assert_int_equal(pwrite(oracle_fd, says, UUID_LEN, says_at), UUID_LEN);
	else if (!strcmp(pass, "refused"))
		assert_int_equal(pwrite(oracle_fd, says_was, UUID_LEN, says_at), UUID_LEN);
}

static void test_refused_saying_changed(void **state)
{
	char *dir = tu_tmpdir(), *path = tu_path(dir, "c.bundle");
	struct sbuf b = SBUF_INIT;
	struct bundle_file f;
	struct bundle bd;
	struct err err = ERR_INIT;
	char u[UUID_LEN + 1];
	const char *at;

	(void)state;
	reset();
	make(&b, NULL);
	uuid(u, 3, 7 * 3 + 1);	/* an answer's */
	at = memmem(b.buf, b.len, u, UUID_LEN);
	assert_non_null(at);
	says_at = at - b.buf;
	memcpy(says_was, at, UUID_LEN);
	oracle_fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
	assert_true(oracle_fd >= 0);
	assert_int_equal(write(oracle_fd, b.buf, b.len), (ssize_t)b.len);
	bundle_pass_hook = says_hook;
	assert_int_equal(bundle_file_open(path, &f, &err), 0);
	assert_int_equal(bundle_open_file(path, &f, NULL, NULL, &bd, &err), -1);
	bundle_pass_hook = NULL;
	if (strstr(err_msg(&err), "UUID") || !strstr(err_msg(&err), CHANGED))
		fail_msg("a message from bytes nobody checked: %s", err_msg(&err));
	bundle_file_release(&f);
	close(oracle_fd);
	err_release(&err);
	sbuf_release(&b);
	free(path);
	tu_rmdir(dir);
}

/* Where and how much each read of a bundle file takes, from its opening
 * to its last unit, depends on the file's length alone, never on what
 * the records hold (a sealed bundle's lengths are opened text: the sizes
 * of reads would tell them; found in review): two bundles of one length,
 * the large answer in another place, are read alike, sealed or not. */
static struct sbuf reads;

static void log_read(size_t off, size_t n)
{
	sbuf_addf(&reads, "%zu+%zu ", off, n);
}

/* The reads of a whole import of a bundle whose large answer is appraisal
 * where's, into log; cut: the file cut short (at 3 steps of the records)
 * 0 never, 1 before the records are checked, 2 before they are taken. */
static int cut_fd;

static void cut_hook(const char *pass)
{
	if (!strcmp(pass, "records"))
		assert_int_equal(ftruncate(cut_fd, BUNDLE_HEADER + 3 * (64 << 10)), 0);
}

static void read_all(unsigned where, int sealed, int cut, struct sbuf *log)
{
	char *dir = tu_tmpdir(), *path = tu_path(dir, "r.bundle");
	struct sbuf b = SBUF_INIT;
	struct bundle_file f;
	struct bundle bd, u;
	struct err err = ERR_INIT;
	int got = -1, n = 0, rc;

	big_at = where;
	make(&b, sealed ? box_pk : NULL);
	big_at = NAPPR / 3;
	tu_write(path, b.buf, b.len);
	cut_fd = open(path, O_RDWR);
	assert_true(cut_fd >= 0);
	sbuf_reset(&reads);
	bundle_read_hook = log_read;
	bundle_pass_hook = cut == 1 ? cut_hook : NULL;
	assert_int_equal(bundle_file_open(path, &f, &err), 0);
	rc = bundle_open_file(path, &f, sealed ? box_pk : NULL, sealed ? box_sk : NULL, &bd,
			      &err);
	assert_int_equal(rc, cut == 1 ? -1 : 0);
	if (rc == 0) {
		if (cut == 2)
			cut_hook("records");
		memset(&u, 0, sizeof(u));
		while ((got = bundle_next(&bd, &u, &err)) == 1)
			n++;
		if (got == 0)
			assert_int_equal(bundle_unchanged(&bd, &err), 0);
		else
			bundle_failed(&bd, &err);
		bundle_release(&u);
		bundle_release(&bd);
	}
	bundle_read_hook = NULL;
	bundle_pass_hook = NULL;
	if (!cut)
		assert_int_equal(n, 2 * NAPPR);
	else if (!strstr(err_msg(&err), CHANGED))
		fail_msg("cut %d: %s", cut, err_msg(&err));
	sbuf_addf(log, "%zu bytes: %s", b.len, reads.buf);
	close(cut_fd);
	bundle_file_release(&f);
	err_release(&err);
	sbuf_release(&b);
	free(path);
	tu_rmdir(dir);
}

static void test_reads_tell_nothing(void **state)
{
	(void)state;
	reset();
	sbuf_init(&reads, 0);
	for (int sealed = 0; sealed <= 1; sealed++) {
		for (int cut = 0; cut <= 2; cut++) {
			struct sbuf a = SBUF_INIT, c = SBUF_INIT;

			read_all(10, sealed, cut, &a);
			read_all(60, sealed, cut, &c);
			if (strcmp(a.buf, c.buf))
				fail_msg("sealed %d, cut %d: the reads differ:\n%s\n%s", sealed,
					 cut, a.buf, c.buf);
			sbuf_release(&a);
			sbuf_release(&c);
		}
	}
	sbuf_release(&reads);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(test_unchanged),
		BOTH(test_truncated),
		BOTH(test_length_rewritten),
		BOTH(test_signed_wrong_checksum),
		BOTH(test_file_damaged_or_forged),
		BOTH(test_sealed_streamed),
		BOTH(test_refused_record_from_other_bytes),
		BOTH(test_empty_sealed),
		BOTH(test_failed_merge),
		BOTH(test_refused_saying_changed),
		BOTH(test_reads_tell_nothing),
		BOTH(test_signed_cut_short),
		BOTH(test_kept_whole),
		BOTH(test_checks_see_signed_bytes),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
