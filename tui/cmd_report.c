/*
 * cmd_report.c - placeholder until its issue lands; says so plainly.
 */
#include "cli.h"

int cmd_report(struct cli *cli, int argc, char **argv)
{
	cli_error("report: not built yet");
	return EXIT_DATA;
}
