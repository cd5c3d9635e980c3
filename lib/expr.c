/*
 * expr.c - the parser of the form expression language (see expr.h): a
 * plain recursive descent with a nesting limit, so that no input can
 * exhaust the stack.  The evaluator is in expr_eval.c.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "expr_int.h"
#include "sbuf.h"

#define MAX_DEPTH 64

struct parser {
	const char *s;
	size_t p;
	int depth;
	int failed;
	size_t errpos;
	struct err *err;
};

static const struct { const char *name; int id, nargs; } funcs[] = {
	{ "answered", EXPR_F_ANSWERED, 1 },
	{ "unanswered", EXPR_F_UNANSWERED, 1 },
	{ "count", EXPR_F_COUNT, 1 },
	{ "len", EXPR_F_LEN, 1 },
	{ "has", EXPR_F_HAS, 2 },
	{ "today", EXPR_F_TODAY, 0 },
};

static void node_free(struct node *n)
{
	if (!n)
		return;
	node_free(n->a);
	node_free(n->b);
	free(n->s);
	free(n);
}

static struct node *node_new(enum kind k, size_t pos)
{
	struct node *n = xcalloc(1, sizeof(*n));

	n->kind = k;
	n->pos = pos;
	return n;
}

/* Record the first problem only: later ones are consequences. */
static struct node *fail(struct parser *ps, size_t pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static struct node *fail(struct parser *ps, size_t pos, const char *fmt, ...)
{
	va_list ap;

	if (!ps->failed) {
		ps->failed = 1;
		ps->errpos = pos;
		va_start(ap, fmt);
		err_vset(ps->err, fmt, ap);
		va_end(ap);
	}
	return NULL;
}

static void skip_space(struct parser *ps)
{
	while (ps->s[ps->p] == ' ' || ps->s[ps->p] == '\t' ||
	       ps->s[ps->p] == '\n' || ps->s[ps->p] == '\r')
		ps->p++;
}

static int name_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int name_char(int c)
{
	return name_start(c) || (c >= '0' && c <= '9');
}

/* Is the word w (of length n) at the current position, not followed by a name char? */
static int at_word(struct parser *ps, const char *w)
{
	size_t n = strlen(w);

	return !strncmp(ps->s + ps->p, w, n) && !name_char((unsigned char)ps->s[ps->p + n]);
}

static struct node *parse_or(struct parser *ps);

static struct node *parse_string(struct parser *ps)
{
	char q = ps->s[ps->p];
	size_t start = ps->p++;
	struct sbuf sb = SBUF_INIT;
	struct node *n;

	for (;;) {
		char c = ps->s[ps->p];

		if (!c) {
			sbuf_release(&sb);
			return fail(ps, start, "the text started here is not closed "
				    "(a %c is missing)", q);
		}
		ps->p++;
		if (c == q)
			break;
		if (c == '\\' && (ps->s[ps->p] == q || ps->s[ps->p] == '\\'))
			c = ps->s[ps->p++];
		sbuf_addch(&sb, c);
	}
	n = node_new(N_STR, start);
	n->s = sbuf_detach(&sb);
	return n;
}

static struct node *parse_number(struct parser *ps)
{
	size_t start = ps->p;
	struct node *n;
	char *end;

	if (ps->s[ps->p] == '-')
		ps->p++;
	while (isdigit((unsigned char)ps->s[ps->p]))
		ps->p++;
	if (ps->s[ps->p] == '.' && isdigit((unsigned char)ps->s[ps->p + 1])) {
		ps->p++;
		while (isdigit((unsigned char)ps->s[ps->p]))
			ps->p++;
	}
	if (name_char((unsigned char)ps->s[ps->p]))
		return fail(ps, start, "a number must not run into letters");
	n = node_new(N_NUM, start);
	n->num = strtod(ps->s + start, &end);
	return n;
}

static int func_id(const char *name, size_t len, int *nargs)
{
	for (size_t i = 0; i < sizeof(funcs) / sizeof(funcs[0]); i++)
		if (strlen(funcs[i].name) == len && !strncmp(funcs[i].name, name, len)) {
			*nargs = funcs[i].nargs;
			return funcs[i].id;
		}
	return 0;
}

/* A reference argument: a question path or ".". */
static int is_ref(const struct node *n)
{
	return n && n->kind == N_REF;
}

static struct node *check_call(struct parser *ps, struct node *n, const char *name)
{
	struct node *a = n->a;

	switch (n->op) {
	case EXPR_F_ANSWERED: case EXPR_F_UNANSWERED: case EXPR_F_HAS:
		if (!is_ref(a))
			return fail(ps, a->pos, "%s() takes a question path or '.'", name);
		if (n->op == EXPR_F_HAS && n->b->kind != N_STR)
			return fail(ps, n->b->pos, "has() takes a text in quotes as its second argument");
		break;
	case EXPR_F_COUNT:
		if (!is_ref(a) || a->ref.self)
			return fail(ps, a->pos, "count() takes the path of a list");
		break;
	case EXPR_F_LEN:
		if (!is_ref(a) && a->kind != N_STR)
			return fail(ps, a->pos, "len() takes a question path, '.' or a text");
		break;
	}
	if (is_ref(a))
		a->ref.func = n->op;
	return n;
}

static struct node *parse_call(struct parser *ps, size_t start, size_t len)
{
	char *name = xstrndup(ps->s + start, len);
	int want = 0, id = func_id(name, len, &want);
	struct node *n = NULL, *arg;
	int got = 0;

	if (!id) {
		fail(ps, start, "unknown function '%s' (there are answered, unanswered, "
		     "count, len, has, today)", name);
		goto out;
	}
	n = node_new(N_CALL, start);
	n->op = id;
	ps->p++;	/* ( */
	skip_space(ps);
	while (ps->s[ps->p] != ')') {
		if (got && ps->s[ps->p] != ',') {
			fail(ps, ps->p, "expected ',' or ')' in the call of %s()", name);
			goto bad;
		}
		if (got)
			ps->p++;
		if (!(arg = parse_or(ps)))
			goto bad;
		if (got < 2)
			*(got ? &n->b : &n->a) = arg;
		else
			node_free(arg);
		got++;
		skip_space(ps);
		if (!ps->s[ps->p]) {
			fail(ps, start, "the call of %s() is not closed (a ')' is missing)", name);
			goto bad;
		}
	}
	ps->p++;
	n->nargs = got;
	if (got != want) {
		fail(ps, start, "%s() takes %d argument%s, not %d", name, want,
		     want == 1 ? "" : "s", got);
		goto bad;
	}
	if (!check_call(ps, n, name))
		goto bad;
	goto out;
bad:
	node_free(n);
	n = NULL;
out:
	free(name);
	return n;
}

static struct node *parse_name(struct parser *ps)
{
	size_t start = ps->p, len, after;
	struct node *n;

	if (at_word(ps, "true") || at_word(ps, "false")) {
		n = node_new(N_BOOL, start);
		n->num = ps->s[ps->p] == 't';
		ps->p += n->num ? 4 : 5;
		return n;
	}
	if (at_word(ps, "and") || at_word(ps, "or"))
		return fail(ps, start, "expected a value before '%s'",
			    at_word(ps, "and") ? "and" : "or");
	if (at_word(ps, "not"))
		return fail(ps, start, "'not' goes in front of a whole comparison: "
			    "not (a == b)");
	while (name_char((unsigned char)ps->s[ps->p]))
		ps->p++;
	len = ps->p - start;
	after = ps->p;
	skip_space(ps);
	if (ps->s[ps->p] == '(')
		return parse_call(ps, start, len);
	ps->p = after;
	while (ps->s[ps->p] == '.' && name_start((unsigned char)ps->s[ps->p + 1])) {
		ps->p++;
		while (name_char((unsigned char)ps->s[ps->p]))
			ps->p++;
	}
	if (ps->s[ps->p] == '.' || ps->s[ps->p] == '[')
		return fail(ps, ps->p, "a question path is ids joined by '.', like section.question");
	n = node_new(N_REF, start);
	n->s = xstrndup(ps->s + start, ps->p - start);
	n->ref.name = n->s;
	n->ref.pos = start;
	return n;
}

static struct node *parse_primary(struct parser *ps)
{
	char c;

	skip_space(ps);
	c = ps->s[ps->p];
	if (c == '\'' || c == '"')
		return parse_string(ps);
	if (isdigit((unsigned char)c) || (c == '-' && isdigit((unsigned char)ps->s[ps->p + 1])))
		return parse_number(ps);
	if (c == '(') {
		size_t start = ps->p++;
		struct node *n = parse_or(ps);

		if (!n)
			return NULL;
		skip_space(ps);
		if (ps->s[ps->p] != ')') {
			node_free(n);
			return fail(ps, start, "'(' is not closed (a ')' is missing)");
		}
		ps->p++;
		return n;
	}
	if (c == '.' && !name_char((unsigned char)ps->s[ps->p + 1])) {
		struct node *n = node_new(N_REF, ps->p);

		n->s = xstrdup(".");
		n->ref.name = n->s;
		n->ref.pos = ps->p++;
		n->ref.self = 1;
		return n;
	}
	if (name_start((unsigned char)c))
		return parse_name(ps);
	if (!c)
		return fail(ps, ps->p, "the expression ends where a value was expected");
	return fail(ps, ps->p, "expected a value (a question path, 'text', a number, "
		    "true, false or a function) here");
}

static int cmp_op(struct parser *ps, int *op)
{
	const char *s = ps->s + ps->p;

	if (s[0] == '=' && s[1] == '=') *op = C_EQ, ps->p += 2;
	else if (s[0] == '!' && s[1] == '=') *op = C_NE, ps->p += 2;
	else if (s[0] == '<' && s[1] == '=') *op = C_LE, ps->p += 2;
	else if (s[0] == '>' && s[1] == '=') *op = C_GE, ps->p += 2;
	else if (s[0] == '<') *op = C_LT, ps->p += 1;
	else if (s[0] == '>') *op = C_GT, ps->p += 1;
	else return 0;
	return 1;
}

static struct node *parse_cmp(struct parser *ps)
{
	struct node *l = parse_primary(ps), *n;
	int op;

	if (!l)
		return NULL;
	skip_space(ps);
	if (!cmp_op(ps, &op)) {
		if (ps->s[ps->p] == '=') {
			node_free(l);
			return fail(ps, ps->p, "use '==' to compare, not '='");
		}
		return l;
	}
	n = node_new(N_CMP, ps->p);
	n->op = op;
	n->a = l;
	if (!(n->b = parse_primary(ps))) {
		node_free(n);
		return NULL;
	}
	skip_space(ps);
	if (cmp_op(ps, &op)) {
		node_free(n);
		return fail(ps, ps->p - 1, "comparisons do not chain; join them with 'and'");
	}
	return n;
}

static struct node *parse_not(struct parser *ps)
{
	struct node *n;

	skip_space(ps);
	if (++ps->depth > MAX_DEPTH) {
		return fail(ps, ps->p, "the expression is nested too deeply");
	}
	if (at_word(ps, "not")) {
		size_t start = ps->p;

		ps->p += 3;
		n = node_new(N_NOT, start);
		if (!(n->a = parse_not(ps))) {
			node_free(n);
			n = NULL;
		}
	} else {
		n = parse_cmp(ps);
	}
	ps->depth--;
	return n;
}

static struct node *parse_bin(struct parser *ps, const char *word, enum kind k,
			      struct node *(*sub)(struct parser *))
{
	struct node *l = sub(ps), *n;

	while (l) {
		skip_space(ps);
		if (!at_word(ps, word))
			break;
		n = node_new(k, ps->p);
		ps->p += strlen(word);
		n->a = l;
		if (!(n->b = sub(ps))) {
			node_free(n);
			return NULL;
		}
		l = n;
	}
	return l;
}

static struct node *parse_and(struct parser *ps)
{
	return parse_bin(ps, "and", N_AND, parse_not);
}

static struct node *parse_or(struct parser *ps)
{
	struct node *n;

	if (++ps->depth > MAX_DEPTH)
		return fail(ps, ps->p, "the expression is nested too deeply");
	n = parse_bin(ps, "or", N_OR, parse_and);
	ps->depth--;
	return n;
}

struct expr *expr_parse(const char *src, size_t *errpos, struct err *err)
{
	struct parser ps = { src, 0, 0, 0, 0, err };
	struct node *root;
	struct expr *e;

	skip_space(&ps);
	if (!src[ps.p]) {
		fail(&ps, 0, "the expression is empty");
		goto bad;
	}
	root = parse_or(&ps);
	if (root) {
		skip_space(&ps);
		if (src[ps.p]) {
			const char *s = src + ps.p;

			if (s[0] == '=')
				fail(&ps, ps.p, "use '==' to compare, not '='");
			else if (!strncmp(s, "&&", 2) || !strncmp(s, "||", 2))
				fail(&ps, ps.p, "write 'and' / 'or' instead of '&&' / '||'");
			else if (s[0] == '!')
				fail(&ps, ps.p, "write 'not' instead of '!'");
			else
				fail(&ps, ps.p, "unexpected text here (missing 'and' or 'or'?)");
			node_free(root);
			root = NULL;
		}
	}
	if (!root)
		goto bad;
	e = xmalloc(sizeof(*e));
	e->src = xstrdup(src);
	e->root = root;
	return e;
bad:
	if (errpos)
		*errpos = ps.errpos;
	return NULL;
}

void expr_free(struct expr *e)
{
	if (!e)
		return;
	node_free(e->root);
	free(e->src);
	free(e);
}

const char *expr_source(const struct expr *e)
{
	return e->src;
}

static int refs_walk(struct node *n, int (*fn)(struct expr_ref *, void *), void *arg)
{
	int rc;

	if (!n)
		return 0;
	if (n->kind == N_REF)
		return fn(&n->ref, arg);
	if ((rc = refs_walk(n->a, fn, arg)))
		return rc;
	return refs_walk(n->b, fn, arg);
}

int expr_refs(struct expr *e, int (*fn)(struct expr_ref *ref, void *arg), void *arg)
{
	return e ? refs_walk(e->root, fn, arg) : 0;
}
