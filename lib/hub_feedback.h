/*
 * hub_feedback.h - 360-degree feedback at the hub: requests and sealed
 * responses taken from bundles (checked code by code), the anonymity
 * thresholds, and the report, released with the raw responses deleted.
 * See schema/feedback.md.
 */
#ifndef EADR_HUB_FEEDBACK_H
#define EADR_HUB_FEEDBACK_H

#include "feedback.h"
#include "form.h"
#include "sbuf.h"
#include "hubstore.h"
#include "store.h"

/* One row of ratings in a report: a group alone, or anonymous groups merged. */
struct hub_feedback_unit {
	unsigned groups;	/* bit (1u << group) per group it holds */
	int count;		/* responses */
};

/* What the thresholds let a report show, from the responses per group. */
struct hub_feedback_plan {
	int count[FB_NGROUPS];
	struct hub_feedback_unit unit[FB_NGROUPS];	/* self, line manager,
							   then anonymous units */
	size_t nunits;
	unsigned merged;	/* groups shown only merged with another */
	unsigned omitted;	/* groups left out (below the threshold, nothing
				   to merge with) */
	int all_count;		/* "all raters except self": everyone shown but self */
	int all_shown;		/* all_count >= FB_MIN_ALL */
};

/*
 * Apply the thresholds: self and line manager are shown alone, named;
 * peers, direct reports and others each only with at least FB_MIN_ANON
 * responses; one below it is merged into the smallest other anonymous
 * group with responses (repeatedly), and left out when there is none.
 * Never fails.
 */
void hub_feedback_plan(const int count[FB_NGROUPS], struct hub_feedback_plan *p);

/* A unit's label: "self", "peers", "peers and direct reports", ... */
void hub_feedback_unit_label(const struct hub_feedback_unit *u, struct sbuf *out);

/* What a response did at import. */
enum hub_feedback_outcome {
	HUB_FB_NEW, HUB_FB_REPLACED, HUB_FB_OLDER, HUB_FB_REPLAY,
	HUB_FB_WAITING		/* its code's request is not here yet: kept sealed */
};

/*
 * Keep a request as a laptop sent it: fields as in the bundle record
 * (schema/feedback.md): id, staff number, close date, counts per group,
 * and "grp:hash" words for its codes, from the device device_id signing
 * with sign_pk (Ed25519).  Sent again: nothing changes (*already).
 * Refused (1, err saying why, nothing changed) when it is malformed, or
 * when the hub holds appraisals of the staff member and sign_pk owns none
 * of them (hub_owners): a request forged by another device.  -1: error.
 * Responses that were waiting for this request (hub_feedback_response) are
 * taken now, each as if it had just come (a late one refused and audited
 * "feedback-refused"); *taken (may be NULL) counts the ones kept.
 */
int hub_feedback_request(struct hubstore *hs, const char *device_id,
			 const unsigned char *sign_pk, const char *const *f,
			 int *already, size_t *taken, struct err *err);

/*
 * Take one sealed response (id as it travelled): opened with the hub's box
 * key, its code checked against the requests' hashes, its date against the
 * request's close date.  Refused (1, err saying why, nothing changed) when
 * it does not open, names a code of another group than its own (forged),
 * arrives after the close date or after the report's release.  A code no
 * request here has: kept sealed, waiting for its request (0, *out
 * HUB_FB_WAITING; a forged code's waits for ever, unread).  A response id
 * seen (or waiting) before is a replay: 0, *out HUB_FB_REPLAY, nothing
 * changed.  -1: error.
 */
int hub_feedback_response(struct hubstore *hs, const char *response_id,
			  const unsigned char *sealed, size_t len,
			  enum hub_feedback_outcome *out, struct err *err);

/* The hub's box key pair (-1 and a message when this is no hub), and a
 * sealed response opened into d; hub_feedback*.c only. */
int hub_feedback_keys(struct hubstore *hs, unsigned char *pk, unsigned char *sk,
		      struct err *err);
int hub_feedback_open(const unsigned char *pk, const unsigned char *sk,
		      const unsigned char *sealed, size_t len,
		      struct feedback_draft *d, long long *number,
		      char date[DATE_LEN + 1], struct err *err);

/*
 * Build the report of request_id from its kept responses with form (the
 * feedback360 form: its scale questions are the dimensions, its text
 * questions the comments) into out, as text.  release: also keep the
 * report and delete the raw responses (refused before the close date
 * unless every threshold is met, i.e. no group merged or left out);
 * *plan (may be NULL) gets the thresholds applied.
 */
int hub_feedback_report(struct hubstore *hs, const char *request_id,
			const struct form *form, const char *name, int release,
			struct sbuf *out, struct hub_feedback_plan *plan,
			struct err *err);

#endif
