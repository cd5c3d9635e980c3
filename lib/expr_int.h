/*
 * expr_int.h - the parsed form of an expression, shared by the parser
 * (expr.c) and the evaluator (expr_eval.c) only.
 */
#ifndef EADR_EXPR_INT_H
#define EADR_EXPR_INT_H

#include "expr.h"

enum kind { N_STR, N_NUM, N_BOOL, N_REF, N_NOT, N_AND, N_OR, N_CMP, N_CALL };
enum cmp { C_EQ, C_NE, C_LT, C_LE, C_GT, C_GE };

struct node {
	enum kind kind;
	int op;			/* N_CMP: enum cmp; N_CALL: EXPR_F_* */
	size_t pos;
	char *s;		/* N_STR text, N_REF name */
	double num;		/* N_NUM; N_BOOL (0/1) */
	struct expr_ref ref;	/* N_REF */
	struct node *a, *b;	/* operands; N_CALL: arguments a, b */
	int nargs;
};

struct expr {
	char *src;
	struct node *root;
};

#endif
