/*
 * cmd_sync.c - placeholder until its issue lands; says so plainly.
 */
#include "cli.h"

int cmd_sync(struct cli *cli, int argc, char **argv)
{
	cli_error("sync: not built yet");
	return EXIT_DATA;
}

int cmd_hub(struct cli *cli, int argc, char **argv)
{
	cli_error("hub: not built yet");
	return EXIT_DATA;
}
