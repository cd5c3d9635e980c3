/*
 * team.c - the first screen: the manager's team with each person's
 * appraisal state and due date, overdue ones marked in words; typing
 * filters, Enter starts or resumes, Ctrl-N adds a staff member by hand,
 * F3 (Ctrl-Y) shows the completion figures, Ctrl-F asks for 360-degree
 * feedback on the selected person.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/appr.h"
#include "lib/name_match.h"
#include "lib/staff.h"
#include "dialog.h"
#include "feedback_request.h"
#include "guest_team.h"
#include "handover.h"
#include "keys.h"
#include "report_screen.h"
#include "review.h"
#include "screen.h"
#include "team.h"
#include "lib/utf8.h"
#include "lib/util.h"
#include "ui.h"
#include "walk.h"

struct row {
	char *number, *name, *station, *state, *due;
	enum due_status due_status;
	long long appraisal_id;
};

/* Filters counted since the list was last read (Backspace back to one
 * is not counted again). */
#define NCOUNTS 16

struct counted {
	char *typed;
	size_t n;
};

/*
 * The list itself stays in the store: the screen holds only the rows it
 * shows (a window of the filtered list, read a page at a time after or
 * before a row it has, lib/store_team.c) and how many the filter shows.
 * A filter key is not a count of everyone: the filter's rows are read a
 * screenful at a time, and they are counted only when that is needed
 * (End, or PgDn past what was read) and not known already (the end was
 * reached, or this filter was counted before).
 */
struct team {
	struct row *v;		/* the window: rows first .. first + n - 1 */
	size_t n, alloc, first;
	size_t total;		/* staff members in the store */
	size_t nshown;		/* of them, shown by the filter: all of them when
				   counted, else at least these */
	int counted;
	struct counted counts[NCOUNTS];
	size_t ncounts;
	size_t sel, top;
	int back;		/* just back from an appraisal (see team_key) */
	struct sbuf filter;
	char today[DATE_LEN + 1];
	long long changes;	/* store_changes when the rows were counted */
};

static void row_release(struct row *r)
{
	free(r->number);
	free(r->name);
	free(r->station);
	free(r->state);
	free(r->due);
}

static void rows_free(struct team *t)
{
	for (size_t i = 0; i < t->n; i++)
		row_release(&t->v[i]);
	t->n = 0;
}

static int add_row(const struct staff_status *ss, void *arg)
{
	struct team *t = arg;
	struct row *r;

	if (t->n == t->alloc) {
		t->alloc = t->alloc ? t->alloc * 2 : 64;
		t->v = xrealloc(t->v, t->alloc * sizeof(*t->v));
	}
	r = &t->v[t->n++];
	r->number = xstrdup(ss->s.staff_number);
	r->name = xstrdup(ss->s.name);
	r->station = xstrdup(ss->s.station ? ss->s.station : "");
	r->state = xstrdup(staff_state_name(ss));
	r->due = xstrdup(ss->s.due ? ss->s.due : "");
	r->due_status = staff_due_status(ss->s.due, t->today);
	r->appraisal_id = ss->appraisal_id;
	return 0;
}

static struct team_filter filter_of(const struct team *t)
{
	struct team_filter tf = { t->filter.buf, t->today };

	return tf;
}

static void counts_free(struct team *t)
{
	for (size_t i = 0; i < t->ncounts; i++)
		free(t->counts[i].typed);
	t->ncounts = 0;
}

/* The filter now shows exactly n: kept for this filter. */
static void set_count(struct team *t, size_t n)
{
	struct counted *c;

	t->nshown = n;
	t->counted = 1;
	if (!t->filter.len)
		return;
	for (size_t i = 0; i < t->ncounts; i++)
		if (!strcmp(t->counts[i].typed, t->filter.buf))
			return;
	if (t->ncounts == NCOUNTS) {
		free(t->counts[0].typed);
		memmove(t->counts, t->counts + 1, (NCOUNTS - 1) * sizeof(*t->counts));
		t->ncounts--;
	}
	c = &t->counts[t->ncounts++];
	c->typed = xstrdup(t->filter.buf);
	c->n = n;
}

/* Whether the count for the filter is known: counted before, or a filter
 * it extends showed nobody (typing more shows no more). */
static int known_count(struct team *t)
{
	for (size_t i = 0; i < t->ncounts; i++) {
		const struct counted *c = &t->counts[i];

		if (!strcmp(c->typed, t->filter.buf) ||
		    (!c->n && !strncmp(c->typed, t->filter.buf, strlen(c->typed)))) {
			set_count(t, c->n);
			return 1;
		}
	}
	return 0;
}

/* Count what the filter shows, if not known. */
static void count(struct app *app, struct team *t)
{
	struct team_filter tf = filter_of(t);
	struct err err = ERR_INIT;
	size_t n;

	if (t->counted)
		return;
	if (store_team_count(app->st, &tf, &n, &err) < 0)
		app_msg(app, 1, "%s", err_msg(&err)), n = 0;
	err_release(&err);
	set_count(t, n);
}

/* The filter as a person types it (lib/store_team.c: case, accents,
 * apostrophes and spaces do not matter, the same rule as plain mode's);
 * the window read again when drawn, counted only when needed. */
static void refilter(struct app *app, struct team *t)
{
	(void)app;
	rows_free(t);
	t->first = 0;
	t->counted = 0;
	t->nshown = 0;
	if (!t->filter.len)
		set_count(t, t->total);
	else
		known_count(t);
	if (t->counted && t->sel >= t->nshown)
		t->sel = t->nshown ? t->nshown - 1 : 0;
	else if (!t->counted)
		t->sel = 0;
}

static void reload(struct app *app, struct team *t)
{
	struct team_filter tf = { NULL, NULL };
	struct err err = ERR_INIT;

	date_today(t->today);
	t->changes = store_changes(app->st);
	counts_free(t);
	if (store_team_count(app->st, &tf, &t->total, &err) < 0)
		app_msg(app, 1, "%s", err_msg(&err)), t->total = 0;
	err_release(&err);
	refilter(app, t);
}

/* Read rows a .. b - 1 of the filtered list into the window, from the
 * nearest row the window has (or an end of the list). */
static void fetch(struct app *app, struct team *t, size_t a, size_t b)
{
	struct team_filter tf = filter_of(t);
	struct team_place at;
	const struct team_place *after = NULL;
	struct row *old = t->v;
	size_t oldn = t->n, oldfirst = t->first, skip = a;
	int dir = 1;
	struct err err = ERR_INIT;

	if (oldn && a > oldfirst && a - 1 < oldfirst + oldn) {
		after = &at, skip = 0;		/* just after a row we have */
		at = (struct team_place){ old[a - 1 - oldfirst].station,
			old[a - 1 - oldfirst].name, old[a - 1 - oldfirst].number };
	} else if (oldn && a >= oldfirst + oldn &&
		   !(t->counted && b <= t->nshown && t->nshown - b < a - (oldfirst + oldn))) {
		after = &at, skip = a - (oldfirst + oldn);	/* (else from the end) */
		at = (struct team_place){ old[oldn - 1].station, old[oldn - 1].name,
			old[oldn - 1].number };
	} else if (oldn && b >= oldfirst && b < oldfirst + oldn) {
		dir = -1, after = &at, skip = 0;	/* just before a row we have */
		at = (struct team_place){ old[b - oldfirst].station,
			old[b - oldfirst].name, old[b - oldfirst].number };
	} else if (oldn && b < oldfirst) {
		dir = -1, after = &at, skip = oldfirst - b;
		at = (struct team_place){ old[0].station, old[0].name, old[0].number };
	} else if (t->counted && a > t->nshown - b) {
		dir = -1, skip = t->nshown - b;	/* nearer the end */
	}
	t->v = NULL, t->n = 0, t->alloc = 0;
	if (store_team_page(app->st, &tf, after, dir, skip, b - a, add_row, t, &err) < 0)
		app_msg(app, 1, "%s", err_msg(&err));
	err_release(&err);
	for (size_t i = 0; i < oldn; i++)
		row_release(&old[i]);
	free(old);
	if (dir < 0)
		for (size_t i = 0; i < t->n / 2; i++) {
			struct row r = t->v[i];

			t->v[i] = t->v[t->n - 1 - i];
			t->v[t->n - 1 - i] = r;
		}
	t->first = dir < 0 ? b - t->n : a;
	if (t->counted)
		return;
	if (dir > 0 && t->n < b - a && (t->n || !skip))
		set_count(t, a + t->n);		/* the end of the filter's list */
	else if (t->first + t->n > t->nshown)
		t->nshown = t->first + t->n;
}

/* Row i of the filtered list (i < nshown), read with the rows after it
 * that fit the screen if the window does not have it; NULL if the store
 * did not give it. */
static struct row *row_at(struct app *app, struct team *t, size_t i, size_t rows)
{
	size_t b = i + (rows ? rows : 1);

	if (t->counted && b > t->nshown)
		b = t->nshown;
	if (b <= i)
		return NULL;
	if (i < t->first || i >= t->first + t->n ||
	    (rows && b > t->first + t->n))
		fetch(app, t, i, b);
	return i >= t->first && i < t->first + t->n ? &t->v[i - t->first] : NULL;
}

static void pad(struct sbuf *sb, const char *s, int width)
{
	int w = ui_width(s);

	if (w > width) {
		/* cut by columns, then mark the cut */
		size_t i = 0;

		while (s[i] && ui_nwidth(s, i + 1) <= width - 1)
			i++;
		while (s[i] && ((unsigned char)s[i] & 0xC0) == 0x80)
			i--;
		sbuf_add(sb, s, i);
		sbuf_adds(sb, ui_mark(UI_M_ELLIPSIS));
		w = ui_nwidth(s, i) + 1;
	} else {
		sbuf_adds(sb, s);
	}
	for (; w < width; w++)
		sbuf_addch(sb, ' ');
}

static void team_draw(struct app *app, void *self, int top, int bottom)
{
	struct team *t = self;
	int w = getmaxx(stdscr), y;
	/* Name first; on narrow screens the number, then the station, give way. */
	int show_num = w - 60 >= 16, show_st = show_num || w - 51 >= 14;
	int nw = w - 38 - (show_num ? 9 : 0) - (show_st ? 13 : 0);
	struct sbuf sb = SBUF_INIT;

	if (nw > 40)
		nw = 40;

	app->title = "eadr - your team";
	if (t->filter.len)
		sbuf_addf(&sb, "Filter: %s", t->filter.buf);
	else
		sbuf_adds(&sb, "Filter: type part of a name or number");
	ui_put(top, 1, w - 2, sb.buf, t->filter.len ? A_BOLD : ui_attr(UI_DIM));
	sbuf_reset(&sb);
	pad(&sb, "Name", nw);
	sbuf_adds(&sb, show_num ? " Number  " : "");
	sbuf_adds(&sb, show_st ? " Station     " : "");
	sbuf_adds(&sb, " State        Due");
	ui_put(top + 1, 2, w - 3, sb.buf, A_UNDERLINE);
	if (t->sel < t->top)
		t->top = t->sel;
	if (t->sel >= t->top + (size_t)(bottom - top - 2))
		t->top = t->sel - (size_t)(bottom - top - 3);
	y = top + 2;
	if (t->top < t->nshown || !t->counted)
		row_at(app, t, t->top, (size_t)(bottom - y));
	for (size_t k = t->top; k < t->nshown && y < bottom; k++, y++) {
		struct row *r = k >= t->first && k < t->first + t->n ? &t->v[k - t->first] : NULL;
		attr_t a;

		if (!r)
			break;
		a = k == t->sel ? ui_attr(UI_SEL) : A_NORMAL;
		const char *mark = r->due_status == DUE_OVERDUE ? "! OVERDUE" :
				   r->due_status == DUE_SOON ? "due soon" : "";

		if (r->due_status == DUE_OVERDUE && strcmp(r->state, "final") &&
		    strcmp(r->state, "synced"))
			a |= A_BOLD;
		else if (r->due_status == DUE_OVERDUE)
			mark = "";	/* done this year: not overdue any more */
		sbuf_reset(&sb);
		pad(&sb, r->name, nw);
		sbuf_addch(&sb, ' ');
		if (show_num) {
			pad(&sb, r->number, 8);
			sbuf_addch(&sb, ' ');
		}
		if (show_st) {
			pad(&sb, r->station, 12);
			sbuf_addch(&sb, ' ');
		}
		pad(&sb, r->state, 12);
		sbuf_addch(&sb, ' ');
		pad(&sb, r->due, 10);
		sbuf_addf(&sb, " %s", mark);
		ui_fill(y, 0, w, a);
		ui_put(y, 0, 2, k == t->sel ? ui_mark(UI_M_FOCUS) : " ", a);
		ui_put(y, 2, w - 2, sb.buf, a);
		if (*mark && (a & A_BOLD) && ui_color) {
			int mx = 2 + ui_width(sb.buf) - ui_width(mark);

			if (mx < w)
				ui_put(y, mx, w - mx, mark, a | ui_attr(UI_ERR));
		}
	}
	if (t->total == 0)
		ui_put(top + 3, 2, w - 4, "No staff yet. Press Ctrl-N to add a person, or "
		       "use 'eadr staff import FILE.csv'.", A_NORMAL);
	else if (t->nshown == 0 && t->counted)
		ui_put(top + 3, 2, w - 4, "Nobody matches the filter (Esc clears it).", A_NORMAL);
	sbuf_release(&sb);
	if (t->nshown)
		app_cursor(app, top + 2 + (int)(t->sel - t->top), 0);
	else
		app_cursor(app, top, 9 + ui_width(t->filter.buf));
}

/* ---- starting, resuming, reopening ---- */

static void start_new(struct app *app, void *arg)
{
	const char *number = arg;
	struct err err = ERR_INIT;
	long long id;

	if (appr_begin(app->st, (const char *const *)app->dirs, app->ndirs, number,
		       &id, NULL, &err) < 0)
		app_msg(app, 1, "The appraisal could not be started: %s", err_msg(&err));
	else
		walk_open(app, id, NULL);
	err_release(&err);
}

struct final_arg {
	char *number;
	long long id;
};

static void final_free(void *arg)
{
	struct final_arg *fa = arg;

	free(fa->number);
	free(fa);
}

static void do_reopen(struct app *app, void *arg)
{
	struct final_arg *fa = arg;
	struct err err = ERR_INIT;
	struct appr *ap = appr_open(app->st, fa->id, (const char *const *)app->dirs,
				    app->ndirs, &err);

	if (!ap || appr_reopen(ap, &err) < 0)
		app_msg(app, 1, "Could not reopen: %s", err_msg(&err));
	else
		walk_open(app, fa->id, NULL);
	appr_free(ap);
	err_release(&err);
}

static void final_choice(struct app *app, void *arg, int choice)
{
	struct final_arg *fa = arg;

	if (choice == 0) {
		review_view_open(app, fa->id);
	} else if (choice == 1) {
		start_new(app, fa->number);
	} else if (choice == 2) {
		struct final_arg *copy = xmalloc(sizeof(*copy));

		copy->number = xstrdup(fa->number);
		copy->id = fa->id;
		app_confirm(app, "Reopen this final appraisal? It becomes a draft again, "
			    "its sign-offs must be given again, and the reopening is "
			    "recorded in the audit log.", do_reopen, copy, final_free);
	}
}

static enum scr_result open_row(struct app *app, struct team *t)
{
	static const struct menu_item final_items[] = {
		{ 'v', "View it (read-only)" },
		{ 'n', "Start a new appraisal" },
		{ 'r', "Reopen it to change it (audited)" },
	};
	struct row *r;
	struct sbuf q = SBUF_INIT;
	struct err err = ERR_INIT;
	char *holder = NULL;
	int held;

	if (!(r = row_at(app, t, t->sel, 0)))	/* read if not drawn since the filter */
		return SCR_STAY;
	/* Held by another manager: said at once, and nothing offered, since
	 * all would be refused (resuming, viewing, reopening, and starting
	 * the next one, which carries this one's answers, are the holder's). */
	held = r->appraisal_id ? store_team_holder(app->st, r->appraisal_id, &holder, &err) : 0;
	if (held < 0) {
		app_msg(app, 1, "%s", err_msg(&err));
	} else if (held) {
		app_msg(app, 1, "%s's appraisal (%s) is held by %s; only %s can open it%s.",
			r->name, r->state, holder, holder,
			appr_state_open(r->state) ? "" : " or start the next one");
	} else if (!r->appraisal_id) {
		sbuf_addf(&q, "Start an appraisal with %s now?", r->name);
		app_confirm_yes(app, q.buf, start_new, xstrdup(r->number), free);
	} else if (appr_state_open(r->state)) {
		walk_open(app, r->appraisal_id, NULL);
	} else {
		struct final_arg *fa = xmalloc(sizeof(*fa));

		fa->number = xstrdup(r->number);
		fa->id = r->appraisal_id;
		sbuf_addf(&q, "%s: appraisal %s", r->name, r->state);
		app_menu(app, q.buf, final_items, 3, 0, final_choice, fa, final_free);
	}
	free(holder);
	err_release(&err);
	sbuf_release(&q);
	return SCR_STAY;
}

/* ---- keys ---- */

enum { TP_EMPTY = 1, TP_FILTER = 2 };

static unsigned team_place(struct app *app, void *self)
{
	struct team *t = self;

	(void)app;
	return t->filter.len ? TP_FILTER : TP_EMPTY;
}

static enum scr_result k_move(struct app *app, void *self, unsigned key)
{
	struct team *t = self;
	size_t page = (size_t)(getmaxy(stdscr) > 8 ? getmaxy(stdscr) - 6 : 1);

	t->back = 0;
	/* Down and PgDn past what was read: read on (the end of the list
	 * may be met there); End needs the count. */
	if (!t->counted && (key & ~K_CODE) == KEY_DOWN && t->sel + 1 >= t->nshown)
		row_at(app, t, t->sel + 1, 0);
	if (!t->counted && (key & ~K_CODE) == KEY_NPAGE && t->sel + page >= t->nshown &&
	    !row_at(app, t, t->sel + page, 0))
		count(app, t);
	if ((key & ~K_CODE) == KEY_END)
		count(app, t);
	switch (key & ~K_CODE) {
	case KEY_UP: if (t->sel > 0) t->sel--; break;
	case KEY_DOWN: if (t->sel + 1 < t->nshown) t->sel++; break;
	case KEY_PPAGE: t->sel = t->sel > page ? t->sel - page : 0; break;
	case KEY_NPAGE:
		t->sel = t->sel + page < t->nshown ? t->sel + page :
			 (t->nshown ? t->nshown - 1 : 0);
		break;
	case KEY_HOME: t->sel = 0; break;
	case KEY_END: t->sel = t->nshown ? t->nshown - 1 : 0; break;
	}
	return SCR_STAY;
}

static enum scr_result k_open(struct app *app, void *self, unsigned key)
{
	(void)key;
	((struct team *)self)->back = 0;
	return open_row(app, self);
}

static enum scr_result k_clear(struct app *app, void *self, unsigned key)
{
	struct team *t = self;

	(void)key;
	t->back = 0;
	if (!t->filter.len) {
		app_msg(app, 0, "To leave eadr press Ctrl-Q (everything is saved).");
		return SCR_STAY;
	}
	sbuf_reset(&t->filter);
	refilter(app, t);
	return SCR_STAY;
}

static enum scr_result k_backspace(struct app *app, void *self, unsigned key)
{
	struct team *t = self;

	size_t sel = t->sel;

	(void)key;
	t->back = 0;
	while (t->filter.len &&
	       ((unsigned char)t->filter.buf[t->filter.len - 1] & 0xC0) == 0x80)
		sbuf_setlen(&t->filter, t->filter.len - 1);
	if (t->filter.len)
		sbuf_setlen(&t->filter, t->filter.len - 1);
	{
		size_t before = t->nshown;

		refilter(app, t);
		/* A shorter filter shows everyone the longer one did: the
		 * selected row is still there. */
		if (!t->counted && before > t->nshown)
			t->nshown = before, t->sel = sel;
	}
	return SCR_STAY;
}

static enum scr_result k_add(struct app *app, void *self, unsigned key)
{
	(void)self, (void)key;
	staff_add_open(app);
	return SCR_STAY;
}

static enum scr_result k_reload(struct app *app, void *self, unsigned key)
{
	(void)key;
	reload(app, self);
	return SCR_STAY;
}

static enum scr_result k_report(struct app *app, void *self, unsigned key)
{
	(void)self, (void)key;
	report_screen_open(app);
	return SCR_STAY;
}

static enum scr_result k_handover(struct app *app, void *self, unsigned key)
{
	struct team *t = self;
	struct row *r;

	(void)key;
	if (!(r = row_at(app, t, t->sel, 0)))	/* read if not drawn yet */
		return SCR_STAY;
	handover_open(app, r->number, r->name);
	return SCR_STAY;
}

static enum scr_result k_feedback(struct app *app, void *self, unsigned key)
{
	struct team *t = self;
	struct row *r;

	(void)key;
	if (!(r = row_at(app, t, t->sel, 0)))	/* read if not drawn yet */
		return SCR_STAY;
	feedback_request_open(app, r->number, r->name, r->appraisal_id);
	return SCR_STAY;
}

/* Letters, digits, spaces and accents all go into the filter. */
static enum scr_result team_key(struct app *app, void *self, enum key_kind kind, wint_t ch)
{
	struct team *t = self;
	char mb[4];

	if (kind != KIND_CHAR || ch < 32 || ch == 127)
		return SCR_STAY;
	if (t->back) {
		t->back = 0;
		/* A key meant for the appraisal just left: not a filter. */
		if ((ch >= '0' && ch <= '9') || ch == ' ' || ch == 'y' || ch == 'n') {
			app_msg(app, 0, "You are on your team list now: '%lc' was not put in "
				"the filter. Type a name to filter.", ch);
			return SCR_STAY;
		}
	}
	sbuf_add(&t->filter, mb, utf8_encode((unsigned long)ch, mb));
	t->sel = 0;
	refilter(app, t);
	return SCR_STAY;
}

/* Back from another screen: read the list again only if the database
 * changed meanwhile (or the day did: who is overdue). */
static void team_resume(struct app *app, void *self)
{
	struct team *t = self;
	char today[DATE_LEN + 1];

	t->back = app->closed == &walk_ops;
	date_today(today);
	if (t->changes != store_changes(app->st) || strcmp(today, t->today))
		reload(app, t);
}

static void team_close(struct app *app, void *self)
{
	struct team *t = self;

	(void)app;
	rows_free(t);
	free(t->v);
	counts_free(t);
	sbuf_release(&t->filter);
	free(t);
}

static const struct keydef team_keys[] = {
	{ { K_ENTER }, "start an appraisal, resume a draft, or view or reopen a final one",
	  "open", 0, k_open, 0 },
	{ { KC(KEY_UP), KC(KEY_DOWN), KC(KEY_PPAGE), KC(KEY_NPAGE), KC(KEY_HOME),
	    KC(KEY_END) }, "move up and down the list", NULL, 0, k_move, 0 },
	{ { K_BS }, "remove the last letter of the filter", NULL, TP_FILTER, k_backspace, 0 },
	{ { K_ESC }, "clear the filter", "clear", TP_FILTER, k_clear, 0 },
	{ { K_ESC }, "(with an empty filter) say how to quit", NULL, TP_EMPTY, k_clear, 0 },
	{ { KCTRL('N') }, "add a staff member by hand", "add", 0, k_add, 0 },
	{ { KC(KEY_F(3)), KCTRL('Y') }, "completion of the team by station, with bar charts",
	  "completion", 0, k_report, 0 },
	{ { KCTRL('R') }, "read the list again", NULL, 0, k_reload, 0 },
	{ { KCTRL('O') }, "hand the appraisal you hold to another manager (audited)",
	  NULL, 0, k_handover, 0 },
	{ { KCTRL('F') }, "ask for 360-degree feedback on the selected person",
	  NULL, 0, k_feedback, 0 },
	{ { KC(KEY_F(2)) }, "prepare for my appraisal, with its code (if no sign-in)",
	  NULL, 0, guest_team_prepare, 0 },
	{ { KC(KEY_F(4)) }, "give 360-degree feedback, with its code (if no sign-in)",
	  NULL, 0, guest_team_feedback, 0 },
	{ { '?' }, "this help", NULL, 0, keys_help, 0 },
	{ { KCTRL('Q'), KC(KEY_F(10)) }, "quit (everything is saved)", "quit", 0, keys_quit, 0 },
	{ { 0 }, NULL, NULL, 0, NULL, 0 },
};

const struct screen_ops team_ops = {
	"Team list",
	team_draw, team_key, NULL, team_resume, team_close, team_keys, 0, team_place,
};

void team_open(struct app *app)
{
	struct team *t = xcalloc(1, sizeof(*t));

	sbuf_init(&t->filter, 0);
	reload(app, t);
	app_push(app, &team_ops, t);
}
