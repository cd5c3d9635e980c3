/*
 * recovery.h - a forgotten passphrase reset through the hub: the request a
 * laptop writes for the hub ('eadr profile recovery-request'), the hub's
 * side ('eadr hub recover'), the reset file it writes back, and the reset
 * on the laptop ('eadr profile reset').  The files and what the hub can
 * and cannot recover are in schema/security.md, "Recovery through the hub".
 */
#ifndef EADR_RECOVERY_H
#define EADR_RECOVERY_H

#include "bundle.h"
#include "hubstore.h"
#include "keyring.h"
#include "store.h"

#define RECOVERY_REQUEST_MAGIC "EADR-RECOVERY-REQUEST 1"
#define RECOVERY_RESET_MAGIC "EADR-RECOVERY-RESET 1"
#define RECOVERY_MAX 65536	/* larger files are refused */

/*
 * Either file.  A request is signed by the laptop's device key (laptop) and
 * carries K_share sealed to the hub's box key (hub); a reset is signed by
 * the hub's signing key (hub) and carries K_share sealed to the request's
 * one-time key (once).  Both name the laptop and the profile they are for.
 */
struct recovery_file {
	int reset;				/* 0 a request, 1 a reset */
	char device_id[UUID_LEN + 1];
	unsigned char laptop[BUNDLE_PK];	/* the laptop's Ed25519 key */
	char *profile;				/* the profile's name */
	char made[STAMP_LEN + 1];
	unsigned char once[BUNDLE_PK];		/* the request's one-time X25519 key */
	unsigned char hub[BUNDLE_PK];		/* request: hub box key; reset: hub sign key */
	unsigned char sealed[KEYRING_RECOVERY];	/* K_share, sealed */
};
void recovery_file_release(struct recovery_file *f);

/* Append f, signed with sk (the laptop's or the hub's), to out. */
void recovery_write(const struct recovery_file *f, const unsigned char sk[BUNDLE_SK],
		    struct sbuf *out);
/*
 * Parse and check one file (reset says which kind is expected): every line
 * in order, the signature by the key the file names (a request: laptop; a
 * reset: hub).  Whether that key is trusted is the caller's check.  -1 and
 * err naming the file (and line) when it is not one, changed or cut short.
 */
int recovery_read(const char *name, const char *text, size_t len, int reset,
		  struct recovery_file *f, struct err *err);

/* ---- the laptop (profile_reset.c) ---- */

/*
 * Write the recovery request of the manager called name to path (0600): a
 * new one-time key pair is kept for it (replacing any earlier request of
 * that manager), audited.  Refused when the profile's key was never sealed
 * to a hub (made before the laptop trusted one).  Needs no sign-in.
 */
int profile_recovery_request(struct store *st, const char *name, const char *path,
			     struct err *err);

/*
 * Check the reset file at path for name (without a new passphrase): signed
 * by the trusted hub, for this laptop, this profile and its waiting request.
 * 0, or -1 and err saying which and that nothing was changed.
 */
int profile_reset_check(struct store *st, const char *name, const char *path,
			struct err *err);

/*
 * Reset name's passphrase with the hub's reset file at path: checked as
 * profile_reset_check, K_share opened with the request's one-time key and
 * checked against the profile, then wrapped under the new passphrase (pass,
 * typed twice: again) with a new K_priv.  The private answers of every
 * appraisal name holds are deleted (they were under the old K_priv, which
 * nobody can open any more): *lost says how many.  One transaction,
 * audited; the request is used up.  Signs name in, as profile_signin.
 */
int profile_reset(struct store *st, const char *name, const char *path,
		  const char *pass, const char *again, int *lost, struct err *err);

/* How many private answers name's appraisals hold (lost by a reset). */
int profile_private_count(struct store *st, const char *name, int *n, struct err *err);

/* ---- the hub (hub_recover.c) ---- */

struct hub_recover_result {
	char *profile;			/* the manager's name */
	char device_id[UUID_LEN + 1];
	char device_fp[25];
};
void hub_recover_result_release(struct hub_recover_result *r);

/*
 * Open the recovery request at in with the hub's box key and write the
 * reset file to out (0600), signed by the hub: K_share sealed to the
 * request's one-time key, bound to that laptop and profile.  Only from a
 * laptop this hub has approved; audited.  -1 and err, nothing written,
 * when the request is not genuine, not sealed to this hub, or from a
 * laptop not approved.
 */
int hub_recover(struct hubstore *hs, const char *in, const char *out,
		struct hub_recover_result *r, struct err *err);

#endif
