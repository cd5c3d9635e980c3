/*
 * store_hold.c - who holds an appraisal, and its answer values encrypted
 * at rest under the holder's keys, bound to their row (see store_int.h and
 * schema/security.md).  The only code that turns stored values into text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keyring.h"
#include "sbuf.h"
#include "store_int.h"

void store_head_release(struct store_head *h)
{
	if (!h)
		return;
	free(h->staff_number);
	free(h->holder_name);
	memset(h, 0, sizeof(*h));
}

static int head_read(struct store *st, long long id, struct store_head *h,
		     struct err *err)
{
	static const char sql[] =
		"SELECT a.state, a.uuid, a.staff_number, a.revision,"
		" coalesce(a.holder, 0), p.name FROM appraisals a"
		" LEFT JOIN profiles p ON p.id = a.holder WHERE a.id = ?1";
	static const char old[] =	/* before schema/005-profiles.sql */
		"SELECT state, uuid, staff_number, revision, 0, NULL"
		" FROM appraisals WHERE id = ?1";
	sqlite3_stmt *s = store_prep(st, st->holders ? sql : old, err);
	int rc;

	memset(h, 0, sizeof(*h));
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		snprintf(h->state, sizeof(h->state), "%s", sqlite3_column_text(s, 0));
		snprintf(h->uuid, sizeof(h->uuid), "%s", sqlite3_column_text(s, 1));
		h->staff_number = store_col_dup(s, 2);
		h->revision = sqlite3_column_int64(s, 3);
		h->holder = sqlite3_column_int64(s, 4);
		h->holder_name = store_col_dup(s, 5);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return err_set(err, "no appraisal with id %lld", id);
	if (rc != SQLITE_ROW)
		return store_dberr(st, err, "reading an appraisal");
	return 0;
}

/* "eadr-answer-v1" NUL uuid NUL path NUL revision NUL private */
static void value_ad(struct sbuf *ad, const char *uuid, const char *path,
		     long long revision, int priv)
{
	static const char tag[] = "eadr-answer-v1";

	sbuf_add(ad, tag, sizeof(tag));
	sbuf_add(ad, uuid, strlen(uuid) + 1);
	sbuf_add(ad, path, strlen(path) + 1);
	sbuf_addf(ad, "%lld", revision);
	sbuf_addch(ad, '\0');
	sbuf_addch(ad, priv ? '1' : '0');
}

int store_text_bind(struct store *st, sqlite3_stmt *s, int i, long long holder,
		    const char *uuid, const char *path, long long revision,
		    int priv, const char *value)
{
	struct sbuf ad = SBUF_INIT;
	size_t n;
	unsigned char *out;

	if (!value)
		return sqlite3_bind_null(s, i);
	if (!holder || !st->kr)
		return store_bind_text(s, i, value);
	n = strlen(value);
	value_ad(&ad, uuid, path, revision, priv);
	out = xmalloc(n + KEYRING_OVERHEAD);
	keyring_encrypt(st->kr, priv ? KEYRING_PRIVATE : KEYRING_SHARED,
			(const unsigned char *)ad.buf, ad.len, value, n, out);
	sbuf_release(&ad);
	return sqlite3_bind_blob(s, i, out, (int)(n + KEYRING_OVERHEAD), free);
}

int store_value_bind(struct store *st, sqlite3_stmt *s, int i,
		     const struct store_head *h, const char *path,
		     long long revision, int priv, const char *value)
{
	return store_text_bind(st, s, i, h->holder, h->uuid, path, revision, priv, value);
}

static char *open_value(struct store *st, const unsigned char *blob, size_t n,
			const char *uuid, const char *path, long long revision,
			int priv)
{
	struct sbuf ad = SBUF_INIT;
	char *text;

	value_ad(&ad, uuid, path, revision, priv);
	text = keyring_decrypt(st->kr, priv ? KEYRING_PRIVATE : KEYRING_SHARED,
			       (const unsigned char *)ad.buf, ad.len, blob, n, NULL);
	sbuf_release(&ad);
	return text;
}

char *store_value_col(struct store *st, sqlite3_stmt *s, int col,
		      const char *uuid, const char *path, long long revision,
		      int priv, struct err *err)
{
	char *text;

	if (sqlite3_column_type(s, col) != SQLITE_BLOB)
		return store_col_dup(s, col);
	if (!st->kr) {
		err_set(err, "the answer to %s is locked: sign in as the manager who holds it", path);
		return NULL;
	}
	text = open_value(st, sqlite3_column_blob(s, col),
			  (size_t)sqlite3_column_bytes(s, col), uuid, path, revision, priv);
	if (!text)
		err_set(err, "the answer to %s cannot be read: it does not belong where it "
			"is stored (it was moved or altered), or it is another manager's", path);
	return text;
}

/* eadr_value(value, uuid, path, revision, private, strict [, holder]): a
 * value that does not open is an error (naming holder) when strict, else
 * NULL (left out). */
static void sql_value(sqlite3_context *ctx, int argc, sqlite3_value **v)
{
	struct store *st = sqlite3_user_data(ctx);
	const char *uuid = (const char *)sqlite3_value_text(v[1]);
	const char *path = (const char *)sqlite3_value_text(v[2]);
	char *text;

	if (sqlite3_value_type(v[0]) != SQLITE_BLOB) {
		sqlite3_result_value(ctx, v[0]);
		return;
	}
	text = st->kr && uuid && path ?
		open_value(st, sqlite3_value_blob(v[0]), (size_t)sqlite3_value_bytes(v[0]),
			   uuid, path, sqlite3_value_int64(v[3]), sqlite3_value_int(v[4])) :
		NULL;
	if (!text && !sqlite3_value_int(v[5])) {
		sqlite3_result_null(ctx);
		return;
	}
	if (!text) {
		char *msg = sqlite3_mprintf("an appraisal's answers are locked: it is held "
					    "by %s, who is not signed in",
					    argc > 6 && sqlite3_value_text(v[6]) ?
					    (const char *)sqlite3_value_text(v[6]) :
					    "another manager");

		sqlite3_result_error(ctx, msg ? msg : "an appraisal's answers are locked", -1);
		sqlite3_free(msg);
		return;
	}
	sqlite3_result_text(ctx, text, -1, free);
}

int store_value_functions(struct store *st, struct err *err)
{
	if (sqlite3_create_function(st->db, "eadr_value", 6, SQLITE_UTF8, st,
				    sql_value, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(st->db, "eadr_value", 7, SQLITE_UTF8, st,
				    sql_value, NULL, NULL) != SQLITE_OK)
		return store_dberr(st, err, "opening");
	return 0;
}

struct plain {
	char *path, *value;
	long long revision;
	int priv;
};

/* Encrypt every plain answer of appraisal id (holder h) in place. */
static int encrypt_answers(struct store *st, long long id,
			   const struct store_head *h, struct err *err)
{
	static const char sel[] =
		"SELECT path, value, revision, private FROM answers"
		" WHERE appraisal_id = ?1 AND typeof(value) = 'text'";
	static const char upd[] =
		"UPDATE answers SET value = ?3 WHERE appraisal_id = ?1 AND path = ?2";
	struct plain *v = NULL;
	size_t n = 0, i;
	sqlite3_stmt *s = store_prep(st, sel, err);
	int rc = -1, step;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		v = xrealloc(v, (n + 1) * sizeof(*v));
		v[n].path = store_col_dup(s, 0);
		v[n].value = store_col_dup(s, 1);
		v[n].revision = sqlite3_column_int64(s, 2);
		v[n].priv = sqlite3_column_int(s, 3);
		n++;
	}
	if (store_each_end(st, s, step, 0, err, "reading answers") < 0)
		goto out;
	for (i = 0; i < n; i++) {
		if (!(s = store_prep(st, upd, err)))
			goto out;
		sqlite3_bind_int64(s, 1, id);
		store_bind_text(s, 2, v[i].path);
		store_value_bind(st, s, 3, h, v[i].path, v[i].revision, v[i].priv, v[i].value);
		if (store_step_done(st, s, err, "protecting an answer") < 0)
			goto out;
	}
	rc = 0;
out:
	for (i = 0; i < n; i++) {
		free(v[i].path);
		free(v[i].value);
	}
	free(v);
	return rc;
}

/*
 * The other text of an appraisal (PDP goals, sign-off comments, sign-off
 * drafts), as (ad uuid, path, revision, text, key1, key2) rows; each
 * select binds ?1 appraisal id, ?2 its uuid, ?3 its draft key prefix, ?4
 * 'text' (plain ones only) or 'blob' (plain and encrypted ones),
 * each update ?1 appraisal id, ?2 key1, ?3 key2, ?4 the new value.
 */
static const char *const text_sel[] = {
	"SELECT uuid, 'pdp.need', revision, need, uuid, '' FROM pdp_goals"
	" WHERE appraisal_id = ?1 AND typeof(need) IN ('text', ?4)"
	" AND coalesce(?2, ?3) IS NOT NULL",
	"SELECT uuid, 'pdp.goal', revision, goal, uuid, '' FROM pdp_goals"
	" WHERE appraisal_id = ?1 AND typeof(goal) IN ('text', ?4)"
	" AND coalesce(?2, ?3) IS NOT NULL",
	"SELECT uuid, 'pdp.support', revision, support, uuid, '' FROM pdp_goals"
	" WHERE appraisal_id = ?1 AND typeof(support) IN ('text', ?4)"
	" AND coalesce(?2, ?3) IS NOT NULL",
	"SELECT ?2, 'signoff.' || role, revision, comments, role, revision"
	" FROM signoffs WHERE appraisal_id = ?1 AND typeof(comments) IN ('text', ?4)"
	" AND ?3 IS NOT NULL",
	"SELECT ?2, 'draft.' || substr(key, length(?3) + 1), 0, value, key, ?1"
	" FROM meta WHERE substr(key, 1, length(?3)) = ?3"
	" AND typeof(value) IN ('text', ?4) AND ?1 IS NOT NULL",
};
static const char *const text_upd[] = {
	"UPDATE pdp_goals SET need = ?4 WHERE uuid = ?2"
	" AND coalesce(?1, ?3) IS NOT NULL",
	"UPDATE pdp_goals SET goal = ?4 WHERE uuid = ?2"
	" AND coalesce(?1, ?3) IS NOT NULL",
	"UPDATE pdp_goals SET support = ?4 WHERE uuid = ?2"
	" AND coalesce(?1, ?3) IS NOT NULL",
	"UPDATE signoffs SET comments = ?4 WHERE appraisal_id = ?1 AND role = ?2"
	" AND revision = ?3",
	"UPDATE meta SET value = ?4 WHERE key = ?2"
	" AND coalesce(?1, ?3) IS NOT NULL",
};

struct text_row {
	char *uuid, *path, *value, *k1, *k2;
	long long revision;
};

/* Encrypt the plain rows of text_sel[k] of appraisal id in place. */
static int encrypt_texts(struct store *st, long long id, const struct store_head *h,
			 int k, struct err *err)
{
	struct text_row *v = NULL;
	size_t n = 0, i;
	sqlite3_stmt *s = store_prep(st, text_sel[k], err);
	char prefix[64];
	int rc = -1, step;

	if (!s)
		return -1;
	snprintf(prefix, sizeof(prefix), "signoff.%lld.", id);
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, h->uuid);
	store_bind_text(s, 3, prefix);
	store_bind_text(s, 4, "text");
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		v = xrealloc(v, (n + 1) * sizeof(*v));
		v[n] = (struct text_row){ store_col_dup(s, 0), store_col_dup(s, 1),
			store_col_dup(s, 3), store_col_dup(s, 4), store_col_dup(s, 5),
			sqlite3_column_int64(s, 2) };
		n++;
	}
	if (store_each_end(st, s, step, 0, err, "reading an appraisal's text") < 0)
		goto out;
	for (i = 0; i < n; i++) {
		if (!(s = store_prep(st, text_upd[k], err)))
			goto out;
		sqlite3_bind_int64(s, 1, id);
		store_bind_text(s, 2, v[i].k1);
		store_bind_text(s, 3, v[i].k2);
		store_text_bind(st, s, 4, h->holder, v[i].uuid, v[i].path, v[i].revision,
				0, v[i].value ? v[i].value : "");
		if (store_step_done(st, s, err, "protecting an appraisal's text") < 0)
			goto out;
	}
	rc = 0;
out:
	for (i = 0; i < n; i++) {
		free(v[i].uuid);
		free(v[i].path);
		free(v[i].value);
		free(v[i].k1);
		free(v[i].k2);
	}
	free(v);
	return rc;
}

/* Encrypt every plain text of appraisal id (answers and the rest). */
static int encrypt_all(struct store *st, long long id, const struct store_head *h,
		       struct err *err)
{
	/* a long answer typed in pieces is joined, then sealed with the rest */
	if (store_pieces_fold_at(st, id, h, err) < 0)
		return -1;
	if (encrypt_answers(st, id, h, err) < 0)
		return -1;
	for (size_t k = 0; k < sizeof(text_sel) / sizeof(text_sel[0]); k++)
		if (encrypt_texts(st, id, h, (int)k, err) < 0)
			return -1;
	return 0;
}

/* Make the signed-in manager the holder of appraisal id (no holder yet). */
static int claim(struct store *st, long long id, struct store_head *h,
		 struct err *err)
{
	static const char sql[] = "UPDATE appraisals SET holder = ?2 WHERE id = ?1"
		" AND holder IS NULL";
	struct sbuf d = SBUF_INIT;
	sqlite3_stmt *s;
	int rc = -1;

	if (store_begin(st, err) < 0)
		return -1;
	h->holder = keyring_profile(st->kr);
	if (!(s = store_prep(st, sql, err)))
		goto out;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, h->holder);
	if (store_step_done(st, s, err, "claiming the appraisal") < 0 ||
	    encrypt_all(st, id, h, err) < 0)
		goto out;
	sbuf_addf(&d, "by %s", keyring_name(st->kr));
	rc = store_audit(st, h->uuid, h->staff_number, "claimed", d.buf, err);
out:
	sbuf_release(&d);
	if (rc < 0) {
		h->holder = 0;
		store_rollback(st);
		return -1;
	}
	free(h->holder_name);
	h->holder_name = xstrdup(keyring_name(st->kr));
	if (store_commit(st, err) < 0)
		return -1;
	/* The plain text of the answers must not stay in the log's old pages. */
	return st->depth ? 0 : store_wal_empty(st, err);
}

int store_hold(struct store *st, long long id, struct store_head *h,
	       struct err *err)
{
	if (head_read(st, id, h, err) < 0)
		goto fail;
	if (!h->holder) {
		if (st->kr && claim(st, id, h, err) < 0)
			goto fail;
		return 0;
	}
	if (st->kr && keyring_profile(st->kr) == h->holder)
		return 0;
	if (st->kr)
		err_set(err, "this appraisal is held by %s; only %s can open it "
			"(you are signed in as %s)", h->holder_name, h->holder_name,
			keyring_name(st->kr));
	else
		err_set(err, "this appraisal is held by %s; sign in as %s to open it",
			h->holder_name, h->holder_name);
fail:
	store_head_release(h);
	return -1;
}

int store_hold_claim_named(struct store *st, size_t *n, struct err *err)
{
	static const char sql[] = "SELECT id FROM appraisals WHERE holder IS NULL"
		" AND appraiser = ?1 COLLATE NOCASE ORDER BY id";
	long long *ids = NULL;
	size_t k = 0, i;
	sqlite3_stmt *s;
	int step, rc = 0;

	if (n)
		*n = 0;
	if (!st->kr)
		return 0;
	if (!(s = store_prep(st, sql, err)))
		return -1;
	store_bind_text(s, 1, keyring_name(st->kr));
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		ids = xrealloc(ids, (k + 1) * sizeof(*ids));
		ids[k++] = sqlite3_column_int64(s, 0);
	}
	if (store_each_end(st, s, step, 0, err, "reading appraisals") < 0)
		rc = -1;
	for (i = 0; rc == 0 && i < k; i++) {
		struct store_head h;

		if ((rc = store_hold(st, ids[i], &h, err)) == 0)
			store_head_release(&h);
	}
	if (n && rc == 0)
		*n = k;
	free(ids);
	return rc;
}

/* ---- an appraisal's non-private text, packed to hand over ---- */

/* A packed record: kind ('A' an answer, '0'.. a text_sel row), then six
 * fields, each a 4-byte big-endian length and its bytes: key1, key2, ad
 * uuid, path, revision, text. */
#define PACK_NF 6

static void pack_field(struct sbuf *out, const char *f)
{
	size_t n = f ? strlen(f) : 0;
	unsigned char len[4] = { (unsigned char)(n >> 24), (unsigned char)(n >> 16),
		(unsigned char)(n >> 8), (unsigned char)n };

	sbuf_add(out, len, 4);
	sbuf_add(out, f ? f : "", n);
}

static void pack_rec(struct sbuf *out, char kind, const char *const f[PACK_NF])
{
	sbuf_addch(out, kind);
	for (int i = 0; i < PACK_NF; i++)
		pack_field(out, f[i]);
}

/* Pack every row of sql (columns as text_sel's) with kind, its text read
 * with the signed-in keys; -1 and err when one does not open. */
static int pack_rows(struct store *st, long long id, const struct store_head *h,
		     const char *sql, char kind, struct sbuf *out, struct err *err)
{
	sqlite3_stmt *s = store_prep(st, sql, err);
	char prefix[64], rev[32];
	int step, rc = 0;

	if (!s)
		return -1;
	snprintf(prefix, sizeof(prefix), "signoff.%lld.", id);
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, h->uuid);
	store_bind_text(s, 3, prefix);
	store_bind_text(s, 4, "blob");
	while (rc == 0 && (step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *uuid = (const char *)sqlite3_column_text(s, 0);
		const char *path = (const char *)sqlite3_column_text(s, 1);
		long long revision = sqlite3_column_int64(s, 2);
		char *text = store_value_col(st, s, 3, uuid, path, revision, 0, err);
		const char *f[PACK_NF] = { (const char *)sqlite3_column_text(s, 4),
			(const char *)sqlite3_column_text(s, 5), uuid, path, rev, text };

		if (!text) {
			rc = -1;
			break;
		}
		snprintf(rev, sizeof(rev), "%lld", revision);
		pack_rec(out, kind, f);
		keyring_wipe(text, strlen(text));
		free(text);
	}
	sqlite3_reset(s);
	if (rc == 0 && step != SQLITE_DONE)
		return store_dberr(st, err, "reading an appraisal's text");
	return rc;
}

int store_hold_pack(struct store *st, long long id, const struct store_head *h,
		    struct sbuf *out, struct err *err)
{
	/* private = 0: a private answer is never read to be handed over. */
	static const char answers[] =
		"SELECT ?2, path, revision, value, path, '' FROM answers"
		" WHERE appraisal_id = ?1 AND private = 0 AND typeof(value) IN ('text', ?4)"
		" AND coalesce(?3, ?4) IS NOT NULL ORDER BY path";

	if (store_pieces_fold_at(st, id, h, err) < 0 ||
	    pack_rows(st, id, h, answers, 'A', out, err) < 0)
		return -1;
	for (size_t k = 0; k < sizeof(text_sel) / sizeof(text_sel[0]); k++)
		if (pack_rows(st, id, h, text_sel[k], (char)('0' + k), out, err) < 0)
			return -1;
	return 0;
}

/* The next packed field at *p (n bytes left) as a NUL-terminated copy. */
static char *unpack_field(const unsigned char **p, size_t *n)
{
	size_t len;
	char *f;

	if (*n < 4)
		return NULL;
	len = (size_t)(*p)[0] << 24 | (size_t)(*p)[1] << 16 | (size_t)(*p)[2] << 8 | (*p)[3];
	if (*n - 4 < len)
		return NULL;
	f = xmalloc(len + 1);
	memcpy(f, *p + 4, len);
	f[len] = 0;
	*p += 4 + len;
	*n -= 4 + len;
	return f;
}

/* Write one unpacked record under the signed-in keys (h->holder). */
static int unpack_put(struct store *st, long long id, const struct store_head *h,
		      char kind, char *const f[PACK_NF], struct err *err)
{
	static const char answer[] = "UPDATE answers SET value = ?4 WHERE"
		" appraisal_id = ?1 AND path = ?2 AND private = 0 AND ?3 IS NOT NULL";
	size_t k = (size_t)(kind - '0');
	sqlite3_stmt *s;

	if (kind != 'A' && k >= sizeof(text_upd) / sizeof(text_upd[0]))
		return err_set(err, "the appraisal handed over is damaged");
	if (!(s = store_prep(st, kind == 'A' ? answer : text_upd[k], err)))
		return -1;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, f[0]);
	store_bind_text(s, 3, f[1]);
	store_text_bind(st, s, 4, h->holder, f[2], f[3], strtoll(f[4], NULL, 10), 0, f[5]);
	return store_step_done(st, s, err, "receiving an appraisal's text");
}

int store_hold_unpack(struct store *st, long long id, const struct store_head *h,
		      const unsigned char *p, size_t n, struct err *err)
{
	int rc = 0;

	while (rc == 0 && n > 0) {
		char kind = (char)*p, *f[PACK_NF] = { NULL };
		int i;

		p++;
		n--;
		for (i = 0; i < PACK_NF && (f[i] = unpack_field(&p, &n)); i++)
			;
		rc = i < PACK_NF ? err_set(err, "the appraisal handed over is damaged") :
			unpack_put(st, id, h, kind, f, err);
		for (i = 0; i < PACK_NF; i++) {
			if (f[i])
				keyring_wipe(f[i], strlen(f[i]));
			free(f[i]);
		}
	}
	return rc;
}
