/*
 * store_feedback_back.h - the SQL of 360-degree feedback's way back
 * (schema/011-feedback-back.sql, schema/feedback.md "The way back"): what
 * the hub sends of a request, and what the laptop keeps of it.  0 (or 1/0
 * for "found") and -1 with err.
 */
#ifndef EADR_STORE_FEEDBACK_BACK_H
#define EADR_STORE_FEEDBACK_BACK_H

#include "feedback_back.h"

/* ---- the hub ---- */

/*
 * The state of request_id at the hub: b gets its device, staff number,
 * invitations, responses kept per group (before release) and, once
 * released, the release date and the report; device_pk (unless NULL) the
 * signing key of the approved laptop that sent it.  1, 0 (no such request), -1 and err
 * (also when that laptop is not, or no longer, approved).
 */
int store_fbback_hub_get(struct store *st, const char *request_id,
			 struct feedback_back *b, unsigned char device_pk[BUNDLE_PK],
			 struct err *err);

/* The ids of every request device_id sent: *ids[0..*n) and the array,
 * caller frees. */
int store_fbback_hub_requests(struct store *st, const char *device_id,
			      char ***ids, size_t *n, struct err *err);

/*
 * The responses waiting for a request the hub has not seen (hub
 * feedback-waiting): fn(code_hash, how many, the day the first arrived,
 * arg) once per code, oldest first, only those that arrived before
 * `before` (YYYY-MM-DD; NULL: all); fn returning non-zero stops.  Nothing
 * sealed is read.  The walk's result (0 or what fn said), or -1 and err.
 */
int store_fbback_hub_wait_ages(struct store *st, const char *before,
			       int (*fn)(const char *code_hash, long long n,
					 const char *since, void *arg),
			       void *arg, struct err *err);
/* Delete the waiting responses that arrived before `before`: how many, or
 * -1 and err.  The caller audits and holds the transaction. */
long long store_fbback_hub_wait_purge(struct store *st, const char *before,
				      struct err *err);

/* ---- the laptop ---- */

/*
 * Is request_id one this laptop made?  1 and *staff_number (caller frees),
 * made (the hub time of what is kept, "" when nothing came back yet) and
 * *has_report; 0 when it is not.
 */
int store_fbback_state(struct store *st, const char *request_id,
		       char **staff_number, char made[STAMP_LEN + 1],
		       int *has_report, struct err *err);

/*
 * Who is to read staff_number's report: the manager holding their newest
 * held appraisal, 1 with *pid, *name (caller frees) and their box key pk;
 * 0 when the laptop has no profiles (kept as text).  -1 and err when no
 * manager here holds an appraisal of theirs, or the holder has no box key.
 */
int store_fbback_holder(struct store *st, const char *staff_number, long long *pid,
			char **name, unsigned char pk[32], struct err *err);

/* Keep what the hub said of a request (replacing what was kept): the
 * counts, and when blob is given the report (sealed to holder's box key,
 * or text when holder is 0). */
int store_fbback_put(struct store *st, const struct feedback_back *b,
		     long long holder, const void *blob, size_t len,
		     struct err *err);

/* The hub's counts of request_id: 1 and responded, made and released_on
 * ("" until released), 0 when nothing came back yet. */
int store_fbback_counts(struct store *st, const char *request_id,
			int responded[FB_NGROUPS], char made[STAMP_LEN + 1],
			char released_on[DATE_LEN + 1], struct err *err);

/* The newest report of staff_number: see feedback_back_report. */
int store_fbback_report(struct store *st, const char *staff_number,
			struct sbuf *out, char **request, char **released,
			struct err *err);

#endif
