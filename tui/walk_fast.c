/*
 * walk_fast.c - a key in an answer costs what it changed: while only the
 * focused answer's text changed since the walk was last drawn whole, and
 * nothing else on the screen reads it, the walk draws that field and the
 * progress line over the last draw (curses then sends the terminal only the
 * cells that differ) instead of laying out and drawing every question.
 * Anything else (another field, a message, a size, a dialog) draws whole.
 */
#include <string.h>

#include "lib/sbuf.h"
#include "ninebox.h"
#include "ui.h"
#include "walk.h"

int walk_only_here(struct walk *w)
{
	const char *perf, *pot;
	int nine = -1;

	if (!w->ed_path || appr_answer_read(w->ap, w->ed_path))
		return 0;
	for (size_t i = 0; i < w->nf; i++) {
		const struct wfield *f = &w->f[i];

		if (f->kind == W_LASTYEAR && f->q->nquestions) {
			/* last year's words are found by this item's first answer */
			struct sbuf p = SBUF_INIT;
			int same;

			sbuf_addf(&p, "%s.%s", f->path, f->q->questions[0].id);
			same = !strcmp(p.buf, w->ed_path);
			sbuf_release(&p);
			if (same)
				return 0;
		} else if (f->kind == W_NINEBOX) {
			if (nine < 0)
				nine = ninebox_find(w->ap, &perf, &pot);
			if (nine && (!strcmp(perf, w->ed_path) || !strcmp(pot, w->ed_path)))
				return 0;
		}
	}
	return 1;
}

int walk_redraw(struct app *app, void *self, int top, int bottom)
{
	struct walk *w = self;
	const struct walk_drawn *d = &w->drawn;
	struct wfield *f = walk_cur(w);
	int width = getmaxx(stdscr), cols, h;
	struct canvas cv = { d->cv_top, bottom, d->scroll };
	struct wstate s = { w->ap, w->ed, 1, w->readonly, w->hl, NULL, 0, -1, -1 };

	if (!d->valid || d->top != top || d->bottom != bottom || d->width != width ||
	    d->sec != w->sec || d->focus != w->focus || d->nf != w->nf ||
	    d->scroll != w->scroll || d->ntouched != w->ntouched ||
	    d->readonly != w->readonly || d->guide != w->guide ||
	    d->show_all != w->show_all || d->hl != w->hl || d->ed != w->ed ||
	    !f || !w->ed || !w->ed_path || strcmp(f->path, w->ed_path) ||
	    !widget_uses_editor(f) ||
	    !appr_changed_only(w->ap, d->gen, w->ed_path) || !walk_only_here(w))
		return 0;
	/* as walk_draw lays it out: a focused editor shows no problem inline */
	s.text_h = (bottom - cv.top) / 2 < 5 ? 5 : (bottom - cv.top) / 2 > 14 ? 14 :
		   (bottom - cv.top) / 2;
	h = widget_render(f, &s, &cv, d->fy, 1, d->qw - 2, 0);
	if (h != d->fh)
		return 0;	/* it grew or shrank: what is below it moves */
	if (f->q->type == FORM_DATE) {
		/* what the date is read as changes beside it: its rows again,
		 * left of the guide when the guide is beside it */
		cols = d->qw + 2 < width ? d->qw + 2 : width;
		for (int vy = d->fy; vy < d->fy + h; vy++)
			if (canvas_visible(&cv, vy))
				ui_fill(cv.top + vy - cv.scroll, 0, cols, A_NORMAL);
		widget_render(f, &s, &cv, d->fy, 1, d->qw - 2, 1);
	} else {
		/* its label is on the screen: the editor's changed rows only */
		widget_render(f, &s, &cv, d->fy, 1, d->qw - 2, 2);
	}
	if (s.cy >= 0)
		app_cursor(app, s.cy, s.cx);
	ui_fill(top, 0, width, A_NORMAL);
	walk_draw_progress(w, top, width);
	w->drawn.gen = w->ap->gen;
	return 1;
}
