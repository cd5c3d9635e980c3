/*
 * walk.h - the appraisal walk: walk_open for the screens that start it,
 * then what the two halves of the walk share: walk.c (the fields of a
 * section, focus, saving, drawing) and walk_keys.c (what each key does).
 */
#ifndef EADR_WALK_H
#define EADR_WALK_H

#include "lib/appr.h"
#include "keys.h"
#include "screen.h"
#include "widgets.h"

/* Open the walk of appraisal id at path (NULL: its resume point or the start). */
int walk_open(struct app *app, long long id, const char *path);

struct walk {
	struct appr *ap;
	struct appr *prev;	/* last year's final appraisal, or NULL */
	size_t sec;
	struct wfield *f;
	size_t nf, focus;
	int scroll;
	int guide;		/* show the guide prompts */
	int readonly;
	struct editor *ed;	/* the focused field's editor */
	char *ed_path;
	unsigned long saved_gen;
	char *pick_path, *pick_value;	/* an option picked (or cleared) that the
					   database has not taken yet: retried */
	int hl;			/* highlighted option of a focused choice */
	int digit;		/* the digit just typed on a choice (1 then 0: 10) */
	char **touched;		/* fields left at least once: their problems show */
	size_t ntouched;
	int show_all;		/* after the review: every problem shows */
	unsigned long long seen;	/* sections shown this time (bit per section) */
	struct sbuf title;
	/* What the last whole draw laid out: while only the focused answer's
	 * text changed, walk_redraw (walk_fast.c) draws it and the progress
	 * line alone over what is already on the screen. */
	struct walk_drawn {
		int valid;
		int top, bottom, width, qw, cv_top, scroll;
		int fy, fh;		/* the focused field's virtual row and height */
		size_t sec, focus, nf, ntouched;
		int readonly, guide, show_all, hl;
		const struct editor *ed;
		unsigned long gen;	/* the answers' generation (appr.h) drawn */
	} drawn;
};

void walk_build(struct walk *w);		/* the fields of the current section */
struct wfield *walk_cur(struct walk *w);	/* the focused field, or NULL */
/* Focus the field with path (and kind), or the first focusable one. */
void walk_focus_path(struct walk *w, const char *path, enum wkind kind);
/* Save a changed editor text and a pick not yet taken: 0, or -1 (kept,
 * said on the status line, tried again). */
int walk_flush(struct app *app, void *self);
/* Save value at the focused field's path (an option picked or cleared);
 * when the database will not take it, it is kept and retried by walk_flush. */
void walk_pick(struct app *app, struct walk *w, const char *path, const char *value);
/* Leave the focused field (saving it): 0, or -1 when it could not be saved. */
int walk_leave(struct app *app, struct walk *w);
/* Enter the focused field: its editor, its highlighted option, the resume point. */
void walk_enter(struct app *app, struct walk *w);
/* Rebuild the fields after answers changed, keeping the focus. */
void walk_refresh_fields(struct walk *w);
/* Focus the next (dir 1) or previous (-1) focusable field: 1, or 0 when
 * there is none in that direction in this section. */
int walk_step(struct app *app, struct walk *w, int dir);
void walk_go_section(struct app *app, struct walk *w, size_t s, const char *path);
/* The next/previous shown section; after the last, the review. */
void walk_next_section(struct app *app, struct walk *w, int dir);
/* The review's jump: go to the question at path. */
void walk_jump_to(struct app *app, void *walk, const char *path);
/* ---- walk_fast.c: a key costs what it changed ---- */

/* Is the focused editor's answer shown nowhere else, read by no `when` or
 * constraint: does typing in it change nothing but its own field? */
int walk_only_here(struct walk *w);
/* The screen's redraw: 1 when it drew the focused field and the progress
 * line over the last whole draw (nothing else changed), 0 when it must be
 * drawn whole. */
int walk_redraw(struct app *app, void *self, int top, int bottom);
/* The progress line across the sections (walk.c). */
void walk_draw_progress(struct walk *w, int y, int width);

/* The walk's keys (walk_keys.c): its table, where the focus is (the
 * table's places), and text typed into an answer. */
extern const struct keydef walk_keys[];
unsigned walk_place(struct app *app, void *self);
enum scr_result walk_key(struct app *app, void *self, enum key_kind kind, wint_t ch);

#endif
