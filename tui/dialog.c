/*
 * dialog.c - labelled text fields and a button (see dialog.h).
 */
#include <stdlib.h>
#include <string.h>

#include "lib/sbuf.h"
#include "dialog.h"
#include "editor.h"
#include "keys.h"
#include "ui.h"

struct dialog *dialog_new(const char *title, const char *button, int n)
{
	struct dialog *d = xcalloc(1, sizeof(*d));

	d->title = title;
	d->button = button;
	d->n = n;
	d->f = xcalloc((size_t)n, sizeof(*d->f));
	d->name = title;
	return d;
}

void dialog_field(struct dialog *d, int i, const char *label, const char *hint,
		  int lines, const char *text)
{
	d->f[i].label = label;
	d->f[i].hint = hint;
	d->f[i].lines = lines;
	editor_free(d->f[i].ed);
	d->f[i].ed = editor_new(text);
	d->f[i].saved_gen = editor_generation(d->f[i].ed);
}

void dialog_set_text(struct dialog *d, int i, const char *text)
{
	editor_free(d->f[i].ed);
	d->f[i].ed = editor_new(text);
	d->f[i].saved_gen = editor_generation(d->f[i].ed);
}

const char *dialog_text(struct dialog *d, int i)
{
	return editor_text(d->f[i].ed);
}

void dialog_set_msg(struct dialog *d, int i, const char *msg)
{
	free(d->f[i].msg);
	d->f[i].msg = msg ? xstrdup(msg) : NULL;
}

static void dlg_draw(struct app *app, void *self, int top, int bottom)
{
	struct dialog *d = self;
	int w = getmaxx(stdscr), y = top + 1, fw = w - 6 > 76 ? 76 : w - 6;

	app->title = d->title;
	if (d->intro)
		y += ui_put_wrapped(y, 2, w - 4, 3, d->intro, A_NORMAL) + 1;
	for (int i = 0; i < d->n && y < bottom - 1; i++) {
		struct dlg_field *f = &d->f[i];
		int focus = i == d->focus, h = f->lines, cy, cx;

		ui_put(y, 0, 2, focus ? ui_mark(UI_M_FOCUS) : " ", ui_attr(UI_FOCUS));
		ui_put(y, 2, w - 4, f->label, focus ? ui_attr(UI_FOCUS) : A_BOLD);
		y++;
		if (focus && f->hint)
			y += ui_put_wrapped(y, 2, w - 4, 2, f->hint, ui_attr(UI_DIM));
		if (y + h > bottom - 1)
			h = bottom - 1 - y;
		if (h < 1)
			break;
		for (int k = 0; k < h; k++)
			ui_fill(y + k, 2, fw, A_UNDERLINE);
		attron(A_UNDERLINE);
		editor_draw(f->ed, stdscr, y, 2, h, fw, &cy, &cx);
		attroff(A_UNDERLINE);
		if (focus)
			app_cursor(app, cy, cx);
		y += h;
		if (f->msg)
			y += ui_put_wrapped(y, 2, w - 4, 3, f->msg, ui_attr(UI_ERR));
		y++;
	}
	if (y < bottom) {
		struct sbuf b = SBUF_INIT;

		sbuf_addf(&b, "[ %s ]", d->button);
		ui_put(y, 2, w - 4, b.buf, d->focus == d->n ? ui_attr(UI_SEL) | A_BOLD : A_BOLD);
		if (d->focus == d->n)
			app_cursor(app, y, 4);
		sbuf_release(&b);
	}
}

/* Keep every changed field (d->save): 0 when all are kept, -1 when not. */
static int dlg_flush(struct app *app, void *self)
{
	struct dialog *d = self;
	struct err err = ERR_INIT;
	int rc = 0;

	if (!d->save)
		return 0;
	for (int i = 0; i < d->n && rc == 0; i++) {
		unsigned long gen = editor_generation(d->f[i].ed);

		if (gen == d->f[i].saved_gen)
			continue;
		if ((rc = d->save(app, d, i, &err)) == 0)
			d->f[i].saved_gen = gen;
	}
	app_saved(app, rc, &err);
	err_release(&err);
	return rc;
}

/* A key changed field i's text: the loop saves it before showing it. */
static void changed(struct app *app, struct dialog *d, int i)
{
	if (d->save && editor_generation(d->f[i].ed) != d->f[i].saved_gen)
		app_dirty(app);
}

static enum scr_result press(struct app *app, struct dialog *d)
{
	return d->ok(app, d) == 0 ? SCR_POP : SCR_STAY;
}

/* Ctrl-E's outside editor, in the form app_outside runs. */
static int run_external(void *ed, struct err *err)
{
	return editor_external(ed, err);
}

/* ---- keys ---- */

enum { DP_LINE = 1, DP_TEXT = 2, DP_BUTTON = 4 };

static unsigned dlg_place(struct app *app, void *self)
{
	struct dialog *d = self;

	(void)app;
	return d->focus == d->n ? DP_BUTTON : d->f[d->focus].lines == 1 ? DP_LINE : DP_TEXT;
}

static enum scr_result k_next(struct app *app, void *self, unsigned key)
{
	struct dialog *d = self;

	(void)app, (void)key;
	d->focus = d->focus < d->n ? d->focus + 1 : 0;
	return SCR_STAY;
}

static enum scr_result k_prev(struct app *app, void *self, unsigned key)
{
	struct dialog *d = self;

	(void)app, (void)key;
	d->focus = d->focus > 0 ? d->focus - 1 : d->n;
	return SCR_STAY;
}

static enum scr_result k_press(struct app *app, void *self, unsigned key)
{
	(void)key;
	return press(app, self);
}

static enum scr_result k_cancel(struct app *app, void *self, unsigned key)
{
	(void)key;
	/* what was typed is kept first */
	return dlg_flush(app, self) == 0 ? SCR_POP : SCR_STAY;
}

static enum scr_result k_external(struct app *app, void *self, unsigned key)
{
	struct dialog *d = self;
	struct err err = ERR_INIT;

	(void)key;
	if (app_outside(app, run_external, d->f[d->focus].ed, &err) < 0)
		app_msg(app, 1, "%s", err_msg(&err));
	err_release(&err);
	changed(app, d, d->focus);
	return SCR_STAY;
}

/* Text typed into the focused field (the table has the rest). */
static enum scr_result dlg_key(struct app *app, void *self, enum key_kind kind, wint_t ch)
{
	struct dialog *d = self;

	if (d->focus == d->n)
		return SCR_STAY;
	if (kind == KIND_CHAR && ch == '\r')
		ch = '\n';
	if (kind == KIND_CHAR && ch == '\n' && d->f[d->focus].lines == 1)
		ch = ' ';	/* a pasted line break in a one-line field */
	if (kind == KIND_ALT)
		editor_meta_key(d->f[d->focus].ed, ch);
	else if (editor_key(d->f[d->focus].ed, kind == KIND_CODE, ch) == EDITOR_FULL)
		app_msg(app, 1, "That is as long as an answer can be (64 KiB).");
	changed(app, d, d->focus);
	return SCR_STAY;
}

static const struct keydef dlg_keys[] = {
	{ { K_TAB }, "next field", "next", 0, k_next, 0 },
	{ { KC(KEY_BTAB) }, "previous field", "back", 0, k_prev, 0 },
	{ { K_ENTER, KC(KEY_DOWN) }, "next field", NULL, DP_LINE, k_next, 0 },
	{ { KC(KEY_UP) }, "previous field", NULL, DP_LINE | DP_BUTTON, k_prev, 0 },
	{ { K_ENTER, ' ' }, "press the button", "press", DP_BUTTON, k_press, 0 },
	{ { KC(KEY_DOWN) }, "back to the first field", NULL, DP_BUTTON, k_next, 0 },
	{ { KCTRL('S') }, "press the button from any field", "finish", DP_LINE | DP_TEXT,
	  k_press, 0 },
	{ { KCTRL('E') }, "edit the field in your own editor ($EDITOR, or nano)", NULL,
	  DP_LINE | DP_TEXT, k_external, 0 },
	{ { K_ESC }, "close (a sign-off's words are kept for next time)", "close", 0, k_cancel, 0 },
	{ { 0 }, NULL, NULL, 0, NULL, 0 },
};

static void dlg_close(struct app *app, void *self)
{
	struct dialog *d = self;

	/* A signal, Ctrl-C twice: what the database would not take goes to
	 * d->unsaved (a file). */
	if (d->save && dlg_flush(app, d) < 0 && d->unsaved)
		for (int i = 0; i < d->n; i++)
			if (editor_generation(d->f[i].ed) != d->f[i].saved_gen)
				d->unsaved(app, d, i);
	for (int i = 0; i < d->n; i++) {
		editor_free(d->f[i].ed);
		free(d->f[i].msg);
	}
	free(d->f);
	if (d->free_ctx)
		d->free_ctx(d->ctx);
	free(d);
}

const struct screen_ops dialog_ops = {
	"Form", dlg_draw, dlg_key, dlg_flush, NULL, dlg_close, dlg_keys, 0, dlg_place,
};

void dialog_open(struct app *app, struct dialog *d)
{
	app_push(app, &dialog_ops, d);
}

/* ---- adding a staff member by hand ---- */

static int add_ok(struct app *app, struct dialog *d)
{
	struct err err = ERR_INIT;
	struct staff s;
	int bad = 0;
	const char *due = dialog_text(d, 4);

	for (int i = 0; i < d->n; i++)
		dialog_set_msg(d, i, NULL);
	if (!*dialog_text(d, 0)) {
		dialog_set_msg(d, 0, "Please give the staff number.");
		bad = 1;
	}
	if (!*dialog_text(d, 1)) {
		dialog_set_msg(d, 1, "Please give the person's name.");
		bad = 1;
	}
	if (*due && !date_valid(due)) {
		dialog_set_msg(d, 4, "Write the date as YYYY-MM-DD, e.g. 2026-03-31, or leave it empty.");
		bad = 1;
	}
	if (bad)
		return -1;
	memset(&s, 0, sizeof(s));
	s.staff_number = xstrdup(dialog_text(d, 0));
	s.name = xstrdup(dialog_text(d, 1));
	s.role = xstrdup(dialog_text(d, 2));
	s.station = xstrdup(dialog_text(d, 3));
	s.due = *due ? xstrdup(due) : NULL;
	/* Only ever a new person: a number that is someone's is refused,
	 * and that person is left exactly as they were. */
	if (store_staff_add(app->st, &s, &err) < 0) {
		struct sbuf m = SBUF_INIT;

		sbuf_addf(&m, "Not added: %s.", err_msg(&err));
		dialog_set_msg(d, 0, m.buf);
		d->focus = 0;
		sbuf_release(&m);
		bad = 1;
	} else {
		app_msg(app, 0, "%s added.", s.name);
	}
	staff_release(&s);
	err_release(&err);
	return bad ? -1 : 0;
}

void staff_add_open(struct app *app)
{
	struct dialog *d = dialog_new("Add a staff member", "Add", 5);

	d->intro = "A person added here is kept like one imported with "
		   "'eadr staff import'. A staff number already in the list is refused: "
		   "nobody is replaced.";
	dialog_field(d, 0, "Staff number", NULL, 1, "");
	dialog_field(d, 1, "Name", "As they like it written, e.g. Zoë Ó Súilleabháin.", 1, "");
	dialog_field(d, 2, "Role", "e.g. Paramedic (optional)", 1, "");
	dialog_field(d, 3, "Station", "(optional)", 1, "");
	dialog_field(d, 4, "Appraisal due", "YYYY-MM-DD (optional)", 1, "");
	d->ok = add_ok;
	d->name = "Add a staff member";
	dialog_open(app, d);
}
