/*
 * test_util.c - dates, UUIDs and UTF-8 checks.
 */
#include "testutil.h"
#include "lib/util.h"

static void test_date_valid(void **state)
{
	assert_true(date_valid("2026-11-22"));
	assert_true(date_valid("2024-02-29"));
	assert_false(date_valid("2023-02-29"));
	assert_false(date_valid("2026-13-01"));
	assert_false(date_valid("2026-04-31"));
	assert_false(date_valid("2026-1-01"));
	assert_false(date_valid("22/11/2026"));
	assert_false(date_valid("2026-11-22x"));
	assert_false(date_valid(""));
	assert_false(date_valid(NULL));
}

static void test_date_math(void **state)
{
	char out[DATE_LEN + 1];

	assert_int_equal(date_diff("2026-11-22", "2026-11-22"), 0);
	assert_int_equal(date_diff("2026-11-22", "2026-12-22"), 30);
	assert_int_equal(date_diff("2026-12-22", "2026-11-22"), -30);
	assert_int_equal(date_diff("2024-01-01", "2025-01-01"), 366);
	date_add("2026-12-31", 1, out);
	assert_string_equal(out, "2027-01-01");
	date_add("2024-03-01", -1, out);
	assert_string_equal(out, "2024-02-29");
	date_add("2026-11-22", -365, out);
	assert_string_equal(out, "2025-11-22");
}

static void test_today_override(void **state)
{
	char out[DATE_LEN + 1];

	setenv("EADR_TODAY", "2030-06-15", 1);
	date_today(out);
	assert_string_equal(out, "2030-06-15");
	setenv("EADR_TODAY", "not a date", 1);
	date_today(out);
	assert_true(date_valid(out));
	assert_string_not_equal(out, "not a date");
	unsetenv("EADR_TODAY");
}

static void test_uuid(void **state)
{
	char a[UUID_LEN + 1], b[UUID_LEN + 1];

	assert_int_equal(uuid_new(a, NULL), 0);
	assert_int_equal(uuid_new(b, NULL), 0);
	assert_int_equal(strlen(a), UUID_LEN);
	assert_string_not_equal(a, b);
	assert_int_equal(a[8], '-');
	assert_int_equal(a[14], '4');	/* version 4 */
	assert_non_null(strchr("89ab", a[19]));	/* RFC 4122 variant */
}

static void test_utf8(void **state)
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

static void test_utf8_encode(void **state)
{
	static const struct { unsigned long c; const char *want; } cases[] = {
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_valid),
		cmocka_unit_test(test_date_math),
		cmocka_unit_test(test_today_override),
		cmocka_unit_test(test_uuid),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_utf8_encode),
	};

	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
