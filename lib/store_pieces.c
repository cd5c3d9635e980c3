/*
 * store_pieces.c - a long answer being typed is saved in pieces (the table
 * answer_pieces, schema/019-answer-pieces.sql), so that a key rewrites the
 * piece it changed and not the whole answer (whose row, with secure_delete,
 * costs a rewrite and a wipe of every overflow page).  While pieces exist
 * they are the answer's text; store_pieces_fold joins them back into
 * answers.value.  Each piece is cut at a character boundary and sealed like
 * a value when the appraisal is held (bound to its path and n).  Every
 * plain copy of the text made here is wiped before it is freed.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/keyring.h"
#include "lib/store_int.h"
#include "lib/sbuf.h"
#include "lib/textdiff.h"
#include "lib/utf8.h"

#define PIECE_TARGET 512	/* bytes a piece is cut to */
#define PIECE_MAX 1024		/* a piece grown past this is cut again */
#define PIECE_GAP 65536		/* between the keys n of a fresh cut */

struct piece {
	long long n;
	size_t off, len;
};

/* What this connection last wrote as pieces: valid while nothing else
 * (another connection: data_version; this one: total_changes) wrote. */
struct store_pieces {
	long long id;
	char *path;
	int priv;
	char *text;
	size_t len, cap;	/* cap: text's allocation, wiped whole */
	struct piece *p;
	size_t np;
	long long dv, changes;
};

/* The cache's text becomes v (the old one wiped). */
static void cache_text_set(struct store_pieces *c, const char *v, size_t len)
{
	if (c->text)
		keyring_wipe(c->text, c->cap);
	free(c->text);
	c->text = xstrdup(v);
	c->len = len;
	c->cap = len + 1;
}

/* The cache's text becomes v, of which pre bytes at the start and suf at
 * the end are the text's already: only the middle is copied, and a text
 * outgrowing its allocation moves to a larger one (the old one wiped:
 * realloc would leave it behind unwiped). */
static void cache_text_splice(struct store_pieces *c, const char *v, size_t len,
			      size_t pre, size_t suf)
{
	if (len + 1 > c->cap) {
		size_t cap = c->cap * 2 > len + 1 ? c->cap * 2 : len + 1;
		char *t = xmalloc(cap);

		memcpy(t, c->text, c->len + 1);
		keyring_wipe(c->text, c->cap);
		free(c->text);
		c->text = t;
		c->cap = cap;
	}
	memmove(c->text + len - suf, c->text + c->len - suf, suf);
	memcpy(c->text + pre, v + pre, len - suf - pre);
	if (len < c->len)	/* what the text no longer reaches */
		keyring_wipe(c->text + len + 1, c->len - len);
	c->text[len] = '\0';
	c->len = len;
}

/* Wipe and release a plain text sbuf. */
static void wipe_plain(struct sbuf *b)
{
	if (b->alloc)
		keyring_wipe(b->buf, b->alloc);
	sbuf_release(b);
}

static void cache_drop(struct store *st)
{
	struct store_pieces *c = st->pieces;

	if (!c)
		return;
	free(c->path);
	if (c->text)	/* the plain text, wiped before it is freed */
		keyring_wipe(c->text, c->cap);
	free(c->text);
	free(c->p);
	free(c);
	st->pieces = NULL;
}

void store_pieces_release(struct store *st)
{
	cache_drop(st);
}

static int data_version(struct store *st, long long *v, struct err *err)
{
	static const char sql[] = "PRAGMA data_version";
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return store_dberr(st, err, "saving the answer");
	}
	*v = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return 0;
}

/* The path a piece is sealed under: its answer's path and its place. */
static void piece_path(struct sbuf *b, const char *path, long long n)
{
	sbuf_reset(b);
	sbuf_addf(b, "%s#piece%lld", path, n);
}

/* The length of the next piece of t[0, len): about PIECE_TARGET bytes,
 * never ending inside a character. */
static size_t cut_next(const char *t, size_t len)
{
	size_t k;

	if (len <= PIECE_TARGET)
		return len;
	k = PIECE_TARGET;
	while (k > 0 && ((unsigned char)t[k] & 0xC0) == 0x80)
		k--;
	return k ? k : len;
}

/* Write piece n (an UPDATE when it is there: one row, no index change). */
static int put_piece(struct store *st, const struct store_head *h, long long id,
		     const char *path, long long n, int priv, const char *now,
		     const char *t, size_t len, int there, struct err *err)
{
	static const char ins[] =
		"INSERT OR REPLACE INTO answer_pieces(appraisal_id, path, n, revision,"
		" private, updated_at, piece) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
	static const char upd[] =
		"UPDATE answer_pieces SET revision = ?4, private = ?5, updated_at = ?6,"
		" piece = ?7 WHERE appraisal_id = ?1 AND path = ?2 AND n = ?3";
	struct sbuf pp = SBUF_INIT;
	char *copy = xmalloc(len + 1);
	sqlite3_stmt *s;
	int rc;

	memcpy(copy, t, len);
	copy[len] = '\0';
	if (!(s = store_prep(st, there ? upd : ins, err))) {
		keyring_wipe(copy, len);
		free(copy);
		return -1;
	}
	piece_path(&pp, path, n);
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, path);
	sqlite3_bind_int64(s, 3, n);
	sqlite3_bind_int64(s, 4, h->revision);
	sqlite3_bind_int(s, 5, priv);
	store_bind_text(s, 6, now);
	store_value_bind(st, s, 7, h, pp.buf, h->revision, priv, copy);
	rc = store_step_done(st, s, err, "saving the answer");
	if (rc == 0 && there && sqlite3_changes(st->db) != 1)
		rc = err_set(err, "store: a piece of the answer to %s went missing", path);
	sbuf_release(&pp);
	keyring_wipe(copy, len);
	free(copy);
	return rc;
}

static int del_pieces(struct store *st, long long id, const char *path,
		      long long from, long long to, struct err *err)
{
	static const char sql[] = "DELETE FROM answer_pieces WHERE appraisal_id = ?1"
		" AND path = ?2 AND n BETWEEN ?3 AND ?4";
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, path);
	sqlite3_bind_int64(s, 3, from);
	sqlite3_bind_int64(s, 4, to);
	return store_step_done(st, s, err, "saving the answer");
}

/* Write t[0, len) as pieces keyed from n0 (step apart, below limit);
 * appends them to *out (offsets from base).  1 when the keys ran out. */
static int write_run(struct store *st, const struct store_head *h,
		     struct store_pieces *c, const char *t, size_t len,
		     size_t base, long long n0, long long step, long long limit,
		     const char *now, struct piece **out, size_t *nout,
		     size_t *alloc, struct err *err)
{
	size_t off = 0;
	long long n = n0;

	while (off < len) {
		size_t k = cut_next(t + off, len - off);

		if (n >= limit)
			return 1;
		if (put_piece(st, h, c->id, c->path, n, c->priv, now, t + off, k, 0, err) < 0)
			return -1;
		if (*nout == *alloc) {
			*alloc = *alloc ? *alloc * 2 : 32;
			*out = xrealloc(*out, *alloc * sizeof(**out));
		}
		(*out)[(*nout)++] = (struct piece){ n, base + off, k };
		off += k;
		n += step;
	}
	return 0;
}

/* Keys for a run of len bytes from n0 below limit, spread to leave room. */
static long long spread(long long n0, long long limit, size_t len)
{
	long long k = (long long)(len / PIECE_TARGET) + 2;
	long long step = (limit - n0) / k;

	return step < 1 ? 1 : step > PIECE_GAP ? PIECE_GAP : step;
}

static int has_row(struct store *st, long long id, const char *path, int priv,
		   struct err *err)
{
	static const char sql[] = "SELECT private FROM answers"
		" WHERE appraisal_id = ?1 AND path = ?2";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc, got = -1;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, path);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		got = sqlite3_column_int(s, 0);
	rc = store_one(st, s, rc, err, "saving the answer");
	if (rc < 0)
		return -1;
	return rc == 1 && got == priv;
}

/* The whole text written afresh as pieces. */
static int write_all(struct store *st, const struct store_head *h,
		     struct store_pieces *c, const char *now, struct err *err)
{
	size_t alloc = 0;

	if (del_pieces(st, c->id, c->path, -(1LL << 62), 1LL << 62, err) < 0)
		return -1;
	c->np = 0;
	return write_run(st, h, c, c->text, c->len, 0, 0, PIECE_GAP, 1LL << 62,
			 now, &c->p, &c->np, &alloc, err) ? -1 : 0;
}

/* Rewrite only the pieces the change from c->text to v touches: 0 done,
 * 1 when the keys ran out (write everything), -1 error. */
static int write_changed(struct store *st, const struct store_head *h,
			 struct store_pieces *c, const char *v, size_t len,
			 const char *now, size_t *prep, size_t *sufp, struct err *err)
{
	size_t pre, suf;
	size_t a = 0, b, nstart, nend, nn = 0, alloc = 0, i;
	struct piece *np = NULL;
	long long limit;
	int rc;

	textdiff(c->text, c->len, v, len, &pre, &suf);
	if (pre == len && pre == c->len)
		return 0;
	*prep = pre;
	*sufp = suf;
	while (a + 1 < c->np && c->p[a].off + c->p[a].len <= pre)
		a++;
	b = a;
	while (b + 1 < c->np && c->p[b].off + c->p[b].len < c->len - suf)
		b++;
	nstart = c->p[a].off;
	nend = len - (c->len - (c->p[b].off + c->p[b].len));
	if (!utf8_valid(v + nstart, nend - nstart))
		return err_set(err, "the answer to %s is not valid UTF-8", c->path);
	limit = b + 1 < c->np ? c->p[b + 1].n : 1LL << 62;
	/* one piece changed in place: replaced, nothing to delete */
	if (!(a == b && nend - nstart <= PIECE_MAX && nend > nstart) &&
	    del_pieces(st, c->id, c->path, c->p[a].n, c->p[b].n, err) < 0)
		return -1;
	if (nend - nstart <= PIECE_MAX && nend > nstart) {
		if (put_piece(st, h, c->id, c->path, c->p[a].n, c->priv, now,
			      v + nstart, nend - nstart, a == b, err) < 0)
			return -1;
		np = xmalloc(sizeof(*np));
		np[0] = (struct piece){ c->p[a].n, nstart, nend - nstart };
		nn = alloc = 1;
	} else if ((rc = write_run(st, h, c, v + nstart, nend - nstart, nstart,
				   c->p[a].n, spread(c->p[a].n, limit, nend - nstart),
				   limit, now, &np, &nn, &alloc, err))) {
		free(np);
		return rc;
	}
	/* The new list: before a, the new run, after b shifted by the change. */
	{
		size_t total = a + nn + (c->np - b - 1);
		struct piece *p = xmalloc((total ? total : 1) * sizeof(*p));
		size_t k = 0;

		for (i = 0; i < a; i++)
			p[k++] = c->p[i];
		for (i = 0; i < nn; i++)
			p[k++] = np[i];
		for (i = b + 1; i < c->np; i++) {
			p[k] = c->p[i];
			p[k++].off = c->p[i].off - c->len + len;
		}
		free(c->p);
		free(np);
		c->p = p;
		c->np = total;
	}
	return 0;
}

int store_pieces_set(struct store *st, long long id, const struct store_head *h,
		     const char *path, const char *value, size_t len, int priv,
		     const char *now, struct err *err)
{
	struct store_pieces *c = st->pieces;
	long long dv = 0;
	int rc, fresh;

	if (!st->piece_table || len < STORE_PIECES_MIN) {
		if (c && c->id == id && !strcmp(c->path, path))
			cache_drop(st);
		return 0;
	}
	if (data_version(st, &dv, err) < 0)
		return -1;
	fresh = !(c && c->id == id && !strcmp(c->path, path) && c->priv == priv &&
		  c->dv == dv && c->changes == sqlite3_total_changes64(st->db) &&
		  c->np > 0);
	if (fresh) {
		cache_drop(st);
		if ((rc = has_row(st, id, path, priv, err)) <= 0)
			return rc;	/* no row yet (or another flag): whole */
		if (!utf8_valid(value, len))
			return err_set(err, "the answer to %s is not valid UTF-8", path);
		c = xcalloc(1, sizeof(*c));
		c->id = id;
		c->path = xstrdup(path);
		c->priv = priv;
		cache_text_set(c, value, len);
		st->pieces = c;
		rc = write_all(st, h, c, now, err);
	} else {
		size_t pre = len, suf = 0;

		rc = write_changed(st, h, c, value, len, now, &pre, &suf, err);
		if (rc == 1) {
			cache_text_set(c, value, len);
			rc = write_all(st, h, c, now, err);
		} else if (rc == 0) {
			cache_text_splice(c, value, len, pre, suf);
		}
	}
	if (rc < 0) {
		cache_drop(st);
		return -1;
	}
	c->dv = dv;
	return 1;
}

void store_pieces_saved(struct store *st, int ok)
{
	if (!st->pieces)
		return;
	if (!ok)
		cache_drop(st);
	else
		st->pieces->changes = sqlite3_total_changes64(st->db);
}

int store_pieces_forget(struct store *st, long long id, const char *path,
			struct err *err)
{
	if (st->pieces && st->pieces->id == id && !strcmp(st->pieces->path, path))
		cache_drop(st);
	if (!st->piece_table)
		return 0;
	return del_pieces(st, id, path, -(1LL << 62), 1LL << 62, err);
}

/* Append t[0, n) to the plain text b, moving it to a larger allocation
 * itself so that the old one is wiped (sbuf's realloc would not). */
static void add_plain(struct sbuf *b, const char *t, size_t n)
{
	if (b->len + n + 1 > b->alloc) {
		struct sbuf m = SBUF_INIT;

		sbuf_grow(&m, 2 * (b->len + n) + 1);
		sbuf_add(&m, b->buf, b->len);
		wipe_plain(b);
		*b = m;
	}
	sbuf_add(b, t, n);
}

/* The pieces of (id, path) joined; NULL with *none set when it has none,
 * NULL and err when one does not open. */
char *store_pieces_text(struct store *st, long long id, const char *uuid,
			const char *path, int *none, struct err *err)
{
	static const char sql[] = "SELECT n, revision, private, piece FROM answer_pieces"
		" WHERE appraisal_id = ?1 AND path = ?2 ORDER BY n";
	struct sbuf text = SBUF_INIT, pp = SBUF_INIT;
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc, k = 0;

	*none = 0;
	if (!s)
		return NULL;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, path);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		char *t;

		piece_path(&pp, path, sqlite3_column_int64(s, 0));
		if (!(t = store_value_col(st, s, 3, uuid, pp.buf, sqlite3_column_int64(s, 1),
					  sqlite3_column_int(s, 2), err))) {
			err_set(err, "the answer to %s cannot be read: a piece of it does "
				"not open", path);
			sqlite3_reset(s);
			sbuf_release(&pp);
			wipe_plain(&text);
			return NULL;
		}
		add_plain(&text, t, strlen(t));
		keyring_wipe(t, strlen(t));
		free(t);
		k++;
	}
	sbuf_release(&pp);
	if (store_each_end(st, s, rc, 0, err, "reading an answer") < 0) {
		wipe_plain(&text);
		return NULL;
	}
	if (!k) {
		*none = 1;
		wipe_plain(&text);
		return NULL;
	}
	return sbuf_detach(&text);
}

/* Join one answer's pieces into its row (sealed under h), then delete them. */
static int fold_one(struct store *st, long long id, const struct store_head *h,
		    const char *path, struct err *err)
{
	static const char meta[] = "SELECT max(revision), max(private), max(updated_at)"
		" FROM answer_pieces WHERE appraisal_id = ?1 AND path = ?2";
	static const char upd[] = "UPDATE answers SET value = ?3, private = ?4,"
		" revision = ?5, updated_at = ?6 WHERE appraisal_id = ?1 AND path = ?2";
	char *text, *at = NULL;
	long long rev = 0;
	int priv = 0, none, rc;
	sqlite3_stmt *s;

	if (!(text = store_pieces_text(st, id, h->uuid, path, &none, err)))
		return none ? 0 : -1;
	rc = (s = store_prep(st, meta, err)) ? 0 : -1;
	if (rc == 0) {
		sqlite3_bind_int64(s, 1, id);
		store_bind_text(s, 2, path);
		if (sqlite3_step(s) == SQLITE_ROW) {
			rev = sqlite3_column_int64(s, 0);
			priv = sqlite3_column_int(s, 1);
			at = store_col_dup(s, 2);
		}
		sqlite3_reset(s);
	}
	if (rc == 0)
		rc = (s = store_prep(st, upd, err)) ? 0 : -1;
	if (rc == 0) {
		sqlite3_bind_int64(s, 1, id);
		store_bind_text(s, 2, path);
		store_value_bind(st, s, 3, h, path, rev, priv, text);
		sqlite3_bind_int(s, 4, priv);
		sqlite3_bind_int64(s, 5, rev);
		store_bind_text(s, 6, at ? at : "");
		rc = store_step_done(st, s, err, "joining a long answer");
	}
	if (rc == 0)
		rc = del_pieces(st, id, path, -(1LL << 62), 1LL << 62, err);
	keyring_wipe(text, strlen(text));
	free(text);
	free(at);
	return rc;
}

/* The paths of appraisal id (or of every appraisal, id 0) with pieces. */
struct pending {
	long long id;
	char *path;
};

static int pending(struct store *st, long long id, struct pending **out,
		   size_t *n, struct err *err)
{
	static const char sql[] = "SELECT DISTINCT appraisal_id, path FROM answer_pieces"
		" WHERE ?1 = 0 OR appraisal_id = ?1";
	struct pending *w = NULL;
	sqlite3_stmt *s;
	int step;

	*n = 0;
	*out = NULL;
	if (!(s = store_prep(st, sql, err)))
		return -1;
	sqlite3_bind_int64(s, 1, id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		w = xrealloc(w, (*n + 1) * sizeof(*w));
		w[*n].id = sqlite3_column_int64(s, 0);
		w[(*n)++].path = store_col_dup(s, 1);
	}
	if (store_each_end(st, s, step, 0, err, "reading the long answers") < 0) {
		while (*n > 0)
			free(w[--*n].path);
		free(w);
		return -1;
	}
	*out = w;
	return 0;
}

int store_pieces_fold_at(struct store *st, long long id, const struct store_head *h,
			 struct err *err)
{
	struct pending *w;
	size_t n, i;
	int rc = 0;

	if (!st->piece_table)
		return 0;
	if (pending(st, id, &w, &n, err) < 0)
		return -1;
	cache_drop(st);
	for (i = 0; i < n; i++) {
		if (rc == 0 && fold_one(st, id, h, w[i].path, err) < 0)
			rc = -1;
		free(w[i].path);
	}
	free(w);
	return rc;
}

int store_pieces_fold(struct store *st, struct err *err)
{
	struct pending *w;
	size_t n, i;
	int rc = 0;

	if (!st->piece_table)
		return 0;
	if (st->depth > 0)
		return 0;
	if (pending(st, 0, &w, &n, err) < 0)
		return -1;
	cache_drop(st);
	for (i = 0; i < n; i++) {
		struct store_head h;
		struct err e = ERR_INIT;

		/* A piece sealed for a manager not signed in waits for them. */
		if (rc == 0 && store_begin(st, err) == 0) {
			if (store_hold(st, w[i].id, &h, &e) < 0) {
				store_rollback(st);
			} else {
				if (fold_one(st, w[i].id, &h, w[i].path, err) < 0) {
					store_rollback(st);
					rc = -1;
				} else if (store_commit(st, err) < 0) {
					rc = -1;
				}
				store_head_release(&h);
			}
		}
		err_release(&e);
		free(w[i].path);
	}
	free(w);
	return rc;
}

int store_answers_settle(struct store *st, struct err *err)
{
	return store_pieces_fold(st, err);
}
