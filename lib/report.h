/*
 * report.h - completion and quality figures for the learning and
 * development team and for a manager's own team.  The data only: the
 * command line prints it as a table, CSV or JSON (cli/cmd_report.c), a
 * screen draws bar charts from the same structs, and report_html.c makes
 * the board's HTML report of them.
 */
#ifndef EADR_REPORT_H
#define EADR_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "sbuf.h"
#include "hubstore.h"
#include "store_export.h"

struct voice_report;

/* ---- completion (report.c) ---- */

struct completion_row {
	char *station;		/* owned; NULL in the whole-database row */
	long staff;		/* staff members */
	long final_12m;		/* final appraisals dated in the last 12 months */
	long appraised;		/* staff with at least one of those */
	long drafts;		/* appraisals in progress (draft or signed) */
	long due_30;		/* staff due in the next 30 days (today included) */
	long overdue;		/* staff whose due date has passed */
	double rate;		/* appraised / staff, 0..1 (0 with no staff) */
};

struct completion {
	char today[DATE_LEN + 1];	/* the day the figures are for */
	struct completion_row *rows;	/* by station, in name order */
	size_t n;
	struct completion_row total;	/* the whole database (or station) */
};

/*
 * Completion figures for every station (station NULL) or one station
 * (ASCII case-insensitive; then rows holds just that one), as of today
 * (date_today(), so EADR_TODAY applies).  "Due" and "overdue" follow
 * staff_due_status().  One query.  Release with completion_release.
 * With no staff at all (or none at that station) out->n is 0.
 */
int report_completion(struct hubstore *hs, const char *station,
		      struct completion *out, struct err *err);
void completion_release(struct completion *c);

/* ---- quality (quality.c: the indicators are one table there, and
 * schema/quality.md documents it) ---- */

struct quality_indicator {
	const char *key;	/* stable name for CSV and JSON: "signed_by_both" */
	const char *title;	/* for people: "Signed by both" */
};
/* The indicators, in report order; *n set to how many. */
const struct quality_indicator *quality_indicators(size_t *n);

struct quality_row {
	char *uuid, *staff_number, *name, *station, *appraiser, *date;
	unsigned char *met;	/* one 0/1 per indicator */
	int score;		/* how many were met */
};

struct quality {
	struct quality_row *rows;	/* every final appraisal, or the sample */
	size_t n;
	size_t population;		/* final appraisals considered */
	long *met;			/* per indicator: appraisals meeting it
					   (over the whole population) */
	int sampled;
	uint64_t seed;			/* when sampled */
};

/*
 * Quality indicators for each final appraisal passing f (may be NULL),
 * computed from its shareable answers, PDP goals and sign-offs (never
 * from private answers, so a hub gets the same result).  One query.
 */
int report_quality(struct hubstore *hs, const struct export_filter *f,
		   struct quality *out, struct err *err);

/*
 * Keep a reproducible random sample of n rows (all of them when n is at
 * least the population), chosen with splitmix64 from seed, in report
 * order.  The same data and seed give the same sample on every machine.
 */
void quality_sample(struct quality *q, size_t n, uint64_t seed);
void quality_release(struct quality *q);

/* The next value of the splitmix64 generator at *state (public for tests). */
uint64_t report_splitmix64(uint64_t *state);

/* ---- the board's report (report_board.c gathers, report_html.c draws) ---- */

/* One month of the trend: final appraisals dated in it. */
struct report_month {
	char month[8];		/* YYYY-MM */
	long finals;
};

/* A count under a code, with the label people read ("formal" is
 * "Formal (10)").  code and label are owned. */
struct report_count {
	char *code, *label;
	long n;
};

struct report_counts {
	struct report_count *v;
	size_t n;
};

/* What happened to last year's goals, as reviewed in this year's final
 * appraisals (the `pdp.followup` list's outcome answers).  This is the
 * hook for the goal outcomes the store will keep itself: fill it from
 * there when it does (report_board.c, outcome_add). */
struct report_outcomes {
	long reviewed;		/* last year's goals reviewed this period */
	long achieved, in_progress, dropped, unrecorded;
	long last_year_goals;	/* goals in the plans of the period before */
};

struct board_report {
	char today[DATE_LEN + 1];
	char from[DATE_LEN + 1];	/* period: the 12 calendar months ending */
	char to[DATE_LEN + 1];		/* with today's (to is today) */
	char prev_from[DATE_LEN + 1], prev_to[DATE_LEN + 1];	/* the 12 before */
	const char *station;		/* the one station (borrowed), or NULL */
	struct completion completion;	/* as report_completion */
	struct report_month months[12];	/* oldest first */
	/* The TNA of the period: goals of final appraisals dated in it. */
	long goals;
	char **stations;		/* owned; every station with staff, then any
					   other with goals; name order */
	size_t nstations;
	struct report_counts categories;	/* name order, "Other" last */
	long *heat;			/* nstations x categories.n, row by station */
	struct report_counts kinds;	/* 70:20:10, in that order */
	struct report_counts priorities;	/* high, medium, low, then others */
	struct report_outcomes outcomes;
	/* Quality of the period's final appraisals: population and met[] over
	 * all of them, rows the dip sample (quality_sample). */
	struct quality quality;
	long *sample_met;		/* per indicator, over the sample's rows */
	size_t sample_size;		/* asked for */
	struct voice_report *voice;	/* how it went (report_voice.h), on a hub
					   only; NULL elsewhere */
};

struct board_opts {
	const char *station;	/* one station only (NULL: all) */
	size_t sample;		/* dip sample size (0: 10) */
	uint64_t seed;		/* with have_seed; else from today's date */
	int have_seed;
};

/*
 * Gather the board's report: completion by station (report_completion),
 * the monthly trend of final appraisals, the TNA of the period (category
 * by station, 70:20:10, priority, last year's outcomes) and the quality
 * indicators with a dip sample.  Three walks of the store, each one query.
 * With no staff (or none at o->station) out->completion.n is 0 and the
 * rest is empty.  Release with board_report_release (also after -1).
 */
int report_board(struct hubstore *hs, const struct board_opts *o,
		 struct board_report *out, struct err *err);
void board_report_release(struct board_report *r);

/*
 * The board's report as one self-contained HTML page (inline CSS and SVG,
 * no script, nothing fetched), for screen and A4 print: every chart has
 * its figures in a table and a text alternative.  trust (may be NULL or
 * "") names the trust in the title.  Every string from the database is
 * escaped.  Appends to out; cannot fail.
 */
void report_html(const struct board_report *r, const char *trust,
		 struct sbuf *out);

/* For the dip sample: start an empty quality result (met[] allocated),
 * and add one final appraisal to it (as report_quality does). */
void quality_init(struct quality *q);
void quality_add(struct quality *q, const struct export_appraisal *a,
		 const struct export_answer *ans, size_t n);

#endif
