/*
 * feedback_request.c - asking for 360-degree feedback on a person from the
 * team list (Ctrl-F): how many invitations per group and a close date, then
 * the codes and the printable slips, made by the same lib functions as
 * 'eadr feedback request' (feedback_request_new, feedback_slips_write),
 * into a folder the screen shows in full before anything is made (by
 * default "360-slips" beside the database, never silently the current one).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/feedback.h"
#include "lib/sbuf.h"
#include "lib/store.h"
#include "lib/utf8.h"
#include "feedback_request.h"
#include "keys.h"
#include "ui.h"

#define DAYS_OPEN 21		/* the close date offered: three weeks on */

enum { F_DATE = FB_NGROUPS, F_DIR, F_BUTTON, F_NFIELDS };

#define LABEL_W 16		/* "Close date", "Slips folder" */

struct fbreq {
	char *number, *name, *title;
	int n[FB_NGROUPS];
	char date[DATE_LEN + 1];
	struct sbuf dir;	/* where the slips go, as typed */
	int focus;
	char *done;		/* what was made, once made; NULL before */
};

static const char *const hints[FB_NGROUPS] = {
	"0 or 1: their own view, beside the others'",
	"0 or 1: shown alone and named",
	"anonymous",
	"anonymous",
	"anonymous",
};

static const char recommend[] =
	"Ask at least 5 people in each anonymous group you use (peers, direct "
	"reports, others): a group is shown only when 3 or more of them answer, "
	"and some will not; a smaller group is merged into another or left out, "
	"so no one's answers can be picked out.";

/* "Slips folder     /the/full/path": the end of a long path, which names
 * the folder, is what stays on screen. */
static void draw_dir(struct app *app, const struct fbreq *s, int y, int w, int focus)
{
	const char *p = s->dir.buf ? s->dir.buf : "";
	int room = w - 4 - LABEL_W - 1, x = 2 + LABEL_W + 1;

	ui_put(y, 0, 2, focus ? ui_mark(UI_M_FOCUS) : " ", ui_attr(UI_FOCUS));
	ui_put(y, 2, LABEL_W, "Slips folder", focus ? ui_attr(UI_FOCUS) : A_NORMAL);
	if (ui_width(p) > room) {
		while (*p && ui_width(p) > room - 1)
			p += utf8_next(p, strlen(p), &(uint32_t){ 0 });
		ui_put(y, x, 1, ui_mark(UI_M_ELLIPSIS), A_NORMAL);
		x++;
	}
	x += ui_put(y, x, w - 2 - x, p, focus ? ui_attr(UI_FOCUS) : A_NORMAL);
	if (focus)
		app_cursor(app, y, x);
}

static void fr_draw(struct app *app, void *self, int top, int bottom)
{
	struct fbreq *s = self;
	struct sbuf sb = SBUF_INIT;
	int w = getmaxx(stdscr), y = top + 1;

	app->title = s->title;
	if (s->done) {
		ui_put_wrapped(y, 2, w - 4, bottom - y, s->done, A_NORMAL);
		app_cursor(app, top, 2);
		return;
	}
	ui_put(y++, 2, w - 4, "Invitations per group, and the last day to answer:", A_BOLD);
	y++;
	for (int i = 0; i < F_BUTTON && y < bottom; i++, y++) {
		int focus = i == s->focus;

		sbuf_reset(&sb);
		if (i == F_DIR) {
			draw_dir(app, s, y, w, focus);
			continue;
		}
		if (i < FB_NGROUPS)
			sbuf_addf(&sb, "%-16s %10d   %s",
				  i == FB_MANAGER ? "Line manager" :
				  i == FB_SELF ? "Self" : feedback_group_name((enum fb_group)i),
				  s->n[i], hints[i]);
		else
			sbuf_addf(&sb, "%-16s %10s   %s", "Close date", s->date,
				  "YYYY-MM-DD, after today");
		if (sb.buf[0] >= 'a' && sb.buf[0] <= 'z')
			sb.buf[0] = (char)(sb.buf[0] - 32);
		ui_put(y, 0, 2, focus ? ui_mark(UI_M_FOCUS) : " ", ui_attr(UI_FOCUS));
		ui_put(y, 2, w - 4, sb.buf, focus ? ui_attr(UI_FOCUS) : A_NORMAL);
		if (focus)
			app_cursor(app, y, 2 + LABEL_W + 1 + 10);
	}
	y++;
	if (y < bottom - 2)
		y += ui_put_wrapped(y, 2, w - 4, 4, recommend, A_NORMAL) + 1;
	if (y < bottom) {
		ui_put(y, 2, w - 4, "[ Make the codes and slips ]", s->focus == F_BUTTON ?
		       ui_attr(UI_SEL) | A_BOLD : A_BOLD);
		if (s->focus == F_BUTTON)
			app_cursor(app, y, 4);
	}
	sbuf_release(&sb);
}

/* Make the codes and write the slips into the folder shown. */
static enum scr_result make(struct app *app, struct fbreq *s)
{
	struct feedback_request r;
	struct err err = ERR_INIT;
	struct sbuf said = SBUF_INIT, paths[2] = { SBUF_INIT, SBUF_INIT };
	const char *warn;

	/* The folder first: codes made for slips that cannot be written
	 * would be lost. */
	if (feedback_slips_folder(s->dir.buf ? s->dir.buf : "", &err) < 0) {
		s->focus = F_DIR;
		app_msg(app, 1, "No codes made: %s.", err_msg(&err));
		err_release(&err);
		return SCR_STAY;
	}
	if (feedback_request_new(app->st, s->number, s->n, s->date, &r, &warn, &err) < 0) {
		app_msg(app, 1, "No codes made: %s.", err_msg(&err));
		err_release(&err);
		return SCR_STAY;
	}
	if (feedback_slips_write(&r, s->name, s->dir.buf, paths, &err) < 0) {
		/* The request is kept, but its codes exist nowhere else: say so. */
		app_msg(app, 1, "The slips could not be written (%s): make a new request "
			"with another folder; these codes are lost.", err_msg(&err));
		goto out;
	}
	sbuf_addf(&said, "Made %zu one-time codes for %s, closing %s. The slips are "
		  "written to:\n  %s\n  %s\n", r.ncodes, s->name, r.close_on,
		  paths[0].buf, paths[1].buf);
	sbuf_adds(&said, "\nPrint them and hand one slip to each person. The codes are "
		  "on the slips only: this laptop keeps their hashes. The request goes "
		  "to the hub with the next 'eadr sync push'.\n");
	if (warn)
		sbuf_addf(&said, "\nNote: %s.\n", warn);
	sbuf_adds(&said, "\nEnter or Esc: back to the team list.");
	s->done = sbuf_detach(&said);
out:
	sbuf_release(&said);
	sbuf_release(&paths[0]);
	sbuf_release(&paths[1]);
	feedback_request_release(&r);
	err_release(&err);
	return SCR_STAY;
}

/* ---- keys ---- */

enum { FP_GROUP = 1, FP_DATE = 2, FP_BUTTON = 4, FP_DONE = 8, FP_DIR = 16 };

static unsigned fr_place(struct app *app, void *self)
{
	struct fbreq *s = self;

	(void)app;
	if (s->done)
		return FP_DONE;
	return s->focus < FB_NGROUPS ? FP_GROUP : s->focus == F_DATE ? FP_DATE :
	       s->focus == F_DIR ? FP_DIR : FP_BUTTON;
}

static enum scr_result k_move(struct app *app, void *self, unsigned key)
{
	struct fbreq *s = self;

	(void)app;
	if (key == KC(KEY_UP) || key == KC(KEY_BTAB))
		s->focus = (s->focus + F_NFIELDS - 1) % F_NFIELDS;
	else
		s->focus = (s->focus + 1) % F_NFIELDS;
	return SCR_STAY;
}

static int group_max(int g)
{
	return g <= FB_MANAGER ? 1 : FB_MAX_CODES;
}

static enum scr_result k_more(struct app *app, void *self, unsigned key)
{
	struct fbreq *s = self;
	int *n = &s->n[s->focus];

	(void)app;
	if (key == '+' || key == KC(KEY_RIGHT))
		*n += *n < group_max(s->focus);
	else
		*n -= *n > 0;
	return SCR_STAY;
}

static enum scr_result k_erase(struct app *app, void *self, unsigned key)
{
	struct fbreq *s = self;
	size_t len = strlen(s->date);

	(void)app, (void)key;
	if (s->focus < FB_NGROUPS) {
		s->n[s->focus] /= 10;
	} else if (s->focus == F_DIR) {
		while (s->dir.len && (s->dir.buf[--s->dir.len] & 0xC0) == 0x80)
			;	/* back over a whole UTF-8 character */
		if (s->dir.buf)
			s->dir.buf[s->dir.len] = '\0';
	} else if (len) {
		s->date[len - 1] = '\0';
	}
	return SCR_STAY;
}

static enum scr_result k_clear(struct app *app, void *self, unsigned key)
{
	struct fbreq *s = self;

	(void)app, (void)key;
	sbuf_reset(&s->dir);
	return SCR_STAY;
}

static enum scr_result k_enter(struct app *app, void *self, unsigned key)
{
	struct fbreq *s = self;

	(void)key;
	if (s->done)
		return SCR_POP;
	if (s->focus != F_BUTTON) {
		s->focus++;
		return SCR_STAY;
	}
	return make(app, s);
}

static enum scr_result k_make(struct app *app, void *self, unsigned key)
{
	(void)key;
	return make(app, self);
}

/* Digits into a group's count; digits and '-' into the date; any
 * character into the folder. */
static enum scr_result fr_key(struct app *app, void *self, enum key_kind kind, wint_t ch)
{
	struct fbreq *s = self;
	size_t len = strlen(s->date);

	if (kind != KIND_CHAR || s->done || s->focus == F_BUTTON)
		return SCR_STAY;
	if (s->focus == F_DIR) {
		char u[4];
		if (ch >= 0x20 && ch != 0x7f)
			sbuf_add(&s->dir, u, utf8_encode((uint32_t)ch, u));
		return SCR_STAY;
	}
	if (s->focus < FB_NGROUPS && ch >= '0' && ch <= '9') {
		int v = s->n[s->focus] * 10 + (int)(ch - '0');

		s->n[s->focus] = v <= group_max(s->focus) ? v : (int)(ch - '0');
		if (s->n[s->focus] > group_max(s->focus)) {
			s->n[s->focus] = group_max(s->focus);
			app_msg(app, 1, "At most %d for the %s.", group_max(s->focus),
				feedback_group_name((enum fb_group)s->focus));
		}
	} else if (s->focus == F_DATE && ((ch >= '0' && ch <= '9') || ch == '-') &&
		   len < DATE_LEN) {
		s->date[len] = (char)ch;
		s->date[len + 1] = '\0';
	}
	return SCR_STAY;
}

static enum scr_result k_digit(struct app *app, void *self, unsigned key)
{
	return fr_key(app, self, KIND_CHAR, (wint_t)key);
}

static void fr_close(struct app *app, void *self)
{
	struct fbreq *s = self;

	(void)app;
	free(s->number);
	free(s->name);
	free(s->title);
	free(s->done);
	sbuf_release(&s->dir);
	free(s);
}

static const struct keydef fr_keys[] = {
	{ { KC(KEY_UP), KC(KEY_DOWN), K_TAB, KC(KEY_BTAB) },
	  "move between the groups, the close date, the slips' folder and the button",
	  NULL, FP_GROUP | FP_DATE | FP_DIR | FP_BUTTON, k_move, 0 },
	{ { '0', '9' | K_TO }, "type the number of invitations (self and line "
	  "manager: 0 or 1), the close date, or the folder", NULL,
	  FP_GROUP | FP_DATE | FP_DIR, k_digit, 0 },
	{ { '+', '-', KC(KEY_RIGHT), KC(KEY_LEFT) }, "one invitation more or fewer",
	  "more/fewer", FP_GROUP, k_more, 2 },
	{ { K_BS }, "erase the last digit (or character of the folder)", NULL,
	  FP_GROUP | FP_DATE | FP_DIR, k_erase, 0 },
	{ { KCTRL('U') }, "clear the folder, to type another (the slips hold the "
	  "codes: a folder only you can read)", "clear", FP_DIR, k_clear, 0 },
	{ { K_ENTER }, "the next line; on the button, make the codes and slips",
	  "next", FP_GROUP | FP_DATE | FP_DIR | FP_BUTTON, k_enter, 0 },
	{ { KC(KEY_F(10)) }, "make the codes and write the slips into the folder shown",
	  "make", FP_GROUP | FP_DATE | FP_DIR | FP_BUTTON, k_make, 0 },
	{ { K_ENTER }, "back to the team list", "back", FP_DONE, k_enter, 0 },
	{ { K_ESC }, "back to the team list (nothing is made before the button)",
	  "back", 0, keys_back, 0 },
	{ { '?' }, "this help", NULL, FP_GROUP | FP_BUTTON | FP_DONE, keys_help, 0 },
	{ { KCTRL('Q') }, "quit (everything is saved)", NULL, 0, keys_quit, 0 },
	{ { 0 }, NULL, NULL, 0, NULL, 0 },
};

const struct screen_ops feedback_request_ops = {
	"Ask for 360-degree feedback", fr_draw, fr_key, NULL, NULL, fr_close, fr_keys,
	0, fr_place,
};

void feedback_request_open(struct app *app, const char *number, const char *name,
			   long long appraisal_id)
{
	struct fbreq *s;
	struct err err = ERR_INIT;
	struct sbuf title = SBUF_INIT;
	char today[DATE_LEN + 1];
	long long id = appraisal_id;
	int rc = appraisal_id != 0;

	/* Only whoever holds the person's appraisal asks (the hub refuses a
	 * request from a laptop that does not hold it). */
	if (!appraisal_id) {	/* none at all, held by nobody */
		app_msg(app, 1, "%s has no appraisal yet: press Enter to start one, "
			"then ask for 360-degree feedback.", name);
		return;
	}
	if (store_keyring(app->st))
		rc = store_handover_find(app->st, number, &id, &err);
	if (rc <= 0) {
		if (rc < 0)
			app_msg(app, 1, "%s", err_msg(&err));
		else
			app_msg(app, 1, "You hold no appraisal of %s: only the manager who "
				"holds it can ask for 360-degree feedback.", name);
		err_release(&err);
		return;
	}
	s = xcalloc(1, sizeof(*s));
	s->number = xstrdup(number);
	s->name = xstrdup(name);
	s->n[FB_SELF] = 1;
	s->n[FB_MANAGER] = 1;
	s->n[FB_PEER] = FB_RECOMMEND;
	date_today(today);
	date_add(today, DAYS_OPEN, s->date);
	{
		char *dir = feedback_slips_dir(store_path(app->st));
		sbuf_adds(&s->dir, dir);
		free(dir);
	}
	sbuf_addf(&title, "eadr - 360-degree feedback on %s (%s)", name, number);
	s->title = sbuf_detach(&title);
	app_push(app, &feedback_request_ops, s);
}
