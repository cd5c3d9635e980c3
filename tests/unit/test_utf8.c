/*
 * test_utf8.c - the one UTF-8 module: strict decoding (overlongs,
 * surrogates, past U+10FFFF), encoding, validation, and display widths of
 * accents, combining marks, CJK and emoji the same in every locale.
 */
#include "testutil.h"

#include <locale.h>

#include "lib/utf8.h"

static void test_valid(void **state)
{
	static const char *good[] = { "", "plain", "Zo\xc3\xab", "\xe4\xb8\xad\xe6\x96\x87",
		"\xf0\x9f\x9a\x91", "e\xcc\x81" };
	static const char *bad[] = { "\xff", "\xc3", "\xc0\xaf", "\xed\xa0\x80",
		"\xf4\x90\x80\x80", "ab\xe4\xb8", "\x80" };

	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++)
		assert_true(utf8_valid(good[i], strlen(good[i])));
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		assert_false(utf8_valid(bad[i], strlen(bad[i])));
}

static void test_encode(void **state)
{
	static const struct { uint32_t c; const char *want; } cases[] = {
		{ 'A', "A" }, { 0xEB, "\xc3\xab" }, { 0x4E2D, "\xe4\xb8\xad" },
		{ 0x1F691, "\xf0\x9f\x9a\x91" }, { 0xD800, "\xef\xbf\xbd" },
		{ 0x110000, "\xef\xbf\xbd" },
	};
	char out[4];

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		size_t n = utf8_encode(cases[i].c, out);

		assert_int_equal(n, strlen(cases[i].want));
		assert_memory_equal(out, cases[i].want, n);
		assert_true(utf8_valid(out, n));
	}
}

static void test_decode(void **state)
{
	static const struct { const char *s; size_t len; uint32_t cp; } good[] = {
		{ "A", 1, 'A' }, { "\xc3\xab", 2, 0xEB }, { "\xe4\xb8\xad", 3, 0x4E2D },
		{ "\xf0\x9f\x9a\x91", 4, 0x1F691 }, { "\xf4\x8f\xbf\xbf", 4, 0x10FFFF },
		{ "\xed\x9f\xbf", 3, 0xD7FF }, { "\xee\x80\x80", 3, 0xE000 },
		{ "\xe0\xa0\x80", 3, 0x800 }, { "\xf0\x90\x80\x80", 4, 0x10000 },
	};
	static const char *bad[] = {
		"\xc0\xaf", "\xc1\xbf",		/* 2-byte overlongs */
		"\xe0\x80\xaf", "\xe0\x9f\xbf",	/* 3-byte overlongs */
		"\xf0\x80\x80\xaf", "\xf0\x8f\xbf\xbf",	/* 4-byte overlongs */
		"\xed\xa0\x80", "\xed\xbf\xbf",	/* surrogates */
		"\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xff",	/* past U+10FFFF */
		"\x80", "\xbf",				/* lone continuations */
		"\xc3", "\xe4\xb8", "\xf0\x9f\x9a",	/* cut short */
		"\xc3(", "\xe4\xb8(",			/* not continued */
	};
	uint32_t cp;

	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++) {
		cp = 0;
		assert_int_equal(utf8_decode(good[i].s, strlen(good[i].s), &cp), good[i].len);
		assert_int_equal(cp, good[i].cp);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		cp = 42;
		assert_int_equal(utf8_decode(bad[i], strlen(bad[i]), &cp), 0);
		assert_int_equal(cp, 42);	/* left alone */
		assert_false(utf8_valid(bad[i], strlen(bad[i])));
	}
	/* n bounds the read: a whole character past n does not count */
	assert_int_equal(utf8_decode("\xc3\xab", 1, &cp), 0);
	assert_int_equal(utf8_decode("", 0, &cp), 0);
	/* NUL is a character */
	assert_int_equal(utf8_decode("\0", 1, &cp), 1);
	assert_int_equal(cp, 0);
}

static void test_next(void **state)
{
	uint32_t cp;

	assert_int_equal(utf8_next("\xe0\x80\xaf", 3, &cp), 1);
	assert_int_equal(cp, UTF8_REPLACEMENT);
	assert_int_equal(utf8_next("\xe4\xb8\xad", 3, &cp), 3);
	assert_int_equal(cp, 0x4E2D);
	assert_int_equal(utf8_next("x", 0, &cp), 0);
}

static void test_valid_prefix(void **state)
{
	assert_int_equal(utf8_valid_prefix("Zo\xc3\xab", 4), 4);
	assert_int_equal(utf8_valid_prefix("Zo\xc3\xab\xe0\x80\xafx", 8), 4);
	assert_int_equal(utf8_valid_prefix("ab\xe4\xb8", 4), 2);
	assert_int_equal(utf8_valid_prefix("", 0), 0);
	assert_true(utf8_valid("a\0b", 3));	/* NUL is not a UTF-8 problem */
}

static void test_chars(void **state)
{
	assert_int_equal(utf8_chars("Zo\xc3\xab", 4), 3);
	assert_int_equal(utf8_chars("\xf0\x9f\x9a\x91\xe4\xb8\xad", 7), 2);
	assert_int_equal(utf8_chars("e\xcc\x81", 3), 2);	/* a mark is a character */
	assert_int_equal(utf8_chars("", 0), 0);
}

static void check_widths(void)
{
	static const struct { uint32_t c; int w; } cases[] = {
		{ 'A', 1 }, { ' ', 1 }, { 0xEB, 1 }, { 0xE9, 1 },	/* ASCII, Latin-1 */
		{ 0x07, 1 }, { 0x7F, 1 }, { 0x85, 1 },	/* controls: one stand-in */
		{ 0x0301, 0 }, { 0x0308, 0 }, { 0x20DD, 0 },	/* combining marks */
		{ 0x200B, 0 }, { 0xFE0F, 0 },		/* zero width space, VS16 */
		{ 0x4E2D, 2 }, { 0x6587, 2 }, { 0x3042, 2 }, { 0xAC00, 2 },	/* CJK */
		{ 0xFF21, 2 }, { 0x3000, 2 },		/* fullwidth */
		{ 0x1F691, 2 }, { 0x1F600, 2 }, { 0x1F44D, 2 },	/* emoji */
		{ 0x0410, 1 }, { 0x05D0, 1 }, { 0x2026, 1 }, { 0x2500, 1 },
		{ 0x10FFFF, 1 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		if (utf8_width(cases[i].c) != cases[i].w)
			fail_msg("U+%04X: width %d, want %d", (unsigned)cases[i].c,
				 utf8_width(cases[i].c), cases[i].w);
	}
	for (uint32_t c = 0x300; c < 0x10000; c++)
		assert_int_equal(utf8_is_mark(c), utf8_width(c) == 0);
	assert_false(utf8_is_mark(0x00));

	assert_int_equal(utf8_swidth("Zo\xc3\xab", (size_t)-1), 3);
	assert_int_equal(utf8_swidth("e\xcc\x81", (size_t)-1), 1);
	assert_int_equal(utf8_swidth("\xe4\xb8\xad\xe6\x96\x87", (size_t)-1), 4);
	assert_int_equal(utf8_swidth("\xf0\x9f\x9a\x91x", (size_t)-1), 3);
	assert_int_equal(utf8_swidth("\xff\xe0\x80\xaf", (size_t)-1), 4);	/* one per bad byte */
	assert_int_equal(utf8_swidth("ab\0cd", 5), 2);	/* stops at NUL */
	assert_int_equal(utf8_swidth("\xe4\xb8\xad", 2), 2);	/* cut: two bad bytes */
	assert_int_equal(utf8_swidth("", (size_t)-1), 0);
}

/* The widths do not depend on the process locale. */
static void test_width(void **state)
{
	setlocale(LC_ALL, "C");
	check_widths();
	if (setlocale(LC_ALL, "C.UTF-8"))
		check_widths();
	setlocale(LC_ALL, "C");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_next),
		cmocka_unit_test(test_valid_prefix),
		cmocka_unit_test(test_chars),
		cmocka_unit_test(test_width),
	};

	return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
