/*
 * form_int.h - what the form engine's files share and nobody else sees:
 * the small YAML tree the loader builds from libyaml's events (with the
 * position of every node), and the loader's problem list.
 */
#ifndef EADR_FORM_INT_H
#define EADR_FORM_INT_H

#include <stddef.h>

#include "diag.h"
#include "form.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The types whose questions hold an answer (form_type_answerable), as a
 * bit set for the loader's table of which keys apply to which types. */
#define FORM_ANSWERABLE_TYPES (1u << FORM_TEXT | 1u << FORM_LINE | 1u << FORM_SCALE | \
			       1u << FORM_CHOICE | 1u << FORM_CHOICES | 1u << FORM_YESNO | \
			       1u << FORM_DATE | 1u << FORM_NUMBER)

#define FORM_MAX_BYTES (1024 * 1024)	/* larger files are refused */
#define FORM_MAX_DEPTH 32		/* YAML nesting the loader accepts */
#define FORM_MAX_PROBLEMS 100		/* then "too many problems" and stop */

enum ykind { Y_SCALAR, Y_SEQ, Y_MAP };

struct ynode {
	enum ykind kind;
	int line, col;		/* 1-based start */
	int end_line, end_col;	/* 1-based end (scalars: just past the text) */
	int quoted;		/* scalar: 0 plain, 1 quoted ('' or ""), 2 block (| or >) */
	int bad;		/* 1: already reported (an alias): skip silently;
				   2: a repeated key (first_line: the first) */
	int first_line;
	char *s;		/* scalar text, NUL-terminated */
	size_t len;
	struct ynode **kids;	/* seq: items; map: key, value, key, value... */
	size_t n, alloc;
};

/* A check that needs the whole form: an expression's references, a carry. */
struct pending {
	enum { P_WHEN, P_CONSTRAINT, P_SECTION_WHEN, P_CARRY } kind;
	struct expr *e;			/* P_*WHEN, P_CONSTRAINT */
	const struct ynode *node;	/* the scalar it was written in */
	struct form_question *q;	/* NULL for P_SECTION_WHEN */
	struct form_section *s;
};

/* Where the tree's nodes and texts live: freed all at once. */
struct arena {
	struct arena *next;
	size_t used, size;
	max_align_t data[];
};

/* The loader's state while one file is read. */
struct lctx {
	struct arena *arena;	/* the YAML tree */
	size_t arena_hint;	/* size of its first chunk */
	const char *name;
	struct diag d;		/* problems, sorted into file order at the end */
	size_t nproblems;
	struct form *f;
	size_t seq;		/* next question's document-order number */
	struct pending *pend;
	size_t npend, apend;
};

/* Add "PATH: message" (just the message when path is NULL or "") at node at. */
void lint(struct lctx *c, const struct ynode *at, const char *path,
	  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void lint_at(struct lctx *c, int line, int col, const char *path,
	     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/*
 * Parse text into a tree (form_yaml.c).  Reports not-UTF-8, YAML syntax,
 * anchors/aliases, nesting, several documents; returns NULL when there is
 * nothing usable (the reason reported).  The tree lives in c->arena until
 * arena_free(c).
 */
struct ynode *ytree_parse(struct lctx *c, const char *text, size_t len);
void arena_free(struct lctx *c);
/* The value of key in map n, or NULL; *keynode (may be NULL) gets the key node. */
struct ynode *ymap_get(const struct ynode *n, const char *key, const struct ynode **keynode);

/* Edit distance (a swap of two letters counts as one), capped at 9. */
int edit_distance(const char *a, const char *b);
/* The closest of cands to word when it is a near miss, else NULL. */
const char *near_miss(const char *word, const char *const *cands, size_t n);

/*
 * Reading keys (form_keys.c).  Each reports what is wrong under path (the
 * question or section's path; NULL at the top) and returns NULL / -1 then.
 */
const char *fk_article(const char *word);		/* "a" or "an" */
const char *fk_kind_name(const struct ynode *n);	/* "text", "list", "mapping" */
/* Unknown keys of map (pre prefixes each message; a key of others[] is
 * "does not apply to a TYPE question"). */
void fk_check_keys(struct lctx *c, const struct ynode *map, const char *path,
		   const char *pre, const char *const *keys, size_t n,
		   const char *const *others, size_t nothers, const char *type);
int fk_want_scalar(struct lctx *c, const struct ynode *v, const char *path,
		   const char *key, const char *what);
/* A copy of the text under key (required: missing or empty is a problem). */
char *fk_get_text(struct lctx *c, const struct ynode *map, const char *key,
		  const char *path, int required);
void fk_key_pos(const struct ynode *map, const char *key, int *line, int *col);
int fk_get_bool(struct lctx *c, const struct ynode *map, const char *key,
		const char *path);			/* 1, 0, -1 absent or bad */
int fk_parse_number(const char *s, double *out);	/* 0 or -1, nothing reported */
int fk_check_id(struct lctx *c, const struct ynode *v, const char *path,
		const char *key, int dash);
int fk_id_ok(const struct ynode *map);		/* would fk_get_id accept it? */
char *fk_get_id(struct lctx *c, const struct ynode *map, const char *path);
struct pending *fk_pend(struct lctx *c);		/* a new, zeroed pending check */
struct expr *fk_get_expr(struct lctx *c, const struct ynode *v, const char *path,
			 const char *key);
void fk_parse_lists(struct lctx *c, const struct ynode *map);
void fk_question_choices(struct lctx *c, struct form_question *q,
			 const struct ynode *map);
void fk_question_default(struct lctx *c, struct form_question *q,
			 const struct ynode *v);

/* Build c->f from the tree, reporting every problem (form_build.c). */
void form_build(struct lctx *c, const struct ynode *root);

/* Run the pending checks once the whole model is built (form_check.c). */
void form_check_pending(struct lctx *c);

/* The 1-based position of byte offset off inside scalar n (expressions). */
void ypos(const struct ynode *n, size_t off, int *line, int *col);

#endif
