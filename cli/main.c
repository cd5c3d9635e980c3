/*
 * main.c - eadr's entry point: global options and the dispatch of batch
 * commands; with no command, the terminal program.
 */
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lib/hubstore.h"
#include "lib/sbuf.h"
#include "tui/tui.h"

static const struct command {
	const char *name;
	cli_cmd_fn *fn;
	const char *summary;
} commands[] = {
	{ "check-form", cmd_check_form, "validate form definitions" },
	{ "demo", cmd_demo, "fill a database with a demo team" },
	{ "export", cmd_export, "export the TNA or a staff member's PDP" },
	{ "feedback", cmd_feedback, "360-degree feedback: give it with a code, request it" },
	{ "hub", cmd_hub, "hub side of sync: import bundles, approve laptops" },
	{ "prepare", cmd_prepare, "the staff member prepares for their appraisal with a code" },
	{ "profile", cmd_profile, "managers' profiles on a shared laptop" },
	{ "report", cmd_report, "completion and quality reports" },
	{ "rescue", cmd_rescue, "put back words eadr could not save (eadr-unsaved-*)" },
	{ "staff", cmd_staff, "import and list staff" },
	{ "sync", cmd_sync, "laptop side of sync: push bundles, pull acknowledgements" },
	{ "voice", cmd_voice, "after signing: the staff member says how it went (sealed)" },
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: eadr [--db PATH] [--forms DIR] [--plain [--resume]] [--user NAME\n"
		"            --passphrase-file FILE] [COMMAND [ARGS]]\n"
		"Hold a staff member's yearly appraisal (EADR) in the terminal.\n"
		"\n"
		"With no command, opens the team list.\n"
		"\n"
		"Commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-12s %s\n", commands[i].name, commands[i].summary);
	fprintf(out,
		"\n"
		"Options:\n"
		"  --db PATH      the database (default: $EADR_DB, or\n"
		"                 $XDG_DATA_HOME/eadr/eadr.db)\n"
		"  --forms DIR    also look for forms in DIR (may be repeated)\n"
		"  --plain        questions and answers on standard input and output,\n"
		"                 for screen readers and scripts\n"
		"  --user NAME    sign in as the manager NAME (laptops with profiles;\n"
		"                 default $EADR_USER)\n"
		"  --passphrase-file FILE\n"
		"                 read NAME's passphrase from the first line of FILE\n"
		"                 (default $EADR_PASSPHRASE_FILE); never on the command line\n"
		"  --hub URL      the hub 'eadr hub' works on: a PostgreSQL connection\n"
		"                 string (postgresql://USER@HOST/DB; the password from\n"
		"                 ~/.pgpass or $PGPASSFILE, never in URL) or a SQLite\n"
		"                 file (default $EADR_HUB, else the --db database)\n"
		"  --resume       (with --plain) a draft starts where you were\n"
		"  --restart      (with --plain, the default) a draft starts at its\n"
		"                 first question\n"
		"  -h, --help     show this help\n"
		"  -V, --version  show the version\n"
		"\n"
		"'eadr COMMAND --help' explains a command; 'man eadr' explains them all.\n");
}

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("eadr: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

char *cli_read_line(char **buf, size_t *cap)
{
	ssize_t n = getline(buf, cap, stdin);

	if (n < 0)
		return NULL;
	while (n > 0 && ((*buf)[n - 1] == '\n' || (*buf)[n - 1] == '\r'))
		(*buf)[--n] = '\0';
	return *buf;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("eadr: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'eadr %s%s--help'.\n", cmd ? cmd : "", cmd ? " " : "");
	return EXIT_USAGE;
}

int cli_global_opt(struct cli *cli, int opt, const char *arg)
{
	switch (opt) {
	case CLI_OPT_DB:
		cli->opts.db = arg;
		return 1;
	case CLI_OPT_FORMS: {
		const char **f = realloc((void *)cli->opts.forms,
					 sizeof(*f) * (size_t)(cli->opts.nforms + 1));

		if (!f) {
			cli_error("out of memory");
			exit(EXIT_DATA);
		}
		f[cli->opts.nforms++] = arg;
		cli->opts.forms = f;
		return 1;
	}
	case CLI_OPT_PLAIN:
		cli->plain = 1;
		return 1;
	case CLI_OPT_USER:
		cli->opts.user = arg;
		return 1;
	case CLI_OPT_PASSFILE:
		cli->opts.passphrase_file = arg;
		return 1;
	case CLI_OPT_HUB:
		cli->hub = arg;
		return 1;
	}
	return 0;
}

/* A hand-over to the signed-in manager that could not be received: say so
 * and what to do, every time, until it is refused (not a failure). */
static void handover_warn(struct store *st)
{
	struct sbuf msg = SBUF_INIT;

	if (store_handover_stuck(st, &msg, NULL, NULL, NULL) > 0)
		cli_error("warning: %s", msg.buf);
	sbuf_release(&msg);
}

static struct store *open_store(struct cli *cli, const struct store_opts *opts)
{
	struct err err = ERR_INIT;
	struct store *st = session_open_store(&cli->opts, opts, &err);

	if (!st)
		cli_error("%s", err_msg(&err));
	else
		handover_warn(st);
	err_release(&err);
	return st;
}

struct store *cli_open_store(struct cli *cli)
{
	return open_store(cli, NULL);
}

struct store *cli_open_store_unchecked(struct cli *cli)
{
	static const struct store_opts ro = { .skip_check = 1 };

	return open_store(cli, &ro);
}

struct hubstore *cli_open_hub(struct cli *cli, int checked)
{
	const char *target = cli->hub ? cli->hub : getenv("EADR_HUB");
	struct err err = ERR_INIT;
	struct hubstore *hs = NULL;
	struct store *st;

	if (target && *target && hubstore_is_pg(target)) {
		if (!(hs = hubstore_open_pg(target, &err)))
			cli_error("%s", err_msg(&err));
		err_release(&err);
		return hs;
	}
	if (target && *target)
		cli->opts.db = target;
	st = checked ? cli_open_store(cli) : cli_open_store_unchecked(cli);
	return st ? hubstore_wrap_sqlite(st) : NULL;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_LONGOPTS,
		{ "version", no_argument, NULL, 'V' },
		{ "resume", no_argument, NULL, 'R' },
		{ "restart", no_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli cli = { .prog = "eadr" };
	int c, rc, start_opt = 0;

	setlocale(LC_ALL, "");
	/* '+': stop at the command; it parses its own options. */
	while ((c = getopt_long(argc, argv, "+hV", opts, NULL)) != -1) {
		if (cli_global_opt(&cli, c, optarg))
			continue;
		switch (c) {
		case 'h':
			usage(stdout);
			free((void *)cli.opts.forms);
			return EXIT_OK;
		case 'V':
			printf("eadr %s\n", PACKAGE_VERSION);
			free((void *)cli.opts.forms);
			return EXIT_OK;
		case 'R': case 'r':	/* where plain mode starts a draft */
			cli.plain_resume = c == 'R';
			start_opt = 1;
			continue;
		default:
			free((void *)cli.opts.forms);
			return cli_usage_error(NULL, "unknown option");
		}
	}
	if (start_opt && (!cli.plain || optind < argc)) {
		free((void *)cli.opts.forms);
		return cli_usage_error(NULL, "--resume and --restart go with --plain alone");
	}
	if (optind >= argc) {
		rc = cli.plain ? plain_main(&cli) : tui_main(&cli.opts);
		free((void *)cli.opts.forms);
		return rc;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (!strcmp(argv[optind], commands[i].name)) {
			int cargc = argc - optind;
			char **cargv = argv + optind;

			optind = 0;	/* GNU: start the command's own scan afresh */
			rc = commands[i].fn(&cli, cargc, cargv);
			free((void *)cli.opts.forms);
			return rc;
		}
	}
	rc = cli_usage_error(NULL, "'%s' is not an eadr command", argv[optind]);
	free((void *)cli.opts.forms);
	return rc;
}
