/*
 * test_privacy.c - the second lock on private answers: whatever the form
 * says (these forms are changed in memory after loading, as a form that
 * escaped the checker would be), finalising never copies a private answer
 * into the PDP goals, and carry never turns last year's private answer
 * into one that is not private.  The checker's own lock is tested by the
 * bad forms in tests/forms/bad/private_*.yaml.
 */
#include "testutil.h"
#include "lib/appr.h"
#include "lib/store_int.h"
#include "lib/store_appr.h"

static const char form_yaml[] =
	"form: t\n"
	"version: \"1\"\n"
	"title: Test form\n"
	"sections:\n"
	"  - id: b\n"
	"    title: Second\n"
	"    questions:\n"
	"      - id: notes\n"
	"        type: list\n"
	"        label: Notes\n"
	"        carry: b.notes\n"
	"        questions:\n"
	"          - { id: text, type: text, label: Note }\n"
	"      - id: goals\n"
	"        type: list\n"
	"        label: Goals\n"
	"        pdp: true\n"
	"        tna: { need: need, goal: goal, type: type, category: category,\n"
	"               priority: priority, target_date: target_date, support: support }\n"
	"        questions:\n"
	"          - { id: need, type: line, label: Need }\n"
	"          - { id: goal, type: line, label: Goal }\n"
	"          - { id: type, type: choice, label: Type, choices: [formal, other] }\n"
	"          - { id: category, type: line, label: Category }\n"
	"          - { id: priority, type: choice, label: Priority, choices: [low, high] }\n"
	"          - { id: target_date, type: date, label: Target }\n"
	"          - { id: support, type: text, label: Support }\n";

struct fx {
	char *dir;
	struct store *st;
	struct form *form;
	long long id;
	struct appr *ap;
};

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	struct err err = ERR_INIT;
	struct diag d = DIAG_INIT;
	struct staff s = { "100", "Zoë Ó Súilleabháin", "Paramedic", "6", "Northgate", "", NULL };
	char *path;

	f->dir = tu_tmpdir();
	path = tu_path(f->dir, "eadr.db");
	f->st = store_open(path, NULL, &err);
	assert_non_null(f->st);
	free(path);
	f->form = form_load_text("t.yaml", form_yaml, sizeof(form_yaml) - 1, &d);
	assert_non_null(f->form);
	assert_int_equal(store_staff_put(f->st, &s, NULL, &err), 0);
	assert_int_equal(appr_start(f->st, f->form, "100", "Ffion", &f->id, &err), 0);
	f->ap = appr_open(f->st, f->id, NULL, 0, &err);
	assert_non_null(f->ap);
	diag_release(&d);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	appr_free(f->ap);
	form_free(f->form);
	store_close(f->st);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

static void set(struct appr *ap, const char *path, const char *value)
{
	struct err err = ERR_INIT;

	if (appr_set(ap, path, value, &err) < 0)
		fail_msg("%s: %s", path, err_msg(&err));
}

/* The question at path of the appraisal's own form, to change in memory. */
static struct form_question *question(struct appr *ap, const char *path)
{
	return (struct form_question *)form_find(ap->form, path);
}

static void add_item(struct appr *ap, const char *list)
{
	struct err err = ERR_INIT;
	long k;

	assert_int_equal(appr_item_add(ap, form_find(ap->form, list), list, &k, &err), 0);
}

static void sign_and_finalise(struct appr *ap)
{
	struct err err = ERR_INIT;

	assert_int_equal(appr_sign(ap, "appraiser", "Ffion", "", &err), 0);
	assert_int_equal(appr_sign(ap, "appraisee", "Zoë", "", &err), 0);
	if (appr_finalise(ap, &err) < 0)
		fail_msg("finalise: %s", err_msg(&err));
}

static char *one_text(struct store *st, const char *sql, long long id)
{
	sqlite3_stmt *s;
	char *v = NULL;

	assert_int_equal(sqlite3_prepare_v2(st->db, sql, -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return v;
}

static void expect_goal(struct fx *f, const char *need, const char *goal)
{
	char *n = one_text(f->st, "SELECT need FROM pdp_goals WHERE appraisal_id = ?1", f->id);
	char *g = one_text(f->st, "SELECT goal FROM pdp_goals WHERE appraisal_id = ?1", f->id);
	char *a = one_text(f->st, "SELECT group_concat(detail, '|') FROM audit WHERE "
			   "action = 'private-withheld' AND appraisal_uuid = "
			   "(SELECT uuid FROM appraisals WHERE id = ?1)", f->id);

	assert_non_null(n);
	assert_string_equal(n, need);
	assert_string_equal(g, goal);
	assert_non_null(a);
	assert_string_equal(a, "1 private answer was not copied into the PDP goals: "
			    "private answers stay private");
	free(n);
	free(g);
	free(a);
}

/* The form calls the TNA column private (the stored flag does not). */
static void test_finalise_form_private(void **state)
{
	struct fx *f = *state;

	add_item(f->ap, "b.goals");
	set(f->ap, "b.goals[0].need", "Counselling after a hard call");
	set(f->ap, "b.goals[0].goal", "Practice educator");
	question(f->ap, "b.goals.need")->private = 1;
	sign_and_finalise(f->ap);
	expect_goal(f, "", "Practice educator");
}

/* The stored flag says private (the form, as loaded, does not). */
static void test_finalise_flag_private(void **state)
{
	struct fx *f = *state;
	struct err err = ERR_INIT;

	add_item(f->ap, "b.goals");
	set(f->ap, "b.goals[0].goal", "Practice educator");
	assert_int_equal(store_answer_set(f->st, f->id, "b.goals[0].need",
					  "Counselling after a hard call", STORE_PRIVATE, &err), 0);
	assert_int_equal(appr_reload(f->ap, &err), 0);
	sign_and_finalise(f->ap);
	expect_goal(f, "", "Practice educator");
}

/* Last year's note was private; this year's list is not: not carried. */
static void test_carry_private_not_copied(void **state)
{
	struct fx *f = *state;
	struct err err = ERR_INIT;
	struct appr *ap2;
	long long id2;
	char *a;

	add_item(f->ap, "b.notes");
	add_item(f->ap, "b.notes");
	assert_int_equal(store_answer_set(f->st, f->id, "b.notes[0].text",
					  "Private: struggling at home", STORE_PRIVATE, &err), 0);
	set(f->ap, "b.notes[1].text", "Shared: wants more nights");
	assert_int_equal(appr_reload(f->ap, &err), 0);
	sign_and_finalise(f->ap);

	assert_int_equal(appr_start(f->st, f->form, "100", "Ffion", &id2, &err), 0);
	ap2 = appr_open(f->st, id2, NULL, 0, &err);
	assert_non_null(ap2);
	assert_int_equal(appr_count(ap2, "b.notes"), 2);
	assert_string_equal(appr_get(ap2, "b.notes[0].text"), "");
	assert_string_equal(appr_get(ap2, "b.notes[1].text"), "Shared: wants more nights");
	a = one_text(f->st, "SELECT detail FROM audit WHERE action = 'private-withheld'"
		     " AND appraisal_uuid = (SELECT uuid FROM appraisals WHERE id = ?1)", id2);
	assert_non_null(a);
	assert_string_equal(a, "1 private answer was not carried from last year: "
			    "private answers stay private");
	free(a);
	appr_free(ap2);
}

/* Into a private place, last year's private answer is carried. */
static void test_carry_private_into_private(void **state)
{
	struct fx *f = *state;
	struct err err = ERR_INIT;
	struct appr *ap2;
	struct form *form2;
	long long id2;
	char *v = NULL;
	int flags = 0;

	add_item(f->ap, "b.notes");
	assert_int_equal(store_answer_set(f->st, f->id, "b.notes[0].text",
					  "Private: struggling at home", STORE_PRIVATE, &err), 0);
	assert_int_equal(appr_reload(f->ap, &err), 0);
	sign_and_finalise(f->ap);
	{
		/* This year's form keeps the note private (a valid form). */
		struct sbuf src = SBUF_INIT;
		struct diag d = DIAG_INIT;
		char *at;

		sbuf_adds(&src, form_yaml);
		at = strstr(src.buf, "label: Note }");
		assert_non_null(at);
		sbuf_setlen(&src, (size_t)(at - src.buf));
		sbuf_adds(&src, "label: Note, private: true }");
		sbuf_adds(&src, strstr(form_yaml, "label: Note }") + strlen("label: Note }"));
		sbuf_adds(&src, "\n# version 2\n");
		form2 = form_load_text("t2.yaml", src.buf, src.len, &d);
		assert_non_null(form2);
		diag_release(&d);
		sbuf_release(&src);
	}
	assert_int_equal(appr_start(f->st, form2, "100", "Ffion", &id2, &err), 0);
	ap2 = appr_open(f->st, id2, NULL, 0, &err);
	assert_non_null(ap2);
	assert_int_equal(store_answer_get(f->st, id2, "b.notes[0].text", &v, &flags, &err), 1);
	assert_string_equal(v, "Private: struggling at home");
	assert_int_equal(flags, STORE_PRIVATE);
	free(v);
	appr_free(ap2);
	form_free(form2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_finalise_form_private, setup, teardown),
		cmocka_unit_test_setup_teardown(test_finalise_flag_private, setup, teardown),
		cmocka_unit_test_setup_teardown(test_carry_private_not_copied, setup, teardown),
		cmocka_unit_test_setup_teardown(test_carry_private_into_private, setup, teardown),
	};

	return cmocka_run_group_tests_name("privacy", tests, NULL, NULL);
}
