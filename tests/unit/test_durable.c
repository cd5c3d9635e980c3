/*
 * test_durable.c - what the store promises about the disk: a commit is
 * written to the log without waiting for an fsync (cheap enough for one
 * per keystroke), and store_flush is the fsync that a power cut needs.
 * A VFS shim in front of SQLite's own counts the syncs of each file kind.
 */
#include "testutil.h"
#include "lib/store_int.h"

static sqlite3_vfs *real_vfs;
static sqlite3_vfs shim_vfs;
static int wal_syncs, db_syncs;

struct shim_file {
	sqlite3_file base;
	int is_wal;
	sqlite3_file *real;	/* just after this struct */
};

#define REAL(f) (((struct shim_file *)(f))->real)

static int s_close(sqlite3_file *f)
{
	return REAL(f)->pMethods->xClose(REAL(f));
}
static int s_read(sqlite3_file *f, void *b, int n, sqlite3_int64 o)
{
	return REAL(f)->pMethods->xRead(REAL(f), b, n, o);
}
static int s_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 o)
{
	return REAL(f)->pMethods->xWrite(REAL(f), b, n, o);
}
static int s_truncate(sqlite3_file *f, sqlite3_int64 n)
{
	return REAL(f)->pMethods->xTruncate(REAL(f), n);
}
static int s_sync(sqlite3_file *f, int flags)
{
	if (((struct shim_file *)f)->is_wal)
		wal_syncs++;
	else
		db_syncs++;
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}
static int s_size(sqlite3_file *f, sqlite3_int64 *n)
{
	return REAL(f)->pMethods->xFileSize(REAL(f), n);
}
static int s_lock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xLock(REAL(f), l);
}
static int s_unlock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), l);
}
static int s_reserved(sqlite3_file *f, int *r)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), r);
}
static int s_fcntl(sqlite3_file *f, int op, void *arg)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}
static int s_sector(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}
static int s_dev(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}
static int s_shmmap(sqlite3_file *f, int pg, int sz, int ext, void volatile **pp)
{
	return REAL(f)->pMethods->xShmMap(REAL(f), pg, sz, ext, pp);
}
static int s_shmlock(sqlite3_file *f, int off, int n, int flags)
{
	return REAL(f)->pMethods->xShmLock(REAL(f), off, n, flags);
}
static void s_shmbarrier(sqlite3_file *f)
{
	REAL(f)->pMethods->xShmBarrier(REAL(f));
}
static int s_shmunmap(sqlite3_file *f, int del)
{
	return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}

static const sqlite3_io_methods shim_io = {
	2, s_close, s_read, s_write, s_truncate, s_sync, s_size, s_lock,
	s_unlock, s_reserved, s_fcntl, s_sector, s_dev, s_shmmap, s_shmlock,
	s_shmbarrier, s_shmunmap, NULL, NULL,
};

static int s_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f,
		  int flags, int *out)
{
	struct shim_file *sf = (struct shim_file *)f;
	int rc;

	(void)vfs;
	sf->real = (sqlite3_file *)(sf + 1);
	sf->is_wal = (flags & SQLITE_OPEN_WAL) != 0;
	rc = real_vfs->xOpen(real_vfs, name, sf->real, flags, out);
	f->pMethods = sf->real->pMethods ? &shim_io : NULL;
	return rc;
}

static int setup(void **state)
{
	if (!real_vfs) {
		real_vfs = sqlite3_vfs_find(NULL);
		shim_vfs = *real_vfs;
		shim_vfs.zName = "eadr-count-syncs";
		shim_vfs.szOsFile = (int)sizeof(struct shim_file) + real_vfs->szOsFile;
		shim_vfs.xOpen = s_open;
		assert_int_equal(sqlite3_vfs_register(&shim_vfs, 1), SQLITE_OK);
	}
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
