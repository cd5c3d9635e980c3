/*
 * guest_feedback.c - "Give feedback" on the sign-in screen: a 360 rater's
 * code, the guest walk of the feedback form saved under the code as typed,
 * and the answers sealed to the hub on submission (lib/feedback.h), as
 * "eadr feedback" does in plain lines.
 */
#include <stdlib.h>
#include <string.h>

#include "guest.h"
#include "lib/feedback.h"
#include "lib/sbuf.h"

#define TITLE "EADR: 360-degree feedback"

static char *const *form_dirs;
static size_t nform_dirs;

void guest_forms(char *const *dirs, size_t n)
{
	form_dirs = dirs;
	nform_dirs = n;
}

char *const *guest_form_dirs(size_t *n)
{
	*n = nform_dirs;
	return form_dirs;
}

struct fb {
	struct store *st;
	struct feedback_draft d;
};

static const char *get(void *arg, const char *path)
{
	return feedback_draft_get(&((struct fb *)arg)->d, path);
}

static int save(void *arg, const char *path, const char *value, struct err *err)
{
	struct fb *b = arg;

	feedback_draft_set(&b->d, path, value);
	if (feedback_save(b->st, &b->d, err) < 0)
		return -1;
	return store_flush(b->st, err);
}

/* The questions of f, one per answerable question of each section. */
static struct guest_question *questions(const struct form *f, char ***paths, size_t *n)
{
	struct guest_question *qs = NULL;

	*n = 0;
	*paths = NULL;
	for (size_t s = 0; s < f->nsections; s++)
		for (size_t k = 0; k < f->sections[s].nquestions; k++) {
			const struct form_question *q = &f->sections[s].questions[k];
			struct sbuf p = SBUF_INIT;
			if (!form_type_answerable(q->type) || q->type == FORM_LIST)
				continue;
			sbuf_addf(&p, "%s.%s", f->sections[s].id, q->id);
			qs = xrealloc(qs, (*n + 1) * sizeof *qs);
			*paths = xrealloc(*paths, (*n + 1) * sizeof **paths);
			(*paths)[*n] = sbuf_detach(&p);
			qs[*n] = (struct guest_question){ q, (*paths)[*n], f->sections[s].title,
							  NULL };
			++*n;
		}
	return qs;
}

static int open_code(void *arg, const char *code, struct err *err)
{
	struct fb *b = arg;
	int resumed;

	return feedback_begin(b->st, code, &b->d, &resumed, err);
}

void guest_feedback(struct store *st, volatile const sig_atomic_t *stop)
{
	struct fb b = { .st = st };
	struct sbuf intro = SBUF_INIT;
	struct guest_question *qs = NULL;
	struct err err = ERR_INIT;
	struct form *f = NULL;
	char **paths = NULL;
	size_t n = 0;
	int rc;

	rc = form_find_newest((const char *const *)form_dirs, nform_dirs, "feedback360",
			      &f, &err);
	if (rc <= 0) {
		guest_say(TITLE, rc < 0 ? err_msg(&err) : "The 360-degree feedback form "
			  "(feedback360) is not installed on this laptop.", stop);
		goto out;
	}
	/* The form's own words say who can read the answers (never the
	 * laptop), before the first question. */
	sbuf_adds(&intro, f->intro ? f->intro : "When you submit your answers they are "
		  "sealed for the trust's hub: nobody on this laptop can read them.");
	sbuf_adds(&intro, " Type the code on your invitation slip; your answers are "
		  "saved under it as you type.");
	if (guest_code_loop(TITLE, intro.buf, open_code, &b, stop) < 0)
		goto out;
	qs = questions(f, &paths, &n);
	struct guest_walk g = { TITLE, qs, n, get, save, &b };
	rc = guest_walk_run(&g, stop);
	if (rc == 2 || rc == -1)
		goto out;
	if (rc == 1 || !guest_confirm(TITLE, "Submit your feedback now? It is sealed "
				      "for the trust's hub and cannot be read or changed "
				      "on this laptop afterwards. (n: it stays saved "
				      "under your code; come back with the same code.)",
				      stop)) {
		guest_say(TITLE, "Saved, encrypted under your code. Come back with the "
			  "same code to carry on.", stop);
		goto out;
	}
	if (feedback_submit(st, &b.d, &err) < 0)
		guest_say(TITLE, err_msg(&err), stop);
	else
		guest_say(TITLE, "Thank you. Your feedback is sealed for the trust's "
			  "hub; nobody on this laptop can read it.", stop);
out:
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	free(qs);
	sbuf_release(&intro);
	form_free(f);
	feedback_draft_release(&b.d);
	err_release(&err);
}
