/*
 * plain.h - what plain mode's two files share: plain.c (reading lines,
 * asking one question, walking a section) and plain_run.c (the team,
 * review, sign-off).  The line protocol is described in plain.c.
 */
#ifndef EADR_PLAIN_H
#define EADR_PLAIN_H

#include "lib/appr.h"
#include "lib/sbuf.h"

struct plain {
	struct store *st;
	char **dirs;		/* form folders (session_form_dirs) */
	size_t ndirs;
	struct appr *ap;
	const char *skip_to;	/* resume: questions before this path are passed */
	int eof, quit;
	int cut;		/* the input ended inside an appraisal */
	char *line;
	size_t cap;
};

/* Read one line (no newline) into p->line: 0, or -1 at the end or on !quit. */
int plain_get_line(struct plain *p);
/* Print prompt, then "> ", and read the answer line. */
int plain_ask(struct plain *p, const char *prompt);
/* A yes/no question: 1, 0, or -1 at the end of input. */
int plain_ask_yes(struct plain *p, const char *prompt);
/* Lines up to "." into out: 1 new text, 0 keep (first line "."), -1 end. */
int plain_read_text(struct plain *p, struct sbuf *out);
/* Ask q at path until acceptable or kept: 0, or -1 at the end of input. */
int plain_ask_question(struct plain *p, const struct form_question *q, const char *path);
/* A list: its items' questions, then "Add ...?": 0, or -1 at the end. */
int plain_do_list(struct plain *p, const struct form_question *q, const char *path,
		  size_t *idx, size_t nidx);
/* Section s: its title, guide and every shown question. */
int plain_walk_section(struct plain *p, size_t s);

#endif
