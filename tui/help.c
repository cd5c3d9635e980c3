/*
 * help.c - the help screen: the key table of the screen below it (F1,
 * Ctrl-G, ?) and the keys every screen shares, each key named from the
 * code the table binds (keys.c), so help says what the keys do.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/sbuf.h"
#include "help.h"
#include "keys.h"
#include "screen.h"
#include "ui.h"

#define KEYS_W 20	/* the column of key names */

struct help {
	const struct screen_ops *of;
	unsigned place;		/* where the focus was on that screen */
	int top;
};

/* Part 0: the keys that work where the focus is; 1: the others. */
static int in_part(const struct keydef *k, unsigned place, int part)
{
	return (!k->when || (k->when & place)) == !part;
}

/* Lay out (draw when draw) the help lines from row y; returns how many. */
static int help_lines(const struct help *h, int width, int y, int draw, int top,
		      int bottom)
{
	const struct keydef *tables[3] = { h->of->keys, h->of->keys, app_common_keys };
	struct sbuf sb = SBUF_INIT;
	int n = 0;

	for (int t = 0; t < 3; t++) {
		int heading = t == 1;

		for (const struct keydef *k = tables[t]; k && k->fn; k++) {
			int row = y + n - top, lw, wrapped;

			if (t < 2 && !in_part(k, h->place, t))
				continue;
			if (heading) {
				/* the keys for other places come after a heading */
				if (draw && row >= y && row < bottom)
					ui_put(row, 1, width - 2, "Elsewhere on this screen:",
					       ui_attr(UI_TITLE));
				n += 1, row++, heading = 0;
			}

			sbuf_reset(&sb);
			keys_label(&sb, k, 0);
			lw = ui_width(sb.buf);
			if (draw && row >= y && row < bottom)
				ui_put(row, 2, width - 3, sb.buf, A_BOLD);
			if (lw > KEYS_W - 2)
				n++, row++;	/* a long list of keys: the words below */
			wrapped = ui_wrap_count(k->what, width - KEYS_W - 3);
			for (int i = 0; draw && i < wrapped; i++) {
				struct ui_line *l;

				if (row + i < y || row + i >= bottom)
					continue;
				ui_wrap(k->what, width - KEYS_W - 3, &l);
				ui_putn(row + i, KEYS_W + 1, width - KEYS_W - 2,
					k->what + l[i].start, l[i].end - l[i].start, A_NORMAL);
				free(l);
			}
			n += wrapped;
		}
		if (!heading)
			n++;
	}
	sbuf_release(&sb);
	return n;
}

static void help_draw(struct app *app, void *self, int top, int bottom)
{
	struct help *h = self;
	struct sbuf t = SBUF_INIT;
	int w = getmaxx(stdscr), n;

	sbuf_addf(&t, "Keys: %s", h->of->name);
	ui_put(top, 1, w - 2, t.buf, ui_attr(UI_TITLE) | A_UNDERLINE);
	sbuf_release(&t);
	n = help_lines(h, w, top + 2, 0, 0, bottom);
	if (h->top > n - (bottom - top - 2))
		h->top = n - (bottom - top - 2);
	if (h->top < 0)
		h->top = 0;
	help_lines(h, w, top + 2, 1, h->top, bottom);
	app_cursor(app, top, 1);
}

static enum scr_result k_scroll(struct app *app, void *self, unsigned key)
{
	struct help *h = self;
	int page = getmaxy(stdscr) - 6;

	(void)app;
	h->top += key == KC(KEY_DOWN) ? 1 : key == KC(KEY_UP) ? -1 :
		  key == KC(KEY_NPAGE) || key == ' ' ? page : -page;
	if (h->top < 0)
		h->top = 0;
	return SCR_STAY;
}

static enum scr_result k_close(struct app *app, void *self, unsigned key)
{
	(void)app, (void)self, (void)key;
	return SCR_POP;
}

static const struct keydef help_keys[] = {
	{ { KC(KEY_UP), KC(KEY_DOWN), KC(KEY_PPAGE), KC(KEY_NPAGE), ' ' },
	  "scroll", "scroll", 0, k_scroll, 2 },
	{ { K_ESC, K_ENTER, 'q', '?' }, "close the help", "close", 0, k_close, 0 },
	{ { 0 }, NULL, NULL, 0, NULL, 0 },
};

static void help_close(struct app *app, void *self)
{
	(void)app;
	free(self);
}

const struct screen_ops help_ops = {
	"Help", help_draw, NULL, NULL, NULL, help_close, help_keys, 0, NULL,
};

void help_open(struct app *app, const struct screen_ops *for_screen)
{
	struct help *h;

	if (for_screen == &help_ops) {
		app_pop(app);	/* F1 again closes it */
		return;
	}
	h = xcalloc(1, sizeof(*h));
	h->of = for_screen;
	if (for_screen->place)
		h->place = for_screen->place(app, app->stack[app->depth - 1].self);
	app_push(app, &help_ops, h);
}
