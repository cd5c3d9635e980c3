/*
 * store_copy.c - a table read row by row as it is (see store_copy.h), for
 * eadr hub migrate-to.  The statements are made from the caller's constant
 * table and column names, prepared once per call and never cached.
 */
#include <stdlib.h>

#include "sbuf.h"
#include "store_copy.h"
#include "store_int.h"

#define COPY_COLS 24

int store_table_each(struct store *st, const char *table, const char *cols,
		     int (*fn)(const struct store_cell *cells, int n, void *arg),
		     void *arg, struct err *err)
{
	struct sbuf sql = SBUF_INIT;
	struct store_cell cells[COPY_COLS];
	sqlite3_stmt *s = NULL;
	int rc, stop = 0, n;

	sbuf_addf(&sql, "SELECT %s FROM %s ORDER BY 1", cols, table);
	if (sqlite3_prepare_v2(st->db, sql.buf, -1, &s, NULL) != SQLITE_OK) {
		sbuf_release(&sql);
		return store_dberr(st, err, "reading the hub's tables");
	}
	sbuf_release(&sql);
	if ((n = sqlite3_column_count(s)) > COPY_COLS) {
		sqlite3_finalize(s);
		return err_set(err, "store: %s: too many columns to copy", table);
	}
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (int i = 0; i < n; i++) {
			int t = sqlite3_column_type(s, i);

			if (t == SQLITE_NULL) {
				cells[i] = (struct store_cell){ STORE_CELL_NULL, "", 0 };
			} else if (t == SQLITE_BLOB) {
				cells[i].type = STORE_CELL_BLOB;
				cells[i].v = sqlite3_column_blob(s, i);
				cells[i].len = (size_t)sqlite3_column_bytes(s, i);
			} else {
				cells[i].type = STORE_CELL_TEXT;
				cells[i].v = sqlite3_column_text(s, i);
				cells[i].len = (size_t)sqlite3_column_bytes(s, i);
			}
			if (!cells[i].v)
				cells[i].v = "";
		}
		stop = fn(cells, n, arg);
	}
	if (!stop && rc != SQLITE_DONE) {
		store_dberr(st, err, "reading the hub's tables");
		stop = -1;
	}
	sqlite3_finalize(s);
	return stop;
}

long long store_table_count(struct store *st, const char *table, struct err *err)
{
	struct sbuf sql = SBUF_INIT;
	sqlite3_stmt *s = NULL;
	long long n = -1;

	sbuf_addf(&sql, "SELECT count(*) FROM %s", table);
	if (sqlite3_prepare_v2(st->db, sql.buf, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	else
		store_dberr(st, err, "counting the hub's rows");
	sbuf_release(&sql);
	sqlite3_finalize(s);
	return n;
}
