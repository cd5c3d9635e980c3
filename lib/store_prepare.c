/*
 * store_prepare.c - the SQL of preparation codes: code rows, answers
 * waiting for the holding manager, marks of the staff member's own words.
 * See store_prepare.h and schema/voice.md.
 */
#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "store_prepare.h"

void prepare_row_release(struct prepare_row *r)
{
	free(r->code_hash);
	free(r->staff_number);
	free(r->created_on);
	sbuf_release(&r->code_box);
	memset(r, 0, sizeof *r);
}

int store_prepare_add(struct store *st, const char *code_hash,
		      long long appraisal_id, const char *staff_number,
		      const char *created_on, const void *box, size_t boxlen,
		      const char *appraisal_uuid, struct err *err)
{
	static const char sql[] =
		"INSERT INTO prepare_codes(code_hash, appraisal_id, staff_number,"
		" created_on, code_box) VALUES (?1, ?2, ?3, ?4, ?5)";
	sqlite3_stmt *s;

	if (store_begin(st, err) < 0)
		return -1;
	if (!(s = store_prep(st, sql, err)))
		goto fail;
	store_bind_text(s, 1, code_hash);
	sqlite3_bind_int64(s, 2, appraisal_id);
	store_bind_text(s, 3, staff_number);
	store_bind_text(s, 4, created_on);
	if (box)
		sqlite3_bind_blob(s, 5, box, (int)boxlen, SQLITE_TRANSIENT);
	if (store_step_done(st, s, err, "keeping the preparation code") < 0 ||
	    store_audit(st, appraisal_uuid, staff_number, "prepare-request", NULL, err) < 0)
		goto fail;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return -1;
}

static void read_row(sqlite3_stmt *s, struct prepare_row *r)
{
	memset(r, 0, sizeof *r);
	r->code_hash = store_col_dup(s, 0);
	r->appraisal_id = sqlite3_column_int64(s, 1);
	r->staff_number = store_col_dup(s, 2);
	r->created_on = store_col_dup(s, 3);
	if (sqlite3_column_type(s, 4) == SQLITE_BLOB)
		sbuf_add(&r->code_box, sqlite3_column_blob(s, 4),
			 (size_t)sqlite3_column_bytes(s, 4));
	r->expired = sqlite3_column_int(s, 5);
}

int store_prepare_get(struct store *st, const char *code_hash,
		      struct prepare_row *r, struct err *err)
{
	static const char sql[] =
		"SELECT code_hash, appraisal_id, staff_number, created_on, code_box,"
		" expired FROM prepare_codes WHERE code_hash = ?1";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, code_hash);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		read_row(s, r);
	return store_one(st, s, rc, err, "reading the preparation code");
}

int store_prepare_expire(struct store *st, const char *code_hash, struct err *err)
{
	static const char sql[] =
		"UPDATE prepare_codes SET expired = 1 WHERE code_hash = ?1 AND NOT expired";
	static const char del[] = "DELETE FROM prepare_inbox WHERE code_hash = ?1";
	sqlite3_stmt *s;

	if (store_begin(st, err) < 0)
		return -1;
	if (!(s = store_prep(st, sql, err)))
		goto fail;
	store_bind_text(s, 1, code_hash);
	if (store_step_done(st, s, err, "expiring the preparation code") < 0 ||
	    !(s = store_prep(st, del, err)))
		goto fail;
	store_bind_text(s, 1, code_hash);
	if (store_step_done(st, s, err, "expiring the preparation code") < 0 ||
	    store_audit(st, NULL, NULL, "prepare-expired", NULL, err) < 0)
		goto fail;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return -1;
}

int store_prepare_inbox_get(struct store *st, const char *code_hash,
			    unsigned char salt[16], struct sbuf *box, struct err *err)
{
	static const char sql[] =
		"SELECT salt, box FROM prepare_inbox WHERE code_hash = ?1";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, code_hash);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (sqlite3_column_bytes(s, 0) != 16) {
			sqlite3_reset(s);
			return err_set(err, "the saved preparation is damaged");
		}
		memcpy(salt, sqlite3_column_blob(s, 0), 16);
		sbuf_add(box, sqlite3_column_blob(s, 1), (size_t)sqlite3_column_bytes(s, 1));
	}
	return store_one(st, s, rc, err, "reading the saved preparation");
}

int store_prepare_inbox_put(struct store *st, const char *code_hash,
			    const unsigned char salt[16], const void *box,
			    size_t len, const char *date, struct err *err)
{
	static const char sql[] =
		"INSERT OR REPLACE INTO prepare_inbox(code_hash, salt, box, saved_on)"
		" VALUES (?1, ?2, ?3, ?4)";
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	store_bind_text(s, 1, code_hash);
	sqlite3_bind_blob(s, 2, salt, 16, SQLITE_TRANSIENT);
	sqlite3_bind_blob(s, 3, box, (int)len, SQLITE_TRANSIENT);
	store_bind_text(s, 4, date);
	return store_step_done(st, s, err, "saving the preparation");
}

int store_prepare_inbox_delete(struct store *st, const char *code_hash,
			       struct err *err)
{
	static const char sql[] = "DELETE FROM prepare_inbox WHERE code_hash = ?1";
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	store_bind_text(s, 1, code_hash);
	return store_step_done(st, s, err, "removing the merged preparation");
}

int store_prepare_waiting_each(struct store *st,
			       int (*fn)(const struct prepare_row *r, void *arg),
			       void *arg, struct err *err)
{
	static const char sql[] =
		"SELECT c.code_hash, c.appraisal_id, c.staff_number, c.created_on,"
		" c.code_box, c.expired FROM prepare_codes c"
		" JOIN prepare_inbox i ON i.code_hash = c.code_hash"
		" WHERE NOT c.expired ORDER BY c.code_hash";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc, stop = 0;

	if (!s)
		return -1;
	/* Rows are copied out first: fn changes the tables it walks. */
	struct prepare_row *v = NULL;
	size_t n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		v = xrealloc(v, (n + 1) * sizeof *v);
		read_row(s, &v[n++]);
	}
	if (store_each_end(st, s, rc, 0, err, "reading the waiting preparations") < 0)
		stop = -1;
	for (size_t i = 0; i < n; i++) {
		if (!stop)
			stop = fn(&v[i], arg);
		prepare_row_release(&v[i]);
	}
	free(v);
	return stop;
}

int store_prepare_mark(struct store *st, long long appraisal_id,
		       const char *appraisal_uuid, const char *staff_number,
		       const char *path, struct err *err)
{
	static const char sql[] =
		"INSERT OR REPLACE INTO prepare_marks(appraisal_id, path, edited_by)"
		" VALUES (?1, ?2, NULL)";
	sqlite3_stmt *s = store_prep(st, sql, err);
	struct sbuf d = SBUF_INIT;
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, appraisal_id);
	store_bind_text(s, 2, path);
	if (store_step_done(st, s, err, "marking the staff member's answer") < 0)
		return -1;
	sbuf_addf(&d, "%s written by the staff member", path);
	rc = store_audit(st, appraisal_uuid, staff_number, "prepared", d.buf, err);
	sbuf_release(&d);
	return rc;
}

int store_prepare_marked(struct store *st, long long appraisal_id,
			 const char *path, struct err *err)
{
	static const char sql[] =
		"SELECT edited_by IS NOT NULL FROM prepare_marks"
		" WHERE appraisal_id = ?1 AND path = ?2";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc, edited = 0;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, appraisal_id);
	store_bind_text(s, 2, path);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		edited = sqlite3_column_int(s, 0);
	rc = store_one(st, s, rc, err, "reading the staff member's marks");
	return rc == 1 ? 1 + edited : rc;
}

int store_prepare_edited(struct store *st, long long appraisal_id,
			 const char *appraisal_uuid, const char *staff_number,
			 const char *path, const char *who, struct err *err)
{
	static const char sql[] =
		"UPDATE prepare_marks SET edited_by = ?3"
		" WHERE appraisal_id = ?1 AND path = ?2 AND edited_by IS NULL";
	sqlite3_stmt *s = store_prep(st, sql, err);
	struct sbuf d = SBUF_INIT;
	int rc;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, appraisal_id);
	store_bind_text(s, 2, path);
	store_bind_text(s, 3, who);
	if (store_step_done(st, s, err, "marking the staff member's answer") < 0)
		return -1;
	if (sqlite3_changes(st->db) == 0)
		return 0;
	sbuf_addf(&d, "%s written by the staff member, changed by %s", path, who);
	rc = store_audit(st, appraisal_uuid, staff_number, "prepared-edited", d.buf, err);
	sbuf_release(&d);
	return rc;
}

int store_prepare_marks_move(struct store *st, long long appraisal_id,
			     const char *from, const char *to, struct err *err)
{
	static const char mv[] =
		"UPDATE OR REPLACE prepare_marks SET path = ?3 || substr(path, length(?2) + 1)"
		" WHERE appraisal_id = ?1 AND substr(path, 1, length(?2)) = ?2";
	static const char del[] =
		"DELETE FROM prepare_marks"
		" WHERE appraisal_id = ?1 AND substr(path, 1, length(?2)) = ?2";
	sqlite3_stmt *s = store_prep(st, to ? mv : del, err);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, appraisal_id);
	store_bind_text(s, 2, from);
	if (to)
		store_bind_text(s, 3, to);
	return store_step_done(st, s, err, "moving the staff member's marks");
}
