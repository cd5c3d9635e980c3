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

struct tna_opts {
	struct export_filter filter;
	int all;		/* drafts and signed appraisals too */
	int excel;		/* CSV: start with a UTF-8 byte order mark */
	struct export_forms forms;
};

/*
 * The TNA as CSV (RFC 4180, every field spreadsheet-safe) or JSON (one
 * document) into out.  *nrows is set to the number of PDP goals written;
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
 * memory): sheet "TNA" with a frozen header row, filters, real dates and
 * set widths; sheet "Counts" with PDP goals by TNA category and station.
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
 * (lib/config.h) and a signature block, appended to out.  It is drawn
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
