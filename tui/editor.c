/*
 * editor.c - the multi-line answer editor (see editor.h).  The text lives
 * in a gap buffer kept at the last edit, so typing costs the same at any
 * length; display lines come from a cached map of wrap points that an edit
 * only cuts back to just before the edit, so drawing costs what is visible.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <wctype.h>

#include "editor.h"
#include "lib/fileio.h"
#include "lib/sbuf.h"
#include "lib/util.h"

struct editor {
	char *buf;		/* text = buf[0, gs) + buf[ge, cap) */
	size_t cap, gs, ge;
	size_t cur;		/* cursor, a byte offset into the text */
	unsigned long gen;

	struct sbuf text;	/* contiguous copy for editor_text() */
	int text_ok;

	/*
	 * map[i] is where display line i starts at width mapw.  Only a prefix
	 * of the text is mapped; map_final says the last entry's line runs to
	 * the end of the text.  An edit at p keeps the lines before the line
	 * before p's: a line's wrap point depends only on itself and the first
	 * width columns of the line after it.
	 */
	size_t *map, mapn, mapalloc;
	int mapw, map_final;

	size_t top;		/* first visible display line (byte offset) */
	int goal;		/* column Up/Down aim for, -1 for none */
	int last_w, last_h;	/* size of the last draw, for Up/Down/Page */
};

#define LEN(ed) ((ed)->cap - ((ed)->ge - (ed)->gs))

/* ---- UTF-8 ---------------------------------------------------------- */

/* Decode one strict UTF-8 character from s[0, n): its length, 0 if invalid. */
static size_t u8dec(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c;
	size_t len;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2;
		c = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3;
		c = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

/*
 * The text as it will be stored: "\r\n" and "\r" become "\n"; invalid
 * bytes become U+FFFD when fix, else make the whole thing fail (-1).
 */
static int normalize(const char *in, size_t n, struct sbuf *out, int fix)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0;

	while (i < n) {
		uint32_t c;
		size_t k = u8dec(s + i, n - i, &c);

		if (k == 0) {
			if (!fix)
				return -1;
			sbuf_adds(out, "\xEF\xBF\xBD");
			i++;
			continue;
		}
		if (c == '\r') {
			sbuf_addch(out, '\n');
			if (i + 1 < n && s[i + 1] == '\n')
				i++;
		} else {
			sbuf_add(out, s + i, k);
		}
		i += k;
	}
	return 0;
}

/* Columns a character takes on screen; controls are drawn as one '?'. */
static int cpw(uint32_t c)
{
	int w;

	if (c < 0x20 || (c >= 0x7F && c < 0xA0))
		return 1;
	w = wcwidth((wchar_t)c);
	return w < 0 ? 1 : w;
}

static int zero_width(uint32_t c)
{
	return c >= 0x300 && cpw(c) == 0;
}

static int is_word(uint32_t c)
{
	if (c < 0x80)
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		       (c >= 'A' && c <= 'Z') || c == '_';
	return !iswspace((wint_t)c) && !iswpunct((wint_t)c);
}

/* ---- the gap buffer ------------------------------------------------- */

static unsigned char at(const struct editor *ed, size_t i)
{
	return (unsigned char)(i < ed->gs ? ed->buf[i] : ed->buf[i + (ed->ge - ed->gs)]);
}

/* The character at i (< LEN) and its length. */
static size_t dec(const struct editor *ed, size_t i, uint32_t *cp)
{
	unsigned char b[4];
	size_t n = LEN(ed) - i, k;

	if (n > 4)
		n = 4;
	for (size_t j = 0; j < n; j++)
		b[j] = at(ed, i + j);
	k = u8dec(b, n, cp);
	if (k == 0) {		/* cannot happen: only valid text gets in */
		*cp = 0xFFFD;
		k = 1;
	}
	return k;
}

static size_t prev_cp(const struct editor *ed, size_t i)
{
	size_t lim = i > 4 ? i - 4 : 0;

	if (i == 0)
		return 0;
	i--;
	while (i > lim && (at(ed, i) & 0xC0) == 0x80)
		i--;
	return i;
}

/* A character with the combining marks after it: where the next begins. */
static size_t next_cluster(const struct editor *ed, size_t i)
{
	size_t len = LEN(ed);
	uint32_t c;

	if (i >= len)
		return len;
	i += dec(ed, i, &c);
	while (i < len) {
		size_t k = dec(ed, i, &c);

		if (!zero_width(c))
			break;
		i += k;
	}
	return i;
}

static size_t prev_cluster(const struct editor *ed, size_t i)
{
	uint32_t c;

	while (i > 0) {
		i = prev_cp(ed, i);
		dec(ed, i, &c);
		if (!zero_width(c))
			break;
	}
	return i;
}

static void move_gap(struct editor *ed, size_t pos)
{
	if (pos < ed->gs) {
		size_t n = ed->gs - pos;

		memmove(ed->buf + ed->ge - n, ed->buf + pos, n);
		ed->gs -= n;
		ed->ge -= n;
	} else if (pos > ed->gs) {
		size_t n = pos - ed->gs;

		memmove(ed->buf + ed->gs, ed->buf + ed->ge, n);
		ed->gs += n;
		ed->ge += n;
	}
}

static void ensure_gap(struct editor *ed, size_t n)
{
	size_t tail, ncap;

	if (ed->ge - ed->gs >= n)
		return;
	tail = ed->cap - ed->ge;
	ncap = ed->cap * 2 + n + 64;
	ed->buf = xrealloc(ed->buf, ncap);
	memmove(ed->buf + ncap - tail, ed->buf + ed->ge, tail);
	ed->ge = ncap - tail;
	ed->cap = ncap;
}

/* Last map entry <= pos (the map must not be empty). */
static size_t map_find(const struct editor *ed, size_t pos)
{
	size_t lo = 0, hi = ed->mapn;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (ed->map[mid] <= pos)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* The text changed at pos: removed bytes went, added bytes came. */
static void edited(struct editor *ed, size_t pos, size_t removed, size_t added)
{
	ed->gen++;
	ed->text_ok = 0;
	if (ed->mapn > 0) {
		size_t k = map_find(ed, pos);

		ed->mapn = k > 1 ? k : 1;
		ed->map_final = 0;
	}
	if (ed->top > pos)
		ed->top = (ed->top >= pos + removed ? ed->top - removed : pos) + added;
}

static void insert_bytes(struct editor *ed, const char *s, size_t n)
{
	if (n == 0)
		return;
	ensure_gap(ed, n);
	move_gap(ed, ed->cur);
	memcpy(ed->buf + ed->gs, s, n);
	ed->gs += n;
	edited(ed, ed->cur, 0, n);
	ed->cur += n;
}

static void delete_range(struct editor *ed, size_t a, size_t b)
{
	if (b <= a)
		return;
	move_gap(ed, a);
	ed->ge += b - a;
	if (ed->cur >= b)
		ed->cur -= b - a;
	else if (ed->cur > a)
		ed->cur = a;
	edited(ed, a, b - a, 0);
}

/* ---- wrapping ------------------------------------------------------- */

/*
 * Wrap the display line that starts at s: returns where the next one
 * starts; *final is set when this line runs to the end of the text.
 * Greedy: break after the last space (or wide character) that fits; a
 * space that does not fit hangs at the end; a word longer than the line is
 * cut at a character.  It reads at most one character past the columns
 * that fit (plus its combining marks), which is what keeps map cuts safe.
 */
static size_t wrap_line(const struct editor *ed, size_t s, int width, int *final)
{
	size_t len = LEN(ed), i = s, brk = 0;
	int cols = 0;

	*final = 0;
	while (i < len) {
		uint32_t c;
		size_t n = dec(ed, i, &c);
		int w;

		if (c == '\n')
			return i + 1;
		w = cpw(c);
		if (cols + w > width) {
			if (c == ' ' || c == '\t')
				return i + n;
			if (brk)
				return brk;
			if (i == s)
				return next_cluster(ed, i);
			return i;
		}
		cols += w;
		i += n;
		if (c == ' ' || c == '\t' || w == 2)
			brk = i;
	}
	*final = 1;
	return len;
}

static void map_push(struct editor *ed, size_t s)
{
	if (ed->mapn == ed->mapalloc) {
		ed->mapalloc = ed->mapalloc ? ed->mapalloc * 2 : 64;
		ed->map = xrealloc(ed->map, ed->mapalloc * sizeof(*ed->map));
	}
	ed->map[ed->mapn++] = s;
}

static void map_width(struct editor *ed, int width)
{
	if (width < 1)
		width = 1;
	if (ed->mapw != width || ed->mapn == 0) {
		ed->mapw = width;
		ed->mapn = 0;
		ed->map_final = 0;
		map_push(ed, 0);
	}
}

/* Wrap one more line onto the map; 0 when the map already reaches the end. */
static int map_more(struct editor *ed)
{
	size_t next;
	int final;

	if (ed->map_final)
		return 0;
	next = wrap_line(ed, ed->map[ed->mapn - 1], ed->mapw, &final);
	if (final)
		ed->map_final = 1;
	else
		map_push(ed, next);
	return !final;
}

/* Index of the display line holding pos, mapping as far as needed. */
static size_t line_of(struct editor *ed, size_t pos)
{
	while (ed->map[ed->mapn - 1] <= pos && map_more(ed))
		;
	return map_find(ed, pos);
}

/* Make sure lines 0..n-1 are mapped (or the map is final). */
static void map_lines(struct editor *ed, size_t n)
{
	while (ed->mapn < n && map_more(ed))
		;
}

/* Where line li ends (exclusive): the next line's start or the text's end. */
static size_t line_end(struct editor *ed, size_t li)
{
	map_lines(ed, li + 2);
	return li + 1 < ed->mapn ? ed->map[li + 1] : LEN(ed);
}

/* The last cursor position on line li (later ones belong to the next). */
static size_t line_last(struct editor *ed, size_t li)
{
	size_t e = line_end(ed, li);

	if (li + 1 >= ed->mapn)
		return e;
	if (at(ed, e - 1) == '\n')
		return e - 1;
	return prev_cluster(ed, e);
}

static int col_of(struct editor *ed, size_t li, size_t pos)
{
	size_t i = ed->map[li];
	int col = 0;

	while (i < pos) {
		uint32_t c;

		i += dec(ed, i, &c);
		if (c != '\n')
			col += cpw(c);
	}
	return col;
}

static size_t pos_at_col(struct editor *ed, size_t li, int goal)
{
	size_t i = ed->map[li], e = line_last(ed, li);
	int col = 0;

	while (i < e) {
		size_t j = next_cluster(ed, i);
		uint32_t c;

		dec(ed, i, &c);
		if (col + cpw(c) > goal)
			break;
		col += cpw(c);
		i = j;
	}
	return i;
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
	sbuf_release(&ed->text);
	free(ed);
}

void editor_set_text(struct editor *ed, const char *utf8)
{
	struct sbuf sb = SBUF_INIT;

	if (!utf8)
		utf8 = "";
	normalize(utf8, strlen(utf8), &sb, 1);
	free(ed->buf);
	ed->cap = sb.len + 256;
	ed->buf = xmalloc(ed->cap);
	memcpy(ed->buf, sb.buf, sb.len);
	ed->gs = ed->cur = sb.len;
	ed->ge = ed->cap;
	sbuf_release(&sb);
	ed->mapn = 0;
	ed->map_final = 0;
	ed->top = 0;
	ed->goal = -1;
	ed->gen++;
	ed->text_ok = 0;
}

int editor_insert(struct editor *ed, const char *utf8)
{
	struct sbuf sb = SBUF_INIT;
	int rc = -1;

	if (normalize(utf8, strlen(utf8), &sb, 0) < 0)
		goto out;
	if (sb.len > 0 && LEN(ed) + sb.len > EDITOR_MAX)
		goto out;
	insert_bytes(ed, sb.buf, sb.len);
	ed->goal = -1;
	rc = 0;
out:
	sbuf_release(&sb);
	return rc;
}

const char *editor_text(struct editor *ed)
{
	if (!ed->text_ok) {
		sbuf_reset(&ed->text);
		sbuf_add(&ed->text, ed->buf, ed->gs);
		sbuf_add(&ed->text, ed->buf + ed->ge, ed->cap - ed->ge);
		ed->text_ok = 1;
	}
	return ed->text.buf;
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
	while (off > 0 && off < len && (at(ed, off) & 0xC0) == 0x80)
		off--;
	while (off > 0 && off < len && (dec(ed, off, &c), zero_width(c)))
		off = prev_cp(ed, off);
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
		s = wrap_line(ed, s, width, &final);
	}
	return n;
}

/* ---- keys ----------------------------------------------------------- */

static size_t logical_start(const struct editor *ed, size_t i)
{
	while (i > 0 && at(ed, i - 1) != '\n')
		i--;
	return i;
}

static size_t logical_end(const struct editor *ed, size_t i)
{
	size_t len = LEN(ed);

	while (i < len && at(ed, i) != '\n')
		i++;
	return i;
}

static size_t word_right(const struct editor *ed, size_t i)
{
	size_t len = LEN(ed);
	uint32_t c;

	while (i < len && (dec(ed, i, &c), !is_word(c)))
		i = next_cluster(ed, i);
	while (i < len && (dec(ed, i, &c), is_word(c)))
		i = next_cluster(ed, i);
	return i;
}

static size_t word_left(const struct editor *ed, size_t i)
{
	uint32_t c;

	while (i > 0) {
		size_t p = prev_cluster(ed, i);

		dec(ed, p, &c);
		if (is_word(c))
			break;
		i = p;
	}
	while (i > 0) {
		size_t p = prev_cluster(ed, i);

		dec(ed, p, &c);
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

	map_width(ed, ed->last_w);
	kc = line_of(ed, ed->cur);
	if (ed->goal < 0)
		ed->goal = col_of(ed, kc, ed->cur);
	if (lines < 0) {
		if (kc == 0) {
			ed->cur = 0;
			return;
		}
		target = (size_t)-lines > kc ? 0 : kc - (size_t)-lines;
	} else {
		map_lines(ed, kc + (size_t)lines + 1);
		if (kc + 1 >= ed->mapn) {
			ed->cur = LEN(ed);
			return;
		}
		target = kc + (size_t)lines;
		if (target >= ed->mapn)
			target = ed->mapn - 1;
	}
	if (page) {	/* the view turns a page too, as in a pager */
		kt = line_of(ed, ed->top);
		if (lines < 0)
			kt = (size_t)-lines > kt ? 0 : kt - (size_t)-lines;
		else
			kt = kt + (size_t)lines < ed->mapn ? kt + (size_t)lines : ed->mapn - 1;
		ed->top = ed->map[kt];
	}
	ed->cur = pos_at_col(ed, target, ed->goal);
}

static void home_end(struct editor *ed, int end)
{
	size_t li, p;

	map_width(ed, ed->last_w);
	li = line_of(ed, ed->cur);
	p = end ? line_last(ed, li) : ed->map[li];
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
	delete_range(ed, a, b);
	return EDITOR_CHANGED;
}

static int insert_char(struct editor *ed, uint32_t c)
{
	char u[4];
	size_t n = utf8_encode(c, u);

	if (LEN(ed) + n > EDITOR_MAX)
		return EDITOR_FULL;
	insert_bytes(ed, u, n);
	return EDITOR_CHANGED;
}

static int backspace(struct editor *ed)
{
	if (ed->cur == 0)
		return EDITOR_MOVED;
	delete_range(ed, prev_cluster(ed, ed->cur), ed->cur);
	return EDITOR_CHANGED;
}

static int delete_fwd(struct editor *ed)
{
	if (ed->cur >= LEN(ed))
		return EDITOR_MOVED;
	delete_range(ed, ed->cur, next_cluster(ed, ed->cur));
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
		ed->cur = prev_cluster(ed, ed->cur);
		return EDITOR_MOVED;
	case KEY_RIGHT:
		ed->cur = next_cluster(ed, ed->cur);
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
		delete_range(ed, ed->cur, e);
		return EDITOR_CHANGED;
	}
	}
	return EDITOR_IGNORED;
}

/* ---- drawing -------------------------------------------------------- */

/* Draw display line [s, e) in exactly width cells of the current row. */
static void draw_line(struct editor *ed, WINDOW *win, size_t s, size_t e,
		      int width, attr_t attr, short pair)
{
	int col = 0;
	size_t i = s;

	while (i < e) {
		wchar_t wcs[CCHARW_MAX + 1];
		cchar_t cc;
		uint32_t c;
		int n = 0, w;

		i += dec(ed, i, &c);
		if (c == '\n')
			break;
		w = cpw(c);
		if (c < 0x20 || (c >= 0x7F && c < 0xA0))
			c = c == '\t' ? ' ' : '?';
		if (w == 0) {		/* a mark with nothing to sit on */
			wcs[n++] = L' ';
			w = 1;
		}
		wcs[n++] = (wchar_t)c;
		while (i < e) {
			uint32_t m;
			size_t k = dec(ed, i, &m);

			if (!zero_width(m))
				break;
			if (n < CCHARW_MAX)
				wcs[n++] = (wchar_t)m;
			i += k;
		}
		wcs[n] = L'\0';
		if (col + w > width)
			break;		/* a hanging space, or too wide a char */
		if (setcchar(&cc, wcs, attr, pair, NULL) == ERR)
			setcchar(&cc, L"?", attr, pair, NULL);
		wadd_wch(win, &cc);
		col += w;
	}
	for (; col < width; col++)
		waddch(win, ' ');
}

void editor_draw(struct editor *ed, WINDOW *win, int y, int x,
		 int height, int width, int *cy, int *cx)
{
	size_t kc, kt;
	attr_t attr;
	short pair;
	int col;

	*cy = y;
	*cx = x;
	if (height < 1 || width < 1)
		return;
	ed->last_w = width;
	ed->last_h = height;
	map_width(ed, width);
	kc = line_of(ed, ed->cur);
	kt = line_of(ed, ed->top);
	if (kc < kt)
		kt = kc;
	else if (kc >= kt + (size_t)height)
		kt = kc - (size_t)height + 1;
	ed->top = ed->map[kt];
	map_lines(ed, kt + (size_t)height + 1);
	wattr_get(win, &attr, &pair, NULL);
	for (int r = 0; r < height; r++) {
		size_t li = kt + (size_t)r;

		wmove(win, y + r, x);
		if (li < ed->mapn)
			draw_line(ed, win, ed->map[li], line_end(ed, li), width, attr, pair);
		else
			for (int c = 0; c < width; c++)
				waddch(win, ' ');
	}
	col = col_of(ed, kc, ed->cur);
	*cy = y + (int)(kc - kt);
	*cx = x + (col < width ? col : width - 1);
}

/* ---- Ctrl-E: $VISUAL / $EDITOR -------------------------------------- */

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = write(fd, p, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* Run "cmd path" through the shell, as git does; the exit status or -1. */
static int run_editor(const char *cmd, const char *path, struct err *err)
{
	struct sigaction ign, oint, oquit;
	struct sbuf sh = SBUF_INIT;
	int status = -1;
	pid_t pid;

	sbuf_addf(&sh, "%s \"$1\"", cmd);
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &oint);
	sigaction(SIGQUIT, &ign, &oquit);
	pid = fork();
	if (pid == 0) {
		sigaction(SIGINT, &oint, NULL);
		sigaction(SIGQUIT, &oquit, NULL);
		execl("/bin/sh", "sh", "-c", sh.buf, "sh", path, (char *)NULL);
		_exit(127);
	}
	if (pid < 0) {
		err_set(err, "cannot start the editor: %s", strerror(errno));
	} else {
		while (waitpid(pid, &status, 0) < 0) {
			if (errno != EINTR) {
				status = -1;
				err_set(err, "waiting for the editor: %s", strerror(errno));
				break;
			}
		}
	}
	sigaction(SIGINT, &oint, NULL);
	sigaction(SIGQUIT, &oquit, NULL);
	sbuf_release(&sh);
	return status;
}

int editor_external(struct editor *ed, struct err *err)
{
	const char *cmd = getenv("VISUAL");
	const char *dir = getenv("TMPDIR");
	struct sbuf path = SBUF_INIT, got = SBUF_INIT, norm = SBUF_INIT;
	const char *old;
	size_t oldlen, limit;
	int fd, status, handed = 0, keep = 0, rc = -1;

	if (!cmd || !*cmd)
		cmd = getenv("EDITOR");
	if (!cmd || !*cmd)
		cmd = "vi";
	if (!dir || !*dir)
		dir = "/tmp";
	old = editor_text(ed);
	oldlen = LEN(ed);
	sbuf_addf(&path, "%s/eadr-answer-XXXXXX.txt", dir);
	fd = mkstemps(path.buf, 4);
	if (fd < 0) {
		err_set(err, "cannot make a temporary file in %s: %s", dir, strerror(errno));
		goto out;
	}
	if (fchmod(fd, 0600) < 0 || write_all(fd, old, oldlen) < 0) {
		err_set(err, "%s: %s", path.buf, strerror(errno));
		close(fd);
		goto out;
	}
	close(fd);

	if (stdscr && !isendwin()) {
		def_prog_mode();
		endwin();
		handed = 1;
	}
	status = run_editor(cmd, path.buf, err);
	if (handed) {
		reset_prog_mode();
		clearok(curscr, TRUE);
	}
	if (status == -1)
		goto out;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		if (WIFEXITED(status))
			err_set(err, "the editor '%s' failed (exit status %d); the answer is unchanged",
				cmd, WEXITSTATUS(status));
		else
			err_set(err, "the editor '%s' was killed (signal %d); the answer is unchanged",
				cmd, WTERMSIG(status));
		goto out;
	}
	limit = oldlen > EDITOR_MAX ? oldlen : EDITOR_MAX;
	keep = 1;
	if (file_read(path.buf, &got, limit + 2, err) < 0)
		goto out;
	if (!utf8_valid(got.buf, got.len) || memchr(got.buf, '\0', got.len)) {
		err_set(err, "the edited text in %s is not valid UTF-8 text; the answer is unchanged",
			path.buf);
		goto out;
	}
	normalize(got.buf, got.len, &norm, 1);
	/* vi and most editors end the file with a newline the answer lacked */
	if ((oldlen == 0 || old[oldlen - 1] != '\n') && norm.len > 0 &&
	    norm.buf[norm.len - 1] == '\n')
		sbuf_setlen(&norm, norm.len - 1);
	if (norm.len > limit) {
		err_set(err, "the edited text in %s is longer than %d bytes; the answer is unchanged",
			path.buf, (int)limit);
		goto out;
	}
	keep = 0;
	if (norm.len != oldlen || memcmp(norm.buf, old, oldlen))
		editor_set_text(ed, norm.buf);
	rc = 0;
out:
	if (fd >= 0 && !keep)
		unlink(path.buf);
	sbuf_release(&path);
	sbuf_release(&got);
	sbuf_release(&norm);
	return rc;
}
