/*
 * edwrap.c - the answer editor's display lines (see editor_int.h): soft
 * wrap at word boundaries, kept as a cached map of wrap points that an
 * edit only cuts back to just before the edit, so drawing and moving cost
 * what is visible rather than the length of the text.
 */
#include <stdlib.h>

#include "editor_int.h"
#include "lib/utf8.h"

/*
 * Greedy: break after the last space (or wide character) that fits; a
 * space that does not fit hangs at the end; a word longer than the line is
 * cut at a character.  It reads at most one character past the columns
 * that fit (plus its combining marks), which is what keeps map cuts safe.
 */
size_t edwrap_line(const struct editor *ed, size_t s, int width, int *final)
{
	size_t len = LEN(ed), i = s, brk = 0;
	int cols = 0;

	*final = 0;
	while (i < len) {
		uint32_t c;
		size_t n = edbuf_dec(ed, i, &c);
		int w;

		if (c == '\n')
			return i + 1;
		w = utf8_width(c);
		if (cols + w > width) {
			if (c == ' ' || c == '\t')
				return i + n;
			if (brk)
				return brk;
			if (i == s)
				return edbuf_next_cluster(ed, i);
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

void edwrap_width(struct editor *ed, int width)
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

void edwrap_cut(struct editor *ed, size_t pos)
{
	if (ed->mapn > 0) {
		size_t k = map_find(ed, pos);

		ed->mapn = k > 1 ? k : 1;
		ed->map_final = 0;
	}
}

/* Wrap one more line onto the map; 0 when the map already reaches the end. */
static int map_more(struct editor *ed)
{
	size_t next;
	int final;

	if (ed->map_final)
		return 0;
	next = edwrap_line(ed, ed->map[ed->mapn - 1], ed->mapw, &final);
	if (final)
		ed->map_final = 1;
	else
		map_push(ed, next);
	return !final;
}

size_t edwrap_line_of(struct editor *ed, size_t pos)
{
	while (ed->map[ed->mapn - 1] <= pos && map_more(ed))
		;
	return map_find(ed, pos);
}

void edwrap_lines(struct editor *ed, size_t n)
{
	while (ed->mapn < n && map_more(ed))
		;
}

size_t edwrap_line_end(struct editor *ed, size_t li)
{
	edwrap_lines(ed, li + 2);
	return li + 1 < ed->mapn ? ed->map[li + 1] : LEN(ed);
}

/* Later positions than the one returned belong to the next line. */
size_t edwrap_line_last(struct editor *ed, size_t li)
{
	size_t e = edwrap_line_end(ed, li);

	if (li + 1 >= ed->mapn)
		return e;
	if (edbuf_at(ed, e - 1) == '\n')
		return e - 1;
	return edbuf_prev_cluster(ed, e);
}

int edwrap_col_of(struct editor *ed, size_t li, size_t pos)
{
	size_t i = ed->map[li];
	int col = 0;

	while (i < pos) {
		uint32_t c;

		i += edbuf_dec(ed, i, &c);
		if (c != '\n')
			col += utf8_width(c);
	}
	return col;
}

size_t edwrap_pos_at_col(struct editor *ed, size_t li, int goal)
{
	size_t i = ed->map[li], e = edwrap_line_last(ed, li);
	int col = 0;

	while (i < e) {
		size_t j = edbuf_next_cluster(ed, i);
		uint32_t c;

		edbuf_dec(ed, i, &c);
		if (col + utf8_width(c) > goal)
			break;
		col += utf8_width(c);
		i = j;
	}
	return i;
}
