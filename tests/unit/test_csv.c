/*
 * test_csv.c - the RFC 4180 reader and writer.
 */
#include "testutil.h"
#include "lib/csv.h"

static void read_all(const char *text, struct csv_record *rec, int want_rc)
{
	struct csv_reader r;
	struct err err = ERR_INIT;

	csv_reader_init(&r, text, strlen(text));
	assert_int_equal(csv_read(&r, rec, &err), want_rc);
	err_release(&err);
}

static void test_plain_and_quoted(void **state)
{
	struct csv_reader r;
	struct csv_record rec = { 0 };
	struct err err = ERR_INIT;
	const char *text = "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\nlast,,\n";

	csv_reader_init(&r, text, strlen(text));
	assert_int_equal(csv_read(&r, &rec, &err), 1);
	assert_int_equal(rec.n, 3);
	assert_int_equal(rec.line, 1);
	assert_string_equal(rec.fields[2], "c");
	assert_int_equal(csv_read(&r, &rec, &err), 1);
	assert_int_equal(rec.line, 2);
	assert_string_equal(rec.fields[0], "x, y");
	assert_string_equal(rec.fields[1], "say \"hi\"");
	assert_string_equal(rec.fields[2], "two\nlines");
	assert_int_equal(csv_read(&r, &rec, &err), 1);
	assert_int_equal(rec.line, 4);	/* the quoted newline counted */
	assert_int_equal(rec.n, 3);
	assert_string_equal(rec.fields[1], "");
	assert_int_equal(csv_read(&r, &rec, &err), 0);
	csv_record_release(&rec);
}

static void test_bom_skipped(void **state)
{
	struct csv_record rec = { 0 };

	read_all("\xEF\xBB\xBFstaff_number,name\n", &rec, 1);
	assert_string_equal(rec.fields[0], "staff_number");
	csv_record_release(&rec);
}

static void test_errors(void **state)
{
	struct csv_reader r;
	struct csv_record rec = { 0 };
	struct err err = ERR_INIT;
	const char *unclosed = "a,b\n\"open,c\nd\n";

	csv_reader_init(&r, unclosed, strlen(unclosed));
	assert_int_equal(csv_read(&r, &rec, &err), 1);
	assert_int_equal(csv_read(&r, &rec, &err), -1);
	assert_non_null(strstr(err.msg, "never closed"));
	assert_int_equal(strncmp(err.msg, "2: ", 3), 0);
	read_all("ab\"c,d\n", &rec, -1);
	read_all("\"ab\"c,d\n", &rec, -1);
	read_all("a\rb\n", &rec, -1);
	err_release(&err);
	csv_record_release(&rec);
}

static void test_blank_line(void **state)
{
	struct csv_record rec = { 0 };

	read_all("\n", &rec, 1);
	assert_true(rec.blank);
	csv_record_release(&rec);
}

static void test_writer(void **state)
{
	struct sbuf sb = SBUF_INIT;

	csv_put(&sb, "plain", 0);
	sbuf_addch(&sb, ',');
	csv_put(&sb, "a,b", 0);
	sbuf_addch(&sb, ',');
	csv_put(&sb, "say \"hi\"", 0);
	sbuf_addch(&sb, ',');
	csv_put(&sb, "=SUM(A1)", CSV_SAFE);
	sbuf_addch(&sb, ',');
	csv_put(&sb, "-1", CSV_SAFE);
	sbuf_addch(&sb, ',');
	csv_put(&sb, "@x", CSV_SAFE);
	sbuf_addch(&sb, ',');
	csv_put(&sb, "=x", 0);
	assert_string_equal(sb.buf,
		"plain,\"a,b\",\"say \"\"hi\"\"\",\"'=SUM(A1)\",\"'-1\",\"'@x\",=x");
	sbuf_release(&sb);
}

/* A record read from text of len bytes (which may hold NULs). */
static int read_n(const char *text, size_t len, struct csv_record *rec,
		  struct err *err)
{
	struct csv_reader r;

	csv_reader_init(&r, text, len);
	return csv_read(&r, rec, err);
}

/* A NUL byte is refused, never a silently cut field. */
static void test_nul_refused(void **state)
{
	static const char plain[] = "1,Nul\0Name,x\n";
	static const char quoted[] = "a\n1,\"Nul\0Name\",x\n";
	struct csv_record rec = { 0 };
	struct csv_reader r;
	struct err err = ERR_INIT;

	assert_int_equal(read_n(plain, sizeof(plain) - 1, &rec, &err), -1);
	assert_string_equal(err.msg, "1: the file holds a NUL byte; it is not a "
			    "text file (save it as CSV UTF-8)");
	csv_reader_init(&r, quoted, sizeof(quoted) - 1);
	assert_int_equal(csv_read(&r, &rec, &err), 1);
	assert_int_equal(csv_read(&r, &rec, &err), -1);
	assert_int_equal(strncmp(err.msg, "2: the file holds a NUL byte", 28), 0);
	assert_int_equal(csv_read(&r, &rec, &err), 0);	/* the reader stopped */
	err_release(&err);
	csv_record_release(&rec);
}

/* A 10 MB line of commas: refused at the limit, not 10 million fields. */
static void test_field_limits(void **state)
{
	size_t n = 10u << 20;
	char *commas = xcalloc(1, n + 2);
	struct csv_record rec = { 0 };
	struct err err = ERR_INIT;
	struct sbuf sb = SBUF_INIT;

	memset(commas, ',', n);
	commas[n] = '\n';
	assert_int_equal(read_n(commas, n + 1, &rec, &err), -1);
	assert_string_equal(err.msg, "1: more than 1000 fields in one record");
	assert_true(rec.n <= CSV_MAX_FIELDS);
	/* Exactly the limit is fine. */
	assert_int_equal(read_n(commas + n - (CSV_MAX_FIELDS - 1), CSV_MAX_FIELDS, &rec, &err), 1);
	assert_int_equal(rec.n, CSV_MAX_FIELDS);
	for (size_t i = 0; i <= CSV_MAX_FIELD; i++)
		sbuf_addch(&sb, 'x');
	assert_int_equal(read_n(sb.buf, sb.len, &rec, &err), -1);
	assert_string_equal(err.msg, "1: a field is longer than 65536 bytes");
	sbuf_setlen(&sb, CSV_MAX_FIELD);
	assert_int_equal(read_n(sb.buf, sb.len, &rec, &err), 1);
	sbuf_release(&sb);
	free(commas);
	err_release(&err);
	csv_record_release(&rec);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_and_quoted),
		cmocka_unit_test(test_bom_skipped),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_blank_line),
		cmocka_unit_test(test_writer),
		cmocka_unit_test(test_nul_refused),
		cmocka_unit_test(test_field_limits),
	};

	return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
