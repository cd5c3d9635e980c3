/*
 * test_staff.c - staff CSV import (every kind of bad row, BOM, quoted
 * newlines, duplicates, re-import) and the due-date rules.
 */
#include "testutil.h"
#include "lib/staff.h"
#include "lib/store_int.h"

struct fx {
	char *dir;
	struct store *st;
	struct diag d;
	struct staff_import_result res;
};

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	char *path;

	f->dir = tu_tmpdir();
	path = tu_path(f->dir, "eadr.db");
	f->st = store_open(path, NULL, NULL);
	assert_non_null(f->st);
	free(path);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	store_close(f->st);
	diag_release(&f->d);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

static int import(struct fx *f, const char *text)
{
	struct err err = ERR_INIT;
	int rc;

	diag_release(&f->d);
	rc = staff_import(f->st, "staff.csv", text, strlen(text), &f->res, &f->d, &err);
	err_release(&err);
	return rc;
}

/* All diagnostics as "FILE:LINE: error: msg" lines. */
static char *messages(struct fx *f)
{
	struct sbuf sb = SBUF_INIT;

	for (size_t i = 0; i < f->d.n; i++) {
		diag_format(&f->d.items[i], &sb);
		sbuf_addch(&sb, '\n');
	}
	return sbuf_detach(&sb);
}

static int count(struct fx *f)
{
	sqlite3_stmt *s;
	int n;

	assert_int_equal(sqlite3_prepare_v2(f->st->db, "SELECT count(*) FROM staff", -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	n = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return n;
}

static void expect_refused(struct fx *f, const char *text, const char *want)
{
	int before = count(f);
	char *got;

	assert_int_equal(import(f, text), -1);
	got = messages(f);
	if (!strstr(got, want))
		fail_msg("expected \"%s\" in:\n%s", want, got);
	free(got);
	assert_int_equal(count(f), before);
}

#define HEADER "staff_number,name,role,band,station,email,due\n"

static void test_good_file(void **state)
{
	struct fx *f = *state;
	struct staff s;

	assert_int_equal(import(f, HEADER
		"100234,Zoë Ó Súilleabháin,Paramedic,6,Northgate,zoe@example.nhs.uk,2026-12-01\n"
		"100251,\"ap Gruffydd, Dafydd\",Senior Paramedic,7,Northgate,,\n"), 0);
	assert_int_equal(f->res.added, 2);
	assert_int_equal(count(f), 2);
	assert_int_equal(store_staff_get(f->st, "100251", &s, NULL), 1);
	assert_string_equal(s.name, "ap Gruffydd, Dafydd");
	assert_null(s.due);
	staff_release(&s);
	assert_int_equal(store_staff_get(f->st, "100234", &s, NULL), 1);
	assert_string_equal(s.name, "Zoë Ó Súilleabháin");
	assert_string_equal(s.due, "2026-12-01");
	staff_release(&s);
}

static void test_bom_crlf_order_unknown(void **state)
{
	struct fx *f = *state;
	struct staff s;
	char *msgs;

	assert_int_equal(import(f, "\xEF\xBB\xBF" "name,notes,staff_number,station\r\n"
		"Mei-Ling Chén,\"likes nights,\nand days\",200135,Riverside\r\n"
		"Rhys Pritchard,,200159,Riverside\r\n"), 0);
	assert_int_equal(f->res.added, 2);
	msgs = messages(f);
	assert_non_null(strstr(msgs, "staff.csv:1: warning: unknown column 'notes' is ignored"));
	free(msgs);
	assert_int_equal(store_staff_get(f->st, "200135", &s, NULL), 1);
	assert_string_equal(s.name, "Mei-Ling Chén");
	assert_string_equal(s.station, "Riverside");
	staff_release(&s);
}

static void test_reimport_updates(void **state)
{
	struct fx *f = *state;
	struct staff s;

	assert_int_equal(import(f, HEADER "1,Ann,Paramedic,6,North,,2026-12-01\n2,Bob,ECA,3,North,,\n"), 0);
	assert_int_equal(import(f, HEADER "1,Ann,Senior Paramedic,7,North,,2026-12-01\n2,Bob,ECA,3,North,,\n3,Cat,ECA,3,South,,\n"), 0);
	assert_int_equal(f->res.added, 1);
	assert_int_equal(f->res.updated, 1);
	assert_int_equal(f->res.unchanged, 1);
	assert_int_equal(store_staff_get(f->st, "1", &s, NULL), 1);
	assert_string_equal(s.role, "Senior Paramedic");
	staff_release(&s);
	/* a file without a column leaves that field alone */
	assert_int_equal(import(f, "staff_number,name\n1,Ann Smith\n"), 0);
	assert_int_equal(store_staff_get(f->st, "1", &s, NULL), 1);
	assert_string_equal(s.name, "Ann Smith");
	assert_string_equal(s.role, "Senior Paramedic");
	assert_string_equal(s.due, "2026-12-01");
	staff_release(&s);
}

static void test_bad_rows_refused_whole(void **state)
{
	struct fx *f = *state;
	char *msgs;

	assert_int_equal(import(f, HEADER "9,Existing,,,,,\n"), 0);
	assert_int_equal(import(f, HEADER
		"1,Good Person,,,,,\n"
		",No Number,,,,,\n"
		"2,,,,,,\n"
		"3,Bad Date,,,,,2026-02-30\n"
		"4,Short Row\n"
		"1,Again,,,,,\n"
		"5,Bad Mail,,,,not-an-email,\n"
		"6 6,Space,,,,,\n"), -1);
	msgs = messages(f);
	assert_string_equal(msgs,
		"staff.csv:3: error: staff_number is empty\n"
		"staff.csv:4: error: name is empty\n"
		"staff.csv:5: error: due '2026-02-30' is not a date (write it as YYYY-MM-DD)\n"
		"staff.csv:6: error: expected 7 fields as in the header, found 2\n"
		"staff.csv:7: error: staff number 1 appears again (first on line 2)\n"
		"staff.csv:8: error: email 'not-an-email' is not an email address\n"
		"staff.csv:9: error: staff_number '6 6' may hold only letters, digits, '-', '/' and '.'\n");
	free(msgs);
	assert_int_equal(count(f), 1);	/* "Good Person" was not added */
}

static void test_structural_errors(void **state)
{
	struct fx *f = *state;

	expect_refused(f, "", "staff.csv: error: the file is empty");
	expect_refused(f, "\n\n", "the file is empty");
	expect_refused(f, HEADER, "no staff rows after the header");
	expect_refused(f, "staff_number,role\n1,x\n", "staff.csv:1: error: the header has no 'name' column");
	expect_refused(f, "name,name,staff_number\na,b,1\n", "column 'name' appears twice");
	expect_refused(f, HEADER "1,\"Unclosed,,,,,\n2,B,,,,,\n",
		       "staff.csv:2: error: a quoted field opened on this line is never closed");
	expect_refused(f, HEADER "1,Zo\xeb Latin1,,,,,\n", "staff.csv:2: error: not UTF-8 text");
	expect_refused(f, HEADER "1,\"Two\nLines\",,,,,\n", "staff.csv:2: error: name holds a line break");
	expect_refused(f, HEADER "1,Tab\there,,,,,\n", "name holds a line break or control character");
	expect_refused(f, HEADER "1,a\"b,,,,,\n", "a quote inside an unquoted field");
}

static void test_long_field(void **state)
{
	struct fx *f = *state;
	struct sbuf sb = SBUF_INIT;

	sbuf_adds(&sb, HEADER "1,");
	for (int i = 0; i < 300; i++)
		sbuf_addch(&sb, 'x');
	sbuf_adds(&sb, ",,,,,\n");
	expect_refused(f, sb.buf, "name is longer than 200 characters");
	sbuf_release(&sb);
}

static void test_quoted_newline_line_numbers(void **state)
{
	struct fx *f = *state;

	/* A quoted newline in an ignored column still counts as a line. */
	expect_refused(f, "staff_number,name,notes\n1,A,\"one\ntwo\nthree\"\n2,,\n",
		       "staff.csv:5: error: name is empty");
}

/* Adding a person never replaces one: the number's holder is named. */
static void test_add_refuses_existing_number(void **state)
{
	struct fx *f = *state;
	struct staff a = { "100", "Alex Smith", "Paramedic", "6", "Northgate",
		"alex@example.org", "2026-09-01" };
	struct staff b = { "100", "New Person", "", "", "", "", NULL };
	struct staff c = { "101", "Zoë Ó Súilleabháin", "", "", "", "", NULL };
	struct staff got = { 0 };
	struct err err = ERR_INIT;

	assert_int_equal(store_staff_add(f->st, &a, &err), 0);
	assert_int_equal(store_staff_add(f->st, &b, &err), -1);
	assert_string_equal(err.msg, "staff number 100 is already Alex Smith "
			    "(Paramedic, Northgate); a new person needs a number of "
			    "their own (to change Alex Smith, edit them instead)");
	assert_int_equal(store_staff_get(f->st, "100", &got, NULL), 1);
	assert_string_equal(got.name, "Alex Smith");
	assert_string_equal(got.role, "Paramedic");
	assert_string_equal(got.band, "6");
	assert_string_equal(got.station, "Northgate");
	assert_string_equal(got.email, "alex@example.org");
	assert_string_equal(got.due, "2026-09-01");
	staff_release(&got);
	assert_int_equal(store_staff_add(f->st, &c, &err), 0);
	assert_int_equal(count(f), 2);
	c.name = "";
	c.staff_number = "102";
	assert_int_equal(store_staff_add(f->st, &c, &err), -1);
	assert_non_null(strstr(err.msg, "needs a staff number and a name"));
	assert_int_equal(count(f), 2);
	err_release(&err);
}

/* "Nul\0Name" is refused with its line, not imported as "Nul". */
static void test_nul_byte_refused(void **state)
{
	static const char text[] = HEADER "1,Good,,,,,\n2,Nul\0Name,,,,,\n";
	struct fx *f = *state;
	struct err err = ERR_INIT;
	char *msgs;

	assert_int_equal(staff_import(f->st, "staff.csv", text, sizeof(text) - 1,
				      &f->res, &f->d, &err), -1);
	msgs = messages(f);
	assert_string_equal(msgs, "staff.csv:3: error: the file holds a NUL byte; "
			    "it is not a text file (save it as CSV UTF-8)\n");
	free(msgs);
	assert_int_equal(count(f), 0);
	err_release(&err);
}

/* A 10 MB header of commas: one message, at once, in little memory. */
static void test_huge_header_bounded(void **state)
{
	struct fx *f = *state;
	size_t n = 10u << 20;
	struct sbuf sb = SBUF_INIT;
	char *msgs;

	sbuf_adds(&sb, "staff_number,name");
	for (size_t i = 0; i < n; i++)
		sbuf_addch(&sb, ',');
	sbuf_adds(&sb, "\n1,A\n");
	assert_int_equal(import(f, sb.buf), -1);
	msgs = messages(f);
	assert_string_equal(msgs, "staff.csv:1: error: more than 1000 fields in one record\n");
	free(msgs);
	sbuf_release(&sb);
}

/* Many unknown or unnamed columns: one warning each kind. */
static void test_unknown_columns_one_warning(void **state)
{
	struct fx *f = *state;
	char *msgs;

	assert_int_equal(import(f, "staff_number,a,b,,c,d,e,f,g,name,,\n1,,,,,,,,,A,,\n"), 0);
	msgs = messages(f);
	assert_string_equal(msgs,
		"staff.csv:1: warning: unknown columns 'a', 'b', 'c', 'd', 'e' and 2 more are ignored\n"
		"staff.csv:1: warning: 3 columns with no name in the header are ignored\n");
	free(msgs);
}

/* 500 rows with the same problem: 10 listed, then one line for the rest. */
static void test_row_problems_bounded(void **state)
{
	struct fx *f = *state;
	struct sbuf sb = SBUF_INIT;
	char *msgs;

	sbuf_adds(&sb, HEADER);
	for (int i = 0; i < 500; i++)
		sbuf_addf(&sb, "%d,,,,,,\n", i + 1);
	sbuf_adds(&sb, "9999,Bad Date,,,,,2026-13-01\n");
	assert_int_equal(import(f, sb.buf), -1);
	assert_int_equal(f->d.n, 12);
	msgs = messages(f);
	assert_non_null(strstr(msgs, "staff.csv:11: error: name is empty\n"
			       "staff.csv:502: error: due '2026-13-01'"));
	assert_non_null(strstr(msgs, "staff.csv:12: error: and 490 more rows with an "
			       "empty name, from this line on (not listed)\n"));
	free(msgs);
	sbuf_release(&sb);
	assert_int_equal(count(f), 0);
}

static void test_due_status(void **state)
{
	assert_int_equal(staff_due_status(NULL, "2026-11-22"), DUE_NONE);
	assert_int_equal(staff_due_status("2026-11-21", "2026-11-22"), DUE_OVERDUE);
	assert_int_equal(staff_due_status("2026-11-22", "2026-11-22"), DUE_SOON);
	assert_int_equal(staff_due_status("2026-12-22", "2026-11-22"), DUE_SOON);
	assert_int_equal(staff_due_status("2026-12-23", "2026-11-22"), DUE_LATER);
	assert_string_equal(staff_due_name(DUE_OVERDUE), "overdue");
}

static int add_number(const struct staff_status *ss, void *arg)
{
	struct sbuf *sb = arg;

	sbuf_addf(sb, "%s%s", sb->len ? "," : "", ss->s.staff_number);
	return 0;
}

/* The staff numbers of a page of the team list, "2,3,5". */
static char *page(struct fx *f, const char *typed, const struct team_place *after,
		  int dir, size_t skip, size_t limit)
{
	struct team_filter tf = { typed, "2026-06-01" };
	struct sbuf sb = SBUF_INIT;
	struct err err = ERR_INIT;

	sbuf_init(&sb, 0);
	assert_int_equal(store_team_page(f->st, &tf, after, dir, skip, limit,
					 add_number, &sb, &err), 0);
	return sbuf_detach(&sb);
}

static size_t team_count(struct fx *f, const char *typed)
{
	struct team_filter tf = { typed, "2026-06-01" };
	struct err err = ERR_INIT;
	size_t n = 99;

	assert_int_equal(store_team_count(f->st, &tf, &n, &err), 0);
	return n;
}

#define assert_page(want, ...) do { \
		char *got_ = page(__VA_ARGS__); \
		assert_string_equal(got_, want); \
		free(got_); \
	} while (0)

/* The team list a page at a time: the same order as the whole list, from
 * either end or either side of a row, skipping, filtered by the screen's
 * rule (name, number, station, state, "overdue"), and counted. */
static void test_team_pages(void **state)
{
	struct fx *f = *state;
	struct team_place bob = { "North", "Bob", "3" }, south_amy = { "South", "Amy", "1" };
	struct sbuf all = SBUF_INIT;
	struct err err = ERR_INIT;

	assert_int_equal(import(f, "staff_number,name,station,due\n"
				"5,Zo\xc3\xab \xc3\x93 S\xc3\xbailleabh\xc3\xa1in,North,2026-01-01\n"
				"3,Bob,North,2027-06-01\n1,Amy,South,\n2,Amy,North,\n"
				"4,Cat,South,2026-01-10\n"), 0);
	sbuf_init(&all, 0);
	assert_int_equal(store_staff_each(f->st, add_number, &all, &err), 0);
	assert_string_equal(all.buf, "2,3,5,1,4");
	sbuf_release(&all);
	assert_page("2,3,5,1,4", f, NULL, NULL, 1, 0, 100);
	assert_page("2,3", f, "", NULL, 1, 0, 2);
	assert_page("5,1,4", f, NULL, &bob, 1, 0, 10);
	assert_page("1", f, NULL, &bob, 1, 1, 1);
	assert_page("4,1", f, NULL, NULL, -1, 0, 2);
	assert_page("3,2", f, NULL, NULL, -1, 3, 10);
	assert_page("5,3,2", f, NULL, &south_amy, -1, 0, 10);
	assert_page("2,1", f, "amy", NULL, 1, 0, 10);
	assert_page("1", f, "amy", &bob, 1, 0, 10);
	assert_page("5,1,4", f, "not started", &bob, 1, 0, 10);
	assert_page("3,2", f, "not started", &south_amy, -1, 1, 10);
	assert_page("4,5", f, "overdue", NULL, -1, 0, 10);
	assert_page("5", f, "o suil", NULL, 1, 0, 10);
	assert_int_equal(team_count(f, NULL), 5);
	assert_int_equal(team_count(f, "zoe"), 1);
	assert_int_equal(team_count(f, "NORTH"), 3);
	assert_int_equal(team_count(f, "overdue"), 2);
	assert_int_equal(team_count(f, "not started"), 5);
	assert_int_equal(team_count(f, "nobody"), 0);
	/* part of a state's name, in any case, is resolved to that state */
	assert_int_equal(team_count(f, "NOT st"), 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_good_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bom_crlf_order_unknown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reimport_updates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_rows_refused_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(test_structural_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_field, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quoted_newline_line_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_refuses_existing_number, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nul_byte_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_huge_header_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_columns_one_warning, setup, teardown),
		cmocka_unit_test_setup_teardown(test_row_problems_bounded, setup, teardown),
		cmocka_unit_test(test_due_status),
		cmocka_unit_test_setup_teardown(test_team_pages, setup, teardown),
	};

	return cmocka_run_group_tests_name("staff", tests, NULL, NULL);
}
