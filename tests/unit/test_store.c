/*
 * test_store.c - the SQLite store: migrations, answers, the audit log, and
 * every failure the foundation promises a clear message for, with nothing
 * already saved lost.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "testutil.h"
#include "lib/store_int.h"

struct fx {
	char *dir, *path;
	struct store *st;
};

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));

	f->dir = tu_tmpdir();
	f->path = tu_path(f->dir, "eadr.db");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	store_close(f->st);
	free(f->path);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

static struct store *open_ok(const char *path)
{
	struct err err = ERR_INIT;
	struct store *st = store_open(path, NULL, &err);

	if (!st)
		fail_msg("store_open: %s", err_msg(&err));
	return st;
}

static void add_person(struct store *st, const char *number, const char *name)
{
	struct staff s = { (char *)number, (char *)name, "Paramedic", "6",
		"Northgate", "", NULL };

	assert_int_equal(store_staff_put(st, &s, NULL, NULL), 0);
}

static long long new_appraisal(struct store *st, const char *number)
{
	struct store_appraisal a;
	long long id;

	assert_int_equal(store_appraisal_new(st, number, "Manager", "eadr", "1",
					     "hash", &a, NULL), 0);
	id = a.id;
	store_appraisal_release(&a);
	return id;
}

static int query_int(struct store *st, const char *sql)
{
	sqlite3_stmt *s;
	int v;

	assert_int_equal(sqlite3_prepare_v2(st->db, sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

static char *answer(struct store *st, long long id, const char *path)
{
	char *v = NULL;

	assert_int_equal(store_answer_get(st, id, path, &v, NULL, NULL), 1);
	return v;
}

/* ---- opening and migrations ---------------------------------------- */

static void test_fresh(void **state)
{
	struct fx *f = *state;
	struct stat sb;
	char *wal;

	f->st = open_ok(f->path);
	assert_int_equal(store_schema_version(f->st), store_schema_latest());
	assert_int_equal(store_check(f->st, NULL), 0);
	assert_int_equal(query_int(f->st, "PRAGMA application_id"), 0x45414452);
	assert_int_equal(query_int(f->st, "PRAGMA foreign_keys"), 1);
	assert_int_equal(query_int(f->st, "SELECT count(*) FROM sqlite_schema WHERE name IN"
				   " ('staff','appraisals','answers','pdp_goals','signoffs','audit','meta','forms')"), 8);
	assert_int_equal(stat(f->path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	wal = tu_path(f->dir, "eadr.db-wal");
	assert_int_equal(stat(wal, &sb), 0);	/* WAL mode */
	assert_int_equal(sb.st_mode & 0777, 0600);
	free(wal);
	assert_int_equal(strlen(store_device_id(f->st)), UUID_LEN);
	assert_true(store_created(f->st));
}

static void test_device_id_stable(void **state)
{
	struct fx *f = *state;
	char first[UUID_LEN + 1];

	f->st = open_ok(f->path);
	snprintf(first, sizeof(first), "%s", store_device_id(f->st));
	store_close(f->st);
	f->st = open_ok(f->path);
	assert_false(store_created(f->st));
	assert_string_equal(store_device_id(f->st), first);
	assert_int_equal(query_int(f->st, "SELECT count(*) FROM meta WHERE key = 'device_id'"), 1);
}

static void test_default_path(void **state)
{
	struct fx *f = *state;
	struct err err = ERR_INIT;
	char *xdg = tu_path(f->dir, "xdg"), *p, *eadrdir;
	struct stat sb;

	setenv("XDG_DATA_HOME", xdg, 1);
	p = store_default_path(&err);
	assert_non_null(p);
	eadrdir = tu_path(xdg, "eadr");
	assert_int_equal(strncmp(p, eadrdir, strlen(eadrdir)), 0);
	f->st = open_ok(p);
	assert_int_equal(stat(eadrdir, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	unsetenv("XDG_DATA_HOME");
	setenv("HOME", f->dir, 1);
	free(p);
	p = store_default_path(&err);
	assert_non_null(strstr(p, "/.local/share/eadr/eadr.db"));
	free(p);
	free(eadrdir);
	free(xdg);
}

static void test_upgrade_keeps_data(void **state)
{
	struct fx *f = *state;
	struct store_opts old = { .migrate_to = 1 };
	struct err err = ERR_INIT;
	long long id;
	char *v;

	/* A database as the first schema left it, with real data in it. */
	f->st = store_open(f->path, &old, &err);
	assert_non_null(f->st);
	assert_int_equal(store_schema_version(f->st), 1);
	assert_int_equal(query_int(f->st, "SELECT count(*) FROM sqlite_schema WHERE name = 'pdp_goals'"), 0);
	add_person(f->st, "100", "Zoë Ó Súilleabháin");
	id = new_appraisal(f->st, "100");
	assert_int_equal(store_answer_set(f->st, id, "welcome.checkin", "Well, thanks", 0, &err), 0);
	store_close(f->st);

	f->st = open_ok(f->path);
	assert_int_equal(store_schema_version(f->st), store_schema_latest());
	assert_int_equal(query_int(f->st, "SELECT count(*) FROM sqlite_schema WHERE name = 'pdp_goals'"), 1);
	v = answer(f->st, id, "welcome.checkin");
	assert_string_equal(v, "Well, thanks");
	free(v);
	assert_int_equal(query_int(f->st, "SELECT count(*) FROM staff"), 1);
}

static void test_newer_refused_unchanged(void **state)
{
	struct fx *f = *state;
	struct err err = ERR_INIT;
	char *before, *after;
	size_t nb, na;

	f->st = open_ok(f->path);
	add_person(f->st, "100", "Test Person");
	assert_int_equal(sqlite3_exec(f->st->db, "PRAGMA user_version = 99", 0, 0, 0), SQLITE_OK);
	store_close(f->st);
	f->st = NULL;
	before = tu_read(f->path, &nb);
	assert_null(store_open(f->path, NULL, &err));
	assert_non_null(strstr(err.msg, "newer eadr"));
	assert_non_null(strstr(err.msg, "schema 99"));
	after = tu_read(f->path, &na);
	assert_int_equal(na, nb);
	assert_memory_equal(before, after, nb);
	free(before);
	free(after);
	err_release(&err);
}

/* A newer eadr that was killed with its write-ahead log not merged: page 1
 * with user_version = latest + 1 is only in the -wal file. */
static void leave_hot_wal(const char *path, int version)
{
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0) {
		sqlite3 *db;
		char sql[128];

		snprintf(sql, sizeof(sql), "PRAGMA wal_autocheckpoint = 0;"
			 "INSERT INTO meta(key, value) VALUES ('newer', 'x');"
			 "PRAGMA user_version = %d;", version);
		if (sqlite3_open(path, &db) != SQLITE_OK ||
		    sqlite3_exec(db, sql, 0, 0, 0) != SQLITE_OK)
			_exit(1);
		_exit(0);	/* no close: the log stays, as after kill -9 */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void assert_same_file(const char *path, const char *before, size_t nb)
{
	size_t na;
	char *after = tu_read(path, &na);

	assert_int_equal(na, nb);
	assert_memory_equal(before, after, nb);
	free(after);
}

static void test_newer_hot_wal_untouched(void **state)
{
	struct fx *f = *state;
	struct err err = ERR_INIT;
	char *wal = tu_path(f->dir, "eadr.db-wal"), *shm = tu_path(f->dir, "eadr.db-shm");
	char *b_db, *b_wal, *b_shm, want[32];
	size_t n_db, n_wal, n_shm;
	struct stat sb;
	int latest = store_schema_latest();

	f->st = open_ok(f->path);
	add_person(f->st, "100", "Test Person");
	store_close(f->st);
	f->st = NULL;
	leave_hot_wal(f->path, latest + 1);
	assert_int_equal(stat(wal, &sb), 0);
	assert_true(sb.st_size > 0);
	b_db = tu_read(f->path, &n_db);
	b_wal = tu_read(wal, &n_wal);
	b_shm = tu_read(shm, &n_shm);
	/* The main file still says the old version: only the log is newer. */
	assert_int_equal((unsigned char)b_db[63], latest);

	assert_null(store_open(f->path, NULL, &err));
	assert_non_null(strstr(err.msg, "newer eadr"));
	snprintf(want, sizeof(want), "schema %d", latest + 1);
	assert_non_null(strstr(err.msg, want));
	assert_non_null(strstr(err.msg, "not changed"));
	assert_same_file(f->path, b_db, n_db);
	assert_same_file(wal, b_wal, n_wal);
	assert_same_file(shm, b_shm, n_shm);
	free(b_db);
	free(b_wal);
	free(b_shm);
	free(wal);
	free(shm);
	err_release(&err);
}

/* A log left by this eadr (same schema) is still replayed: nothing lost. */
static void test_hot_wal_same_version_replayed(void **state)
{
	struct fx *f = *state;
	struct staff s = { 0 };

	f->st = open_ok(f->path);
	store_close(f->st);
	f->st = NULL;
	{
		pid_t pid = fork();
		int status;

		assert_true(pid >= 0);
		if (pid == 0) {
			struct store *st = store_open(f->path, NULL, NULL);

			if (!st)
				_exit(1);
			sqlite3_exec(st->db, "PRAGMA wal_autocheckpoint = 0", 0, 0, 0);
			add_person(st, "200", "Kept Person");
			_exit(0);
		}
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	f->st = open_ok(f->path);
	assert_int_equal(store_staff_get(f->st, "200", &s, NULL), 1);
	assert_string_equal(s.name, "Kept Person");
	staff_release(&s);
}

static void test_not_a_database(void **state)
{
	struct fx *f = *state;
	struct err err = ERR_INIT;
	const char junk[] = "staff_number,name\n100,Not a database\n";
	char *after;
	size_t n;

	tu_write(f->path, junk, sizeof(junk) - 1);
	assert_null(store_open(f->path, NULL, &err));
	assert_non_null(strstr(err.msg, "not an eadr database"));
	assert_non_null(strstr(err.msg, f->path));
	after = tu_read(f->path, &n);
	assert_int_equal(n, sizeof(junk) - 1);
	assert_memory_equal(after, junk, n);
	free(after);
	err_release(&err);
}

static void test_foreign_sqlite(void **state)
{
	struct fx *f = *state;
	struct err err = ERR_INIT;
	sqlite3 *db;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE music(title)", 0, 0, 0), SQLITE_OK);
	sqlite3_close(db);
	assert_null(store_open(f->path, NULL, &err));
	assert_non_null(strstr(err.msg, "another program"));
	err_release(&err);
}

static void test_folder_refused(void **state)
{
	struct fx *f = *state;
	struct err err = ERR_INIT;

	assert_null(store_open(f->dir, NULL, &err));
	assert_non_null(strstr(err.msg, "folder"));
	err_release(&err);
}

static int count_row(const struct staff_status *ss, void *arg)
{
	++*(int *)arg;
	return 0;
}

static void test_corrupt(void **state)
{
	struct fx *f = *state;
	struct err err = ERR_INIT;
	struct stat sb;
	char junk[4096];
	int fd;

	f->st = open_ok(f->path);
	add_person(f->st, "1", "First");
	for (int i = 0; i < 3000; i++) {
		char num[16];

		snprintf(num, sizeof(num), "%d", 1000 + i);
		add_person(f->st, num, "A person with a long enough name to fill pages");
	}
	store_close(f->st);	/* last connection: checkpoints the WAL */
	f->st = NULL;
	assert_int_equal(stat(f->path, &sb), 0);
	assert_true(sb.st_size > 80 * 4096);
	/* Scribble over data pages far past the schema and the tables' root
	 * pages, which opening reads anyway: only PRAGMA quick_check sees
	 * this damage, and it must. */
	memset(junk, 0xA5, sizeof(junk));
	fd = open(f->path, O_WRONLY);
	assert_true(fd >= 0);
	for (off_t off = 60 * 4096; off < sb.st_size - 4096; off += 7 * 4096)
		assert_int_equal(pwrite(fd, junk, sizeof(junk), off), (ssize_t)sizeof(junk));
	close(fd);
	assert_null(store_open(f->path, NULL, &err));
	assert_non_null(strstr(err.msg, "damaged"));
	/* Read-only work may skip the check; reading a damaged page still
	 * fails with the same plain message. */
	{
		struct store_opts ro = { .skip_check = 1 };
		int n = 0;

		f->st = store_open(f->path, &ro, &err);
		assert_non_null(f->st);
		assert_int_equal(store_staff_each(f->st, count_row, &n, &err), -1);
		assert_non_null(strstr(err.msg, "damaged"));
		err_release(&err);
		assert_int_equal(store_check(f->st, &err), -1);
		assert_non_null(strstr(err.msg, "damaged"));
	}
	err_release(&err);
}

/* ---- answers, states, audit ----------------------------------------- */

static void test_answers(void **state)
{
	struct fx *f = *state;
	struct err err = ERR_INIT;
	const char *text = "Zoë said: \"it's been a hard year\" 🚑\nSecond line, 中文.";
	long long id;
	char *v;
	int flags;

	f->st = open_ok(f->path);
	add_person(f->st, "100", "Zoë Ó Súilleabháin");
	id = new_appraisal(f->st, "100");
	assert_int_equal(store_answer_set(f->st, id, "welcome.checkin", text, 0, &err), 0);
	assert_int_equal(store_answer_set(f->st, id, "wellbeing.mental", "SECRET", STORE_PRIVATE, &err), 0);
	assert_int_equal(store_answer_set(f->st, id, "welcome.checkin", "changed", 0, &err), 0);
	assert_int_equal(store_answer_set(f->st, id, "welcome.checkin", text, 0, &err), 0);
	store_close(f->st);
	f->st = open_ok(f->path);	/* reload from disk */
	v = answer(f->st, id, "welcome.checkin");
	assert_string_equal(v, text);
	free(v);
	assert_int_equal(store_answer_get(f->st, id, "wellbeing.mental", &v, &flags, &err), 1);
	assert_int_equal(flags, STORE_PRIVATE);
	free(v);
	assert_int_equal(store_answer_get(f->st, id, "nothing.here", &v, NULL, &err), 0);
	/* invalid UTF-8 is refused, the saved answer stays */
	assert_int_equal(store_answer_set(f->st, id, "welcome.checkin", "bad \xff", 0, &err), -1);
	assert_non_null(strstr(err.msg, "UTF-8"));
	v = answer(f->st, id, "welcome.checkin");
	assert_string_equal(v, text);
	free(v);
	err_release(&err);
}

static int collect(const char *path, const char *value, int flags, void *arg)
{
	struct sbuf *sb = arg;

	sbuf_addf(sb, "%s=%s%s;", path, value, flags & STORE_PRIVATE ? "(p)" : "");
	return 0;
}

static void test_private_filtered(void **state)
{
	struct fx *f = *state;
	struct sbuf sb = SBUF_INIT;
	long long id;

	f->st = open_ok(f->path);
	add_person(f->st, "100", "P");
	id = new_appraisal(f->st, "100");
	assert_int_equal(store_answer_set(f->st, id, "a.one", "1", 0, NULL), 0);
	assert_int_equal(store_answer_set(f->st, id, "b.secret", "PRIVATE-MARKER", STORE_PRIVATE, NULL), 0);
	assert_int_equal(store_answers_each(f->st, id, 0, collect, &sb, NULL), 0);
	assert_string_equal(sb.buf, "a.one=1;");
	sbuf_reset(&sb);
	assert_int_equal(store_answers_each(f->st, id, STORE_WITH_PRIVATE, collect, &sb, NULL), 0);
	assert_string_equal(sb.buf, "a.one=1;b.secret=PRIVATE-MARKER(p);");
	sbuf_release(&sb);
}

static void test_delete_prefix(void **state)
{
	struct fx *f = *state;
	struct sbuf sb = SBUF_INIT;
	long long id;

	f->st = open_ok(f->path);
	add_person(f->st, "100", "P");
	id = new_appraisal(f->st, "100");
	assert_int_equal(store_answer_set(f->st, id, "pdp.goals[1].need", "x", 0, NULL), 0);
	assert_int_equal(store_answer_set(f->st, id, "pdp.goals[1].goal", "y", 0, NULL), 0);
	assert_int_equal(store_answer_set(f->st, id, "pdp.goals[10].goal", "z", 0, NULL), 0);
	assert_int_equal(store_answer_delete_prefix(f->st, id, "pdp.goals[1].", NULL), 0);
	assert_int_equal(store_answers_each(f->st, id, 0, collect, &sb, NULL), 0);
	assert_string_equal(sb.buf, "pdp.goals[10].goal=z;");
	assert_int_equal(store_answer_delete(f->st, id, "pdp.goals[10].goal", NULL), 0);
	sbuf_reset(&sb);
	assert_int_equal(store_answers_each(f->st, id, 0, collect, &sb, NULL), 0);
	assert_string_equal(sb.buf, "");
	sbuf_release(&sb);
}

struct audit_log {
	struct sbuf sb;
};

static int audit_row(const struct audit_entry *e, void *arg)
{
	struct sbuf *sb = arg;

	sbuf_addf(sb, "%s;", e->action);
	return 0;
}

static void test_states_and_audit(void **state)
{
	struct fx *f = *state;
	struct err err = ERR_INIT;
	struct sbuf sb = SBUF_INIT;
	struct store_appraisal a;
	long long id;

	f->st = open_ok(f->path);
	add_person(f->st, "100", "P");
	id = new_appraisal(f->st, "100");
	assert_int_equal(store_answer_set(f->st, id, "x.y", "draft text", 0, &err), 0);
	assert_int_equal(store_signoff_add(f->st, id, "appraiser", "Manager", "", &err), 0);
	assert_int_equal(store_appraisal_set_state(f->st, id, "signed", &err), 0);
	assert_int_equal(store_appraisal_set_state(f->st, id, "final", &err), 0);
	/* final is read-only */
	assert_int_equal(store_answer_set(f->st, id, "x.y", "late change", 0, &err), -1);
	assert_non_null(strstr(err.msg, "final"));
	assert_int_equal(store_appraisal_set_state(f->st, id, "signed", &err), -1);
	/* reopening makes a new revision */
	assert_int_equal(store_appraisal_get(f->st, id, &a, &err), 1);
	assert_int_equal(a.revision, 1);
	store_appraisal_release(&a);
	assert_int_equal(store_appraisal_set_state(f->st, id, "draft", &err), 0);
	assert_int_equal(store_appraisal_get(f->st, id, &a, &err), 1);
	assert_int_equal(a.revision, 2);
	assert_string_equal(a.state, "draft");
	store_appraisal_release(&a);
	assert_int_equal(store_answer_set(f->st, id, "x.y", "late change", 0, &err), 0);
	assert_int_equal(store_audit_each(f->st, audit_row, &sb, &err), 0);
	assert_string_equal(sb.buf, "started;signed-by;signed;final;reopened;");
	/* the audit log is append-only */
	assert_int_not_equal(sqlite3_exec(f->st->db, "UPDATE audit SET action = 'x'", 0, 0, 0), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(f->st->db, "DELETE FROM audit", 0, 0, 0), SQLITE_OK);
	assert_int_equal(query_int(f->st, "SELECT count(*) FROM audit"), 5);
	sbuf_release(&sb);
	err_release(&err);
}

static void test_final_advances_due(void **state)
{
	struct fx *f = *state;
	struct staff s;
	long long id;

	f->st = open_ok(f->path);
	add_person(f->st, "100", "P");
	id = new_appraisal(f->st, "100");
	assert_int_equal(store_appraisal_set_dates(f->st, id, "2026-03-01", NULL, NULL), 0);
	assert_int_equal(store_appraisal_set_state(f->st, id, "final", NULL), 0);
	assert_int_equal(store_staff_get(f->st, "100", &s, NULL), 1);
	assert_string_equal(s.due, "2027-03-01");
	staff_release(&s);
}

static void test_unknown_staff(void **state)
{
	struct fx *f = *state;
	struct err err = ERR_INIT;

	f->st = open_ok(f->path);
	assert_int_equal(store_appraisal_new(f->st, "nobody", "M", "eadr", "1", "h", NULL, &err), -1);
	assert_non_null(strstr(err.msg, "no staff member"));
	err_release(&err);
}

/* ---- failures: locked, read-only, disk full ------------------------- */

static void test_locked(void **state)
{
	struct fx *f = *state;
	struct store_opts quick = { .busy_timeout_ms = 100 };
	struct err err = ERR_INIT;
	struct store *other;
	long long id;
	char *v;

	f->st = open_ok(f->path);
	add_person(f->st, "100", "P");
	id = new_appraisal(f->st, "100");
	assert_int_equal(store_answer_set(f->st, id, "a.b", "saved before", 0, &err), 0);
	other = store_open(f->path, &quick, &err);
	assert_non_null(other);
	assert_int_equal(store_begin(f->st, &err), 0);	/* holds the write lock */
	assert_int_equal(store_answer_set(other, id, "a.b", "blocked", 0, &err), -1);
	assert_non_null(strstr(err.msg, "in use by another eadr"));
	store_rollback(f->st);
	v = answer(other, id, "a.b");
	assert_string_equal(v, "saved before");
	free(v);
	assert_int_equal(store_answer_set(other, id, "a.b", "after", 0, &err), 0);
	store_close(other);
	err_release(&err);
}

static void test_disk_full(void **state)
{
	struct fx *f = *state;
	struct err err = ERR_INIT;
	struct sbuf big = SBUF_INIT;
	long long id;
	int pages;
	char *v;

	f->st = open_ok(f->path);
	add_person(f->st, "100", "P");
	id = new_appraisal(f->st, "100");
	assert_int_equal(store_answer_set(f->st, id, "a.kept", "kept", 0, &err), 0);
	/* SQLite's own page limit gives exactly the SQLITE_FULL of a full disk. */
	pages = query_int(f->st, "PRAGMA page_count");
	{
		char sql[64];

		snprintf(sql, sizeof(sql), "PRAGMA max_page_count = %d", pages);
		assert_int_equal(sqlite3_exec(f->st->db, sql, 0, 0, 0), SQLITE_OK);
	}
	for (int i = 0; i < 20000; i++)
		sbuf_adds(&big, "long answer ");
	assert_int_equal(store_answer_set(f->st, id, "a.big", big.buf, 0, &err), -1);
	assert_non_null(strstr(err.msg, "disk is full"));
	assert_non_null(strstr(err.msg, "saved before is safe"));
	v = answer(f->st, id, "a.kept");
	assert_string_equal(v, "kept");
	free(v);
	assert_int_equal(store_answer_get(f->st, id, "a.big", &v, NULL, &err), 0);
	/* once there is room again, the same save works */
	assert_int_equal(sqlite3_exec(f->st->db, "PRAGMA max_page_count = 1073741823", 0, 0, 0), SQLITE_OK);
	assert_int_equal(store_answer_set(f->st, id, "a.big", big.buf, 0, &err), 0);
	sbuf_release(&big);
	err_release(&err);
}

/*
 * Run fn as an unprivileged user when we are root (root ignores file
 * permissions), in a child; the child's exit status is the test's.
 */
static void as_user(void (*fn)(const char *), const char *arg)
{
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0) {
		if (geteuid() == 0 && (setgid(65534) < 0 || setuid(65534) < 0))
			_exit(3);
		fn(arg);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void open_in_readonly_dir(const char *path)
{
	struct err err = ERR_INIT;

	if (store_open(path, NULL, &err) || !strstr(err.msg, "read-only"))
		_exit(1);
	if (access(path, F_OK) == 0)	/* nothing was created */
		_exit(2);
	err_release(&err);
}

static void open_readonly_file(const char *path)
{
	struct err err = ERR_INIT;

	if (store_open(path, NULL, &err) || !strstr(err.msg, "cannot be written"))
		_exit(1);
	err_release(&err);
}

static void test_readonly(void **state)
{
	struct fx *f = *state;
	char *rodir = tu_path(f->dir, "ro"), *newdb = tu_path(rodir, "new.db");
	char *v;
	long long id;

	assert_int_equal(chmod(f->dir, 0755), 0);
	assert_int_equal(mkdir(rodir, 0555), 0);
	as_user(open_in_readonly_dir, newdb);

	/* An existing database the user cannot write: refused, data intact. */
	f->st = open_ok(f->path);
	add_person(f->st, "100", "P");
	id = new_appraisal(f->st, "100");
	assert_int_equal(store_answer_set(f->st, id, "a.b", "keep me", 0, NULL), 0);
	store_close(f->st);
	f->st = NULL;
	assert_int_equal(chmod(f->path, 0444), 0);
	as_user(open_readonly_file, f->path);
	assert_int_equal(chmod(f->path, 0600), 0);
	f->st = open_ok(f->path);
	v = answer(f->st, id, "a.b");
	assert_string_equal(v, "keep me");
	free(v);
	chmod(rodir, 0755);
	free(newdb);
	free(rodir);
}

/* ---- kill -9 in the middle of a stream of saves --------------------- */

static void saver(const char *path, int out)
{
	struct err err = ERR_INIT;
	struct store *st = store_open(path, NULL, &err);
	char p[32], v[64];

	if (!st)
		_exit(1);
	for (int i = 0;; i++) {
		snprintf(p, sizeof(p), "stream.q%d", i % 50);
		snprintf(v, sizeof(v), "answer number %d", i);
		if (store_answer_set(st, 1, p, v, 0, &err) < 0)
			_exit(2);
		/* Reported as done only after the commit returned. */
		if (write(out, &i, sizeof(i)) != sizeof(i))
			_exit(3);
	}
}

static void test_kill9_loses_nothing_reported(void **state)
{
	struct fx *f = *state;
	int fds[2], last = -1, got, status;
	char want[64], p[32];
	pid_t pid;

	f->st = open_ok(f->path);
	add_person(f->st, "100", "P");
	assert_int_equal(new_appraisal(f->st, "100"), 1);
	store_close(f->st);
	f->st = NULL;
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		saver(f->path, fds[1]);
	}
	close(fds[1]);
	while (last < 200 && read(fds[0], &got, sizeof(got)) == sizeof(got))
		last = got;
	kill(pid, SIGKILL);
	/* Saves reported before the kill are still in the pipe. */
	while (read(fds[0], &got, sizeof(got)) == sizeof(got))
		last = got;
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_true(last >= 200);

	f->st = open_ok(f->path);
	{
		sqlite3_stmt *s;

		assert_int_equal(sqlite3_prepare_v2(f->st->db, "PRAGMA integrity_check", -1, &s, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		assert_string_equal((const char *)sqlite3_column_text(s, 0), "ok");
		sqlite3_finalize(s);
	}
	/* Each of the last 50 reported saves is there, newest value per path. */
	for (int i = last > 49 ? last - 49 : 0; i <= last; i++) {
		char *v = NULL;

		snprintf(p, sizeof(p), "stream.q%d", i % 50);
		assert_int_equal(store_answer_get(f->st, 1, p, &v, NULL, NULL), 1);
		/* The saver may have committed one more save after its last report. */
		snprintf(want, sizeof(want), "answer number %d", i);
		if (strcmp(v, want)) {
			snprintf(want, sizeof(want), "answer number %d", i + 50);
			assert_string_equal(v, want);
			assert_true(i + 50 == last + 1);
		}
		free(v);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fresh, setup, teardown),
		cmocka_unit_test_setup_teardown(test_device_id_stable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_default_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_upgrade_keeps_data, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer_refused_unchanged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer_hot_wal_untouched, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hot_wal_same_version_replayed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_a_database, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_sqlite, setup, teardown),
		cmocka_unit_test_setup_teardown(test_folder_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_answers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_private_filtered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete_prefix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_states_and_audit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_final_advances_due, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_staff, setup, teardown),
		cmocka_unit_test_setup_teardown(test_locked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disk_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_readonly, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kill9_loses_nothing_reported, setup, teardown),
	};

	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
