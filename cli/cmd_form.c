/*
 * cmd_form.c - "eadr check-form FILE...": the form linter.  Every problem
 * of every file is printed as FILE:LINE:COLUMN: error: message, so that an
 * editor can jump to it; the exit status says whether all files are valid.
 */
#include <stdio.h>

#include "cli.h"
#include "lib/form.h"

static void usage(void)
{
	fputs("Usage: eadr check-form [-q] FILE...\n"
	      "Check form definitions (YAML) and print every problem as\n"
	      "FILE:LINE:COLUMN: error: message, with the path of the question.\n"
	      "Exit status: 0 when every file is a valid form, 1 otherwise.\n"
	      "\n"
	      "  -q, --quiet   print nothing for valid files\n"
	      "  -h, --help    show this help\n"
	      "\n"
	      "The form format is described in schema/forms.md.\n", stdout);
}

int cmd_check_form(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_LONGOPTS,
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 },
	};
	struct sbuf line = SBUF_INIT;
	int c, quiet = 0, rc = EXIT_OK;

	while ((c = getopt_long(argc, argv, "hq", opts, NULL)) != -1) {
		if (cli_global_opt(cli, c, optarg))
			continue;
		if (c == 'h') {
			usage();
			return EXIT_OK;
		}
		if (c == 'q') {
			quiet = 1;
			continue;
		}
		return cli_usage_error("check-form", "unknown option");
	}
	if (optind >= argc)
		return cli_usage_error("check-form", "name at least one form file");
	for (int i = optind; i < argc; i++) {
		struct diag diag = DIAG_INIT;
		struct form *f = form_load_file(argv[i], &diag);

		for (size_t k = 0; k < diag.n; k++) {
			sbuf_reset(&line);
			diag_format(&diag.items[k], &line);
			printf("%s\n", line.buf);
		}
		if (!f)
			rc = EXIT_DATA;
		else if (!quiet)
			printf("%s: ok: form %s version %s, %zu sections\n", argv[i],
			       f->id, f->version, f->nsections);
		form_free(f);
		diag_release(&diag);
	}
	fflush(stdout);
	sbuf_release(&line);
	return rc;
}
