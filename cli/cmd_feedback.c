/*
 * cmd_feedback.c - "eadr feedback" (a rater gives 360-degree feedback with a
 * one-time code, in plain lines), "eadr feedback request" (codes and
 * invitation slips), "eadr feedback status", and the hub's
 * "eadr hub feedback-report".  See schema/feedback.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lib/feedback.h"
#include "lib/fileio.h"
#include "lib/form.h"
#include "lib/hub_feedback.h"
#include "lib/store_feedback.h"
#include "lib/store_feedback_back.h"

static const char usage_text[] =
	"Usage: eadr feedback\n"
	"       eadr feedback request STAFF_NUMBER --close DATE [--self N] [--manager N]\n"
	"                    [--peers N] [--reports N] [--others N] [-o DIR]\n"
	"       eadr feedback status STAFF_NUMBER\n"
	"       eadr feedback report STAFF_NUMBER\n"
	"\n"
	"(none)   give feedback with the code on your invitation slip: one question\n"
	"         at a time, in plain lines; stop with 'q' and come back with the\n"
	"         same code; answers are sealed for the hub when you submit\n"
	"request  make one-time codes (self and line manager 0 or 1, default 1;\n"
	"         peers, direct reports, others: 5 or more each is recommended),\n"
	"         print them, and write the invitation slips to DIR (default .) as\n"
	"         feedback-STAFF-ID.txt and a printable feedback-STAFF-ID.html\n"
	"status   invitations per group, how many were answered on this laptop, and\n"
	"         how many the hub counts (from its last file taken by 'sync pull')\n"
	"report   the released report, as the hub sent it back (only the manager\n"
	"         who holds the appraisal, signed in, can read it)\n";

static int parse(struct cli *cli, int argc, char **argv, int n[FB_NGROUPS],
		 const char **close_on, const char **dir, int *release, int *rc)
{
	static const struct option opts[] = {
		CLI_LONGOPTS,
		{ "self", required_argument, NULL, 's' },
		{ "manager", required_argument, NULL, 'm' },
		{ "peers", required_argument, NULL, 'p' },
		{ "reports", required_argument, NULL, 'r' },
		{ "others", required_argument, NULL, 'x' },
		{ "close", required_argument, NULL, 'c' },
		{ "output", required_argument, NULL, 'o' },
		{ "release", no_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 },
	};
	static const char letters[] = "smprx";
	int c;

	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		const char *l = c > 0 && c < 128 ? strchr(letters, c) : NULL;
		char *end;
		if (cli_global_opt(cli, c, optarg))
			continue;
		if (c == 'h') {
			fputs(usage_text, stdout);
			*rc = EXIT_OK;
			return -1;
		}
		if (l) {
			long v = strtol(optarg, &end, 10);
			if (*end || end == optarg || v < 0 || v > FB_MAX_CODES) {
				*rc = cli_usage_error("feedback", "'%s' is not a number of "
						      "invitations (0 to %d)", optarg, FB_MAX_CODES);
				return -1;
			}
			n[l - letters] = (int)v;
		} else if (c == 'c') {
			*close_on = optarg;
		} else if (c == 'o') {
			*dir = optarg;
		} else if (c == 'R') {
			*release = 1;
		} else {
			*rc = cli_usage_error("feedback", "unknown option");
			return -1;
		}
	}
	return 0;
}

static int request_cmd(struct cli *cli, const char *number, const int n[FB_NGROUPS],
		       const char *close_on, const char *dir)
{
	struct feedback_request r;
	struct staff who = { 0 };
	struct err err = ERR_INIT;
	struct sbuf paths[2] = { SBUF_INIT, SBUF_INIT };
	struct store *st;
	const char *warn;
	int rc = EXIT_DATA;

	if (!(st = cli_open_store(cli)))
		return EXIT_DATA;
	if (feedback_request_new(st, number, n, close_on, &r, &warn, &err) < 0) {
		cli_error("%s", err_msg(&err));
		goto out;
	}
	if (store_staff_get(st, number, &who, &err) < 0) {
		cli_error("%s", err_msg(&err));
		goto done;
	}
	printf("Feedback request %s for %s (%s), closing %s\n", r.id, who.name, number,
	       r.close_on);
	for (size_t i = 0; i < r.ncodes; i++)
		printf("  %-15s %s\n", feedback_group_name(r.code_group[i]), r.codes[i]);
	if (warn)
		printf("Note: %s; 5 or more per group are recommended.\n", warn);
	printf("The codes are printed now and on the slips only; this laptop keeps "
	       "their hashes.\n");
	rc = feedback_slips_write(&r, who.name, dir, paths, &err);
	for (int i = 0; i < 2; i++)
		if (paths[i].len)
			printf("Slips written to %s\n", paths[i].buf);
	if (rc < 0) {
		cli_error("%s", err_msg(&err));
		rc = EXIT_DATA;
		goto done;
	}
	rc = EXIT_OK;
done:
	sbuf_release(&paths[0]);
	sbuf_release(&paths[1]);
	staff_release(&who);
	feedback_request_release(&r);
out:
	store_close(st);
	err_release(&err);
	return rc;
}

static int status_row(const struct feedback_request *r, const int used[FB_NGROUPS],
		      void *arg)
{
	int hub[FB_NGROUPS] = { 0 }, back;
	char made[STAMP_LEN + 1] = "", released[DATE_LEN + 1] = "";
	struct err err = ERR_INIT;

	back = store_fbback_counts(arg, r->id, hub, made, released, &err);
	err_release(&err);
	printf("Request %s, made %s, closing %s\n", r->id, r->created_on, r->close_on);
	for (int g = 0; g < FB_NGROUPS; g++) {
		if (!r->n[g])
			continue;
		printf("  %-15s invited %2d, answered on this laptop %d",
		       feedback_group_name((enum fb_group)g), r->n[g], used[g]);
		if (back > 0)
			printf(", at the hub %d", hub[g]);
		printf("\n");
	}
	if (back > 0)
		printf("  The hub's counts as of %.10s%s%s.\n", made,
		       released[0] ? "; report released on " : "", released);
	return 0;
}

static int status_cmd(struct cli *cli, const char *number)
{
	struct err err = ERR_INIT;
	struct store *st = cli_open_store_unchecked(cli);
	int rc;

	if (!st)
		return EXIT_DATA;
	rc = store_feedback_requests_each(st, number, status_row, st, &err);
	if (rc < 0)
		cli_error("%s", err_msg(&err));
	else
		printf("Answers given on other laptops are counted at the hub ('eadr sync "
		       "pull' brings its counts back).\n");
	store_close(st);
	err_release(&err);
	return rc < 0 ? EXIT_DATA : EXIT_OK;
}

static struct form *load_form(struct cli *cli, struct err *err)
{
	char **dirs;
	size_t nd = session_form_dirs(&cli->opts, &dirs);
	struct form *f = NULL;
	int rc = form_find_newest((const char *const *)dirs, nd, "feedback360", &f, err);

	session_form_dirs_free(dirs, nd);
	if (rc == 0)
		err_set(err, "the 360-degree feedback form (feedback360) is not installed");
	return rc > 0 ? f : NULL;
}

/* Ask one question; 1 answered or kept, 0 the rater stopped ('q' or the
 * end of input). */
static int ask(const struct form_question *q, const char *path,
	       struct feedback_draft *d, char **buf, size_t *cap)
{
	const char *now = feedback_draft_get(d, path);

	for (;;) {
		printf("\n%s\n", q->label);
		if (q->type == FORM_SCALE)
			for (size_t k = 0; k < q->choices->n; k++)
				printf("  %zu  %s\n", k + 1, q->choices->items[k].label);
		if (now)
			printf("(now: %s; Enter keeps it)\n", now);
		printf("%s> ", q->type == FORM_SCALE ? "number" : "answer");
		fflush(stdout);
		char *line = cli_read_line(buf, cap);
		if (!line || strcmp(line, "q") == 0)
			return 0;
		if (!*line)
			return 1;
		if (q->type != FORM_SCALE) {
			feedback_draft_set(d, path, line);
			return 1;
		}
		char *end;
		long k = strtol(line, &end, 10);
		if (!*end && k >= 1 && (size_t)k <= q->choices->n) {
			feedback_draft_set(d, path, q->choices->items[k - 1].value);
			return 1;
		}
		printf("Please type a number from 1 to %zu (or q to stop).\n", q->choices->n);
	}
}

static int give_cmd(struct cli *cli)
{
	struct feedback_draft d = { 0 };
	struct err err = ERR_INIT;
	struct form *f = NULL;
	struct store *st = NULL;
	char *buf = NULL, *line;
	size_t cap = 0;
	int rc = EXIT_DATA, resumed, done = 1;

	if (!(f = load_form(cli, &err)) || !(st = cli_open_store(cli))) {
		if (err.msg)
			cli_error("%s", err_msg(&err));
		goto out;
	}
	printf("%s\n%s", f->title, f->intro ? f->intro : "");
	for (;;) {
		printf("\nYour code (from the invitation slip): ");
		fflush(stdout);
		if (!(line = cli_read_line(&buf, &cap)))
			goto out;
		if (feedback_begin(st, line, &d, &resumed, &err) == 0)
			break;
		printf("%s\n", err_msg(&err));
		if (strstr(err_msg(&err), "trusts no hub"))
			goto out;
	}
	printf("You are giving feedback as: %s.%s\n", feedback_group_name(d.group),
	       resumed ? " Your saved answers are back." : "");
	for (size_t s = 0; s < f->nsections && done; s++) {
		const struct form_section *sec = &f->sections[s];
		printf("\n== %s ==\n", sec->title);
		for (size_t k = 0; k < sec->nquestions && done; k++) {
			struct sbuf path = SBUF_INIT;
			sbuf_addf(&path, "%s.%s", sec->id, sec->questions[k].id);
			done = ask(&sec->questions[k], path.buf, &d, &buf, &cap);
			sbuf_release(&path);
			if (feedback_save(st, &d, &err) < 0) {
				cli_error("%s", err_msg(&err));
				goto out;
			}
		}
	}
	if (done) {
		printf("\nSubmit your feedback now? It cannot be read or changed on this "
		       "laptop afterwards. [y/N] ");
		fflush(stdout);
		line = cli_read_line(&buf, &cap);
		done = line && (line[0] == 'y' || line[0] == 'Y');
	}
	if (!done) {
		printf("\nSaved, encrypted under your code. Come back with the same code "
		       "to carry on.\n");
		rc = EXIT_OK;
		goto out;
	}
	if (feedback_submit(st, &d, &err) < 0) {
		cli_error("%s", err_msg(&err));
		goto out;
	}
	printf("Thank you. Your feedback is sealed for the trust's hub; nobody on this "
	       "laptop can read it.\n");
	rc = EXIT_OK;
out:
	feedback_draft_release(&d);
	free(buf);
	form_free(f);
	store_close(st);
	err_release(&err);
	return rc;
}

int cmd_feedback(struct cli *cli, int argc, char **argv)
{
	int n[FB_NGROUPS] = { 1, 1, 0, 0, 0 }, rc = EXIT_OK, release = 0;
	const char *close_on = NULL, *dir = ".";

	if (parse(cli, argc, argv, n, &close_on, &dir, &release, &rc) < 0)
		return rc;
	if (optind >= argc)
		return give_cmd(cli);
	const char *sub = argv[optind++];
	if (!strcmp(sub, "request") || !strcmp(sub, "status") || !strcmp(sub, "report")) {
		if (optind != argc - 1)
			return cli_usage_error("feedback", "feedback %s needs one STAFF_NUMBER",
					       sub);
		if (!strcmp(sub, "report"))
			return cmd_feedback_report(cli, argv[optind]);
		if (sub[0] == 's')
			return status_cmd(cli, argv[optind]);
		if (!close_on)
			return cli_usage_error("feedback", "feedback request needs --close DATE");
		return request_cmd(cli, argv[optind], n, close_on, dir);
	}
	return cli_usage_error("feedback", "'%s' is not a feedback subcommand (request, "
			       "status, report; none to give feedback)", sub);
}

/* ---- the hub ---- */

int cmd_feedback_hub_report(struct cli *cli, char *const *args, int nargs,
			    int release)
{
	struct feedback_request r = { 0 };
	struct hub_feedback_plan p;
	struct sbuf out = SBUF_INIT;
	struct err err = ERR_INIT;
	struct form *f = NULL;
	struct hubstore *hs = NULL;
	char *name = NULL;
	int rc = EXIT_DATA, released;

	if (nargs != 1)
		return cli_usage_error("hub", "hub feedback-report needs one REQUEST id");
	if (!(f = load_form(cli, &err)) || !(hs = cli_open_hub(cli, 1))) {
		if (err.msg)
			cli_error("%s", err_msg(&err));
		goto out;
	}
	int found = hs->ops->fb_request_get(hs, args[0], &r, &released, &err);
	if (found > 0 && hs->ops->fb_staff_name(hs, r.staff_number, &name, &err) < 0)
		found = -1;
	if (found <= 0) {
		cli_error("%s", found < 0 ? err_msg(&err) : "the hub has no such feedback request");
		goto out;
	}
	if (hub_feedback_report(hs, args[0], f, name ? name : r.staff_number,
				release, &out, &p, &err) < 0) {
		cli_error("%s", err_msg(&err));
		goto out;
	}
	fputs(out.buf ? out.buf : "", stdout);
	if (release)
		printf("\nReleased: the report is kept and the raw responses are deleted.\n");
	rc = EXIT_OK;
out:
	free(name);
	feedback_request_release(&r);
	sbuf_release(&out);
	form_free(f);
	hubstore_close(hs);
	err_release(&err);
	return rc;
}
