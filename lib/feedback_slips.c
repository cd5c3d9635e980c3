/*
 * feedback_slips.c - the 360 invitation slips: their words for each group
 * (text and printable HTML), and where they are written, so that
 * 'eadr feedback request' and the team list's Ctrl-F say and do the same.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "feedback.h"
#include "fileio.h"

static void html_text(struct sbuf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '<')
			sbuf_adds(out, "&lt;");
		else if (*s == '>')
			sbuf_adds(out, "&gt;");
		else if (*s == '&')
			sbuf_adds(out, "&amp;");
		else if (*s == '"')
			sbuf_adds(out, "&quot;");
		else
			sbuf_addch(out, *s);
	}
}

/* The keys are the screens' own: F3 on the sign-in screen (tui/signin.c),
 * F4 on the team list of a laptop without sign-in (tui/team.c). */
static const char slip_how[] =
	"On any eadr laptop of the trust, start eadr and press F3 on the\n"
	"sign-in screen (F4 on the team list of a laptop without sign-in), or\n"
	"run 'eadr feedback', and type the code below. No sign-in is needed.\n"
	"You can stop and come back with the same code.";
/* Who can read the answers, and how the report shows them: the person's
 * own slip cannot say "nobody can read them, including you", and a line
 * manager is shown alone and named, not pooled (schema/feedback.md). */
static void slip_who(struct sbuf *out, enum fb_group g, const char *name)
{
	if (g == FB_SELF)
		sbuf_adds(out,
			  "This slip is for you, to give your own view. Your answers are sealed\n"
			  "for the trust's hub the moment you submit them: nobody on the\n"
			  "laptop can read them, your manager included. The report shows your\n"
			  "view, as your own, beside what the others said; the time of day is\n"
			  "not kept. Please use this code once.");
	else if (g == FB_MANAGER)
		sbuf_addf(out,
			  "Your answers are sealed for the trust's hub the moment you submit\n"
			  "them: nobody on the laptop can read them, including %s. The\n"
			  "report shows them on their own, as the line manager's; the time of\n"
			  "day is not kept. Please use this code once.", name);
	else
		sbuf_addf(out,
			  "Your answers are sealed for the trust's hub the moment you submit\n"
			  "them: nobody on the laptop can read them, including %s. The\n"
			  "report pools them with others of your group, shown only when at least\n"
			  "3 answered; the time of day is not kept. Please use this code once.",
			  name);
}

void feedback_slips(const struct feedback_request *r, const char *name,
		    int html, struct sbuf *out)
{
	if (html)
		sbuf_adds(out, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
			  "<title>360-degree feedback invitations</title><style>"
			  ".slip{border:1px dashed #000;padding:1em;margin:1em 0;"
			  "page-break-inside:avoid;font-family:sans-serif}"
			  ".code{font:bold 1.6em monospace;letter-spacing:.1em}"
			  "</style></head><body>\n");
	for (size_t i = 0; i < r->ncodes; i++) {
		const char *grp = feedback_group_name(r->code_group[i]);
		if (html) {
			sbuf_adds(out, "<div class=\"slip\"><h2>360-degree feedback for ");
			html_text(out, name);
			sbuf_addf(out, "</h2><p>You are asked as: <b>%s</b>. Please answer "
				  "by <b>%s</b>.</p><p>", grp, r->close_on);
			html_text(out, slip_how);
			sbuf_addf(out, "</p><p class=\"code\">%s</p><p>", r->codes[i]);
			struct sbuf t = SBUF_INIT;
			slip_who(&t, r->code_group[i], name);
			html_text(out, t.buf);
			sbuf_release(&t);
			sbuf_adds(out, "</p></div>\n");
		} else {
			sbuf_addf(out, "---- 360-degree feedback for %s ----\n"
				  "You are asked as: %s. Please answer by %s.\n%s\n\n"
				  "    Your code: %s\n\n", name, grp, r->close_on, slip_how,
				  r->codes[i]);
			slip_who(out, r->code_group[i], name);
			sbuf_adds(out, "\n\n");
		}
	}
	if (html)
		sbuf_adds(out, "</body></html>\n");
}

char *feedback_slips_dir(const char *db_path)
{
	struct sbuf dir = SBUF_INIT;
	const char *slash = strrchr(db_path, '/');
	char buf[PATH_MAX];

	if (slash)
		sbuf_add(&dir, db_path, slash == db_path ? 1 : (size_t)(slash - db_path));
	else
		sbuf_adds(&dir, ".");
	if (realpath(dir.buf, buf)) {
		sbuf_reset(&dir);
		sbuf_adds(&dir, buf);
	}
	if (dir.len && dir.buf[dir.len - 1] != '/')
		sbuf_addch(&dir, '/');
	sbuf_adds(&dir, "360-slips");
	return sbuf_detach(&dir);
}

int feedback_slips_folder(const char *dir, struct err *err)
{
	struct stat sb;

	if (!*dir)
		return err_set(err, "no folder is named for the slips");
	if (stat(dir, &sb) < 0) {
		if (errno != ENOENT || mkdir(dir, 0700) < 0)
			return err_set(err, "the folder %s cannot be made: %s", dir,
				       strerror(errno));
	} else if (!S_ISDIR(sb.st_mode)) {
		return err_set(err, "%s is not a folder", dir);
	} else if (access(dir, W_OK | X_OK) < 0) {
		return err_set(err, "the folder %s cannot be written: %s", dir,
			       strerror(errno));
	}
	return 0;
}

int feedback_slips_write(const struct feedback_request *r, const char *name,
			 const char *dir, struct sbuf paths[2], struct err *err)
{
	struct sbuf path = SBUF_INIT, text = SBUF_INIT;
	char full[PATH_MAX];
	int rc = 0;

	if (feedback_slips_folder(dir, err) < 0)
		return -1;
	if (!realpath(dir, full))
		return err_set(err, "%s: %s", dir, strerror(errno));
	for (int html = 0; html <= 1 && rc == 0; html++) {
		sbuf_reset(&path);
		sbuf_reset(&text);
		sbuf_addf(&path, "%s%sfeedback-%s-%.8s.%s", full,
			  full[strlen(full) - 1] == '/' ? "" : "/", r->staff_number, r->id,
			  html ? "html" : "txt");
		feedback_slips(r, name, html, &text);
		rc = file_write_atomic(path.buf, text.buf, text.len, 0600, err);
		if (rc == 0)
			sbuf_adds(&paths[html], path.buf);
	}
	sbuf_release(&path);
	sbuf_release(&text);
	return rc;
}
