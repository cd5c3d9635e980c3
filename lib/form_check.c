/*
 * form_check.c - what needs the whole form: resolving the questions that
 * expressions and carry name (they must exist and come earlier), finding a
 * question by path, answer paths, and checking answers against the form.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "answer.h"
#include "form_int.h"
#include "util.h"

/* ---- finding questions ---- */

static const struct form_question *find_in(const struct form_question *qs, size_t n,
					   const char *path)
{
	const char *dot = strchr(path, '.');
	size_t len = dot ? (size_t)(dot - path) : strlen(path);
	const char *br = memchr(path, '[', len);
	size_t idlen = br ? (size_t)(br - path) : len;

	if (br) {	/* "[digits]" and nothing else after the id */
		const char *p = br + 1;

		if (*p < '0' || *p > '9')
			return NULL;
		while (*p >= '0' && *p <= '9')
			p++;
		if (*p != ']' || p + 1 != path + len)
			return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		const struct form_question *q = &qs[i];

		if (strlen(q->id) != idlen || strncmp(q->id, path, idlen))
			continue;
		if (br && q->type != FORM_LIST)
			return NULL;
		if (!dot)
			return q;
		return find_in(q->questions, q->nquestions, dot + 1);
	}
	return NULL;
}

const struct form_question *form_find(const struct form *f, const char *path)
{
	const char *dot;

	if (!f || !path || !(dot = strchr(path, '.')))
		return NULL;
	for (size_t i = 0; i < f->nsections; i++) {
		const struct form_section *s = &f->sections[i];

		if (strlen(s->id) == (size_t)(dot - path) && !strncmp(s->id, path, (size_t)(dot - path)))
			return find_in(s->questions, s->nquestions, dot + 1);
	}
	return NULL;
}

int form_path_private(const struct form *f, const char *path)
{
	const struct form_question *q = form_find(f, path);

	return q ? q->private != 0 : -1;
}

static int each_in(const struct form_question *qs, size_t n,
		   int (*fn)(const struct form_question *, void *), void *arg)
{
	int rc;

	for (size_t i = 0; i < n; i++) {
		if ((rc = fn(&qs[i], arg)) ||
		    (rc = each_in(qs[i].questions, qs[i].nquestions, fn, arg)))
			return rc;
	}
	return 0;
}

int form_each_question(const struct form *f,
		       int (*fn)(const struct form_question *q, void *arg), void *arg)
{
	int rc;

	for (size_t i = 0; i < f->nsections; i++)
		if ((rc = each_in(f->sections[i].questions, f->sections[i].nquestions, fn, arg)))
			return rc;
	return 0;
}

void form_answer_path(const struct form_question *q, const size_t *idx,
		      size_t nidx, struct sbuf *out)
{
	const struct form_question *chain[FORM_MAX_DEPTH];
	size_t n = 0, k = 0;

	for (const struct form_question *p = q; p && n < NELEM(chain); p = p->parent)
		chain[n++] = p;
	sbuf_adds(out, q->section->id);
	while (n--) {
		sbuf_addf(out, ".%s", chain[n]->id);
		if (n > 0 && chain[n]->type == FORM_LIST) {
			sbuf_addf(out, "[%zu]", k < nidx ? idx[k] : (size_t)0);
			k++;
		}
	}
}

const char *form_choice_label(const struct form_question *q, const char *value)
{
	for (size_t i = 0; q->choices && value && i < q->choices->n; i++)
		if (!strcmp(q->choices->items[i].value, value))
			return q->choices->items[i].label;
	return NULL;
}

/* ---- pending checks ---- */

struct names {
	const char **v;
	size_t n;
	int lists_only;
};

static int collect(const struct form_question *q, void *arg)
{
	struct names *nm = arg;

	if (q->type == FORM_NOTE || (nm->lists_only && q->type != FORM_LIST) || !*q->id)
		return 0;
	nm->v = xrealloc(nm->v, (nm->n + 1) * sizeof(*nm->v));
	nm->v[nm->n++] = q->path;
	return 0;
}

/* A near miss among the form's question paths (or only its lists). */
static const char *suggest(const struct form *f, const char *word, int lists_only,
			   const struct form_question *within)
{
	struct names nm = { NULL, 0, lists_only };
	const char *best;

	if (within) {
		for (size_t i = 0; i < within->nquestions; i++)
			if (within->questions[i].type != FORM_NOTE) {
				nm.v = xrealloc(nm.v, (nm.n + 1) * sizeof(*nm.v));
				nm.v[nm.n++] = within->questions[i].id;
			}
	} else {
		form_each_question(f, collect, &nm);
	}
	best = near_miss(word, nm.v, nm.n);
	free(nm.v);
	return best;
}

/* ---- privacy: no path from a private answer to one that leaves ---- */

/* Each field of list (through groups in it) against its source in from. */
static void carry_fields_private(struct lctx *c, struct pending *p,
				 const struct form_question *list,
				 const struct form_question *in,
				 const struct form_question *from, struct sbuf *src)
{
	for (size_t i = 0; i < in->nquestions; i++) {
		const struct form_question *f = &in->questions[i], *sf;

		if (f->type == FORM_GROUP)
			carry_fields_private(c, p, list, f, from, src);
		if (f->private || !form_type_answerable(f->type))
			continue;
		sbuf_reset(src);
		sbuf_addf(src, "%s.%s", from->path, f->path + strlen(list->path) + 1);
		sf = form_find(c->f, src->buf);
		if (sf && sf->private)
			lint(c, p->node, list->path, "carry: '%s' is private, and '%s' "
			     "that it is copied into is not: last year's private "
			     "answer would leave the laptop", sf->path, f->path);
	}
}

/*
 * A list that is not private, carried from a private list or field, would
 * make last year's private note a non-private answer that travels.  Each
 * field is copied from the field of the same id in last year's list.
 */
static void check_carry_private(struct lctx *c, struct pending *p,
				const struct form_question *q,
				const struct form_question *from)
{
	struct sbuf src = SBUF_INIT;

	if (q->private)
		return;
	if (from->private) {
		lint(c, p->node, q->path, "carry: '%s' is private, and this list is "
		     "not: last year's private answers would leave the laptop (make "
		     "this list private too, or carry from a list that is not private)",
		     q->carry);
		return;
	}
	carry_fields_private(c, p, q, q, from, &src);
	sbuf_release(&src);
}

/*
 * The PDP's TNA columns leave the laptop with every final appraisal (the
 * PDP goals, the TNA export, the bundle): none may be private.
 */
static void check_pdp_private(struct lctx *c)
{
	const struct form_question *pdp = c->f->pdp;

	if (!pdp)
		return;
	if (pdp->private) {
		lint_at(c, pdp->line, pdp->col, pdp->path, "the PDP list is private%s, "
			"but its goals leave the laptop in the TNA export and the "
			"bundle (put it in a section that is not private)",
			pdp->private_set ? "" : " (from its section)");
		return;
	}
	for (int k = 0; k < FORM_TNA_N; k++) {
		const struct form_question *t = pdp->tna[k];

		if (t && t->private)
			lint_at(c, t->line, t->col, t->path, "the TNA column '%s' is "
				"private, but TNA columns leave the laptop in the TNA "
				"export and the bundle (remove 'private', or map the "
				"column to another question)", form_tna_names[k]);
	}
}

/* ---- prepare: never a private answer, never a confidential conversation ---- */

/* Does q or anything inside it hold a private answer? */
static int holds_private(const struct form_question *q)
{
	if (q->private)
		return 1;
	for (size_t i = 0; i < q->nquestions; i++)
		if (holds_private(&q->questions[i]))
			return 1;
	return 0;
}

/* A section with any private answer is a confidential conversation (the
 * wellbeing conversation): none of it is prepared with a code. */
int form_section_confidential(const struct form_section *s)
{
	for (size_t i = 0; i < s->nquestions; i++)
		if (holds_private(&s->questions[i]))
			return 1;
	return 0;
}

static void check_prepare_question(struct lctx *c, const struct form_question *q,
				   int confidential)
{
	if (q->prepare_set && q->prepare) {
		if (holds_private(q))
			lint_at(c, q->prepare_line, q->prepare_col, q->path,
				"prepare: %s private, and a private answer is never "
				"prepared with a code (it is written only in the "
				"conversation)", q->private ? "this question is"
				: "a question inside is");
		else if (confidential)
			lint_at(c, q->prepare_line, q->prepare_col, q->path,
				"prepare: the section '%s' holds private answers (a "
				"confidential conversation, such as wellbeing): none of "
				"it is prepared with a code", q->section->id);
		return;
	}
	for (size_t i = 0; i < q->nquestions; i++)
		check_prepare_question(c, &q->questions[i], confidential);
}

/* prepare_label words a question for the staff member: only where they
 * prepare it. */
static void check_prepare_label(struct lctx *c, const struct form_question *q)
{
	if (q->prepare_label && !q->prepare)
		lint_at(c, q->prepare_label_line, q->prepare_label_col, q->path,
			"prepare_label: this question is not prepared (add prepare: "
			"true to it, its group or its section), so the staff member "
			"is never asked it");
	for (size_t i = 0; i < q->nquestions; i++)
		check_prepare_label(c, &q->questions[i]);
}

static void check_prepare(struct lctx *c)
{
	for (size_t i = 0; i < c->f->nsections; i++)
		for (size_t k = 0; k < c->f->sections[i].nquestions; k++)
			check_prepare_label(c, &c->f->sections[i].questions[k]);
	for (size_t i = 0; i < c->f->nsections; i++) {
		const struct form_section *s = &c->f->sections[i];
		int conf = form_section_confidential(s);

		if (s->prepare && conf) {
			lint_at(c, s->prepare_line, s->prepare_col, s->id,
				"prepare: this section holds private answers (a "
				"confidential conversation, such as wellbeing): none of "
				"it is prepared with a code");
			continue;
		}
		for (size_t k = 0; k < s->nquestions; k++)
			check_prepare_question(c, &s->questions[k], conf);
	}
}

static void check_carry(struct lctx *c, struct pending *p)
{
	struct form_question *q = p->q;
	const struct form_question *t = form_find(c->f, q->carry);
	const char *near;

	if (!t) {
		if ((near = suggest(c->f, q->carry, 1, NULL)))
			lint(c, p->node, q->path, "carry: '%s' is not a list of this form "
			     "(did you mean '%s'?)", q->carry, near);
		else
			lint(c, p->node, q->path, "carry: '%s' is not a list of this form",
			     q->carry);
	} else if (t->type != FORM_LIST) {
		lint(c, p->node, q->path, "carry: '%s' is %s %s question, not a list",
		     q->carry, strchr("aeiou", form_type_name(t->type)[0]) ? "an" : "a",
		     form_type_name(t->type));
	} else {
		q->carry_from = t;
		check_carry_private(c, p, q, t);
	}
}

struct resolve {
	struct lctx *c;
	struct pending *p;
	const char *key;
};

static void ref_problem(struct resolve *r, const struct expr_ref *ref,
			const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void ref_problem(struct resolve *r, const struct expr_ref *ref,
			const char *fmt, ...)
{
	struct sbuf sb = SBUF_INIT;
	va_list ap;
	int line, col;

	va_start(ap, fmt);
	sbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	ypos(r->p->node, ref->pos, &line, &col);
	lint_at(r->c, line, col, r->p->q ? r->p->q->path : r->p->s->id, "%s: %s",
		r->key, sb.buf);
	sbuf_release(&sb);
}

/* Is the target earlier than where the expression is written? */
static int in_order(struct resolve *r, const struct expr_ref *ref,
		    const struct form_question *t)
{
	const struct pending *p = r->p;

	if (p->kind == P_SECTION_WHEN) {
		if (t->section->index < p->s->index)
			return 1;
		ref_problem(r, ref, "'%s' is in this section or a later one; a "
			    "section's 'when' can only look at earlier sections", ref->name);
		return 0;
	}
	if (t->seq < p->q->seq || (p->kind == P_CONSTRAINT && t == p->q))
		return 1;
	if (t == p->q)
		ref_problem(r, ref, "a question's 'when' cannot look at its own answer");
	else
		ref_problem(r, ref, "'%s' comes later in the form (line %d); %s can only "
			    "look at earlier questions", ref->name, t->line,
			    p->kind == P_WHEN ? "'when'" : "a constraint");
	return 0;
}

/*
 * Does an expression of a question (or section) that is not private read a
 * private answer?  Whether a non-private question is shown, or which value
 * it may hold, would tell the private answer to whoever reads the export.
 * answered() and unanswered() only tell that it was held, which may be shared.
 */
static int reads_private(struct resolve *r, const struct expr_ref *ref,
			 const struct form_question *t)
{
	int owner_private = r->p->q ? r->p->q->private : r->p->s->private;

	if (owner_private || !t->private || ref->func == EXPR_F_ANSWERED ||
	    ref->func == EXPR_F_UNANSWERED)
		return 0;
	ref_problem(r, ref, "'%s' is private, and this %s is not: %s would tell "
		    "the private answer to whoever reads the export (only "
		    "answered(%s) may be used)", ref->name,
		    r->p->q ? "question" : "section",
		    r->p->kind == P_CONSTRAINT ? "the values it accepts" : "whether it is shown",
		    ref->name);
	return 1;
}

static int resolve_ref(struct expr_ref *ref, void *arg)
{
	struct resolve *r = arg;
	const struct form_question *q = r->p->q, *t = NULL;
	const char *near;

	if (ref->self) {
		if (r->p->kind != P_CONSTRAINT)
			ref_problem(r, ref, "'.' (this answer) belongs in a constraint's "
				    "rule; in 'when' name the question");
		ref->target = q;
		return 0;
	}
	if (q && q->list && (t = find_in(q->list->questions, q->list->nquestions, ref->name)))
		ref->relative = 1;
	if (!t && strchr(ref->name, '.'))
		t = form_find(r->c->f, ref->name);
	if (!t) {
		near = suggest(r->c->f, ref->name, 0, NULL);
		if (!near && q && q->list)
			near = suggest(r->c->f, ref->name, 0, q->list);
		if (near)
			ref_problem(r, ref, "'%s' is not a question of this form (did you "
				    "mean '%s'?)", ref->name, near);
		else if (!strchr(ref->name, '.') && !(q && q->list))
			ref_problem(r, ref, "'%s' is not a question of this form (write "
				    "the full path: section.question)", ref->name);
		else
			ref_problem(r, ref, "'%s' is not a question of this form", ref->name);
		return 0;
	}
	if (!ref->relative && t->list) {
		if (q && q->list == t->list)
			ref_problem(r, ref, "inside the list, name the field alone: '%s'", t->id);
		else
			ref_problem(r, ref, "'%s' is inside the list %s; from outside the "
				    "list only count(%s) or answered(%s) can look into it",
				    ref->name, t->list->path, t->list->path, t->list->path);
		return 0;
	}
	if (t->type == FORM_NOTE) {
		ref_problem(r, ref, "'%s' is a note and has no answer", ref->name);
		return 0;
	}
	if (t->type == FORM_GROUP) {
		ref_problem(r, ref, "'%s' is a group; name one of its questions", ref->name);
		return 0;
	}
	if (t->type == FORM_LIST) {
		if (ref->func != EXPR_F_COUNT && ref->func != EXPR_F_ANSWERED &&
		    ref->func != EXPR_F_UNANSWERED) {
			ref_problem(r, ref, "'%s' is a list; use count(%s) for its number "
				    "of items", ref->name, ref->name);
			return 0;
		}
		ref->list = 1;
	} else if (ref->func == EXPR_F_COUNT) {
		ref_problem(r, ref, "count() needs a list; '%s' is %s %s question",
			    ref->name, strchr("aeiou", form_type_name(t->type)[0]) ? "an" : "a",
			    form_type_name(t->type));
		return 0;
	}
	if (in_order(r, ref, t) && !reads_private(r, ref, t))
		ref->target = t;
	return 0;
}

void form_check_pending(struct lctx *c)
{
	for (size_t i = 0; i < c->npend; i++) {
		struct pending *p = &c->pend[i];
		struct resolve r = { c, p, p->kind == P_CONSTRAINT ? "constraint" : "when" };

		if (p->kind == P_CARRY)
			check_carry(c, p);
		else
			expr_refs(p->e, resolve_ref, &r);
	}
	check_pdp_private(c);
	check_prepare(c);
}

/* ---- answers ---- */

/* The list item prefix of an answer path: up to its last ']'. */
static char *item_prefix(const char *path)
{
	const char *br = path ? strrchr(path, ']') : NULL;

	return br ? xstrndup(path, (size_t)(br - path + 1)) : NULL;
}

static int holds(const struct expr *e, const struct expr_env *base, const char *self,
		 const char *prefix)
{
	struct expr_env env = *base;

	if (!e)
		return 1;
	env.self = self;
	env.prefix = prefix;
	return expr_eval(e, &env);
}

int form_visible(const struct form_question *q, const char *path,
		 const struct expr_env *env)
{
	const struct form_question *chain[FORM_MAX_DEPTH];
	char *prefix = item_prefix(path);
	size_t n = 0;
	int shown = holds(q->section->when, env, NULL, NULL);

	for (const struct form_question *p = q; p && n < NELEM(chain); p = p->parent)
		chain[n++] = p;
	while (shown && n--)
		shown = holds(chain[n]->when, env, NULL, chain[n]->list ? prefix : NULL);
	free(prefix);
	return shown;
}

static int is_number(const char *s, double *out)
{
	const char *p = s;

	if (*p == '-' || *p == '+')
		p++;
	if (*p < '0' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '.') {
		if (*++p < '0' || *p > '9')
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p)
		return 0;
	*out = strtod(s, NULL);
	return isfinite(*out);
}

/* The type's own rule; 0 or 1 with the message. */
static int type_check(const struct form_question *q, const char *v, struct sbuf *msg)
{
	double d;
	size_t len;

	switch (q->type) {
	case FORM_LINE:
		if (strchr(v, '\n')) {
			sbuf_adds(msg, "Keep this to one line.");
			return 1;
		}
		return 0;
	case FORM_DATE:
		if (!date_valid(v)) {
			sbuf_adds(msg, "Write a date as YYYY-MM-DD, e.g. 2026-03-31.");
			return 1;
		}
		return 0;
	case FORM_YESNO:
		if (strcmp(v, ANSWER_YES) && strcmp(v, ANSWER_NO)) {
			sbuf_adds(msg, "Answer yes or no.");
			return 1;
		}
		return 0;
	case FORM_NUMBER:
		if (!is_number(v, &d)) {
			sbuf_adds(msg, "Write a number, e.g. 12 or 7.5.");
			return 1;
		}
		if (q->has_min && d < q->min) {
			sbuf_addf(msg, "The number must be at least %g.", q->min);
			return 1;
		}
		if (q->has_max && d > q->max) {
			sbuf_addf(msg, "The number must be at most %g.", q->max);
			return 1;
		}
		return 0;
	case FORM_SCALE: case FORM_CHOICE:
		if (!form_choice_label(q, v)) {
			sbuf_adds(msg, "Pick one of the choices.");
			return 1;
		}
		return 0;
	case FORM_CHOICES:
		for (const char *p = v, *one; (one = answer_next(&p, &len)); ) {
			char *copy = xstrndup(one, len);
			int ok = form_choice_label(q, copy) != NULL;

			free(copy);
			if (!ok) {
				sbuf_adds(msg, "Pick from the choices only.");
				return 1;
			}
		}
		return 0;
	default:
		return 0;
	}
}

/* "." in a constraint is the value being checked, which may not be saved yet. */
struct with_value {
	const struct expr_env *env;
	const char *path, *value;
};

static const char *get_with_value(const char *path, void *arg)
{
	struct with_value *w = arg;

	if (!strcmp(path, w->path))
		return w->value;
	return w->env->get ? w->env->get(path, w->env->arg) : NULL;
}

static long count_with_value(const char *path, void *arg)
{
	struct with_value *w = arg;

	return w->env->count ? w->env->count(path, w->env->arg) : 0;
}

int form_answer_check(const struct form_question *q, const char *path,
		      const char *value, const struct expr_env *env, struct sbuf *msg)
{
	struct with_value w = { env, path, value };
	struct expr_env wenv = *env;
	char *prefix;
	int ok;

	if (!form_type_answerable(q->type))
		return 0;
	if (!value || !*value) {
		if (!q->required)
			return 0;
		sbuf_adds(msg, q->required_msg);
		return 1;
	}
	if (type_check(q, value, msg))
		return 1;
	if (!q->constraint)
		return 0;
	wenv.get = get_with_value;
	wenv.count = count_with_value;
	wenv.arg = &w;
	prefix = item_prefix(path);
	ok = holds(q->constraint, &wenv, path, prefix);
	free(prefix);
	if (ok)
		return 0;
	sbuf_adds(msg, q->constraint_msg);
	return 1;
}

int form_list_check(const struct form_question *q, long nitems, struct sbuf *msg)
{
	if (q->has_min && nitems < (long)q->min) {
		sbuf_addf(msg, "Add at least %ld %s.", (long)q->min,
			  (long)q->min == 1 ? "item" : "items");
		return 1;
	}
	if (q->has_max && nitems > (long)q->max) {
		sbuf_addf(msg, "Keep to at most %ld %s.", (long)q->max,
			  (long)q->max == 1 ? "item" : "items");
		return 1;
	}
	return 0;
}
