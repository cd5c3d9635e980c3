/*
 * store_profile.c - managers' profiles (their wrapped keys and the count
 * of wrong passphrases), the signed-in keyring, and the conversion of a
 * database from before profiles (see store.h and schema/security.md).
 */
#include <stdlib.h>
#include <string.h>

#include "keyring.h"
#include "sbuf.h"
#include "store_int.h"

void store_set_keyring(struct store *st, struct keyring *kr)
{
	if (st->kr != kr)
		keyring_free(st->kr);
	st->kr = kr;
	st->profiles = -1;
}

struct keyring *store_keyring(const struct store *st)
{
	return st->kr;
}

int store_profiles(struct store *st)
{
	static const char sql[] = "SELECT count(*) FROM profiles";
	sqlite3_stmt *s;

	if (st->profiles >= 0 || !st->holders)
		return st->profiles > 0 ? st->profiles : 0;
	if (!(s = store_prep(st, sql, NULL)))
		return 0;
	if (sqlite3_step(s) == SQLITE_ROW)
		st->profiles = sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	return st->profiles > 0 ? st->profiles : 0;
}

void store_profile_release(struct store_profile *p)
{
	if (!p)
		return;
	free(p->name);
	memset(p, 0, sizeof(*p));
}

int store_profile_add(struct store *st, const char *name,
		      const struct keyring_wrapped *w,
		      const unsigned char *recovery, const unsigned char *hub_pk,
		      long long *id, struct err *err)
{
	static const char sql[] =
		"INSERT INTO profiles(name, salt, opslimit, memlimit, private_key,"
		" shared_key, recovery, recovery_hub, created_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
	char now[STAMP_LEN + 1];
	sqlite3_stmt *s;
	struct store_profile old;
	int rc;

	if (!name || !*name)
		return err_set(err, "a profile needs the manager's name");
	if ((rc = store_profile_get(st, name, &old, err)) < 0)
		return -1;
	if (rc == 1) {
		err_set(err, "there is already a profile called %s on this laptop", old.name);
		store_profile_release(&old);
		return -1;
	}
	if (store_begin(st, err) < 0)
		return -1;
	if (!(s = store_prep(st, sql, err)))
		goto fail;
	time_stamp(now);
	store_bind_text(s, 1, name);
	sqlite3_bind_blob(s, 2, w->salt, sizeof(w->salt), SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)w->ops);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)w->mem);
	sqlite3_bind_blob(s, 5, w->priv, sizeof(w->priv), SQLITE_TRANSIENT);
	sqlite3_bind_blob(s, 6, w->shared, sizeof(w->shared), SQLITE_TRANSIENT);
	if (recovery && hub_pk) {
		sqlite3_bind_blob(s, 7, recovery, KEYRING_RECOVERY, SQLITE_TRANSIENT);
		sqlite3_bind_blob(s, 8, hub_pk, 32, SQLITE_TRANSIENT);
	}
	store_bind_text(s, 9, now);
	if (store_step_done(st, s, err, "adding the profile") < 0)
		goto fail;
	if (id)
		*id = sqlite3_last_insert_rowid(st->db);
	if (store_audit(st, NULL, NULL, "profile-added", name, err) < 0)
		goto fail;
	st->profiles = -1;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return -1;
}

static int blob_copy(sqlite3_stmt *s, int col, unsigned char *out, size_t n)
{
	if (sqlite3_column_bytes(s, col) != (int)n)
		return -1;
	memcpy(out, sqlite3_column_blob(s, col), n);
	return 0;
}

int store_profile_get(struct store *st, const char *name,
		      struct store_profile *p, struct err *err)
{
	static const char sql[] =
		"SELECT id, name, salt, opslimit, memlimit, private_key, shared_key,"
		" failures, coalesce(failed_at, 0) FROM profiles WHERE name = ?1";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc, bad = 0;

	memset(p, 0, sizeof(*p));
	if (!s)
		return -1;
	store_bind_text(s, 1, name);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		p->id = sqlite3_column_int64(s, 0);
		p->name = store_col_dup(s, 1);
		bad = blob_copy(s, 2, p->w.salt, sizeof(p->w.salt)) < 0 ||
		      blob_copy(s, 5, p->w.priv, sizeof(p->w.priv)) < 0 ||
		      blob_copy(s, 6, p->w.shared, sizeof(p->w.shared)) < 0;
		p->w.ops = (unsigned long long)sqlite3_column_int64(s, 3);
		p->w.mem = (size_t)sqlite3_column_int64(s, 4);
		p->failures = sqlite3_column_int(s, 7);
		p->failed_at = sqlite3_column_int64(s, 8);
	}
	rc = store_one(st, s, rc, err, "reading a profile");
	if (rc == 1 && bad) {
		store_profile_release(p);
		return err_set(err, "the profile %s is damaged (its keys have the wrong size)", name);
	}
	return rc;
}

int store_profile_tried(struct store *st, long long id, int ok, long long now,
			struct err *err)
{
	static const char bad[] = "UPDATE profiles SET failures = failures + 1,"
		" failed_at = ?2 WHERE id = ?1";
	static const char good[] = "UPDATE profiles SET failures = 0,"
		" failed_at = NULL WHERE id = ?1 AND failures <> 0";
	sqlite3_stmt *s = store_prep(st, ok ? good : bad, err);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if (!ok)
		sqlite3_bind_int64(s, 2, now);
	return store_step_done(st, s, err, "counting the tries");
}

int store_profile_names(struct store *st, char ***names, size_t *n,
			struct err *err)
{
	static const char sql[] = "SELECT name FROM profiles ORDER BY name";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc;

	*names = NULL;
	*n = 0;
	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*names = xrealloc(*names, (*n + 1) * sizeof(**names));
		(*names)[(*n)++] = store_col_dup(s, 0);
	}
	return store_each_end(st, s, rc, 0, err, "reading the profiles");
}

int store_wal_empty(struct store *st, struct err *err)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(st->db, "PRAGMA wal_checkpoint(TRUNCATE)", -1, &s,
			       NULL) != SQLITE_OK)
		return store_dberr(st, err, "emptying the log");
	while (sqlite3_step(s) == SQLITE_ROW)
		;
	if (sqlite3_finalize(s) != SQLITE_OK)
		return store_dberr(st, err, "emptying the log");
	return 0;
}

int store_profile_claim(struct store *st, size_t *n, struct err *err)
{
	size_t k = 0;

	if (store_hold_claim_named(st, &k, err) < 0)
		return -1;
	if (n)
		*n = k;
	/* Only a conversion leaves plain text in the log (a sign-in with
	 * nothing to convert need not wait for a checkpoint). */
	return st->depth || !k ? 0 : store_wal_empty(st, err);
}

int store_vacuum(struct store *st, struct err *err)
{
	if (st->depth)
		return err_set(err, "store: no VACUUM inside a transaction");
	if (store_exec(st, "VACUUM", err) < 0)
		return -1;
	return store_wal_empty(st, err);
}
