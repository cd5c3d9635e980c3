/*
 * hub_recover.c - the hub's side of a passphrase reset (see recovery.h and
 * schema/security.md): a laptop's signed request, from a laptop this hub
 * has approved, is opened with the hub's box key, and K_share goes back
 * sealed to the request's one-time key, in a reset file the hub signs.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "hub.h"
#include "recovery.h"
#include "sync.h"

void hub_recover_result_release(struct hub_recover_result *r)
{
	if (!r)
		return;
	free(r->profile);
	memset(r, 0, sizeof(*r));
}

/* The hub's keys: sign (pk, sk) and box (pk, sk). */
static int hub_keys(struct hubstore *hs, unsigned char *spk, unsigned char *ssk,
		    unsigned char *bpk, unsigned char *bsk, struct err *err)
{
	int a = hs->ops->key_get(hs, "hub-sign", spk, BUNDLE_PK, ssk, BUNDLE_SK, err);
	int b = a < 0 ? -1 : hs->ops->key_get(hs, "hub-box", bpk, BUNDLE_PK, bsk,
					       BUNDLE_BOX_SK, err);

	if (a < 0 || b < 0)
		return -1;
	if (!a || !b)
		return err_set(err, "%s is not a hub database: run 'eadr hub recover' on "
			       "the hub's database", hs->ops->name(hs));
	return 0;
}

/* The laptop that signed the request must be one this hub approved. */
static int laptop_approved(struct hubstore *hs, const struct recovery_file *q,
			   struct hub_recover_result *r, struct err *err)
{
	struct hub_device d;

	bundle_fingerprint(q->laptop, r->device_fp);
	if (hub_device_find(hs, r->device_fp, &d, err) < 0)
		return err_set(err, "the request comes from the laptop with fingerprint "
			       "%s, which has never sent a bundle to this hub: a reset is "
			       "made only for a laptop this hub has approved", r->device_fp);
	if (strcmp(d.state, "approved"))
		return err_set(err, "the request comes from the laptop with fingerprint "
			       "%s, which this hub has not approved (it is %s): check "
			       "the fingerprint by telephone and run 'eadr hub allow %s' "
			       "first", r->device_fp, d.state, r->device_fp);
	if (strcmp(d.device_id, q->device_id))
		return err_set(err, "the request names device %s, but the laptop with "
			       "fingerprint %s sends bundles as device %s: refused",
			       q->device_id, r->device_fp, d.device_id);
	return 0;
}

int hub_recover(struct hubstore *hs, const char *in, const char *out,
		struct hub_recover_result *r, struct err *err)
{
	unsigned char spk[BUNDLE_PK], ssk[BUNDLE_SK], bpk[BUNDLE_PK], bsk[BUNDLE_BOX_SK];
	unsigned char *kshare = NULL;
	struct recovery_file q, a;
	struct sbuf text = SBUF_INIT, detail = SBUF_INIT;
	int rc = -1;

	memset(r, 0, sizeof(*r));
	memset(&a, 0, sizeof(a));
	memset(&q, 0, sizeof(q));
	if (bundle_crypto_init(err) < 0 || hub_keys(hs, spk, ssk, bpk, bsk, err) < 0)
		goto out;
	if (sync_file_read(in, &text, RECOVERY_MAX, err) < 0 ||
	    recovery_read(in, text.buf ? text.buf : "", text.len, 0, &q, err) < 0)
		goto out;
	r->profile = xstrdup(q.profile);
	memcpy(r->device_id, q.device_id, sizeof(r->device_id));
	if (laptop_approved(hs, &q, r, err) < 0)
		goto out;
	if (sodium_memcmp(q.hub, bpk, BUNDLE_PK) != 0) {
		err_set(err, "%s: %s's key was sealed to another hub's key (the laptop "
			"trusted another hub when the profile was made): this hub cannot "
			"open it", in, q.profile);
		goto out;
	}
	kshare = sodium_malloc(32);
	if (!kshare || crypto_box_seal_open(kshare, q.sealed, KEYRING_RECOVERY, bpk,
					    bsk) != 0) {
		err_set(err, "%s: the sealed key does not open with this hub's key "
			"(damaged)", in);
		goto out;
	}
	a = q;
	a.profile = q.profile;
	a.reset = 1;
	time_stamp(a.made);
	memcpy(a.hub, spk, BUNDLE_PK);
	crypto_box_seal(a.sealed, kshare, 32, q.once);
	sbuf_setlen(&text, 0);
	recovery_write(&a, ssk, &text);
	sbuf_addf(&detail, "reset file for %s on device %s (%s)", q.profile,
		  q.device_id, r->device_fp);
	if (hs->ops->begin(hs, err) < 0)
		goto out;
	if (hs->ops->audit(hs, "recovered", detail.buf, err) < 0 ||
	    file_write_atomic(out, text.buf, text.len, 0600, err) < 0) {
		hs->ops->rollback(hs);
		goto out;
	}
	rc = hs->ops->commit(hs, err);
out:
	if (kshare)
		sodium_free(kshare);
	sodium_memzero(ssk, sizeof(ssk));
	sodium_memzero(bsk, sizeof(bsk));
	sodium_memzero(a.sealed, sizeof(a.sealed));
	recovery_file_release(&q);
	sbuf_release(&text);
	sbuf_release(&detail);
	return rc;
}
