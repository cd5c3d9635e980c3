/*
 * report_voice.h - "how it went" at the hub: the staff's answers by station
 * and by quarter, each cell shown only with at least VOICE_MIN answers, and
 * the comments shuffled.  The data (report_voice), and its text, CSV and
 * JSON (report_voice_write).  See schema/voice.md.
 */
#ifndef EADR_REPORT_VOICE_H
#define EADR_REPORT_VOICE_H

#include <stddef.h>

#include "hubstore.h"
#include "sbuf.h"
#include "voice.h"

struct voice_cell {
	char *label;		/* station or quarter; NULL: the whole trust */
	long n;			/* answers (one per appraisal) */
	int shown;		/* 0: suppressed (fewer than VOICE_MIN, or to
				   keep a suppressed cell from being worked
				   out by subtraction) */
	long count[VOICE_NITEMS][VOICE_POINTS + 1];	/* [item][point]; [i][0] skipped */
};

struct voice_comment {
	char *text;
	char *station;		/* NULL when its station is not shown */
};

struct voice_report {
	struct voice_cell *stations, *quarters;	/* in name order */
	size_t nstations, nquarters;
	struct voice_cell total;
	struct voice_comment *comments;	/* shuffled; none unless total.shown */
	size_t ncomments;
};
void voice_report_release(struct voice_report *r);

/*
 * Read every answer that counts on the hub hs (opened with its box key)
 * into out.  A station or quarter is shown only with at least VOICE_MIN
 * answers; when the cells suppressed in a table hold between 1 and
 * VOICE_MIN - 1 answers, the smallest shown cells are suppressed too, so
 * that the whole trust minus the others never gives them away.  Comments
 * are kept only when the whole trust has VOICE_MIN answers, in an order
 * from a random key (not the order they were given), each with its
 * station only where that station is shown.  -1 and err (not a hub, an
 * answer that does not open).
 */
int report_voice(struct hubstore *hs, struct voice_report *out, struct err *err);

/* Agree or strongly agree, of those who answered item i, 0..100; -1 when
 * nobody answered it. */
int voice_cell_agree(const struct voice_cell *c, enum voice_item i);

/* On a hub (a database with the hub's keys) holding at least one answer,
 * *out gets report_voice's figures (free with voice_report_free); elsewhere
 * *out is NULL.  -1 and
 * err as report_voice. */
int report_voice_if_hub(struct hubstore *hs, struct voice_report **out,
			struct err *err);
void voice_report_free(struct voice_report *r);	/* NULL is a no-op */

/* The board's report's section "How it went" (report_html.c): the tables,
 * suppressed cells said so, no comments. */
void report_voice_html(const struct voice_report *r, struct sbuf *out);

enum voice_format { VOICE_TEXT, VOICE_CSV, VOICE_JSON };
void report_voice_write(const struct voice_report *r, enum voice_format f,
			struct sbuf *out);

#endif
