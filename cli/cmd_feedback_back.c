/*
 * cmd_feedback_back.c - 360-degree feedback's way back on the command line:
 * the hub's "eadr hub feedback-status REQUEST" and "eadr hub feedback-send
 * REQUEST DIR", and the laptop's "eadr feedback report STAFF_NUMBER".  See
 * schema/feedback.md, "The way back".
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "lib/feedback_back.h"
#include "lib/hub_feedback_send.h"
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
