/*
 * textw.h - the display width of UTF-8 text in terminal columns, for
 * aligning tables of names like "Zoë Ó Súilleabháin" or "Mei-Ling Chén".
 */
#ifndef EADR_TEXTW_H
#define EADR_TEXTW_H

#include "lib/sbuf.h"

/* Columns the UTF-8 text takes (wide characters count 2, combining 0). */
int textw_width(const char *s);

/*
 * Append s to sb in exactly width columns: padded with spaces, or cut
 * with "…" (or "~" outside UTF-8 locales) when too long.
 */
void textw_pad(struct sbuf *sb, const char *s, int width);

#endif
