/*
 * textw.c - terminal column widths of UTF-8 text (see textw.h).
 */
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "textw.h"

/* Decode one character; returns its length in bytes (>= 1). */
static size_t next(const char *s, wchar_t *wc)
{
	mbstate_t ps;
	size_t n;

	memset(&ps, 0, sizeof(ps));
	n = mbrtowc(wc, s, MB_CUR_MAX, &ps);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*wc = L'?';
		return 1;
	}
	return n;
}

static int wcw(wchar_t wc)
{
	int w = wcwidth(wc);

	return w < 0 ? 1 : w;
}

int textw_width(const char *s)
{
	int w = 0;

	while (*s) {
		wchar_t wc;

		s += next(s, &wc);
		w += wcw(wc);
	}
	return w;
}

void textw_pad(struct sbuf *sb, const char *s, int width)
{
	int utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
	const char *ell = utf8 ? "\xE2\x80\xA6" : "~";
	int w = textw_width(s);

	if (w <= width) {
		sbuf_adds(sb, s);
		for (; w < width; w++)
			sbuf_addch(sb, ' ');
		return;
	}
	w = 0;
	while (*s) {
		wchar_t wc;
		size_t n = next(s, &wc);
		int cw = wcw(wc);

		if (w + cw > width - 1)
			break;
		sbuf_add(sb, s, n);
		s += n;
		w += cw;
	}
	if (width > 0) {
		sbuf_adds(sb, ell);
		w++;
	}
	for (; w < width; w++)
		sbuf_addch(sb, ' ');
}
