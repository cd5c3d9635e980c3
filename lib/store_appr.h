/*
 * store_appr.h - the few store queries the appraisal rules and the terminal
 * program need beyond store.h: last year's appraisal, where the manager
 * was, the sign-offs of the current revision, who holds an appraisal.
 */
#ifndef EADR_STORE_TUI_H
#define EADR_STORE_TUI_H

#include "store.h"

/*
 * The staff member's most recent final appraisal other than not_id (0 for
 * none): 1 with *id set, 0 when there is none, -1 on error.
 */
int store_appr_prev_final(struct store *st, const char *staff_number,
			 long long not_id, long long *id, struct err *err);

/*
 * The appraisal the terminal program was in when it last stopped without
 * going back to the team list (quit, Ctrl-C, a signal, a crash): 1 with
 * *id set, 0 when there is none (or it is no longer a draft), -1 on error.
 * store_appr_mark_open records it (id 0 clears it).
 */
int store_appr_open_get(struct store *st, long long *id, struct err *err);
int store_appr_mark_open(struct store *st, long long id, struct err *err);

/*
 * Wait at most ms for another program holding the database before a write
 * fails (the screens would rather say so and retry on the next pause than
 * freeze for the default five seconds).
 */
void store_appr_busy(struct store *st, int ms);

/* Record the appraiser's name on the appraisal (set when they sign). */
int store_appr_set_appraiser(struct store *st, long long id, const char *name,
			    struct err *err);

struct signoff_row {
	const char *role, *name, *comments, *signed_at;	/* borrowed for the call */
};
/* Calls fn for each sign-off of the appraisal's current revision. */
int store_appr_signoffs(struct store *st, long long id,
		       int (*fn)(const struct signoff_row *, void *), void *arg,
		       struct err *err);
/* Remove the current revision's sign-offs (an appraisal unsigned to be edited). */
int store_appr_signoffs_clear(struct store *st, long long id, struct err *err);

/*
 * A sign-off being typed: the dialog's text fields (field is "manager",
 * "staff" or "comments"), kept like an answer so that a crash, a signal or
 * a cancelled dialog loses nothing.  One row of meta per field, key
 * "signoff.ID.FIELD": never exported, never in a bundle.
 * store_appr_draft_set saves text (NULL or "" removes the row);
 * store_appr_draft_get gives 1 with *text (caller frees), 0 when there is
 * none; store_appr_draft_clear removes every field of appraisal id.  -1
 * and err on a database error.
 */
int store_appr_draft_set(struct store *st, long long id, const char *field,
			 const char *text, struct err *err);
int store_appr_draft_get(struct store *st, long long id, const char *field,
			 char **text, struct err *err);
int store_appr_draft_clear(struct store *st, long long id, struct err *err);

/* The uuid of PDP goal `position` of an appraisal: 1 found, 0 not, -1 error. */
int store_appr_pdp_uuid(struct store *st, long long id, int position,
		       char out[UUID_LEN + 1], struct err *err);

/* ---- holds: one program editing an appraisal at a time (appr_lock.c) ---- */

struct store_lock {
	char *token, *host, *user, *started_at;	/* owned (store_lock_release) */
	long long pid, pid_start, heartbeat;	/* heartbeat: unix seconds */
};
void store_lock_release(struct store_lock *h);	/* frees the strings */

/* The hold on appraisal id: 1 with *h filled (caller releases), 0 none, -1 error. */
int store_lock_get(struct store *st, long long id, struct store_lock *h,
		   struct err *err);
/* Write h as the hold on appraisal id, replacing any other.  -1 and err. */
int store_lock_put(struct store *st, long long id, const struct store_lock *h,
		   struct err *err);
/* Remove the hold on id if its token is token (another's is left).  -1 and err. */
int store_lock_drop(struct store *st, long long id, const char *token,
		    struct err *err);
/* Renew the heartbeat of the hold with token: 1 renewed, 0 not held by token, -1. */
int store_lock_beat(struct store *st, long long id, const char *token,
		    long long now, struct err *err);

#endif
