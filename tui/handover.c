/*
 * handover.c - handing an appraisal to another manager from the team list,
 * and refusing a hand-over that cannot be received (see handover.h).
 * Never runs SQL: the rules are lib's store_handover*.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/keyring.h"
#include "lib/sbuf.h"
#include "lib/store.h"
#include "handover.h"

#define MAX_MANAGERS 9	/* keys 1 to 9 in the menu */

struct hand {
	char *number, *name, *me;
	long long id;
	char **names;		/* the other managers */
	size_t n;
	struct menu_item items[MAX_MANAGERS];
	int to;			/* chosen: index into names */
	int npriv;
};

static void hand_free(void *arg)
{
	struct hand *h = arg;

	for (size_t i = 0; i < h->n; i++)
		free(h->names[i]);
	free(h->names);
	free(h->number);
	free(h->name);
	free(h->me);
	free(h);
}

static void do_hand(struct app *app, void *arg)
{
	struct hand *h = arg;
	struct err err = ERR_INIT;
	const char *to = h->names[h->to];
	int dropped = 0;

	if (store_handover(app->st, h->id, to, h->npriv > 0, &dropped, &err) < 0)
		app_msg(app, 1, "Not handed over: %s", err_msg(&err));
	else
		app_msg(app, 0, "The appraisal of %s is now held by %s, who reads it after "
			"signing in%s.", h->name, to, dropped ? "; its private answers "
			"were deleted" : "");
	err_release(&err);
}

static void chosen(struct app *app, void *arg, int choice)
{
	struct hand *h = arg;
	struct sbuf q = SBUF_INIT;
	struct err err = ERR_INIT;

	h->to = choice;
	if (store_handover_private(app->st, h->id, &h->npriv, &err) < 0) {
		app_msg(app, 1, "%s", err_msg(&err));
		err_release(&err);
		hand_free(h);
		return;
	}
	sbuf_addf(&q, "Hand the appraisal of %s from %s to %s? %s reads it after "
		  "signing in; %s can no longer open it. Recorded in the audit log.",
		  h->name, h->me, h->names[h->to], h->names[h->to], h->me);
	if (h->npriv)
		sbuf_addf(&q, " Its %d private answer%s will be deleted: only %s could "
			  "ever read them.", h->npriv, h->npriv == 1 ? "" : "s", h->me);
	app_confirm(app, q.buf, do_hand, h, hand_free);
	sbuf_release(&q);
}

/* The menu owns nothing: the confirmation takes h over, or it is freed. */
static void menu_done(struct app *app, void *arg, int choice)
{
	struct hand *copy = xmalloc(sizeof(*copy));

	*copy = *(struct hand *)arg;
	memset(arg, 0, sizeof(struct hand));
	chosen(app, copy, choice);
}

/* 1 when the staff member has no appraisal at all, 0 when they have one
 * (held by someone else), -1 and err. */
static int none_yet(struct app *app, const char *number, struct err *err)
{
	struct store_appraisal a;
	int rc;

	memset(&a, 0, sizeof(a));
	rc = store_appraisal_latest(app->st, number, &a, err);
	if (rc > 0)
		store_appraisal_release(&a);
	return rc < 0 ? -1 : !rc;
}

void handover_open(struct app *app, const char *number, const char *name)
{
	struct keyring *kr = store_keyring(app->st);
	struct err err = ERR_INIT;
	struct hand *h;
	char **all;
	size_t n;
	int rc;

	if (!kr) {
		app_msg(app, 1, "Handing an appraisal over needs managers' profiles: "
			"this laptop has none.");
		return;
	}
	h = xcalloc(1, sizeof(*h));
	if ((rc = store_handover_find(app->st, number, &h->id, &err)) <= 0 ||
	    store_profile_names(app->st, &all, &n, &err) < 0) {
		if (rc == 0 && (rc = none_yet(app, number, &err)) > 0)
			app_msg(app, 1, "%s has no appraisal yet: there is nothing to "
				"hand over.", name);
		else if (rc == 0)
			app_msg(app, 1, "You hold no appraisal of %s: only the manager who "
				"holds it can hand it over.", name);
		else
			app_msg(app, 1, "%s", err_msg(&err));
		err_release(&err);
		free(h);
		return;
	}
	h->number = xstrdup(number);
	h->name = xstrdup(name);
	h->me = xstrdup(keyring_name(kr));
	h->names = xcalloc(n ? n : 1, sizeof(*h->names));
	for (size_t i = 0; i < n; i++) {
		if (strcmp(all[i], h->me) && h->n < MAX_MANAGERS) {
			h->items[h->n].key = (char)('1' + h->n);
			h->names[h->n] = all[i];
			h->items[h->n].label = h->names[h->n];
			h->n++;
		} else {
			free(all[i]);
		}
	}
	free(all);
	if (!h->n) {
		app_msg(app, 1, "There is no other manager on this laptop to hand it to: "
			"they make their profile first (Ctrl-N on the sign-in screen).");
		hand_free(h);
		return;
	}
	{
		struct sbuf t = SBUF_INIT;

		sbuf_addf(&t, "Hand the appraisal of %s to", name);
		app_menu(app, t.buf, h->items, (int)h->n, 0, menu_done, h, hand_free);
		sbuf_release(&t);
	}
}

struct refuse {
	char *staff, *from;
};

static void refuse_free(void *arg)
{
	struct refuse *r = arg;

	free(r->staff);
	free(r->from);
	free(r);
}

static void do_refuse(struct app *app, void *arg)
{
	struct refuse *r = arg;
	struct err err = ERR_INIT;
	char *from = NULL;

	if (store_handover_refuse(app->st, r->staff, &from, &err) < 0)
		app_msg(app, 1, "Not handed back: %s", err_msg(&err));
	else
		app_msg(app, 0, "Handed back to %s, who can read it; ask %s to hand it "
			"over again.", from, from);
	free(from);
	err_release(&err);
}

void handover_offer_refuse(struct app *app)
{
	struct sbuf msg = SBUF_INIT, q = SBUF_INIT;
	struct refuse *r = xcalloc(1, sizeof(*r));
	struct staff s = { 0 };

	if (store_handover_stuck(app->st, &msg, &r->staff, &r->from, NULL) <= 0) {
		sbuf_release(&msg);
		refuse_free(r);
		return;
	}
	/* The person, as on the team list; the staff number if not there. */
	if (store_staff_get(app->st, r->staff, &s, NULL) == 1 && s.name && *s.name)
		sbuf_addf(&q, "The appraisal of %s (%s)", s.name, r->staff);
	else
		sbuf_addf(&q, "An appraisal (staff number %s)", r->staff);
	staff_release(&s);
	sbuf_addf(&q, " that %s handed to you does not "
		  "open with your key: it was altered or damaged, and cannot be "
		  "received. %s can still read it. Hand it back to %s now? "
		  "(Recorded in the audit log.)", r->from, r->from, r->from);
	app_confirm_yes(app, q.buf, do_refuse, r, refuse_free);
	sbuf_release(&msg);
	sbuf_release(&q);
}
