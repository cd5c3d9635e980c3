/*
 * dialog.h - a small screen of labelled text fields and one button, for
 * adding a staff member by hand and for signing off.  Each field is an
 * editor (tui/editor.h), so names like Zoë Ó Súilleabháin edit correctly.
 */
#ifndef EADR_DIALOG_H
#define EADR_DIALOG_H

#include "screen.h"

struct editor;

struct dlg_field {
	const char *label;	/* borrowed */
	const char *hint;	/* borrowed, may be NULL */
	int lines;		/* 1: one line (Enter moves on); more: multi-line */
	struct editor *ed;	/* owned */
	char *msg;		/* a problem shown under the field, or NULL */
	unsigned long saved_gen;	/* the editor's generation last saved */
};

struct dialog {
	const char *title, *intro;	/* borrowed (intro may be NULL) */
	const char *button;		/* "Add", "Sign" */
	struct dlg_field *f;
	int n, focus;			/* focus == n: the button */
	/*
	 * The button was pressed: return 0 to close the dialog, -1 to stay
	 * (after setting field messages or app_msg).
	 */
	int (*ok)(struct app *app, struct dialog *d);
	/*
	 * Keep field i's text as typed (a dialog whose words must survive a
	 * crash, as an answer's do): called by the main loop before the screen
	 * shows a change, on a signal, on Esc.  0 kept, -1 with err (said as
	 * NOT SAVED and retried; Esc then stays).  NULL: a form whose fields
	 * are kept only when the button is pressed.
	 */
	int (*save)(struct app *app, struct dialog *d, int i, struct err *err);
	/* The dialog closes with field i's text not kept by save (the database
	 * would not take it): put it somewhere safe.  May be NULL. */
	void (*unsaved)(struct app *app, struct dialog *d, int i);
	void (*free_ctx)(void *ctx);
	void *ctx;
	const char *name;		/* the screen's name for help */
};

/* A dialog with n fields (labels borrowed); show it with dialog_open. */
struct dialog *dialog_new(const char *title, const char *button, int n);
void dialog_field(struct dialog *d, int i, const char *label, const char *hint,
		  int lines, const char *text);
/* Put text in field i, as already kept (a draft read back). */
void dialog_set_text(struct dialog *d, int i, const char *text);
const char *dialog_text(struct dialog *d, int i);	/* borrowed */
void dialog_set_msg(struct dialog *d, int i, const char *msg);
void dialog_open(struct app *app, struct dialog *d);

/* The "add a staff member by hand" dialog (team list, Ctrl-N). */
void staff_add_open(struct app *app);

#endif
