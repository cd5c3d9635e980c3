/*
 * prepare_away.c - a preparation code used on a laptop that does not hold
 * the appraisal: the session on the default form, the records a push
 * carries (the holder's codes, the answers typed here) and the hub's
 * signed files that sync pull takes.  See prepare_away.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "appr.h"
#include "prepare_away.h"
#include "store_prepare_away.h"
#include "store_sync.h"
#include "sync.h"
#include "util.h"

#define BACK_MAX (1u << 20)

int prepare_begin_anywhere(struct store *st, const char *const *dirs, size_t ndirs,
			   const char *typed, struct prepare_session *ps,
			   int *resumed, struct err *err)
{
	struct prep_travel t = { 0 };
	struct form *f = NULL;
	struct diag diag = DIAG_INIT;
	char hash[FB_HASH_HEX + 1], code[FB_CODE_TEXT];
	int rc = prepare_begin(st, typed, ps, resumed, err), found;

	if (rc != -2)
		return rc;
	err_release(err);
	/* prepare_begin checked the code: take it again, normalised. */
	if (code_check_letter(typed, code, &(char){ 0 }, err) < 0)
		return -1;
	prepare_code_hash(code, hash);
	memset(ps, 0, sizeof *ps);
	snprintf(ps->code, sizeof ps->code, "%s", code);
	snprintf(ps->hash, sizeof ps->hash, "%s", hash);
	sodium_memzero(code, sizeof code);
	ps->away = 1;
	ps->staff_number = xstrdup("");
	if ((found = store_prepare_away_get(st, ps->hash, &t, err)) < 0)
		goto fail;
	if (found) {
		/* Resumed: the form it was begun on, as kept then. */
		char *src = NULL;

		if (store_form_get(st, t.form_hash, &src, err) <= 0) {
			err_set(err, "the form of the saved preparation is not kept here");
			goto fail;
		}
		f = form_load_text(t.form_id, src, strlen(src), &diag);
		free(src);
		if (!f) {
			err_set(err, "the form of the saved preparation does not load");
			goto fail;
		}
	} else if (!(f = appr_default_form(dirs, ndirs, err)) ||
		   store_form_put(st, f->hash, f->id, f->version, f->source, err) < 0)
		goto fail;
	ps->form = f;
	f = NULL;
	if ((found = prepare_load_inbox(st, ps, err)) < 0)
		goto fail;
	*resumed = found;
	prep_travel_release(&t);
	diag_release(&diag);
	return 0;
fail:
	form_free(f);
	prep_travel_release(&t);
	diag_release(&diag);
	prepare_session_release(ps);
	return -1;
}

int prepare_away_put(struct store *st, const struct prepare_session *ps,
		     const unsigned char salt[16], const void *box, size_t len,
		     struct err *err)
{
	struct prep_travel t = { 0 };
	char now[STAMP_LEN + 1];
	int rc;

	time_stamp(now);
	t.code_hash = (char *)ps->hash;
	t.form_hash = ps->form->hash;
	t.form_id = ps->form->id;
	t.form_version = ps->form->version;
	t.saved_on = now;
	memcpy(t.salt, salt, 16);
	t.box.buf = (char *)box;
	t.box.len = len;
	rc = store_prepare_away_put(st, &t, err);
	return rc;
}

int prepare_away_load(struct store *st, const struct prepare_session *ps,
		      unsigned char salt[16], struct sbuf *box, struct err *err)
{
	struct prep_travel t = { 0 };
	int rc = store_prepare_away_get(st, ps->hash, &t, err);

	if (rc == 1) {
		memcpy(salt, t.salt, 16);
		sbuf_add(box, t.box.buf, t.box.len);
	}
	prep_travel_release(&t);
	return rc;
}

/* ---- sync push ---- */

struct push {
	struct bundle_writer *w;
	struct prepare_push *c;
	struct err *err;
};

static void keep(char ***v, size_t n, const char *s)
{
	*v = xrealloc(*v, (n + 1) * sizeof **v);
	(*v)[n] = xstrdup(s);
}

static int push_code(const struct prep_travel *t, void *arg)
{
	struct push *p = arg;
	const char *f[PREPQ_NF];

	f[PREPQ_HASH] = t->code_hash;
	f[PREPQ_APPRAISAL] = t->who;
	f[PREPQ_FORM_ID] = t->form_id;
	f[PREPQ_FORM_VERSION] = t->form_version;
	f[PREPQ_STATE] = t->saved_on;
	if (bundle_add(p->w, BUNDLE_PREPREQ, f, p->err) < 0)
		return -1;
	keep(&p->c->told, p->c->ntold, t->code_hash);
	keep(&p->c->state, p->c->ntold++, t->saved_on);
	return 0;
}

static int push_answers(const struct prep_travel *t, void *arg)
{
	struct push *p = arg;
	const char *f[PREPA_NF];
	char salt[33], *box = xmalloc(2 * t->box.len + 1);
	int rc;

	bundle_hex(t->salt, 16, salt);
	bundle_hex((const unsigned char *)t->box.buf, t->box.len, box);
	f[PREPA_HASH] = t->code_hash;
	f[PREPA_FORM_ID] = t->form_id;
	f[PREPA_FORM_VERSION] = t->form_version;
	f[PREPA_SAVED] = t->saved_on;
	f[PREPA_SALT] = salt;
	f[PREPA_BOX] = box;
	rc = bundle_add(p->w, BUNDLE_PREPANS, f, p->err);
	free(box);
	if (rc < 0)
		return -1;
	keep(&p->c->sent, p->c->nsent, t->code_hash);
	keep(&p->c->saved, p->c->nsent++, t->saved_on);
	return 0;
}

int prepare_push(struct store *st, struct bundle_writer *w, struct prepare_push *c,
		 struct err *err)
{
	struct push p = { w, c, err };

	if (store_prepare_tell_each(st, push_code, &p, err) ||
	    store_prepare_away_unsent_each(st, push_answers, &p, err))
		return -1;
	return 0;
}

int prepare_push_done(struct store *st, struct prepare_push *c, unsigned long long seq,
		      struct err *err)
{
	for (size_t i = 0; i < c->ntold; i++)
		if (store_prepare_told(st, c->told[i], c->state[i], seq, err) < 0)
			return -1;
	for (size_t i = 0; i < c->nsent; i++)
		if (store_prepare_away_sent(st, c->sent[i], c->saved[i], seq, err) < 0)
			return -1;
	return 0;
}

void prepare_push_release(struct prepare_push *c)
{
	for (size_t i = 0; i < c->ntold; i++) {
		free(c->told[i]);
		free(c->state[i]);
	}
	for (size_t i = 0; i < c->nsent; i++) {
		free(c->sent[i]);
		free(c->saved[i]);
	}
	free(c->told);
	free(c->state);
	free(c->sent);
	free(c->saved);
	memset(c, 0, sizeof *c);
}

/* ---- sync pull ---- */

int prepare_back_pull(struct store *st, const char *dir,
		      const unsigned char trusted_pk[BUNDLE_PK], unsigned *taken,
		      unsigned *refused, struct sbuf *problems, struct err *err)
{
	struct sbuf path = SBUF_INIT, text = SBUF_INIT;
	char **names;
	size_t n;

	*taken = *refused = 0;
	if (!(names = sync_list_dir(dir, PREP_BACK_SUFFIX, &n, err)))
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct prep_travel t = { 0 };
		struct err e = ERR_INIT;
		const char *why = NULL;
		int other = 0, rc = -1;

		sbuf_reset(&path);
		sbuf_reset(&text);
		sync_join(&path, dir, names[i]);
		free(names[i]);
		if (sync_file_read(path.buf, &text, BACK_MAX, &e) == 0 &&
		    prepare_back_read(path.buf, text.buf, text.len, trusted_pk,
				      store_device_id(st), &t, &other, &e) == 0)
			rc = store_prepare_back_take(st, &t, &why, &e);
		prep_travel_release(&t);
		if (other)
			;	/* another laptop's: left alone */
		else if (rc == 1)
			(*taken)++;
		else if (rc < 0 || strcmp(why, "already taken")) {
			(*refused)++;
			if (rc < 0)
				sbuf_addf(problems, "%s\n", err_msg(&e));
			else
				sbuf_addf(problems, "%s: preparation not taken: %s\n",
					  path.buf, why);
		}
		err_release(&e);
	}
	free(names);
	sbuf_release(&path);
	sbuf_release(&text);
	return 0;
}
