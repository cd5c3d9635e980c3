/*
 * form.h - the form model: a YAML form definition (a .yaml file in forms/),
 * loaded, validated and ready for the TUI walk and the exports.  The format is
 * described for form authors in schema/forms.md.
 *
 * Change log (this header is coded against by the TUI and export work;
 * changes after the first version are additive and listed here):
 *   - first version.
 *   - prepare (question and section): the staff member may prepare it
 *     before the conversation (schema/forms.md, schema/voice.md).
 */
#ifndef EADR_FORM_H
#define EADR_FORM_H

#include <stddef.h>

#include "diag.h"
#include "err.h"
#include "expr.h"
#include "sbuf.h"

enum form_type {
	FORM_TEXT,	/* multi-line text */
	FORM_LINE,	/* one line of text */
	FORM_SCALE,	/* ordered labelled points (choices), one picked */
	FORM_CHOICE,	/* one of choices */
	FORM_CHOICES,	/* any of choices; the answer holds the values joined by "\n" */
	FORM_YESNO,	/* "yes" or "no" */
	FORM_DATE,	/* YYYY-MM-DD */
	FORM_NUMBER,	/* decimal number, optional min/max */
	FORM_NOTE,	/* read-only guidance text (label); no answer */
	FORM_LIST,	/* repeatable group of questions; min/max items */
	FORM_GROUP,	/* titled, non-repeating set of questions; no answer itself */
	FORM_NTYPES
};

/* "text", "line", ... for a type; "?" when out of range. */
const char *form_type_name(enum form_type t);

/* Does a question of this type hold an answer?  Every type but note,
 * list and group (a list holds items, a group its questions). */
int form_type_answerable(enum form_type t);

struct form_choice {
	char *value;	/* what is stored */
	char *label;	/* what is shown (equals value for the plain-string shorthand) */
	char *hint;	/* may be NULL */
};

/* A named choice list (lists:) or the inline list of one question. */
struct form_choicelist {
	char *name;	/* the list's name; NULL for an inline list */
	struct form_choice *items;
	size_t n;
	int line, col;
};

/* The TNA columns a PDP list maps to its own questions (tna:). */
enum form_tna {
	FORM_TNA_NEED, FORM_TNA_GOAL, FORM_TNA_TYPE, FORM_TNA_CATEGORY,
	FORM_TNA_PRIORITY, FORM_TNA_TARGET_DATE, FORM_TNA_SUPPORT,
	FORM_TNA_N
};
/* "need", "goal", "type", "category", "priority", "target_date", "support". */
extern const char *const form_tna_names[FORM_TNA_N];

struct form_section;

struct form_question {
	char *id;
	enum form_type type;
	char *label;		/* always set (for a note: its text; group/list: title) */
	char *hint;		/* may be NULL */

	int required;		/* an answer is needed (when the question is shown) */
	char *required_msg;	/* set when required: the author's or a default message */
	struct expr *constraint;/* may be NULL; "." is this answer */
	char *constraint_msg;	/* set when constraint is */
	char *default_value;	/* may be NULL; for choices: values joined by "\n" */
	struct expr *when;	/* may be NULL: always shown (if its parents are) */

	int private_set;	/* private: was written on this question */
	int private;		/* effective: own value, else inherited from the
				   enclosing group/list, else the section's */
	int prepare_set;	/* prepare: was written on this question */
	int prepare;		/* effective, inherited like private */
	int prepare_line, prepare_col;	/* of prepare:'s value, when set */
	char *prepare_label;	/* the question as the staff member is asked it
				   when preparing, or NULL: the label */
	int prepare_label_line, prepare_label_col;

	/* scale, choice, choices: borrowed from form->lists or owned inline */
	const struct form_choicelist *choices;

	/* number: bounds of the value; list: bounds of the number of items */
	int has_min, has_max;
	double min, max;

	/* list */
	char *item;		/* what one item is called ("Objective"); defaults to label */
	char *carry;		/* path of last year's list this one starts from, or NULL */
	const struct form_question *carry_from;	/* that list in this form */
	int pdp;		/* this is the form's personal development plan list */
	const struct form_question *tna[FORM_TNA_N];	/* pdp: the field per TNA column */

	/* list, group: the questions inside (for a list: one item's questions) */
	struct form_question *questions;
	size_t nquestions;

	/* where it sits */
	struct form_section *section;
	struct form_question *parent;	/* enclosing group or list, or NULL */
	const struct form_question *list;	/* the enclosing list (any depth), or NULL */
	char *path;		/* schema path for messages: "values.care.rating",
				   "pdp.goals.need" (no item index) */
	size_t seq;		/* position in document order (pre-order, from 0) */
	int line, col;		/* of the question in the YAML file (1-based) */
};

struct form_section {
	char *id, *title;
	char *intro;		/* may be NULL */
	char **guide;		/* conversation prompts */
	size_t nguide;
	int private;		/* private: true on the section */
	int prepare;		/* prepare: true on the section */
	int prepare_line, prepare_col;	/* of prepare:'s value, when written */
	struct expr *when;	/* may be NULL */
	struct form_question *questions;
	size_t nquestions;
	size_t index;		/* position among the sections */
	int line, col;
};

struct form {
	char *name;		/* the file name (or the name given to form_load_text) */
	char *id, *version, *title;
	char *intro;		/* may be NULL */
	char hash[65];		/* BLAKE2b-256 of the file's bytes, lowercase hex */
	char *source;		/* the file's bytes, NUL-terminated (kept for the store) */
	size_t source_len;
	struct form_choicelist *lists;	/* named choice lists, in file order */
	size_t nlists;
	struct form_section *sections;
	size_t nsections;
	const struct form_question *pdp;	/* the PDP list, or NULL */
	unsigned shared;	/* holders beyond the first (form_cache_get) */
};

/* ---- loading ---- */

/*
 * Load and validate a form from text (len bytes, need not be
 * NUL-terminated); name is used in messages.  Every problem found is added
 * to diag as "NAME:LINE:COL: error: PATH: message", in file order.  Returns
 * the form, or NULL when there was any error (diag then holds at least one).
 * The form owns copies of everything.
 */
struct form *form_load_text(const char *name, const char *text, size_t len,
			    struct diag *diag);

/* Read path (at most 1 MiB) and form_load_text it.  A read failure is a diag too. */
struct form *form_load_file(const char *path, struct diag *diag);

void form_free(struct form *f);		/* NULL is a no-op; a shared form
					   (form_cache_get) loses one holder */

/*
 * A small cache of parsed forms by hash, for forms parsed again and again
 * from the same bytes (each appraisal opened parses its kept form).
 * form_cache_put keeps f (the caller keeps it too); form_cache_get returns
 * the kept form with that hash, or NULL.  A form from either is shared:
 * never change it; form_free lets it go as usual.
 */
void form_cache_put(struct form *f);
struct form *form_cache_get(const char *hash);

/*
 * The newest valid version of form `id` among the *.yaml files in dirs
 * (searched in order; on equal versions the earlier folder wins; missing
 * folders and invalid files are skipped).  Versions compare piecewise,
 * numbers numerically ("2026.10" > "2026.9").  Returns 1 with *out set
 * (caller frees), 0 when none was found, -1 on error.
 */
int form_find_newest(const char *const *dirs, size_t ndirs, const char *id,
		     struct form **out, struct err *err);

/* One valid form found by form_catalog. */
struct form_entry {
	char *id, *version, *title, *path;
};
/*
 * Every form id found in dirs, the newest version of each (as
 * form_find_newest), sorted by id.  Caller frees with form_catalog_free.
 */
int form_catalog(const char *const *dirs, size_t ndirs,
		 struct form_entry **out, size_t *nout, struct err *err);
void form_catalog_free(struct form_entry *e, size_t n);

/* Compare two version strings: <0, 0, >0 (as form_find_newest orders them). */
int form_version_cmp(const char *a, const char *b);

/* ---- finding questions and answer paths ---- */

/*
 * The question an answer path names: "talent.performance",
 * "values.care.rating", "pdp.goals[3].need" (item indexes are accepted and
 * ignored) or the schema path "pdp.goals.need".  NULL when there is none.
 */
const struct form_question *form_find(const struct form *f, const char *path);

/*
 * Is the answer at path private (never to leave the laptop)?  1 private,
 * 0 not, -1 when the path names no question of this form: any non-zero
 * result must be treated as private.
 */
int form_path_private(const struct form *f, const char *path);

/*
 * Append q's answer path to out: idx[k] is the item index of the k-th
 * enclosing list, outermost first (nidx must be at least the number of
 * enclosing lists; forms allow at most one).
 * E.g. pdp.goals.need with idx {2} -> "pdp.goals[2].need".
 */
void form_answer_path(const struct form_question *q, const size_t *idx,
		      size_t nidx, struct sbuf *out);

/* The label of value among q's choices, or NULL (not a choice question, or no such value). */
const char *form_choice_label(const struct form_question *q, const char *value);

/* Calls fn for every question of f in document order (pre-order: a list or
 * group before its questions); fn returning non-zero stops the walk and is
 * returned. */
int form_each_question(const struct form *f,
		       int (*fn)(const struct form_question *q, void *arg),
		       void *arg);

/*
 * Does section s hold any private answer?  Then it is a confidential
 * conversation (the wellbeing conversation): nothing in it is prepared.
 */
int form_section_confidential(const struct form_section *s);

/* ---- answers ---- */

/*
 * Should q be shown?  Evaluates the section's `when`, then those of every
 * enclosing group/list, then q's own.  path is q's answer path (with item
 * indexes); env->self and env->prefix are ignored and derived from it.
 * 1 shown, 0 hidden.
 */
int form_visible(const struct form_question *q, const char *path,
		 const struct expr_env *env);

/*
 * Check value (NULL or "" when unanswered) as q's answer at path: required,
 * the type's own rule (a real date, a number within min/max, one of the
 * choices, one line), then the constraint.  Returns 0 when acceptable, or 1
 * with the message for the person appended to msg.  Does not evaluate `when`
 * (the caller checks only visible questions).  Lists: use form_list_check.
 */
int form_answer_check(const struct form_question *q, const char *path,
		      const char *value, const struct expr_env *env,
		      struct sbuf *msg);

/* Check the number of items of list q against its min/max: 0, or 1 and msg. */
int form_list_check(const struct form_question *q, long nitems, struct sbuf *msg);

#endif
