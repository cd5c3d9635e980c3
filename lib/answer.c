/*
 * answer.c - the value format of each question type (see answer.h): one
 * place that knows yes/no is "yes"/"no" and that a choices answer is its
 * values, one per line, in the order of the choice list.
 */
#include <stdlib.h>
#include <string.h>

#include "answer.h"

static const char *const yesno_values[] = { ANSWER_YES, ANSWER_NO };
static const char *const yesno_labels[] = { "Yes", "No" };

size_t answer_noptions(const struct form_question *q)
{
	switch (q->type) {
	case FORM_YESNO:
		return 2;
	case FORM_SCALE: case FORM_CHOICE: case FORM_CHOICES:
		return q->choices ? q->choices->n : 0;
	default:
		return 0;
	}
}

const char *answer_option_value(const struct form_question *q, size_t i)
{
	return q->type == FORM_YESNO ? yesno_values[i] : q->choices->items[i].value;
}

const char *answer_option_label(const struct form_question *q, size_t i)
{
	return q->type == FORM_YESNO ? yesno_labels[i] : q->choices->items[i].label;
}

long answer_option_find(const struct form_question *q, const char *word)
{
	for (size_t i = 0; i < answer_noptions(q); i++)
		if (!strcmp(word, answer_option_value(q, i)))
			return (long)i;
	for (size_t i = 0; i < answer_noptions(q); i++)
		if (!strcmp(word, answer_option_label(q, i)))
			return (long)i;
	return -1;
}

const char *answer_next(const char **p, size_t *len)
{
	const char *s = *p;

	if (!s)
		return NULL;
	*len = strcspn(s, "\n");
	*p = s[*len] ? s + *len + 1 : NULL;
	return s;
}

int answer_has(const char *value, const char *one)
{
	size_t n = strlen(one), len;
	const char *s;

	while ((s = answer_next(&value, &len)))
		if (len == n && !memcmp(s, one, n))
			return 1;
	return 0;
}

int answer_picked(const struct form_question *q, const char *value, size_t i)
{
	if (!value)
		return 0;
	if (q->type == FORM_CHOICES)
		return answer_has(value, answer_option_value(q, i));
	return !strcmp(value, answer_option_value(q, i));
}

long answer_option_of(const struct form_question *q, const char *value)
{
	for (size_t i = 0; i < answer_noptions(q); i++)
		if (answer_picked(q, value, i))
			return (long)i;
	return -1;
}

char *answer_toggle(const struct form_question *q, const char *value, size_t i)
{
	struct sbuf sb = SBUF_INIT;

	if (q->type != FORM_CHOICES)
		return xstrdup(answer_option_value(q, i));
	/* Kept in the order of the choice list, whatever order they were ticked. */
	for (size_t k = 0; k < answer_noptions(q); k++) {
		int on = answer_picked(q, value, k);

		if (k == i)
			on = !on;
		if (!on)
			continue;
		if (sb.len)
			sbuf_addch(&sb, '\n');
		sbuf_adds(&sb, answer_option_value(q, k));
	}
	return sbuf_detach(&sb);
}

/* One value's label: its option's, or the value itself. */
static void add_label(const struct form_question *q, const char *v, size_t len,
		      struct sbuf *out)
{
	for (size_t i = 0; i < answer_noptions(q); i++) {
		const char *ov = answer_option_value(q, i);

		if (strlen(ov) == len && !memcmp(ov, v, len)) {
			sbuf_adds(out, answer_option_label(q, i));
			return;
		}
	}
	sbuf_add(out, v, len);
}

void answer_labels(const struct form_question *q, const char *value,
		   const char *sep, struct sbuf *out)
{
	const char *s;
	size_t len;
	int first = 1;

	if (!value || !*value)
		return;
	if (q->type != FORM_CHOICES) {
		add_label(q, value, strlen(value), out);
		return;
	}
	while ((s = answer_next(&value, &len))) {
		if (!first)
			sbuf_adds(out, sep);
		add_label(q, s, len, out);
		first = 0;
	}
}
