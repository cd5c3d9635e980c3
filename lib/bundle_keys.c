/*
 * bundle_keys.c - keys as people and files see them (see bundle.h): hex,
 * fingerprints, the checks that refuse weak keys, and the hub's signed
 * public key file that laptops trust.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "bundle.h"
#include "bundle_int.h"

#define HUBKEY_MAGIC "EADR-HUB-KEY 2"

void bundle_hex(const unsigned char *b, size_t n, char *out)
{
	sodium_bin2hex(out, 2 * n + 1, b, n);
}

int bundle_unhex(const char *hex, unsigned char *b, size_t n)
{
	for (size_t i = 0; i < 2 * n; i++)
		if (!hex[i] || !strchr("0123456789abcdef", hex[i]))
			return -1;
	if (hex[2 * n])
		return -1;
	return sodium_hex2bin(b, n, hex, 2 * n, NULL, NULL, NULL) == 0 ? 0 : -1;
}

/* "ab12 cd34 ef56 7890 abcd": the first 10 bytes of h in groups of four. */
static void fp_format(const unsigned char h[10], char out[25])
{
	char hex[21];
	size_t o = 0;

	bundle_hex(h, 10, hex);
	for (int i = 0; i < 20; i++) {
		if (i && i % 4 == 0)
			out[o++] = ' ';
		out[o++] = hex[i];
	}
	out[o] = '\0';
}

void bundle_fingerprint(const unsigned char pk[BUNDLE_PK], char out[25])
{
	unsigned char h[10];

	crypto_generichash(h, sizeof(h), pk, BUNDLE_PK, NULL, 0);
	fp_format(h, out);
}

void bundle_hub_fingerprint(const unsigned char sign_pk[BUNDLE_PK],
			    const unsigned char box_pk[BUNDLE_PK], char out[25])
{
	static const char domain[] = HUBKEY_MAGIC;
	crypto_generichash_state s;
	unsigned char h[10];

	crypto_generichash_init(&s, NULL, 0, sizeof(h));
	crypto_generichash_update(&s, (const unsigned char *)domain, sizeof(domain) - 1);
	crypto_generichash_update(&s, sign_pk, BUNDLE_PK);
	crypto_generichash_update(&s, box_pk, BUNDLE_PK);
	crypto_generichash_final(&s, h, sizeof(h));
	fp_format(h, out);
}

int bundle_fingerprint_parse(const char *text, char out[25])
{
	char hex[21];
	size_t n = 0;

	for (const char *p = text; *p; p++) {
		if (*p == ' ' || *p == ':' || *p == '-')
			continue;
		if (n == 20 || !strchr("0123456789abcdefABCDEF", *p))
			return -1;
		hex[n++] = (char)(*p >= 'A' && *p <= 'F' ? *p - 'A' + 'a' : *p);
	}
	if (n != 20)
		return -1;
	for (size_t i = 0, o = 0; i < 20; i++) {
		if (i && i % 4 == 0)
			out[o++] = ' ';
		out[o++] = hex[i];
		out[o] = '\0';
	}
	return 0;
}

int bundle_key_check(const unsigned char *sign_pk,
		     const unsigned char *box_pk, struct err *err)
{
	/* A fixed, clamped scalar: a low-order point times it is the
	 * identity, which crypto_scalarmult refuses (all-zero output). */
	unsigned char n[32], q[32];

	if (sign_pk && !crypto_core_ed25519_is_valid_point(sign_pk))
		return err_set(err, "the sign key is a weak key (not a valid Ed25519 "
			       "point of large order); no genuine hub makes one");
	if (box_pk) {
		memset(n, 0x5a, sizeof(n));
		n[0] &= 248;
		n[31] = (unsigned char)((n[31] & 127) | 64);
		if (sodium_is_zero(box_pk, BUNDLE_PK) || crypto_scalarmult(q, n, box_pk) != 0)
			return err_set(err, "the box key is a low-order key (such as all "
				       "zeros): anything sealed to it could be read by "
				       "anyone, so it is refused");
	}
	return 0;
}

/* ---- the hub's public key file ---- */

void bundle_hubkey_write(const unsigned char sign_pk[BUNDLE_PK],
			 const unsigned char box_pk[BUNDLE_PK],
			 const unsigned char sign_sk[BUNDLE_SK], struct sbuf *out)
{
	char a[2 * BUNDLE_PK + 1], b[2 * BUNDLE_PK + 1], fp[25];
	char sig_hex[2 * BUNDLE_SIG + 1];
	unsigned char sig[BUNDLE_SIG];
	size_t start = out->len;

	bundle_hex(sign_pk, BUNDLE_PK, a);
	bundle_hex(box_pk, BUNDLE_PK, b);
	bundle_hub_fingerprint(sign_pk, box_pk, fp);
	sbuf_addf(out, HUBKEY_MAGIC "\n"
		  "# The eadr hub's public keys, signed by the hub.  On each station\n"
		  "# laptop run:\n"
		  "#   eadr sync trust THIS_FILE\n"
		  "# and check that it shows the fingerprint %s\n"
		  "sign %s\nbox %s\n", fp, a, b);
	crypto_sign_detached(sig, NULL, (const unsigned char *)out->buf + start,
			     out->len - start, sign_sk);
	bundle_hex(sig, sizeof(sig), sig_hex);
	sbuf_addf(out, "signature %s\n", sig_hex);
}

/* One line of a key file after the first; *have: 1 sign, 2 box. */
static int hubkey_line(const char *line, unsigned char *sign_pk,
		       unsigned char *box_pk, int *have, struct err *err)
{
	const char *v;

	if (*line == '#')
		return 0;
	if ((v = bundle_after(line, "sign")) && !*have) {
		if (bundle_unhex(v, sign_pk, BUNDLE_PK) < 0)
			return err_set(err, "the sign key is not 64 hex digits");
		*have |= 1;
	} else if ((v = bundle_after(line, "box")) && *have == 1) {
		if (bundle_unhex(v, box_pk, BUNDLE_PK) < 0)
			return err_set(err, "the box key is not 64 hex digits");
		*have |= 2;
	} else {
		return err_set(err, "unexpected line '%.40s'", line);
	}
	return 0;
}

int bundle_hubkey_read(const char *name, const char *text, size_t len,
		       unsigned char sign_pk[BUNDLE_PK],
		       unsigned char box_pk[BUNDLE_PK], struct err *err)
{
	unsigned char sig[BUNDLE_SIG];
	char *copy, *line, *nl = NULL;
	const char *v = NULL;
	int lineno = 0, have = 0, rc = -1;

	if (len > 65536 || memchr(text, '\0', len))
		return err_set(err, "%s: not an eadr hub key file", name);
	copy = xstrndup(text, len);
	for (line = copy; *line; line = nl + 1) {
		lineno++;
		if (!(nl = strchr(line, '\n'))) {
			err_set(err, "%s:%d: truncated (no end of line)", name, lineno);
			goto out;
		}
		*nl = '\0';
		if (lineno == 1) {
			if (strcmp(line, HUBKEY_MAGIC)) {
				err_set(err, "%s:1: %s", name, !strcmp(line, "EADR-HUB-KEY 1") ?
					"a hub key file of format 1, which does not bind its two "
					"keys together: run 'eadr hub init' on the hub again to "
					"write the signed file" : "not an eadr hub key file (it "
					"does not start with " HUBKEY_MAGIC ")");
				goto out;
			}
			continue;
		}
		if ((v = bundle_after(line, "signature")) && have == 3)
			break;
		if (hubkey_line(line, sign_pk, box_pk, &have, err) < 0) {
			err_prefix(err, "%s:%d", name, lineno);
			goto out;
		}
	}
	if (have != 3 || !v) {
		err_set(err, "%s: %s", name, lineno == 0 ? "empty, not an eadr hub key file" :
			"incomplete: a hub key file has a sign, a box and a signature line");
		goto out;
	}
	if ((size_t)(nl + 1 - copy) != len) {
		err_set(err, "%s:%d: text after the signature", name, lineno + 1);
		goto out;
	}
	if (bundle_key_check(sign_pk, box_pk, err) < 0) {
		err_prefix(err, "%s", name);
		goto out;
	}
	if (bundle_unhex(v, sig, sizeof(sig)) < 0 ||
	    crypto_sign_verify_detached(sig, (const unsigned char *)text,
					(size_t)(line - copy), sign_pk) != 0) {
		err_set(err, "%s: bad signature: the key file was changed after the hub "
			"signed it (a key replaced?); get it again from the hub", name);
		goto out;
	}
	rc = 0;
out:
	free(copy);
	return rc;
}
