/*
 * guest.c - the guest's screens (see guest.h): a code, a walk of questions
 * saved through a callback as they are typed, a last word.  Own small key
 * loops, like the sign-in screen; the editor widget for every text.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "editor.h"
#include "guest.h"
#include "lib/sbuf.h"
#include "ui.h"

#define KEY_CTRL_D 4
#define KEY_ESC 27

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void footer(const char *keys)
{
	ui_fill(LINES - 1, 0, COLS, ui_attr(UI_BAR));
	ui_put(LINES - 1, 0, COLS, keys, ui_attr(UI_BAR));
}

static int small(void)
{
	if (LINES >= 12 && COLS >= 40)
		return 0;
	erase();
	ui_too_small(12, 40);
	refresh();
	return 1;
}

void guest_say(const char *title, const char *text, volatile const sig_atomic_t *stop)
{
	wint_t ch;

	while (!*stop) {
		if (!small()) {
			erase();
			ui_put(1, 2, COLS - 4, title, ui_attr(UI_TITLE));
			ui_put_wrapped(3, 2, COLS - 4, LINES - 5, text, ui_attr(UI_NORMAL));
			footer(" Any key: back");
			curs_set(0);
			refresh();
		}
		if (get_wch(&ch) != ERR)
			break;
	}
}

int guest_confirm(const char *title, const char *text, volatile const sig_atomic_t *stop)
{
	wint_t ch;
	int kind;

	while (!*stop) {
		if (!small()) {
			erase();
			ui_put(1, 2, COLS - 4, title, ui_attr(UI_TITLE));
			ui_put_wrapped(3, 2, COLS - 4, LINES - 5, text, ui_attr(UI_NORMAL));
			footer(" y yes  n no");
			curs_set(0);
			refresh();
		}
		if ((kind = get_wch(&ch)) == ERR || kind == KEY_CODE_YES)
			continue;
		if (ch == 'y' || ch == 'Y' || ch == 'n' || ch == 'N' || ch == KEY_ESC)
			return ch == 'y' || ch == 'Y';
	}
	return 0;
}

char *guest_ask_code(const char *title, const char *intro, const char *msg,
		     volatile const sig_atomic_t *stop)
{
	struct editor *ed = editor_new("");
	char *code = NULL;
	wint_t ch;

	while (!*stop) {
		int y = 3, cy, cx, kind;

		if (!small()) {
			erase();
			ui_put(1, 2, COLS - 4, title, ui_attr(UI_TITLE));
			y += ui_put_wrapped(y, 2, COLS - 4, 8, intro, ui_attr(UI_NORMAL)) + 1;
			ui_put(y, 2, 6, "Code", ui_attr(UI_FOCUS));
			if (msg)
				ui_put_wrapped(y + 2, 2, COLS - 4, 4, msg, ui_attr(UI_ERR));
			footer(" Enter go on  Esc back");
			editor_draw(ed, stdscr, y, 8, 1, COLS - 10, &cy, &cx);
			move(cy, cx);
			curs_set(1);
			refresh();
		}
		if ((kind = get_wch(&ch)) == ERR)
			continue;
		if (kind != KEY_CODE_YES && ch == KEY_ESC)
			break;
		if ((kind == KEY_CODE_YES && ch == KEY_ENTER) ||
		    (kind != KEY_CODE_YES && (ch == '\r' || ch == '\n'))) {
			code = xstrdup(editor_text(ed));
			break;
		}
		editor_key(ed, kind == KEY_CODE_YES, ch);
	}
	editor_free(ed);
	erase();
	return code;
}

int guest_code_loop(const char *title, const char *intro,
		    int (*open)(void *arg, const char *code, struct err *err),
		    void *arg, volatile const sig_atomic_t *stop)
{
	struct err err = ERR_INIT;
	char *msg = NULL, *code;
	int rc = -1;

	while ((code = guest_ask_code(title, intro, msg, stop))) {
		int got = open(arg, code, &err);
		free(code);
		free(msg);
		msg = NULL;
		if (got == 0) {
			rc = 0;
			break;
		}
		msg = xstrdup(err_msg(&err));
		err_release(&err);
	}
	free(msg);
	return rc;
}

/* ---- the walk ---- */

struct gw {
	const struct guest_walk *g;
	size_t at;
	struct editor *ed;		/* the text question's editor, or NULL */
	unsigned long saved_gen;	/* the editor's text as last saved */
	long long last_save;
	int hl;				/* the highlighted option */
	char *problem;			/* NOT SAVED: why, or NULL */
};

static const struct form_question *cur_q(const struct gw *w)
{
	return w->g->qs[w->at].q;
}

static int is_options(const struct form_question *q)
{
	return q->choices && q->type != FORM_CHOICES;
}

static void set_problem(struct gw *w, struct err *err)
{
	free(w->problem);
	w->problem = err ? xstrdup(err_msg(err)) : NULL;
}

/* Save the editor's text if it changed: 0, or -1 (kept, said, retried). */
static int save_text(struct gw *w)
{
	const struct guest_question *gq = &w->g->qs[w->at];
	struct err err = ERR_INIT;

	if (!w->ed || editor_generation(w->ed) == w->saved_gen)
		return 0;
	if (w->g->save(w->g->arg, gq->path, editor_text(w->ed), &err) < 0) {
		set_problem(w, &err);
		err_release(&err);
		return -1;
	}
	w->saved_gen = editor_generation(w->ed);
	w->last_save = now_ms();
	set_problem(w, NULL);
	return 0;
}

static void open_question(struct gw *w)
{
	const struct guest_question *gq = &w->g->qs[w->at];
	const char *now = w->g->get(w->g->arg, gq->path);

	editor_free(w->ed);
	w->ed = NULL;
	w->hl = 0;
	if (!is_options(gq->q)) {
		w->ed = editor_new(now);
		w->saved_gen = editor_generation(w->ed);
		return;
	}
	for (size_t k = 0; now && k < gq->q->choices->n; k++)
		if (!strcmp(gq->q->choices->items[k].value, now))
			w->hl = (int)k;
}

/* Pick option k and save it: 1 (then the walk goes on), or 0 (said). */
static int pick(struct gw *w, int k)
{
	const struct guest_question *gq = &w->g->qs[w->at];
	struct err err = ERR_INIT;
	int rc = w->g->save(w->g->arg, gq->path, gq->q->choices->items[k].value, &err);

	w->hl = k;
	set_problem(w, rc < 0 ? &err : NULL);
	err_release(&err);
	return rc == 0;
}

static void draw_walk(struct gw *w)
{
	const struct guest_question *gq = &w->g->qs[w->at];
	const struct form_question *q = gq->q;
	struct sbuf head = SBUF_INIT;
	const char *state = w->problem ? "NOT SAVED" : "Saved";
	int y = 3, cy = -1, cx = -1, sw = ui_width(state) + 1;

	erase();
	ui_put(0, 1, COLS - sw - 2, w->g->title, ui_attr(UI_TITLE));
	ui_put(0, COLS - sw, sw, state, ui_attr(w->problem ? UI_ERR : UI_OK));
	sbuf_addf(&head, "%s - question %zu of %zu", gq->heading, w->at + 1, w->g->n);
	ui_put(1, 1, COLS - 2, head.buf, ui_attr(UI_DIM));
	sbuf_release(&head);
	y += ui_put_wrapped(y, 2, COLS - 4, 3, gq->label ? gq->label : q->label,
			    ui_attr(UI_FOCUS) | A_BOLD);
	if (q->hint && !gq->label)
		y += ui_put_wrapped(y, 2, COLS - 4, 3, q->hint, ui_attr(UI_DIM));
	y++;
	if (w->problem)
		ui_put(LINES - 2, 2, COLS - 4, w->problem, ui_attr(UI_ERR));
	if (w->ed) {
		int h = LINES - 3 - y - 1;
		if (q->type != FORM_TEXT || h < 1)
			h = 1;
		ui_frame(y, 1, h + 2, COLS - 2);
		editor_draw(w->ed, stdscr, y + 1, 3, h, COLS - 6, &cy, &cx);
	} else {
		const char *now = w->g->get(w->g->arg, gq->path);
		for (size_t k = 0; k < q->choices->n && y < LINES - 3; k++, y++) {
			const struct form_choice *c = &q->choices->items[k];
			struct sbuf o = SBUF_INIT;
			int chosen = now && !strcmp(now, c->value), at;
			sbuf_addf(&o, "%s %zu  %s", chosen ? "(x)" : "( )", k + 1, c->label);
			at = ui_put(y, 3, COLS - 6, o.buf,
				    ui_attr((int)k == w->hl ? UI_SEL : UI_NORMAL));
			if (c->hint && COLS - 6 - at > 8)	/* what the point means */
				ui_put(y, 3 + at + 2, COLS - 6 - at - 2, c->hint, ui_attr(UI_DIM));
			if ((int)k == w->hl) {
				cy = y;
				cx = 4;
			}
			sbuf_release(&o);
		}
	}
	footer(w->ed ? " Tab next  Shift-Tab back  F10 done  Esc stop (all is saved)"
		     : " 1-9 pick  Up/Down Enter  Tab next  Shift-Tab back  F10 done  Esc stop");
	if (cy >= 0) {
		move(cy, cx);
		curs_set(1);
	} else {
		curs_set(0);
	}
	refresh();
}

/* One key: 0 go on, 1 next, -1 back, 2 done, 3 stop. */
static int walk_key(struct gw *w, int kind, wint_t ch)
{
	const struct form_question *q = cur_q(w);
	int code = kind == KEY_CODE_YES;

	if (code && ch == KEY_F(10))
		return 2;
	if (code && ch == KEY_BTAB)
		return -1;
	if (!code && ch == KEY_CTRL_D)
		return 2;
	if (!code && ch == KEY_ESC)
		return 3;
	if (!code && ch == '\t')
		return 1;
	if (w->ed) {
		int enter = (code && ch == KEY_ENTER) || (!code && (ch == '\r' || ch == '\n'));
		if (enter && q->type != FORM_TEXT)
			return 1;
		editor_key(w->ed, code, ch);
		return 0;
	}
	if (code && ch == KEY_UP && w->hl > 0)
		w->hl--;
	else if (code && ch == KEY_DOWN && (size_t)w->hl + 1 < q->choices->n)
		w->hl++;
	else if ((code && ch == KEY_ENTER) || (!code && (ch == '\r' || ch == '\n' || ch == ' ')))
		return pick(w, w->hl);
	else if (!code && ch >= '1' && ch <= '9' && (size_t)(ch - '1') < q->choices->n)
		return pick(w, (int)(ch - '1'));
	return 0;
}

static char *not_saved;	/* why the last words at a signal were not saved */

const char *guest_not_saved(void)
{
	return not_saved;
}

int guest_walk_run(const struct guest_walk *g, volatile const sig_atomic_t *stop)
{
	struct gw w = { .g = g, .last_save = now_ms() };
	int rc = 2;

	if (!g->n)
		return 0;
	open_question(&w);
	while (!*stop) {
		wint_t ch;
		int kind, k;

		if (!small())
			draw_walk(&w);
		kind = get_wch(&ch);
		if (kind == ERR) {		/* a pause: the moment to save */
			save_text(&w);
			continue;
		}
		if (kind == KEY_CODE_YES && ch == KEY_RESIZE)
			continue;
		k = walk_key(&w, kind, ch);
		if (k == 0) {
			if (w.ed && editor_generation(w.ed) != w.saved_gen &&
			    now_ms() - w.last_save >= 1000)
				save_text(&w);
			continue;
		}
		if (save_text(&w) < 0 && k != 3)
			continue;	/* stays until it is saved (or Esc) */
		if (k == 3 || k == 2 || (k == 1 && w.at + 1 == g->n)) {
			rc = w.problem ? -1 : k == 3 ? 1 : 0;
			break;
		}
		if (k == 1)
			w.at++;
		else if (w.at > 0)
			w.at--;
		open_question(&w);
	}
	/* Stopped by a signal: what was typed since the last pause is saved
	 * now (a key burst or a paste never paused); if it cannot be, eadr
	 * says so as it leaves (guest_not_saved), there being no screen now. */
	if (*stop && save_text(&w) < 0) {
		free(not_saved);
		not_saved = xstrdup(w.problem);
	}
	if (rc == -1) {
		struct sbuf m = SBUF_INIT;
		sbuf_addf(&m, "These last words could not be saved: %s", w.problem);
		guest_say("EADR: NOT SAVED", m.buf, stop);
		sbuf_release(&m);
	}
	editor_free(w.ed);
	free(w.problem);
	erase();
	return rc;
}

void guest_signin_help(volatile const sig_atomic_t *stop)
{
	guest_say("EADR: help - the sign-in screen",
		  "Enter: sign in (on the name: go to the passphrase).  "
		  "Tab: the next field.  Ctrl-N: a new manager on this laptop.  "
		  "Ctrl-R: a forgotten passphrase (a reset file from the hub).  "
		  "F2: prepare for my appraisal - a staff member answers the questions "
		  "their manager marked for preparation, with the code on their "
		  "preparation sheet; no manager signs in, and nothing about wellbeing "
		  "is asked.  F3: give 360-degree feedback with the code on your "
		  "invitation slip; it is sealed for the trust's hub and nobody on "
		  "this laptop can read it.  F1: this help.  Esc or Ctrl-Q: quit.", stop);
}
