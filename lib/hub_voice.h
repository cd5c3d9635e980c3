/*
 * hub_voice.h - "how it went" at the hub: sealed answers taken from bundles
 * (V records), one per appraisal's ballot.  See schema/voice.md.
 */
#ifndef EADR_HUB_VOICE_H
#define EADR_HUB_VOICE_H

#include "bundle.h"
#include "hub.h"
#include "hubstore.h"
#include "store.h"
#include "voice.h"

/* What an answer did at import. */
enum hub_voice_outcome { HUB_VOICE_NEW, HUB_VOICE_REPLACED, HUB_VOICE_OLDER,
	HUB_VOICE_REPLAY };

/*
 * Take one sealed answer (id as it travelled): opened with the hub's box
 * key and read strictly.  Refused (1, err saying why, nothing changed) when
 * it does not open (sealed to another hub, forged or damaged) or is
 * malformed.  An id seen before is a replay: nothing changes.  At most one
 * answer per ballot counts (the store's voice_put).  -1: error.
 */
int hub_voice_answer(struct hubstore *hs, const char *response_id,
		     const unsigned char *sealed, size_t len,
		     enum hub_voice_outcome *out, struct err *err);

/* Open a sealed answer with the hub's box key pair; -1 and err. */
int hub_voice_open(const unsigned char *pk, const unsigned char *sk,
		   const unsigned char *sealed, size_t len, struct voice_response *r,
		   struct err *err);

/*
 * A unit of a bundle holding a V record (hub.c's merge): taken, on either
 * back end, and counted in r (may be NULL); one that is refused is said in
 * r, the rest of the bundle imported.  -1 only on an error that must stop
 * the import.
 */
int hub_voice_unit(struct hubstore *hs, const struct bundle *u, const char *path,
		   struct hub_file_result *r, struct err *err);

#endif
