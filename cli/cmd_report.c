/*
 * cmd_report.c - "eadr report completion" (who is appraised, due and
 * overdue, by station), "eadr report quality" (quality indicators per
 * final appraisal, with a reproducible dip sample) and "eadr report
 * --format html" (the board's report: lib/report_board.c, report_html.c).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "lib/settings.h"
#include "lib/csv.h"
#include "lib/export.h"
#include "lib/fileio.h"
#include "lib/report.h"
#include "textw.h"

static const char usage_text[] =
	"Usage: eadr report completion [--station NAME] [--format table|csv|json]\n"
	"                              [-o FILE]\n"
	"       eadr report quality [--sample N [--seed S]] [--from DATE] [--to DATE]\n"
	"                           [--station NAME] [--format table|csv|json] [-o FILE]\n"
	"       eadr report [board] --format html [--station NAME] [--sample N]\n"
	"                           [--seed S] [--trust NAME] [-o FILE]\n"
	"       eadr report voice [--hub HUB] [--format text|csv|json] [-o FILE]\n"
	"\n"
	"completion  by station and in total: staff, appraisals final in the last\n"
	"            12 months, drafts in progress, due in the next 30 days,\n"
	"            overdue, and the completion rate (staff with a final\n"
	"            appraisal in the last 12 months)\n"
	"quality     for each final appraisal, the quality indicators of\n"
	"            schema/quality.md (yes or no) and a score\n"
	"  --sample N    a random dip sample of N appraisals; the same --seed\n"
	"                gives the same sample on any machine (without --seed a\n"
	"                seed is chosen and printed)\n"
	"  --from DATE, --to DATE   appraisals dated in this range (YYYY-MM-DD)\n"
	"  --station S   one station only\n"
	"board       the report for the board, one self-contained HTML page that\n"
	"            prints on A4: completion and overdue by station, final\n"
	"            appraisals by month, the TNA of the last 12 months (category\n"
	"            by station, 70:20:10, priority, last year's goals), quality\n"
	"            and a dip sample (--sample N, default 10; --seed S, default\n"
	"            today's date as YYYYMMDD)\n"
	"  --trust NAME  the trust's name in the title (default: 'trust = NAME'\n"
	"                in $XDG_CONFIG_HOME/eadr/config)\n"
	"voice       on the hub: how it went, in the staff's own words, by station\n"
	"            and by quarter, each shown only with at least 5 answers\n"
	"  -o, --output FILE   write FILE (mode 0600, whole or not at all)\n";

enum { OPT_STATION = 0x200, OPT_SAMPLE, OPT_SEED, OPT_FROM, OPT_TO, OPT_TRUST };
enum fmt { F_TABLE, F_CSV, F_JSON, F_HTML };

struct opts {
	enum fmt fmt;
	const char *output;
	struct export_filter filter;
	const char *sample, *seed;
	const char *trust;
};

/* To -o FILE whole (lib/fileio.c: a device or FIFO in place), or to
 * standard output. */
static int emit(const struct opts *o, const struct sbuf *out)
{
	struct err err = ERR_INIT;

	if (o->output) {
		if (file_write_atomic(o->output, out->buf, out->len, 0600, &err) < 0) {
			cli_error("%s", err_msg(&err));
			err_release(&err);
			return EXIT_DATA;
		}
		return EXIT_OK;
	}
	if (fwrite(out->buf, 1, out->len, stdout) != out->len || fflush(stdout)) {
		cli_error("cannot write the output: %s", strerror(errno));
		return EXIT_DATA;
	}
	return EXIT_OK;
}

static void pad_num(struct sbuf *sb, long v, int width)
{
	sbuf_addf(sb, "%*ld", width, v);
}

/* ---- completion ---- */

static void completion_line(struct sbuf *sb, enum fmt fmt,
			    const struct completion_row *r, int first)
{
	const char *name = r->station ? (*r->station ? r->station : "(no station)")
				      : "All stations";
	char pct[16];

	snprintf(pct, sizeof(pct), "%.1f", r->rate * 100);
	switch (fmt) {
	case F_TABLE:
		textw_pad(sb, name, 20);
		pad_num(sb, r->staff, 6);
		pad_num(sb, r->final_12m, 10);
		pad_num(sb, r->drafts, 8);
		pad_num(sb, r->due_30, 8);
		pad_num(sb, r->overdue, 9);
		sbuf_addf(sb, "%10s%%\n", pct);
		break;
	case F_CSV:
		csv_put(sb, r->station ? r->station : "", CSV_SAFE);
		sbuf_addf(sb, ",%ld,%ld,%ld,%ld,%ld,%ld,%s\r\n", r->staff, r->final_12m,
			  r->appraised, r->drafts, r->due_30, r->overdue, pct);
		break;
	case F_JSON:
		sbuf_adds(sb, first ? "\n    {" : ",\n    {");
		sbuf_adds(sb, "\"station\": ");
		if (r->station)
			json_put(sb, r->station);
		else
			sbuf_adds(sb, "null");
		sbuf_addf(sb, ", \"staff\": %ld, \"final_12m\": %ld, \"appraised\": %ld,"
			  " \"drafts\": %ld, \"due_30\": %ld, \"overdue\": %ld,"
			  " \"completion_pct\": %s}", r->staff, r->final_12m, r->appraised,
			  r->drafts, r->due_30, r->overdue, pct);
		break;
	case F_HTML:	/* the board's report draws its own */
		break;
	}
}

static int completion(struct cli *cli, const struct opts *o)
{
	struct completion c;
	struct err err = ERR_INIT;
	struct sbuf out = SBUF_INIT;
	struct hubstore *hs;
	int rc = EXIT_DATA;

	if (o->sample || o->seed || o->filter.from || o->filter.to)
		return cli_usage_error("report", "--sample, --seed, --from and --to "
				       "are for 'report quality'");
	if (!(hs = cli_open_hub(cli, 0)))
		return EXIT_DATA;
	memset(&c, 0, sizeof(c));
	if (report_completion(hs, o->filter.station, &c, &err) < 0) {
		cli_error("%s", err_msg(&err));
		goto out;
	}
	if (!c.n) {
		if (o->filter.station)
			cli_error("no staff at station '%s'", o->filter.station);
		else
			cli_error("%s holds no staff yet: add them with "
				  "'eadr staff import FILE.csv'", hs->ops->name(hs));
		goto out;
	}
	switch (o->fmt) {
	case F_TABLE:
		sbuf_addf(&out, "Appraisal completion on %s\n\n", c.today);
		sbuf_adds(&out, "STATION              STAFF FINAL 12M  DRAFTS  DUE 30D"
			  "  OVERDUE  COMPLETION\n");
		break;
	case F_CSV:
		sbuf_adds(&out, "station,staff,final_12m,appraised,drafts,due_30,"
			  "overdue,completion_pct\r\n");
		break;
	case F_JSON:
		sbuf_adds(&out, "{\n  \"report\": \"completion\",\n  \"date\": ");
		json_put(&out, c.today);
		sbuf_adds(&out, ",\n  \"stations\": [");
		break;
	case F_HTML:
		break;
	}
	for (size_t i = 0; i < c.n; i++)
		completion_line(&out, o->fmt, &c.rows[i], i == 0);
	if (o->fmt == F_JSON) {
		sbuf_adds(&out, "\n  ],\n  \"total\":");
		completion_line(&out, o->fmt, &c.total, 1);
		sbuf_adds(&out, "\n}\n");
	} else if (!o->filter.station) {
		completion_line(&out, o->fmt, &c.total, 0);
	}
	rc = emit(o, &out);
out:
	completion_release(&c);
	sbuf_release(&out);
	hubstore_close(hs);
	err_release(&err);
	return rc;
}

/* ---- quality ---- */

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;
	unsigned long long x;

	if (!s || !*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	x = strtoull(s, &end, 10);
	if (errno || *end)
		return -1;
	*v = x;
	return 0;
}

static void quality_table(struct sbuf *sb, const struct quality *q)
{
	size_t nind;
	const struct quality_indicator *ind = quality_indicators(&nind);

	if (q->sampled && q->n < q->population)
		sbuf_addf(sb, "Quality dip sample: %zu of %zu final appraisals "
			  "(repeat it with --sample %zu --seed %" PRIu64 ")\n\n",
			  q->n, q->population, q->n, q->seed);
	else
		sbuf_addf(sb, "Quality of %zu final appraisal%s\n\n", q->population,
			  q->population == 1 ? "" : "s");
	sbuf_adds(sb, "NUMBER   NAME                   STATION    DATE       ");
	for (size_t i = 0; i < nind; i++)
		sbuf_addf(sb, " %zu", i + 1);
	sbuf_adds(sb, "  SCORE\n");
	for (size_t r = 0; r < q->n; r++) {
		const struct quality_row *row = &q->rows[r];

		textw_pad(sb, row->staff_number, 8);
		sbuf_addch(sb, ' ');
		textw_pad(sb, row->name, 22);
		sbuf_addch(sb, ' ');
		textw_pad(sb, row->station, 10);
		sbuf_addch(sb, ' ');
		textw_pad(sb, row->date, 10);
		sbuf_addch(sb, ' ');
		for (size_t i = 0; i < nind; i++)
			sbuf_adds(sb, row->met[i] ? " Y" : " -");
		sbuf_addf(sb, "  %d/%zu\n", row->score, nind);
	}
	sbuf_addf(sb, "\nIndicators (Y met, - not met), over all %zu:\n", q->population);
	for (size_t i = 0; i < nind; i++)
		sbuf_addf(sb, "%3zu  %-40s %5ld  %5.1f%%\n", i + 1, ind[i].title, q->met[i],
			  q->population ? 100.0 * (double)q->met[i] / (double)q->population : 0);
}

static void quality_csv(struct sbuf *sb, const struct quality *q)
{
	size_t nind;
	const struct quality_indicator *ind = quality_indicators(&nind);

	sbuf_adds(sb, "appraisal_uuid,staff_number,name,station,appraiser,appraisal_date");
	for (size_t i = 0; i < nind; i++)
		sbuf_addf(sb, ",%s", ind[i].key);
	sbuf_adds(sb, ",score\r\n");
	for (size_t r = 0; r < q->n; r++) {
		const struct quality_row *row = &q->rows[r];
		const char *f[] = { row->uuid, row->staff_number, row->name,
			row->station, row->appraiser, row->date };

		for (size_t i = 0; i < 6; i++) {
			if (i)
				sbuf_addch(sb, ',');
			csv_put(sb, f[i], CSV_SAFE);
		}
		for (size_t i = 0; i < nind; i++)
			sbuf_adds(sb, row->met[i] ? ",yes" : ",no");
		sbuf_addf(sb, ",%d\r\n", row->score);
	}
}

static void quality_json(struct sbuf *sb, const struct quality *q)
{
	size_t nind;
	const struct quality_indicator *ind = quality_indicators(&nind);

	sbuf_addf(sb, "{\n  \"report\": \"quality\",\n  \"population\": %zu,\n"
		  "  \"sampled\": %s,\n  \"seed\": ", q->population,
		  q->sampled ? "true" : "false");
	if (q->sampled)
		sbuf_addf(sb, "\"%" PRIu64 "\"", q->seed);
	else
		sbuf_adds(sb, "null");
	sbuf_adds(sb, ",\n  \"indicators\": [");
	for (size_t i = 0; i < nind; i++) {
		sbuf_adds(sb, i ? ",\n    {\"key\": " : "\n    {\"key\": ");
		json_put(sb, ind[i].key);
		sbuf_adds(sb, ", \"title\": ");
		json_put(sb, ind[i].title);
		sbuf_addf(sb, ", \"met\": %ld}", q->met[i]);
	}
	sbuf_adds(sb, "\n  ],\n  \"appraisals\": [");
	for (size_t r = 0; r < q->n; r++) {
		const struct quality_row *row = &q->rows[r];
		const char *k[] = { "appraisal_uuid", "staff_number", "name", "station",
			"appraiser", "appraisal_date" };
		const char *v[] = { row->uuid, row->staff_number, row->name,
			row->station, row->appraiser, row->date };

		sbuf_adds(sb, r ? ",\n    {" : "\n    {");
		for (size_t i = 0; i < 6; i++) {
			sbuf_addf(sb, "%s\"%s\": ", i ? ", " : "", k[i]);
			json_put(sb, v[i]);
		}
		sbuf_adds(sb, ", \"indicators\": {");
		for (size_t i = 0; i < nind; i++)
			sbuf_addf(sb, "%s\"%s\": %s", i ? ", " : "", ind[i].key,
				  row->met[i] ? "true" : "false");
		sbuf_addf(sb, "}, \"score\": %d}", row->score);
	}
	sbuf_adds(sb, q->n ? "\n  ]\n}\n" : "]\n}\n");
}

static int quality(struct cli *cli, const struct opts *o)
{
	struct quality q;
	struct err err = ERR_INIT;
	struct sbuf out = SBUF_INIT;
	struct hubstore *hs;
	uint64_t n = 0, seed = 0;
	int rc = EXIT_DATA;

	if (o->sample && (parse_u64(o->sample, &n) < 0 || n == 0))
		return cli_usage_error("report", "--sample takes a number of appraisals "
				       "(1 or more), not '%s'", o->sample);
	if (o->seed && !o->sample)
		return cli_usage_error("report", "--seed goes with --sample N");
	if (o->seed && parse_u64(o->seed, &seed) < 0)
		return cli_usage_error("report", "--seed takes a whole number from 0, "
				       "not '%s'", o->seed);
	if ((o->filter.from && !date_valid(o->filter.from)) ||
	    (o->filter.to && !date_valid(o->filter.to))) {
		cli_error("--from and --to take a date written YYYY-MM-DD (got '%s')",
			  o->filter.from && !date_valid(o->filter.from)
			  ? o->filter.from : o->filter.to);
		return EXIT_DATA;
	}
	if (o->sample && !o->seed)	/* chosen now, printed for repeating */
		seed = ((uint64_t)time(NULL) << 16) ^ (uint64_t)getpid();
	if (!(hs = cli_open_hub(cli, 0)))
		return EXIT_DATA;
	memset(&q, 0, sizeof(q));
	if (report_quality(hs, &o->filter, &q, &err) < 0) {
		cli_error("%s", err_msg(&err));
		goto out;
	}
	if (!q.population) {
		cli_error("no final appraisals%s to report on",
			  o->filter.from || o->filter.to || o->filter.station
			  ? " match the filters" : "");
		goto out;
	}
	if (o->sample)
		quality_sample(&q, (size_t)n, seed);
	if (o->fmt == F_TABLE)
		quality_table(&out, &q);
	else if (o->fmt == F_CSV)
		quality_csv(&out, &q);
	else
		quality_json(&out, &q);
	rc = emit(o, &out);
	if (rc == EXIT_OK && o->sample && !o->seed && o->fmt != F_TABLE)
		fprintf(stderr, "eadr: sample seed %" PRIu64 " (repeat with --seed)\n", seed);
out:
	quality_release(&q);
	sbuf_release(&out);
	hubstore_close(hs);
	err_release(&err);
	return rc;
}

/* ---- the board's report ---- */

static int board(struct cli *cli, const struct opts *o)
{
	struct board_report r;
	struct board_opts bo = { o->filter.station, 0, 0, 0 };
	struct err err = ERR_INIT;
	struct sbuf out = SBUF_INIT;
	struct hubstore *hs;
	char *trust = NULL;
	uint64_t n = 0;
	int rc = EXIT_DATA;

	if (o->fmt != F_HTML)
		return cli_usage_error("report", "the board's report is HTML: "
				       "'eadr report --format html -o FILE'");
	if (o->filter.from || o->filter.to)
		return cli_usage_error("report", "the board's report covers the last 12 "
				       "months; --from and --to are for 'report quality'");
	if (o->sample && (parse_u64(o->sample, &n) < 0 || n == 0))
		return cli_usage_error("report", "--sample takes a number of appraisals "
				       "(1 or more), not '%s'", o->sample);
	if (o->seed && parse_u64(o->seed, &bo.seed) < 0)
		return cli_usage_error("report", "--seed takes a whole number from 0, "
				       "not '%s'", o->seed);
	bo.sample = (size_t)n;
	bo.have_seed = o->seed != NULL;
	if (!o->trust && settings_get("trust", &trust, &err) < 0) {
		cli_error("%s", err_msg(&err));
		err_release(&err);
		return EXIT_DATA;
	}
	if (!(hs = cli_open_hub(cli, 0))) {
		free(trust);
		return EXIT_DATA;
	}
	if (report_board(hs, &bo, &r, &err) < 0) {
		cli_error("%s", err_msg(&err));
		goto out;
	}
	if (!r.completion.n) {
		if (o->filter.station)
			cli_error("no staff at station '%s'", o->filter.station);
		else
			cli_error("%s holds no staff yet: add them with "
				  "'eadr staff import FILE.csv'", hs->ops->name(hs));
		goto out;
	}
	report_html(&r, o->trust ? o->trust : trust, &out);
	rc = emit(o, &out);
out:
	board_report_release(&r);
	sbuf_release(&out);
	hubstore_close(hs);
	err_release(&err);
	free(trust);
	return rc;
}

int cmd_report(struct cli *cli, int argc, char **argv)
{
	static const struct option lopts[] = {
		CLI_LONGOPTS,
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "station", required_argument, NULL, OPT_STATION },
		{ "sample", required_argument, NULL, OPT_SAMPLE },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "trust", required_argument, NULL, OPT_TRUST },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o;
	const char *sub = NULL, *format = NULL;
	int c;

	memset(&o, 0, sizeof(o));
	while ((c = getopt_long(argc, argv, "hf:o:", lopts, NULL)) != -1) {
		if (cli_global_opt(cli, c, optarg))
			continue;
		switch (c) {
		case 'h': fputs(usage_text, stdout); return EXIT_OK;
		case 'f': format = optarg; break;
		case 'o': o.output = optarg; break;
		case OPT_STATION: o.filter.station = optarg; break;
		case OPT_SAMPLE: o.sample = optarg; break;
		case OPT_SEED: o.seed = optarg; break;
		case OPT_FROM: o.filter.from = optarg; break;
		case OPT_TO: o.filter.to = optarg; break;
		case OPT_TRUST: o.trust = optarg; break;
		default: return cli_usage_error("report", "unknown option");
		}
	}
	if (optind < argc)
		sub = argv[optind];
	if (optind + 1 < argc)
		return cli_usage_error("report", "unexpected argument '%s'", argv[optind + 1]);
	if (sub && !strcmp(sub, "voice"))
		return cmd_report_voice(cli, format, o.output);
	if (!format)	/* "report board" is HTML; the others are tables */
		format = sub && !strcmp(sub, "board") ? "html" : "table";
	if (!strcmp(format, "table"))
		o.fmt = F_TABLE;
	else if (!strcmp(format, "csv"))
		o.fmt = F_CSV;
	else if (!strcmp(format, "json"))
		o.fmt = F_JSON;
	else if (!strcmp(format, "html"))
		o.fmt = F_HTML;
	else
		return cli_usage_error("report", "unknown format '%s' (table, csv, json or "
				       "html)", format);
	if (o.output && !*o.output)
		return cli_usage_error("report", "-o needs a file name");
	if (!sub && o.fmt != F_HTML)
		return cli_usage_error("report", "which report? 'completion', 'quality', "
				       "or the board's: --format html");
	if (o.trust && o.fmt != F_HTML)
		return cli_usage_error("report", "--trust is for the board's report "
				       "(--format html)");
	if (!sub || !strcmp(sub, "board"))
		return board(cli, &o);
	if (o.fmt == F_HTML)
		return cli_usage_error("report", "html is the board's whole report: "
				       "'eadr report --format html -o FILE'");
	if (!strcmp(sub, "completion"))
		return completion(cli, &o);
	if (!strcmp(sub, "quality"))
		return quality(cli, &o);
	return cli_usage_error("report", "unknown report '%s' (completion, quality or "
			       "board)", sub);
}
