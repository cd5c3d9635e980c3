/*
 * cmd_hub.c - "eadr hub ..." on the learning and development team's
 * database: make it a hub, import the laptops' bundles, approve and revoke
 * devices, move appraisals between devices, list conflicts (lib/hub.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lib/hub.h"
#include "lib/hub_feedback_send.h"
#include "lib/hub_waiting.h"
#include "lib/prepare_away.h"
#include "lib/hubstore.h"
#include "lib/recovery.h"
#include "lib/sbuf.h"
#include "lib/util.h"

static const char hub_usage[] =
	"Usage: eadr hub init [-o PUBFILE]\n"
	"       eadr hub import DIR|FILE...\n"
	"       eadr hub devices\n"
	"       eadr hub allow FINGERPRINT\n"
	"       eadr hub revoke FINGERPRINT\n"
	"       eadr hub transfer FROM_FINGERPRINT TO_FINGERPRINT\n"
	"       eadr hub conflicts\n"
	"       eadr hub feedback-report REQUEST [--release]\n"
	"       eadr hub feedback-status REQUEST\n"
	"       eadr hub feedback-send REQUEST DIR\n"
	"       eadr hub feedback-waiting [--purge-older-than DAYS]\n"
	"       eadr hub migrate-to URL [--replace]\n"
	"       eadr hub recover REQUEST [-o RESET]\n"
	"\n"
	"The hub: the learning and development team's database of every station's\n"
	"final appraisals.  It merges bundles only from laptops it has approved.\n"
	"\n"
	"init       make this database a hub: its key pairs are kept in the database,\n"
	"           its signed public key file written to PUBFILE (default\n"
	"           eadr-hub-public.key) for laptops to trust with 'eadr sync trust'\n"
	"import     merge bundles (a folder: its *.bundle files), each whole or not\n"
	"           at all, and write an acknowledgement (NAME.ack) beside each.\n"
	"           A bundle from a laptop not approved is checked and kept waiting,\n"
	"           with no acknowledgement.  Importing a bundle again, or in any\n"
	"           order, changes nothing more.\n"
	"devices    every laptop that has sent a bundle: its fingerprint, device id,\n"
	"           first and last bundle, and whether it is approved or waiting\n"
	"allow      approve a laptop, after checking by telephone that its\n"
	"           'eadr sync status' shows this FINGERPRINT, and merge what it\n"
	"           sent that was waiting, in order (saying how many appraisals\n"
	"           and 360-degree feedback requests and responses it held)\n"
	"revoke     stop merging a laptop's bundles (they wait again); what was\n"
	"           merged stays\n"
	"transfer   give every appraisal of one laptop to another (a laptop\n"
	"           replaced or re-imaged) and merge what the other had sent of them\n"
	"feedback-report REQUEST [--release]\n"
	"           the 360-degree feedback report of a request, under the anonymity\n"
	"           thresholds; --release keeps it and deletes the raw responses\n"
	"feedback-status REQUEST\n"
	"           invited and responded per group (never which code said what)\n"
	"feedback-send REQUEST DIR\n"
	"           write the request's progress, and its report once released,\n"
	"           signed by the hub and sealed to the laptop that asked, into DIR\n"
	"           for that laptop's 'eadr sync pull DIR'\n"
	"feedback-waiting [--purge-older-than DAYS]\n"
	"           the 360 responses waiting for a request the hub has not seen\n"
	"           (a forged code's wait for ever): how many per code hash and\n"
	"           since when, never what they say; --purge-older-than deletes,\n"
	"           without asking, those that waited more than DAYS days, audited\n"
	"conflicts  list appraisals edited two different ways at one revision, or\n"
	"           sent by a laptop that does not own them; every version is kept\n"
	"migrate-to URL [--replace]\n"
	"           copy this SQLite hub (--db) into the PostgreSQL database URL names,\n"
	"           in one transaction, and print each table's rows on both sides;\n"
	"           a database holding any hub row is refused unless --replace,\n"
	"           which empties it first (its audit log too)\n"
	"recover REQUEST [-o RESET]\n"
	"           a manager's forgotten passphrase: open the recovery request a\n"
	"           laptop wrote ('eadr profile recovery-request') and write the\n"
	"           reset file for that laptop and manager (default: REQUEST with\n"
	"           .reset for .request).  Only from an approved laptop.  It restores\n"
	"           what is not private; private answers cannot be recovered\n"
	"\n"
	"A FINGERPRINT is 20 hex digits; the spaces may be left out.\n"
	"The hub is the --db database, or what --hub URL (or $EADR_HUB) names: a\n"
	"PostgreSQL connection string (postgresql://USER@HOST/DATABASE; the password\n"
	"from ~/.pgpass, never in URL) or a SQLite file.\n";

static int hub_release;	/* --release (feedback-report) */
static int hub_replace;	/* --replace (migrate-to) */
static const char *hub_purge_days;	/* --purge-older-than (feedback-waiting) */

static int parse_opts(struct cli *cli, int argc, char **argv, const char *cmd,
		      const char *usage, const char **out_file, int *rc)
{
	static const struct option opts[] = {
		CLI_LONGOPTS,
		{ "output", required_argument, NULL, 'o' },
		{ "release", no_argument, NULL, 'R' },
		{ "replace", no_argument, NULL, 'P' },
		{ "purge-older-than", required_argument, NULL, 'W' },
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
		if (c == 'R' || c == 'P') {
			*(c == 'R' ? &hub_release : &hub_replace) = 1;
			continue;
		}
		if (c == 'W') {
			hub_purge_days = optarg;
			continue;
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

static int hub_init_cmd(struct cli *cli, const char *pubfile)
{
	struct err err = ERR_INIT;
	struct hubstore *hs = cli_open_hub(cli, 1);
	char fp[25];
	int created, rc = EXIT_DATA;

	if (!hs)
		return EXIT_DATA;
	if (hub_init(hs, pubfile, &created, fp, &err) < 0) {
		cli_error("%s", err_msg(&err));
		goto out;
	}
	printf("%s: %s; public key written to %s\n", hs->ops->name(hs),
	       created ? "made a hub key pair" : "already a hub, key unchanged", pubfile);
	printf("fingerprint %s: give %s to each station laptop ('eadr sync trust %s')\n",
	       fp, pubfile, pubfile);
	rc = EXIT_OK;
out:
	hubstore_close(hs);
	err_release(&err);
	return rc;
}

/* A waiting bundle, and the quoted command a person runs next for its
 * device: once per device in one import (seen: the fingerprints told), so
 * that a stick of many bundles from one new laptop asks once. */
static void print_allow_hint(const char *path, const struct hub_file_result *r,
			     struct sbuf *seen)
{
	printf("%s: from device %s, fingerprint %s, which this hub %s: kept waiting, "
	       "not merged\n", path, r->device_id, r->device_fp,
	       r->revoked ? "has revoked" : "has not approved");
	if (seen->len && strstr(seen->buf, r->device_fp))
		return;
	sbuf_addf(seen, "%s\n", r->device_fp);
	if (r->other_fp[0])
		printf("%s: note: device id %s was used before by another key, %s: a "
		       "re-imaged laptop, a copy of its database, or someone else\n",
		       path, r->device_id, r->other_fp);
	printf("%s: check by telephone that 'eadr sync status' on that laptop shows "
	       "%s, then run: eadr hub allow '%s'\n", path, r->device_fp, r->device_fp);
}

static void print_imported(const char *path, const struct hub_file_result *r,
			   size_t k)
{
	printf("%s: imported %zu %s (%zu %s, %zu PDP %s, %zu %s), %zu staff, "
	       "%zu %s: %zu records%s; acknowledgement %s\n", path,
	       r->appraisals, plural(r->appraisals, "appraisal", "appraisals"),
	       r->answers, plural(r->answers, "answer", "answers"),
	       r->goals, plural(r->goals, "goal", "goals"),
	       r->signoffs, plural(r->signoffs, "sign-off", "sign-offs"),
	       r->staff, r->forms, plural(r->forms, "form", "forms"), k,
	       r->encrypted ? " (was encrypted)" : "", r->ack_path);
}

/* ", N waiting for their request" (a static buffer), or "" for none. */
static const char *waiting_words(size_t n)
{
	static char buf[96];

	if (!n)
		return "";
	snprintf(buf, sizeof(buf), ", %zu %s for %s request (kept sealed)", n,
		 n == 1 ? "response waiting" : "responses waiting", n == 1 ? "its" : "their");
	return buf;
}

/* What a bundle's 360 feedback and how-it-went records did (and why each
 * refused one was), as "WHERE: ..." lines. */
static void print_records(const char *where, const struct hub_file_result *r)
{
	if (r->fb_requests + r->fb_responses + r->fb_replays + r->fb_refused +
	    r->fb_waiting)
		printf("%s: 360 feedback: %zu %s, %zu %s taken, %zu already here, "
		       "%zu refused%s\n", where, r->fb_requests,
		       plural(r->fb_requests, "request", "requests"), r->fb_responses,
		       plural(r->fb_responses, "response", "responses"), r->fb_replays,
		       r->fb_refused, waiting_words(r->fb_waiting));
	if (r->voice_taken + r->voice_replays + r->voice_refused)
		printf("%s: how it went: %zu %s taken, %zu already here, %zu refused\n",
		       where, r->voice_taken, plural(r->voice_taken, "answer", "answers"),
		       r->voice_replays, r->voice_refused);
	if (r->fb_problems)
		fputs(r->fb_problems, stderr);
}

/* 360-degree feedback's way back (hub_feedback_send.h): the progress, and
 * the released reports, of the requests of the laptop just acknowledged,
 * beside its acknowledgement, on either back end. */
static void feedback_back_files(struct hubstore *hs, const char *path,
				const struct hub_file_result *r)
{
	const char *slash = strrchr(r->ack_path, '/');
	char *dir = slash ? xstrndup(r->ack_path, (size_t)(slash - r->ack_path)) :
		xstrdup(".");
	struct err err = ERR_INIT;
	size_t n = 0;

	if (hub_feedback_send_device(hs, r->device_id, *dir ? dir : "/", &n,
					  &err) < 0)
		cli_error("%s: 360 feedback progress not written: %s", path, err_msg(&err));
	if (n)
		printf("%s: 360 feedback progress of %zu %s written for its laptop\n",
		       path, n, plural(n, "request", "requests"));
	n = 0;
	if (hub_prepare_send_device(hs, r->device_id, *dir ? dir : "/", &n, &err) < 0)
		cli_error("%s: preparations not written: %s", path, err_msg(&err));
	if (n)
		printf("%s: %zu %s written for its laptop\n", path, n,
		       plural(n, "preparation", "preparations"));
	free(dir);
	err_release(&err);
}

static int hub_import_cmd(struct cli *cli, char *const *args, int nargs)
{
	struct err err = ERR_INIT;
	struct hubstore *hs = NULL;
	struct hub_file_result r;
	struct sbuf seen = SBUF_INIT;	/* the fingerprints told how to allow */
	size_t n = 0, done = 0, again = 0, refused = 0, waiting = 0, apps = 0, recs = 0;
	char **paths = hub_expand(args, nargs, &n, &err);
	int rc = EXIT_DATA;

	if (!paths) {
		cli_error("%s", err_msg(&err));
		goto out;
	}
	if (n == 0) {
		cli_error("no bundles (*.bundle) in %s", args[0]);
		goto out;
	}
	if (!(hs = cli_open_hub(cli, 1)))
		goto out;
	for (size_t i = 0; i < n; i++) {
		if (hub_import_file(hs, paths[i], &r, &err) < 0) {
			cli_error("%s", err_msg(&err));
			hub_file_result_release(&r);	/* what was gathered before */
			refused++;
			continue;
		}
		if (r.waiting) {
			print_allow_hint(paths[i], &r, &seen);
			waiting++;
		} else if (r.already) {
			printf("%s: already imported; acknowledgement %s written again\n",
			       paths[i], r.ack_path);
			again++;
		} else {
			size_t k = r.appraisals + r.answers + r.goals + r.signoffs + r.staff + r.forms;

			print_imported(paths[i], &r, k);
			apps += r.appraisals;
			recs += k;
			done++;
		}
		print_records(paths[i], &r);
		if (r.ack_path)
			feedback_back_files(hs, paths[i], &r);
		if (r.held)
			printf("%s: %zu %s another device's: held as a conflict, not merged "
			       "(see 'eadr hub conflicts')\n", paths[i], r.held,
			       plural(r.held, "appraisal is", "appraisals are"));
		else if (r.conflicts)
			printf("%s: %zu %s in conflict: see 'eadr hub conflicts'\n", paths[i],
			       r.conflicts, plural(r.conflicts, "appraisal is", "appraisals are"));
		hub_file_result_release(&r);
	}
	printf("%zu %s imported (%zu appraisals, %zu records), %zu already imported, "
	       "%zu waiting for approval, %zu refused\n", done,
	       plural(done, "bundle", "bundles"), apps, recs, again, waiting, refused);
	rc = refused ? EXIT_DATA : EXIT_OK;
out:
	for (size_t i = 0; paths && i < n; i++)
		free(paths[i]);
	free(paths);
	sbuf_release(&seen);
	hubstore_close(hs);
	err_release(&err);
	return rc;
}

static int device_row(const struct hub_device *d, void *arg)
{
	struct sbuf *out = arg;

	sbuf_addf(out, "%-24s  %-8s  device %s\n", d->fp, d->state, d->device_id);
	sbuf_addf(out, "    bundles %s to %s (last number %lld): %lld merged, %lld "
		  "waiting; owns %lld %s\n", d->first_seen, d->last_seen, d->max_seq,
		  d->merged, d->waiting, d->owns, plural((size_t)d->owns, "appraisal",
							 "appraisals"));
	return 0;
}

static int hub_devices_cmd(struct cli *cli)
{
	struct sbuf out = SBUF_INIT;
	struct err err = ERR_INIT;
	struct hubstore *hs = cli_open_hub(cli, 0);
	int n, rc = EXIT_DATA;

	if (!hs)
		return EXIT_DATA;
	if ((n = hub_devices_each(hs, device_row, &out, &err)) < 0) {
		cli_error("%s", err_msg(&err));
		goto out;
	}
	if (n == 0)
		printf("no device has sent a bundle yet\n");
	else
		printf("%-24s  %-8s\n%s", "FINGERPRINT", "STATE", out.buf);
	rc = EXIT_OK;
out:
	sbuf_release(&out);
	hubstore_close(hs);
	err_release(&err);
	return rc;
}

static int hub_allow_cmd(struct cli *cli, const char *fp)
{
	struct hub_allow_result r;
	struct err err = ERR_INIT;
	struct hubstore *hs = cli_open_hub(cli, 1);
	int rc = EXIT_DATA;

	if (!hs)
		return EXIT_DATA;
	if (hub_allow(hs, fp, &r, &err) < 0) {
		cli_error("%s; nothing changed", err_msg(&err));
		goto out;
	}
	printf("device %s (%s): %s; %zu waiting %s merged (%zu %s)\n", r.dev.device_id,
	       r.dev.fp, r.already ? "already approved" : "approved", r.bundles,
	       plural(r.bundles, "bundle", "bundles"), r.appraisals,
	       plural(r.appraisals, "appraisal", "appraisals"));
	if (r.held)
		printf("%zu %s another device's: held as a conflict (see 'eadr hub "
		       "conflicts')\n", r.held, plural(r.held, "appraisal is", "appraisals are"));
	print_records("its waiting bundles", &r.records);
	if (r.bundles)
		printf("import their folder again to write their acknowledgements\n");
	rc = EXIT_OK;
out:
	hub_allow_result_release(&r);
	hubstore_close(hs);
	err_release(&err);
	return rc;
}

static int hub_revoke_cmd(struct cli *cli, const char *fp)
{
	struct hub_device d;
	struct err err = ERR_INIT;
	struct hubstore *hs = cli_open_hub(cli, 1);
	int already, rc = EXIT_DATA;

	if (!hs)
		return EXIT_DATA;
	if (hub_revoke(hs, fp, &d, &already, &err) < 0) {
		cli_error("%s; nothing changed", err_msg(&err));
		goto out;
	}
	printf("device %s (%s): %s; its later bundles wait, what it sent before stays\n",
	       d.device_id, d.fp, already ? "already revoked" : "revoked");
	rc = EXIT_OK;
out:
	hubstore_close(hs);
	err_release(&err);
	return rc;
}

static int hub_transfer_cmd(struct cli *cli, const char *from, const char *to)
{
	struct hub_transfer_result r;
	struct err err = ERR_INIT;
	struct hubstore *hs = cli_open_hub(cli, 1);
	int rc = EXIT_DATA;

	if (!hs)
		return EXIT_DATA;
	if (hub_transfer(hs, from, to, &r, &err) < 0) {
		cli_error("%s; nothing changed", err_msg(&err));
		goto out;
	}
	printf("%zu %s moved from device %s (%s) to device %s (%s); %zu held %s "
	       "merged\n", r.moved, plural(r.moved, "appraisal", "appraisals"),
	       r.from.device_id, r.from.fp, r.to.device_id, r.to.fp, r.adopted,
	       plural(r.adopted, "revision", "revisions"));
	rc = EXIT_OK;
out:
	hubstore_close(hs);
	err_release(&err);
	return rc;
}

/* A fingerprint given as one argument or as its five groups: the args
 * joined with spaces, which hub_device_find ignores. */
static char *join(char *const *args, int n)
{
	struct sbuf sb = SBUF_INIT;

	for (int i = 0; i < n; i++) {
		if (i)
			sbuf_addch(&sb, ' ');
		sbuf_adds(&sb, args[i]);
	}
	return sbuf_detach(&sb);
}

static int device_cmd(struct cli *cli, const char *sub, char *const *args, int n)
{
	char *fp;
	int rc;

	if (!strcmp(sub, "transfer")) {
		if (n == 2)
			return hub_transfer_cmd(cli, args[0], args[1]);
		if (n == 10) {
			char *from = join(args, 5), *to = join(args + 5, 5);

			rc = hub_transfer_cmd(cli, from, to);
			free(from);
			free(to);
			return rc;
		}
		return cli_usage_error("hub", "hub transfer takes two fingerprints (quote "
				       "each, or leave out its spaces)");
	}
	if (n != 1 && n != 5)
		return cli_usage_error("hub", "hub %s takes one FINGERPRINT", sub);
	fp = join(args, n);
	rc = !strcmp(sub, "allow") ? hub_allow_cmd(cli, fp) : hub_revoke_cmd(cli, fp);
	free(fp);
	return rc;
}

struct conflict_ctx {
	long long last_rev;
	char *uuid;
	struct sbuf out;
};

static int conflict_row(const struct hub_conflict *c, void *arg)
{
	struct conflict_ctx *x = arg;

	if (!x->uuid || strcmp(x->uuid, c->uuid) || x->last_rev != c->revision) {
		free(x->uuid);
		x->uuid = xstrdup(c->uuid);
		x->last_rev = c->revision;
		sbuf_addf(&x->out, "appraisal %s, revision %lld: staff %s %s\n", c->uuid,
			  c->revision, c->staff_number, c->name ? c->name : "");
	}
	sbuf_addf(&x->out, "  %c version %.12s from device %.8s, updated %s: %zu answers, "
		  "%zu PDP goals, %zu sign-offs; in %s\n", c->in_use ? '*' : ' ', c->hash,
		  c->device_id, c->updated_at, c->answers, c->goals, c->signoffs,
		  c->bundle_file ? c->bundle_file : "?");
	if (c->stranger)
		sbuf_addf(&x->out, "    sent by %s, a device the appraisal does not belong "
			  "to: held, not merged ('eadr hub transfer' moves its appraisals)\n",
			  c->device_fp[0] ? c->device_fp : "another key");
	return 0;
}

static int hub_conflicts_cmd(struct cli *cli)
{
	struct conflict_ctx x = { 0, NULL, SBUF_INIT };
	struct err err = ERR_INIT;
	struct hubstore *hs = cli_open_hub(cli, 0);
	int n, rc = EXIT_DATA;

	if (!hs)
		return EXIT_DATA;
	if ((n = hub_conflicts_each(hs, conflict_row, &x, &err)) < 0) {
		cli_error("%s", err_msg(&err));
		goto out;
	}
	if (n == 0) {
		printf("no conflicts\n");
	} else {
		fwrite(x.out.buf, 1, x.out.len, stdout);
		printf("(* the version the hub's exports use until a person resolves it; "
		       "every version is kept)\n");
	}
	rc = EXIT_OK;
out:
	free(x.uuid);
	sbuf_release(&x.out);
	hubstore_close(hs);
	err_release(&err);
	return rc;
}

/* eadr hub migrate-to URL: the SQLite hub (--db, or a file --hub names)
 * copied into PostgreSQL; 1 when a table's counts differ. */
static int hub_migrate_cmd(struct cli *cli, const char *url)
{
	const char *target = cli->hub ? cli->hub : getenv("EADR_HUB");
	struct hubstore_count *c = NULL;
	struct err err = ERR_INIT;
	struct store *st;
	size_t n = 0;
	int rc;

	if (!hubstore_is_pg(url))
		return cli_usage_error("hub", "hub migrate-to needs a PostgreSQL connection "
				       "string (postgresql://USER@HOST/DATABASE), not '%s'", url);
	if (target && *target && !hubstore_is_pg(target))
		cli->opts.db = target;
	if (!(st = cli_open_store(cli)))
		return EXIT_DATA;
	rc = hubstore_migrate_to_pg(st, url, hub_replace, &c, &n, &err);
	if (rc < 0) {
		cli_error("%s; nothing copied", err_msg(&err));
		rc = EXIT_DATA;
		goto out;
	}
	printf("%-22s %12s %12s\n", "TABLE", "SQLITE", "POSTGRESQL");
	for (size_t i = 0; i < n; i++)
		printf("%-22s %12lld %12lld%s\n", c[i].table, c[i].from, c[i].to,
		       c[i].from == c[i].to ? "" : "  DIFFERS");
	if (rc == 1) {
		cli_error("the counts differ: nothing copied (the transaction was rolled back)");
		rc = EXIT_DATA;
	} else {
		printf("%s: copied into %s in one transaction; every count matches\n",
		       store_path(st), url);
		rc = EXIT_OK;
	}
out:
	free(c);
	store_close(st);
	err_release(&err);
	return rc;
}

/* hub recover: the default reset file is the request's name with .reset. */
static int hub_recover_cmd(struct cli *cli, const char *in, const char *out)
{
	struct hub_recover_result r;
	struct err err = ERR_INIT;
	struct sbuf def = SBUF_INIT;
	struct hubstore *hs;
	size_t n = strlen(in);
	int rc = EXIT_OK;

	if (!out) {
		if (n > 8 && !strcmp(in + n - 8, ".request"))
			sbuf_add(&def, in, n - 8);
		else
			sbuf_adds(&def, in);
		sbuf_adds(&def, ".reset");
		out = def.buf;
	}
	if (!(hs = cli_open_hub(cli, 1))) {
		sbuf_release(&def);
		return EXIT_DATA;
	}
	if (hub_recover(hs, in, out, &r, &err) < 0) {
		cli_error("%s; no reset file was written", err_msg(&err));
		rc = EXIT_DATA;
	} else {
		printf("%s: reset file for %s on the laptop with fingerprint %s\n"
		       "Carry it to that laptop; there %s runs 'eadr profile reset \"%s\" "
		       "--file FILE' (or Ctrl-R on the sign-in screen) and chooses a new "
		       "passphrase.  It restores what is not private; private answers "
		       "are lost by design.\n", out, r.profile, r.device_fp, r.profile,
		       r.profile);
	}
	hub_recover_result_release(&r);
	hubstore_close(hs);
	sbuf_release(&def);
	err_release(&err);
	return rc;
}

int cmd_hub(struct cli *cli, int argc, char **argv)
{
	const char *sub, *pubfile = "eadr-hub-public.key";
	int rc = EXIT_OK;

	if (parse_opts(cli, argc, argv, "hub", hub_usage, &pubfile, &rc) < 0)
		return rc;
	if (optind >= argc)
		return cli_usage_error("hub", "hub needs a subcommand: init, import, devices, "
				       "allow, revoke, transfer or conflicts");
	sub = argv[optind++];
	if (!strcmp(sub, "init")) {
		if (optind < argc)
			return cli_usage_error("hub", "hub init takes no arguments (-o PUBFILE "
					       "names the public key file)");
		return hub_init_cmd(cli, pubfile);
	}
	if (!strcmp(sub, "import")) {
		if (optind >= argc)
			return cli_usage_error("hub", "hub import needs a DIR or FILE");
		return hub_import_cmd(cli, argv + optind, argc - optind);
	}
	if (!strcmp(sub, "conflicts") || !strcmp(sub, "devices")) {
		if (optind < argc)
			return cli_usage_error("hub", "hub %s takes no arguments", sub);
		return sub[0] == 'c' ? hub_conflicts_cmd(cli) : hub_devices_cmd(cli);
	}
	if (!strcmp(sub, "migrate-to")) {
		if (optind + 1 != argc)
			return cli_usage_error("hub", "hub migrate-to takes one URL");
		return hub_migrate_cmd(cli, argv[optind]);
	}
	if (!strcmp(sub, "recover")) {
		if (optind + 1 != argc)
			return cli_usage_error("hub", "hub recover takes one REQUEST file");
		return hub_recover_cmd(cli, argv[optind],
				       strcmp(pubfile, "eadr-hub-public.key") ? pubfile : NULL);
	}
	if (!strcmp(sub, "feedback-report"))
		return cmd_feedback_hub_report(cli, argv + optind, argc - optind, hub_release);
	/* 360-degree feedback's way back (cmd_feedback_back.c). */
	if (!strcmp(sub, "feedback-status"))
		return cmd_feedback_hub_status(cli, argv + optind, argc - optind);
	if (!strcmp(sub, "feedback-send"))
		return cmd_feedback_hub_send(cli, argv + optind, argc - optind);
	if (!strcmp(sub, "feedback-waiting"))
		return cmd_feedback_hub_waiting(cli, argv + optind, argc - optind,
						hub_purge_days);
	if (!strcmp(sub, "allow") || !strcmp(sub, "revoke") || !strcmp(sub, "transfer"))
		return device_cmd(cli, sub, argv + optind, argc - optind);
	return cli_usage_error("hub", "'%s' is not a hub subcommand (init, import, devices, "
			       "allow, revoke, transfer, conflicts, migrate-to)", sub);
}
