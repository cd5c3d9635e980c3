/*
 * textw.c - terminal column widths of UTF-8 text (see textw.h), through
 * lib/utf8 so that the batch commands' tables line up the same way in
 * every locale.
 */
#include <langinfo.h>
#include <string.h>

#include "lib/utf8.h"
#include "textw.h"

int textw_width(const char *s)
{
	return utf8_swidth(s, (size_t)-1);
}

void textw_pad(struct sbuf *sb, const char *s, int width)
{
	int utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
	const char *ell = utf8 ? "\xE2\x80\xA6" : "~";
	size_t len = strlen(s);
	int w = textw_width(s);

	if (w <= width) {
		sbuf_adds(sb, s);
		for (; w < width; w++)
			sbuf_addch(sb, ' ');
		return;
	}
	w = 0;
	while (*s) {
		uint32_t c;
		size_t n = utf8_next(s, len, &c);
		int cw = utf8_width(c);

		if (w + cw > width - 1)
			break;
		sbuf_add(sb, s, n);
		s += n;
		len -= n;
		w += cw;
	}
	if (width > 0) {
		sbuf_adds(sb, ell);
		w++;
	}
	for (; w < width; w++)
		sbuf_addch(sb, ' ');
}
