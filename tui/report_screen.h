/*
 * report_screen.h - the completion screen (report_screen.c): the team's
 * figures by station, with bar charts.
 */
#ifndef EADR_REPORT_SCREEN_H
#define EADR_REPORT_SCREEN_H

#include "screen.h"

/* Open the completion figures of the team, by station. */
void report_screen_open(struct app *app);

#endif
