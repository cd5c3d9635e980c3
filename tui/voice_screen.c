/*
 * voice_screen.c - "How did it go? (for the staff member)": offered after
 * the sign-off; the staff member answers the staff survey's statements
 * and one line in a dialog whose text is never saved as typed; Seal hands
 * it to voice_submit, which seals it for the hub at once.  Esc leaves
 * nothing behind.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/appr.h"
#include "lib/voice.h"
#include "dialog.h"
#include "voice_screen.h"

struct voicectx {
	struct voice_target t;
	int item[VOICE_NITEMS + 1];	/* field i asks statement item[i]; the
					   last field is the comment */
	int nitems;
	struct sbuf label[VOICE_NITEMS];
};

static void ctx_free(void *arg)
{
	struct voicectx *c = arg;

	voice_target_release(&c->t);
	for (int i = 0; i < VOICE_NITEMS; i++)
		sbuf_release(&c->label[i]);
	free(c);
}

static int seal(struct app *app, struct dialog *d)
{
	struct voicectx *c = d->ctx;
	struct voice_answers a = { 0 };
	struct err err = ERR_INIT;
	int bad = 0;

	for (int i = 0; i < c->nitems; i++) {
		dialog_set_msg(d, i, NULL);
		if (voice_point_read(dialog_text(d, i), &a.v[c->item[i]], &err) < 0) {
			dialog_set_msg(d, i, err_msg(&err));
			err_release(&err);
			bad = 1;
		}
	}
	if (bad) {
		voice_answers_release(&a);
		return -1;
	}
	if (*dialog_text(d, c->nitems))
		a.comment = xstrdup(dialog_text(d, c->nitems));
	if (voice_submit(app->st, &c->t, &a, &err) < 0) {
		app_msg(app, 1, "Not sealed: %s", err_msg(&err));
		err_release(&err);
		return -1;
	}
	app_msg(app, 0, "Thank you. The answers are sealed for the trust's hub; nobody on "
		"this laptop can read them.");
	return 0;
}

static void open_dialog(struct app *app, void *arg)
{
	struct voicectx *c = xcalloc(1, sizeof *c);
	struct dialog *d;
	int n = 0;

	/* The dialog owns its copy; the question frees what is left (nothing). */
	*c = *(struct voicectx *)arg;
	memset(arg, 0, sizeof *c);

	for (int i = 0; i < VOICE_NITEMS; i++)
		if (i != VOICE_WELLBEING || c->t.wellbeing != 0)
			c->item[n++] = i;
	c->nitems = n;
	d = dialog_new(voice_title, "Seal", n + 1);
	d->intro = "Sealed for the hub when you choose Seal: nobody on this laptop can "
		"read the answers afterwards, your manager included. Each is optional.";
	d->ctx = c;
	d->free_ctx = ctx_free;
	d->ok = seal;
	d->name = "How it went";
	for (int i = 0; i < n; i++) {
		sbuf_addf(&c->label[i], "%s%s", c->item[i] == VOICE_WELLBEING &&
			  c->t.wellbeing < 0 ? "If you had one: " : "",
			  voice_statement((enum voice_item)c->item[i]));
		dialog_field(d, i, c->label[i].buf, "1 strongly disagree, 2 disagree, 3 "
			     "neither, 4 agree, 5 strongly agree; empty skips it", 1, "");
	}
	dialog_field(d, n, "Anything else about how it went? (one line, optional)",
		     "Shown at the hub without your name, among others' words.", 1, "");
	dialog_open(app, d);
}

int voice_offer(struct app *app, const struct appr *ap, struct sbuf *note)
{
	struct voicectx *c = xcalloc(1, sizeof *c);
	struct err err = ERR_INIT;
	struct sbuf q = SBUF_INIT;

	if (voice_find(app->st, ap->rec.staff_number, &c->t, &err) < 0) {
		if (note)
			sbuf_addf(note, "How it went is not offered: %s.", err_msg(&err));
		err_release(&err);
		ctx_free(c);
		return 0;
	}
	sbuf_addf(&q, "%s ", voice_title);
	for (const char *p = voice_notice; *p; p++)
		sbuf_addch(&q, *p == '\n' ? ' ' : *p);
	sbuf_adds(&q, " Answer now?");
	/* Enter or n skips: nothing is asked and nothing kept. */
	app_confirm(app, q.buf, open_dialog, c, ctx_free);
	sbuf_release(&q);
	return 1;
}
