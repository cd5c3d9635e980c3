/*
 * store_peek.c - read a database's application_id and user_version from
 * the file's own bytes, before SQLite opens it: the main file's header and,
 * when a write-ahead log is left over, the newest committed copy of page 1
 * in it.  Opening a file SQLite would refuse to keep must change nothing,
 * and SQLite's own open replays (and on close, merges and deletes) the log.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sbuf.h"
#include "store_int.h"

#define HDR_LEN 100		/* SQLite's database header */
#define WAL_HDR 32
#define FRAME_HDR 24
#define WAL_MAGIC 0x377f0682u	/* low bit: checksums in big-endian words */

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* The WAL checksum of n bytes (a multiple of 8), continuing from s. */
static void wal_sum(int big, const unsigned char *p, size_t n, uint32_t s[2])
{
	for (size_t i = 0; i + 8 <= n; i += 8) {
		s[0] += (big ? be32(p + i) : le32(p + i)) + s[1];
		s[1] += (big ? be32(p + i + 4) : le32(p + i + 4)) + s[0];
	}
}

static int read_full(int fd, void *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, (char *)buf + got, n - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

/*
 * The header of the newest committed page 1 in the log at path, into hdr.
 * 1 found, 0 none (no log, an empty or reset one, or page 1 not in it).
 * Frames are read as SQLite's recovery reads them: the salts must match the
 * log's header and the running checksum must hold; the first frame that
 * fails ends the log.
 */
static int wal_page1(const char *path, unsigned char hdr[HDR_LEN])
{
	unsigned char wh[WAL_HDR], fh[FRAME_HDR], *page = NULL, pending[HDR_LEN];
	uint32_t magic, psize, s[2] = { 0, 0 };
	int fd, big, found = 0, have_pending = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return 0;
	if (read_full(fd, wh, sizeof(wh)) < 0)
		goto out;
	magic = be32(wh);
	psize = be32(wh + 8);
	if (psize == 1)
		psize = 65536;
	if ((magic & ~1u) != WAL_MAGIC || psize < 512 || psize > 65536 ||
	    (psize & (psize - 1)))
		goto out;
	big = magic & 1;
	wal_sum(big, wh, 24, s);
	if (s[0] != be32(wh + 24) || s[1] != be32(wh + 28))
		goto out;
	page = xcalloc(1, psize);
	while (read_full(fd, fh, sizeof(fh)) == 0 && read_full(fd, page, psize) == 0) {
		if (memcmp(fh + 8, wh + 16, 8))
			break;	/* salts of an older log: the end */
		wal_sum(big, fh, 8, s);
		wal_sum(big, page, psize, s);
		if (s[0] != be32(fh + 16) || s[1] != be32(fh + 20))
			break;
		if (be32(fh) == 1) {
			memcpy(pending, page, HDR_LEN);
			have_pending = 1;
		}
		if (be32(fh + 4) != 0 && have_pending) {	/* a commit */
			memcpy(hdr, pending, HDR_LEN);
			found = 1;
		}
	}
out:
	free(page);
	close(fd);
	return found;
}

int store_peek(const char *path, int *appid, int *version, struct err *err)
{
	static const char magic[16] = "SQLite format 3";
	unsigned char hdr[HDR_LEN], walhdr[HDR_LEN];
	struct sbuf wal = SBUF_INIT;
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		return err_set(err, "cannot open the database %s: %s", path, strerror(errno));
	}
	rc = read_full(fd, hdr, sizeof(hdr));
	close(fd);
	if (rc < 0 || memcmp(hdr, magic, sizeof(magic)))
		return 0;	/* new, empty or not SQLite: SQLite says which */
	sbuf_addf(&wal, "%s-wal", path);
	if (wal_page1(wal.buf, walhdr))
		memcpy(hdr, walhdr, sizeof(hdr));
	sbuf_release(&wal);
	*appid = (int)be32(hdr + 68);
	*version = (int)be32(hdr + 60);
	return 1;
}
