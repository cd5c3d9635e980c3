/*
 * test_editor.c - the answer editor: editing on ASCII, accents, combining
 * marks, CJK and emoji; wrap layout; word and line movement; the 64 KiB
 * cap; drawing on a headless ncurses screen; random keys against a model.
 */
#include "testutil.h"

#include <curses.h>
#include <limits.h>
#include <locale.h>
#include <sys/stat.h>
#include <wchar.h>
#include <wctype.h>

#include "testscreen.h"
#include "tui/editor.h"
#include "tui/editor_int.h"	/* test_draw_changed: the view's top */

/* ---- helpers -------------------------------------------------------- */

static void type(struct editor *ed, const wchar_t *s)
{
	for (; *s; s++)
		assert_int_equal(editor_key(ed, 0, (wint_t)*s), EDITOR_CHANGED);
}

static int key(struct editor *ed, int code)
{
	return editor_key(ed, 1, (wint_t)code);
}

static size_t layout(struct editor *ed, int width, size_t *starts, size_t max)
{
	return editor_layout(ed, width, starts, max);
}

/* The UTF-8 text of row y from x over w cells, trailing blanks cut. */
static char *row_text(WINDOW *win, int y, int x, int w)
{
	struct sbuf sb = SBUF_INIT;
	size_t keep = 0;

	for (int c = x; c < x + w;) {
		cchar_t cc;
		wchar_t wcs[CCHARW_MAX + 1];
		attr_t a;
		short p;
		int cw;

		assert_int_not_equal(mvwin_wch(win, y, c, &cc), ERR);
		assert_int_not_equal(getcchar(&cc, wcs, &a, &p, NULL), ERR);
		for (int i = 0; wcs[i]; i++) {
			char mb[MB_LEN_MAX];
			mbstate_t ps;
			size_t n;

			memset(&ps, 0, sizeof(ps));
			n = wcrtomb(mb, wcs[i], &ps);
			assert_true(n != (size_t)-1);
			sbuf_add(&sb, mb, n);
		}
		if (!(wcs[0] == L' ' && wcs[1] == 0))
			keep = sb.len;
		cw = wcwidth(wcs[0]);
		c += cw > 0 ? cw : 1;
	}
	sbuf_setlen(&sb, keep);
	return sbuf_detach(&sb);
}

static void assert_row(WINDOW *win, int y, int x, int w, const char *want)
{
	char *got = row_text(win, y, x, w);

	assert_string_equal(got, want);
	free(got);
}

/* ---- editing -------------------------------------------------------- */

static void test_ascii(void **state)
{
	struct editor *ed = editor_new(NULL);
	unsigned long g;

	assert_string_equal(editor_text(ed), "");
	assert_int_equal(editor_len(ed), 0);
	type(ed, L"hello");
	assert_string_equal(editor_text(ed), "hello");
	assert_int_equal(editor_cursor(ed), 5);
	assert_int_equal(key(ed, KEY_LEFT), EDITOR_MOVED);
	assert_int_equal(key(ed, KEY_LEFT), EDITOR_MOVED);
	type(ed, L"X");
	assert_string_equal(editor_text(ed), "helXlo");
	assert_int_equal(key(ed, KEY_BACKSPACE), EDITOR_CHANGED);
	assert_string_equal(editor_text(ed), "hello");
	assert_int_equal(key(ed, KEY_DC), EDITOR_CHANGED);
	assert_string_equal(editor_text(ed), "helo");
	assert_int_equal(editor_key(ed, 0, 0x7F), EDITOR_CHANGED);	/* ^? */
	assert_string_equal(editor_text(ed), "heo");
	assert_int_equal(key(ed, KEY_HOME), EDITOR_MOVED);
	assert_int_equal(editor_cursor(ed), 0);
	assert_int_equal(key(ed, KEY_LEFT), EDITOR_MOVED);	/* nothing left */
	assert_int_equal(key(ed, KEY_BACKSPACE), EDITOR_MOVED);
	assert_int_equal(editor_cursor(ed), 0);
	assert_int_equal(key(ed, KEY_END), EDITOR_MOVED);
	assert_int_equal(editor_cursor(ed), 3);
	assert_int_equal(key(ed, KEY_DC), EDITOR_MOVED);
	g = editor_generation(ed);
	assert_int_equal(key(ed, KEY_LEFT), EDITOR_MOVED);
	assert_int_equal(editor_generation(ed), g);	/* moves are not changes */
	type(ed, L"!");
	assert_true(editor_generation(ed) > g);
	assert_string_equal(editor_text(ed), "he!o");
	/* keys that belong to the caller */
	assert_int_equal(editor_key(ed, 0, L'\t'), EDITOR_IGNORED);
	assert_int_equal(editor_key(ed, 0, 0x1B), EDITOR_IGNORED);
	assert_int_equal(editor_key(ed, 0, 0x05), EDITOR_IGNORED);	/* ^E */
	assert_int_equal(key(ed, KEY_F(1)), EDITOR_IGNORED);
	assert_int_equal(editor_key(ed, 0, 0xD800), EDITOR_IGNORED);
	assert_string_equal(editor_text(ed), "he!o");
	editor_free(ed);
	editor_free(NULL);
}

static void test_accents(void **state)
{
	struct editor *ed = editor_new("Zo");

	type(ed, L"\u00eb \u00d3 S\u00fail");	/* ë Ó Súil */
	assert_string_equal(editor_text(ed), "Zo\xc3\xab \xc3\x93 S\xc3\xbail");
	key(ed, KEY_HOME);
	key(ed, KEY_RIGHT);
	key(ed, KEY_RIGHT);
	assert_int_equal(editor_cursor(ed), 2);
	key(ed, KEY_RIGHT);
	assert_int_equal(editor_cursor(ed), 4);	/* over both bytes of ë */
	key(ed, KEY_BACKSPACE);
	assert_string_equal(editor_text(ed), "Zo \xc3\x93 S\xc3\xbail");
	key(ed, KEY_RIGHT);
	key(ed, KEY_DC);	/* Ó goes whole */
	assert_string_equal(editor_text(ed), "Zo  S\xc3\xbail");
	editor_free(ed);
}

static void test_combining(void **state)
{
	/* "e" + COMBINING ACUTE, then "x": the cursor never lands inside */
	struct editor *ed = editor_new("e\xcc\x81x");

	assert_int_equal(editor_cursor(ed), 4);
	key(ed, KEY_LEFT);
	assert_int_equal(editor_cursor(ed), 3);
	key(ed, KEY_LEFT);
	assert_int_equal(editor_cursor(ed), 0);
	key(ed, KEY_RIGHT);
	assert_int_equal(editor_cursor(ed), 3);
	editor_set_cursor(ed, 1);	/* inside the mark: rounds back */
	assert_int_equal(editor_cursor(ed), 0);
	editor_set_cursor(ed, 2);
	assert_int_equal(editor_cursor(ed), 0);
	key(ed, KEY_DC);
	assert_string_equal(editor_text(ed), "x");
	/* typing a mark after a letter joins it; backspace takes both */
	type(ed, L"a\u0308");
	assert_string_equal(editor_text(ed), "a\xcc\x88x");
	key(ed, KEY_BACKSPACE);
	assert_string_equal(editor_text(ed), "x");
	assert_int_equal(editor_cursor(ed), 0);
	editor_free(ed);
}

static void test_wide(void **state)
{
	size_t st[8];
	struct editor *ed = editor_new(NULL);

	type(ed, L"\u65e5\u672c\u8a9e");	/* 日本語: 3 bytes, 2 columns each */
	assert_string_equal(editor_text(ed), "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e");
	/* at 5 columns only two fit: the break comes after 本 */
	assert_int_equal(layout(ed, 5, st, 8), 2);
	assert_int_equal(st[1], 6);
	key(ed, KEY_LEFT);
	assert_int_equal(editor_cursor(ed), 6);
	type(ed, L"\U0001F600");	/* 😀 is 4 bytes */
	assert_int_equal(editor_len(ed), 13);
	assert_int_equal(editor_cursor(ed), 10);
	key(ed, KEY_LEFT);
	assert_int_equal(editor_cursor(ed), 6);
	key(ed, KEY_DC);
	assert_string_equal(editor_text(ed), "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e");
	/* emoji with a variation selector is one character to the cursor */
	editor_set_text(ed, "\xe2\x9d\xa4\xef\xb8\x8f!");	/* ❤️! */
	key(ed, KEY_LEFT);
	key(ed, KEY_LEFT);
	assert_int_equal(editor_cursor(ed), 0);
	/* a one-column field still shows a wide character (alone); the
	 * cursor after the last one needs a line of its own */
	editor_set_text(ed, "\xe6\x97\xa5\xe6\x9c\xac");
	assert_int_equal(layout(ed, 1, st, 8), 3);
	assert_int_equal(st[1], 3);
	assert_int_equal(st[2], 6);
	editor_free(ed);
}

static void test_wrap(void **state)
{
	size_t st[16];
	struct editor *ed = editor_new("the quick brown fox");

	assert_int_equal(layout(ed, 80, st, 16), 1);
	assert_int_equal(layout(ed, 10, st, 16), 2);
	assert_int_equal(st[1], 10);		/* "the quick " | "brown fox" */
	assert_int_equal(layout(ed, 9, st, 16), 2);
	assert_int_equal(st[1], 10);		/* the space hangs */
	assert_int_equal(layout(ed, 5, st, 16), 4);
	assert_int_equal(st[1], 4);		/* "the " */
	assert_int_equal(st[2], 10);		/* "quick " */
	assert_int_equal(st[3], 16);		/* "brown " | "fox" */
	editor_set_text(ed, "abcdefghij");	/* no space: cut */
	assert_int_equal(layout(ed, 4, st, 16), 3);
	assert_int_equal(st[1], 4);
	assert_int_equal(st[2], 8);
	editor_set_text(ed, "a\n\nb");
	assert_int_equal(layout(ed, 10, st, 16), 3);
	assert_int_equal(st[1], 2);
	assert_int_equal(st[2], 3);
	editor_set_text(ed, "ab\n");		/* the empty last line counts */
	assert_int_equal(layout(ed, 10, st, 16), 2);
	assert_int_equal(st[1], 3);
	editor_set_text(ed, "");
	assert_int_equal(layout(ed, 10, st, 16), 1);
	assert_int_equal(st[0], 0);
	/* accents and combining marks take their real widths */
	editor_set_text(ed, "Zo\xc3\xab \xc3\x93 Su\xcc\x81illeabha\xcc\x81in");
	assert_int_equal(layout(ed, 6, st, 16), 3);
	assert_int_equal(st[1], 8);		/* "Zoë Ó " */
	assert_int_equal(st[2], 16);		/* "Súille" | "abháin": cut */
	assert_int_equal(layout(ed, 20, st, 16), 1);
	/* max smaller than the count: only the count */
	editor_set_text(ed, "a\nb\nc\nd");
	assert_int_equal(layout(ed, 10, st, 2), 4);
	editor_free(ed);
}

static void test_words(void **state)
{
	struct editor *ed = editor_new("hello, w\xc3\xb6rld  foo_bar");

	editor_set_cursor(ed, 0);
	assert_int_equal(editor_meta_key(ed, 'f'), EDITOR_MOVED);
	assert_int_equal(editor_cursor(ed), 5);
	editor_meta_key(ed, 'f');
	assert_int_equal(editor_cursor(ed), 13);	/* end of wörld */
	editor_meta_key(ed, 'f');
	assert_int_equal(editor_cursor(ed), 22);	/* foo_bar is one word */
	editor_meta_key(ed, 'f');
	assert_int_equal(editor_cursor(ed), 22);
	editor_meta_key(ed, 'b');
	assert_int_equal(editor_cursor(ed), 15);
	editor_meta_key(ed, 'b');
	assert_int_equal(editor_cursor(ed), 7);
	editor_meta_key(ed, 'b');
	assert_int_equal(editor_cursor(ed), 0);
	assert_int_equal(editor_meta_key(ed, 'd'), EDITOR_CHANGED);
	assert_string_equal(editor_text(ed), ", w\xc3\xb6rld  foo_bar");
	assert_int_equal(editor_meta_key(ed, 'x'), EDITOR_IGNORED);
	editor_free(ed);
}

static void test_lines(void **state)
{
	/* "abcdef\n" 0-6, "ab\n" 7-9, "abcdef" 10-15 */
	struct editor *ed = editor_new("abcdef\nab\nabcdef");

	editor_set_cursor(ed, 5);
	key(ed, KEY_DOWN);
	assert_int_equal(editor_cursor(ed), 9);	/* end of the short line */
	key(ed, KEY_DOWN);
	assert_int_equal(editor_cursor(ed), 15);	/* back to column 5 */
	key(ed, KEY_DOWN);
	assert_int_equal(editor_cursor(ed), 16);	/* last line: to the end */
	key(ed, KEY_UP);
	assert_int_equal(editor_cursor(ed), 9);
	key(ed, KEY_UP);
	assert_int_equal(editor_cursor(ed), 5);
	key(ed, KEY_UP);
	assert_int_equal(editor_cursor(ed), 0);	/* first line: to the start */
	editor_set_cursor(ed, 8);
	assert_int_equal(editor_key(ed, 0, 0x0B), EDITOR_CHANGED);	/* ^K */
	assert_string_equal(editor_text(ed), "abcdef\na\nabcdef");
	assert_int_equal(editor_key(ed, 0, 0x0B), EDITOR_CHANGED);	/* joins */
	assert_string_equal(editor_text(ed), "abcdef\naabcdef");
	editor_set_cursor(ed, 10);
	assert_int_equal(editor_key(ed, 0, 0x15), EDITOR_CHANGED);	/* ^U */
	assert_string_equal(editor_text(ed), "abcdef\ncdef");
	assert_int_equal(editor_cursor(ed), 7);
	assert_int_equal(editor_key(ed, 0, 0x15), EDITOR_MOVED);	/* nothing */
	assert_int_equal(editor_key(ed, 0, 0x01), EDITOR_MOVED);	/* ^A */
	assert_int_equal(editor_cursor(ed), 7);
	editor_set_cursor(ed, 16);
	assert_int_equal(editor_key(ed, 0, 0x0B), EDITOR_MOVED);
	editor_free(ed);
}

static void test_newlines(void **state)
{
	struct editor *ed = editor_new("a\r\nb\rc");

	assert_string_equal(editor_text(ed), "a\nb\nc");
	assert_int_equal(editor_key(ed, 0, L'\r'), EDITOR_CHANGED);
	assert_int_equal(editor_key(ed, 0, L'\n'), EDITOR_CHANGED);
	assert_int_equal(key(ed, KEY_ENTER), EDITOR_CHANGED);
	assert_string_equal(editor_text(ed), "a\nb\nc\n\n\n");
	key(ed, KEY_BACKSPACE);
	assert_string_equal(editor_text(ed), "a\nb\nc\n\n");
	assert_int_equal(editor_insert(ed, "x\r\ny"), 0);
	assert_string_equal(editor_text(ed), "a\nb\nc\n\nx\ny");
	assert_int_equal(editor_cursor(ed), 10);
	/* invalid UTF-8 is refused whole by insert, replaced by set_text */
	assert_int_equal(editor_insert(ed, "ok\xff"), -1);
	assert_string_equal(editor_text(ed), "a\nb\nc\n\nx\ny");
	assert_int_equal(editor_insert(ed, "\xed\xa0\x80"), -1);	/* surrogate */
	editor_set_text(ed, "a\xffz");
	assert_string_equal(editor_text(ed), "a\xef\xbf\xbdz");
	editor_free(ed);
}

static void test_cap(void **state)
{
	char *big = xmalloc(EDITOR_MAX + 16);
	struct editor *ed;

	memset(big, 'a', EDITOR_MAX - 1);
	big[EDITOR_MAX - 1] = '\0';
	ed = editor_new(big);
	assert_int_equal(editor_len(ed), EDITOR_MAX - 1);
	assert_int_equal(editor_key(ed, 0, L'\u00e9'), EDITOR_FULL);	/* 2 bytes */
	assert_int_equal(editor_key(ed, 0, L'b'), EDITOR_CHANGED);
	assert_int_equal(editor_len(ed), EDITOR_MAX);
	assert_int_equal(editor_key(ed, 0, L'c'), EDITOR_FULL);
	assert_int_equal(editor_key(ed, 0, L'\n'), EDITOR_FULL);
	assert_int_equal(editor_insert(ed, "x"), -1);
	assert_int_equal(editor_insert(ed, ""), 0);
	assert_int_equal(editor_len(ed), EDITOR_MAX);
	assert_int_equal(editor_text(ed)[EDITOR_MAX - 1], 'b');
	key(ed, KEY_BACKSPACE);
	assert_int_equal(editor_insert(ed, "z"), 0);
	/* a longer text from elsewhere is kept whole, only growth refused */
	memset(big, 'q', EDITOR_MAX + 10);
	big[EDITOR_MAX + 10] = '\0';
	editor_set_text(ed, big);
	assert_int_equal(editor_len(ed), EDITOR_MAX + 10);
	assert_int_equal(editor_key(ed, 0, L'x'), EDITOR_FULL);
	assert_int_equal(key(ed, KEY_BACKSPACE), EDITOR_CHANGED);
	assert_int_equal(editor_len(ed), EDITOR_MAX + 9);
	/* no cap below EDITOR_MAX: a 60 KiB paste goes in at once */
	editor_set_text(ed, "");
	memset(big, 'p', 60 * 1024);
	big[60 * 1024] = '\0';
	assert_int_equal(editor_insert(ed, big), 0);
	assert_int_equal(editor_len(ed), 60 * 1024);
	free(big);
	editor_free(ed);
}

/* ---- drawing -------------------------------------------------------- */

static void test_draw(void **state)
{
	WINDOW *win = newwin(12, 40, 0, 0);
	struct editor *ed = editor_new("the quick brown fox jumps over the lazy dog");
	int cy, cx;

	assert_non_null(win);
	editor_draw(ed, win, 1, 2, 3, 10, &cy, &cx);
	/* "the quick " "brown fox " "jumps over" "the lazy " "dog": the last
	 * 3 show, the cursor's among them */
	assert_row(win, 1, 2, 10, "jumps over");
	assert_row(win, 2, 2, 10, "the lazy");
	assert_row(win, 3, 2, 10, "dog");
	assert_int_equal(cy, 3);
	assert_int_equal(cx, 2 + 3);
	/* nothing outside the field was touched */
	assert_row(win, 0, 0, 40, "");
	assert_row(win, 4, 0, 40, "");
	assert_row(win, 1, 0, 2, "");
	assert_row(win, 1, 12, 28, "");
	key(ed, KEY_UP);
	key(ed, KEY_UP);
	key(ed, KEY_UP);	/* to "brown fox": the view follows */
	editor_draw(ed, win, 1, 2, 3, 10, &cy, &cx);
	assert_row(win, 1, 2, 10, "brown fox");
	assert_row(win, 3, 2, 10, "the lazy");
	assert_int_equal(cy, 1);
	assert_int_equal(cx, 2 + 3);
	assert_int_equal(editor_cursor(ed), 13);
	key(ed, KEY_UP);	/* a long line keeps the goal column */
	key(ed, KEY_END);
	assert_int_equal(editor_cursor(ed), 9);	/* on the hanging space */
	key(ed, KEY_END);	/* again: the end of the whole line */
	assert_int_equal(editor_cursor(ed), 43);
	key(ed, KEY_HOME);
	assert_int_equal(editor_cursor(ed), 40);
	key(ed, KEY_HOME);
	assert_int_equal(editor_cursor(ed), 0);
	/* wide, combining and emoji characters */
	editor_set_text(ed, "Zo\xc3\xab \xc3\x93 Su\xcc\x81illeabha\xcc\x81in \xe6\x97\xa5\xe6\x9c\xac\xf0\x9f\x98\x80");
	editor_draw(ed, win, 0, 0, 4, 12, &cy, &cx);
	assert_row(win, 0, 0, 12, "Zo\xc3\xab \xc3\x93");
	assert_row(win, 1, 0, 12, "Su\xcc\x81illeabha\xcc\x81in");
	assert_row(win, 2, 0, 12, "\xe6\x97\xa5\xe6\x9c\xac\xf0\x9f\x98\x80");
	assert_row(win, 3, 0, 12, "");
	assert_int_equal(cy, 2);
	assert_int_equal(cx, 6);
	/* real newlines, empty lines, and the cursor on the empty last line */
	editor_set_text(ed, "one\n\ntwo\n");
	editor_draw(ed, win, 0, 0, 5, 12, &cy, &cx);
	assert_row(win, 0, 0, 12, "one");
	assert_row(win, 1, 0, 12, "");
	assert_row(win, 2, 0, 12, "two");
	assert_int_equal(cy, 3);
	assert_int_equal(cx, 0);
	/* a resize re-wraps */
	editor_set_text(ed, "aaaa bbbb cccc");
	editor_draw(ed, win, 0, 0, 3, 20, &cy, &cx);
	assert_row(win, 0, 0, 20, "aaaa bbbb cccc");
	editor_draw(ed, win, 0, 0, 3, 6, &cy, &cx);
	assert_row(win, 0, 0, 6, "aaaa");
	assert_row(win, 2, 0, 6, "cccc");
	assert_int_equal(cy, 2);
	assert_int_equal(cx, 4);
	/* PageUp turns a page */
	editor_set_text(ed, "1\n2\n3\n4\n5\n6\n7\n8\n9");
	editor_draw(ed, win, 0, 0, 3, 6, &cy, &cx);
	assert_row(win, 0, 0, 6, "7");
	key(ed, KEY_PPAGE);
	editor_draw(ed, win, 0, 0, 3, 6, &cy, &cx);
	assert_row(win, 0, 0, 6, "5");
	assert_int_equal(cy, 2);
	assert_int_equal(editor_cursor(ed), 13);	/* end of line "7" */
	key(ed, KEY_NPAGE);
	editor_draw(ed, win, 0, 0, 3, 6, &cy, &cx);
	assert_row(win, 0, 0, 6, "7");
	assert_int_equal(editor_cursor(ed), 17);
	editor_free(ed);
	delwin(win);
}

/* ---- random keys against a model ------------------------------------ */

static uint32_t rnd_state = 12345;

static uint32_t rnd(uint32_t n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 8) % n;
}

/* The model: an array of characters and an index, done the slow way. */
struct model {
	wchar_t t[4096];
	size_t n, cur;
};

static int m_zw(wchar_t c)
{
	return c >= 0x300 && wcwidth(c) == 0;
}

static int m_word(wchar_t c)
{
	if (c < 0x80)
		return iswalnum((wint_t)c) || c == L'_';
	return !iswspace((wint_t)c) && !iswpunct((wint_t)c);
}

static size_t m_left(const struct model *m, size_t i)
{
	while (i > 0) {
		i--;
		if (!m_zw(m->t[i]))
			break;
	}
	return i;
}

static size_t m_right(const struct model *m, size_t i)
{
	if (i < m->n)
		i++;
	while (i < m->n && m_zw(m->t[i]))
		i++;
	return i;
}

static void m_erase(struct model *m, size_t a, size_t b)
{
	memmove(m->t + a, m->t + b, (m->n - b) * sizeof(wchar_t));
	m->n -= b - a;
	if (m->cur >= b)
		m->cur -= b - a;
	else if (m->cur > a)
		m->cur = a;
}

static void m_key(struct model *m, int op, wchar_t c)
{
	size_t a, b;

	switch (op) {
	case 0:		/* insert */
		memmove(m->t + m->cur + 1, m->t + m->cur, (m->n - m->cur) * sizeof(wchar_t));
		m->t[m->cur++] = c;
		m->n++;
		break;
	case 1:
		m->cur = m_left(m, m->cur);
		break;
	case 2:
		m->cur = m_right(m, m->cur);
		break;
	case 3:		/* backspace */
		m_erase(m, m_left(m, m->cur), m->cur);
		break;
	case 4:		/* delete */
		m_erase(m, m->cur, m_right(m, m->cur));
		break;
	case 5:		/* ^K */
		for (b = m->cur; b < m->n && m->t[b] != L'\n'; b++)
			;
		if (b == m->cur && b < m->n)
			b++;
		m_erase(m, m->cur, b);
		break;
	case 6:		/* ^U */
		for (a = m->cur; a > 0 && m->t[a - 1] != L'\n'; a--)
			;
		m_erase(m, a, m->cur);
		break;
	case 7:		/* Alt-f */
		while (m->cur < m->n && !m_word(m->t[m->cur]))
			m->cur = m_right(m, m->cur);
		while (m->cur < m->n && m_word(m->t[m->cur]))
			m->cur = m_right(m, m->cur);
		break;
	case 8:		/* Alt-b */
		while (m->cur > 0 && !m_word(m->t[m_left(m, m->cur)]))
			m->cur = m_left(m, m->cur);
		while (m->cur > 0 && m_word(m->t[m_left(m, m->cur)]))
			m->cur = m_left(m, m->cur);
		break;
	}
}

/* The model's text as UTF-8, and the byte offset of its cursor. */
static char *m_utf8(const struct model *m, size_t *cur)
{
	struct sbuf sb = SBUF_INIT;

	for (size_t i = 0; i < m->n; i++) {
		char mb[MB_LEN_MAX];
		mbstate_t ps;

		if (i == m->cur)
			*cur = sb.len;
		memset(&ps, 0, sizeof(ps));
		sbuf_add(&sb, mb, wcrtomb(mb, m->t[i], &ps));
	}
	if (m->cur == m->n)
		*cur = sb.len;
	return sbuf_detach(&sb);
}

static void test_random_keys(void **state)
{
	static const wchar_t chars[] = L"ab z_,\n\u00e9\u0301\u65e5\U0001F600";
	struct editor *ed = editor_new(NULL);
	struct model m = { .n = 0 };

	for (int step = 0; step < 20000; step++) {
		int op = (int)rnd(10);
		wchar_t c = chars[rnd((uint32_t)wcslen(chars))];
		size_t cur = 0;
		char *want;

		if (op >= 9 || (op == 0 && m.n >= 4000))
			op = 0 + (m.n >= 4000 ? 3 : 0);
		if (op == 0 && c == L'\u0301' && rnd(2))
			c = L'x';
		m_key(&m, op, c);
		switch (op) {
		case 0: assert_int_equal(editor_key(ed, 0, (wint_t)c), EDITOR_CHANGED); break;
		case 1: key(ed, KEY_LEFT); break;
		case 2: key(ed, KEY_RIGHT); break;
		case 3: key(ed, KEY_BACKSPACE); break;
		case 4: key(ed, KEY_DC); break;
		case 5: editor_key(ed, 0, 0x0B); break;
		case 6: editor_key(ed, 0, 0x15); break;
		case 7: editor_meta_key(ed, 'f'); break;
		case 8: editor_meta_key(ed, 'b'); break;
		}
		want = m_utf8(&m, &cur);
		if (strcmp(editor_text(ed), want) || editor_cursor(ed) != cur)
			fail_msg("step %d op %d: text or cursor differs (cursor %zu, want %zu)",
				 step, op, editor_cursor(ed), cur);
		free(want);
	}
	editor_free(ed);
}

/*
 * Random edits and moves between draws at random sizes: what is drawn must
 * always be a run of lines of a layout computed from scratch, with the
 * cursor on the right line and column.  This checks the cached line map.
 */
/* editor_draw_changed over its last draw: the same rows as a whole draw on
 * a fresh window, after any keys, wide characters included; and a row that
 * did not change is not drawn again (a mark put there stays). */
static void test_draw_changed(void **state)
{
	WINDOW *win = newwin(12, 40, 0, 0), *ref = newwin(12, 40, 0, 0);
	struct editor *ed = editor_new("one two three four five six seven eight nine");
	static const char *const typed[] = { "x", " ", "\xe6\x97\xa5", "e\xcc\x81", "\n", "y" };
	int cy, cx, ry, rx;
	char *got;

	editor_draw(ed, win, 1, 2, 4, 12, &cy, &cx);
	got = row_text(win, 1, 2, 1);
	assert_string_equal(got, "t");	/* "three four", the view at the end */
	free(got);
	mvwaddch(win, 1, 2, 'Z');	/* over row 0 of the box, which will not change */
	editor_set_cursor(ed, editor_len(ed));
	editor_key(ed, 0, (wint_t)'s');
	editor_draw_changed(ed, win, 1, 2, 4, 12, &cy, &cx);
	got = row_text(win, 1, 2, 1);
	assert_string_equal(got, "Z");	/* skipped: as it was drawn */
	free(got);
	mvwaddch(win, 1, 2, 't');	/* put back what the editor drew there */
	for (int step = 0; step < 400; step++) {
		uint32_t r = rnd(12);

		if (r < 6)
			editor_key(ed, 0, (wint_t)(r == 0 ? ' ' : 'a' + r));
		else if (r < 8)
			key(ed, r == 6 ? KEY_BACKSPACE : KEY_LEFT);
		else if (r < 9)
			key(ed, KEY_UP);
		else {
			struct editor *t = editor_new(typed[rnd(6)]);

			editor_insert(ed, editor_text(t));
			editor_free(t);
		}
		editor_draw_changed(ed, win, 1, 2, 4, 12, &cy, &cx);
		{
			/* the same text, cursor and view drawn whole on a blank window */
			struct editor *fresh = editor_new(editor_text(ed));

			werase(ref);
			editor_set_cursor(fresh, editor_cursor(ed));
			fresh->top = ed->top;
			editor_draw(fresh, ref, 1, 2, 4, 12, &ry, &rx);
			editor_free(fresh);
		}
		assert_int_equal(cy, ry);
		assert_int_equal(cx, rx);
		for (int y = 1; y < 5; y++) {
			char *a = row_text(win, y, 2, 12), *b = row_text(ref, y, 2, 12);

			assert_string_equal(a, b);
			free(a);
			free(b);
		}
	}
	editor_free(ed);
	delwin(win);
	delwin(ref);
	(void)state;
}

static void test_random_draws(void **state)
{
	WINDOW *win = newwin(20, 60, 0, 0);
	struct editor *ed = editor_new(NULL);
	size_t *st = xmalloc(8192 * sizeof(*st));

	for (int step = 0; step < 3000; step++) {
		int keys = (int)rnd(8) + 1, w = (int)rnd(25) + 3, h = (int)rnd(6) + 1;
		int cy, cx, col;
		size_t n, li, k, cur;
		struct editor *fresh;
		const char *text;

		for (int i = 0; i < keys; i++) {
			static const int codes[] = { KEY_LEFT, KEY_RIGHT, KEY_UP, KEY_DOWN,
				KEY_HOME, KEY_END, KEY_PPAGE, KEY_NPAGE, KEY_BACKSPACE, KEY_DC };
			uint32_t r = rnd(30);

			if (r < 10)
				key(ed, codes[r]);
			else if (editor_len(ed) < 3000)
				editor_key(ed, 0, (wint_t)" \n  abcdefghijklmnop"[r - 10]);
		}
		if (rnd(20) == 0)
			editor_set_cursor(ed, rnd((uint32_t)editor_len(ed) + 1));
		editor_draw(ed, win, 0, 0, h, w, &cy, &cx);
		text = editor_text(ed);
		cur = editor_cursor(ed);
		fresh = editor_new(text);
		n = layout(fresh, w, st, 8192);
		assert_true(n <= 8192);
		for (li = 0; li + 1 < n && st[li + 1] <= cur; li++)
			;
		assert_true((size_t)cy <= li);
		k = li - (size_t)cy;		/* the first line drawn */
		for (int r = 0; r < h; r++) {
			struct sbuf want = SBUF_INIT;

			if (k + (size_t)r < n) {
				size_t a = st[k + r], b = k + r + 1 < n ? st[k + r + 1] : strlen(text);

				sbuf_add(&want, text + a, b - a);
				while (want.len && (want.buf[want.len - 1] == ' ' ||
						    want.buf[want.len - 1] == '\n'))
					sbuf_setlen(&want, want.len - 1);
			}
			assert_row(win, r, 0, w, want.buf);
			sbuf_release(&want);
		}
		col = (int)(cur - st[li]);
		assert_int_equal(cx, col < w ? col : w - 1);
		editor_free(fresh);
	}
	free(st);
	editor_free(ed);
	delwin(win);
}

/* ---- Ctrl-E ----------------------------------------------------------- */

static char *write_script(const char *dir, const char *name, const char *body)
{
	struct sbuf p = SBUF_INIT;
	FILE *f;

	sbuf_addf(&p, "%s/%s", dir, name);
	f = fopen(p.buf, "w");
	assert_non_null(f);
	fprintf(f, "#!/bin/sh\n%s\n", body);
	fclose(f);
	assert_int_equal(chmod(p.buf, 0700), 0);
	return sbuf_detach(&p);
}

static void test_external(void **state)
{
	char *dir = tu_tmpdir();
	struct sbuf body = SBUF_INIT, mode = SBUF_INIT;
	struct err err = ERR_INIT;
	struct editor *ed = editor_new("first draft");
	char *ok, *bad, *fail;
	FILE *f;
	char buf[64] = "";

	/* the editor sees the text in a 0600 file and appends, vi-style */
	sbuf_addf(&body, "stat -c %%a \"$1\" > '%s/mode'; cat \"$1\" > '%s/seen'; "
		  "printf ' \\303\\251dited\\n' >> \"$1\"", dir, dir);
	ok = write_script(dir, "ok.sh", body.buf);
	bad = write_script(dir, "bad.sh", "printf '\\377' >> \"$1\"");
	fail = write_script(dir, "fail.sh", "exit 3");
	assert_int_equal(setenv("TMPDIR", dir, 1), 0);
	assert_int_equal(setenv("VISUAL", ok, 1), 0);
	assert_int_equal(editor_external(ed, &err), 0);
	assert_string_equal(editor_text(ed), "first draft \xc3\xa9" "dited");
	sbuf_addf(&mode, "%s/mode", dir);
	f = fopen(mode.buf, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_string_equal(buf, "600\n");

	/* a failing editor, or one that writes junk, changes nothing */
	assert_int_equal(setenv("VISUAL", fail, 1), 0);
	assert_int_equal(editor_external(ed, &err), -1);
	assert_non_null(strstr(err_msg(&err), "exit status 3"));
	assert_non_null(strstr(err_msg(&err), "unchanged"));
	assert_int_equal(unsetenv("VISUAL"), 0);
	assert_int_equal(setenv("EDITOR", bad, 1), 0);
	assert_int_equal(editor_external(ed, &err), -1);
	assert_non_null(strstr(err_msg(&err), "not valid UTF-8"));
	assert_string_equal(editor_text(ed), "first draft \xc3\xa9" "dited");

	err_release(&err);
	sbuf_release(&body);
	sbuf_release(&mode);
	free(ok);
	free(bad);
	free(fail);
	unsetenv("EDITOR");
	unsetenv("TMPDIR");
	tu_rmdir(dir);
	editor_free(ed);
}

/* ---- main ------------------------------------------------------------- */

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_accents),
		cmocka_unit_test(test_combining),
		cmocka_unit_test(test_wide),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_newlines),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_random_keys),
		cmocka_unit_test(test_draw),
		cmocka_unit_test(test_draw_changed),
		cmocka_unit_test(test_random_draws),
		cmocka_unit_test(test_external),
	};

	if (!setlocale(LC_ALL, "C.UTF-8") && !setlocale(LC_ALL, "en_US.UTF-8")) {
		fprintf(stderr, "test_editor: no UTF-8 locale\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, testscreen_up, testscreen_down);
}
