/*
 * cmd_export.c - "eadr export tna" (the training needs analysis as CSV,
 * XLSX or JSON) and "eadr export pdp STAFF_NUMBER" (the staff member's
 * PDP document).  Files are written whole or not at all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "lib/export.h"
#include "lib/session.h"

static const char usage_text[] =
	"Usage: eadr export tna [--format csv|xlsx|json] [--excel] [--all]\n"
	"                       [--year YEAR] [--from DATE] [--to DATE]\n"
	"                       [--station NAME] [--category NAME] [--outcomes]\n"
	"                       [-o FILE]\n"
	"       eadr export pdp STAFF_NUMBER [--format text|markdown|html|pdf]\n"
	"                       [--private] [--with-360] [-o FILE]\n"
	"\n"
	"tna   one row per PDP goal of the final appraisals of one TNA year (1 April\n"
	"      to 31 March), for the training needs analysis (see schema/tna.md)\n"
	"        --format F     csv (default), xlsx (a spreadsheet: needs -o or a\n"
	"                       redirect) or json (one document)\n"
	"        --excel        csv: start with a byte order mark, for Excel\n"
	"        --all          drafts and signed appraisals too (marked in the\n"
	"                       appraisal_state column)\n"
	"        --year YEAR    the TNA year: 2026 or 2026/27 (2026-04-01 to\n"
	"                       2027-03-31), current (the default), last or all\n"
	"        --from DATE    appraisals on or after DATE (YYYY-MM-DD)\n"
	"        --to DATE      appraisals on or before DATE (--from and --to\n"
	"                       replace the year's start or end)\n"
	"        --station S    only staff at station S\n"
	"        --category C   only goals in TNA category C (its code or label)\n"
	"        --outcomes     csv: last year's goals as reviewed (achieved, in\n"
	"                       progress, no longer relevant) instead of the goals;\n"
	"                       xlsx and json always hold both\n"
	"      The period is said on standard error, in the JSON's \"period\" and\n"
	"      in the workbook's sheet name; each row has its tna_year.\n"
	"pdp   the staff member's PDP from their latest final appraisal:\n"
	"      objectives, development plan and sign-offs\n"
	"        --format F     text (default), markdown, html (printable) or\n"
	"                       pdf (A4, with a signature block; the trust's\n"
	"                       name from 'trust = NAME' in\n"
	"                       $XDG_CONFIG_HOME/eadr/config)\n"
	"        --private      the staff member's own copy, with the private\n"
	"                       answers of the wellbeing conversation\n"
	"        --with-360     with the 360-degree feedback report that came\n"
	"                       back from the hub, when the staff member asks\n"
	"                       (only its holder, signed in, can include it)\n"
	"\n"
	"  -o, --output FILE   write FILE (mode 0600, whole or not at all)\n"
	"                      instead of standard output\n"
	"Private answers never appear in the TNA, in any format.\n";

enum { OPT_EXCEL = 0x200, OPT_ALL, OPT_FROM, OPT_TO, OPT_STATION,
	OPT_CATEGORY, OPT_PRIVATE, OPT_YEAR, OPT_OUTCOMES, OPT_WITH_360 };

struct opts {
	const char *format, *output;
	const char *year;
	struct tna_opts tna;
	struct tna_period period;
	int private_copy;
	int with_360;		/* --with-360 (pdp) */
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

/* "TNA year 2026/27 (2026-04-01 to 2027-03-31)", or the dates alone. */
static void period_text(const struct tna_period *p, struct sbuf *sb)
{
	if (*p->year)
		sbuf_addf(sb, "TNA year %s (%s to %s)", p->year, p->from, p->to);
	else if (*p->from || *p->to)
		sbuf_addf(sb, "%s%s to %s", *p->from ? "" : "everything ",
			  *p->from ? p->from : "up", *p->to ? p->to : "today");
	else
		sbuf_adds(sb, "every year");
}

/* "FILTER VALUE" words for the message when nothing matched. */
static void filters_text(const struct opts *o, struct sbuf *sb)
{
	const struct export_filter *f = &o->tna.filter;
	const char *v[] = { f->station, f->category };
	const char *k[] = { "--station", "--category" };

	for (size_t i = 0; i < 2; i++)
		if (v[i])
			sbuf_addf(sb, " %s '%s'", k[i], v[i]);
}

static int nothing_matched(struct store *st, const struct opts *o)
{
	struct err err = ERR_INIT;
	struct sbuf f = SBUF_INIT, p = SBUF_INIT;
	long staff = 0, appraisals = 0;

	filters_text(o, &f);
	period_text(&o->period, &p);
	if (store_counts(st, &staff, &appraisals, &err) < 0)
		cli_error("%s", err_msg(&err));
	else if (!staff)
		cli_error("%s holds no staff and no appraisals yet; nothing to export",
			  store_path(st));
	else
		cli_error("no %s%s%s in %s; nothing was written%s",
			  o->tna.outcomes ? "reviewed goals of last year" : "PDP goals",
			  f.len ? " match" : "", f.len ? f.buf : "", p.buf,
			  *o->period.year ? " (--year all: every year)" : "");
	sbuf_release(&p);
	sbuf_release(&f);
	err_release(&err);
	return EXIT_DATA;
}

/* The end of an export: its message, and its exit status. */
static int written(int rc, struct err *err)
{
	if (rc < 0) {
		cli_error("%s", err_msg(err));
		return EXIT_DATA;
	}
	if (rc > 0)
		cli_error("warning: %s", err_msg(err));
	return EXIT_OK;
}

static int tna(struct cli *cli, struct opts *o)
{
	struct export_dest dest = { o->output, stdout };
	struct err err = ERR_INIT;
	struct loaded forms = { NULL, 0 };
	enum export_format fmt;
	struct store *st;
	long n = 0;
	int rc;

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
	if (o->with_360)
		return cli_usage_error("export", "--with-360 is for 'export pdp'");
	if (o->private_copy)
		return cli_usage_error("export", "--private is for 'export pdp'; "
				       "private answers are never in the TNA");
	if (o->nargs)
		return cli_usage_error("export", "unexpected argument '%s'", o->args[0]);
	if (fmt == EXPORT_XLSX && !o->output && isatty(STDOUT_FILENO))
		return cli_usage_error("export", "an xlsx spreadsheet is not for the "
				       "terminal; use -o FILE.xlsx or a redirect");
	if (o->tna.outcomes && fmt != EXPORT_CSV)
		return cli_usage_error("export", "--outcomes is for --format csv; "
				       "xlsx and json always hold the outcomes");
	if (tna_period_make(o->year, o->tna.filter.from, o->tna.filter.to,
			    &o->period, &err) < 0) {
		cli_error("%s", err_msg(&err));
		err_release(&err);
		return EXIT_DATA;
	}
	o->tna.filter.from = *o->period.from ? o->period.from : NULL;
	o->tna.filter.to = *o->period.to ? o->period.to : NULL;
	o->tna.period = &o->period;
	if (!(st = cli_open_store_unchecked(cli)))
		return EXIT_DATA;
	forms_load(cli, &forms, &o->tna.forms);
	rc = export_tna_to(st, &o->tna, fmt, &dest, &n, &err);
	if (rc >= 0 && n > 0) {
		struct sbuf p = SBUF_INIT;

		/* The period, where a CSV cannot say it without breaking. */
		period_text(&o->period, &p);
		fprintf(stderr, "eadr: %ld %s, %s\n", n, o->tna.outcomes ?
			(n == 1 ? "reviewed goal" : "reviewed goals") :
			(n == 1 ? "PDP goal" : "PDP goals"), p.buf);
		sbuf_release(&p);
	}
	rc = rc >= 0 && n == 0 ? nothing_matched(st, o) : written(rc, &err);
	forms_free(&forms);
	store_close(st);
	err_release(&err);
	return rc;
}

static int pdp(struct cli *cli, struct opts *o)
{
	struct export_dest dest = { o->output, stdout };
	struct err err = ERR_INIT;
	struct loaded forms = { NULL, 0 };
	struct export_forms ef = { NULL, 0 };
	enum pdp_format fmt;
	struct store *st;
	int rc, pdf = 0;

	if (!o->format || !strcmp(o->format, "text"))
		fmt = PDP_TEXT;
	else if (!strcmp(o->format, "markdown") || !strcmp(o->format, "md"))
		fmt = PDP_MARKDOWN;
	else if (!strcmp(o->format, "html"))
		fmt = PDP_HTML;
	else if (!strcmp(o->format, "pdf"))	/* lib/export_pdf.c */
		fmt = PDP_HTML, pdf = PDP_AS_PDF;
	else
		return cli_usage_error("export", "unknown PDP format '%s' "
				       "(text, markdown, html or pdf)", o->format);
	if (pdf && !export_pdf_available()) {
		cli_error("this build of eadr has no PDF support (built without cairo "
			  "and pango: install libcairo2-dev and libpango1.0-dev and "
			  "build again); use --format html and print that");
		return EXIT_DATA;
	}
	if (pdf && !o->output && isatty(STDOUT_FILENO))
		return cli_usage_error("export", "a PDF is not for the terminal; "
				       "use -o FILE.pdf or a redirect");
	if (o->nargs != 1)
		return cli_usage_error("export", o->nargs ? "one staff number, please"
				       : "which staff member? 'eadr export pdp STAFF_NUMBER'");
	if (o->tna.excel || o->tna.all || o->tna.filter.from || o->tna.filter.to ||
	    o->tna.filter.station || o->tna.filter.category || o->year ||
	    o->tna.outcomes)
		return cli_usage_error("export", "--excel, --all, --year, --from, --to, "
				       "--station, --category and --outcomes are for "
				       "'export tna'");
	if (!(st = cli_open_store_unchecked(cli)))
		return EXIT_DATA;
	forms_load(cli, &forms, &ef);
	rc = written(export_pdp_to(st, o->args[0], fmt,
				   (o->private_copy ? PDP_WITH_PRIVATE : 0) |
				   (o->with_360 ? PDP_WITH_360 : 0) | pdf,
				   &ef, &dest, &err), &err);
	forms_free(&forms);
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
		{ "year", required_argument, NULL, OPT_YEAR },
		{ "outcomes", no_argument, NULL, OPT_OUTCOMES },
		{ "with-360", no_argument, NULL, OPT_WITH_360 },
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
		case OPT_YEAR: o.year = optarg; break;
		case OPT_OUTCOMES: o.tna.outcomes = 1; break;
		case OPT_WITH_360: o.with_360 = 1; break;
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
