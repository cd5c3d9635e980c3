/*
 * cmd_hub.c - "eadr hub ..." on the learning and development team's
 * database: make it a hub, import the laptops' bundles, list conflicts
 * (lib/hub.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lib/hub.h"
#include "lib/sbuf.h"
#include "lib/util.h"

static const char hub_usage[] =
	"Usage: eadr hub init [-o PUBFILE]\n"
	"       eadr hub import DIR|FILE...\n"
	"       eadr hub conflicts\n"
	"\n"
	"The hub: the learning and development team's database of every station's\n"
	"final appraisals.\n"
	"\n"
	"init       make this database a hub: its key pair is kept in the database,\n"
	"           its public key written to PUBFILE (default eadr-hub-public.key)\n"
	"           for laptops to trust with 'eadr sync trust'\n"
	"import     merge bundles (a folder: its *.bundle files), each whole or not\n"
	"           at all, and write an acknowledgement (NAME.ack) beside each.\n"
	"           Importing a bundle again, or in any order, changes nothing more.\n"
	"conflicts  list appraisals edited two different ways at one revision\n"
	"           (e.g. one database copied to two laptops); both are kept\n";

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

static int hub_init_cmd(struct cli *cli, const char *pubfile)
{
	struct err err = ERR_INIT;
	struct store *st = cli_open_store(cli);
	char fp[25];
	int created, rc = EXIT_DATA;

	if (!st)
		return EXIT_DATA;
	if (hub_init(st, pubfile, &created, fp, &err) < 0) {
		cli_error("%s", err_msg(&err));
		goto out;
	}
	printf("%s: %s; public key written to %s\n", store_path(st),
	       created ? "made a hub key pair" : "already a hub, key unchanged", pubfile);
	printf("fingerprint %s: give %s to each station laptop ('eadr sync trust %s')\n",
	       fp, pubfile, pubfile);
	rc = EXIT_OK;
out:
	store_close(st);
	err_release(&err);
	return rc;
}

static int hub_import_cmd(struct cli *cli, char *const *args, int nargs)
{
	struct err err = ERR_INIT;
	struct store *st = NULL;
	struct hub_file_result r;
	size_t n = 0, done = 0, again = 0, refused = 0, apps = 0, recs = 0;
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
	if (!(st = cli_open_store(cli)))
		goto out;
	for (size_t i = 0; i < n; i++) {
		if (hub_import_file(st, paths[i], &r, &err) < 0) {
			cli_error("%s", err_msg(&err));
			refused++;
			continue;
		}
		if (r.new_device)
			printf("%s: new device %s (key %s)\n", paths[i], r.device_id, r.device_fp);
		if (r.already) {
			printf("%s: already imported; acknowledgement %s written again\n",
			       paths[i], r.ack_path);
			again++;
		} else {
			size_t k = r.appraisals + r.answers + r.goals + r.signoffs + r.staff + r.forms;

			printf("%s: imported %zu %s (%zu %s, %zu PDP %s, %zu %s), %zu staff, "
			       "%zu %s: %zu records%s; acknowledgement %s\n", paths[i],
			       r.appraisals, plural(r.appraisals, "appraisal", "appraisals"),
			       r.answers, plural(r.answers, "answer", "answers"),
			       r.goals, plural(r.goals, "goal", "goals"),
			       r.signoffs, plural(r.signoffs, "sign-off", "sign-offs"),
			       r.staff, r.forms, plural(r.forms, "form", "forms"), k,
			       r.encrypted ? " (was encrypted)" : "", r.ack_path);
			apps += r.appraisals;
			recs += k;
			done++;
		}
		if (r.conflicts)
			printf("%s: %zu %s in conflict: see 'eadr hub conflicts'\n", paths[i],
			       r.conflicts, plural(r.conflicts, "appraisal is", "appraisals are"));
		hub_file_result_release(&r);
	}
	printf("%zu %s imported (%zu appraisals, %zu records), %zu already imported, %zu refused\n",
	       done, plural(done, "bundle", "bundles"), apps, recs, again, refused);
	rc = refused ? EXIT_DATA : EXIT_OK;
out:
	for (size_t i = 0; paths && i < n; i++)
		free(paths[i]);
	free(paths);
	store_close(st);
	err_release(&err);
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
	return 0;
}

static int hub_conflicts_cmd(struct cli *cli)
{
	struct conflict_ctx x = { 0, NULL, SBUF_INIT };
	struct err err = ERR_INIT;
	struct store *st = cli_open_store_unchecked(cli);
	int n, rc = EXIT_DATA;

	if (!st)
		return EXIT_DATA;
	if ((n = hub_conflicts_each(st, conflict_row, &x, &err)) < 0) {
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
	store_close(st);
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
		return cli_usage_error("hub", "hub needs a subcommand: init, import or conflicts");
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
	if (!strcmp(sub, "conflicts")) {
		if (optind < argc)
			return cli_usage_error("hub", "hub conflicts takes no arguments");
		return hub_conflicts_cmd(cli);
	}
	return cli_usage_error("hub", "'%s' is not a hub subcommand (init, import, conflicts)",
			       sub);
}
