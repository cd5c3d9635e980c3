/*
 * app_ask.c - the app's two questions over the current screen (see
 * screen.h): a yes/no question (app_confirm) and a small menu (app_menu).
 * Each closes itself before running the answer, which may open a screen,
 * and each drops the keys typed before it was first drawn: a question is
 * answered only by a key typed after it showed.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/sbuf.h"
#include "screen.h"
#include "ui.h"

/* ---- yes/no ---- */

struct confirm {
	char *q;
	void (*fn)(struct app *, void *);
	void *arg;
	void (*free_arg)(void *);
	int shown;		/* drawn at least once */
};

/* The first time a question is drawn, what was typed before it goes. */
static void first_draw(int *shown)
{
	if (*shown)
		return;
	*shown = 1;
	app_drop_typeahead();
}

static void confirm_draw(struct app *app, void *self, int top, int bottom)
{
	struct confirm *c = self;
	int h, w = getmaxx(stdscr), bw, lines, y;

	bw = w - 8 > 70 ? 70 : w - 8;
	lines = ui_wrap_count(c->q, bw - 4);
	h = lines + 4;
	y = top + (bottom - top - h) / 2;
	first_draw(&c->shown);
	ui_box(y, (w - bw) / 2, h, bw, "Please confirm");
	ui_put_wrapped(y + 1, (w - bw) / 2 + 2, bw - 4, lines, c->q, A_BOLD);
	ui_put(y + h - 2, (w - bw) / 2 + 2, bw - 4, "y yes    n no", A_NORMAL);
	app->footer = "y yes  n or Esc no";
	app_cursor(app, y + h - 2, (w - bw) / 2 + 2);
}

static enum scr_result confirm_key(struct app *app, void *self, enum key_kind kind, wint_t ch)
{
	struct confirm *c = self;

	if (kind != KIND_CHAR)
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
	int shown;		/* drawn at least once */
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
	first_draw(&m->shown);
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

static enum scr_result menu_key(struct app *app, void *self, enum key_kind kind, wint_t ch)
{
	struct menu *m = self;

	if (kind == KIND_CODE) {
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
