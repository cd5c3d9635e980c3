/*
 * tui.h - the terminal program's one entry point, called by cli/main.c
 * when eadr is run with no command.
 */
#ifndef EADR_TUI_H
#define EADR_TUI_H

#include "lib/session.h"

/*
 * Open the database and form folders the options name and run the team
 * list until the user leaves.  Errors go to stderr as "eadr: message"
 * after the terminal is restored.  Returns the exit status: 0, 1 for a
 * data error (the database could not be opened or is damaged), 2 when
 * standard input or output is not a terminal.
 */
int tui_main(const struct session_opts *opts);

#endif
