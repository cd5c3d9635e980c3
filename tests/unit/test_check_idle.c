/*
 * test_check_idle.c - the whole-file check the TUI runs in idle time
 * (store_check_until): done on a sound file, given up at once when asked
 * (from the watching thread, mid-check) with the connection left usable,
 * and a damaged file found.  And store_changes, which tells the team list
 * whether to read the staff again.
 */
#include <fcntl.h>

#include "testutil.h"
#include "lib/store.h"

#define PEOPLE 20000

struct fx {
	char *dir, *path;
};

/* A file of some megabytes: the check takes well over the watcher's 2 ms. */
static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	struct err err = ERR_INIT;
	struct store *st;
	char num[16], name[600];

	f->dir = tu_tmpdir();
	f->path = tu_path(f->dir, "eadr.db");
	st = store_open(f->path, NULL, &err);
	assert_non_null(st);
	assert_int_equal(store_begin(st, &err), 0);
	for (int i = 0; i < PEOPLE; i++) {
		struct staff s = { num, name, "Paramedic", "6", "Northgate", "", NULL };

		snprintf(num, sizeof(num), "%06d", 100000 + i);
		memset(name, 'a' + i % 26, sizeof(name) - 1);
		snprintf(name, 24, "Person %d ", i);
		name[strlen(name)] = 'x';
		name[sizeof(name) - 1] = '\0';
		assert_int_equal(store_staff_put(st, &s, NULL, &err), 0);
	}
	assert_int_equal(store_commit(st, &err), 0);
	store_close(st);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	tu_rmdir(f->dir);
	free(f->path);
	free(f);
	return 0;
}

static int never(void *arg)
{
	(void)arg;
	return 0;
}

static int at_once(void *arg)
{
	(void)arg;
	return 1;
}

/* No on the first call (in the caller), yes on the next (in the watcher,
 * while the check runs). */
static int second_call(void *arg)
{
	int *n = arg;

	return ++*n >= 2;
}

static struct store *open_unchecked(const char *path)
{
	static const struct store_opts unchecked = { .skip_check = 1 };
	struct err err = ERR_INIT;
	struct store *st = store_open(path, &unchecked, &err);

	assert_non_null(st);
	return st;
}

static void test_sound(void **state)
{
	struct fx *f = *state;
	struct store *st = open_unchecked(f->path);
	struct err err = ERR_INIT;

	assert_int_equal(store_check_until(st, never, NULL, &err), 1);
	assert_int_equal(store_check_until(st, at_once, NULL, &err), 0);
	store_close(st);
}

static void test_given_up_midway(void **state)
{
	struct fx *f = *state;
	struct store *st = open_unchecked(f->path);
	struct err err = ERR_INIT;
	struct staff s = { "999999", "After the check", "Paramedic", "6", "Northgate",
			   "", NULL };
	int calls = 0;

	assert_int_equal(store_check_until(st, second_call, &calls, &err), 0);
	assert_int_equal(calls, 2);
	assert_null(err.msg);
	/* No interrupt is left over for what comes next. */
	assert_int_equal(store_staff_put(st, &s, NULL, &err), 0);
	assert_int_equal(store_check(st, &err), 0);
	/* And the next pause finishes it. */
	assert_int_equal(store_check_until(st, never, NULL, &err), 1);
	store_close(st);
}

static void test_damaged(void **state)
{
	struct fx *f = *state;
	struct store *st;
	struct err err = ERR_INIT;
	char junk[4096];
	off_t size;
	int fd = open(f->path, O_WRONLY);

	assert_true(fd >= 0);
	size = lseek(fd, 0, SEEK_END);
	memset(junk, 0x5a, sizeof(junk));
	/* Scribble over data pages away from the schema and the roots. */
	for (off_t p = 40 * 4096; p < size - 4096; p += 7 * 4096)
		assert_int_equal(pwrite(fd, junk, sizeof(junk), p), (ssize_t)sizeof(junk));
	close(fd);
	st = open_unchecked(f->path);
	assert_int_equal(store_check_until(st, never, NULL, &err), -1);
	assert_non_null(strstr(err_msg(&err), "damaged"));
	err_release(&err);
	store_close(st);
}

static void test_changes(void **state)
{
	struct fx *f = *state;
	struct store *st = open_unchecked(f->path), *other = open_unchecked(f->path);
	struct err err = ERR_INIT;
	struct staff s = { "999998", "Someone new", "Paramedic", "6", "Northgate", "",
			   NULL };
	long long c = store_changes(st);

	assert_int_equal(store_check(st, &err), 0);	/* reading changes nothing */
	assert_true(store_changes(st) == c);
	assert_int_equal(store_staff_put(st, &s, NULL, &err), 0);
	assert_true(store_changes(st) != c);
	c = store_changes(st);
	s.staff_number = "999997";
	assert_int_equal(store_staff_put(other, &s, NULL, &err), 0);	/* another */
	assert_true(store_changes(st) != c);
	store_close(other);
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sound, setup, teardown),
		cmocka_unit_test_setup_teardown(test_given_up_midway, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damaged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changes, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
