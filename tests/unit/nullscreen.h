/*
 * nullscreen.h - curses for unit tests, with no terminal: ncurses writes
 * to /dev/null at 80x24 (xterm-256color, or vt100 where that is missing).
 * cmocka group setup and teardown: nullscreen_up, nullscreen_down.
 * (test_editor.c and test_edwrap.c still carry their own copies.)
 */
#ifndef EADR_NULLSCREEN_H
#define EADR_NULLSCREEN_H

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

static SCREEN *nullscreen;
static FILE *nullscreen_out, *nullscreen_in;

static inline int nullscreen_up(void **state)
{
	(void)state;
	setenv("LINES", "24", 1);
	setenv("COLUMNS", "80", 1);
	nullscreen_out = fopen("/dev/null", "w");
	nullscreen_in = fopen("/dev/null", "r");
	if (!nullscreen_out || !nullscreen_in)
		return -1;
	nullscreen = newterm("xterm-256color", nullscreen_out, nullscreen_in);
	if (!nullscreen)
		nullscreen = newterm("vt100", nullscreen_out, nullscreen_in);
	return nullscreen ? 0 : -1;
}

static inline int nullscreen_down(void **state)
{
	(void)state;
	endwin();
	delscreen(nullscreen);
	fclose(nullscreen_out);
	fclose(nullscreen_in);
	return 0;
}

#endif
