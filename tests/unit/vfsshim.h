/*
 * vfsshim.h - a VFS shim in front of SQLite's own, for the tests that must
 * see or slow what the store asks of the disk (test_durable: the syncs of
 * each file kind; test_check_idle: slow reads).  Every method passes on to
 * the real VFS; the test's hooks run first.
 */
#ifndef EADR_VFSSHIM_H
#define EADR_VFSSHIM_H

#include <sqlite3.h>

#include "testutil.h"

/* What the test hooks in: each may be NULL. */
struct vfs_shim_hooks {
	void (*read)(void);		/* before every read */
	void (*sync)(int is_wal);	/* before every sync: of the log or not */
};

static sqlite3_vfs *vfs_shim_real;
static sqlite3_vfs vfs_shim;
static struct vfs_shim_hooks vfs_shim_hook;

struct vfs_shim_file {
	sqlite3_file base;
	int is_wal;
	sqlite3_file *real;	/* just after this struct */
};

#define VFS_SHIM_REAL(f) (((struct vfs_shim_file *)(f))->real)

static int vs_close(sqlite3_file *f)
{
	return VFS_SHIM_REAL(f)->pMethods->xClose(VFS_SHIM_REAL(f));
}
static int vs_read(sqlite3_file *f, void *b, int n, sqlite3_int64 o)
{
	if (vfs_shim_hook.read)
		vfs_shim_hook.read();
	return VFS_SHIM_REAL(f)->pMethods->xRead(VFS_SHIM_REAL(f), b, n, o);
}
static int vs_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 o)
{
	return VFS_SHIM_REAL(f)->pMethods->xWrite(VFS_SHIM_REAL(f), b, n, o);
}
static int vs_truncate(sqlite3_file *f, sqlite3_int64 n)
{
	return VFS_SHIM_REAL(f)->pMethods->xTruncate(VFS_SHIM_REAL(f), n);
}
static int vs_sync(sqlite3_file *f, int flags)
{
	if (vfs_shim_hook.sync)
		vfs_shim_hook.sync(((struct vfs_shim_file *)f)->is_wal);
	return VFS_SHIM_REAL(f)->pMethods->xSync(VFS_SHIM_REAL(f), flags);
}
static int vs_size(sqlite3_file *f, sqlite3_int64 *n)
{
	return VFS_SHIM_REAL(f)->pMethods->xFileSize(VFS_SHIM_REAL(f), n);
}
static int vs_lock(sqlite3_file *f, int l)
{
	return VFS_SHIM_REAL(f)->pMethods->xLock(VFS_SHIM_REAL(f), l);
}
static int vs_unlock(sqlite3_file *f, int l)
{
	return VFS_SHIM_REAL(f)->pMethods->xUnlock(VFS_SHIM_REAL(f), l);
}
static int vs_reserved(sqlite3_file *f, int *r)
{
	return VFS_SHIM_REAL(f)->pMethods->xCheckReservedLock(VFS_SHIM_REAL(f), r);
}
static int vs_fcntl(sqlite3_file *f, int op, void *arg)
{
	return VFS_SHIM_REAL(f)->pMethods->xFileControl(VFS_SHIM_REAL(f), op, arg);
}
static int vs_sector(sqlite3_file *f)
{
	return VFS_SHIM_REAL(f)->pMethods->xSectorSize(VFS_SHIM_REAL(f));
}
static int vs_dev(sqlite3_file *f)
{
	return VFS_SHIM_REAL(f)->pMethods->xDeviceCharacteristics(VFS_SHIM_REAL(f));
}
static int vs_shmmap(sqlite3_file *f, int pg, int sz, int ext, void volatile **pp)
{
	return VFS_SHIM_REAL(f)->pMethods->xShmMap(VFS_SHIM_REAL(f), pg, sz, ext, pp);
}
static int vs_shmlock(sqlite3_file *f, int off, int n, int flags)
{
	return VFS_SHIM_REAL(f)->pMethods->xShmLock(VFS_SHIM_REAL(f), off, n, flags);
}
static void vs_shmbarrier(sqlite3_file *f)
{
	VFS_SHIM_REAL(f)->pMethods->xShmBarrier(VFS_SHIM_REAL(f));
}
static int vs_shmunmap(sqlite3_file *f, int del)
{
	return VFS_SHIM_REAL(f)->pMethods->xShmUnmap(VFS_SHIM_REAL(f), del);
}

static const sqlite3_io_methods vfs_shim_io = {
	2, vs_close, vs_read, vs_write, vs_truncate, vs_sync, vs_size, vs_lock,
	vs_unlock, vs_reserved, vs_fcntl, vs_sector, vs_dev, vs_shmmap, vs_shmlock,
	vs_shmbarrier, vs_shmunmap, NULL, NULL,
};

static int vs_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f,
		   int flags, int *out)
{
	struct vfs_shim_file *sf = (struct vfs_shim_file *)f;
	int rc;

	(void)vfs;
	sf->real = (sqlite3_file *)(sf + 1);
	sf->is_wal = (flags & SQLITE_OPEN_WAL) != 0;
	rc = vfs_shim_real->xOpen(vfs_shim_real, name, sf->real, flags, out);
	f->pMethods = sf->real->pMethods ? &vfs_shim_io : NULL;
	return rc;
}

/* Put the shim in front, as the default VFS, once (name: for messages). */
static inline void vfs_shim_install(const char *name, struct vfs_shim_hooks hooks)
{
	vfs_shim_hook = hooks;
	if (vfs_shim_real)
		return;
	vfs_shim_real = sqlite3_vfs_find(NULL);
	vfs_shim = *vfs_shim_real;
	vfs_shim.zName = name;
	vfs_shim.szOsFile = (int)sizeof(struct vfs_shim_file) + vfs_shim_real->szOsFile;
	vfs_shim.xOpen = vs_open;
	assert_int_equal(sqlite3_vfs_register(&vfs_shim, 1), SQLITE_OK);
}

#endif
