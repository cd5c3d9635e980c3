/*
 * test_export_big.c - an export to a file is streamed, never held whole:
 * lib/fileio.c's file_out (commit installs, abort leaves the old file, a
 * device is written in place), and the TNA of a database whose CSV is far
 * larger than the memory allowed (RLIMIT_AS in a child) written to -o.
 */
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"
#include "lib/export.h"
#include "lib/fileio.h"
#include "lib/store.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

static void test_file_out(void **state)
{
	char *dir = tu_tmpdir(), *path = tu_path(dir, "out.csv"), *text;
	struct file_out fo;
	struct err err = ERR_INIT;
	struct stat sb;
	size_t len;

	(void)state;
	tu_write(path, "old\n", 4);
	/* Until the commit, the old file stays; an abort leaves it. */
	assert_int_equal(file_out_open(&fo, path, 0600, &err), 0);
	assert_non_null(fo.tmp);
	fputs("new\n", fo.fp);
	fflush(fo.fp);
	text = tu_read(path, &len);
	assert_int_equal(len, 4);
	assert_memory_equal(text, "old\n", 4);
	free(text);
	file_out_abort(&fo);
	text = tu_read(path, &len);
	assert_memory_equal(text, "old\n", 4);
	free(text);
	/* A commit installs it, mode 0600, with no temporary file left. */
	assert_int_equal(file_out_open(&fo, path, 0600, &err), 0);
	fputs("new!\n", fo.fp);
	assert_int_equal(file_out_commit(&fo, &err), 0);
	assert_null(fo.fp);
	text = tu_read(path, &len);
	assert_int_equal(len, 5);
	assert_memory_equal(text, "new!\n", 5);
	free(text);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* A device is written in place; a folder is refused. */
	assert_int_equal(file_out_open(&fo, "/dev/null", 0600, &err), 0);
	assert_null(fo.tmp);
	fputs("x", fo.fp);
	assert_int_equal(file_out_commit(&fo, &err), 0);
	assert_int_equal(file_out_open(&fo, dir, 0600, &err), -1);
	assert_null(fo.fp);
	err_release(&err);
	free(path);
	tu_rmdir(dir);
}

#define BIG_GOALS 768
#define BIG_TEXT (16 * 1024)	/* need, goal and support: 48 KiB a row */

/* BIG_GOALS final appraisals of one goal each, every goal's texts long:
 * a CSV of about 36 MiB from a database of about as much. */
static void make_big(const char *db)
{
	struct err err = ERR_INIT;
	struct store *st = store_open(db, NULL, &err);
	char *text = malloc(BIG_TEXT + 1), num[16], name[32];

	assert_non_null(st);
	assert_non_null(text);
	for (size_t i = 0; i < BIG_TEXT; i++)
		text[i] = (char)('a' + i % 26);
	text[BIG_TEXT] = '\0';
	assert_int_equal(store_begin(st, &err), 0);
	for (int i = 0; i < BIG_GOALS; i++) {
		struct staff s = { num, name, "Paramedic", "6", "North", "", NULL };
		struct store_appraisal ap;
		struct pdp_goal g = { 0, text, text, "formal", "Driving", "high",
				      "2027-01-01", text, "new", NULL };

		snprintf(num, sizeof(num), "%06d", 100000 + i);
		snprintf(name, sizeof(name), "Staff %d", i);
		assert_int_equal(store_staff_put(st, &s, NULL, &err), 0);
		assert_int_equal(store_appraisal_new(st, num, "Station Officer", "eadr",
						     "2026.1", "test", &ap, &err), 0);
		assert_int_equal(store_appraisal_set_dates(st, ap.id, "2026-05-01", NULL,
							   &err), 0);
		assert_int_equal(store_pdp_set(st, ap.id, &g, 1, &err), 0);
		assert_int_equal(store_appraisal_set_state(st, ap.id, "final", &err), 0);
		store_appraisal_release(&ap);
	}
	assert_int_equal(store_commit(st, &err), 0);
	store_close(st);
	free(text);
	err_release(&err);
}

/* In a child whose address space may grow by 16 MiB (under half the CSV):
 * the export to -o must succeed, and the file must hold every row. */
static void test_big_export_bounded(void **state)
{
	char *dir = tu_tmpdir(), *db = tu_path(dir, "big.db"), *out = tu_path(dir, "tna.csv");
	struct stat sb;
	int status;
	pid_t pid;

	(void)state;
	make_big(db);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		static const struct store_opts ro = { .skip_check = 1 };
		struct export_dest dest = { out, NULL };
		struct tna_opts opts;
		struct err err = ERR_INIT;
		struct rlimit rl;
		unsigned long pages = 0;
		FILE *fp = fopen("/proc/self/statm", "r");
		struct store *st;
		long n = 0;

		if (!fp || fscanf(fp, "%lu", &pages) != 1)
			_exit(3);
		fclose(fp);
		rl.rlim_cur = rl.rlim_max = pages * (rlim_t)sysconf(_SC_PAGESIZE) +
			(16u << 20);
#ifndef UNDER_ASAN	/* the sanitizer reserves terabytes of address space */
		if (setrlimit(RLIMIT_AS, &rl) < 0)
			_exit(3);
#else
		(void)rl;
#endif
		memset(&opts, 0, sizeof(opts));
		st = store_open(db, &ro, &err);
		if (!st || export_tna_to(HUBSTORE_SQLITE(st), &opts, EXPORT_CSV, &dest, &n, &err) != 0) {
			fprintf(stderr, "export: %s\n", err_msg(&err));
			_exit(1);
		}
		store_close(st);
		_exit(n == BIG_GOALS ? 0 : 2);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(stat(out, &sb), 0);
	assert_true(sb.st_size > (off_t)BIG_GOALS * 3 * BIG_TEXT);
	free(db);
	free(out);
	tu_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_out),
		cmocka_unit_test(test_big_export_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
