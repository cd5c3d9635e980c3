/*
 * diag.c - lists of positioned problems (see diag.h).
 */
#include <stdarg.h>
#include <stdlib.h>

#include "diag.h"

void diag_add(struct diag *d, enum diag_level level, const char *file,
	      int line, int col, const char *fmt, ...)
{
	struct sbuf sb = SBUF_INIT;
	struct diag_item *it;
	va_list ap;

	if (d->n == d->alloc) {
		d->alloc = d->alloc ? d->alloc * 2 : 8;
		d->items = xrealloc(d->items, d->alloc * sizeof(*d->items));
	}
	va_start(ap, fmt);
	sbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	it = &d->items[d->n++];
	it->level = level;
	it->file = xstrdup(file ? file : "");
	it->line = line;
	it->col = col;
	it->msg = sbuf_detach(&sb);
}

size_t diag_errors(const struct diag *d)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n; i++)
		n += d->items[i].level == DIAG_ERROR;
	return n;
}

void diag_format(const struct diag_item *it, struct sbuf *sb)
{
	sbuf_adds(sb, it->file);
	if (it->line > 0)
		sbuf_addf(sb, ":%d", it->line);
	if (it->line > 0 && it->col > 0)
		sbuf_addf(sb, ":%d", it->col);
	sbuf_addf(sb, ": %s: %s", it->level == DIAG_ERROR ? "error" : "warning",
		  it->msg);
}

void diag_release(struct diag *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->items[i].file);
		free(d->items[i].msg);
	}
	free(d->items);
	d->items = NULL;
	d->n = d->alloc = 0;
}
