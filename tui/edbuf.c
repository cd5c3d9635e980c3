/*
 * edbuf.c - the answer editor's text (see editor_int.h): UTF-8 in a gap
 * buffer kept at the last edit, so typing costs the same at any length,
 * and the characters-with-marks steps the cursor moves by.
 */
#include <stdlib.h>
#include <string.h>

#include "editor_int.h"
#include "lib/utf8.h"

int edbuf_normalize(const char *in, size_t n, struct sbuf *out, int fix)
{
	size_t i = 0;

	while (i < n) {
		uint32_t c;
		size_t k = utf8_decode(in + i, n - i, &c);

		if (k == 0) {
			if (!fix)
				return -1;
			sbuf_adds(out, "\xEF\xBF\xBD");
			i++;
			continue;
		}
		if (c == '\r') {
			sbuf_addch(out, '\n');
			if (i + 1 < n && in[i + 1] == '\n')
				i++;
		} else {
			sbuf_add(out, in + i, k);
		}
		i += k;
	}
	return 0;
}

void edbuf_set(struct editor *ed, const char *s, size_t n)
{
	free(ed->buf);
	ed->cap = n + 256;
	ed->buf = xmalloc(ed->cap);
	memcpy(ed->buf, s, n);
	ed->gs = ed->cur = n;
	ed->ge = ed->cap;
	edwrap_reset(ed);
	for (int r = 0; ed->ds && r < ed->dh; r++)
		ed->ds[r] = ED_DIRTY;
	ed->top = 0;
	ed->goal = -1;
	ed->gen++;
	ed->text_ok = 0;
	ed->text_same = 0;
}

unsigned char edbuf_at(const struct editor *ed, size_t i)
{
	return (unsigned char)(i < ed->gs ? ed->buf[i] : ed->buf[i + (ed->ge - ed->gs)]);
}

size_t edbuf_dec(const struct editor *ed, size_t i, uint32_t *cp)
{
	char b[4];
	size_t n = LEN(ed) - i;
	unsigned char c0 = edbuf_at(ed, i);

	if (c0 < 0x80) {	/* most of any text: what wrap and draw read */
		*cp = c0;
		return 1;
	}
	if (n > 4)
		n = 4;
	for (size_t j = 0; j < n; j++)
		b[j] = (char)edbuf_at(ed, i + j);
	/* only valid text gets in, so U+FFFD cannot show here */
	return utf8_next(b, n, cp);
}

size_t edbuf_prev_cp(const struct editor *ed, size_t i)
{
	size_t lim = i > 4 ? i - 4 : 0;

	if (i == 0)
		return 0;
	i--;
	while (i > lim && (edbuf_at(ed, i) & 0xC0) == 0x80)
		i--;
	return i;
}

size_t edbuf_next_cluster(const struct editor *ed, size_t i)
{
	size_t len = LEN(ed);
	uint32_t c;

	if (i >= len)
		return len;
	i += edbuf_dec(ed, i, &c);
	while (i < len) {
		size_t k = edbuf_dec(ed, i, &c);

		if (!utf8_is_mark(c))
			break;
		i += k;
	}
	return i;
}

size_t edbuf_prev_cluster(const struct editor *ed, size_t i)
{
	uint32_t c;

	while (i > 0) {
		i = edbuf_prev_cp(ed, i);
		edbuf_dec(ed, i, &c);
		if (!utf8_is_mark(c))
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

/* The text changed at pos: removed bytes went, added bytes came. */
static void edited(struct editor *ed, size_t pos, size_t removed, size_t added)
{
	ed->gen++;
	ed->text_ok = 0;
	if (pos < ed->text_same)
		ed->text_same = pos;
	edwrap_cut(ed, pos, removed, added);
	/* the rows drawn after the edit hold the same text, moved; a row
	 * the edit is in keeps what is before it */
	for (int r = 0; ed->ds && r < ed->dh; r++) {
		if (ed->ds[r] >= ED_BLANK)
			continue;
		if (ed->ds[r] >= pos + removed) {
			ed->ds[r] = ed->ds[r] - removed + added;
			ed->dk[r] = ed->dk[r] - removed + added;
			if (ed->de[r] != ED_DIRTY)
				ed->de[r] = ed->de[r] - removed + added;
		} else if (ed->ds[r] >= pos) {
			ed->ds[r] = ED_DIRTY;
		} else if (ed->dk[r] > pos) {
			ed->dk[r] = pos;
			ed->de[r] = ED_DIRTY;
		}
	}
	if (ed->top > pos)
		ed->top = (ed->top >= pos + removed ? ed->top - removed : pos) + added;
}

void edbuf_insert(struct editor *ed, const char *s, size_t n)
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

void edbuf_delete(struct editor *ed, size_t a, size_t b)
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

const char *edbuf_text(struct editor *ed)
{
	if (!ed->text_ok) {
		size_t from = ed->text_same < ed->text.len ? ed->text_same : ed->text.len;

		/* only from the first edit on: a key at the end copies a byte */
		sbuf_setlen(&ed->text, from);
		if (from < ed->gs) {
			sbuf_add(&ed->text, ed->buf + from, ed->gs - from);
			from = ed->gs;
		}
		sbuf_add(&ed->text, ed->buf + ed->ge + (from - ed->gs), ed->cap - ed->ge - (from - ed->gs));
		ed->text_ok = 1;
		ed->text_same = ed->text.len;
	}
	return ed->text.buf;
}
