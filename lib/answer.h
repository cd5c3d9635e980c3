/*
 * answer.h - how an answer value is written for each question type: the
 * options of a choice-like question (scale, choice, choices, yes/no), the
 * "values joined by newlines" of a choices answer, ticking one option on
 * or off, and the labels a person reads.  The screens, plain mode, the
 * checks, the expressions and the exports all read values through here.
 */
#ifndef EADR_ANSWER_H
#define EADR_ANSWER_H

#include <stddef.h>

#include "form.h"
#include "sbuf.h"

/* The stored values of a yes/no answer. */
#define ANSWER_YES "yes"
#define ANSWER_NO "no"

/* The number of options q offers: its choices, 2 for yes/no, 0 for others. */
size_t answer_noptions(const struct form_question *q);
/* Option i's stored value and the label shown for it (i < answer_noptions). */
const char *answer_option_value(const struct form_question *q, size_t i);
const char *answer_option_label(const struct form_question *q, size_t i);

/*
 * The option a person's word names: an option's value or label, exactly.
 * Its index, or -1.  (Numbers and shorthands are the front end's business.)
 */
long answer_option_find(const struct form_question *q, const char *word);

/*
 * The next value of a choices answer ("a\nb\nc"): *p starts at the value
 * (NULL holds none; otherwise each newline ends one value, so "a\n" holds
 * "a" and ""); each call returns the start of one value, not terminated,
 * with its length in *len, or NULL when there are no more.  Other types'
 * answers are one value: use them whole.
 */
const char *answer_next(const char **p, size_t *len);

/* Does the choices answer value hold one (a whole line of it)? */
int answer_has(const char *value, const char *one);

/* Is option i picked in value (choices: among its lines; others: equal)? */
int answer_picked(const struct form_question *q, const char *value, size_t i);
/* The first picked option of value, or -1. */
long answer_option_of(const struct form_question *q, const char *value);

/*
 * The value after option i is chosen: for choices, i is ticked or
 * unticked and the values are kept in the order of the choice list; for
 * the other option types, option i's value.  Caller frees.
 */
char *answer_toggle(const struct form_question *q, const char *value, size_t i);

/*
 * What a person reads for value: each of its values (choices: one per
 * line) as its option's label, or as written when no option has it,
 * joined by sep.  Appended to out; nothing for NULL or "".
 */
void answer_labels(const struct form_question *q, const char *value,
		   const char *sep, struct sbuf *out);

#endif
