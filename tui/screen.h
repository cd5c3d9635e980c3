/*
 * screen.h - the screens of the terminal program as a small table of
 * functions (ncdu's trio, tig's views) and the app they run in: the header
 * of app.c and app_ask.c.  The main loop (app.c) owns the terminal: screens
 * draw into stdscr, say where the cursor goes, and return what should
 * happen next; they never refresh.  Each screen's open function is in its
 * own header (team.h, walk.h, review.h ...).
 */
#ifndef EADR_SCREEN_H
#define EADR_SCREEN_H

#include <curses.h>
#include <signal.h>
#include <wchar.h>

#include "lib/err.h"
#include "lib/sbuf.h"
#include "lib/store.h"

struct app;

/* What a key did: what the loop does next. */
enum scr_result {
	SCR_STAY,	/* redraw and read the next key */
	SCR_POP,	/* close this screen, back to the one below */
	SCR_QUIT,	/* save everything and leave the program */
	SCR_HELP,	/* open the help for this screen */
};

/*
 * What kind of key a screen's key function gets (app.c reads them with
 * wget_wch and sorts them):
 *   KIND_CHAR       ch is a character: printable, or a control character
 *                   (Enter is '\r', Tab '\t', Esc 27, Ctrl-A 1 ...);
 *   KIND_CODE       ch is a curses KEY_* code (arrows, F-keys, KEY_ENTER ...);
 *   KIND_ALT        Alt-<ch>: Esc came with ch right behind it, ch a printable
 *                   character ('b' for Alt-b);
 *   KIND_SWALLOWED  an escape sequence the terminal description does not
 *                   know (Esc [ ...): the loop drops it, screens never see it.
 * Ctrl-C and F1 are the loop's own (quit, help) and never reach a screen.
 */
enum key_kind {
	KIND_CHAR,
	KIND_CODE,
	KIND_ALT,
	KIND_SWALLOWED,
};

struct keydef;

struct screen_ops {
	const char *name;		/* for help: "Team list" */
	/* Draw the screen in rows [top, bottom) of stdscr. */
	void (*draw)(struct app *app, void *self, int top, int bottom);
	/* A key its table (keys, below) does not bind: text typed into a
	 * field or a filter.  What happens next. May be NULL (ignored). */
	enum scr_result (*key)(struct app *app, void *self, enum key_kind kind,
			       wint_t ch);
	/*
	 * Save whatever is waiting (a pause in typing, leaving, a signal).
	 * Returns 0 when everything is saved, -1 when something could not be
	 * (the screen keeps it and says so).  May be NULL.
	 */
	int (*flush)(struct app *app, void *self);
	/* The screen comes back to the top (the one above it closed). May be NULL. */
	void (*resume)(struct app *app, void *self);
	void (*close)(struct app *app, void *self);
	/* The screen's key table (keys.h): its keys, its footer and its help. */
	const struct keydef *keys;
	int overlay;		/* drawn over the screen below it */
	/* Where the focus is, as the bits the table's `when` names (NULL: 0). */
	unsigned (*place)(struct app *app, void *self);
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
	enum save_state save;		/* the "saved" indicator: committed or not */
	char *save_msg;			/* why saving failed */
	long long unsynced_since;	/* ms (monotonic) of the first commit not yet
					   made safe from a power cut (store_flush), 0: none */
	char *msg;			/* a message for the status line, or NULL */
	int msg_err;
	const char *title;		/* the title bar's text (borrowed) */
	const char *footer;		/* the footer, made by app.c from the top
					   screen's key table (borrowed) */
	const struct screen_ops *closed;	/* the screen app_pop closed last */
	char warning[160];		/* shown once at start (locale) */
	int quitting;			/* the program is ending (not back to the team list) */
	char *exit_note;		/* said on stderr after the terminal is restored */
	/*
	 * A screen that can draw only what changed since its last draw, over
	 * it: while redraw_self is on top and its last whole draw is still on
	 * the screen in the same rows, the loop calls redraw instead of
	 * erasing and drawing it whole; redraw returns 1 done, 0 when it must
	 * be drawn whole.  Set by the screen (the walk), cleared when it closes.
	 */
	int (*redraw)(struct app *app, void *self, int top, int bottom);
	void *redraw_self;
};

/* ---- app.c: the loop and the screen stack ---- */

/* Put a screen on top (it owns self; close frees it). */
void app_push(struct app *app, const struct screen_ops *ops, void *self);
/* Close the screen on top (as SCR_POP does). */
void app_pop(struct app *app);
/* Show a message on the status line until the next key (printf-style). */
void app_msg(struct app *app, int is_err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/*
 * Report the outcome of a save: rc 0 saved (committed: it survives a crash
 * of eadr; the loop makes it survive a power cut within a second), -1
 * failed with err (the indicator says NOT SAVED until a save succeeds).
 */
void app_saved(struct app *app, int rc, const struct err *err);
/* Text is waiting to be saved: the loop saves it before the screen shows it. */
void app_dirty(struct app *app);
/* Put the terminal cursor at (y, x) after drawing. */
void app_cursor(struct app *app, int y, int x);
/* The loop's signal flag (SIGHUP, SIGTERM, SIGINT, SIGQUIT: non-zero once
 * one came), for a screen that runs its own key loop to stop on. */
volatile const sig_atomic_t *app_signal_flag(void);
/*
 * Hand the terminal to an outside program (Ctrl-E's $EDITOR): the loop
 * puts the terminal back in the shell's mode, runs fn(arg, err), then
 * takes the terminal again and redraws all of it at the next draw.
 * Returns what fn returns (0, or -1 with err set by fn).
 */
int app_outside(struct app *app, int (*fn)(void *arg, struct err *err), void *arg,
		struct err *err);

/* ---- app_keys.c: reading keys ---- */

/*
 * Read one key, as wget_wch does: OK with *ch a character, KEY_CODE_YES
 * with *ch a curses KEY_* code, ERR when none came within the delay.
 * Text is UTF-8 whatever the locale: under a locale that is not UTF-8
 * the bytes are decoded here (a byte that is not UTF-8 is taken as its
 * Latin-1 character), so no byte typed is dropped.
 */
int app_get_key(wint_t *ch);
/* Hand (rc, ch), as app_get_key returned them, out again as the next key. */
void app_unget_key(int rc, wint_t ch);
/* Drop every key typed but not read yet (a question just drawn must be
 * answered by a key typed after it showed). */
void app_drop_typeahead(void);

/* ---- app_ask.c: questions over the current screen ---- */

/*
 * Ask a yes/no question over the current screen; on yes, fn(app, arg) runs
 * (arg is freed afterwards with free_arg, which may be NULL).  No is
 * highlighted: Enter says no (deleting, reopening).
 */
void app_confirm(struct app *app, const char *question,
		 void (*fn)(struct app *app, void *arg), void *arg,
		 void (*free_arg)(void *arg));
/* As app_confirm, with Yes highlighted: Enter says yes (starting, resuming). */
void app_confirm_yes(struct app *app, const char *question,
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

#endif
