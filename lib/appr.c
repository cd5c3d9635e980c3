/*
 * appr.c - the rules of one appraisal being held (see appr.h).
 * Answers are kept in memory as a sorted array mirroring the store, so
 * that `when` and the progress counts are evaluated without SQL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "appr.h"
#include "keyring.h"
#include "store_appr.h"
#include "store_prepare.h"
#include "textdiff.h"

/* ---- the answers in memory ---- */

static size_t find_pos(const struct appr *ap, const char *path, int *found)
{
	size_t lo = 0, hi = ap->n;

	*found = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(ap->v[mid].path, path);

		if (c == 0) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * value (of len bytes) at path; when the answer is there, pre and suf are
 * what its value has in common with value at the start and the end (as
 * textdiff says), else anything.
 */
static void mem_put(struct appr *ap, const char *path, const char *value, size_t len,
		    size_t pre, size_t suf, int flags)
{
	int found;
	size_t i = find_pos(ap, path, &found);

	appr_pcache_changed(ap, path);
	if (!ap->gen_path || strcmp(ap->gen_path, path)) {
		free(ap->gen_path);
		ap->gen_path = xstrdup(path);
		ap->gen_from = ap->gen;
	}
	ap->gen++;
	if (found) {
		/* only what changed is copied: a key in a long answer stays cheap */
		textdiff_splice(&ap->v[i].value, ap->v[i].len, value, len, pre, suf);
		ap->v[i].len = len;
		ap->v[i].flags = flags;
		return;
	}
	if (ap->n == ap->alloc) {
		ap->alloc = ap->alloc ? ap->alloc * 2 : 64;
		ap->v = xrealloc(ap->v, ap->alloc * sizeof(*ap->v));
	}
	memmove(ap->v + i + 1, ap->v + i, (ap->n - i) * sizeof(*ap->v));
	ap->v[i].path = xstrdup(path);
	ap->v[i].value = xmalloc(len + 1);
	memcpy(ap->v[i].value, value, len + 1);
	ap->v[i].len = len;
	ap->v[i].flags = flags;
	ap->n++;
}

static void mem_clear(struct appr *ap)
{
	appr_pcache_changed(ap, NULL);
	free(ap->gen_path);
	ap->gen_path = NULL;
	ap->gen_from = ++ap->gen;
	for (size_t i = 0; i < ap->n; i++) {
		free(ap->v[i].path);
		free(ap->v[i].value);
	}
	ap->n = 0;
}

static int load_one(const char *path, const char *value, int flags, void *arg)
{
	/* The store hands them over in path order: append. */
	mem_put(arg, path, value, strlen(value), 0, 0, flags);
	return 0;
}

int appr_reload(struct appr *ap, struct err *err)
{
	struct store_appraisal rec;

	if (store_appraisal_get(ap->st, ap->rec.id, &rec, err) != 1)
		return err_set(err, "the appraisal could not be read");
	store_appraisal_release(&ap->rec);
	ap->rec = rec;
	mem_clear(ap);
	return store_answers_each(ap->st, ap->rec.id, STORE_WITH_PRIVATE,
				  load_one, ap, err) < 0 ? -1 : 0;
}

int appr_changed_only(const struct appr *ap, unsigned long g, const char *path)
{
	return ap->gen == g || (ap->gen_path && g >= ap->gen_from && path &&
				!strcmp(ap->gen_path, path));
}

const char *appr_get(const struct appr *ap, const char *path)
{
	int found;
	size_t i = find_pos(ap, path, &found);

	return found ? ap->v[i].value : NULL;
}

long appr_count(const struct appr *ap, const char *listpath)
{
	size_t plen = strlen(listpath);
	struct sbuf key = SBUF_INIT;
	long n = 0;
	int found;
	size_t i;

	sbuf_addf(&key, "%s[", listpath);
	for (i = find_pos(ap, key.buf, &found); i < ap->n; i++) {
		const char *p = ap->v[i].path;
		char *end;
		long k;

		if (strncmp(p, key.buf, plen + 1))
			break;
		k = strtol(p + plen + 1, &end, 10);
		if (*end == ']' && k + 1 > n)
			n = k + 1;
	}
	sbuf_release(&key);
	return n;
}

static const char *env_get(const char *path, void *arg)
{
	const char *v = appr_get(arg, path);

	return v && *v ? v : NULL;	/* an empty field is unanswered */
}

static long env_count(const char *path, void *arg)
{
	return appr_count(arg, path);
}

void appr_env(const struct appr *ap, struct expr_env *env)
{
	memset(env, 0, sizeof(*env));
	env->get = env_get;
	env->count = env_count;
	env->arg = (void *)ap;
}

int appr_is_final(const struct appr *ap)
{
	return ap->rec.state && !strcmp(ap->rec.state, "final");
}

int appr_is_signed(const struct appr *ap)
{
	return ap->rec.state && !strcmp(ap->rec.state, "signed");
}

static int flags_for(const struct appr *ap, const char *path)
{
	/* Unknown paths count as private: never let them leave by mistake. */
	return form_path_private(ap->form, path) ? STORE_PRIVATE : 0;
}

/* An answer the staff member prepared, changed by the manager: the audit
 * log keeps who wrote what (store_prepare_edited; once per answer). */
static int edited_prepared(struct appr *ap, const char *path, struct err *err)
{
	const struct keyring *kr = store_keyring(ap->st);

	return store_prepare_edited(ap->st, ap->rec.id, ap->rec.uuid,
				    ap->rec.staff_number, path,
				    kr ? keyring_name(kr) : "the manager", err);
}

int appr_set(struct appr *ap, const char *path, const char *value,
	     struct err *err)
{
	return appr_setn(ap, path, value, strlen(value), err);
}

int appr_setn(struct appr *ap, const char *path, const char *value, size_t len,
	      struct err *err)
{
	int found;
	size_t i = find_pos(ap, path, &found), pre = 0, suf = 0;
	int flags = flags_for(ap, path);

	if (found) {
		/* where it changed, found once: equal writes nothing, else
		 * the copy in memory is spliced there (nothing between here
		 * and mem_put changes the answers in memory) */
		textdiff(ap->v[i].value, ap->v[i].len, value, len, &pre, &suf);
		if (pre == len && len == ap->v[i].len)
			return 0;
	}
	if (appr_may_change(ap, err) < 0 || store_begin(ap->st, err) < 0)
		return -1;
	if (store_answer_setn(ap->st, ap->rec.id, path, value, len, flags, err) < 0 ||
	    (!ap->by_staff && edited_prepared(ap, path, err) < 0)) {
		store_rollback(ap->st);
		return -1;
	}
	if (store_commit(ap->st, err) < 0)
		return -1;
	mem_put(ap, path, value, len, pre, suf, flags);
	return 0;
}

/* ---- opening ---- */

struct appr *appr_open(struct store *st, long long id,
		       const char *const *dirs, size_t ndirs, struct err *err)
{
	struct appr *ap = xcalloc(1, sizeof(*ap));
	struct diag d = DIAG_INIT;
	struct staff s;
	char *src = NULL;
	int rc;

	ap->st = st;
	ap->rec.id = id;
	if (appr_reload(ap, err) < 0)
		goto fail;
	/* The kept form, parsed once for every appraisal on it. */
	if ((ap->form = form_cache_get(ap->rec.form_hash)))
		rc = 2;
	else
		rc = store_form_get(st, ap->rec.form_hash, &src, err);
	if (rc < 0)
		goto fail;
	if (rc == 1) {
		struct sbuf name = SBUF_INIT;

		sbuf_addf(&name, "form %s %s (kept in the database)",
			  ap->rec.form_id, ap->rec.form_version);
		ap->form = form_load_text(name.buf, src, strlen(src), &d);
		sbuf_release(&name);
		if (!ap->form) {
			struct sbuf m = SBUF_INIT;

			if (d.n)
				diag_format(&d.items[0], &m);
			err_set(err, "the appraisal's form could not be read: %s", m.buf);
			sbuf_release(&m);
			goto fail;
		}
		if (!strcmp(ap->form->hash, ap->rec.form_hash))
			form_cache_put(ap->form);
	} else if (rc == 0) {
		rc = form_find_newest(dirs, ndirs, ap->rec.form_id, &ap->form, err);
		if (rc < 0)
			goto fail;
		if (rc == 0) {
			err_set(err, "the form '%s' this appraisal was started on is not in the "
				"database and no version of it was found in the forms folders",
				ap->rec.form_id);
			goto fail;
		}
		ap->form_substituted = strcmp(ap->form->hash, ap->rec.form_hash) != 0;
	}
	rc = store_staff_get(st, ap->rec.staff_number, &s, err);
	if (rc < 0)
		goto fail;
	ap->staff_name = xstrdup(rc == 1 ? s.name : ap->rec.staff_number);
	if (rc == 1)
		staff_release(&s);
	free(src);
	diag_release(&d);
	return ap;
fail:
	free(src);
	diag_release(&d);
	appr_free(ap);
	return NULL;
}

void appr_free(struct appr *ap)
{
	if (!ap)
		return;
	/* the typing is over: a long answer's pieces go back into its row
	 * (should this fail, the next open of the store does it) */
	{
		struct err e = ERR_INIT;

		store_answers_settle(ap->st, &e);
		err_release(&e);
	}
	appr_lock_drop(ap);
	mem_clear(ap);
	appr_pcache_free(ap);
	free(ap->gen_path);
	free(ap->v);
	form_free(ap->form);
	store_appraisal_release(&ap->rec);
	free(ap->staff_name);
	free(ap);
}

/* ---- walking ---- */

struct walkctx {
	const struct appr *ap;
	struct expr_env env;
	int (*fn)(const struct appr_elem *, void *);
	void *arg;
};

static int walk_qs(struct walkctx *w, const struct form_question *qs, size_t nq,
		   size_t *idx, size_t nidx, int depth)
{
	struct sbuf path = SBUF_INIT;
	int rc = 0;

	for (size_t i = 0; i < nq && !rc; i++) {
		const struct form_question *q = &qs[i];
		struct appr_elem e = { APPR_QUESTION, q, NULL, -1, 0, depth };

		sbuf_reset(&path);
		form_answer_path(q, idx, nidx, &path);
		if (!form_visible(q, path.buf, &w->env))
			continue;
		e.path = path.buf;
		if (q->type == FORM_GROUP) {
			e.kind = APPR_GROUP;
			if (!(rc = w->fn(&e, w->arg)))
				rc = walk_qs(w, q->questions, q->nquestions, idx, nidx, depth + 1);
		} else if (q->type == FORM_LIST && nidx < 4) {
			struct sbuf ip = SBUF_INIT;
			long n = appr_count(w->ap, path.buf);

			e.kind = APPR_LIST;
			e.nitems = n;
			rc = w->fn(&e, w->arg);
			for (long k = 0; k < n && !rc; k++) {
				struct appr_elem it = { APPR_ITEM, q, NULL, k, n, depth + 1 };

				sbuf_reset(&ip);
				sbuf_addf(&ip, "%s[%ld]", path.buf, k);
				it.path = ip.buf;
				idx[nidx] = (size_t)k;
				if (!(rc = w->fn(&it, w->arg)))
					rc = walk_qs(w, q->questions, q->nquestions, idx,
						     nidx + 1, depth + 2);
			}
			sbuf_release(&ip);
			if (!rc) {
				struct appr_elem add = { APPR_ADD, q, path.buf, -1, n, depth + 1 };

				rc = w->fn(&add, w->arg);
			}
		} else {
			rc = w->fn(&e, w->arg);
		}
	}
	sbuf_release(&path);
	return rc;
}

int appr_section_visible(const struct appr *ap, size_t s)
{
	struct expr_env env;

	if (s >= ap->form->nsections)
		return 0;
	if (!ap->form->sections[s].when)
		return 1;
	appr_env(ap, &env);
	return expr_eval(ap->form->sections[s].when, &env);
}

int appr_walk(const struct appr *ap, size_t s,
	      int (*fn)(const struct appr_elem *e, void *arg), void *arg)
{
	struct walkctx w = { ap, { 0 }, fn, arg };
	const struct form_section *sec;
	size_t idx[4];

	if (!appr_section_visible(ap, s))
		return 0;
	sec = &ap->form->sections[s];
	appr_env(ap, &w.env);
	return walk_qs(&w, sec->questions, sec->nquestions, idx, 0, 0);
}
