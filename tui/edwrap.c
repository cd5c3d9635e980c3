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

static void tail_push(struct editor *ed, size_t d)
{
	if (ed->tailn == ed->tailalloc) {
		ed->tailalloc = ed->tailalloc ? ed->tailalloc * 2 : 64;
		ed->tail = xrealloc(ed->tail, ed->tailalloc * sizeof(*ed->tail));
	}
	ed->tail[ed->tailn++] = d;
}

void edwrap_reset(struct editor *ed)
{
	ed->mapn = 0;
	ed->map_final = 0;
	ed->tailn = 0;
	ed->synced = 0;
}

void edwrap_width(struct editor *ed, int width)
{
	if (width < 1)
		width = 1;
	if (ed->mapw != width || ed->mapn == 0) {
		edwrap_reset(ed);
		ed->mapw = width;
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

/* The tail's nearest line start, as an offset into a text of len bytes. */
#define TAIL_TOP(ed, len) ((len) - (ed)->tail[(ed)->tailn - 1])

/* Synced and the tail used up: the map's last line is the tail's last. */
static void tail_done(struct editor *ed)
{
	if (ed->synced && ed->tailn == 0) {
		ed->synced = 0;
		ed->map_final = ed->tail_final;
	}
}

/*
 * Does the wrap of the line that starts at s read the character at pos?
 * It reads what fits in width columns and the character that does not fit
 * (with its marks when it is the line's first).
 */
static int reaches(const struct editor *ed, size_t s, size_t pos, int width)
{
	size_t i = s;
	int cols = 0;

	while (i < pos) {
		uint32_t c;
		size_t n = edbuf_dec(ed, i, &c);
		int w = utf8_width(c);

		if (c == '\n')
			return 0;
		if (cols + w > width)
			return i == s && pos <= edbuf_next_cluster(ed, i);
		cols += w;
		i += n;
	}
	return 1;
}

void edwrap_cut(struct editor *ed, size_t pos, size_t removed, size_t added)
{
	size_t old = LEN(ed) + removed - added, keep;

	if (ed->mapn == 0) {
		edwrap_reset(ed);
		return;
	}
	if (ed->synced) {
		/* the tail's lines up to pos join the map, so that the edit's
		 * line is found on it */
		while (ed->tailn > 0 && TAIL_TOP(ed, old) <= pos)
			map_push(ed, TAIL_TOP(ed, old)), ed->tailn--;
		tail_done(ed);
	}
	if (!ed->synced) {
		/* not a continuation of the map: only this cut's lines wait */
		ed->tailn = 0;
		ed->tail_final = ed->map_final;
	}
	/* the first line whose wrap read what changed: pos's, or one before
	 * it that reads on past its end (" " then a 24-letter word at width
	 * 25 reads the character after the word) */
	keep = map_find(ed, pos);
	while (keep > 0 && reaches(ed, ed->map[keep - 1], pos, ed->mapw))
		keep--;
	keep++;		/* that line's start stays */
	for (size_t i = ed->mapn; i-- > keep;)
		tail_push(ed, old - ed->map[i]);
	ed->mapn = keep;
	ed->map_final = 0;
	ed->synced = 0;
	/* a line that started in what the edit replaced is not one any more */
	while (ed->tailn > 0 && TAIL_TOP(ed, old) < pos + removed)
		ed->tailn--;
}

/* Wrap one more line onto the map; 0 when the map already reaches the end. */
static int map_more(struct editor *ed)
{
	size_t next, len = LEN(ed);
	int final;

	if (ed->map_final)
		return 0;
	if (ed->synced) {
		/* the same lines as before the edit: no need to wrap them */
		map_push(ed, TAIL_TOP(ed, len));
		ed->tailn--;
		tail_done(ed);
		return 1;
	}
	next = edwrap_line(ed, ed->map[ed->mapn - 1], ed->mapw, &final);
	if (final) {
		ed->map_final = 1;
		ed->tailn = 0;
		return 0;
	}
	map_push(ed, next);
	while (ed->tailn > 0 && TAIL_TOP(ed, len) < next)
		ed->tailn--;
	if (ed->tailn > 0 && TAIL_TOP(ed, len) == next) {
		/* in step again: from here on the lines are the old ones */
		ed->tailn--;
		ed->synced = 1;
		tail_done(ed);
	}
	return 1;
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
