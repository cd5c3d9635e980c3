/*
 * test_name_match.c - a person is found the way people type names: case,
 * accents, apostrophes, hyphens and spaces do not matter, and a match from
 * the start of a word ranks above one from inside a word.
 */
#include "testutil.h"

#include "lib/name_match.h"

static void fold_is(const char *s, const char *want, const char *want_words)
{
	char *words, *f = name_match_fold(s, &words);

	assert_string_equal(f, want);
	if (want_words)
		assert_string_equal(words, want_words);
	assert_int_equal(strlen(words), strlen(f));
	free(f);
	free(words);
}

static void test_fold(void **state)
{
	(void)state;
	fold_is("Zoë Ó Súilleabháin", "zoeosuilleabhain", "w..ww...........");
	fold_is("Siobhán Ní Bhriain", "siobhannibhriain", "w......w.w......");
	fold_is("Jürgen Bäcker", "jurgenbacker", "w.....w.....");
	fold_is("Noémie Lefèvre", "noemielefevre", NULL);
	fold_is("O'Brien", "obrien", "w.....");
	fold_is("O\xe2\x80\x99" "Brien", "obrien", "w.....");	/* ’ */
	fold_is("Mei-Ling Chén", "meilingchen", "w..w...w...");
	fold_is("Zoe\xcc\x88", "zoe", "w..");	/* e + combining diaeresis */
	fold_is("Straße Łódź Æsa Þór", "strasselodzaesathor", NULL);
	fold_is("Ștefan Țurcan", "stefanturcan", NULL);
	fold_is("  ", "", "");
	fold_is("救急車", "救急車", NULL);	/* kept as it is */
	fold_is("a\xff" "b", "a\xff" "b", "w..");	/* an invalid byte is kept */
}

static void test_match(void **state)
{
	(void)state;
	assert_int_equal(name_match("Zoë Ó Súilleabháin", "zoe"), NAME_MATCH_WORD);
	assert_int_equal(name_match("Siobhán Ní Bhriain", "siobhan"), NAME_MATCH_WORD);
	assert_int_equal(name_match("Jürgen Bäcker", "jurgen"), NAME_MATCH_WORD);
	assert_int_equal(name_match("Noémie Lefèvre", "noemie"), NAME_MATCH_WORD);
	assert_int_equal(name_match("Zoë Ó Súilleabháin", "o suil"), NAME_MATCH_WORD);
	assert_int_equal(name_match("Zoë Ó Súilleabháin", "osuil"), NAME_MATCH_WORD);
	assert_int_equal(name_match("Zoë Ó Súilleabháin", "Ó SÚIL"), NAME_MATCH_WORD);
	assert_int_equal(name_match("Siobhán Ní Bhriain", "ni bhriain"), NAME_MATCH_WORD);
	assert_int_equal(name_match("Siobhán Ní Bhriain", "bhriain"), NAME_MATCH_WORD);
	assert_int_equal(name_match("Dafydd ap Gruffydd", "dafydd ap gruffydd"),
			 NAME_MATCH_WHOLE);
	assert_int_equal(name_match("Zoë Ó Súilleabháin", "zoe o'suilleabhain"),
			 NAME_MATCH_WHOLE);
	assert_int_equal(name_match("Chidi Okonkwo", "hidi"), NAME_MATCH_INSIDE);
	/* inside a word once, from a word's start later: the better one */
	assert_int_equal(name_match("Anna Nash", "na"), NAME_MATCH_WORD);
	assert_int_equal(name_match("Agnieszka Wójcik", "ni"), NAME_MATCH_INSIDE);
	assert_int_equal(name_match("Jürgen Bäcker", "zoe"), NAME_MATCH_NONE);
	assert_int_equal(name_match("Jürgen Bäcker", "jurgenx"), NAME_MATCH_NONE);
	assert_int_equal(name_match("Jürgen Bäcker", ""), NAME_MATCH_WORD);
	assert_int_equal(name_match("Jürgen Bäcker", " - "), NAME_MATCH_WORD);
}

/* What the team list's filter finds, as a manager types (issue 12, item 1). */
static void test_filter(void **state)
{
	char *f;

	(void)state;
	/* a decomposed é (e + U+0301) and a curly apostrophe */
	f = name_match_fold("Noe\xcc\x81" "mie O\xe2\x80\x99" "Brien", NULL);
	assert_string_equal(f, "noemieobrien");
	free(f);
	assert_int_not_equal(name_match("Zoë Ó Súilleabháin", "zoe"), NAME_MATCH_NONE);
	assert_int_not_equal(name_match("Zoë Ó Súilleabháin", "o suil"), NAME_MATCH_NONE);
	assert_int_not_equal(name_match("Zoë Ó Súilleabháin", "ÓSúil"), NAME_MATCH_NONE);
	assert_int_not_equal(name_match("Siobhán Kelly", "siobhan"), NAME_MATCH_NONE);
	assert_int_not_equal(name_match("Jürgen Schmidt", "jurgen"), NAME_MATCH_NONE);
	assert_int_not_equal(name_match("Noémie Laurent", "noemie"), NAME_MATCH_NONE);
	assert_int_not_equal(name_match("Seán O'Neill", "oneill"), NAME_MATCH_NONE);
	assert_int_not_equal(name_match("Seán O'Neill", "o'neill"), NAME_MATCH_NONE);
	assert_int_not_equal(name_match("Seán O'Neill", "O NEILL"), NAME_MATCH_NONE);
	assert_int_not_equal(name_match("Agnieszka Wójcik", "wójc"), NAME_MATCH_NONE);
	assert_int_not_equal(name_match("100307", "1003"), NAME_MATCH_NONE);
	assert_int_not_equal(name_match("anyone", ""), NAME_MATCH_NONE);
	assert_int_equal(name_match("Zoë Ó Súilleabháin", "zoey"), NAME_MATCH_NONE);
	assert_int_equal(name_match("Jürgen Schmidt", "juergen"), NAME_MATCH_NONE);
}

/* name_match_contains (the team list's filter, asked of every staff
 * member without allocating) agrees with name_match on every name and
 * typed text here, a long name (past its buffer) and invalid bytes too. */
static void test_contains(void **state)
{
	static const char *const names[] = {
		"Zoë Ó Súilleabháin", "Siobhán Ní Bhriain", "Seán O'Neill", "Jürgen Bäcker",
		"Noe\xcc\x81" "mie O\xe2\x80\x99" "Brien", "Æsa Þórsdóttir", "Straße", "B001234",
		"Depot-07", "not started", "\xff\xfe" " bad", "Chén 陈", "",
	};
	static const char *const typed[] = {
		"zoe", "o suil", "ÓSúil", "oneill", "O NEILL", "aesa", "thor", "strasse",
		"b0012", "depot07", "t-0", "not st", "tst", "\xff", "陈", "", " - ", "zoey",
		"z", "ss", "x",
	};
	char longname[1200];

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		for (size_t k = 0; k < sizeof(typed) / sizeof(*typed); k++) {
			char *f = name_match_fold(typed[k], NULL);

			if (name_match_contains(names[i], f) !=
			    (name_match(names[i], typed[k]) != NAME_MATCH_NONE))
				fail_msg("'%s' in '%s'", typed[k], names[i]);
			free(f);
		}
	for (size_t i = 0; i + 3 < sizeof(longname); i += 3)
		memcpy(longname + i, "Zé ", 3);
	strcpy(longname + sizeof(longname) - 8, "Quinn");
	assert_true(name_match_contains(longname, "quinn"));
	assert_true(name_match_contains(longname, "zeze"));
	assert_false(name_match_contains(longname, "quinnz"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_filter),
		cmocka_unit_test(test_contains),
	};

	return cmocka_run_group_tests_name("name_match", tests, NULL, NULL);
}
