/*
 * edext.c - Ctrl-E's outside editor (see editor_int.h): a private
 * temporary file and $VISUAL/$EDITOR run on it through the shell.  The
 * terminal is not touched here: the main loop hands it over (app_outside).
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "editor_int.h"

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = write(fd, p, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/*
 * The folder for the editor's file, which must be plain text for the
 * editor: $XDG_RUNTIME_DIR when it is the person's own private folder (in
 * memory on most systems, emptied at logout, so the words never reach the
 * disk), else $TMPDIR, else /tmp.
 */
static const char *temp_dir(void)
{
	const char *run = getenv("XDG_RUNTIME_DIR"), *dir = getenv("TMPDIR");
	struct stat sb;

	if (run && *run == '/' && stat(run, &sb) == 0 && S_ISDIR(sb.st_mode) &&
	    sb.st_uid == getuid() && !(sb.st_mode & 077))
		return run;
	return dir && *dir ? dir : "/tmp";
}

int edext_tempfile(const char *text, size_t len, struct sbuf *path, struct err *err)
{
	const char *dir = temp_dir();
	int fd;

	sbuf_reset(path);
	sbuf_addf(path, "%s/eadr-answer-XXXXXX.txt", dir);
	fd = mkstemps(path->buf, 4);
	if (fd < 0)
		return err_set(err, "cannot make a temporary file in %s: %s", dir,
			       strerror(errno));
	if (fchmod(fd, 0600) < 0 || write_all(fd, text, len) < 0) {
		err_set(err, "%s: %s", path->buf, strerror(errno));
		close(fd);
		unlink(path->buf);
		return -1;
	}
	close(fd);
	return 0;
}

/* Run "cmd path" through the shell, as git does; the exit status or -1. */
static int run_shell(const char *cmd, const char *path, struct err *err)
{
	struct sigaction ign, oint, oquit;
	struct sbuf sh = SBUF_INIT;
	int status = -1;
	pid_t pid;

	sbuf_addf(&sh, "%s \"$1\"", cmd);
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &oint);
	sigaction(SIGQUIT, &ign, &oquit);
	pid = fork();
	if (pid == 0) {
		sigaction(SIGINT, &oint, NULL);
		sigaction(SIGQUIT, &oquit, NULL);
		execl("/bin/sh", "sh", "-c", sh.buf, "sh", path, (char *)NULL);
		_exit(127);
	}
	if (pid < 0) {
		err_set(err, "cannot start the editor: %s", strerror(errno));
	} else {
		while (waitpid(pid, &status, 0) < 0) {
			if (errno != EINTR) {
				status = -1;
				err_set(err, "waiting for the editor: %s", strerror(errno));
				break;
			}
		}
	}
	sigaction(SIGINT, &oint, NULL);
	sigaction(SIGQUIT, &oquit, NULL);
	sbuf_release(&sh);
	return status;
}

/* Is name a program on $PATH? */
static int on_path(const char *name)
{
	const char *p = getenv("PATH");
	struct sbuf f = SBUF_INIT;
	int found = 0;

	while (p && *p && !found) {
		const char *end = strchr(p, ':');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		sbuf_reset(&f);
		sbuf_addf(&f, "%.*s/%s", (int)n, p, name);
		found = n > 0 && access(f.buf, X_OK) == 0;
		p = end ? end + 1 : NULL;
	}
	sbuf_release(&f);
	return found;
}

int edext_run(const char *path, struct err *err)
{
	/* A friendly editor when none is set: never vi for someone who has
	 * not chosen it. */
	static const char *const friendly[] = { "nano", "pico", "micro" };
	const char *cmd = getenv("VISUAL");
	int status;

	if (!cmd || !*cmd)
		cmd = getenv("EDITOR");
	for (size_t i = 0; (!cmd || !*cmd) && i < sizeof(friendly) / sizeof(friendly[0]); i++)
		if (on_path(friendly[i]))
			cmd = friendly[i];
	if (!cmd || !*cmd)
		return err_set(err, "No editor is set for Ctrl-E and nano is not installed. "
			       "Type the answer here, or set one in your shell, e.g. "
			       "export EDITOR=nano");
	status = run_shell(cmd, path, err);
	if (status == -1)
		return -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status))
		return err_set(err, "the editor '%s' failed (exit status %d); the answer "
			       "is unchanged", cmd, WEXITSTATUS(status));
	return err_set(err, "the editor '%s' was killed (signal %d); the answer is "
		       "unchanged", cmd, WTERMSIG(status));
}
