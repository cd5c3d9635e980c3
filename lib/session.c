/*
 * session.c - opening the database with its identity, and the form search
 * path (see session.h).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "profile.h"
#include "sbuf.h"
#include "session.h"
#include "sync.h"

static void add(char ***dirs, size_t *n, const char *d)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*dirs)[i], d))
			return;
	*dirs = xrealloc(*dirs, (*n + 1) * sizeof(**dirs));
	(*dirs)[(*n)++] = xstrdup(d);
}

/* The folder of the running program + "/forms", or "" when unknown. */
static void exe_forms(struct sbuf *out)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	char *slash;

	if (n <= 0)
		return;
	buf[n] = '\0';
	if (!(slash = strrchr(buf, '/')))
		return;
	*slash = '\0';
	sbuf_addf(out, "%s/forms", buf);
}

size_t session_form_dirs(const struct session_opts *opts, char ***out)
{
	struct sbuf exe = SBUF_INIT;
	const char *env = getenv("EADR_FORMS");
	char **dirs = NULL;
	size_t n = 0;

	for (int i = 0; opts && i < opts->nforms; i++)
		add(&dirs, &n, opts->forms[i]);
	if (env && *env)
		add(&dirs, &n, env);
	exe_forms(&exe);
	if (exe.len)
		add(&dirs, &n, exe.buf);
	sbuf_release(&exe);
	add(&dirs, &n, FORMSDIR);
	*out = dirs;
	return n;
}

void session_form_dirs_free(char **dirs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(dirs[i]);
	free(dirs);
}

char *session_db_path(const struct session_opts *opts, struct err *err)
{
	const char *env = getenv("EADR_DB");

	if (opts && opts->db)
		return xstrdup(opts->db);
	if (env && *env)
		return xstrdup(env);
	return store_default_path(err);
}

struct store *session_open_store(const struct session_opts *opts,
				 const struct store_opts *sopts, struct err *err)
{
	char *path = session_db_path(opts, err);
	struct store *st;

	if (!path)
		return NULL;
	st = store_open(path, sopts, err);
	free(path);
	if (st && store_created(st) && sync_identity(st, NULL, err) < 0) {
		store_close(st);
		return NULL;
	}
	if (st && !(opts && opts->no_signin) && session_signin(st, opts, err) < 0) {
		store_close(st);
		return NULL;
	}
	return st;
}

static const char *opt_or_env(const char *opt, const char *env)
{
	const char *v = opt ? opt : getenv(env);

	return v && *v ? v : NULL;
}

int session_signin(struct store *st, const struct session_opts *opts,
		   struct err *err)
{
	const char *user = opt_or_env(opts ? opts->user : NULL, "EADR_USER");
	const char *file = opt_or_env(opts ? opts->passphrase_file : NULL,
				      "EADR_PASSPHRASE_FILE");
	char *pass;
	int rc;

	if (!user && !file)
		return 0;
	if (!user)
		return err_set(err, "a passphrase file needs the manager's name "
			       "(--user NAME or EADR_USER)");
	if (!file)
		return err_set(err, "signing in as %s needs a passphrase file "
			       "(--passphrase-file FILE or EADR_PASSPHRASE_FILE)", user);
	if (profile_pass_read(file, &pass, err) < 0)
		return -1;
	rc = profile_signin(st, user, pass, NULL, err);
	profile_pass_free(pass);
	return rc;
}
