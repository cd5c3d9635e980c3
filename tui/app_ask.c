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
#include "keys.h"
#include "screen.h"
#include "ui.h"

/* ---- yes/no ---- */

struct confirm {
	char *q;
	void (*fn)(struct app *, void *);
	void *arg;
	void (*free_arg)(void *);
	int shown;		/* drawn at least once */
	int yes;		/* the highlighted answer (Enter takes it) is yes */
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
	int h, w = getmaxx(stdscr), bw, lines, y, x;

	bw = w - 8 > 70 ? 70 : w - 8;
	lines = ui_wrap_count(c->q, bw - 4);
	h = lines + 4;
	y = top + (bottom - top - h) / 2;
	first_draw(&c->shown);
	ui_box(y, (w - bw) / 2, h, bw, "Please confirm");
	ui_put_wrapped(y + 1, (w - bw) / 2 + 2, bw - 4, lines, c->q, A_BOLD);
	x = (w - bw) / 2 + 2;
	ui_put(y + h - 2, x, 9, "[ Yes ]", c->yes ? ui_attr(UI_SEL) | A_BOLD : A_NORMAL);
	ui_put(y + h - 2, x + 10, 8, "[ No ]", c->yes ? A_NORMAL : ui_attr(UI_SEL) | A_BOLD);
	ui_put(y + h - 2, x + 19, bw - 23, "y yes, n no, Enter the highlighted",
	       ui_attr(UI_DIM));
	app_cursor(app, y + h - 2, c->yes ? x + 2 : x + 12);
}

static enum scr_result answer_yes(struct app *app, struct confirm *c)
{
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

static enum scr_result k_yes(struct app *app, void *self, unsigned key)
{
	(void)key;
	return answer_yes(app, self);
}

static enum scr_result k_no(struct app *app, void *self, unsigned key)
{
	(void)app, (void)self, (void)key;
	return SCR_POP;
}

static enum scr_result k_enter(struct app *app, void *self, unsigned key)
{
	struct confirm *c = self;

	(void)key;
	return c->yes ? answer_yes(app, c) : SCR_POP;
}

static enum scr_result k_switch(struct app *app, void *self, unsigned key)
{
	struct confirm *c = self;

	(void)app;
	c->yes = key == KC(KEY_LEFT) ? 1 : key == KC(KEY_RIGHT) ? 0 : !c->yes;
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

static const struct keydef confirm_keys[] = {
	{ { 'y', 'Y' }, "yes", "yes", 0, k_yes, 0 },
	{ { 'n', 'N', K_ESC }, "no", "no", 0, k_no, 0 },
	{ { K_ENTER }, "the highlighted answer", "highlighted", 0, k_enter, 0 },
	{ { KC(KEY_LEFT), KC(KEY_RIGHT), K_TAB }, "highlight Yes or No", NULL, 0, k_switch, 0 },
	{ { 0 }, NULL, NULL, 0, NULL, 0 },
};

const struct screen_ops app_confirm_ops = {
	"Question", confirm_draw, NULL, NULL, NULL, confirm_close, confirm_keys, 1, NULL,
};

static void confirm(struct app *app, const char *question, int yes,
		    void (*fn)(struct app *app, void *arg), void *arg,
		    void (*free_arg)(void *arg))
{
	struct confirm *c = xcalloc(1, sizeof(*c));

	c->q = xstrdup(question);
	c->fn = fn;
	c->arg = arg;
	c->free_arg = free_arg;
	c->yes = yes;
	app_push(app, &app_confirm_ops, c);
}

void app_confirm(struct app *app, const char *question,
		 void (*fn)(struct app *app, void *arg), void *arg,
		 void (*free_arg)(void *arg))
{
	confirm(app, question, 0, fn, arg, free_arg);
}

void app_confirm_yes(struct app *app, const char *question,
		     void (*fn)(struct app *app, void *arg), void *arg,
		     void (*free_arg)(void *arg))
{
	confirm(app, question, 1, fn, arg, free_arg);
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

static enum scr_result k_menu_move(struct app *app, void *self, unsigned key)
{
	struct menu *m = self;

	(void)app;
	if (key == KC(KEY_UP) && m->sel > 0)
		m->sel--;
	else if (key == KC(KEY_DOWN) && m->sel + 1 < m->n)
		m->sel++;
	return SCR_STAY;
}

static enum scr_result k_menu_enter(struct app *app, void *self, unsigned key)
{
	struct menu *m = self;

	(void)key;
	return menu_pick(app, m, m->sel);
}

static enum scr_result k_menu_cancel(struct app *app, void *self, unsigned key)
{
	(void)app, (void)self, (void)key;
	return SCR_POP;
}

/* A letter or digit beside an item picks it. */
static enum scr_result menu_key(struct app *app, void *self, enum key_kind kind, wint_t ch)
{
	struct menu *m = self;

	if (kind != KIND_CHAR)
		return SCR_STAY;
	for (int i = 0; i < m->n; i++)
		if (m->items[i].key && (wint_t)m->items[i].key == ch)
			return menu_pick(app, m, i);
	app_msg(app, 0, "Pick with the letter or number beside an item, or Up, Down and Enter.");
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

static const struct keydef menu_keys[] = {
	{ { KC(KEY_UP), KC(KEY_DOWN) }, "choose", "choose", 0, k_menu_move, 2 },
	{ { K_ENTER }, "pick the highlighted item (or type its letter or number)", "pick", 0,
	  k_menu_enter, 0 },
	{ { K_ESC }, "cancel", "cancel", 0, k_menu_cancel, 0 },
	{ { 0 }, NULL, NULL, 0, NULL, 0 },
};

const struct screen_ops app_menu_ops = {
	"Menu", menu_draw, menu_key, NULL, NULL, menu_close, menu_keys, 1, NULL,
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
	app_push(app, &app_menu_ops, m);
}
