/*
 * bundle_ack.c - the hub's signed acknowledgement of one bundle (see
 * bundle.h and schema/bundle.md): written by the hub, read strictly by the
 * laptop, naming appraisals only by references keyed by the bundle id.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "bundle.h"
#include "bundle_int.h"

#define ACK_MAGIC "EADR-ACK 2"

void bundle_ack_release(struct bundle_ack *a)
{
	if (!a)
		return;
	free(a->items);
	memset(a, 0, sizeof(*a));
}

void bundle_ack_ref(const char *bundle_id, const char *uuid,
		    char out[BUNDLE_REF_HEX + 1])
{
	unsigned char key[32], h[BUNDLE_REF_HEX / 2];

	/* Keyed by the bundle id: the same appraisal has another reference in
	 * every acknowledgement, and none gives its UUID away. */
	if (bundle_unhex(bundle_id, key, sizeof(key)) < 0)
		memset(key, 0, sizeof(key));
	crypto_generichash(h, sizeof(h), (const unsigned char *)uuid, strlen(uuid),
			   key, sizeof(key));
	bundle_hex(h, sizeof(h), out);
}

static struct bundle_ack_item *ack_item(struct bundle_ack *a)
{
	if (a->n == a->alloc) {
		a->alloc = a->alloc ? 2 * a->alloc : 16;
		a->items = xrealloc(a->items, a->alloc * sizeof(*a->items));
	}
	return &a->items[a->n++];
}

void bundle_ack_add(struct bundle_ack *a, const char *uuid, long long revision,
		    const char *status)
{
	struct bundle_ack_item *it = ack_item(a);

	bundle_ack_ref(a->bundle_id, uuid, it->ref);
	it->revision = revision;
	snprintf(it->status, sizeof(it->status), "%s", status);
}

/* The text before the items (a's head and the hub's key pk). */
static void head_text(const struct bundle_ack *a, const unsigned char pk[BUNDLE_PK],
		      struct sbuf *out)
{
	char hex[2 * BUNDLE_PK + 1];

	bundle_hex(pk, BUNDLE_PK, hex);
	sbuf_addf(out, ACK_MAGIC "\nbundle %s\ndevice %s\nseq %llu\nimported %s\nhub %s\n",
		  a->bundle_id, a->device_id, a->seq, a->imported, hex);
}

static void item_text(const char *ref, long long revision, const char *status,
		      struct sbuf *out)
{
	sbuf_addf(out, "item %s %lld %s\n", ref, revision, status);
}

static void sig_text(const unsigned char sig[BUNDLE_SIG], struct sbuf *out)
{
	char hex[2 * BUNDLE_SIG + 1];

	bundle_hex(sig, BUNDLE_SIG, hex);
	sbuf_addf(out, "signature %s\n", hex);
}

void bundle_ack_write(const struct bundle_ack *a, const unsigned char pk[BUNDLE_PK],
		      const unsigned char sk[BUNDLE_SK], struct sbuf *out)
{
	unsigned char sig[BUNDLE_SIG];
	size_t start = out->len;

	head_text(a, pk, out);
	for (size_t i = 0; i < a->n; i++)
		item_text(a->items[i].ref, a->items[i].revision, a->items[i].status, out);
	crypto_sign_detached(sig, NULL, (const unsigned char *)out->buf + start,
			     out->len - start, sk);
	sig_text(sig, out);
}

/* ---- written as the items come ---- */

/*
 * crypto_sign_detached (deterministic Ed25519, RFC 8032) hashes the text
 * twice: the nonce r from the secret key's second half and the text, then
 * k from R = [r]B, the public key and the text; S = r + k a.  The first
 * hash is fed as the items come and the text goes to a temporary file,
 * which the second hash reads back while it is copied out, a piece at a
 * time.  test_hub checks the bytes against bundle_ack_write.
 */
#define ACK_PIECE 4096

struct bundle_ack_out {
	FILE *text;			/* the text so far (tmpfile) */
	crypto_hash_sha512_state nonce;	/* SHA-512(az[32..63] || text) */
	crypto_generichash_state sum;	/* of the text as written */
	unsigned char az[64];		/* SHA-512 of the secret seed */
	unsigned char pk[BUNDLE_PK];
	char bundle_id[BUNDLE_ID_HEX + 1];
	struct sbuf line;
	int failed;			/* errno of a failed write, or 0 */
};

static void out_line(struct bundle_ack_out *o)
{
	crypto_hash_sha512_update(&o->nonce, (const unsigned char *)o->line.buf, o->line.len);
	crypto_generichash_update(&o->sum, (const unsigned char *)o->line.buf, o->line.len);
	if (!o->failed && fwrite(o->line.buf, 1, o->line.len, o->text) != o->line.len)
		o->failed = errno ? errno : EIO;
	sbuf_reset(&o->line);
}

struct bundle_ack_out *bundle_ack_out_new(const struct bundle_ack *head,
					  const unsigned char pk[BUNDLE_PK],
					  const unsigned char sk[BUNDLE_SK],
					  struct err *err)
{
	struct bundle_ack_out *o = xcalloc(1, sizeof(*o));

	if (!(o->text = tmpfile())) {
		err_set(err, "a temporary file for the acknowledgement: %s", strerror(errno));
		free(o);
		return NULL;
	}
	sbuf_init(&o->line, 256);
	crypto_hash_sha512(o->az, sk, 32);
	memcpy(o->pk, sk + 32, BUNDLE_PK);	/* as crypto_sign_detached takes it */
	snprintf(o->bundle_id, sizeof(o->bundle_id), "%s", head->bundle_id);
	crypto_hash_sha512_init(&o->nonce);
	crypto_hash_sha512_update(&o->nonce, o->az + 32, 32);
	crypto_generichash_init(&o->sum, NULL, 0, crypto_generichash_BYTES);
	head_text(head, pk, &o->line);
	out_line(o);
	return o;
}

void bundle_ack_out_add(struct bundle_ack_out *o, const char *uuid, long long revision,
			const char *status)
{
	char ref[BUNDLE_REF_HEX + 1];

	bundle_ack_ref(o->bundle_id, uuid, ref);
	item_text(ref, revision, status, &o->line);
	out_line(o);
}

void bundle_ack_out_free(struct bundle_ack_out *o)
{
	if (!o)
		return;
	if (o->text)
		fclose(o->text);
	sbuf_release(&o->line);
	sodium_memzero(o, sizeof(*o));
	free(o);
}

/* S = r + k a (mod L), a the clamped first half of az. */
static void ack_sign(struct bundle_ack_out *o, const unsigned char r[32],
		     crypto_hash_sha512_state *hram, unsigned char sig[BUNDLE_SIG])
{
	unsigned char h[64], k[32], wide[64] = { 0 }, a[32], ka[32];

	crypto_hash_sha512_final(hram, h);
	crypto_core_ed25519_scalar_reduce(k, h);
	memcpy(wide, o->az, 32);
	wide[0] &= 248;
	wide[31] &= 127;
	wide[31] |= 64;
	crypto_core_ed25519_scalar_reduce(a, wide);
	crypto_core_ed25519_scalar_mul(ka, k, a);
	crypto_core_ed25519_scalar_add(sig + 32, ka, r);
	sodium_memzero(wide, sizeof(wide));
	sodium_memzero(a, sizeof(a));
	sodium_memzero(ka, sizeof(ka));
}

int bundle_ack_out_finish(struct bundle_ack_out *o, FILE *to, struct err *err)
{
	unsigned char h[64], r[32], sig[BUNDLE_SIG], piece[ACK_PIECE];
	unsigned char wrote[crypto_generichash_BYTES], read[crypto_generichash_BYTES];
	crypto_generichash_state sum;
	crypto_hash_sha512_state hram;
	size_t n;
	int rc = -1;

	crypto_hash_sha512_final(&o->nonce, h);
	crypto_core_ed25519_scalar_reduce(r, h);
	if (o->failed || fflush(o->text) != 0 || fseek(o->text, 0, SEEK_SET) != 0) {
		err_set(err, "the acknowledgement's temporary file: %s",
			strerror(o->failed ? o->failed : errno));
		goto out;
	}
	/* R = [r]B: r is reduced and, but for a chance of 2^-252, not zero. */
	if (crypto_scalarmult_ed25519_base_noclamp(sig, r) != 0) {
		err_set(err, "signing the acknowledgement failed");
		goto out;
	}
	crypto_hash_sha512_init(&hram);
	crypto_hash_sha512_update(&hram, sig, 32);
	crypto_hash_sha512_update(&hram, o->pk, BUNDLE_PK);
	crypto_generichash_init(&sum, NULL, 0, sizeof(read));
	/* A short write sets ferror(to). */
	while (!ferror(to) && (n = fread(piece, 1, sizeof(piece), o->text)) > 0) {
		crypto_hash_sha512_update(&hram, piece, n);
		crypto_generichash_update(&sum, piece, n);
		fwrite(piece, 1, n, to);
	}
	if (ferror(o->text) || ferror(to)) {
		err_set(err, "writing the acknowledgement: %s", strerror(errno));
		goto out;
	}
	/* The nonce r was drawn from the text as written: signing other text
	 * with it would give away the key, so the two must be the same. */
	crypto_generichash_final(&o->sum, wrote, sizeof(wrote));
	crypto_generichash_final(&sum, read, sizeof(read));
	if (sodium_memcmp(wrote, read, sizeof(read)) != 0) {
		err_set(err, "the acknowledgement's temporary file changed while it was "
			"written: nothing was signed");
		goto out;
	}
	ack_sign(o, r, &hram, sig);
	sig_text(sig, &o->line);
	if (fwrite(o->line.buf, 1, o->line.len, to) != o->line.len) {
		err_set(err, "writing the acknowledgement: %s", strerror(errno));
		goto out;
	}
	rc = 0;
out:
	sodium_memzero(h, sizeof(h));
	sodium_memzero(r, sizeof(r));
	bundle_ack_out_free(o);
	return rc;
}

static int ack_line(struct bundle_ack *a, int lineno, char *line, int *have,
		    struct err *err)
{
	const char *v;

	if (lineno == 1)
		return strcmp(line, ACK_MAGIC) == 0 ? 0 :
			err_set(err, "%s", !strcmp(line, "EADR-ACK 1") ?
				"an acknowledgement from an older eadr hub (format 1, which "
				"lists appraisal UUIDs in clear): import the bundle again "
				"on the upgraded hub to write a new one" :
				!strncmp(line, "EADR-ACK ", 9) ?
				"an acknowledgement of another format version" :
				"not an eadr acknowledgement");
	if ((v = bundle_after(line, "bundle")) && !(*have & 1)) {
		unsigned char id[32];

		if (bundle_unhex(v, id, sizeof(id)) < 0)
			return err_set(err, "the bundle id is not 64 hex digits");
		snprintf(a->bundle_id, sizeof(a->bundle_id), "%s", v);
		*have |= 1;
	} else if ((v = bundle_after(line, "device")) && !(*have & 2)) {
		if (!bundle_uuid_ok(v, strlen(v)))
			return err_set(err, "the device is not a UUID");
		snprintf(a->device_id, sizeof(a->device_id), "%s", v);
		*have |= 2;
	} else if ((v = bundle_after(line, "seq")) && !(*have & 4)) {
		if (!bundle_number_ok(v))
			return err_set(err, "the sequence number is not a number");
		a->seq = strtoull(v, NULL, 10);
		*have |= 4;
	} else if ((v = bundle_after(line, "imported")) && !(*have & 8)) {
		if (strlen(v) != STAMP_LEN)
			return err_set(err, "the import time is not YYYY-MM-DDTHH:MM:SSZ");
		snprintf(a->imported, sizeof(a->imported), "%s", v);
		*have |= 8;
	} else if ((v = bundle_after(line, "hub")) && !(*have & 16)) {
		if (bundle_unhex(v, a->hub_pk, BUNDLE_PK) < 0)
			return err_set(err, "the hub key is not 64 hex digits");
		*have |= 16;
	} else if ((v = bundle_after(line, "item")) && *have == 31) {
		char *sp1 = strchr(v, ' '), *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
		unsigned char ref[BUNDLE_REF_HEX / 2];
		struct bundle_ack_item *it;

		if (!sp2 || (size_t)(sp1 - v) != BUNDLE_REF_HEX)
			return err_set(err, "an item is 'item REFERENCE REVISION STATUS'");
		*sp1 = *sp2 = '\0';
		if (bundle_unhex(v, ref, sizeof(ref)) < 0 || !bundle_number_ok(sp1 + 1) ||
		    (strcmp(sp2 + 1, "current") && strcmp(sp2 + 1, "history") &&
		     strcmp(sp2 + 1, "conflict")))
			return err_set(err, "an item is 'item REFERENCE REVISION STATUS'");
		it = ack_item(a);
		memcpy(it->ref, v, BUNDLE_REF_HEX + 1);
		it->revision = strtoll(sp1 + 1, NULL, 10);
		snprintf(it->status, sizeof(it->status), "%s", sp2 + 1);
	} else {
		return err_set(err, "unexpected line '%.40s'", line);
	}
	return 0;
}

int bundle_ack_read(const char *name, const char *text, size_t len,
		    const unsigned char *trusted_pk, struct bundle_ack *a,
		    struct err *err)
{
	unsigned char sig[BUNDLE_SIG];
	char *copy = NULL, *line, *nl;
	size_t off = 0;
	int lineno = 0, have = 0, rc = -1;

	memset(a, 0, sizeof(*a));
	if (len > (64u << 20) || memchr(text, '\0', len)) {
		err_set(err, "%s: not an eadr acknowledgement", name);
		return -1;
	}
	copy = xstrndup(text, len);
	for (line = copy; off < len; line = nl + 1) {
		const char *v;

		lineno++;
		if (!(nl = strchr(line, '\n'))) {
			err_set(err, "%s:%d: truncated (no end of line)", name, lineno);
			goto out;
		}
		*nl = '\0';
		off = (size_t)(nl + 1 - copy);
		if ((v = bundle_after(line, "signature")) && have == 31) {
			if (off != len) {
				err_set(err, "%s:%d: text after the signature", name, lineno + 1);
				goto out;
			}
			if (bundle_unhex(v, sig, sizeof(sig)) < 0) {
				err_set(err, "%s:%d: the signature is not 128 hex digits", name, lineno);
				goto out;
			}
			if (trusted_pk && sodium_memcmp(trusted_pk, a->hub_pk, BUNDLE_PK) != 0) {
				err_set(err, "%s: signed by a hub key this laptop does not trust", name);
				goto out;
			}
			if (crypto_sign_verify_detached(sig, (const unsigned char *)text,
							(size_t)(line - copy), a->hub_pk) != 0) {
				err_set(err, "%s: bad signature: the acknowledgement was changed "
					"after the hub signed it", name);
				goto out;
			}
			rc = 0;
			goto out;
		}
		if (ack_line(a, lineno, line, &have, err) < 0) {
			err_prefix(err, "%s:%d", name, lineno);
			goto out;
		}
	}
	err_set(err, "%s: truncated: no signature", name);
out:
	free(copy);
	if (rc < 0)
		bundle_ack_release(a);
	return rc;
}
