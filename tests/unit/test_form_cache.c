/*
 * test_form_cache.c - the cache of parsed forms (lib/form.c): a kept form
 * is found by its hash and shared, each holder lets it go with form_free,
 * and the cache's own hold keeps it alive until four newer forms push it
 * out.
 */
#include "testutil.h"
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shared_by_hash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
