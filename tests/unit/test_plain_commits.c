/*
 * test_plain_commits.c - plain mode writes one commit per answer: the
 * place it is at (the resume point) goes in the answer's transaction, not
 * a transaction of its own (issue 17).  The walk of cli/plain.c is driven
 * from a file on standard input; SQLite's commit hook counts the commits.
 */
#include "testutil.h"
#include "cli/plain.h"
#include "lib/appr.h"
#include "lib/store.h"
#include "lib/store_int.h"

static const char form_yaml[] =
	"form: eadr\n"
	"version: 2026.1\n"
	"title: Test\n"
	"sections:\n"
	"  - id: a\n"
	"    title: First\n"
	"    questions:\n"
	"      - { id: one, type: line, label: One }\n"
	"      - { id: two, type: line, label: Two }\n"
	"      - { id: three, type: text, label: Three }\n"
	"      - { id: four, type: line, label: Four }\n";

static int commits;

static int count_commit(void *arg)
{
	(void)arg;
	commits++;
	return 0;
}

static void test_one_commit_per_answer(void **state)
{
	char *dir = tu_tmpdir(), *db = tu_path(dir, "eadr.db"), *in = tu_path(dir, "in");
	char *out = tu_path(dir, "out");
	/* three answers (the text one ends with "."), then one kept */
	static const char input[] = "first\nsecond\nthird line\n.\n\n";
	struct staff s = { "100234", "Zoë Ó Súilleabháin", "Paramedic", "6", "Northgate",
			   "", NULL };
	struct err err = ERR_INIT;
	struct diag d = DIAG_INIT;
	struct plain p;
	struct form *form;
	struct store *st;
	long long id;
	int saved;

	(void)state;
	st = store_open(db, NULL, &err);
	assert_non_null(st);
	form = form_load_text("test.yaml", form_yaml, sizeof(form_yaml) - 1, &d);
	assert_non_null(form);
	assert_int_equal(store_staff_put(st, &s, NULL, &err), 0);
	assert_int_equal(appr_start(st, form, "100234", "Ffion", &id, &err), 0);
	memset(&p, 0, sizeof(p));
	p.st = st;
	p.walking = 1;
	p.ap = appr_open(st, id, NULL, 0, &err);
	assert_non_null(p.ap);
	tu_write(in, input, sizeof(input) - 1);
	assert_non_null(freopen(in, "r", stdin));
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	assert_true(saved >= 0);
	assert_non_null(freopen(out, "w", stdout));	/* what plain mode says */

	sqlite3_commit_hook(st->db, count_commit, NULL);
	commits = 0;
	assert_int_equal(plain_walk_section(&p, 0), 0);
	sqlite3_commit_hook(st->db, NULL, NULL);
	fflush(stdout);
	assert_int_equal(dup2(saved, STDOUT_FILENO), STDOUT_FILENO);
	close(saved);
	/* One per answer; the kept fourth saves its place once. */
	assert_int_equal(commits, 4);
	assert_string_equal(appr_get(p.ap, "a.one"), "first");
	assert_string_equal(appr_get(p.ap, "a.three"), "third line");
	appr_free(p.ap);
	/* The place was saved: a reopened appraisal resumes at the last. */
	p.ap = appr_open(st, id, NULL, 0, &err);
	assert_non_null(p.ap);
	assert_string_equal(p.ap->rec.resume_at, "a.four");
	appr_free(p.ap);
	plain_hist_free(&p);
	free(p.line);
	free(p.ask);
	form_free(form);
	diag_release(&d);
	store_close(st);
	err_release(&err);
	free(db);
	free(in);
	free(out);
	tu_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_commit_per_answer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
