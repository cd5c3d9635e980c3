/*
 * store_copy.h - a table of the store read row by row as it is, for copying
 * a hub into another database (eadr hub migrate-to): the values of named
 * columns, text, blob or NULL, and the table's row count.
 */
#ifndef EADR_STORE_COPY_H
#define EADR_STORE_COPY_H

#include <stddef.h>

#include "store.h"

enum { STORE_CELL_NULL, STORE_CELL_TEXT, STORE_CELL_BLOB };

struct store_cell {
	int type;		/* STORE_CELL_* (numbers come as text) */
	const void *v;		/* borrowed until the callback returns */
	size_t len;
};

/*
 * Call fn with each row of table (cols: a comma-separated column list),
 * in the order of its rowid (or key), n cells each; table and cols must be
 * the program's own constants, never input.  fn returns nonzero to stop
 * (returned).  Returns 0 (or what fn said), or -1 with err.
 */
int store_table_each(struct store *st, const char *table, const char *cols,
		     int (*fn)(const struct store_cell *cells, int n, void *arg),
		     void *arg, struct err *err);

/* The number of rows in table (a constant, as above), or -1 with err. */
long long store_table_count(struct store *st, const char *table, struct err *err);

#endif
