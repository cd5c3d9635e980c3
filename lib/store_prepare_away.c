/*
 * store_prepare_away.c - the SQL of a preparation code used on another
 * laptop: the answers kept where they were typed, what the holder's laptop
 * told the hub, and the hub's codes and answers.  See store_prepare_away.h.
 */
#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "store_prepare.h"
#include "store_prepare_away.h"

void prep_travel_release(struct prep_travel *t)
{
	free(t->code_hash);
	free(t->who);
	free(t->form_id);
	free(t->form_version);
	free(t->form_hash);
	free(t->saved_on);
	sbuf_release(&t->box);
	memset(t, 0, sizeof *t);
}

static void bind_salt_box(sqlite3_stmt *s, int i, const struct prep_travel *t)
{
	sqlite3_bind_blob(s, i, t->salt, 16, SQLITE_TRANSIENT);
	sqlite3_bind_blob(s, i + 1, t->box.buf ? t->box.buf : "", (int)t->box.len,
			  SQLITE_TRANSIENT);
}

static int read_salt_box(sqlite3_stmt *s, int i, struct prep_travel *t)
{
	if (sqlite3_column_bytes(s, i) != 16)
		return -1;
	memcpy(t->salt, sqlite3_column_blob(s, i), 16);
	sbuf_add(&t->box, sqlite3_column_blob(s, i + 1),
		 (size_t)sqlite3_column_bytes(s, i + 1));
	return 0;
}

/* Rows of s (columns: hash, who, form_id, form_version, form_hash,
 * saved_on, salt, box) copied out first, then fn on each: fn may change
 * the tables walked. */
static int each(struct store *st, sqlite3_stmt *s,
		int (*fn)(const struct prep_travel *t, void *arg), void *arg,
		struct err *err, const char *what)
{
	struct prep_travel *v = NULL;
	size_t n = 0;
	int rc, stop = 0;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct prep_travel *t;

		v = xrealloc(v, (n + 1) * sizeof *v);
		t = &v[n++];
		memset(t, 0, sizeof *t);
		t->code_hash = store_col_dup(s, 0);
		t->who = store_col_dup(s, 1);
		t->form_id = store_col_dup(s, 2);
		t->form_version = store_col_dup(s, 3);
		t->form_hash = store_col_dup(s, 4);
		t->saved_on = store_col_dup(s, 5);
		if (sqlite3_column_type(s, 6) != SQLITE_NULL && read_salt_box(s, 6, t) < 0)
			n--, prep_travel_release(t);	/* damaged: never travels */
	}
	if (store_each_end(st, s, rc, 0, err, what) < 0)
		stop = -1;
	for (size_t i = 0; i < n; i++) {
		if (!stop)
			stop = fn(&v[i], arg);
		prep_travel_release(&v[i]);
	}
	free(v);
	return stop;
}

/* ---- the laptop where the person typed ---- */

int store_prepare_away_put(struct store *st, const struct prep_travel *t,
			   struct err *err)
{
	static const char sql[] =
		"INSERT OR REPLACE INTO prepare_away(code_hash, form_hash, form_id,"
		" form_version, saved_on, salt, box, sent)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0)";
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	store_bind_text(s, 1, t->code_hash);
	store_bind_text(s, 2, t->form_hash);
	store_bind_text(s, 3, t->form_id);
	store_bind_text(s, 4, t->form_version);
	store_bind_text(s, 5, t->saved_on);
	bind_salt_box(s, 6, t);
	return store_step_done(st, s, err, "saving the preparation");
}

int store_prepare_away_get(struct store *st, const char *code_hash,
			   struct prep_travel *t, struct err *err)
{
	static const char sql[] =
		"SELECT form_hash, form_id, form_version, saved_on, salt, box"
		" FROM prepare_away WHERE code_hash = ?1";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, code_hash);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(t, 0, sizeof *t);
		t->code_hash = xstrdup(code_hash);
		t->form_hash = store_col_dup(s, 0);
		t->form_id = store_col_dup(s, 1);
		t->form_version = store_col_dup(s, 2);
		t->saved_on = store_col_dup(s, 3);
		if (read_salt_box(s, 4, t) < 0) {
			sqlite3_reset(s);
			prep_travel_release(t);
			return err_set(err, "the saved preparation is damaged");
		}
	}
	return store_one(st, s, rc, err, "reading the saved preparation");
}

int store_prepare_away_unsent_each(struct store *st,
				   int (*fn)(const struct prep_travel *t, void *arg),
				   void *arg, struct err *err)
{
	static const char sql[] =
		"SELECT code_hash, NULL, form_id, form_version, form_hash, saved_on,"
		" salt, box FROM prepare_away WHERE sent <= 0 ORDER BY code_hash";
	sqlite3_stmt *s = store_prep(st, sql, err);

	return s ? each(st, s, fn, arg, err, "reading the preparations to send") : -1;
}

int store_prepare_away_sent(struct store *st, const char *code_hash,
			    const char *saved_on, unsigned long long seq, struct err *err)
{
	/* Only the save that travelled: one made since goes next time.  The
	 * first bundle that carried it: every later one carries it too, until
	 * an acknowledgement of any of them is pulled. */
	static const char sql[] =
		"UPDATE prepare_away SET sent = -?3 WHERE code_hash = ?1 AND saved_on = ?2"
		" AND sent = 0";
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	store_bind_text(s, 1, code_hash);
	store_bind_text(s, 2, saved_on);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)seq);
	return store_step_done(st, s, err, "marking the preparation sent");
}

int store_prepare_acked(struct store *st, const char *bundle_id, struct err *err)
{
	static const char a[] =
		"UPDATE prepare_away SET sent = -sent WHERE sent < 0 AND -sent <="
		" (SELECT seq FROM sync_sent WHERE bundle_id = ?1)";
	static const char b[] =
		"UPDATE prepare_codes SET hub_told = told_state WHERE told_seq <="
		" (SELECT seq FROM sync_sent WHERE bundle_id = ?1)";
	const char *const sqls[] = { a, b };

	for (int i = 0; i < 2; i++) {
		sqlite3_stmt *s = store_prep(st, sqls[i], err);

		if (!s)
			return -1;
		store_bind_text(s, 1, bundle_id);
		if (store_step_done(st, s, err, "marking preparations delivered") < 0)
			return -1;
	}
	return 0;
}

/* ---- the holder's laptop ---- */

int store_prepare_tell_each(struct store *st,
			    int (*fn)(const struct prep_travel *t, void *arg),
			    void *arg, struct err *err)
{
	static const char sql[] =
		"SELECT code_hash, uuid, form_id, form_version, form_hash, state, NULL, NULL"
		" FROM (SELECT c.code_hash, a.uuid, a.form_id, a.form_version,"
		"  a.form_hash, CASE WHEN c.expired OR a.state <> 'draft'"
		"  THEN 'expired' ELSE 'open' END AS state, c.hub_told"
		"  FROM prepare_codes c JOIN appraisals a ON a.id = c.appraisal_id)"
		" WHERE hub_told IS NULL OR hub_told <> state ORDER BY code_hash";
	sqlite3_stmt *s = store_prep(st, sql, err);

	return s ? each(st, s, fn, arg, err, "reading the preparation codes") : -1;
}

int store_prepare_told(struct store *st, const char *code_hash, const char *state,
		       unsigned long long seq, struct err *err)
{
	static const char sql[] =
		"UPDATE prepare_codes SET told_state = ?2, told_seq = ?3 WHERE code_hash = ?1"
		" AND (told_state IS NOT ?2 OR told_seq IS NULL)";
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	store_bind_text(s, 1, code_hash);
	store_bind_text(s, 2, state);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)seq);
	return store_step_done(st, s, err, "marking the preparation code told");
}

int store_prepare_back_take(struct store *st, const struct prep_travel *t,
			    const char **why, struct err *err)
{
	static const char q[] =
		"SELECT c.expired OR a.state <> 'draft', coalesce(c.back_taken, ''),"
		" EXISTS (SELECT 1 FROM prepare_inbox i WHERE i.code_hash = c.code_hash),"
		" c.code_box IS NULL FROM prepare_codes c JOIN appraisals a ON a.id = c.appraisal_id"
		" WHERE c.code_hash = ?1";
	static const char up[] =
		"UPDATE prepare_codes SET back_taken = ?2 WHERE code_hash = ?1";
	sqlite3_stmt *s = store_prep(st, q, err);
	int rc, expired = 0, waiting = 0, newer = 0, nobox = 0;

	if (!s)
		return -1;
	store_bind_text(s, 1, t->code_hash);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		expired = sqlite3_column_int(s, 0);
		newer = strcmp(t->saved_on, (const char *)sqlite3_column_text(s, 1)) > 0;
		waiting = sqlite3_column_int(s, 2);
		nobox = sqlite3_column_int(s, 3);
	}
	if ((rc = store_one(st, s, rc, err, "reading the preparation code")) <= 0) {
		*why = "a code this laptop did not issue";
		return rc;
	}
	*why = expired ? "the appraisal has been signed: the code has expired"
	       : !newer ? "already taken"
	       : nobox ? "the code was issued with no manager signed in, so this "
			 "laptop cannot open what was typed with it"
	       : waiting ? "answers typed here with that code are waiting for the "
			   "holder's sign-in; the file is taken after it" : NULL;
	if (*why)
		return 0;
	if (store_begin(st, err) < 0)
		return -1;
	if (store_prepare_inbox_put(st, t->code_hash, t->salt, t->box.buf, t->box.len,
				    t->saved_on, err) < 0 ||
	    !(s = store_prep(st, up, err)))
		goto fail;
	store_bind_text(s, 1, t->code_hash);
	store_bind_text(s, 2, t->saved_on);
	if (store_step_done(st, s, err, "keeping the preparation") < 0)
		goto fail;
	return store_commit(st, err) < 0 ? -1 : 1;
fail:
	store_rollback(st);
	return -1;
}

/* ---- the hub ---- */

int store_prepare_hub_request(struct store *st, const char *device,
			      const struct prep_travel *t, int expired, struct err *err)
{
	static const char q[] =
		"SELECT device_id FROM hub_prepare_requests WHERE code_hash = ?1";
	static const char up[] =
		"INSERT INTO hub_prepare_requests(code_hash, device_id, appraisal_uuid,"
		" form_id, form_version, expired) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
		" ON CONFLICT(code_hash) DO UPDATE SET expired = max(expired, ?6)";
	static const char del[] = "DELETE FROM hub_prepare_answers WHERE code_hash = ?1";
	sqlite3_stmt *s = store_prep(st, q, err);
	char *owner = NULL;
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, t->code_hash);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		owner = store_col_dup(s, 0);
	if ((rc = store_one(st, s, rc, err, "reading the preparation codes")) < 0)
		return -1;
	if (owner && strcmp(owner, device)) {
		free(owner);
		return err_set(err, "a preparation code another laptop issued: refused");
	}
	free(owner);
	if (!(s = store_prep(st, up, err)))
		return -1;
	store_bind_text(s, 1, t->code_hash);
	store_bind_text(s, 2, device);
	store_bind_text(s, 3, t->who);
	store_bind_text(s, 4, t->form_id);
	store_bind_text(s, 5, t->form_version);
	sqlite3_bind_int(s, 6, expired);
	if (store_step_done(st, s, err, "keeping the preparation code") < 0)
		return -1;
	if (!expired)
		return 0;
	/* Signed: what waits for it goes, and nothing goes back. */
	if (!(s = store_prep(st, del, err)))
		return -1;
	store_bind_text(s, 1, t->code_hash);
	return store_step_done(st, s, err, "dropping an expired preparation");
}

int store_prepare_hub_answers(struct store *st, const struct prep_travel *t,
			      struct err *err)
{
	static const char q[] =
		"SELECT expired, form_id, form_version FROM hub_prepare_requests"
		" WHERE code_hash = ?1";
	static const char up[] =
		"INSERT INTO hub_prepare_answers(code_hash, from_device, form_id,"
		" form_version, saved_on, salt, box) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
		" ON CONFLICT(code_hash) DO UPDATE SET from_device = ?2, form_id = ?3,"
		" form_version = ?4, saved_on = ?5, salt = ?6, box = ?7"
		" WHERE ?5 > saved_on";
	sqlite3_stmt *s = store_prep(st, q, err);
	int rc, expired = 0, same = 1;

	if (!s)
		return -1;
	store_bind_text(s, 1, t->code_hash);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		expired = sqlite3_column_int(s, 0);
		same = !strcmp((const char *)sqlite3_column_text(s, 1), t->form_id) &&
		       !strcmp((const char *)sqlite3_column_text(s, 2), t->form_version);
	}
	if (store_one(st, s, rc, err, "reading the preparation codes") < 0)
		return -1;
	if (expired)
		return err_set(err, "a preparation whose code has expired (the appraisal "
			       "was signed): refused");
	if (!same)
		return err_set(err, "a preparation on form %s %s, not the appraisal's: "
			       "refused", t->form_id, t->form_version);
	if (!(s = store_prep(st, up, err)))
		return -1;
	store_bind_text(s, 1, t->code_hash);
	store_bind_text(s, 2, t->who);
	store_bind_text(s, 3, t->form_id);
	store_bind_text(s, 4, t->form_version);
	store_bind_text(s, 5, t->saved_on);
	bind_salt_box(s, 6, t);
	return store_step_done(st, s, err, "keeping the preparation");
}

int store_prepare_hub_back_each(struct store *st, const char *device,
				int (*fn)(const struct prep_travel *t, void *arg),
				void *arg, struct err *err)
{
	static const char sql[] =
		"SELECT w.code_hash, w.from_device, w.form_id, w.form_version, NULL,"
		" w.saved_on, w.salt, w.box FROM hub_prepare_answers w"
		" JOIN hub_prepare_requests r ON r.code_hash = w.code_hash"
		" WHERE r.device_id = ?1 AND NOT r.expired AND r.form_id = w.form_id"
		" AND r.form_version = w.form_version ORDER BY w.code_hash";
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	store_bind_text(s, 1, device);
	return each(st, s, fn, arg, err, "reading the preparations to send back");
}
