/*
 * test_expr.c - the expression language of `when` and constraints: what
 * parses (and where a bad one fails), and what each form evaluates to
 * against a table of answers.
 */
#include "testutil.h"
#include "lib/expr.h"

/* ---- a table of answers for the callbacks ---- */

static const char *answers[][2] = {
	{ "talent.performance", "high" },
	{ "talent.score", "12" },
	{ "talent.small", "9" },
	{ "talent.when", "2026-03-01" },
	{ "summary.agreed", "yes" },
	{ "talent.interest", "mentoring\ncoaching" },
	{ "talent.empty", "" },
	{ "performance.objectives[1].measure", "Certificate" },
	{ "performance.objectives[1].text", "Zoë’s goal" },
	{ NULL, NULL },
};

static const char *get(const char *path, void *arg)
{
	int *calls = arg;

	if (calls)
		(*calls)++;
	for (size_t i = 0; answers[i][0]; i++)
		if (!strcmp(answers[i][0], path))
			return answers[i][1];
	return NULL;
}

static long count(const char *path, void *arg)
{
	return !strcmp(path, "performance.objectives") ? 3 : 0;
}

/* Mark every reference without a dot as relative (what the form loader does
 * for names inside a list item) and names ending in "objectives" as lists. */
static int resolve(struct expr_ref *r, void *arg)
{
	if (!r->self && !strchr(r->name, '.'))
		r->relative = 1;
	if (strstr(r->name, "objectives"))
		r->list = 1;
	return 0;
}

static int eval_str(const char *src)
{
	struct err err = ERR_INIT;
	struct expr_env env = { get, count, NULL, "performance.objectives[1].measure",
				"performance.objectives[1]", "2026-06-15" };
	struct expr *e = expr_parse(src, NULL, &err);
	int r;

	if (!e)
		fail_msg("'%s' did not parse: %s", src, err_msg(&err));
	expr_refs(e, resolve, NULL);
	r = expr_eval(e, &env);
	expr_free(e);
	err_release(&err);
	return r;
}

static void test_compare(void **state)
{
	assert_int_equal(eval_str("talent.performance == 'high'"), 1);
	assert_int_equal(eval_str("talent.performance == \"high\""), 1);
	assert_int_equal(eval_str("talent.performance != 'high'"), 0);
	assert_int_equal(eval_str("talent.performance == 'low'"), 0);
	/* numbers compare as numbers when both sides are numbers: 9 < 12 */
	assert_int_equal(eval_str("talent.small < talent.score"), 1);
	assert_int_equal(eval_str("talent.score > 11.5"), 1);
	assert_int_equal(eval_str("talent.score >= 12 and talent.score <= 12"), 1);
	assert_int_equal(eval_str("talent.score == -3"), 0);
	/* text compares as text: "9" > "12" as text, but these are numbers */
	assert_int_equal(eval_str("'b' > 'a'"), 1);
	/* dates as YYYY-MM-DD text */
	assert_int_equal(eval_str("talent.when < today()"), 1);
	assert_int_equal(eval_str("talent.when >= '2026-03-01'"), 1);
	assert_int_equal(eval_str("today() == '2026-06-15'"), 1);
	/* yes/no against true/false */
	assert_int_equal(eval_str("summary.agreed == true"), 1);
	assert_int_equal(eval_str("summary.agreed != false"), 1);
	assert_int_equal(eval_str("true == false"), 0);
	/* a number against a text that is not a number: only != holds */
	assert_int_equal(eval_str("talent.performance == 3"), 0);
	assert_int_equal(eval_str("talent.performance != 3"), 1);
	assert_int_equal(eval_str("talent.performance < 3"), 0);
}

static void test_unanswered(void **state)
{
	/* unanswered (absent or "") is null: equal to '' only; no ordering */
	assert_int_equal(eval_str("talent.nothing == ''"), 1);
	assert_int_equal(eval_str("talent.empty == ''"), 1);
	assert_int_equal(eval_str("talent.nothing != 'x'"), 1);
	assert_int_equal(eval_str("talent.nothing == 'x'"), 0);
	assert_int_equal(eval_str("talent.nothing < 5"), 0);
	assert_int_equal(eval_str("talent.nothing > 5"), 0);
	assert_int_equal(eval_str("answered(talent.performance)"), 1);
	assert_int_equal(eval_str("answered(talent.empty)"), 0);
	assert_int_equal(eval_str("unanswered(talent.nothing)"), 1);
	assert_int_equal(eval_str("unanswered(talent.performance)"), 0);
}

static void test_logic(void **state)
{
	assert_int_equal(eval_str("not talent.performance == 'low'"), 1);
	assert_int_equal(eval_str("not (talent.performance == 'high')"), 0);
	assert_int_equal(eval_str("not not true"), 1);
	assert_int_equal(eval_str("false or talent.score == 12"), 1);
	/* and binds tighter than or */
	assert_int_equal(eval_str("true or false and false"), 1);
	assert_int_equal(eval_str("(true or false) and false"), 0);
	assert_int_equal(eval_str("talent.performance"), 1);
	assert_int_equal(eval_str("talent.nothing"), 0);
}

static void test_functions(void **state)
{
	assert_int_equal(eval_str("count(performance.objectives) == 3"), 1);
	assert_int_equal(eval_str("answered(performance.objectives)"), 1);
	assert_int_equal(eval_str("len(.) == 11"), 1);		/* "Certificate" */
	assert_int_equal(eval_str("len(text) == 10"), 1);	/* characters, not bytes */
	assert_int_equal(eval_str("len('abc') == 3"), 1);
	assert_int_equal(eval_str("len(talent.nothing) == 0"), 1);
	assert_int_equal(eval_str("has(talent.interest, 'coaching')"), 1);
	assert_int_equal(eval_str("has(talent.interest, 'coach')"), 0);
	assert_int_equal(eval_str("has(talent.nothing, 'x')"), 0);
	/* relative names read the current list item */
	assert_int_equal(eval_str("measure == 'Certificate'"), 1);
	assert_int_equal(eval_str(". == measure"), 1);
}

static void test_short_circuit(void **state)
{
	struct err err = ERR_INIT;
	int calls = 0;
	struct expr_env env = { get, count, &calls, NULL, NULL, NULL };
	struct expr *e = expr_parse("talent.performance == 'low' and talent.score == 12",
				    NULL, &err);

	assert_non_null(e);
	assert_int_equal(expr_eval(e, &env), 0);
	assert_int_equal(calls, 1);	/* the right side was never read */
	expr_free(e);
}

/* A parse failure: its message and the byte offset it points at. */
static void bad(const char *src, size_t want_pos, const char *want_msg)
{
	struct err err = ERR_INIT;
	size_t pos = 999;
	struct expr *e = expr_parse(src, &pos, &err);

	if (e)
		fail_msg("'%s' parsed but should not", src);
	assert_string_equal(err_msg(&err), want_msg);
	if (pos != want_pos)
		fail_msg("'%s': error at %zu, want %zu", src, pos, want_pos);
	err_release(&err);
}

static void test_parse_errors(void **state)
{
	bad("", 0, "the expression is empty");
	bad("   ", 0, "the expression is empty");
	bad("a = 1", 2, "use '==' to compare, not '='");
	bad("a == ", 5, "the expression ends where a value was expected");
	bad("(a == 1", 0, "'(' is not closed (a ')' is missing)");
	bad("a == 1 && b == 2", 7, "write 'and' / 'or' instead of '&&' / '||'");
	bad("!a", 0, "expected a value (a question path, 'text', a number, true, "
	    "false or a function) here");
	bad("a == 1 b", 7, "unexpected text here (missing 'and' or 'or'?)");
	bad("a == 'open", 5, "the text started here is not closed (a ' is missing)");
	bad("1 < a < 3", 6, "comparisons do not chain; join them with 'and'");
	bad("foo(a)", 0, "unknown function 'foo' (there are answered, unanswered, "
	    "count, len, has, today)");
	bad("count()", 0, "count() takes 1 argument, not 0");
	bad("today(1)", 0, "today() takes 0 arguments, not 1");
	bad("count(.)", 6, "count() takes the path of a list");
	bad("answered('x')", 9, "answered() takes a question path or '.'");
	bad("has(a, b)", 7, "has() takes a text in quotes as its second argument");
	bad("len(1)", 4, "len() takes a question path, '.' or a text");
	bad("a. == 1", 1, "a question path is ids joined by '.', like section.question");
	bad("a[1].b == 1", 1, "a question path is ids joined by '.', like section.question");
	bad("12abc == 1", 0, "a number must not run into letters");
	bad("and == 1", 0, "expected a value before 'and'");
	bad("a == not b", 5, "'not' goes in front of a whole comparison: not (a == b)");
	bad("count(a, b", 0, "the call of count() is not closed (a ')' is missing)");
}

static void test_deep_nesting(void **state)
{
	struct sbuf sb = SBUF_INIT;
	struct err err = ERR_INIT;
	struct expr *e;
	size_t pos = 0;

	/* far deeper than the limit: refused, not a stack overflow */
	for (int i = 0; i < 100000; i++)
		sbuf_addch(&sb, '(');
	e = expr_parse(sb.buf, &pos, &err);
	assert_null(e);
	assert_string_equal(err_msg(&err), "the expression is nested too deeply");
	err_release(&err);
	sbuf_reset(&sb);
	for (int i = 0; i < 100000; i++)
		sbuf_adds(&sb, "not ");
	sbuf_adds(&sb, "true");
	assert_null(expr_parse(sb.buf, &pos, &err));
	err_release(&err);
	/* a sensible depth is fine */
	sbuf_reset(&sb);
	sbuf_adds(&sb, "((((((((((true))))))))))");
	assert_non_null(e = expr_parse(sb.buf, &pos, &err));
	expr_free(e);
	sbuf_release(&sb);
}

struct seen {
	char names[8][64];
	size_t pos[8];
	int n;
};

static int note_ref(struct expr_ref *r, void *arg)
{
	struct seen *s = arg;

	snprintf(s->names[s->n], sizeof(s->names[0]), "%s%s", r->name,
		 r->func == EXPR_F_COUNT ? "#count" : "");
	s->pos[s->n++] = r->pos;
	return 0;
}

static void test_refs(void **state)
{
	struct err err = ERR_INIT;
	struct seen s;
	struct expr *e = expr_parse("a.b == 'x' or count(c.d) > 1 and len(.) < 3", NULL, &err);

	memset(&s, 0, sizeof(s));
	assert_non_null(e);
	assert_string_equal(expr_source(e), "a.b == 'x' or count(c.d) > 1 and len(.) < 3");
	assert_int_equal(expr_refs(e, note_ref, &s), 0);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.names[0], "a.b");
	assert_int_equal(s.pos[0], 0);
	assert_string_equal(s.names[1], "c.d#count");
	assert_int_equal(s.pos[1], 20);
	assert_string_equal(s.names[2], ".");
	assert_int_equal(s.pos[2], 37);
	expr_free(e);
	expr_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compare),
		cmocka_unit_test(test_unanswered),
		cmocka_unit_test(test_logic),
		cmocka_unit_test(test_functions),
		cmocka_unit_test(test_short_circuit),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_refs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
