/*
 * test_check_idle.c - the whole-file check the TUI runs in idle time
 * (store_check_until): done on a sound file, given up at once when asked
 * (from the watching thread, mid-check) with the connection left usable,
 * and a damaged file found.  And store_changes, which tells the team list
 * whether to read the staff again.
 */
#include <fcntl.h>

#include <sqlite3.h>
#include <stdatomic.h>

#include "testutil.h"
#include "vfsshim.h"
#include "lib/store.h"

#define PEOPLE 6000

/* Through the shim (vfsshim.h): while `slow` is set, a read waits until
 * the watcher has looked twice (`looks`), and takes a millisecond after
 * that, so the check is surely still running when the watcher says stop
 * and interrupts it, however fast or loaded the machine (uninterrupted, it
 * would take about a second). */
static int slow;
static atomic_int looks;

static void slow_read(void)
{
	for (int i = 0; slow && i < 10000 && atomic_load(&looks) < 2; i++)
		usleep(1000);
	if (slow)
		usleep(1000);	/* and slow after it: time for its interrupt */
}

static void shim_install(void)
{
	vfs_shim_install("eadr-slow-reads", (struct vfs_shim_hooks){ .read = slow_read });
}

struct fx {
	char *dir, *path;
};

/* A file of some megabytes (a thousand pages, read slowly when asked). */
static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	struct err err = ERR_INIT;
	struct store *st;
	char num[16], name[600];

	shim_install();
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
 * while the check waits in a read). */
static int second_call(void *arg)
{
	(void)arg;
	return atomic_fetch_add(&looks, 1) + 1 >= 2;
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
	atomic_store(&looks, 0);
	slow = 1;
	assert_int_equal(store_check_until(st, second_call, NULL, &err), 0);
	slow = 0;
	assert_int_equal(atomic_load(&looks), 2);
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
	sqlite3 *db;
	sqlite3_stmt *q;
	long long roots = 0;
	int fd;

	/* Where the roots end: every migration adds tables and indexes, so
	 * the first page to scribble on is read off the file, not fixed. */
	assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT max(rootpage) FROM sqlite_schema",
					    -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	roots = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	fd = open(f->path, O_WRONLY);
	assert_true(fd >= 0);
	size = lseek(fd, 0, SEEK_END);
	assert_true((roots + 20) * 4096 < size - 8 * 4096);	/* data pages to spoil */
	memset(junk, 0x5a, sizeof(junk));
	/* Scribble over data pages away from the schema and the roots. */
	for (off_t p = (roots + 10) * 4096; p < size - 4096; p += 7 * 4096)
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
