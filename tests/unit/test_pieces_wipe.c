/*
 * test_pieces_wipe.c - the plain text that the pieces of a long answer
 * keep in memory (lib/store_pieces.c's cache) is wiped before it is freed
 * (issue 17, found in review).  This program replaces free() to look into
 * every block freed while the cache is dropped; so it cannot run under
 * AddressSanitizer, which owns free() itself, and skips there.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <malloc.h>
#include <string.h>

#include "testutil.h"
#include "lib/appr.h"
#include "lib/store_int.h"

#if defined(__SANITIZE_ADDRESS__)
#define NO_FREE_HOOK 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NO_FREE_HOOK 1
#endif
#endif

#ifndef NO_FREE_HOOK
extern void __libc_free(void *p);

static int watching, seen;

/* Every block freed while watching is looked into for the marker. */
void free(void *p)
{
	if (p && watching && memmem(p, malloc_usable_size(p), "WIPEMARK", 8))
		seen++;
	__libc_free(p);
}

static const char form_yaml[] =
	TU_FORM_FIRST_SECTION
	"      - { id: story, type: text, label: Story }\n";
#endif

#ifndef NO_FREE_HOOK
static void test_cache_wiped(void **state)
{
	struct err err = ERR_INIT;
	struct diag d = DIAG_INIT;
	struct staff s = { "100234", "Zoë Ó Súilleabháin", "Paramedic", "6", "Northgate", "", NULL };
	char *dir = tu_tmpdir(), *path = tu_path(dir, "eadr.db");
	struct store *st = store_open(path, NULL, &err);
	struct form *f = form_load_text("test.yaml", form_yaml, sizeof(form_yaml) - 1, &d);
	struct sbuf t = SBUF_INIT;
	long long id;

	(void)state;
	assert_non_null(st);
	assert_non_null(f);
	assert_int_equal(store_staff_put(st, &s, NULL, &err), 0);
	assert_int_equal(appr_start(st, f, "100234", "Ffion", &id, &err), 0);
	while (t.len < 6000)
		sbuf_adds(&t, "Zoë said the shift went well. ");
	sbuf_adds(&t, "WIPEMARK");
	/* the first save writes the row, the second the pieces (and the cache) */
	for (int i = 0; i < 3; i++) {
		sbuf_adds(&t, " more");
		if (store_answer_set(st, id, "a.story", t.buf, 0, &err) < 0)
			fail_msg("%s", err_msg(&err));
	}
	assert_non_null(st->pieces);
	watching = 1;
	seen = 0;
	store_pieces_release(st);
	watching = 0;
	assert_null(st->pieces);
	assert_int_equal(seen, 0);
	sbuf_release(&t);
	form_free(f);
	diag_release(&d);
	store_close(st);
	free(path);
	tu_rmdir(dir);
}
#endif

int main(void)
{
#ifdef NO_FREE_HOOK
	puts("1..0 # SKIP AddressSanitizer owns free()");
	return 0;
#else
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cache_wiped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
#endif
}
