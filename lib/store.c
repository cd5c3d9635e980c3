/*
 * store.c - opening the SQLite store, its migrations, transactions, the
 * audit log, and turning SQLite's errors into messages a manager can act on.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sbuf.h"
#include "store_int.h"

/* 'EADR' in PRAGMA application_id marks the file as ours. */
#define APP_ID 0x45414452

extern const char *const store_migrations[];
extern const size_t store_migration_count;

int store_schema_latest(void)
{
	return (int)store_migration_count;
}

int store_dberr(struct store *st, struct err *err, const char *what)
{
	int code = sqlite3_extended_errcode(st->db);
	const char *msg = sqlite3_errmsg(st->db);

	switch (code & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return err_set(err, "%s: the database is in use by another eadr "
			       "(waited %d s while %s); close the other eadr and try again",
			       st->path, (st->busy_ms + 999) / 1000, what);
	case SQLITE_FULL:
		return err_set(err, "%s: the disk is full, so %s failed; everything "
			       "saved before is safe. Free some space and try again",
			       st->path, what);
	case SQLITE_READONLY:
	case SQLITE_PERM:
		return err_set(err, "%s: the database cannot be written (read-only "
			       "file or folder), so %s failed; everything saved before is safe",
			       st->path, what);
	case SQLITE_CORRUPT:
		return err_set(err, "%s: the database is damaged (%s); eadr will not "
			       "write to it. Restore it from a backup", st->path, msg);
	case SQLITE_NOTADB:
		return err_set(err, "%s: not an eadr database (not a SQLite file)",
			       st->path);
	case SQLITE_IOERR:
		return err_set(err, "%s: the disk could not be read or written (%s) while %s",
			       st->path, msg, what);
	case SQLITE_CANTOPEN:
		return err_set(err, "%s: cannot open the database (%s)", st->path, msg);
	default:
		return err_set(err, "%s: %s: %s", st->path, what, msg);
	}
}

sqlite3_stmt *store_prep(struct store *st, const char *sql, struct err *err)
{
	sqlite3_stmt *s;
	int i;

	for (i = 0; i < st->ncache; i++) {
		if (st->cache[i].sql == sql) {
			sqlite3_reset(st->cache[i].st);
			sqlite3_clear_bindings(st->cache[i].st);
			return st->cache[i].st;
		}
	}
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s,
			       NULL) != SQLITE_OK) {
		store_dberr(st, err, "preparing a query");
		return NULL;
	}
	if (st->ncache < STMT_CACHE) {
		st->cache[st->ncache].sql = sql;
		st->cache[st->ncache].st = s;
		st->ncache++;
	} else {
		/* Full: replace the oldest (never expected with this schema). */
		sqlite3_finalize(st->cache[0].st);
		memmove(st->cache, st->cache + 1, sizeof(st->cache[0]) * (STMT_CACHE - 1));
		st->cache[STMT_CACHE - 1].sql = sql;
		st->cache[STMT_CACHE - 1].st = s;
	}
	return s;
}

int store_exec(struct store *st, const char *sql, struct err *err)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_dberr(st, err, "updating the database");
	return 0;
}

int store_bind_text(sqlite3_stmt *s, int i, const char *text)
{
	if (!text)
		return sqlite3_bind_null(s, i);
	return sqlite3_bind_text(s, i, text, -1, SQLITE_TRANSIENT);
}

char *store_col_dup(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? xstrndup((const char *)t, (size_t)sqlite3_column_bytes(s, i)) : NULL;
}

int store_step_done(struct store *st, sqlite3_stmt *s, struct err *err,
		    const char *what)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_dberr(st, err, what);
	return 0;
}

int store_one(struct store *st, sqlite3_stmt *s, int rc, struct err *err,
	      const char *what)
{
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_dberr(st, err, what);
}

int store_each_end(struct store *st, sqlite3_stmt *s, int rc, int stop,
		   struct err *err, const char *what)
{
	sqlite3_reset(s);
	if (!stop && rc != SQLITE_DONE)
		return store_dberr(st, err, what);
	return stop;
}

int store_begin(struct store *st, struct err *err)
{
	if (st->depth++ > 0)
		return 0;
	st->failed = 0;
	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		st->depth = 0;
		return store_dberr(st, err, "starting a change");
	}
	return 0;
}

int store_commit(struct store *st, struct err *err)
{
	if (st->depth <= 0)
		return err_set(err, "store: commit without begin");
	if (--st->depth > 0)
		return 0;
	if (st->failed) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		store_pieces_release(st);
		return err_set(err, "%s: the change was abandoned", st->path);
	}
	if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		store_dberr(st, err, "saving");
		if (!sqlite3_get_autocommit(st->db))
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		store_pieces_release(st);
		return -1;
	}
	return 0;
}

void store_rollback(struct store *st)
{
	if (st->depth <= 0)
		return;
	/* What this connection last wrote as pieces may be undone: the next
	 * save of a long answer writes it whole (store_pieces.c). */
	store_pieces_release(st);	/* rolled back */
	if (--st->depth > 0) {
		st->failed = 1;
		return;
	}
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

char *store_default_path(struct err *err)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	struct sbuf sb = SBUF_INIT;

	if (xdg && *xdg == '/')
		sbuf_addf(&sb, "%s/eadr/eadr.db", xdg);
	else if (home && *home)
		sbuf_addf(&sb, "%s/.local/share/eadr/eadr.db", home);
	else {
		err_set(err, "cannot tell where to keep the database: set HOME, "
			"XDG_DATA_HOME, EADR_DB or use --db PATH");
		return NULL;
	}
	return sbuf_detach(&sb);
}

/* Make every missing parent folder of path with mode 0700. */
static int make_parents(const char *path, struct err *err)
{
	char *p = xstrdup(path), *s;
	int rc = 0;

	for (s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(p, 0700) < 0 && errno != EEXIST) {
			rc = err_set(err, "cannot make the folder %s: %s", p, strerror(errno));
			break;
		}
		*s = '/';
	}
	free(p);
	return rc;
}

/* Create a new, empty database file with mode 0600 (SQLite's -wal and
 * -shm files then take the same mode). */
static int create_file(const char *path, struct err *err)
{
	int fd;

	if (make_parents(path, err) < 0)
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 && errno != EEXIST) {
		char *dir = xstrdup(path), *slash = strrchr(dir, '/');
		int ro;

		if (slash)
			*(slash == dir ? slash + 1 : slash) = '\0';
		ro = access(slash ? dir : ".", W_OK) < 0;
		err_set(err, "cannot create the database %s: %s%s", path,
			strerror(errno), ro ? " (the folder is read-only)" : "");
		free(dir);
		return -1;
	}
	if (fd >= 0)
		close(fd);
	return 0;
}

static int pragma_int(struct store *st, const char *sql, int *out,
		      struct err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return store_dberr(st, err, "reading the database");
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return store_dberr(st, err, "reading the database");
	return 0;
}

/* What an interruptible check watches (store_check_until): a thread
 * asks stop every WATCH_MS and, when it says so, interrupts the check. */
#define WATCH_MS 2
struct check_watch {
	int (*stop)(void *);
	void *arg;
	sqlite3 *db;
	atomic_int finished;	/* the check's step has returned */
	atomic_int stopped;	/* the check was interrupted for stop */
};

static void *check_watcher(void *arg)
{
	struct check_watch *w = arg;
	const struct timespec pause = { 0, WATCH_MS * 1000000L };

	/* Once stopped, interrupted again at every look until the step
	 * returns: an interrupt that came before the step began is cleared
	 * by it. */
	while (!atomic_load(&w->finished)) {
		if (atomic_load(&w->stopped) || w->stop(w->arg)) {
			atomic_store(&w->stopped, 1);
			sqlite3_interrupt(w->db);
		}
		nanosleep(&pause, NULL);
	}
	return NULL;
}

/* Refuse a damaged file before writing anything to it.  With w, the check
 * is given up (1) as soon as w->stop says so. */
static int quick_check(struct store *st, struct check_watch *w, struct err *err)
{
	sqlite3_stmt *s;
	pthread_t tid;
	int rc, watching = 0;

	if (sqlite3_prepare_v2(st->db, "PRAGMA quick_check(1)", -1, &s, NULL) != SQLITE_OK)
		return store_dberr(st, err, "checking the database");
	if (w) {
		sigset_t all, old;

		/* Signals stay with the caller's thread (its handlers may
		 * expect to interrupt its reads). */
		sigfillset(&all);
		pthread_sigmask(SIG_SETMASK, &all, &old);
		watching = pthread_create(&tid, NULL, check_watcher, w) == 0;
		pthread_sigmask(SIG_SETMASK, &old, NULL);
	}
	rc = sqlite3_step(s);
	if (watching) {
		/* Joined before the statement ends: no interrupt can reach
		 * a later one. */
		atomic_store(&w->finished, 1);
		pthread_join(tid, NULL);
	}
	if (rc == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(s, 0);

		if (r && strcmp(r, "ok") != 0) {
			err_set(err, "%s: the database is damaged (%s); eadr will not "
				"write to it. Restore it from a backup", st->path, r);
			sqlite3_finalize(s);
			return -1;
		}
		sqlite3_finalize(s);
		return 0;
	}
	sqlite3_finalize(s);
	if (w && atomic_load(&w->stopped))
		return 1;
	return store_dberr(st, err, "checking the database");
}

static int migrate(struct store *st, int from, int to, struct err *err)
{
	for (int v = from; v < to; v++) {
		struct sbuf sql = SBUF_INIT;

		sbuf_addf(&sql, "BEGIN IMMEDIATE;\n%s\nPRAGMA application_id = %d;\n"
			  "PRAGMA user_version = %d;\nCOMMIT;",
			  store_migrations[v], APP_ID, v + 1);
		if (sqlite3_exec(st->db, sql.buf, NULL, NULL, NULL) != SQLITE_OK) {
			store_dberr(st, err, "upgrading the database");
			err_prefix(err, "schema migration %d", v + 1);
			if (!sqlite3_get_autocommit(st->db))
				sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
			sbuf_release(&sql);
			return -1;
		}
		sbuf_release(&sql);
	}
	return 0;
}

static int read_device(struct store *st, int *found, struct err *err)
{
	static const char get[] = "SELECT value FROM meta WHERE key = 'device_id'";
	sqlite3_stmt *s = store_prep(st, get, err);
	int rc;

	if (!s)
		return -1;
	rc = sqlite3_step(s);
	*found = rc == SQLITE_ROW;
	if (*found)
		snprintf(st->device_id, sizeof(st->device_id), "%s",
			 (const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_dberr(st, err, "reading the device identity");
	return 0;
}

/* The device identity is made once, when the database is new; later opens
 * only read it, so that opening never waits for another eadr's write. */
static int load_device(struct store *st, struct err *err)
{
	static const char put[] =
		"INSERT OR IGNORE INTO meta(key, value) VALUES ('device_id', ?1)";
	char fresh[UUID_LEN + 1];
	sqlite3_stmt *s;
	int found;

	if (read_device(st, &found, err) < 0)
		return -1;
	if (found)
		return 0;
	if (uuid_new(fresh, err) < 0 || !(s = store_prep(st, put, err)))
		return -1;
	sqlite3_bind_text(s, 1, fresh, -1, SQLITE_STATIC);
	if (store_step_done(st, s, err, "recording the device identity") < 0 ||
	    read_device(st, &found, err) < 0)
		return -1;
	if (!found)
		return err_set(err, "%s: the device identity could not be saved", st->path);
	st->created = 1;
	return 0;
}

static int has_tables(struct store *st, int *yes, struct err *err)
{
	return pragma_int(st, "SELECT count(*) FROM sqlite_schema", yes, err);
}

/* Another program's file, or a newer eadr's: -1 and err. */
static int refuse_foreign(const char *path, int appid, int version, struct err *err)
{
	if (appid != APP_ID && appid != 0)
		return err_set(err, "%s: not an eadr database (a SQLite file of "
			       "another program)", path);
	if (version > store_schema_latest())
		return err_set(err, "%s: this database was written by a newer eadr "
			       "(schema %d; this eadr knows up to %d). It was not "
			       "changed: upgrade eadr to open it",
			       path, version, store_schema_latest());
	return 0;
}

struct store *store_open(const char *path, const struct store_opts *opts,
			 struct err *err)
{
	struct store *st;
	int appid = 0, version = 0, tables = 0, latest = store_schema_latest();
	struct stat sb;

	if (!path || !*path) {
		err_set(err, "no database path given");
		return NULL;
	}
	if (stat(path, &sb) < 0) {
		if (errno != ENOENT) {
			err_set(err, "cannot open the database %s: %s", path, strerror(errno));
			return NULL;
		}
		if (create_file(path, err) < 0)
			return NULL;
	} else if (S_ISDIR(sb.st_mode)) {
		err_set(err, "%s is a folder, not a database file", path);
		return NULL;
	}

	/* A newer eadr's file is refused before SQLite sees it: SQLite would
	 * replay its write-ahead log and, on close, merge it into the file. */
	if (store_peek(path, &appid, &version, err) < 0 ||
	    refuse_foreign(path, appid, version, err) < 0)
		return NULL;

	st = xcalloc(1, sizeof(*st));
	st->path = xstrdup(path);
	st->busy_ms = opts && opts->busy_timeout_ms > 0 ? opts->busy_timeout_ms : 5000;
	if (opts && opts->migrate_to > 0 && opts->migrate_to < latest)
		latest = opts->migrate_to;

	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW,
			    NULL) != SQLITE_OK) {
		if (!st->db) {
			err_set(err, "%s: cannot open the database: out of memory", path);
		} else if (access(path, W_OK) < 0 || sqlite3_errcode(st->db) == SQLITE_READONLY) {
			err_set(err, "%s: the database cannot be written (read-only file or folder)", path);
		} else {
			store_dberr(st, err, "opening");
		}
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, st->busy_ms);
	/* Read only, before anything could change the file. */
	if (pragma_int(st, "PRAGMA application_id", &appid, err) < 0 ||
	    pragma_int(st, "PRAGMA user_version", &version, err) < 0 ||
	    has_tables(st, &tables, err) < 0)
		goto fail;
	if (appid != APP_ID && (appid != 0 || tables > 0)) {
		err_set(err, "%s: not an eadr database (a SQLite file of another program)", path);
		goto fail;
	}
	if (refuse_foreign(path, appid, version, err) < 0)
		goto fail;
	if (version > 0 && !(opts && opts->skip_check) && quick_check(st, NULL, err) < 0)
		goto fail;

	/* WAL with synchronous = NORMAL: every commit is in the operating
	 * system's hands (a crash of eadr loses nothing), cheap enough for a
	 * commit per keystroke; store_flush makes it survive a power cut. */
	if (store_exec(st, "PRAGMA journal_mode = WAL", err) < 0 ||
	    store_exec(st, "PRAGMA synchronous = NORMAL", err) < 0 ||
	    store_exec(st, "PRAGMA foreign_keys = ON", err) < 0)
		goto fail;
	/* Replaced or deleted content is overwritten, not left in free pages
	 * (answers converted to ciphertext leave no plain text behind). */
	if (store_exec(st, "PRAGMA secure_delete = ON", err) < 0 ||
	    store_value_functions(st, err) < 0 || store_team_functions(st, err) < 0)
		goto fail;
	if (opts && opts->cache_kib > 0) {
		struct sbuf sql = SBUF_INIT;
		int rc;

		sbuf_addf(&sql, "PRAGMA cache_size = -%d", opts->cache_kib);
		rc = store_exec(st, sql.buf, err);
		sbuf_release(&sql);
		if (rc < 0)
			goto fail;
	}
	st->profiles = -1;
	if (version < latest && migrate(st, version, latest, err) < 0)
		goto fail;
	if (load_device(st, err) < 0 ||
	    pragma_int(st, "SELECT count(*) FROM sqlite_schema WHERE name = 'profiles'",
		       &st->holders, err) < 0)
		goto fail;
	/* A long answer a crash left in pieces goes back into its row. */
	if (pragma_int(st, "SELECT count(*) FROM sqlite_schema WHERE name = 'answer_pieces'",
		       &st->piece_table, err) < 0 || store_pieces_fold(st, err) < 0)
		goto fail;
	return st;
fail:
	store_close(st);
	return NULL;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	/* The batch commands' changes survive a power cut once they exit
	 * (device_id is set once an open has fully succeeded). */
	if (st->db && st->depth == 0 && st->device_id[0]) {
		struct err e = ERR_INIT;

		store_pieces_fold(st, &e);
		err_release(&e);
		store_flush(st, NULL);
	}
	store_pieces_release(st);
	for (int i = 0; i < st->ncache; i++)
		sqlite3_finalize(st->cache[i].st);
	keyring_free(st->kr);	/* wipes the keys */
	if (st->db)
		sqlite3_close(st->db);
	free(st->path);
	free(st);
}

int store_flush(struct store *st, struct err *err)
{
	sqlite3_file *wal = NULL;
	int rc;

	if (st->depth > 0)
		return err_set(err, "store: flush inside a change");
	/* The log holds every commit not yet merged into the file, and a
	 * merge (checkpoint) syncs the file before the log is reused: an
	 * fsync of the log is all a power cut needs. */
	if (sqlite3_file_control(st->db, "main", SQLITE_FCNTL_JOURNAL_POINTER,
				 &wal) != SQLITE_OK)
		return store_dberr(st, err, "making the saved answers safe on disk");
	if (!wal || !wal->pMethods)
		return 0;	/* no log open: every commit is in the file */
	rc = wal->pMethods->xSync(wal, SQLITE_SYNC_NORMAL);
	if (rc != SQLITE_OK)
		return err_set(err, "%s: the disk could not be written (%s) while "
			       "making the saved answers safe on disk",
			       st->path, sqlite3_errstr(rc));
	return 0;
}

int store_schema_version(struct store *st)
{
	int v = -1;

	pragma_int(st, "PRAGMA user_version", &v, NULL);
	return v;
}

const char *store_device_id(const struct store *st)
{
	return st->device_id;
}

int store_check(struct store *st, struct err *err)
{
	return quick_check(st, NULL, err);
}

long long store_changes(struct store *st)
{
	int dv = 0;

	/* data_version moves with other connections' commits, total_changes
	 * with this one's rows. */
	pragma_int(st, "PRAGMA data_version", &dv, NULL);
	return (long long)dv * 4294967296LL + sqlite3_total_changes(st->db);
}

int store_check_until(struct store *st, int (*stop)(void *), void *arg,
		      struct err *err)
{
	struct check_watch w;
	int rc;

	if (stop(arg))
		return 0;
	w.stop = stop;
	w.arg = arg;
	w.db = st->db;
	atomic_init(&w.finished, 0);
	atomic_init(&w.stopped, 0);
	rc = quick_check(st, &w, err);
	return rc < 0 ? -1 : rc == 1 ? 0 : 1;
}

int store_created(const struct store *st)
{
	return st->created;
}

const char *store_path(const struct store *st)
{
	return st->path;
}

int store_audit(struct store *st, const char *appraisal_uuid,
		const char *staff_number, const char *action,
		const char *detail, struct err *err)
{
	static const char sql[] =
		"INSERT INTO audit(at, device_id, appraisal_uuid, staff_number, action, detail)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
	char now[STAMP_LEN + 1];
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	time_stamp(now);
	store_bind_text(s, 1, now);
	store_bind_text(s, 2, st->device_id);
	store_bind_text(s, 3, appraisal_uuid);
	store_bind_text(s, 4, staff_number);
	store_bind_text(s, 5, action);
	store_bind_text(s, 6, detail ? detail : "");
	return store_step_done(st, s, err, "writing the audit log");
}

int store_audit_each(struct store *st,
		     int (*fn)(const struct audit_entry *, void *), void *arg,
		     struct err *err)
{
	static const char sql[] =
		"SELECT id, at, device_id, appraisal_uuid, staff_number, action, detail"
		" FROM audit ORDER BY id";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc, stop = 0;

	if (!s)
		return -1;
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct audit_entry e = {
			sqlite3_column_int64(s, 0),
			(const char *)sqlite3_column_text(s, 1),
			(const char *)sqlite3_column_text(s, 2),
			(const char *)sqlite3_column_text(s, 3),
			(const char *)sqlite3_column_text(s, 4),
			(const char *)sqlite3_column_text(s, 5),
			(const char *)sqlite3_column_text(s, 6),
		};
		stop = fn(&e, arg);
	}
	return store_each_end(st, s, rc, stop, err, "reading the audit log");
}
