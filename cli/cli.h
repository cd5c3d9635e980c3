/*
 * cli.h - what the command-line front end's files share: the global
 * options, exit codes, and the commands' entry points.
 */
#ifndef EADR_CLI_H
#define EADR_CLI_H

#include <getopt.h>

#include "lib/session.h"
#include "lib/store.h"

struct hubstore;

enum { EXIT_OK = 0, EXIT_DATA = 1, EXIT_USAGE = 2 };

struct cli {
	struct session_opts opts;	/* --db, --forms */
	int plain;		/* --plain */
	int plain_resume;	/* --resume (1) or --restart (0, the default) */
	const char *prog;	/* "eadr" */
	const char *hub;	/* --hub URL|FILE, or NULL: $EADR_HUB, then --db */
};

/* Print "eadr: message" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "eadr: message" and "Try 'eadr CMD --help'." on stderr; EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* One line of standard input without its newline (and a CR before it),
 * in *buf (grown as needed; the caller frees it); NULL at the end of
 * input.  For the commands that ask a person line by line. */
char *cli_read_line(char **buf, size_t *cap);

/*
 * The global options, accepted before the command and after it:
 * --db PATH, --forms DIR, --plain, --user NAME, --passphrase-file FILE,
 * --hub URL.  CLI_LONGOPTS goes at the head of a
 * command's getopt_long table; cli_global_opt handles a matched one and
 * returns 1 (or 0 for an option that is not global).
 */
#define CLI_OPT_DB 0x100
#define CLI_OPT_FORMS 0x101
#define CLI_OPT_PLAIN 0x102
#define CLI_OPT_USER 0x103
#define CLI_OPT_PASSFILE 0x104
#define CLI_OPT_HUB 0x105
#define CLI_OPT_HELP 'h'
#define CLI_LONGOPTS \
	{ "db", required_argument, NULL, CLI_OPT_DB }, \
	{ "user", required_argument, NULL, CLI_OPT_USER }, \
	{ "passphrase-file", required_argument, NULL, CLI_OPT_PASSFILE }, \
	{ "forms", required_argument, NULL, CLI_OPT_FORMS }, \
	{ "plain", no_argument, NULL, CLI_OPT_PLAIN }, \
	{ "hub", required_argument, NULL, CLI_OPT_HUB }, \
	{ "help", no_argument, NULL, CLI_OPT_HELP }
int cli_global_opt(struct cli *cli, int opt, const char *arg);

/* Open the database the options name; NULL after printing the error. */
struct store *cli_open_store(struct cli *cli);
/*
 * The same without the whole-file PRAGMA quick_check, which costs a large
 * database a noticeable fraction of a second: for commands that only read
 * (a damaged page they read still fails with a plain message), and for the
 * TUI, which draws its first screen and then calls store_check before it
 * can change anything.
 */
struct store *cli_open_store_unchecked(struct cli *cli);
/*
 * The hub the options name, for the hub commands and every command that
 * reads a hub (export tna, report): --hub or $EADR_HUB (a PostgreSQL
 * connection string, or a SQLite file), else the --db database.  checked:
 * the SQLite file's whole-file check first (commands that change it).
 * NULL after printing the error; close with hubstore_close.
 */
struct hubstore *cli_open_hub(struct cli *cli, int checked);

/* A command: argv[0] is the command's own name. Returns an exit code. */
typedef int cli_cmd_fn(struct cli *cli, int argc, char **argv);

cli_cmd_fn cmd_staff, cmd_demo, cmd_check_form;
cli_cmd_fn cmd_export, cmd_report, cmd_sync, cmd_hub, cmd_profile;
cli_cmd_fn cmd_feedback, cmd_rescue, cmd_prepare;
cli_cmd_fn cmd_voice;
/* "eadr report voice [--format text|csv|json] [-o FILE]" on the hub
 * (cmd_voice.c); format and output may be NULL. */
int cmd_report_voice(struct cli *cli, const char *format, const char *output);
/* "eadr hub feedback-report REQUEST [--release]" (cmd_feedback.c). */
int cmd_feedback_hub_report(struct cli *cli, char *const *args, int nargs,
			    int release);

/* 360-degree feedback's way back (cmd_feedback_back.c): "eadr hub
 * feedback-status REQUEST", "eadr hub feedback-send REQUEST DIR", and
 * "eadr feedback report STAFF_NUMBER". */
int cmd_feedback_hub_status(struct cli *cli, char *const *args, int nargs);
int cmd_feedback_hub_send(struct cli *cli, char *const *args, int nargs);
int cmd_feedback_report(struct cli *cli, const char *staff_number);
/* "eadr hub feedback-waiting [--purge-older-than DAYS]" (purge_days NULL:
 * list only; cmd_feedback_back.c). */
int cmd_feedback_hub_waiting(struct cli *cli, char *const *args, int nargs,
			     const char *purge_days);

/* Plain mode (plain_run.c): the walk on standard input and output. */
int plain_main(struct cli *cli);

#endif
