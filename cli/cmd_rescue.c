/*
 * cmd_rescue.c - "eadr rescue": the files kept when eadr could not save
 * (eadr-unsaved-*.txt) listed, and their words put back through the
 * normal save path (lib/rescue.h); the file goes only once they are saved.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lib/rescue.h"

static void help(void)
{
	fputs("Usage: eadr rescue list\n"
	      "       eadr rescue restore FILE\n"
	      "Words eadr could not save (a full disk, a locked database) are kept in a\n"
	      "file eadr-unsaved-*.txt beside the database, else in $HOME or a temporary\n"
	      "folder.  'list' shows this database's files; 'restore' puts FILE's words\n"
	      "back into the draft they came from and then deletes FILE.  It refuses,\n"
	      "keeping FILE, when the answer was changed since, the appraisal is no\n"
	      "longer a draft, or the words are encrypted for another manager (sign in\n"
	      "with --user NAME --passphrase-file FILE).\n", stdout);
}

static int list(struct store *st)
{
	struct rescue_file *v;
	struct err err = ERR_INIT;
	size_t n;

	if (rescue_find(store_path(st), &v, &n, &err) < 0) {
		cli_error("%s", err_msg(&err));
		err_release(&err);
		return EXIT_DATA;
	}
	if (!n)
		printf("no words wait to be put back into %s\n", store_path(st));
	for (size_t i = 0; i < n; i++) {
		printf("%s\t%s\t%s\t%s%s%s\n", v[i].file, v[i].at,
		       v[i].who && *v[i].who ? v[i].who : v[i].uuid, v[i].what,
		       v[i].manager ? "\tencrypted for " : "",
		       v[i].manager ? v[i].manager : "");
		rescue_file_release(&v[i]);
	}
	free(v);
	return EXIT_OK;
}

static int restore(struct cli *cli, struct store *st, const char *file)
{
	struct sbuf report = SBUF_INIT;
	struct err err = ERR_INIT;
	char **dirs;
	size_t ndirs = session_form_dirs(&cli->opts, &dirs);
	int rc = EXIT_OK;

	if (rescue_restore(st, file, (const char *const *)dirs, ndirs, &report, &err) < 0) {
		cli_error("not put back: %s", err_msg(&err));
		rc = EXIT_DATA;
	} else {
		printf("%s\n", report.buf);
	}
	session_form_dirs_free(dirs, ndirs);
	sbuf_release(&report);
	err_release(&err);
	return rc;
}

int cmd_rescue(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = { CLI_LONGOPTS, { NULL, 0, NULL, 0 } };
	const char *sub;
	struct store *st;
	int c, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_global_opt(cli, c, optarg))
			continue;
		if (c == 'h') {
			help();
			return EXIT_OK;
		}
		return cli_usage_error("rescue", "unknown option");
	}
	if (optind >= argc)
		return cli_usage_error("rescue", "say what to do: list or restore FILE");
	sub = argv[optind++];
	if (!strcmp(sub, "list") && optind != argc)
		return cli_usage_error("rescue", "rescue list takes no arguments");
	if (!strcmp(sub, "restore") && optind + 1 != argc)
		return cli_usage_error("rescue", "rescue restore takes one file");
	if (strcmp(sub, "list") && strcmp(sub, "restore"))
		return cli_usage_error("rescue", "'%s' is not a rescue command", sub);
	if (!(st = cli_open_store(cli)))
		return EXIT_DATA;
	rc = !strcmp(sub, "list") ? list(st) : restore(cli, st, argv[optind]);
	store_close(st);
	return rc;
}
