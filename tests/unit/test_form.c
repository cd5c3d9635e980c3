/*
 * test_form.c - the form engine: the model tests/forms/good/all_features.yaml
 * loads into, finding questions and answer paths, visibility and answer
 * checks, content hashes, the newest form in the form folders, and that
 * damaged input never crashes the loader.
 */
#include "testutil.h"
#include "lib/fileio.h"
#include "lib/form.h"

static struct form *load_good(const char *name)
{
	struct sbuf path = SBUF_INIT;
	struct diag d = DIAG_INIT;
	struct form *f;

	sbuf_addf(&path, "%s/tests/forms/good/%s", getenv("EADR_SRCDIR") ?
		  getenv("EADR_SRCDIR") : ".", name);
	f = form_load_file(path.buf, &d);
	if (!f) {
		struct sbuf line = SBUF_INIT;

		if (d.n)
			diag_format(&d.items[0], &line);
		fail_msg("%s did not load: %s", path.buf, line.buf);
	}
	assert_int_equal(d.n, 0);
	sbuf_release(&path);
	diag_release(&d);
	return f;
}

static const struct form_question *q(const struct form *f, const char *path)
{
	const struct form_question *found = form_find(f, path);

	if (!found)
		fail_msg("no question %s", path);
	return found;
}

static void test_model(void **state)
{
	struct form *f = load_good("all_features.yaml");
	const struct form_question *x;

	assert_string_equal(f->id, "all-features");
	assert_string_equal(f->version, "2026.2-test");
	assert_string_equal(f->title, "Every feature — Zoë's test form");
	assert_string_equal(f->intro, "A block of text shown at the start.\nIt keeps its line breaks.\n");
	assert_int_equal(strlen(f->hash), 64);
	assert_int_equal(f->nsections, 5);
	assert_int_equal(f->nlists, 4);
	assert_string_equal(f->lists[1].name, "met");
	assert_int_equal(f->lists[1].n, 3);
	assert_string_equal(f->lists[1].items[1].value, "partly met");
	assert_string_equal(f->lists[1].items[1].label, "partly met");
	assert_string_equal(f->lists[0].items[2].hint, "Often goes beyond what the role asks.");

	assert_string_equal(f->sections[0].id, "welcome");
	assert_string_equal(f->sections[0].intro, "Start gently.");
	assert_int_equal(f->sections[0].nguide, 2);
	assert_string_equal(f->sections[0].guide[1], "What would make today useful?");
	assert_int_equal(f->sections[1].nguide, 1);	/* a single prompt */
	assert_null(f->sections[0].when);
	assert_non_null(f->sections[3].when);

	x = q(f, "welcome.checkin");
	assert_int_equal(x->type, FORM_TEXT);
	assert_string_equal(x->label, "How is the person today?");
	assert_string_equal(x->hint, "In their own words.");
	assert_true(x->required);
	assert_string_equal(x->required_msg, "Write a line about how they are.");
	assert_non_null(x->constraint);
	assert_string_equal(x->constraint_msg, "Keep it under 2000 characters.");
	assert_string_equal(x->default_value, "");
	assert_string_equal(x->path, "welcome.checkin");
	assert_int_equal(x->line, 36);
	assert_int_equal(x->col, 9);

	x = q(f, "welcome.ok");
	assert_true(x->required);
	assert_string_equal(x->required_msg, "This question needs an answer.");
	assert_string_equal(x->default_value, "yes");
	assert_int_equal(q(f, "welcome.guidance")->type, FORM_NOTE);

	x = q(f, "performance.objectives");
	assert_int_equal(x->type, FORM_LIST);
	assert_string_equal(x->item, "Objective");
	assert_true(x->has_min && x->has_max);
	assert_true(x->min == 0 && x->max == 10);
	assert_ptr_equal(x->carry_from, x);
	assert_int_equal(x->nquestions, 4);
	assert_ptr_equal(q(f, "performance.objectives.extra.detail")->list, x);
	assert_ptr_equal(q(f, "performance.review")->carry_from, x);
	assert_string_equal(q(f, "performance.review")->carry, "performance.objectives");

	x = q(f, "performance.hours");
	assert_int_equal(x->type, FORM_NUMBER);
	assert_true(x->has_min && x->min == 0 && x->has_max && x->max == 100.5);
	assert_string_equal(x->default_value, "10");
	x = q(f, "performance.scale");
	assert_ptr_equal(x->choices, &f->lists[0]);
	assert_string_equal(form_choice_label(x, "strong"), "Strong");
	assert_null(form_choice_label(x, "great"));
	x = q(f, "performance.inline");
	assert_null(x->choices->name);
	assert_int_equal(x->choices->n, 2);
	assert_string_equal(form_choice_label(x, "two"), "Two");
	assert_string_equal(q(f, "performance.many")->default_value, "a\nc");
	assert_string_equal(q(f, "performance.since")->default_value, "2026-01-31");

	/* the PDP list and its TNA columns */
	assert_ptr_equal(f->pdp, q(f, "pdp.goals"));
	assert_true(f->pdp->pdp);
	assert_ptr_equal(f->pdp->tna[FORM_TNA_TYPE], q(f, "pdp.goals.kind"));
	assert_ptr_equal(f->pdp->tna[FORM_TNA_TARGET_DATE], q(f, "pdp.goals.target_date"));
	assert_string_equal(form_tna_names[FORM_TNA_TARGET_DATE], "target_date");
	for (int k = 0; k < FORM_TNA_N; k++)
		assert_non_null(f->pdp->tna[k]);
	assert_false(q(f, "pdp.followup")->pdp);
	assert_string_equal(form_type_name(FORM_CHOICES), "choices");
	assert_string_equal(form_type_name(FORM_NTYPES), "?");
	form_free(f);
}

static int count_q(const struct form_question *x, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

static int stop_at_values(const struct form_question *x, void *arg)
{
	*(const struct form_question **)arg = x;
	return !strcmp(x->section->id, "values") ? 7 : 0;
}

static void test_find_and_paths(void **state)
{
	struct form *f = load_good("all_features.yaml");
	const struct form_question *x = NULL;
	struct sbuf sb = SBUF_INIT;
	size_t idx[1] = { 2 };
	int n = 0;

	assert_ptr_equal(form_find(f, "pdp.goals[3].need"), form_find(f, "pdp.goals.need"));
	assert_non_null(form_find(f, "values.care.inner.deep"));
	assert_null(form_find(f, "values.care[0].rating"));	/* a group has no items */
	assert_null(form_find(f, "pdp.goals[x].need"));
	assert_null(form_find(f, "pdp.goals[1]x.need"));
	assert_null(form_find(f, "pdp.goals[].need"));
	assert_null(form_find(f, "pdp"));
	assert_null(form_find(f, "pdp."));
	assert_null(form_find(f, "nosuch.thing"));
	assert_null(form_find(f, "pdp.goals.need.more"));
	assert_null(form_find(f, ""));

	form_answer_path(q(f, "pdp.goals.need"), idx, 1, &sb);
	assert_string_equal(sb.buf, "pdp.goals[2].need");
	sbuf_reset(&sb);
	form_answer_path(q(f, "performance.objectives.extra.detail"), idx, 1, &sb);
	assert_string_equal(sb.buf, "performance.objectives[2].extra.detail");
	sbuf_reset(&sb);
	form_answer_path(q(f, "performance.objectives"), NULL, 0, &sb);
	assert_string_equal(sb.buf, "performance.objectives");
	sbuf_reset(&sb);
	form_answer_path(q(f, "values.care.rating"), NULL, 0, &sb);
	assert_string_equal(sb.buf, "values.care.rating");
	sbuf_release(&sb);

	assert_int_equal(form_path_private(f, "wellbeing.mental"), 1);
	assert_int_equal(form_path_private(f, "wellbeing.status"), 0);	/* private: false */
	assert_int_equal(form_path_private(f, "wellbeing.group.inside"), 1);	/* inherited */
	assert_int_equal(form_path_private(f, "wellbeing.group.shared"), 0);
	assert_int_equal(form_path_private(f, "welcome.why_not"), 1);
	assert_int_equal(form_path_private(f, "welcome.checkin"), 0);
	assert_int_equal(form_path_private(f, "pdp.goals[0].need"), 0);
	assert_int_equal(form_path_private(f, "wellbeing.gone"), -1);

	assert_int_equal(form_each_question(f, count_q, &n), 0);
	assert_int_equal(n, 41);
	assert_int_equal(form_each_question(f, stop_at_values, &x), 7);
	assert_string_equal(x->path, "values.care");
	form_free(f);
}

/* ---- answers, visibility, checks ---- */

struct answers {
	const char *kv[16][2];
	long nobjectives;
};

static const char *get(const char *path, void *arg)
{
	struct answers *a = arg;

	for (int i = 0; i < 16 && a->kv[i][0]; i++)
		if (!strcmp(a->kv[i][0], path))
			return a->kv[i][1];
	return NULL;
}

static long count(const char *path, void *arg)
{
	return !strcmp(path, "performance.objectives") ? ((struct answers *)arg)->nobjectives : 0;
}

static void test_visible(void **state)
{
	struct form *f = load_good("all_features.yaml");
	struct answers a = { { { "welcome.ok", "yes" },
			       { "performance.objectives[1].objective", "Learn" },
			       { "performance.objectives[1].measure", "A certificate" },
			       { "performance.objectives[0].measure", "no" },
			       { "welcome.checkin", "fine" } }, 2 };
	struct expr_env env = { get, count, &a, NULL, NULL, "2026-06-15" };
	const struct form_question *why = q(f, "welcome.why_not");

	assert_int_equal(form_visible(why, "welcome.why_not", &env), 0);
	a.kv[0][1] = "no";
	assert_int_equal(form_visible(why, "welcome.why_not", &env), 1);
	/* a section's when hides every question in it */
	assert_int_equal(form_visible(q(f, "wellbeing.status"), "wellbeing.status", &env), 0);
	a.kv[0][1] = "yes";
	assert_int_equal(form_visible(q(f, "wellbeing.status"), "wellbeing.status", &env), 1);
	assert_int_equal(form_visible(q(f, "wellbeing.mental"), "wellbeing.mental", &env), 0);
	/* inside a list, bare names read the same item */
	assert_int_equal(form_visible(q(f, "performance.objectives.measure"),
				      "performance.objectives[1].measure", &env), 1);
	assert_int_equal(form_visible(q(f, "performance.objectives.measure"),
				      "performance.objectives[0].measure", &env), 0);
	/* and an enclosing group's when counts, read in the same item */
	assert_int_equal(form_visible(q(f, "performance.objectives.extra.detail"),
				      "performance.objectives[1].extra.detail", &env), 1);
	assert_int_equal(form_visible(q(f, "performance.objectives.extra.detail"),
				      "performance.objectives[0].extra.detail", &env), 0);
	/* count() of a list */
	assert_int_equal(form_visible(q(f, "performance.hours"), "performance.hours", &env), 1);
	a.nobjectives = 0;
	assert_int_equal(form_visible(q(f, "performance.hours"), "performance.hours", &env), 0);
	form_free(f);
}

static int check(const struct form *f, const char *qpath, const char *path,
		 const char *value, const char *want_msg)
{
	struct answers a = { { { NULL, NULL } }, 0 };
	struct expr_env env = { get, count, &a, NULL, NULL, "2026-06-15" };
	struct sbuf msg = SBUF_INIT;
	int r = form_answer_check(q(f, qpath), path, value, &env, &msg);

	if (want_msg)
		assert_string_equal(msg.buf, want_msg);
	else if (r)
		fail_msg("%s = '%s' refused: %s", path, value, msg.buf);
	sbuf_release(&msg);
	return r;
}

static void test_answer_check(void **state)
{
	struct form *f = load_good("all_features.yaml");
	struct sbuf msg = SBUF_INIT;
	struct sbuf big = SBUF_INIT;

	assert_int_equal(check(f, "welcome.checkin", "welcome.checkin", "", "Write a line about how they are."), 1);
	assert_int_equal(check(f, "welcome.checkin", "welcome.checkin", NULL, "Write a line about how they are."), 1);
	assert_int_equal(check(f, "welcome.checkin", "welcome.checkin", "Fine, thanks", NULL), 0);
	for (int i = 0; i < 2001; i++)
		sbuf_addch(&big, 'x');
	assert_int_equal(check(f, "welcome.checkin", "welcome.checkin", big.buf, "Keep it under 2000 characters."), 1);
	sbuf_release(&big);
	assert_int_equal(check(f, "welcome.ok", "welcome.ok", "maybe", "Answer yes or no."), 1);
	assert_int_equal(check(f, "welcome.ok", "welcome.ok", "no", NULL), 0);
	assert_int_equal(check(f, "welcome.why_not", "welcome.why_not", "", NULL), 0);	/* optional */
	assert_int_equal(check(f, "welcome.why_not", "welcome.why_not", "a\nb", "Keep this to one line."), 1);
	assert_int_equal(check(f, "performance.hours", "performance.hours", "ten", "Write a number, e.g. 12 or 7.5."), 1);
	assert_int_equal(check(f, "performance.hours", "performance.hours", "-1", "The number must be at least 0."), 1);
	assert_int_equal(check(f, "performance.hours", "performance.hours", "100.6", "The number must be at most 100.5."), 1);
	assert_int_equal(check(f, "performance.hours", "performance.hours", "100.5", NULL), 0);
	assert_int_equal(check(f, "performance.scale", "performance.scale", "great", "Pick one of the choices."), 1);
	assert_int_equal(check(f, "performance.scale", "performance.scale", "strong", NULL), 0);
	assert_int_equal(check(f, "performance.many", "performance.many", "a\nc", NULL), 0);
	assert_int_equal(check(f, "performance.many", "performance.many", "a\nz", "Pick from the choices only."), 1);
	assert_int_equal(check(f, "performance.since", "performance.since", "2026-02-30",
			       "Write a date as YYYY-MM-DD, e.g. 2026-03-31."), 1);
	/* a constraint with "." and today() (2026-06-15 here) */
	assert_int_equal(check(f, "performance.objectives.target_date", "performance.objectives[0].target_date",
			       "2026-06-14", "The target date must not be in the past."), 1);
	assert_int_equal(check(f, "performance.objectives.target_date", "performance.objectives[0].target_date",
			       "2026-06-15", NULL), 0);
	/* notes, groups and lists have no answer to check */
	assert_int_equal(check(f, "welcome.guidance", "welcome.guidance", "", NULL), 0);

	assert_int_equal(form_list_check(q(f, "pdp.goals"), 0, &msg), 1);
	assert_string_equal(msg.buf, "Add at least 1 item.");
	sbuf_reset(&msg);
	assert_int_equal(form_list_check(q(f, "pdp.goals"), 6, &msg), 1);
	assert_string_equal(msg.buf, "Keep to at most 5 items.");
	sbuf_reset(&msg);
	assert_int_equal(form_list_check(q(f, "pdp.goals"), 5, &msg), 0);
	assert_int_equal(form_list_check(q(f, "pdp.followup"), 500, &msg), 0);
	assert_int_equal(msg.len, 0);
	sbuf_release(&msg);
	form_free(f);
}

/* ---- loading ---- */

static void test_hash_and_text(void **state)
{
	static const char text[] =
		"form: tiny\nversion: 3\ntitle: Tiny\nsections:\n"
		"  - id: s\n    title: S\n    questions:\n"
		"      - { id: a, type: text, label: A }\n";
	struct diag d = DIAG_INIT;
	struct form *f = form_load_text("tiny.yaml", text, sizeof(text) - 1, &d);
	struct form *g;

	assert_non_null(f);
	assert_int_equal(d.n, 0);
	assert_string_equal(f->name, "tiny.yaml");
	assert_int_equal(f->source_len, sizeof(text) - 1);
	assert_memory_equal(f->source, text, sizeof(text));
	/* one byte more: another hash */
	g = form_load_text("tiny.yaml", text, sizeof(text) - 2, &d);
	assert_non_null(g);
	assert_string_not_equal(f->hash, g->hash);
	form_free(g);
	form_free(f);

	/* BLAKE2b-256 of the bytes, as b2sum -l 256 gives it */
	f = load_good("minimal.yaml");
	assert_string_equal(f->hash, "4850181b794077cdb005a9f7ed972e6c12a02de7a803ffb7ea3a112c580ee3e1");
	form_free(f);
	form_free(NULL);
}

static void test_problems_in_order(void **state)
{
	static const char text[] =
		"form: t\nversion: 1\ntitle: T\nsections:\n"
		"  - id: s\n    title: S\n    questions:\n"
		"      - { id: a, type: text, label: A, when: \"s.b == 'x'\" }\n"
		"      - { id: b, type: txet, label: B }\n";
	struct diag d = DIAG_INIT;
	struct sbuf line = SBUF_INIT;

	assert_null(form_load_text("x.yaml", text, sizeof(text) - 1, &d));
	assert_int_equal(d.n, 2);
	diag_format(&d.items[0], &line);
	assert_string_equal(line.buf, "x.yaml:8:47: error: s.a: when: 's.b' comes later in "
			    "the form (line 9); 'when' can only look at earlier questions");
	sbuf_reset(&line);
	diag_format(&d.items[1], &line);
	assert_string_equal(line.buf, "x.yaml:9:24: error: s.b: unknown question type 'txet' "
			    "(did you mean 'text'?)");
	sbuf_release(&line);
	diag_release(&d);

	/* a file that cannot be read is one problem, without a position */
	assert_null(form_load_file("/nonexistent/form.yaml", &d));
	assert_int_equal(d.n, 1);
	assert_int_equal(d.items[0].line, 0);
	assert_string_equal(d.items[0].msg, "No such file or directory");
	diag_release(&d);
}

/* Every prefix and many single-byte changes of a rich form: a form or
 * problems, never a crash (ASan/valgrind would see a leak). */
static void test_damaged_input(void **state)
{
	struct sbuf src = SBUF_INIT, path = SBUF_INIT, copy = SBUF_INIT;
	struct err err = ERR_INIT;
	unsigned seed = 12345;
	int loaded = 0, refused = 0;

	sbuf_addf(&path, "%s/tests/forms/good/all_features.yaml",
		  getenv("EADR_SRCDIR") ? getenv("EADR_SRCDIR") : ".");
	assert_int_equal(file_read(path.buf, &src, 1 << 20, &err), 0);
	for (size_t len = 0; len <= src.len; len += 3) {
		struct diag d = DIAG_INIT;
		struct form *f = form_load_text("cut.yaml", src.buf, len, &d);

		if (f)
			loaded++;
		else
			assert_true(d.n > 0), refused++;
		form_free(f);
		diag_release(&d);
	}
	for (int i = 0; i < 3000; i++) {
		struct diag d = DIAG_INIT;
		struct form *f;
		static const char bytes[] = "\0\n\t :-[]{}&*!|>'\"#%@`,?.=()\xc3\xff";

		sbuf_reset(&copy);
		sbuf_add(&copy, src.buf, src.len);
		for (int k = 0; k < 3; k++) {
			seed = seed * 1103515245u + 12345u;
			copy.buf[(seed >> 8) % copy.len] = bytes[(seed >> 20) % (sizeof(bytes) - 1)];
		}
		f = form_load_text("flip.yaml", copy.buf, copy.len, &d);
		assert_true(f || d.n > 0);
		refused += !f;
		form_free(f);
		diag_release(&d);
	}
	assert_true(loaded > 0 && refused > 0);
	sbuf_release(&src);
	sbuf_release(&copy);
	sbuf_release(&path);
}

/* ---- the form folders ---- */

static void put(const char *dir, const char *name, const char *id, const char *version)
{
	struct sbuf path = SBUF_INIT, text = SBUF_INIT;
	struct err err = ERR_INIT;

	sbuf_addf(&path, "%s/%s", dir, name);
	sbuf_addf(&text, "form: %s\nversion: \"%s\"\ntitle: %s %s\nsections:\n"
		  "  - id: s\n    title: S\n    questions:\n"
		  "      - { id: a, type: text, label: A }\n", id, version, id, version);
	assert_int_equal(file_write_atomic(path.buf, text.buf, text.len, 0644, &err), 0);
	sbuf_release(&path);
	sbuf_release(&text);
}

/* A forms folder that exists but holds no form: nothing found, no
 * undefined behaviour on the way (the sanitizer build checks the sort). */
static void test_empty_folder(void **state)
{
	char *dir = tu_tmpdir(), *other = tu_path(dir, "README.txt");
	const char *dirs[1] = { dir };
	struct form_entry *e = NULL;
	struct form *f = NULL;
	struct err err = ERR_INIT;
	size_t n = 99;

	(void)state;
	assert_int_equal(form_catalog(dirs, 1, &e, &n, &err), 0);
	assert_int_equal(n, 0);
	form_catalog_free(e, n);
	assert_int_equal(form_find_newest(dirs, 1, "eadr", &f, &err), 0);
	assert_null(f);
	tu_write(other, "not a form\n", 11);	/* no .yaml file either */
	assert_int_equal(form_catalog(dirs, 1, &e, &n, &err), 0);
	assert_int_equal(n, 0);
	form_catalog_free(e, n);
	free(other);
	tu_rmdir(dir);
	err_release(&err);
}

static void test_versions_and_folders(void **state)
{
	char *d1 = tu_tmpdir(), *d2 = tu_tmpdir();
	const char *dirs[3] = { "/nonexistent/forms", d1, d2 };
	struct err err = ERR_INIT;
	struct form *f = NULL;
	struct form_entry *cat;
	size_t ncat;
	struct sbuf bad = SBUF_INIT;

	assert_true(form_version_cmp("2026.10", "2026.9") > 0);
	assert_true(form_version_cmp("2026.1", "2026.2") < 0);
	assert_int_equal(form_version_cmp("2026.1", "2026.01"), 0);
	assert_true(form_version_cmp("2", "10") < 0);
	assert_true(form_version_cmp("2026.1-b", "2026.1-a") > 0);
	assert_true(form_version_cmp("2026.1", "2026.1.1") < 0);
	assert_int_equal(form_version_cmp("", ""), 0);

	put(d1, "eadr.yaml", "eadr", "2026.9");
	put(d1, "midyear.yml", "midyear", "1");
	put(d2, "eadr-2026.10.yaml", "eadr", "2026.10");
	put(d2, "eadr-copy.yaml", "eadr", "2026.9");
	put(d2, "notes.txt", "other", "99");	/* not .yaml: not read */
	sbuf_addf(&bad, "%s/broken.yaml", d2);
	assert_int_equal(file_write_atomic(bad.buf, "form: eadr\nversion: 2099\n", 25, 0644, &err), 0);

	assert_int_equal(form_find_newest(dirs, 3, "eadr", &f, &err), 1);
	assert_string_equal(f->version, "2026.10");
	form_free(f);
	assert_int_equal(form_find_newest(dirs, 2, "eadr", &f, &err), 1);
	assert_string_equal(f->version, "2026.9");
	form_free(f);
	/* equal versions: the earlier folder wins */
	dirs[0] = d2;
	dirs[2] = d1;
	put(d1, "eadr-2026.10.yaml", "eadr", "2026.10");
	assert_int_equal(form_find_newest(dirs, 3, "eadr", &f, &err), 1);
	assert_non_null(strstr(f->name, d2));
	form_free(f);
	assert_int_equal(form_find_newest(dirs, 3, "other", &f, &err), 0);
	assert_null(f);

	assert_int_equal(form_catalog(dirs, 3, &cat, &ncat, &err), 0);
	assert_int_equal(ncat, 2);
	assert_string_equal(cat[0].id, "eadr");
	assert_string_equal(cat[0].version, "2026.10");
	assert_string_equal(cat[0].title, "eadr 2026.10");
	assert_string_equal(cat[1].id, "midyear");
	assert_non_null(strstr(cat[1].path, "/midyear.yml"));
	form_catalog_free(cat, ncat);

	sbuf_release(&bad);
	err_release(&err);
	tu_rmdir(d1);
	tu_rmdir(d2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model),
		cmocka_unit_test(test_find_and_paths),
		cmocka_unit_test(test_visible),
		cmocka_unit_test(test_answer_check),
		cmocka_unit_test(test_hash_and_text),
		cmocka_unit_test(test_problems_in_order),
		cmocka_unit_test(test_damaged_input),
		cmocka_unit_test(test_empty_folder),
		cmocka_unit_test(test_versions_and_folders),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
