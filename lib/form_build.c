/*
 * form_build.c - from the YAML tree to the form model (see form.h),
 * reporting every problem with its position and the path of the question
 * it is in: sections, questions, lists and the PDP.  Reading single keys
 * and choice lists is in form_keys.c; checks that need the whole form
 * (expression references, carry) are queued and run by form_check.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "fileio.h"
#include "form_int.h"
#include "util.h"

static const char *const type_names[FORM_NTYPES] = {
	"text", "line", "scale", "choice", "choices", "yesno", "date",
	"number", "note", "list", "group",
};

const char *const form_tna_names[FORM_TNA_N] = {
	"need", "goal", "type", "category", "priority", "target_date", "support",
};

static const char *const top_keys[] = {
	"form", "version", "title", "intro", "lists", "sections",
};
static const char *const section_keys[] = {
	"id", "title", "intro", "guide", "private", "prepare", "when", "questions",
};
static const char *const constraint_keys[] = { "rule", "message" };

/* Every key a question may have, and the types each one applies to. */
#define ALLTYPES ((1u << FORM_NTYPES) - 1)
static const struct { const char *key; unsigned types; } qkeys[] = {
	{ "id", ALLTYPES }, { "type", ALLTYPES }, { "label", ALLTYPES },
	{ "hint", ALLTYPES }, { "when", ALLTYPES }, { "private", ALLTYPES },
	{ "prepare", ALLTYPES }, { "prepare_label", FORM_ANSWERABLE_TYPES },
	{ "required", FORM_ANSWERABLE_TYPES }, { "constraint", FORM_ANSWERABLE_TYPES },
	{ "default", FORM_ANSWERABLE_TYPES },
	{ "choices", 1u << FORM_SCALE | 1u << FORM_CHOICE | 1u << FORM_CHOICES },
	{ "min", 1u << FORM_NUMBER | 1u << FORM_LIST },
	{ "max", 1u << FORM_NUMBER | 1u << FORM_LIST },
	{ "item", 1u << FORM_LIST }, { "carry", 1u << FORM_LIST },
	{ "pdp", 1u << FORM_LIST }, { "tna", 1u << FORM_LIST },
	{ "questions", 1u << FORM_LIST | 1u << FORM_GROUP },
};

int form_type_answerable(enum form_type t)
{
	return t >= 0 && t < FORM_NTYPES && ((1u << t) & FORM_ANSWERABLE_TYPES);
}

const char *form_type_name(enum form_type t)
{
	return (unsigned)t < FORM_NTYPES ? type_names[t] : "?";
}

/* min and max: of a number's value, or (whole) of a list's items. */
static void question_bounds(struct lctx *c, struct form_question *q,
			    const struct ynode *map)
{
	const char *keys[2] = { "min", "max" };
	const struct ynode *nodes[2] = { NULL, NULL };
	double vals[2] = { 0, 0 };
	int ok[2] = { 0, 0 };

	for (int i = 0; i < 2; i++) {
		const struct ynode *v = ymap_get(map, keys[i], NULL);

		if (!v || fk_want_scalar(c, v, q->path, keys[i], "a number") < 0)
			continue;
		nodes[i] = v;
		if (fk_parse_number(v->s, &vals[i]) < 0) {
			lint(c, v, q->path, "'%s' must be a number, not '%s'", keys[i], v->s);
			continue;
		}
		if (q->type == FORM_LIST && (vals[i] < 0 || vals[i] != floor(vals[i]) ||
					     vals[i] > 1000)) {
			lint(c, v, q->path, "'%s' of a list is a whole number of items "
			     "from 0 to 1000, not '%s'", keys[i], v->s);
			continue;
		}
		ok[i] = 1;
	}
	if (ok[0] && ok[1] && vals[0] > vals[1])
		lint(c, nodes[0], q->path, "min (%s) is greater than max (%s)",
		     nodes[0]->s, nodes[1]->s);
	q->has_min = ok[0];
	q->min = vals[0];
	q->has_max = ok[1];
	q->max = vals[1];
}

static void question_required(struct lctx *c, struct form_question *q,
			      const struct ynode *map)
{
	const struct ynode *v = ymap_get(map, "required", NULL);
	static const char *const yes[] = { "true", "True", "TRUE", "yes", "Yes", "YES" };
	static const char *const no[] = { "false", "False", "FALSE", "no", "No", "NO" };

	if (!v || fk_want_scalar(c, v, q->path, "required", "true, false or a message") < 0)
		return;
	for (size_t i = 0; i < NELEM(yes); i++) {
		if (!v->quoted && !strcmp(v->s, no[i]))
			return;
		if (!v->quoted && !strcmp(v->s, yes[i])) {
			q->required = 1;
			q->required_msg = xstrdup("This question needs an answer.");
			return;
		}
	}
	if (!*v->s) {
		lint(c, v, q->path, "'required' is empty: write true, false or a message");
		return;
	}
	q->required = 1;
	q->required_msg = xstrdup(v->s);
}

static void question_constraint(struct lctx *c, struct form_question *q,
				const struct ynode *map)
{
	const struct ynode *v = ymap_get(map, "constraint", NULL), *rule, *msg;
	struct pending *p;

	if (!v || v->bad)
		return;
	if (v->kind != Y_MAP) {
		lint(c, v, q->path, "'constraint' must be a mapping with rule: and "
		     "message:, not a %s", fk_kind_name(v));
		return;
	}
	fk_check_keys(c, v, q->path, "constraint: ", constraint_keys,
		   NELEM(constraint_keys), NULL, 0, NULL);
	if (!(msg = ymap_get(v, "message", NULL)))
		lint(c, v, q->path, "constraint: missing key 'message' (what to tell "
		     "the person when the rule does not hold)");
	else if (fk_want_scalar(c, msg, q->path, "message", "a text") == 0) {
		if (!*msg->s)
			lint(c, msg, q->path, "constraint: 'message' is empty");
		else
			q->constraint_msg = xstrdup(msg->s);
	}
	if (!(rule = ymap_get(v, "rule", NULL)))
		lint(c, v, q->path, "constraint: missing key 'rule' (e.g. rule: "
		     "\"len(.) <= 2000\")");
	else if ((q->constraint = fk_get_expr(c, rule, q->path, "constraint"))) {
		p = fk_pend(c);
		p->kind = P_CONSTRAINT;
		p->e = q->constraint;
		p->node = rule;
		p->q = q;
		p->s = q->section;
	}
}

/* ---- PDP lists ---- */

static void question_tna(struct lctx *c, struct form_question *q, const struct ynode *map)
{
	const struct ynode *tna = ymap_get(map, "tna", NULL), *pdp = ymap_get(map, "pdp", NULL);

	if (!q->pdp) {
		if (tna)
			lint(c, tna, q->path, "'tna' belongs only on the PDP list (add 'pdp: true')");
		return;
	}
	if (c->f->pdp)
		lint(c, pdp, q->path, "there is already a PDP list (%s, line %d); a form "
		     "has at most one", c->f->pdp->path, c->f->pdp->line);
	else
		c->f->pdp = q;
	if (!tna) {
		lint(c, map, q->path, "the PDP list needs 'tna:' naming the question of "
		     "each TNA column (need, goal, type, category, priority, "
		     "target_date, support)");
		return;
	}
	if (tna->bad)
		return;
	if (tna->kind != Y_MAP) {
		lint(c, tna, q->path, "'tna' must be a mapping of TNA columns to "
		     "question ids, not a %s", fk_kind_name(tna));
		return;
	}
	fk_check_keys(c, tna, q->path, "tna: ", form_tna_names, FORM_TNA_N, NULL, 0, NULL);
	for (int k = 0; k < FORM_TNA_N; k++) {
		const struct ynode *v = ymap_get(tna, form_tna_names[k], NULL);
		const char *ids[64];
		size_t nids = 0;
		const struct form_question *t = NULL;

		if (!v) {
			lint(c, tna, q->path, "tna: missing '%s' (the id of the question "
			     "in this list that holds it)", form_tna_names[k]);
			continue;
		}
		if (fk_want_scalar(c, v, q->path, form_tna_names[k], "a question id") < 0)
			continue;
		for (size_t i = 0; i < q->nquestions; i++) {
			if (q->questions[i].id && !strcmp(q->questions[i].id, v->s))
				t = &q->questions[i];
			if (q->questions[i].id && nids < NELEM(ids))
				ids[nids++] = q->questions[i].id;
		}
		if (!t) {
			const char *near = near_miss(v->s, ids, nids);

			lint(c, v, q->path, "tna: %s names '%s', which is not a question of "
			     "this list%s%s%s", form_tna_names[k], v->s,
			     near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
		} else if (!form_type_answerable(t->type)) {
			lint(c, v, q->path, "tna: %s names '%s', %s %s, which holds no answer",
			     form_tna_names[k], v->s, fk_article(type_names[t->type]),
			     type_names[t->type]);
		} else if (k == FORM_TNA_TARGET_DATE && t->type != FORM_DATE) {
			lint(c, v, q->path, "tna: target_date must name a date question; "
			     "'%s' is %s %s question", v->s, fk_article(type_names[t->type]),
			     type_names[t->type]);
		} else {
			q->tna[k] = t;
		}
	}
}

/* ---- questions and sections ---- */

static void parse_questions(struct lctx *c, const struct ynode *seq,
			    struct form_section *s, struct form_question *parent,
			    const char *ppath, struct form_question **out, size_t *nout);

static enum form_type question_type(struct lctx *c, const struct ynode *map,
				    const char *path, int *ok)
{
	const struct ynode *v = ymap_get(map, "type", NULL);
	const char *near;

	*ok = 0;
	if (!v) {
		lint(c, map, path, "missing key 'type' (one of text, line, scale, choice, "
		     "choices, yesno, date, number, note, list, group)");
		return FORM_TEXT;
	}
	if (fk_want_scalar(c, v, path, "type", "a question type") < 0)
		return FORM_TEXT;
	for (int t = 0; t < FORM_NTYPES; t++)
		if (!strcmp(v->s, type_names[t])) {
			*ok = 1;
			return (enum form_type)t;
		}
	if ((near = near_miss(v->s, type_names, FORM_NTYPES)))
		lint(c, v, path, "unknown question type '%s' (did you mean '%s'?)", v->s, near);
	else
		lint(c, v, path, "unknown question type '%s' (the types are text, line, "
		     "scale, choice, choices, yesno, date, number, note, list, group)", v->s);
	return FORM_TEXT;
}

static void question_keys(struct lctx *c, const struct ynode *map,
			  const struct form_question *q, int typeok)
{
	const char *keys[NELEM(qkeys)], *others[NELEM(qkeys)];
	size_t n = 0, no = 0;

	for (size_t i = 0; i < NELEM(qkeys); i++) {
		if (!typeok || (qkeys[i].types & (1u << q->type)))
			keys[n++] = qkeys[i].key;
		else
			others[no++] = qkeys[i].key;
	}
	if (typeok)
		fk_check_keys(c, map, q->path, "", keys, n, others, no, type_names[q->type]);
	else
		fk_check_keys(c, map, q->path, "", keys, n, NULL, 0, NULL);
}

static void parse_question(struct lctx *c, const struct ynode *map,
			   struct form_question *q, const char *ppath, size_t index)
{
	const struct ynode *v;
	struct sbuf path = SBUF_INIT;
	int typeok, priv, prep;

	q->seq = c->seq++;
	q->line = map->line;
	q->col = map->col;
	sbuf_adds(&path, ppath);
	if (!fk_id_ok(map))	/* then it is named by its place */
		sbuf_addf(&path, ".questions[%zu]", index);
	q->id = fk_get_id(c, map, path.buf);
	if (q->id) {
		sbuf_setlen(&path, strlen(ppath));
		sbuf_addch(&path, '.');
		sbuf_adds(&path, q->id);
	} else {
		q->id = xstrdup("");
	}
	q->path = sbuf_detach(&path);
	q->type = question_type(c, map, q->path, &typeok);
	question_keys(c, map, q, typeok);
	q->label = fk_get_text(c, map, "label", q->path, 1);
	if (!q->label)
		q->label = xstrdup("");
	q->hint = fk_get_text(c, map, "hint", q->path, 0);
	if ((q->prepare_label = fk_get_text(c, map, "prepare_label", q->path, 0)))
		fk_key_pos(map, "prepare_label", &q->prepare_label_line,
			   &q->prepare_label_col);
	if ((priv = fk_get_bool(c, map, "private", q->path)) >= 0) {
		q->private_set = 1;
		q->private = priv;
	} else {
		q->private = q->parent ? q->parent->private : q->section->private;
	}
	if ((prep = fk_get_bool(c, map, "prepare", q->path)) >= 0) {
		fk_key_pos(map, "prepare", &q->prepare_line, &q->prepare_col);
		q->prepare_set = 1;
		q->prepare = prep;
	} else {
		q->prepare = q->parent ? q->parent->prepare : q->section->prepare;
	}
	if ((v = ymap_get(map, "when", NULL)) && (q->when = fk_get_expr(c, v, q->path, "when"))) {
		struct pending *p = fk_pend(c);

		p->kind = P_WHEN;
		p->e = q->when;
		p->node = v;
		p->q = q;
		p->s = q->section;
	}
	if (!typeok)
		goto children;
	if (form_type_answerable(q->type)) {
		question_required(c, q, map);
		question_constraint(c, q, map);
	}
	if (q->type == FORM_SCALE || q->type == FORM_CHOICE || q->type == FORM_CHOICES)
		fk_question_choices(c, q, map);
	if (form_type_answerable(q->type) && (v = ymap_get(map, "default", NULL)))
		fk_question_default(c, q, v);
	if (q->type == FORM_NUMBER || q->type == FORM_LIST)
		question_bounds(c, q, map);
	if (q->type == FORM_LIST) {
		int pdp = fk_get_bool(c, map, "pdp", q->path);

		if (q->list)
			lint(c, map, q->path, "a list cannot hold another list; "
			     "put the questions in the outer list");
		q->item = fk_get_text(c, map, "item", q->path, 0);
		if (!q->item || !*q->item) {
			free(q->item);
			q->item = xstrdup(q->label);
		}
		if ((q->carry = fk_get_text(c, map, "carry", q->path, 0))) {
			struct pending *p = fk_pend(c);

			p->kind = P_CARRY;
			p->node = ymap_get(map, "carry", NULL);
			p->q = q;
			p->s = q->section;
		}
		q->pdp = pdp > 0;
	}
children:
	if (!typeok || q->type == FORM_LIST || q->type == FORM_GROUP) {
		v = ymap_get(map, "questions", NULL);
		if (v)
			parse_questions(c, v, q->section, q, q->path, &q->questions,
					&q->nquestions);
		else if (typeok)
			lint(c, map, q->path, "missing key 'questions' (the questions "
			     "inside the %s)", type_names[q->type]);
	}
	if (typeok && q->type == FORM_LIST)
		question_tna(c, q, map);
}

/* Report a repeated id among siblings (at its id). */
static void check_duplicate(struct lctx *c, const struct ynode *map, const char *id,
			    const char *path, const int *lines, const char *const *ids,
			    size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] && *ids[i] && !strcmp(ids[i], id)) {
			lint(c, ymap_get(map, "id", NULL), path, "duplicate id '%s' "
			     "(first at line %d)", id, lines[i]);
			return;
		}
}

static void parse_questions(struct lctx *c, const struct ynode *seq,
			    struct form_section *s, struct form_question *parent,
			    const char *ppath, struct form_question **out, size_t *nout)
{
	struct form_question *qs;
	const char **ids;
	int *lines;

	if (seq->bad)
		return;
	if (seq->kind != Y_SEQ) {
		lint(c, seq, ppath, "'questions' must be a list (each question starting "
		     "with '- id:'), not a %s", fk_kind_name(seq));
		return;
	}
	if (!seq->n) {
		lint(c, seq, ppath, "'questions' is empty");
		return;
	}
	qs = xcalloc(seq->n, sizeof(*qs));
	ids = xcalloc(seq->n, sizeof(*ids));
	lines = xcalloc(seq->n, sizeof(*lines));
	*out = qs;
	for (size_t i = 0; i < seq->n; i++) {
		const struct ynode *m = seq->kids[i];
		struct form_question *q;

		if (m->bad)
			continue;
		if (m->kind != Y_MAP) {
			lint(c, m, ppath, "a question must be a mapping of keys (id:, type:, "
			     "label: ...), not a %s", fk_kind_name(m));
			continue;
		}
		q = &qs[(*nout)++];
		q->section = s;
		q->parent = parent;
		q->list = parent ? (parent->type == FORM_LIST ? parent : parent->list) : NULL;
		parse_question(c, m, q, ppath, i);
		if (*q->id)
			check_duplicate(c, m, q->id, q->path, lines, ids, *nout - 1);
		ids[*nout - 1] = q->id;
		lines[*nout - 1] = q->line;
	}
	free(ids);
	free(lines);
}

static void parse_guide(struct lctx *c, const struct ynode *v, struct form_section *s,
			const char *path)
{
	if (v->bad)
		return;
	if (v->kind == Y_SCALAR) {
		s->guide = xcalloc(1, sizeof(*s->guide));
		s->guide[s->nguide++] = xstrdup(v->s);
		return;
	}
	if (v->kind != Y_SEQ) {
		lint(c, v, path, "'guide' must be a list of prompts, not a mapping");
		return;
	}
	s->guide = xcalloc(v->n + 1, sizeof(*s->guide));
	for (size_t i = 0; i < v->n; i++)
		if (fk_want_scalar(c, v->kids[i], path, "a prompt in 'guide'", "a text") == 0)
			s->guide[s->nguide++] = xstrdup(v->kids[i]->s);
}

static void parse_section(struct lctx *c, const struct ynode *map,
			  struct form_section *s, size_t index)
{
	struct sbuf path = SBUF_INIT;
	const struct ynode *v;
	int priv;

	s->index = index;
	s->line = map->line;
	s->col = map->col;
	sbuf_addf(&path, "sections[%zu]", index);
	s->id = fk_get_id(c, map, path.buf);
	if (s->id) {
		sbuf_reset(&path);
		sbuf_adds(&path, s->id);
	} else {
		s->id = xstrdup("");
	}
	fk_check_keys(c, map, path.buf, "", section_keys, NELEM(section_keys), NULL, 0, NULL);
	s->title = fk_get_text(c, map, "title", path.buf, 1);
	if (!s->title)
		s->title = xstrdup("");
	s->intro = fk_get_text(c, map, "intro", path.buf, 0);
	if ((v = ymap_get(map, "guide", NULL)))
		parse_guide(c, v, s, path.buf);
	if ((priv = fk_get_bool(c, map, "private", path.buf)) >= 0)
		s->private = priv;
	if ((priv = fk_get_bool(c, map, "prepare", path.buf)) >= 0) {
		s->prepare = priv;
		fk_key_pos(map, "prepare", &s->prepare_line, &s->prepare_col);
	}
	if ((v = ymap_get(map, "when", NULL)) && (s->when = fk_get_expr(c, v, path.buf, "when"))) {
		struct pending *p = fk_pend(c);

		p->kind = P_SECTION_WHEN;
		p->e = s->when;
		p->node = v;
		p->s = s;
	}
	if ((v = ymap_get(map, "questions", NULL)))
		parse_questions(c, v, s, NULL, path.buf, &s->questions, &s->nquestions);
	else
		lint(c, map, path.buf, "missing key 'questions'");
	sbuf_release(&path);
}

static void parse_sections(struct lctx *c, const struct ynode *seq)
{
	struct form *f = c->f;
	const char **ids;
	int *lines;

	if (seq->bad)
		return;
	if (seq->kind != Y_SEQ) {
		lint(c, seq, NULL, "'sections' must be a list (each section starting "
		     "with '- id:'), not a %s", fk_kind_name(seq));
		return;
	}
	if (!seq->n) {
		lint(c, seq, NULL, "'sections' is empty");
		return;
	}
	f->sections = xcalloc(seq->n, sizeof(*f->sections));
	ids = xcalloc(seq->n, sizeof(*ids));
	lines = xcalloc(seq->n, sizeof(*lines));
	for (size_t i = 0; i < seq->n; i++) {
		const struct ynode *m = seq->kids[i];
		struct form_section *s;

		if (m->bad)
			continue;
		if (m->kind != Y_MAP) {
			lint(c, m, NULL, "a section must be a mapping of keys (id:, title:, "
			     "questions: ...), not a %s", fk_kind_name(m));
			continue;
		}
		s = &f->sections[f->nsections++];
		parse_section(c, m, s, f->nsections - 1);
		if (*s->id)
			check_duplicate(c, m, s->id, s->id, lines, ids, f->nsections - 1);
		ids[f->nsections - 1] = s->id;
		lines[f->nsections - 1] = s->line;
	}
	free(ids);
	free(lines);
}

static void parse_version(struct lctx *c, const struct ynode *root)
{
	const struct ynode *v = ymap_get(root, "version", NULL);

	if (!v) {
		lint(c, root, NULL, "missing key 'version' (e.g. version: \"2026.1\")");
		return;
	}
	if (fk_want_scalar(c, v, NULL, "version", "a text or a number") < 0)
		return;
	for (const char *p = v->s; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= 'A' && *p <= 'Z') || *p == '.' || *p == '-' || *p == '_')) {
			lint(c, v, NULL, "version '%s' may hold only letters, digits, '.', "
			     "'-' and '_'", v->s);
			return;
		}
	if (!*v->s) {
		lint(c, v, NULL, "'version' is empty");
		return;
	}
	c->f->version = xstrdup(v->s);
}

void form_build(struct lctx *c, const struct ynode *root)
{
	struct form *f = c->f;
	const struct ynode *v;

	if (root->kind != Y_MAP) {
		lint(c, root, NULL, "a form must be a mapping of keys (form:, version:, "
		     "title:, sections:), not a %s", fk_kind_name(root));
		return;
	}
	fk_check_keys(c, root, NULL, "", top_keys, NELEM(top_keys), NULL, 0, NULL);
	if (!(v = ymap_get(root, "form", NULL)))
		lint(c, root, NULL, "missing key 'form' (the form's id, e.g. form: eadr)");
	else if (fk_want_scalar(c, v, NULL, "form", "an id") == 0 &&
		 fk_check_id(c, v, NULL, "form id", 1) == 0)
		f->id = xstrdup(v->s);
	parse_version(c, root);
	f->title = fk_get_text(c, root, "title", NULL, 1);
	f->intro = fk_get_text(c, root, "intro", NULL, 0);
	/* lists first, wherever they are written: questions refer to them */
	if ((v = ymap_get(root, "lists", NULL)))
		fk_parse_lists(c, v);
	if ((v = ymap_get(root, "sections", NULL)))
		parse_sections(c, v);
	else
		lint(c, root, NULL, "missing key 'sections'");
}
