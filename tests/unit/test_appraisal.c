/*
 * test_appraisal.c - the appraisal rules without a screen: answers saved
 * with their private flag, `when`, what is still needed, list items
 * renumbered, last year's answers carried, sign-off, the PDP goals table
 * written on finalising, and reopening.
 */
#include <sys/stat.h>

#include "testutil.h"
#include "lib/appr.h"
#include "lib/store_int.h"
#include "lib/store_appr.h"

static const char form_yaml[] =
	"form: t\n"
	"version: \"1\"\n"
	"title: Test form\n"
	"lists:\n"
	"  lvl: [low, medium, high]\n"
	"  kind: [experience, others, formal]\n"
	"sections:\n"
	"  - id: a\n"
	"    title: First\n"
	"    questions:\n"
	"      - { id: name, type: line, label: Name, required: \"Name please.\" }\n"
	"      - { id: held, type: yesno, label: Held? }\n"
	"      - { id: on, type: date, label: When, when: \"a.held == 'yes'\" }\n"
	"      - { id: secret, type: text, label: Secret, private: true }\n"
	"      - { id: hours, type: number, label: Hours, min: 0, max: 10 }\n"
	"      - id: g\n"
	"        type: group\n"
	"        label: A group\n"
	"        questions:\n"
	"          - { id: rating, type: scale, label: Rating, choices: lvl, default: medium }\n"
	"  - id: b\n"
	"    title: Second\n"
	"    questions:\n"
	"      - id: objectives\n"
	"        type: list\n"
	"        label: Objectives\n"
	"        item: Objective\n"
	"        min: 1\n"
	"        max: 3\n"
	"        questions:\n"
	"          - { id: objective, type: line, label: Objective, required: true }\n"
	"          - id: due\n"
	"            type: date\n"
	"            label: Due\n"
	"            constraint: { rule: \". > today()\", message: \"Future please.\" }\n"
	"      - id: review\n"
	"        type: list\n"
	"        label: Last year\n"
	"        carry: b.objectives\n"
	"        questions:\n"
	"          - { id: objective, type: line, label: Objective }\n"
	"          - { id: met, type: yesno, label: Met? }\n"
	"      - id: goals\n"
	"        type: list\n"
	"        label: Goals\n"
	"        item: Goal\n"
	"        pdp: true\n"
	"        carry: b.goals\n"
	"        tna: { need: need, goal: goal, type: type, category: category,\n"
	"               priority: priority, target_date: target_date, support: support }\n"
	"        questions:\n"
	"          - { id: need, type: line, label: Need }\n"
	"          - { id: goal, type: line, label: Goal }\n"
	"          - { id: type, type: choice, label: Type, choices: kind }\n"
	"          - { id: category, type: line, label: Category }\n"
	"          - { id: priority, type: choice, label: Priority, choices: lvl, default: low }\n"
	"          - { id: target_date, type: date, label: Target }\n"
	"          - { id: support, type: text, label: Support }\n";

struct fx {
	char *dir, *path;
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
	struct staff s = { "100234", "Zoë Ó Súilleabháin", "Paramedic", "6", "Northgate", "", NULL };

	f->dir = tu_tmpdir();
	f->path = tu_path(f->dir, "eadr.db");
	f->st = store_open(f->path, NULL, &err);
	assert_non_null(f->st);
	f->form = form_load_text("test.yaml", form_yaml, sizeof(form_yaml) - 1, &d);
	if (!f->form) {
		for (size_t i = 0; i < d.n; i++)
			print_error("%s\n", d.items[i].msg);
	}
	assert_non_null(f->form);
	assert_int_equal(store_staff_put(f->st, &s, NULL, &err), 0);
	assert_int_equal(appr_start(f->st, f->form, "100234", "Ffion", &f->id, &err), 0);
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
	free(f->path);
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

static void test_defaults_and_private(void **state)
{
	struct fx *f = *state;
	struct err err = ERR_INIT;
	char *v = NULL;
	int flags = -1;

	/* The form was kept, and the appraisal reopens with it by hash. */
	assert_string_equal(f->ap->form->hash, f->form->hash);
	assert_int_equal(f->ap->form_substituted, 0);
	assert_string_equal(appr_get(f->ap, "a.g.rating"), "medium");
	set(f->ap, "a.secret", "between us");
	set(f->ap, "a.name", "Zoë Ó Súilleabháin — 🚑");
	assert_int_equal(store_answer_get(f->st, f->id, "a.secret", &v, &flags, &err), 1);
	assert_string_equal(v, "between us");
	assert_int_equal(flags, STORE_PRIVATE);
	free(v);
	assert_int_equal(store_answer_get(f->st, f->id, "a.name", &v, &flags, &err), 1);
	assert_string_equal(v, "Zoë Ó Súilleabháin — 🚑");
	assert_int_equal(flags, 0);
	free(v);
}

static int count_kind(const struct appr_elem *e, void *arg)
{
	int *n = arg;

	n[e->kind]++;
	return 0;
}

static void test_when(void **state)
{
	struct fx *f = *state;
	int n[5] = { 0 };

	appr_walk(f->ap, 0, count_kind, n);
	assert_int_equal(n[APPR_QUESTION], 5);	/* a.on is hidden */
	assert_int_equal(n[APPR_GROUP], 1);
	set(f->ap, "a.held", "yes");
	memset(n, 0, sizeof(n));
	appr_walk(f->ap, 0, count_kind, n);
	assert_int_equal(n[APPR_QUESTION], 6);
}

static int has_problem(const struct appr_problems *p, const char *path, const char *msg)
{
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->v[i].path, path) && (!msg || strstr(p->v[i].msg, msg)))
			return 1;
	return 0;
}

static void test_problems(void **state)
{
	struct fx *f = *state;
	struct appr_problems p = { 0 };
	struct err err = ERR_INIT;
	long k;

	appr_problems(f->ap, (size_t)-1, &p);
	assert_true(has_problem(&p, "a.name", "Name please."));
	assert_true(has_problem(&p, "b.objectives", NULL));	/* min 1 */
	appr_problems_release(&p);
	set(f->ap, "a.name", "Zoë");
	set(f->ap, "a.hours", "11");
	assert_int_equal(appr_item_add(f->ap, form_find(f->form, "b.objectives"),
				       "b.objectives", &k, &err), 0);
	assert_int_equal(k, 0);
	set(f->ap, "b.objectives[0].due", "2020-01-01");
	appr_problems(f->ap, (size_t)-1, &p);
	assert_false(has_problem(&p, "a.name", NULL));
	assert_true(has_problem(&p, "a.hours", NULL));
	assert_true(has_problem(&p, "b.objectives[0].objective", NULL));
	assert_true(has_problem(&p, "b.objectives[0].due", "Future please."));
	assert_false(has_problem(&p, "b.objectives", NULL));
	appr_problems_release(&p);
	/* Signing is refused while anything is needed. */
	assert_int_equal(appr_sign(f->ap, "appraiser", "Ffion", "", &err), -1);
	assert_non_null(strstr(err_msg(&err), "still needed"));
	err_release(&err);
}

static void add_objective(struct fx *f, const char *text)
{
	struct err err = ERR_INIT;
	struct sbuf p = SBUF_INIT;
	long k;

	assert_int_equal(appr_item_add(f->ap, form_find(f->form, "b.objectives"),
				       "b.objectives", &k, &err), 0);
	sbuf_addf(&p, "b.objectives[%ld].objective", k);
	set(f->ap, p.buf, text);
	sbuf_release(&p);
}

static void test_list_items(void **state)
{
	struct fx *f = *state;
	struct err err = ERR_INIT;
	long k;

	add_objective(f, "one");
	add_objective(f, "two");
	add_objective(f, "three");
	assert_int_equal(appr_count(f->ap, "b.objectives"), 3);
	/* max 3 */
	assert_int_equal(appr_item_add(f->ap, form_find(f->form, "b.objectives"),
				       "b.objectives", &k, &err), -1);
	err_release(&err);
	assert_int_equal(appr_item_swap(f->ap, "b.objectives", 0, 2, &err), 0);
	assert_string_equal(appr_get(f->ap, "b.objectives[0].objective"), "three");
	assert_string_equal(appr_get(f->ap, "b.objectives[2].objective"), "one");
	assert_int_equal(appr_item_delete(f->ap, "b.objectives", 0, &err), 0);
	assert_int_equal(appr_count(f->ap, "b.objectives"), 2);
	assert_string_equal(appr_get(f->ap, "b.objectives[0].objective"), "two");
	assert_string_equal(appr_get(f->ap, "b.objectives[1].objective"), "one");
	assert_null(appr_get(f->ap, "b.objectives[2].objective"));
	/* The store agrees with memory after a reload. */
	assert_int_equal(appr_reload(f->ap, &err), 0);
	assert_string_equal(appr_get(f->ap, "b.objectives[1].objective"), "one");
	assert_int_equal(appr_item_delete(f->ap, "b.objectives", 5, &err), -1);
	err_release(&err);
}

/* Fill everything needed, with one PDP goal. */
static void fill_needed(struct fx *f, const char *goal)
{
	struct err err = ERR_INIT;
	long k;

	set(f->ap, "a.name", "Zoë");
	if (!appr_count(f->ap, "b.objectives"))
		add_objective(f, "Complete the course");
	assert_int_equal(appr_item_add(f->ap, form_find(f->form, "b.goals"), "b.goals",
				       &k, &err), 0);
	set(f->ap, "b.goals[0].need", "Supervision");
	set(f->ap, "b.goals[0].goal", goal);
	set(f->ap, "b.goals[0].type", "formal");
	set(f->ap, "b.goals[0].target_date", "2027-06-30");
	err_release(&err);
}

/* Fill everything needed, sign and finalise. */
static void finish(struct fx *f, const char *goal)
{
	struct err err = ERR_INIT;

	fill_needed(f, goal);
	assert_int_equal(appr_sign(f->ap, "appraiser", "Ffion", "", &err), 0);
	assert_int_equal(appr_signed_by(f->ap, &err), 1);
	assert_false(appr_is_signed(f->ap));
	assert_int_equal(appr_sign(f->ap, "appraisee", "Zoë Ó Súilleabháin", "Thanks", &err), 0);
	assert_true(appr_is_signed(f->ap));
	assert_int_equal(appr_finalise(f->ap, &err), 0);
	assert_true(appr_is_final(f->ap));
	err_release(&err);
}

/* status and follows_up of PDP goal pos of appraisal id ("status|uuid"). */
static char *pdp_row(struct store *st, long long id, int pos)
{
	sqlite3_stmt *s;
	struct sbuf sb = SBUF_INIT;

	assert_int_equal(sqlite3_prepare_v2(st->db, "SELECT status, coalesce(follows_up, '-')"
					    " FROM pdp_goals WHERE appraisal_id = ?1 AND position = ?2",
					    -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, pos);
	if (sqlite3_step(s) == SQLITE_ROW)
		sbuf_addf(&sb, "%s|%s", sqlite3_column_text(s, 0), sqlite3_column_text(s, 1));
	sqlite3_finalize(s);
	return sbuf_detach(&sb);
}

static void test_finalise_and_carry(void **state)
{
	struct fx *f = *state;
	struct err err = ERR_INIT;
	struct sbuf q = SBUF_INIT;
	long long id2, prev;
	struct appr *ap2;
	char *v = NULL;

	finish(f, "Practice educator");
	/* Final: read-only. */
	assert_int_equal(appr_set(f->ap, "a.name", "changed", &err), -1);
	err_release(&err);
	assert_string_equal(appr_get(f->ap, "a.name"), "Zoë");
	assert_int_equal(store_appr_prev_final(f->st, "100234", 0, &prev, &err), 1);
	assert_int_equal(prev, f->id);

	/* Next year: objectives carried into the review list, goals into goals. */
	assert_int_equal(appr_start(f->st, f->form, "100234", "Ffion", &id2, &err), 0);
	ap2 = appr_open(f->st, id2, NULL, 0, &err);
	assert_non_null(ap2);
	assert_int_equal(appr_count(ap2, "b.review"), 1);
	assert_string_equal(appr_get(ap2, "b.review[0].objective"), "Complete the course");
	assert_string_equal(appr_get(ap2, "b.review[0].met"), "");
	assert_int_equal(appr_count(ap2, "b.objectives"), 0);
	assert_int_equal(appr_count(ap2, "b.goals"), 1);
	assert_string_equal(appr_get(ap2, "b.goals[0].goal"), "Practice educator");
	appr_free(ap2);

	/* Reopening last year's makes a new revision, audited. */
	assert_int_equal(appr_reopen(f->ap, &err), 0);
	assert_false(appr_is_final(f->ap));
	assert_int_equal(f->ap->rec.revision, 2);
	assert_int_equal(appr_signed_by(f->ap, &err), 0);
	set(f->ap, "a.name", "Zoë Ó S.");
	assert_int_equal(store_answer_get(f->st, f->id, "a.name", &v, NULL, &err), 1);
	assert_string_equal(v, "Zoë Ó S.");
	free(v);
	sbuf_release(&q);
	err_release(&err);
}

static void test_pdp_status(void **state)
{
	struct fx *f = *state;
	struct err err = ERR_INIT;
	long long id2;
	struct appr *ap2;
	struct fx f2;
	char *r;

	finish(f, "Practice educator");
	assert_int_equal(appr_start(f->st, f->form, "100234", "Ffion", &id2, &err), 0);
	ap2 = appr_open(f->st, id2, NULL, 0, &err);
	assert_non_null(ap2);
	f2 = *f;
	f2.ap = ap2;
	f2.id = id2;
	/* The carried goal stays; a second one is new. */
	set(ap2, "a.name", "Zoë");
	add_objective(&f2, "New objective");
	{
		long k;

		assert_int_equal(appr_item_add(ap2, form_find(f->form, "b.goals"), "b.goals",
					       &k, &err), 0);
		assert_int_equal(k, 1);
		set(ap2, "b.goals[1].need", "Driving");
		set(ap2, "b.goals[1].goal", "Blue-light course");
		set(ap2, "b.goals[1].type", "formal");
	}
	assert_int_equal(appr_sign(ap2, "appraiser", "Ffion", "", &err), 0);
	assert_int_equal(appr_sign(ap2, "appraisee", "100234", "", &err), 0);
	assert_int_equal(appr_finalise(ap2, &err), 0);
	{
		char u0[UUID_LEN + 1], u1[UUID_LEN + 1], prev[UUID_LEN + 1];

		assert_int_equal(store_appr_pdp_uuid(f->st, id2, 0, u0, &err), 1);
		assert_int_equal(store_appr_pdp_uuid(f->st, id2, 1, u1, &err), 1);
		assert_int_equal(store_appr_pdp_uuid(f->st, f->id, 0, prev, &err), 1);
		assert_int_equal(store_appr_pdp_uuid(f->st, id2, 2, u1, &err), 0);
		{
			char *r0 = pdp_row(f->st, id2, 0), *r1 = pdp_row(f->st, id2, 1);
			struct sbuf want = SBUF_INIT;

			sbuf_addf(&want, "carried|%s", prev);
			assert_string_equal(r0, want.buf);
			assert_string_equal(r1, "new|-");
			free(r0);
			free(r1);
			sbuf_release(&want);
		}
		r = pdp_row(f->st, f->id, 0);
		assert_string_equal(r, "new|-");
		free(r);
	}
	appr_free(ap2);
	err_release(&err);
}

static void test_resume_mark(void **state)
{
	struct fx *f = *state;
	struct err err = ERR_INIT;
	long long id = 0;
	struct appr *again;

	assert_int_equal(store_appr_open_get(f->st, &id, &err), 0);
	assert_int_equal(store_appr_mark_open(f->st, f->id, &err), 0);
	assert_int_equal(store_appr_open_get(f->st, &id, &err), 1);
	assert_int_equal(id, f->id);
	assert_int_equal(appr_set_resume(f->ap, "b.objectives[0].due", &err), 0);
	again = appr_open(f->st, f->id, NULL, 0, &err);
	assert_non_null(again);
	assert_string_equal(again->rec.resume_at, "b.objectives[0].due");
	appr_free(again);
	assert_int_equal(store_appr_mark_open(f->st, 0, &err), 0);
	assert_int_equal(store_appr_open_get(f->st, &id, &err), 0);
}

/* One sign-off rule for the screens and plain mode (appr_flow.c). */
static void test_signoff(void **state)
{
	struct fx *f = *state;
	struct err err = ERR_INIT;
	int field = -1;

	/* Nothing signs while something is needed, whatever the names. */
	assert_int_equal(appr_signoff(f->ap, "Ffion", "100234", "", &field, &err), -1);
	assert_int_equal(field, APPR_SIGNOFF_OTHER);
	assert_non_null(strstr(err_msg(&err), "still needed"));
	assert_int_equal(appr_signed_by(f->ap, &err), 0);
	fill_needed(f, "Lead a shift");
	/* The manager must type a name: empty and blank are refused. */
	assert_int_equal(appr_signoff(f->ap, "", "100234", "", &field, &err), -1);
	assert_int_equal(field, APPR_SIGNOFF_MANAGER);
	assert_string_equal(err_msg(&err), "The manager types their name to sign.");
	assert_int_equal(appr_signoff(f->ap, "  ", "100234", "", &field, &err), -1);
	assert_int_equal(field, APPR_SIGNOFF_MANAGER);
	/* The staff member types their own name or staff number. */
	assert_int_equal(appr_signoff(f->ap, "Ffion", "Someone Else", "", &field, &err), -1);
	assert_int_equal(field, APPR_SIGNOFF_STAFF);
	assert_non_null(strstr(err_msg(&err), "Zoë Ó Súilleabháin"));
	assert_int_equal(appr_signed_by(f->ap, &err), 0);
	assert_false(appr_is_signed(f->ap));
	/* Spaces at either end do not matter (appr_same_name). */
	assert_int_equal(appr_signoff(f->ap, "Ffion Llywelyn", " 100234 ",
				      "Thanks", &field, &err), 0);
	assert_true(appr_is_signed(f->ap));
	assert_int_equal(appr_signed_by(f->ap, &err), 3);
	assert_string_equal(f->ap->rec.appraiser, "Ffion Llywelyn");
	/* Signed already: refused, nothing added. */
	assert_int_equal(appr_signoff(f->ap, "Ffion", "100234", "", &field, &err), -1);
	assert_int_equal(field, APPR_SIGNOFF_OTHER);
	assert_int_equal(appr_reopen(f->ap, &err), 0);
	assert_int_equal(appr_signoff(f->ap, "Ffion", "100234", NULL, NULL, &err), 0);
	assert_true(appr_is_signed(f->ap));
	err_release(&err);
}

/* One way to start: the EADR form, else the catalogue's first; the
 * appraiser is named only by EADR_APPRAISER until someone signs, never
 * guessed from the last appraiser on a shared laptop (issue 10, item 14). */
static void test_begin(void **state)
{
	struct fx *f = *state;
	struct err err = ERR_INIT;
	char *forms = tu_path(f->dir, "forms"), *file, *name = NULL;
	const char *dirs[1] = { forms };
	struct form *form;
	long long id = 0;
	struct appr *ap;

	assert_true(appr_state_open("draft"));
	assert_true(appr_state_open("signed"));
	assert_false(appr_state_open("final"));
	assert_false(appr_state_open("synced"));
	assert_false(appr_state_open(NULL));

	assert_int_equal(mkdir(forms, 0700), 0);
	assert_null(appr_default_form(dirs, 1, &err));	/* an empty folder */
	assert_non_null(strstr(err_msg(&err), "no form was found"));
	err_release(&err);
	file = tu_path(forms, "t.yaml");
	tu_write(file, form_yaml, sizeof(form_yaml) - 1);
	form = appr_default_form(dirs, 1, &err);	/* no "eadr" form: the first */
	assert_non_null(form);
	assert_string_equal(form->id, "t");
	form_free(form);

	unsetenv("EADR_APPRAISER");
	assert_int_equal(appr_begin(f->st, dirs, 1, "100234", &id, &name, &err), 0);
	assert_string_equal(name, "t 1");
	assert_true(id > f->id);
	ap = appr_open(f->st, id, dirs, 1, &err);
	assert_non_null(ap);
	assert_string_equal(ap->rec.appraiser, "");	/* not the last one, Ffion */
	assert_string_equal(ap->rec.state, "draft");
	appr_free(ap);
	setenv("EADR_APPRAISER", "Ceri", 1);
	assert_int_equal(appr_begin(f->st, dirs, 1, "100234", &id, NULL, &err), 0);
	unsetenv("EADR_APPRAISER");
	ap = appr_open(f->st, id, dirs, 1, &err);
	assert_non_null(ap);
	assert_string_equal(ap->rec.appraiser, "Ceri");
	appr_free(ap);
	free(name);
	free(file);
	free(forms);
	err_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_defaults_and_private, setup, teardown),
		cmocka_unit_test_setup_teardown(test_when, setup, teardown),
		cmocka_unit_test_setup_teardown(test_problems, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_items, setup, teardown),
		cmocka_unit_test_setup_teardown(test_finalise_and_carry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pdp_status, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resume_mark, setup, teardown),
		cmocka_unit_test_setup_teardown(test_signoff, setup, teardown),
		cmocka_unit_test_setup_teardown(test_begin, setup, teardown),
	};

	setenv("EADR_TODAY", "2026-11-22", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
