/*
 * hub_peer.c - the same-work peer of 'eadr hub import' for bench/hub_import.sh:
 * a plain SQLite program that inserts the rows eadr's import writes (staff,
 * appraisals, answers, PDP goals, sign-offs, and the hub's history, owner,
 * current and bundle rows with the same content and content hashes) into a
 * hub database, with prepared statements bound without copies, in one
 * transaction, with eadr's durability (WAL, synchronous NORMAL, foreign keys
 * on, the log synced before close).  It does not verify, decrypt or check
 * anything, look anything up, or write an acknowledgement.  Given the
 * bundle too, it first does what any importer of a signed bundle must, the
 * file mapped, with libsodium, one call each: format 2, the signature over
 * the header (crypto_sign_verify_detached), the records' checksum (BLAKE2b)
 * and the bundle id (BLAKE2b of the header and signature); format 1, the
 * signature over the whole file and the id (BLAKE2b of the file).
 *
 *   hub_peer DB RECORDS BUNDLE_ID SIGN_KEY_HEX CREATED [BUNDLE]
 * RECORDS is the bundle's plaintext payload (gen_bundle writes it).
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#define MAXF 16

struct field {
	const char *p;
	int len;		/* -1: no value */
};

enum { ST_STAFF, ST_HSTAFF, ST_REV, ST_REVB, ST_OWN, ST_CUR, ST_APP, ST_ANS,
	ST_GOAL, ST_SO, NST };
static const char *const sql[NST] = {
	"INSERT INTO staff(staff_number, uuid, name, role, band, station, email,"
	" due, device_id, revision, created_at, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	"INSERT INTO hub_staff(staff_number, updated_at, revision, content_hash)"
	" VALUES (?1, ?2, ?3, ?4)",
	"INSERT INTO hub_revisions(appraisal_uuid, revision, content_hash, device_id,"
	" staff_number, updated_at, content) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	"INSERT INTO hub_revision_bundles(bundle_id, appraisal_uuid, revision,"
	" content_hash) VALUES (?1, ?2, ?3, ?4)",
	"INSERT INTO hub_owners(appraisal_uuid, sign_key, since) VALUES (?1, ?2, ?3)",
	"INSERT INTO hub_current(appraisal_uuid, revision, content_hash)"
	" VALUES (?1, ?2, ?3)",
	"INSERT INTO appraisals(uuid, staff_number, appraiser, form_id,"
	" form_version, form_hash, state, revision, device_id, created_at,"
	" updated_at, meeting_date, next_due, synced_revision)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?8)",
	"INSERT INTO answers(appraisal_id, path, value, private, uuid, device_id,"
	" revision, updated_at) VALUES (?1, ?2, ?3, 0, ?4, ?5, ?6, ?7)",
	"INSERT INTO pdp_goals(appraisal_id, uuid, position, need, goal, kind,"
	" category, priority, target_date, support, status, follows_up, device_id,"
	" revision, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
	" ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
	"INSERT INTO signoffs(appraisal_id, uuid, role, name, comments, signed_at,"
	" device_id, revision) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
};

static sqlite3 *db;

/* The signature and the id of the bundle file, as one-shot calls. */
static void verify(const char *path, const unsigned char *key, const char *id)
{
	struct stat sb;
	const unsigned char *d;
	unsigned char sum[32];
	char hex[65];
	size_t len;
	int fd, v2;

	if ((fd = open(path, O_RDONLY)) < 0 || fstat(fd, &sb) < 0 || sb.st_size < 256 ||
	    (d = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0)) == MAP_FAILED) {
		perror(path);
		exit(1);
	}
	len = (size_t)sb.st_size;
	v2 = d[8] == 0 && d[9] == 2;
	if (crypto_sign_verify_detached(d + len - 64, d, v2 ? 192 : len - 64, key) != 0) {
		fprintf(stderr, "hub_peer: %s: bad signature\n", path);
		exit(1);
	}
	if (v2) {	/* the signature covers the header: the records' checksum */
		crypto_generichash_state hs;

		crypto_generichash(sum, sizeof(sum), d + 192, len - 192 - 64, NULL, 0);
		if (sodium_memcmp(sum, d + 160, 32) != 0) {
			fprintf(stderr, "hub_peer: %s: damaged\n", path);
			exit(1);
		}
		crypto_generichash_init(&hs, NULL, 0, sizeof(sum));
		crypto_generichash_update(&hs, d, 192);
		crypto_generichash_update(&hs, d + len - 64, 64);
		crypto_generichash_final(&hs, sum, sizeof(sum));
	} else {
		crypto_generichash(sum, sizeof(sum), d, len, NULL, 0);
	}
	sodium_bin2hex(hex, sizeof(hex), sum, sizeof(sum));
	if (strcmp(hex, id)) {
		fprintf(stderr, "hub_peer: %s: not bundle %s\n", path, id);
		exit(1);
	}
	munmap((void *)d, (size_t)sb.st_size);
	close(fd);
}
static sqlite3_stmt *st[NST];

static void die(const char *what)
{
	fprintf(stderr, "hub_peer: %s: %s\n", what, db ? sqlite3_errmsg(db) : "");
	exit(1);
}

static void exec(const char *s)
{
	if (sqlite3_exec(db, s, NULL, NULL, NULL) != SQLITE_OK)
		die(s);
}

static void bind(sqlite3_stmt *s, int i, const struct field *f)
{
	if (f->len < 0)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_text(s, i, f->p, f->len, SQLITE_STATIC);
}

static long long num(const struct field *f)
{
	long long v = 0;

	for (int i = 0; i < f->len; i++)
		v = v * 10 + (f->p[i] - '0');
	return v;
}

static void done(sqlite3_stmt *s)
{
	if (sqlite3_step(s) != SQLITE_DONE)
		die("insert");
	sqlite3_reset(s);
}

/* The hub's content hash of a staff record (as lib/hub.c's rec_hash). */
static void rec_hash(const struct field *f, int nf, char out[65])
{
	crypto_generichash_state h;
	unsigned char sum[32];

	crypto_generichash_init(&h, NULL, 0, sizeof(sum));
	for (int i = 0; i < nf; i++) {
		unsigned char len[8];
		uint64_t n = f[i].len < 0 ? UINT64_MAX : (uint64_t)f[i].len;

		for (int k = 0; k < 8; k++)
			len[k] = (unsigned char)(n >> (8 * (7 - k)));
		crypto_generichash_update(&h, len, 8);
		if (f[i].len >= 0)
			crypto_generichash_update(&h, (const unsigned char *)f[i].p,
						  (size_t)f[i].len);
	}
	crypto_generichash_final(&h, sum, sizeof(sum));
	sodium_bin2hex(out, 65, sum, sizeof(sum));
}

struct open_app {
	const unsigned char *start;
	struct field f[MAXF];
	long long id;
};

/* The history row of the appraisal whose records are start .. end. */
static void history(const struct open_app *a, const unsigned char *end,
		    const char *bundle_id, const unsigned char *key, const char *created)
{
	char hash[65];
	unsigned char sum[32];
	long long rev = num(&a->f[7]);

	crypto_generichash(sum, sizeof(sum), a->start, (size_t)(end - a->start), NULL, 0);
	sodium_bin2hex(hash, sizeof(hash), sum, sizeof(sum));
	bind(st[ST_REV], 1, &a->f[0]);
	sqlite3_bind_int64(st[ST_REV], 2, rev);
	sqlite3_bind_text(st[ST_REV], 3, hash, 64, SQLITE_STATIC);
	bind(st[ST_REV], 4, &a->f[8]);
	bind(st[ST_REV], 5, &a->f[1]);
	bind(st[ST_REV], 6, &a->f[10]);
	sqlite3_bind_blob(st[ST_REV], 7, a->start, (int)(end - a->start), SQLITE_STATIC);
	done(st[ST_REV]);
	sqlite3_bind_text(st[ST_REVB], 1, bundle_id, -1, SQLITE_STATIC);
	bind(st[ST_REVB], 2, &a->f[0]);
	sqlite3_bind_int64(st[ST_REVB], 3, rev);
	sqlite3_bind_text(st[ST_REVB], 4, hash, 64, SQLITE_STATIC);
	done(st[ST_REVB]);
	bind(st[ST_OWN], 1, &a->f[0]);
	sqlite3_bind_blob(st[ST_OWN], 2, key, 32, SQLITE_STATIC);
	sqlite3_bind_text(st[ST_OWN], 3, created, -1, SQLITE_STATIC);
	done(st[ST_OWN]);
	bind(st[ST_CUR], 1, &a->f[0]);
	sqlite3_bind_int64(st[ST_CUR], 2, rev);
	sqlite3_bind_text(st[ST_CUR], 3, hash, 64, SQLITE_STATIC);
	done(st[ST_CUR]);
}

static void record(char type, const struct field *f, int nf, long long app_id)
{
	char hash[65];
	sqlite3_stmt *s;
	int first = 2;

	switch (type) {
	case 'S':
		for (int i = 0; i < nf; i++)
			bind(st[ST_STAFF], i + 1, &f[i]);
		done(st[ST_STAFF]);
		rec_hash(f, nf, hash);
		bind(st[ST_HSTAFF], 1, &f[0]);
		bind(st[ST_HSTAFF], 2, &f[11]);
		sqlite3_bind_int64(st[ST_HSTAFF], 3, num(&f[9]));
		sqlite3_bind_text(st[ST_HSTAFF], 4, hash, 64, SQLITE_STATIC);
		done(st[ST_HSTAFF]);
		return;
	case 'N': s = st[ST_ANS]; break;
	case 'P': s = st[ST_GOAL]; break;
	case 'G': s = st[ST_SO]; break;
	default: die("a record this peer does not know");
	}
	sqlite3_bind_int64(s, 1, app_id);
	for (int i = 0; i < nf; i++)
		bind(s, first + i, &f[i]);
	done(s);
}

int main(int argc, char **argv)
{
	unsigned char key[32];
	struct open_app a = { 0 };
	const unsigned char *p, *end;
	sqlite3_file *wal = NULL;
	struct stat sb;
	char detail[200];
	int fd;

	if ((argc != 6 && argc != 7) || sodium_init() < 0 ||
	    sodium_hex2bin(key, 32, argv[4], 64, NULL, NULL, NULL) != 0) {
		fprintf(stderr, "usage: hub_peer DB RECORDS BUNDLE_ID SIGN_KEY_HEX CREATED "
			"[BUNDLE]\n");
		return 2;
	}
	if (argc == 7)
		verify(argv[6], key, argv[3]);
	if ((fd = open(argv[2], O_RDONLY)) < 0 || fstat(fd, &sb) < 0 ||
	    (p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0)) == MAP_FAILED) {
		perror(argv[2]);
		return 1;
	}
	end = p + sb.st_size;
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		die("open");
	exec("PRAGMA journal_mode = WAL");
	exec("PRAGMA synchronous = NORMAL");
	exec("PRAGMA foreign_keys = ON");
	for (int i = 0; i < NST; i++)
		if (sqlite3_prepare_v3(db, sql[i], -1, SQLITE_PREPARE_PERSISTENT, &st[i],
				       NULL) != SQLITE_OK)
			die(sql[i]);
	exec("BEGIN IMMEDIATE");
	while (p < end) {
		struct field f[MAXF];
		const unsigned char *start = p;
		char type = (char)p[0];
		int nf = p[1];

		p += 2;
		for (int i = 0; i < nf; i++) {
			uint32_t n = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
				(uint32_t)p[2] << 8 | p[3];

			p += 4;
			f[i].p = (const char *)p;
			f[i].len = n == 0xffffffffu ? -1 : (int)n;
			if (f[i].len > 0)
				p += n;
		}
		if (type != 'A') {
			record(type, f, nf, a.id);
			continue;
		}
		if (a.start)
			history(&a, start, argv[3], key, argv[5]);
		a.start = start;
		memcpy(a.f, f, sizeof(f));
		for (int i = 0; i < nf; i++)
			bind(st[ST_APP], i + 1, &f[i]);
		done(st[ST_APP]);
		a.id = sqlite3_last_insert_rowid(db);
	}
	if (a.start)
		history(&a, end, argv[3], key, argv[5]);
	/* The bundle, the device and the audit line, as eadr writes them. */
	{
		sqlite3_stmt *s;
		static const char bun[] =
			"INSERT INTO hub_bundles(bundle_id, device_id, seq, created_at,"
			" imported_at, file, encrypted, sign_key) SELECT ?1, device_id, 1, ?2,"
			" strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?3, 0, sign_key"
			" FROM hub_devices WHERE sign_key = ?4";
		static const char dev[] =
			"UPDATE hub_devices SET first_seen = min(first_seen, ?1),"
			" last_seen = max(last_seen, ?1), max_seq = max(max_seq, 1)"
			" WHERE sign_key = ?2";
		static const char aud[] =
			"INSERT INTO audit(at, device_id, action, detail) VALUES"
			" (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), '', 'hub-import', ?1)";

		if (sqlite3_prepare_v2(db, bun, -1, &s, NULL) != SQLITE_OK)
			die(bun);
		sqlite3_bind_text(s, 1, argv[3], -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, argv[5], -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, argv[2], -1, SQLITE_STATIC);
		sqlite3_bind_blob(s, 4, key, 32, SQLITE_STATIC);
		done(s);
		sqlite3_finalize(s);
		if (sqlite3_prepare_v2(db, dev, -1, &s, NULL) != SQLITE_OK)
			die(dev);
		sqlite3_bind_text(s, 1, argv[5], -1, SQLITE_STATIC);
		sqlite3_bind_blob(s, 2, key, 32, SQLITE_STATIC);
		done(s);
		sqlite3_finalize(s);
		if (sqlite3_prepare_v2(db, aud, -1, &s, NULL) != SQLITE_OK)
			die(aud);
		snprintf(detail, sizeof(detail), "%s from device (peer)", argv[2]);
		sqlite3_bind_text(s, 1, detail, -1, SQLITE_STATIC);
		done(s);
		sqlite3_finalize(s);
	}
	exec("COMMIT");
	/* eadr's store_close: the log synced, then SQLite's checkpoint on close. */
	if (sqlite3_file_control(db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &wal) == SQLITE_OK &&
	    wal && wal->pMethods)
		wal->pMethods->xSync(wal, SQLITE_SYNC_NORMAL);
	for (int i = 0; i < NST; i++)
		sqlite3_finalize(st[i]);
	if (sqlite3_close(db) != SQLITE_OK)
		die("close");
	return 0;
}
