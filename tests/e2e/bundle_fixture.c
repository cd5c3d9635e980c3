/*
 * bundle_fixture.c - writes a signed bundle of N final appraisals (each with
 * its staff member and 10 answers whose values start "MARK-<n>-<k>|") for
 * tests/e2e/hub_import_changed.sh, from a device whose key is always the
 * same, so that a hub approves it once.  With "badsum", the header's
 * checksum is wrong and the signature made again over it (as a device with
 * a bug would sign).  Prints the device's signing key (hex).
 *
 *   bundle_fixture OUT.bundle N [badsum]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "lib/bundle.h"
#include "lib/bundle_int.h"
#include "lib/fileio.h"

#define DEV "0b6f3c1e-4a57-4d2c-9e3b-2f1a5c7d8e90"
#define T0 "2026-03-01T10:00:00Z"

static void uuid(char out[UUID_LEN + 1], unsigned kind, unsigned long n)
{
	snprintf(out, UUID_LEN + 1, "%08x-0000-4000-8000-%012lx", kind & 0xffffffu,
		 n & 0xffffffffffffUL);
}

static int add_all(struct bundle_writer *w, unsigned long n, struct err *err)
{
	char num[24], u[UUID_LEN + 1], val[256], path[32];

	for (unsigned long i = 0; i < n; i++) {
		const char *s[] = { num, u, "Zoë Ó Súilleabháin", "Paramedic", "6",
			"Northgate", "", NULL, DEV, "1", T0, T0 };

		snprintf(num, sizeof(num), "%lu", 100000 + i);
		uuid(u, 1, i);
		if (bundle_add(w, BUNDLE_STAFF, s, err) < 0)
			return -1;
	}
	for (unsigned long i = 0; i < n; i++) {
		const char *ap[] = { u, num, "Ffion Llywelyn", "eadr", "1", "formhash",
			"final", "1", DEV, T0, T0, NULL, NULL };

		snprintf(num, sizeof(num), "%lu", 100000 + i);
		uuid(u, 2, i);
		if (bundle_add(w, BUNDLE_APPRAISAL, ap, err) < 0)
			return -1;
		for (unsigned long k = 0; k < 10; k++) {
			char au[UUID_LEN + 1];
			const char *an[] = { path, val, au, DEV, "1", T0 };

			snprintf(path, sizeof(path), "section.question%lu", k);
			snprintf(val, sizeof(val), "MARK-%lu-%lu| An answer of a few words, "
				 "as a manager types it between two calls.", i, k);
			uuid(au, 3, i * 10 + k);
			if (bundle_add(w, BUNDLE_ANSWER, an, err) < 0)
				return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct bundle_writer w;
	struct bundle_signer s = { .device_id = DEV };
	struct sbuf out = SBUF_INIT;
	struct err err = ERR_INIT;
	unsigned char seed[crypto_sign_SEEDBYTES] = { 0 };
	char id[BUNDLE_ID_HEX + 1], pkhex[2 * BUNDLE_PK + 1];

	if (argc != 3 && !(argc == 4 && !strcmp(argv[3], "badsum"))) {
		fprintf(stderr, "usage: bundle_fixture OUT.bundle N [badsum]\n");
		return 2;
	}
	if (bundle_crypto_init(&err) < 0)
		goto fail;
	memcpy(seed, "bundle_fixture", 14);
	crypto_sign_seed_keypair(s.pk, s.sk, seed);
	bundle_writer_init(&w);
	if (add_all(&w, strtoul(argv[2], NULL, 10), &err) < 0 ||
	    bundle_finish(&w, &s, NULL, 1, 1767225600, &out, id, &err) < 0)
		goto fail;
	if (argc == 4) {
		unsigned char *d = (unsigned char *)out.buf;

		d[160] ^= 1;
		bundle_sign_bytes(d, out.len, s.sk);
	}
	if (file_write_atomic(argv[1], out.buf, out.len, 0644, &err) < 0)
		goto fail;
	bundle_hex(s.pk, BUNDLE_PK, pkhex);
	printf("%s\n", pkhex);
	bundle_writer_release(&w);
	sbuf_release(&out);
	return 0;
fail:
	fprintf(stderr, "bundle_fixture: %s\n", err_msg(&err));
	return 1;
}
