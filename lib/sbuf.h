/*
 * sbuf.h - growable, always NUL-terminated byte strings (after git's strbuf).
 *
 * An sbuf never fails: running out of memory aborts the program with a
 * message, as git's xmalloc does, because there is nothing sensible a caller
 * could do and silently truncating an answer would lose data.
 */
#ifndef EADR_SBUF_H
#define EADR_SBUF_H

#include <stdarg.h>
#include <stddef.h>

struct sbuf {
	char *buf;	/* always NUL-terminated; "" (static) until first growth */
	size_t len;
	size_t alloc;
};

extern char sbuf_empty[];
#define SBUF_INIT { sbuf_empty, 0, 0 }

void sbuf_init(struct sbuf *sb, size_t hint);
void sbuf_release(struct sbuf *sb);	/* free contents, back to SBUF_INIT */
char *sbuf_detach(struct sbuf *sb);	/* caller frees; sb is reset */
void sbuf_grow(struct sbuf *sb, size_t extra);
void sbuf_reset(struct sbuf *sb);	/* len = 0, keeps the allocation */
void sbuf_add(struct sbuf *sb, const void *data, size_t len);
void sbuf_adds(struct sbuf *sb, const char *s);
void sbuf_addch(struct sbuf *sb, int c);
void sbuf_addf(struct sbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sbuf_vaddf(struct sbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
void sbuf_setlen(struct sbuf *sb, size_t len);

/* Allocation helpers that abort with a message instead of returning NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
