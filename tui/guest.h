/*
 * guest.h - screens for a guest at the laptop, with no manager signed in
 * (reached from the sign-in screen): a one-time code asked for, a walk of
 * a list of questions whose answers are saved through the caller's
 * callback as they are typed, and a last word.  Used by the staff
 * member's preparation (guest_prepare.c); made for any such walk (a 360
 * rater's too).  Each runs its own small key loop, as the sign-in screen
 * does; none runs SQL.
 */
#ifndef EADR_TUI_GUEST_H
#define EADR_TUI_GUEST_H

#include <signal.h>
#include <stddef.h>

#include "lib/err.h"
#include "lib/form.h"
#include "lib/store.h"

struct guest_question {
	const struct form_question *q;	/* type, label, hint, choices (borrowed) */
	const char *path;		/* what the callbacks are given */
	const char *heading;		/* the part of the form it is in */
	const char *label;		/* what is asked; NULL: q's label and hint */
};

struct guest_walk {
	const char *title;		/* "EADR: preparing for your appraisal" */
	const struct guest_question *qs;
	size_t n;
	/* The answer at path now (borrowed), or NULL. */
	const char *(*get)(void *arg, const char *path);
	/* Keep value at path: 0, or -1 and err (shown as NOT SAVED, and the
	 * same text is tried again at the next pause; nothing is lost). */
	int (*save)(void *arg, const char *path, const char *value, struct err *err);
	void *arg;
};

/*
 * With curses started: walk g's questions, one screen each.  Text is typed
 * into the editor and saved at each pause in typing (and at least once a
 * second while typing), and on leaving a question; an option is picked
 * with its number or Up/Down and Enter, saved, and the walk goes on.  Tab
 * or Enter (on a one-line answer) goes on, Shift-Tab back; F10 or Ctrl-D at any question ends the
 * walk, as does Tab after the last.  Esc stops early (everything typed is
 * saved).  Returns 0 at the end, 1 stopped with Esc, 2 on *stop, -1 when
 * the last words could not be saved (said on screen first).
 */
int guest_walk_run(const struct guest_walk *g, volatile const sig_atomic_t *stop);
/* Why the words typed last on a guest screen a signal stopped could not be
 * saved, or NULL: eadr says it as it leaves. */
const char *guest_not_saved(void);

/*
 * With curses started: ask for a one-time code under title and intro, with
 * msg (may be NULL) shown as a problem.  Returns the typed text (caller
 * frees), or NULL when the person pressed Esc or *stop was set.
 */
char *guest_ask_code(const char *title, const char *intro, const char *msg,
		     volatile const sig_atomic_t *stop);

/*
 * guest_ask_code until open(arg, code, err) takes the code (0): a refused
 * one is asked again with err's words shown.  0 when taken, -1 when the
 * person pressed Esc or *stop was set.
 */
int guest_code_loop(const char *title, const char *intro,
		    int (*open)(void *arg, const char *code, struct err *err),
		    void *arg, volatile const sig_atomic_t *stop);

/* With curses started: ask text under title; 1 for y or Y, else 0. */
int guest_confirm(const char *title, const char *text, volatile const sig_atomic_t *stop);

/* The form folders the guest screens search (the TUI's, set once at the
 * start; borrowed for the life of the program). */
void guest_forms(char *const *dirs, size_t n);
/* Those folders (*n gets how many). */
char *const *guest_form_dirs(size_t *n);

/*
 * "Give feedback" (F3 on the sign-in screen): a 360 rater's code, the
 * walk of the feedback form (feedback360) saved under the code as typed
 * (feedback_save), and on confirmation the answers sealed to the hub as
 * "eadr feedback" does (feedback_submit): nobody on the laptop can read
 * them afterwards, which the screen says before the first question.
 */
void guest_feedback(struct store *st, volatile const sig_atomic_t *stop);

/* With curses started: show text under title until a key is pressed. */
void guest_say(const char *title, const char *text, volatile const sig_atomic_t *stop);

/*
 * "Prepare for my appraisal" (F2 on the sign-in screen): the code, then
 * the prepared questions of the person's appraisal (prepare_steps), each
 * answer saved with prepare_set and prepare_save as typed, marked as the
 * person's own words, and a last screen: saved, hand back to the manager.
 * Nothing of the wellbeing conversation is reachable (prepare_allowed).
 */
void guest_prepare(struct store *st, volatile const sig_atomic_t *stop);

/* F1 on the sign-in screen: the keys it takes, until a key is pressed. */
void guest_signin_help(volatile const sig_atomic_t *stop);

#endif
