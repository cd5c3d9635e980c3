/*
 * plain.h - what plain mode's two files share: plain.c (reading lines,
 * asking one question, walking a section) and plain_run.c (the team,
 * review, sign-off).  The line protocol is described in doc/eadr.1.
 */
#ifndef EADR_PLAIN_H
#define EADR_PLAIN_H

#include "lib/appr.h"
#include "lib/sbuf.h"

/* Where a command typed on any line moves the walk (p->nav). */
enum plain_nav { NAV_NONE, NAV_BACK, NAV_SECTION };

struct plain {
	struct store *st;
	char **dirs;		/* form folders (session_form_dirs) */
	size_t ndirs;
	struct appr *ap;
	int resume;		/* --resume: a draft starts where the manager was */
	char *skip_to;		/* questions before this path are passed (owned) */
	int eof, quit;
	int cut;		/* the input ended inside an appraisal */
	int walking;		/* !back and !section may move the walk */
	enum plain_nav nav;	/* set by !back or !section: unwind, then move */
	size_t nav_sec;		/* !section's section (from 0) */
	char **hist;		/* the questions asked, in order (for !back) */
	size_t nhist;
	const char *asking;	/* the question being asked now, or NULL */
	char *ask;		/* the last ASK line's text, said again after
				   !help or a refused command (owned) */
	char *line;
	size_t cap;
};

/*
 * Read one line (no newline) into p->line: 0, or -1 at the end, on !quit,
 * and on !back or !section N (p->nav set; the walk unwinds to move).
 * !help is answered here and the line read again; "!!text" gives "!text";
 * !skip and !clear are given to the caller; another "!word" is refused.
 */
int plain_get_line(struct plain *p);
/* What a text answer's ASK line says. */
#define PLAIN_ASK_TEXT "Type the answer; end it with a line holding only \".\" " \
	"(\".\" alone first keeps the current answer)"

/* Print "ASK: text" (the one line after which eadr reads) and keep text
 * in p->ask, to say again when a command has the line read again. */
void plain_say_ask(struct plain *p, const char *text);
/* Print "ASK: prompt" and read the answer line. */
int plain_ask(struct plain *p, const char *prompt);
/* A yes/no question: 1, 0, or -1 at the end of input. */
int plain_ask_yes(struct plain *p, const char *prompt);
/* "ASK: ask", then lines up to "." into out: 1 new text, 0 keep ("."
 * first, or !skip), -1 end.  At the end, !quit or a move, the lines typed
 * so far are 1 (saved). */
int plain_read_text(struct plain *p, const char *ask, struct sbuf *out);
/* Ask q at path until acceptable or kept: 0, or -1 at the end of input. */
int plain_ask_question(struct plain *p, const struct form_question *q, const char *path);
/* A list: its items' questions, then "Add ...?": 0, or -1 at the end. */
int plain_do_list(struct plain *p, const struct form_question *q, const char *path,
		  size_t *idx, size_t nidx);
/* Section s: its title, guide and every shown question. */
int plain_walk_section(struct plain *p, size_t s);
/* After a move (p->nav): the section to walk from, with p->skip_to set. */
size_t plain_nav_target(struct plain *p);
void plain_hist_free(struct plain *p);

#endif
