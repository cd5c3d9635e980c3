/*
 * cmd_demo.c - "eadr demo": a demo team in a database of its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lib/demo.h"
#include "lib/demo_managers.h"
#include "lib/form.h"
#include "lib/session.h"

/*
 * The default form "eadr" from the form folders, so that the demo's finished
 * appraisals refer to real forms kept in the store (this year's, and last
 * year's made from it); NULL (after a warning) when there is none, and the
 * demo uses a placeholder and has no appraisal this year.
 */
static struct form *default_form(struct cli *cli)
{
	struct err err = ERR_INIT;
	struct form *f = NULL;
	char **dirs;
	size_t n = session_form_dirs(&cli->opts, &dirs);

	if (form_find_newest((const char *const *)dirs, n, "eadr", &f, &err) <= 0) {
		if (err.msg)
			fprintf(stderr, "eadr: warning: %s\n", err_msg(&err));
		fprintf(stderr, "eadr: warning: no valid form 'eadr' found (looked in");
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, " %s", dirs[i]);
		fprintf(stderr, "); the demo appraisal uses a placeholder form\n");
	}
	session_form_dirs_free(dirs, n);
	err_release(&err);
	return f;
}

/* The demo managers (issue 13), unless --no-managers or EADR_DEMO_MANAGERS=no. */
static int add_managers(struct store *st, struct err *err)
{
	size_t n;
	const struct demo_manager *m = demo_managers(&n);

	if (demo_managers_add(st, err) < 0)
		return -1;
	printf("Two demo managers can sign in (their appraisals are locked under\n"
	       "their passphrases; these are printed here because it is a demo):\n");
	for (size_t i = 0; i < n; i++)
		printf("  %-16s passphrase: %s\n  %-16s (%s)\n", m[i].name, m[i].pass, "",
		       m[i].about);
	return 0;
}

int cmd_demo(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = { CLI_LONGOPTS,
		{ "no-managers", no_argument, NULL, 'M' }, { NULL, 0, NULL, 0 } };
	const char *env = getenv("EADR_DEMO_MANAGERS");
	int managers = !(env && !strcmp(env, "no"));
	struct err err = ERR_INIT;
	struct store *st;
	struct form *f;
	struct demo_form df;
	int c, rc = EXIT_OK;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_global_opt(cli, c, optarg))
			continue;
		if (c == 'M') {
			managers = 0;
			continue;
		}
		if (c == 'h') {
			fputs("Usage: eadr [--db PATH] demo [--no-managers]\n"
			      "Fill an empty database with a demo team: two stations, a dozen\n"
			      "staff (some due, some overdue), appraisals finished last year on\n"
			      "last year's version of the form, two this year that carry on last\n"
			      "year's goals, and two demo managers whose passphrases it prints\n"
			      "(none with --no-managers, or when EADR_DEMO_MANAGERS=no).\n", stdout);
			return EXIT_OK;
		}
		return cli_usage_error("demo", "unknown option");
	}
	if (optind < argc)
		return cli_usage_error("demo", "demo takes no arguments");
	if (!(st = cli_open_store(cli)))
		return EXIT_DATA;
	if ((f = default_form(cli)))
		df = (struct demo_form){ f->id, f->version, f->hash, f->source };
	c = demo_fill(st, f ? &df : NULL, &err);
	if (c == 1) {
		printf("%s: already holds the demo team\n", store_path(st));
	} else if (c < 0) {
		cli_error("%s", err_msg(&err));
		rc = EXIT_DATA;
	} else if (managers && add_managers(st, &err) < 0) {
		cli_error("%s", err_msg(&err));
		rc = EXIT_DATA;
	} else {
		printf("%s: demo team added; start with: eadr --db %s\n",
		       store_path(st), store_path(st));
	}
	store_close(st);
	form_free(f);
	err_release(&err);
	return rc;
}
