/*
 * appr_problems.c - what is still needed in an appraisal (see appr.h), kept
 * per section between changes: a change of one answer recomputes its own
 * section and the sections whose expressions (`when`, constraints) read an
 * answer of that section, not the whole form.  The walk asks on every key.
 */
#include <stdlib.h>
#include <string.h>

#include "appr.h"
#include "expr.h"

/* One section's problems, as appr_problems last found them. */
struct psec {
	struct appr_problem *v;
	size_t n;
	int valid;
};

struct appr_pcache {
	const struct form *form;	/* the form the masks were made for */
	struct psec *sec;		/* per section */
	/* dep[s]: the sections whose problems read an answer of section s
	 * (s itself included); every section when the form has more than 64 */
	unsigned long long *dep;
	unsigned long long volatile_mask;	/* read today(): never kept */
	const struct form_question **read;	/* every question an expression names */
	size_t nread, aread;
	int read_unknown;	/* an expression names one not resolved: any */
};

#define ALL_SECTIONS (~0ull)

static void psec_clear(struct psec *ps)
{
	for (size_t i = 0; i < ps->n; i++) {
		free(ps->v[i].path);
		free(ps->v[i].msg);
	}
	free(ps->v);
	ps->v = NULL;
	ps->n = 0;
	ps->valid = 0;
}

void appr_pcache_free(struct appr *ap)
{
	struct appr_pcache *pc = ap->pcache;

	if (!pc)
		return;
	for (size_t s = 0; s < pc->form->nsections; s++)
		psec_clear(&pc->sec[s]);
	free(pc->sec);
	free(pc->dep);
	free(pc->read);
	free(pc);
	ap->pcache = NULL;
}

/* ---- which sections read which ---- */

struct depctx {
	struct appr_pcache *pc;
	size_t reader;		/* the section whose expression this is */
};

static void depends(struct appr_pcache *pc, size_t on, size_t reader)
{
	if (on < 64 && reader < 64)
		pc->dep[on] |= 1ull << reader;
	else	/* beyond 64 sections: a change anywhere recomputes all */
		for (size_t s = 0; s < pc->form->nsections; s++)
			pc->dep[s] = ALL_SECTIONS;
}

static int dep_ref(struct expr_ref *ref, void *arg)
{
	struct depctx *c = arg;
	const struct form_question *t = ref->target;

	if (ref->self)
		return 0;	/* its own answer: its own section */
	if (!t) {	/* unresolved (a form the checker refused): anything */
		for (size_t s = 0; s < c->pc->form->nsections; s++)
			depends(c->pc, s, c->reader);
		c->pc->read_unknown = 1;
		return 0;
	}
	depends(c->pc, t->section->index, c->reader);
	if (c->pc->nread == c->pc->aread) {
		c->pc->aread = c->pc->aread ? 2 * c->pc->aread : 16;
		c->pc->read = xrealloc(c->pc->read, c->pc->aread * sizeof(*c->pc->read));
	}
	c->pc->read[c->pc->nread++] = t;
	return 0;
}

static void dep_expr(struct depctx *c, struct expr *e)
{
	if (!e)
		return;
	/* today() reads the clock: such a section is never kept */
	if (strstr(expr_source(e), "today"))
		c->pc->volatile_mask |= c->reader < 64 ? 1ull << c->reader : ALL_SECTIONS;
	expr_refs(e, dep_ref, c);
}

static void dep_questions(struct depctx *c, const struct form_question *qs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		dep_expr(c, qs[i].when);
		dep_expr(c, qs[i].constraint);
		dep_questions(c, qs[i].questions, qs[i].nquestions);
	}
}

static struct appr_pcache *pcache(const struct appr *cap)
{
	struct appr *ap = (struct appr *)cap;	/* the cache is not the appraisal */
	const struct form *f = ap->form;
	struct appr_pcache *pc = ap->pcache;

	if (pc && pc->form == f)
		return pc;
	appr_pcache_free(ap);
	pc = xcalloc(1, sizeof(*pc));
	pc->form = f;
	pc->sec = xcalloc(f->nsections + 1, sizeof(*pc->sec));
	pc->dep = xcalloc(f->nsections + 1, sizeof(*pc->dep));
	for (size_t s = 0; s < f->nsections; s++)
		depends(pc, s, s);
	for (size_t s = 0; s < f->nsections; s++) {
		struct depctx c = { pc, s };

		dep_expr(&c, f->sections[s].when);
		dep_questions(&c, f->sections[s].questions, f->sections[s].nquestions);
	}
	ap->pcache = pc;
	return pc;
}

int appr_answer_read(const struct appr *ap, const char *path)
{
	struct appr_pcache *pc = pcache(ap);
	const struct form_question *q = form_find(ap->form, path);

	if (!q || pc->read_unknown)
		return 1;
	for (size_t i = 0; i < pc->nread; i++)
		for (const struct form_question *p = q; p; p = p->parent)
			if (pc->read[i] == p)	/* it, or the list or group it is in */
				return 1;
	return 0;
}

void appr_pcache_changed(struct appr *ap, const char *path)
{
	struct appr_pcache *pc = ap->pcache;
	const struct form_question *q;
	unsigned long long mask;

	if (!pc)
		return;
	q = path ? form_find(pc->form, path) : NULL;
	/* an answer no question holds, or all of them (a reload): everything */
	mask = q ? pc->dep[q->section->index] : ALL_SECTIONS;
	for (size_t s = 0; s < pc->form->nsections; s++)
		if (s >= 64 ? mask == ALL_SECTIONS : (mask >> s) & 1)
			psec_clear(&pc->sec[s]);
}

/* ---- the problems ---- */

void appr_problems_release(struct appr_problems *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].path);
		free(p->v[i].msg);
	}
	free(p->v);
	memset(p, 0, sizeof(*p));
}

int appr_check(const struct appr *ap, const struct form_question *q,
	       const char *path, const char *value, struct sbuf *msg)
{
	struct expr_env env;

	if (q->type == FORM_NOTE || q->type == FORM_GROUP)
		return 0;
	appr_env(ap, &env);
	if (q->type == FORM_LIST)
		return form_list_check(q, appr_count(ap, path), msg);
	return form_answer_check(q, path, value && *value ? value : NULL, &env, msg);
}

static void push(struct appr_problems *p, size_t section, const struct form_question *q,
		 char *path, char *msg, int missing)
{
	struct appr_problem *pr;

	if (p->n == p->alloc) {
		p->alloc = p->alloc ? p->alloc * 2 : 16;
		p->v = xrealloc(p->v, p->alloc * sizeof(*p->v));
	}
	pr = &p->v[p->n++];
	pr->section = section;
	pr->q = q;
	pr->path = path;
	pr->msg = msg;
	pr->missing = missing;
}

struct probctx {
	const struct appr *ap;
	size_t section;
	struct appr_problems *p;
};

static int prob_one(const struct appr_elem *e, void *arg)
{
	struct probctx *c = arg;
	struct sbuf msg = SBUF_INIT;
	const char *v;

	if (e->kind != APPR_QUESTION && e->kind != APPR_LIST)
		return 0;
	v = e->kind == APPR_QUESTION ? appr_get(c->ap, e->path) : NULL;
	if (appr_check(c->ap, e->q, e->path, v, &msg))
		push(c->p, c->section, e->q, xstrdup(e->path), sbuf_detach(&msg),
		     e->kind == APPR_LIST ? 1 : !(v && *v));
	sbuf_release(&msg);
	return 0;
}

/* Section s's problems, found again only when an answer they read changed. */
static const struct psec *section_problems(const struct appr *ap, size_t s)
{
	struct appr_pcache *pc = pcache(ap);
	struct psec *ps = &pc->sec[s];

	if (ps->valid && !(s < 64 ? (pc->volatile_mask >> s) & 1 : pc->volatile_mask))
		return ps;
	{
		struct appr_problems found = { 0 };
		struct probctx c = { ap, s, &found };

		psec_clear(ps);
		appr_walk(ap, s, prob_one, &c);
		ps->v = found.v;
		ps->n = found.n;
		ps->valid = 1;
	}
	return ps;
}

void appr_problems(const struct appr *ap, size_t s, struct appr_problems *p)
{
	for (size_t i = 0; i < ap->form->nsections; i++) {
		const struct psec *ps;

		if (s != (size_t)-1 && s != i)
			continue;
		ps = section_problems(ap, i);
		for (size_t k = 0; k < ps->n; k++)
			push(p, i, ps->v[k].q, xstrdup(ps->v[k].path), xstrdup(ps->v[k].msg),
			     ps->v[k].missing);
	}
}

size_t appr_problem_count(const struct appr *ap, size_t s)
{
	size_t n = 0;

	for (size_t i = 0; i < ap->form->nsections; i++)
		if (s == (size_t)-1 || s == i)
			n += section_problems(ap, i)->n;
	return n;
}
