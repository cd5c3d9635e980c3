/*
 * cmd_export.c - placeholder until its issue lands; says so plainly.
 */
#include "cli.h"

int cmd_export(struct cli *cli, int argc, char **argv)
{
	cli_error("export: not built yet");
	return EXIT_DATA;
}
