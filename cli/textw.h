/*
 * textw.h - the display width of UTF-8 text in terminal columns, for
 * aligning tables of names like "Zoë Ó Súilleabháin" or "Mei-Ling Chén".
 */
#ifndef EADR_TEXTW_H
#define EADR_TEXTW_H

#include "lib/sbuf.h"

/* Columns the UTF-8 text takes (utf8_swidth: wide characters count 2,
 * combining marks 0, in every locale). */
int textw_width(const char *s);

/*
 * Append s to sb in exactly width columns: padded with spaces, or cut
 * with "…" (or "~" outside UTF-8 locales) when too long.
 */
void textw_pad(struct sbuf *sb, const char *s, int width);

#endif
