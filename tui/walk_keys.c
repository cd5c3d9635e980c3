/*
 * walk_keys.c - what each key does in the appraisal walk: options picked
 * by number or arrows, list items added, deleted (after asking) and moved,
 * sections, the review, sign-off, the guide and help.
 */
#include <stdlib.h>
#include <string.h>

#include "editor.h"
#include "ninebox.h"
#include "review.h"
#include "signoff.h"
#include "ui.h"
#include "walk.h"

static void set_choice(struct app *app, struct walk *w, int i)
{
	struct wfield *f = walk_cur(w);
	char *v;

	if (i < 0 || i >= widget_noptions(f))
		return;
	v = widget_pick(f, appr_get(w->ap, f->path), i);
	/* Not taken (a locked or full disk): kept and retried, the indicator
	 * and the status line both saying so. */
	walk_pick(app, w, f->path, v);
	w->hl = i;
	free(v);
	walk_refresh_fields(w);
}

static void clear_answer(struct app *app, struct walk *w)
{
	walk_pick(app, w, walk_cur(w)->path, "");
	walk_refresh_fields(w);
}

static enum scr_result choice_key(struct app *app, struct walk *w, enum key_kind kind, wint_t ch)
{
	struct wfield *f = walk_cur(w);
	int n = widget_noptions(f), multi = f->q->type == FORM_CHOICES;
	int sel = widget_option_of(f, appr_get(w->ap, f->path));

	if (kind == KIND_CODE) {
		switch (ch) {
		case KEY_UP:
			if (w->hl > 0)
				w->hl--;
			else
				walk_step(app, w, -1);
			return SCR_STAY;
		case KEY_DOWN:
			if (w->hl + 1 < n)
				w->hl++;
			else
				walk_step(app, w, 1);
			return SCR_STAY;
		case KEY_LEFT: case KEY_RIGHT:
			if (multi) {
				w->hl += ch == KEY_LEFT ? -1 : 1;
				w->hl = w->hl < 0 ? 0 : w->hl >= n ? n - 1 : w->hl;
			} else {
				int i = sel < 0 ? 0 : sel + (ch == KEY_LEFT ? -1 : 1);

				set_choice(app, w, i < 0 ? 0 : i >= n ? n - 1 : i);
			}
			return SCR_STAY;
		case KEY_ENTER:
			goto enter;
		case KEY_DC: case KEY_BACKSPACE:
			clear_answer(app, w);
			return SCR_STAY;
		}
		return SCR_STAY;
	}
	if (ch == ' ') {
		set_choice(app, w, w->hl);
		return SCR_STAY;
	}
	if (ch == '\r' || ch == '\n') {
enter:
		if (!multi && sel != w->hl)
			set_choice(app, w, w->hl);
		walk_step(app, w, 1);
		return SCR_STAY;
	}
	if (ch >= '1' && ch <= '9') {
		set_choice(app, w, (int)(ch - '1'));
		return SCR_STAY;
	}
	if (f->q->type == FORM_YESNO && (ch == 'y' || ch == 'Y' || ch == 'n' || ch == 'N')) {
		set_choice(app, w, ch == 'y' || ch == 'Y' ? 0 : 1);
		return SCR_STAY;
	}
	if (ch == 127 || ch == 8) {
		clear_answer(app, w);
		return SCR_STAY;
	}
	return SCR_STAY;
}

struct item_ref {
	struct walk *w;
	char *list;
	long index;
};

static void item_ref_free(void *arg)
{
	struct item_ref *r = arg;

	free(r->list);
	free(r);
}

static void do_delete(struct app *app, void *arg)
{
	struct item_ref *r = arg;
	struct walk *w = r->w;
	struct err err = ERR_INIT;
	struct sbuf p = SBUF_INIT;

	if (appr_item_delete(w->ap, r->list, r->index, &err) < 0) {
		app_msg(app, 1, "Not deleted: %s", err_msg(&err));
	} else {
		app_msg(app, 0, "Deleted.");
		app_saved(app, 0, NULL);
	}
	walk_build(w);
	sbuf_addf(&p, "%s[%ld]", r->list, r->index > 0 ? r->index - 1 : 0);
	walk_focus_path(w, r->index > 0 || appr_count(w->ap, r->list) ? p.buf : r->list,
		   r->index > 0 || appr_count(w->ap, r->list) ? W_ITEM : W_ADD);
	walk_enter(app, w);
	sbuf_release(&p);
	err_release(&err);
}

/* The list item the focused field belongs to: its field index, or -1. */
static long item_of_focus(struct walk *w)
{
	for (long i = (long)w->focus; i >= 0; i--) {
		struct wfield *f = &w->f[i];

		if (f->kind == W_ITEM && !strncmp(walk_cur(w)->path, f->path, strlen(f->path)))
			return i;
	}
	return -1;
}

static void ask_delete(struct app *app, struct walk *w)
{
	long i = item_of_focus(w);
	struct item_ref *r;
	struct sbuf q = SBUF_INIT;
	struct wfield *f;

	if (i < 0 || w->readonly)
		return;
	if (walk_leave(app, w) < 0)
		return;
	walk_enter(app, w);	/* keep an editor on the field we stay on */
	f = &w->f[i];
	r = xmalloc(sizeof(*r));
	r->w = w;
	r->list = xstrndup(f->path, strrchr(f->path, '[') - f->path);
	r->index = f->index;
	{
		const char *item = f->q->item ? f->q->item : f->q->label;
		char first = item[0] >= 'A' && item[0] <= 'Z' ? (char)(item[0] + 32) : item[0];

		sbuf_addf(&q, "Delete %c%s %ld and everything written in it?", first,
			  item + (item[0] ? 1 : 0), f->index + 1);
	}
	app_confirm(app, q.buf, do_delete, r, item_ref_free);
	sbuf_release(&q);
}

static void move_item(struct app *app, struct walk *w, int dir)
{
	struct wfield *f = walk_cur(w);
	struct err err = ERR_INIT;
	char *list = xstrndup(f->path, strrchr(f->path, '[') - f->path);
	long to = f->index + dir;
	struct sbuf p = SBUF_INIT;

	if (to < 0 || to >= f->nitems) {
		free(list);
		return;
	}
	if (appr_item_swap(w->ap, list, f->index, to, &err) < 0)
		app_msg(app, 1, "Not moved: %s", err_msg(&err));
	else
		app_saved(app, 0, NULL);
	sbuf_addf(&p, "%s[%ld]", list, to);
	walk_build(w);
	walk_focus_path(w, p.buf, W_ITEM);
	sbuf_release(&p);
	free(list);
	err_release(&err);
}

static void add_item(struct app *app, struct walk *w)
{
	struct wfield *f = walk_cur(w);
	struct err err = ERR_INIT;
	char *list = xstrdup(f->path);
	long idx;

	if (walk_leave(app, w) < 0) {
		free(list);
		return;
	}
	if (appr_item_add(w->ap, f->q, list, &idx, &err) < 0) {
		app_msg(app, 1, "Not added: %s", err_msg(&err));
		walk_enter(app, w);
	} else {
		struct sbuf p = SBUF_INIT;

		app_saved(app, 0, NULL);
		sbuf_addf(&p, "%s[%ld]", list, idx);
		walk_build(w);
		walk_focus_path(w, p.buf, W_ITEM);
		/* straight into the item's first question */
		if (w->focus + 1 < w->nf && widget_focusable(&w->f[w->focus + 1]))
			w->focus++;
		walk_enter(app, w);
		sbuf_release(&p);
	}
	free(list);
	err_release(&err);
}

void walk_jump_to(struct app *app, void *walk, const char *path)
{
	struct walk *w = walk;
	const struct form_question *q = form_find(w->ap->form, path);

	(void)app;
	if (!q)
		return;
	w->show_all = 1;
	walk_go_section(app, w, q->section->index, path);
}

static void section_chosen(struct app *app, void *arg, int choice)
{
	walk_go_section(app, arg, (size_t)choice, NULL);
}

static void sections_menu(struct app *app, struct walk *w)
{
	const struct form *f = w->ap->form;
	struct menu_item *items = xcalloc(f->nsections, sizeof(*items));
	static const char keys[] = "123456789abcdefghijklmnopqrstuvwxyz";

	for (size_t s = 0; s < f->nsections; s++) {
		items[s].key = s < sizeof(keys) - 1 ? keys[s] : 0;
		items[s].label = f->sections[s].title;
	}
	if (walk_leave(app, w) == 0) {
		walk_enter(app, w);
		app_menu(app, "Go to section", items, (int)f->nsections, (int)w->sec,
			 section_chosen, w, NULL);
	}
	free(items);
}

static void signed_done(struct app *app, void *walk)
{
	struct walk *w = walk;

	w->readonly = appr_is_final(w->ap) || appr_is_signed(w->ap);
	walk_build(w);
	walk_focus_path(w, NULL, W_QUESTION);
	(void)app;
}

static enum scr_result global_key(struct app *app, struct walk *w, wint_t ch)
{
	switch (ch) {
	case 14: walk_next_section(app, w, 1); return SCR_STAY;	/* Ctrl-N */
	case 16: walk_next_section(app, w, -1); return SCR_STAY;	/* Ctrl-P */
	case 20: sections_menu(app, w); return SCR_STAY;	/* Ctrl-T */
	case 15: w->guide = !w->guide; return SCR_STAY;	/* Ctrl-O */
	case 7: return SCR_HELP;				/* Ctrl-G */
	case 12: clearok(curscr, TRUE); return SCR_STAY;	/* Ctrl-L */
	case 19: walk_flush(app, w); return SCR_STAY;		/* Ctrl-S */
	case 2: ninebox_open(app, w->ap); return SCR_STAY;	/* Ctrl-B */
	case 4: ask_delete(app, w); return SCR_STAY;		/* Ctrl-D */
	case 18:						/* Ctrl-R */
		if (walk_leave(app, w) == 0) {
			walk_enter(app, w);
			review_open(app, w->ap, walk_jump_to, w);
		}
		return SCR_STAY;
	case 6:							/* Ctrl-F: sign off */
		if (walk_leave(app, w) == 0) {
			walk_enter(app, w);
			signoff_open(app, w->ap, signed_done, w);
		}
		return SCR_STAY;
	case 24: case 27:					/* Ctrl-X, Esc */
		return walk_leave(app, w) == 0 ? SCR_POP : SCR_STAY;
	case 17:						/* Ctrl-Q */
		return SCR_QUIT;
	}
	return (enum scr_result)-1;
}

/* Ctrl-E's outside editor, in the form app_outside runs. */
static int run_external(void *ed, struct err *err)
{
	return editor_external(ed, err);
}

enum scr_result walk_key(struct app *app, void *self, enum key_kind kind, wint_t ch)
{
	struct walk *w = self;
	struct wfield *f = walk_cur(w);
	enum scr_result r;
	int er;

	if (kind == KIND_CHAR && (r = global_key(app, w, ch)) != (enum scr_result)-1)
		return r;
	if (kind == KIND_CODE && ch == KEY_F(2)) {
		sections_menu(app, w);
		return SCR_STAY;
	}
	if ((kind == KIND_CHAR && ch == '\t') || (kind == KIND_CODE && ch == KEY_BTAB)) {
		walk_step(app, w, ch == '\t' ? 1 : -1);
		return SCR_STAY;
	}
	if (!f)
		return kind == KIND_CHAR && (ch == 'q' || ch == '?') ?
		       (ch == 'q' ? SCR_QUIT : SCR_HELP) : SCR_STAY;
	if (w->ed) {
		int single = f->q->type != FORM_TEXT;

		if (single && ((kind == KIND_CHAR && (ch == '\r' || ch == '\n')) ||
			       (kind == KIND_CODE && (ch == KEY_ENTER || ch == KEY_DOWN)))) {
			walk_step(app, w, 1);
			return SCR_STAY;
		}
		if (single && kind == KIND_CODE && ch == KEY_UP) {
			walk_step(app, w, -1);
			return SCR_STAY;
		}
		if (kind == KIND_CHAR && ch == 5) {	/* Ctrl-E: $EDITOR */
			struct err err = ERR_INIT;

			if (app_outside(app, run_external, w->ed, &err) < 0)
				app_msg(app, 1, "%s", err_msg(&err));
			else
				app_dirty(app);
			err_release(&err);
			return SCR_STAY;
		}
		if (kind == KIND_CHAR && ch == '\r')
			ch = '\n';
		er = kind == KIND_ALT ? editor_meta_key(w->ed, ch) :
					editor_key(w->ed, kind == KIND_CODE, ch);
		if (er == EDITOR_CHANGED)
			app_dirty(app);
		else if (er == EDITOR_FULL)
			app_msg(app, 1, "That is as long as an answer can be (64 KiB).");
		return SCR_STAY;
	}
	/* Not typing: letters are free for commands. */
	if (kind == KIND_CHAR && ch == '?')
		return SCR_HELP;
	if (kind == KIND_CHAR && (ch == 'q' || ch == 'Q'))
		return SCR_QUIT;
	if (w->readonly) {
		if (kind == KIND_CODE && (ch == KEY_DOWN || ch == KEY_UP))
			walk_step(app, w, ch == KEY_DOWN ? 1 : -1);
		else if (kind == KIND_CHAR && (ch == '\r' || ch == '\n'))
			walk_step(app, w, 1);
		return SCR_STAY;
	}
	if (widget_is_choice(f))
		return choice_key(app, w, kind, ch);
	if (kind == KIND_CODE && (ch == KEY_DOWN || ch == KEY_UP)) {
		walk_step(app, w, ch == KEY_DOWN ? 1 : -1);
		return SCR_STAY;
	}
	if (f->kind == W_ADD && ((kind == KIND_CHAR && (ch == '\r' || ch == '\n' || ch == 'a' ||
					      ch == '+')) || (kind == KIND_CODE && ch == KEY_ENTER)))
		add_item(app, w);
	else if (f->kind == W_ITEM) {
		if ((kind == KIND_CHAR && (ch == 'd' || ch == 127)) ||
		    (kind == KIND_CODE && ch == KEY_DC))
			ask_delete(app, w);
		else if (kind == KIND_CHAR && (ch == '<' || ch == '>'))
			move_item(app, w, ch == '<' ? -1 : 1);
		else if ((kind == KIND_CHAR && (ch == '\r' || ch == '\n')) ||
			 (kind == KIND_CODE && ch == KEY_ENTER))
			walk_step(app, w, 1);
	}
	return SCR_STAY;
}
