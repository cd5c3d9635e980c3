/*
 * gen_bundle.c - for bench/hub_import.sh: writes a signed bundle of N final
 * appraisals (each with its staff member, answers, PDP goals and sign-offs),
 * sealed to a hub when its key file is given, and the bundle's plaintext
 * records for bench/hub_peer.c, which inserts the same rows.  Prints the
 * bundle id and the device's signing key (hex) on its last line.
 *
 *   gen_bundle N ANSWERS OUT.bundle OUT.records [HUB.pub]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "lib/bundle.h"
#include "lib/fileio.h"

#define DEV "0b6f3c1e-4a57-4d2c-9e3b-2f1a5c7d8e90"
#define T0 "2026-03-01T10:00:00Z"
#define GOALS 3

static void uuid(char out[UUID_LEN + 1], unsigned kind, unsigned long n)
{
	snprintf(out, UUID_LEN + 1, "%08x-0000-4000-8000-%012lx", kind & 0xffffffu,
		 n & 0xffffffffffffUL);
}

int main(int argc, char **argv)
{
	struct bundle_writer w;
	struct bundle_signer s = { .device_id = DEV };
	struct sbuf out = SBUF_INIT, key = SBUF_INIT;
	unsigned char hub_sign[BUNDLE_PK], hub_box[BUNDLE_PK];
	char pkhex[2 * BUNDLE_PK + 1];
	struct err err = ERR_INIT;
	char id[BUNDLE_ID_HEX + 1];
	unsigned long n, nans;

	if (argc != 5 && argc != 6) {
		fprintf(stderr, "usage: gen_bundle N ANSWERS OUT.bundle OUT.records [HUB.pub]\n");
		return 2;
	}
	n = strtoul(argv[1], NULL, 10);
	nans = strtoul(argv[2], NULL, 10);
	if (bundle_crypto_init(&err) < 0)
		goto fail;
	if (argc == 6 && (file_read(argv[5], &key, 1 << 16, &err) < 0 ||
			  bundle_hubkey_read(argv[5], key.buf, key.len, hub_sign, hub_box,
					     &err) < 0))
		goto fail;
	crypto_sign_keypair(s.pk, s.sk);
	bundle_writer_init(&w);
	/* Staff first (the bundle's order), then each appraisal and its rows. */
	for (unsigned long i = 0; i < n; i++) {
		char num[24], u[UUID_LEN + 1], name[48], email[64];
		const char *f[] = { num, u, name, "Paramedic", "6", "Northgate", email,
			"2027-03-01", DEV, "1", T0, T0 };

		snprintf(num, sizeof(num), "%06lu", 100000 + i);
		snprintf(name, sizeof(name), "Staff Member %lu", i);
		snprintf(email, sizeof(email), "staff%lu@example.nhs.uk", i);
		uuid(u, 1, i);
		if (bundle_add(&w, BUNDLE_STAFF, f, &err) < 0)
			goto fail;
	}
	for (unsigned long i = 0; i < n; i++) {
		char num[24], u[UUID_LEN + 1];
		const char *ap[] = { u, num, "Ffion Llywelyn", "eadr", "1", "formhash",
			"final", "1", DEV, T0, T0, "2026-02-27", "2027-02-27" };

		snprintf(num, sizeof(num), "%06lu", 100000 + i);
		uuid(u, 2, i);
		if (bundle_add(&w, BUNDLE_APPRAISAL, ap, &err) < 0)
			goto fail;
		for (unsigned long k = 0; k < nans; k++) {
			char path[64], val[160], au[UUID_LEN + 1];
			const char *an[] = { path, val, au, DEV, "1", T0 };

			snprintf(path, sizeof(path), "section%lu.question%lu", k / 5, k % 5);
			snprintf(val, sizeof(val), "An answer of a few words to question %lu "
				 "of appraisal %lu, as a manager types it.", k, i);
			uuid(au, 3, i * nans + k);
			if (bundle_add(&w, BUNDLE_ANSWER, an, &err) < 0)
				goto fail;
		}
		for (unsigned long k = 0; k < GOALS; k++) {
			char gu[UUID_LEN + 1], pos[8], goal[64];
			const char *g[] = { gu, pos, "Clinical supervision", goal, "formal",
				"Education and mentoring", "high", "2026-12-31", "Study leave",
				"new", NULL, DEV, "1", T0, T0 };

			uuid(gu, 4, i * GOALS + k);
			snprintf(pos, sizeof(pos), "%lu", k);
			snprintf(goal, sizeof(goal), "Goal %lu of appraisal %lu", k, i);
			if (bundle_add(&w, BUNDLE_GOAL, g, &err) < 0)
				goto fail;
		}
		for (int k = 0; k < 2; k++) {
			char su[UUID_LEN + 1];
			const char *role = k ? "appraisee" : "appraiser";
			const char *so[] = { su, role, "A Person", "", T0, DEV, "1" };

			uuid(su, 5, i * 2 + (unsigned long)k);
			if (bundle_add(&w, BUNDLE_SIGNOFF, so, &err) < 0)
				goto fail;
		}
	}
	if (file_write_atomic(argv[4], w.content.buf, w.content.len, 0644, &err) < 0 ||
	    bundle_finish(&w, &s, argc == 6 ? hub_box : NULL, 1, 1767225600, &out, id,
			  &err) < 0 ||
	    file_write_atomic(argv[3], out.buf, out.len, 0644, &err) < 0)
		goto fail;
	bundle_hex(s.pk, BUNDLE_PK, pkhex);
	printf("%s: %lu appraisals, %lu answers, %lu PDP goals, %lu sign-offs, %lu staff (%zu bytes)\n",
	       argv[3], n, n * nans, n * GOALS, n * 2, n, out.len);
	printf("%s %s\n", id, pkhex);
	bundle_writer_release(&w);
	sbuf_release(&out);
	sbuf_release(&key);
	return 0;
fail:
	fprintf(stderr, "gen_bundle: %s\n", err_msg(&err));
	return 1;
}
