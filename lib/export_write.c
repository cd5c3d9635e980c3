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
 * detail says what and where, never a value.  0, or 1 with err. */
static int audit(struct store *st, const char *staff_number, const char *what,
		 const char *format, long n, const char *path, struct err *err)
{
	struct sbuf d = SBUF_INIT;
	struct err aerr = ERR_INIT;
	int rc = 0;

	sbuf_addf(&d, "%s %s", what, format);
	if (n >= 0)
		sbuf_addf(&d, ", %ld PDP goal%s", n, n == 1 ? "" : "s");
	sbuf_addf(&d, ", to %s", path ? path : "standard output");
	if (store_audit(st, NULL, staff_number, "exported", d.buf, &aerr) < 0) {
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

/*
 * The workbook: libxlsxwriter writes a file by name, so it goes to a
 * temporary file beside the target and is renamed into place; for the
 * stream or a device, to a temporary file in TMPDIR that is then copied.
 */
static int tna_xlsx(struct store *st, const struct tna_opts *opts,
		    const struct export_dest *dest, long *nrows, struct err *err)
{
	const char *tmpdir = getenv("TMPDIR");
	int beside = dest->path && !file_is_special(dest->path);
	struct sbuf where = SBUF_INIT, data = SBUF_INIT;
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
	if (export_tna_xlsx(st, opts, tmp, nrows, err) < 0)
		goto out;
	if (*nrows == 0)
		rc = 0;
	else if (beside)
		rc = file_install(tmp, dest->path, err);
	else if (file_read(tmp, &data, (size_t)1 << 32, err) == 0)
		rc = put(dest, data.buf, data.len, err);
out:
	unlink(tmp);	/* gone already when installed */
	free(tmp);
	sbuf_release(&data);
	return rc;
}

static const char *tna_format_name(enum export_format fmt)
{
	return fmt == EXPORT_XLSX ? "xlsx" : fmt == EXPORT_JSON ? "json" : "csv";
}

int export_tna_to(struct store *st, const struct tna_opts *opts,
		  enum export_format fmt, const struct export_dest *dest,
		  long *nrows, struct err *err)
{
	struct export_out out = EXPORT_OUT_INIT;
	int rc = -1;

	*nrows = 0;
	if (fmt == EXPORT_XLSX) {
		rc = tna_xlsx(st, opts, dest, nrows, err);
	} else {
		out.fp = dest->path ? NULL : dest->fp;
		if (export_tna(st, opts, fmt, &out, nrows, err) < 0)
			rc = -1;
		else if (*nrows == 0)
			rc = 0;
		else if (dest->path)
			rc = put(dest, out.buf.buf, out.buf.len, err);
		else
			rc = export_out_finish(&out, err);
		export_out_release(&out);
	}
	if (rc < 0 || *nrows == 0)
		return rc;
	return audit(st, NULL, opts->all ? "TNA (with drafts)" : "TNA",
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
		rc = audit(st, staff_number, flags & PDP_WITH_PRIVATE ?
			   "PDP document, own copy with private answers" : "PDP document",
			   flags & PDP_AS_PDF ? "pdf" : names[fmt], -1, dest->path, err);
	sbuf_release(&out);
	return rc;
}
