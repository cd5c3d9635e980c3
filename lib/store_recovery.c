/*
 * store_recovery.c - the rows of a passphrase reset through the hub (see
 * store_recovery.h and schema/013-recovery.sql).
 */
#include <stdio.h>
#include <string.h>

#include "sbuf.h"
#include "store_int.h"
#include "store_recovery.h"

/* Copy a blob of exactly n bytes from column col; 0, or -1 when another size. */
static int blob_n(sqlite3_stmt *s, int col, unsigned char *out, size_t n)
{
	if (sqlite3_column_bytes(s, col) != (int)n)
		return -1;
	memcpy(out, sqlite3_column_blob(s, col), n);
	return 0;
}

int store_recovery_sealed(struct store *st, long long id,
			  unsigned char sealed[KEYRING_RECOVERY],
			  unsigned char hub_pk[32], struct err *err)
{
	static const char sql[] = "SELECT recovery, recovery_hub FROM profiles"
		" WHERE id = ?1 AND recovery IS NOT NULL AND recovery_hub IS NOT NULL";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc, bad = 0;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		bad = blob_n(s, 0, sealed, KEYRING_RECOVERY) < 0 || blob_n(s, 1, hub_pk, 32) < 0;
	rc = store_one(st, s, rc, err, "reading the recovery key");
	if (rc == 1 && bad)
		return err_set(err, "the profile's recovery key is damaged (wrong size)");
	return rc;
}

int store_recovery_put(struct store *st, long long id, const char *name,
		       const unsigned char once_pk[32], const unsigned char once_sk[32],
		       struct err *err)
{
	static const char sql[] = "INSERT OR REPLACE INTO recovery_requests"
		"(profile, once_public, once_secret, made_at) VALUES (?1, ?2, ?3, ?4)";
	char now[STAMP_LEN + 1];
	sqlite3_stmt *s;

	if (store_begin(st, err) < 0)
		return -1;
	if (!(s = store_prep(st, sql, err)))
		goto fail;
	time_stamp(now);
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_blob(s, 2, once_pk, 32, SQLITE_TRANSIENT);
	sqlite3_bind_blob(s, 3, once_sk, 32, SQLITE_TRANSIENT);
	store_bind_text(s, 4, now);
	if (store_step_done(st, s, err, "keeping the recovery request") < 0 ||
	    store_audit(st, NULL, NULL, "recovery-requested", name, err) < 0)
		goto fail;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return -1;
}

int store_recovery_get(struct store *st, long long id, unsigned char once_pk[32],
		       unsigned char once_sk[32], struct err *err)
{
	static const char sql[] = "SELECT once_public, once_secret FROM"
		" recovery_requests WHERE profile = ?1";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc, bad = 0;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		bad = blob_n(s, 0, once_pk, 32) < 0 || blob_n(s, 1, once_sk, 32) < 0;
	rc = store_one(st, s, rc, err, "reading the recovery request");
	if (rc == 1 && bad)
		return err_set(err, "the waiting recovery request is damaged (wrong size)");
	return rc;
}

int store_recovery_box(struct store *st, long long id,
		       unsigned char wrapped[KEYRING_BOX_WRAPPED], struct err *err)
{
	static const char sql[] = "SELECT box_secret FROM profiles WHERE id = ?1"
		" AND box_secret IS NOT NULL";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc, bad = 0;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		bad = blob_n(s, 0, wrapped, KEYRING_BOX_WRAPPED) < 0;
	rc = store_one(st, s, rc, err, "reading the box key");
	return rc == 1 && bad ? 0 : rc;
}

int store_recovery_private(struct store *st, long long id, int *n, struct err *err)
{
	static const char sql[] = "SELECT count(*) FROM answers a JOIN appraisals p"
		" ON p.id = a.appraisal_id WHERE p.holder = ?1 AND a.private = 1";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc;

	*n = 0;
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		*n = sqlite3_column_int(s, 0);
	return store_one(st, s, rc, err, "counting private answers") < 0 ? -1 : 0;
}

int store_recovery_reset(struct store *st, long long id, const char *name,
			 const struct keyring_wrapped *w, int *lost, struct err *err)
{
	static const char upd[] = "UPDATE profiles SET salt = ?2, opslimit = ?3,"
		" memlimit = ?4, private_key = ?5, shared_key = ?6, failures = 0,"
		" failed_at = NULL WHERE id = ?1";
	static const char del[] = "DELETE FROM answers WHERE private = 1 AND"
		" appraisal_id IN (SELECT id FROM appraisals WHERE holder = ?1)";
	static const char req[] = "DELETE FROM recovery_requests WHERE profile = ?1";
	struct sbuf detail = SBUF_INIT;
	sqlite3_stmt *s;

	*lost = 0;
	if (store_begin(st, err) < 0)
		return -1;
	if (!(s = store_prep(st, upd, err)))
		goto fail;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_blob(s, 2, w->salt, sizeof(w->salt), SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)w->ops);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)w->mem);
	sqlite3_bind_blob(s, 5, w->priv, sizeof(w->priv), SQLITE_TRANSIENT);
	sqlite3_bind_blob(s, 6, w->shared, sizeof(w->shared), SQLITE_TRANSIENT);
	if (store_step_done(st, s, err, "resetting the passphrase") < 0)
		goto fail;
	if (sqlite3_changes(st->db) != 1) {
		err_set(err, "the profile of %s is gone", name);
		goto fail;
	}
	if (!(s = store_prep(st, del, err)))
		goto fail;
	sqlite3_bind_int64(s, 1, id);
	if (store_step_done(st, s, err, "deleting the lost private answers") < 0)
		goto fail;
	*lost = sqlite3_changes(st->db);
	if (!(s = store_prep(st, req, err)))
		goto fail;
	sqlite3_bind_int64(s, 1, id);
	if (store_step_done(st, s, err, "using up the recovery request") < 0)
		goto fail;
	sbuf_addf(&detail, "%s: new passphrase through the hub; %d private answer%s "
		  "lost with the old one", name, *lost, *lost == 1 ? "" : "s");
	if (store_audit(st, NULL, NULL, "profile-reset", detail.buf, err) < 0)
		goto fail;
	sbuf_release(&detail);
	st->profiles = -1;
	if (store_commit(st, err) < 0)
		return -1;
	return st->depth ? 0 : store_wal_empty(st, err);
fail:
	sbuf_release(&detail);
	store_rollback(st);
	return -1;
}

int store_recovery_reseal(struct store *st, const unsigned char hub_pk[32],
			  struct err *err)
{
	static const char sql[] = "UPDATE profiles SET recovery = ?2, recovery_hub = ?3"
		" WHERE id = ?1 AND (recovery IS NULL OR recovery_hub IS NULL OR"
		" recovery_hub <> ?3)";
	unsigned char sealed[KEYRING_RECOVERY];
	sqlite3_stmt *s;

	if (!st->kr)
		return 0;
	keyring_seal_shared(st->kr, hub_pk, sealed);
	if (!(s = store_prep(st, sql, err)))
		return -1;
	sqlite3_bind_int64(s, 1, keyring_profile(st->kr));
	sqlite3_bind_blob(s, 2, sealed, sizeof(sealed), SQLITE_TRANSIENT);
	sqlite3_bind_blob(s, 3, hub_pk, 32, SQLITE_TRANSIENT);
	return store_step_done(st, s, err, "sealing the recovery key");
}
