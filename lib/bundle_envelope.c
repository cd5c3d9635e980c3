/*
 * bundle_envelope.c - a bundle's envelope, read strictly (see bundle.h and
 * schema/bundle.md): the header, the pass over the whole file that checks
 * the signature and takes the bundle id, and the records opened (decrypted
 * when sealed).  From a file, every pass reads its own copy of the bytes it
 * hashes (pread), so that a file changed meanwhile is told, never trusted.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "bundle.h"
#include "bundle_int.h"
#include "sbuf.h"

#define PASS_CHUNK (64u << 10)

/* Bytes [off, off + n) of the bundle: in d, or read from b->file into buf
 * (*out: where they are). */
static int bytes_at(const struct bundle *b, const unsigned char *d, size_t off,
		    unsigned char *buf, size_t n, const unsigned char **out,
		    struct err *err)
{
	if (!b->file) {
		*out = d + off;
		return 0;
	}
	*out = buf;
	return bundle_file_pread(b->file, off, buf, n, err);
}

/* What one pass over the signed bytes found (hash_pass). */
struct pass_out {
	int sig_ok, sum_ok;	/* the signature holds; the records have the checksum */
	unsigned char id[32];
};

#define PASS_SIG 1u	/* format 1's signature, over the whole file */
#define PASS_ID 2u	/* format 1's bundle id, of the whole file */
#define PASS_SUM 4u	/* the records' checksum */

/* One pass over the file, a piece at a time (from a file, through a private
 * buffer, so that what is hashed is the same bytes, whatever happens to the
 * file meanwhile): as asked, format 1's signature and bundle id, and the
 * records' checksum. */
static int hash_pass(const unsigned char *d, size_t len, struct bundle *b, unsigned what,
		     struct pass_out *o, struct err *err)
{
	crypto_generichash_state is, cs;
	struct bundle_sig v;
	size_t end = len - BUNDLE_SIG;
	unsigned char *buf = b->file ? xmalloc(PASS_CHUNK) : NULL, sum[32];
	unsigned char sig[BUNDLE_SIG];
	const unsigned char *p;
	int rc = -1;

	memset(o, 0, sizeof(*o));
	if (bytes_at(b, d, end, sig, BUNDLE_SIG, &p, err) < 0)
		goto out;
	if (p != sig)	/* in memory: p is in d (from a file it is sig) */
		memcpy(sig, p, BUNDLE_SIG);
	crypto_generichash_init(&is, NULL, 0, sizeof(o->id));
	crypto_generichash_init(&cs, NULL, 0, sizeof(sum));
	bundle_sig_init(&v, sig, b->device_pk);
	for (size_t off = 0; off < end;) {
		size_t n = end - off < PASS_CHUNK ? end - off : PASS_CHUNK;
		size_t skip = off < BUNDLE_HEADER ? BUNDLE_HEADER - off : 0;

		if (bytes_at(b, d, off, buf, n, &p, err) < 0)
			goto out;
		if (off == 0 && memcmp(p, b->hdr, BUNDLE_HEADER)) {
			bundle_changed(err);	/* the header changed since it was read */
			goto out;
		}
		if (what & PASS_SIG)
			bundle_sig_update(&v, p, n);
		if (what & PASS_ID)
			crypto_generichash_update(&is, p, n);
		if ((what & PASS_SUM) && n > skip)
			crypto_generichash_update(&cs, p + skip, n - skip);
		off += n;
	}
	crypto_generichash_update(&is, sig, BUNDLE_SIG);
	crypto_generichash_final(&is, o->id, sizeof(o->id));
	crypto_generichash_final(&cs, sum, sizeof(sum));
	o->sum_ok = (what & PASS_SUM) && bundle_sum_signed(b, sum);
	o->sig_ok = (what & PASS_SIG) && bundle_sig_final(&v) == 0;
	rc = 0;
out:
	sodium_memzero(&v, sizeof(v));
	free(buf);
	return rc;
}

static int damaged(struct err *err)
{
	return err_set(err, "damaged: the checksum does not match the content "
		       "(a changed or lost byte; copy the bundle again)");
}

static int forged(const struct bundle *b, struct err *err)
{
	return err_set(err, "bad signature: the bundle was changed after device %s "
		       "signed it, or was not signed by that device", b->device_id);
}

/* The first pass of format 1: the signature and the bundle id, over the
 * whole file.  A damaged file (the checksum) is told apart from a forged
 * one (the signature); the signature covers the checksum, but a device
 * could still sign a wrong one, and that is refused too.  From a file, the
 * checksum is not taken here: the pass that checks the records (or opens
 * them, sealed) hashes what it reads and must find it, so this pass hashes
 * once less; only when the signature fails is the file read again for it
 * (refused either way: which message). */
static int envelope_pass_v1(const unsigned char *d, size_t len, struct bundle *b,
			    struct err *err)
{
	struct pass_out o;

	if (hash_pass(d, len, b, PASS_SIG | PASS_ID | (b->file ? 0 : PASS_SUM), &o, err) < 0)
		return -1;
	bundle_hex(o.id, sizeof(o.id), b->id);
	if (!b->file && !o.sum_ok)
		return damaged(err);
	if (o.sig_ok)
		return 0;
	if (b->file && hash_pass(d, len, b, PASS_SIG | PASS_SUM, &o, err) < 0)
		return -1;
	return o.sum_ok ? forged(b, err) : damaged(err);
}

/* Format 2: the signature covers the header alone, the id is of the header
 * and the signature; no pass over the records here.  From memory the
 * records' checksum is checked now; from a file, by the pass that checks
 * (or opens) the records, as in format 1. */
static int envelope_pass(const unsigned char *d, size_t len, struct bundle *b,
			 struct err *err)
{
	unsigned char sig[BUNDLE_SIG], id[32];
	const unsigned char *p;
	struct bundle_sig v;
	struct pass_out o;

	if (b->version < 2)
		return envelope_pass_v1(d, len, b, err);
	if (bytes_at(b, d, len - BUNDLE_SIG, sig, BUNDLE_SIG, &p, err) < 0)
		return -1;
	memmove(sig, p, BUNDLE_SIG);
	bundle_id_parts(b->hdr, sig, id);
	bundle_hex(id, sizeof(id), b->id);
	bundle_sig_init(&v, sig, b->device_pk);	/* as format 1's, one verifier */
	bundle_sig_update(&v, b->hdr, BUNDLE_HEADER);
	if (bundle_sig_final(&v) != 0)
		return forged(b, err);
	if (b->file)
		return 0;
	if (hash_pass(d, len, b, PASS_SUM, &o, err) < 0)
		return -1;
	return o.sum_ok ? 0 : damaged(err);
}

/* A later pass over a file read records that were not the checksum's: read
 * the file again.  Format 1: its records do not have the checksum, and the
 * signature (which the first pass found holding) holds over them: the
 * device signed a wrong checksum, damaged.  Format 2, whose signature
 * covers the header alone: its records do not have the checksum, and no
 * pass ever found it (a changed byte, or a wrong checksum signed): damaged.
 * Else: changed meanwhile. */
int bundle_file_refused(struct bundle *b, struct err *err)
{
	struct pass_out o;
	struct err why = ERR_INIT;
	int rc = -1;

	if (bundle_pass_hook)
		bundle_pass_hook("refused");
	if (hash_pass(NULL, b->file->len, b, (b->version < 2 ? PASS_SIG : 0) | PASS_SUM, &o,
		      &why) < 0)
		bundle_changed(err);
	else if (!o.sum_ok && (b->version >= 2 ? !b->sum_held : o.sig_ok))
		damaged(err);
	else
		bundle_changed(err);
	err_release(&why);
	return rc;
}

/* The checks on the file before its payload is trusted or opened (the
 * header is read once, into b->hdr, and only from there). */
int bundle_check_envelope(const unsigned char *d, size_t len, struct bundle *b,
			  uint64_t *plen, struct err *err)
{
	const unsigned char *h = b->hdr, *p;
	size_t m = len < 8 ? len : 8, hn = len < BUNDLE_HEADER ? len : BUNDLE_HEADER;

	if (len == 0)
		return err_set(err, "empty file, not an eadr bundle");
	if (bytes_at(b, d, 0, b->hdr, hn, &p, err) < 0)
		return -1;
	memmove(b->hdr, p, hn);
	if (memcmp(h, bundle_magic, m))
		return err_set(err, "not an eadr bundle (it does not start with EADRBNDL)");
	if (len < 10)
		return err_set(err, "truncated: only %zu bytes", len);
	b->version = (unsigned)bundle_get_be(h + 8, 2);
	if (b->version < BUNDLE_VERSION_OLDEST || b->version > BUNDLE_VERSION)
		return err_set(err, "bundle format version %u; this eadr reads versions "
			       "%d to %d%s", b->version, BUNDLE_VERSION_OLDEST, BUNDLE_VERSION,
			       b->version > BUNDLE_VERSION ? " (upgrade eadr to import it)" : "");
	if (len < BUNDLE_HEADER + BUNDLE_SIG)
		return err_set(err, "truncated: %zu bytes, shorter than any bundle", len);
	*plen = bundle_get_be(h + 152, 8);
	if (*plen > len - BUNDLE_HEADER - BUNDLE_SIG)
		return err_set(err, "truncated: the header says %llu bytes of records, the "
			       "file holds %zu", (unsigned long long)*plen,
			       len - BUNDLE_HEADER - BUNDLE_SIG);
	if (*plen < len - BUNDLE_HEADER - BUNDLE_SIG)
		return err_set(err, "%zu unexpected bytes after the end of the bundle",
			       len - BUNDLE_HEADER - BUNDLE_SIG - (size_t)*plen);
	/* Only for the message: the id is checked once the signature holds. */
	memcpy(b->device_id, h + 12, UUID_LEN);
	for (int i = 0; i < UUID_LEN; i++)
		if (h[12 + i] < 0x20 || h[12 + i] > 0x7e)
			b->device_id[i] = '?';
	b->device_id[UUID_LEN] = '\0';
	memcpy(b->device_pk, h + 48, BUNDLE_PK);
	if (envelope_pass(d, len, b, err) < 0)
		return -1;
	/* Signed: what follows is what the device wrote, but still checked. */
	b->flags = (unsigned)bundle_get_be(h + 10, 2);
	if (b->flags & ~BUNDLE_SEALED)
		return err_set(err, "unknown flags 0x%04x in the header", b->flags);
	if (!bundle_uuid_ok((const char *)h + 12, UUID_LEN))
		return err_set(err, "bad header: the device id is not a UUID");
	b->seq = bundle_get_be(h + 80, 8);
	b->created = (long long)(bundle_get_be(h + 88, 8) & INT64_MAX);
	memcpy(b->sealed_to, h + 120, BUNDLE_PK);
	if (!(b->flags & BUNDLE_SEALED) && !sodium_is_zero(b->sealed_to, BUNDLE_PK))
		return err_set(err, "bad header: a hub key on a bundle that is not sealed");
	return 0;
}

/* The records, decrypted when sealed: b->content (NULL for records left in
 * b->file, read through a window). */
/*
 * A sealed bundle's records, from its file, opened a piece at a time and
 * never held whole: crypto_box_seal's layout (the sender's X25519 key, the
 * Poly1305 tag, the records under XSalsa20 whose first 32 bytes of stream
 * keyed Poly1305), the key and nonce derived as crypto_box_seal_open does.
 * This pass reads the file once: its checksum (what the signature covers)
 * and the tag must hold before a record is read; the window then reads,
 * hashes and opens the records again at each later pass (bundle_box_xor).
 */
static int open_sealed_file(struct bundle *b, const unsigned char *box_pk,
			    const unsigned char *box_sk, struct err *err)
{
	struct bundle_box *x = b->box = xmalloc(sizeof(*b->box));
	crypto_generichash_state ns, cs;
	crypto_onetimeauth_poly1305_state ps;
	unsigned char k[crypto_box_BEFORENMBYTES], n[crypto_box_NONCEBYTES];
	unsigned char poly[32], tag[crypto_box_MACBYTES], sum[32];
	unsigned char *buf = xmalloc(PASS_CHUNK);
	int keyed, rc = -1;

	b->content = NULL;
	if (bundle_pass_hook)
		bundle_pass_hook("payload");
	if (bundle_file_pread(b->file, BUNDLE_HEADER, x->head, sizeof(x->head), err) < 0)
		goto out;
	crypto_generichash_init(&ns, NULL, 0, sizeof(n));
	crypto_generichash_update(&ns, x->head, crypto_box_PUBLICKEYBYTES);
	crypto_generichash_update(&ns, box_pk, crypto_box_PUBLICKEYBYTES);
	crypto_generichash_final(&ns, n, sizeof(n));
	keyed = crypto_box_beforenm(k, x->head, box_sk) == 0;
	if (keyed) {
		crypto_core_hsalsa20(x->subkey, n, k, NULL);
		memcpy(x->nonce, n + 16, sizeof(x->nonce));
		crypto_stream_salsa20(poly, sizeof(poly), x->nonce, x->subkey);
		crypto_onetimeauth_poly1305_init(&ps, poly);
	}
	crypto_generichash_init(&cs, NULL, 0, sizeof(sum));
	crypto_generichash_update(&cs, x->head, sizeof(x->head));
	for (size_t off = 0; off < b->content_len;) {
		size_t m = b->content_len - off < PASS_CHUNK ? b->content_len - off : PASS_CHUNK;

		if (bundle_file_pread(b->file, BUNDLE_HEADER + sizeof(x->head) + off, buf, m,
				      err) < 0)
			goto out;
		crypto_generichash_update(&cs, buf, m);
		if (keyed)
			crypto_onetimeauth_poly1305_update(&ps, buf, m);
		off += m;
	}
	crypto_generichash_final(&cs, sum, sizeof(sum));
	if (keyed)
		crypto_onetimeauth_poly1305_final(&ps, tag);
	if (!bundle_sum_signed(b, sum)) {	/* changed, or damaged */
		bundle_file_refused(b, err);
		goto out;
	}
	b->sum_held = 1;
	if (!keyed || crypto_verify_16(tag, x->head + crypto_box_PUBLICKEYBYTES) != 0)
		err_set(err, "cannot be opened with this hub's key (damaged)");
	else
		rc = 0;
out:
	sodium_memzero(k, sizeof(k));
	sodium_memzero(poly, sizeof(poly));
	sodium_memzero(&ps, sizeof(ps));
	free(buf);
	return rc;
}

int bundle_open_payload(const unsigned char *d, uint64_t plen,
			const unsigned char *box_pk, const unsigned char *box_sk,
			struct bundle *b, struct err *err)
{
	char fa[25], fb[25];

	if (!(b->flags & BUNDLE_SEALED)) {
		b->content = b->file ? NULL : d + BUNDLE_HEADER;
		b->content_len = (size_t)plen;
		return 0;
	}
	if (!box_pk || !box_sk)
		return err_set(err, "sealed to a hub key; only that hub can import it");
	if (sodium_memcmp(b->sealed_to, box_pk, BUNDLE_PK) != 0) {
		bundle_fingerprint(b->sealed_to, fa);
		bundle_fingerprint(box_pk, fb);
		return err_set(err, "sealed to another hub's key (%s), not this hub's (%s)",
			       fa, fb);
	}
	if (plen < crypto_box_SEALBYTES)
		return err_set(err, "damaged: too short to be sealed");
	b->content_len = (size_t)plen - crypto_box_SEALBYTES;
	if (b->file)
		return open_sealed_file(b, box_pk, box_sk, err);
	b->plain = xmalloc(b->content_len + 1);
	b->content = b->plain;
	if (crypto_box_seal_open(b->plain, d + BUNDLE_HEADER, (size_t)plen, box_pk,
				 box_sk) != 0)
		return err_set(err, "cannot be opened with this hub's key (damaged)");
	return 0;
}

