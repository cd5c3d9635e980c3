/*
 * widgets.c - the question widgets of the walk (see widgets.h).  Each
 * widget is one function that both measures and draws, so the layout the
 * scrolling uses is always the one that is drawn.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/answer.h"
#include "lib/appr.h"
#include "lib/prepare.h"
#include "lib/sbuf.h"
#include "lib/util.h"
#include "editor.h"
#include "ninebox.h"
#include "ui.h"
#include "widgets.h"

/* An unfocused long answer is previewed from its start only: cost stays flat. */
#define PREVIEW_BYTES 2000
#define PREVIEW_LINES 4

int canvas_visible(const struct canvas *cv, int vy)
{
	int row = cv->top + vy - cv->scroll;

	return row >= cv->top && row < cv->bottom;
}

int canvas_put(struct canvas *cv, int vy, int x, int width, const char *s, attr_t a)
{
	if (!canvas_visible(cv, vy))
		return 0;
	return ui_put(cv->top + vy - cv->scroll, x, width, s, a);
}

static int canvas_putn(struct canvas *cv, int vy, int x, int width, const char *s,
		       size_t len, attr_t a)
{
	if (!canvas_visible(cv, vy))
		return 0;
	return ui_putn(cv->top + vy - cv->scroll, x, width, s, len, a);
}

/* Wrapped text: returns the rows (at most maxh; maxh 0: no limit). */
static int wrapped(struct canvas *cv, int vy, int x, int width, int maxh,
		   const char *text, attr_t a, int draw)
{
	struct ui_line *l;
	size_t n = ui_wrap(text, width, &l);
	int rows = (int)n;

	if (maxh > 0 && rows > maxh)
		rows = maxh;
	for (int k = 0; draw && k < rows; k++) {
		int used = canvas_putn(cv, vy + k, x, width, text + l[k].start,
				       l[k].end - l[k].start, a);

		if (k == rows - 1 && (size_t)rows < n)
			canvas_put(cv, vy + k, x + (used < width - 1 ? used : width - 2), 2,
				   ui_mark(UI_M_ELLIPSIS), a);
	}
	free(l);
	return rows;
}

int widget_focusable(const struct wfield *f)
{
	if (f->kind == W_ITEM || f->kind == W_ADD)
		return 1;
	return f->kind == W_QUESTION && f->q->type != FORM_NOTE;
}

int widget_uses_editor(const struct wfield *f)
{
	if (f->kind != W_QUESTION)
		return 0;
	switch (f->q->type) {
	case FORM_TEXT: case FORM_LINE: case FORM_DATE: case FORM_NUMBER:
		return 1;
	default:
		return 0;
	}
}

int widget_is_choice(const struct wfield *f)
{
	if (f->kind != W_QUESTION)
		return 0;
	switch (f->q->type) {
	case FORM_SCALE: case FORM_CHOICE: case FORM_CHOICES: case FORM_YESNO:
		return 1;
	default:
		return 0;
	}
}

int widget_noptions(const struct wfield *f)
{
	return (int)answer_noptions(f->q);
}

int widget_option_of(const struct wfield *f, const char *value)
{
	return (int)answer_option_of(f->q, value);
}

char *widget_pick(const struct wfield *f, const char *value, int i)
{
	return answer_toggle(f->q, value, (size_t)i);
}

static int options(const struct wfield *f, struct wstate *s, struct canvas *cv,
		   int vy, int x, int width, const char *value, int draw)
{
	int n = widget_noptions(f), multi = f->q->type == FORM_CHOICES;

	if (!s->focused) {
		struct sbuf sb = SBUF_INIT;
		int rows;

		answer_labels(f->q, value, "; ", &sb);
		if (!sb.len) {
			sbuf_release(&sb);
			if (draw)
				canvas_put(cv, vy, x, width, "(no answer yet)", ui_attr(UI_DIM));
			return 1;
		}
		rows = wrapped(cv, vy, x + 4, width - 4, 2, sb.buf, A_NORMAL, 0);
		if (draw) {
			canvas_put(cv, vy, x, 4, ui_mark(multi ? UI_M_BOX_ON : UI_M_ON), A_BOLD);
			wrapped(cv, vy, x + 4, width - 4, 2, sb.buf, A_NORMAL, 1);
		}
		sbuf_release(&sb);
		return rows;
	}
	for (int i = 0; i < n && draw; i++) {
		int on = answer_picked(f->q, value, (size_t)i);
		attr_t a = i == s->hl && !s->readonly ? ui_attr(UI_SEL) : A_NORMAL;
		struct sbuf sb = SBUF_INIT;

		if (i < 9)
			sbuf_addf(&sb, "%d ", i + 1);
		else
			sbuf_adds(&sb, "  ");
		sbuf_addf(&sb, "%s %s", ui_mark(multi ? (on ? UI_M_BOX_ON : UI_M_BOX_OFF) :
						(on ? UI_M_ON : UI_M_OFF)), answer_option_label(f->q, (size_t)i));
		canvas_put(cv, vy + i, x, width, sb.buf, a | (on ? A_BOLD : 0));
		if (i == s->hl && canvas_visible(cv, vy + i)) {
			s->cy = cv->top + vy + i - cv->scroll;
			s->cx = x + 3;	/* inside the option's marker */
		}
		sbuf_release(&sb);
	}
	return n;
}

/* The answer area of an editor-backed question. */
/*
 * What a date being typed reads as, shown under it as it is typed: the
 * date in words (and the form's own rule, e.g. "after today"), or how
 * to write one.  Into sb; returns the attribute to show it in.
 */
static attr_t date_feedback(const struct wfield *f, const struct wstate *s,
			    const char *text, struct sbuf *sb)
{
	char today[DATE_LEN + 1], iso[DATE_LEN + 1], words[40];
	struct sbuf why = SBUF_INIT;
	attr_t a = A_BOLD;

	date_today(today);
	if (!*text) {
		date_words(today, words, sizeof(words));
		sbuf_addf(sb, "Type a date: 31/03/2027, 2027-03-31, +6m, or today (%s)", words);
		return ui_attr(UI_DIM);
	}
	if (!date_read(text, today, iso)) {
		sbuf_adds(sb, "Not a date yet: type it as 31/03/2027 or 2027-03-31, "
			  "or today, +2w, +6m");
		return ui_attr(UI_WARN);
	}
	date_words(iso, words, sizeof(words));
	sbuf_addf(sb, "= %s", words);
	if (appr_check(s->ap, f->q, f->path, iso, &why)) {
		sbuf_addf(sb, "  %s %s", ui_mark(UI_M_TODO), why.buf);
		a = ui_attr(UI_ERR);
	}
	sbuf_release(&why);
	return a;
}

static int editor_area(const struct wfield *f, struct wstate *s, struct canvas *cv,
		       int vy, int x, int width, const char *value, int draw)
{
	int multi = f->q->type == FORM_TEXT;

	if (f->q->type == FORM_DATE && s->focused && s->ed && !s->readonly) {
		struct sbuf sb = SBUF_INIT;
		attr_t a = date_feedback(f, s, editor_text(s->ed), &sb);
		int rows;

		rows = wrapped(cv, vy + 1, x, width, 2, sb.buf, a, draw);
		sbuf_release(&sb);
		{
			int cy = -1, cx = -1;

			if (draw && canvas_visible(cv, vy)) {
				int row = cv->top + vy - cv->scroll;

				ui_fill(row, x, width, A_UNDERLINE);
				attron(A_UNDERLINE);
				editor_draw(s->ed, stdscr, row, x, 1, width, &cy, &cx);
				attroff(A_UNDERLINE);
				s->cy = cy;
				s->cx = cx;
			}
		}
		return 1 + rows;
	}
	if (f->q->type == FORM_DATE && value && date_valid(value)) {
		char words[40];
		struct sbuf sb = SBUF_INIT;

		date_words(value, words, sizeof(words));
		sbuf_addf(&sb, "%s (%s)", words, value);
		if (draw)
			canvas_put(cv, vy, x, width, sb.buf, A_NORMAL);
		sbuf_release(&sb);
		return 1;
	}

	if (s->focused && s->ed && !s->readonly) {
		int h = multi ? s->text_h : 1, first = vy, last = vy + h, cy, cx;

		/* Only the visible part of the box is handed to the editor. */
		while (first < last && !canvas_visible(cv, first))
			first++;
		while (last > first && !canvas_visible(cv, last - 1))
			last--;
		if (draw && last > first) {
			int row = cv->top + first - cv->scroll;

			for (int k = 0; k < last - first; k++)
				ui_fill(row + k, x, width, A_UNDERLINE);
			if (multi && x > 0)	/* the box's rows, marked even without underline */
				ui_vline(row, x - 1, last - first);
			attron(A_UNDERLINE);
			editor_draw(s->ed, stdscr, row, x, last - first, width, &cy, &cx);
			attroff(A_UNDERLINE);
			s->cy = cy;
			s->cx = cx;
		}
		return h;
	}
	if (!value || !*value) {
		if (draw)
			canvas_put(cv, vy, x, width, "(no answer yet)", ui_attr(UI_DIM));
		return 1;
	}
	if (!multi) {
		if (draw)
			canvas_put(cv, vy, x, width, value, A_NORMAL);
		return 1;
	}
	{
		size_t len = strlen(value);
		char *head = xstrndup(value, len > PREVIEW_BYTES ? PREVIEW_BYTES : len);
		int rows = wrapped(cv, vy, x, width, s->focused ? 0 : PREVIEW_LINES, head,
				   A_NORMAL, draw);

		free(head);
		return rows;
	}
}

static int question(const struct wfield *f, struct wstate *s, struct canvas *cv,
		    int vy, int x, int width, int draw)
{
	const struct form_question *q = f->q;
	const char *value = s->ed && s->focused ? editor_text(s->ed) : appr_get(s->ap, f->path);
	attr_t la = s->focused ? ui_attr(UI_FOCUS) : A_BOLD;
	struct sbuf label = SBUF_INIT;
	int y = vy;

	if (q->type == FORM_NOTE)
		return wrapped(cv, vy, x + 2, width - 2, 0, q->label, ui_attr(UI_DIM), draw);
	sbuf_adds(&label, q->label);
	if (q->required)
		sbuf_adds(&label, " (required)");
	if (q->private)
		sbuf_adds(&label, " [private: stays on this laptop]");
	if (value && *value) {	/* written by the staff member with a code */
		int m = prepare_marked(s->ap->st, s->ap->rec.id, f->path, NULL);
		if (m > 0)
			sbuf_addf(&label, " %s", prepare_mark_words(m));
	}
	if (draw && s->focused) {
		canvas_put(cv, y, x - 2, 2, ui_mark(UI_M_FOCUS), ui_attr(UI_FOCUS));
		if (canvas_visible(cv, y)) {
			/* on the label until the answer's widget says better */
			s->cy = cv->top + y - cv->scroll;
			s->cx = x;
		}
	}
	y += wrapped(cv, y, x, width, 0, label.buf, la, draw);
	sbuf_release(&label);
	if (s->focused && q->hint)
		y += wrapped(cv, y, x, width, 3, q->hint, ui_attr(UI_DIM), draw);
	if (widget_is_choice(f))
		y += options(f, s, cv, y, x + 2, width - 2, value, draw);
	else
		y += editor_area(f, s, cv, y, x + 2, width - 2, value, draw);
	if (s->msg) {
		struct sbuf m = SBUF_INIT;

		sbuf_addf(&m, "%s %s", ui_mark(UI_M_TODO), s->msg);
		y += wrapped(cv, y, x + 2, width - 2, 3, m.buf, ui_attr(UI_ERR), draw);
		sbuf_release(&m);
	}
	return y - vy + 1;	/* a blank row after each question */
}

int widget_render(const struct wfield *f, struct wstate *s, struct canvas *cv,
		  int vy, int x, int width, int draw)
{
	struct sbuf sb = SBUF_INIT;
	int y = vy;

	x += 2 * (f->depth > 3 ? 3 : f->depth);
	width -= 2 * (f->depth > 3 ? 3 : f->depth);
	if (width < 10)
		width = 10;
	switch (f->kind) {
	case W_QUESTION:
		y += question(f, s, cv, vy, x + 2, width - 2, draw);
		break;
	case W_GROUP:
		y += wrapped(cv, y, x, width, 0, f->q->label, A_BOLD | A_UNDERLINE, draw);
		if (f->q->hint)
			y += wrapped(cv, y, x, width, 3, f->q->hint, ui_attr(UI_DIM), draw);
		break;
	case W_LIST:
		sbuf_addf(&sb, "%s (%ld)", f->q->label, f->nitems);
		if (f->q->carry && f->nitems)
			sbuf_adds(&sb, " - carried from last year: review each");
		y += wrapped(cv, y, x, width, 0, sb.buf, A_BOLD | A_UNDERLINE, draw);
		if (f->q->hint)
			y += wrapped(cv, y, x, width, 3, f->q->hint, ui_attr(UI_DIM), draw);
		if (s->msg) {
			sbuf_reset(&sb);
			sbuf_addf(&sb, "%s %s", ui_mark(UI_M_TODO), s->msg);
			y += wrapped(cv, y, x, width, 2, sb.buf, ui_attr(UI_ERR), draw);
		}
		break;
	case W_ITEM:
		sbuf_addf(&sb, "%s %ld of %ld", f->q->item ? f->q->item : f->q->label,
			  f->index + 1, f->nitems);
		if (s->focused && !s->readonly)
			sbuf_adds(&sb, "   (d delete, < > move)");
		if (draw) {
			canvas_put(cv, y, x, width, sb.buf,
				   s->focused ? ui_attr(UI_SEL) | A_BOLD : A_BOLD);
			if (s->focused && x >= 2)	/* the marker, not only reverse video */
				canvas_put(cv, y, x - 2, 2, ui_mark(UI_M_FOCUS), ui_attr(UI_FOCUS));
			if (s->focused && canvas_visible(cv, y)) {
				s->cy = cv->top + y - cv->scroll;
				s->cx = x;
			}
		}
		y++;
		break;
	case W_ADD:
		if (s->readonly)
			break;
		{
			const char *item = f->q->item ? f->q->item : f->q->label;
			char first = item[0] >= 'A' && item[0] <= 'Z' ? (char)(item[0] + 32) : item[0];

			sbuf_addf(&sb, "[+] Add %s %c%s", f->nitems ? "another" : "a new",
				  first, item + (item[0] ? 1 : 0));
		}
		if (f->q->has_max && f->nitems >= (long)f->q->max)
			sbuf_addf(&sb, " (the most is %.0f)", f->q->max);
		if (draw) {
			canvas_put(cv, y, x, width, sb.buf, s->focused ? ui_attr(UI_SEL) : A_NORMAL);
			if (s->focused && x >= 2)
				canvas_put(cv, y, x - 2, 2, ui_mark(UI_M_FOCUS), ui_attr(UI_FOCUS));
			if (s->focused && canvas_visible(cv, y)) {
				s->cy = cv->top + y - cv->scroll;
				s->cx = x + 1;
			}
		}
		y += 2;
		break;
	case W_LASTYEAR:
		y += wrapped(cv, y, x + 2, width - 2, 4, f->text, ui_attr(UI_DIM), draw);
		break;
	case W_NINEBOX:
		if (draw)
			ninebox_draw(s->ap, cv->top + y - cv->scroll, x + 2, width - 2,
				     cv->top, cv->bottom);
		y += 13;
		break;
	}
	sbuf_release(&sb);
	return y - vy;
}
