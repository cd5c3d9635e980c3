/*
 * test_guest_signal.c - a guest screen stopped by a signal (SIGTERM while
 * a preparation sheet or a 360 slip is open, tui/guest.c): what was typed
 * since the last pause is saved as it stops, and when it cannot be, the
 * reason is kept for eadr to say as it leaves (guest_not_saved).
 *
 * Deterministic: guest.c is compiled here with wget_wch renamed to
 * script_wget_wch (see Makefile.am), which hands it the keys of a script
 * one by one with no pause between them (a pause is itself a save) and
 * sets the stop flag as the last key is read, as a SIGTERM landing inside
 * a key burst would.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <curses.h>

#include "testscreen.h"
#include "lib/err.h"
#include "lib/sbuf.h"
#include "tui/guest.h"

/* ---- the keyboard: a script, then the signal ---- */

static const char *script;	/* keys still to come */
static volatile sig_atomic_t stop;
static int pauses;		/* times the walk was told no key came */

int script_wget_wch(WINDOW *win, wint_t *ch);
int script_wget_wch(WINDOW *win, wint_t *ch)
{
	(void)win;
	if (!script || !*script) {
		pauses++;
		return ERR;
	}
	*ch = (wint_t)(unsigned char)*script++;
	if (!*script)
		stop = 1;	/* the signal, before any pause */
	return OK;
}

/* ---- what the walk saves ---- */

struct saved {
	char *value;		/* the last value saved, or NULL */
	int calls;
	int refuse;		/* every save fails */
};

static const char *get_none(void *arg, const char *path)
{
	(void)arg;
	(void)path;
	return NULL;
}

static int save_cb(void *arg, const char *path, const char *value, struct err *err)
{
	struct saved *s = arg;

	assert_string_equal(path, "welcome.checkin");
	s->calls++;
	if (s->refuse)
		return err_set(err, "the disk is full");
	free(s->value);
	s->value = xstrdup(value);
	return 0;
}

static int walk(struct saved *s, const char *keys)
{
	static struct form_question q = { .type = FORM_TEXT, .label = (char *)"How are you?" };
	static const struct guest_question gq = { &q, "welcome.checkin", "Welcome", NULL };
	struct guest_walk g = { "EADR: preparing for your appraisal", &gq, 1, get_none,
		save_cb, s };

	script = keys;
	stop = 0;
	pauses = 0;
	return guest_walk_run(&g, &stop);
}

/* Typed in one burst, stopped before any pause: saved as it stops. */
static void test_burst_saved_at_signal(void **state)
{
	struct saved s = { NULL, 0, 0 };

	(void)state;
	assert_int_equal(walk(&s, "Nervous but ready"), 2);
	assert_int_equal(pauses, 0);
	assert_string_equal(s.value, "Nervous but ready");
	assert_int_equal(s.calls, 1);
	assert_null(guest_not_saved());
	free(s.value);
}

/* The save fails as it stops: why is kept for eadr to say at exit. */
static void test_not_saved_said(void **state)
{
	struct saved s = { NULL, 0, 1 };

	(void)state;
	assert_int_equal(walk(&s, "Tired"), 2);
	assert_int_equal(pauses, 0);
	assert_int_equal(s.calls, 1);
	assert_null(s.value);
	assert_non_null(guest_not_saved());
	assert_non_null(strstr(guest_not_saved(), "the disk is full"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_burst_saved_at_signal),
		cmocka_unit_test(test_not_saved_said),
	};

	return cmocka_run_group_tests(tests, testscreen_up, testscreen_down);
}
