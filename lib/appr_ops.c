/*
 * appr_ops.c - the changes an appraisal goes through (see
 * appr.h): starting with last year's answers carried over, list items
 * added, deleted and reordered as renumbered answer paths, sign-off and
 * finalising with the PDP goals table written through the TNA mapping.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>
#include <wctype.h>
#include <string.h>

#include "appr.h"
#include "store_prepare.h"
#include "utf8.h"
#include "store_appr.h"
#include "sync.h"

/* ---- list items: answer paths renumbered in one transaction ---- */

/* Call fn for every answer question inside list q (through groups). */
static void each_field(const struct form_question *q,
		       void (*fn)(const struct form_question *, void *), void *arg)
{
	for (size_t i = 0; i < q->nquestions; i++) {
		const struct form_question *c = &q->questions[i];

		if (c->type == FORM_GROUP)
			each_field(c, fn, arg);
		else if (c->type != FORM_NOTE && c->type != FORM_LIST)
			fn(c, arg);
	}
}

struct addctx {
	struct appr *ap;
	size_t index;
	struct err *err;
	int rc;
};

static void add_field(const struct form_question *f, void *arg)
{
	struct addctx *c = arg;
	struct sbuf p = SBUF_INIT;

	if (c->rc == 0) {
		form_answer_path(f, &c->index, 1, &p);
		/* Even "" is written: the empty item must exist in the store. */
		c->rc = appr_set(c->ap, p.buf, f->default_value ? f->default_value : "", c->err);
	}
	sbuf_release(&p);
}

int appr_item_add(struct appr *ap, const struct form_question *q,
		  const char *listpath, long *index, struct err *err)
{
	long n = appr_count(ap, listpath);
	struct addctx c = { ap, (size_t)n, err, 0 };

	if (q->has_max && n >= (long)q->max)
		return err_set(err, "at most %.0f %s items", q->max,
			       q->item ? q->item : q->label);
	if (appr_may_change(ap, err) < 0)
		return -1;
	if (store_begin(ap->st, err) < 0)
		return -1;
	each_field(q, add_field, &c);
	if (c.rc < 0) {
		store_rollback(ap->st);
		appr_reload(ap, NULL);
		return -1;
	}
	if (store_commit(ap->st, err) < 0) {
		appr_reload(ap, NULL);
		return -1;
	}
	if (index)
		*index = n;
	return appr_reload(ap, err);
}

/* A copy of item `from`'s answers with paths rewritten for item `to`. */
struct moved {
	char *path, *value;
};

static size_t collect(const struct appr *ap, const char *listpath, long from,
		      long to, struct moved **out)
{
	struct sbuf pre = SBUF_INIT, np = SBUF_INIT;
	struct moved *m = NULL;
	size_t n = 0;

	sbuf_addf(&pre, "%s[%ld].", listpath, from);
	for (size_t i = 0; i < ap->n; i++) {
		if (strncmp(ap->v[i].path, pre.buf, pre.len))
			continue;
		sbuf_reset(&np);
		sbuf_addf(&np, "%s[%ld].%s", listpath, to, ap->v[i].path + pre.len);
		m = xrealloc(m, (n + 1) * sizeof(*m));
		m[n].path = sbuf_detach(&np);
		m[n].value = xstrdup(ap->v[i].value);
		n++;
	}
	sbuf_release(&pre);
	sbuf_release(&np);
	*out = m;
	return n;
}

static void moved_free(struct moved *m, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(m[i].path);
		free(m[i].value);
	}
	free(m);
}

static int put_moved(struct appr *ap, const struct moved *m, size_t n,
		     struct err *err)
{
	for (size_t i = 0; i < n; i++)
		if (store_answer_set(ap->st, ap->rec.id, m[i].path, m[i].value,
				     form_path_private(ap->form, m[i].path) ?
				     STORE_PRIVATE : 0, err) < 0)
			return -1;
	return 0;
}

static int del_item(struct appr *ap, const char *listpath, long k, struct err *err)
{
	struct sbuf pre = SBUF_INIT;
	int rc;

	sbuf_addf(&pre, "%s[%ld].", listpath, k);
	rc = store_answer_delete_prefix(ap->st, ap->rec.id, pre.buf, err);
	sbuf_release(&pre);
	return rc;
}

#define DELETED -1L	/* move_marks: to nowhere */
#define ASIDE -2L	/* move_marks: a slot no item has, during a swap */

/* The staff member's marks (prepare) of item from go with its answers to
 * item to (DELETED, or ASIDE while two items swap). */
static int move_marks(struct appr *ap, const char *listpath, long from, long to,
		      struct err *err)
{
	struct sbuf f = SBUF_INIT, t = SBUF_INIT;
	int rc;

	sbuf_addf(&f, from == ASIDE ? "%s[aside]." : "%s[%ld].", listpath, from);
	sbuf_addf(&t, to == ASIDE ? "%s[aside]." : "%s[%ld].", listpath, to);
	rc = store_prepare_marks_move(ap->st, ap->rec.id, f.buf,
				      to == DELETED ? NULL : t.buf, err);
	sbuf_release(&f);
	sbuf_release(&t);
	return rc;
}

int appr_item_delete(struct appr *ap, const char *listpath, long index,
		     struct err *err)
{
	long n = appr_count(ap, listpath);

	if (index < 0 || index >= n)
		return err_set(err, "there is no item %ld", index + 1);
	if (appr_may_change(ap, err) < 0)
		return -1;
	if (store_begin(ap->st, err) < 0)
		return -1;
	if (del_item(ap, listpath, index, err) < 0 ||
	    move_marks(ap, listpath, index, DELETED, err) < 0)
		goto fail;
	for (long k = index + 1; k < n; k++) {
		struct moved *m;
		size_t nm = collect(ap, listpath, k, k - 1, &m);
		int rc = del_item(ap, listpath, k, err);

		if (rc == 0)
			rc = put_moved(ap, m, nm, err);
		if (rc == 0)
			rc = move_marks(ap, listpath, k, k - 1, err);
		moved_free(m, nm);
		if (rc < 0)
			goto fail;
	}
	if (store_commit(ap->st, err) < 0)
		goto reload;
	return appr_reload(ap, err);
fail:
	store_rollback(ap->st);
reload:
	appr_reload(ap, NULL);
	return -1;
}

int appr_item_swap(struct appr *ap, const char *listpath, long a, long b,
		   struct err *err)
{
	long n = appr_count(ap, listpath);
	struct moved *ma = NULL, *mb = NULL;
	size_t na, nb;
	int rc = -1;

	if (a < 0 || b < 0 || a >= n || b >= n)
		return err_set(err, "an item cannot move past the end of the list");
	if (a == b)
		return 0;
	if (appr_may_change(ap, err) < 0)
		return -1;
	na = collect(ap, listpath, a, b, &ma);
	nb = collect(ap, listpath, b, a, &mb);
	if (store_begin(ap->st, err) < 0)
		goto out;
	if (del_item(ap, listpath, a, err) < 0 || del_item(ap, listpath, b, err) < 0 ||
	    put_moved(ap, ma, na, err) < 0 || put_moved(ap, mb, nb, err) < 0 ||
	    move_marks(ap, listpath, a, ASIDE, err) < 0 ||
	    move_marks(ap, listpath, b, a, err) < 0 ||
	    move_marks(ap, listpath, ASIDE, b, err) < 0) {
		store_rollback(ap->st);
		appr_reload(ap, NULL);
		goto out;
	}
	if (store_commit(ap->st, err) < 0) {
		appr_reload(ap, NULL);
		goto out;
	}
	rc = appr_reload(ap, err);
out:
	moved_free(ma, na);
	moved_free(mb, nb);
	return rc;
}

/* ---- the privacy lock: what the form says, a private value stays ---- */

/*
 * The answer at path of ap, for a place that is not private: NULL when
 * there is none, or when it is private by its stored flag or by form (may
 * be NULL: the flag alone decides); a withheld non-empty value is counted
 * in *withheld.  The form checker refuses forms that would copy a private
 * answer; this holds even for a form that escaped it.
 */
static const char *shared_answer(const struct appr *ap, const struct form *form,
				 const char *path, int *withheld)
{
	for (size_t i = 0; i < ap->n; i++) {
		if (strcmp(ap->v[i].path, path))
			continue;
		if ((ap->v[i].flags & STORE_PRIVATE) ||
		    (form && form_path_private(form, path) != 0)) {
			if (*ap->v[i].value)
				(*withheld)++;
			return NULL;
		}
		return ap->v[i].value;
	}
	return NULL;
}

/* ---- starting: defaults and last year's answers ---- */

struct startctx {
	struct appr *ap;
	const struct appr *prev;
	const struct form_question *list;
	const char *from;	/* last year's list path */
	long item;
	struct err *err;
	int rc;
	int withheld;		/* private answers not carried into open places */
};

static int put_default(const struct form_question *q, void *arg)
{
	struct startctx *c = arg;

	if (q->list || !q->default_value || q->type == FORM_LIST ||
	    q->type == FORM_GROUP || q->type == FORM_NOTE)
		return 0;
	return appr_set(c->ap, q->path, q->default_value, c->err) < 0 ? -1 : 0;
}

static void carry_field(const struct form_question *f, void *arg)
{
	struct startctx *c = arg;
	struct sbuf to = SBUF_INIT, from = SBUF_INIT;
	size_t idx = (size_t)c->item;
	const char *rel = f->path + strlen(c->list->path) + 1;
	const char *v;
	int priv, withheld = 0;

	if (c->rc < 0)
		return;
	form_answer_path(f, &idx, 1, &to);
	sbuf_addf(&from, "%s[%ld].%s", c->from, c->item, rel);
	priv = form_path_private(c->ap->form, to.buf) != 0;
	/* Last year's private answer goes only into a private place. */
	v = priv ? appr_get(c->prev, from.buf) : shared_answer(c->prev, NULL, from.buf,
							       &withheld);
	if (!v)
		v = f->default_value ? f->default_value : "";
	c->withheld += withheld;
	c->rc = store_answer_set(c->ap->st, c->ap->rec.id, to.buf, v,
				 priv ? STORE_PRIVATE : 0, c->err);
	sbuf_release(&to);
	sbuf_release(&from);
}

/* Say in the audit log (without the text) that private answers were held back. */
static int withheld_audit(struct appr *ap, int n, const char *where, struct err *err)
{
	struct sbuf d = SBUF_INIT;
	int rc;

	if (!n)
		return 0;
	sbuf_addf(&d, "%d private answer%s not %s: private answers stay private",
		  n, n == 1 ? " was" : "s were", where);
	rc = store_audit(ap->st, ap->rec.uuid, ap->rec.staff_number,
			 "private-withheld", d.buf, err);
	sbuf_release(&d);
	return rc;
}

static int carry_list(const struct form_question *q, void *arg)
{
	struct startctx *c = arg;
	long n;

	if (q->type != FORM_LIST || !q->carry || q->list)
		return 0;
	c->list = q;
	c->from = q->carry;
	n = appr_count(c->prev, q->carry);
	for (c->item = 0; c->item < n && c->rc == 0; c->item++)
		each_field(q, carry_field, c);
	return c->rc;
}

int appr_start(struct store *st, const struct form *form,
	       const char *staff_number, const char *appraiser, long long *id,
	       struct err *err)
{
	struct store_appraisal rec;
	struct appr *ap = NULL, *prev = NULL;
	long long prev_id;
	int rc;

	if (store_begin(st, err) < 0)
		return -1;
	if (store_form_put(st, form->hash, form->id, form->version, form->source, err) < 0 ||
	    store_appraisal_new(st, staff_number, appraiser, form->id, form->version,
				form->hash, &rec, err) < 0)
		goto fail;
	*id = rec.id;
	store_appraisal_release(&rec);
	if (!(ap = appr_open(st, *id, NULL, 0, err)))
		goto fail;
	{
		struct startctx c = { ap, NULL, NULL, NULL, 0, err, 0, 0 };

		if (form_each_question(ap->form, put_default, &c))
			goto fail;
		rc = store_appr_prev_final(st, staff_number, *id, &prev_id, err);
		if (rc < 0)
			goto fail;
		if (rc == 1) {
			/* Last year's own form may differ: read its answers by path. */
			prev = xcalloc(1, sizeof(*prev));
			prev->st = st;
			prev->rec.id = prev_id;
			if (appr_reload(prev, err) < 0)
				goto fail;
			c.prev = prev;
			if (form_each_question(ap->form, carry_list, &c) ||
			    withheld_audit(ap, c.withheld, "carried from last year", err) < 0)
				goto fail;
		}
	}
	appr_free(ap);
	appr_free(prev);
	return store_commit(st, err);
fail:
	appr_free(ap);
	appr_free(prev);
	store_rollback(st);
	return -1;
}

/* ---- place, sign-off, final ---- */

int appr_set_resume(struct appr *ap, const char *path, struct err *err)
{
	if (ap->rec.resume_at && path && !strcmp(ap->rec.resume_at, path))
		return 0;
	if (appr_may_change(ap, err) < 0)
		return -1;
	if (store_appraisal_set_resume(ap->st, ap->rec.id, path, err) < 0)
		return -1;
	free(ap->rec.resume_at);
	ap->rec.resume_at = path ? xstrdup(path) : NULL;
	return 0;
}

static int signed_one(const struct signoff_row *r, void *arg)
{
	int *bits = arg;

	*bits |= !strcmp(r->role, "appraiser") ? 1 : 2;
	return 0;
}

int appr_signed_by(const struct appr *ap, struct err *err)
{
	int bits = 0;

	if (store_appr_signoffs(ap->st, ap->rec.id, signed_one, &bits, err) < 0)
		return -1;
	return bits;
}

int appr_sign(struct appr *ap, const char *role, const char *name,
	      const char *comments, struct err *err)
{
	struct appr_problems p = { 0 };
	int bits;

	if (appr_may_change(ap, err) < 0)
		return -1;
	appr_problems(ap, (size_t)-1, &p);
	if (p.n) {
		err_set(err, "%zu answer%s still needed before signing (see the review)",
			p.n, p.n == 1 ? " is" : "s are");
		appr_problems_release(&p);
		return -1;
	}
	if (store_begin(ap->st, err) < 0)
		return -1;
	if (store_signoff_add(ap->st, ap->rec.id, role, name, comments, err) < 0 ||
	    (!strcmp(role, "appraiser") &&
	     store_appr_set_appraiser(ap->st, ap->rec.id, name, err) < 0) ||
	    (bits = appr_signed_by(ap, err)) < 0 ||
	    (bits == 3 && store_appraisal_set_state(ap->st, ap->rec.id, "signed", err) < 0)) {
		store_rollback(ap->st);
		return -1;
	}
	if (store_commit(ap->st, err) < 0)
		return -1;
	return appr_reload(ap, err);
}

/* Is goal text one of last year's PDP goals? Its position, or -1. */
static int prev_goal(const struct appr *prev, const struct form_question *pdp,
		     const char *goal)
{
	const struct form_question *gq = pdp->tna[FORM_TNA_GOAL];
	long n;

	if (!prev || !gq || !goal || !*goal)
		return -1;
	n = appr_count(prev, pdp->carry);
	for (long k = 0; k < n; k++) {
		struct sbuf p = SBUF_INIT;
		const char *v;

		sbuf_addf(&p, "%s[%ld].%s", pdp->carry, k, gq->path + strlen(pdp->path) + 1);
		v = appr_get(prev, p.buf);
		sbuf_release(&p);
		if (v && !strcmp(v, goal))
			return (int)k;
	}
	return -1;
}

/* A TNA column's value: never a private answer (the goals leave the laptop). */
static const char *tna_value(const struct appr *ap, const struct form_question *pdp,
			     enum form_tna t, size_t i, struct sbuf *tmp, int *withheld)
{
	const char *v;

	if (!pdp->tna[t])
		return "";
	sbuf_reset(tmp);
	form_answer_path(pdp->tna[t], &i, 1, tmp);
	v = shared_answer(ap, ap->form, tmp->buf, withheld);
	return v ? v : "";
}

static int write_pdp(struct appr *ap, struct err *err)
{
	const struct form_question *pdp = ap->form->pdp;
	struct appr *prev = NULL;
	struct pdp_goal *g = NULL;
	struct sbuf tmp[FORM_TNA_N], lp = SBUF_INIT;
	char (*follows)[UUID_LEN + 1] = NULL;
	long long prev_id;
	long n;
	int rc = -1, withheld = 0;

	if (!pdp)
		return store_pdp_set(ap->st, ap->rec.id, NULL, 0, err);
	for (int t = 0; t < FORM_TNA_N; t++)
		sbuf_init(&tmp[t], 0);
	form_answer_path(pdp, NULL, 0, &lp);
	n = appr_count(ap, lp.buf);
	if (pdp->carry && store_appr_prev_final(ap->st, ap->rec.staff_number, ap->rec.id,
					       &prev_id, err) == 1) {
		prev = xcalloc(1, sizeof(*prev));
		prev->st = ap->st;
		prev->rec.id = prev_id;
		if (appr_reload(prev, err) < 0)
			goto out;
	}
	g = xcalloc((size_t)n + 1, sizeof(*g));
	follows = xcalloc((size_t)n + 1, sizeof(*follows));
	for (long i = 0; i < n; i++) {
		const char *v[FORM_TNA_N];
		int k;

		for (int t = 0; t < FORM_TNA_N; t++)
			v[t] = tna_value(ap, pdp, (enum form_tna)t, (size_t)i, &tmp[t],
					 &withheld);
		g[i].position = (int)i;
		g[i].need = v[FORM_TNA_NEED];
		g[i].goal = v[FORM_TNA_GOAL];
		g[i].kind = v[FORM_TNA_TYPE];
		g[i].category = v[FORM_TNA_CATEGORY];
		g[i].priority = v[FORM_TNA_PRIORITY];
		g[i].target_date = *v[FORM_TNA_TARGET_DATE] ? v[FORM_TNA_TARGET_DATE] : NULL;
		g[i].support = v[FORM_TNA_SUPPORT];
		g[i].status = "new";
		k = prev_goal(prev, pdp, g[i].goal);
		if (k >= 0) {
			g[i].status = "carried";
			if (store_appr_pdp_uuid(ap->st, prev->rec.id, k, follows[i], err) == 1)
				g[i].follows_up = follows[i];
		}
		/* tna_value reuses tmp[t] per column: copy before the next item. */
		g[i].need = xstrdup(g[i].need);
		g[i].goal = xstrdup(g[i].goal);
		g[i].kind = xstrdup(g[i].kind);
		g[i].category = xstrdup(g[i].category);
		g[i].priority = xstrdup(g[i].priority);
		g[i].target_date = g[i].target_date ? xstrdup(g[i].target_date) : NULL;
		g[i].support = xstrdup(g[i].support);
	}
	rc = store_pdp_set(ap->st, ap->rec.id, g, (size_t)n, err);
	if (rc == 0)
		rc = withheld_audit(ap, withheld, "copied into the PDP goals", err);
out:
	for (long i = 0; g && i < n; i++) {
		free((char *)g[i].need);
		free((char *)g[i].goal);
		free((char *)g[i].kind);
		free((char *)g[i].category);
		free((char *)g[i].priority);
		free((char *)g[i].target_date);
		free((char *)g[i].support);
	}
	free(g);
	free(follows);
	for (int t = 0; t < FORM_TNA_N; t++)
		sbuf_release(&tmp[t]);
	sbuf_release(&lp);
	appr_free(prev);
	return rc;
}

/*
 * The date of the next review the two agreed: the answer to a top-level
 * date question with the id next_review (the EADR form's "Date of the next
 * review"), when it is a valid date; else NULL.  Borrowed.
 */
static const char *agreed_next_review(const struct appr *ap)
{
	const struct form *f = ap->form;

	for (size_t s = 0; s < f->nsections; s++)
		for (size_t i = 0; i < f->sections[s].nquestions; i++) {
			const struct form_question *q = &f->sections[s].questions[i];
			const char *v;

			if (q->type != FORM_DATE || strcmp(q->id, "next_review"))
				continue;
			v = appr_get(ap, q->path);
			if (v && date_valid(v))
				return v;
		}
	return NULL;
}

int appr_finalise(struct appr *ap, struct err *err)
{
	char today[DATE_LEN + 1];

	if (!appr_is_signed(ap))
		return err_set(err, "both people need to sign before the appraisal is final");
	if (appr_may_change(ap, err) < 0)
		return -1;
	date_today(today);
	if (store_begin(ap->st, err) < 0)
		return -1;
	/* The agreed next review wins over "a year after the meeting" for
	 * when the person is next due (store_appraisal.c's advance_due). */
	if (store_appraisal_set_dates(ap->st, ap->rec.id,
				      ap->rec.meeting_date ? NULL : today,
				      agreed_next_review(ap), err) < 0 ||
	    write_pdp(ap, err) < 0 ||
	    store_appraisal_set_state(ap->st, ap->rec.id, "final", err) < 0 ||
	    sync_seal_final(ap->st, ap->rec.id, err) < 0) {
		store_rollback(ap->st);
		return -1;
	}
	if (store_commit(ap->st, err) < 0)
		return -1;
	return appr_reload(ap, err);
}

int appr_reopen(struct appr *ap, struct err *err)
{
	if (!appr_is_final(ap) && !appr_is_signed(ap))
		return 0;
	if (appr_may_change(ap, err) < 0)
		return -1;
	if (store_begin(ap->st, err) < 0)
		return -1;
	if ((appr_is_signed(ap) && store_appr_signoffs_clear(ap->st, ap->rec.id, err) < 0) ||
	    sync_seal_drop(ap->st, ap->rec.id, err) < 0 ||
	    store_appraisal_set_state(ap->st, ap->rec.id, "draft", err) < 0) {
		store_rollback(ap->st);
		return -1;
	}
	if (store_commit(ap->st, err) < 0)
		return -1;
	return appr_reload(ap, err);
}

/* Lower-case wide copy of the UTF-8 text, trimmed; NULL if it cannot be read. */
static wchar_t *folded(const char *s)
{
	size_t n = strlen(s), k = 0;
	wchar_t *w = xcalloc(n + 1, sizeof(*w));

	while (*s == ' ')
		s++;
	while (*s) {
		uint32_t cp;
		size_t len = utf8_decode(s, strlen(s), &cp);

		if (len == 0) {
			free(w);
			return NULL;
		}
		w[k] = (wchar_t)towlower((wint_t)cp);
		k++;
		s += len;
	}
	while (k && w[k - 1] == L' ')
		k--;
	w[k] = 0;
	return w;
}

int appr_same_name(const char *a, const char *b)
{
	wchar_t *wa = folded(a), *wb = folded(b);
	int same = wa && wb ? !wcscmp(wa, wb) : !strcmp(a, b);

	free(wa);
	free(wb);
	return same;
}
