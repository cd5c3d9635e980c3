/*
 * export.h - what leaves the laptop for the learning and development team:
 * the training needs analysis (TNA) as CSV, XLSX or JSON, and the staff
 * member's own PDP document (export_pdp.c).  Columns and the JSON shape
 * are described in schema/tna.md.  Private answers are never read.
 */
#ifndef EADR_EXPORT_H
#define EADR_EXPORT_H

#include <stdio.h>

#include "form.h"
#include "sbuf.h"
#include "store_export.h"

/*
 * Where text output goes.  With fp set, out.buf is written to fp whenever
 * it passes 64 KiB (and by export_out_finish), so memory stays small;
 * with fp NULL, everything stays in buf (for file_write_atomic).  Nothing
 * is written to fp before the first row is known to exist.
 */
struct export_out {
	FILE *fp;
	struct sbuf buf;
	int failed;	/* a write to fp failed */
};
#define EXPORT_OUT_INIT { NULL, SBUF_INIT, 0 }
/* Write what is left in buf to fp (if any).  -1 and err on a write error. */
int export_out_finish(struct export_out *o, struct err *err);
void export_out_release(struct export_out *o);

enum export_format { EXPORT_CSV, EXPORT_XLSX, EXPORT_JSON };

/* Forms the caller has loaded, used for drafts whose form the store does
 * not keep (matched by id and version). */
struct export_forms {
	const struct form *const *forms;
	size_t n;
};

/*
 * The export's period.  The trust's TNA year runs from 1 April to 31 March
 * (the NHS financial year): TNA year "2026/27" is 2026-04-01 to 2027-03-31.
 */
struct tna_period {
	char year[8];			/* "2026/27", or "" when not one TNA year */
	char from[DATE_LEN + 1];	/* "" when open */
	char to[DATE_LEN + 1];		/* "" when open */
};

/*
 * The period of --year YEAR, --from and --to (each may be NULL).  YEAR is
 * "2026" (the TNA year starting 1 April 2026), "2026/27" or "2026-27",
 * "current", "last" or "all" (every date).  With none of the three, the
 * current TNA year (today: date_today, so EADR_TODAY in tests).  --from and
 * --to replace the start or end of the year; without --year they give the
 * period alone (the other end open).  -1 and err for a bad year or date,
 * or a start after the end.
 */
int tna_period_make(const char *year, const char *from, const char *to,
		    struct tna_period *p, struct err *err);

/* The TNA year of a YYYY-MM-DD date into out ("2026/27"); "" when bad. */
void tna_year_of(const char *date, char out[8]);

struct tna_opts {
	struct export_filter filter;
	int all;		/* drafts and signed appraisals too */
	int excel;		/* CSV: start with a UTF-8 byte order mark */
	struct export_forms forms;
	/* The period the filter's from and to came from, said in the JSON
	 * and the workbook; NULL: none said (the filter's dates alone). */
	const struct tna_period *period;
	int outcomes;		/* CSV and JSON: last year's outcomes, not the goals */
};

/*
 * The TNA as CSV (RFC 4180, every field spreadsheet-safe) or JSON (one
 * document) into out.  With opts->outcomes, the CSV holds last year's
 * outcomes instead of the goals; the JSON holds both (its "outcomes").
 * A --category no form or goal knows is an error listing the valid ones.
 * *nrows is set to the number of PDP goals (or outcomes) written;
 * 0 is not an error here (the caller says what matched nothing) and
 * then nothing has gone to out->fp.  Final appraisals come from their PDP
 * goals; with opts->all, drafts' goals are read from their shareable
 * answers through their form's PDP list (see schema/tna.md).
 */
int export_tna(struct store *st, const struct tna_opts *opts,
	       enum export_format fmt, struct export_out *out, long *nrows,
	       struct err *err);

/*
 * The TNA as an XLSX workbook written to path (libxlsxwriter, constant
 * memory): sheet "TNA" ("TNA 2026-27" for one TNA year) with a frozen
 * header row, filters, real dates and set widths; sheet "Outcomes" with
 * last year's goals as reviewed; sheet "Counts" with PDP goals by TNA
 * category, 70:20:10 type and priority, and outcomes, by station (every
 * station of the staff list, with zeros).
 * The caller makes path a temporary name and renames it.  *nrows as above;
 * with 0 rows no workbook is written.
 */
int export_tna_xlsx(struct store *st, const struct tna_opts *opts,
		    const char *path, long *nrows, struct err *err);

/* JSON string (with its quotes) of the UTF-8 text s; control characters
 * and U+2028/9 escaped, invalid bytes as U+FFFD. */
void json_put(struct sbuf *sb, const char *s);
/* HTML text with & < > " ' escaped. */
void html_put(struct sbuf *sb, const char *s);

/* ---- the PDP document (export_pdp.c) ---- */

enum pdp_format { PDP_TEXT, PDP_MARKDOWN, PDP_HTML };

#define PDP_WITH_PRIVATE 1	/* the staff member's own copy */
#define PDP_AS_PDF 2		/* export_pdp_to: the PDF (export_pdf.c); fmt
				   is then ignored */
#define PDP_WITH_360 4		/* with the 360-degree feedback report that came
				   back from the hub (feedback_back.h), when the
				   staff member asks: refused when none did */

/*
 * The staff member's PDP from their latest final appraisal: details,
 * agreed objectives, development plan, comments and sign-offs.  Private
 * answers only with PDP_WITH_PRIVATE, and the document then says it is the
 * staff member's own copy.  form (may be NULL) gives question labels when
 * the store does not keep the appraisal's form.  -1 and err for an unknown
 * staff number or one with no final appraisal.
 */
int export_pdp(struct store *st, const char *staff_number,
	       enum pdp_format fmt, int flags, const struct export_forms *forms,
	       struct sbuf *out, struct err *err);

/*
 * The same document as an A4 PDF for the printed copy (export_pdf.c:
 * cairo and pango), with the trust's name from the settings file
 * (lib/settings.h) and a signature block, appended to out.  It is drawn
 * from export_pdp's HTML, so the two never differ in content.  -1 and
 * err as export_pdp, or when this build has no PDF support
 * (export_pdf_available() is 0), or the settings file is unreadable.
 */
int export_pdp_pdf(struct store *st, const char *staff_number, int flags,
		   const struct export_forms *forms, struct sbuf *out,
		   struct err *err);
/* 1 when this build can write PDF (configure found cairo and pango). */
int export_pdf_available(void);

/* ---- an export as one step: written and audited (export_write.c) ---- */

/* Where an export goes: path (-o FILE: written whole or not at all, mode
 * 0600; a device or FIFO written in place), or, with path NULL, fp, which
 * is standard output (written as it goes; the audit log says so). */
struct export_dest {
	const char *path;
	FILE *fp;
};

/*
 * The TNA (as export_tna, or export_tna_xlsx for EXPORT_XLSX) written to
 * dest, then recorded in the audit log as "exported" (what, format, number
 * of PDP goals, where; never a value).  With *nrows 0, nothing is written
 * or recorded (the caller says what matched nothing).  Returns 0; 1 when
 * the export is written but could not be recorded (err says so); -1 and
 * err when it was not written (an -o file is then left as it was).
 */
int export_tna_to(struct store *st, const struct tna_opts *opts,
		  enum export_format fmt, const struct export_dest *dest,
		  long *nrows, struct err *err);

/* The PDP document (as export_pdp) written to dest and recorded in the
 * audit log under the staff number; returns as export_tna_to. */
int export_pdp_to(struct store *st, const char *staff_number, enum pdp_format fmt,
		  int flags, const struct export_forms *forms,
		  const struct export_dest *dest, struct err *err);

/* The form an appraisal was made on: from the store by hash, else among
 * forms by id and version; NULL when neither has it.  Caller frees. */
struct form *export_form_for(struct store *st, const char *hash,
			     const char *id, const char *version,
			     const struct export_forms *forms, struct err *err);

#endif
