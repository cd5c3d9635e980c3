/*
 * test_form_cache.c - the cache of parsed forms (lib/form.c): a kept form
 * is found by its hash and shared, each holder lets it go with form_free,
 * and the cache's own hold keeps it alive until four newer forms push it
 * out; an appraisal opened after another on a changed form (the same id,
 * other bytes) gets its own form, not the one parsed before.
 */
#include "testutil.h"
#include "lib/appr.h"
#include "lib/form.h"

static struct form *load(const char *version)
{
	struct sbuf y = SBUF_INIT;
	struct diag d = DIAG_INIT;
	struct form *f;

	sbuf_addf(&y, "form: cached\nversion: %s\ntitle: T\nsections:\n"
		  "  - id: a\n    title: A\n    questions:\n"
		  "      - { id: q, type: line, label: Q }\n", version);
	f = form_load_text("cached.yaml", y.buf, y.len, &d);
	assert_non_null(f);
	diag_release(&d);
	sbuf_release(&y);
	return f;
}

static void test_shared_by_hash(void **state)
{
	struct form *f = load("1"), *g, *h;
	char hash[65];

	(void)state;
	memcpy(hash, f->hash, sizeof(hash));
	assert_null(form_cache_get(hash));
	form_cache_put(f);
	g = form_cache_get(hash);
	assert_ptr_equal(g, f);
	form_free(g);
	form_free(f);	/* both holders gone: the cache still holds it */
	h = form_cache_get(hash);
	assert_ptr_equal(h, f);
	assert_string_equal(h->version, "1");
	form_free(h);
	/* Four newer forms push it out (and free it). */
	for (int i = 2; i <= 5; i++) {
		char v[8];
		struct form *n;

		snprintf(v, sizeof(v), "%d", i);
		n = load(v);
		form_cache_put(n);
		form_free(n);
	}
	assert_null(form_cache_get(hash));
}

/* Two appraisals on two versions of a form, opened one after the other in
 * one process: each with the form it was started on. */
static void test_changed_form_picked_up(void **state)
{
	char *dir = tu_tmpdir(), *path = tu_path(dir, "eadr.db");
	struct err err = ERR_INIT;
	struct store *st = store_open(path, NULL, &err);
	struct staff a = { "1", "Ann", "", "", "", "", NULL }, b = { "2", "Bo", "", "", "", "", NULL };
	struct form *f1 = load("\"10\""), *f2 = load("\"11\"");
	struct appr *x, *y, *z;
	long long ida, idb;

	(void)state;
	assert_non_null(st);
	assert_string_not_equal(f1->hash, f2->hash);
	assert_int_equal(store_staff_put(st, &a, NULL, &err), 0);
	assert_int_equal(store_staff_put(st, &b, NULL, &err), 0);
	assert_int_equal(appr_start(st, f1, "1", "M", &ida, &err), 0);
	assert_int_equal(appr_start(st, f2, "2", "M", &idb, &err), 0);
	x = appr_open(st, ida, NULL, 0, &err);
	assert_non_null(x);
	assert_string_equal(x->form->version, "10");
	y = appr_open(st, idb, NULL, 0, &err);	/* x's form is in the cache now */
	assert_non_null(y);
	assert_string_equal(y->form->version, "11");
	assert_string_equal(y->form->hash, f2->hash);
	z = appr_open(st, ida, NULL, 0, &err);	/* and back: the first one's */
	assert_non_null(z);
	assert_string_equal(z->form->version, "10");
	appr_free(x);
	appr_free(y);
	appr_free(z);
	form_free(f1);
	form_free(f2);
	store_close(st);
	free(path);
	tu_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shared_by_hash),
		cmocka_unit_test(test_changed_form_picked_up),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
