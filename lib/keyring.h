/*
 * keyring.h - a signed-in manager's keys and the cryptography of values at
 * rest (libsodium only: Argon2id, XChaCha20-Poly1305, sealed boxes).  The
 * format is documented in schema/security.md.  No SQL here: the store
 * keeps the wrapped keys and calls these to encrypt and decrypt.
 */
#ifndef EADR_KEYRING_H
#define EADR_KEYRING_H

#include <stddef.h>

#include "err.h"

#define KEYRING_SALT 16
#define KEYRING_WRAPPED (24 + 32 + 16)	/* nonce, key, tag */
#define KEYRING_RECOVERY (32 + 48)	/* crypto_box_seal of a 32-byte key */
#define KEYRING_OVERHEAD (1 + 24 + 16)	/* version, nonce, tag of a value */
#define KEYRING_MIN_PASS 12		/* characters (bytes) of a passphrase */

/* Argon2id limits of new profiles (stored with each profile). */
#define KEYRING_OPSLIMIT 3ULL
#define KEYRING_MEMLIMIT (128UL << 20)

/* A profile's stored key material: nothing in here is secret. */
struct keyring_wrapped {
	unsigned char salt[KEYRING_SALT];
	unsigned long long ops;
	size_t mem;
	unsigned char priv[KEYRING_WRAPPED];	/* K_priv under the KEK */
	unsigned char shared[KEYRING_WRAPPED];	/* K_share under the KEK */
};

struct keyring;

/* Which data key a value is under. */
enum { KEYRING_SHARED = 0, KEYRING_PRIVATE = 1 };

/*
 * Make a new manager's keys: a random salt, K_priv and K_share, both
 * wrapped under the Argon2id key of pass (filled into *w).  Returns the
 * signed-in keyring (profile id 0 until keyring_set_profile), or NULL and
 * err (too short a passphrase, out of locked memory).
 */
struct keyring *keyring_new(const char *name, const char *pass,
			    struct keyring_wrapped *w, struct err *err);

/*
 * A forgotten passphrase reset through the hub: as keyring_new, but K_share
 * is the recovered shared key (32 bytes) and K_priv a new random one (the
 * old private answers stay unreadable, by design).
 */
struct keyring *keyring_reset(const char *name, const unsigned char shared[32],
			      const char *pass, struct keyring_wrapped *w,
			      struct err *err);

/*
 * Sign in: derive the key of pass and unwrap w's keys.  NULL and err on
 * failure; *wrong (may be NULL) is set to 1 when the passphrase is wrong
 * (or the stored keys were altered), 0 for other failures.
 */
struct keyring *keyring_open(const char *name, long long profile_id,
			     const char *pass, const struct keyring_wrapped *w,
			     int *wrong, struct err *err);

/* Wipe and free every key (sodium_free).  NULL is a no-op. */
void keyring_free(struct keyring *kr);

void keyring_set_profile(struct keyring *kr, long long profile_id);
long long keyring_profile(const struct keyring *kr);
const char *keyring_name(const struct keyring *kr);	/* borrowed */

/* K_share sealed to a hub's X25519 public key (recovery). */
void keyring_seal_shared(const struct keyring *kr, const unsigned char hub_pk[32],
			 unsigned char out[KEYRING_RECOVERY]);

/*
 * Encrypt n bytes of text under the data key `which`, bound to the
 * associated data ad: writes n + KEYRING_OVERHEAD bytes to out.
 */
void keyring_encrypt(const struct keyring *kr, int which,
		     const unsigned char *ad, size_t adlen,
		     const char *text, size_t n, unsigned char *out);

/*
 * Decrypt a value made by keyring_encrypt with the same which and ad.
 * Returns a NUL-terminated copy (caller frees; *len may be NULL), or NULL
 * when it does not open (another key, another row, altered, not a value).
 */
char *keyring_decrypt(const struct keyring *kr, int which,
		      const unsigned char *ad, size_t adlen,
		      const unsigned char *blob, size_t n, size_t *len);

/* ---- a profile's box key pair (handing an appraisal over) ---- */

#define KEYRING_BOX_PK 32				/* X25519 public key */
#define KEYRING_BOX_WRAPPED (32 + KEYRING_OVERHEAD)	/* its secret, under K_share */
#define KEYRING_SEAL_OVERHEAD 48			/* crypto_box_SEALBYTES */

/*
 * Make a box key pair (X25519) for the signed-in manager: pk gets the
 * public key, wrapped the secret key encrypted under K_share with the
 * associated data "eadr-box-v1" NUL name.
 */
void keyring_box_new(const struct keyring *kr, unsigned char pk[KEYRING_BOX_PK],
		     unsigned char wrapped[KEYRING_BOX_WRAPPED]);
/* crypto_box_seal of n bytes to pk: n + KEYRING_SEAL_OVERHEAD bytes in out. */
void keyring_box_seal(const unsigned char pk[KEYRING_BOX_PK], const void *msg,
		      size_t n, unsigned char *out);
/*
 * Open what was sealed to the signed-in manager's box key (pk, and its
 * secret as keyring_box_new wrapped it).  Returns a NUL-terminated copy
 * (caller wipes with keyring_wipe and frees; *len its length), or NULL when
 * it does not open (another manager's key, altered).
 */
unsigned char *keyring_box_open(const struct keyring *kr,
				const unsigned char pk[KEYRING_BOX_PK],
				const unsigned char *wrapped, size_t wlen,
				const unsigned char *sealed, size_t n, size_t *len);
/* 0 when the box secret (wrapped by keyring_box_new) opens under kr's
 * K_share: the check that a recovered K_share is this manager's. */
int keyring_box_check(const struct keyring *kr, const unsigned char *wrapped,
		      size_t wlen);
/* sodium_memzero; NULL is a no-op. */
void keyring_wipe(void *p, size_t n);

/* sodium_init once; -1 and err when libsodium cannot start. */
int keyring_init(struct err *err);

#endif
