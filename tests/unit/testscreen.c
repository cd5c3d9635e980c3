/*
 * testscreen.c - a headless ncurses screen for unit tests (see testscreen.h).
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "testscreen.h"

static SCREEN *scr;
static FILE *scr_out, *scr_in;

int testscreen_up(void **state)
{
	(void)state;
	/* no terminal needed: ncurses writes to /dev/null at a fixed size */
	setenv("TERM", "xterm-256color", 1);
	setenv("LINES", "24", 1);
	setenv("COLUMNS", "80", 1);
	scr_out = fopen("/dev/null", "w");
	scr_in = fopen("/dev/null", "r");
	if (!scr_out || !scr_in)
		return -1;
	scr = newterm("xterm-256color", scr_out, scr_in);
	if (!scr)
		scr = newterm("vt100", scr_out, scr_in);
	return scr ? 0 : -1;
}

int testscreen_down(void **state)
{
	(void)state;
	endwin();
	delscreen(scr);
	fclose(scr_out);
	fclose(scr_in);
	return 0;
}
