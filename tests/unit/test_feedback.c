/*
 * test_feedback.c - 360-degree feedback: the codes' check character, the
 * thresholds around their limits, a whole 360 (request on laptop A,
 * responses on A and B, the hub in any order and twice, the report), the
 * anonymity canary, and the refusals (forged code, another request's code,
 * after the close date, a replay).
 */
#include <ctype.h>

#include "synctest.h"
#include "lib/feedback.h"
#include "lib/hub_feedback.h"
#include "lib/store_feedback.h"

#define CANARY "CANARY-360-q8w7e6"

/* ---- codes ---- */

static void test_code_typos(void **state)
{
	static const char abc[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	struct err err = ERR_INIT;
	char code[FB_CODE_TEXT], norm[FB_CODE_TEXT], bad[FB_CODE_TEXT];
	enum fb_group g;
	size_t tried = 0;

	(void)state;
	assert_int_equal(bundle_crypto_init(&err), 0);
	for (int round = 0; round < 100; round++) {
		enum fb_group want = (enum fb_group)(round % FB_NGROUPS);
		feedback_code_make(want, code);
		assert_int_equal(strlen(code), FB_CODE_TEXT - 1);
		assert_int_equal(feedback_code_check(code, norm, &g, &err), 0);
		assert_string_equal(norm, code);
		assert_int_equal(g, want);
		for (size_t i = 0; i < strlen(code); i++) {
			if (code[i] == '-')
				continue;
			/* every other character in every place */
			for (const char *c = abc; *c; c++) {
				if (*c == code[i])
					continue;
				memcpy(bad, code, sizeof bad);
				bad[i] = *c;
				if (feedback_code_check(bad, norm, &g, &err) == 0)
					fail_msg("%s accepted for %s", bad, code);
				tried++;
			}
			/* every swap of two neighbours (across a hyphen too) */
			size_t j = i + 1 < strlen(code) && code[i + 1] == '-' ? i + 2 : i + 1;
			if (j < strlen(code) && code[i] != code[j]) {
				memcpy(bad, code, sizeof bad);
				bad[i] = code[j];
				bad[j] = code[i];
				if (feedback_code_check(bad, norm, &g, &err) == 0)
					fail_msg("swap %s accepted for %s", bad, code);
				tried++;
			}
		}
	}
	assert_true(tried > 40000);
	err_release(&err);
}

static void test_code_reading(void **state)
{
	struct err err = ERR_INIT;
	char code[FB_CODE_TEXT], norm[FB_CODE_TEXT], typed[64], h1[65], h2[65];
	enum fb_group g;

	(void)state;
	assert_int_equal(bundle_crypto_init(&err), 0);
	/* A code whose characters include 1 and 0, typed as l, I, o, lower case,
	 * without hyphens and with spaces. */
	do
		feedback_code_make(FB_PEER, code);
	while (!strchr(code + 1, '1') || !strchr(code + 1, '0'));
	size_t o = 0;
	for (const char *p = code; *p; p++) {
		if (*p == '-') {
			typed[o++] = ' ';
			continue;
		}
		typed[o++] = *p == '1' ? 'l' : *p == '0' ? 'o' : (char)tolower(*p);
	}
	typed[o] = '\0';
	assert_int_equal(feedback_code_check(typed, norm, &g, &err), 0);
	assert_string_equal(norm, code);
	assert_int_equal(g, FB_PEER);
	feedback_code_hash(norm, h1);
	feedback_code_hash(code, h2);
	assert_string_equal(h1, h2);
	assert_int_equal(strlen(h1), 64);

	assert_int_equal(feedback_code_check("P7KM3-XQ9", norm, &g, &err), -1);
	assert_non_null(strstr(err_msg(&err), "too short"));
	assert_int_equal(feedback_code_check("P7KM3-XQ9TR-2WHHU", norm, &g, &err), -1);
	assert_non_null(strstr(err_msg(&err), "'U' is not in any code"));
	assert_int_equal(feedback_code_check("P7KM3-XQ9TR-2WHHCC", norm, &g, &err), -1);
	assert_non_null(strstr(err_msg(&err), "too long"));
	err_release(&err);
}

/* ---- thresholds ---- */

static void plan_of(int self, int mgr, int peer, int rep, int other,
		    struct hub_feedback_plan *p)
{
	int c[FB_NGROUPS] = { self, mgr, peer, rep, other };

	hub_feedback_plan(c, p);
}

static unsigned shown_alone(const struct hub_feedback_plan *p, enum fb_group g)
{
	for (size_t i = 0; i < p->nunits; i++)
		if (p->unit[i].groups == (1u << g))
			return (unsigned)p->unit[i].count;
	return 0;
}

#define B(g) (1u << (g))

static void test_thresholds(void **state)
{
	struct hub_feedback_plan p;

	(void)state;
	/* 3 peers shown alone; 2 are not. */
	plan_of(1, 1, 3, 0, 0, &p);
	assert_int_equal(shown_alone(&p, FB_PEER), 3);
	assert_int_equal(shown_alone(&p, FB_SELF), 1);
	assert_int_equal(shown_alone(&p, FB_MANAGER), 1);
	assert_int_equal(p.omitted, 0);
	assert_int_equal(p.all_count, 4);
	assert_true(p.all_shown);
	plan_of(1, 1, 2, 0, 0, &p);
	assert_int_equal(shown_alone(&p, FB_PEER), 0);
	assert_int_equal(p.omitted, B(FB_PEER));
	assert_int_equal(p.all_count, 1);
	assert_false(p.all_shown);
	/* Self and line manager alone, named, whatever their count. */
	plan_of(1, 1, 0, 0, 0, &p);
	assert_int_equal(p.nunits, 2);
	/* 2 reports merged into the smallest other group (others 3, not peers 4). */
	plan_of(1, 0, 4, 2, 3, &p);
	assert_int_equal(shown_alone(&p, FB_PEER), 4);
	assert_int_equal(p.merged, B(FB_REPORT) | B(FB_OTHER));
	assert_int_equal(p.nunits, 3);
	assert_int_equal(p.unit[2].groups, B(FB_REPORT) | B(FB_OTHER));
	assert_int_equal(p.unit[2].count, 5);
	/* 2 and 2 pooled make 4: shown together; 1 and 1 make 2: left out. */
	plan_of(0, 0, 2, 2, 0, &p);
	assert_int_equal(p.nunits, 1);
	assert_int_equal(p.unit[0].count, 4);
	assert_int_equal(p.omitted, 0);
	plan_of(0, 0, 1, 1, 0, &p);
	assert_int_equal(p.nunits, 0);
	assert_int_equal(p.omitted, B(FB_PEER) | B(FB_REPORT));
	/* 1, 1, 1: pooled to 3. */
	plan_of(0, 0, 1, 1, 1, &p);
	assert_int_equal(p.nunits, 1);
	assert_int_equal(p.unit[0].count, 3);
	/* "All except self" needs 4: 3 peers alone is not enough, nor 2 + 1. */
	plan_of(1, 0, 3, 0, 0, &p);
	assert_int_equal(p.all_count, 3);
	assert_false(p.all_shown);
	plan_of(5, 1, 3, 3, 3, &p);
	assert_int_equal(p.all_count, 10);
	assert_true(p.all_shown);
	assert_int_equal(p.merged | p.omitted, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_code_typos),
		cmocka_unit_test(test_code_reading),
		cmocka_unit_test(test_thresholds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
