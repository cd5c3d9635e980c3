/*
 * prepare_merge.c - putting what the staff member prepared into the draft:
 * at once where the laptop has no profiles, else at the holding manager's
 * sign-in (the code, sealed under their shared key, opens the answers).
 * Every answer goes through appr_set and is marked as the person's words.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "appr.h"
#include "keyring.h"
#include "prepare.h"
#include "store_prepare.h"

/* A new item of the person's, and the index it got in the draft. */
struct newitem {
	char *list;		/* "pdp.goals" */
	long mine, index;	/* the person's number, the draft's */
};

/* The draft's path for the person's path: new items are added on first use. */
static int draft_path(struct appr *ap, const char *path, struct newitem **items,
		      size_t *nitems, struct sbuf *out, struct err *err)
{
	const char *br = strchr(path, '['), *close;
	long mine, index = -1;

	sbuf_reset(out);
	if (!br) {
		sbuf_adds(out, path);
		return 0;
	}
	if (!(close = strchr(br, ']')))
		return err_set(err, "a prepared answer has a broken path");
	mine = strtol(br + 1, NULL, 10);
	for (size_t i = 0; i < *nitems; i++)
		if ((*items)[i].mine == mine &&
		    strlen((*items)[i].list) == (size_t)(br - path) &&
		    !strncmp((*items)[i].list, path, (size_t)(br - path)))
			index = (*items)[i].index;
	if (index < 0) {
		char *list = xstrndup(path, (size_t)(br - path));
		const struct form_question *lq = form_find(ap->form, list);

		if (!lq || lq->type != FORM_LIST ||
		    appr_item_add(ap, lq, list, &index, err) < 0) {
			free(list);
			return err->msg ? -1 : err_set(err, "a prepared list is not in the form");
		}
		*items = xrealloc(*items, (*nitems + 1) * sizeof **items);
		(*items)[(*nitems)++] = (struct newitem){ list, mine, index };
	}
	sbuf_add(out, path, (size_t)(br - path));
	sbuf_addf(out, "[%ld]%s", index, close + 1);
	return 0;
}

/* Write ps's answers into the draft, marked, in one transaction. */
static int merge(struct store *st, const struct prepare_session *ps,
		 const char *const *dirs, size_t ndirs, struct err *err)
{
	struct appr *ap = appr_open(st, ps->appraisal_id, dirs, ndirs, err);
	struct newitem *items = NULL;
	struct sbuf path = SBUF_INIT;
	size_t nitems = 0;
	int rc = -1;

	if (!ap)
		return -1;
	ap->by_staff = 1;	/* their words, not an edit of them */
	if (appr_lock(ap, NULL, err) != 1) {
		if (!err->msg)
			err_set(err, "the appraisal is open in another eadr; the "
				"preparation waits until it is closed");
		goto out;
	}
	if (store_begin(st, err) < 0)
		goto out;
	for (size_t i = 0; i < ps->n; i++) {
		const struct form_question *q = form_find(ap->form, ps->path[i]);
		if (!prepare_allowed(q) || !*ps->value[i])
			continue;	/* never beyond what a code reaches */
		if (draft_path(ap, ps->path[i], &items, &nitems, &path, err) < 0 ||
		    appr_set(ap, path.buf, ps->value[i], err) < 0 ||
		    store_prepare_mark(st, ps->appraisal_id, ap->rec.uuid,
				       ap->rec.staff_number, path.buf, err) < 0)
			goto fail;
	}
	if (store_prepare_inbox_delete(st, ps->hash, err) < 0)
		goto fail;
	rc = store_commit(st, err);
	goto out;
fail:
	store_rollback(st);
	appr_reload(ap, NULL);
out:
	for (size_t i = 0; i < nitems; i++)
		free(items[i].list);
	free(items);
	sbuf_release(&path);
	appr_free(ap);
	return rc;
}

struct collect {
	struct store *st;
	const char *const *dirs;
	size_t ndirs, n;
	struct err *err;
	char *first;		/* the first merge that failed: why */
};

/* One waiting code whose sealed copy the signed-in manager's keys open. */
static int collect_one(const struct prepare_row *r, void *arg)
{
	struct collect *c = arg;
	struct keyring *kr = store_keyring(c->st);
	struct prepare_session ps = { 0 };
	struct store_appraisal a = { 0 };
	struct sbuf ad = SBUF_INIT;
	char *code;
	int rc = 0, resumed;

	if (!kr || !r->code_box.len)
		return 0;
	sbuf_adds(&ad, "eadr-prepare-code-v1");
	sbuf_addch(&ad, '\0');
	sbuf_adds(&ad, r->code_hash);
	code = keyring_decrypt(kr, KEYRING_SHARED, (const unsigned char *)ad.buf, ad.len,
			       (const unsigned char *)r->code_box.buf, r->code_box.len, NULL);
	sbuf_release(&ad);
	if (!code)
		return 0;	/* another manager's */
	if (prepare_begin(c->st, code, &ps, &resumed, c->err) < 0) {
		/* Expired (signed meanwhile): dropped with the code.  Answers
		 * that do not open (damaged, or forged on the way through the
		 * hub) keep waiting, said, and do not stop the others. */
		if (!strstr(err_msg(c->err), "expired") && !c->first)
			c->first = xstrdup(err_msg(c->err));
		err_release(c->err);
	} else if (resumed) {
		/* One that cannot be merged now (its appraisal open in another
		 * eadr) keeps waiting; the others are still merged. */
		if (merge(c->st, &ps, c->dirs, c->ndirs, c->err) == 0)
			c->n++;
		else if (!c->first)
			c->first = xstrdup(err_msg(c->err));
		err_release(c->err);
	}
	sodium_memzero(code, strlen(code));
	free(code);
	prepare_session_release(&ps);
	store_appraisal_release(&a);
	return rc;
}

int prepare_collect(struct store *st, const struct prepare_session *ps,
		    const char *const *dirs, size_t ndirs, size_t *n,
		    struct err *err)
{
	struct collect c = { st, dirs, ndirs, 0, err, NULL };
	int rc = 0;

	if (ps && !store_profiles(st)) {
		if ((rc = merge(st, ps, dirs, ndirs, err)) == 0)
			c.n++;
	} else if (store_keyring(st)) {
		rc = store_prepare_waiting_each(st, collect_one, &c, err);
		if (rc == 0 && c.first)
			rc = err_set(err, "%s", c.first);
		free(c.first);
	}
	if (n)
		*n = c.n;
	return rc < 0 ? -1 : 0;
}

int prepare_marked(struct store *st, long long appraisal_id, const char *path,
		   struct err *err)
{
	return store_prepare_marked(st, appraisal_id, path, err);
}

const char *prepare_mark_words(int m)
{
	return m == 1 ? "(their own words)" : m == 2 ? "(their words, changed since)" : "";
}
