/*
 * ninebox.h - the 9-box of performance and potential (ninebox.c): the
 * grid a walk section shows and the screen Ctrl-B opens.
 */
#ifndef EADR_NINEBOX_H
#define EADR_NINEBOX_H

#include "screen.h"

struct appr;

/* Open the 9-box screen of ap (borrowed). */
void ninebox_open(struct app *app, struct appr *ap);
/* 9-box: the performance and potential questions of the form, or 0. */
int ninebox_find(const struct appr *ap, const char **perf_path,
		 const char **pot_path);
/* Draw the 3x3 grid at (y, x) (12 rows, 45 columns), only its rows within
 * [clip_top, clip_bottom); returns the rows it takes. */
int ninebox_draw(const struct appr *ap, int y, int x, int width, int clip_top,
		 int clip_bottom);

#endif
