/*
 * cmd_prepare.c - "eadr prepare request STAFF_NUMBER" (the manager makes a
 * preparation code and the printable sheet) and "eadr prepare" (the staff
 * member, with no manager signed in, answers the prepared questions with
 * the code, in plain lines, each answer saved at once).  See
 * schema/voice.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lib/appr.h"
#include "lib/fileio.h"
#include "lib/prepare.h"
#include "lib/prepare_away.h"

static const char usage_text[] =
	"Usage: eadr prepare\n"
	"       eadr prepare request STAFF_NUMBER [--format text|html] [-o FILE]\n"
	"\n"
	"(none)   the staff member prepares for their appraisal with the code on\n"
	"         their sheet: only the questions marked for preparation, one at a\n"
	"         time in plain lines, each answer saved as it is given; stop with\n"
	"         'q' and come back with the same code.  Nothing of the wellbeing\n"
	"         conversation is asked.\n"
	"request  the manager makes a preparation code for STAFF_NUMBER (their\n"
	"         draft is started if they have none), prints it, and writes the\n"
	"         printable sheet to FILE (default prepare-STAFF_NUMBER.txt, or\n"
	"         .html with --format html).  The code works until the appraisal\n"
	"         is signed.\n";

/* ---- the manager: the code and the sheet ---- */

static int request_cmd(struct cli *cli, const char *number, int html, const char *out)
{
	char code[FB_CODE_TEXT], **dirs;
	size_t nd = session_form_dirs(&cli->opts, &dirs);
	struct sbuf sheet = SBUF_INIT, path = SBUF_INIT;
	struct err err = ERR_INIT;
	struct appr *ap = NULL;
	struct store *st;
	long long id;
	int rc = EXIT_DATA;

	if (!(st = cli_open_store(cli)))
		goto out;
	if (prepare_request(st, (const char *const *)dirs, nd, number, code, &id, &err) < 0 ||
	    !(ap = appr_open(st, id, (const char *const *)dirs, nd, &err))) {
		cli_error("%s", err_msg(&err));
		goto out;
	}
	prepare_sheet(ap->form, ap->staff_name, code, html, &sheet);
	if (out)
		sbuf_adds(&path, out);
	else
		sbuf_addf(&path, "prepare-%s.%s", number, html ? "html" : "txt");
	printf("Preparation code for %s (%s): %s\n", ap->staff_name, number, code);
	if (file_write_atomic(path.buf, sheet.buf, sheet.len, 0600, &err) < 0) {
		cli_error("%s", err_msg(&err));
		goto out;
	}
	printf("Sheet written to %s\n"
	       "The code is printed now and on the sheet only; this laptop keeps its "
	       "hash.\nIt works with 'eadr prepare' until the appraisal is signed.\n",
	       path.buf);
	rc = EXIT_OK;
out:
	appr_free(ap);
	sbuf_release(&sheet);
	sbuf_release(&path);
	session_form_dirs_free(dirs, nd);
	store_close(st);
	err_release(&err);
	return rc;
}

/* ---- the staff member: the walk ---- */

/* The value typed on line for q, in *value (borrowed); 0, or 1 and msg. */
static int take(const struct prepare_step *s, const char *line, const char **value,
		struct sbuf *msg)
{
	const struct form_question *q = s->q;
	char *end;

	*value = line;
	if (q->choices && q->type != FORM_CHOICES) {
		long k = strtol(line, &end, 10);
		if (*end || end == line || k < 1 || (size_t)k > q->choices->n) {
			sbuf_addf(msg, "Please type a number from 1 to %zu (or q to stop).",
				  q->choices->n);
			return 1;
		}
		*value = q->choices->items[k - 1].value;
	}
	/* Not required here: the person may leave anything for the meeting. */
	if (q->type == FORM_TEXT || q->type == FORM_LINE)
		return 0;
	return form_answer_check(q, s->path, *value, NULL, msg);
}

/* Ask one question; 1 answered or kept, 0 the person stopped, -1 error. */
static int ask(struct store *st, struct prepare_session *ps, const struct prepare_step *s,
	       char **buf, size_t *cap, struct err *err)
{
	const struct form_question *q = s->q;
	const char *now = prepare_get(ps, s->path), *value;

	for (;;) {
		struct sbuf msg = SBUF_INIT;
		char *line;
		int bad;

		printf("\n%s\n", prepare_question_label(q));
		if (q->hint && !q->prepare_label)	/* else the manager's */
			printf("  %s\n", q->hint);
		for (size_t k = 0; q->choices && q->type != FORM_CHOICES && k < q->choices->n; k++)
			printf("  %zu  %s\n", k + 1, q->choices->items[k].label);
		if (now && *now)
			printf("(now: %s; Enter keeps it)\n", now);
		printf("%s> ", q->choices && q->type != FORM_CHOICES ? "number" : "answer");
		fflush(stdout);
		if (!(line = cli_read_line(buf, cap)) || !strcmp(line, "q"))
			return 0;
		if (!*line)
			return 1;
		bad = take(s, line, &value, &msg);
		if (!bad) {
			if (prepare_set(ps, s->path, value, err) < 0 ||
			    prepare_save(st, ps, err) < 0)
				return -1;
			sbuf_release(&msg);
			return 1;
		}
		printf("%s\n", msg.buf);
		sbuf_release(&msg);
	}
}

/* The walk of the prepared questions: 1 to the end, 0 stopped, -1 error. */
static int walk(struct store *st, struct prepare_session *ps, char **buf, size_t *cap,
		struct err *err)
{
	struct prepare_step *steps;
	size_t n = prepare_steps(ps->form, &steps);
	const char *heading = NULL;
	int rc = 1;

	for (size_t i = 0; i < n && rc == 1; i++) {
		if (!heading || strcmp(heading, steps[i].heading))
			printf("\n== %s ==\n", steps[i].heading);
		heading = steps[i].heading;
		rc = ask(st, ps, &steps[i], buf, cap, err);
	}
	prepare_steps_free(steps, n);
	return rc;
}

static int give_cmd(struct cli *cli)
{
	struct prepare_session ps = { 0 };
	struct err err = ERR_INIT;
	struct store *st;
	char *buf = NULL, *line, **dirs;
	size_t cap = 0, nd = session_form_dirs(&cli->opts, &dirs), merged = 0;
	int rc = EXIT_DATA, resumed, done;

	if (!(st = cli_open_store(cli)))
		goto out;
	printf("Preparing for your appraisal\n"
	       "Your manager gave you a code on your preparation sheet.  Only the\n"
	       "questions for preparation are asked; the wellbeing conversation is\n"
	       "not part of it.\n"
	       "Each answer is saved as you give it; type q to stop and come back\n"
	       "later with the same code.\n");
	for (;;) {
		printf("\nYour code (from the preparation sheet): ");
		fflush(stdout);
		if (!(line = cli_read_line(&buf, &cap)))
			goto out;
		if (prepare_begin_anywhere(st, (const char *const *)dirs, nd, line, &ps,
					   &resumed, &err) == 0)
			break;
		/* A typo or an unknown code: try again; anything else ends. */
		if (!strstr(err_msg(&err), "code") || strstr(err_msg(&err), "expired")) {
			cli_error("%s", err_msg(&err));
			goto out;
		}
		printf("%s\n", err_msg(&err));
		err_release(&err);
	}
	if (resumed)
		printf("Your saved answers are back.\n");
	if ((done = walk(st, &ps, &buf, &cap, &err)) < 0 ||
	    (!ps.away && prepare_collect(st, &ps, (const char *const *)dirs, nd, &merged,
					 &err) < 0)) {
		cli_error("%s", err_msg(&err));
		goto out;
	}
	printf("\n%s\n%s\n", done ? "Thank you: that was the last question."
	       : "Stopped: come back with the same code to carry on.",
	       ps.away ? "Saved, encrypted under your code.  This laptop does not hold\n"
			 "your appraisal: at its next sync your answers go through the\n"
			 "hub to your manager's laptop.  Hand back to your manager." :
	       merged ? "Saved in your appraisal, marked as your own words.\n"
		      "Hand back to your manager." :
		      "Saved, encrypted, for your manager to read at the meeting.\n"
		      "Hand back to your manager.");
	rc = EXIT_OK;
out:
	prepare_session_release(&ps);
	free(buf);
	session_form_dirs_free(dirs, nd);
	store_close(st);
	err_release(&err);
	return rc;
}

int cmd_prepare(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_LONGOPTS,
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out = NULL;
	int c, html = 0;

	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		if (cli_global_opt(cli, c, optarg))
			continue;
		if (c == 'h') {
			fputs(usage_text, stdout);
			return EXIT_OK;
		} else if (c == 'f' && (!strcmp(optarg, "text") || !strcmp(optarg, "html"))) {
			html = optarg[0] == 'h';
		} else if (c == 'f') {
			return cli_usage_error("prepare", "'%s' is not a sheet format (text, "
					       "html)", optarg);
		} else if (c == 'o') {
			out = optarg;
		} else {
			return cli_usage_error("prepare", "unknown option");
		}
	}
	if (optind >= argc)
		return give_cmd(cli);
	if (strcmp(argv[optind], "request"))
		return cli_usage_error("prepare", "'%s' is not a prepare subcommand "
				       "(request; none to prepare with a code)", argv[optind]);
	if (optind + 2 != argc)
		return cli_usage_error("prepare", "prepare request needs one STAFF_NUMBER");
	return request_cmd(cli, argv[optind + 1], html, out);
}
