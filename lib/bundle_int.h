/*
 * bundle_int.h - what bundle.c, bundle_read.c, bundle_ack.c and bundle_keys.c
 * share: the record tables and the strict checks of the text fields the
 * formats carry.  Not for other files.
 */
#ifndef EADR_BUNDLE_INT_H
#define EADR_BUNDLE_INT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <sodium.h>

#include "bundle.h"
#include "err.h"

#define BUNDLE_NO_VALUE 0xffffffffu	/* a field's length: no value (NULL) */

/* The record types' letters, names, field counts, and as bit masks per
 * type the fields that may have no value and those that are numbers. */
extern const unsigned char bundle_magic[8];
extern const char bundle_type_char[BUNDLE_NTYPES];
extern const char *const bundle_type_name[BUNDLE_NTYPES];
extern const int bundle_type_nf[BUNDLE_NTYPES];
extern const unsigned bundle_type_nullable[BUNDLE_NTYPES];
extern const unsigned bundle_type_numeric[BUNDLE_NTYPES];

/* Where a record type travels: 0 forms and staff, 1 appraisals with their
 * answers, goals and sign-offs, 2 feedback requests, 3 feedback responses. */
int bundle_type_phase(int t);
/* May a record of type t come when the records so far reached phase?  0,
 * or -1 and err (idx: the record's number for the reader's message, 0 for
 * the writer's). */
int bundle_order_check(int t, int phase, size_t idx, struct err *err);

/*
 * What a bundle's signature covers, by format version: format 1, every
 * byte before it (its SHA-512 a pass over the whole file); format 2, the
 * header alone, which holds the records' length and their BLAKE2b-256
 * checksum, so the records are covered through the checksum (as minisign
 * signs a BLAKE2b hash of a file) and the signature costs nothing per
 * byte.  len: the whole file's.
 */
size_t bundle_signed_len(unsigned version, size_t len);
/* The bundle id of a whole file d[0..len) (its header read, len at least
 * a header and a signature): format 1, BLAKE2b-256 of the whole file;
 * format 2, of the header and the signature (the header holds the
 * records' checksum). */
void bundle_id_bytes(const unsigned char *d, size_t len, unsigned char id[32]);
/* Format 2's id from its two parts. */
void bundle_id_parts(const unsigned char hdr[BUNDLE_HEADER],
		     const unsigned char sig[BUNDLE_SIG], unsigned char id[32]);
/* 1 when d[0..len) is exactly the bundle whose id is id (hex): format 2,
 * its id and its records' checksum; else 0. */
int bundle_bytes_are(const unsigned char *d, size_t len, const char *id);
/* Sign the file d[0..len) in place (its last BUNDLE_SIG bytes) with the
 * Ed25519 secret key sk, as its header's format version says. */
void bundle_sign_bytes(unsigned char *d, size_t len, const unsigned char *sk);
/* bundle_finish, writing the format version asked (1 or 2): only tests
 * and fixtures write format 1, to show that it is still read. */
int bundle_finish_version(struct bundle_writer *w, const struct bundle_signer *s,
			  const unsigned char *seal_to, unsigned long long seq,
			  long long created, unsigned version, struct sbuf *out,
			  char id[BUNDLE_ID_HEX + 1], struct err *err);

/* Where the header holds the records' checksum (BLAKE2b-256), and whether
 * sum is that checksum, in the header as it was checked (b->hdr), compared
 * in constant time: every pass that hashes the records asks this. */
#define BUNDLE_SUM_AT 160
static inline int bundle_sum_signed(const struct bundle *b, const unsigned char sum[32])
{
	return sodium_memcmp(sum, b->hdr + BUNDLE_SUM_AT, 32) == 0;
}

/* Big-endian unsigned integers of n bytes. */
void bundle_put_be(unsigned char *p, uint64_t v, int n);
uint64_t bundle_get_be(const unsigned char *p, int n);

/* A lower-case UUID of exactly n == UUID_LEN characters: 1 or 0. */
int bundle_uuid_ok(const char *s, size_t n);
/* A whole number: digits only, no sign, no leading zero, at most 18. */
int bundle_number_ok(const char *s);
/* The same for n bytes (no NUL needed). */
int bundle_number_okn(const char *s, size_t n);
/* The value after "key " at the start of line, or NULL. */
const char *bundle_after(const char *line, const char *key);

/* "changed while it was being imported; nothing from it was kept": -1. */
int bundle_changed(struct err *err);
/* Bytes [off, off + n) of f into buf, all of them: 0, or -1 and err (the
 * file is shorter than when it was opened, or cannot be read). */
int bundle_file_pread(const struct bundle_file *f, size_t off, void *buf, size_t n,
		      struct err *err);

/* The envelope (bundle_envelope.c).  bundle_check_envelope reads the
 * header into b->hdr, checks it, the signature and (from memory) the
 * checksum, and takes the id: 0, or -1 and err; *plen is the records'
 * length as the file holds them.  bundle_open_payload sets b->content
 * (decrypted when sealed; NULL for records left in b->file) and
 * b->content_len. */
int bundle_check_envelope(const unsigned char *d, size_t len, struct bundle *b,
			  uint64_t *plen, struct err *err);
int bundle_open_payload(const unsigned char *d, uint64_t plen,
			const unsigned char *box_pk, const unsigned char *box_sk,
			struct bundle *b, struct err *err);
/* A later pass over b->file read records that were not the signed
 * checksum's: the file read again says which, into err: damaged (the device
 * signed a wrong checksum) or changed meanwhile.  -1. */
int bundle_file_refused(struct bundle *b, struct err *err);

/* A sealed bundle's records read from its file (bundle_open_payload):
 * what the window needs to open them a piece at a time. */
struct bundle_box {
	unsigned char head[crypto_box_SEALBYTES];	/* sender's key, tag: hashed first */
	unsigned char subkey[32], nonce[8];		/* Salsa20's */
};
/* Open (XOR with the stream) n bytes at p, the records' bytes [at, at + n). */
void bundle_box_xor(const struct bundle_box *x, unsigned char *p, size_t n, size_t at);

/* A window on a bundle's records (b->content, or the file's payload when
 * that is NULL): bundle_win_get makes bytes [off, off + n) of the records
 * readable at once, n at most the records' length less off, and returns
 * them (valid until the next call), or NULL and err.  From a file, the
 * window slides on in order (off never before a byte already passed), keeps
 * what is from hold on (the start of the record or unit being read), holds
 * at most 64 KiB or the largest piece asked for, and hashes (sum, may be
 * NULL) every byte once, as it is read. */
struct bundle_win {
	const struct bundle_file *file;	/* NULL: the records are in mem */
	const unsigned char *mem;
	size_t end;			/* the records' length */
	unsigned char *buf;
	size_t cap, at, len;		/* buf holds records [at, at + len) */
	size_t hold;			/* kept when the window slides on */
	crypto_generichash_state *sum;
	const struct bundle_box *box;	/* sealed: opened as read */
	size_t base;			/* where the records start in the file */
};
void bundle_win_init(struct bundle_win *w, const struct bundle *b,
		     crypto_generichash_state *sum);
void bundle_win_release(struct bundle_win *w);
const unsigned char *bundle_win_get(struct bundle_win *w, size_t off, size_t n,
				    struct err *err);
/* Read (and hash) the rest of the records from a file: 0, or -1 and err. */
int bundle_win_drain(struct bundle_win *w, struct err *err);
/* Whether every record of a file, read through w (the rest read now), is
 * what the first pass checked (want: the checksum): 1, or 0 and err
 * ("changed while it was being imported"). */
int bundle_win_same(struct bundle_win *w, const unsigned char want[32],
		    struct err *err);

/* Where the record at off ends (*endp), read from its lengths alone:
 * exactly, for a record of the format; for another, no further than its
 * first bad length, so that parse_rec then says what is wrong and a bad
 * length never brings more than the record into the window.  Every length
 * is checked against the records' end.  -1 and err only when the file
 * cannot be read. */
int bundle_rec_extent(struct bundle_win *w, size_t off, size_t *endp, struct err *err);
/* Where the unit starting at off ends: after a form, staff or feedback
 * record, or after the answers, goals and sign-offs that follow an
 * appraisal (each record as bundle_rec_extent). */
int bundle_unit_end(struct bundle_win *w, size_t off, size_t *endp, struct err *err);

/* An Ed25519 signature (as crypto_sign_verify_detached checks it) over a
 * message given in pieces: init, update with each piece, final: 0 when it
 * holds, -1 when not. */
struct bundle_sig {
	crypto_hash_sha512_state h;
	unsigned char sig[64], pk[32];
};
void bundle_sig_init(struct bundle_sig *v, const unsigned char sig[64],
		     const unsigned char pk[32]);
void bundle_sig_update(struct bundle_sig *v, const unsigned char *p, size_t n);
int bundle_sig_final(struct bundle_sig *v);

/* 1 when s[0..n) is ASCII text without a NUL (then it is UTF-8 text as
 * the format wants), read eight bytes at a time; 0 when it may not be
 * (then memchr and utf8_valid decide, byte by byte).  A word with a byte
 * 0x00 or >= 0x80 sets a high bit of (v - ones) | v (the lowest such
 * byte gets no borrow from below); a word of bytes 0x01..0x7f never does
 * (no borrow, no high bit). */
static inline int bundle_plain_ascii(const char *s, size_t n)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	uint64_t v, acc = 0;
	size_t i = 0;

	if (n < 8) {
		for (; i < n; i++)
			acc |= (uint64_t)(((unsigned char)s[i] - 1u) | (unsigned char)s[i]) & 0x80u;
		return !(acc & highs);
	}
	for (; i + 8 <= n; i += 8) {
		memcpy(&v, s + i, 8);
		acc |= (v - ones) | v;
	}
	memcpy(&v, s + n - 8, 8);	/* the last eight, overlapping */
	acc |= (v - ones) | v;
	return !(acc & highs);
}

#endif
