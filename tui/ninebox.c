/*
 * ninebox.c - the talent 9-box: the performance and potential answers
 * drawn as a 3x3 grid with the person's box highlighted in reverse video
 * and marked in words, so it reads the same in monochrome.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/appr.h"
#include "keys.h"
#include "ninebox.h"
#include "screen.h"
#include "ui.h"

#define CELL_W 12

/* A three-point scale or choice question called id, outside any list. */
static const struct form_question *axis(const struct form_section *s, const char *id)
{
	for (size_t i = 0; i < s->nquestions; i++) {
		const struct form_question *q = &s->questions[i];

		if (!strcmp(q->id, id) && (q->type == FORM_SCALE || q->type == FORM_CHOICE) &&
		    q->choices && q->choices->n == 3)
			return q;
	}
	return NULL;
}

int ninebox_find(const struct appr *ap, const char **perf_path, const char **pot_path)
{
	for (size_t s = 0; s < ap->form->nsections; s++) {
		const struct form_question *perf = axis(&ap->form->sections[s], "performance");
		const struct form_question *pot = axis(&ap->form->sections[s], "potential");

		if (perf && pot) {
			*perf_path = perf->path;
			*pot_path = pot->path;
			return 1;
		}
	}
	return 0;
}

static int level(const struct appr *ap, const char *path)
{
	const struct form_question *q = form_find(ap->form, path);
	const char *v = appr_get(ap, path);

	for (size_t i = 0; q && v && i < q->choices->n; i++)
		if (!strcmp(q->choices->items[i].value, v))
			return (int)i;
	return -1;
}

/* Rows outside [ctop, cbot) are not drawn: the grid may be half scrolled off. */
static int ctop, cbot;

static void put(int y, int x, int w, const char *s, attr_t a)
{
	if (y >= ctop && y < cbot)
		ui_put(y, x, w, s, a);
}

static void nb_hline(int y, int x, int n)
{
	if (y >= ctop && y < cbot)
		ui_hline(y, x, n);
}

static void nb_vline(int y, int x, int n)
{
	for (int i = 0; i < n; i++)
		if (y + i >= ctop && y + i < cbot)
			ui_vline(y + i, x, 1);
}

static void fill(int y, int x, int w, attr_t a)
{
	if (y >= ctop && y < cbot)
		ui_fill(y, x, w, a);
}

int ninebox_draw(const struct appr *ap, int y, int x, int width, int clip_top,
		 int clip_bottom)
{
	static const char *const names[] = { "low", "medium", "high" };
	const char *perf_path, *pot_path;
	int perf, pot, gx = x + 8;

	if (!ninebox_find(ap, &perf_path, &pot_path))
		return 0;
	ctop = clip_top;
	cbot = clip_bottom;
	perf = level(ap, perf_path);
	pot = level(ap, pot_path);
	if (width < 8 + 3 * CELL_W + 1) {
		put(y, x, width, "(the 9-box needs a wider window)", ui_attr(UI_DIM));
		return 1;
	}
	put(y, x, width, perf >= 0 && pot >= 0 ?
	    "Talent 9-box: performance across, potential up" :
	    "Talent 9-box: shown when performance and potential are both answered",
	    A_BOLD);
	for (int row = 0; row < 3; row++) {
		int level_pot = 2 - row, ry = y + 1 + row * 3;

		nb_hline(ry, gx, 3 * CELL_W + 1);
		put(ry + 1, x, 7, names[level_pot], A_NORMAL);
		for (int col = 0; col < 3; col++) {
			int here = col == perf && level_pot == pot, cx = gx + col * CELL_W;

			nb_vline(ry + 1, cx, 2);
			if (here) {
				fill(ry + 1, cx + 1, CELL_W - 1, A_REVERSE);
				fill(ry + 2, cx + 1, CELL_W - 1, A_REVERSE);
				put(ry + 1, cx + 2, CELL_W - 2, ">> HERE <<", A_REVERSE | A_BOLD);
			}
		}
		nb_vline(ry + 1, gx + 3 * CELL_W, 2);
	}
	nb_hline(y + 10, gx, 3 * CELL_W + 1);
	for (int col = 0; col < 3; col++)
		put(y + 11, gx + col * CELL_W + 2, CELL_W - 2, names[col], A_NORMAL);
	return 12;
}

/* ---- the 9-box on a screen of its own (Ctrl-B) ---- */

static void nb_draw(struct app *app, void *self, int top, int bottom)
{
	struct appr *ap = self;
	const char *perf, *pot;
	int w = getmaxx(stdscr);

	if (!ninebox_find(ap, &perf, &pot)) {
		ui_put(top + 1, 2, w - 4, "This form has no performance and potential "
		       "questions for a 9-box.", A_NORMAL);
	} else {
		ninebox_draw(ap, top + 1, 2, w - 4, top, bottom);
		ui_put(top + 14, 2, w - 4, "Potential (up) and performance (across) come "
		       "from the talent section.", ui_attr(UI_DIM));
	}
	app_cursor(app, top + 1, 2);
}

static const struct keydef nb_keys[] = {
	{ { K_ENTER, K_ESC, 'q', KCTRL('B') }, "back to the appraisal", "back", 0, keys_back, 0 },
	{ { '?' }, "this help", NULL, 0, keys_help, 0 },
	{ { 0 }, NULL, NULL, 0, NULL, 0 },
};

const struct screen_ops ninebox_ops = {
	"9-box", nb_draw, NULL, NULL, NULL, NULL, nb_keys, 0, NULL,
};

void ninebox_open(struct app *app, struct appr *ap)
{
	app_push(app, &ninebox_ops, ap);
}
