/*
 * forms_dirs.c - the form search path (see forms_dirs.h).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "forms_dirs.h"
#include "core/sbuf.h"

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

size_t forms_dirs(const struct cli *cli, char ***out)
{
	struct sbuf exe = SBUF_INIT;
	const char *env = getenv("EADR_FORMS");
	char **dirs = NULL;
	size_t n = 0;

	for (int i = 0; cli && i < cli->nforms; i++)
		add(&dirs, &n, cli->forms[i]);
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

void forms_dirs_free(char **dirs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(dirs[i]);
	free(dirs);
}
