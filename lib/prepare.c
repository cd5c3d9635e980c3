/*
 * prepare.c - preparation before the conversation: which questions a code
 * reaches, the code and its sheet, the person's session (answers kept
 * encrypted under a key derived from the code) and putting them into the
 * draft, marked as the person's own words.  See prepare.h, schema/voice.md.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "appr.h"
#include "keyring.h"
#include "prepare.h"
#include "prepare_away.h"
#include "store_prepare.h"
#include "util.h"

int prepare_allowed(const struct form_question *q)
{
	return q && form_type_answerable(q->type) && q->prepare && !q->private &&
	       !form_section_confidential(q->section);
}

const char *prepare_question_label(const struct form_question *q)
{
	return q->prepare_label ? q->prepare_label : q->label;
}

int prepare_list_offered(const struct form_question *q)
{
	if (q->type != FORM_LIST || q->private || form_section_confidential(q->section))
		return 0;
	for (size_t i = 0; i < q->nquestions; i++)
		if (prepare_allowed(&q->questions[i]))
			return 1;
	return 0;
}

/* ---- the code's keys ---- */

static void code_ad(const char *hash, struct sbuf *ad)
{
	sbuf_adds(ad, "eadr-prepare-code-v1");
	sbuf_addch(ad, '\0');
	sbuf_adds(ad, hash);
}

static void inbox_key(const char *code, const unsigned char salt[16],
		      unsigned char key[32])
{
	static const char domain[] = "eadr-prepare-key-v1";
	crypto_generichash_state s;

	crypto_generichash_init(&s, (const unsigned char *)code, strlen(code), 32);
	crypto_generichash_update(&s, (const unsigned char *)domain, sizeof domain);
	crypto_generichash_update(&s, salt, 16);
	crypto_generichash_final(&s, key, 32);
}

void prepare_code_hash(const char *code, char out[FB_HASH_HEX + 1])
{
	static const char domain[] = "eadr-prepare-code-v1";
	static const char hex[] = "0123456789abcdef";
	unsigned char h[32];

	crypto_generichash(h, sizeof h, (const unsigned char *)code, strlen(code),
			   (const unsigned char *)domain, sizeof domain);
	for (size_t i = 0; i < sizeof h; i++) {
		out[2 * i] = hex[h[i] >> 4];
		out[2 * i + 1] = hex[h[i] & 15];
	}
	out[FB_HASH_HEX] = '\0';
}

/* ---- the request ---- */

int prepare_request(struct store *st, const char *const *dirs, size_t ndirs,
		    const char *staff_number, char code[FB_CODE_TEXT],
		    long long *appraisal_id, struct err *err)
{
	struct store_appraisal a = { 0 };
	char hash[FB_HASH_HEX + 1], today[DATE_LEN + 1];
	struct sbuf ad = SBUF_INIT;
	unsigned char *box = NULL;
	size_t boxlen = 0;
	int found, rc = -1;

	if (keyring_init(err) < 0)
		return -1;
	if ((found = store_appraisal_latest(st, staff_number, &a, err)) < 0)
		return -1;
	if (found && !strcmp(a.state, "signed")) {
		err_set(err, "the appraisal of %s is already signed: there is nothing "
			"left to prepare", staff_number);
		goto out;
	}
	if (found && !strcmp(a.state, "draft")) {
		*appraisal_id = a.id;
	} else if (appr_begin(st, dirs, ndirs, staff_number, appraisal_id, NULL, err) < 0) {
		goto out;
	}
	store_appraisal_release(&a);
	if (store_appraisal_get(st, *appraisal_id, &a, err) <= 0) {
		if (!err->msg)
			err_set(err, "the appraisal went missing");
		goto out;
	}
	code_make_letter(PREP_LETTER, code);
	prepare_code_hash(code, hash);
	if (store_keyring(st)) {
		code_ad(hash, &ad);
		boxlen = strlen(code) + KEYRING_OVERHEAD;
		box = xmalloc(boxlen);
		keyring_encrypt(store_keyring(st), KEYRING_SHARED,
				(const unsigned char *)ad.buf, ad.len, code, strlen(code), box);
	}
	date_today(today);
	rc = store_prepare_add(st, hash, *appraisal_id, staff_number, today, box, boxlen,
			       a.uuid, err);
out:
	free(box);
	sbuf_release(&ad);
	store_appraisal_release(&a);
	return rc;
}

/* ---- the session ---- */

void prepare_session_release(struct prepare_session *ps)
{
	for (size_t i = 0; i < ps->n; i++) {
		sodium_memzero(ps->value[i], strlen(ps->value[i]));
		free(ps->path[i]);
		free(ps->value[i]);
	}
	free(ps->path);
	free(ps->value);
	free(ps->staff_number);
	form_free(ps->form);
	sodium_memzero(ps->code, sizeof ps->code);
	memset(ps, 0, sizeof *ps);
}

const char *prepare_get(const struct prepare_session *ps, const char *path)
{
	for (size_t i = 0; i < ps->n; i++)
		if (!strcmp(ps->path[i], path))
			return ps->value[i];
	return NULL;
}

static void put(struct prepare_session *ps, const char *path, const char *value)
{
	for (size_t i = 0; i < ps->n; i++)
		if (!strcmp(ps->path[i], path)) {
			sodium_memzero(ps->value[i], strlen(ps->value[i]));
			free(ps->value[i]);
			ps->value[i] = xstrdup(value);
			return;
		}
	ps->path = xrealloc(ps->path, (ps->n + 1) * sizeof *ps->path);
	ps->value = xrealloc(ps->value, (ps->n + 1) * sizeof *ps->value);
	ps->path[ps->n] = xstrdup(path);
	ps->value[ps->n++] = xstrdup(value);
}

int prepare_set(struct prepare_session *ps, const char *path, const char *value,
		struct err *err)
{
	const struct form_question *q = form_find(ps->form, path);

	if (!prepare_allowed(q))
		return err_set(err, "'%s' is not prepared with a code", path);
	if (q->list && !strchr(path, '['))
		return err_set(err, "'%s' needs an item number", path);
	put(ps, path, value);
	return 0;
}

/* path TAB value per line; \\ \n \t escaped. */
static void encode(const struct prepare_session *ps, struct sbuf *out)
{
	for (size_t i = 0; i < ps->n; i++) {
		sbuf_adds(out, ps->path[i]);
		sbuf_addch(out, '\t');
		for (const char *p = ps->value[i]; *p; p++) {
			if (*p == '\\' || *p == '\n' || *p == '\t')
				sbuf_addch(out, '\\');
			sbuf_addch(out, *p == '\n' ? 'n' : *p == '\t' ? 't' : *p);
		}
		sbuf_addch(out, '\n');
	}
}

static void decode(struct prepare_session *ps, char *text)
{
	char *line = text, *nl;

	for (; *line; line = nl + 1) {
		char *tab, *w, *r;
		if (!(nl = strchr(line, '\n')))
			break;
		*nl = '\0';
		if (!(tab = strchr(line, '\t')))
			continue;
		*tab = '\0';
		for (w = r = tab + 1; *r; r++) {
			if (*r == '\\' && r[1]) {
				r++;
				*w++ = *r == 'n' ? '\n' : *r == 't' ? '\t' : *r;
			} else {
				*w++ = *r;
			}
		}
		*w = '\0';
		put(ps, line, tab + 1);
	}
}

int prepare_save(struct store *st, const struct prepare_session *ps, struct err *err)
{
	const size_t nb = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
	unsigned char salt[16], key[32];
	struct sbuf plain = SBUF_INIT, box = SBUF_INIT;
	char today[DATE_LEN + 1];
	unsigned long long clen;
	int rc;

	randombytes_buf(salt, sizeof salt);
	inbox_key(ps->code, salt, key);
	encode(ps, &plain);
	sbuf_grow(&box, nb + plain.len + crypto_aead_xchacha20poly1305_ietf_ABYTES);
	randombytes_buf(box.buf, nb);
	crypto_aead_xchacha20poly1305_ietf_encrypt(
		(unsigned char *)box.buf + nb, &clen, (const unsigned char *)plain.buf,
		plain.len, (const unsigned char *)ps->hash, FB_HASH_HEX, NULL,
		(const unsigned char *)box.buf, key);
	sodium_memzero(key, sizeof key);
	if (plain.buf)
		sodium_memzero(plain.buf, plain.len);
	date_today(today);
	rc = ps->away ? prepare_away_put(st, ps, salt, box.buf, nb + (size_t)clen, err)
		      : store_prepare_inbox_put(st, ps->hash, salt, box.buf,
						nb + (size_t)clen, today, err);
	sbuf_release(&plain);
	sbuf_release(&box);
	return rc;
}

/* Read the waiting answers of ps's code into ps: 1 some, 0 none, -1. */
int prepare_load_inbox(struct store *st, struct prepare_session *ps, struct err *err)
{
	const size_t nb = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
	unsigned char salt[16], key[32];
	struct sbuf box = SBUF_INIT, plain = SBUF_INIT;
	unsigned long long plen;
	int rc;

	if ((rc = ps->away ? prepare_away_load(st, ps, salt, &box, err)
		       : store_prepare_inbox_get(st, ps->hash, salt, &box, err)) <= 0)
		goto out;
	rc = -1;
	if (box.len < nb + crypto_aead_xchacha20poly1305_ietf_ABYTES) {
		err_set(err, "the saved preparation is damaged");
		goto out;
	}
	inbox_key(ps->code, salt, key);
	sbuf_grow(&plain, box.len);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(
		    (unsigned char *)plain.buf, &plen, NULL,
		    (unsigned char *)box.buf + nb, box.len - nb,
		    (const unsigned char *)ps->hash, FB_HASH_HEX,
		    (unsigned char *)box.buf, key) != 0) {
		err_set(err, "the saved preparation does not open (damaged or moved)");
		goto wipe;
	}
	plain.buf[plen] = '\0';
	decode(ps, plain.buf);
	sodium_memzero(plain.buf, (size_t)plen);
	rc = 1;
wipe:
	sodium_memzero(key, sizeof key);
out:
	sbuf_release(&box);
	sbuf_release(&plain);
	return rc;
}

/* Fill ps for a checked code: its row, form and waiting answers. */
static int session_open(struct store *st, const char *code, struct prepare_session *ps,
			struct prepare_row *row, int *resumed, struct err *err)
{
	struct store_appraisal a = { 0 };
	struct diag diag = DIAG_INIT;
	char *src = NULL;
	int rc = -1, found;

	snprintf(ps->code, sizeof ps->code, "%s", code);
	prepare_code_hash(ps->code, ps->hash);
	if ((found = store_prepare_get(st, ps->hash, row, err)) <= 0) {
		if (found == 0)
			return err_set(err, "that preparation code is not known on this "
				       "laptop: check it against your sheet"), -2;
		return -1;
	}
	ps->appraisal_id = row->appraisal_id;
	ps->staff_number = xstrdup(row->staff_number);
	if (row->expired)
		return err_set(err, "that preparation code has expired: the appraisal "
			       "has been signed, so there is nothing left to prepare");
	if ((found = store_appraisal_get(st, row->appraisal_id, &a, err)) <= 0) {
		if (found == 0)
			err_set(err, "the appraisal of that code is no longer here");
		return -1;
	}
	if (strcmp(a.state, "draft")) {
		if (store_prepare_expire(st, ps->hash, err) == 0)
			err_set(err, "that preparation code has expired: the appraisal "
				"has been signed, so there is nothing left to prepare");
		goto out;
	}
	if ((found = store_form_get(st, a.form_hash, &src, err)) <= 0) {
		if (found == 0)
			err_set(err, "the appraisal's form is not kept on this laptop");
		goto out;
	}
	if (!(ps->form = form_load_text(a.form_id, src, strlen(src), &diag))) {
		err_set(err, "the appraisal's form does not load");
		goto out;
	}
	if ((found = prepare_load_inbox(st, ps, err)) < 0)
		goto out;
	*resumed = found;
	rc = 0;
out:
	diag_release(&diag);
	free(src);
	store_appraisal_release(&a);
	return rc;
}

int prepare_begin(struct store *st, const char *typed, struct prepare_session *ps,
		  int *resumed, struct err *err)
{
	struct prepare_row row = { 0 };
	char norm[FB_CODE_TEXT], letter;
	int rc;

	memset(ps, 0, sizeof *ps);
	*resumed = 0;
	if (keyring_init(err) < 0 || code_check_letter(typed, norm, &letter, err) < 0)
		return -1;
	if (letter != PREP_LETTER)
		return err_set(err, "that is a 360 feedback code, not a preparation "
			       "code: give feedback with 'eadr feedback'");
	rc = session_open(st, norm, ps, &row, resumed, err);
	prepare_row_release(&row);
	sodium_memzero(norm, sizeof norm);
	if (rc < 0)
		prepare_session_release(ps);
	return rc;
}

/* ---- the walk ---- */

static void step_add(struct prepare_step **out, size_t *n, const struct form_question *q,
		     const char *path, const char *heading)
{
	*out = xrealloc(*out, (*n + 1) * sizeof **out);
	(*out)[*n].q = q;
	(*out)[*n].path = xstrdup(path);
	(*out)[(*n)++].heading = xstrdup(heading);
}

static void steps_of(const struct form_section *sec, const struct form_question *qs,
		     size_t nq, struct prepare_step **out, size_t *n)
{
	struct sbuf path = SBUF_INIT, head = SBUF_INIT;

	for (size_t i = 0; i < nq; i++) {
		const struct form_question *q = &qs[i];
		if (q->type == FORM_GROUP) {
			steps_of(sec, q->questions, q->nquestions, out, n);
		} else if (prepare_list_offered(q)) {
			for (size_t k = 0; k < PREPARE_LIST_ITEMS; k++) {
				sbuf_reset(&head);
				sbuf_addf(&head, "%s: %s %zu", sec->title,
					  q->item ? q->item : q->label, k + 1);
				for (size_t j = 0; j < q->nquestions; j++) {
					if (!prepare_allowed(&q->questions[j]))
						continue;
					sbuf_reset(&path);
					form_answer_path(&q->questions[j], &k, 1, &path);
					step_add(out, n, &q->questions[j], path.buf, head.buf);
				}
			}
		} else if (prepare_allowed(q) && !q->list) {
			sbuf_reset(&path);
			form_answer_path(q, NULL, 0, &path);
			step_add(out, n, q, path.buf, sec->title);
		}
	}
	sbuf_release(&path);
	sbuf_release(&head);
}

size_t prepare_steps(const struct form *f, struct prepare_step **out)
{
	size_t n = 0;

	*out = NULL;
	for (size_t s = 0; s < f->nsections; s++)
		if (!form_section_confidential(&f->sections[s]))
			steps_of(&f->sections[s], f->sections[s].questions,
				 f->sections[s].nquestions, out, &n);
	return n;
}

void prepare_steps_free(struct prepare_step *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(s[i].path);
		free(s[i].heading);
	}
	free(s);
}

/* ---- the sheet ---- */

static void text_out(struct sbuf *out, int html, const char *s)
{
	for (; html && *s; s++) {
		if (*s == '<')
			sbuf_adds(out, "&lt;");
		else if (*s == '>')
			sbuf_adds(out, "&gt;");
		else if (*s == '&')
			sbuf_adds(out, "&amp;");
		else if (*s == '"')
			sbuf_adds(out, "&quot;");
		else
			sbuf_addch(out, *s);
	}
	if (!html)
		sbuf_adds(out, s);
}

static void sheet_question(struct sbuf *out, int html, const struct form_question *q)
{
	sbuf_adds(out, html ? "<h3>" : "\n");
	text_out(out, html, prepare_question_label(q));
	sbuf_adds(out, html ? "</h3>\n" : "\n");
	if (q->hint && !q->prepare_label) {	/* the hint is the manager's */
		sbuf_adds(out, html ? "<p class=hint>" : "  ");
		text_out(out, html, q->hint);
		sbuf_adds(out, html ? "</p>\n" : "\n");
	}
	sbuf_adds(out, html ? "<div class=space></div>\n"
		  : "  ________________________________________________\n"
		    "  ________________________________________________\n"
		    "  ________________________________________________\n");
}

static void sheet_questions(struct sbuf *out, int html,
			    const struct form_question *qs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct form_question *q = &qs[i];
		if (q->type == FORM_GROUP)
			sheet_questions(out, html, q->questions, q->nquestions);
		else if (prepare_list_offered(q))
			for (int k = 1; k <= 2; k++) {
				sbuf_adds(out, html ? "<h3>" : "\n");
				text_out(out, html, q->item ? q->item : q->label);
				sbuf_addf(out, " %d%s", k, html ? "</h3>\n" : "\n");
				for (size_t j = 0; j < q->nquestions; j++)
					if (prepare_allowed(&q->questions[j]))
						sheet_question(out, html, &q->questions[j]);
			}
		else if (prepare_allowed(q))
			sheet_question(out, html, q);
	}
}

void prepare_sheet(const struct form *f, const char *name, const char *code,
		   int html, struct sbuf *out)
{
	if (html)
		sbuf_adds(out, "<!DOCTYPE html>\n<html lang=en><meta charset=utf-8>"
			  "<title>Preparing for your appraisal</title>\n<style>"
			  "body{font:12pt sans-serif;max-width:40em;margin:2em auto}"
			  ".space{border-bottom:1px solid #999;height:6em}"
			  ".hint{color:#444}</style>\n<h1>");
	sbuf_adds(out, "Preparing for your appraisal: ");
	text_out(out, html, name);
	sbuf_adds(out, html ? "</h1>\n<p>" : "\n\n");
	text_out(out, html, "Take some time before the conversation to think about "
		 "these questions. Write as much or as little as you like; bring "
		 "this sheet with you. The wellbeing conversation is not on this "
		 "sheet: it is held only in person, if you want it.");
	if (code) {
		sbuf_adds(out, html ? "</p>\n<p>" : "\n\n");
		/* F2 is the key on both screens (tui/signin.c, tui/team.c). */
		text_out(out, html, "Or type your answers on a station laptop: start "
			 "eadr and press F2 (on the sign-in screen, or on the team "
			 "list of a laptop without sign-in), or run 'eadr prepare', "
			 "and give this code: ");
		sbuf_adds(out, html ? "<b>" : "");
		sbuf_adds(out, code);
		sbuf_adds(out, html ? "</b>. " : ". ");
		text_out(out, html, "The code works until your appraisal is signed.");
	}
	sbuf_adds(out, html ? "</p>\n" : "\n");
	for (size_t s = 0; s < f->nsections; s++) {
		const struct form_section *sec = &f->sections[s];
		struct sbuf part = SBUF_INIT;
		if (form_section_confidential(sec))
			continue;
		sheet_questions(&part, html, sec->questions, sec->nquestions);
		if (part.len) {
			sbuf_adds(out, html ? "<h2>" : "\n== ");
			text_out(out, html, sec->title);
			sbuf_adds(out, html ? "</h2>\n" : " ==\n");
			sbuf_add(out, part.buf, part.len);
		}
		sbuf_release(&part);
	}
	if (html)
		sbuf_adds(out, "</html>\n");
}
