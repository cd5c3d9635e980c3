/*
 * export_tna.c - what the TNA export needs besides its rows: the TNA year
 * (1 April to 31 March), and the forms the appraisals use, for the labels
 * of coded answers, the cost and funder answers, last year's outcomes and
 * the check of --category (see export.h, export_int.h, schema/tna.md).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "export_int.h"

/* ---- the TNA year ---- */

/* "2026/27", "2026-04-01" and "2027-03-31" for the year starting in y. */
static void year_text(int y, char year[8], char from[DATE_LEN + 1],
		      char to[DATE_LEN + 1])
{
	unsigned u = (unsigned)y % 9999u;

	snprintf(year, 8, "%04u/%02u", u, (u + 1) % 100);
	if (from)
		snprintf(from, DATE_LEN + 1, "%04u-04-01", u);
	if (to)
		snprintf(to, DATE_LEN + 1, "%04u-03-31", u + 1);
}

void tna_year_of(const char *date, char out[8])
{
	int y;

	out[0] = '\0';
	if (!date || !date_valid(date))
		return;
	y = atoi(date);
	if (strncmp(date + 5, "04", 2) < 0)	/* January to March */
		y--;
	year_text(y, out, NULL, NULL);
}

/* The year's start from "2026", "2026/27" or "2026-27": 0 and *y, or -1. */
static int year_parse(const char *s, int *y)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (end - s != 4 || v < 1900 || v > 9998)
		return -1;
	if (*end == '/' || *end == '-') {
		char *e2;
		long w = strtol(end + 1, &e2, 10);

		if (e2 - (end + 1) != 2 || *e2 || w != (v + 1) % 100)
			return -1;
	} else if (*end) {
		return -1;
	}
	*y = (int)v;
	return 0;
}

int tna_period_make(const char *year, const char *from, const char *to,
		    struct tna_period *p, struct err *err)
{
	char today[DATE_LEN + 1];
	int y;

	memset(p, 0, sizeof(*p));
	if ((from && !date_valid(from)) || (to && !date_valid(to)))
		return err_set(err, "--from and --to take a date written YYYY-MM-DD, "
			       "e.g. 2026-04-01 (got '%s')",
			       from && !date_valid(from) ? from : to);
	if (!year && (from || to))
		year = "all";
	if (!year || !strcmp(year, "current") || !strcmp(year, "last")) {
		char cur[8];

		date_today(today);
		tna_year_of(today, cur);
		y = atoi(cur) - (year && !strcmp(year, "last"));
	} else if (!strcmp(year, "all")) {
		y = -1;
	} else if (year_parse(year, &y) < 0) {
		return err_set(err, "--year takes a TNA year, which runs from 1 April "
			       "to 31 March: 2026 or 2026/27 for 2026-04-01 to "
			       "2027-03-31, or current, last or all (got '%s')", year);
	}
	if (y >= 0) {
		year_text(y, p->year, p->from, p->to);
	}
	if (from || to)
		p->year[0] = '\0';	/* a period of its own */
	if (from)
		memcpy(p->from, from, DATE_LEN + 1);
	if (to)
		memcpy(p->to, to, DATE_LEN + 1);
	if (*p->from && *p->to && strcmp(p->from, p->to) > 0)
		return err_set(err, "--from %s is after --to %s", p->from, p->to);
	return 0;
}

/* ---- the forms in use ---- */

struct load {
	struct hubstore *hs;
	const struct tna_opts *opts;
	struct tna_ctx *c;
	struct err *err;
};

static int one_form(const char *hash, const char *id, const char *version, void *arg)
{
	struct load *l = arg;
	struct tna_ctx *c = l->c;
	struct form *f = export_form_for(l->hs, hash, id, version, &l->opts->forms, l->err);

	if (!f)
		return l->err->msg ? 1 : 0;	/* a form nowhere is no error */
	c->forms = xrealloc(c->forms, (c->nforms + 1) * sizeof(*c->forms));
	c->forms[c->nforms].hash = xstrdup(hash);
	c->forms[c->nforms].f = f;
	c->nforms++;
	return 0;
}

static int newest_first(const void *a, const void *b)
{
	const struct tna_form *x = a, *y = b;

	return -form_version_cmp(x->f->version, y->f->version);
}

static const struct form_question *child(const struct form_question *list,
					 const char *id)
{
	for (size_t i = 0; list && id && i < list->nquestions; i++)
		if (list->questions[i].id && !strcmp(list->questions[i].id, id))
			return &list->questions[i];
	return NULL;
}

struct find_review {
	const struct form_question *pdp, *found;
};

static int is_review(const struct form_question *q, void *arg)
{
	struct find_review *r = arg;

	if (q->type == FORM_LIST && q != r->pdp && q->carry_from == r->pdp && !r->found)
		r->found = q;
	return 0;
}

/* The list that reviews last year's PDP goals: it carries from the PDP list
 * (and is not the PDP list itself).  NULL when the form has none. */
static const struct form_question *review_list(const struct form *f)
{
	struct find_review r = { f->pdp, NULL };

	if (!f->pdp)
		return NULL;
	form_each_question(f, is_review, &r);
	return r.found;
}

/* The review's outcome: its question "outcome", else its first choice. */
static const struct form_question *outcome_q(const struct form_question *list)
{
	const struct form_question *q = child(list, "outcome");

	for (size_t i = 0; !q && list && i < list->nquestions; i++)
		if (list->questions[i].type == FORM_CHOICE ||
		    list->questions[i].type == FORM_SCALE)
			q = &list->questions[i];
	return q;
}

static void maps_add(struct tna_ctx *c, const struct tna_form *tf)
{
	const struct form *f = tf->f;
	const struct form_question *rv = review_list(f), *goal, *oq, *cq;
	struct sbuf path = SBUF_INIT;

	if (!f->pdp)
		return;
	form_answer_path(f->pdp, NULL, 0, &path);
	sbuf_adds(&c->pdp_paths, c->pdp_paths.len > 1 ? ", " : "");
	json_put(&c->pdp_paths, tf->hash);
	sbuf_adds(&c->pdp_paths, ": ");
	json_put(&c->pdp_paths, path.buf);
	goal = f->pdp->tna[FORM_TNA_GOAL] ? child(rv, f->pdp->tna[FORM_TNA_GOAL]->id) : NULL;
	if (rv && goal) {
		oq = outcome_q(rv);
		cq = child(rv, "comment");
		sbuf_reset(&path);
		form_answer_path(rv, NULL, 0, &path);
		sbuf_adds(&c->review_lists, c->review_lists.len > 1 ? ", " : "");
		json_put(&c->review_lists, tf->hash);
		sbuf_adds(&c->review_lists, ": [");
		json_put(&c->review_lists, path.buf);
		sbuf_adds(&c->review_lists, ", ");
		json_put(&c->review_lists, goal->id);
		sbuf_adds(&c->review_lists, ", ");
		json_put(&c->review_lists, oq ? oq->id : "");
		sbuf_adds(&c->review_lists, ", ");
		json_put(&c->review_lists, cq ? cq->id : "");
		sbuf_addch(&c->review_lists, ']');
	}
	sbuf_release(&path);
}

/* The question behind a coded column in form f, or NULL. */
static const struct form_question *coded_q(const struct form *f, enum tna_coded which)
{
	if (!f || !f->pdp)
		return NULL;
	switch (which) {
	case CODED_TYPE: return f->pdp->tna[FORM_TNA_TYPE];
	case CODED_CATEGORY: return f->pdp->tna[FORM_TNA_CATEGORY];
	case CODED_PRIORITY: return f->pdp->tna[FORM_TNA_PRIORITY];
	case CODED_FUNDER: return child(f->pdp, "funder");
	case CODED_OUTCOME: return outcome_q(review_list(f));
	}
	return NULL;
}

const char *tna_label(const struct tna_ctx *c, const char *hash,
		      enum tna_coded which, const char *code)
{
	const char *l = NULL;

	if (!code || !*code)
		return "";
	for (size_t i = 0; hash && i < c->nforms && !l; i++)
		if (!strcmp(c->forms[i].hash, hash)) {
			const struct form_question *q = coded_q(c->forms[i].f, which);

			l = q ? form_choice_label(q, code) : NULL;
			break;
		}
	/* A form not kept: the newest form that knows the code. */
	for (size_t i = 0; !l && i < c->nforms; i++) {
		const struct form_question *q = coded_q(c->forms[i].f, which);

		l = q ? form_choice_label(q, code) : NULL;
	}
	return l ? l : code;
}

const struct form_choicelist *tna_choices(const struct tna_ctx *c,
					  enum tna_coded which)
{
	for (size_t i = 0; i < c->nforms; i++) {
		const struct form_question *q = coded_q(c->forms[i].f, which);

		if (q && q->choices)
			return q->choices;
	}
	return NULL;
}

/* ---- --category ---- */

struct cats {
	struct sbuf list;	/* for the message */
	const char *want;
	char *code;		/* the match */
};

static int cat_seen(const char *cat, void *arg)
{
	struct cats *k = arg;
	struct sbuf q = SBUF_INIT;

	if (!k->code && !strcasecmp(cat, k->want))
		k->code = xstrdup(cat);
	sbuf_addf(&q, "'%s'", cat);
	if (!strstr(k->list.buf ? k->list.buf : "", q.buf))
		sbuf_addf(&k->list, "%s%s", k->list.len ? ", " : "", q.buf);
	sbuf_release(&q);
	return 0;
}

/* A drafts' category is free text when a form's category has no choices:
 * then it cannot be checked before the drafts are read. */
static int free_text_categories(const struct tna_ctx *c)
{
	for (size_t i = 0; i < c->nforms; i++) {
		const struct form_question *q = coded_q(c->forms[i].f, CODED_CATEGORY);

		if (q && !q->choices)
			return 1;
	}
	return 0;
}

static int category_check(struct hubstore *hs, struct tna_ctx *c, const char *want,
			  int all, struct err *err)
{
	struct cats k = { SBUF_INIT, want, NULL };

	for (size_t i = 0; i < c->nforms && !k.code; i++) {
		const struct form_question *q = coded_q(c->forms[i].f, CODED_CATEGORY);

		for (size_t j = 0; q && q->choices && j < q->choices->n; j++) {
			const struct form_choice *ch = &q->choices->items[j];

			if (!k.code && (!strcasecmp(ch->value, want) ||
					!strcasecmp(ch->label, want)))
				k.code = xstrdup(ch->value);
			cat_seen(ch->value, &k);
		}
	}
	if (!k.code && hs->ops->categories_each(hs, cat_seen, &k, err) < 0) {
		sbuf_release(&k.list);
		return -1;
	}
	if (!k.code && all && free_text_categories(c))
		k.code = xstrdup(want);
	if (!k.code) {
		err_set(err, "no TNA category '%s'; the categories are: %s", want,
			k.list.len ? k.list.buf : "(none yet)");
		sbuf_release(&k.list);
		return -1;
	}
	sbuf_release(&k.list);
	c->category = k.code;
	return 0;
}

int tna_ctx_load(struct hubstore *hs, const struct tna_opts *opts,
		 struct tna_ctx *c, struct err *err)
{
	struct load l = { hs, opts, c, err };

	memset(c, 0, sizeof(*c));
	sbuf_adds(&c->pdp_paths, "{");
	sbuf_adds(&c->review_lists, "{");
	if (hs->ops->forms_used_each(hs, one_form, &l, err) != 0)
		return -1;
	if (c->nforms > 1)
		qsort(c->forms, c->nforms, sizeof(*c->forms), newest_first);
	for (size_t i = 0; i < c->nforms; i++)
		maps_add(c, &c->forms[i]);
	sbuf_addch(&c->pdp_paths, '}');
	sbuf_addch(&c->review_lists, '}');
	if (opts->filter.category &&
	    category_check(hs, c, opts->filter.category, opts->all, err) < 0)
		return -1;
	return 0;
}

void tna_ctx_release(struct tna_ctx *c)
{
	for (size_t i = 0; i < c->nforms; i++) {
		free(c->forms[i].hash);
		form_free(c->forms[i].f);
	}
	free(c->forms);
	free(c->category);
	sbuf_release(&c->pdp_paths);
	sbuf_release(&c->review_lists);
	memset(c, 0, sizeof(*c));
}
