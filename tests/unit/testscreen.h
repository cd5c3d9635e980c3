/*
 * testscreen.h - a headless ncurses screen for the editor's unit tests
 * (test_editor, test_edwrap, test_guest_signal): newterm on /dev/null at 80x24, so drawing
 * needs no terminal.  Use them as cmocka's group setup and teardown.
 */
#ifndef EADR_TESTSCREEN_H
#define EADR_TESTSCREEN_H

int testscreen_up(void **state);	/* 0, or -1 when no screen could be made */
int testscreen_down(void **state);

#endif
