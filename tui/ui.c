/*
 * ui.c - attributes, UTF-8 text drawing and wrapping for the screens (see
 * ui.h).  Text is decoded by lib/utf8 rather than through the C library, so
 * widths are the same in every locale and a non-UTF-8 locale still shows
 * names readably (a '?' per column for what it cannot show).
 */
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "lib/sbuf.h"
#include "lib/utf8.h"
#include "ui.h"

int ui_utf8;
int ui_color;
static int started;
static attr_t attrs[UI_NKINDS];

/* Columns a character takes; controls are drawn as one space. */
static int cp_width(uint32_t cp)
{
	return utf8_width(cp);
}

int ui_nwidth(const char *s, size_t len)
{
	return utf8_swidth(s, len);
}

int ui_width(const char *s)
{
	return utf8_swidth(s, (size_t)-1);
}

int ui_putn(int y, int x, int width, const char *s, size_t len, attr_t a)
{
	size_t i = 0, n;
	int used = 0, room = width;
	const char *more = NULL;

	if (width <= 0)
		return 0;
	if (len == (size_t)-1)
		len = strlen(s);
	if (ui_nwidth(s, len) > width) {
		/* Cut: say so with an ellipsis, never a word cut silently. */
		more = ui_mark(UI_M_ELLIPSIS);
		room = width - ui_width(more);
		if (room < 1)
			more = NULL, room = width;
	}
	move(y, x);
	attron(a);
	while (i < len && s[i]) {
		uint32_t cp;
		int w;

		n = utf8_next(s + i, len - i, &cp);
		w = cp_width(cp);

		if (used + w > room)
			break;
		if (cp < 0x20 || cp == 0x7F) {
			addch(' ');
		} else if (!ui_utf8) {
			for (int k = 0; k < w; k++)	/* a stand-in per column */
				addch(cp < 0x80 ? (chtype)cp : '?');
		} else {
			wchar_t wc[2] = { (wchar_t)cp, 0 };

			if (w == 0 && used == 0)
				addch(' ');	/* a combining mark needs a base */
			addnwstr(wc, 1);
		}
		used += w;
		i += n;
	}
	if (more) {
		addstr(more);
		used += ui_width(more);
	}
	attroff(a);
	return used;
}

int ui_put(int y, int x, int width, const char *s, attr_t a)
{
	return ui_putn(y, x, width, s, (size_t)-1, a);
}

void ui_fill(int y, int x, int width, attr_t a)
{
	/* The first and last cell one by one (a wide character cut at either
	 * edge is blanked whole, as addch does), those between in one call
	 * (a cell at a time costs ~150 instructions). */
	if (width <= 0 || move(y, x) == ERR)
		return;
	attron(a);
	addch(' ');
	if (width > 2 && move(y, x + 1) != ERR)
		hline(' ' | a, width - 2);
	if (width > 1 && move(y, x + width - 1) != ERR)
		addch(' ');
	attroff(a);
}

static void add_line(struct ui_line **v, size_t *n, size_t *alloc,
		     size_t start, size_t end)
{
	if (*n == *alloc) {
		*alloc = *alloc ? *alloc * 2 : 8;
		*v = xrealloc(*v, *alloc * sizeof(**v));
	}
	(*v)[*n].start = start;
	(*v)[*n].end = end;
	(*n)++;
}

size_t ui_wrap(const char *text, int width, struct ui_line **lines)
{
	size_t len = strlen(text), i = 0, start = 0, brk = 0, n = 0, alloc = 0, cl;
	int w = 0, wbrk = 0;

	*lines = NULL;
	if (width < 1)
		width = 1;
	while (i < len) {
		uint32_t cp;
		int cw;

		cl = utf8_next(text + i, len - i, &cp);
		cw = cp_width(cp);

		if (cp == '\n') {
			add_line(lines, &n, &alloc, start, i);
			start = i + 1;
			i = start;
			brk = 0;
			w = 0;
			continue;
		}
		if (w + cw > width && i > start) {
			if (brk > start) {
				/* break after the last space; carry the rest of the word */
				add_line(lines, &n, &alloc, start, brk);
				w -= wbrk;
				start = brk;
			} else {
				add_line(lines, &n, &alloc, start, i);
				start = i;
				w = 0;
			}
			brk = 0;
			continue;
		}
		w += cw;
		i += cl;
		if (cp == ' ') {
			brk = i;
			wbrk = w;
		}
	}
	add_line(lines, &n, &alloc, start, len);
	return n;
}

int ui_wrap_count(const char *text, int width)
{
	struct ui_line *l;
	size_t n = ui_wrap(text, width, &l);

	free(l);
	return (int)n;
}

int ui_put_wrapped(int y, int x, int width, int maxh, const char *text, attr_t a)
{
	struct ui_line *l;
	size_t n = ui_wrap(text, width, &l);
	int k;

	for (k = 0; k < (int)n && k < maxh; k++) {
		size_t len = l[k].end - l[k].start;

		if (k == maxh - 1 && (size_t)k + 1 < n) {
			int used = ui_putn(y + k, x, width - 2, text + l[k].start, len, a);

			ui_put(y + k, x + used, 2, ui_mark(UI_M_ELLIPSIS), a);
		} else {
			ui_putn(y + k, x, width, text + l[k].start, len, a);
		}
	}
	free(l);
	return k;
}

const char *ui_mark(enum ui_mark m)
{
	static const char *const utf8[] = {
		"(\xe2\x80\xa2)", "( )", "[x]", "[ ]", "\xe2\x96\xb6",
		"\xe2\x9c\x93", "!", "\xe2\x80\xa2", "\xe2\x80\xa6", "\xc2\xb7",
	};
	static const char *const ascii[] = {
		"(*)", "( )", "[x]", "[ ]", ">", "+", "!", "*", "~", "-",
	};

	return ui_utf8 ? utf8[m] : ascii[m];
}

void ui_hline(int y, int x, int n)
{
	const char *c = ui_utf8 ? "\xe2\x94\x80" : "-";

	for (int i = 0; i < n; i++)
		ui_put(y, x + i, 1, c, A_NORMAL);
}

void ui_vline(int y, int x, int n)
{
	const char *c = ui_utf8 ? "\xe2\x94\x82" : "|";

	for (int i = 0; i < n; i++)
		ui_put(y + i, x, 1, c, A_NORMAL);
}

void ui_frame(int y, int x, int h, int w)
{
	ui_hline(y, x + 1, w - 2);
	ui_hline(y + h - 1, x + 1, w - 2);
	ui_vline(y + 1, x, h - 2);
	ui_vline(y + 1, x + w - 1, h - 2);
	ui_put(y, x, 1, ui_utf8 ? "\xe2\x94\x8c" : "+", A_NORMAL);
	ui_put(y, x + w - 1, 1, ui_utf8 ? "\xe2\x94\x90" : "+", A_NORMAL);
	ui_put(y + h - 1, x, 1, ui_utf8 ? "\xe2\x94\x94" : "+", A_NORMAL);
	ui_put(y + h - 1, x + w - 1, 1, ui_utf8 ? "\xe2\x94\x98" : "+", A_NORMAL);
}

void ui_box(int y, int x, int h, int w, const char *title)
{
	int sh, sw;

	/* A blank column each side: no stray letter of the screen below
	 * seems to belong to the box. */
	getmaxyx(stdscr, sh, sw);
	for (int i = 0; i < h; i++) {
		if (x > 0)
			ui_fill(y + i, x - 1, 1, A_NORMAL);
		if (x + w < sw)
			ui_fill(y + i, x + w, 1, A_NORMAL);
		ui_fill(y + i, x, w, A_NORMAL);
	}
	(void)sh;
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

void ui_too_small(int h, int w)
{
	erase();
	if (h < 1 || w < 1)
		return;
	ui_put(0, 0, w, "Make the window larger.", A_BOLD);
	if (h > 1) {
		struct sbuf sb = SBUF_INIT;

		sbuf_addf(&sb, "eadr needs %dx%d; this is %dx%d.", UI_MIN_W, UI_MIN_H, w, h);
		ui_put(1, 0, w, sb.buf, A_NORMAL);
		sbuf_release(&sb);
	}
	if (h > 2)
		ui_put(2, 0, w, "Nothing is lost.", A_NORMAL);
	move(0, 0);
}

void ui_start(void)
{
	const char *nc = getenv("NO_COLOR");

	ui_utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
	if (!getenv("ESCDELAY"))
		set_escdelay(50);
	initscr();
	started = 1;
	raw();			/* Ctrl-C, Ctrl-Q and Ctrl-S arrive as keys */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	timeout(500);		/* a pause in typing: the moment to save */
	ui_color = has_colors() && !(nc && *nc);
	if (ui_color) {
		start_color();
		use_default_colors();
		init_pair(1, COLOR_RED, -1);
		init_pair(2, COLOR_GREEN, -1);
		init_pair(3, COLOR_YELLOW, -1);
		init_pair(4, COLOR_CYAN, -1);
	}
	/* Every signal is bold, reverse or a marker word first; colour only adds. */
	attrs[UI_NORMAL] = A_NORMAL;
	attrs[UI_TITLE] = A_BOLD;
	attrs[UI_SEL] = A_REVERSE;
	attrs[UI_DIM] = ui_color ? A_DIM : A_NORMAL;
	attrs[UI_ERR] = A_BOLD | (ui_color ? COLOR_PAIR(1) : 0);
	attrs[UI_OK] = ui_color ? COLOR_PAIR(2) : A_NORMAL;
	attrs[UI_WARN] = A_BOLD | (ui_color ? COLOR_PAIR(3) : 0);
	attrs[UI_BAR] = A_REVERSE;
	attrs[UI_FOCUS] = A_BOLD | (ui_color ? COLOR_PAIR(4) : 0);
	curs_set(1);
	/* Bracketed paste: a paste arrives marked, so that its line breaks
	 * stay part of one answer (app.c); terminals without it ignore this. */
	fputs("\033[?2004h", stdout);
	fflush(stdout);
}

void ui_end(void)
{
	if (!started)
		return;
	started = 0;
	fputs("\033[?2004l", stdout);
	fflush(stdout);
	endwin();
}

int ui_started(void)
{
	return started;
}

attr_t ui_attr(enum ui_kind k)
{
	return attrs[k];
}

/* ---- is this a terminal to draw on? ----
 * (term.h last: its macros, lines and columns among them, would clash
 * with the names above.) */
#include <term.h>
#include <unistd.h>

char *ui_unusable(void)
{
	const char *term = getenv("TERM");
	struct sbuf sb = SBUF_INIT;
	int err = 0;

	if (!term || !*term) {
		sbuf_adds(&sb, "TERM is not set, so the screens cannot be drawn");
	} else if (setupterm((char *)term, STDOUT_FILENO, &err) != OK) {
		sbuf_addf(&sb, "this terminal (TERM=%s) is unknown",
			  term);
	} else {
		const char *cup = tigetstr("cup");
		int generic = tigetflag("gn") > 0 || tigetflag("hc") > 0;

		if (generic || !cup || cup == (char *)-1)
			sbuf_addf(&sb, "this terminal (TERM=%s) cannot draw the screens", term);
		del_curterm(cur_term);
		cur_term = NULL;
	}
	if (!sb.len)
		return NULL;
	sbuf_adds(&sb, ". Use 'eadr --plain' (questions one at a time, for any "
		  "terminal), or set TERM, e.g. TERM=xterm-256color.");
	return sbuf_detach(&sb);
}
