/*
 * test_sync_attack.c - issue 11, tried as an attacker holding the USB stick
 * would: one test per numbered finding, each showing the attack refused
 * with a clear message and the hub (or laptop) unchanged; the approval
 * journey end to end; and an upgraded hub that goes on merging its devices.
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "synctest.h"
#include "lib/bundle_int.h"

/* What the hub's exports see, and how it stands: must not move when an
 * attack is refused (the waiting area and device list may). */
static char *merged(struct store *st)
{
	static const char *const q[] = {
		"SELECT staff_number, name, revision FROM staff ORDER BY 1",
		"SELECT uuid, revision, device_id, updated_at FROM appraisals ORDER BY 1",
		"SELECT a.uuid, n.path, n.value FROM answers n JOIN appraisals a"
		" ON a.id = n.appraisal_id ORDER BY 1, 2",
		"SELECT a.uuid, g.position, g.goal FROM pdp_goals g JOIN appraisals a"
		" ON a.id = g.appraisal_id ORDER BY 1, 2",
		"SELECT * FROM hub_current ORDER BY 1",
		"SELECT * FROM hub_conflicts ORDER BY 1, 2, 3",
		"SELECT appraisal_uuid, hex(sign_key) FROM hub_owners ORDER BY 1",
		"SELECT bundle_id FROM hub_bundles ORDER BY 1",
	};
	struct sbuf out = SBUF_INIT;

	for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		sqlite3_stmt *s;

		assert_int_equal(sqlite3_prepare_v2(st->db, q[i], -1, &s, NULL), SQLITE_OK);
		while (sqlite3_step(s) == SQLITE_ROW) {
			for (int c = 0; c < sqlite3_column_count(s); c++) {
				const unsigned char *t = sqlite3_column_text(s, c);

				sbuf_addf(&out, "%s|", t ? (const char *)t : "NULL");
			}
			sbuf_addch(&out, '\n');
		}
		sqlite3_finalize(s);
		sbuf_adds(&out, "--\n");
	}
	return sbuf_detach(&out);
}

static void sql(struct store *st, const char *q)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, q, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", q, msg);
}

/* A copy of laptop src as dst with a fresh key (the next push makes one);
 * with new_id also under a new device id. */
static struct store *clone_laptop(const char *dir, const char *src, const char *dst,
				  int new_id)
{
	char *from = tu_path(dir, src), *to = tu_path(dir, dst);
	struct store *st;

	copy_file(from, to);
	st = open_db(dir, dst);
	sql(st, "DELETE FROM sync_keys WHERE name = 'device-sign'");
	if (new_id) {
		sql(st, "UPDATE meta SET value = '0ddba11e-0000-4000-8000-00000000beef'"
		    " WHERE key = 'device_id'");
		store_close(st);
		st = open_db(dir, dst);
		assert_string_equal(store_device_id(st), "0ddba11e-0000-4000-8000-00000000beef");
	}
	free(from);
	free(to);
	return st;
}

/* Reopen appraisal id, replace its PDP with one goal, finalise again. */
static void forge_goal(struct store *st, long long id, const char *goal)
{
	struct pdp_goal g = { 0, "Need", goal, "formal", "Education", "high",
		"2026-01-31", "", "new", NULL };

	assert_int_equal(store_appraisal_set_state(st, id, "draft", NULL), 0);
	assert_int_equal(store_pdp_set(st, id, &g, 1, NULL), 0);
	assert_int_equal(store_appraisal_set_state(st, id, "signed", NULL), 0);
	assert_int_equal(store_appraisal_set_state(st, id, "final", NULL), 0);
}

static char *uuid_of(struct store *st, long long id)
{
	sqlite3_stmt *s;
	char *u;

	assert_int_equal(sqlite3_prepare_v2(st->db, "SELECT uuid FROM appraisals WHERE id = ?1",
					    -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_int64(s, 1, id);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	u = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return u;
}

static int count_stranger(const struct hub_conflict *c, void *arg)
{
	((int *)arg)[0]++;
	((int *)arg)[1] += c->stranger;
	((int *)arg)[2] += c->in_use;
	return 0;
}

static char *ack_of(const char *bundle)
{
	struct sbuf p = SBUF_INIT;

	sbuf_add(&p, bundle, strlen(bundle) - strlen(".bundle"));
	sbuf_adds(&p, ".ack");
	return sbuf_detach(&p);
}

/* 1. A new device (fresh key, new device id, revision bumped) cannot put
 * its goals over another station's appraisal: it waits for approval, and
 * even approved it is held as a conflict, never merged. */
static void test_finding1_new_device_overwrite(void **state)
{
	struct fx *f = *state;
	struct store *lap = open_db(f->dir, "a.db"), *evil;
	char *pub = NULL, *b1, *be, *before, *after, *ack;
	struct store *hub = new_hub(f->dir, "hub.db", &pub);
	struct hub_file_result r;
	struct hub_allow_result ar;
	struct err err = ERR_INIT;
	char mine[25];
	int n[3] = { 0, 0, 0 };
	long long id;

	trust_ok(lap, pub);
	id = finalise(lap, "100", "Zoë", "Genuine goal");
	b1 = push_ok(lap, f->dir, 1);
	import_ok(hub, b1, 0);
	assert_int_equal(sync_identity(lap, mine, &err), 0);
	store_close(lap);

	evil = clone_laptop(f->dir, "a.db", "evil.db", 1);
	forge_goal(evil, id, "FORGED GOAL");
	be = push_ok(evil, f->dir, 1);
	before = merged(hub);
	assert_int_equal(hub_import_file(HUBSTORE_SQLITE(hub), be, &r, &err), 0);
	assert_int_equal(r.waiting, 1);
	assert_null(r.ack_path);
	assert_string_not_equal(r.device_fp, mine);
	assert_string_equal(r.device_id, "0ddba11e-0000-4000-8000-00000000beef");
	after = merged(hub);
	assert_string_equal(before, after);
	free(after);
	ack = ack_of(be);
	assert_int_equal(access(ack, F_OK), -1);	/* nothing for it to pull */
	assert_int_equal(hub_conflicts_each(HUBSTORE_SQLITE(hub), count_stranger, n, &err), 0);
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_waiting"), 1);

	/* Approved by mistake, it still cannot overwrite: held, and listed. */
	assert_int_equal(hub_allow(HUBSTORE_SQLITE(hub), r.device_fp, &ar, &err), 0);
	assert_int_equal(ar.bundles, 1);
	assert_int_equal(ar.held, 1);
	hub_allow_result_release(&ar);
	assert_int_equal(count(hub, "SELECT count(*) FROM pdp_goals WHERE goal = 'FORGED GOAL'"), 0);
	assert_int_equal(count(hub, "SELECT count(*) FROM pdp_goals WHERE goal = 'Genuine goal'"), 1);
	assert_int_equal(count(hub, "SELECT revision FROM appraisals"), 1);
	assert_int_equal(hub_conflicts_each(HUBSTORE_SQLITE(hub), count_stranger, n, &err), 1);
	assert_int_equal(n[1], 1);	/* a stranger's version */
	assert_int_equal(n[2], 0);	/* not the one in use */
	hub_file_result_release(&r);
	free(before);
	free(ack);
	free(b1);
	free(be);
	free(pub);
	store_close(evil);
	store_close(hub);
	err_release(&err);
}

/* 2. The box line of the key file swapped for the attacker's key: the
 * file's signature fails, nothing is trusted, and the genuine file's
 * fingerprint covers both keys. */
static void test_finding2_swapped_box_key(void **state)
{
	struct fx *f = *state;
	struct store *lap = open_db(f->dir, "a.db");
	char *pub = NULL, *text, *line, *evil = tu_path(f->dir, "evil.pub");
	struct store *hub = new_hub(f->dir, "hub.db", &pub);
	unsigned char sign[32], box[32], epk[32], esk[32];
	struct sync_push_result pr;
	struct err err = ERR_INIT;
	char fp[25], hubfp[25], efp[25], hex[65];
	size_t len;
	int replaced, created;

	text = tu_read(pub, &len);
	crypto_box_keypair(epk, esk);
	bundle_hex(epk, 32, hex);
	line = strstr(text, "\nbox ") + 5;
	memcpy(line, hex, 64);
	tu_write(evil, text, len);
	assert_int_equal(sync_trust(lap, evil, fp, &replaced, &err), -1);
	assert_non_null(strstr(err_msg(&err), "evil.pub: bad signature: the key file was "
			       "changed after the hub signed it"));
	assert_int_equal(sync_trusted(lap, NULL, &err), 0);
	finalise(lap, "100", "Zoë", "Goal");
	assert_int_equal(sync_push(lap, f->dir, &pr, &err), 0);
	assert_int_equal(pr.encrypted, 0);	/* never sealed to the attacker */
	sync_push_result_release(&pr);

	/* The genuine file: one fingerprint over both keys, as the hub shows. */
	assert_int_equal(hub_init(HUBSTORE_SQLITE(hub), pub, &created, hubfp, &err), 0);
	assert_int_equal(sync_trust(lap, pub, fp, &replaced, &err), 0);
	assert_string_equal(fp, hubfp);
	assert_int_equal(store_sync_key_get(hub, "hub-sign", sign, 32, NULL, 0, &err), 1);
	assert_int_equal(store_sync_key_get(hub, "hub-box", box, 32, NULL, 0, &err), 1);
	bundle_hub_fingerprint(sign, epk, efp);
	assert_string_not_equal(fp, efp);
	free(text);
	free(evil);
	free(pub);
	store_close(lap);
	store_close(hub);
	err_release(&err);
}

/* 3. A laptop with no trusted hub key, and an acknowledgement signed by
 * any key, naming that key, with the bundle id computed from the stick. */
static void test_finding3_forged_ack(void **state)
{
	struct fx *f = *state;
	struct store *lap = open_db(f->dir, "a.db");
	char *pub = NULL, *bundle, *data, *ackfile, *uuid;
	struct store *hub = new_hub(f->dir, "hub.db", &pub);
	unsigned char epk[32], esk[64], h[32];
	struct sync_pull_result pr;
	struct bundle_ack a;
	struct sbuf text = SBUF_INIT;
	struct err err = ERR_INIT;
	long long id = finalise(lap, "100", "Zoë", "Goal");
	size_t len;

	bundle = push_ok(lap, f->dir, 1);	/* not sealed: no hub key trusted */
	data = tu_read(bundle, &len);
	uuid = uuid_of(lap, id);
	crypto_sign_keypair(epk, esk);
	memset(&a, 0, sizeof(a));
	bundle_id_bytes((unsigned char *)data, len, h);
	bundle_hex(h, 32, a.bundle_id);
	snprintf(a.device_id, sizeof(a.device_id), "%s", store_device_id(lap));
	a.seq = 1;
	snprintf(a.imported, sizeof(a.imported), "2026-01-01T00:00:00Z");
	bundle_ack_add(&a, uuid, 1, "current");
	bundle_ack_write(&a, epk, esk, &text);
	ackfile = ack_of(bundle);
	tu_write(ackfile, text.buf, text.len);

	assert_int_equal(sync_pull(lap, f->dir, &pr, &err), -1);
	assert_non_null(strstr(err_msg(&err), "this laptop trusts no hub key, so it cannot "
			       "tell the hub's acknowledgements from forged ones"));
	sync_pull_result_release(&pr);
	assert_int_equal(count(lap, "SELECT max(synced_revision) FROM appraisals"), 0);
	assert_int_equal(count(lap, "SELECT count(*) FROM audit WHERE action = 'synced'"), 0);

	/* Trusting the hub, the forgery is refused by name. */
	trust_ok(lap, pub);
	assert_int_equal(sync_pull(lap, f->dir, &pr, &err), 0);
	assert_int_equal(pr.refused, 1);
	assert_int_equal(pr.marked, 0);
	assert_non_null(strstr(pr.problems.buf, "signed by a hub key this laptop does not trust"));
	sync_pull_result_release(&pr);
	assert_int_equal(count(lap, "SELECT max(synced_revision) FROM appraisals"), 0);
	bundle_ack_release(&a);
	sbuf_release(&text);
	free(ackfile);
	free(uuid);
	free(data);
	free(bundle);
	free(pub);
	store_close(lap);
	store_close(hub);
	err_release(&err);
}

/* 4. A key file with an all-zero (low-order) box key, even one the hub's
 * own key signed, is refused at trust. */
static void test_finding4_low_order_key(void **state)
{
	struct fx *f = *state;
	struct store *lap = open_db(f->dir, "a.db");
	struct store *hub = new_hub(f->dir, "hub.db", NULL);
	unsigned char sign[32], ssk[64], zero[32] = { 0 };
	char *path = tu_path(f->dir, "zero.pub"), fp[25];
	struct sbuf text = SBUF_INIT;
	struct err err = ERR_INIT;
	int replaced;

	assert_int_equal(store_sync_key_get(hub, "hub-sign", sign, 32, ssk, 64, &err), 1);
	bundle_hubkey_write(sign, zero, ssk, &text);
	tu_write(path, text.buf, text.len);
	assert_int_equal(sync_trust(lap, path, fp, &replaced, &err), -1);
	assert_non_null(strstr(err_msg(&err), "zero.pub: the box key is a low-order key "
			       "(such as all zeros)"));
	assert_int_equal(sync_trusted(lap, NULL, &err), 0);
	assert_int_equal(count(lap, "SELECT count(*) FROM sync_keys WHERE name LIKE 'trusted-%'"), 0);
	sbuf_release(&text);
	free(path);
	store_close(lap);
	store_close(hub);
	err_release(&err);
}

static void expect_refused(struct store *hub, const char *path, const char *want)
{
	struct hub_file_result r;
	struct err err = ERR_INIT;

	assert_int_equal(hub_import_file(HUBSTORE_SQLITE(hub), path, &r, &err), -1);
	if (!strstr(err_msg(&err), want))
		fail_msg("'%s' lacks '%s'", err_msg(&err), want);
	assert_non_null(strstr(err_msg(&err), path));
	err_release(&err);
}

/* 5. A FIFO, a link to /dev/zero, a folder and a file too large, each named
 * *.bundle: refused at once, nothing read, the hub unchanged. */
static void test_finding5_not_regular_files(void **state)
{
	struct fx *f = *state;
	struct store *lap = open_db(f->dir, "a.db");
	char *pub = NULL;
	struct store *hub = new_hub(f->dir, "hub.db", &pub);
	char *d = tu_path(f->dir, "stick"), *good, *before, *after, **paths;
	struct sbuf p = SBUF_INIT;
	struct sync_pull_result pr;
	struct err err = ERR_INIT;
	size_t n;
	int fd;

	alarm(30);	/* a hang on the FIFO fails the test, not the run */
	assert_int_equal(mkdir(d, 0700), 0);
	finalise(lap, "100", "Zoë", "Goal");
	good = push_ok(lap, f->dir, 1);
	sbuf_addf(&p, "%s/a-fifo.bundle", d);
	assert_int_equal(mkfifo(p.buf, 0600), 0);
	sbuf_reset(&p);
	sbuf_addf(&p, "%s/b-zero.bundle", d);
	assert_int_equal(symlink("/dev/zero", p.buf), 0);
	sbuf_reset(&p);
	sbuf_addf(&p, "%s/c-folder.bundle", d);
	assert_int_equal(mkdir(p.buf, 0700), 0);
	sbuf_reset(&p);
	sbuf_addf(&p, "%s/d-huge.bundle", d);
	fd = open(p.buf, O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)BUNDLE_MAX + BUNDLE_HEADER + BUNDLE_SIG + 1), 0);
	close(fd);
	sbuf_reset(&p);
	sbuf_addf(&p, "%s/e-link.bundle", d);	/* a good bundle, out of the folder */
	assert_int_equal(symlink(good, p.buf), 0);

	before = merged(hub);
	paths = hub_expand(&d, 1, &n, &err);
	assert_non_null(paths);
	assert_int_equal(n, 5);
	expect_refused(hub, paths[0], "a FIFO (named pipe), not a file; refused");
	expect_refused(hub, paths[1], "a symbolic link; refused");
	expect_refused(hub, paths[2], "a folder, not a file; refused");
	expect_refused(hub, paths[3], "more than the");
	expect_refused(hub, paths[4], "a symbolic link; refused");
	after = merged(hub);
	assert_string_equal(before, after);
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_waiting"), 0);
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);

	/* The laptop's side: a FIFO named *.ack does not hang a pull, nor a
	 * FIFO given as the hub's key file. */
	trust_ok(lap, pub);
	sbuf_reset(&p);
	sbuf_addf(&p, "%s/x.ack", d);
	assert_int_equal(mkfifo(p.buf, 0600), 0);
	assert_int_equal(sync_pull(lap, d, &pr, &err), 0);
	assert_int_equal(pr.refused, 1);
	assert_non_null(strstr(pr.problems.buf, "x.ack: a FIFO (named pipe), not a file; refused"));
	sync_pull_result_release(&pr);
	{
		char fp[25];
		int replaced;

		assert_int_equal(sync_trust(lap, p.buf, fp, &replaced, &err), -1);
		assert_non_null(strstr(err_msg(&err), "a FIFO"));
	}
	alarm(0);
	free(before);
	free(after);
	free(good);
	free(d);
	free(pub);
	sbuf_release(&p);
	store_close(lap);
	store_close(hub);
	err_release(&err);
}

static int file_mode(const char *path)
{
	struct stat sb;

	assert_int_equal(stat(path, &sb), 0);
	return (int)(sb.st_mode & 07777);
}

/* 6. What is written to the stick is 0600, and the acknowledgement names
 * no appraisal: the UUIDs an attacker would aim at are not there. */
static void test_finding6_stick_files(void **state)
{
	struct fx *f = *state;
	struct store *lap = open_db(f->dir, "a.db");
	char *pub = NULL, *bundle, *ack, *text, *uuid;
	struct store *hub = new_hub(f->dir, "hub.db", &pub);
	struct sync_pull_result pr;
	struct err err = ERR_INIT;
	long long id;
	size_t len;

	umask(022);
	trust_ok(lap, pub);
	id = finalise(lap, "100", "Zoë", "Goal");
	uuid = uuid_of(lap, id);
	bundle = push_ok(lap, f->dir, 1);
	import_ok(hub, bundle, 0);
	ack = ack_of(bundle);
	assert_int_equal(file_mode(bundle), 0600);
	assert_int_equal(file_mode(ack), 0600);
	assert_int_equal(file_mode(pub), 0600);
	text = tu_read(ack, &len);
	assert_null(memmem(text, len, uuid, strlen(uuid)));
	assert_non_null(memmem(text, len, "EADR-ACK 2\n", 11));
	/* ... and the laptop still finds its own appraisal in it. */
	assert_int_equal(sync_pull(lap, f->dir, &pr, &err), 0);
	assert_int_equal(pr.marked, 1);
	sync_pull_result_release(&pr);
	free(text);
	free(ack);
	free(uuid);
	free(bundle);
	free(pub);
	store_close(lap);
	store_close(hub);
	err_release(&err);
}

struct devs {
	int n, waiting, approved;
	long long queued;
	char fp[25];
};

static int dev_row(const struct hub_device *d, void *arg)
{
	struct devs *x = arg;

	x->n++;
	x->waiting += !strcmp(d->state, "waiting");
	x->approved += !strcmp(d->state, "approved");
	x->queued += d->waiting;
	snprintf(x->fp, sizeof(x->fp), "%s", d->fp);
	return 0;
}

static void import_waits(struct store *hub, const char *file, int revoked,
			 const char *fp)
{
	struct hub_file_result r;
	struct err err = ERR_INIT;

	if (hub_import_file(HUBSTORE_SQLITE(hub), file, &r, &err) < 0)
		fail_msg("import: %s", err_msg(&err));
	assert_int_equal(r.waiting, 1);
	assert_int_equal(r.revoked, revoked);
	assert_string_equal(r.device_fp, fp);
	assert_null(r.ack_path);
	hub_file_result_release(&r);
}

/* The approval journey: an unknown laptop waits, 'allow' merges what it
 * sent in order, 'revoke' stops it, and a re-imaged laptop's appraisals
 * move only by 'hub transfer'. */
static void test_approval_journey(void **state)
{
	struct fx *f = *state;
	struct store *lap = open_db(f->dir, "a.db"), *lap2;
	char *pub = NULL, *b1, *b2, *b3, *b4, *dir2 = tu_path(f->dir, "later");
	struct store *hub = new_hub(f->dir, "hub.db", &pub);
	struct hub_allow_result ar;
	struct hub_transfer_result tr;
	struct hub_device dev;
	struct sync_pull_result pr;
	struct devs x = { 0 };
	struct err err = ERR_INIT;
	char fp1[25], fp2[25];
	long long id;
	int already;

	assert_int_equal(mkdir(dir2, 0700), 0);
	trust_ok(lap, pub);
	assert_int_equal(sync_identity(lap, fp1, &err), 0);
	id = finalise(lap, "100", "Zoë", "First goal");
	b1 = push_ok(lap, f->dir, 1);
	forge_goal(lap, id, "Second goal");
	b2 = push_ok(lap, f->dir, 1);

	/* Unknown: both wait (imported newest first), nothing merged. */
	import_waits(hub, b2, 0, fp1);
	import_waits(hub, b1, 0, fp1);
	assert_int_equal(count(hub, "SELECT count(*) FROM appraisals"), 0);
	assert_int_equal(hub_devices_each(HUBSTORE_SQLITE(hub), dev_row, &x, &err), 1);
	assert_int_equal(x.waiting, 1);
	assert_int_equal(x.queued, 2);
	assert_string_equal(x.fp, fp1);	/* what 'sync status' reads out */

	/* Allowed: both merged, in the order written; then acknowledged. */
	assert_int_equal(hub_allow(HUBSTORE_SQLITE(hub), "ZZZZ", &ar, &err), -1);
	assert_non_null(strstr(err_msg(&err), "'ZZZZ' is not a device fingerprint"));
	hub_allow_result_release(&ar);
	assert_int_equal(hub_allow(HUBSTORE_SQLITE(hub), fp1, &ar, &err), 0);
	assert_int_equal(ar.already, 0);
	assert_int_equal(ar.bundles, 2);
	assert_int_equal(ar.appraisals, 2);
	hub_allow_result_release(&ar);
	assert_int_equal(count(hub, "SELECT revision FROM appraisals"), 2);
	assert_int_equal(count(hub, "SELECT count(*) FROM pdp_goals WHERE goal = 'Second goal'"), 1);
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_waiting"), 0);
	assert_int_equal(count(hub, "SELECT count(*) FROM audit WHERE action = 'hub-allow'"), 1);
	{	/* merged in the order written: sequence 1 first */
		char *q = xstrdup("SELECT instr(detail, '-000001-') > 0 FROM audit"
				  " WHERE action = 'hub-import' ORDER BY id LIMIT 1");

		assert_int_equal(count(hub, q), 1);
		free(q);
	}
	import_ok(hub, b1, 1);
	import_ok(hub, b2, 1);
	assert_int_equal(sync_pull(lap, f->dir, &pr, &err), 0);
	assert_int_equal(pr.applied, 2);
	sync_pull_result_release(&pr);
	assert_int_equal(count(lap, "SELECT synced_revision FROM appraisals"), 2);

	/* Revoked: its next bundle waits; what was merged stays. */
	assert_int_equal(hub_revoke(HUBSTORE_SQLITE(hub), fp1, &dev, &already, &err), 0);
	assert_int_equal(already, 0);
	assert_int_equal(count(hub, "SELECT count(*) FROM audit WHERE action = 'hub-revoke'"), 1);
	forge_goal(lap, id, "Third goal");
	b3 = push_ok(lap, dir2, 1);
	import_waits(hub, b3, 1, fp1);
	assert_int_equal(count(hub, "SELECT revision FROM appraisals"), 2);
	assert_int_equal(count(hub, "SELECT count(*) FROM pdp_goals WHERE goal = 'Second goal'"), 1);

	/* Re-imaged: the database restored without its key.  Its revision
	 * waits, then, allowed, is held: the appraisal is the old key's. */
	store_close(lap);
	lap2 = clone_laptop(f->dir, "a.db", "b.db", 0);
	forge_goal(lap2, id, "Goal from the re-imaged laptop");
	b4 = push_ok(lap2, dir2, 1);
	assert_int_equal(sync_identity(lap2, fp2, &err), 0);
	assert_string_not_equal(fp1, fp2);
	import_waits(hub, b4, 0, fp2);
	assert_int_equal(hub_transfer(HUBSTORE_SQLITE(hub), fp1, fp2, &tr, &err), -1);
	assert_non_null(strstr(err_msg(&err), "approve it first"));
	assert_int_equal(hub_allow(HUBSTORE_SQLITE(hub), fp2, &ar, &err), 0);
	assert_int_equal(ar.held, 1);
	hub_allow_result_release(&ar);
	assert_int_equal(count(hub, "SELECT count(*) FROM pdp_goals WHERE goal LIKE '%re-imaged%'"), 0);
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_conflicts WHERE reason = 'owner'"), 1);

	/* Only an explicit transfer moves it, audited. */
	assert_int_equal(hub_transfer(HUBSTORE_SQLITE(hub), fp1, fp2, &tr, &err), 0);
	assert_int_equal(tr.moved, 1);
	assert_int_equal(tr.adopted, 1);
	assert_int_equal(count(hub, "SELECT count(*) FROM pdp_goals WHERE goal LIKE '%re-imaged%'"), 1);
	assert_int_equal(count(hub, "SELECT revision FROM appraisals"), 4);
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_conflicts WHERE resolved_at IS NULL"), 0);
	assert_int_equal(count(hub, "SELECT count(*) FROM audit WHERE action = 'hub-transfer'"
			       " AND detail LIKE '%1 appraisal'"), 1);
	free(b1);
	free(b2);
	free(b3);
	free(b4);
	free(dir2);
	free(pub);
	store_close(lap2);
	store_close(hub);
	err_release(&err);
}

/* A hub made before approval existed keeps merging the devices it had:
 * the migration approves them and gives each its appraisals. */
static void test_upgraded_hub(void **state)
{
	struct fx *f = *state;
	struct store *lap = open_db(f->dir, "a.db"), *hub;
	char *path = tu_path(f->dir, "hub.db"), *pub = tu_path(f->dir, "hub.pub"), *b2;
	struct store_opts old = { .migrate_to = 3 };
	unsigned char pk[32], sk[64];
	struct hub_file_result r;
	struct err err = ERR_INIT;
	char hex[65], fp[25], *uuid;
	struct sbuf q = SBUF_INIT;
	long long id;
	int created;

	id = finalise(lap, "100", "Zoë", "Goal");
	free(push_ok(lap, f->dir, 1));
	assert_int_equal(store_sync_key_get(lap, "device-sign", pk, 32, sk, 64, &err), 1);
	uuid = uuid_of(lap, id);
	bundle_hex(pk, 32, hex);

	/* A version-3 hub that had merged revision 1 from this laptop. */
	hub = store_open(path, &old, &err);
	assert_non_null(hub);
	assert_int_equal(hub_init(HUBSTORE_SQLITE(hub), pub, &created, fp, &err), 0);
	sbuf_addf(&q, "INSERT INTO hub_devices VALUES ('%s', x'%s', '2026-01-01T00:00:00Z',"
		  " '2026-01-01T00:00:00Z', 1);"
		  "INSERT INTO hub_bundles VALUES ('%064d', '%s', 1, '2026-01-01T00:00:00Z',"
		  " '2026-01-02T00:00:00Z', 'old.bundle', 0);"
		  "INSERT INTO hub_revision_bundles VALUES ('%064d', '%s', 1, 'h1');"
		  "INSERT INTO hub_current VALUES ('%s', 1, 'h1');"
		  "INSERT INTO hub_revisions VALUES ('%s', 1, 'h1', '%s', '100',"
		  " '2026-01-01T00:00:00Z', x'41');",
		  store_device_id(lap), hex, 0, store_device_id(lap), 0, uuid, uuid, uuid,
		  store_device_id(lap));
	sql(hub, q.buf);
	store_close(hub);

	hub = open_db(f->dir, "hub.db");
	assert_int_equal(count(hub, "PRAGMA user_version"), store_schema_latest());
	/* 007-hub-history.sql kept the history it rebuilt. */
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_revisions WHERE revision = 1"
			       " AND content_hash = 'h1' AND content = x'41'"), 1);
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_devices WHERE state = 'approved'"), 1);
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_owners o JOIN hub_devices d"
			       " ON d.sign_key = o.sign_key"), 1);
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_bundles WHERE sign_key IS NULL"), 0);

	/* Its next revision merges at once: no waiting, no conflict. */
	trust_ok(lap, pub);
	forge_goal(lap, id, "After the upgrade");
	b2 = push_ok(lap, f->dir, 1);
	assert_int_equal(hub_import_file(HUBSTORE_SQLITE(hub), b2, &r, &err), 0);
	assert_int_equal(r.waiting, 0);
	assert_int_equal(r.held, 0);
	assert_non_null(r.ack_path);
	hub_file_result_release(&r);
	assert_int_equal(count(hub, "SELECT count(*) FROM pdp_goals WHERE goal = 'After the upgrade'"), 1);
	sbuf_release(&q);
	free(b2);
	free(uuid);
	free(path);
	free(pub);
	store_close(lap);
	store_close(hub);
	err_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_finding1_new_device_overwrite, sync_setup, sync_teardown),
		cmocka_unit_test_setup_teardown(test_finding2_swapped_box_key, sync_setup, sync_teardown),
		cmocka_unit_test_setup_teardown(test_finding3_forged_ack, sync_setup, sync_teardown),
		cmocka_unit_test_setup_teardown(test_finding4_low_order_key, sync_setup, sync_teardown),
		cmocka_unit_test_setup_teardown(test_finding5_not_regular_files, sync_setup, sync_teardown),
		cmocka_unit_test_setup_teardown(test_finding6_stick_files, sync_setup, sync_teardown),
		cmocka_unit_test_setup_teardown(test_approval_journey, sync_setup, sync_teardown),
		cmocka_unit_test_setup_teardown(test_upgraded_hub, sync_setup, sync_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
