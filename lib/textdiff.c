/*
 * textdiff.c - the common start and end of two texts, found a block at a
 * time with memcmp, and a copy updated in place (see textdiff.h).
 */
#include <string.h>

#include "lib/sbuf.h"
#include "lib/textdiff.h"

#define BLOCK 256

void textdiff(const char *a, size_t alen, const char *b, size_t blen,
	      size_t *pre, size_t *suf)
{
	size_t lo = alen < blen ? alen : blen, p = 0, s = 0;

	while (p + BLOCK <= lo && !memcmp(a + p, b + p, BLOCK))
		p += BLOCK;
	while (p < lo && a[p] == b[p])
		p++;
	while (s + BLOCK <= lo - p && !memcmp(a + alen - s - BLOCK, b + blen - s - BLOCK, BLOCK))
		s += BLOCK;
	while (s < lo - p && a[alen - 1 - s] == b[blen - 1 - s])
		s++;
	*pre = p;
	*suf = s;
}

char *textdiff_update(char **old, size_t oldlen, const char *b, size_t blen)
{
	size_t pre, suf;
	char *t;

	if (!*old) {
		t = xmalloc(blen + 1);
		memcpy(t, b, blen);
		t[blen] = '\0';
		return *old = t;
	}
	textdiff(*old, oldlen, b, blen, &pre, &suf);
	return textdiff_splice(old, oldlen, b, blen, pre, suf);
}

char *textdiff_splice(char **old, size_t oldlen, const char *b, size_t blen,
		      size_t pre, size_t suf)
{
	char *t;

	if (blen > oldlen)
		*old = xrealloc(*old, blen + 1);
	t = *old;
	memmove(t + blen - suf, t + oldlen - suf, suf);
	memcpy(t + pre, b + pre, blen - suf - pre);
	t[blen] = '\0';
	if (blen < oldlen)
		*old = t = xrealloc(t, blen + 1);
	return t;
}
