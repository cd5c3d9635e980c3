/*
 * staff.h - the staff list: importing it from a CSV file and telling who is
 * due or overdue an appraisal.
 */
#ifndef EADR_STAFF_H
#define EADR_STAFF_H

#include "diag.h"
#include "store.h"

struct staff_import_result {
	int added, updated, unchanged;
};

/*
 * Import staff from CSV text (already read from file; file names it in
 * messages).  The header row names the columns, in any order:
 * staff_number and name are required; role, band, station, email and due
 * (YYYY-MM-DD) are optional; unknown columns are ignored with a warning.
 * Re-importing updates by staff number; a column missing from the file
 * leaves that field as it was.
 *
 * Every bad row is added to d as FILE:LINE: error: message and then the
 * whole import is refused (returns -1) with nothing changed.  Warnings are
 * added to d too.  A database failure fills err (also -1).
 */
int staff_import(struct store *st, const char *file, const char *text,
		 size_t len, struct staff_import_result *res, struct diag *d,
		 struct err *err);

enum due_status { DUE_NONE, DUE_LATER, DUE_SOON, DUE_OVERDUE };

#define DUE_SOON_DAYS 30

/* How due is an appraisal with due date due (may be NULL) on day today. */
enum due_status staff_due_status(const char *due, const char *today);
const char *staff_due_name(enum due_status s);

/* What the team list shows for an appraisal: "not started", "draft",
 * "signed", "final" or "synced". */
const char *staff_state_name(const struct staff_status *ss);

/*
 * Whether the team list's filter shows ss on day today: filter (as typed;
 * NULL or "" shows everyone) matches the name, the staff number, the
 * station or the state name as lib/name_match.c matches names, or the
 * word "overdue" when the appraisal is overdue.  The store filters pages
 * by the same rule in SQL (lib/store_team.c: the person first, the state
 * only for the others).
 */
int staff_team_match(const struct staff_status *ss, const char *filter,
		     const char *today);

#endif
