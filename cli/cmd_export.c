/*
 * cmd_export.c - "eadr export tna" (the training needs analysis as CSV,
 * XLSX or JSON) and "eadr export pdp STAFF_NUMBER" (the staff member's
 * PDP document).  Files are written whole or not at all.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "lib/export.h"
#include "lib/fileio.h"
#include "lib/session.h"

static const char usage_text[] =
	"Usage: eadr export tna [--format csv|xlsx|json] [--excel] [--all]\n"
	"                       [--from DATE] [--to DATE] [--station NAME]\n"
	"                       [--category NAME] [-o FILE]\n"
	"       eadr export pdp STAFF_NUMBER [--format text|markdown|html]\n"
	"                       [--private] [-o FILE]\n"
	"\n"
	"tna   one row per PDP goal of every final appraisal, for the training\n"
	"      needs analysis (columns: see schema/tna.md)\n"
	"        --format F     csv (default), xlsx (a spreadsheet: needs -o or a\n"
	"                       redirect) or json (one document)\n"
	"        --excel        csv: start with a byte order mark, for Excel\n"
	"        --all          drafts and signed appraisals too (marked in the\n"
	"                       appraisal_state column)\n"
	"        --from DATE    appraisals on or after DATE (YYYY-MM-DD)\n"
	"        --to DATE      appraisals on or before DATE\n"
	"        --station S    only staff at station S\n"
	"        --category C   only goals in TNA category C\n"
	"pdp   the staff member's PDP from their latest final appraisal:\n"
	"      objectives, development plan and sign-offs\n"
	"        --format F     text (default), markdown or html (printable)\n"
	"        --private      the staff member's own copy, with the private\n"
	"                       answers of the wellbeing conversation\n"
	"\n"
	"  -o, --output FILE   write FILE (mode 0600, whole or not at all)\n"
	"                      instead of standard output\n"
	"Private answers never appear in the TNA, in any format.\n";

enum { OPT_EXCEL = 0x200, OPT_ALL, OPT_FROM, OPT_TO, OPT_STATION,
	OPT_CATEGORY, OPT_PRIVATE };

struct opts {
	const char *format, *output;
	struct tna_opts tna;
	int private_copy;
	const char *args[3];
	int nargs;
};

/* The newest form of each id in the form folders (lib/session.h), for
 * drafts and labels whose form the database does not keep. */
struct loaded {
	struct form **f;
	size_t n;
};

static void forms_load(struct cli *cli, struct loaded *l, struct export_forms *ef)
{
	struct form_entry *e = NULL;
	struct err err = ERR_INIT;
	char **dirs = NULL;
	size_t ne = 0, nd = session_form_dirs(&cli->opts, &dirs);

	memset(l, 0, sizeof(*l));
	if (form_catalog((const char *const *)dirs, nd, &e, &ne, &err) == 0 && ne) {
		l->f = xcalloc(ne, sizeof(*l->f));
		for (size_t i = 0; i < ne; i++) {
			struct diag d = DIAG_INIT;

			if ((l->f[l->n] = form_load_file(e[i].path, &d)))
				l->n++;
			diag_release(&d);
		}
		form_catalog_free(e, ne);
	}
	err_release(&err);
	session_form_dirs_free(dirs, nd);
	ef->forms = (const struct form *const *)l->f;
	ef->n = l->n;
}

static void forms_free(struct loaded *l)
{
	for (size_t i = 0; i < l->n; i++)
		form_free(l->f[i]);
	free(l->f);
}

/* "FILTER VALUE" words for the message when nothing matched. */
static void filters_text(const struct export_filter *f, struct sbuf *sb)
{
	const char *v[] = { f->from, f->to, f->station, f->category };
	const char *k[] = { "--from", "--to", "--station", "--category" };

	for (size_t i = 0; i < 4; i++)
		if (v[i])
			sbuf_addf(sb, " %s '%s'", k[i], v[i]);
}

static int nothing_matched(struct store *st, const struct opts *o)
{
	struct err err = ERR_INIT;
	struct sbuf f = SBUF_INIT;
	long staff = 0, appraisals = 0;

	filters_text(&o->tna.filter, &f);
	if (store_counts(st, &staff, &appraisals, &err) < 0)
		cli_error("%s", err_msg(&err));
	else if (!staff)
		cli_error("%s holds no staff and no appraisals yet; nothing to export",
			  store_path(st));
	else if (f.len)
		cli_error("no PDP goals match%s; nothing was written", f.buf);
	else
		cli_error("no %s appraisal has PDP goals yet; nothing to export",
			  o->tna.all ? "" : "final");
	sbuf_release(&f);
	err_release(&err);
	return EXIT_DATA;
}

/* A temporary file beside path (or in TMPDIR when path is NULL). */
static char *temp_beside(const char *path, struct err *err)
{
	struct sbuf t = SBUF_INIT;
	const char *tmp = getenv("TMPDIR");
	int fd;

	if (path)
		sbuf_addf(&t, "%s.tmp-XXXXXX", path);
	else
		sbuf_addf(&t, "%s/eadr-export-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if ((fd = mkstemp(t.buf)) < 0) {
		err_set(err, "%s: cannot write: %s", path ? path : t.buf, strerror(errno));
		sbuf_release(&t);
		return NULL;
	}
	fchmod(fd, 0600);
	close(fd);
	return sbuf_detach(&t);
}

/* Make the finished temporary file the real one, durably. */
static int install(const char *tmp, const char *path, struct err *err)
{
	char *dcopy = xstrdup(path);
	int fd = open(tmp, O_RDONLY), rc = -1;

	if (fd < 0 || fsync(fd) < 0 || chmod(tmp, 0600) < 0) {
		err_set(err, "%s: cannot write: %s", path, strerror(errno));
		goto out;
	}
	if (rename(tmp, path) < 0) {
		err_set(err, "%s: cannot write: %s", path, strerror(errno));
		goto out;
	}
	close(fd);
	if ((fd = open(dirname(dcopy), O_RDONLY | O_DIRECTORY)) >= 0)
		fsync(fd);
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	free(dcopy);
	return rc;
}

/*
 * A device or pipe named by -o (/dev/null, /dev/stdout, a FIFO) is written
 * in place, like standard output: renaming a file over it would replace the
 * device itself.  Returns the open stream, stdout for no -o, or NULL for a
 * path that gets the atomic write.  *fail is set when it cannot be opened.
 */
static FILE *open_special(const char *path, int *fail)
{
	struct stat sb;
	FILE *fp;

	*fail = 0;
	if (!path)
		return stdout;
	if (stat(path, &sb) < 0 || S_ISREG(sb.st_mode) || S_ISDIR(sb.st_mode))
		return NULL;
	if (!(fp = fopen(path, "w"))) {
		cli_error("%s: cannot write: %s", path, strerror(errno));
		*fail = 1;
	}
	return fp;
}

static void close_special(FILE *fp)
{
	if (fp && fp != stdout)
		fclose(fp);
}

static int copy_out(const char *tmp, FILE *fp, struct err *err)
{
	struct sbuf buf = SBUF_INIT;
	int rc = file_read(tmp, &buf, (size_t)1 << 32, err);

	if (rc == 0 && (fwrite(buf.buf, 1, buf.len, fp) != buf.len ||
			fflush(fp) != 0))
		rc = err_set(err, "cannot write the output: %s", strerror(errno));
	sbuf_release(&buf);
	return rc;
}

/* An export is a change of state the audit log keeps (DESIGN.md); the
 * detail says what and where, never a value. */
static void audit(struct store *st, const char *staff_number, const char *what,
		  const char *format, long n, const char *output)
{
	struct err err = ERR_INIT;
	struct sbuf d = SBUF_INIT;

	sbuf_addf(&d, "%s %s", what, format);
	if (n >= 0)
		sbuf_addf(&d, ", %ld PDP goal%s", n, n == 1 ? "" : "s");
	sbuf_addf(&d, ", to %s", output ? output : "standard output");
	if (store_audit(st, NULL, staff_number, "exported", d.buf, &err) < 0)
		cli_error("warning: the export was not recorded in the audit log: %s",
			  err_msg(&err));
	sbuf_release(&d);
	err_release(&err);
}

static int tna_xlsx(struct store *st, const struct opts *o, FILE *fp)
{
	struct err err = ERR_INIT;
	char *tmp;
	long n = 0;
	int rc = EXIT_DATA;

	if (!(tmp = temp_beside(fp ? NULL : o->output, &err))) {
		cli_error("%s", err_msg(&err));
		err_release(&err);
		return EXIT_DATA;
	}
	if (export_tna_xlsx(st, &o->tna, tmp, &n, &err) < 0)
		cli_error("%s", err_msg(&err));
	else if (n == 0)
		rc = nothing_matched(st, o);
	else if ((fp ? copy_out(tmp, fp, &err) : install(tmp, o->output, &err)) < 0)
		cli_error("%s", err_msg(&err));
	else {
		audit(st, NULL, o->tna.all ? "TNA (with drafts)" : "TNA", "xlsx", n, o->output);
		rc = EXIT_OK;
	}
	unlink(tmp);	/* gone already when installed */
	free(tmp);
	err_release(&err);
	return rc;
}

static int tna(struct cli *cli, struct opts *o)
{
	struct export_out out = EXPORT_OUT_INIT;
	struct err err = ERR_INIT;
	struct loaded forms = { NULL, 0 };
	enum export_format fmt;
	struct store *st = NULL;
	FILE *fp = NULL;
	long n = 0;
	int rc = EXIT_DATA, fail;

	if (!strcmp(o->format, "csv"))
		fmt = EXPORT_CSV;
	else if (!strcmp(o->format, "xlsx"))
		fmt = EXPORT_XLSX;
	else if (!strcmp(o->format, "json"))
		fmt = EXPORT_JSON;
	else
		return cli_usage_error("export", "unknown TNA format '%s' (csv, xlsx or json)",
				       o->format);
	if (o->tna.excel && fmt != EXPORT_CSV)
		return cli_usage_error("export", "--excel is for --format csv");
	if (o->private_copy)
		return cli_usage_error("export", "--private is for 'export pdp'; "
				       "private answers are never in the TNA");
	if (o->nargs)
		return cli_usage_error("export", "unexpected argument '%s'", o->args[0]);
	if (fmt == EXPORT_XLSX && !o->output && isatty(STDOUT_FILENO))
		return cli_usage_error("export", "an xlsx spreadsheet is not for the "
				       "terminal; use -o FILE.xlsx or a redirect");
	if ((o->tna.filter.from && !date_valid(o->tna.filter.from)) ||
	    (o->tna.filter.to && !date_valid(o->tna.filter.to))) {
		cli_error("--from and --to take a date written YYYY-MM-DD, e.g. 2026-04-01 "
			  "(got '%s')", o->tna.filter.from && !date_valid(o->tna.filter.from)
			  ? o->tna.filter.from : o->tna.filter.to);
		return EXIT_DATA;
	}
	if (o->tna.filter.from && o->tna.filter.to &&
	    strcmp(o->tna.filter.from, o->tna.filter.to) > 0) {
		cli_error("--from %s is after --to %s", o->tna.filter.from, o->tna.filter.to);
		return EXIT_DATA;
	}
	if (!(st = cli_open_store_unchecked(cli)))
		return EXIT_DATA;
	fp = open_special(o->output, &fail);
	if (fail)
		goto out;
	if (o->tna.all)
		forms_load(cli, &forms, &o->tna.forms);
	if (fmt == EXPORT_XLSX) {
		rc = tna_xlsx(st, o, fp);
		goto out;
	}
	out.fp = fp;
	if (export_tna(st, &o->tna, fmt, &out, &n, &err) < 0) {
		cli_error("%s", err_msg(&err));
		goto out;
	}
	if (n == 0) {
		rc = nothing_matched(st, o);
		goto out;
	}
	if (fp ? export_out_finish(&out, &err)
	       : file_write_atomic(o->output, out.buf.buf, out.buf.len, 0600, &err)) {
		cli_error("%s", err_msg(&err));
		goto out;
	}
	audit(st, NULL, o->tna.all ? "TNA (with drafts)" : "TNA", o->format, n, o->output);
	rc = EXIT_OK;
out:
	close_special(fp);
	forms_free(&forms);
	export_out_release(&out);
	store_close(st);
	err_release(&err);
	return rc;
}

static int pdp(struct cli *cli, struct opts *o)
{
	struct sbuf out = SBUF_INIT;
	struct err err = ERR_INIT;
	struct loaded forms = { NULL, 0 };
	struct export_forms ef = { NULL, 0 };
	enum pdp_format fmt;
	struct store *st = NULL;
	FILE *fp = NULL;
	int rc = EXIT_DATA, fail;

	if (!o->format || !strcmp(o->format, "text"))
		fmt = PDP_TEXT;
	else if (!strcmp(o->format, "markdown") || !strcmp(o->format, "md"))
		fmt = PDP_MARKDOWN;
	else if (!strcmp(o->format, "html"))
		fmt = PDP_HTML;
	else
		return cli_usage_error("export", "unknown PDP format '%s' "
				       "(text, markdown or html)", o->format);
	if (o->nargs != 1)
		return cli_usage_error("export", o->nargs ? "one staff number, please"
				       : "which staff member? 'eadr export pdp STAFF_NUMBER'");
	if (o->tna.excel || o->tna.all || o->tna.filter.from || o->tna.filter.to ||
	    o->tna.filter.station || o->tna.filter.category)
		return cli_usage_error("export", "--excel, --all, --from, --to, --station "
				       "and --category are for 'export tna'");
	if (!(st = cli_open_store_unchecked(cli)))
		return EXIT_DATA;
	fp = open_special(o->output, &fail);
	if (fail)
		goto out;
	forms_load(cli, &forms, &ef);
	if (export_pdp(st, o->args[0], fmt, o->private_copy ? PDP_WITH_PRIVATE : 0,
		       &ef, &out, &err) < 0) {
		cli_error("%s", err_msg(&err));
		goto out;
	}
	if (!fp) {
		if (file_write_atomic(o->output, out.buf, out.len, 0600, &err) < 0) {
			cli_error("%s", err_msg(&err));
			goto out;
		}
	} else if (fwrite(out.buf, 1, out.len, fp) != out.len || fflush(fp)) {
		cli_error("cannot write the output: %s", strerror(errno));
		goto out;
	}
	audit(st, o->args[0], o->private_copy ? "PDP document, own copy with private answers"
	      : "PDP document", o->format ? o->format : "text", -1, o->output);
	rc = EXIT_OK;
out:
	close_special(fp);
	forms_free(&forms);
	sbuf_release(&out);
	store_close(st);
	err_release(&err);
	return rc;
}

int cmd_export(struct cli *cli, int argc, char **argv)
{
	static const struct option lopts[] = {
		CLI_LONGOPTS,
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "excel", no_argument, NULL, OPT_EXCEL },
		{ "all", no_argument, NULL, OPT_ALL },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "station", required_argument, NULL, OPT_STATION },
		{ "category", required_argument, NULL, OPT_CATEGORY },
		{ "private", no_argument, NULL, OPT_PRIVATE },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o;
	const char *sub = NULL;
	int c;

	memset(&o, 0, sizeof(o));
	while ((c = getopt_long(argc, argv, "hf:o:", lopts, NULL)) != -1) {
		if (cli_global_opt(cli, c, optarg))
			continue;
		switch (c) {
		case 'h': fputs(usage_text, stdout); return EXIT_OK;
		case 'f': o.format = optarg; break;
		case 'o': o.output = optarg; break;
		case OPT_EXCEL: o.tna.excel = 1; break;
		case OPT_ALL: o.tna.all = 1; break;
		case OPT_FROM: o.tna.filter.from = optarg; break;
		case OPT_TO: o.tna.filter.to = optarg; break;
		case OPT_STATION: o.tna.filter.station = optarg; break;
		case OPT_CATEGORY: o.tna.filter.category = optarg; break;
		case OPT_PRIVATE: o.private_copy = 1; break;
		default: return cli_usage_error("export", "unknown option");
		}
	}
	for (int i = optind; i < argc; i++) {
		if (!sub)
			sub = argv[i];
		else if (o.nargs < 3)
			o.args[o.nargs++] = argv[i];
		else
			return cli_usage_error("export", "too many arguments");
	}
	if (o.output && !*o.output)
		return cli_usage_error("export", "-o needs a file name");
	if (!sub)
		return cli_usage_error("export", "what to export? 'tna' or 'pdp STAFF_NUMBER'");
	if (!strcmp(sub, "tna")) {
		if (!o.format)
			o.format = "csv";
		return tna(cli, &o);
	}
	if (!strcmp(sub, "pdp"))
		return pdp(cli, &o);
	return cli_usage_error("export", "unknown export '%s' (tna or pdp)", sub);
}
