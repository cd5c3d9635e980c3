/*
 * store_pref.c - the terminal program's choices kept between runs, in the
 * meta table (see store_pref.h).
 */
#include <stdio.h>

#include "store_int.h"
#include "store_pref.h"

static void key_of(char *out, size_t n, const char *name)
{
	snprintf(out, n, "pref.%s", name);
}

int store_pref_get(struct store *st, const char *name, char **value, struct err *err)
{
	static const char sql[] = "SELECT value FROM meta WHERE key = ?1";
	sqlite3_stmt *s = store_prep(st, sql, err);
	char key[96];
	int rc;

	*value = NULL;
	if (!s)
		return -1;
	key_of(key, sizeof(key), name);
	store_bind_text(s, 1, key);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*value = store_col_dup(s, 0);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_dberr(st, err, "reading a setting");
}

int store_pref_set(struct store *st, const char *name, const char *value,
		   struct err *err)
{
	static const char put[] =
		"INSERT INTO meta(key, value) VALUES (?1, ?2)"
		" ON CONFLICT(key) DO UPDATE SET value = excluded.value";
	static const char del[] = "DELETE FROM meta WHERE key = ?1";
	sqlite3_stmt *s = store_prep(st, value ? put : del, err);
	char key[96];

	if (!s)
		return -1;
	key_of(key, sizeof(key), name);
	store_bind_text(s, 1, key);
	if (value)
		store_bind_text(s, 2, value);
	return store_step_done(st, s, err, "saving a setting");
}
