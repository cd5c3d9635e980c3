/*
 * cmd_form.c - "eadr check-form FILE...".  The form engine arrives with the
 * forms work (issue 3); until then the command says so.
 */
#include "cli.h"

int cmd_check_form(struct cli *cli, int argc, char **argv)
{
	cli_error("check-form: the form engine is not built yet");
	return EXIT_DATA;
}
