/*
 * guest_prepare.c - "Prepare for my appraisal" on the sign-in screen: the
 * staff member's code, then the guest walk of the prepared questions
 * (lib/prepare.h decides which; nothing of wellbeing), each answer saved
 * under the code as typed, and handed back to the manager.
 */
#include <stdlib.h>
#include <string.h>

#include "guest.h"
#include "lib/prepare.h"
#include "lib/prepare_away.h"
#include "lib/sbuf.h"

#define TITLE "EADR: preparing for your appraisal"

struct prep {
	struct store *st;
	struct prepare_session ps;
};

static const char *get(void *arg, const char *path)
{
	return prepare_get(&((struct prep *)arg)->ps, path);
}

static int save(void *arg, const char *path, const char *value, struct err *err)
{
	struct prep *p = arg;

	if (prepare_set(&p->ps, path, value, err) < 0 || prepare_save(p->st, &p->ps, err) < 0)
		return -1;
	return store_flush(p->st, err);
}

static int open_code(void *arg, const char *code, struct err *err)
{
	struct prep *p = arg;
	size_t nd;
	char *const *dirs = guest_form_dirs(&nd);
	int resumed;

	/* A code of another laptop: its answers go through the hub. */
	return prepare_begin_anywhere(p->st, (const char *const *)dirs, nd, code, &p->ps,
				      &resumed, err);
}

void guest_prepare(struct store *st, volatile const sig_atomic_t *stop)
{
	struct prep p = { .st = st };
	struct prepare_step *steps;
	struct guest_question *qs;
	struct err err = ERR_INIT;
	size_t n, merged = 0;
	int rc;

	if (guest_code_loop(TITLE, "Your manager gave you a code on your preparation "
			    "sheet. Type it here to answer the questions for your "
			    "appraisal conversation. The wellbeing conversation is "
			    "not part of it.", open_code, &p, stop) < 0)
		return;
	n = prepare_steps(p.ps.form, &steps);
	qs = xcalloc(n ? n : 1, sizeof *qs);
	for (size_t i = 0; i < n; i++)
		qs[i] = (struct guest_question){ steps[i].q, steps[i].path, steps[i].heading,
						 steps[i].q->prepare_label };
	struct guest_walk g = { TITLE, qs, n, get, save, &p };
	rc = guest_walk_run(&g, stop);
	if (rc != 2 && rc != -1) {
		/* Without profiles the answers go into the draft now; with
		 * them they wait, encrypted, for the holder's sign-in. */
		if (p.ps.away)
			guest_say(TITLE, "Saved, encrypted under your code. This laptop "
				  "does not hold your appraisal: at its next sync your "
				  "answers go through the hub to your manager's laptop. "
				  "Thank you. Please hand the laptop back to your manager.",
				  stop);
		else if (prepare_collect(st, &p.ps, NULL, 0, &merged, &err) < 0)
			guest_say(TITLE, err_msg(&err), stop);
		else
			guest_say(TITLE, merged
				  ? "Saved in your appraisal, marked as your own words. "
				    "Thank you. Please hand the laptop back to your manager."
				  : "Saved, encrypted, for your manager to read at the "
				    "meeting, marked as your own words. Thank you. Please "
				    "hand the laptop back to your manager.", stop);
	}
	err_release(&err);
	free(qs);
	prepare_steps_free(steps, n);
	prepare_session_release(&p.ps);
}
