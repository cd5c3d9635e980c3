/*
 * report_screen.c - the completion figures of the manager's team (F3 or
 * Ctrl-Y on the team list): a bar of the completion rate per station and in
 * total, from lib/report.h, so the screen and "eadr report completion"
 * always agree.  Overdue counts are bold and say OVERDUE; colour only adds.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/report.h"
#include "lib/sbuf.h"
#include "keys.h"
#include "report_screen.h"
#include "screen.h"
#include "ui.h"

#define NAME_MAX_W 20	/* a longer station name is cut with an ellipsis */
#define BAR_MIN 10	/* narrower than this and the details get a line of their own */
#define BAR_MAX 50
#define PCT_W 6		/* "100.0%" */
#define HEAD_ROWS 3	/* the date, the legend, a blank line */

struct report {
	struct completion c;
	char *failed;		/* why the figures could not be read, or NULL */
	size_t top;		/* the first station shown */
	size_t slots;		/* stations that fitted at the last draw (for paging) */
};

static void load(struct app *app, struct report *r)
{
	struct err err = ERR_INIT;

	completion_release(&r->c);
	free(r->failed);
	r->failed = NULL;
	if (report_completion(app->st, NULL, &r->c, &err) < 0) {
		struct sbuf sb = SBUF_INIT;

		sbuf_addf(&sb, "The figures could not be read: %s. Ctrl-R tries again.",
			  err_msg(&err));
		r->failed = sbuf_detach(&sb);	/* drawn in place of the figures */
	}
	err_release(&err);
	if (r->top >= r->c.n)
		r->top = 0;
}

static const char *row_name(const struct completion_row *row)
{
	if (!row->station)
		return "All stations";
	return *row->station ? row->station : "(no station)";
}

/*
 * The words after the bar, in three parts so that the overdue count alone
 * can be drawn bold: "1 of 6 appraised  ", "! 2 OVERDUE", "  0 drafts  ...".
 */
static void details(const struct completion_row *row, struct sbuf *pre,
		    struct sbuf *over, struct sbuf *post)
{
	sbuf_addf(pre, "%ld of %ld appraised  ", row->appraised, row->staff);
	if (row->overdue)
		sbuf_addf(over, "%s %ld OVERDUE", ui_mark(UI_M_TODO), row->overdue);
	else
		sbuf_adds(over, "0 overdue");
	sbuf_addf(post, "  %ld draft%s  %ld due in 30 days", row->drafts,
		  row->drafts == 1 ? "" : "s", row->due_30);
}

static int details_width(const struct completion_row *row)
{
	struct sbuf a = SBUF_INIT, b = SBUF_INIT, c = SBUF_INIT;
	int w;

	details(row, &a, &b, &c);
	w = ui_width(a.buf) + ui_width(b.buf) + ui_width(c.buf);
	sbuf_release(&a);
	sbuf_release(&b);
	sbuf_release(&c);
	return w;
}

/*
 * The rate as a bar of width cells: whole blocks and an eighth-block for
 * the remainder in UTF-8, '#' and '.' otherwise.  Any appraisal at all
 * shows, and only everyone appraised fills the bar.
 */
static void draw_bar(int y, int x, int width, double rate)
{
	static const char *const part[8] = {
		"", "\xe2\x96\x8f", "\xe2\x96\x8e", "\xe2\x96\x8d",
		"\xe2\x96\x8c", "\xe2\x96\x8b", "\xe2\x96\x8a", "\xe2\x96\x89",
	};
	const int steps = ui_utf8 ? 8 : 1;
	int total = width * steps, n = (int)(rate * total + 0.5), i = 0;

	if (n > total)
		n = total;
	if (rate > 0 && n == 0)
		n = 1;
	if (rate < 1 && n == total)
		n = total - 1;
	for (; i < n / steps; i++)
		ui_put(y, x + i, 1, ui_utf8 ? "\xe2\x96\x88" : "#", ui_attr(UI_OK));
	if (n % steps)
		ui_put(y, x + i++, 1, part[n % steps], ui_attr(UI_OK));
	for (; i < width; i++)
		ui_put(y, x + i, 1, ui_utf8 ? "\xe2\x96\x91" : ".", ui_attr(UI_DIM));
}

struct layout {
	int namew, barw;
	int lines;	/* 1: the details beside the bar; 2: below it; 3: on two lines below */
};

#define INDENT 2	/* of the details below the bar */

static struct layout lay_out(const struct completion *c, int w)
{
	struct layout l;
	int detw = details_width(&c->total), bar;

	l.namew = ui_width(row_name(&c->total));
	for (size_t i = 0; i < c->n; i++) {
		int nw = ui_width(row_name(&c->rows[i])), dw = details_width(&c->rows[i]);

		if (nw > l.namew)
			l.namew = nw;
		if (dw > detw)
			detw = dw;
	}
	if (l.namew > NAME_MAX_W)
		l.namew = NAME_MAX_W;
	/* " name bar pct  details " */
	bar = w - 2 - l.namew - 1 - 1 - PCT_W - 2 - detw;
	if (bar >= BAR_MIN) {
		l.lines = 1;
	} else {
		bar = w - 2 - l.namew - 1 - 1 - PCT_W - 1;
		l.lines = INDENT + detw <= w ? 2 : 3;
	}
	l.barw = bar > BAR_MAX ? BAR_MAX : bar < 1 ? 1 : bar;
	return l;
}

/* One station (or the total) from y, not at or past bottom; returns the rows it takes. */
static int draw_row(const struct completion_row *row, const struct layout *l,
		    int y, int bottom, int w, attr_t name_attr)
{
	struct sbuf pre = SBUF_INIT, over = SBUF_INIT, post = SBUF_INIT;
	const char *name = row_name(row), *rest;
	char pct[16];
	int x = 1, end = w;

	ui_put(y, x, l->namew, name, name_attr);
	if (ui_width(name) > l->namew) {
		ui_fill(y, x + l->namew - 1, 1, A_NORMAL);
		ui_put(y, x + l->namew - 1, 1, ui_mark(UI_M_ELLIPSIS), name_attr);
	}
	x += l->namew + 1;
	draw_bar(y, x, l->barw, row->rate);
	x += l->barw + 1;
	snprintf(pct, sizeof(pct), "%5.1f%%", row->rate * 100);
	ui_put(y, x, PCT_W, pct, A_BOLD);
	x += PCT_W + 2;
	details(row, &pre, &over, &post);
	rest = post.buf;
	if (l->lines > 1) {
		if (++y >= bottom)
			goto out;
		x = INDENT;
	}
	x += ui_put(y, x, end - x, pre.buf, A_NORMAL);
	x += ui_put(y, x, end - x, over.buf, row->overdue ? ui_attr(UI_ERR) : A_NORMAL);
	if (l->lines > 2) {
		if (++y >= bottom)
			goto out;
		x = INDENT;
		rest += 2;	/* its leading spaces */
	}
	ui_put(y, x, end - x, rest, A_NORMAL);
out:
	sbuf_release(&pre);
	sbuf_release(&over);
	sbuf_release(&post);
	return l->lines;
}

static void rs_draw(struct app *app, void *self, int top, int bottom)
{
	struct report *r = self;
	struct sbuf sb = SBUF_INIT;
	struct layout l;
	int w = getmaxx(stdscr), y, fit;
	size_t k;

	app->title = "eadr - completion of your team";
	sbuf_addf(&sb, "Completion on %s, all stations in this database",
		  r->c.today[0] ? r->c.today : "(unknown date)");
	ui_put(top, 1, w - 2, sb.buf, ui_attr(UI_TITLE));
	app_cursor(app, top, 1);
	ui_put(top + 1, 1, w - 2, "Bar: staff with a final appraisal in the last 12 "
	       "months", ui_attr(UI_DIM));
	sbuf_release(&sb);
	if (!r->c.n) {
		ui_put_wrapped(top + HEAD_ROWS, 1, w - 2, bottom - top - HEAD_ROWS,
			       r->failed ? r->failed : "No staff yet, so no figures. Add staff "
			       "with Ctrl-N on the team list or 'eadr staff import FILE.csv'.",
			       A_NORMAL);
		return;
	}
	l = lay_out(&r->c, w);
	/* the stations, then a line, then the total, which never scrolls away */
	fit = (bottom - top - HEAD_ROWS - 1 - l.lines) / l.lines;
	r->slots = fit > 1 ? (size_t)fit : 1;
	if (r->top + r->slots > r->c.n)
		r->top = r->c.n > r->slots ? r->c.n - r->slots : 0;
	y = top + HEAD_ROWS;
	for (k = r->top; k < r->c.n && k < r->top + r->slots && y < bottom; k++)
		y += draw_row(&r->c.rows[k], &l, y, bottom, w, A_NORMAL);
	if (y >= bottom)
		return;
	ui_hline(y, 1, w - 2);
	if (r->top > 0 || k < r->c.n) {
		sbuf_addf(&sb, " stations %zu-%zu of %zu (Up/Down for more) ",
			  r->top + 1, k, r->c.n);
		ui_put(y, 3, w - 4, sb.buf, A_BOLD);
		sbuf_release(&sb);
	}
	if (y + 1 < bottom)
		draw_row(&r->c.total, &l, y + 1, bottom, w, A_BOLD);
	app_cursor(app, top + HEAD_ROWS, 1);
}

static enum scr_result k_scroll(struct app *app, void *self, unsigned key)
{
	struct report *r = self;
	size_t last = r->c.n > r->slots ? r->c.n - r->slots : 0;

	(void)app;
	switch (key & ~K_CODE) {
	case KEY_UP: if (r->top > 0) r->top--; break;
	case KEY_DOWN: if (r->top < last) r->top++; break;
	case KEY_PPAGE: r->top = r->top > r->slots ? r->top - r->slots : 0; break;
	case KEY_NPAGE: r->top = r->top + r->slots < last ? r->top + r->slots : last; break;
	case KEY_HOME: r->top = 0; break;
	case KEY_END: r->top = last; break;
	}
	return SCR_STAY;
}

static enum scr_result k_reload(struct app *app, void *self, unsigned key)
{
	(void)key;
	load(app, self);
	return SCR_STAY;
}

static void rs_close(struct app *app, void *self)
{
	struct report *r = self;

	(void)app;
	completion_release(&r->c);
	free(r->failed);
	free(r);
}

static const struct keydef rs_keys[] = {
	{ { KC(KEY_UP), KC(KEY_DOWN), KC(KEY_PPAGE), KC(KEY_NPAGE), KC(KEY_HOME),
	    KC(KEY_END) }, "scroll the stations", "scroll", 0, k_scroll, 2 },
	{ { KCTRL('R') }, "read the figures again", "read again", 0, k_reload, 0 },
	{ { K_ESC, 'q', KC(KEY_F(3)), KCTRL('Y') }, "back to the team list", "back", 0,
	  keys_back, 0 },
	{ { '?' }, "this help", NULL, 0, keys_help, 0 },
	{ { KCTRL('Q') }, "quit (everything is saved)", NULL, 0, keys_quit, 0 },
	{ { 0 }, NULL, NULL, 0, NULL, 0 },
};

const struct screen_ops report_screen_ops = {
	"Completion", rs_draw, NULL, NULL, NULL, rs_close, rs_keys, 0, NULL,
};

void report_screen_open(struct app *app)
{
	struct report *r = xcalloc(1, sizeof(*r));

	load(app, r);
	app_push(app, &report_screen_ops, r);
}
