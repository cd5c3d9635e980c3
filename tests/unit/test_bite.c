/*
 * test_bite.c - promises whose deliberate breakage once went unnoticed
 * (issue 19), each with a test that fails when its guard is broken: a
 * database from the very next eadr refused byte for byte unchanged (with
 * and without a -wal file), `<` and `>` false for equal values in `when`
 * and constraints, and a 3-byte overlong UTF-8 sequence refused in answers.
 * tests/mutants/run breaks each guard on purpose and runs this file.
 */
#include <sys/stat.h>

#include "testutil.h"
#include "lib/expr.h"
#include "lib/form.h"
#include "lib/diag.h"
#include "lib/store_int.h"
#include "lib/utf8.h"
#include "lib/util.h"

/* ---- a database from the next eadr: refused, unchanged --------------- */

struct fx {
	char *dir, *path, *wal;
};

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));

	f->dir = tu_tmpdir();
	f->path = tu_path(f->dir, "eadr.db");
	f->wal = tu_path(f->dir, "eadr.db-wal");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	free(f->path);
	free(f->wal);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

/* A real eadr database with one person in it, closed. */
static void make_db(const char *path)
{
	struct err err = ERR_INIT;
	struct store *st = store_open(path, NULL, &err);
	struct staff s = { "100", "Test Person", "Paramedic", "6", "Northgate", "", NULL };

	if (!st)
		fail_msg("store_open: %s", err_msg(&err));
	assert_int_equal(store_staff_put(st, &s, NULL, NULL), 0);
	store_close(st);
}

/*
 * Set user_version as the next eadr would.  keep_wal: leave the change in
 * a -wal file beside the database (no checkpoint on close), as a laptop
 * that lost power right after the next eadr wrote would.
 */
static void set_version(const char *path, int version, int keep_wal)
{
	sqlite3 *db;
	char sql[128];

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	if (keep_wal)
		assert_int_equal(sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
						   1, NULL), SQLITE_OK);
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d;"
		 " UPDATE staff SET name = 'Changed by the next eadr'", version);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

static void same_bytes(const char *path, const char *before, size_t nb)
{
	size_t na;
	char *after = tu_read(path, &na);

	assert_int_equal(na, nb);
	assert_memory_equal(after, before, nb);
	free(after);
}

static void refused_unchanged(struct fx *f, int keep_wal)
{
	struct err err = ERR_INIT;
	char want[64], *db, *wal = NULL;
	size_t ndb, nwal = 0;
	struct stat sb;
	int next = store_schema_latest() + 1;

	make_db(f->path);
	set_version(f->path, next, keep_wal);
	assert_int_equal(stat(f->wal, &sb) == 0, keep_wal);
	db = tu_read(f->path, &ndb);
	if (keep_wal) {
		wal = tu_read(f->wal, &nwal);
		assert_true(nwal > 0);
	}

	assert_null(store_open(f->path, NULL, &err));
	snprintf(want, sizeof(want), "schema %d;", next);
	assert_non_null(strstr(err_msg(&err), "newer eadr"));
	assert_non_null(strstr(err_msg(&err), want));

	same_bytes(f->path, db, ndb);
	if (keep_wal)
		same_bytes(f->wal, wal, nwal);
	else
		assert_int_equal(stat(f->wal, &sb), -1);
	free(db);
	free(wal);
	err_release(&err);
}

static void test_next_version_refused_unchanged(void **state)
{
	refused_unchanged(*state, 0);
}

static void test_next_version_with_wal_unchanged(void **state)
{
	refused_unchanged(*state, 1);
}

/* ---- `<` and `>` with equal values ------------------------------------ */

static const char *answers[][2] = {
	{ "s.n", "10" }, { "s.n2", "10.0" }, { "s.d", "2026-06-01" },
	{ "s.t", "same" }, { NULL, NULL },
};

static const char *get(const char *path, void *arg)
{
	(void)arg;
	for (size_t i = 0; answers[i][0]; i++)
		if (!strcmp(answers[i][0], path))
			return answers[i][1];
	return NULL;
}

static int eval(const char *src)
{
	struct err err = ERR_INIT;
	struct expr_env env = { get, NULL, NULL, NULL, NULL, "2026-06-01" };
	struct expr *e = expr_parse(src, NULL, &err);
	int r;

	if (!e)
		fail_msg("'%s' did not parse: %s", src, err_msg(&err));
	r = expr_eval(e, &env);
	expr_free(e);
	return r;
}

static void test_equal_values_expr(void **state)
{
	static const char *const equal[] = {
		"s.n ? 10", "s.n ? s.n2", "10 ? 10", "s.d ? '2026-06-01'",
		"s.d ? today()", "s.t ? 'same'", "'abc' ? 'abc'",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(equal) / sizeof(equal[0]); i++) {
		const char *ops[] = { "<", ">", "<=", ">=" };

		for (size_t o = 0; o < 4; o++) {
			char src[64];
			const char *q = strchr(equal[i], '?');

			snprintf(src, sizeof(src), "%.*s%s%s", (int)(q - equal[i]),
				 equal[i], ops[o], q + 1);
			if (eval(src) != (o >= 2))
				fail_msg("'%s' should be %s", src, o >= 2 ? "true" : "false");
		}
	}
}

static const char bite_form[] =
	"form: bite\n"
	"version: 1\n"
	"title: Equal values\n"
	"sections:\n"
	"  - id: s\n"
	"    title: S\n"
	"    questions:\n"
	"      - { id: n, type: number, label: N }\n"
	"      - { id: d, type: date, label: D }\n"
	"      - { id: t, type: line, label: T }\n"
	"      - { id: under, type: line, label: U, when: \"s.n < 10\" }\n"
	"      - { id: over, type: line, label: O, when: \"s.n > 10\" }\n"
	"      - { id: before, type: line, label: B, when: \"s.d < '2026-06-01'\" }\n"
	"      - { id: after, type: line, label: A, when: \"s.d > '2026-06-01'\" }\n"
	"      - { id: less, type: line, label: L, when: \"s.t < 'same'\" }\n"
	"      - { id: more, type: line, label: M, when: \"s.t > 'same'\" }\n"
	"      - { id: ok, type: line, label: K, when: \"s.n <= 10 and s.n >= 10\" }\n"
	"      - { id: nl, type: number, label: NL, constraint: { rule: \". < 10\", message: Under ten. } }\n"
	"      - { id: ng, type: number, label: NG, constraint: { rule: \". > 10\", message: Over ten. } }\n"
	"      - { id: dl, type: date, label: DL, constraint: { rule: \". < '2026-06-01'\", message: Before June. } }\n"
	"      - { id: dg, type: date, label: DG, constraint: { rule: \". > today()\", message: In the future. } }\n"
	"      - { id: tl, type: line, label: TL, constraint: { rule: \". < 'm'\", message: Before m. } }\n"
	"      - { id: tg, type: line, label: TG, constraint: { rule: \". > 'm'\", message: After m. } }\n";

static struct form *load_bite_form(void)
{
	struct diag d = DIAG_INIT;
	struct form *f = form_load_text("bite.yaml", bite_form, strlen(bite_form), &d);

	if (!f)
		fail_msg("the test form does not load");
	diag_release(&d);
	return f;
}

static int visible(const struct form *f, const char *path)
{
	struct expr_env env = { get, NULL, NULL, NULL, NULL, "2026-06-01" };
	const struct form_question *q = form_find(f, path);

	assert_non_null(q);
	return form_visible(q, path, &env);
}

/* 1 when value is refused as the answer at path. */
static int refused(const struct form *f, const char *path, const char *value)
{
	struct expr_env env = { get, NULL, NULL, NULL, NULL, "2026-06-01" };
	const struct form_question *q = form_find(f, path);
	struct sbuf msg = SBUF_INIT;
	int r;

	assert_non_null(q);
	r = form_answer_check(q, path, value, &env, &msg);
	assert_int_equal(r != 0, msg.len != 0);
	sbuf_release(&msg);
	return r;
}

static void test_equal_values_when(void **state)
{
	struct form *f = load_bite_form();

	(void)state;
	assert_false(visible(f, "s.under"));
	assert_false(visible(f, "s.over"));
	assert_false(visible(f, "s.before"));
	assert_false(visible(f, "s.after"));
	assert_false(visible(f, "s.less"));
	assert_false(visible(f, "s.more"));
	assert_true(visible(f, "s.ok"));
	form_free(f);
}

static void test_equal_values_constraint(void **state)
{
	struct form *f = load_bite_form();

	(void)state;
	assert_true(refused(f, "s.nl", "10"));
	assert_false(refused(f, "s.nl", "9.5"));
	assert_true(refused(f, "s.ng", "10"));
	assert_false(refused(f, "s.ng", "10.5"));
	assert_true(refused(f, "s.dl", "2026-06-01"));
	assert_false(refused(f, "s.dl", "2026-05-31"));
	assert_true(refused(f, "s.dg", "2026-06-01"));	/* today */
	assert_false(refused(f, "s.dg", "2026-06-02"));
	assert_true(refused(f, "s.tl", "m"));
	assert_false(refused(f, "s.tl", "l"));
	assert_true(refused(f, "s.tg", "m"));
	assert_false(refused(f, "s.tg", "n"));
	form_free(f);
}

/* ---- a 3-byte overlong UTF-8 sequence --------------------------------- */

static void test_overlong_3byte(void **state)
{
	struct fx *f = *state;
	struct err err = ERR_INIT;
	struct store *st;
	struct store_appraisal a;
	char *v = NULL;

	/* E0 80 AF is '/' (U+002F) in three bytes; E0 A0 80 is U+0800, the
	 * first code point that really needs three. */
	assert_false(utf8_valid("\xe0\x80\xaf", 3));
	assert_false(utf8_valid("a\xe0\x9f\xbfz", 5));	/* U+07FF in three bytes */
	assert_true(utf8_valid("\xe0\xa0\x80", 3));
	assert_false(utf8_valid("\xf0\x8f\xbf\xbf", 4));	/* U+FFFF in four */

	make_db(f->path);
	st = store_open(f->path, NULL, &err);
	assert_non_null(st);
	assert_int_equal(store_appraisal_new(st, "100", "Manager", "eadr", "1", "hash",
					     &a, &err), 0);
	assert_int_equal(store_answer_set(st, a.id, "s.t", "..\xe0\x80\xaf" "etc", 0, &err), -1);
	assert_non_null(strstr(err_msg(&err), "not valid UTF-8"));
	assert_int_equal(store_answer_get(st, a.id, "s.t", &v, NULL, NULL), 0);
	assert_null(v);
	assert_int_equal(store_answer_set(st, a.id, "s.t", "\xe0\xa0\x80", 0, &err), 0);
	store_appraisal_release(&a);
	store_close(st);
	err_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_next_version_refused_unchanged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_next_version_with_wal_unchanged, setup, teardown),
		cmocka_unit_test(test_equal_values_expr),
		cmocka_unit_test(test_equal_values_when),
		cmocka_unit_test(test_equal_values_constraint),
		cmocka_unit_test_setup_teardown(test_overlong_3byte, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
