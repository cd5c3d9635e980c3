/*
 * utf8.h - the one UTF-8 module: strict decoding, encoding, validation and
 * the display width of text in terminal columns.  eadr's text is UTF-8
 * whatever the process locale says, so nothing here asks the locale.
 */
#ifndef EADR_UTF8_H
#define EADR_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT 0xFFFD	/* U+FFFD, what an invalid byte decodes as */

/*
 * Decode one character from s[0, n): returns its length (1 to 4) and sets
 * *cp, or returns 0 (and leaves *cp alone) when s does not start with a
 * whole, valid character or n is 0.  Strict: overlong forms (C0 AF,
 * E0 80 AF, F0 80 80 AF), surrogates (U+D800..U+DFFF) and values past
 * U+10FFFF are invalid.  NUL is a valid character (length 1).
 */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

/*
 * As utf8_decode, but never fails on n > 0: an invalid byte decodes as
 * U+FFFD and counts 1 byte, so a loop over any bytes always advances.
 * Returns 0 only when n is 0.
 */
size_t utf8_next(const char *s, size_t n, uint32_t *cp);

/*
 * Encode code point c as UTF-8 into out (not NUL-terminated); returns the
 * length, 1 to 4.  A surrogate or a value past U+10FFFF becomes U+FFFD.
 */
size_t utf8_encode(uint32_t c, char out[4]);

/* Is s[0, len) all valid UTF-8 (as utf8_decode; NUL bytes allowed)? 1 or 0 */
int utf8_valid(const char *s, size_t len);

/* The length in bytes of the longest valid prefix of s[0, len) (len when
 * all of it is valid): where the first invalid byte is. */
size_t utf8_valid_prefix(const char *s, size_t len);

/* How many characters s[0, len) holds: the bytes that are not UTF-8
 * continuation bytes (for valid text, its code points). */
size_t utf8_chars(const char *s, size_t len);

/*
 * Columns code point c takes on a terminal: 0 for combining marks and
 * other zero-width characters, 2 for East Asian wide and fullwidth
 * characters and emoji, 1 for everything else, including controls and
 * unassigned code points (the screens draw a stand-in for those).  One
 * fixed table (Unicode as in glibc's wcwidth for C.UTF-8, see
 * build-aux/utf8_width_gen.c), the same in every locale.
 */
int utf8_width(uint32_t c);

/* Is c zero-width and past U+02FF, so it sits on the character before it
 * (a combining mark)?  1 or 0 */
int utf8_is_mark(uint32_t c);

/*
 * Columns of the text s[0, len), stopping early at a NUL; invalid bytes
 * count as U+FFFD (1 column each).  Pass (size_t)-1 for a NUL-terminated
 * string.
 */
int utf8_swidth(const char *s, size_t len);

#endif
