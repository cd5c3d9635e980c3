/*
 * fuzz_bundle.c - libFuzzer target for the sync readers: the whole bundle
 * reader (with a hub key, so sealed input is tried too), the record parser
 * behind the signature (which random bytes would rarely reach otherwise),
 * the acknowledgement and hub key file readers, and fingerprints as typed.
 */
#include <stdint.h>
#include <string.h>

#include <sodium.h>

#include "lib/bundle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char pk[BUNDLE_PK], sk[BUNDLE_BOX_SK];
	static int ready;
	unsigned char sign[BUNDLE_PK], box[BUNDLE_PK];
	struct err err = ERR_INIT;
	struct bundle_ack a;
	struct bundle b;

	if (!ready) {
		if (bundle_crypto_init(NULL) < 0)
			return 0;
		crypto_box_keypair(pk, sk);
		ready = 1;
	}
	if (bundle_read("fuzz.bundle", data, size, pk, sk, &b, &err) == 0)
		bundle_release(&b);
	memset(&b, 0, sizeof(b));
	bundle_parse_records(data, size, &b, &err);
	bundle_release(&b);
	/* The payload of a well-formed bundle starts after the header. */
	if (size > BUNDLE_HEADER + BUNDLE_SIG) {
		memset(&b, 0, sizeof(b));
		bundle_parse_records(data + BUNDLE_HEADER, size - BUNDLE_HEADER - BUNDLE_SIG,
				     &b, &err);
		bundle_release(&b);
	}
	if (bundle_ack_read("fuzz.ack", (const char *)data, size, NULL, &a, &err) == 0)
		bundle_ack_release(&a);
	bundle_hubkey_read("fuzz.pub", (const char *)data, size, sign, box, &err);
	if (size < 64) {
		char text[64], fp[25];

		memcpy(text, data, size);
		text[size] = '\0';
		bundle_fingerprint_parse(text, fp);
	}
	err_release(&err);
	return 0;
}
