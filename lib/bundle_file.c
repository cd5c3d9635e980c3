/*
 * bundle_file.c - a bundle file read in place (mapped, not copied into
 * memory), with what lets bundle_read.c check it in passes of bounded
 * memory: pages behind a pass are given back as it goes, and the
 * signature is checked as the bytes stream past (an Ed25519 check whose
 * hash is fed in pieces).
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "bundle.h"
#include "bundle_int.h"
#include "sync.h"

#define DROP_STEP (1u << 20)	/* pages are given back a megabyte at a time */

int bundle_file_map(const char *path, struct bundle_file *f, struct err *err)
{
	struct stat sb;
	int fd;

	memset(f, 0, sizeof(*f));
	if ((fd = sync_file_open(path, BUNDLE_MAX + BUNDLE_HEADER + BUNDLE_SIG, &sb,
				 err)) < 0)
		return -1;
	f->len = (size_t)sb.st_size;
	if (f->len) {
		void *p = mmap(NULL, f->len, PROT_READ, MAP_PRIVATE, fd, 0);

		if (p == MAP_FAILED) {
			err_set(err, "%s: %s", path, strerror(errno));
			close(fd);
			return -1;
		}
		f->data = p;
	}
	close(fd);
	return 0;
}

void bundle_file_release(struct bundle_file *f)
{
	if (f && f->data)
		munmap(f->data, f->len);
	if (f)
		memset(f, 0, sizeof(*f));
}

void bundle_pass_start(struct bundle *b)
{
	b->dropped = 0;
}

void bundle_pass_drop(struct bundle *b, const unsigned char *upto)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), off;

	uintptr_t at = (uintptr_t)upto, base = (uintptr_t)b->map;

	if (!b->map || at < base || at > base + b->map_len)
		return;
	off = (size_t)(at - base) / page * page;
	if (off < b->dropped + DROP_STEP)
		return;
	/* Read-only pages of the file: given back, read again if needed. */
	madvise((void *)(b->map + b->dropped), off - b->dropped, MADV_DONTNEED);
	b->dropped = off;
}

/*
 * Ed25519 as RFC 8032 and libsodium's crypto_sign_verify_detached check
 * it (S canonical, R and A not of small order, [S]B = R + [k]A compared
 * by encoding), with k's SHA-512 fed in pieces.  A key must lie in the
 * prime-order group, which every key crypto_sign_keypair makes does.
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
