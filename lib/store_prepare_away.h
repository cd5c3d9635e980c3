/*
 * store_prepare_away.h - the SQL of a preparation code used on a laptop
 * that does not hold the appraisal (lib/store_prepare_away.c): the answers
 * kept there until a bundle takes them, what the holder's laptop told the
 * hub of its codes, and the hub's codes and answers on their way back.
 * The hub's half is reached through the hub store's prep_* operations
 * (hubstore.h; hubpg_prepare.c on PostgreSQL).  See
 * lib/prepare_away.h and schema/voice.md, "On another laptop".
 */
#ifndef EADR_STORE_PREPARE_AWAY_H
#define EADR_STORE_PREPARE_AWAY_H

#include "err.h"
#include "sbuf.h"
#include "store.h"

/* One preparation on its way: the fields each use says. */
struct prep_travel {
	char *code_hash;
	char *who;		/* appraisal uuid (tell), sending device (hub answers) */
	char *form_id, *form_version, *form_hash;
	char *saved_on;		/* or the state told: "open", "expired" */
	unsigned char salt[16];
	struct sbuf box;	/* under the code: unreadable without it */
};
void prep_travel_release(struct prep_travel *t);

/* ---- the laptop where the person typed (B) ---- */
int store_prepare_away_put(struct store *st, const struct prep_travel *t,
			   struct err *err);
/* 1 and t filled (caller releases), 0 none, -1. */
int store_prepare_away_get(struct store *st, const char *code_hash,
			   struct prep_travel *t, struct err *err);
/* Each save the hub has not acknowledged (sent again in every bundle
 * until it has, as 360 responses are); fn non-zero stops (returned). */
int store_prepare_away_unsent_each(struct store *st,
				   int (*fn)(const struct prep_travel *t, void *arg),
				   void *arg, struct err *err);
int store_prepare_away_sent(struct store *st, const char *code_hash,
			    const char *saved_on, unsigned long long seq, struct err *err);
/* The hub acknowledged bundle_id: what it carried (saves, codes' states)
 * is not sent again. */
int store_prepare_acked(struct store *st, const char *bundle_id, struct err *err);

/* ---- the holder's laptop (A) ---- */
/* Each code whose state ("open": its appraisal a draft, else "expired")
 * the hub has not acknowledged: who = appraisal uuid, saved_on = the
 * state; store_prepare_told notes the bundle seq that carries it. */
int store_prepare_tell_each(struct store *st,
			    int (*fn)(const struct prep_travel *t, void *arg),
			    void *arg, struct err *err);
int store_prepare_told(struct store *st, const char *code_hash, const char *state,
		       unsigned long long seq, struct err *err);
/* Take answers from the hub for a code of this laptop: 1 put in the inbox,
 * 0 not (*why says: unknown, expired, not newer, answers waiting here). */
int store_prepare_back_take(struct store *st, const struct prep_travel *t,
			    const char **why, struct err *err);

/* ---- the hub ---- */
/* Keep a code told by device: refused (-1) when another device told it. */
int store_prepare_hub_request(struct store *st, const char *device,
			      const struct prep_travel *t, int expired, struct err *err);
/* Keep answers (who = the sending device), the newer save wins.  0, or -1
 * and err saying why they are refused (unknown code, expired, another form). */
int store_prepare_hub_answers(struct store *st, const struct prep_travel *t,
			      struct err *err);
/* Each answers waiting for device's codes (not expired). */
int store_prepare_hub_back_each(struct store *st, const char *device,
				int (*fn)(const struct prep_travel *t, void *arg),
				void *arg, struct err *err);

#endif
