/*
 * signoff.c - signing off: the manager and the staff member each confirm
 * by typing their name, the appraisee's comments are recorded, then the
 * appraisal is made final (read-only) after one more question.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/appr.h"
#include "lib/rescue.h"
#include "dialog.h"
#include "signoff.h"
#include "ui.h"
#include "voice_screen.h"

struct signctx {
	struct appr *ap;	/* borrowed from the walk */
	struct sbuf intro;
	struct sbuf hint;	/* the manager's field's hint */
};

static void ctx_free(void *arg)
{
	struct signctx *c = arg;

	sbuf_release(&c->intro);
	sbuf_release(&c->hint);
	free(c);
}

/* The dialog's field i is sign-off field (appr.h) i + 1. */
static int save_field(struct app *app, struct dialog *d, int i, struct err *err)
{
	struct signctx *c = d->ctx;

	(void)app;
	return appr_signoff_draft_set(c->ap, i + APPR_SIGNOFF_MANAGER, dialog_text(d, i), err);
}

/* The database would not take field i and the dialog is closing: a file. */
static void rescue_field(struct app *app, struct dialog *d, int i)
{
	static const char *const what[] = {
		"the manager's name typed to sign", "the staff member's name typed to sign",
		"the staff member's sign-off comments",
	};
	struct signctx *c = d->ctx;
	struct sbuf who = SBUF_INIT, note = SBUF_INIT;
	struct err err = ERR_INIT;
	struct rescue r;
	char *file, *was = appr_signoff_draft(c->ap, i + APPR_SIGNOFF_MANAGER);

	sbuf_addf(&who, "%s (%s)", c->ap->staff_name, c->ap->rec.staff_number);
	memset(&r, 0, sizeof(r));
	r.db_path = store_path(app->st);
	r.who = who.buf;
	r.appraisal = c->ap->rec.uuid;
	r.id = c->ap->rec.id;
	r.what = what[i];
	r.field = i + APPR_SIGNOFF_MANAGER;
	r.was = was;
	r.text = dialog_text(d, i);
	r.kr = store_keyring(app->st);
	if (app->exit_note)
		sbuf_addf(&note, "%s\n", app->exit_note);
	if ((file = rescue_write(&r, &err)))
		sbuf_addf(&note, "%s could not be saved in the database; it is kept in %s",
			  r.what, file);
	else
		sbuf_addf(&note, "%s could not be saved in the database, and %s. "
			  "The words were:\n%s", r.what, err_msg(&err), r.text);
	free(app->exit_note);
	app->exit_note = sbuf_detach(&note);
	free(file);
	free(was);
	sbuf_release(&who);
	err_release(&err);
}

/* Fields typed before (the dialog closed, eadr stopped): as they were. */
static void restore_drafts(struct dialog *d, struct appr *ap)
{
	for (int i = 0; i < d->n; i++) {
		char *text = appr_signoff_draft(ap, i + APPR_SIGNOFF_MANAGER);

		if (text)
			dialog_set_text(d, i, text);
		free(text);
	}
}

static void finalise(struct app *app, void *arg)
{
	struct appr *ap = arg;
	struct err err = ERR_INIT;
	int final = appr_finalise(ap, &err) == 0;

	if (!final)
		app_msg(app, 1, "Not made final: %s", err_msg(&err));
	err_release(&err);
	/* The sign-off dialog is on top again: close it, back to the walk. */
	app_pop(app);
	if (!final)
		return;
	app_msg(app, 0, "The appraisal is final. Its PDP goals are ready for the "
		"learning and development team.");
	/* Not offered (nothing said) where it cannot be sealed: no hub key. */
	voice_offer(app, ap, NULL);
}

static void ask_finalise(struct app *app, struct appr *ap)
{
	app_confirm_yes(app, "Both of you have signed. Make the appraisal final now? "
		    "It becomes read-only; reopening it later is possible and is "
		    "recorded in the audit log.", finalise, ap, NULL);
}

static int sign_ok(struct app *app, struct dialog *d)
{
	struct signctx *c = d->ctx;
	struct appr *ap = c->ap;
	struct err err = ERR_INIT;
	int field;

	for (int i = 0; i < d->n; i++)
		dialog_set_msg(d, i, NULL);
	if (appr_is_signed(ap)) {
		ask_finalise(app, ap);
		return -1;
	}
	if (appr_signoff(ap, dialog_text(d, 0), dialog_text(d, 1), dialog_text(d, 2),
			 &field, &err) < 0) {
		if (field == APPR_SIGNOFF_MANAGER)
			dialog_set_msg(d, 0, err_msg(&err));
		else if (field == APPR_SIGNOFF_STAFF)
			dialog_set_msg(d, 1, err_msg(&err));
		else
			app_msg(app, 1, "Not signed: %s", err_msg(&err));
		err_release(&err);
		return -1;
	}
	app_saved(app, 0, NULL);
	ask_finalise(app, ap);
	return -1;	/* the dialog stays under the question */
}

static void unsign(struct app *app, void *arg, int choice)
{
	struct appr *ap = arg;
	struct err err = ERR_INIT;

	(void)choice;
	if (appr_reopen(ap, &err) < 0)
		app_msg(app, 1, "%s", err_msg(&err));
	else
		app_msg(app, 0, "The signatures are taken back; the appraisal is a draft again.");
	err_release(&err);
}

static void finalise_only(struct app *app, void *arg)
{
	struct appr *ap = arg;
	struct err err = ERR_INIT;

	if (appr_finalise(ap, &err) < 0)
		app_msg(app, 1, "Not made final: %s", err_msg(&err));
	else
		app_msg(app, 0, "The appraisal is final.");
	err_release(&err);
}

static void signed_choice(struct app *app, void *arg, int choice)
{
	struct appr *ap = arg;

	if (choice == 0)
		app_confirm_yes(app, "Make the appraisal final now? It becomes read-only; "
			    "reopening it later is recorded in the audit log.",
			    finalise_only, ap, NULL);
	else
		unsign(app, ap, choice);
}

void signoff_open(struct app *app, struct appr *ap, void (*done)(struct app *, void *),
		  void *walk)
{
	static const struct menu_item signed_items[] = {
		{ 'f', "Make it final (read-only)" },
		{ 'u', "Take back the signatures to make changes" },
	};
	struct appr_problems p = { 0 };
	struct signctx *c;
	struct dialog *d;
	const char *comments;

	(void)done;
	(void)walk;
	if (appr_is_final(ap)) {
		app_msg(app, 0, "This appraisal is final. To change it, reopen it from the "
			"team list (Enter on the person, then r).");
		return;
	}
	if (appr_is_signed(ap)) {
		app_menu(app, "Both have signed", signed_items, 2, 0, signed_choice, ap, NULL);
		return;
	}
	appr_problems(ap, (size_t)-1, &p);
	if (p.n) {
		app_msg(app, 1, "%zu answer%s still needed before signing: see the review "
			"(Ctrl-R).", p.n, p.n == 1 ? " is" : "s are");
		appr_problems_release(&p);
		return;
	}
	c = xcalloc(1, sizeof(*c));
	c->ap = ap;
	sbuf_addf(&c->intro, "Read the review together first. Each of you then signs by "
		  "typing your own name. %s's comments are kept with the signatures.",
		  ap->staff_name);
	d = dialog_new("Sign off", "Sign", 3);
	d->intro = c->intro.buf;
	d->ctx = c;
	d->free_ctx = ctx_free;
	d->ok = sign_ok;
	d->name = "Sign-off";
	comments = appr_get(ap, "summary.comments");
	/* A signature is typed by its signer, never filled in: the name
	 * recorded on the appraisal is only a hint. */
	sbuf_adds(&c->hint, "Your own name, as you sign it.");
	if (ap->rec.appraiser && *ap->rec.appraiser)
		sbuf_addf(&c->hint, " (The appraiser recorded here is %s.)",
			  ap->rec.appraiser);
	dialog_field(d, 0, "Manager: type your name to sign", c->hint.buf, 1, "");
	dialog_field(d, 1, "Staff member: type your name to sign",
		     "As on the staff record, or the staff number.", 1, "");
	dialog_field(d, 2, "Staff member's comments (optional)",
		     "Anything they wish to add; kept with the sign-off.", 4,
		     comments ? comments : "");
	d->save = save_field;
	d->unsaved = rescue_field;
	restore_drafts(d, ap);
	dialog_open(app, d);
}
