/*
 * prepare_away.h - a preparation code used on a laptop that does not hold
 * the appraisal (schema/voice.md, "On another laptop"): the person answers
 * the default form's prepared questions there, saved as typed under the
 * code; the holder's bundles tell the hub each code's hash, the other
 * laptop's bundles carry the answers (still under the code), the hub sends
 * them back to the holder's laptop in a signed file, and its next sign-in
 * merges them (prepare_collect).  Nobody without the code reads them: not
 * the laptop's files, the stick, nor the hub.
 */
#ifndef EADR_PREPARE_AWAY_H
#define EADR_PREPARE_AWAY_H

#include "bundle.h"
#include "prepare.h"

#define PREP_BACK_SUFFIX ".prep"

/*
 * prepare_begin, and for a code this laptop did not issue, a session on
 * the default form (appr_default_form of dirs) whose answers are saved for
 * the hub (ps->away): resumed with the same code.  A mistyped, 360 or
 * expired code is refused as by prepare_begin.
 */
int prepare_begin_anywhere(struct store *st, const char *const *dirs, size_t ndirs,
			   const char *typed, struct prepare_session *ps,
			   int *resumed, struct err *err);

/* prepare_save's and load's store for an away session (prepare.c). */
int prepare_away_put(struct store *st, const struct prepare_session *ps,
		     const unsigned char salt[16], const void *box, size_t len,
		     struct err *err);
int prepare_away_load(struct store *st, const struct prepare_session *ps,
		      unsigned char salt[16], struct sbuf *box, struct err *err);
/* The hash kept of a code (prepare.c). */
void prepare_code_hash(const char *code, char out[FB_HASH_HEX + 1]);
/* Read the saved answers of ps's code into ps (prepare.c): 1, 0 none, -1. */
int prepare_load_inbox(struct store *st, struct prepare_session *ps, struct err *err);

/* sync push: every code whose state the hub has not acknowledged (V
 * records) and every away save it has not acknowledged (W records), sent
 * again until it has; prepare_push_done notes the bundle seq that carries
 * them, and store_prepare_acked (sync pull) its acknowledgement. */
struct prepare_push {
	char **told, **state, **sent, **saved;
	size_t ntold, nsent;
};
int prepare_push(struct store *st, struct bundle_writer *w, struct prepare_push *c,
		 struct err *err);
int prepare_push_done(struct store *st, struct prepare_push *c, unsigned long long seq,
		      struct err *err);
void prepare_push_release(struct prepare_push *c);

/* sync pull: each DIR/eadr-prep-*.prep signed by the trusted hub for this
 * laptop, into the waiting answers of its code (the next sign-in merges
 * them).  *taken counts them; a file refused or left says why in problems
 * ("FILE: message" lines) and counts in *refused. */
int prepare_back_pull(struct store *st, const char *dir,
		      const unsigned char trusted_pk[BUNDLE_PK], unsigned *taken,
		      unsigned *refused, struct sbuf *problems, struct err *err);

/* ---- the hub (hub_prepare.c; either back end) ---- */
struct hubstore;

/* A unit of V or W records from device_id's bundle: kept, or -1 and err
 * saying why it is refused (the rest of the bundle goes on). */
int hub_prepare_unit(struct hubstore *hs, const char *device_id,
		     const struct bundle *u, struct err *err);
/* Write into dir the answers waiting for device_id's codes, one signed
 * file per code (DIR/eadr-prep-HASH.prep, 0600).  *n counts them. */
int hub_prepare_send_device(struct hubstore *hs, const char *device_id, const char *dir,
			    size_t *n, struct err *err);
/* The file's text, signed with the hub's key; and reading it back: the
 * signature must hold for trusted_pk and name this device. */
struct prep_travel;
void prepare_back_write(const struct prep_travel *t, const char *device,
			const unsigned char pk[BUNDLE_PK], const unsigned char sk[BUNDLE_SK],
			struct sbuf *out);
int prepare_back_read(const char *name, const char *text, size_t len,
		      const unsigned char trusted_pk[BUNDLE_PK], const char *device,
		      struct prep_travel *t, int *other, struct err *err);

#endif
