/*
 * export_write.c - an export as one step (see export.h): made, written
 * whole to its file (lib/fileio.c) or to standard output, and recorded in
 * the audit log, so that no front end can write one and forget the other.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "export.h"
#include "fileio.h"

/* An export is a change of state the audit log keeps (DESIGN.md); the
 * detail says what and where, never a value.  In the laptop's store st
 * under staff_number, else in the hub hs.  0, or 1 with err. */
static int audit(struct store *st, struct hubstore *hs, const char *staff_number,
		 const char *what, const char *format, long n, const char *path,
		 struct err *err)
{
	struct sbuf d = SBUF_INIT;
	struct err aerr = ERR_INIT;
	int rc = 0;

	sbuf_addf(&d, "%s %s", what, format);
	if (n >= 0)
		sbuf_addf(&d, ", %ld PDP goal%s", n, n == 1 ? "" : "s");
	sbuf_addf(&d, ", to %s", path ? path : "standard output");
	if ((st ? store_audit(st, NULL, staff_number, "exported", d.buf, &aerr)
	     : hs->ops->audit(hs, "exported", d.buf, &aerr)) < 0) {
		err_set(err, "the export was written but not recorded in the audit log: %s",
			err_msg(&aerr));
		rc = 1;
	}
	err_release(&aerr);
	sbuf_release(&d);
	return rc;
}

/* Write data to the destination: the file whole, or the stream. */
static int put(const struct export_dest *dest, const char *data, size_t len,
	       struct err *err)
{
	if (dest->path)
		return file_write_atomic(dest->path, data, len, 0600, err);
	if (fwrite(data, 1, len, dest->fp) != len || fflush(dest->fp) != 0)
		return err_set(err, "cannot write the output: %s", strerror(errno));
	return 0;
}

/* Copy the file src to fp as it goes (the workbook to the stream or a
 * device), never holding it whole. */
static int copy_to(const char *src, FILE *fp, const char *what, struct err *err)
{
	FILE *in = fopen(src, "rbe");
	char block[65536];
	size_t n;
	int rc = 0;

	if (!in)
		return err_set(err, "%s: %s", src, strerror(errno));
	while ((n = fread(block, 1, sizeof(block), in)) > 0)
		if (fwrite(block, 1, n, fp) != n) {
			rc = err_set(err, "cannot write %s: %s", what, strerror(errno));
			break;
		}
	if (rc == 0 && ferror(in))
		rc = err_set(err, "%s: %s", src, strerror(errno));
	if (rc == 0 && fflush(fp) != 0)
		rc = err_set(err, "cannot write %s: %s", what, strerror(errno));
	fclose(in);
	return rc;
}

/*
 * The workbook: libxlsxwriter writes a file by name, so it goes to a
 * temporary file beside the target and is renamed into place; for the
 * stream or a device, to a temporary file in TMPDIR that is then copied.
 */
static int tna_xlsx(struct hubstore *hs, const struct tna_opts *opts,
		    const struct export_dest *dest, long *nrows, struct err *err)
{
	const char *tmpdir = getenv("TMPDIR");
	int beside = dest->path && !file_is_special(dest->path);
	struct sbuf where = SBUF_INIT;
	char *tmp;
	int rc = -1;

	if (beside)
		sbuf_adds(&where, dest->path);
	else
		sbuf_addf(&where, "%s/eadr-export.xlsx", tmpdir && *tmpdir ? tmpdir : "/tmp");
	tmp = file_temp(where.buf, 0600, err);
	sbuf_release(&where);
	if (!tmp)
		return -1;
	if (export_tna_xlsx(hs, opts, tmp, nrows, err) < 0)
		goto out;
	if (*nrows == 0)
		rc = 0;
	else if (beside)
		rc = file_install(tmp, dest->path, err);
	else if (!dest->path)
		rc = copy_to(tmp, dest->fp, "the output", err);
	else {
		struct file_out fo;

		if ((rc = file_out_open(&fo, dest->path, 0600, err)) == 0 &&
		    (rc = copy_to(tmp, fo.fp, dest->path, err)) == 0)
			rc = file_out_commit(&fo, err);
		else if (rc == 0 || fo.fp)
			file_out_abort(&fo);
	}
out:
	unlink(tmp);	/* gone already when installed */
	free(tmp);
	return rc;
}

static const char *tna_format_name(enum export_format fmt)
{
	return fmt == EXPORT_XLSX ? "xlsx" : fmt == EXPORT_JSON ? "json" : "csv";
}

/*
 * CSV or JSON: rows go to the stream as they are made, or to the -o file's
 * temporary file, which is installed once all are written (removed when
 * none matched or on failure): memory stays flat at any size.
 */
static int tna_text(struct hubstore *hs, const struct tna_opts *opts,
		    enum export_format fmt, const struct export_dest *dest,
		    long *nrows, struct err *err)
{
	struct export_out out = EXPORT_OUT_INIT;
	struct file_out fo = FILE_OUT_INIT;
	int rc = -1;

	if (dest->path && file_out_open(&fo, dest->path, 0600, err) < 0)
		return -1;
	if (fo.fp)	/* out buffers 64 KiB chunks: one write(2) each */
		setvbuf(fo.fp, NULL, _IONBF, 0);
	out.fp = dest->path ? fo.fp : dest->fp;
	if (export_tna(hs, opts, fmt, &out, nrows, err) < 0)
		rc = -1;
	else if (*nrows == 0)
		rc = 0;
	else
		rc = export_out_finish(&out, err);
	if (rc < 0 || *nrows == 0)
		file_out_abort(&fo);
	else if (dest->path)
		rc = file_out_commit(&fo, err);
	export_out_release(&out);
	return rc;
}

int export_tna_to(struct hubstore *hs, const struct tna_opts *opts,
		  enum export_format fmt, const struct export_dest *dest,
		  long *nrows, struct err *err)
{
	int rc;

	*nrows = 0;
	rc = fmt == EXPORT_XLSX ? tna_xlsx(hs, opts, dest, nrows, err)
		: tna_text(hs, opts, fmt, dest, nrows, err);
	if (rc < 0 || *nrows == 0)
		return rc;
	return audit(NULL, hs, NULL, opts->all ? "TNA (with drafts)" : "TNA",
		     tna_format_name(fmt), *nrows, dest->path, err);
}

int export_pdp_to(struct store *st, const char *staff_number, enum pdp_format fmt,
		  int flags, const struct export_forms *forms,
		  const struct export_dest *dest, struct err *err)
{
	static const char *const names[] = { "text", "markdown", "html" };
	struct sbuf out = SBUF_INIT;
	int rc = -1, made;

	made = flags & PDP_AS_PDF ? export_pdp_pdf(st, staff_number, flags, forms, &out, err)
		: export_pdp(st, staff_number, fmt, flags, forms, &out, err);
	if (made == 0 && put(dest, out.buf ? out.buf : "", out.len, err) == 0)
		rc = audit(st, NULL, staff_number, flags & PDP_WITH_PRIVATE ?
			   "PDP document, own copy with private answers" : "PDP document",
			   flags & PDP_AS_PDF ? "pdf" : names[fmt], -1, dest->path, err);
	sbuf_release(&out);
	return rc;
}
