/*
 * test_edwrap.c - the answer editor's incremental wrap and its partial
 * redraw (issue 17): after any random edits (multibyte, wide and combining
 * characters, tabs, newlines, edits at line ends, several edits between two
 * looks), the map of line starts taken back from before the edit agrees
 * exactly with a wrap of the whole text, and a draw of only the changed
 * rows (from where they changed) shows exactly what a whole draw shows,
 * every cell with the attributes and pair it was drawn with.
 */
#include "testutil.h"

#include <curses.h>
#include <locale.h>
#include <wchar.h>

#include "testscreen.h"
#include "tui/editor.h"
#include "tui/editor_int.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

static uint32_t rnd_state = 4242;

static uint32_t rnd(uint32_t n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 8) % n;
}

/* Pieces of text, multibyte and narrow/wide/zero-width. */
static const char *const bits[] = {
	"a", "b", "word", "longerword", " ", " ", "  ", "\n", "\t",
	"\xc3\xa9",		/* é, 2 bytes */
	"\xe6\x97\xa5",		/* 日, wide */
	"\xf0\x9f\x98\x80",	/* 😀, wide, 4 bytes */
	"\xcc\x81",		/* combining acute */
	"e\xcc\x81",
	"Zo\xc3\xab \xc3\x93 S\xc3\xbailleabh\xc3\xa1in",
	"abcdefghijklmnopqrstuvwxyzabcdefghij",	/* longer than a line */
};

static void random_text(struct sbuf *sb, int pieces)
{
	for (int i = 0; i < pieces; i++)
		sbuf_adds(sb, bits[rnd(COUNT_OF(bits))]);
}

/* Put the cursor somewhere, often at or beside the end of a display line. */
static void place(struct editor *ed, int width)
{
	size_t len = editor_len(ed);

	if (rnd(2) && len) {
		size_t *st = xmalloc((len + 2) * sizeof(*st));
		size_t n = editor_layout(ed, width, st, len + 2);
		size_t li = rnd((uint32_t)n);
		size_t at = li + 1 < n ? st[li + 1] : len;
		int back = (int)rnd(3);

		free(st);
		while (back-- > 0 && at > 0)
			at--;
		at += rnd(2);
		editor_set_cursor(ed, at);
	} else {
		editor_set_cursor(ed, len ? rnd((uint32_t)len + 1) : 0);
	}
}

/* One edit at the cursor: type, paste, Backspace, Delete, kill, Alt-d. */
static void edit(struct editor *ed)
{
	struct sbuf sb = SBUF_INIT;

	switch (rnd(8)) {
	case 0: case 1:
		random_text(&sb, 1);
		editor_insert(ed, sb.buf);
		break;
	case 2:
		random_text(&sb, (int)rnd(6) + 1);
		editor_insert(ed, sb.buf);	/* a paste */
		break;
	case 3:
		editor_key(ed, 1, KEY_BACKSPACE);	/* across a line join too */
		break;
	case 4:
		editor_key(ed, 1, KEY_DC);
		break;
	case 5:
		editor_key(ed, 0, 0x0B);	/* Ctrl-K */
		break;
	case 6:
		editor_meta_key(ed, 'd');
		break;
	default:
		editor_key(ed, 0, (wint_t)(rnd(3) ? 'x' : ' '));
		break;
	}
	sbuf_release(&sb);
}

/* The map's lines so far are those of a wrap of the whole text. */
static void check_map(struct editor *ed, int width, int step)
{
	size_t len = editor_len(ed);
	size_t *st = xmalloc((len + 2) * sizeof(*st));
	size_t n = editor_layout(ed, width, st, len + 2);

	if (ed->mapn > n)
		fail_msg("step %d: %zu lines mapped, the text has %zu", step, ed->mapn, n);
	for (size_t i = 0; i < ed->mapn; i++)
		if (ed->map[i] != st[i])
			fail_msg("step %d: line %zu starts at %zu, a whole wrap says %zu",
				 step, i, ed->map[i], st[i]);
	if (ed->map_final && ed->mapn != n)
		fail_msg("step %d: the map ends at %zu lines of %zu", step, ed->mapn, n);
	free(st);
}

static void test_incremental_wrap(void **state)
{
	int synced = 0;

	for (int round = 0; round < 40; round++) {
		struct sbuf sb = SBUF_INIT;
		struct editor *ed;
		int width = (int)rnd(30) + 2;

		random_text(&sb, (int)rnd(200) + 1);
		ed = editor_new(sb.buf);
		sbuf_release(&sb);
		for (int step = 0; step < 150; step++) {
			int edits = rnd(4) ? 1 : (int)rnd(4) + 1;

			if (rnd(40) == 0)
				width = (int)rnd(30) + 2;	/* a resize */
			edwrap_width(ed, width);
			for (int e = 0; e < edits; e++) {
				place(ed, width);
				if (rnd(3) == 0)	/* the cursor's line mapped first */
					edwrap_line_of(ed, editor_cursor(ed));
				edit(ed);
			}
			edwrap_width(ed, width);
			switch (rnd(3)) {
			case 0:
				edwrap_line_of(ed, editor_cursor(ed));
				break;
			case 1:
				edwrap_lines(ed, ed->mapn + rnd(12));	/* a screenful */
				break;
			default:
				edwrap_lines(ed, (size_t)-1);	/* all of it */
				break;
			}
			synced += ed->synced || (ed->map_final && ed->tail_final);
			check_map(ed, width, round * 1000 + step);
			if (rnd(10) == 0) {
				edwrap_lines(ed, (size_t)-1);
				assert_true(ed->map_final);
				check_map(ed, width, round * 1000 + step);
			}
		}
		editor_free(ed);
	}
	/* the wrap did meet the old lines again (else this tested nothing new) */
	assert_true(synced > 100);
	(void)state;
}

/*
 * Row y of win over w cells as wide characters (marks included); each
 * character must have the attributes and pair the editor drew with (ATTR,
 * PAIR).
 */
#define ATTR A_UNDERLINE
#define PAIR 2

static void row_cells(WINDOW *win, int y, int x, int w, wchar_t *out, size_t max)
{
	size_t n = 0;

	for (int c = x; c < x + w; c++) {
		cchar_t cc;
		wchar_t wcs[CCHARW_MAX + 1];
		attr_t a;
		short p;

		assert_int_not_equal(mvwin_wch(win, y, c, &cc), ERR);
		assert_int_not_equal(getcchar(&cc, wcs, &a, &p, NULL), ERR);
		/* (not a blank: ncurses blanks what is left of a wide character
		 * a cell is drawn over without attributes) */
		if (wcs[0] != L' ' && ((a & ~A_COLOR) != ATTR || p != PAIR))
			fail_msg("row %d column %d (%lc): attributes %#lx pair %d, drawn with %#lx pair %d",
				 y, c, (wint_t)wcs[0], (unsigned long)a, p, (unsigned long)ATTR, PAIR);
		for (int i = 0; wcs[i] && n + 2 < max; i++)
			out[n++] = wcs[i];
		if (n + 2 < max)
			out[n++] = L'|';
	}
	out[n] = L'\0';
}

/*
 * editor_draw_changed after random edits in the middle of the text: every
 * row the same as a whole draw of the same text and view on a fresh window
 * (so a row drawn from where it changed has the right cells before that).
 */
static void test_partial_rows(void **state)
{
	WINDOW *win = newwin(14, 40, 0, 0), *ref = newwin(14, 40, 0, 0);
	struct sbuf sb = SBUF_INIT;
	struct editor *ed;
	int cy, cx, ry, rx;

	/* the editor draws with the window's attributes and pair (a row of
	 * plain ASCII as chtypes, the others as wide cells): the same on both */
	wattr_set(win, ATTR, PAIR, NULL);
	wattr_set(ref, ATTR, PAIR, NULL);
	random_text(&sb, 120);
	ed = editor_new(sb.buf);
	sbuf_release(&sb);
	editor_set_cursor(ed, editor_len(ed) / 2);
	editor_draw(ed, win, 1, 3, 10, 24, &cy, &cx);
	for (int step = 0; step < 1500; step++) {
		int edits = rnd(3) ? 1 : (int)rnd(3) + 1;
		struct editor *fresh;
		size_t fcur;

		for (int e = 0; e < edits; e++) {
			if (rnd(3) == 0) {
				/* near the cursor, so the edits stay on screen */
				size_t c = editor_cursor(ed);

				editor_set_cursor(ed, c > 3 ? c - rnd(4) : c + rnd(4));
			} else if (rnd(6) == 0) {
				place(ed, 24);
			}
			if (rnd(8) == 0)
				editor_key(ed, 1, rnd(2) ? KEY_UP : KEY_DOWN);
			edit(ed);
		}
		if (editor_len(ed) > 3000)
			editor_set_text(ed, "short again \xcc\x81 e\xcc\x81");
		editor_draw_changed(ed, win, 1, 3, 10, 24, &cy, &cx);
		check_map(ed, 24, step);
		fresh = editor_new(editor_text(ed));
		werase(ref);
		fresh->cur = editor_cursor(ed);	/* as it is, even beside a mark */
		fresh->top = ed->top;
		editor_draw(fresh, ref, 1, 3, 10, 24, &ry, &rx);
		fcur = editor_cursor(fresh);
		editor_free(fresh);
		if (cy != ry || cx != rx)
			fail_msg("step %d: cursor %zu (fresh %zu) at %d,%d, whole %d,%d; top %zu",
				 step, editor_cursor(ed), fcur, cy, cx, ry, rx, ed->top);
		for (int y = 1; y < 11; y++) {
			wchar_t a[400], b[400];

			row_cells(win, y, 3, 24, a, COUNT_OF(a));
			row_cells(ref, y, 3, 24, b, COUNT_OF(b));
			if (wcscmp(a, b))
				fail_msg("step %d row %d:\n drawn %ls\n whole %ls", step, y, a, b);
		}
	}
	editor_free(ed);
	delwin(win);
	delwin(ref);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_incremental_wrap),
		cmocka_unit_test(test_partial_rows),
	};

	if (!setlocale(LC_ALL, "C.UTF-8") && !setlocale(LC_ALL, "en_US.UTF-8")) {
		fprintf(stderr, "test_edwrap: no UTF-8 locale\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, testscreen_up, testscreen_down);
}
