/*
 * review.c - every answer on one scrollable screen, what is still needed
 * listed first; Enter on a line jumps to that question in the walk.  The
 * same screen is the read-only view of a final appraisal from the team
 * list, with the private answers folded away until p is pressed.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/answer.h"
#include "lib/appr.h"
#include "keys.h"
#include "review.h"
#include "signoff.h"
#include "ui.h"
#include "widgets.h"

struct rline {
	char *text;
	attr_t attr;
	char *path;		/* jump target, or NULL */
	int indent;
};

struct review {
	struct appr *ap;	/* borrowed from the walk; owned by a view */
	int view;		/* the read-only view from the team list */
	int hide_private;	/* private answers are folded away */
	struct sbuf title;	/* a view's title bar */
	void (*jump)(struct app *, void *, const char *);
	void *walk;
	struct rline *v;
	size_t n, alloc;
	size_t sel, top;
	size_t nproblems;
};

static void add(struct review *r, int indent, attr_t a, const char *path,
		const char *text)
{
	if (r->n == r->alloc) {
		r->alloc = r->alloc ? r->alloc * 2 : 64;
		r->v = xrealloc(r->v, r->alloc * sizeof(*r->v));
	}
	r->v[r->n].text = xstrdup(text);
	r->v[r->n].attr = a;
	r->v[r->n].path = path ? xstrdup(path) : NULL;
	r->v[r->n].indent = indent;
	r->n++;
}

static void lines_free(struct review *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].text);
		free(r->v[i].path);
	}
	r->n = 0;
}

/* The answer as the person sees it: choice labels, "(no answer)". */
static void shown_value(const struct appr *ap, const struct appr_elem *e,
			struct sbuf *out)
{
	const char *v = appr_get(ap, e->path);

	if (!v || !*v)
		sbuf_adds(out, "(no answer)");
	else
		answer_labels(e->q, v, "; ", out);
}

/* Is the answer at e private: by its question, its path, or as stored? */
static int elem_private(const struct appr *ap, const struct appr_elem *e)
{
	if (e->q->private || form_path_private(ap->form, e->path) != 0)
		return 1;
	for (size_t i = 0; i < ap->n; i++)
		if (!strcmp(ap->v[i].path, e->path))
			return (ap->v[i].flags & STORE_PRIVATE) != 0;
	return 0;
}

static int add_elem(const struct appr_elem *e, void *arg)
{
	struct review *r = arg;
	struct sbuf sb = SBUF_INIT;
	int ind = 2 + 2 * e->depth;

	switch (e->kind) {
	case APPR_GROUP:
		add(r, ind, A_BOLD, e->path, e->q->label);
		break;
	case APPR_LIST:
		sbuf_addf(&sb, "%s: %ld", e->q->label, e->nitems);
		add(r, ind, A_BOLD, e->path, sb.buf);
		break;
	case APPR_ITEM:
		sbuf_addf(&sb, "%s %ld", e->q->item ? e->q->item : e->q->label, e->index + 1);
		add(r, ind, A_BOLD | A_UNDERLINE, e->path, sb.buf);
		break;
	case APPR_ADD:
		break;
	case APPR_QUESTION:
		if (e->q->type == FORM_NOTE)
			break;
		sbuf_addf(&sb, "%s%s", e->q->label, e->q->private ? " [private]" : "");
		add(r, ind, A_BOLD, e->path, sb.buf);
		sbuf_reset(&sb);
		if (r->hide_private && elem_private(r->ap, e)) {
			add(r, ind + 2, ui_attr(UI_DIM), NULL,
			    "(private answer hidden: p shows it)");
			break;
		}
		shown_value(r->ap, e, &sb);
		add(r, ind + 2, appr_get(r->ap, e->path) && *appr_get(r->ap, e->path) ?
		    A_NORMAL : ui_attr(UI_DIM), NULL, sb.buf);
		break;
	}
	sbuf_release(&sb);
	return 0;
}

static void build(struct review *r)
{
	struct appr_problems p = { 0 };
	const struct form *f = r->ap->form;
	struct sbuf sb = SBUF_INIT;

	lines_free(r);
	if (r->view) {
		add(r, 1, ui_attr(UI_WARN), NULL, r->hide_private ?
		    "Private answers hidden: press p to show them (only with the "
		    "staff member's consent)." :
		    "Private answers shown: press p to hide them again.");
		add(r, 0, A_NORMAL, NULL, "");
	}
	appr_problems(r->ap, (size_t)-1, &p);
	r->nproblems = p.n;
	if (r->view) {
		/* read-only: nothing to do before a sign-off */
	} else if (p.n) {
		sbuf_addf(&sb, "Still needed (%zu) - Enter goes to the question:", p.n);
		add(r, 1, ui_attr(UI_ERR), NULL, sb.buf);
		for (size_t i = 0; i < p.n; i++) {
			sbuf_reset(&sb);
			sbuf_addf(&sb, "%s %s %s %s: %s", ui_mark(UI_M_TODO),
				  f->sections[p.v[i].section].title, ui_mark(UI_M_SEP),
				  p.v[i].q->label, p.v[i].msg);
			add(r, 2, A_NORMAL, p.v[i].path, sb.buf);
		}
		add(r, 0, A_NORMAL, NULL, "");
	} else if (appr_is_final(r->ap)) {
		add(r, 1, ui_attr(UI_OK) | A_BOLD, NULL,
		    "This appraisal is final: signed by both, read-only.");
		add(r, 0, A_NORMAL, NULL, "");
	} else if (appr_is_signed(r->ap)) {
		add(r, 1, ui_attr(UI_OK) | A_BOLD, NULL,
		    "Signed: press s to see the sign-off and make it final.");
		add(r, 0, A_NORMAL, NULL, "");
	} else {
		add(r, 1, ui_attr(UI_OK) | A_BOLD, NULL,
		    "Nothing still needed: ready to sign off (press s).");
		add(r, 0, A_NORMAL, NULL, "");
	}
	for (size_t s = 0; s < f->nsections; s++) {
		if (!appr_section_visible(r->ap, s))
			continue;
		sbuf_reset(&sb);
		sbuf_addf(&sb, "%zu. %s", s + 1, f->sections[s].title);
		add(r, 0, ui_attr(UI_TITLE) | A_UNDERLINE, NULL, sb.buf);
		appr_walk(r->ap, s, add_elem, r);
		add(r, 0, A_NORMAL, NULL, "");
	}
	appr_problems_release(&p);
	sbuf_release(&sb);
	if (r->sel >= r->n)
		r->sel = 0;
	while (r->sel < r->n && !r->v[r->sel].path)
		r->sel++;
}

/* Rows line i takes at width w. */
static int rows(struct review *r, size_t i, int w)
{
	return ui_wrap_count(r->v[i].text, w - r->v[i].indent - 1);
}

static void review_draw(struct app *app, void *self, int top, int bottom)
{
	struct review *r = self;
	int w = getmaxx(stdscr), y, h = bottom - top - 1;

	app->title = r->view ? r->title.buf : appr_is_final(r->ap) ? "eadr - review - final, read-only" :
		     appr_is_signed(r->ap) ? "eadr - review - signed, read-only" : "eadr - review";
	ui_put(top, 1, w - 2, r->view ? "Every answer, read-only" :
	       "Review: every answer, what is still needed first", ui_attr(UI_TITLE));
	if (r->top > r->sel)
		r->top = r->sel;
	for (;;) {	/* keep the selected line on screen */
		int used = 0;

		for (size_t i = r->top; i <= r->sel && i < r->n; i++)
			used += rows(r, i, w);
		if (used <= h || r->top >= r->sel)
			break;
		r->top++;
	}
	y = top + 1;
	for (size_t i = r->top; i < r->n && y < bottom; i++) {
		attr_t a = r->v[i].attr | (i == r->sel ? ui_attr(UI_SEL) : 0);
		int n = ui_put_wrapped(y, r->v[i].indent, w - r->v[i].indent - 1, bottom - y,
				       r->v[i].text, a);

		if (i == r->sel)
			app_cursor(app, y, r->v[i].indent);
		y += n > 0 ? n : 1;
	}
}

static void move_sel(struct review *r, int dir, int count)
{
	size_t i = r->sel;

	while (count-- > 0) {
		size_t j = i;

		do {
			if (dir > 0 ? j + 1 >= r->n : j == 0) {
				j = (size_t)-1;
				break;
			}
			j += dir;
		} while (!r->v[j].path);
		if (j == (size_t)-1)
			break;
		i = j;
	}
	r->sel = i;
}

static enum scr_result k_move(struct app *app, void *self, unsigned key)
{
	struct review *r = self;
	int page = getmaxy(stdscr) / 2;

	(void)app;
	switch (key) {
	case KC(KEY_UP): case 'k': move_sel(r, -1, 1); break;
	case KC(KEY_DOWN): case 'j': move_sel(r, 1, 1); break;
	case KC(KEY_PPAGE): move_sel(r, -1, page); break;
	case KC(KEY_NPAGE): move_sel(r, 1, page); break;
	case KC(KEY_HOME): r->sel = 0; move_sel(r, 1, 0); break;
	case KC(KEY_END): move_sel(r, 1, (int)r->n); break;
	}
	return SCR_STAY;
}

static enum scr_result k_jump(struct app *app, void *self, unsigned key)
{
	struct review *r = self;

	(void)key;
	if (r->sel < r->n && r->v[r->sel].path && r->jump) {
		char *path = xstrdup(r->v[r->sel].path);
		void (*jump)(struct app *, void *, const char *) = r->jump;
		void *walk = r->walk;

		/* Close the review first: the walk is then on top again. */
		app_pop(app);
		jump(app, walk, path);
		free(path);
	}
	return SCR_STAY;
}

static enum scr_result k_sign(struct app *app, void *self, unsigned key)
{
	struct review *r = self;

	(void)key;
	if (appr_is_final(r->ap))
		app_msg(app, 0, "This appraisal is final: nothing to sign.");
	else
		signoff_open(app, r->ap, NULL, r->walk);
	return SCR_STAY;
}

static enum scr_result k_private(struct app *app, void *self, unsigned key)
{
	struct review *r = self;

	(void)app, (void)key;
	r->hide_private = !r->hide_private;
	build(r);
	return SCR_STAY;
}

static void review_resume(struct app *app, void *self)
{
	(void)app;
	build(self);
}

static void review_close(struct app *app, void *self)
{
	struct review *r = self;

	(void)app;
	lines_free(r);
	free(r->v);
	if (r->view)
		appr_free(r->ap);
	sbuf_release(&r->title);
	free(r);
}

#define MOVE_KEYS { KC(KEY_UP), KC(KEY_DOWN), 'j', 'k', KC(KEY_PPAGE), KC(KEY_NPAGE) }

/* A key that does nothing here says why. */
static enum scr_result review_key(struct app *app, void *self, enum key_kind kind, wint_t ch)
{
	struct review *r = self;

	if (kind != KIND_CHAR || ch < 32 || ch == 127)
		return SCR_STAY;
	if (appr_is_final(r->ap))
		app_msg(app, 0, "Final and read-only. To change it: Esc to the team list, "
			"Enter on the person, then r to reopen it.");
	else if (r->view)
		app_msg(app, 0, "This is a read-only view: press Esc to go back.");
	else
		app_msg(app, 0, "The review is read-only: press Enter to go to the question "
			"and change it there.");
	return SCR_STAY;
}

enum { RP_OPEN = 1, RP_FINAL = 2 };

/* A final appraisal has nothing to sign. */
static unsigned review_place(struct app *app, void *self)
{
	struct review *r = self;

	(void)app;
	return appr_is_final(r->ap) ? RP_FINAL : RP_OPEN;
}

static const struct keydef review_keys[] = {
	{ MOVE_KEYS, "move between questions", "move", 0, k_move, 2 },
	{ { KC(KEY_HOME), KC(KEY_END) }, "the first / the last question", NULL, 0, k_move, 0 },
	{ { K_ENTER }, "go to that question in the walk", "go to question", 0, k_jump, 0 },
	{ { 's', KCTRL('F') }, "sign off", "sign off", RP_OPEN, k_sign, 0 },
	{ { K_ESC, 'q', KCTRL('R'), KCTRL('X') }, "back to the walk", "back", 0, keys_back, 0 },
	{ { '?' }, "this help", NULL, 0, keys_help, 0 },
	{ { 0 }, NULL, NULL, 0, NULL, 0 },
};

static const struct keydef view_keys[] = {
	{ MOVE_KEYS, "move between questions", "move", 0, k_move, 2 },
	{ { KC(KEY_HOME), KC(KEY_END) }, "the first / the last question", NULL, 0, k_move, 0 },
	{ { 'p' }, "show or hide private answers (with the person's consent)", "private",
	  0, k_private, 0 },
	{ { K_ESC, 'q' }, "back to the team list", "back", 0, keys_back, 0 },
	{ { '?' }, "this help", NULL, 0, keys_help, 0 },
	{ { 0 }, NULL, NULL, 0, NULL, 0 },
};

const struct screen_ops review_ops = {
	"Review", review_draw, review_key, NULL, review_resume, review_close, review_keys, 0,
	review_place,
};

const struct screen_ops review_view_ops = {
	"View", review_draw, review_key, NULL, review_resume, review_close, view_keys, 0, NULL,
};

void review_open(struct app *app, struct appr *ap,
		 void (*jump)(struct app *app, void *walk, const char *path),
		 void *walk)
{
	struct review *r = xcalloc(1, sizeof(*r));

	r->ap = ap;
	r->jump = jump;
	r->walk = walk;
	build(r);
	app_push(app, &review_ops, r);
}

int review_view_open(struct app *app, long long id)
{
	struct err err = ERR_INIT;
	struct appr *ap = appr_open(app->st, id, (const char *const *)app->dirs,
				    app->ndirs, &err);
	struct review *r;

	if (!ap) {
		app_msg(app, 1, "Could not open the appraisal: %s", err_msg(&err));
		err_release(&err);
		return -1;
	}
	r = xcalloc(1, sizeof(*r));
	r->ap = ap;
	r->view = 1;
	r->hide_private = 1;
	sbuf_addf(&r->title, "eadr - %s - %s, read-only", ap->staff_name,
		  ap->rec.state ? ap->rec.state : "view");
	build(r);
	app_push(app, &review_view_ops, r);
	return 0;
}
