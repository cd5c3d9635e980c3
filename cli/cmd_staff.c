/*
 * cmd_staff.c - "eadr staff import FILE" and "eadr staff list".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lib/csv.h"
#include "lib/fileio.h"
#include "lib/staff.h"
#include "textw.h"

#define STAFF_FILE_MAX (64u << 20)

static const char usage_text[] =
	"Usage: eadr staff import FILE.csv\n"
	"       eadr staff list [--format table|csv]\n"
	"\n"
	"import  add or update staff from a CSV file whose header row names the\n"
	"        columns staff_number,name,role,band,station,email,due (any order;\n"
	"        staff_number and name are required; due is YYYY-MM-DD).  A bad\n"
	"        row is reported as FILE:LINE and nothing is imported.\n"
	"list    staff with their appraisal state and when they are due\n";

static int import(struct cli *cli, const char *file)
{
	struct sbuf text = SBUF_INIT, line = SBUF_INIT;
	struct diag d = DIAG_INIT;
	struct err err = ERR_INIT;
	struct staff_import_result res;
	struct store *st = NULL;
	int rc = EXIT_DATA;

	if (file_read(file, &text, STAFF_FILE_MAX, &err) < 0) {
		cli_error("%s", err_msg(&err));
		goto out;
	}
	if (!(st = cli_open_store(cli)))
		goto out;
	if (staff_import(st, file, text.buf, text.len, &res, &d, &err) == 0)
		rc = EXIT_OK;
	for (size_t i = 0; i < d.n; i++) {
		sbuf_reset(&line);
		diag_format(&d.items[i], &line);
		fprintf(stderr, "%s\n", line.buf);
	}
	if (rc == EXIT_OK)
		printf("%s: %d added, %d updated, %d unchanged\n", file,
		       res.added, res.updated, res.unchanged);
	else if (diag_errors(&d))
		cli_error("%s: %zu problem%s; nothing was imported", file,
			  diag_errors(&d), diag_errors(&d) == 1 ? "" : "s");
	else
		cli_error("%s; nothing was imported", err_msg(&err));
out:
	store_close(st);
	sbuf_release(&text);
	sbuf_release(&line);
	diag_release(&d);
	err_release(&err);
	return rc;
}

struct list_ctx {
	int csv;
	char today[DATE_LEN + 1];
	struct sbuf out;
	int n;
};

static int list_row(const struct staff_status *ss, void *arg)
{
	struct list_ctx *c = arg;
	const char *due = ss->s.due ? ss->s.due : "";
	const char *status = staff_due_name(staff_due_status(ss->s.due, c->today));

	if (c->csv) {
		const char *f[] = { ss->s.staff_number, ss->s.name, ss->s.role,
			ss->s.band, ss->s.station, staff_state_name(ss), due, status };

		for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
			if (i)
				sbuf_addch(&c->out, ',');
			csv_put(&c->out, f[i], CSV_SAFE);
		}
		sbuf_addch(&c->out, '\n');
	} else {
		textw_pad(&c->out, ss->s.staff_number, 8);
		sbuf_addch(&c->out, ' ');
		textw_pad(&c->out, ss->s.name, 22);
		sbuf_addch(&c->out, ' ');
		textw_pad(&c->out, ss->s.station, 10);
		sbuf_addch(&c->out, ' ');
		textw_pad(&c->out, staff_state_name(ss), 11);
		sbuf_addch(&c->out, ' ');
		textw_pad(&c->out, due, 10);
		sbuf_addf(&c->out, " %s", status);
		while (c->out.len && c->out.buf[c->out.len - 1] == ' ')
			sbuf_setlen(&c->out, c->out.len - 1);
		sbuf_addch(&c->out, '\n');
	}
	c->n++;
	return 0;
}

static int list(struct cli *cli, int csv)
{
	struct list_ctx c = { .csv = csv, .out = SBUF_INIT };
	struct err err = ERR_INIT;
	struct store *st = cli_open_store_unchecked(cli);
	int rc = EXIT_DATA;

	if (!st)
		return EXIT_DATA;
	date_today(c.today);
	if (csv)
		sbuf_adds(&c.out, "staff_number,name,role,band,station,state,due,status\n");
	else
		sbuf_adds(&c.out, "NUMBER   NAME                   STATION    STATE       DUE        STATUS\n");
	if (store_staff_each(st, list_row, &c, &err) < 0) {
		cli_error("%s", err_msg(&err));
		goto out;
	}
	if (c.n == 0 && !csv)
		fprintf(stderr, "eadr: no staff yet: add them with 'eadr staff import FILE.csv'\n");
	else
		fwrite(c.out.buf, 1, c.out.len, stdout);
	rc = fflush(stdout) == 0 ? EXIT_OK : EXIT_DATA;
out:
	store_close(st);
	sbuf_release(&c.out);
	err_release(&err);
	return rc;
}

int cmd_staff(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_LONGOPTS,
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = "table", *sub = NULL;
	int c;

	/* Options may come before or after the subcommand. */
	while ((c = getopt_long(argc, argv, "hf:", opts, NULL)) != -1) {
		if (cli_global_opt(cli, c, optarg))
			continue;
		if (c == 'h') {
			fputs(usage_text, stdout);
			return EXIT_OK;
		}
		if (c == 'f') {
			format = optarg;
			continue;
		}
		return cli_usage_error("staff", "unknown option");
	}
	if (optind >= argc)
		return cli_usage_error("staff", "staff needs a subcommand: import or list");
	sub = argv[optind++];
	if (!strcmp(sub, "import")) {
		if (argc - optind != 1)
			return cli_usage_error("staff", "staff import takes one FILE.csv");
		return import(cli, argv[optind]);
	}
	if (!strcmp(sub, "list")) {
		if (optind < argc)
			return cli_usage_error("staff", "staff list takes no arguments");
		if (strcmp(format, "table") && strcmp(format, "csv"))
			return cli_usage_error("staff", "--format is table or csv, not '%s'", format);
		return list(cli, !strcmp(format, "csv"));
	}
	return cli_usage_error("staff", "'%s' is not a staff subcommand (import, list)", sub);
}
