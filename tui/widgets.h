/*
 * widgets.h - one widget per question type of the form format, drawn into
 * a scrolling section view: the label, the hint, the answer (an editor for
 * text, line, date and number; options for scale, choice, choices and
 * yes/no), and the problem with it, inline.  List items, group titles and
 * the 9-box are widgets too.
 */
#ifndef EADR_WIDGETS_H
#define EADR_WIDGETS_H

#include <curses.h>

#include "lib/appr.h"
#include "screen.h"

/* A vertical strip of the screen showing rows [scroll, scroll + bottom - top). */
struct canvas {
	int top, bottom;	/* screen rows */
	int scroll;		/* the first virtual row shown */
};

enum wkind {
	W_QUESTION = APPR_QUESTION, W_GROUP = APPR_GROUP, W_LIST = APPR_LIST,
	W_ITEM = APPR_ITEM, W_ADD = APPR_ADD, W_NINEBOX,
	W_LASTYEAR,		/* under a carried item: last year's words (text) */
};

struct wfield {
	enum wkind kind;
	const struct form_question *q;
	char *path;
	long index, nitems;
	int depth;
	char *text;		/* W_LASTYEAR: what to show (owned), else NULL */
};

/* The state a widget is drawn with. */
struct wstate {
	struct appr *ap;
	struct editor *ed;	/* the focused field's editor, or NULL */
	int focused, readonly;
	int hl;			/* the highlighted option (choice widgets) */
	const char *msg;	/* the problem to show inline, or NULL */
	int text_h;		/* rows for a focused multi-line editor */
	int cy, cx;		/* out: where the cursor goes (when focused), -1 if off */
};

/* Can the field take the focus? */
int widget_focusable(const struct wfield *f);
/* Is it answered through an editor (text, line, date, number)? */
int widget_uses_editor(const struct wfield *f);
int widget_is_choice(const struct wfield *f);

/*
 * Lay out (draw == 0) or draw (draw == 1) f at virtual row vy, columns
 * [x, x + width).  Returns its height in rows; the same either way.
 * draw == 2, for a focused text, line or number field drawn with the same
 * layout just before and still on the screen: only its editor's rows that
 * changed are drawn (walk_fast.c).
 */
int widget_render(const struct wfield *f, struct wstate *s, struct canvas *cv,
		  int vy, int x, int width, int draw);

/* Choice widgets (lib/answer.h for the field's question): the number of
 * options and the index of value's option (-1: none). */
int widget_noptions(const struct wfield *f);
int widget_option_of(const struct wfield *f, const char *value);
/*
 * The answer after toggling (choices) or picking (others) option i, given
 * the current value (NULL: none).  Caller frees.
 */
char *widget_pick(const struct wfield *f, const char *value, int i);

/* Draw on the canvas; rows outside it are skipped. */
int canvas_put(struct canvas *cv, int vy, int x, int width, const char *s, attr_t a);
int canvas_visible(const struct canvas *cv, int vy);

#endif
