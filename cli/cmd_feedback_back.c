/*
 * cmd_feedback_back.c - 360-degree feedback's way back on the command line:
 * the hub's "eadr hub feedback-status REQUEST" and "eadr hub feedback-send
 * REQUEST DIR", and the laptop's "eadr feedback report STAFF_NUMBER".  See
 * schema/feedback.md, "The way back".  Also the hub's "eadr hub
 * feedback-waiting [--purge-older-than DAYS]" (responses whose request
 * never came).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "lib/feedback_back.h"
#include "lib/hub_feedback_send.h"
#include "lib/hub_waiting.h"
#include "lib/keyring.h"

static void counts(const struct feedback_back *b)
{
	for (int g = 0; g < FB_NGROUPS; g++)
		if (b->invited[g])
			printf("  %-15s invited %2d, responded %d\n",
			       feedback_group_name((enum fb_group)g), b->invited[g],
			       b->responded[g]);
}

int cmd_feedback_hub_status(struct cli *cli, char *const *args, int nargs)
{
	struct feedback_back b;
	struct err err = ERR_INIT;
	struct hubstore *hs;
	int rc;

	if (nargs != 1)
		return cli_usage_error("hub", "hub feedback-status needs one REQUEST id");
	if (!(hs = cli_open_hub(cli, 0)))
		return EXIT_DATA;
	rc = hub_feedback_status(hs, args[0], &b, &err);
	if (rc <= 0) {
		cli_error("%s", rc < 0 ? err_msg(&err) : "the hub has no such feedback request");
	} else {
		printf("Request %s for %s: %s%s\n", b.request_id, b.staff_number,
		       b.released_on[0] ? "report released on " : "report not released yet",
		       b.released_on);
		counts(&b);
		printf("Counts per group only: which code said what is never shown.\n");
		feedback_back_release(&b);
	}
	hubstore_close(hs);
	err_release(&err);
	return rc > 0 ? EXIT_OK : EXIT_DATA;
}

int cmd_feedback_hub_send(struct cli *cli, char *const *args, int nargs)
{
	struct feedback_back b;
	struct err err = ERR_INIT;
	struct hubstore *hs;
	char *path = NULL;
	int rc = EXIT_DATA;

	if (nargs != 2)
		return cli_usage_error("hub", "hub feedback-send needs a REQUEST id and a DIR");
	if (!(hs = cli_open_hub(cli, 1)))
		return EXIT_DATA;
	if (hub_feedback_send(hs, args[0], args[1], &path, &b, &err) < 0) {
		cli_error("%s", err_msg(&err));
	} else {
		printf("%s: request %s, %s, sealed to the laptop that asked\n", path,
		       b.request_id, b.report ? "progress and the released report" :
		       "progress (the report is not released yet)");
		feedback_back_release(&b);
		rc = EXIT_OK;
	}
	free(path);
	hubstore_close(hs);
	err_release(&err);
	return rc;
}

int cmd_feedback_report(struct cli *cli, const char *staff_number)
{
	struct sbuf out = SBUF_INIT;
	struct err err = ERR_INIT;
	struct store *st;
	char *request = NULL, *released = NULL;
	int rc;

	if (!(st = cli_open_store_unchecked(cli)))
		return EXIT_DATA;
	rc = feedback_back_report(st, staff_number, &out, &request, &released, &err);
	if (rc < 0)
		cli_error("%s", err_msg(&err));
	else if (rc == 0)
		cli_error("no 360-degree feedback report of %s has come back from the hub "
			  "yet ('eadr sync pull DIR' takes it; 'eadr feedback status %s' "
			  "shows the progress)", staff_number, staff_number);
	else
		printf("%s\nThis report is input to the conversation, not a score: "
		       "nothing in it is copied into the appraisal's ratings.\n", out.buf);
	if (out.buf)
		keyring_wipe(out.buf, out.len);
	free(request);
	free(released);
	sbuf_release(&out);
	store_close(st);
	err_release(&err);
	return rc > 0 ? EXIT_OK : EXIT_DATA;
}

/* ---- responses waiting for a request the hub has not seen ---- */

struct waiting_list {
	size_t codes;
	long long responses;
};

static int waiting_row(const struct hub_fb_waiting *w, void *arg)
{
	struct waiting_list *l = arg;

	if (!l->codes++)
		printf("  code hash  responses  waiting since   days\n");
	printf("  %-9s  %9lld  %-13s  %5ld\n", w->code, w->n, w->since, w->days);
	l->responses += w->n;
	return 0;
}

int cmd_feedback_hub_waiting(struct cli *cli, char *const *args, int nargs,
			     const char *purge_days)
{
	struct waiting_list l = { 0 };
	struct err err = ERR_INIT;
	struct hubstore *hs;
	long days = 0;
	int rc = EXIT_DATA;

	if (nargs != 0)
		return cli_usage_error("hub", "hub feedback-waiting takes no arguments "
				       "(--purge-older-than DAYS purges)");
	if (purge_days) {
		char *end;
		errno = 0;
		days = strtol(purge_days, &end, 10);
		if (errno || end == purge_days || *end || days < 1 || days > 36500)
			return cli_usage_error("hub", "--purge-older-than needs a whole number "
					       "of days from 1 to 36500, not '%s'", purge_days);
	}
	if (!(hs = cli_open_hub(cli, purge_days != NULL)))
		return EXIT_DATA;
	if (purge_days) {
		size_t codes;
		long long gone;
		if (hub_feedback_waiting_purge(hs, days, &codes, &gone, &err) < 0) {
			cli_error("%s; nothing was purged", err_msg(&err));
			goto out;
		}
		printf("Purged %lld response%s of %zu code%s that waited more than %ld "
		       "day%s for a request, unread (audited: feedback-waiting-purged).\n",
		       gone, gone == 1 ? "" : "s", codes, codes == 1 ? "" : "s", days,
		       days == 1 ? "" : "s");
	}
	if (hub_feedback_waiting(hs, waiting_row, &l, &err) < 0) {
		cli_error("%s", err_msg(&err));
		goto out;
	}
	if (!l.codes)
		printf("No 360-degree feedback responses are waiting for a request.\n");
	else
		printf("%lld response%s of %zu code%s wait%s, sealed and unread, for a request\n"
		       "the hub has not seen: it may still come, or the code was forged.\n"
		       "'eadr hub feedback-waiting --purge-older-than DAYS' deletes those that\n"
		       "waited longer.\n", l.responses,
		       l.responses == 1 ? "" : "s", l.codes, l.codes == 1 ? "" : "s",
		       l.responses == 1 ? "s" : "");
	rc = EXIT_OK;
out:
	hubstore_close(hs);
	err_release(&err);
	return rc;
}
