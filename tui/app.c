/*
 * app.c - the terminal program's main loop: it owns the terminal, reads
 * keys, saves on every pause in typing, turns SIGHUP/SIGTERM/SIGINT into a
 * flag it checks (the handler touches neither curses nor SQLite), and
 * keeps the screens as a stack (see screen.h).
 */
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/appr.h"
#include "lib/profile.h"
#include "lib/sbuf.h"
#include "lib/store_appr.h"
#include "lib/session.h"
#include "tui.h"
#include "guest.h"
#include "help.h"
#include "keys.h"
#include "screen.h"
#include "lock.h"
#include "rescue_offer.h"
#include "handover.h"
#include "signin.h"
#include "team.h"
#include "ui.h"
#include "walk.h"

static volatile sig_atomic_t got_signal;
static int pasting;	/* inside a bracketed paste */

/* The last whole draw still on the screen: its size, its bottom row and
 * the screen on top then (a top screen with a redraw draws only what
 * changed over it). */
static struct {
	int valid, h, w, bottom, depth;
	void *top;
} drawn;

static void on_signal(int sig)
{
	got_signal = sig;
}

volatile const sig_atomic_t *app_signal_flag(void)
{
	return &got_signal;
}

static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a blocked read returns so that the loop sees the flag. */
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	/* A file-size limit (ulimit -f): the write fails with EFBIG and the
	 * save path says so, rather than the program being killed. */
	sigaction(SIGXFSZ, &sa, NULL);
}

void app_push(struct app *app, const struct screen_ops *ops, void *self)
{
	if (app->depth == APP_MAX_SCREENS) {
		if (ops->close)
			ops->close(app, self);
		return;
	}
	app->stack[app->depth].ops = ops;
	app->stack[app->depth].self = self;
	app->depth++;
}

void app_pop(struct app *app)
{
	int d = --app->depth;

	app->closed = app->stack[d].ops;
	if (app->stack[d].ops->close)
		app->stack[d].ops->close(app, app->stack[d].self);
	if (app->depth > 0 && app->stack[app->depth - 1].ops->resume)
		app->stack[app->depth - 1].ops->resume(app, app->stack[app->depth - 1].self);
}

void app_msg(struct app *app, int is_err, const char *fmt, ...)
{
	struct sbuf sb = SBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	free(app->msg);
	app->msg = sbuf_detach(&sb);
	app->msg_err = is_err;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void app_saved(struct app *app, int rc, const struct err *err)
{
	free(app->save_msg);
	app->save_msg = NULL;
	if (rc == 0) {
		app->save = SAVE_CLEAN;
		if (!app->unsynced_since)
			app->unsynced_since = now_ms();
		return;
	}
	app->save = SAVE_FAILED;
	app->save_msg = xstrdup(err_msg(err));
}

void app_dirty(struct app *app)
{
	if (app->save != SAVE_FAILED)
		app->save = SAVE_DIRTY;
}

void app_cursor(struct app *app, int y, int x)
{
	app->cy = y;
	app->cx = x;
	app->cursor_set = 1;
}

int app_outside(struct app *app, int (*fn)(void *arg, struct err *err), void *arg,
		struct err *err)
{
	int handed = 0, rc;

	(void)app;
	if (stdscr && !isendwin()) {
		def_prog_mode();
		endwin();
		handed = 1;
	}
	rc = fn(arg, err);
	drawn.valid = 0;	/* what it does to the screen is drawn again whole */
	if (handed) {
		reset_prog_mode();
		clearok(curscr, TRUE);	/* the outside program drew over it all */
	}
	return rc;
}

/* Save what every screen holds; 0 when all is saved.  One screen's
 * failure is not hidden by another's success: the indicator says NOT SAVED. */
static int flush_all(struct app *app)
{
	char *why = NULL;
	int rc = 0;

	for (int i = app->depth - 1; i >= 0; i--)
		if (app->stack[i].ops->flush &&
		    app->stack[i].ops->flush(app, app->stack[i].self) < 0) {
			rc = -1;
			if (!why && app->save_msg)
				why = xstrdup(app->save_msg);
		}
	if (rc < 0 && app->save != SAVE_FAILED) {
		struct err err = ERR_INIT;

		err_set(&err, "%s", why ? why : "the database could not be written");
		app_saved(app, -1, &err);
		err_release(&err);
	}
	free(why);
	return rc;
}

/* The status line's text: what it says, or NULL. */
static const char *status_text(const struct app *app)
{
	if (app->save == SAVE_FAILED && app->save_msg)
		return app->save_msg;
	return app->msg ? app->msg : app->warning[0] ? app->warning : NULL;
}

static int msg_rows(const char *text, int w);

/* Rows the status line takes above the footer: a message too long for one
 * row wraps onto more rather than being cut. */
static int status_rows(const struct app *app, int w)
{
	const char *t = status_text(app);

	if (!t)
		return 0;
	if (app->save == SAVE_FAILED && app->save_msg)
		return 2;	/* the reason, and that it is kept and retried */
	return msg_rows(t, w);
}

/* Up to three rows: an instruction is wrapped, not cut. */
static int msg_rows(const char *text, int w)
{
	int n = ui_wrap_count(text, w - 1);

	return n > 3 ? 3 : n;
}

static void status_line(int h, int w, const char *text, attr_t a)
{
	int rows = msg_rows(text, w);

	for (int i = 0; i < rows; i++)
		ui_fill(h - 1 - rows + i, 0, w, A_NORMAL);
	ui_put_wrapped(h - 1 - rows, 0, w - 1, rows, text, a);
}

static void draw_frame(struct app *app, int h, int w)
{
	const char *ind;
	enum ui_kind k = UI_BAR;
	int iw;

	ui_fill(0, 0, w, ui_attr(UI_BAR));
	ui_put(0, 1, w - 16, app->title ? app->title : "eadr", ui_attr(UI_BAR) | A_BOLD);
	switch (app->save) {
	case SAVE_CLEAN:
		ind = ui_utf8 ? "\xe2\x9c\x93 Saved" : "Saved";
		break;
	case SAVE_DIRTY:
		ind = "* Saving soon";
		break;
	default:
		ind = "! NOT SAVED";
		k = UI_ERR;
		break;
	}
	iw = ui_width(ind);
	ui_put(0, w - iw - 1, iw, ind, ui_attr(k) | (k == UI_ERR ? A_REVERSE : ui_attr(UI_BAR)));
	if (app->save == SAVE_FAILED && app->save_msg) {
		struct sbuf sb = SBUF_INIT;

		sbuf_addf(&sb, "Not saved: %s. What you typed or picked is kept; retrying.",
			  app->save_msg);
		status_line(h, w, sb.buf, ui_attr(UI_ERR));
		sbuf_release(&sb);
	} else if (app->msg) {
		status_line(h, w, app->msg, app->msg_err ? ui_attr(UI_ERR) : A_BOLD);
	} else if (app->warning[0]) {
		status_line(h, w, app->warning, ui_attr(UI_WARN));
	}
	ui_fill(h - 1, 0, w, ui_attr(UI_BAR));
	if (app->depth > 0) {
		static struct sbuf foot = SBUF_INIT;
		const struct screen_ops *ops = app->stack[app->depth - 1].ops;
		void *self = app->stack[app->depth - 1].self;

		keys_footer(&foot, ops->keys, ops->place ? ops->place(app, self) : 0, w - 2);
		app->footer = foot.buf;
	}
	ui_put(h - 1, 1, w - 2, app->footer ? app->footer : "F1 help", ui_attr(UI_BAR));
}

static void draw(struct app *app)
{
	int h, w, base, bottom;
	void *top;

	getmaxyx(stdscr, h, w);
	if (h < UI_MIN_H || w < UI_MIN_W) {
		drawn.valid = 0;
		ui_too_small(h, w);
		return;
	}
	app->cursor_set = 0;
	base = app->depth - 1;
	while (base > 0 && app->stack[base].ops->overlay)
		base--;
	bottom = h - 1 - status_rows(app, w);
	top = app->stack[app->depth - 1].self;
	if (!(drawn.valid && drawn.h == h && drawn.w == w && drawn.bottom == bottom &&
	      drawn.depth == app->depth && drawn.top == top && base == app->depth - 1 &&
	      app->redraw && app->redraw_self == top && app->redraw(app, top, 1, bottom))) {
		erase();
		app->cursor_set = 0;
		for (int i = base; i < app->depth; i++)
			app->stack[i].ops->draw(app, app->stack[i].self, 1, bottom);
		drawn.valid = 1;
		drawn.h = h;
		drawn.w = w;
		drawn.bottom = bottom;
		drawn.depth = app->depth;
		drawn.top = top;
	}
	draw_frame(app, h, w);
	if (app->cursor_set) {
		curs_set(1);
		move(app->cy, app->cx);
	} else {
		curs_set(0);
	}
}

/* ---- the keys every screen shares (shown at the end of each help) ---- */

static enum scr_result k_redraw(struct app *app, void *self, unsigned key)
{
	(void)app, (void)self, (void)key;
	clearok(curscr, TRUE);
	return SCR_STAY;
}

const struct keydef app_common_keys[] = {
	{ { KC(KEY_F(1)), KCTRL('G') }, "this help (Esc closes it)", NULL, 0, keys_help, 0 },
	{ { KCTRL('C') }, "save everything and quit; the next start offers to resume",
	  NULL, 0, keys_quit, 0 },
	{ { KCTRL('L') }, "redraw the screen", NULL, 0, k_redraw, 0 },
	{ { 0 }, NULL, NULL, 0, NULL, 0 },
};

/* One key: the shared keys, then the top screen's table, then (text typed)
 * the screen's own key function. */
static enum scr_result app_key(struct app *app, enum key_kind kind, wint_t ch)
{
	const struct screen_ops *ops = app->stack[app->depth - 1].ops;
	void *self = app->stack[app->depth - 1].self;
	unsigned code = keys_code(kind, ch);
	const struct keydef *kd;

	/* A pasted line break or tab is text, never Enter or Tab: a paste is
	 * one answer, not answers spilling into the next questions. */
	if (pasting && kind == KIND_CHAR && (ch == '\r' || ch == '\n' || ch == '\t'))
		return ops->key ? ops->key(app, self, kind, ch == '\t' ? ' ' : '\n') : SCR_STAY;
	kd = keys_find(app_common_keys, 0, code);

	if (!kd)
		kd = keys_find(ops->keys, ops->place ? ops->place(app, self) : 0, code);
	if (kd)
		return kd->fn(app, self, code);
	return ops->key ? ops->key(app, self, kind, ch) : SCR_STAY;
}

/*
 * Esc was read: with a printable character right behind it, that is
 * Alt-<character> (*ch becomes it); an unknown escape sequence is
 * swallowed rather than typed; otherwise Esc stays Esc and what followed
 * is read again as the next key.
 */
static enum key_kind read_alt(wint_t *ch)
{
	enum key_kind kind = KIND_CHAR;
	int delay = wgetdelay(stdscr);
	wint_t c2;
	int rc;

	nodelay(stdscr, TRUE);
	rc = app_get_key(&c2);
	if (rc == OK && (c2 < 32 || c2 == 127))
		app_unget_key(rc, c2);	/* Esc, then a control key: both */
	else if (rc == KEY_CODE_YES)
		app_unget_key(rc, c2);
	else if (rc == OK) {
		*ch = c2;
		kind = KIND_ALT;
		if (c2 == '[' || c2 == 'O') {
			/* A key the terminal description does not know:
			 * swallow its sequence rather than type it; the
			 * marks of a bracketed paste (ESC [200~, ESC [201~)
			 * say a paste begins or ends. */
			char seq[8];
			size_t n = 0;

			while (app_get_key(&c2) == OK) {
				if (n < sizeof(seq) - 1)
					seq[n++] = (char)c2;
				if (c2 >= 0x40 && c2 <= 0x7E)
					break;
			}
			seq[n] = '\0';
			if (!strcmp(seq, "200~"))
				pasting = 1;
			else if (!strcmp(seq, "201~"))
				pasting = 0;
			kind = KIND_SWALLOWED;
		}
	}
	wtimeout(stdscr, delay);
	return kind;
}

/*
 * Make every commit so far survive a power cut (an fsync of the log).  A
 * disk that will not confirm it is said on the status line and tried again.
 */
static void sync_store(struct app *app)
{
	struct err err = ERR_INIT;

	if (!app->unsynced_since)
		return;
	if (store_flush(app->st, &err) < 0)
		app_msg(app, 1, "Saved, but not yet safe on the disk: %s. Retrying.",
			err_msg(&err));
	else
		app->unsynced_since = 0;
	err_release(&err);
}

/*
 * Before the screen shows anything: commit what was typed, so that what is
 * drawn is in the database (a crash of eadr loses nothing shown), and once
 * a second make it survive a power cut.  A save that failed is tried again
 * at most once a second (a locked database makes each try wait), and at
 * every pause.
 */
static void save_before_showing(struct app *app, long long *retry_at, int pause)
{
	long long now = now_ms();

	if (app->save == SAVE_DIRTY || (app->save == SAVE_FAILED && (pause || now >= *retry_at))) {
		if (flush_all(app) < 0)
			*retry_at = now_ms() + 1000;
	}
	if (app->unsynced_since && (pause || now_ms() - app->unsynced_since >= 1000))
		sync_store(app);
}

/* How long to wait for a key before it is a pause: at most 500 ms, less
 * when the power-cut flush is due sooner. */
static int wait_ms(const struct app *app)
{
	long long left;

	if (!app->unsynced_since)
		return 500;
	left = app->unsynced_since + 1000 - now_ms();
	return left <= 0 ? 0 : left > 500 ? 500 : (int)left;
}

/* The idle lock saves everything first (tui/lock.c). */
static void lock_save(void *app)
{
	flush_all(app);
}

/* ---- the whole-file check, in idle time ---- */

/* The check reads the whole file (seconds on a large one): it runs in a
 * pause (no key for half a second), and is given up the moment a key (or
 * a signal) comes, to run again at the next pause; so no key waits for it,
 * and the first screen and first keys do not share the machine with it. */
static int check_done;		/* finished this session */
static int check_unclean;	/* the last session left its log: not closed */

static int key_waiting(void *arg)
{
	struct pollfd pfd = { STDIN_FILENO, POLLIN, 0 };

	(void)arg;
	return got_signal || poll(&pfd, 1, 0) > 0;
}

/* The idle hook: 0, or -1 when the file is damaged (app->exit_note says
 * so, and the program leaves). */
static int idle_check(struct app *app)
{
	struct err err = ERR_INIT;
	int rc;

	if (check_done)
		return 0;
	rc = store_check_until(app->st, key_waiting, NULL, &err);
	if (rc == 0)
		return 0;
	check_done = 1;
	if (rc > 0)
		return 0;
	app->exit_note = xstrdup(err_msg(&err));
	err_release(&err);
	return -1;
}

/* Keys already waiting (typeahead, a paste) are taken for at most this long
 * before the screen is saved and drawn: a paste is saved once, not per
 * character. */
#define DRAIN_MS 100

static void loop(struct app *app)
{
	long long retry_at = 0, drain_start = 0;
	int quit_tries = 0, pending = 0, pause = 0;

	while (app->depth > 0) {
		enum scr_result r;
		enum key_kind kind;
		void *top;
		wint_t ch;
		int rc;

		if (got_signal) {
			flush_all(app);
			return;
		}
		if (pending && now_ms() - drain_start >= DRAIN_MS)
			pending = 0;
		if (!pending) {
			/* Saved first, then drawn: "Saved" and the text shown
			 * are what the database holds. */
			save_before_showing(app, &retry_at, pause);
			pause = 0;
			draw(app);
			refresh();
			timeout(wait_ms(app));
		} else {
			timeout(0);	/* only keys already waiting */
		}
		rc = app_get_key(&ch);
		if (got_signal) {
			flush_all(app);
			return;
		}
		if (rc == ERR) {
			/* Nothing more waiting: save and draw; or a pause. */
			if (!pending && lock_idle(app->st, lock_save, app, &got_signal))
				return;	/* quit at the lock screen: all was saved */
			if (!pending)
				drawn.valid = 0;	/* the lock screen may have been drawn
							   over everything: drawn whole again */
			if (!pending && idle_check(app) < 0)
				return;	/* damaged: leave */
			pause = !pending;
			pending = 0;
			continue;
		}
		if (!pending)
			drain_start = now_ms();
		pending = 1;
		lock_key();
		kind = rc == KEY_CODE_YES ? KIND_CODE : KIND_CHAR;
		if (kind == KIND_CODE && ch == KEY_RESIZE)
			continue;
		if (kind == KIND_CHAR && ch == 27)	/* Esc, or Alt-<key> */
			kind = read_alt(&ch);
		if (kind == KIND_SWALLOWED)
			continue;
		free(app->msg);
		app->msg = NULL;
		top = app->stack[app->depth - 1].self;
		/* Even in a window too small to draw in, typing is kept. */
		r = app_key(app, kind, ch);
		switch (r) {
		case SCR_STAY:
			break;
		case SCR_HELP:
			help_open(app, app->stack[app->depth - 1].ops);
			break;
		case SCR_POP:
			app_pop(app);
			break;
		case SCR_QUIT:
			if (flush_all(app) < 0 && ++quit_tries < 2) {
				app_msg(app, 1, "Not everything could be saved (see above). "
					"Press Ctrl-C again to quit anyway.");
				pending = 0;
				break;
			}
			return;
		}
		/* A screen that came or went is drawn before the next key is
		 * read: a question never takes keys typed before it showed. */
		if (app->depth == 0 || app->stack[app->depth - 1].self != top)
			pending = 0;
	}
}

/* ---- resume offer at start ---- */

static void resume_yes(struct app *app, void *arg)
{
	long long *id = arg;

	walk_open(app, *id, NULL);
}

static void offer_resume(struct app *app)
{
	struct err err = ERR_INIT;
	struct appr *ap;
	long long id, *arg;
	struct sbuf q = SBUF_INIT;

	if (store_appr_open_get(app->st, &id, &err) != 1 ||
	    !(ap = appr_open(app->st, id, (const char *const *)app->dirs, app->ndirs, &err))) {
		err_release(&err);
		return;
	}
	sbuf_addf(&q, "Resume %s's appraisal where you were", ap->staff_name);
	if (ap->rec.resume_at) {
		const struct form_question *fq = form_find(ap->form, ap->rec.resume_at);

		if (fq)
			sbuf_addf(&q, " (%s: %s)", fq->section->title, fq->label);
	}
	sbuf_adds(&q, "?");
	arg = xmalloc(sizeof(*arg));
	*arg = id;
	app_confirm_yes(app, q.buf, resume_yes, arg, free);
	sbuf_release(&q);
	appr_free(ap);
	err_release(&err);
}

/* How long a question at start takes no key, when keys were typed ahead. */
#define SETTLE_MS 1000

/*
 * A question at start (resume where you were, words to put back, a broken
 * hand-over) takes no typing (letters, digits, spaces, Enter) done before
 * it showed; and when there was some (a name meant for the team list's
 * filter: in "rhys", 'y' would resume and 's' would go into an answer),
 * none in its first second on the screen either: the rest of that name,
 * typed before the question was read.  Both are dropped, and the question
 * says so.  A question nobody typed ahead of takes keys at once.
 */
/* A key typing would give: a letter, a digit, a space, Enter. */
static int typing_key(int rc, wint_t ch)
{
	return rc != KEY_CODE_YES && (ch >= 32 || ch == '\r' || ch == '\n') && ch != 127;
}

static void settle_keys(struct app *app)
{
	long long until, left;
	int dropped = 0, rc = ERR;
	wint_t ch;

	if (app->depth < 2)
		return;		/* the team list alone: typing goes to its filter */
	timeout(0);		/* typed before it shows (its first drawing drops them) */
	while ((rc = app_get_key(&ch)) != ERR && typing_key(rc, ch))
		dropped++;
	if (rc == ERR || dropped) {
		draw(app);
		refresh();
	}
	until = now_ms() + SETTLE_MS;
	while (rc == ERR && dropped && !got_signal && (left = until - now_ms()) > 0) {
		timeout((int)left);
		if ((rc = app_get_key(&ch)) != ERR && typing_key(rc, ch))
			dropped++, rc = ERR;
		else if (rc == KEY_CODE_YES && ch == KEY_RESIZE)
			rc = ERR;
	}
	/* A key typing would not give (F1, Ctrl-C, an arrow) is the
	 * question's: it ends the wait and is read as usual. */
	if (rc != ERR)
		app_unget_key(rc, ch);
	if (dropped)
		app_msg(app, 0, "Keys typed as this question appeared were not taken; "
			"answer it now.");
}

/* Did the last program to use the database at path leave its log (a
 * crash, a power cut, or one still running)? */
static int log_left(const char *path)
{
	struct sbuf wal = SBUF_INIT;
	struct stat sb;
	int left;

	sbuf_addf(&wal, "%s-wal", path);
	left = stat(wal.buf, &sb) == 0 && sb.st_size > 0;
	sbuf_release(&wal);
	return left;
}

static void say(const char *msg)
{
	fprintf(stderr, "eadr: %s\n", msg);
}

int tui_main(const struct session_opts *opts)
{
	/* A small page cache: the team list and the walk read little, and
	 * the idle-time check of the whole file needs no cache (it read 2 MB
	 * of pages into SQLite's default one, most of the heap's peak). */
	static const struct store_opts unchecked = { .skip_check = 1, .cache_kib = 256 };
	struct app app;
	struct err err = ERR_INIT;
	char *lock_msg;
	int rc = 0;

	memset(&app, 0, sizeof(app));
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		say("the team list needs a terminal; for scripts and screen "
		    "readers use 'eadr --plain'");
		return 2;
	}
	if ((app.exit_note = ui_unusable())) {
		say(app.exit_note);
		free(app.exit_note);
		return 2;
	}
	/* The whole-file check runs in idle time (idle_check), not before the
	 * first key: on a large database it is seconds. */
	if (!(app.st = session_open_store(opts, &unchecked, &err))) {
		say(err_msg(&err));
		err_release(&err);
		return 1;
	}
	check_unclean = log_left(store_path(app.st));
	app.ndirs = session_form_dirs(opts, &app.dirs);
	guest_forms(app.dirs, app.ndirs);	/* F3 on the sign-in screen */
	catch_signals();
	store_appr_busy(app.st, 1000);
	ui_start();
	if (!ui_utf8)
		snprintf(app.warning, sizeof(app.warning),
			 "Locale not UTF-8: some letters show as '?'; what you "
			 "type is saved exactly.");
	if (signin_run(app.st, &got_signal) && !got_signal)
		got_signal = SIGINT;	/* quit at the sign-in screen */
	if ((lock_msg = lock_setup())) {
		app_msg(&app, 1, "%s", lock_msg);
		free(lock_msg);
	}
	team_open(&app);
	handover_offer_refuse(&app);	/* a hand-over to this manager that is broken */
	draw(&app);
	refresh();
	/* The file is checked at the first pause (idle_check): a damaged one
	 * makes the program leave. */
	offer_resume(&app);
	rescue_offer(&app);	/* on top: answered before the resume offer */
	settle_keys(&app);
	loop(&app);
	app.quitting = 1;
	while (app.depth > 0)
		app_pop(&app);	/* each screen saves, or keeps its words in a file */
	ui_end();
	/* After an unclean stop the file is checked before eadr is done with
	 * it, however quickly this session ended. */
	if (check_unclean && !check_done && !got_signal && !app.exit_note &&
	    store_check(app.st, &err) < 0) {
		app.exit_note = xstrdup(err_msg(&err));
		err_release(&err);
	}
	if (app.save != SAVE_FAILED && store_flush(app.st, &err) < 0) {
		app_saved(&app, -1, &err);
		err_release(&err);
	}
	if (app.exit_note) {
		say(app.exit_note);
		rc = 1;
	}
	if (guest_not_saved()) {
		fprintf(stderr, "eadr: NOT everything typed was saved: %s\n",
			guest_not_saved());
		rc = 1;
	}
	if (app.save == SAVE_FAILED) {
		fprintf(stderr, "eadr: NOT everything typed was saved: %s\n",
			app.save_msg ? app.save_msg : "the database could not be written");
		rc = 1;
	} else if (!guest_not_saved() && !app.exit_note && got_signal && got_signal != SIGINT) {
		fprintf(stderr, "eadr: stopped by a signal; everything typed was saved\n");
	}
	free(app.msg);
	free(app.save_msg);
	free(app.exit_note);
	session_form_dirs_free(app.dirs, app.ndirs);
	profile_lock(app.st);	/* locked on quit: the keys are wiped */
	store_close(app.st);
	return rc;
}
