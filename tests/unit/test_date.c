/*
 * test_date.c - dates as a UK manager writes them (lib/util.c's
 * date_read): ISO, day first, "today", "+6m"; and a date in words.
 */
#include "testutil.h"

#include "lib/util.h"

static const char *rd(const char *in)
{
	static char out[DATE_LEN + 1];

	return date_read(in, "2026-11-22", out) ? out : "(no)";
}

static void test_read(void **state)
{
	(void)state;
	assert_string_equal(rd("2027-03-31"), "2027-03-31");
	assert_string_equal(rd("31/03/2027"), "2027-03-31");
	assert_string_equal(rd("31/3/2027"), "2027-03-31");
	assert_string_equal(rd("1/4/27"), "2027-04-01");
	assert_string_equal(rd("31.03.2027"), "2027-03-31");
	assert_string_equal(rd("31-03-2027"), "2027-03-31");
	assert_string_equal(rd("  31/03/2027 "), "2027-03-31");
	assert_string_equal(rd("today"), "2026-11-22");
	assert_string_equal(rd("Today"), "2026-11-22");
	assert_string_equal(rd("tomorrow"), "2026-11-23");
	assert_string_equal(rd("+6m"), "2027-05-22");
	assert_string_equal(rd("+6 months"), "2027-05-22");
	assert_string_equal(rd("+2w"), "2026-12-06");
	assert_string_equal(rd("+10d"), "2026-12-02");
	assert_string_equal(rd("+1y"), "2027-11-22");
	assert_string_equal(rd("+14m"), "2028-01-22");
}

static void test_read_refused(void **state)
{
	char out[DATE_LEN + 1];

	(void)state;
	assert_string_equal(rd("31/02/2027"), "(no)");	/* no 31 February */
	assert_string_equal(rd("2027-02-30"), "(no)");
	assert_string_equal(rd("13/13/2027"), "(no)");
	assert_string_equal(rd("31/03"), "(no)");
	assert_string_equal(rd("31/03/202"), "(no)");
	assert_string_equal(rd("2027-3-31"), "(no)");
	assert_string_equal(rd("next year"), "(no)");
	assert_string_equal(rd("+6"), "(no)");
	assert_string_equal(rd("+6q"), "(no)");
	assert_string_equal(rd(""), "(no)");
	assert_string_equal(rd("31/03/2027x"), "(no)");
	assert_int_equal(date_read("+1m", "not a date", out), 0);
	assert_string_equal(out, "");
	/* 31 January plus a month is the end of February */
	assert_int_equal(date_read("+1m", "2027-01-31", out), 1);
	assert_string_equal(out, "2027-02-28");
	assert_int_equal(date_read("+1m", "2028-01-31", out), 1);
	assert_string_equal(out, "2028-02-29");
}

static void test_words(void **state)
{
	char w[32];

	(void)state;
	date_words("2027-03-31", w, sizeof(w));
	assert_string_equal(w, "Wed 31 March 2027");
	date_words("2026-11-22", w, sizeof(w));
	assert_string_equal(w, "Sun 22 November 2026");
	date_words("1970-01-01", w, sizeof(w));
	assert_string_equal(w, "Thu 1 January 1970");
	date_words("2000-02-29", w, sizeof(w));
	assert_string_equal(w, "Tue 29 February 2000");
	date_words("2027-02-30", w, sizeof(w));
	assert_string_equal(w, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read),
		cmocka_unit_test(test_read_refused),
		cmocka_unit_test(test_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
