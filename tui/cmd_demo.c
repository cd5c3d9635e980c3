/*
 * cmd_demo.c - "eadr demo": a demo team in a database of its own.
 */
#include <stdio.h>

#include "cli.h"
#include "core/demo.h"

int cmd_demo(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = { CLI_LONGOPTS, { NULL, 0, NULL, 0 } };
	struct err err = ERR_INIT;
	struct store *st;
	int c, rc = EXIT_OK;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_global_opt(cli, c, optarg))
			continue;
		if (c == 'h') {
			fputs("Usage: eadr [--db PATH] demo\n"
			      "Fill an empty database with a demo team: two stations, a dozen\n"
			      "staff (some due, some overdue) and one appraisal finished last\n"
			      "year, so that every feature can be tried.\n", stdout);
			return EXIT_OK;
		}
		return cli_usage_error("demo", "unknown option");
	}
	if (optind < argc)
		return cli_usage_error("demo", "demo takes no arguments");
	if (!(st = cli_open_store(cli)))
		return EXIT_DATA;
	c = demo_fill(st, NULL, &err);
	if (c == 1) {
		printf("%s: already holds the demo team\n", store_path(st));
	} else if (c < 0) {
		cli_error("%s", err_msg(&err));
		rc = EXIT_DATA;
	} else {
		printf("%s: demo team added; start with: eadr --db %s\n",
		       store_path(st), store_path(st));
	}
	store_close(st);
	err_release(&err);
	return rc;
}
