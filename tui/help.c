/*
 * help.c - the help screen: the key bindings of the screen below it (F1,
 * ?, Ctrl-G) and the keys every screen shares.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/sbuf.h"
#include "help.h"
#include "screen.h"
#include "ui.h"

/* ---- help ---- */

static const struct help_key common_keys[] = {
	{ "F1, ?, Ctrl-G", "this help (Esc or q closes it)" },
	{ "Ctrl-C", "save everything and quit; the next start offers to resume" },
	{ "Ctrl-L", "redraw the screen" },
	{ NULL, NULL },
};

struct help {
	const struct screen_ops *of;
	int top;
};

static int help_lines(const struct help *h, int width, int y, int draw, int top,
		      int bottom)
{
	const struct help_key *tables[2] = { h->of->help, common_keys };
	int n = 0;

	for (int t = 0; t < 2; t++) {
		for (const struct help_key *k = tables[t]; k && k->keys; k++, n++) {
			int row = y + n - top;

			if (draw && row >= y && row < bottom) {
				ui_put(row, 2, 18, k->keys, A_BOLD);
				ui_put(row, 21, width - 22, k->what, A_NORMAL);
			}
		}
		n++;
	}
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
	if (h->top > n - 1)
		h->top = n > 0 ? n - 1 : 0;
	help_lines(h, w, top + 2, 1, h->top, bottom);
	app->footer = "Up/Down scroll  Esc or q close";
	app_cursor(app, top, 1);
}

static enum scr_result help_key(struct app *app, void *self, enum key_kind kind, wint_t ch)
{
	struct help *h = self;

	(void)app;
	if (kind == KIND_CODE && (ch == KEY_DOWN || ch == KEY_NPAGE))
		h->top += ch == KEY_DOWN ? 1 : 10;
	else if (kind == KIND_CODE && (ch == KEY_UP || ch == KEY_PPAGE))
		h->top -= ch == KEY_UP ? 1 : 10;
	else if (kind == KIND_CODE && ch == KEY_F(1))
		return SCR_POP;
	else if (kind == KIND_CHAR && (ch == 27 || ch == 'q' || ch == 'Q' || ch == '\r' ||
			     ch == '\n' || ch == '?' || ch == 7))
		return SCR_POP;
	if (h->top < 0)
		h->top = 0;
	return SCR_STAY;
}

static void help_close(struct app *app, void *self)
{
	(void)app;
	free(self);
}

static const struct screen_ops help_ops = {
	"Help", help_draw, help_key, NULL, NULL, help_close, NULL, 0,
};

void help_open(struct app *app, const struct screen_ops *for_screen)
{
	struct help *h;

	if (for_screen == &help_ops)
		return;
	h = xcalloc(1, sizeof(*h));
	h->of = for_screen;
	app_push(app, &help_ops, h);
}
