/*
 * feedback_back.h - the way back of 360-degree feedback (schema/feedback.md,
 * "The way back"): the hub's signed file for one request (progress per
 * group, and the report once released, sealed to the requesting laptop),
 * written by hub_feedback_send.c, read and kept on the laptop by
 * feedback_back.c under the holding manager's key; and the report's text
 * read back into figures per dimension (feedback_report.c).
 */
#ifndef EADR_FEEDBACK_BACK_H
#define EADR_FEEDBACK_BACK_H

#include "bundle.h"
#include "feedback.h"
#include "sbuf.h"
#include "store.h"

#define FEEDBACK_BACK_SUFFIX ".360"	/* the file's name ends so */

/* What the hub says of one request. */
struct feedback_back {
	char request_id[UUID_LEN + 1];
	char device_id[UUID_LEN + 1];	/* the laptop that asked */
	char made[STAMP_LEN + 1];	/* when the hub wrote it */
	char *staff_number;
	int invited[FB_NGROUPS], responded[FB_NGROUPS];
	char released_on[DATE_LEN + 1];	/* "" until released */
	char *report;			/* the report's text once released, or NULL */
};
void feedback_back_release(struct feedback_back *b);

/*
 * The file's text: the device, the time and the hub's signing key in
 * clear; request, staff number, counts and report sealed (crypto_box_seal)
 * to the device's key (its Ed25519 signing key device_pk as X25519), so
 * that the stick shows nothing of it; everything signed with the hub's
 * Ed25519 key pair.  -1 and err when device_pk is no valid key.
 */
int feedback_back_write(const struct feedback_back *b,
			const unsigned char device_pk[BUNDLE_PK],
			const unsigned char hub_pk[BUNDLE_PK],
			const unsigned char hub_sk[BUNDLE_SK], struct sbuf *out,
			struct err *err);

/*
 * Check and read such a file on the laptop: its signature must hold for
 * trusted_pk (the hub key this laptop trusts), it must be for device_id,
 * and it must open with the device's signing key pair.  Refused ("NAME:
 * message", nothing read) when forged, changed after signing, for another
 * laptop (*other set to 1), malformed or truncated.
 */
int feedback_back_read(const char *name, const char *text, size_t len,
		       const unsigned char trusted_pk[BUNDLE_PK],
		       const char *device_id,
		       const unsigned char dev_pk[BUNDLE_PK],
		       const unsigned char dev_sk[BUNDLE_SK],
		       struct feedback_back *b, int *other, struct err *err);

/* What sync pull did with the .360 files. */
struct feedback_back_result {
	unsigned taken;		/* progress or report newly kept */
	unsigned reports;	/* of them, with a released report */
	unsigned same;		/* nothing newer than what is kept */
	unsigned other;		/* for another laptop */
	unsigned refused;	/* forged, changed, or not for a request here */
};

/*
 * Take every *.360 file in dir (sync_pull): each verified against the
 * trusted hub key trusted_pk; progress kept when newer than what is kept,
 * the report sealed to the box key of the manager holding the person's
 * appraisal (kept as text on a laptop with no profiles).  A refused file
 * changes nothing and is explained, "FILE: why", in problems.
 */
int feedback_back_pull(struct store *st, const char *dir,
		       const unsigned char trusted_pk[BUNDLE_PK],
		       struct feedback_back_result *r, struct sbuf *problems,
		       struct err *err);

/*
 * The newest released report of staff_number kept on this laptop: 1 and
 * its text appended to out (*request and *released, may be NULL, get a
 * copy of its request id and release date; caller frees), 0 when none
 * came back.  Refused (-1, err naming the holder) unless the signed-in
 * manager holds it.
 */
int feedback_back_report(struct store *st, const char *staff_number,
			 struct sbuf *out, char **request, char **released,
			 struct err *err);

/* ---- the report's text read back (feedback_report.c) ---- */

/* One row of spread: a unit's label, its responses, the count per point. */
struct fb_spread {
	char *label;
	int count;
	int n[8];		/* per point of the scale, in its order */
};
struct fb_dimension {
	char *label;		/* the question */
	char *self;		/* the self rating's label, or NULL */
	struct fb_spread *rows;
	size_t nrows;
};
struct fb_report {
	char *points[8];	/* the scale's labels, from the first spread */
	size_t npoints;
	int invited[FB_NGROUPS], responded[FB_NGROUPS];
	struct fb_dimension *dims;
	size_t ndims;
};
void fb_report_release(struct fb_report *r);

/*
 * Read a report's text (hub_feedback_report's format): the responses per
 * group, and per dimension the self rating and the spread per unit; the
 * comments are left in the text.  Never fails on text it does not know:
 * such lines are skipped.
 */
void fb_report_parse(const char *text, struct fb_report *r);

#endif
