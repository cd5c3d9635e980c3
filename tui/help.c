/*
 * help.c - the small screens that sit over another: the key bindings of
 * the screen below (F1, ?, Ctrl-G), a yes/no question, and a menu.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/sbuf.h"
#include "screen.h"
#include "ui.h"

void ui_box(int y, int x, int h, int w, const char *title)
{
	for (int i = 0; i < h; i++)
		ui_fill(y + i, x, w, A_NORMAL);
	ui_frame(y, x, h, w);
	if (title) {
		int tw = ui_width(title);

		if (tw > w - 4)
			tw = w - 4;
		ui_put(y, x + 2, tw + 2, " ", A_NORMAL);
		ui_put(y, x + 3, tw, title, A_BOLD);
		ui_put(y, x + 3 + tw, 1, " ", A_NORMAL);
	}
}

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

static enum scr_result help_key(struct app *app, void *self, int is_key, wint_t ch)
{
	struct help *h = self;

	(void)app;
	if (is_key == 1 && (ch == KEY_DOWN || ch == KEY_NPAGE))
		h->top += ch == KEY_DOWN ? 1 : 10;
	else if (is_key == 1 && (ch == KEY_UP || ch == KEY_PPAGE))
		h->top -= ch == KEY_UP ? 1 : 10;
	else if (is_key == 1 && ch == KEY_F(1))
		return SCR_POP;
	else if (!is_key && (ch == 27 || ch == 'q' || ch == 'Q' || ch == '\r' ||
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

/* ---- yes/no ---- */

struct confirm {
	char *q;
	void (*fn)(struct app *, void *);
	void *arg;
	void (*free_arg)(void *);
};

static void confirm_draw(struct app *app, void *self, int top, int bottom)
{
	struct confirm *c = self;
	int h, w = getmaxx(stdscr), bw, lines, y;

	bw = w - 8 > 70 ? 70 : w - 8;
	lines = ui_wrap_count(c->q, bw - 4);
	h = lines + 4;
	y = top + (bottom - top - h) / 2;
	ui_box(y, (w - bw) / 2, h, bw, "Please confirm");
	ui_put_wrapped(y + 1, (w - bw) / 2 + 2, bw - 4, lines, c->q, A_BOLD);
	ui_put(y + h - 2, (w - bw) / 2 + 2, bw - 4, "y yes    n no", A_NORMAL);
	app->footer = "y yes  n or Esc no";
	app_cursor(app, y + h - 2, (w - bw) / 2 + 2);
}

static enum scr_result confirm_key(struct app *app, void *self, int is_key, wint_t ch)
{
	struct confirm *c = self;

	if (is_key)
		return SCR_STAY;
	if (ch == 'y' || ch == 'Y') {
		void (*fn)(struct app *, void *) = c->fn;

		c->fn = NULL;
		/* Close first: fn may push the screen that comes next. */
		app->depth--;
		fn(app, c->arg);
		if (c->free_arg)
			c->free_arg(c->arg);
		free(c->q);
		free(c);
		return SCR_STAY;
	}
	if (ch == 'n' || ch == 'N' || ch == 27)
		return SCR_POP;
	return SCR_STAY;
}

static void confirm_close(struct app *app, void *self)
{
	struct confirm *c = self;

	(void)app;
	if (c->free_arg)
		c->free_arg(c->arg);
	free(c->q);
	free(c);
}

static const struct help_key confirm_help[] = {
	{ "y", "yes" },
	{ "n, Esc", "no" },
	{ NULL, NULL },
};

static const struct screen_ops confirm_ops = {
	"Question", confirm_draw, confirm_key, NULL, NULL, confirm_close,
	confirm_help, 1,
};

void app_confirm(struct app *app, const char *question,
		 void (*fn)(struct app *app, void *arg), void *arg,
		 void (*free_arg)(void *arg))
{
	struct confirm *c = xcalloc(1, sizeof(*c));

	c->q = xstrdup(question);
	c->fn = fn;
	c->arg = arg;
	c->free_arg = free_arg;
	app_push(app, &confirm_ops, c);
}

/* ---- menu ---- */

struct menu {
	char *title;
	struct menu_item *items;
	int n, sel;
	void (*fn)(struct app *, void *, int);
	void *arg;
	void (*free_arg)(void *);
};

static void menu_draw(struct app *app, void *self, int top, int bottom)
{
	struct menu *m = self;
	int w = getmaxx(stdscr), bw = 0, h = m->n + 2, x, y, first = 0;

	for (int i = 0; i < m->n; i++) {
		int iw = ui_width(m->items[i].label) + 8;

		if (iw > bw)
			bw = iw;
	}
	if (ui_width(m->title) + 6 > bw)
		bw = ui_width(m->title) + 6;
	if (bw > w - 4)
		bw = w - 4;
	if (h > bottom - top)
		h = bottom - top;
	if (m->sel >= first + h - 2)
		first = m->sel - (h - 3);
	x = (w - bw) / 2;
	y = top + (bottom - top - h) / 2;
	ui_box(y, x, h, bw, m->title);
	for (int i = first; i < m->n && i - first < h - 2; i++) {
		attr_t a = i == m->sel ? ui_attr(UI_SEL) : A_NORMAL;
		char k[4] = { ' ', m->items[i].key ? m->items[i].key : ' ', ' ', 0 };

		ui_fill(y + 1 + i - first, x + 1, bw - 2, a);
		ui_put(y + 1 + i - first, x + 2, 3, k, a | A_BOLD);
		ui_put(y + 1 + i - first, x + 6, bw - 8, m->items[i].label, a);
		if (i == m->sel)
			app_cursor(app, y + 1 + i - first, x + 2);
	}
	app->footer = "Up/Down choose  Enter or letter pick  Esc cancel";
}

static enum scr_result menu_pick(struct app *app, struct menu *m, int i)
{
	void (*fn)(struct app *, void *, int) = m->fn;

	app->depth--;	/* close first: fn may push the next screen */
	fn(app, m->arg, i);
	if (m->free_arg)
		m->free_arg(m->arg);
	free(m->title);
	free(m->items);
	free(m);
	return SCR_STAY;
}

static enum scr_result menu_key(struct app *app, void *self, int is_key, wint_t ch)
{
	struct menu *m = self;

	if (is_key == 1) {
		if (ch == KEY_UP && m->sel > 0)
			m->sel--;
		else if (ch == KEY_DOWN && m->sel + 1 < m->n)
			m->sel++;
		else if (ch == KEY_ENTER)
			return menu_pick(app, m, m->sel);
		return SCR_STAY;
	}
	if (ch == 27)
		return SCR_POP;
	if (ch == '\r' || ch == '\n')
		return menu_pick(app, m, m->sel);
	for (int i = 0; i < m->n; i++)
		if (m->items[i].key && (wint_t)m->items[i].key == ch)
			return menu_pick(app, m, i);
	return SCR_STAY;
}

static void menu_close(struct app *app, void *self)
{
	struct menu *m = self;

	(void)app;
	if (m->free_arg)
		m->free_arg(m->arg);
	free(m->title);
	free(m->items);
	free(m);
}

static const struct help_key menu_help[] = {
	{ "Up, Down", "choose" },
	{ "Enter, letter", "pick" },
	{ "Esc", "cancel" },
	{ NULL, NULL },
};

static const struct screen_ops menu_ops = {
	"Menu", menu_draw, menu_key, NULL, NULL, menu_close, menu_help, 1,
};

void app_menu(struct app *app, const char *title, const struct menu_item *items,
	      int n, int sel, void (*fn)(struct app *app, void *arg, int choice),
	      void *arg, void (*free_arg)(void *arg))
{
	struct menu *m = xcalloc(1, sizeof(*m));

	m->title = xstrdup(title);
	m->items = xmalloc((size_t)n * sizeof(*items));
	memcpy(m->items, items, (size_t)n * sizeof(*items));
	m->n = n;
	m->sel = sel >= 0 && sel < n ? sel : 0;
	m->fn = fn;
	m->arg = arg;
	m->free_arg = free_arg;
	app_push(app, &menu_ops, m);
}
