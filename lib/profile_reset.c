/*
 * profile_reset.c - the laptop's side of a forgotten passphrase reset
 * through the hub (see recovery.h and schema/security.md): the request the
 * manager's key travels in, and the reset with the hub's signed answer.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "profile.h"
#include "recovery.h"
#include "store_recovery.h"
#include "store_sync.h"
#include "sync.h"

/* This laptop's signing key (made on first use) and device id. */
static int laptop_key(struct store *st, unsigned char pk[BUNDLE_PK],
		      unsigned char sk[BUNDLE_SK], struct err *err)
{
	if (sync_identity(st, NULL, err) < 0)
		return -1;
	if (store_sync_key_get(st, "device-sign", pk, BUNDLE_PK, sk, BUNDLE_SK, err) != 1)
		return err->msg ? -1 : err_set(err, "this laptop has no signing key");
	return 0;
}

static int profile_named(struct store *st, const char *name, struct store_profile *p,
			 struct err *err)
{
	int rc = store_profile_get(st, name ? name : "", p, err);

	if (rc == 0)
		return err_set(err, "there is no manager called %s on this laptop",
			       name && *name ? name : "(no name)");
	return rc < 0 ? -1 : 0;
}

int profile_recovery_request(struct store *st, const char *name, const char *path,
			     struct err *err)
{
	unsigned char sk[BUNDLE_SK], once_sk[32];
	struct recovery_file q;
	struct store_profile p;
	struct sbuf text = SBUF_INIT;
	int rc = -1, have;

	memset(&q, 0, sizeof(q));
	if (bundle_crypto_init(err) < 0 || profile_named(st, name, &p, err) < 0)
		return -1;
	if ((have = store_recovery_sealed(st, p.id, q.sealed, q.hub, err)) <= 0) {
		if (have == 0)
			err_set(err, "%s's profile was made before this laptop trusted a "
				"hub key and %s has not signed in since, so the hub holds "
				"no key to recover it with: nothing can be recovered for %s",
				p.name, p.name, p.name);
		goto out;
	}
	if (laptop_key(st, q.laptop, sk, err) < 0)
		goto out;
	snprintf(q.device_id, sizeof(q.device_id), "%s", store_device_id(st));
	q.profile = p.name;
	time_stamp(q.made);
	crypto_box_keypair(q.once, once_sk);
	if (store_recovery_put(st, p.id, p.name, q.once, once_sk, err) < 0)
		goto out;
	recovery_write(&q, sk, &text);
	rc = file_write_atomic(path, text.buf, text.len, 0600, err);
out:
	sodium_memzero(sk, sizeof(sk));
	sodium_memzero(once_sk, sizeof(once_sk));
	sbuf_release(&text);
	store_profile_release(&p);
	return rc;
}

/*
 * Read and check the reset file for profile p: signed by the trusted hub,
 * made for this laptop, this profile and its waiting request.  Fills f and
 * the request's one-time secret.
 */
static int reset_file(struct store *st, const struct store_profile *p,
		      const char *path, struct recovery_file *f,
		      unsigned char once_sk[32], struct err *err)
{
	unsigned char trusted[BUNDLE_PK], pk[BUNDLE_PK], sk[BUNDLE_SK], once[32];
	struct sbuf text = SBUF_INIT;
	int rc;

	if (sync_file_read(path, &text, RECOVERY_MAX, err) < 0)
		return -1;
	rc = recovery_read(path, text.buf ? text.buf : "", text.len, 1, f, err);
	sbuf_release(&text);
	if (rc < 0)
		return -1;
	if ((rc = store_sync_key_get(st, "trusted-sign", trusted, BUNDLE_PK, NULL, 0,
				     err)) <= 0)
		return rc < 0 ? -1 : err_set(err, "this laptop trusts no hub key, so it "
					     "cannot check a reset file");
	if (sodium_memcmp(trusted, f->hub, BUNDLE_PK) != 0)
		return err_set(err, "%s is signed by a hub key this laptop does not "
			       "trust: it is not from this laptop's hub", path);
	rc = laptop_key(st, pk, sk, err);
	sodium_memzero(sk, sizeof(sk));
	if (rc < 0)
		return -1;
	if (sodium_memcmp(pk, f->laptop, BUNDLE_PK) != 0 ||
	    strcmp(f->device_id, store_device_id(st)))
		return err_set(err, "%s was made for another laptop (device %s), not "
			       "this one", path, f->device_id);
	if (strcmp(f->profile, p->name))
		return err_set(err, "%s was made for %s's profile, not %s's", path,
			       f->profile, p->name);
	if ((rc = store_recovery_get(st, p->id, once, once_sk, err)) < 0)
		return -1;
	if (rc == 0)
		return err_set(err, "no recovery request of %s is waiting on this laptop "
			       "(it was used already): make a new one with 'eadr profile "
			       "recovery-request'", p->name);
	if (sodium_memcmp(once, f->once, 32) != 0)
		return err_set(err, "%s answers an earlier recovery request of %s, not "
			       "the latest: use the reset file made for the latest "
			       "request", path, p->name);
	return 0;
}

int profile_reset_check(struct store *st, const char *name, const char *path,
			struct err *err)
{
	unsigned char once_sk[32];
	struct recovery_file f;
	struct store_profile p;
	int rc;

	memset(&f, 0, sizeof(f));
	if (bundle_crypto_init(err) < 0 || profile_named(st, name, &p, err) < 0)
		return -1;
	rc = reset_file(st, &p, path, &f, once_sk, err);
	sodium_memzero(once_sk, sizeof(once_sk));
	recovery_file_release(&f);
	store_profile_release(&p);
	return rc;
}

int profile_private_count(struct store *st, const char *name, int *n, struct err *err)
{
	struct store_profile p;
	int rc;

	*n = 0;
	if (profile_named(st, name, &p, err) < 0)
		return -1;
	rc = store_recovery_private(st, p.id, n, err);
	store_profile_release(&p);
	return rc;
}

/* K_share from the reset file, into kr for the new passphrase, checked. */
static struct keyring *recovered(struct store *st, const struct store_profile *p,
				 const struct recovery_file *f,
				 const unsigned char once_sk[32], const char *pass,
				 struct keyring_wrapped *w, struct err *err)
{
	unsigned char *kshare = sodium_malloc(32), box[KEYRING_BOX_WRAPPED];
	struct keyring *kr = NULL;
	int hasbox;

	if (!kshare) {
		err_set(err, "cannot keep the keys in protected memory (out of memory)");
		return NULL;
	}
	if (crypto_box_seal_open(kshare, f->sealed, KEYRING_RECOVERY, f->once,
				 once_sk) != 0) {
		err_set(err, "the key in the reset file does not open with this "
			"laptop's request (damaged)");
		goto out;
	}
	if (!(kr = keyring_reset(p->name, kshare, pass, w, err)) ||
	    (hasbox = store_recovery_box(st, p->id, box, err)) < 0)
		goto fail;
	if (hasbox && keyring_box_check(kr, box, sizeof(box)) != 0) {
		err_set(err, "the key in the reset file is not %s's (the profile's own "
			"keys do not open with it)", p->name);
		goto fail;
	}
	goto out;
fail:
	keyring_free(kr);
	kr = NULL;
out:
	sodium_free(kshare);
	return kr;
}

int profile_reset(struct store *st, const char *name, const char *path,
		  const char *pass, const char *again, int *lost, struct err *err)
{
	unsigned char once_sk[32];
	struct keyring_wrapped w;
	struct recovery_file f;
	struct store_profile p;
	struct keyring *kr = NULL;
	int rc = -1;

	*lost = 0;
	memset(&f, 0, sizeof(f));
	if (bundle_crypto_init(err) < 0 || profile_named(st, name, &p, err) < 0)
		return -1;
	if (reset_file(st, &p, path, &f, once_sk, err) < 0 ||
	    profile_pass_check(pass, again, err) < 0 ||
	    !(kr = recovered(st, &p, &f, once_sk, pass, &w, err)) ||
	    store_recovery_reset(st, p.id, p.name, &w, lost, err) < 0)
		goto out;
	keyring_set_profile(kr, p.id);
	store_set_keyring(st, kr);
	kr = NULL;
	rc = profile_signed_in(st, err);
out:
	keyring_free(kr);
	sodium_memzero(once_sk, sizeof(once_sk));
	recovery_file_release(&f);
	store_profile_release(&p);
	return rc;
}
