/*
 * expr_eval.c - evaluating a parsed expression against the answers (see
 * expr.h for the rules: unanswered is null, numbers compare as numbers,
 * yes/no equal true/false).
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "answer.h"
#include "expr_int.h"
#include "sbuf.h"
#include "utf8.h"
#include "util.h"


enum vtype { V_NULL, V_STR, V_NUM, V_BOOL };

struct val {
	enum vtype t;
	char *s;	/* V_STR, owned */
	double n;	/* V_NUM; V_BOOL 0/1 */
};

static void val_release(struct val *v)
{
	free(v->s);
	v->s = NULL;
}

static void ref_path(const struct expr_ref *r, const struct expr_env *env, struct sbuf *out)
{
	if (r->self) {
		sbuf_adds(out, env->self ? env->self : "");
		return;
	}
	if (r->relative && env->prefix && *env->prefix)
		sbuf_addf(out, "%s.", env->prefix);
	sbuf_adds(out, r->name);
}

static struct val read_ref(const struct expr_ref *r, const struct expr_env *env)
{
	struct val v = { V_NULL, NULL, 0 };
	struct sbuf path = SBUF_INIT;
	const char *s;

	ref_path(r, env, &path);
	if (r->list) {
		v.t = V_NUM;
		v.n = env->count ? (double)env->count(path.buf, env->arg) : 0;
	} else if (env->get && path.len && (s = env->get(path.buf, env->arg)) && *s) {
		v.t = V_STR;
		v.s = xstrdup(s);
	}
	sbuf_release(&path);
	return v;
}

/* A whole decimal number, as forms write them ("12", "-3.5")? */
static int as_number(const struct val *v, double *out)
{
	const char *s = v->s;
	char *end;

	if (v->t == V_NUM) {
		*out = v->n;
		return 1;
	}
	if (v->t != V_STR)
		return 0;
	if (*s == '-' || *s == '+')
		s++;
	if (!isdigit((unsigned char)*s))
		return 0;
	while (isdigit((unsigned char)*s))
		s++;
	if (*s == '.') {
		if (!isdigit((unsigned char)*++s))
			return 0;
		while (isdigit((unsigned char)*s))
			s++;
	}
	if (*s)
		return 0;
	*out = strtod(v->s, &end);
	return isfinite(*out);
}

static int truthy(const struct val *v)
{
	switch (v->t) {
	case V_BOOL: case V_NUM: return v->n != 0;
	case V_STR: return *v->s != '\0';
	default: return 0;
	}
}

/* yes/true and no/false as a truth value; -1 for any other text */
static int text_bool(const struct val *v)
{
	if (v->t == V_BOOL)
		return v->n != 0;
	if (v->t != V_STR)
		return -1;
	if (!strcmp(v->s, ANSWER_YES) || !strcmp(v->s, "true"))
		return 1;
	if (!strcmp(v->s, ANSWER_NO) || !strcmp(v->s, "false"))
		return 0;
	return -1;
}

static int compare(int op, struct val *a, struct val *b)
{
	double x, y;
	int c;

	if (a->t == V_NULL || b->t == V_NULL) {
		int eq = (a->t == V_NULL || (a->t == V_STR && !*a->s)) &&
			 (b->t == V_NULL || (b->t == V_STR && !*b->s));

		return op == C_EQ ? eq : op == C_NE ? !eq : 0;
	}
	if (a->t == V_BOOL || b->t == V_BOOL) {
		int p = text_bool(a), q = text_bool(b);
		int eq = p >= 0 && p == q;

		return op == C_EQ ? eq : op == C_NE ? !eq : 0;
	}
	if (as_number(a, &x) && as_number(b, &y))
		c = x < y ? -1 : x > y;
	else if (a->t == V_STR && b->t == V_STR)
		c = strcmp(a->s, b->s);
	else {	/* a number against a text that is not a number */
		return op == C_NE;
	}
	switch (op) {
	case C_EQ: return c == 0;
	case C_NE: return c != 0;
	case C_LT: return c < 0;
	case C_LE: return c <= 0;
	case C_GT: return c > 0;
	default: return c >= 0;
	}
}

static struct val eval(const struct node *n, const struct expr_env *env);

static struct val call(const struct node *n, const struct expr_env *env)
{
	struct val r = { V_BOOL, NULL, 0 }, a = { V_NULL, NULL, 0 };
	char today[DATE_LEN + 1];

	if (n->op == EXPR_F_TODAY) {
		if (env->today)
			r.s = xstrdup(env->today);
		else {
			date_today(today);
			r.s = xstrdup(today);
		}
		r.t = V_STR;
		return r;
	}
	a = eval(n->a, env);
	switch (n->op) {
	case EXPR_F_ANSWERED:
		r.n = a.t == V_NUM ? a.n > 0 : a.t != V_NULL;
		break;
	case EXPR_F_UNANSWERED:
		r.n = a.t == V_NUM ? a.n <= 0 : a.t == V_NULL;
		break;
	case EXPR_F_COUNT:
		r.t = V_NUM;
		r.n = a.t == V_NUM ? a.n : 0;
		break;
	case EXPR_F_LEN:
		r.t = V_NUM;
		r.n = a.t == V_STR ? (double)utf8_chars(a.s, strlen(a.s)) : 0;
		break;
	case EXPR_F_HAS:
		r.n = a.t == V_STR && answer_has(a.s, n->b->s);
		break;
	}
	val_release(&a);
	return r;
}

static struct val eval(const struct node *n, const struct expr_env *env)
{
	struct val v = { V_BOOL, NULL, 0 }, a, b;

	switch (n->kind) {
	case N_STR:
		v.t = V_STR;
		v.s = xstrdup(n->s);
		break;
	case N_NUM:
		v.t = V_NUM;
		v.n = n->num;
		break;
	case N_BOOL:
		v.n = n->num;
		break;
	case N_REF:
		return read_ref(&n->ref, env);
	case N_NOT:
		a = eval(n->a, env);
		v.n = !truthy(&a);
		val_release(&a);
		break;
	case N_AND: case N_OR:
		a = eval(n->a, env);
		v.n = truthy(&a);
		val_release(&a);
		if (v.n == (n->kind == N_AND)) {
			b = eval(n->b, env);
			v.n = truthy(&b);
			val_release(&b);
		}
		break;
	case N_CMP:
		a = eval(n->a, env);
		b = eval(n->b, env);
		v.n = compare(n->op, &a, &b);
		val_release(&a);
		val_release(&b);
		break;
	case N_CALL:
		return call(n, env);
	}
	return v;
}

int expr_eval(const struct expr *e, const struct expr_env *env)
{
	struct val v;
	int r;

	if (!e)
		return 1;
	v = eval(e->root, env);
	r = truthy(&v);
	val_release(&v);
	return r;
}
