/*
 * expr.h - the small expression language of forms (`when:` and a
 * constraint's `rule:`): a recursive-descent parser that reports the byte
 * offset of the first problem, and an evaluator that reads answers through
 * callbacks.  Nothing is ever handed to a shell or an eval.
 *
 * Grammar (schema/forms.md explains it for form authors):
 *   expr    := and ( "or" and )*
 *   and     := not ( "and" not )*
 *   not     := "not" not | cmp
 *   cmp     := primary [ ( "==" | "!=" | "<" | "<=" | ">" | ">=" ) primary ]
 *   primary := STRING | NUMBER | "true" | "false" | "." | "(" expr ")"
 *            | NAME "(" [ expr ( "," expr )* ] ")" | REF
 *   REF     := NAME ( "." NAME )*        NAME := [A-Za-z_][A-Za-z0-9_]*
 * Functions: answered(r) unanswered(r) count(r) len(r) has(r, 'v') today()
 */
#ifndef EADR_EXPR_H
#define EADR_EXPR_H

#include <stddef.h>

#include "err.h"

struct expr;	/* a parsed expression (opaque) */

/*
 * A question reference inside an expression.  The form loader resolves each
 * one (expr_refs) and records how it is to be read; the evaluator then uses
 * `relative` to build the answer path.
 */
struct expr_ref {
	const char *name;	/* as written: "talent.performance", "measure"; "." for self */
	size_t pos;		/* byte offset in the source */
	int self;		/* the reference is "." (the question's own answer) */
	int func;		/* EXPR_F_* of the function it is the argument of, or 0 */
	int relative;		/* set by the resolver: name is inside the current list item */
	int list;		/* set by the resolver: name is a list (answered/count count items) */
	const void *target;	/* set by the resolver: what it names (a form_question) */
};

enum {
	EXPR_F_ANSWERED = 1, EXPR_F_UNANSWERED, EXPR_F_COUNT, EXPR_F_LEN,
	EXPR_F_HAS, EXPR_F_TODAY
};

/*
 * Parse src.  Returns the expression, or NULL with err set to a message
 * (without position) and *errpos (may be NULL) to the byte offset of the
 * problem in src.  Free with expr_free.
 */
struct expr *expr_parse(const char *src, size_t *errpos, struct err *err);
void expr_free(struct expr *e);		/* NULL is a no-op */

/* The source text the expression was parsed from.  Borrowed. */
const char *expr_source(const struct expr *e);

/*
 * Call fn for every reference in e, in source order.  fn may set the
 * resolver fields (relative, target); a non-zero return stops the walk and
 * is returned.
 */
int expr_refs(struct expr *e, int (*fn)(struct expr_ref *ref, void *arg),
	      void *arg);

/*
 * Where an evaluation reads answers.  Paths are answer paths as the store
 * keys them: "talent.performance", "pdp.goals[2].need".
 *   get:    the answer at path, or NULL when unanswered.  The string need
 *           only stay valid until the next call of get (it is copied).
 *   count:  the number of items in the list at path ("performance.objectives");
 *           NULL counts every list as empty.
 *   self:   the answer path "." stands for (constraints); may be NULL.
 *   prefix: the current list item ("performance.objectives[1]"): references
 *           resolved as relative are read as prefix + "." + name; may be NULL.
 *   today:  YYYY-MM-DD for today(); NULL uses date_today().
 */
struct expr_env {
	const char *(*get)(const char *path, void *arg);
	long (*count)(const char *path, void *arg);
	void *arg;
	const char *self;
	const char *prefix;
	const char *today;
};

/*
 * Evaluate e: 1 when it holds, 0 when not.  Never fails: an unanswered
 * question is "null", and a comparison of null with anything but ==/!= is
 * false (see schema/forms.md for the exact rules).
 */
int expr_eval(const struct expr *e, const struct expr_env *env);

#endif
