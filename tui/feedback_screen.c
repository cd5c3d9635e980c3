/*
 * feedback_screen.c - the 360-degree feedback report beside the values and
 * behaviours section (F4 in the walk): a text bar per dimension per group,
 * one letter per response so that it reads without colour, and the
 * comments, from the report that came back from the hub (lib/feedback_back.h).
 * Read only: nothing in it is copied into the appraisal's own ratings.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/feedback_back.h"
#include "lib/sbuf.h"
#include "feedback_screen.h"
#include "keys.h"
#include "screen.h"
#include "ui.h"

#define LABEL_W 36	/* "peers, direct reports and others (12)" */
#define BAR_W 20

struct fline {
	char *text;
	attr_t a;
};

struct fbscreen {
	char *staff_number, *name, *title;
	char *report;		/* the text, or NULL */
	char *why;		/* why there is none to show */
	struct fline *v;
	size_t n, top, rows;
	int width;		/* the lines were made for this width */
};

static void add(struct fbscreen *s, const char *text, attr_t a)
{
	s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
	s->v[s->n].text = xstrdup(text);
	s->v[s->n++].a = a;
}

/* text wrapped to width, each line after the first indented by indent */
static void add_wrapped(struct fbscreen *s, const char *text, int width, attr_t a)
{
	struct ui_line *l;
	size_t n = ui_wrap(text, width, &l);

	for (size_t i = 0; i < n; i++) {
		char *t = xstrndup(text + l[i].start, l[i].end - l[i].start);
		add(s, t, a);
		free(t);
	}
	free(l);
}

/* One letter per point of the scale, each a letter of its label not
 * taken by an earlier point: E(ssential), P, S, (e)X(emplary), N(ot seen). */
static void letters(const struct fb_report *r, char out[8])
{
	for (size_t k = 0; k < r->npoints; k++) {
		out[k] = '?';
		for (const char *p = r->points[k]; *p; p++) {
			char c = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
			if (c < 'A' || c > 'Z' || memchr(out, c, k))
				continue;
			out[k] = c;
			break;
		}
	}
}

/* "  peers (3)        [PPPPPPSSSSSSSXXXXXXX] E0 P1 S1 X1 N0" */
static void bar_line(struct fbscreen *s, const struct fb_report *r,
		     const struct fb_spread *row, const char let[8])
{
	struct sbuf sb = SBUF_INIT, lab = SBUF_INIT;
	int total = 0, done = 0, cum = 0;

	for (size_t k = 0; k < r->npoints; k++)
		total += row->n[k];
	sbuf_addf(&lab, "%s (%d)", row->label, row->count);
	sbuf_addf(&sb, "  %-*s [", LABEL_W, lab.buf);
	for (size_t k = 0; k < r->npoints && total; k++) {
		cum += row->n[k];
		int upto = cum * BAR_W / total;	/* cumulative: the bar is always full */
		for (; done < upto; done++)
			sbuf_addch(&sb, let[k]);
	}
	for (; done < BAR_W; done++)
		sbuf_addch(&sb, ' ');
	sbuf_adds(&sb, "]");
	for (size_t k = 0; k < r->npoints; k++)
		sbuf_addf(&sb, " %c%d", let[k], row->n[k]);
	add(s, sb.buf, A_NORMAL);
	sbuf_release(&sb);
	sbuf_release(&lab);
}

static const struct fb_dimension *dim_of(const struct fb_report *r, const char *label)
{
	for (size_t d = 0; d < r->ndims; d++)
		if (!strcmp(r->dims[d].label, label))
			return &r->dims[d];
	return NULL;
}

/* The display lines for width columns: the report's own lines, each
 * dimension's rows of figures drawn as bars. */
static void build(struct fbscreen *s, int width)
{
	struct fb_report r;
	struct sbuf legend = SBUF_INIT;
	char let[8] = { 0 }, *copy, *line, *next;
	int skip = 0, lineno = 0;

	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].text);
	s->n = s->top = 0;
	s->width = width;
	if (!s->report) {
		add_wrapped(s, s->why, width - 4, A_NORMAL);
		return;
	}
	fb_report_parse(s->report, &r);
	letters(&r, let);
	add_wrapped(s, "Input to the conversation, not a score: nothing here goes into "
		    "the appraisal's own ratings.", width - 4, A_NORMAL);
	sbuf_adds(&legend, "Bars: one letter per response:");
	for (size_t k = 0; k < r.npoints; k++)
		sbuf_addf(&legend, " %c %s%s", let[k], r.points[k], k + 1 < r.npoints ? "," : "");
	add_wrapped(s, legend.buf, width - 4, A_NORMAL);
	copy = xstrdup(s->report);
	for (line = copy; line; line = next) {
		const struct fb_dimension *d;
		if ((next = strchr(line, '\n')))
			*next++ = '\0';
		if (*line == ' ' && skip)
			continue;
		skip = 0;
		if (++lineno <= 2)
			continue;	/* the name (the title says it), the request id */
		if (*line && *line != ' ' && (d = dim_of(&r, line))) {
			if (s->n && *s->v[s->n - 1].text)
				add(s, "", A_NORMAL);
			add_wrapped(s, line, width - 4, A_BOLD);
			if (d->self) {
				struct sbuf sb = SBUF_INIT;
				sbuf_addf(&sb, "  %-*s  %s", LABEL_W, "self", d->self);
				add(s, sb.buf, A_NORMAL);
				sbuf_release(&sb);
			}
			for (size_t k = 0; k < d->nrows; k++)
				bar_line(s, &r, &d->rows[k], let);
			skip = 1;
			continue;
		}
		if (!*line && s->n && !*s->v[s->n - 1].text)
			continue;	/* one blank line between blocks */
		add_wrapped(s, line, width - 4, *line && *line != ' ' ? A_BOLD : A_NORMAL);
	}
	free(copy);
	sbuf_release(&legend);
	fb_report_release(&r);
}

static void fs_draw(struct app *app, void *self, int top, int bottom)
{
	struct fbscreen *s = self;
	int w = getmaxx(stdscr), y = top;

	app->title = s->title;
	if (s->width != w)
		build(s, w);
	s->rows = bottom > top + 1 ? (size_t)(bottom - top - 1) : 1;
	if (s->top + s->rows > s->n)
		s->top = s->n > s->rows ? s->n - s->rows : 0;
	for (size_t i = s->top; i < s->n && y < bottom - 1; i++, y++)
		ui_put(y, 2, w - 2, s->v[i].text, s->v[i].a);
	if (s->n > s->rows) {
		struct sbuf sb = SBUF_INIT;
		sbuf_addf(&sb, "lines %zu-%zu of %zu", s->top + 1,
			  s->top + s->rows < s->n ? s->top + s->rows : s->n, s->n);
		ui_put(bottom - 1, w - 2 - ui_width(sb.buf), ui_width(sb.buf), sb.buf,
		       ui_attr(UI_DIM));
		sbuf_release(&sb);
	}
	app_cursor(app, top, 2);
}

static enum scr_result k_scroll(struct app *app, void *self, unsigned key)
{
	struct fbscreen *s = self;
	size_t last = s->n > s->rows ? s->n - s->rows : 0;

	(void)app;
	switch (key & ~K_CODE) {
	case KEY_UP: if (s->top > 0) s->top--; break;
	case KEY_DOWN: if (s->top < last) s->top++; break;
	case KEY_PPAGE: s->top = s->top > s->rows ? s->top - s->rows : 0; break;
	case KEY_NPAGE: s->top = s->top + s->rows < last ? s->top + s->rows : last; break;
	case KEY_HOME: s->top = 0; break;
	case KEY_END: s->top = last; break;
	}
	return SCR_STAY;
}

static void fs_close(struct app *app, void *self)
{
	struct fbscreen *s = self;

	(void)app;
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].text);
	free(s->v);
	if (s->report) {
		memset(s->report, 0, strlen(s->report));
		free(s->report);
	}
	free(s->why);
	free(s->staff_number);
	free(s->name);
	free(s->title);
	free(s);
}

static const struct keydef fs_keys[] = {
	{ { KC(KEY_UP), KC(KEY_DOWN), KC(KEY_PPAGE), KC(KEY_NPAGE), KC(KEY_HOME),
	    KC(KEY_END) }, "scroll the report", "scroll", 0, k_scroll, 2 },
	{ { K_ESC, 'q', KC(KEY_F(4)) }, "back to the appraisal", "back", 0, keys_back, 0 },
	{ { '?' }, "this help", NULL, 0, keys_help, 0 },
	{ { KCTRL('Q') }, "quit (everything is saved)", NULL, 0, keys_quit, 0 },
	{ { 0 }, NULL, NULL, 0, NULL, 0 },
};

const struct screen_ops feedback_screen_ops = {
	"360-degree feedback", fs_draw, NULL, NULL, NULL, fs_close, fs_keys, 0, NULL,
};

void feedback_screen_open(struct app *app, const char *staff_number, const char *name)
{
	struct fbscreen *s = xcalloc(1, sizeof(*s));
	struct sbuf text = SBUF_INIT, title = SBUF_INIT;
	struct err err = ERR_INIT;
	int rc;

	s->staff_number = xstrdup(staff_number);
	s->name = xstrdup(name ? name : staff_number);
	rc = feedback_back_report(app->st, staff_number, &text, NULL, NULL, &err);
	if (rc > 0) {
		s->report = sbuf_detach(&text);
	} else {
		struct sbuf why = SBUF_INIT;
		if (rc < 0)
			sbuf_addf(&why, "%s.", err_msg(&err));
		else
			sbuf_addf(&why, "No 360-degree feedback report of %s has come back "
				  "from the hub yet. When the hub releases it, 'eadr sync pull' "
				  "takes it from the stick; 'eadr feedback status %s' shows the "
				  "responses so far.", s->name, staff_number);
		s->why = sbuf_detach(&why);
	}
	sbuf_addf(&title, "eadr - 360-degree feedback for %s", s->name);
	s->title = sbuf_detach(&title);
	sbuf_release(&text);
	err_release(&err);
	s->width = -1;
	app_push(app, &feedback_screen_ops, s);
}
