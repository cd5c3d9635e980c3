/*
 * report.h - completion and quality figures for the learning and
 * development team and for a manager's own team.  The data only: the
 * command line prints it as a table, CSV or JSON (tui/cmd_report.c) and a
 * screen can draw bar charts from the same structs.
 */
#ifndef EADR_REPORT_H
#define EADR_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "store_export.h"

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
int report_completion(struct store *st, const char *station,
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
int report_quality(struct store *st, const struct export_filter *f,
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

#endif
