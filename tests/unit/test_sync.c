/*
 * test_sync.c - laptops and a hub in one test: push, import (twice, in
 * either order), pull; new revisions and their history; a database copied
 * to two laptops; acknowledgements from an untrusted hub; and private
 * answers, which never reach a bundle; a large bundle imported within a
 * memory bound.  The attacks on sync, one test per finding of issue 11, are
 * in test_sync_attack.c.
 */
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "synctest.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

static int synced_of(const struct staff_status *ss, void *arg)
{
	*(int *)arg += ss->synced;
	return 0;
}

static void test_push_import_pull(void **state)
{
	struct fx *f = *state;
	struct store *lap = open_db(f->dir, "laptop.db");
	char *pub = NULL;
	struct store *hub = new_hub(f->dir, "hub.db", &pub);
	struct sync_pull_result pr;
	struct sync_push_result r;
	struct err err = ERR_INIT;
	char *bundle, *before, *after;
	size_t len;
	int synced = 0;

	trust_ok(lap, pub);
	free(pub);
	finalise(lap, "100", "Zoë Ó Súilleabháin", "Practice educator");
	finalise(lap, "200", "Chidi Okonkwo", "Tactical commander");
	bundle = push_ok(lap, f->dir, 2);
	free(tu_read(bundle, &len));
	assert_true(len > BUNDLE_HEADER);

	/* Nothing is synced before the hub has answered. */
	assert_int_equal(sync_pull(lap, f->dir, &pr, &err), 0);
	assert_int_equal(pr.marked, 0);
	sync_pull_result_release(&pr);
	assert_int_equal(store_staff_each(lap, synced_of, &synced, &err), 0);
	assert_int_equal(synced, 0);

	import_ok(hub, bundle, 0);
	assert_int_equal(count(hub, "SELECT count(*) FROM appraisals WHERE state = 'final'"), 2);
	assert_int_equal(count(hub, "SELECT count(*) FROM pdp_goals"), 2);
	assert_int_equal(count(hub, "SELECT count(*) FROM answers"), 2);
	assert_int_equal(count(hub, "SELECT count(*) FROM answers WHERE private = 1"), 0);
	assert_int_equal(count(hub, "SELECT count(*) FROM signoffs"), 4);
	assert_int_equal(count(hub, "SELECT count(*) FROM forms WHERE hash = 'formhash1'"), 1);
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_devices"), 1);
	assert_int_equal(count(hub, "SELECT count(*) FROM staff WHERE name = 'Zoë Ó Súilleabháin'"), 1);

	/* The same bundle again changes nothing. */
	before = canon(hub);
	import_ok(hub, bundle, 1);
	after = canon(hub);
	assert_string_equal(before, after);
	free(before);
	free(after);

	assert_int_equal(sync_pull(lap, f->dir, &pr, &err), 0);
	assert_int_equal(pr.applied, 1);
	assert_int_equal(pr.marked, 2);
	assert_int_equal(pr.refused, 0);
	sync_pull_result_release(&pr);
	assert_int_equal(count(lap, "SELECT count(*) FROM appraisals WHERE synced_revision = revision"), 2);
	assert_int_equal(count(lap, "SELECT count(*) FROM audit WHERE action = 'synced'"), 2);
	synced = 0;
	assert_int_equal(store_staff_each(lap, synced_of, &synced, &err), 0);
	assert_int_equal(synced, 2);

	/* Pulling again marks nothing new; pushing again sends nothing. */
	assert_int_equal(sync_pull(lap, f->dir, &pr, &err), 0);
	assert_int_equal(pr.marked, 0);
	sync_pull_result_release(&pr);
	assert_int_equal(sync_push(lap, f->dir, &r, &err), 0);
	assert_null(r.path);
	sync_push_result_release(&r);

	free(bundle);
	store_close(lap);
	store_close(hub);
}

static void test_private_never_sent(void **state)
{
	struct fx *f = *state;
	struct store *lap = open_db(f->dir, "laptop.db");
	char *pub = NULL;
	struct store *hub = new_hub(f->dir, "hub.db", &pub);
	unsigned char bpk[32], bsk[32];
	struct err err = ERR_INIT;
	struct bundle b;
	char *bundle, *data, fp[25];
	size_t len;
	int replaced;

	finalise(lap, "100", "Zoë", "Goal");
	bundle = push_ok(lap, f->dir, 1);
	data = tu_read(bundle, &len);
	assert_null(memmem(data, len, MARKER, strlen(MARKER)));
	assert_non_null(memmem(data, len, "Calm at the scene", 17));	/* it is readable */
	free(data);
	free(bundle);

	/* Sealed: the decrypted content holds no marker either. */
	assert_int_equal(sync_trust(lap, pub, fp, &replaced, &err), 0);
	assert_int_equal(replaced, 0);
	assert_int_equal(sync_trusted(lap, NULL, &err), 1);
	finalise(lap, "200", "Chidi", "Goal 2");
	bundle = push_ok(lap, f->dir, 2);	/* both: none acknowledged yet */
	data = tu_read(bundle, &len);
	assert_null(memmem(data, len, "Calm at the scene", 17));
	assert_int_equal(store_sync_key_get(hub, "hub-box", bpk, 32, bsk, 32, &err), 1);
	if (bundle_read(bundle, (unsigned char *)data, len, bpk, bsk, &b, &err) < 0)
		fail_msg("%s", err_msg(&err));
	assert_int_equal(b.flags, BUNDLE_SEALED);
	assert_null(memmem(b.content, b.content_len, MARKER, strlen(MARKER)));
	assert_non_null(memmem(b.content, b.content_len, "Calm at the scene", 17));
	assert_int_equal(b.nanswers, 2);
	bundle_release(&b);
	import_ok(hub, bundle, 0);
	assert_int_equal(count(hub, "SELECT count(*) FROM answers WHERE value LIKE '%" MARKER "%'"), 0);
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_revisions WHERE instr(content, '" MARKER "')"), 0);
	free(data);
	free(bundle);
	free(pub);
	store_close(lap);
	store_close(hub);
}

static void test_revisions_any_order(void **state)
{
	struct fx *f = *state;
	struct store *lap = open_db(f->dir, "laptop.db");
	struct store *h1 = new_hub(f->dir, "hub1.db", NULL);
	struct store *h2 = new_hub(f->dir, "hub2.db", NULL);
	struct err err = ERR_INIT;
	char *b1, *b2, *c1, *c2;
	long long id = finalise(lap, "100", "Zoë", "First goal");

	b1 = push_ok(lap, f->dir, 1);
	/* Reopened and finalised again: a new revision travels. */
	assert_int_equal(store_appraisal_set_state(lap, id, "draft", &err), 0);
	assert_int_equal(store_answer_set(lap, id, "performance.went_well", "Changed", 0, &err), 0);
	assert_int_equal(store_appraisal_set_state(lap, id, "signed", &err), 0);
	assert_int_equal(store_appraisal_set_state(lap, id, "final", &err), 0);
	b2 = push_ok(lap, f->dir, 1);

	import_ok(h1, b1, 0);
	import_ok(h1, b2, 0);
	import_ok(h2, b2, 0);
	import_ok(h2, b1, 0);
	import_ok(h2, b2, 1);
	c1 = canon(h1);
	c2 = canon(h2);
	assert_string_equal(c1, c2);
	assert_int_equal(count(h1, "SELECT revision FROM appraisals"), 2);
	assert_int_equal(count(h1, "SELECT count(*) FROM hub_revisions"), 2);
	assert_int_equal(count(h1, "SELECT count(*) FROM answers WHERE value = 'Changed'"), 1);
	assert_int_equal(count(h1, "SELECT count(*) FROM hub_conflicts"), 0);
	free(c1);
	free(c2);
	free(b1);
	free(b2);
	store_close(lap);
	store_close(h1);
	store_close(h2);
}

static int count_conflict(const struct hub_conflict *c, void *arg)
{
	int *n = arg;

	n[0]++;
	n[1] += c->in_use;
	assert_int_equal(c->answers, 1);
	assert_int_equal(c->goals, 1);
	return 0;
}

static void test_copied_database_conflict(void **state)
{
	struct fx *f = *state;
	struct store *a = open_db(f->dir, "a.db"), *b;
	struct store *h1 = new_hub(f->dir, "hub1.db", NULL);
	struct store *h2 = new_hub(f->dir, "hub2.db", NULL);
	struct err err = ERR_INIT;
	char *pa, *pb, *ba, *bb, *c1, *c2;
	int n[2] = { 0, 0 };
	long long id = finalise(a, "100", "Zoë", "Goal");

	/* In use (it has pushed once), then copied to a second laptop. */
	ba = push_ok(a, f->dir, 1);
	import_ok(h1, ba, 0);
	import_ok(h2, ba, 0);
	free(ba);
	store_close(a);
	pa = tu_path(f->dir, "a.db");
	pb = tu_path(f->dir, "b.db");
	copy_file(pa, pb);
	a = open_db(f->dir, "a.db");
	b = open_db(f->dir, "b.db");
	assert_string_equal(store_device_id(a), store_device_id(b));
	edit(a, id, "Edited on laptop A");
	edit(b, id, "Edited on laptop B");
	ba = push_ok(a, f->dir, 1);
	bb = push_ok(b, f->dir, 1);
	assert_string_not_equal(ba, bb);	/* never overwrite each other */

	import_ok(h1, ba, 0);
	import_ok(h1, bb, 0);
	import_ok(h2, bb, 0);
	import_ok(h2, ba, 0);
	c1 = canon(h1);
	c2 = canon(h2);
	assert_string_equal(c1, c2);
	assert_int_equal(hub_conflicts_each(HUBSTORE_SQLITE(h1), count_conflict, n, &err), 2);
	assert_int_equal(n[0], 2);
	assert_int_equal(n[1], 1);	/* exactly one is in use */
	assert_int_equal(count(h1, "SELECT count(*) FROM hub_revisions WHERE revision = 2"), 2);
	assert_int_equal(count(h1, "SELECT count(*) FROM answers WHERE value LIKE 'Edited on laptop _'"), 1);

	free(c1);
	free(c2);
	free(pa);
	free(pb);
	free(ba);
	free(bb);
	store_close(a);
	store_close(b);
	store_close(h1);
	store_close(h2);
}

static void test_untrusted_ack(void **state)
{
	struct fx *f = *state;
	struct store *lap = open_db(f->dir, "laptop.db");
	char *pub1 = NULL;
	struct store *h1 = new_hub(f->dir, "hub1.db", &pub1);
	struct store *h2 = new_hub(f->dir, "hub2.db", NULL);
	struct sync_pull_result pr;
	struct hub_file_result r;
	struct err err = ERR_INIT;
	char *bundle, fp[25];
	int replaced;

	finalise(lap, "100", "Zoë", "Goal");
	bundle = push_ok(lap, f->dir, 1);	/* not sealed */
	import_ok(h2, bundle, 0);	/* the wrong hub answers */
	assert_int_equal(sync_trust(lap, pub1, fp, &replaced, &err), 0);
	assert_int_equal(sync_pull(lap, f->dir, &pr, &err), 0);
	assert_int_equal(pr.refused, 1);
	assert_int_equal(pr.marked, 0);
	assert_non_null(strstr(pr.problems.buf, "does not trust"));
	sync_pull_result_release(&pr);
	assert_int_equal(count(lap, "SELECT max(synced_revision) FROM appraisals"), 0);
	free(bundle);

	/* Sealed to hub 1: hub 2 cannot import it. */
	bundle = push_ok(lap, f->dir, 1);
	assert_int_equal(hub_import_file(HUBSTORE_SQLITE(h2), bundle, &r, &err), -1);
	assert_non_null(strstr(err_msg(&err), "sealed to another hub's key"));
	import_ok(h1, bundle, 0);
	assert_int_equal(sync_pull(lap, f->dir, &pr, &err), 0);
	assert_int_equal(pr.marked, 1);
	sync_pull_result_release(&pr);
	free(bundle);
	free(pub1);
	store_close(lap);
	store_close(h1);
	store_close(h2);
	err_release(&err);
}

static void test_hub_needs_init(void **state)
{
	struct fx *f = *state;
	struct store *lap = open_db(f->dir, "laptop.db");
	struct store *hub = open_db(f->dir, "hub.db");
	struct hub_file_result r;
	struct err err = ERR_INIT;
	char *bundle;

	finalise(lap, "100", "Zoë", "Goal");
	bundle = push_ok(lap, f->dir, 1);
	assert_int_equal(hub_import_file(HUBSTORE_SQLITE(hub), bundle, &r, &err), -1);
	assert_non_null(strstr(err_msg(&err), "not a hub database yet"));
	free(bundle);
	store_close(lap);
	store_close(hub);
	err_release(&err);
}

/* A hub made from a laptop's database already holds that laptop's
 * appraisal in its ordinary tables, though nobody sent it to the hub: the
 * first import replaces it (as a later revision would) instead of failing
 * on its uuid. */
static void test_hub_from_laptop_copy(void **state)
{
	struct fx *f = *state;
	struct store *lap = open_db(f->dir, "lap.db"), *hub;
	char *bundle, *from = tu_path(f->dir, "lap.db"), *to = tu_path(f->dir, "hub.db");
	char *pub = tu_path(f->dir, "hub.pub"), fp[25];
	int created;

	finalise(lap, "100", "Zoë", "Goal");
	bundle = push_ok(lap, f->dir, 1);
	store_close(lap);
	copy_file(from, to);
	hub = open_db(f->dir, "hub.db");
	assert_int_equal(hub_init(HUBSTORE_SQLITE(hub), pub, &created, fp, NULL), 0);
	import_ok(hub, bundle, 0);
	assert_int_equal(count(hub, "SELECT count(*) FROM appraisals"), 1);
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_current"), 1);
	/* What travelled, and nothing else: the private answers were the
	 * laptop's, not the hub's. */
	assert_int_equal(count(hub, "SELECT count(*) FROM answers"), 1);
	assert_int_equal(count(hub, "SELECT count(*) FROM pdp_goals"), 1);
	assert_int_equal(count(hub, "SELECT count(*) FROM signoffs"), 2);
	store_close(hub);
	free(bundle);
	free(from);
	free(to);
	free(pub);
}

#define BIG_N 3000
#define BIG_ANSWERS 20

/* A signed bundle of n appraisals (each with its staff member and
 * answers answers of vlen - 1 bytes), written to path; *pk gets its
 * device's key. */
static size_t write_bundle_of(const char *path, unsigned char pk[BUNDLE_PK], unsigned n,
			      unsigned answers, size_t vlen)
{
	static const char dev[] = "0b6f3c1e-4a57-4d2c-9e3b-2f1a5c7d8e90";
	static const char t0[] = "2026-03-01T10:00:00Z";
	struct bundle_signer s = { .device_id = dev };
	struct bundle_writer w;
	struct sbuf out = SBUF_INIT;
	struct err err = ERR_INIT;
	char id[BUNDLE_ID_HEX + 1], *val = xmalloc(vlen);
	size_t len;

	crypto_sign_keypair(s.pk, s.sk);
	memcpy(pk, s.pk, BUNDLE_PK);
	memset(val, 'x', vlen - 1);
	val[vlen - 1] = '\0';
	bundle_writer_init(&w);
	for (int pass = 0; pass < 2; pass++) {
		for (unsigned i = 0; i < n; i++) {
			char num[16], u[UUID_LEN + 1];
			const char *st[] = { num, u, "Staff Member", "Paramedic", "6",
				"Northgate", "", NULL, dev, "1", t0, t0 };
			const char *ap[] = { u, num, "Ffion", "eadr", "1", "formhash", "final",
				"1", dev, t0, t0, NULL, NULL };

			snprintf(num, sizeof(num), "%u", 100000 + i);
			snprintf(u, sizeof(u), "%08x-0000-4000-8000-%012x", pass + 1, i);
			assert_int_equal(bundle_add(&w, pass ? BUNDLE_APPRAISAL : BUNDLE_STAFF,
						    pass ? ap : st, &err), 0);
			for (unsigned k = 0; pass && k < answers; k++) {
				char path_[32], au[UUID_LEN + 1];
				const char *an[] = { path_, val, au, dev, "1", t0 };

				snprintf(path_, sizeof(path_), "q%u", k);
				snprintf(au, sizeof(au), "00000003-0000-4000-8000-%012x",
					 i * answers + k);
				assert_int_equal(bundle_add(&w, BUNDLE_ANSWER, an, &err), 0);
			}
		}
	}
	assert_int_equal(bundle_finish(&w, &s, NULL, 1, 1767225600, &out, id, &err), 0);
	assert_int_equal(file_write_atomic(path, out.buf, out.len, 0600, &err), 0);
	len = out.len;
	bundle_writer_release(&w);
	sbuf_release(&out);
	free(val);
	return len;
}

static size_t write_big_bundle(const char *path, unsigned char pk[BUNDLE_PK])
{
	return write_bundle_of(path, pk, BIG_N, BIG_ANSWERS, 420);
}

static size_t file_size(const char *path)
{
	struct stat sb;

	assert_int_equal(stat(path, &sb), 0);
	return (size_t)sb.st_size;
}

/* The import holds the file once and merges it one appraisal at a time:
 * in a child whose address space may grow by only 1.25 times the file (and
 * 16 MiB for SQLite's cache and the like), it succeeds.  Holding the file, a
 * copy of its records and every record parsed (as eadr did before: about
 * three times the file) does not fit. */
static void test_large_bundle_bounded_memory(void **state)
{
	struct fx *f = *state;
	char *pub = NULL, *bundle = tu_path(f->dir, "big.bundle");
	char *hubpath = tu_path(f->dir, "hub.db"), *pubpk = tu_path(f->dir, "device.key");
	struct store *hub = new_hub(f->dir, "hub.db", &pub);
	unsigned char pk[BUNDLE_PK];
	char hex[2 * BUNDLE_PK + 1];
	struct sbuf q = SBUF_INIT;
	size_t len;
	int status;
	pid_t pid;

	/* Written by a child, so that this process's memory stays as small as
	 * it started: the importing child inherits it. */
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		FILE *fp = fopen(pubpk, "w");

		len = write_big_bundle(bundle, pk);
		if (!fp || fwrite(pk, 1, BUNDLE_PK, fp) != BUNDLE_PK || fclose(fp) != 0)
			_exit(1);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	{
		struct sbuf key = SBUF_INIT;

		assert_int_equal(file_read(pubpk, &key, 64, NULL), 0);
		assert_int_equal(key.len, BUNDLE_PK);
		memcpy(pk, key.buf, BUNDLE_PK);
		sbuf_release(&key);
	}
	len = file_size(bundle);
	bundle_hex(pk, BUNDLE_PK, hex);
	sbuf_addf(&q, "INSERT INTO hub_devices(sign_key, device_id, first_seen, last_seen,"
		  " max_seq, state) VALUES (x'%s', '0b6f3c1e-4a57-4d2c-9e3b-2f1a5c7d8e90',"
		  " '', '', 0, 'approved')", hex);
	assert_int_equal(sqlite3_exec(hub->db, q.buf, NULL, NULL, NULL), SQLITE_OK);
	store_close(hub);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct hub_file_result r;
		struct err err = ERR_INIT;
		struct rlimit rl;
		unsigned long pages = 0;
		FILE *fp = fopen("/proc/self/statm", "r");
		struct store *st;

		if (!fp || fscanf(fp, "%lu", &pages) != 1)
			_exit(3);
		fclose(fp);
		rl.rlim_cur = rl.rlim_max = pages * (rlim_t)sysconf(_SC_PAGESIZE) +
			len + len / 4 + (16u << 20);
#ifndef UNDER_ASAN	/* the sanitizer reserves terabytes of address space */
		if (setrlimit(RLIMIT_AS, &rl) < 0)
			_exit(3);
#else
		(void)rl;
#endif
		st = store_open(hubpath, NULL, &err);
		if (!st || hub_import_file(HUBSTORE_SQLITE(st), bundle, &r, &err) < 0) {
			fprintf(stderr, "import: %s\n", err_msg(&err));
			_exit(1);
		}
		store_close(st);
		_exit(r.waiting ? 2 : 0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	hub = open_db(f->dir, "hub.db");
	assert_int_equal(count(hub, "SELECT count(*) FROM answers"), BIG_N * BIG_ANSWERS);
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_revisions"), BIG_N);
	store_close(hub);
	sbuf_release(&q);
	free(pub);
	free(bundle);
	free(hubpath);
	free(pubpk);
}

/* The hub's peak resident memory while importing a bundle of n
 * appraisals (4 answers of 4 kB each) into a new hub, in kB, measured in a
 * child (VmHWM, reset just before the import); *size gets the file's size.
 * -1 where the kernel cannot reset the peak. */
static long import_peak_kb(const char *dir, unsigned n, size_t *size)
{
	char name[64], *bundle, *hubpath, *pub = NULL;
	struct store *hub;
	struct sbuf q = SBUF_INIT;
	unsigned char pk[BUNDLE_PK];
	char hex[2 * BUNDLE_PK + 1];
	int fds[2], status;
	long kb = -1;
	pid_t pid;

	snprintf(name, sizeof(name), "mem%u.bundle", n);
	bundle = tu_path(dir, name);
	snprintf(name, sizeof(name), "mem%u.db", n);
	hubpath = tu_path(dir, name);
	hub = new_hub(dir, name, &pub);
	assert_int_equal(pipe(fds), 0);
	fflush(NULL);
	if ((pid = fork()) == 0) {	/* written apart: this process stays small */
		write_bundle_of(bundle, pk, n, 4, 4096);
		_exit(write(fds[1], pk, BUNDLE_PK) == BUNDLE_PK ? 0 : 1);
	}
	assert_true(pid > 0);
	assert_int_equal(read(fds[0], pk, BUNDLE_PK), BUNDLE_PK);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	*size = file_size(bundle);
	bundle_hex(pk, BUNDLE_PK, hex);
	sbuf_addf(&q, "INSERT INTO hub_devices(sign_key, device_id, first_seen, last_seen,"
		  " max_seq, state) VALUES (x'%s', '0b6f3c1e-4a57-4d2c-9e3b-2f1a5c7d8e90',"
		  " '', '', 0, 'approved')", hex);
	assert_int_equal(sqlite3_exec(hub->db, q.buf, NULL, NULL, NULL), SQLITE_OK);
	store_close(hub);
	fflush(NULL);
	if ((pid = fork()) == 0) {
		struct hub_file_result r;
		struct err err = ERR_INIT;
		struct store *st = store_open(hubpath, NULL, &err);
		char line[256];
		long hwm = -1;
		FILE *fp = fopen("/proc/self/clear_refs", "w");

		/* 5: the peak resident set starts again from what is resident now */
		if (!fp || fputs("5", fp) < 0 || fclose(fp) != 0) {
			kb = -1;
			_exit(write(fds[1], &kb, sizeof(kb)) == sizeof(kb) ? 0 : 1);
		}
		if (!st || hub_import_file(HUBSTORE_SQLITE(st), bundle, &r, &err) < 0) {
			fprintf(stderr, "import: %s\n", err_msg(&err));
			_exit(1);
		}
		store_close(st);
		if ((fp = fopen("/proc/self/status", "r")))
			while (fgets(line, sizeof(line), fp))
				if (sscanf(line, "VmHWM: %ld kB", &hwm) == 1)
					break;
		_exit(write(fds[1], &hwm, sizeof(hwm)) == sizeof(hwm) && hwm > 0 ? 0 : 1);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(read(fds[0], &kb, sizeof(kb)), sizeof(kb));
	close(fds[0]);
	close(fds[1]);
	hub = open_db(dir, name);
	assert_int_equal(count(hub, "SELECT count(*) FROM answers"), (long long)n * 4);
	store_close(hub);
	unlink(bundle);
	sbuf_release(&q);
	free(pub);
	free(bundle);
	free(hubpath);
	return kb;
}

/* Memory stays flat: a bundle four times as large (30 MB more) costs the
 * import's peak resident memory less than an eighth of the extra bytes
 * (the file is mapped and given back behind each pass, never held). */
static void test_import_memory_flat(void **state)
{
	struct fx *f = *state;
	size_t small, big;
	long a, b;

#ifdef UNDER_ASAN	/* the sanitizer keeps freed memory in quarantine */
	print_message("not measured under the address sanitizer\n");
	return;
#endif
	a = import_peak_kb(f->dir, 600, &small);
	b = import_peak_kb(f->dir, 2400, &big);
	if (a < 0 || b < 0) {	/* cmocka's skip() reads as a failure to the TAP driver */
		print_message("not measured: no /proc/self/clear_refs\n");
		return;
	}
	print_message("peak %ld kB for %zu bytes, %ld kB for %zu bytes\n", a, small, b, big);
	assert_true(big - small > (25u << 20));
	assert_true((size_t)(b > a ? b - a : 0) * 1024 < (big - small) / 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_push_import_pull, sync_setup, sync_teardown),
		cmocka_unit_test_setup_teardown(test_private_never_sent, sync_setup, sync_teardown),
		cmocka_unit_test_setup_teardown(test_revisions_any_order, sync_setup, sync_teardown),
		cmocka_unit_test_setup_teardown(test_copied_database_conflict, sync_setup, sync_teardown),
		cmocka_unit_test_setup_teardown(test_untrusted_ack, sync_setup, sync_teardown),
		cmocka_unit_test_setup_teardown(test_hub_needs_init, sync_setup, sync_teardown),
		cmocka_unit_test_setup_teardown(test_hub_from_laptop_copy, sync_setup,
						sync_teardown),
		cmocka_unit_test_setup_teardown(test_large_bundle_bounded_memory, sync_setup,
						sync_teardown),
		cmocka_unit_test_setup_teardown(test_import_memory_flat, sync_setup,
						sync_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
