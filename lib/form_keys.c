/*
 * form_keys.c - reading the keys of a form's mappings: unknown keys (with
 * "did you mean"), texts, yes/no, numbers, ids and expressions, each with
 * a positioned message when it is wrong; and the choice lists with the
 * defaults that must be one of them.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "form_int.h"
#include "util.h"

static const char *const choice_keys[] = { "value", "label", "hint" };

/* "a text question", "an yesno question" reads badly: pick the article. */
const char *fk_article(const char *word)
{
	return strchr("aeiou", word[0]) ? "an" : "a";
}

const char *fk_kind_name(const struct ynode *n)
{
	return n->kind == Y_MAP ? "mapping" : n->kind == Y_SEQ ? "list" : "text";
}

/* ---- keys and values ---- */

/*
 * Report keys of map that are not in keys[]; a key that is known in this
 * context but not for this type (others[], type_desc) gets its own message.
 */
void fk_check_keys(struct lctx *c, const struct ynode *map, const char *path,
		       const char *pre, const char *const *keys, size_t n,
		       const char *const *others, size_t nothers, const char *type_desc)
{
	for (size_t i = 0; i + 1 < map->n; i += 2) {
		const struct ynode *k = map->kids[i];
		const char *near;
		size_t j;

		if (k->bad == 2)
			lint(c, k, path, "%sthe key '%s' appears twice (first at line %d)",
			     pre, k->s, k->first_line);
		if (k->bad || k->kind != Y_SCALAR)
			continue;
		for (j = 0; j < n && strcmp(keys[j], k->s); j++)
			;
		if (j < n)
			continue;
		for (j = 0; j < nothers && strcmp(others[j], k->s); j++)
			;
		if (j < nothers) {
			lint(c, k, path, "%s'%s' does not apply to %s %s question", pre,
			     k->s, fk_article(type_desc), type_desc);
			continue;
		}
		if ((near = near_miss(k->s, keys, n)))
			lint(c, k, path, "%sunknown key '%s' (did you mean '%s'?)", pre,
			     k->s, near);
		else
			lint(c, k, path, "%sunknown key '%s'", pre, k->s);
	}
}

/* Is the scalar YAML's "nothing" (an empty plain value, ~ or null)? */
static int is_null(const struct ynode *n)
{
	return n->kind == Y_SCALAR && !n->quoted &&
	       (!*n->s || !strcmp(n->s, "~") || !strcmp(n->s, "null"));
}

int fk_want_scalar(struct lctx *c, const struct ynode *v, const char *path,
		       const char *key, const char *what)
{
	if (v->bad)
		return -1;
	if (v->kind != Y_SCALAR) {
		lint(c, v, path, "'%s' must be %s, not a %s", key, what, fk_kind_name(v));
		return -1;
	}
	return 0;
}

/*
 * The text under key in map, copied; NULL when absent or wrong (reported).
 * required: a missing or empty value is reported too.
 */
char *fk_get_text(struct lctx *c, const struct ynode *map, const char *key,
		      const char *path, int required)
{
	const struct ynode *v = ymap_get(map, key, NULL);

	if (!v) {
		if (required)
			lint(c, map, path, "missing key '%s'", key);
		return NULL;
	}
	if (fk_want_scalar(c, v, path, key, "a text") < 0)
		return NULL;
	if (is_null(v) || (required && !*v->s)) {
		if (required) {
			lint(c, v, path, "'%s' is empty", key);
			return NULL;
		}
		return xstrdup("");
	}
	return xstrdup(v->s);
}

/* A yes/no key: 1, 0, or -1 when absent or wrong (reported). */
int fk_get_bool(struct lctx *c, const struct ynode *map, const char *key,
		    const char *path)
{
	const struct ynode *v = ymap_get(map, key, NULL);
	static const char *const yes[] = { "true", "True", "TRUE", "yes", "Yes", "YES" };
	static const char *const no[] = { "false", "False", "FALSE", "no", "No", "NO" };

	if (!v || fk_want_scalar(c, v, path, key, "true or false") < 0)
		return -1;
	for (size_t i = 0; i < NELEM(yes); i++) {
		if (!strcmp(v->s, yes[i]))
			return 1;
		if (!strcmp(v->s, no[i]))
			return 0;
	}
	lint(c, v, path, "'%s' must be true or false, not '%s'", key, v->s);
	return -1;
}

/* A decimal number as forms write them: 12, -3, 7.5 (no exponents, no inf). */
int fk_parse_number(const char *s, double *out)
{
	const char *p = s;

	if (*p == '-' || *p == '+')
		p++;
	if (*p < '0' || *p > '9')
		return -1;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return -1;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p)
		return -1;
	*out = strtod(s, NULL);
	return isfinite(*out) ? 0 : -1;
}

static const char *const reserved[] = { "and", "or", "not", "true", "false" };

/* Is s an identifier: [a-z][a-z0-9_]* (dash too for form ids)? */
static int id_chars(const char *s, int dash)
{
	if (*s < 'a' || *s > 'z')
		return 0;
	for (s++; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' ||
		      (dash && *s == '-')))
			return 0;
	return 1;
}

static int is_reserved(const char *s)
{
	for (size_t i = 0; i < NELEM(reserved); i++)
		if (!strcmp(s, reserved[i]))
			return 1;
	return 0;
}

/* An identifier that is not a word of the expression language. */
int fk_check_id(struct lctx *c, const struct ynode *v, const char *path,
		    const char *key, int dash)
{
	if (!id_chars(v->s, dash)) {
		lint(c, v, path, "%s '%s' must start with a lowercase letter and use only "
		     "a-z, 0-9%s and _", key, v->s, dash ? ", -" : "");
		return -1;
	}
	if (is_reserved(v->s)) {
		lint(c, v, path, "'%s' cannot be %s %s: it is a word of the "
		     "expression language", v->s, fk_article(key), key);
		return -1;
	}
	return 0;
}

/* Will get_id accept the id of map? (no problem is reported) */
int fk_id_ok(const struct ynode *map)
{
	const struct ynode *v = ymap_get(map, "id", NULL);

	return v && !v->bad && v->kind == Y_SCALAR && id_chars(v->s, 0) && !is_reserved(v->s);
}

/*
 * The id under "id" (checked), copied; NULL when absent or bad (reported
 * under path, the place's name when it has no id).
 */
char *fk_get_id(struct lctx *c, const struct ynode *map, const char *path)
{
	const struct ynode *v = ymap_get(map, "id", NULL);

	if (!v) {
		lint(c, map, path, "missing key 'id'");
		return NULL;
	}
	if (fk_want_scalar(c, v, path, "id", "a word") < 0)
		return NULL;
	if (fk_check_id(c, v, path, "id", 0) < 0)
		return NULL;
	return xstrdup(v->s);
}

struct pending *fk_pend(struct lctx *c)
{
	if (c->npend == c->apend) {
		c->apend = c->apend ? c->apend * 2 : 16;
		c->pend = xrealloc(c->pend, c->apend * sizeof(*c->pend));
	}
	memset(&c->pend[c->npend], 0, sizeof(*c->pend));
	return &c->pend[c->npend++];
}

/* Parse the expression in scalar v (reported with its position if bad). */
struct expr *fk_get_expr(struct lctx *c, const struct ynode *v, const char *path,
			     const char *key)
{
	struct err err = ERR_INIT;
	struct expr *e;
	size_t pos = 0;
	int line, col;

	if (fk_want_scalar(c, v, path, key, "an expression in quotes") < 0)
		return NULL;
	if (!(e = expr_parse(v->s, &pos, &err))) {
		ypos(v, pos, &line, &col);
		lint_at(c, line, col, path, "%s: %s", key, err_msg(&err));
	}
	err_release(&err);
	return e;
}

/* ---- choice lists ---- */

static void parse_choices(struct lctx *c, const struct ynode *seq, const char *path,
			  struct form_choicelist *out)
{
	out->line = seq->line;
	out->col = seq->col;
	if (seq->bad)
		return;
	if (seq->kind != Y_SEQ) {
		lint(c, seq, path, "a choice list must be a list of choices "
		     "(each line starting with '- '), not a %s", fk_kind_name(seq));
		return;
	}
	if (!seq->n) {
		lint(c, seq, path, "the choice list is empty");
		return;
	}
	out->items = xcalloc(seq->n, sizeof(*out->items));
	for (size_t i = 0; i < seq->n; i++) {
		const struct ynode *it = seq->kids[i], *v = it;
		struct form_choice ch = { NULL, NULL, NULL };

		if (it->bad)
			continue;
		if (it->kind == Y_MAP) {
			fk_check_keys(c, it, path, "", choice_keys, NELEM(choice_keys), NULL, 0, NULL);
			if (!(v = ymap_get(it, "value", NULL))) {
				lint(c, it, path, "a choice needs a 'value'");
				continue;
			}
			if (fk_want_scalar(c, v, path, "value", "a text") < 0)
				continue;
			ch.label = fk_get_text(c, it, "label", path, 0);
			ch.hint = fk_get_text(c, it, "hint", path, 0);
		} else if (it->kind != Y_SCALAR) {
			lint(c, it, path, "a choice must be a text or a mapping "
			     "with value: and label:, not a list");
			continue;
		}
		if (!*v->s) {
			lint(c, v, path, "a choice's value is empty");
			goto drop;
		}
		if (strchr(v->s, '\n')) {
			lint(c, v, path, "a choice's value must be one line");
			goto drop;
		}
		for (size_t j = 0; j < out->n; j++)
			if (!strcmp(out->items[j].value, v->s)) {
				lint(c, v, path, "the value '%s' appears twice in this list", v->s);
				goto drop;
			}
		ch.value = xstrdup(v->s);
		if (!ch.label || !*ch.label) {
			free(ch.label);
			ch.label = xstrdup(v->s);
		}
		out->items[out->n++] = ch;
		continue;
drop:
		free(ch.label);
		free(ch.hint);
	}
}

void fk_parse_lists(struct lctx *c, const struct ynode *map)
{
	struct form *f = c->f;

	if (map->bad)
		return;
	if (map->kind != Y_MAP) {
		lint(c, map, NULL, "'lists' must be a mapping of list names to "
		     "choices, not a %s", fk_kind_name(map));
		return;
	}
	f->lists = xcalloc(map->n / 2 + 1, sizeof(*f->lists));
	for (size_t i = 0; i + 1 < map->n; i += 2) {
		const struct ynode *k = map->kids[i];
		struct form_choicelist *l;
		struct sbuf path = SBUF_INIT;

		if (k->bad == 2)
			lint(c, k, "lists", "the list '%s' is defined twice (first at "
			     "line %d)", k->s, k->first_line);
		if (k->bad || fk_check_id(c, k, "lists", "list name", 0) < 0)
			continue;
		l = &f->lists[f->nlists++];
		l->name = xstrdup(k->s);
		sbuf_addf(&path, "lists.%s", k->s);
		parse_choices(c, map->kids[i + 1], path.buf, l);
		l->line = k->line;
		l->col = k->col;
		sbuf_release(&path);
	}
}

/* The choices of q: a list name or an inline list. */
void fk_question_choices(struct lctx *c, struct form_question *q,
			     const struct ynode *map)
{
	const struct ynode *v = ymap_get(map, "choices", NULL);
	struct form_choicelist *own;
	const char *names[64];
	size_t n = 0;
	size_t need = q->type == FORM_CHOICES ? 1 : 2;

	if (!v) {
		lint(c, map, q->path, "missing key 'choices' (a list name from "
		     "'lists:' or the choices themselves)");
		return;
	}
	if (v->bad)
		return;
	if (v->kind == Y_SCALAR) {
		for (size_t i = 0; i < c->f->nlists; i++) {
			if (!strcmp(c->f->lists[i].name, v->s)) {
				q->choices = &c->f->lists[i];
				break;
			}
			if (n < NELEM(names))
				names[n++] = c->f->lists[i].name;
		}
		if (!q->choices) {
			const char *near = near_miss(v->s, names, n);

			if (near)
				lint(c, v, q->path, "the choice list '%s' is not defined "
				     "(did you mean '%s'?)", v->s, near);
			else
				lint(c, v, q->path, "the choice list '%s' is not defined "
				     "under 'lists:'", v->s);
			return;
		}
	} else {
		struct sbuf path = SBUF_INIT;

		own = xcalloc(1, sizeof(*own));
		sbuf_addf(&path, "%s.choices", q->path);
		parse_choices(c, v, path.buf, own);
		sbuf_release(&path);
		q->choices = own;
		if (!own->items)
			return;
	}
	if (q->choices->n && q->choices->n < need)
		lint(c, v, q->path, "%s %s needs at least two %s; this one has %zu",
		     fk_article(form_type_name(q->type)), form_type_name(q->type),
		     q->type == FORM_SCALE ? "points" : "choices", q->choices->n);
}

static int has_choice(const struct form_question *q, const char *value)
{
	for (size_t i = 0; q->choices && i < q->choices->n; i++)
		if (!strcmp(q->choices->items[i].value, value))
			return 1;
	return 0;
}

/* default: must be a possible answer of the question. */
void fk_question_default(struct lctx *c, struct form_question *q,
			     const struct ynode *v)
{
	struct sbuf all = SBUF_INIT;
	double d;

	if (v->bad)
		return;
	if (q->type == FORM_CHOICES && v->kind == Y_SEQ) {
		for (size_t i = 0; i < v->n; i++) {
			const struct ynode *it = v->kids[i];

			if (fk_want_scalar(c, it, q->path, "default", "a choice's value") < 0)
				continue;
			if (q->choices && !has_choice(q, it->s))
				lint(c, it, q->path, "default: '%s' is not one of the choices", it->s);
			if (all.len)
				sbuf_addch(&all, '\n');
			sbuf_adds(&all, it->s);
		}
		q->default_value = sbuf_detach(&all);
		return;
	}
	if (fk_want_scalar(c, v, q->path, "default", "a text") < 0)
		return;
	if (!*v->s)
		goto keep;
	switch (q->type) {
	case FORM_SCALE: case FORM_CHOICE: case FORM_CHOICES:
		if (q->choices && !has_choice(q, v->s))
			lint(c, v, q->path, "default: '%s' is not one of the choices", v->s);
		break;
	case FORM_YESNO:
		if (strcmp(v->s, "yes") && strcmp(v->s, "no"))
			lint(c, v, q->path, "default: a yesno question's answer is "
			     "'yes' or 'no', not '%s'", v->s);
		break;
	case FORM_DATE:
		if (!date_valid(v->s))
			lint(c, v, q->path, "default: '%s' is not a date written "
			     "YYYY-MM-DD", v->s);
		break;
	case FORM_NUMBER:
		if (fk_parse_number(v->s, &d) < 0)
			lint(c, v, q->path, "default: '%s' is not a number", v->s);
		break;
	case FORM_LINE:
		if (strchr(v->s, '\n'))
			lint(c, v, q->path, "default: a line question's answer is one line");
		break;
	default:
		break;
	}
keep:
	q->default_value = xstrdup(v->s);
}

/* Where the value of key sits in map (line and column, 1-based; 0 when absent). */
void fk_key_pos(const struct ynode *map, const char *key, int *line, int *col)
{
	const struct ynode *v = ymap_get(map, key, NULL);

	*line = v ? v->line : 0;
	*col = v ? v->col : 0;
}
