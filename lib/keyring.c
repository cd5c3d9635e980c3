/*
 * keyring.c - a manager's keys in locked memory, Argon2id key wrapping and
 * the encryption of values bound to their row (see keyring.h and
 * schema/security.md).
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "keyring.h"
#include "sbuf.h"

#define KEY crypto_aead_xchacha20poly1305_ietf_KEYBYTES
#define NONCE crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG crypto_aead_xchacha20poly1305_ietf_ABYTES
#define VALUE_V1 1

/* The secret part lives in sodium_malloc memory; the rest is not secret. */
struct secrets {
	unsigned char key[2][KEY];	/* KEYRING_SHARED, KEYRING_PRIVATE */
};

struct keyring {
	struct secrets *sec;
	long long profile_id;
	char *name;
};

int keyring_init(struct err *err)
{
	if (sodium_init() < 0)
		return err_set(err, "the cryptography library (libsodium) cannot start");
	return 0;
}

static struct keyring *alloc(const char *name, struct err *err)
{
	struct keyring *kr;
	struct secrets *sec;

	if (keyring_init(err) < 0)
		return NULL;
	if (!(sec = sodium_malloc(sizeof(*sec)))) {
		err_set(err, "cannot keep the keys in protected memory (out of memory)");
		return NULL;
	}
	kr = xcalloc(1, sizeof(*kr));
	kr->sec = sec;
	kr->name = xstrdup(name);
	return kr;
}

void keyring_free(struct keyring *kr)
{
	if (!kr)
		return;
	sodium_free(kr->sec);	/* zeroes the memory before freeing it */
	free(kr->name);
	free(kr);
}

void keyring_set_profile(struct keyring *kr, long long profile_id)
{
	kr->profile_id = profile_id;
}

long long keyring_profile(const struct keyring *kr)
{
	return kr->profile_id;
}

const char *keyring_name(const struct keyring *kr)
{
	return kr->name;
}

/* "eadr-key-v1" NUL which NUL name: the wrapped keys' associated data. */
static size_t wrap_ad(unsigned char *ad, size_t cap, const char *which,
		      const char *name)
{
	static const char tag[] = "eadr-key-v1";
	size_t n = 0, l;

	memcpy(ad, tag, sizeof(tag));
	n += sizeof(tag);
	l = strlen(which) + 1;
	memcpy(ad + n, which, l);
	n += l;
	l = strlen(name);
	if (l > cap - n)
		l = cap - n;
	memcpy(ad + n, name, l);
	return n + l;
}

static const char *const which_name[2] = { "shared", "private" };

static void wrap(const unsigned char *kek, const char *name, int which,
		 const unsigned char *key, unsigned char out[KEYRING_WRAPPED])
{
	unsigned char ad[512];
	size_t adlen = wrap_ad(ad, sizeof(ad), which_name[which], name);

	randombytes_buf(out, NONCE);
	crypto_aead_xchacha20poly1305_ietf_encrypt(out + NONCE, NULL, key, KEY,
						   ad, adlen, NULL, out, kek);
}

static int unwrap(const unsigned char *kek, const char *name, int which,
		  const unsigned char in[KEYRING_WRAPPED], unsigned char *key)
{
	unsigned char ad[512];
	size_t adlen = wrap_ad(ad, sizeof(ad), which_name[which], name);

	return crypto_aead_xchacha20poly1305_ietf_decrypt(key, NULL, NULL, in + NONCE,
							  KEY + TAG, ad, adlen, in, kek);
}

/* The key-encryption key of pass, in protected memory (caller sodium_frees). */
static unsigned char *derive(const char *pass, const struct keyring_wrapped *w,
			     struct err *err)
{
	unsigned char *kek = sodium_malloc(KEY);

	if (!kek) {
		err_set(err, "cannot keep the keys in protected memory (out of memory)");
		return NULL;
	}
	if (crypto_pwhash(kek, KEY, pass, strlen(pass), w->salt, w->ops, w->mem,
			  crypto_pwhash_ALG_ARGON2ID13) != 0) {
		sodium_free(kek);
		err_set(err, "not enough memory to check the passphrase (%zu MiB needed)",
			w->mem >> 20);
		return NULL;
	}
	return kek;
}

/* New wrapped keys under pass: K_share is shared when given, else random. */
static struct keyring *make(const char *name, const char *pass,
			    const unsigned char *shared, struct keyring_wrapped *w,
			    struct err *err)
{
	struct keyring *kr;
	unsigned char *kek;

	if (strlen(pass) < KEYRING_MIN_PASS) {
		err_set(err, "a passphrase needs at least %d characters", KEYRING_MIN_PASS);
		return NULL;
	}
	if (!(kr = alloc(name, err)))
		return NULL;
	memset(w, 0, sizeof(*w));
	randombytes_buf(w->salt, sizeof(w->salt));
	w->ops = KEYRING_OPSLIMIT;
	w->mem = KEYRING_MEMLIMIT;
	if (!(kek = derive(pass, w, err))) {
		keyring_free(kr);
		return NULL;
	}
	for (int k = 0; k < 2; k++)
		crypto_aead_xchacha20poly1305_ietf_keygen(kr->sec->key[k]);
	if (shared)
		memcpy(kr->sec->key[KEYRING_SHARED], shared, KEY);
	wrap(kek, name, KEYRING_SHARED, kr->sec->key[KEYRING_SHARED], w->shared);
	wrap(kek, name, KEYRING_PRIVATE, kr->sec->key[KEYRING_PRIVATE], w->priv);
	sodium_free(kek);
	return kr;
}

struct keyring *keyring_new(const char *name, const char *pass,
			    struct keyring_wrapped *w, struct err *err)
{
	return make(name, pass, NULL, w, err);
}

struct keyring *keyring_reset(const char *name, const unsigned char shared[32],
			      const char *pass, struct keyring_wrapped *w,
			      struct err *err)
{
	return make(name, pass, shared, w, err);
}

struct keyring *keyring_open(const char *name, long long profile_id,
			     const char *pass, const struct keyring_wrapped *w,
			     int *wrong, struct err *err)
{
	struct keyring *kr;
	unsigned char *kek;

	if (wrong)
		*wrong = 0;
	if (!(kr = alloc(name, err)))
		return NULL;
	if (!(kek = derive(pass, w, err))) {
		keyring_free(kr);
		return NULL;
	}
	if (unwrap(kek, name, KEYRING_SHARED, w->shared, kr->sec->key[KEYRING_SHARED]) ||
	    unwrap(kek, name, KEYRING_PRIVATE, w->priv, kr->sec->key[KEYRING_PRIVATE])) {
		sodium_free(kek);
		keyring_free(kr);
		if (wrong)
			*wrong = 1;
		err_set(err, "that passphrase is not %s's", name);
		return NULL;
	}
	sodium_free(kek);
	kr->profile_id = profile_id;
	return kr;
}

void keyring_seal_shared(const struct keyring *kr, const unsigned char hub_pk[32],
			 unsigned char out[KEYRING_RECOVERY])
{
	crypto_box_seal(out, kr->sec->key[KEYRING_SHARED], KEY, hub_pk);
}

void keyring_encrypt(const struct keyring *kr, int which,
		     const unsigned char *ad, size_t adlen,
		     const char *text, size_t n, unsigned char *out)
{
	out[0] = VALUE_V1;
	randombytes_buf(out + 1, NONCE);
	crypto_aead_xchacha20poly1305_ietf_encrypt(out + 1 + NONCE, NULL,
						   (const unsigned char *)text, n,
						   ad, adlen, NULL, out + 1,
						   kr->sec->key[which != 0]);
}

char *keyring_decrypt(const struct keyring *kr, int which,
		      const unsigned char *ad, size_t adlen,
		      const unsigned char *blob, size_t n, size_t *len)
{
	unsigned long long got;
	char *out;

	if (!kr || n < KEYRING_OVERHEAD || blob[0] != VALUE_V1)
		return NULL;
	out = xmalloc(n - KEYRING_OVERHEAD + 1);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)out, &got, NULL,
						       blob + 1 + NONCE, n - 1 - NONCE,
						       ad, adlen, blob + 1,
						       kr->sec->key[which != 0]) != 0) {
		free(out);
		return NULL;
	}
	out[got] = '\0';
	if (len)
		*len = (size_t)got;
	return out;
}

/* ---- a profile's box key pair, to receive an appraisal handed over ---- */

/* "eadr-box-v1" NUL profile-name */
static void box_ad(struct sbuf *ad, const char *name)
{
	static const char tag[] = "eadr-box-v1";

	sbuf_add(ad, tag, sizeof(tag));
	sbuf_adds(ad, name);
}

void keyring_box_new(const struct keyring *kr, unsigned char pk[KEYRING_BOX_PK],
		     unsigned char wrapped[KEYRING_BOX_WRAPPED])
{
	unsigned char *sk = sodium_malloc(crypto_box_SECRETKEYBYTES);
	struct sbuf ad = SBUF_INIT;

	if (!sk)
		abort();	/* as xmalloc: out of memory */
	crypto_box_keypair(pk, sk);
	box_ad(&ad, kr->name);
	keyring_encrypt(kr, KEYRING_SHARED, (const unsigned char *)ad.buf, ad.len,
			(const char *)sk, crypto_box_SECRETKEYBYTES, wrapped);
	sbuf_release(&ad);
	sodium_free(sk);
}

void keyring_box_seal(const unsigned char pk[KEYRING_BOX_PK], const void *msg,
		      size_t n, unsigned char *out)
{
	crypto_box_seal(out, msg, n, pk);
}

unsigned char *keyring_box_open(const struct keyring *kr,
				const unsigned char pk[KEYRING_BOX_PK],
				const unsigned char *wrapped, size_t wlen,
				const unsigned char *sealed, size_t n, size_t *len)
{
	struct sbuf ad = SBUF_INIT;
	unsigned char *out;
	char *sk;
	size_t sklen = 0;

	box_ad(&ad, kr->name);
	sk = keyring_decrypt(kr, KEYRING_SHARED, (const unsigned char *)ad.buf, ad.len,
			     wrapped, wlen, &sklen);
	sbuf_release(&ad);
	if (!sk || sklen != crypto_box_SECRETKEYBYTES || n < crypto_box_SEALBYTES) {
		if (sk)
			sodium_memzero(sk, sklen);
		free(sk);
		return NULL;
	}
	out = xmalloc(n - crypto_box_SEALBYTES + 1);
	if (crypto_box_seal_open(out, sealed, n, pk, (unsigned char *)sk) != 0) {
		free(out);
		out = NULL;
	} else {
		*len = n - crypto_box_SEALBYTES;
		out[*len] = 0;
	}
	sodium_memzero(sk, sklen);
	free(sk);
	return out;
}

int keyring_box_check(const struct keyring *kr, const unsigned char *wrapped,
		      size_t wlen)
{
	struct sbuf ad = SBUF_INIT;
	size_t sklen = 0;
	char *sk;

	box_ad(&ad, kr->name);
	sk = keyring_decrypt(kr, KEYRING_SHARED, (const unsigned char *)ad.buf, ad.len,
			     wrapped, wlen, &sklen);
	sbuf_release(&ad);
	if (!sk)
		return -1;
	sodium_memzero(sk, sklen);
	free(sk);
	return 0;
}

void keyring_wipe(void *p, size_t n)
{
	if (p)
		sodium_memzero(p, n);
}
