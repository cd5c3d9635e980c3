/*
 * hub_voice.c - "how it went" at the hub: each V record of a bundle opened
 * with the hub's box key, read strictly and kept (still sealed) as the
 * answer of its ballot.  See hub_voice.h and schema/voice.md.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "hub_feedback.h"
#include "hub_voice.h"

int hub_voice_open(const unsigned char *pk, const unsigned char *sk,
		   const unsigned char *sealed, size_t len, struct voice_response *r,
		   struct err *err)
{
	unsigned char *plain;
	int rc;

	memset(r, 0, sizeof *r);
	if (len <= crypto_box_SEALBYTES)
		return err_set(err, "too short to be sealed answers");
	plain = xmalloc(len - crypto_box_SEALBYTES);
	if (crypto_box_seal_open(plain, sealed, len, pk, sk) != 0) {
		free(plain);
		return err_set(err, "it does not open with this hub's key (sealed to "
			       "another hub, forged or damaged)");
	}
	rc = voice_decode((const char *)plain, len - crypto_box_SEALBYTES, r, err);
	sodium_memzero(plain, len - crypto_box_SEALBYTES);
	free(plain);
	return rc;
}

int hub_voice_answer(struct hubstore *hs, const char *response_id,
		     const unsigned char *sealed, size_t len,
		     enum hub_voice_outcome *out, struct err *err)
{
	unsigned char pk[BUNDLE_PK], sk[BUNDLE_BOX_SK];
	struct voice_response r;
	int rc, result;

	*out = HUB_VOICE_NEW;
	if (hub_feedback_keys(hs, pk, sk, err) < 0)
		return -1;
	if ((rc = hs->ops->voice_seen(hs, response_id, err)) != 0) {
		sodium_memzero(sk, sizeof sk);
		*out = HUB_VOICE_REPLAY;
		return rc < 0 ? -1 : 0;
	}
	rc = hub_voice_open(pk, sk, sealed, len, &r, err);
	sodium_memzero(sk, sizeof sk);
	if (rc < 0) {
		err_prefix(err, "an answer of how it went (%s): refused", response_id);
		return 1;
	}
	rc = hs->ops->voice_put(hs, &r, response_id, sealed, len, &result, err);
	voice_response_release(&r);
	if (rc < 0)
		return -1;
	*out = result == 0 ? HUB_VOICE_NEW : result == 1 ? HUB_VOICE_REPLACED : HUB_VOICE_OLDER;
	return 0;
}

int hub_voice_unit(struct hubstore *hs, const struct bundle *u, const char *path,
		   struct hub_file_result *r, struct err *err)
{
	const char *hex = u->voices[0].f[VOICE_SEALED];
	struct err why = ERR_INIT;
	enum hub_voice_outcome o;
	size_t len = strlen(hex) / 2;
	unsigned char *sealed;
	int rc;

	sealed = xmalloc(len + 1);
	if (bundle_unhex(hex, sealed, len) < 0) {
		err_set(&why, "an answer of how it went that is not hex: refused");
		rc = 1;
	} else {
		rc = hub_voice_answer(hs, u->voices[0].f[VOICE_ID], sealed, len, &o, &why);
	}
	free(sealed);
	if (rc < 0)
		err_set(err, "%s", err_msg(&why));
	else if (rc == 1)
		hub_record_refused(r, path, err_msg(&why));
	else if (r && o == HUB_VOICE_REPLAY)
		r->voice_replays++;
	else if (r)
		r->voice_taken++;
	err_release(&why);
	return rc < 0 ? -1 : 0;
}
