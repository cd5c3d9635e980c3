/*
 * textdiff.h - where two texts differ, and making one into the other by
 * copying only what changed: a key in a long answer then costs what the key
 * changed, not the answer's length (issue 17; lib/appr.c, lib/store_pieces.c).
 */
#ifndef EADR_TEXTDIFF_H
#define EADR_TEXTDIFF_H

#include <stddef.h>

/*
 * The bytes a[0, alen) and b[0, blen) have in common at the start (*pre)
 * and, after that, at the end (*suf): *pre + *suf <= the shorter length.
 */
void textdiff(const char *a, size_t alen, const char *b, size_t blen,
	      size_t *pre, size_t *suf);

/*
 * Make the NUL-terminated *old (of oldlen bytes; NULL for none) a copy of
 * b[0, blen), reallocating it and moving only what follows the change.
 * Returns the new *old.
 */
char *textdiff_update(char **old, size_t oldlen, const char *b, size_t blen);

/* The same when textdiff already said pre and suf (*old must not be NULL). */
char *textdiff_splice(char **old, size_t oldlen, const char *b, size_t blen,
		      size_t pre, size_t suf);

#endif
