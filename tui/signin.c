/*
 * signin.c - the sign-in screen: a manager's name and passphrase (never
 * shown), or a new manager's profile with the passphrase typed twice.
 * Runs its own small key loop before the team list; never runs SQL.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "lib/demo_managers.h"
#include "lib/profile.h"
#include "guest.h"
#include "lib/sbuf.h"
#include "signin.h"
#include "ui.h"

#define FIELD_MAX 256

struct field {
	const char *label;
	int secret;
	wchar_t buf[FIELD_MAX];
	size_t len;
};

/* The field as UTF-8 (caller frees with profile_pass_free: it may be secret). */
static char *field_text(const struct field *f)
{
	char *out = xmalloc(f->len * MB_CUR_MAX + 1);
	wchar_t tmp[FIELD_MAX + 1];
	size_t n;

	wmemcpy(tmp, f->buf, f->len);
	tmp[f->len] = L'\0';
	n = wcstombs(out, tmp, f->len * MB_CUR_MAX + 1);
	if (n == (size_t)-1)
		n = 0;
	out[n] = '\0';
	return out;
}

static void draw(const char *title, const char *intro, struct field *f, int nf,
		 int at, const char *msg, const char *keys)
{
	int w = COLS - 4, y = 1, cy = 0, cx = 0;

	erase();
	ui_put(y++, 2, w, title, ui_attr(UI_TITLE));
	y++;
	y += ui_put_wrapped(y, 2, w, 6, intro, ui_attr(UI_NORMAL)) + 1;
	for (int i = 0; i < nf; i++, y += 2) {
		struct sbuf sb = SBUF_INIT;
		int x;

		ui_put(y, 2, 14, f[i].label, ui_attr(i == at ? UI_FOCUS : UI_NORMAL));
		if (f[i].secret) {
			for (size_t k = 0; k < f[i].len; k++)
				sbuf_addch(&sb, '*');
			ui_put(y, 16, w - 14, sb.buf ? sb.buf : "", ui_attr(UI_NORMAL));
			x = 16 + (int)f[i].len;
		} else {
			char *t = field_text(&f[i]);

			ui_put(y, 16, w - 14, t, ui_attr(UI_NORMAL));
			x = 16 + ui_width(t);
			free(t);
		}
		sbuf_release(&sb);
		if (i == at) {
			cy = y;
			cx = x < COLS - 1 ? x : COLS - 1;
		}
	}
	if (msg)
		ui_put_wrapped(y++, 2, w, 3, msg, ui_attr(UI_ERR));
	ui_put(LINES - 1, 0, COLS, keys, ui_attr(UI_BAR));
	move(cy, cx);
	curs_set(1);
	refresh();
}

/* One key for field f; 1 Enter, 2 Tab, 3 Ctrl-N, 4 F2, 5 F1, 6 F3,
 * -1 quit, 0 otherwise. */
static int edit(struct field *f)
{
	wint_t ch;
	int kind = get_wch(&ch);

	if (kind == ERR)
		return 0;
	if (kind == KEY_CODE_YES) {
		if (ch == KEY_BACKSPACE && f->len)
			f->len--;
		else if (ch == KEY_ENTER)
			return 1;
		else if (ch == KEY_DOWN || ch == KEY_UP || ch == KEY_BTAB)
			return 2;
		else if (ch == KEY_F(1) || ch == KEY_F(2) || ch == KEY_F(3))
			return ch == KEY_F(1) ? 5 : ch == KEY_F(2) ? 4 : 6;	/* guest.c */
		return 0;
	}
	if (ch == 27 || ch == 17)	/* Esc, Ctrl-Q */
		return -1;
	if (ch == '\r' || ch == '\n')
		return 1;
	if (ch == '\t')
		return 2;
	if (ch == 14)		/* Ctrl-N */
		return 3;
	if (ch == 127 || ch == 8) {
		if (f->len)
			f->len--;
	} else if (ch == 21) {	/* Ctrl-U */
		f->len = 0;
	} else if (ch >= 32 && f->len < FIELD_MAX - 1) {
		f->buf[f->len++] = (wchar_t)ch;
	}
	return 0;
}

static void wipe(struct field *f, int n)
{
	for (int i = 0; i < n; i++) {
		memset(f[i].buf, 0, sizeof(f[i].buf));
		f[i].len = 0;
	}
}

/* Try the fields: sign in (nf 2) or make a profile (nf 3).  0 done. */
static int attempt(struct store *st, struct field *f, int nf, struct err *err)
{
	char *name = field_text(&f[0]), *pass = field_text(&f[1]);
	char *again = nf == 3 ? field_text(&f[2]) : NULL;
	int rc = nf == 3 ? profile_create(st, name, pass, again, err) :
		profile_signin(st, name, pass, NULL, err);

	free(name);
	profile_pass_free(pass);
	profile_pass_free(again);
	return rc;
}

int signin_run(struct store *st, volatile const sig_atomic_t *stop)
{
	struct field f[3] = {
		{ .label = "Name" }, { .label = "Passphrase", .secret = 1 },
		{ .label = "Same again", .secret = 1 },
	};
	struct err err = ERR_INIT;
	struct sbuf intro = SBUF_INIT;
	char *msg = NULL;
	int at = 0, nf = 2, rc = 0;

	if (store_keyring(st) || store_profiles(st) == 0)
		return 0;
	sbuf_adds(&intro, "This laptop is shared: each manager's appraisals are locked "
		  "under their own passphrase. Type your name and passphrase. "
		  "With a code: F2 prepares for your own appraisal, F3 gives "
		  "360-degree feedback. ");
	demo_managers_hint(st, &intro);	/* a demo database names its managers */
	while (!*stop) {
		int k;

		draw(nf == 2 ? "EADR: sign in" : "EADR: a new manager on this laptop",
		     nf == 2 ? intro.buf : profile_hint(),
		     f, nf, at, msg,
		     nf == 2 ? " Enter sign in  ^N new manager  F2 prepare  F3 feedback  "
			       "F1 help  Esc quit"
			     : " Enter make the profile  Tab next  Esc back");
		k = edit(&f[at]);
		if (k == 4 && nf == 2)	/* a staff member, with their code */
			guest_prepare(st, stop);
		if (k == 6 && nf == 2)	/* a 360 rater, with theirs */
			guest_feedback(st, stop);
		if (k == 5)
			guest_signin_help(stop);
		if (k == -1 && nf == 3) {
			nf = 2;
			at = 0;
			wipe(f, 3);
			continue;
		}
		if (k == -1) {
			rc = 1;
			break;
		}
		if (k == 2)
			at = (at + 1) % nf;
		if (k == 3 && nf == 2) {
			nf = 3;
			at = 0;
			wipe(f, 3);
			free(msg);
			msg = NULL;
		}
		if (k != 1)
			continue;
		if (at < nf - 1) {
			at++;
			continue;
		}
		free(msg);
		msg = NULL;
		draw("EADR: sign in", "Checking the passphrase...", f, 0, 0, NULL, "");
		if (attempt(st, f, nf, &err) == 0)
			break;
		msg = xstrdup(err_msg(&err));
		err_release(&err);
		wipe(f + 1, 2);
		at = 1;
	}
	wipe(f, 3);
	free(msg);
	sbuf_release(&intro);
	err_release(&err);
	erase();
	return rc || *stop ? 1 : 0;
}

int signin_unlock(struct store *st, const char *name, const char *why,
		  volatile const sig_atomic_t *stop)
{
	struct field f = { .label = "Passphrase", .secret = 1 };
	struct err err = ERR_INIT;
	struct sbuf intro = SBUF_INIT;
	char *msg = NULL;
	int rc = 1;

	sbuf_addf(&intro, "%s Everything typed was saved. %s's appraisals stay locked "
		  "until %s's passphrase is typed.", why, name, name);
	while (!*stop) {
		int k;

		draw("EADR: locked", intro.buf, &f, 1, 0, msg,
		     " Enter unlock  Esc quit (everything is saved)");
		k = edit(&f);
		if (k == -1)
			break;
		if (k != 1)
			continue;
		free(msg);
		msg = NULL;
		draw("EADR: locked", "Checking the passphrase...", &f, 0, 0, NULL, "");
		{
			char *pass = field_text(&f);
			int ok = profile_signin(st, name, pass, NULL, &err);

			profile_pass_free(pass);
			if (ok == 0) {
				rc = 0;
				break;
			}
		}
		msg = xstrdup(err_msg(&err));
		err_release(&err);
		wipe(&f, 1);
	}
	wipe(&f, 1);
	free(msg);
	sbuf_release(&intro);
	err_release(&err);
	erase();
	return rc;
}
