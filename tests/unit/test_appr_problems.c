/*
 * test_appr_problems.c - what is still needed is kept per section between
 * changes (lib/appr_problems.c): after every change the kept answer is the
 * same as a fresh appraisal opened from the store would find, also when
 * the change is in another section that a `when` or a constraint reads.
 */
#include "testutil.h"
#include "lib/appr.h"

static const char form_yaml[] =
	TU_FORM_FIRST_SECTION
	"      - { id: held, type: yesno, label: Held? }\n"
	"      - { id: hours, type: number, label: Hours }\n"
	"  - id: b\n"
	"    title: Read by a when\n"
	"    questions:\n"
	"      - { id: why, type: text, label: Why, required: true, when: \"a.held == 'yes'\" }\n"
	"      - id: limit\n"
	"        type: number\n"
	"        label: Limit\n"
	"        constraint: { rule: \". <= a.hours\", message: \"No more than the hours.\" }\n"
	"  - id: c\n"
	"    title: Shown by a section when\n"
	"    when: \"a.held == 'no'\"\n"
	"    questions:\n"
	"      - { id: reason, type: line, label: Reason, required: true }\n"
	"  - id: d\n"
	"    title: Reads nothing\n"
	"    questions:\n"
	"      - { id: x, type: text, label: X, required: true }\n"
	"      - id: items\n"
	"        type: list\n"
	"        label: Items\n"
	"        min: 1\n"
	"        questions:\n"
	"          - { id: what, type: line, label: What, required: true }\n";

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
	for (size_t i = 0; !f->form && i < d.n; i++)
		print_error("%s\n", d.items[i].msg);
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

/* The problems as one line each, "path: message". */
static void lines(const struct appr_problems *p, struct sbuf *out)
{
	for (size_t i = 0; i < p->n; i++)
		sbuf_addf(out, "%zu %s: %s%s\n", p->v[i].section, p->v[i].path, p->v[i].msg,
			  p->v[i].missing ? " (missing)" : "");
}

/* What the kept problems say equals what a fresh appraisal finds. */
static void same_as_fresh(struct fx *f, const char *after)
{
	struct err err = ERR_INIT;
	struct appr *fresh = appr_open(f->st, f->id, NULL, 0, &err);
	struct sbuf want = SBUF_INIT, got = SBUF_INIT;

	assert_non_null(fresh);
	for (size_t s = 0; s <= f->form->nsections; s++) {
		size_t which = s == f->form->nsections ? (size_t)-1 : s;
		struct appr_problems a = { 0 }, b = { 0 };

		appr_problems(fresh, which, &a);
		appr_problems(f->ap, which, &b);
		lines(&a, &want);
		lines(&b, &got);
		assert_int_equal(appr_problem_count(f->ap, which), b.n);
		appr_problems_release(&a);
		appr_problems_release(&b);
	}
	if (strcmp(want.buf, got.buf))
		fail_msg("after %s the kept problems are\n%s\nbut a fresh look finds\n%s",
			 after, got.buf, want.buf);
	sbuf_release(&want);
	sbuf_release(&got);
	appr_free(fresh);
}

static void set(struct fx *f, const char *path, const char *value)
{
	struct err err = ERR_INIT;
	struct sbuf what = SBUF_INIT;

	if (appr_set(f->ap, path, value, &err) < 0)
		fail_msg("%s: %s", path, err_msg(&err));
	sbuf_addf(&what, "%s = '%s'", path, value);
	same_as_fresh(f, what.buf);
	sbuf_release(&what);
}

static void test_kept_problems_follow_changes(void **state)
{
	struct fx *f = *state;
	struct err err = ERR_INIT;
	long k;

	same_as_fresh(f, "opening");
	/* a `when` in another section reads a.held */
	set(f, "a.held", "yes");
	set(f, "b.why", "because");
	set(f, "a.held", "no");		/* b.why hidden; section c shown */
	set(f, "c.reason", "");
	set(f, "c.reason", "a reason");
	/* a constraint in another section reads a.hours */
	set(f, "b.limit", "5");
	set(f, "a.hours", "3");		/* b.limit breaks it now */
	set(f, "a.hours", "8");
	set(f, "d.x", "words");
	/* list items: added, answered, deleted */
	assert_int_equal(appr_item_add(f->ap, form_find(f->form, "d.items"), "d.items", &k,
				       &err), 0);
	same_as_fresh(f, "adding an item");
	set(f, "d.items[0].what", "a thing");
	assert_int_equal(appr_item_delete(f->ap, "d.items", 0, &err), 0);
	same_as_fresh(f, "deleting the item");
	/* a reload (another screen changed the store) */
	assert_int_equal(appr_reload(f->ap, &err), 0);
	same_as_fresh(f, "a reload");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kept_problems_follow_changes, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
