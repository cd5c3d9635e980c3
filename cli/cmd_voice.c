/*
 * cmd_voice.c - "eadr voice" (the staff member says how their appraisal
 * went, in plain lines, sealed at once for the hub) and the hub's "eadr
 * report voice".  See schema/voice.md, "How it went".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lib/fileio.h"
#include "lib/hubstore.h"
#include "lib/report_voice.h"
#include "lib/voice.h"

static const char usage_text[] =
	"Usage: eadr voice [STAFF_NUMBER]\n"
	"\n"
	"After both of you have signed the appraisal, the staff member says how it\n"
	"went: three statements of the NHS staff survey on a five-point scale, whether\n"
	"the wellbeing conversation helped (if there was one), and one line of their\n"
	"own.  Every answer is optional: Enter skips it.  The answers are sealed for\n"
	"the trust's hub at once; nobody on this laptop can read them afterwards, the\n"
	"manager included.  Answering again replaces the earlier answers.\n"
	"The hub shows them with 'eadr report voice'.\n";

/* Ask statement i until it is answered or skipped; 0, or -1 at the end of
 * input or 'q'. */
static int ask(enum voice_item i, int unsure, int *v, char **buf, size_t *cap)
{
	struct err err = ERR_INIT;

	for (;;) {
		const char *line;
		printf("\n%s%s\n", unsure && i == VOICE_WELLBEING ?
		       "If you had a wellbeing conversation: " : "", voice_statement(i));
		for (int p = 1; p <= VOICE_POINTS; p++)
			printf("  %d  %s\n", p, voice_point(p));
		printf("1-5, or Enter to skip> ");
		fflush(stdout);
		if (!(line = cli_read_line(buf, cap)) || !strcmp(line, "q"))
			return -1;
		if (voice_point_read(line, v, &err) == 0)
			return 0;
		printf("%s\n", err_msg(&err));
		err_release(&err);
	}
}

static int give(struct cli *cli, const char *number)
{
	struct voice_answers a = { 0 };
	struct voice_target t = { 0 };
	struct err err = ERR_INIT;
	struct store *st;
	char *buf = NULL, *line = NULL;
	size_t cap = 0;
	int rc = EXIT_DATA;

	if (!(st = cli_open_store(cli)))
		return EXIT_DATA;
	if (!number) {
		printf("Your staff number: ");
		fflush(stdout);
		if (!(line = cli_read_line(&buf, &cap)))
			goto out;
		number = line;
	}
	if (voice_find(st, number, &t, &err) < 0) {
		cli_error("%s", err_msg(&err));
		goto out;
	}
	printf("%s\n%s\n\nThe appraisal of %s (%s).\n", voice_title, voice_notice, t.name,
	       t.staff_number);
	for (int i = 0; i < VOICE_NITEMS; i++) {
		if (i == VOICE_WELLBEING && t.wellbeing == 0)
			continue;
		if (ask((enum voice_item)i, t.wellbeing < 0, &a.v[i], &buf, &cap) < 0)
			goto stopped;
	}
	printf("\nAnything else about how it went? One line (Enter to skip)> ");
	fflush(stdout);
	if (!(line = cli_read_line(&buf, &cap)))
		goto stopped;
	if (*line)
		a.comment = xstrdup(line);
	printf("\nSeal your answers for the hub now? Nobody on this laptop can read "
	       "them afterwards. [y/N] ");
	fflush(stdout);
	if (!(line = cli_read_line(&buf, &cap)) || (line[0] != 'y' && line[0] != 'Y'))
		goto stopped;
	if (voice_submit(st, &t, &a, &err) < 0) {
		cli_error("%s", err_msg(&err));
		goto out;
	}
	printf("Thank you. Your answers are sealed for the trust's hub; nobody on this "
	       "laptop can read them.\n");
	rc = EXIT_OK;
	goto out;
stopped:
	printf("\nNothing was kept.\n");
	rc = EXIT_OK;
out:
	voice_answers_release(&a);
	voice_target_release(&t);
	if (buf)
		memset(buf, 0, cap);
	free(buf);
	store_close(st);
	err_release(&err);
	return rc;
}

int cmd_voice(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_global_opt(cli, c, optarg))
			continue;
		if (c == 'h') {
			fputs(usage_text, stdout);
			return EXIT_OK;
		}
		return cli_usage_error("voice", "unknown option");
	}
	if (argc - optind > 1)
		return cli_usage_error("voice", "unexpected argument '%s'", argv[optind + 1]);
	return give(cli, optind < argc ? argv[optind] : NULL);
}

/* ---- the hub ---- */

int cmd_report_voice(struct cli *cli, const char *format, const char *output)
{
	struct voice_report r;
	struct sbuf out = SBUF_INIT;
	struct err err = ERR_INIT;
	enum voice_format f;
	struct hubstore *hs;
	int rc = EXIT_DATA;

	if (!format || !strcmp(format, "text") || !strcmp(format, "table"))
		f = VOICE_TEXT;
	else if (!strcmp(format, "csv"))
		f = VOICE_CSV;
	else if (!strcmp(format, "json"))
		f = VOICE_JSON;
	else
		return cli_usage_error("report", "unknown format '%s' for the voice report "
				       "(text, csv or json)", format);
	if (!(hs = cli_open_hub(cli, 0)))
		return EXIT_DATA;
	if (report_voice(hs, &r, &err) < 0) {
		cli_error("%s", err_msg(&err));
		goto out;
	}
	report_voice_write(&r, f, &out);
	voice_report_release(&r);
	if (output) {
		if (file_write_atomic(output, out.buf, out.len, 0600, &err) < 0) {
			cli_error("%s", err_msg(&err));
			goto out;
		}
	} else if (fwrite(out.buf, 1, out.len, stdout) != out.len || fflush(stdout)) {
		cli_error("cannot write the report");
		goto out;
	}
	rc = EXIT_OK;
out:
	sbuf_release(&out);
	hubstore_close(hs);
	err_release(&err);
	return rc;
}
