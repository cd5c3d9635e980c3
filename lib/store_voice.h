/*
 * store_voice.h - the SQL of "how it went" (schema/015-voice.sql): the
 * laptop's secret, counter and outbox of sealed answers; the hub's answers
 * per ballot.  0 (or 1/0 for "found") and -1 with err.
 */
#ifndef EADR_STORE_VOICE_H
#define EADR_STORE_VOICE_H

#include "store.h"
#include "voice.h"

/* This laptop's ballot secret (made on first use) and the next submission
 * number.  Inside the caller's transaction. */
int store_voice_next(struct store *st, unsigned char secret[32], long long *number,
		     struct err *err);

/* Keep a sealed answer (date only) for the next bundle. */
int store_voice_outbox_add(struct store *st, const char *id, const void *sealed,
			   size_t len, const char *date, struct err *err);

/*
 * What travels in the next bundle: every sealed answer the hub has not
 * acknowledged, fn(id, sealed, len, arg) -- but those never sent wait
 * until at least VOICE_BATCH of them can travel together (schema/voice.md).
 * fn's non-zero return stops the walk and is returned.
 */
int store_voice_unsent_each(struct store *st,
			    int (*fn)(const char *id, const unsigned char *sealed,
				      size_t len, void *),
			    void *arg, struct err *err);
/* Answers waiting on this laptop (not yet acknowledged by the hub). */
int store_voice_waiting(struct store *st, long long *n, struct err *err);
/* The answer id went in bundle seq (travels again until acknowledged). */
int store_voice_mark_pushed(struct store *st, unsigned long long seq, const char *id,
			    struct err *err);
/* The hub acknowledged bundle_id: what it carried is delivered. */
int store_voice_acked(struct store *st, const char *bundle_id, struct err *err);

/* ---- the hub ---- */

/* Was this answer id seen before?  1, 0, -1. */
int store_voice_hub_seen(struct store *st, const char *response_id, struct err *err);

/*
 * Keep an answer (still sealed) for its ballot: the one that counts has the
 * higher number, then the lower id.  *result: 0 new, 1 replaced an earlier
 * one (audited "voice-replaced"), 2 kept the one there (audited
 * "voice-superseded"); the id is remembered as seen in every case.
 */
int store_voice_hub_put(struct store *st, const struct voice_response *r,
			const char *response_id, const void *sealed, size_t len,
			int *result, struct err *err);

/* Every answer that counts, in ballot order: fn(station, quarter, sealed,
 * len, arg); fn's non-zero return stops the walk and is returned. */
int store_voice_hub_each(struct store *st,
			 int (*fn)(const char *station, const char *quarter,
				   const unsigned char *sealed, size_t len, void *),
			 void *arg, struct err *err);

#endif
