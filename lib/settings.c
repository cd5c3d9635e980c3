/*
 * settings.c - the user's settings file (see config.h): read whole, one
 * "key = value" a line; the last line for a key wins.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "settings.h"
#include "fileio.h"
#include "sbuf.h"

static void config_path(struct sbuf *p)
{
	const char *e = getenv("EADR_CONFIG"), *x = getenv("XDG_CONFIG_HOME"),
		   *h = getenv("HOME");

	if (e && *e)
		sbuf_adds(p, e);
	else if (x && *x)
		sbuf_addf(p, "%s/eadr/config", x);
	else
		sbuf_addf(p, "%s/.config/eadr/config", h && *h ? h : ".");
}

static char *trim(char *s, char *end)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		end--;
	*end = '\0';
	return s;
}

int settings_get(const char *key, char **value, struct err *err)
{
	struct sbuf path = SBUF_INIT, text = SBUF_INIT;
	struct err rerr = ERR_INIT;
	char *line, *next;
	int rc = 0;
	long n = 0;

	*value = NULL;
	config_path(&path);
	if (access(path.buf, F_OK) < 0 && errno == ENOENT)
		goto out;	/* no settings: not an error */
	if (file_read(path.buf, &text, 1 << 20, &rerr) < 0) {
		rc = err_set(err, "%s", err_msg(&rerr));
		goto out;
	}
	for (line = text.buf; line && *line; line = next) {
		char *eq, *nl = strchr(line, '\n'), *k;

		next = nl ? nl + 1 : NULL;
		if (!nl)
			nl = line + strlen(line);
		n++;
		*nl = '\0';
		line = trim(line, nl);
		if (!*line || *line == '#')
			continue;
		if (!(eq = strchr(line, '='))) {
			rc = err_set(err, "%s:%ld: expected 'key = value'", path.buf, n);
			break;
		}
		k = trim(line, eq);
		if (strcmp(k, key))
			continue;
		free(*value);
		*value = xstrdup(trim(eq + 1, eq + 1 + strlen(eq + 1)));
		rc = 1;
	}
	if (rc < 0) {
		free(*value);
		*value = NULL;
	}
out:
	err_release(&rerr);
	sbuf_release(&path);
	sbuf_release(&text);
	return rc;
}
