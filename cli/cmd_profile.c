/*
 * cmd_profile.c - "eadr profile": managers' profiles on a shared laptop
 * (add, list, vacuum, hand-over, and a forgotten passphrase reset through
 * the hub: recovery-request, reset).  Passphrases come from a file or the terminal with
 * echo off, never from the command line (see schema/security.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "lib/profile.h"
#include "lib/recovery.h"
#include "lib/sbuf.h"

static void help(void)
{
	fputs("Usage: eadr profile add NAME\n"
	      "       eadr profile list\n"
	      "       eadr --user NAME --passphrase-file FILE profile vacuum\n"
	      "       eadr --user NAME --passphrase-file FILE profile hand-over STAFF_NUMBER\n"
	      "            --to MANAGER [--drop-private]\n"
	      "       eadr --user NAME --passphrase-file FILE profile refuse STAFF_NUMBER\n"
	      "       eadr profile recovery-request NAME [-o FILE]\n"
	      "       eadr profile reset NAME --file RESET\n"
	      "Managers' profiles on a shared laptop.  'add' makes NAME's profile: the\n"
	      "passphrase is read from --passphrase-file FILE (or EADR_PASSPHRASE_FILE),\n"
	      "else asked twice on the terminal.  From the first profile on, every\n"
	      "appraisal is held, encrypted, by the manager who starts it.  'list' shows\n"
	      "the profiles.  'vacuum' rewrites the file so that no plain text from\n"
	      "before the profiles stays in it.  'hand-over' gives the latest appraisal\n"
	      "of STAFF_NUMBER you hold to MANAGER, who reads it after their next\n"
	      "sign-in.  Private answers can be read by you alone, never by MANAGER:\n"
	      "with any, it is refused unless --drop-private says to delete them.\n"
	      "'refuse' hands back to the manager who handed it over an appraisal of\n"
	      "STAFF_NUMBER handed to you that cannot be received (it does not open\n"
	      "with your key); they can still read it.  Audited.\n"
	      "A forgotten passphrase: 'recovery-request' writes NAME's request to FILE\n"
	      "(default eadr-recovery.request) for the hub ('eadr hub recover'); 'reset'\n"
	      "takes the hub's reset file and sets a new passphrase (from\n"
	      "--passphrase-file, else asked twice).  What is not private is readable\n"
	      "again; private answers were under the old passphrase only, which the\n"
	      "hub never had: they are lost by design, and deleted.\n", stdout);
}

/* One line from the terminal with echo off; NULL at end of input. */
static char *ask(const char *prompt)
{
	struct termios old, quiet;
	struct sbuf sb = SBUF_INIT;
	int tty = isatty(STDIN_FILENO), c;

	fputs(prompt, stderr);
	fflush(stderr);
	if (tty && tcgetattr(STDIN_FILENO, &old) == 0) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	} else {
		tty = 0;
	}
	sbuf_grow(&sb, 128);
	while ((c = getchar()) != EOF && c != '\n')
		sbuf_addch(&sb, c);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (c == EOF && !sb.len) {
		sbuf_release(&sb);
		return NULL;
	}
	return sbuf_detach(&sb);
}

static int add(struct cli *cli, struct store *st, const char *name)
{
	const char *file = cli->opts.passphrase_file ? cli->opts.passphrase_file :
		getenv("EADR_PASSPHRASE_FILE");
	struct err err = ERR_INIT;
	char *pass = NULL, *again = NULL;
	int rc = EXIT_OK;

	if (file && *file) {
		if (profile_pass_read(file, &pass, &err) == 0)
			again = strdup(pass);
	} else {
		fprintf(stderr, "%s\n", profile_hint());
		pass = ask("Passphrase: ");
		again = pass ? ask("The same again: ") : NULL;
	}
	if (!err.msg && (!pass || !again))
		err_set(&err, "no passphrase given");
	if (err.msg || profile_create(st, name, pass, again, &err) < 0) {
		cli_error("%s", err_msg(&err));
		rc = EXIT_DATA;
	} else {
		printf("%s: profile added; sign in as %s\n", store_path(st), name);
	}
	profile_pass_free(pass);
	profile_pass_free(again);
	err_release(&err);
	return rc;
}

static int list(struct store *st)
{
	struct err err = ERR_INIT;
	char **names;
	size_t n;

	if (store_profile_names(st, &names, &n, &err) < 0) {
		cli_error("%s", err_msg(&err));
		err_release(&err);
		return EXIT_DATA;
	}
	if (!n)
		printf("no profiles: this database is not protected yet "
		       "(eadr profile add NAME)\n");
	for (size_t i = 0; i < n; i++) {
		printf("%s\n", names[i]);
		free(names[i]);
	}
	free(names);
	return EXIT_OK;
}

static int vacuum(struct store *st)
{
	struct err err = ERR_INIT;
	size_t n = 0;

	if (store_profile_claim(st, &n, &err) < 0 || store_vacuum(st, &err) < 0) {
		cli_error("%s", err_msg(&err));
		err_release(&err);
		return EXIT_DATA;
	}
	printf("%s: rewritten; no free page keeps old text\n", store_path(st));
	return EXIT_OK;
}

static int hand_over(struct store *st, const char *staff, const char *to, int drop)
{
	struct err err = ERR_INIT;
	long long id;
	int rc, dropped = 0;

	if ((rc = store_handover_find(st, staff, &id, &err)) == 0)
		err_set(&err, "you hold no appraisal of %s", staff);
	if (rc <= 0 || store_handover(st, id, to, drop, &dropped, &err) < 0) {
		cli_error("%s; nothing was changed", err_msg(&err));
		err_release(&err);
		return EXIT_DATA;
	}
	printf("the appraisal of %s is now held by %s, who reads it after signing in",
	       staff, to);
	if (dropped)
		printf("; %d private answer%s deleted", dropped, dropped == 1 ? "" : "s");
	printf("\n");
	return EXIT_OK;
}

static int refuse(struct store *st, const char *staff)
{
	struct err err = ERR_INIT;
	char *from = NULL;

	if (store_handover_refuse(st, staff, &from, &err) < 0) {
		cli_error("%s; nothing was changed", err_msg(&err));
		err_release(&err);
		free(from);
		return EXIT_DATA;
	}
	printf("the appraisal of %s is handed back to %s, who can read it; ask %s "
	       "to hand it over again\n", staff, from, from);
	free(from);
	return EXIT_OK;
}

static int recovery_request(struct store *st, const char *name, const char *out)
{
	struct err err = ERR_INIT;

	if (profile_recovery_request(st, name, out, &err) < 0) {
		cli_error("%s; no request was written", err_msg(&err));
		err_release(&err);
		return EXIT_DATA;
	}
	printf("%s: the recovery request of %s.  Carry it to the learning and "
	       "development team's hub, which runs 'eadr hub recover' on it and gives "
	       "back a reset file for this laptop; then 'eadr profile reset \"%s\" "
	       "--file RESET'.\n", out, name, name);
	return EXIT_OK;
}

static void lost_words(const char *name, int n, int done)
{
	if (!done)
		printf("Private answers are gone by design: they were under %s's old "
		       "passphrase alone, which the hub never had. %d private answer%s "
		       "of %s's appraisals will be deleted; everything else is kept "
		       "and readable again after the reset.\n", name, n,
		       n == 1 ? "" : "s", name);
	else
		printf("%s has a new passphrase: every answer that is not private is "
		       "readable again. %d private answer%s could not be recovered "
		       "(by design) and %s deleted.\n", name, n, n == 1 ? "" : "s",
		       n == 1 ? "was" : "were");
}

static int reset(struct cli *cli, struct store *st, const char *name, const char *file)
{
	const char *pf = cli->opts.passphrase_file ? cli->opts.passphrase_file :
		getenv("EADR_PASSPHRASE_FILE");
	struct err err = ERR_INIT;
	char *pass = NULL, *again = NULL;
	int n = 0, lost = 0, rc = EXIT_DATA;

	if (profile_reset_check(st, name, file, &err) < 0 ||
	    profile_private_count(st, name, &n, &err) < 0)
		goto out;
	lost_words(name, n, 0);
	fflush(stdout);
	if (pf && *pf) {
		if (profile_pass_read(pf, &pass, &err) < 0)
			goto out;
		again = strdup(pass);
	} else {
		fprintf(stderr, "%s\n", profile_hint());
		pass = ask("New passphrase: ");
		again = pass ? ask("The same again: ") : NULL;
	}
	if (!pass || !again) {
		err_set(&err, "no passphrase given");
		goto out;
	}
	if (profile_reset(st, name, file, pass, again, &lost, &err) < 0)
		goto out;
	lost_words(name, lost, 1);
	rc = EXIT_OK;
out:
	if (rc != EXIT_OK)
		cli_error("%s; nothing was changed", err_msg(&err));
	profile_pass_free(pass);
	profile_pass_free(again);
	err_release(&err);
	return rc;
}

enum { OPT_TO = 1000, OPT_DROP, OPT_FILE };

int cmd_profile(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = { CLI_LONGOPTS,
		{ "to", required_argument, NULL, OPT_TO },
		{ "drop-private", no_argument, NULL, OPT_DROP },
		{ "file", required_argument, NULL, OPT_FILE },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 } };
	const char *sub, *to = NULL, *file = NULL, *out = "eadr-recovery.request";
	struct store *st;
	int c, rc, drop = 0;

	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		if (cli_global_opt(cli, c, optarg))
			continue;
		if (c == OPT_TO) {
			to = optarg;
			continue;
		}
		if (c == OPT_DROP) {
			drop = 1;
			continue;
		}
		if (c == OPT_FILE || c == 'o') {
			*(c == 'o' ? &out : &file) = optarg;
			continue;
		}
		if (c == 'h') {
			help();
			return EXIT_OK;
		}
		return cli_usage_error("profile", "unknown option");
	}
	if (optind >= argc)
		return cli_usage_error("profile", "say what to do: add, list or vacuum");
	sub = argv[optind++];
	if (!strcmp(sub, "add") && optind + 1 != argc)
		return cli_usage_error("profile", "profile add takes one name (quote it: "
				       "eadr profile add \"Sam Okafor\")");
	if (!strcmp(sub, "hand-over") && (optind + 1 != argc || !to))
		return cli_usage_error("profile", "profile hand-over takes a staff number "
				       "and --to MANAGER");
	if ((!strcmp(sub, "list") || !strcmp(sub, "vacuum")) && optind != argc)
		return cli_usage_error("profile", "profile %s takes no arguments", sub);
	if (strcmp(sub, "add") && strcmp(sub, "list") && strcmp(sub, "vacuum") &&
	    strcmp(sub, "hand-over") && strcmp(sub, "recovery-request") &&
	    strcmp(sub, "reset") && strcmp(sub, "refuse"))
		return cli_usage_error("profile", "'%s' is not a profile command", sub);
	if (!strcmp(sub, "refuse") && optind + 1 != argc)
		return cli_usage_error("profile", "profile refuse takes a staff number");
	if (!strcmp(sub, "recovery-request") || !strcmp(sub, "reset")) {
		if (optind + 1 != argc)
			return cli_usage_error("profile", "profile %s takes one name (quote "
					       "it: \"Sam Okafor\")", sub);
		if (!strcmp(sub, "reset") && !file)
			return cli_usage_error("profile", "profile reset needs --file RESET, "
					       "the reset file the hub wrote");
	} else if (file) {
		return cli_usage_error("profile", "--file is for profile reset");
	}
	if (!strcmp(sub, "add") || !strcmp(sub, "reset") ||
	    !strcmp(sub, "recovery-request")) {
		/* The file holds the new passphrase: this is not a sign-in. */
		struct session_opts o = cli->opts;
		struct err err = ERR_INIT;

		o.no_signin = 1;
		if (!(st = session_open_store(&o, NULL, &err))) {
			cli_error("%s", err_msg(&err));
			err_release(&err);
			return EXIT_DATA;
		}
		rc = !strcmp(sub, "add") ? add(cli, st, argv[optind]) :
			!strcmp(sub, "reset") ? reset(cli, st, argv[optind], file) :
			recovery_request(st, argv[optind], out);
		store_close(st);
		return rc;
	}
	if (!(st = cli_open_store(cli)))
		return EXIT_DATA;
	rc = !strcmp(sub, "list") ? list(st) : !strcmp(sub, "vacuum") ? vacuum(st) :
		!strcmp(sub, "refuse") ? refuse(st, argv[optind]) :
		hand_over(st, argv[optind], to, drop);
	store_close(st);
	return rc;
}
