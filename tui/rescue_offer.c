/*
 * rescue_offer.c - at start, words kept in a rescue file are offered back
 * (rescue_offer.h); the work is lib/rescue_put.c's, through the normal
 * save path.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/rescue.h"
#include "rescue_offer.h"
#include "screen.h"

static void restore_yes(struct app *app, void *arg)
{
	const char *file = arg;
	struct sbuf report = SBUF_INIT;
	struct err err = ERR_INIT;

	if (rescue_restore(app->st, file, (const char *const *)app->dirs, app->ndirs,
			   &report, &err) == 0)
		app_msg(app, 0, "Put back: %s.", report.buf);
	else
		app_msg(app, 1, "Not put back: %s", err_msg(&err));
	sbuf_release(&report);
	err_release(&err);
}

/* May the one signed in (or anyone, when nobody is) put f back? */
static int mine(struct app *app, const struct rescue_file *f)
{
	const struct keyring *kr = store_keyring(app->st);

	if (!f->manager)
		return 1;
	return kr && !strcasecmp(keyring_name(kr), f->manager);
}

void rescue_offer(struct app *app)
{
	struct rescue_file *v;
	struct err err = ERR_INIT;
	size_t n;

	if (rescue_find(store_path(app->st), &v, &n, &err) < 0) {
		err_release(&err);
		return;
	}
	/* Pushed newest first: the oldest is on top, answered first. */
	for (size_t i = n; i-- > 0;) {
		struct sbuf q = SBUF_INIT;
		char day[10 + 1], words[40];

		if (mine(app, &v[i])) {
			snprintf(day, sizeof(day), "%s", v[i].at);
			date_words(day, words, sizeof(words));
			sbuf_addf(&q, "Words that could not be saved on %s for %s (%s) are "
				  "kept in %s. Put them back now?", *words ? words : v[i].at,
				  v[i].who && *v[i].who ? v[i].who : v[i].uuid, v[i].what,
				  v[i].file);
			app_confirm_yes(app, q.buf, restore_yes, xstrdup(v[i].file), free);
		}
		sbuf_release(&q);
		rescue_file_release(&v[i]);
	}
	free(v);
}
