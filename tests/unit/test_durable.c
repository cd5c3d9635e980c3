/*
 * test_durable.c - what the store promises about the disk: a commit is
 * written to the log without waiting for an fsync (cheap enough for one
 * per keystroke), and store_flush is the fsync that a power cut needs.
 * A VFS shim in front of SQLite's own (vfsshim.h) counts the syncs of
 * each file kind.
 */
#include "testutil.h"
#include "vfsshim.h"
#include "lib/store_int.h"

static int wal_syncs, db_syncs;

static void count_sync(int is_wal)
{
	if (is_wal)
		wal_syncs++;
	else
		db_syncs++;
}

static int setup(void **state)
{
	vfs_shim_install("eadr-count-syncs", (struct vfs_shim_hooks){ .sync = count_sync });
	*state = tu_tmpdir();
	return 0;
}

static int teardown(void **state)
{
	tu_rmdir(*state);
	return 0;
}

static struct store *open_with_answer(const char *dir, long long *id)
{
	char *path = tu_path(dir, "eadr.db");
	struct err err = ERR_INIT;
	struct store *st = store_open(path, NULL, &err);
	struct staff s = { "100", "Test Person", "", "", "", "", NULL };
	struct store_appraisal a;

	if (!st)
		fail_msg("store_open: %s", err_msg(&err));
	assert_int_equal(store_staff_put(st, &s, NULL, NULL), 0);
	assert_int_equal(store_appraisal_new(st, "100", "M", "eadr", "1", "h", &a, NULL), 0);
	*id = a.id;
	store_appraisal_release(&a);
	free(path);
	return st;
}

/* A keystroke's commit waits for no fsync; the flush is one. */
static void test_commit_no_sync_flush_syncs(void **state)
{
	long long id;
	struct store *st = open_with_answer(*state, &id);
	struct err err = ERR_INIT;
	char text[64];

	wal_syncs = db_syncs = 0;
	for (int i = 0; i < 20; i++) {
		snprintf(text, sizeof(text), "typed %d", i);
		assert_int_equal(store_answer_set(st, id, "s.q", text, 0, &err), 0);
	}
	assert_int_equal(wal_syncs + db_syncs, 0);
	assert_int_equal(store_flush(st, &err), 0);
	assert_true(wal_syncs >= 1);
	store_close(st);
}

/* Closing flushes, so a batch command's work survives a power cut. */
static void test_close_flushes(void **state)
{
	long long id;
	struct store *st = open_with_answer(*state, &id);

	assert_int_equal(store_answer_set(st, id, "s.q", "x", 0, NULL), 0);
	wal_syncs = db_syncs = 0;
	store_close(st);
	assert_true(wal_syncs + db_syncs >= 1);
}

static void test_flush_refused_in_change(void **state)
{
	long long id;
	struct store *st = open_with_answer(*state, &id);
	struct err err = ERR_INIT;

	assert_int_equal(store_begin(st, NULL), 0);
	assert_int_equal(store_flush(st, &err), -1);
	store_rollback(st);
	assert_int_equal(store_flush(st, NULL), 0);
	err_release(&err);
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_commit_no_sync_flush_syncs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_close_flushes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flush_refused_in_change, setup, teardown),
	};

	return cmocka_run_group_tests_name("durable", tests, NULL, NULL);
}
