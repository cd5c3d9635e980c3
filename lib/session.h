/*
 * session.h - opening eadr's world the same way from every front end: the
 * database (with its device identity) and the form search path.  The
 * command line, plain mode and the screens all call this, so a database
 * made by any of them carries its signing key from the first moment.
 */
#ifndef EADR_SESSION_H
#define EADR_SESSION_H

#include <stddef.h>

#include "err.h"
#include "store.h"

/* What the user asked for: borrowed strings, valid while in use. */
struct session_opts {
	const char *db;			/* --db PATH, or NULL: $EADR_DB, then the default */
	const char *const *forms;	/* --forms DIR, in the order given */
	int nforms;
};

/*
 * The database path the options name: opts->db, else $EADR_DB, else
 * store_default_path().  Returns a string the caller frees, or NULL with
 * err set.
 */
char *session_db_path(const struct session_opts *opts, struct err *err);

/*
 * Open (or create) the database the options name.  A database made now
 * gets its device identity (signing key) at once, so a copy of the file
 * carries the same identity as the original.  sopts may be NULL.  Returns
 * the store, or NULL with err set and nothing left open.
 */
struct store *session_open_store(const struct session_opts *opts,
				 const struct store_opts *sopts, struct err *err);

/*
 * The form folders in search order: each --forms DIR in the order given,
 * then $EADR_FORMS, then a "forms" folder beside the running executable
 * (so ./eadr works in a build tree), then the installed forms folder.
 * Folders that do not exist are kept; the loader skips them.  Returns the
 * number of folders; *out is an array the caller frees with
 * session_form_dirs_free.  opts may be NULL.
 */
size_t session_form_dirs(const struct session_opts *opts, char ***out);
void session_form_dirs_free(char **dirs, size_t n);

#endif
