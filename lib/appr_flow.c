/*
 * appr_flow.c - the steps every front end takes the same way (see appr.h):
 * which form a new appraisal starts on, who the appraiser is, whether a
 * staff member's appraisal is resumed or a new one started, and the checks
 * of a sign-off.  The screens and plain mode both call these.
 */
#include <stdlib.h>
#include <string.h>

#include "appr.h"
#include "store_appr.h"

struct form *appr_default_form(const char *const *dirs, size_t ndirs, struct err *err)
{
	struct form *f = NULL;
	struct form_entry *e = NULL;
	size_t n = 0;
	int rc = form_find_newest(dirs, ndirs, "eadr", &f, err);

	if (rc != 0)
		return rc == 1 ? f : NULL;
	/* No EADR form: the first form of the catalogue, by id. */
	if (form_catalog(dirs, ndirs, &e, &n, err) < 0)
		return NULL;
	if (n > 0)
		rc = form_find_newest(dirs, ndirs, e[0].id, &f, err);
	form_catalog_free(e, n);
	if (rc == 1)
		return f;
	if (rc == 0)
		err_set(err, "no form was found: put the EADR form (eadr.yaml) in a "
			"forms folder or name one with --forms DIR");
	return NULL;
}

int appr_state_open(const char *state)
{
	return state && (!strcmp(state, "draft") || !strcmp(state, "signed"));
}

int appr_begin(struct store *st, const char *const *dirs, size_t ndirs,
	       const char *staff_number, long long *id, char **form_name,
	       struct err *err)
{
	const char *env = getenv("EADR_APPRAISER");
	struct form *f = appr_default_form(dirs, ndirs, err);
	int rc;

	if (!f)
		return -1;
	/* The appraiser is whoever signs as the manager (recorded then); the
	 * last appraiser on a shared laptop is somebody else's name. */
	rc = appr_start(st, f, staff_number, env ? env : "", id, err);
	if (rc == 0 && form_name) {
		struct sbuf sb = SBUF_INIT;

		sbuf_addf(&sb, "%s %s", f->id, f->version);
		*form_name = sbuf_detach(&sb);
	}
	form_free(f);
	return rc;
}

/* Which field a refused sign-off names: -1 with err, and *field. */
static int refuse(int *field, int which, struct err *err, const char *msg)
{
	if (field)
		*field = which;
	return err_set(err, "%s", msg);
}

int appr_signoff(struct appr *ap, const char *manager, const char *staff,
		 const char *comments, int *field, struct err *err)
{
	struct sbuf m = SBUF_INIT;
	int rc;

	if (field)
		*field = APPR_SIGNOFF_OTHER;
	if (appr_is_final(ap))
		return err_set(err, "the appraisal is final; reopen it to sign again");
	if (appr_is_signed(ap))
		return err_set(err, "the appraisal is signed already");
	if (!manager || !manager[strspn(manager, " \t")])
		return refuse(field, APPR_SIGNOFF_MANAGER, err,
			      "The manager types their name to sign.");
	if (!staff || (!appr_same_name(staff, ap->staff_name) &&
		       !appr_same_name(staff, ap->rec.staff_number))) {
		sbuf_addf(&m, "Type the name as on the staff record (%s), or the staff number.",
			  ap->staff_name);
		refuse(field, APPR_SIGNOFF_STAFF, err, m.buf);
		sbuf_release(&m);
		return -1;
	}
	/* Both signatures or neither. */
	if (store_begin(ap->st, err) < 0)
		return -1;
	rc = appr_sign(ap, "appraiser", manager, "", err) < 0 ||
	     appr_sign(ap, "appraisee", ap->staff_name, comments ? comments : "", err) < 0 ||
	     store_appr_draft_clear(ap->st, ap->rec.id, err) < 0
	     ? -1 : 0;
	if (rc < 0)
		store_rollback(ap->st);
	else
		rc = store_commit(ap->st, err);
	if (appr_reload(ap, rc < 0 ? NULL : err) < 0)
		rc = -1;
	return rc;
}

static const char *draft_field(int field)
{
	switch (field) {
	case APPR_SIGNOFF_MANAGER: return "manager";
	case APPR_SIGNOFF_STAFF: return "staff";
	case APPR_SIGNOFF_COMMENTS: return "comments";
	}
	return NULL;
}

int appr_signoff_draft_set(struct appr *ap, int field, const char *text,
			   struct err *err)
{
	const char *name = draft_field(field);

	if (!name)
		return err_set(err, "appr: no such sign-off field %d", field);
	if (appr_is_final(ap) || appr_is_signed(ap))
		return 0;	/* signed already: the dialog's text is spent */
	return store_appr_draft_set(ap->st, ap->rec.id, name, text, err);
}

char *appr_signoff_draft(struct appr *ap, int field)
{
	const char *name = draft_field(field);
	char *text = NULL;

	if (!name || store_appr_draft_get(ap->st, ap->rec.id, name, &text, NULL) != 1)
		return NULL;
	return text;
}
