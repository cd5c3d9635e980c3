/*
 * export_int.h - shared by the TNA export's files (export.c: rows as CSV
 * and JSON; export_tna.c: the TNA year, the forms in use and their labels;
 * export_xlsx.c: the workbook).  Not for other modules.
 */
#ifndef EADR_EXPORT_INT_H
#define EADR_EXPORT_INT_H

#include <xlsxwriter.h>

#include "export.h"

/* What the export knows of the forms the database's appraisals use. */
struct tna_ctx {
	struct tna_form { char *hash; struct form *f; } *forms;
	size_t nforms;		/* newest version first */
	struct sbuf pdp_paths;	/* JSON {hash: PDP list path} (store_tna_each_with) */
	struct sbuf review_lists;	/* JSON {hash: [list, goal, outcome, comment]} */
	char *category;		/* the --category filter as a stored code, or NULL */
};

/* Load the forms in use (from the store, else opts->forms), build the maps
 * and check opts' category: -1 and err for a category no form or goal has
 * (the message lists the valid ones). */
int tna_ctx_load(struct hubstore *hs, const struct tna_opts *opts,
		 struct tna_ctx *c, struct err *err);
void tna_ctx_release(struct tna_ctx *c);

/* Which coded column a label is looked up for. */
enum tna_coded { CODED_TYPE, CODED_CATEGORY, CODED_PRIORITY, CODED_FUNDER,
	CODED_OUTCOME };
/* The label of code in the form with this hash; code itself when the form
 * or the choice is not known; "" for "". */
const char *tna_label(const struct tna_ctx *c, const char *hash,
		      enum tna_coded which, const char *code);
/* The choice list behind a coded column in the newest form, or NULL. */
const struct form_choicelist *tna_choices(const struct tna_ctx *c,
					  enum tna_coded which);

/* A TNA or outcome column: CSV header and JSON member (key), the
 * spreadsheet's heading and width, and its kind. */
enum col_kind { COL_TEXT, COL_DATE, COL_NUMBER, COL_OPTIONAL /* JSON null when empty */ };
struct column {
	const char *key, *title;
	size_t off;
	double width;
	enum col_kind kind;
};
extern const struct column tna_columns[], outcome_columns[];
extern const size_t tna_ncolumns, outcome_ncolumns;
/* A row's value in column c ("" for NULL). */
const char *column_value(const void *row, const struct column *c);

/* The walk over the rows, shared by the three formats. */
struct counts;
struct emit {
	const struct tna_opts *opts;
	enum export_format fmt;
	struct export_out *out;
	struct tna_ctx *ctx;
	long n, nout;		/* goals and outcomes written */
	char year[8];		/* the current row's TNA year */
	/* xlsx */
	lxw_workbook *wb;
	lxw_worksheet *ws, *ws_out;
	lxw_format *date_fmt, *head_fmt;
	lxw_error xerr;
	struct counts *counts;
	/* drafts */
	struct cached_form { char *hash; struct form *f; } *cache;
	size_t ncache;
	struct err *err;
	int failed;
	int (*row)(struct emit *e, const struct tna_row *r);	/* per format */
	int (*outcome)(struct emit *e, const struct outcome_row *r);
};

/* Every goal (and with outcomes set, every outcome) through e's row and
 * outcome functions, labelled.  -1 and err on failure. */
int export_walk(struct hubstore *hs, struct emit *e, int outcomes, struct err *err);

/* xlsx (export_xlsx.c) */
int xlsx_tna_row(struct emit *e, const struct tna_row *r);
int xlsx_outcome_row(struct emit *e, const struct outcome_row *r);

#endif
