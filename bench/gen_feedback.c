/*
 * gen_feedback.c - for bench/feedback.sh: on a laptop's database (which
 * trusts a hub), makes 360-degree feedback requests for one staff member
 * and gives N responses on their codes, through the library's own
 * feedback_request_new, feedback_begin and feedback_submit, so that the
 * next 'eadr sync push' carries them.  Prints each request's id.
 *
 *   gen_feedback LAPTOP.db STAFF_NUMBER N
 */
#include <stdio.h>
#include <stdlib.h>

#include "lib/feedback.h"

static const char *const scales[] = {
	"hlm.inspiring_shared_purpose", "hlm.leading_with_care",
	"hlm.evaluating_information", "hlm.connecting_our_service",
	"hlm.sharing_the_vision", "hlm.engaging_the_team", "hlm.holding_to_account",
	"hlm.developing_capability", "hlm.influencing_for_results", "values.care",
	"values.teamwork", "values.quality", "values.respect", "values.honesty",
};
static const char *const levels[] = { "essential", "proficient", "strong", "exemplary" };

static int give(struct store *st, const char *code, unsigned long i, struct err *err)
{
	struct feedback_draft d;
	char text[160];
	int resumed;

	if (feedback_begin(st, code, &d, &resumed, err) < 0)
		return -1;
	for (size_t k = 0; k < sizeof(scales) / sizeof(scales[0]); k++)
		feedback_draft_set(&d, scales[k], levels[(i + k) % 4]);
	snprintf(text, sizeof text, "Response %lu: keeps calm on a busy shift and "
		 "explains each decision to the crew.", i);
	feedback_draft_set(&d, "comments.keep_doing", text);
	feedback_draft_set(&d, "comments.do_more", text);
	feedback_draft_set(&d, "comments.do_differently", text);
	if (feedback_submit(st, &d, err) < 0) {
		feedback_draft_release(&d);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct err err = ERR_INIT;
	struct store *st;
	unsigned long n, given = 0;

	if (argc != 4) {
		fprintf(stderr, "usage: gen_feedback LAPTOP.db STAFF_NUMBER N\n");
		return 2;
	}
	n = strtoul(argv[3], NULL, 10);
	if (!(st = store_open(argv[1], NULL, &err)))
		goto fail;
	while (given < n) {
		/* 50 per anonymous group and one each alone: 152 codes a request */
		int per[FB_NGROUPS] = { 1, 1, FB_MAX_CODES, FB_MAX_CODES, FB_MAX_CODES };
		struct feedback_request r;
		const char *warn;

		if (feedback_request_new(st, argv[2], per, "2099-12-31", &r, &warn, &err) < 0)
			goto fail;
		printf("%s\n", r.id);
		for (size_t k = 0; k < r.ncodes && given < n; k++, given++)
			if (give(st, r.codes[k], given, &err) < 0) {
				feedback_request_release(&r);
				goto fail;
			}
		feedback_request_release(&r);
	}
	store_close(st);
	return 0;
fail:
	fprintf(stderr, "gen_feedback: %s\n", err_msg(&err));
	store_close(st);
	return 1;
}
