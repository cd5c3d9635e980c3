/*
 * editor.c - the multi-line answer editor (see editor.h): its life cycle,
 * what each key does and drawing.  The text is a gap buffer (edbuf.c),
 * display lines come from a map of wrap points (edwrap.c), and Ctrl-E's
 * outside editor runs in edext.c once the main loop has handed over the
 * terminal (app_outside).
 */
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wctype.h>

#include "editor_int.h"
#include "lib/fileio.h"
#include "lib/utf8.h"

static int is_word(uint32_t c)
{
	if (c < 0x80)
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		       (c >= 'A' && c <= 'Z') || c == '_';
	return !iswspace((wint_t)c) && !iswpunct((wint_t)c);
}

/* ---- life cycle and text -------------------------------------------- */

struct editor *editor_new(const char *text)
{
	struct editor *ed = xcalloc(1, sizeof(*ed));

	sbuf_init(&ed->text, 0);
	ed->goal = -1;
	ed->last_w = 80;
	ed->last_h = 10;
	editor_set_text(ed, text);
	return ed;
}

void editor_free(struct editor *ed)
{
	if (!ed)
		return;
	free(ed->buf);
	free(ed->map);
	free(ed->tail);
	free(ed->ds);
	free(ed->dk);
	free(ed->de);
	sbuf_release(&ed->text);
	free(ed);
}

void editor_set_text(struct editor *ed, const char *utf8)
{
	struct sbuf sb = SBUF_INIT;

	if (!utf8)
		utf8 = "";
	edbuf_normalize(utf8, strlen(utf8), &sb, 1);
	edbuf_set(ed, sb.buf, sb.len);
	sbuf_release(&sb);
}

int editor_insert(struct editor *ed, const char *utf8)
{
	struct sbuf sb = SBUF_INIT;
	int rc = -1;

	if (edbuf_normalize(utf8, strlen(utf8), &sb, 0) < 0)
		goto out;
	if (sb.len > 0 && LEN(ed) + sb.len > EDITOR_MAX)
		goto out;
	edbuf_insert(ed, sb.buf, sb.len);
	ed->goal = -1;
	rc = 0;
out:
	sbuf_release(&sb);
	return rc;
}

const char *editor_text(struct editor *ed)
{
	return edbuf_text(ed);
}

size_t editor_len(const struct editor *ed)
{
	return LEN(ed);
}

unsigned long editor_generation(const struct editor *ed)
{
	return ed->gen;
}

size_t editor_cursor(const struct editor *ed)
{
	return ed->cur;
}

void editor_set_cursor(struct editor *ed, size_t off)
{
	size_t len = LEN(ed);
	uint32_t c;

	if (off > len)
		off = len;
	while (off > 0 && off < len && (edbuf_at(ed, off) & 0xC0) == 0x80)
		off--;
	while (off > 0 && off < len && (edbuf_dec(ed, off, &c), utf8_is_mark(c)))
		off = edbuf_prev_cp(ed, off);
	ed->cur = off;
	ed->goal = -1;
}

size_t editor_layout(struct editor *ed, int width, size_t *starts, size_t max)
{
	size_t s = 0, n = 0;
	int final = 0;

	if (width < 1)
		width = 1;
	while (!final) {
		if (n < max)
			starts[n] = s;
		n++;
		s = edwrap_line(ed, s, width, &final);
	}
	return n;
}

/* ---- keys ----------------------------------------------------------- */

static size_t logical_start(const struct editor *ed, size_t i)
{
	while (i > 0 && edbuf_at(ed, i - 1) != '\n')
		i--;
	return i;
}

static size_t logical_end(const struct editor *ed, size_t i)
{
	size_t len = LEN(ed);

	while (i < len && edbuf_at(ed, i) != '\n')
		i++;
	return i;
}

static size_t word_right(const struct editor *ed, size_t i)
{
	size_t len = LEN(ed);
	uint32_t c;

	while (i < len && (edbuf_dec(ed, i, &c), !is_word(c)))
		i = edbuf_next_cluster(ed, i);
	while (i < len && (edbuf_dec(ed, i, &c), is_word(c)))
		i = edbuf_next_cluster(ed, i);
	return i;
}

static size_t word_left(const struct editor *ed, size_t i)
{
	uint32_t c;

	while (i > 0) {
		size_t p = edbuf_prev_cluster(ed, i);

		edbuf_dec(ed, p, &c);
		if (is_word(c))
			break;
		i = p;
	}
	while (i > 0) {
		size_t p = edbuf_prev_cluster(ed, i);

		edbuf_dec(ed, p, &c);
		if (!is_word(c))
			break;
		i = p;
	}
	return i;
}

/* Up/Down/PageUp/PageDown: move lines display lines (negative is up). */
static void move_lines(struct editor *ed, long lines, int page)
{
	size_t kc, target, kt;

	edwrap_width(ed, ed->last_w);
	kc = edwrap_line_of(ed, ed->cur);
	if (ed->goal < 0)
		ed->goal = edwrap_col_of(ed, kc, ed->cur);
	if (lines < 0) {
		if (kc == 0) {
			ed->cur = 0;
			return;
		}
		target = (size_t)-lines > kc ? 0 : kc - (size_t)-lines;
	} else {
		edwrap_lines(ed, kc + (size_t)lines + 1);
		if (kc + 1 >= ed->mapn) {
			ed->cur = LEN(ed);
			return;
		}
		target = kc + (size_t)lines;
		if (target >= ed->mapn)
			target = ed->mapn - 1;
	}
	if (page) {	/* the view turns a page too, as in a pager */
		kt = edwrap_line_of(ed, ed->top);
		if (lines < 0)
			kt = (size_t)-lines > kt ? 0 : kt - (size_t)-lines;
		else
			kt = kt + (size_t)lines < ed->mapn ? kt + (size_t)lines : ed->mapn - 1;
		ed->top = ed->map[kt];
	}
	ed->cur = edwrap_pos_at_col(ed, target, ed->goal);
}

static void home_end(struct editor *ed, int end)
{
	size_t li, p;

	edwrap_width(ed, ed->last_w);
	li = edwrap_line_of(ed, ed->cur);
	p = end ? edwrap_line_last(ed, li) : ed->map[li];
	if (p == ed->cur)
		p = end ? logical_end(ed, ed->cur) : logical_start(ed, ed->cur);
	ed->cur = p;
}

static int kill_line(struct editor *ed, int to_end)
{
	size_t a = ed->cur, b = ed->cur;

	if (to_end) {
		b = logical_end(ed, a);
		if (b == a && b < LEN(ed))
			b++;		/* at the end: join the next line */
	} else {
		a = logical_start(ed, b);
	}
	if (a == b)
		return EDITOR_MOVED;
	edbuf_delete(ed, a, b);
	return EDITOR_CHANGED;
}

static int insert_char(struct editor *ed, uint32_t c)
{
	char u[4];
	size_t n = utf8_encode(c, u);

	if (LEN(ed) + n > EDITOR_MAX)
		return EDITOR_FULL;
	edbuf_insert(ed, u, n);
	return EDITOR_CHANGED;
}

static int backspace(struct editor *ed)
{
	if (ed->cur == 0)
		return EDITOR_MOVED;
	edbuf_delete(ed, edbuf_prev_cluster(ed, ed->cur), ed->cur);
	return EDITOR_CHANGED;
}

static int delete_fwd(struct editor *ed)
{
	if (ed->cur >= LEN(ed))
		return EDITOR_MOVED;
	edbuf_delete(ed, ed->cur, edbuf_next_cluster(ed, ed->cur));
	return EDITOR_CHANGED;
}

/* Keys ncurses knows only by terminfo name (Ctrl-Left is kLFT5 ...). */
static int named_key(struct editor *ed, const char *name)
{
	if (!name)
		return EDITOR_IGNORED;
	if (!strcmp(name, "kLFT5") || !strcmp(name, "kLFT3"))
		ed->cur = word_left(ed, ed->cur);
	else if (!strcmp(name, "kRIT5") || !strcmp(name, "kRIT3"))
		ed->cur = word_right(ed, ed->cur);
	else if (!strcmp(name, "kHOM5"))
		ed->cur = 0;
	else if (!strcmp(name, "kEND5"))
		ed->cur = LEN(ed);
	else
		return EDITOR_IGNORED;
	ed->goal = -1;
	return EDITOR_MOVED;
}

static int code_key(struct editor *ed, int key)
{
	int page = ed->last_h > 1 ? ed->last_h - 1 : 1;

	switch (key) {
	case KEY_UP:
		move_lines(ed, -1, 0);
		return EDITOR_MOVED;
	case KEY_DOWN:
		move_lines(ed, 1, 0);
		return EDITOR_MOVED;
	case KEY_PPAGE:
		move_lines(ed, -page, 1);
		return EDITOR_MOVED;
	case KEY_NPAGE:
		move_lines(ed, page, 1);
		return EDITOR_MOVED;
	}
	ed->goal = -1;
	switch (key) {
	case KEY_LEFT:
		ed->cur = edbuf_prev_cluster(ed, ed->cur);
		return EDITOR_MOVED;
	case KEY_RIGHT:
		ed->cur = edbuf_next_cluster(ed, ed->cur);
		return EDITOR_MOVED;
	case KEY_HOME:
		home_end(ed, 0);
		return EDITOR_MOVED;
	case KEY_END:
		home_end(ed, 1);
		return EDITOR_MOVED;
	case KEY_BACKSPACE:
		return backspace(ed);
	case KEY_DC:
		return delete_fwd(ed);
	case KEY_ENTER:
		return insert_char(ed, '\n');
	}
	if (key > KEY_MAX)
		return named_key(ed, keyname(key));
	return EDITOR_IGNORED;
}

int editor_key(struct editor *ed, int is_key, wint_t ch)
{
	uint32_t c = (uint32_t)ch;

	if (is_key)
		return code_key(ed, (int)ch);
	switch (c) {
	case '\n':
	case '\r':
		ed->goal = -1;
		return insert_char(ed, '\n');
	case 0x7F:
	case 0x08:
		ed->goal = -1;
		return backspace(ed);
	case 0x01:		/* Ctrl-A */
		ed->goal = -1;
		home_end(ed, 0);
		return EDITOR_MOVED;
	case 0x0B:		/* Ctrl-K */
	case 0x15:		/* Ctrl-U */
		ed->goal = -1;
		return kill_line(ed, c == 0x0B);
	}
	if (c < 0x20 || (c >= 0x7F && c < 0xA0) || c > 0x10FFFF ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return EDITOR_IGNORED;
	ed->goal = -1;
	return insert_char(ed, c);
}

int editor_meta_key(struct editor *ed, wint_t ch)
{
	ed->goal = -1;
	switch (ch) {
	case 'b':
		ed->cur = word_left(ed, ed->cur);
		return EDITOR_MOVED;
	case 'f':
		ed->cur = word_right(ed, ed->cur);
		return EDITOR_MOVED;
	case 'd': {
		size_t e = word_right(ed, ed->cur);

		if (e == ed->cur)
			return EDITOR_MOVED;
		edbuf_delete(ed, ed->cur, e);
		return EDITOR_CHANGED;
	}
	}
	return EDITOR_IGNORED;
}

/* ---- drawing -------------------------------------------------------- */

/* Is the locale's codeset UTF-8 (as ui_start asks)?  1 or 0 */
static int locale_utf8(void)
{
	static int utf8 = -1;

	if (utf8 < 0)
		utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
	return utf8;
}

/* Draw display line [s, e) in exactly width cells of the current row. */
/*
 * n blank cells from the cursor: the first and the last one by one (so a
 * wide character cut at either edge is blanked whole, as waddch does), the
 * ones between in one call (a cell at a time costs ~150 instructions).
 */
static void blanks(WINDOW *win, int n)
{
	int y, x;

	if (n <= 0)
		return;
	waddch(win, ' ');
	if (n == 1)
		return;
	getyx(win, y, x);
	if (n > 2)
		whline(win, ' ', n - 2);
	wmove(win, y, x + n - 2);
	waddch(win, ' ');
}

/*
 * Draw display line [s, e) in exactly width cells of the row the window's
 * cursor is on; the cells of the characters before from are on the screen
 * already (from == s draws it all).
 */
/* Cells gathered for one wadd_wchnstr (a cell at a time through wadd_wch
 * costs a few hundred instructions, most of a row drawn again). */
struct cells {
	cchar_t c[64];
	int n, col;		/* how many, and the column of the first */
};

static void cells_flush(WINDOW *win, struct cells *cs, int y0, int x0)
{
	if (cs->n > 0) {
		wmove(win, y0, x0 + cs->col);
		wadd_wchnstr(win, cs->c, cs->n);
		cs->n = 0;
	}
}

/*
 * A row's cells to draw while every one is a printable ASCII character (a
 * reflowed row of prose, most of what a key in the middle of a long answer
 * draws): kept as chtypes for one waddchnstr, which stores each cell as it
 * is, where wadd_wchnstr measures each character's width and renders it
 * against the window's background (about 140 instructions a cell).  The
 * same cells: the editor's carry the window's own attributes and pair, and
 * no window has a background (ui.c sets none).  waddchnstr does not blank
 * the half of a wide character left after the run as wadd_wchnstr does, so
 * the row's blanks after the run are drawn first (blanks() does), and the
 * run then overwrites whatever they did to the cell before them.  The
 * first character that is not printable ASCII spills the run into cells.
 */
#define NARROW_MAX 512

struct narrow {
	chtype a[NARROW_MAX];
	chtype base;		/* attributes and pair, or'ed with the character */
	int n, col, on;		/* how many, the first's column, still a run */
};

static void narrow_start(struct narrow *nr, int width, attr_t attr, short pair)
{
	nr->n = 0;
	nr->base = (attr & ~A_COLOR) | (chtype)COLOR_PAIR(pair);
	nr->on = width <= NARROW_MAX && pair >= 0 && pair <= (short)PAIR_NUMBER(A_COLOR) &&
		 (!(attr & A_COLOR) || PAIR_NUMBER(attr) == pair) && !(attr & A_ALTCHARSET);
}

/* Not a run any more: its cells go to cs as they would have. */
static void narrow_spill(struct narrow *nr, struct cells *cs, const cchar_t *plain,
			 WINDOW *win, int y0, int x0)
{
	for (int k = 0; k < nr->n; k++) {
		if (cs->n == 0)
			cs->col = nr->col + k;
		cs->c[cs->n] = *plain;
		cs->c[cs->n].chars[0] = (wchar_t)(nr->a[k] & A_CHARTEXT);
		if (++cs->n == (int)(sizeof(cs->c) / sizeof(cs->c[0])))
			cells_flush(win, cs, y0, x0);
	}
	nr->n = 0;
	nr->on = 0;
}

static void draw_line(struct editor *ed, WINDOW *win, size_t s, size_t from, size_t e,
		      int width, attr_t attr, short pair)
{
	int col = 0, y0, x0, ey, ex;
	size_t i = s;
	struct cells cs = { .n = 0 };
	struct narrow nr;
	cchar_t plain;		/* a printable ASCII character: its cell is this
				   with the character in (as setcchar makes it) */

	getyx(win, y0, x0);
	setcchar(&plain, L" ", attr, pair, NULL);
	narrow_start(&nr, width, attr, pair);
	while (i < e) {
		wchar_t wcs[CCHARW_MAX + 1];
		uint32_t c;
		int n = 0, w;
		size_t at = i;
		unsigned char b = edbuf_at(ed, i);

		if (b >= 0x20 && b < 0x7F && (i + 1 >= e || edbuf_at(ed, i + 1) < 0x80)) {
			/* most cells: one column, no mark on it */
			if (col + 1 > width)
				break;
			if (i >= from && nr.on) {
				if (nr.n == 0)
					nr.col = col;
				nr.a[nr.n++] = nr.base | b;
			} else if (i >= from) {
				if (cs.n == 0)
					cs.col = col;
				cs.c[cs.n] = plain;
				cs.c[cs.n].chars[0] = (wchar_t)b;
				if (++cs.n == (int)(sizeof(cs.c) / sizeof(cs.c[0])))
					cells_flush(win, &cs, y0, x0);
			}
			col++;
			i++;
			continue;
		}
		i += edbuf_dec(ed, i, &c);
		if (c == '\n')
			break;
		w = utf8_width(c);
		if (c < 0x20 || (c >= 0x7F && c < 0xA0))
			c = c == '\t' ? ' ' : '?';
		if (w == 0) {		/* a mark with nothing to sit on */
			wcs[n++] = L' ';
			w = 1;
		}
		wcs[n++] = (wchar_t)c;
		while (i < e) {
			uint32_t m;
			size_t k = edbuf_dec(ed, i, &m);

			if (!utf8_is_mark(m))
				break;
			if (n < CCHARW_MAX)
				wcs[n++] = (wchar_t)m;
			i += k;
		}
		wcs[n] = L'\0';
		if (col + w > width)
			break;		/* a hanging space, or too wide a char */
		if (at < from) {	/* drawn there already */
			col += w;
			continue;
		}
		if (nr.on)
			narrow_spill(&nr, &cs, &plain, win, y0, x0);
		if (c < 0x80 || locale_utf8()) {
			if (cs.n == 0)
				cs.col = col;
			if (setcchar(&cs.c[cs.n], wcs, attr, pair, NULL) == ERR)
				setcchar(&cs.c[cs.n], L"?", attr, pair, NULL);
			if (++cs.n == (int)(sizeof(cs.c) / sizeof(cs.c[0])))
				cells_flush(win, &cs, y0, x0);
		} else {
			/* Not a UTF-8 locale (LANG=C): a '?' per column, as ui.c
			 * draws it; the text itself is unchanged. */
			cells_flush(win, &cs, y0, x0);
			wmove(win, y0, x0 + col);
			wattr_set(win, attr, pair, NULL);
			for (int k = 0; k < w; k++)
				waddch(win, '?');
		}
		col += w;
	}
	if (nr.on && nr.n > 0) {
		wmove(win, y0, x0 + col);
		blanks(win, width - col);
		getyx(win, ey, ex);
		wmove(win, y0, x0 + nr.col);
		waddchnstr(win, nr.a, nr.n);
		wmove(win, ey, ex);
		return;
	}
	cells_flush(win, &cs, y0, x0);
	wmove(win, y0, x0 + col);	/* after the last cell, drawn or not */
	blanks(win, width - col);
}

static void draw_rows(struct editor *ed, WINDOW *win, int y, int x, int height, int width,
		      int *cy, int *cx, int changed_only)
{
	size_t kc, kt;
	attr_t attr;
	short pair;
	int col, same;

	*cy = y;
	*cx = x;
	if (height < 1 || width < 1)
		return;
	ed->last_w = width;
	ed->last_h = height;
	edwrap_width(ed, width);
	kc = edwrap_line_of(ed, ed->cur);
	kt = edwrap_line_of(ed, ed->top);
	if (kc < kt)
		kt = kc;
	else if (kc >= kt + (size_t)height)
		kt = kc - (size_t)height + 1;
	ed->top = ed->map[kt];
	edwrap_lines(ed, kt + (size_t)height + 1);
	wattr_get(win, &attr, &pair, NULL);
	same = changed_only && ed->ds && ed->dwin == win && ed->dy == y && ed->dx == x &&
	       ed->dh == height && ed->dw == width && ed->dattr == attr && ed->dpair == pair;
	if (!same) {
		free(ed->ds);
		free(ed->dk);
		free(ed->de);
		ed->ds = xmalloc((size_t)height * sizeof(*ed->ds));
		ed->dk = xmalloc((size_t)height * sizeof(*ed->dk));
		ed->de = xmalloc((size_t)height * sizeof(*ed->de));
		for (int r = 0; r < height; r++)
			ed->ds[r] = ED_DIRTY;
		ed->dwin = win;
		ed->dy = y;
		ed->dx = x;
		ed->dh = height;
		ed->dw = width;
		ed->dattr = attr;
		ed->dpair = pair;
	}
	for (int r = 0; r < height; r++) {
		size_t li = kt + (size_t)r;
		size_t s = li < ed->mapn ? ed->map[li] : ED_BLANK;
		size_t end = li < ed->mapn ? edwrap_line_end(ed, li) : ED_BLANK;

		size_t from = s;

		/* the same bytes as drawn there, untouched since: on the screen still */
		if (same && ed->ds[r] == s && ed->de[r] == end)
			continue;
		if (same && ed->ds[r] == s && s < ED_BLANK && ed->dk[r] > s) {
			/* drawn up to an edit: from the character before it on
			 * (a mark typed or deleted changes the cell it sits on) */
			from = ed->dk[r] < end ? ed->dk[r] : end;
			from = from > s ? edbuf_prev_cluster(ed, from) : s;
			if (from < s)
				from = s;
		}
		ed->ds[r] = s;
		ed->dk[r] = end;
		ed->de[r] = end;
		wmove(win, y + r, x);
		if (li < ed->mapn)
			draw_line(ed, win, s, from, end, width, attr, pair);
		else
			blanks(win, width);
	}
	col = edwrap_col_of(ed, kc, ed->cur);
	*cy = y + (int)(kc - kt);
	*cx = x + (col < width ? col : width - 1);
}

void editor_draw(struct editor *ed, WINDOW *win, int y, int x,
		 int height, int width, int *cy, int *cx)
{
	draw_rows(ed, win, y, x, height, width, cy, cx, 0);
}

void editor_draw_changed(struct editor *ed, WINDOW *win, int y, int x,
			 int height, int width, int *cy, int *cx)
{
	draw_rows(ed, win, y, x, height, width, cy, cx, 1);
}

/* ---- Ctrl-E: the text through $VISUAL / $EDITOR --------------------- */

/* Take the edited file's text: 0, or -1 + err when it cannot be taken. */
static int take_back(struct editor *ed, const char *path, const char *old,
		     size_t oldlen, struct err *err)
{
	struct sbuf got = SBUF_INIT, norm = SBUF_INIT;
	size_t limit = oldlen > EDITOR_MAX ? oldlen : EDITOR_MAX;
	int rc = -1;

	if (file_read(path, &got, limit + 2, err) < 0)
		goto out;
	if (!utf8_valid(got.buf, got.len) || memchr(got.buf, '\0', got.len)) {
		err_set(err, "the edited text in %s is not valid UTF-8 text; the answer is unchanged",
			path);
		goto out;
	}
	edbuf_normalize(got.buf, got.len, &norm, 1);
	/* vi and most editors end the file with a newline the answer lacked */
	if ((oldlen == 0 || old[oldlen - 1] != '\n') && norm.len > 0 &&
	    norm.buf[norm.len - 1] == '\n')
		sbuf_setlen(&norm, norm.len - 1);
	if (norm.len > limit) {
		err_set(err, "the edited text in %s is longer than %d bytes; the answer is unchanged",
			path, (int)limit);
		goto out;
	}
	if (norm.len != oldlen || memcmp(norm.buf, old, oldlen))
		editor_set_text(ed, norm.buf);
	rc = 0;
out:
	sbuf_release(&got);
	sbuf_release(&norm);
	return rc;
}

int editor_external(struct editor *ed, struct err *err)
{
	struct sbuf path = SBUF_INIT;
	const char *old = editor_text(ed);
	size_t oldlen = LEN(ed);
	int rc = -1;

	if (edext_tempfile(old, oldlen, &path, err) < 0)
		goto out;
	if (edext_run(path.buf, err) < 0) {
		unlink(path.buf);
		goto out;
	}
	rc = take_back(ed, path.buf, old, oldlen, err);
	/* a text that could not be taken stays in its file: no work is lost */
	if (rc == 0)
		unlink(path.buf);
out:
	sbuf_release(&path);
	return rc;
}
