/*
 * store_recovery.h - the rows of a passphrase reset through the hub
 * (store_recovery.c; see recovery.h and schema/security.md): a profile's
 * key sealed to the hub, its waiting request's one-time key pair, and the
 * reset itself.
 */
#ifndef EADR_STORE_RECOVERY_H
#define EADR_STORE_RECOVERY_H

#include "keyring.h"
#include "store.h"

/* Profile id's K_share sealed to the hub (KEYRING_RECOVERY bytes) and the
 * hub box key it is sealed to: 1, 0 when it has none, -1. */
int store_recovery_sealed(struct store *st, long long id,
			  unsigned char sealed[KEYRING_RECOVERY],
			  unsigned char hub_pk[32], struct err *err);

/* Keep id's waiting request (replacing an earlier one), audited
 * "recovery-requested" with the manager's name. */
int store_recovery_put(struct store *st, long long id, const char *name,
		       const unsigned char once_pk[32], const unsigned char once_sk[32],
		       struct err *err);
/* id's waiting request: 1 (pk, sk filled), 0 none, -1. */
int store_recovery_get(struct store *st, long long id, unsigned char once_pk[32],
		       unsigned char once_sk[32], struct err *err);

/* id's box secret as keyring_box_new wrapped it: 1, 0 none, -1. */
int store_recovery_box(struct store *st, long long id,
		       unsigned char wrapped[KEYRING_BOX_WRAPPED], struct err *err);

/* The private answers of the appraisals profile id holds. */
int store_recovery_private(struct store *st, long long id, int *n, struct err *err);

/*
 * Reset profile id (called name) to the new wrapped keys w, in one
 * transaction: the count of wrong passphrases cleared, the private answers
 * of every appraisal it holds deleted (*lost), its request deleted,
 * audited "profile-reset".  The write-ahead log is emptied after.
 */
int store_recovery_reset(struct store *st, long long id, const char *name,
			 const struct keyring_wrapped *w, int *lost, struct err *err);

/* The signed-in manager's K_share sealed to hub_pk (the trusted hub's box
 * key) when their profile has no recovery key, or one sealed to another hub
 * key: at sign-in, so that a profile made before the laptop trusted a hub
 * becomes recoverable. */
int store_recovery_reseal(struct store *st, const unsigned char hub_pk[32],
			  struct err *err);

#endif
