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
	void (*free_ctx)(void *ctx);
	void *ctx;
	const char *name;		/* the screen's name for help */
};

/* A dialog with n fields (labels borrowed); show it with dialog_open. */
struct dialog *dialog_new(const char *title, const char *button, int n);
void dialog_field(struct dialog *d, int i, const char *label, const char *hint,
		  int lines, const char *text);
const char *dialog_text(struct dialog *d, int i);	/* borrowed */
void dialog_set_msg(struct dialog *d, int i, const char *msg);
void dialog_open(struct app *app, struct dialog *d);

/* The "add a staff member by hand" dialog (team list, Ctrl-N). */
void staff_add_open(struct app *app);

#endif
