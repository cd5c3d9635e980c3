/*
 * store_int.h - what the store's own files share; nothing outside
 * lib/store*.c includes this.
 */
#ifndef EADR_STORE_INT_H
#define EADR_STORE_INT_H

#include <sqlite3.h>

#include "store.h"

#define STMT_CACHE 48

struct store {
	sqlite3 *db;
	char *path;
	char device_id[UUID_LEN + 1];
	int busy_ms;
	int created;		/* this open made the device identity */
	int depth;		/* store_begin nesting */
	int failed;		/* an inner rollback happened */
	struct {
		const char *sql;	/* static string, the cache key */
		sqlite3_stmt *st;
	} cache[STMT_CACHE];
	int ncache;
};

/*
 * Turn the connection's last error into a plain-language message about
 * doing "what" (e.g. "saving the answer").  Returns -1.
 */
int store_dberr(struct store *st, struct err *err, const char *what);

/*
 * A prepared statement for sql (which must be a string literal or other
 * static string: its address is the cache key), reset with its bindings
 * cleared.  NULL and err on failure.
 */
sqlite3_stmt *store_prep(struct store *st, const char *sql, struct err *err);

/* Run sql with no results; -1 and err on failure. */
int store_exec(struct store *st, const char *sql, struct err *err);

/* Bind text, or NULL when s is NULL. */
int store_bind_text(sqlite3_stmt *s, int i, const char *text);

/* A copy of column i (NULL for SQL NULL); caller frees. */
char *store_col_dup(sqlite3_stmt *s, int i);

/*
 * For a statement stepped once (rc is what sqlite3_step returned) whose
 * row, if any, the caller has read: reset it and return 1 (a row), 0 (no
 * row) or -1 with err about doing "what".
 */
int store_one(struct store *st, sqlite3_stmt *s, int rc, struct err *err,
	      const char *what);

/*
 * The end of a walk "while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW)":
 * reset s and return stop (what the callback said), or -1 with err about
 * doing "what" when the walk ended on an error.
 */
int store_each_end(struct store *st, sqlite3_stmt *s, int rc, int stop,
		   struct err *err, const char *what);

/*
 * Read path's PRAGMA application_id and user_version from its bytes,
 * without SQLite (store_peek.c): the newest committed page 1 of a leftover
 * write-ahead log wins over the main file's header.  Nothing is written.
 * 1 read, 0 when path is missing, empty or not a SQLite file (SQLite then
 * says why), -1 and err when it cannot be read.
 */
int store_peek(const char *path, int *appid, int *version, struct err *err);

/* Step a statement that returns no rows; -1 and err on failure. */
int store_step_done(struct store *st, sqlite3_stmt *s, struct err *err,
		    const char *what);

#endif
