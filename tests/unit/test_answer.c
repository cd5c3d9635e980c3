/*
 * test_answer.c - the value format of each question type (lib/answer.c):
 * options of yes/no and choice questions, a choices answer split by lines,
 * ticking kept in choice-list order, labels, and words naming options.
 */
#include "testutil.h"
#include "lib/answer.h"
#include "lib/form.h"

static const char form_text[] =
	"form: answers\n"
	"version: 1\n"
	"title: Answers\n"
	"sections:\n"
	"  - id: s\n"
	"    title: S\n"
	"    questions:\n"
	"      - { id: ok, type: yesno, label: OK? }\n"
	"      - id: pick\n"
	"        type: choice\n"
	"        label: Pick one\n"
	"        choices: [ { value: a, label: Apple }, { value: b, label: Banana } ]\n"
	"      - id: many\n"
	"        type: choices\n"
	"        label: Pick any\n"
	"        choices: [ { value: red, label: Red }, { value: green, label: Green },\n"
	"                   { value: blue, label: Blue } ]\n"
	"      - { id: words, type: text, label: Words }\n";

static struct form *form;

static int setup(void **state)
{
	struct diag d = DIAG_INIT;

	(void)state;
	form = form_load_text("answers.yaml", form_text, sizeof(form_text) - 1, &d);
	if (!form) {
		struct sbuf line = SBUF_INIT;

		diag_format(&d.items[0], &line);
		fail_msg("the test form did not load: %s", line.buf);
	}
	diag_release(&d);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	form_free(form);
	return 0;
}

static const struct form_question *q(const char *path)
{
	const struct form_question *found = form_find(form, path);

	assert_non_null(found);
	return found;
}

static void test_options(void **state)
{
	const struct form_question *yn = q("s.ok"), *one = q("s.pick"), *text = q("s.words");

	(void)state;
	assert_int_equal(answer_noptions(yn), 2);
	assert_string_equal(answer_option_value(yn, 0), "yes");
	assert_string_equal(answer_option_value(yn, 1), "no");
	assert_string_equal(answer_option_label(yn, 0), "Yes");
	assert_string_equal(answer_option_label(yn, 1), "No");
	assert_int_equal(answer_noptions(one), 2);
	assert_string_equal(answer_option_value(one, 1), "b");
	assert_string_equal(answer_option_label(one, 1), "Banana");
	assert_int_equal(answer_noptions(text), 0);

	assert_int_equal(answer_option_find(one, "b"), 1);
	assert_int_equal(answer_option_find(one, "Apple"), 0);
	assert_int_equal(answer_option_find(one, "apple"), -1);
	assert_int_equal(answer_option_find(yn, "no"), 1);
	assert_int_equal(answer_option_find(yn, "No"), 1);
	assert_int_equal(answer_option_find(yn, "n"), -1);
}

static void test_split(void **state)
{
	const char *p = "red\nblue", *s;
	size_t len;

	(void)state;
	assert_non_null(s = answer_next(&p, &len));
	assert_int_equal(len, 3);
	assert_memory_equal(s, "red", 3);
	assert_non_null(s = answer_next(&p, &len));
	assert_int_equal(len, 4);
	assert_memory_equal(s, "blue", 4);
	assert_null(answer_next(&p, &len));

	p = NULL;
	assert_null(answer_next(&p, &len));
	p = "red\n";	/* a trailing newline is an empty last value */
	assert_non_null(answer_next(&p, &len));
	assert_non_null(answer_next(&p, &len));
	assert_int_equal(len, 0);
	assert_null(answer_next(&p, &len));

	assert_true(answer_has("red\nblue", "blue"));
	assert_true(answer_has("red\nblue", "red"));
	assert_false(answer_has("red\nblue", "re"));
	assert_false(answer_has("red\nblue", "red\nblue"));
	assert_false(answer_has(NULL, "red"));
}

static void test_picked_and_toggle(void **state)
{
	const struct form_question *many = q("s.many"), *one = q("s.pick"), *yn = q("s.ok");
	char *v, *w;

	(void)state;
	assert_true(answer_picked(many, "red\nblue", 0));
	assert_false(answer_picked(many, "red\nblue", 1));
	assert_true(answer_picked(many, "red\nblue", 2));
	assert_false(answer_picked(many, NULL, 0));
	assert_int_equal(answer_option_of(many, "blue"), 2);
	assert_int_equal(answer_option_of(many, ""), -1);
	assert_true(answer_picked(one, "a", 0));
	assert_false(answer_picked(one, "a\nb", 1));	/* one value only */
	assert_int_equal(answer_option_of(yn, "no"), 1);

	/* Ticked blue then red: stored in the order of the choice list. */
	v = answer_toggle(many, NULL, 2);
	assert_string_equal(v, "blue");
	w = answer_toggle(many, v, 0);
	assert_string_equal(w, "red\nblue");
	free(v);
	v = answer_toggle(many, w, 2);	/* unticked */
	assert_string_equal(v, "red");
	free(w);
	w = answer_toggle(many, v, 0);
	assert_string_equal(w, "");
	free(v);
	free(w);

	v = answer_toggle(one, "a", 1);	/* picking replaces */
	assert_string_equal(v, "b");
	free(v);
	v = answer_toggle(yn, NULL, 0);
	assert_string_equal(v, ANSWER_YES);
	free(v);
}

static void test_labels(void **state)
{
	struct sbuf sb = SBUF_INIT;

	(void)state;
	answer_labels(q("s.many"), "red\nblue", "; ", &sb);
	assert_string_equal(sb.buf, "Red; Blue");
	sbuf_reset(&sb);
	answer_labels(q("s.many"), "red\nmauve", "\n", &sb);	/* unknown: as written */
	assert_string_equal(sb.buf, "Red\nmauve");
	sbuf_reset(&sb);
	answer_labels(q("s.pick"), "b", "; ", &sb);
	assert_string_equal(sb.buf, "Banana");
	sbuf_reset(&sb);
	answer_labels(q("s.ok"), "no", "; ", &sb);
	assert_string_equal(sb.buf, "No");
	sbuf_reset(&sb);
	answer_labels(q("s.words"), "red\nblue", "; ", &sb);	/* text: whole */
	assert_string_equal(sb.buf, "red\nblue");
	sbuf_reset(&sb);
	answer_labels(q("s.many"), "", "; ", &sb);
	answer_labels(q("s.many"), NULL, "; ", &sb);
	assert_int_equal(sb.len, 0);
	sbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_picked_and_toggle),
		cmocka_unit_test(test_labels),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
