/*
 * walk_keys.c - what each key does in the appraisal walk: options picked
 * by number or arrows, list items added, deleted (after asking) and moved,
 * sections, the review, sign-off, the guide and help.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/store_pref.h"
#include "editor.h"
#include "feedback_screen.h"
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
	long at = item_of_focus(w);
	struct wfield *f = at >= 0 ? &w->f[at] : NULL;
	struct err err = ERR_INIT;
	char *list;
	long to;
	struct sbuf p = SBUF_INIT;

	if (!f || w->readonly)
		return;
	list = xstrndup(f->path, strrchr(f->path, '[') - f->path);
	to = f->index + dir;
	if (to < 0 || to >= f->nitems) {
		app_msg(app, 0, "This is already the %s item.", dir < 0 ? "first" : "last");
		free(list);
		return;
	}
	if (walk_leave(app, w) < 0) {
		free(list);
		return;
	}
	if (appr_item_swap(w->ap, list, to - dir, to, &err) < 0)
		app_msg(app, 1, "Not moved: %s", err_msg(&err));
	else
		app_saved(app, 0, NULL);
	sbuf_addf(&p, "%s[%ld]", list, to);
	walk_build(w);
	walk_focus_path(w, p.buf, W_ITEM);
	walk_enter(app, w);
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

/* ---- the key table: keys, footer and help from one place ---- */

/* Where the focus is (the `when` bits of walk_keys). */
enum {
	WP_TEXT = 1 << 0,	/* typing a long answer (Enter: a new line) */
	WP_LINE = 1 << 1,	/* typing a one-line answer, a date, a number */
	WP_CHOICE = 1 << 2,	/* options to pick */
	WP_YESNO = 1 << 3,	/* a yes/no question (also WP_CHOICE) */
	WP_HEAD = 1 << 4,	/* a list item's heading */
	WP_ADD = 1 << 5,	/* [+] add an item */
	WP_RO = 1 << 6,		/* signed or final: read-only */
	WP_NONE = 1 << 7,	/* nothing to answer in the section */
	WP_INITEM = 1 << 8,	/* within a list item (its heading or a question) */
	WP_ITEMFREE = 1 << 9,	/* within a list item, letters free (not typing) */
	WP_360 = 1 << 10,	/* the values and behaviours section (F4: the 360) */
};
#define WP_EDIT (WP_TEXT | WP_LINE)
#define WP_FREE (WP_CHOICE | WP_HEAD | WP_ADD | WP_RO | WP_NONE)
#define WP_OPEN (WP_EDIT | WP_CHOICE | WP_HEAD | WP_ADD | WP_NONE)	/* not read-only */

/* The 360-degree feedback report sits beside the values and behaviours. */
static unsigned place_360(const struct walk *w)
{
	const struct form *f = w->ap->form;

	return f && w->sec < f->nsections && f->sections[w->sec].id &&
		!strcmp(f->sections[w->sec].id, "values") ? WP_360 : 0;
}

unsigned walk_place(struct app *app, void *self)
{
	struct walk *w = self;
	struct wfield *f = walk_cur(w);
	unsigned p;

	(void)app;
	if (!f)
		return WP_NONE | place_360(w);
	if (w->readonly)
		return WP_RO | place_360(w);
	if (w->ed)
		p = f->q->type == FORM_TEXT ? WP_TEXT : WP_LINE;
	else if (widget_is_choice(f))
		p = WP_CHOICE | (f->q->type == FORM_YESNO ? WP_YESNO : 0);
	else if (f->kind == W_ITEM)
		p = WP_HEAD;
	else if (f->kind == W_ADD)
		p = WP_ADD;
	else
		p = WP_NONE;
	if (item_of_focus(w) >= 0)
		p |= WP_INITEM | (w->ed ? 0 : WP_ITEMFREE);
	return p | place_360(w);
}

#define SELF struct walk *w = self; (void)app; (void)w; (void)key

static enum scr_result k_tab(struct app *app, void *self, unsigned key)
{
	SELF;
	/* Past the last question, the next section (after the last: the review);
	 * before the first, the previous section. */
	if (walk_step(app, w, key == K_TAB ? 1 : -1) == 0)
		walk_next_section(app, w, key == K_TAB ? 1 : -1);
	return SCR_STAY;
}

static enum scr_result k_step(struct app *app, void *self, unsigned key)
{
	SELF;
	walk_step(app, w, key == KC(KEY_UP) || key == KC(KEY_BTAB) ? -1 : 1);
	return SCR_STAY;
}

static enum scr_result k_options(struct app *app, void *self, unsigned key)
{
	SELF;
	int n = widget_noptions(walk_cur(w));

	if (key == KC(KEY_UP)) {
		if (w->hl > 0)
			w->hl--;
		else
			walk_step(app, w, -1);
	} else {
		if (w->hl + 1 < n)
			w->hl++;
		else
			walk_step(app, w, 1);
	}
	return SCR_STAY;
}

static enum scr_result k_leftright(struct app *app, void *self, unsigned key)
{
	SELF;
	struct wfield *f = walk_cur(w);
	int n = widget_noptions(f), sel = widget_option_of(f, appr_get(w->ap, f->path));

	if (f->q->type == FORM_CHOICES) {
		w->hl += key == KC(KEY_LEFT) ? -1 : 1;
		w->hl = w->hl < 0 ? 0 : w->hl >= n ? n - 1 : w->hl;
	} else {
		int i = sel < 0 ? 0 : sel + (key == KC(KEY_LEFT) ? -1 : 1);

		set_choice(app, w, i < 0 ? 0 : i >= n ? n - 1 : i);
	}
	return SCR_STAY;
}

static enum scr_result k_choice_enter(struct app *app, void *self, unsigned key)
{
	SELF;
	struct wfield *f = walk_cur(w);

	if (f->q->type != FORM_CHOICES &&
	    widget_option_of(f, appr_get(w->ap, f->path)) != w->hl)
		set_choice(app, w, w->hl);
	walk_step(app, w, 1);
	return SCR_STAY;
}

static enum scr_result k_space(struct app *app, void *self, unsigned key)
{
	SELF;
	set_choice(app, w, w->hl);
	return SCR_STAY;
}

/* A digit picks that option; a second digit right after makes ten and
 * more (1 then 0: option 10), so every option has keys. */
static enum scr_result k_digit(struct app *app, void *self, unsigned key)
{
	SELF;
	int n = widget_noptions(walk_cur(w)), d = (int)key - '0';

	if (w->digit > 0 && w->digit * 10 + d <= n) {
		set_choice(app, w, w->digit * 10 + d - 1);
		w->digit = 0;
		return SCR_STAY;
	}
	if (d == 0)
		d = 10;
	if (d > n) {
		app_msg(app, 0, "There are %d options: type 1 to %d.", n, n);
		w->digit = 0;
		return SCR_STAY;
	}
	set_choice(app, w, d - 1);
	w->digit = d * 10 + 1 <= n ? d : 0;
	return SCR_STAY;
}

static enum scr_result k_yesno(struct app *app, void *self, unsigned key)
{
	SELF;
	set_choice(app, w, key == 'y' || key == 'Y' ? 0 : 1);
	return SCR_STAY;
}

static enum scr_result k_clear(struct app *app, void *self, unsigned key)
{
	SELF;
	clear_answer(app, w);
	return SCR_STAY;
}

static enum scr_result k_add(struct app *app, void *self, unsigned key)
{
	SELF;
	add_item(app, w);
	return SCR_STAY;
}

static enum scr_result k_delete(struct app *app, void *self, unsigned key)
{
	SELF;
	ask_delete(app, w);
	return SCR_STAY;
}

static enum scr_result k_move(struct app *app, void *self, unsigned key)
{
	SELF;
	move_item(app, w, key == '<' ? -1 : 1);
	return SCR_STAY;
}

static enum scr_result k_section(struct app *app, void *self, unsigned key)
{
	SELF;
	walk_next_section(app, w, key == KCTRL('N') ? 1 : -1);
	return SCR_STAY;
}

static enum scr_result k_jump(struct app *app, void *self, unsigned key)
{
	SELF;
	sections_menu(app, w);
	return SCR_STAY;
}

static enum scr_result k_review(struct app *app, void *self, unsigned key)
{
	SELF;
	if (walk_leave(app, w) == 0) {
		walk_enter(app, w);
		review_open(app, w->ap, walk_jump_to, w);
	}
	return SCR_STAY;
}

static enum scr_result k_sign(struct app *app, void *self, unsigned key)
{
	SELF;
	if (walk_leave(app, w) == 0) {
		walk_enter(app, w);
		signoff_open(app, w->ap, signed_done, w);
	}
	return SCR_STAY;
}

static enum scr_result k_guide(struct app *app, void *self, unsigned key)
{
	SELF;
	struct err err = ERR_INIT;

	w->guide = !w->guide;
	/* kept for the next appraisal and the next start */
	if (store_pref_set(app->st, "guide", w->guide ? NULL : "hidden", &err) < 0)
		app_msg(app, 1, "Your choice could not be kept: %s", err_msg(&err));
	err_release(&err);
	return SCR_STAY;
}

static enum scr_result k_ninebox(struct app *app, void *self, unsigned key)
{
	SELF;
	ninebox_open(app, w->ap);
	return SCR_STAY;
}

/* F4: the 360-degree feedback report, beside values and behaviours. */
static enum scr_result k_360(struct app *app, void *self, unsigned key)
{
	SELF;
	feedback_screen_open(app, w->ap->rec.staff_number, w->ap->staff_name);
	return SCR_STAY;
}

static enum scr_result k_save(struct app *app, void *self, unsigned key)
{
	SELF;
	if (walk_flush(app, w) == 0)
		app_msg(app, 0, "Saved.");
	return SCR_STAY;
}

/* Ctrl-E's outside editor, in the form app_outside runs. */
static int run_external(void *ed, struct err *err)
{
	return editor_external(ed, err);
}

static enum scr_result k_external(struct app *app, void *self, unsigned key)
{
	SELF;
	struct err err = ERR_INIT;

	if (app_outside(app, run_external, w->ed, &err) < 0)
		app_msg(app, 1, "%s", err_msg(&err));
	else
		app_dirty(app);
	err_release(&err);
	return SCR_STAY;
}

static enum scr_result k_team(struct app *app, void *self, unsigned key)
{
	SELF;
	if (walk_leave(app, w) < 0)
		return SCR_STAY;
	app_msg(app, 0, "Saved. Back to your team.");
	return SCR_POP;
}

static enum scr_result k_help(struct app *app, void *self, unsigned key)
{
	SELF;
	return SCR_HELP;
}

static enum scr_result k_quit(struct app *app, void *self, unsigned key)
{
	SELF;
	return SCR_QUIT;
}

/* Enter, Up and Down in a long answer are the editor's. */
static enum scr_result k_to_editor(struct app *app, void *self, unsigned key)
{
	SELF;
	if (editor_key(w->ed, key != K_ENTER, key == K_ENTER ? '\n' : key & ~K_CODE) ==
	    EDITOR_CHANGED)
		app_dirty(app);
	return SCR_STAY;
}

const struct keydef walk_keys[] = {
	{ { K_TAB, KC(KEY_BTAB) }, "next / previous question (past the last: the next "
	  "section)", "next", 0, k_tab, 0 },
	{ { KCTRL('N'), KCTRL('P') }, "next / previous section (after the last: the review)",
	  "section", 0, k_section, 2 },
	{ { KC(KEY_F(4)) }, "in values and behaviours: the 360-degree feedback "
	  "report (read only)", "360", WP_360, k_360, 0 },
	{ { K_ENTER, KC(KEY_UP), KC(KEY_DOWN) }, "in a long answer: a new line, move by "
	  "line (Tab goes on)", NULL, WP_TEXT, k_to_editor, 0 },
	{ { KC(KEY_DOWN), KC(KEY_UP) }, "next / previous question", NULL,
	  WP_LINE | WP_HEAD | WP_RO | WP_ADD | WP_NONE, k_step, 0 },
	{ { K_ENTER }, "next question", NULL, WP_LINE | WP_HEAD | WP_RO, k_step, 0 },
	{ { KC(KEY_UP), KC(KEY_DOWN) }, "on options: the option above / below (past the "
	  "last: the next question)", NULL, WP_CHOICE, k_options, 0 },
	{ { '1', K_TO | '9', '0' }, "pick that option (1 then 0 picks the 10th, 1 then 1 "
	  "the 11th; 0 alone the 10th)", "pick", WP_CHOICE, k_digit, 0 },
	{ { ' ' }, "pick or tick the highlighted option", NULL, WP_CHOICE, k_space, 0 },
	{ { K_ENTER }, "on options: take the highlighted one, go to the next question",
	  NULL, WP_CHOICE, k_choice_enter, 0 },
	{ { 'y', 'n' }, "answer a yes/no question", NULL, WP_YESNO, k_yesno, 0 },
	{ { KC(KEY_LEFT), KC(KEY_RIGHT) }, "the option before / after", NULL, WP_CHOICE,
	  k_leftright, 0 },
	{ { K_BS, KC(KEY_DC) }, "clear a picked option", NULL, WP_CHOICE, k_clear, 0 },
	{ { K_ENTER, '+', 'a' }, "on [+]: add a list item (objective, goal)", "add", WP_ADD,
	  k_add, 0 },
	{ { KCTRL('D') }, "delete the list item you are in (asks first)", "delete item",
	  WP_INITEM, k_delete, 0 },
	{ { 'd', KC(KEY_DC), K_BS }, "delete the list item (on its heading; asks first)",
	  NULL, WP_HEAD, k_delete, 0 },
	{ { 'd' }, "delete the list item (asks first)", NULL, WP_ITEMFREE, k_delete, 0 },
	{ { '<', '>' }, "move the list item up / down (not while typing)", NULL,
	  WP_ITEMFREE, k_move, 0 },
	{ { K_ESC, KCTRL('X') }, "save and go back to the team list", "team", 0, k_team, 0 },
	{ { KCTRL('T'), KC(KEY_F(2)) }, "go to a section", "jump", 0, k_jump, 0 },
	{ { KCTRL('R') }, "review every answer, what is still needed first", "review", 0,
	  k_review, 0 },
	{ { KCTRL('F') }, "sign off and finalise", NULL, WP_OPEN, k_sign, 0 },
	{ { KCTRL('O') }, "show or hide the conversation prompts", "prompts", WP_OPEN,
	  k_guide, 0 },
	{ { KCTRL('B') }, "the talent 9-box", NULL, 0, k_ninebox, 0 },
	{ { KCTRL('E') }, "edit the answer in your own editor ($EDITOR, or nano)", NULL,
	  WP_EDIT, k_external, 0 },
	{ { KCTRL('S') }, "save now (answers are saved on every pause anyway)", NULL, 0,
	  k_save, 0 },
	{ { '?' }, "this help (when not typing)", NULL, WP_FREE, k_help, 0 },
	{ { 'q', KCTRL('Q') }, "save and quit eadr (q when not typing)", NULL, WP_FREE,
	  k_quit, 0 },
	{ { KCTRL('Q') }, "save and quit eadr", NULL, WP_EDIT, k_quit, 0 },
	{ { 0 }, NULL, NULL, 0, NULL, 0 },
};

/* What the table does not bind: text typed into the focused answer, or a
 * key that does nothing here, said why. */
enum scr_result walk_key(struct app *app, void *self, enum key_kind kind, wint_t ch)
{
	struct walk *w = self;
	struct wfield *f = walk_cur(w);
	int er;

	w->digit = 0;
	if (w->ed) {
		if (kind == KIND_CHAR && ch == '\r')
			ch = '\n';
		if (kind == KIND_CHAR && ch == '\n' && f->q->type != FORM_TEXT)
			ch = ' ';	/* a pasted line break in a one-line answer */
		er = kind == KIND_ALT ? editor_meta_key(w->ed, ch) :
					editor_key(w->ed, kind == KIND_CODE, ch);
		if (er == EDITOR_CHANGED)
			app_dirty(app);
		else if (er == EDITOR_FULL)
			app_msg(app, 1, "That is as long as an answer can be (64 KiB).");
		return SCR_STAY;
	}
	if (kind != KIND_CHAR || ch < 32 || ch == 127)
		return SCR_STAY;
	if (w->readonly)
		app_msg(app, 0, appr_is_final(w->ap) ?
			"This appraisal is final and read-only: to change it, go back to "
			"the team list (Esc), press Enter on the person, then r to reopen." :
			"This appraisal is signed and read-only: it becomes final when "
			"both have signed (Ctrl-F).");
	else if (f && widget_is_choice(f))
		app_msg(app, 0, "Pick an option with its number, or Up, Down and Space.");
	else if (f && f->kind == W_ADD)
		app_msg(app, 0, "Press Enter to add one, or Tab to go on.");
	return SCR_STAY;
}
