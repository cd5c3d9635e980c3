/*
 * store_export.h - the store's read-only queries for exports and reports:
 * TNA rows, appraisals with their shareable answers, the PDP document's
 * pieces and the completion counts.  Each walk is one prepared statement
 * streaming rows (never one query per appraisal).  Private answers are
 * never read here.
 */
#ifndef EADR_STORE_EXPORT_H
#define EADR_STORE_EXPORT_H

#include "store.h"

/* Which appraisals a walk covers.  NULL fields do not filter. */
struct export_filter {
	const char *from, *to;	/* appraisal date, inclusive, YYYY-MM-DD */
	const char *station;	/* exact, ASCII case-insensitive */
	const char *category;	/* TNA category, exact, ASCII case-insensitive */
};

/* The appraisal date: the meeting date, else the day it was last changed. */
#define STORE_APPRAISAL_DATE "coalesce(a.meeting_date, substr(a.updated_at, 1, 10))"

/* One PDP goal of a final appraisal, with its staff member and appraisal.
 * Every string is borrowed for the call and never NULL except where noted. */
struct tna_row {
	const char *staff_number, *name, *role, *band, *station;
	const char *appraiser, *appraisal_date, *form_id, *form_version;
	const char *state;		/* final (or draft / signed with --all) */
	const char *appraisal_uuid;
	const char *need, *goal, *kind, *category, *priority;
	const char *target_date;	/* "" when unset */
	const char *support, *status;	/* status: new, carried, achieved */
	const char *follows_up;		/* last year's goal text, or its uuid
					   when that goal is not here; "" if none */
	const char *follows_up_uuid;	/* "" if none */
	int position;
	/* Added for the TNA year's export (all "" when not known): */
	const char *form_hash, *goal_uuid;
	const char *cost, *funder;	/* the PDP list's `cost` and `funder`
					   answers, when shareable */
	/* Filled by the export, never by the store ("" from the store): */
	const char *tna_year;		/* "2026/27" */
	const char *kind_label, *category_label, *priority_label, *funder_label;
};

/*
 * Call fn for each PDP goal (pdp_goals) of every final appraisal that
 * passes f (may be NULL), by station, name, appraisal date and position.
 * fn returning non-zero stops the walk and is returned.
 */
int store_tna_each(struct store *st, const struct export_filter *f,
		   int (*fn)(const struct tna_row *row, void *arg), void *arg,
		   struct err *err);

/*
 * As store_tna_each, with each row's cost and funder read from its
 * appraisal's shareable answers: pdp_paths is a JSON object mapping a form
 * hash to the answer path of that form's PDP list ({"ab12..": "pdp.goals"});
 * the answers "<path>[<position>].cost" and ".funder" are read.  NULL:
 * none are read.
 */
int store_tna_each_with(struct store *st, const struct export_filter *f,
			const char *pdp_paths,
			int (*fn)(const struct tna_row *row, void *arg), void *arg,
			struct err *err);

/*
 * One of last year's goals as reviewed in a final appraisal: an item of
 * the list that carries from the PDP list (in the shipped form,
 * pdp.followup), with last year's PDP goal it names when found (the
 * staff member's earlier final appraisal, same goal text).  Strings are
 * borrowed for the call, "" when unknown.
 */
struct outcome_row {
	const char *staff_number, *name, *role, *band, *station;
	const char *appraiser, *appraisal_date, *form_hash, *appraisal_uuid;
	const char *goal, *outcome, *comment;	/* as reviewed this year */
	const char *goal_uuid, *need, *kind, *category, *priority;	/* last year's */
	const char *goal_date;		/* last year's appraisal date */
	int position;			/* the item's number in the review list */
	/* Filled by the export: */
	const char *tna_year, *outcome_label, *kind_label, *category_label,
		*priority_label;
};

/*
 * Call fn for each reviewed goal of every final appraisal passing f (its
 * category is last year's goal's), by station, name, date and item.
 * review_lists maps a form hash to [list path, goal id, outcome id,
 * comment id] ({"ab12..": ["pdp.followup", "goal", "outcome", "comment"]});
 * appraisals on other forms have none.  Items with neither a goal nor an
 * outcome are left out.  fn returning non-zero stops the walk.
 */
int store_outcomes_each(struct store *st, const struct export_filter *f,
			const char *review_lists,
			int (*fn)(const struct outcome_row *row, void *arg),
			void *arg, struct err *err);

/* Every station of the staff list (station when not NULL: that one,
 * ignoring ASCII case), by name; fn returning non-zero stops. */
int store_stations_each(struct store *st, const char *station,
			int (*fn)(const char *name, void *arg), void *arg,
			struct err *err);

/* Every form the database's appraisals use, once: hash, id and version. */
int store_forms_used_each(struct store *st,
			  int (*fn)(const char *hash, const char *id,
				    const char *version, void *arg),
			  void *arg, struct err *err);

/* Every distinct TNA category of the PDP goals, by name. */
int store_categories_each(struct store *st,
			  int (*fn)(const char *category, void *arg), void *arg,
			  struct err *err);

/* An appraisal with its staff member; strings owned by the walk. */
struct export_appraisal {
	long long id;
	char *uuid, *state, *form_id, *form_version, *form_hash;
	char *staff_number, *name, *role, *band, *station;
	char *appraiser, *date;		/* date: STORE_APPRAISAL_DATE */
	int signed_appraiser, signed_appraisee;	/* sign-offs of this revision */
	long pdp_goals;			/* rows in pdp_goals */
};

struct export_answer {
	char *path, *value;
};

#define STORE_EXPORT_FINAL 0	/* final appraisals only */
#define STORE_EXPORT_OPEN 1	/* drafts and signed, not yet final */

/*
 * Call fn once per appraisal in state `which` passing f (its category is
 * ignored), with its shareable (not private) answers in path order.  One
 * query for the lot.  Order: station, name, staff number, date, id.  fn
 * returning non-zero stops the walk and is returned.
 */
int store_appraisals_each(struct store *st, int which,
			  const struct export_filter *f,
			  int (*fn)(const struct export_appraisal *a,
				    const struct export_answer *ans, size_t n,
				    void *arg),
			  void *arg, struct err *err);

/* The id of the staff member's latest final appraisal: 1 found, 0 none. */
int store_latest_final(struct store *st, const char *staff_number,
		       long long *id, struct err *err);

struct signoff {
	const char *role, *name, *comments, *signed_at;
};
/* Sign-offs of the appraisal's current revision, appraiser first. */
int store_signoffs_each(struct store *st, long long appraisal_id,
			int (*fn)(const struct signoff *s, void *arg),
			void *arg, struct err *err);

/* One appraisal's PDP goals, by position (strings borrowed for the call). */
int store_pdp_each(struct store *st, long long appraisal_id,
		   int (*fn)(const struct tna_row *row, void *arg), void *arg,
		   struct err *err);

/* One staff member for the completion report (borrowed for the call). */
struct completion_staff {
	const char *staff_number, *station, *due;	/* due may be NULL */
	long finals_12m;	/* final appraisals dated in (today - 12 months, today] */
	long open;		/* appraisals in progress (draft or signed) */
};
/* Every staff member by station, with counts; one query. */
int store_completion_each(struct store *st, const char *today,
			  int (*fn)(const struct completion_staff *s, void *arg),
			  void *arg, struct err *err);

/* Number of staff, and of appraisals, in the database. */
int store_counts(struct store *st, long *staff, long *appraisals,
		 struct err *err);

/* Number of audit log entries with this action ("demo", "exported"). */
int store_audit_count(struct store *st, const char *action, long *n, struct err *err);

#endif
