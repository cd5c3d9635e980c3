/*
 * textdiff.c - the common start and end of two texts, found a block at a
 * time with memcmp, and a copy updated in place (see textdiff.h).
 */
#include <string.h>

#include "lib/sbuf.h"
#include "lib/textdiff.h"

/*
 * Blocks of 4096, then 512, 64 and 8 bytes, then bytes: memcmp over a long
 * run is a few instructions per 32 bytes, a byte at a time is several per
 * byte, and a call has its own cost; the ladder keeps both small.
 */
static const size_t blocks[] = { 4096, 512, 64, 8, 1 };

static size_t same_start(const char *a, const char *b, size_t n)
{
	size_t p = 0;

	for (size_t k = 0; k < sizeof(blocks) / sizeof(blocks[0]); k++)
		while (p + blocks[k] <= n && !memcmp(a + p, b + p, blocks[k]))
			p += blocks[k];
	return p;
}

/* The same from the end: a and b are the ends, n bytes may be compared. */
static size_t same_end(const char *a, const char *b, size_t n)
{
	size_t s = 0;

	for (size_t k = 0; k < sizeof(blocks) / sizeof(blocks[0]); k++)
		while (s + blocks[k] <= n && !memcmp(a - s - blocks[k], b - s - blocks[k], blocks[k]))
			s += blocks[k];
	return s;
}

void textdiff(const char *a, size_t alen, const char *b, size_t blen,
	      size_t *pre, size_t *suf)
{
	size_t lo = alen < blen ? alen : blen, p = same_start(a, b, lo);

	*pre = p;
	*suf = same_end(a + alen, b + blen, lo - p);
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
