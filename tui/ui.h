/*
 * ui.h - drawing helpers every screen shares: attributes that work in
 * colour, monochrome and under NO_COLOR, UTF-8 text clipped and wrapped by
 * display width (or shown as ASCII in other locales), and markers that
 * never rely on colour alone.
 */
#ifndef EADR_UI_H
#define EADR_UI_H

#include <curses.h>
#include <stddef.h>
#include <wchar.h>

/* Below this the screens say "Make the window larger" instead of drawing. */
#define UI_MIN_W 60
#define UI_MIN_H 16

enum ui_kind {
	UI_NORMAL, UI_TITLE, UI_SEL, UI_DIM, UI_ERR, UI_OK, UI_WARN, UI_BAR,
	UI_FOCUS, UI_NKINDS
};

extern int ui_utf8;	/* the locale is UTF-8: draw UTF-8 as it is */
extern int ui_color;	/* colours are in use (a terminal with colours, no NO_COLOR) */

/*
 * NULL when the terminal can show the screens; else why not, in eadr's
 * words, pointing to --plain (TERM unset, unknown, dumb).  Caller frees.
 */
char *ui_unusable(void);

/* Start curses (raw keys, no echo, keypad, 500 ms key timeout); ui_end restores. */
void ui_start(void);
void ui_end(void);
int ui_started(void);

attr_t ui_attr(enum ui_kind k);

/* Columns the UTF-8 text takes as ui_put draws it. */
int ui_width(const char *s);
int ui_nwidth(const char *s, size_t len);

/*
 * Draw len bytes of UTF-8 s (len (size_t)-1: up to the NUL) at (y, x) in at
 * most width columns with attribute a; control characters show as spaces.
 * Returns the columns used.
 */
int ui_putn(int y, int x, int width, const char *s, size_t len, attr_t a);
int ui_put(int y, int x, int width, const char *s, attr_t a);
/* Fill width columns at (y, x) with spaces in attribute a. */
void ui_fill(int y, int x, int width, attr_t a);

/* One display line of wrapped text: bytes [start, end) of the text. */
struct ui_line {
	size_t start, end;
};
/*
 * Wrap text at word boundaries into lines of at most width columns; real
 * newlines always break.  *lines (caller frees) gets the lines; returns how
 * many (at least 1, even for "").
 */
size_t ui_wrap(const char *text, int width, struct ui_line **lines);
/* Draw text wrapped into at most maxh lines from (y, x); returns lines used. */
int ui_put_wrapped(int y, int x, int width, int maxh, const char *text, attr_t a);
/* How many lines ui_wrap would make. */
int ui_wrap_count(const char *text, int width);

enum ui_mark {
	UI_M_ON, UI_M_OFF,		/* a picked / unpicked option: (*) ( ) */
	UI_M_BOX_ON, UI_M_BOX_OFF,	/* ticked / unticked: [x] [ ] */
	UI_M_FOCUS,			/* the focused field: > */
	UI_M_DONE, UI_M_TODO,		/* a section with nothing / something needed */
	UI_M_BULLET, UI_M_ELLIPSIS, UI_M_SEP,
};
/* The marker text: UTF-8 symbols in a UTF-8 locale, ASCII otherwise. */
const char *ui_mark(enum ui_mark m);

/* Lines and boxes in box-drawing characters (ASCII outside UTF-8). */
void ui_hline(int y, int x, int n);
void ui_vline(int y, int x, int n);
void ui_frame(int y, int x, int h, int w);
/* A blank, framed box with title (NULL: none) in its top edge, for
 * questions and menus drawn over a screen. */
void ui_box(int y, int x, int h, int w, const char *title);

/* The 'Make the window larger' message, drawn when the window is too small. */
void ui_too_small(int h, int w);

#endif
