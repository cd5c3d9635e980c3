/*
 * voice.h - "how it went": after both people have signed an appraisal, the
 * staff member's own view of it (the NHS staff survey's three statements on
 * appraisals, whether the wellbeing conversation helped, one line of text),
 * sealed at once to the trusted hub like a 360 response, and read only by
 * the hub, in thresholded figures (report_voice.c).  See schema/voice.md,
 * "How it went".
 */
#ifndef EADR_VOICE_H
#define EADR_VOICE_H

#include <stddef.h>

#include "err.h"
#include "sbuf.h"
#include "store.h"
#include "util.h"

/* The statements, in the order they are asked and reported. */
enum voice_item { VOICE_IMPROVE, VOICE_OBJECTIVES, VOICE_VALUED, VOICE_WELLBEING,
	VOICE_NITEMS };

#define VOICE_POINTS 5		/* strongly disagree (1) .. strongly agree (5) */
#define VOICE_MIN 5		/* responses a station or quarter needs to be shown */
#define VOICE_BATCH 5		/* answers that wait on a laptop to travel together */
#define VOICE_BALLOT_HEX 64	/* an appraisal's ballot at the hub, hex */
#define VOICE_QUARTER 11	/* "2026-27 Q1" and its NUL */
#define VOICE_COMMENT_MAX 500	/* bytes of the free-text line */

/* The statement as the person reads it ("It helped me improve how I do my
 * job."), its short name for CSV and JSON ("improve"), and a point's words
 * (1 "Strongly disagree" .. 5 "Strongly agree"; "" for others). */
const char *voice_statement(enum voice_item i);
const char *voice_key(enum voice_item i);
const char *voice_point(int v);

/* The offer's title, "How did it go? (for the staff member)", and what
 * the screen says under it before the first statement: who can read the
 * answers (nobody on the laptop, the manager included) and how they are
 * reported.  Static text, lines of at most 76 columns. */
extern const char voice_title[];
extern const char voice_notice[];

/*
 * A point as typed: "1" to "5", or the start of its words ("agree",
 * "strongly agree", "neither"), any case.  "" (Enter) skips: *v = 0.  -1
 * and err naming what is accepted.
 */
int voice_point_read(const char *typed, int *v, struct err *err);

/* The answers: v[i] 0 (skipped) or 1..5; comment NULL or one line. */
struct voice_answers {
	int v[VOICE_NITEMS];
	char *comment;
};
void voice_answers_release(struct voice_answers *a);	/* wipes the text */

/* The appraisal a voice is for, as voice_find reads it. */
struct voice_target {
	char uuid[UUID_LEN + 1];
	char *staff_number, *name, *station;	/* owned */
	int wellbeing;		/* the wellbeing conversation: 1 held, 0 not
				   (declined, elsewhere, or no such question),
				   -1 cannot tell (held for a manager not
				   signed in): ask, saying "if you had one" */
};
void voice_target_release(struct voice_target *t);

/*
 * The staff member's latest appraisal on this laptop, which both people
 * must have signed (state signed or final).  Refused, with a sentence for
 * the person, when there is no such staff member or appraisal, when it is
 * not signed yet, or when this laptop trusts no hub key (nothing could be
 * sealed, so nothing is asked).
 */
int voice_find(struct store *st, const char *staff_number, struct voice_target *t,
	       struct err *err);

/*
 * Seal the answers at once to the trusted hub's box key (crypto_box_seal)
 * with the appraisal's ballot (see schema/voice.md: keyed by a secret of
 * this laptop, so the hub cannot tell whose), a submission number, the
 * station and the quarter of today's date; keep only that sealed box and
 * today's date, for the next bundle.  Nothing readable is written.  A
 * second submission on one appraisal replaces the first at the hub.  The
 * answers' memory is wiped (a is released).  Refused when nothing at all
 * was answered (nothing is kept).
 */
int voice_submit(struct store *st, const struct voice_target *t,
		 struct voice_answers *a, struct err *err);

/* ---- what is sealed (voice.c; the hub reads it back) ---- */

struct voice_response {
	char ballot[VOICE_BALLOT_HEX + 1];
	long long number;
	char *station;
	char quarter[VOICE_QUARTER];
	struct voice_answers a;
};
void voice_response_release(struct voice_response *r);

/* "EADR-VOICE 1", ballot, number, station, quarter, then "a KEY<TAB>VALUE"
 * per answer given; \\, \n, \t escaped. */
void voice_encode(const struct voice_response *r, struct sbuf *out);
/* Read it back strictly (every line known, points 1..5, a quarter of the
 * right shape); -1 and err. */
int voice_decode(const char *text, size_t len, struct voice_response *r,
		 struct err *err);

/* The financial-year quarter of a date (April to June is Q1):
 * "2026-04-02" -> "2026-27 Q1". */
void voice_quarter(const char *date, char out[VOICE_QUARTER]);

#endif
