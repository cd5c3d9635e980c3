/*
 * walk.c - the appraisal walk: one section at a time with its guide
 * prompts, a progress line across sections, and a widget per question.
 * Text is saved on every pause in typing and on leaving a field; choices
 * the moment they change.  What could not be saved stays on screen and is
 * tried again on the next pause.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/appr.h"
#include "lib/rescue.h"
#include "lib/store_appr.h"
#include "lib/store_pref.h"
#include "lib/util.h"
#include "editor.h"
#include "ninebox.h"
#include "review.h"
#include "ui.h"
#include "walk.h"
#include "widgets.h"

#define GUIDE_W 34		/* the guide beside the questions, on wide screens */
#define GUIDE_BESIDE 110	/* from this width on */

void walk_refresh_fields(struct walk *w);
void walk_jump_to(struct app *app, void *walk, const char *path);

/* ---- the fields of the current section ---- */

static void fields_free(struct walk *w)
{
	for (size_t i = 0; i < w->nf; i++) {
		free(w->f[i].path);
		free(w->f[i].text);
	}
	free(w->f);
	w->f = NULL;
	w->nf = 0;
}

struct collect {
	struct walk *w;
	size_t alloc;
	const char *nine_after;
};

static void push_field(struct collect *c, enum wkind kind, const struct appr_elem *e)
{
	struct walk *w = c->w;
	struct wfield *f;

	if (w->nf == c->alloc) {
		c->alloc = c->alloc ? c->alloc * 2 : 32;
		w->f = xrealloc(w->f, c->alloc * sizeof(*w->f));
	}
	f = &w->f[w->nf++];
	f->kind = kind;
	f->q = e->q;
	f->path = xstrdup(e->path);
	f->index = e->index;
	f->nitems = e->nitems;
	f->depth = e->depth;
	f->text = NULL;
}

/*
 * Under an item carried from last year (an objective to review): what last
 * year's item said that this one does not ask again (its measure, its
 * target date), so "Was it met?" is not judged blind.  The item of last
 * year is the one whose first answer is the same.  NULL when none.
 */
static char *last_year_text(const struct walk *w, const struct appr_elem *e)
{
	const struct form_question *q = e->q, *from = q->carry_from;
	struct sbuf sb = SBUF_INIT, p = SBUF_INIT;
	const char *mine;
	long k, n;

	if (!w->prev || !from || !q->nquestions)
		return NULL;
	sbuf_addf(&p, "%s.%s", e->path, q->questions[0].id);
	mine = appr_get(w->ap, p.buf);
	n = appr_count(w->prev, q->carry);
	for (k = 0; k < n; k++) {
		const char *theirs;

		sbuf_reset(&p);
		sbuf_addf(&p, "%s[%ld].%s", q->carry, k, q->questions[0].id);
		theirs = appr_get(w->prev, p.buf);
		if (mine && theirs && !strcmp(mine, theirs))
			break;
	}
	for (size_t i = 0; k < n && i < from->nquestions; i++) {
		const struct form_question *fq = &from->questions[i];
		const char *v;
		char words[40];
		int asked = 0;

		for (size_t j = 0; j < q->nquestions; j++)
			asked |= !strcmp(q->questions[j].id, fq->id);
		sbuf_reset(&p);
		sbuf_addf(&p, "%s[%ld].%s", q->carry, k, fq->id);
		if (asked || !(v = appr_get(w->prev, p.buf)) || !*v)
			continue;
		date_words(v, words, sizeof(words));
		sbuf_addf(&sb, "%s%s%s %s", sb.len ? "; " : "Last year: ", fq->label,
			  fq->label[0] && fq->label[strlen(fq->label) - 1] == '?' ? "" : ":",
			  fq->type == FORM_DATE && words[0] ? words : v);
	}
	sbuf_release(&p);
	if (!sb.len) {
		sbuf_release(&sb);
		return NULL;
	}
	return sbuf_detach(&sb);
}

static int collect_one(const struct appr_elem *e, void *arg)
{
	struct collect *c = arg;

	push_field(c, (enum wkind)e->kind, e);
	if (e->kind == APPR_ITEM && e->q->carry) {
		char *t = last_year_text(c->w, e);

		if (t) {
			push_field(c, W_LASTYEAR, e);
			c->w->f[c->w->nf - 1].text = t;
		}
	}
	if (c->nine_after && e->kind == APPR_QUESTION && !strcmp(e->path, c->nine_after))
		push_field(c, W_NINEBOX, e);
	return 0;
}

void walk_build(struct walk *w)
{
	struct collect c = { w, 0, NULL };
	const char *perf, *pot;

	fields_free(w);
	if (ninebox_find(w->ap, &perf, &pot) &&
	    form_find(w->ap->form, pot)->section->index == w->sec)
		c.nine_after = pot;
	appr_walk(w->ap, w->sec, collect_one, &c);
}

struct wfield *walk_cur(struct walk *w)
{
	return w->focus < w->nf ? &w->f[w->focus] : NULL;
}

/* Focus the field with path (and kind) or the first focusable one. */
void walk_focus_path(struct walk *w, const char *path, enum wkind kind)
{
	size_t best = (size_t)-1;

	for (size_t i = 0; path && i < w->nf; i++) {
		if (!widget_focusable(&w->f[i]) || strcmp(w->f[i].path, path))
			continue;
		if (w->f[i].kind == kind || best == (size_t)-1)
			best = i;
	}
	if (best == (size_t)-1)
		for (size_t i = 0; i < w->nf; i++)
			if (widget_focusable(&w->f[i])) {
				best = i;
				break;
			}
	w->focus = best == (size_t)-1 ? 0 : best;
}

/* ---- saving ---- */

static int is_touched(struct walk *w, const char *path)
{
	for (size_t i = 0; i < w->ntouched; i++)
		if (!strcmp(w->touched[i], path))
			return 1;
	return 0;
}

static void touch(struct walk *w, const char *path)
{
	if (is_touched(w, path))
		return;
	w->touched = xrealloc(w->touched, (w->ntouched + 1) * sizeof(*w->touched));
	w->touched[w->ntouched++] = xstrdup(path);
}

/*
 * The editor's text as it is saved: a date written as people write it
 * (31/03/2027, today, +6m: lib/util.c's date_read) is kept as YYYY-MM-DD;
 * anything else as typed.  Borrowed until the next call.
 */
static const char *typed_value(struct walk *w)
{
	static char iso[DATE_LEN + 1];
	const struct form_question *q = form_find(w->ap->form, w->ed_path);
	char today[DATE_LEN + 1];

	if (!q || q->type != FORM_DATE)
		return editor_text(w->ed);
	date_today(today);
	return date_read(editor_text(w->ed), today, iso) ? iso : editor_text(w->ed);
}

/* Save the editor's text if it changed.  0 saved (or nothing to do), -1 not. */
static int save_editor(struct app *app, struct walk *w)
{
	struct err err = ERR_INIT;
	const char *v;
	int rc;

	if (!w->ed || w->readonly || editor_generation(w->ed) == w->saved_gen)
		return 0;
	v = typed_value(w);
	/* the editor's own text: its length is known (a key in a long answer
	 * does not measure it) */
	rc = v == editor_text(w->ed) ? appr_setn(w->ap, w->ed_path, v, editor_len(w->ed), &err)
				     : appr_set(w->ap, w->ed_path, v, &err);
	if (rc == 0)
		w->saved_gen = editor_generation(w->ed);
	app_saved(app, rc, &err);
	err_release(&err);
	return rc;
}

/* Save the pick the database did not take yet.  0 saved (or none), -1 not. */
static int save_pick(struct app *app, struct walk *w)
{
	struct err err = ERR_INIT;
	int rc;

	if (!w->pick_path)
		return 0;
	rc = appr_set(w->ap, w->pick_path, w->pick_value, &err);
	if (rc == 0) {
		free(w->pick_path);
		free(w->pick_value);
		w->pick_path = w->pick_value = NULL;
	}
	app_saved(app, rc, &err);
	err_release(&err);
	return rc;
}

void walk_pick(struct app *app, struct walk *w, const char *path, const char *value)
{
	free(w->pick_path);
	free(w->pick_value);
	w->pick_path = xstrdup(path);
	w->pick_value = xstrdup(value);
	save_pick(app, w);
}

int walk_flush(struct app *app, void *self)
{
	struct walk *w = self;
	int typed = w->ed && editor_generation(w->ed) != w->saved_gen;
	int changed = w->pick_path || typed;
	int rc = save_pick(app, w);

	if (rc == 0)
		rc = save_editor(app, w);
	if (rc == 0)
		app_saved(app, 0, NULL);
	/* `when` may read what was just saved (unless nothing reads it) */
	if (rc == 0 && changed && !(typed && !w->pick_path && walk_only_here(w)))
		walk_refresh_fields(w);
	return rc;
}

/* Leave the focused field: save, and drop its editor. 0, or -1 (kept). */
int walk_leave(struct app *app, struct walk *w)
{
	struct wfield *f = walk_cur(w);

	if (save_pick(app, w) < 0 || save_editor(app, w) < 0)
		return -1;	/* the text stays in the editor, on screen */
	if (f)
		touch(w, f->path);
	editor_free(w->ed);
	w->ed = NULL;
	free(w->ed_path);
	w->ed_path = NULL;
	return 0;
}

/* Enter the focused field: an editor for text, the option for choices. */
void walk_enter(struct app *app, struct walk *w)
{
	struct wfield *f = walk_cur(w);
	struct err err = ERR_INIT;

	w->digit = 0;
	if (!f)
		return;
	if (widget_uses_editor(f) && !w->readonly) {
		w->ed = editor_new(appr_get(w->ap, f->path));
		w->ed_path = xstrdup(f->path);
		w->saved_gen = editor_generation(w->ed);
	}
	if (widget_is_choice(f)) {
		int i = widget_option_of(f, appr_get(w->ap, f->path));

		w->hl = i < 0 ? 0 : i;
	}
	if (!w->readonly && appr_set_resume(w->ap, f->path, &err) < 0)
		app_msg(app, 1, "Your place could not be saved: %s", err_msg(&err));
	err_release(&err);
}

/* Rebuild the fields after answers changed, keeping the focus. */
void walk_refresh_fields(struct walk *w)
{
	struct wfield *f = walk_cur(w);
	char *path = f ? xstrdup(f->path) : NULL;
	enum wkind kind = f ? f->kind : W_QUESTION;

	walk_build(w);
	walk_focus_path(w, path, kind);
	free(path);
}

/* Move the focus to field i (a focusable one). */
static int move_to(struct app *app, struct walk *w, size_t i)
{
	if (i >= w->nf || i == w->focus)
		return 0;
	if (walk_leave(app, w) < 0)
		return -1;
	{
		/* Leaving may have changed answers that `when` reads. */
		char *path = xstrdup(w->f[i].path);
		enum wkind kind = w->f[i].kind;

		walk_build(w);
		walk_focus_path(w, path, kind);
		free(path);
	}
	walk_enter(app, w);
	return 0;
}

int walk_step(struct app *app, struct walk *w, int dir)
{
	size_t i = w->focus;

	for (;;) {
		if (dir > 0 ? i + 1 >= w->nf : i == 0)
			return 0;
		i += dir;
		if (widget_focusable(&w->f[i]) &&
		    !(w->readonly && w->f[i].kind == W_ADD))
			break;
	}
	move_to(app, w, i);
	return 1;
}

void walk_go_section(struct app *app, struct walk *w, size_t s, const char *path)
{
	if (s >= w->ap->form->nsections)
		return;
	if (walk_leave(app, w) < 0)
		return;
	w->sec = s;
	w->scroll = 0;
	walk_build(w);
	walk_focus_path(w, path, W_QUESTION);
	walk_enter(app, w);
}

void walk_next_section(struct app *app, struct walk *w, int dir)
{
	size_t s = w->sec;

	for (;;) {
		if (dir > 0 ? s + 1 >= w->ap->form->nsections : s == 0) {
			if (dir > 0 && walk_leave(app, w) == 0)
				review_open(app, w->ap, walk_jump_to, w);
			return;
		}
		s += dir;
		if (appr_section_visible(w->ap, s))
			break;
	}
	walk_go_section(app, w, s, NULL);
}

/* ---- drawing ---- */

/* Does any of these questions (groups looked into) hold an answer? */
static int any_answer(const struct appr *ap, const struct form_question *qs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct form_question *q = &qs[i];
		const char *v;

		if (q->type == FORM_LIST) {
			if (appr_count(ap, q->path) > 0)
				return 1;
		} else if (q->type == FORM_GROUP) {
			if (any_answer(ap, q->questions, q->nquestions))
				return 1;
		} else if ((v = appr_get(ap, q->path)) && *v) {
			return 1;
		}
	}
	return 0;
}

/* A section is ticked done only once it was looked at: shown this time,
 * or answered before; an optional section never opened is not "done". */
static int section_seen(const struct walk *w, size_t s)
{
	const struct form_section *sec = &w->ap->form->sections[s];

	return (s < 64 && (w->seen & (1ull << s))) ||
	       any_answer(w->ap, sec->questions, sec->nquestions);
}

void walk_draw_progress(struct walk *w, int y, int width)
{
	/* counted from the problems kept per section (lib/appr_problems.c) */
	size_t here = appr_problem_count(w->ap, w->sec), all = appr_problem_count(w->ap, (size_t)-1);
	int x = 1;

	for (size_t s = 0; s < w->ap->form->nsections && x < width - 30; s++) {
		struct sbuf sb = SBUF_INIT;
		size_t need = appr_problem_count(w->ap, s);
		attr_t a = s == w->sec ? ui_attr(UI_SEL) | A_BOLD : A_NORMAL;

		if (!appr_section_visible(w->ap, s))
			sbuf_addf(&sb, " %zu- ", s + 1);
		else if (need)
			sbuf_addf(&sb, " %zu%s ", s + 1, ui_mark(UI_M_TODO));
		else if (section_seen(w, s))
			sbuf_addf(&sb, " %zu%s ", s + 1, ui_mark(UI_M_DONE));
		else
			sbuf_addf(&sb, " %zu  ", s + 1);	/* not opened yet */
		x += ui_put(y, x, width - x, sb.buf, a);
		sbuf_release(&sb);
	}
	{
		struct sbuf sb = SBUF_INIT;

		if (all)
			sbuf_addf(&sb, "Still needed: %zu here, %zu in all", here, all);
		else
			sbuf_adds(&sb, "Nothing still needed");
		ui_put(y, x + 1, width - x - 1, sb.buf, all ? A_BOLD : A_NORMAL);
		sbuf_release(&sb);
	}
}

static void draw_guide(struct walk *w, int y, int x, int width, int maxh)
{
	const struct form_section *sec = &w->ap->form->sections[w->sec];
	int row = y;

	ui_put(row++, x, width, "Ask (Ctrl-O hides):", A_BOLD);
	for (size_t i = 0; i < sec->nguide && row < y + maxh; i++) {
		struct sbuf sb = SBUF_INIT;

		sbuf_addf(&sb, "%s %s", ui_mark(UI_M_BULLET), sec->guide[i]);
		row += ui_put_wrapped(row, x, width, y + maxh - row, sb.buf, ui_attr(UI_DIM));
		sbuf_release(&sb);
	}
}

/* The problem to show inline for field f, or NULL.  Caller frees. */
static char *inline_msg(struct walk *w, const struct wfield *f, int focused)
{
	struct sbuf msg = SBUF_INIT;
	const char *v;

	if (f->kind != W_QUESTION && f->kind != W_LIST)
		return NULL;
	if (focused && widget_uses_editor(f))
		return NULL;	/* not while typing: when leaving */
	v = f->kind == W_QUESTION ? appr_get(w->ap, f->path) : NULL;
	if (!(v && *v) && !w->show_all && !is_touched(w, f->path) && f->kind != W_LIST)
		return NULL;
	if (f->kind == W_LIST && !w->show_all && !is_touched(w, f->path) && f->nitems == 0)
		return NULL;
	if (!appr_check(w->ap, f->q, f->path, v, &msg)) {
		sbuf_release(&msg);
		return NULL;
	}
	return sbuf_detach(&msg);
}

static void walk_draw(struct app *app, void *self, int top, int bottom)
{
	struct walk *w = self;
	const struct form_section *sec = &w->ap->form->sections[w->sec];
	int width = getmaxx(stdscr), qw = width - 1, y, *heights, total = 0, fy = 0, fh = 0;
	int intro_h;
	struct canvas cv;
	struct sbuf sb = SBUF_INIT;

	sbuf_reset(&w->title);
	/* the state first: a long section title is what gives way */
	sbuf_addf(&w->title, "eadr - %s%s - %s", w->ap->staff_name,
		  appr_is_final(w->ap) ? " (final, read-only)" :
		  appr_is_signed(w->ap) ? " (signed, read-only)" :
		  !appr_locked(w->ap) ? " (read-only)" : "", sec->title);
	app->title = w->title.buf;
	if (w->sec < 64)
		w->seen |= 1ull << w->sec;
	walk_draw_progress(w, top, width);
	sbuf_addf(&sb, "Section %zu of %zu: %s", w->sec + 1, w->ap->form->nsections, sec->title);
	ui_put(top + 1, 1, width - 2, sb.buf, ui_attr(UI_TITLE) | A_UNDERLINE);
	sbuf_release(&sb);
	y = top + 2;
	if (w->guide && sec->nguide) {
		if (width >= GUIDE_BESIDE) {
			qw = width - GUIDE_W - 3;
			draw_guide(w, y, qw + 2, GUIDE_W, bottom - y);
		} else {
			int h = (int)sec->nguide + 1;

			if (h > (bottom - y) / 3)
				h = (bottom - y) / 3;
			draw_guide(w, y, 2, width - 4, h);
			y += h;
		}
	}
	cv.top = y;
	cv.bottom = bottom;
	cv.scroll = 0;
	/* The section's introduction scrolls with its questions, above them. */
	intro_h = sec->intro ? ui_wrap_count(sec->intro, qw - 4) + 1 : 0;
	total = intro_h;
	heights = xcalloc(w->nf + 1, sizeof(*heights));
	for (size_t i = 0; i < w->nf; i++) {
		struct wstate s = { w->ap, w->ed, i == w->focus, w->readonly, w->hl, NULL,
				    0, -1, -1 };
		char *msg = inline_msg(w, &w->f[i], s.focused);

		s.msg = msg;
		s.text_h = (bottom - cv.top) / 2 < 5 ? 5 : (bottom - cv.top) / 2 > 14 ? 14 :
			   (bottom - cv.top) / 2;
		heights[i] = widget_render(&w->f[i], &s, &cv, total, 1, qw - 2, 0);
		if (i == w->focus) {
			fy = total;
			fh = heights[i];
		}
		total += heights[i];
		free(msg);
	}
	/* Keep the focused field in view, its top first, with the headings
	 * just above it (a list's or group's title) when coming up to it. */
	if (fy < w->scroll) {
		int hy = fy;

		for (size_t j = w->focus; j > 0 && !widget_focusable(&w->f[j - 1]) &&
		     fy - (hy - heights[j - 1]) + fh <= bottom - cv.top; j--)
			hy -= heights[j - 1];
		w->scroll = hy;
	}
	if (fy + fh > w->scroll + (bottom - cv.top))
		w->scroll = fy + fh - (bottom - cv.top);
	if (w->scroll > fy)
		w->scroll = fy;
	if (w->focus == 0 || fy <= intro_h + 1)
		w->scroll = fy + fh <= bottom - cv.top ? 0 : w->scroll;
	cv.scroll = w->scroll;
	if (intro_h) {
		struct ui_line *l;
		size_t n = ui_wrap(sec->intro, qw - 4, &l);

		for (size_t k = 0; k < n; k++)
			if (canvas_visible(&cv, (int)k))
				ui_putn(cv.top + (int)k - cv.scroll, 3, qw - 4,
					sec->intro + l[k].start, l[k].end - l[k].start, A_NORMAL);
		free(l);
	}
	total = intro_h;
	for (size_t i = 0; i < w->nf; i++) {
		if (total + heights[i] > cv.scroll && total < cv.scroll + (bottom - cv.top)) {
			struct wstate s = { w->ap, w->ed, i == w->focus, w->readonly, w->hl,
					    NULL, 0, -1, -1 };
			char *msg = inline_msg(w, &w->f[i], s.focused);

			s.msg = msg;
			s.text_h = (bottom - cv.top) / 2 < 5 ? 5 : (bottom - cv.top) / 2 > 14 ?
				   14 : (bottom - cv.top) / 2;
			widget_render(&w->f[i], &s, &cv, total, 1, qw - 2, 1);
			if (s.focused && s.cy >= 0)
				app_cursor(app, s.cy, s.cx);
			free(msg);
		}
		total += heights[i];
	}
	if (w->nf == 0)
		ui_put(cv.top, 2, width - 4, "Nothing to answer in this section.", A_NORMAL);
	free(heights);
	w->drawn = (struct walk_drawn){ 1, top, bottom, width, qw, cv.top, w->scroll, fy, fh,
		w->sec, w->focus, w->nf, w->ntouched, w->readonly, w->guide, w->show_all,
		w->hl, w->ed, w->ap->gen };
}

/*
 * Hold the appraisal to edit it (lib/appr_lock.c): read-only when it is
 * final, or when another eadr has it open (said on the status line).
 */
static int walk_is_readonly(struct app *app, struct walk *w)
{
	struct appr_locker other = { 0 };
	struct err err = ERR_INIT;
	int rc;

	if (appr_is_final(w->ap))
		return 1;
	rc = appr_lock(w->ap, &other, &err);
	if (rc == 0) {
		struct sbuf msg = SBUF_INIT;

		appr_locker_describe(&other, &msg);
		app_msg(app, 1, "Read-only: %s. Close it there to edit here.", msg.buf);
		sbuf_release(&msg);
	} else if (rc < 0) {
		app_msg(app, 1, "Read-only: it could not be opened for editing: %s",
			err_msg(&err));
	}
	appr_locker_release(&other);
	err_release(&err);
	return rc != 1 || appr_is_signed(w->ap);
}

static void walk_resume(struct app *app, void *self)
{
	struct walk *w = self;
	struct err err = ERR_INIT;

	/* A screen above (review, sign-off) may have changed the state. */
	if (appr_reload(w->ap, &err) < 0)
		app_msg(app, 1, "%s", err_msg(&err));
	err_release(&err);
	/* Held elsewhere when opened: the other may have closed it since. */
	if (!appr_is_final(w->ap) && !appr_locked(w->ap))
		w->readonly = walk_is_readonly(app, w);
	else
		w->readonly = appr_is_final(w->ap) || appr_is_signed(w->ap);
	if (w->readonly && w->ed) {
		editor_free(w->ed);
		w->ed = NULL;
	}
	walk_refresh_fields(w);
	if (!w->ed)
		walk_enter(app, w);
}

/*
 * The database would not take the words (or a pick) and the screen is
 * closing: keep them in a file (lib/rescue.c) and say where after the
 * terminal is restored; when no file can be written, say the words.
 */
static void rescue_one(struct app *app, struct walk *w, const char *path, const char *text)
{
	struct sbuf who = SBUF_INIT, what = SBUF_INIT, note = SBUF_INIT;
	struct err err = ERR_INIT;
	struct rescue r;
	char *file;

	sbuf_addf(&who, "%s (%s)", w->ap->staff_name, w->ap->rec.staff_number);
	sbuf_addf(&what, "the answer to %s", path);
	memset(&r, 0, sizeof(r));
	r.db_path = store_path(app->st);
	r.who = who.buf;
	r.appraisal = w->ap->rec.uuid;
	r.id = w->ap->rec.id;
	r.what = what.buf;
	r.path = path;
	r.was = appr_get(w->ap, path);	/* the database's, the save failed */
	r.text = text;
	r.private = form_path_private(w->ap->form, path) != 0;
	r.kr = store_keyring(app->st);
	if (app->exit_note)
		sbuf_addf(&note, "%s\n", app->exit_note);
	if ((file = rescue_write(&r, &err)))
		sbuf_addf(&note, "%s could not be saved in the database; it is kept in %s%s",
			  what.buf, file, r.kr ? " (encrypted; eadr offers to put it back "
			  "at the next start)" : r.private ? " (private: mode 0600)" : "");
	else
		sbuf_addf(&note, "%s could not be saved in the database, and %s. "
			  "The words were:\n%s", what.buf, err_msg(&err), text);
	free(app->exit_note);
	app->exit_note = sbuf_detach(&note);
	free(file);
	sbuf_release(&who);
	sbuf_release(&what);
	err_release(&err);
}

static void walk_close(struct app *app, void *self)
{
	struct walk *w = self;
	struct err err = ERR_INIT;

	if (save_pick(app, w) < 0)
		rescue_one(app, w, w->pick_path, w->pick_value);
	if (save_editor(app, w) < 0 && w->ed)
		rescue_one(app, w, w->ed_path, editor_text(w->ed));
	/* Back to the team list on purpose: no resume offer at the next start. */
	if (!app->quitting)
		store_appr_mark_open(app->st, 0, &err);
	err_release(&err);
	editor_free(w->ed);
	free(w->ed_path);
	free(w->pick_path);
	free(w->pick_value);
	fields_free(w);
	for (size_t i = 0; i < w->ntouched; i++)
		free(w->touched[i]);
	free(w->touched);
	sbuf_release(&w->title);
	appr_free(w->ap);
	appr_free(w->prev);
	app->title = NULL;
	if (app->redraw_self == w)
		app->redraw_self = NULL;
	free(w);
}

const struct screen_ops walk_ops = {
	"Appraisal", walk_draw, walk_key, walk_flush, walk_resume, walk_close,
	walk_keys, 0, walk_place,
};

int walk_open(struct app *app, long long id, const char *path)
{
	struct err err = ERR_INIT;
	struct appr *ap = appr_open(app->st, id, (const char *const *)app->dirs,
				    app->ndirs, &err);
	struct walk *w;
	const struct form_question *q;

	if (!ap) {
		app_msg(app, 1, "The appraisal could not be opened: %s", err_msg(&err));
		err_release(&err);
		return -1;
	}
	w = xcalloc(1, sizeof(*w));
	w->ap = ap;
	{
		long long prev_id;

		/* last year's final appraisal, for what carried items said */
		if (store_appr_prev_final(app->st, ap->rec.staff_number, id, &prev_id, &err) == 1)
			w->prev = appr_open(app->st, prev_id, (const char *const *)app->dirs,
					    app->ndirs, &err);
		err_release(&err);
	}
	{
		char *v = NULL;

		/* Ctrl-O's choice, kept from the last time */
		w->guide = !(store_pref_get(app->st, "guide", &v, &err) == 1 &&
			     !strcmp(v, "hidden"));
		free(v);
		err_release(&err);
	}
	w->readonly = walk_is_readonly(app, w);
	sbuf_init(&w->title, 0);
	if (!path)
		path = ap->rec.resume_at;
	q = path ? form_find(ap->form, path) : NULL;
	w->sec = q ? q->section->index : 0;
	while (w->sec + 1 < ap->form->nsections && !appr_section_visible(ap, w->sec))
		w->sec++;
	walk_build(w);
	walk_focus_path(w, q ? path : NULL, W_QUESTION);
	app_push(app, &walk_ops, w);
	if (app->depth > 0 && app->stack[app->depth - 1].self == w) {
		app->redraw = walk_redraw;	/* a key draws what it changed (walk_fast.c) */
		app->redraw_self = w;
	}
	walk_enter(app, w);
	if (!w->readonly && store_appr_mark_open(app->st, id, &err) < 0)
		app_msg(app, 1, "%s", err_msg(&err));
	if (ap->form_substituted)
		app_msg(app, 1, "This appraisal's own form was not kept; showing it with "
			"form %s %s.", ap->form->id, ap->form->version);
	err_release(&err);
	return 0;
}
