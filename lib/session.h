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
	const char *user;		/* --user NAME, or NULL: $EADR_USER */
	const char *passphrase_file;	/* --passphrase-file, or NULL: $EADR_PASSPHRASE_FILE */
	int no_signin;			/* open without signing in (making a profile) */
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
 * carries the same identity as the original.  When the options (or
 * $EADR_USER and $EADR_PASSPHRASE_FILE) name a manager and a passphrase
 * file, that manager is signed in (profile_signin); with neither, the
 * store is open with nobody signed in (an appraisal a manager holds is
 * then refused; see schema/security.md).  sopts may be NULL.  Returns the
 * store, or NULL with err set and nothing left open.
 */
struct store *session_open_store(const struct session_opts *opts,
				 const struct store_opts *sopts, struct err *err);

/*
 * Sign in the manager the options (or the environment) name, reading the
 * passphrase from the named file; nothing when neither is named.  -1 and
 * err when only one is named, the file cannot be read, or the sign-in
 * fails.
 */
int session_signin(struct store *st, const struct session_opts *opts,
		   struct err *err);

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
