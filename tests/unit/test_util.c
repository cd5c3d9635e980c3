/*
 * test_util.c - dates and UUIDs (UTF-8 is tests/unit/test_utf8.c).
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_valid),
		cmocka_unit_test(test_date_math),
		cmocka_unit_test(test_today_override),
		cmocka_unit_test(test_uuid),
	};

	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
