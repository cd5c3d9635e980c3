/*
 * screen.h - the screens of the terminal program as a small table of
 * functions (ncdu's trio, tig's views) and the app they run in.  The main
 * loop (app.c) owns the terminal: screens draw into stdscr, say where the
 * cursor goes, and return what should happen next; they never refresh.
 */
#ifndef EADR_SCREEN_H
#define EADR_SCREEN_H

#include <curses.h>
#include <wchar.h>

#include "lib/err.h"
#include "lib/store.h"

struct app;

/* What a key did: what the loop does next. */
enum scr_result {
	SCR_STAY,	/* redraw and read the next key */
	SCR_POP,	/* close this screen, back to the one below */
	SCR_QUIT,	/* save everything and leave the program */
	SCR_HELP,	/* open the help for this screen */
};

struct help_key {
	const char *keys, *what;	/* NULL keys ends the table */
};

struct screen_ops {
	const char *name;		/* for help: "Team list" */
	/* Draw the screen in rows [top, bottom) of stdscr. */
	void (*draw)(struct app *app, void *self, int top, int bottom);
	/* One key: is_key is 1 for a KEY_* code, else ch is a character. */
	enum scr_result (*key)(struct app *app, void *self, int is_key, wint_t ch);
	/*
	 * Save whatever is waiting (a pause in typing, leaving, a signal).
	 * Returns 0 when everything is saved, -1 when something could not be
	 * (the screen keeps it and says so).  May be NULL.
	 */
	int (*flush)(struct app *app, void *self);
	/* The screen comes back to the top (the one above it closed). May be NULL. */
	void (*resume)(struct app *app, void *self);
	void (*close)(struct app *app, void *self);
	const struct help_key *help;
	int overlay;		/* drawn over the screen below it */
};

enum save_state { SAVE_CLEAN, SAVE_DIRTY, SAVE_FAILED };

#define APP_MAX_SCREENS 8

struct app {
	struct store *st;
	char **dirs;			/* form folders (session_form_dirs) */
	size_t ndirs;
	struct {
		const struct screen_ops *ops;
		void *self;
	} stack[APP_MAX_SCREENS];
	int depth;
	int cy, cx;			/* where the terminal cursor goes */
	int cursor_set;
	enum save_state save;		/* the "saved" indicator */
	char *save_msg;			/* why saving failed */
	char *msg;			/* a message for the status line, or NULL */
	int msg_err;
	const char *title;		/* the title bar's text (borrowed) */
	const char *footer;		/* the footer's keys (borrowed) */
	char warning[160];		/* shown once at start (locale) */
	int quitting;			/* the program is ending (not back to the team list) */
	char *exit_note;		/* said on stderr after the terminal is restored */
};

/* Put a screen on top (it owns self; close frees it). */
void app_push(struct app *app, const struct screen_ops *ops, void *self);
/* Close the screen on top (as SCR_POP does). */
void app_pop(struct app *app);
/* Show a message on the status line until the next key (printf-style). */
void app_msg(struct app *app, int is_err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Report the outcome of a save: rc 0 saved, -1 failed with err. */
void app_saved(struct app *app, int rc, const struct err *err);
/* Text is waiting to be saved. */
void app_dirty(struct app *app);
/* Put the terminal cursor at (y, x) after drawing. */
void app_cursor(struct app *app, int y, int x);

/*
 * Ask a yes/no question over the current screen; on yes, fn(app, arg) runs
 * (arg is freed afterwards with free_arg, which may be NULL).
 */
void app_confirm(struct app *app, const char *question,
		 void (*fn)(struct app *app, void *arg), void *arg,
		 void (*free_arg)(void *arg));

/* A small menu over the current screen: items[i] with a key letter each;
 * fn(app, arg, i) runs for the chosen one.  Esc cancels. */
struct menu_item {
	char key;
	const char *label;
};
void app_menu(struct app *app, const char *title, const struct menu_item *items,
	      int n, int sel, void (*fn)(struct app *app, void *arg, int choice),
	      void *arg, void (*free_arg)(void *arg));

/* Screens. */
void team_open(struct app *app);
/* Open the walk of appraisal id at path (NULL: its resume point or the start). */
int walk_open(struct app *app, long long id, const char *path);
void help_open(struct app *app, const struct screen_ops *for_screen);
struct appr;
void review_open(struct app *app, struct appr *ap,
		 void (*jump)(struct app *app, void *walk, const char *path),
		 void *walk);
void signoff_open(struct app *app, struct appr *ap, void (*done)(struct app *, void *),
		  void *walk);
void ninebox_open(struct app *app, struct appr *ap);
/* The completion figures of the team, by station (report_screen.c). */
void report_screen_open(struct app *app);


/* 9-box: the performance and potential questions of the form, or 0. */
int ninebox_find(const struct appr *ap, const char **perf_path,
		 const char **pot_path);
/* Draw the 3x3 grid at (y, x) (12 rows, 45 columns), only its rows within
 * [clip_top, clip_bottom); returns the rows it takes. */
int ninebox_draw(const struct appr *ap, int y, int x, int width, int clip_top,
		 int clip_bottom);


/* Draw a box with a title over the screen; returns the inner top-left. */
void ui_box(int y, int x, int h, int w, const char *title);

#endif
