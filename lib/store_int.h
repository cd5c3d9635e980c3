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
	struct keyring *kr;	/* the signed-in manager's keys (owned) or NULL */
	int profiles;		/* profiles exist: -1 not yet known */
	int holders;		/* the schema has profiles and holders (a test may
				   stop migrating before them) */
	struct store_pieces *pieces;	/* the long answer last saved in pieces */
	int piece_table;	/* the schema has answer_pieces */
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

/* ---- holding an appraisal (store_hold.c, see schema/security.md) ---- */

/* What the checks of an appraisal need: its head and its holder. */
struct store_head {
	char state[8];
	char uuid[UUID_LEN + 1];
	char *staff_number;
	long long revision;
	long long holder;	/* profile id, 0 when none */
	char *holder_name;	/* NULL when none */
};
void store_head_release(struct store_head *h);

/*
 * Read appraisal id's head and check that the signed-in manager may open
 * it: refused ("held by NAME") when another manager holds it, or when it
 * is held and nobody is signed in.  An appraisal with no holder is claimed
 * (its answers encrypted, audited "claimed") when a manager is signed in.
 * 0, or -1 and err (then h holds nothing to release).
 */
int store_hold(struct store *st, long long id, struct store_head *h,
	       struct err *err);

/* Claim every appraisal with no holder whose appraiser is the signed-in
 * manager's name; *n (may be NULL) counts them. */
int store_hold_claim_named(struct store *st, size_t *n, struct err *err);

struct sbuf;

/*
 * Hand-over (store_handover.c): append to out every non-private text of
 * appraisal id (answers, PDP goals' text, sign-off comments and drafts),
 * read with the signed-in keys (h: the appraisal, held by the signed-in
 * manager); private answers are never read.  The caller wipes out.
 */
int store_hold_pack(struct store *st, long long id, const struct store_head *h,
		    struct sbuf *out, struct err *err);
/* Write back what store_hold_pack made, encrypted under the signed-in
 * keys (h->holder must be the signed-in manager). */
int store_hold_unpack(struct store *st, long long id, const struct store_head *h,
		      const unsigned char *p, size_t n, struct err *err);

/*
 * Bind an answer value at parameter i: encrypted and bound to its row
 * (h's uuid, path, revision, private flag) when h is held, else as text.
 */
int store_value_bind(struct store *st, sqlite3_stmt *s, int i,
		     const struct store_head *h, const char *path,
		     long long revision, int priv, const char *value);

/*
 * Bind any text of a held appraisal at parameter i the same way, bound to
 * (uuid, path, revision, priv): a PDP goal's text (uuid: the goal's,
 * path "pdp.need", "pdp.goal", "pdp.support"), a sign-off's comments
 * (the appraisal's uuid, "signoff.ROLE"), a sign-off draft (the
 * appraisal's uuid, "draft.FIELD", revision 0).  Plain text when holder is
 * 0 or nobody is signed in; NULL value binds NULL.  Read back in SQL with
 * eadr_value(column, uuid, path, revision, priv, strict [, holder]).
 */
int store_text_bind(struct store *st, sqlite3_stmt *s, int i, long long holder,
		    const char *uuid, const char *path, long long revision,
		    int priv, const char *value);

/*
 * The text of answer column col of row s (path, revision, private flag as
 * stored).  Caller frees.  NULL and err when an encrypted value does not
 * open: not the signed-in manager's, or moved from another row.
 */
char *store_value_col(struct store *st, sqlite3_stmt *s, int col,
		      const char *uuid, const char *path, long long revision,
		      int priv, struct err *err);

/* Move every page out of the write-ahead log and cut it to nothing, so no
 * old page (of plain text) stays in it.  Not inside a transaction. */
int store_wal_empty(struct store *st, struct err *err);

/*
 * Register eadr_value(value, uuid, path, revision, private, strict) on the
 * connection: the text of a stored answer, for the store's other queries.
 * One that does not open (held by a manager not signed in) is an error
 * when strict is 1, NULL when it is 0.
 */
int store_value_functions(struct store *st, struct err *err);

/* Register the team list's filter functions on the connection:
 * eadr_team_person, eadr_team_state, eadr_team_overdue (store_team.c). */
int store_team_functions(struct store *st, struct err *err);

/*
 * Long answers saved in pieces (lib/store_pieces.c, answer_pieces).
 * store_pieces_set, inside the answer's change (h its head): when value is
 * at least STORE_PIECES_MIN bytes and the row exists with this private flag,
 * writes only the pieces that differ from what this connection last wrote
 * and returns 1 (the row itself is left as it was); 0 when the caller must
 * save the whole value (and then call store_pieces_forget); -1 and err.
 * store_pieces_saved after the change's commit (ok) or rollback (!ok).
 * store_pieces_text: the joined text of (id, path)'s pieces (caller frees),
 * or NULL with *none set when there are none, or NULL and err.
 * store_pieces_fold: join every answer's pieces into its row (those sealed
 * for a manager not signed in wait); outside a change, else a no-op.
 */
#define STORE_PIECES_MIN 4096
int store_pieces_set(struct store *st, long long id, const struct store_head *h,
		     const char *path, const char *value, size_t len, int priv,
		     const char *now, struct err *err);
void store_pieces_saved(struct store *st, int ok);
int store_pieces_forget(struct store *st, long long id, const char *path,
			struct err *err);
char *store_pieces_text(struct store *st, long long id, const char *uuid,
			const char *path, int *none, struct err *err);
int store_pieces_fold(struct store *st, struct err *err);
/* The same for appraisal id alone, sealing under its head h, inside the
 * caller's change (before anything reads its answers' rows). */
int store_pieces_fold_at(struct store *st, long long id, const struct store_head *h,
			 struct err *err);
void store_pieces_release(struct store *st);

#endif
