/*
 * store_handover.c - handing an appraisal to another manager (see
 * store.h and schema/security.md, "Handing an appraisal over"): each
 * profile's box key pair, the hand-over by the holder (non-private text
 * sealed to the new holder), and its receipt at the new holder's sign-in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keyring.h"
#include "sbuf.h"
#include "store_int.h"

int store_profile_box_ensure(struct store *st, struct err *err)
{
	static const char sql[] = "UPDATE profiles SET box_public = ?2, box_secret = ?3"
		" WHERE id = ?1 AND box_public IS NULL";
	unsigned char pk[KEYRING_BOX_PK], wrapped[KEYRING_BOX_WRAPPED];
	sqlite3_stmt *s;

	if (!st->kr)
		return 0;
	if (!(s = store_prep(st, sql, err)))
		return -1;
	keyring_box_new(st->kr, pk, wrapped);
	sqlite3_bind_int64(s, 1, keyring_profile(st->kr));
	sqlite3_bind_blob(s, 2, pk, sizeof(pk), SQLITE_TRANSIENT);
	sqlite3_bind_blob(s, 3, wrapped, sizeof(wrapped), SQLITE_TRANSIENT);
	return store_step_done(st, s, err, "keeping the manager's box key");
}

int store_handover_find(struct store *st, const char *staff_number, long long *id,
			struct err *err)
{
	static const char sql[] = "SELECT id FROM appraisals WHERE staff_number = ?1"
		" AND holder = ?2 ORDER BY created_at DESC, id DESC LIMIT 1";
	sqlite3_stmt *s;
	int rc;

	if (!st->kr)
		return err_set(err, "sign in as the manager who holds the appraisal");
	if (!(s = store_prep(st, sql, err)))
		return -1;
	store_bind_text(s, 1, staff_number);
	sqlite3_bind_int64(s, 2, keyring_profile(st->kr));
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return 0;
	return rc == SQLITE_ROW ? 1 : store_dberr(st, err, "finding the appraisal");
}

/* The new holder: profile id and box public key; -1 and err when there
 * is none or they have no box key yet. */
static int to_profile(struct store *st, const char *to, long long *pid, char **name,
		      unsigned char pk[KEYRING_BOX_PK], struct err *err)
{
	static const char sql[] = "SELECT id, name, box_public FROM profiles WHERE name = ?1";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc, ok = 0;

	if (!s)
		return -1;
	store_bind_text(s, 1, to);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*pid = sqlite3_column_int64(s, 0);
		*name = store_col_dup(s, 1);
		ok = sqlite3_column_bytes(s, 2) == KEYRING_BOX_PK;
		if (ok)
			memcpy(pk, sqlite3_column_blob(s, 2), KEYRING_BOX_PK);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return err_set(err, "there is no manager called %s on this laptop", to);
	if (rc != SQLITE_ROW)
		return store_dberr(st, err, "reading profiles");
	if (!ok) {
		err_set(err, "%s has not signed in since this version of eadr: ask %s to "
			"sign in once, then hand the appraisal over", *name, *name);
		free(*name);
		*name = NULL;
		return -1;
	}
	return 0;
}

/* Delete appraisal id's private answers (dropped with the holder's consent). */
static int drop_private(struct store *st, long long id, int *n, struct err *err)
{
	static const char sql[] = "DELETE FROM answers WHERE appraisal_id = ?1 AND private = 1";
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if (store_step_done(st, s, err, "deleting private answers") < 0)
		return -1;
	*n = sqlite3_changes(st->db);
	return 0;
}

static int count_private(struct store *st, long long id, int *n, struct err *err)
{
	static const char sql[] = "SELECT count(*) FROM answers WHERE appraisal_id = ?1"
		" AND private = 1";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	*n = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : store_dberr(st, err, "reading answers");
}

/* Keep the sealed text for the new holder and make them the holder. */
static int hand(struct store *st, long long id, long long pid, const void *sealed,
		size_t n, struct err *err)
{
	static const char keep[] = "INSERT OR REPLACE INTO handovers(appraisal_id,"
		" from_name, to_profile, sealed, created_at) VALUES (?1, ?2, ?3, ?4, ?5)";
	static const char holder[] = "UPDATE appraisals SET holder = ?2 WHERE id = ?1";
	char now[STAMP_LEN + 1];
	sqlite3_stmt *s;

	if (!(s = store_prep(st, keep, err)))
		return -1;
	time_stamp(now);
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, keyring_name(st->kr));
	sqlite3_bind_int64(s, 3, pid);
	sqlite3_bind_blob(s, 4, sealed, (int)n, SQLITE_TRANSIENT);
	store_bind_text(s, 5, now);
	if (store_step_done(st, s, err, "handing the appraisal over") < 0 ||
	    !(s = store_prep(st, holder, err)))
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, pid);
	return store_step_done(st, s, err, "handing the appraisal over");
}

int store_handover(struct store *st, long long id, const char *to, int drop,
		   int *dropped, struct err *err)
{
	unsigned char pk[KEYRING_BOX_PK], *sealed = NULL;
	struct sbuf text = SBUF_INIT, detail = SBUF_INIT;
	struct store_head h;
	char *name = NULL;
	long long pid = 0;
	int npriv = 0, rc = -1;

	*dropped = 0;
	if (store_begin(st, err) < 0)
		return -1;
	if (store_hold(st, id, &h, err) < 0) {
		store_rollback(st);
		return -1;
	}
	if (!h.holder) {
		err_set(err, "sign in as the manager who holds the appraisal to hand it over");
		goto out;
	}
	if (to_profile(st, to, &pid, &name, pk, err) < 0 || count_private(st, id, &npriv, err) < 0)
		goto out;
	if (pid == h.holder) {
		err_set(err, "%s already holds this appraisal", name);
		goto out;
	}
	if (npriv && !drop) {
		err_set(err, "this appraisal has %d private answer%s, which only %s can ever "
			"read: %s would not be able to. Hand it over with --drop-private to "
			"delete them (they are gone for good), or keep the appraisal",
			npriv, npriv == 1 ? "" : "s", h.holder_name, name);
		goto out;
	}
	if (store_hold_pack(st, id, &h, &text, err) < 0)
		goto out;
	sealed = xmalloc(text.len + KEYRING_SEAL_OVERHEAD);
	keyring_box_seal(pk, text.buf, text.len, sealed);
	if ((npriv && drop_private(st, id, dropped, err) < 0) ||
	    hand(st, id, pid, sealed, text.len + KEYRING_SEAL_OVERHEAD, err) < 0)
		goto out;
	sbuf_addf(&detail, "from %s to %s; %d private answer%s deleted", h.holder_name,
		  name, *dropped, *dropped == 1 ? "" : "s");
	rc = store_audit(st, h.uuid, h.staff_number, "handed-over", detail.buf, err);
out:
	keyring_wipe(text.buf, text.len);
	sbuf_release(&text);
	sbuf_release(&detail);
	free(sealed);
	free(name);
	store_head_release(&h);
	if (rc < 0) {
		store_rollback(st);
		return -1;
	}
	if (store_commit(st, err) < 0)
		return -1;
	return st->depth ? 0 : store_wal_empty(st, err);
}

/* Receive appraisal id handed over to the signed-in manager (box key pk,
 * its secret wrapped): its text re-encrypted under their keys.  1 when it
 * does not open (left waiting: store_handover_stuck says so). */
static int receive_one(struct store *st, long long id, const char *from,
		       const unsigned char *pk, const unsigned char *wrapped, size_t wlen,
		       const unsigned char *sealed, size_t n, struct err *err)
{
	static const char done[] = "DELETE FROM handovers WHERE appraisal_id = ?1";
	struct sbuf detail = SBUF_INIT;
	struct store_head h;
	unsigned char *text;
	size_t len = 0;
	sqlite3_stmt *s;
	int rc = -1;

	if (store_begin(st, err) < 0)
		return -1;
	if (store_hold(st, id, &h, err) < 0) {
		store_rollback(st);
		return -1;
	}
	text = keyring_box_open(st->kr, pk, wrapped, wlen, sealed, n, &len);
	if (!text) {
		rc = 1;	/* nothing changed; not a failure of the sign-in */
		goto out;
	}
	if (store_hold_unpack(st, id, &h, text, len, err) < 0 ||
	    !(s = store_prep(st, done, err)))
		goto out;
	sqlite3_bind_int64(s, 1, id);
	if (store_step_done(st, s, err, "receiving the appraisal") < 0)
		goto out;
	sbuf_addf(&detail, "from %s by %s", from, keyring_name(st->kr));
	rc = store_audit(st, h.uuid, h.staff_number, "received", detail.buf, err);
out:
	if (text) {
		keyring_wipe(text, len);
		free(text);
	}
	sbuf_release(&detail);
	store_head_release(&h);
	if (rc != 0) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st, err);
}

struct pending {
	long long id;
	char *from;
	unsigned char *sealed;
	size_t n;
};

int store_handover_receive(struct store *st, size_t *n, struct err *err)
{
	static const char sql[] =
		"SELECT h.appraisal_id, h.from_name, h.sealed, p.box_public, p.box_secret"
		" FROM handovers h JOIN profiles p ON p.id = h.to_profile"
		" WHERE h.to_profile = ?1 ORDER BY h.appraisal_id";
	unsigned char pk[KEYRING_BOX_PK], *wrapped = NULL;
	struct pending *v = NULL;
	size_t k = 0, wlen = 0, i;
	sqlite3_stmt *s;
	int step, rc = 0;

	*n = 0;
	if (!st->kr || !st->holders)
		return 0;
	if (!(s = store_prep(st, sql, err)))
		return -1;
	sqlite3_bind_int64(s, 1, keyring_profile(st->kr));
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		v = xrealloc(v, (k + 1) * sizeof(*v));
		v[k].id = sqlite3_column_int64(s, 0);
		v[k].from = store_col_dup(s, 1);
		v[k].n = (size_t)sqlite3_column_bytes(s, 2);
		v[k].sealed = memcpy(xmalloc(v[k].n + 1), sqlite3_column_blob(s, 2), v[k].n);
		if (!wrapped && sqlite3_column_bytes(s, 3) == KEYRING_BOX_PK) {
			memcpy(pk, sqlite3_column_blob(s, 3), KEYRING_BOX_PK);
			wlen = (size_t)sqlite3_column_bytes(s, 4);
			wrapped = memcpy(xmalloc(wlen + 1), sqlite3_column_blob(s, 4), wlen);
		}
		k++;
	}
	if (store_each_end(st, s, step, 0, err, "reading appraisals handed over") < 0)
		rc = -1;
	for (i = 0; rc == 0 && i < k; i++) {
		if (!wrapped)
			rc = err_set(err, "your box key is missing: appraisals handed to you "
				     "cannot be received");
		else if ((rc = receive_one(st, v[i].id, v[i].from, pk, wrapped, wlen,
					   v[i].sealed, v[i].n, err)) == 0)
			(*n)++;
		else if (rc == 1)
			rc = 0;	/* left waiting, for store_handover_stuck */
	}
	for (i = 0; i < k; i++) {
		free(v[i].from);
		free(v[i].sealed);
	}
	free(v);
	free(wrapped);
	if (rc == 0 && *n && !st->depth)
		rc = store_wal_empty(st, err);
	return rc;
}

int store_handover_stuck(struct store *st, struct sbuf *msg, char **staff,
			 char **from_name, struct err *err)
{
	static const char sql[] =
		"SELECT a.staff_number, coalesce(s.name, a.staff_number), h.from_name"
		" FROM handovers h JOIN appraisals a ON a.id = h.appraisal_id"
		" LEFT JOIN staff s ON s.staff_number = a.staff_number"
		" WHERE h.to_profile = ?1 ORDER BY a.staff_number";
	sqlite3_stmt *s;
	int step, n = 0;

	if (staff)
		*staff = NULL;
	if (from_name)
		*from_name = NULL;
	if (!st->kr || !st->holders)
		return 0;
	if (!(s = store_prep(st, sql, err)))
		return -1;
	sqlite3_bind_int64(s, 1, keyring_profile(st->kr));
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *number = (const char *)sqlite3_column_text(s, 0);
		const char *from = (const char *)sqlite3_column_text(s, 2);

		if (!n && staff)
			*staff = xstrdup(number);
		if (!n && from_name)
			*from_name = xstrdup(from);
		sbuf_addf(msg, "%sThe appraisal of %s (%s) that %s handed to you does not "
			  "open with your key (it was altered or damaged), so it cannot "
			  "be received; %s can still read it. Hand it back to %s with "
			  "'eadr profile refuse %s' and ask "
			  "%s to hand it over again.", n ? " " : "",
			  (const char *)sqlite3_column_text(s, 1), number, from, from,
			  from, number, from);
		n++;
	}
	return store_each_end(st, s, step, 0, err, "reading hand-overs") < 0 ? -1 : n;
}

int store_handover_refuse(struct store *st, const char *staff_number, char **from,
			  struct err *err)
{
	static const char find[] =
		"SELECT h.appraisal_id, h.from_name, p.id, a.uuid FROM handovers h"
		" JOIN appraisals a ON a.id = h.appraisal_id"
		" LEFT JOIN profiles p ON p.name = h.from_name"
		" WHERE h.to_profile = ?1 AND a.staff_number = ?2";
	static const char back[] = "UPDATE appraisals SET holder = ?2 WHERE id = ?1";
	static const char gone[] = "DELETE FROM handovers WHERE appraisal_id = ?1";
	struct sbuf detail = SBUF_INIT;
	char *uuid = NULL;
	long long id = 0, to = 0;
	sqlite3_stmt *s;
	int rc;

	*from = NULL;
	if (!st->kr || !st->holders)
		return err_set(err, "sign in as the manager the appraisal was handed to");
	if (!(s = store_prep(st, find, err)))
		return -1;
	sqlite3_bind_int64(s, 1, keyring_profile(st->kr));
	store_bind_text(s, 2, staff_number);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		id = sqlite3_column_int64(s, 0);
		*from = store_col_dup(s, 1);
		to = sqlite3_column_int64(s, 2);
		uuid = store_col_dup(s, 3);
	}
	if ((rc = store_one(st, s, rc, err, "reading hand-overs")) <= 0)
		return rc < 0 ? -1 : err_set(err, "no appraisal of %s handed over is "
					     "waiting for you", staff_number);
	if (!to) {
		free(uuid);
		return err_set(err, "%s, who handed it over, has no profile here any "
			       "more: it cannot be handed back", *from);
	}
	if (store_begin(st, err) < 0) {
		free(uuid);
		return -1;
	}
	if (!(s = store_prep(st, back, err)))
		goto fail;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, to);
	if (store_step_done(st, s, err, "handing it back") < 0 ||
	    !(s = store_prep(st, gone, err)))
		goto fail;
	sqlite3_bind_int64(s, 1, id);
	if (store_step_done(st, s, err, "handing it back") < 0)
		goto fail;
	sbuf_addf(&detail, "refused by %s, back to %s: it did not open", keyring_name(st->kr),
		  *from);
	if (store_audit(st, uuid, staff_number, "handover-refused", detail.buf, err) < 0)
		goto fail;
	sbuf_release(&detail);
	free(uuid);
	return store_commit(st, err);
fail:
	sbuf_release(&detail);
	free(uuid);
	store_rollback(st);
	return -1;
}

int store_handover_private(struct store *st, long long id, int *n, struct err *err)
{
	return count_private(st, id, n, err);
}
