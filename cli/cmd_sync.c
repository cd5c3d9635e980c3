/*
 * cmd_sync.c - "eadr sync push|pull|status|trust" on a station laptop:
 * sync by bundle files on a USB stick or a shared folder (lib/sync.h).
 * The hub's side is cli/cmd_hub.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lib/store_sync.h"
#include "lib/sync.h"
#include "lib/voice.h"
#include "textw.h"

static const char sync_usage[] =
	"Usage: eadr sync push DIR\n"
	"       eadr sync pull DIR\n"
	"       eadr sync status\n"
	"       eadr sync trust HUBKEY_FILE\n"
	"\n"
	"Hand finished appraisals to the trust's hub by files, e.g. on a USB stick.\n"
	"\n"
	"push    write one bundle into DIR holding every final appraisal the hub\n"
	"        has not acknowledged: its staff member, form, PDP goals, sign-offs\n"
	"        and answers, never private answers.  Signed by this laptop;\n"
	"        encrypted to the hub when a hub key is trusted.\n"
	"pull    read the hub's acknowledgements (*.ack) in DIR and mark exactly\n"
	"        the appraisals they acknowledge as synced; only acknowledgements\n"
	"        signed by the trusted hub key count\n"
	"status  what is waiting to go, what was sent but not acknowledged, and\n"
	"        this laptop's fingerprint, which the hub's keeper checks by\n"
	"        telephone before approving it ('eadr hub allow')\n"
	"trust   trust the hub public key file made by 'eadr hub init' after\n"
	"        checking its fingerprint with the hub's keeper: bundles are then\n"
	"        encrypted to it and acknowledgements must be signed by it\n";

static int parse_opts(struct cli *cli, int argc, char **argv, const char *cmd,
		      const char *usage, const char **out_file, int *rc)
{
	static const struct option opts[] = {
		CLI_LONGOPTS,
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, out_file ? "ho:" : "h", opts, NULL)) != -1) {
		if (cli_global_opt(cli, c, optarg))
			continue;
		if (c == 'h') {
			fputs(usage, stdout);
			*rc = EXIT_OK;
			return -1;
		}
		if (c == 'o' && out_file) {
			*out_file = optarg;
			continue;
		}
		*rc = cli_usage_error(cmd, "unknown option");
		return -1;
	}
	return 0;
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* ---- laptop ---- */

static int push(struct cli *cli, const char *dir)
{
	struct sync_push_result r;
	struct err err = ERR_INIT;
	struct store *st = cli_open_store(cli);
	char fp[25];
	int rc = EXIT_DATA, trusted;

	if (!st)
		return EXIT_DATA;
	if (sync_push(st, dir, &r, &err) < 0) {
		cli_error("%s; nothing was sent", err_msg(&err));
		goto out;
	}
	rc = EXIT_OK;
	if (r.voices_waiting)
		printf("%u %s of how it went %s here until %d can travel together, so "
		       "that the hub cannot tell whose they are\n", r.voices_waiting,
		       plural(r.voices_waiting, "answer", "answers"),
		       plural(r.voices_waiting, "waits", "wait"), VOICE_BATCH);
	if (!r.path) {
		printf("nothing to send: the hub has acknowledged every final appraisal\n");
		goto out;
	}
	if (r.files > 1)
		printf("%u bundles, the first ", r.files);
	printf("%s: %u %s (%u %s, %u PDP %s, %u %s), %u staff, %u %s: %u records\n",
	       r.path, r.appraisals, plural(r.appraisals, "appraisal", "appraisals"),
	       r.answers, plural(r.answers, "answer", "answers"),
	       r.goals, plural(r.goals, "goal", "goals"),
	       r.signoffs, plural(r.signoffs, "sign-off", "sign-offs"),
	       r.staff, r.forms, plural(r.forms, "form", "forms"),
	       r.appraisals + r.answers + r.goals + r.signoffs + r.staff + r.forms);
	if (r.fb_requests + r.fb_responses)
		printf("and 360 feedback the hub has not acknowledged: %u %s, %u sealed "
		       "%s\n", r.fb_requests, plural(r.fb_requests, "request", "requests"),
		       r.fb_responses, plural(r.fb_responses, "response", "responses"));
	if (r.voices)
		printf("and %u sealed %s of how it went\n", r.voices,
		       plural(r.voices, "answer", "answers"));
	if (r.prep_codes + r.prep_answers)
		printf("and preparations: %u %s, %u typed here for another laptop "
		       "(encrypted under their codes)\n", r.prep_codes,
		       plural(r.prep_codes, "code", "codes"), r.prep_answers);
	trusted = sync_trusted(st, fp, NULL);
	if (r.encrypted && trusted == 1)
		printf("signed by this laptop, encrypted to the hub key %s\n", fp);
	else
		fprintf(stderr, "eadr: note: signed but NOT encrypted: this laptop trusts "
			"no hub key yet, so the bundle is readable on the stick and no "
			"acknowledgement can be accepted ('eadr sync trust HUBKEY_FILE')\n");
out:
	sync_push_result_release(&r);
	store_close(st);
	err_release(&err);
	return rc;
}

static int pull(struct cli *cli, const char *dir)
{
	struct sync_pull_result r;
	struct err err = ERR_INIT;
	struct store *st = cli_open_store(cli);
	int rc = EXIT_DATA;

	if (!st)
		return EXIT_DATA;
	if (sync_pull(st, dir, &r, &err) < 0) {
		cli_error("%s", err_msg(&err));
		goto out;
	}
	if (r.problems.len) {
		char *line = r.problems.buf, *nl;

		for (; (nl = strchr(line, '\n')); line = nl + 1) {
			*nl = '\0';
			cli_error("%s", line);
		}
	}
	printf("%s: %u %s for this laptop: %zu %s marked synced",
	       dir, r.applied, plural(r.applied, "acknowledgement", "acknowledgements"),
	       r.marked, plural(r.marked, "appraisal", "appraisals"));
	if (r.other)
		printf("; %u for other laptops left alone", r.other);
	if (r.refused)
		printf("; %u refused", r.refused);
	printf("\n");
	if (r.fb.taken + r.fb.same + r.fb.refused)
		printf("%s: 360 feedback from the hub: %u taken (%u with the report), "
		       "%u already here, %u refused\n", dir, r.fb.taken, r.fb.reports,
		       r.fb.same, r.fb.refused);
	if (r.prep_taken + r.prep_refused)
		printf("%s: preparations from the hub: %u taken (merged at the holder's "
		       "next sign-in), %u not taken\n", dir, r.prep_taken, r.prep_refused);
	rc = r.refused || r.fb.refused || r.prep_refused ? EXIT_DATA : EXIT_OK;
out:
	sync_pull_result_release(&r);
	store_close(st);
	err_release(&err);
	return rc;
}

struct status_ctx {
	int waiting, sent, header;
	struct sbuf out;
};

static int status_row(const struct sync_status_row *r, void *arg)
{
	struct status_ctx *c = arg;
	int sent = r->sent_file != NULL;

	if (c->header != 1 + sent) {
		sbuf_adds(&c->out, sent ? "Sent, not yet acknowledged by the hub:\n" :
			  "Waiting to go (next 'eadr sync push'):\n");
		c->header = 1 + sent;
	}
	sbuf_adds(&c->out, "  ");
	textw_pad(&c->out, r->staff_number, 8);
	sbuf_addch(&c->out, ' ');
	textw_pad(&c->out, r->name, 22);
	sbuf_addf(&c->out, " revision %lld", r->revision);
	if (sent)
		sbuf_addf(&c->out, "  %s (%s)", r->sent_file, r->sent_at);
	sbuf_addch(&c->out, '\n');
	if (sent)
		c->sent++;
	else
		c->waiting++;
	return 0;
}

static int status(struct cli *cli)
{
	struct status_ctx c = { 0, 0, 0, SBUF_INIT };
	struct err err = ERR_INIT;
	struct store *st = cli_open_store_unchecked(cli);
	char fp[25], me[25];
	int rc = EXIT_DATA, t;

	if (!st)
		return EXIT_DATA;
	if (sync_identity(st, me, &err) < 0 ||
	    store_sync_status_each(st, status_row, &c, &err) < 0 ||
	    (t = sync_trusted(st, fp, &err)) < 0) {
		cli_error("%s", err_msg(&err));
		goto out;
	}
	fwrite(c.out.buf, 1, c.out.len, stdout);
	printf("%d waiting to go, %d sent and not yet acknowledged\n", c.waiting, c.sent);
	printf("this laptop's fingerprint: %s (device %s)\n", me, store_device_id(st));
	printf("  read it to the hub's keeper: the hub merges this laptop's bundles "
	       "once they run 'eadr hub allow' with it\n");
	if (t)
		printf("hub key trusted: %s (bundles are encrypted to it, "
		       "acknowledgements must be signed by it)\n", fp);
	else
		printf("no hub key trusted: bundles are signed but not encrypted, and no "
		       "acknowledgement is accepted ('eadr sync trust HUBKEY_FILE')\n");
	rc = EXIT_OK;
out:
	sbuf_release(&c.out);
	store_close(st);
	err_release(&err);
	return rc;
}

static int trust(struct cli *cli, const char *file)
{
	struct err err = ERR_INIT;
	struct store *st = cli_open_store(cli);
	char fp[25];
	int replaced, rc = EXIT_DATA;

	if (!st)
		return EXIT_DATA;
	if (sync_trust(st, file, fp, &replaced, &err) < 0) {
		cli_error("%s; no key trusted", err_msg(&err));
		goto out;
	}
	printf("trusting the hub key %s%s\n", fp,
	       replaced ? " (it replaces the hub key trusted before)" : "");
	printf("check this fingerprint with the hub's keeper; bundles are now encrypted to it\n");
	rc = EXIT_OK;
out:
	store_close(st);
	err_release(&err);
	return rc;
}

int cmd_sync(struct cli *cli, int argc, char **argv)
{
	const char *sub;
	int rc = EXIT_OK;

	if (parse_opts(cli, argc, argv, "sync", sync_usage, NULL, &rc) < 0)
		return rc;
	if (optind >= argc)
		return cli_usage_error("sync", "sync needs a subcommand: push, pull, status or trust");
	sub = argv[optind++];
	if (!strcmp(sub, "push") || !strcmp(sub, "pull") || !strcmp(sub, "trust")) {
		if (argc - optind != 1)
			return cli_usage_error("sync", "sync %s takes one %s", sub,
					       strcmp(sub, "trust") ? "DIR" : "HUBKEY_FILE");
		if (!strcmp(sub, "push"))
			return push(cli, argv[optind]);
		if (!strcmp(sub, "pull"))
			return pull(cli, argv[optind]);
		return trust(cli, argv[optind]);
	}
	if (!strcmp(sub, "status")) {
		if (optind < argc)
			return cli_usage_error("sync", "sync status takes no arguments");
		return status(cli);
	}
	return cli_usage_error("sync", "'%s' is not a sync subcommand (push, pull, status, trust)",
			       sub);
}
