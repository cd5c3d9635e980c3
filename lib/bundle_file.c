/*
 * bundle_file.c - a bundle file read a piece at a time with pread, never
 * held whole in memory and never read through a mapping (a file truncated
 * or a stick pulled while it is read is an error, not a SIGBUS), with the
 * window bundle_read.c reads its records through, and the signature
 * checked as the bytes stream past (an Ed25519 check whose hash is fed in
 * pieces).
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "bundle.h"
#include "bundle_int.h"
#include "sync.h"

#define WIN_STEP (64u << 10)	/* the window reads 64 KiB at a time */

void (*bundle_pass_hook)(const char *pass);
void (*bundle_read_hook)(size_t off, size_t n);

int bundle_file_open(const char *path, struct bundle_file *f, struct err *err)
{
	struct stat sb;
	int fd;

	memset(f, 0, sizeof(*f));
	if ((fd = sync_file_open(path, BUNDLE_MAX + BUNDLE_HEADER + BUNDLE_SIG, &sb,
				 err)) < 0)
		return -1;
	f->len = (size_t)sb.st_size;
	f->fd = fd;
	f->open = 1;
	return 0;
}

int bundle_file_whole(const struct bundle_file *f, const char *id, unsigned char **out,
		      struct err *err)
{
	unsigned char *d = xmalloc(f->len ? f->len : 1);

	if (bundle_file_pread(f, 0, d, f->len, err) < 0)
		goto fail;
	if (!bundle_bytes_are(d, f->len, id)) {
		bundle_changed(err);
		goto fail;
	}
	*out = d;
	return 0;
fail:
	free(d);
	return -1;
}

void bundle_file_release(struct bundle_file *f)
{
	if (!f)
		return;
	if (f->open)
		close(f->fd);
	memset(f, 0, sizeof(*f));
}

int bundle_changed(struct err *err)
{
	return err_set(err, "changed while it was being imported; nothing from it "
		       "was kept");
}

int bundle_file_pread(const struct bundle_file *f, size_t off, void *buf, size_t n,
		      struct err *err)
{
	unsigned char *p = buf;

	if (off > f->len || n > f->len - off)	/* never past what was seen */
		return bundle_changed(err);
	if (bundle_read_hook)
		bundle_read_hook(off, n);
	while (n) {
		ssize_t got = pread(f->fd, p, n, (off_t)off);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return err_set(err, "could not be read (%s) while it was being "
				       "imported; nothing from it was kept", strerror(errno));
		if (got == 0)	/* shorter now than when it was opened */
			return bundle_changed(err);
		p += got;
		off += (size_t)got;
		n -= (size_t)got;
	}
	return 0;
}

void bundle_win_init(struct bundle_win *w, const struct bundle *b,
		     crypto_generichash_state *sum)
{
	memset(w, 0, sizeof(*w));
	w->file = b->content ? NULL : b->file;
	w->mem = b->content;
	w->end = b->content_len;
	w->sum = w->file ? sum : NULL;
	w->box = w->file ? b->box : NULL;
	w->base = BUNDLE_HEADER + (w->box ? sizeof(w->box->head) : 0);
	if (w->box && w->sum)	/* the checksum covers the payload as stored */
		crypto_generichash_update(w->sum, w->box->head, sizeof(w->box->head));
}

void bundle_box_xor(const struct bundle_box *x, unsigned char *p, size_t n, size_t at)
{
	uint64_t k = 32 + (uint64_t)at;	/* the stream's first 32 bytes keyed the tag */
	size_t skip = (size_t)(k % 64), m = 0;

	if (skip) {	/* into a block: its stream whole, the tail used */
		unsigned char blk[64] = { 0 };

		crypto_stream_salsa20_xor_ic(blk, blk, sizeof(blk), x->nonce, k / 64, x->subkey);
		for (m = 0; m < n && skip + m < 64; m++)
			p[m] ^= blk[skip + m];
		sodium_memzero(blk, sizeof(blk));
	}
	if (n > m)
		crypto_stream_salsa20_xor_ic(p + m, p + m, n - m, x->nonce, (k + m) / 64,
					     x->subkey);
}

void bundle_win_release(struct bundle_win *w)
{
	if (w->box && w->buf)	/* records opened: what they hold */
		sodium_memzero(w->buf, w->cap);
	free(w->buf);
	memset(w, 0, sizeof(*w));
}

const unsigned char *bundle_win_get(struct bundle_win *w, size_t off, size_t n,
				    struct err *err)
{
	size_t s, keep, want, to;

	if (off > w->end || n > w->end - off || (w->file && off < w->at)) {
		bundle_changed(err);	/* the callers check: only a guard */
		return NULL;
	}
	if (!w->file)
		return w->mem + off;
	if (off + n <= w->at + w->len)
		return w->buf + (off - w->at);
	/* Slide on: keep what is still ahead (from hold), read on from where the window
	 * ends (what is skipped too), so that every byte is read once, in
	 * order, and hashed as it is read. */
	s = off < w->at + w->len ? off : w->at + w->len;
	if (w->hold >= w->at && w->hold < s)
		s = w->hold;	/* the piece being read stays whole */
	keep = w->at + w->len - s;
	if (keep)
		memmove(w->buf, w->buf + (s - w->at), keep);
	/* Read on to the next multiple of WIN_STEP from the records' start (or
	 * to their end), one step a pread: where and how much is read never
	 * depends on what the records hold (a sealed bundle's lengths are
	 * opened text, which the sizes of reads would tell: found in review). */
	to = (off + n + WIN_STEP - 1) / WIN_STEP * WIN_STEP;
	if (to > w->end)
		to = w->end;
	want = to - s;
	if (want > w->cap) {	/* grown by hand: the old one wiped */
		unsigned char *nb = xmalloc(want);

		if (keep)
			memcpy(nb, w->buf, keep);
		if (w->buf)
			sodium_memzero(w->buf, w->cap);
		free(w->buf);
		w->buf = nb;
		w->cap = want;
	}
	/* Each step taken (hashed, opened) as it is read: a read that fails
	 * leaves the window holding what was read, so nothing is read twice
	 * (which reads were read again would tell where a record ends: found
	 * in review). */
	w->at = s;
	w->len = keep;
	while (s + w->len < to) {
		size_t p = s + w->len, m = to - p < WIN_STEP ? to - p : WIN_STEP;

		if (bundle_file_pread(w->file, w->base + p, w->buf + w->len, m, err) < 0)
			return NULL;
		if (w->sum)
			crypto_generichash_update(w->sum, w->buf + w->len, m);
		if (w->box)
			bundle_box_xor(w->box, w->buf + w->len, m, p);
		w->len += m;
	}
	return w->buf + (off - s);
}

int bundle_win_drain(struct bundle_win *w, struct err *err)
{
	size_t at = w->at + w->len;

	w->hold = at;
	while (at < w->end) {
		size_t n = w->end - at < WIN_STEP ? w->end - at : WIN_STEP;

		if (!bundle_win_get(w, at, n, err))
			return -1;
		at += n;
	}
	return 0;
}

int bundle_win_same(struct bundle_win *w, const unsigned char want[32],
		    struct err *err)
{
	unsigned char sum[32];

	if (bundle_win_drain(w, err) < 0)
		return 0;
	crypto_generichash_final(w->sum, sum, sizeof(sum));
	if (sodium_memcmp(sum, want, sizeof(sum)) != 0)
		return bundle_changed(err), 0;
	return 1;
}

/* bundle_win_get for bytes the caller checked lie before the records' end,
 * without a call when the window holds them (every length is read so). */
static inline const unsigned char *peek(struct bundle_win *w, size_t off, size_t n,
					struct err *err)
{
	if (!w->file)
		return w->mem + off;
	if (off >= w->at && off + n <= w->at + w->len)
		return w->buf + (off - w->at);
	return bundle_win_get(w, off, n, err);
}

static inline uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/*
 * Where the record at off ends, from its lengths alone: exactly, for a
 * record of the format; for another, no further than its first bad length
 * (parse_rec then says what is wrong), so that a bad length never brings
 * more than the record into the window.  Every length is checked against
 * the records' end as the first pass saw it.
 */
int bundle_rec_extent(struct bundle_win *w, size_t off, size_t *endp, struct err *err)
{
	const unsigned char *p;
	size_t o = off + 2;
	int t;

	*endp = w->end;
	if (w->end - off < 2)
		return 0;
	if (!(p = peek(w, off, 2, err)))
		return -1;
	for (t = 0; t < BUNDLE_NTYPES && bundle_type_char[t] != (char)p[0]; t++)
		;
	if (t == BUNDLE_NTYPES || p[1] != bundle_type_nf[t]) {
		*endp = o;
		return 0;
	}
	for (int i = 0; i < bundle_type_nf[t]; i++) {
		uint64_t len;

		if (w->end - o < 4)
			return 0;
		if (!(p = peek(w, o, 4, err)))
			return -1;
		len = be32(p);
		o += 4;
		if (len == BUNDLE_NO_VALUE)
			continue;
		if (len > w->end - o) {
			*endp = o;
			return 0;
		}
		o += (size_t)len;
	}
	*endp = o;
	return 0;
}

/* Where the unit starting at off ends: after a form, staff or feedback
 * record, or after the answers, goals and sign-offs that follow an
 * appraisal; every length read checked against the records' end. */
int bundle_unit_end(struct bundle_win *w, size_t off, size_t *endp, struct err *err)
{
	const unsigned char *p = peek(w, off, 1, err);
	int app;

	if (!p)
		return -1;
	app = p[0] == 'A';
	for (;;) {
		if (bundle_rec_extent(w, off, &off, err) < 0)
			return -1;
		if (!app || off >= w->end)
			break;
		if (!(p = peek(w, off, 1, err)))
			return -1;
		if (p[0] != 'N' && p[0] != 'P' && p[0] != 'G')
			break;
	}
	*endp = off;
	return 0;
}

/*
 * Ed25519 as RFC 8032 and libsodium's crypto_sign_verify_detached check
 * it (S canonical, R and A not of small order, [S]B = R + [k]A compared
 * by encoding), with k's SHA-512 fed in pieces.  A key must lie in the
 * prime-order group, which every key crypto_sign_keypair makes does (so
 * this is stricter than libsodium for a key with a small torsion part).
 * Both bundle formats are checked with it: format 1 over the whole file,
 * format 2 over the header.
 */
void bundle_sig_init(struct bundle_sig *v, const unsigned char sig[64],
		     const unsigned char pk[32])
{
	memcpy(v->sig, sig, 64);
	memcpy(v->pk, pk, 32);
	crypto_hash_sha512_init(&v->h);
	crypto_hash_sha512_update(&v->h, sig, 32);
	crypto_hash_sha512_update(&v->h, pk, 32);
}

void bundle_sig_update(struct bundle_sig *v, const unsigned char *p, size_t n)
{
	crypto_hash_sha512_update(&v->h, p, n);
}

int bundle_sig_final(struct bundle_sig *v)
{
	unsigned char hram[64], k[32], wide[64] = { 0 }, s[32], sb[32], ka[32], r[32];
	int rc = -1;

	crypto_hash_sha512_final(&v->h, hram);
	crypto_core_ed25519_scalar_reduce(k, hram);
	/* S < L: reduced, it is unchanged. */
	memcpy(wide, v->sig + 32, 32);
	crypto_core_ed25519_scalar_reduce(s, wide);
	if (sodium_memcmp(s, v->sig + 32, 32) != 0 ||
	    !crypto_core_ed25519_is_valid_point(v->sig) ||
	    crypto_scalarmult_ed25519_base_noclamp(sb, s) != 0 ||
	    crypto_scalarmult_ed25519_noclamp(ka, k, v->pk) != 0 ||
	    crypto_core_ed25519_sub(r, sb, ka) != 0)
		goto out;
	rc = sodium_memcmp(r, v->sig, 32) == 0 ? 0 : -1;
out:
	sodium_memzero(v, sizeof(*v));
	return rc;
}
