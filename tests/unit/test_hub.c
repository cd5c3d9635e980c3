/*
 * test_hub.c - the hub's rules through lib/hubstore.h alone, so that the
 * same tests run on either back end: a SQLite file, or, when
 * EADR_TEST_HUB_PG names a PostgreSQL server (tests/e2e/hub_unit_pg.sh
 * starts one and makes the databases PREFIX1 to PREFIX11), PostgreSQL.
 * Import is idempotent and order-free, a copied laptop's two edits are a
 * conflict, an unknown device waits, private answers never arrive, what a
 * hub holds reads back the same, and the staff member's own words (how it
 * went, V records; a preparation sheet typed on another laptop, its code
 * and answers) are kept, reported and sent back.
 */
#include "synctest.h"
#include "lib/export.h"
#include "lib/hubstore.h"
#include "lib/prepare.h"
#include "lib/prepare_away.h"
#include "lib/report_voice.h"
#include "lib/store_prepare_away.h"
#include "lib/store_sync.h"
#include "lib/voice.h"

/* A new, empty hub of the chosen back end: number k of this test. */
static struct hubstore *hub_open(const char *dir, int k, char **pubfile)
{
	const char *pg = getenv("EADR_TEST_HUB_PG");
	struct err err = ERR_INIT;
	struct sbuf name = SBUF_INIT, pub = SBUF_INIT;
	struct hubstore *hs;
	char fp[25];
	int created;

	if (pg && *pg) {
		sbuf_addf(&name, "%s%d", pg, k);
		if (!(hs = hubstore_open_pg(name.buf, &err)))
			fail_msg("%s", err_msg(&err));
	} else {
		sbuf_addf(&name, "hub%d.db", k);
		hs = hubstore_wrap_sqlite(open_db(dir, name.buf));
	}
	sbuf_addf(&pub, "%s/hub%d.pub", dir, k);
	if (hub_init(hs, pub.buf, &created, fp, &err) < 0)
		fail_msg("hub_init: %s", err_msg(&err));
	assert_int_equal(created, 1);	/* it was empty */
	if (pubfile)
		*pubfile = sbuf_detach(&pub);
	sbuf_release(&pub);
	sbuf_release(&name);
	return hs;
}

/* Import file; from a device not approved yet, approve it and import again. */
static void import_hs(struct hubstore *hs, const char *file, int already)
{
	struct hub_file_result r;
	struct hub_allow_result ar;
	struct err err = ERR_INIT;

	if (hub_import_file(hs, file, &r, &err) < 0)
		fail_msg("import: %s", err_msg(&err));
	if (r.waiting) {
		assert_null(r.ack_path);
		if (hub_allow(hs, r.device_fp, &ar, &err) < 0)
			fail_msg("allow: %s", err_msg(&err));
		hub_allow_result_release(&ar);
		hub_file_result_release(&r);
		if (hub_import_file(hs, file, &r, &err) < 0)
			fail_msg("import: %s", err_msg(&err));
		assert_int_equal(r.waiting, 0);
		assert_int_equal(r.already, 1);
	} else {
		assert_int_equal(r.already, already);
	}
	assert_non_null(r.ack_path);
	hub_file_result_release(&r);
}

/* ---- what a hub holds, read through the interface only ---- */

static int canon_goal(const struct tna_row *r, void *arg)
{
	sbuf_addf(arg, "goal %s|%s|%s|%s|%s|%s|%d|%s|%s\n", r->staff_number, r->name,
		  r->appraisal_uuid, r->goal_uuid, r->goal, r->category, r->position,
		  r->state, r->appraisal_date);
	return 0;
}

static int canon_appraisal(const struct export_appraisal *a,
			   const struct export_answer *ans, size_t n, void *arg)
{
	sbuf_addf(arg, "appraisal %s|%s|%s|%s|%d%d|%ld\n", a->uuid, a->staff_number,
		  a->state, a->form_hash, a->signed_appraiser, a->signed_appraisee,
		  a->pdp_goals);
	for (size_t i = 0; i < n; i++)
		sbuf_addf(arg, "  %s=%s\n", ans[i].path, ans[i].value);
	return 0;
}

static int canon_conflict(const struct hub_conflict *c, void *arg)
{
	sbuf_addf(arg, "conflict %s|%lld|%s|%d|%d|%zu|%zu|%zu\n", c->uuid, c->revision,
		  c->hash, c->in_use, c->stranger, c->answers, c->goals, c->signoffs);
	return 0;
}

static int canon_device(const struct hub_device *d, void *arg)
{
	sbuf_addf(arg, "device %s|%s|%s|%lld|%lld|%lld|%lld\n", d->fp, d->device_id,
		  d->state, d->max_seq, d->merged, d->waiting, d->owns);
	return 0;
}

static int canon_staff(const struct completion_staff *s, void *arg)
{
	sbuf_addf(arg, "staff %s|%s|%ld|%ld\n", s->staff_number, s->station,
		  s->finals_12m, s->open);
	return 0;
}

static char *canon_hs(struct hubstore *hs)
{
	struct sbuf out = SBUF_INIT;
	struct err err = ERR_INIT;
	long staff = -1, appraisals = -1;

	assert_int_equal(hs->ops->counts(hs, &staff, &appraisals, &err), 0);
	sbuf_addf(&out, "%ld staff, %ld appraisals\n", staff, appraisals);
	assert_int_equal(hs->ops->completion_each(hs, "2026-11-22", canon_staff, &out,
						  &err), 0);
	assert_int_equal(hs->ops->tna_each(hs, NULL, NULL, canon_goal, &out, &err), 0);
	assert_int_equal(hs->ops->appraisals_each(hs, STORE_EXPORT_FINAL, NULL,
						  canon_appraisal, &out, &err), 0);
	assert_true(hub_conflicts_each(hs, canon_conflict, &out, &err) >= 0);
	assert_true(hub_devices_each(hs, canon_device, &out, &err) >= 0);
	return sbuf_detach(&out);
}

static long nappraisals(struct hubstore *hs)
{
	long n = -1;

	assert_int_equal(hs->ops->counts(hs, NULL, &n, NULL), 0);
	return n;
}

/* ---- the tests ---- */

static void test_import_twice(void **state)
{
	struct fx *f = *state;
	struct store *a = open_db(f->dir, "a.db");
	struct hubstore *hs = hub_open(f->dir, 1, NULL);
	char *b, *c1, *c2;

	finalise(a, "100", "Zoë Ó Súilleabháin", "Mentor two students");
	finalise(a, "101", "Chidi Okonkwo", "Blue light driving");
	b = push_ok(a, f->dir, 2);
	import_hs(hs, b, 0);
	c1 = canon_hs(hs);
	assert_non_null(strstr(c1, "2 staff, 2 appraisals"));
	assert_non_null(strstr(c1, "Mentor two students"));
	assert_non_null(strstr(c1, "performance.went_well=Calm at the scene"));
	assert_null(strstr(c1, MARKER));	/* private answers never arrive */
	assert_null(strstr(c1, "wellbeing."));
	import_hs(hs, b, 1);			/* again: nothing changes */
	c2 = canon_hs(hs);
	assert_string_equal(c2, c1);
	free(c1);
	free(c2);
	free(b);
	store_close(a);
	hubstore_close(hs);
}

static void test_any_order(void **state)
{
	struct fx *f = *state;
	struct store *a = open_db(f->dir, "a.db");
	struct hubstore *h1 = hub_open(f->dir, 2, NULL), *h2 = hub_open(f->dir, 3, NULL);
	long long id = finalise(a, "100", "Zoë", "Goal");
	char *b1, *b2, *c1, *c2;

	b1 = push_ok(a, f->dir, 1);
	edit(a, id, "Second thoughts");
	b2 = push_ok(a, f->dir, 1);
	import_hs(h1, b1, 0);
	import_hs(h1, b2, 0);
	import_hs(h2, b2, 0);
	import_hs(h2, b1, 0);
	c1 = canon_hs(h1);
	c2 = canon_hs(h2);
	assert_string_equal(c1, c2);
	assert_non_null(strstr(c1, "went_well=Second thoughts"));	/* the later one */
	assert_null(strstr(c1, "conflict "));
	free(c1);
	free(c2);
	free(b1);
	free(b2);
	store_close(a);
	hubstore_close(h1);
	hubstore_close(h2);
}

/* Of an edit conflict's two variants, the one in use has the lower hash. */
static int lower_in_use(const struct hub_conflict *c, void *arg)
{
	char (*h)[65] = arg;

	snprintf(h[c->in_use ? 0 : 1], 65, "%s", c->hash);
	return 0;
}

static void test_copied_laptop_conflict(void **state)
{
	struct fx *f = *state;
	struct store *a = open_db(f->dir, "a.db"), *b;
	struct hubstore *h1 = hub_open(f->dir, 4, NULL), *h2 = hub_open(f->dir, 5, NULL);
	long long id = finalise(a, "100", "Zoë", "Goal");
	char *pa, *pb, *ba, *bb, *c1, *c2;

	ba = push_ok(a, f->dir, 1);
	import_hs(h1, ba, 0);
	import_hs(h2, ba, 0);
	free(ba);
	store_close(a);
	pa = tu_path(f->dir, "a.db");
	pb = tu_path(f->dir, "b.db");
	copy_file(pa, pb);
	a = open_db(f->dir, "a.db");
	b = open_db(f->dir, "b.db");
	edit(a, id, "Edited on laptop A");
	edit(b, id, "Edited on laptop B");
	ba = push_ok(a, f->dir, 1);
	bb = push_ok(b, f->dir, 1);
	import_hs(h1, ba, 0);
	import_hs(h1, bb, 0);
	import_hs(h2, bb, 0);
	import_hs(h2, ba, 0);
	c1 = canon_hs(h1);
	c2 = canon_hs(h2);
	assert_string_equal(c1, c2);	/* the lower hash wins, in any order */
	assert_non_null(strstr(c1, "conflict "));
	assert_null(strstr(strstr(strstr(c1, "conflict ") + 1, "conflict ") + 1, "conflict "));
	assert_non_null(strstr(c1, "|1|0|1|1|2\n"));	/* one variant in use */
	assert_non_null(strstr(c1, "|0|0|1|1|2\n"));	/* and the other kept */
	{
		char h[2][65] = { "", "" };

		assert_int_equal(hub_conflicts_each(h2, lower_in_use, h, NULL), 2);
		assert_true(*h[0] && *h[1] && strcmp(h[0], h[1]) < 0);
	}
	free(c1);
	free(c2);
	free(pa);
	free(pb);
	free(ba);
	free(bb);
	store_close(a);
	store_close(b);
	hubstore_close(h1);
	hubstore_close(h2);
}

static void test_unknown_device_waits(void **state)
{
	struct fx *f = *state;
	struct store *a = open_db(f->dir, "a.db");
	struct hubstore *hs = hub_open(f->dir, 6, NULL);
	struct hub_file_result r;
	struct hub_allow_result ar;
	struct err err = ERR_INIT;
	char *b, *c;

	finalise(a, "100", "Zoë", "Goal");
	b = push_ok(a, f->dir, 1);
	assert_int_equal(hub_import_file(hs, b, &r, &err), 0);
	assert_int_equal(r.waiting, 1);
	assert_null(r.ack_path);
	assert_int_equal(nappraisals(hs), 0);	/* kept, not merged */
	c = canon_hs(hs);
	assert_non_null(strstr(c, "|waiting|"));
	assert_null(strstr(c, "appraisal "));
	free(c);
	assert_int_equal(hub_allow(hs, r.device_fp, &ar, &err), 0);
	assert_int_equal(ar.appraisals, 1);
	hub_allow_result_release(&ar);
	assert_int_equal(nappraisals(hs), 1);
	hub_file_result_release(&r);
	assert_int_equal(hub_allow(hs, "0000 0000 0000 0000 0000", &ar, &err), -1);
	assert_non_null(strstr(err_msg(&err), "no device"));
	hub_allow_result_release(&ar);
	err_release(&err);
	free(b);
	store_close(a);
	hubstore_close(hs);
}

static void test_export_reads_hub(void **state)
{
	struct fx *f = *state;
	struct store *a = open_db(f->dir, "a.db");
	struct hubstore *hs = hub_open(f->dir, 7, NULL);
	struct export_out out = EXPORT_OUT_INIT;
	struct tna_opts o;
	struct err err = ERR_INIT;
	long n = -1;
	char *b;

	finalise(a, "100", "Zoë", "Mentor two students");
	b = push_ok(a, f->dir, 1);
	import_hs(hs, b, 0);
	memset(&o, 0, sizeof(o));
	assert_int_equal(export_tna(hs, &o, EXPORT_CSV, &out, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_non_null(strstr(out.buf.buf, "Zoë,"));
	assert_non_null(strstr(out.buf.buf, "Mentor two students"));
	o.filter.station = "NORTHGATE";	/* ignoring case */
	sbuf_reset(&out.buf);
	assert_int_equal(export_tna(hs, &o, EXPORT_CSV, &out, &n, &err), 0);
	assert_int_equal(n, 1);
	o.filter.station = "Riverside";
	sbuf_reset(&out.buf);
	assert_int_equal(export_tna(hs, &o, EXPORT_CSV, &out, &n, &err), 0);
	assert_int_equal(n, 0);
	export_out_release(&out);
	free(b);
	store_close(a);
	hubstore_close(hs);
}

/*
 * A statement that fails inside a change: on PostgreSQL the whole
 * transaction is then aborted and COMMIT rolls it back without an error,
 * so the hub store's commit must fail rather than report the change as
 * saved (an import acknowledged that the hub never kept).  On SQLite the
 * failed statement alone is undone; there, text that is not UTF-8 is no
 * error, and the change is saved.
 */
static void test_failed_statement_not_saved(void **state)
{
	struct fx *f = *state;
	struct hubstore *hs = hub_open(f->dir, 8, NULL);
	struct err err = ERR_INIT;
	int pg = hs->ops != &hubstore_sqlite_ops;

	assert_int_equal(hs->ops->begin(hs, &err), 0);
	assert_int_equal(hs->ops->audit(hs, "test-before", "a good row", &err), 0);
	/* Not UTF-8: PostgreSQL refuses the statement. */
	assert_int_equal(hs->ops->audit(hs, "test-bad", "\xff\xfe", &err), pg ? -1 : 0);
	err_release(&err);
	assert_int_equal(hs->ops->commit(hs, &err), pg ? -1 : 0);
	if (pg)
		assert_non_null(strstr(err_msg(&err), "nothing of it was saved"));
	err_release(&err);
	hubstore_close(hs);
}

/* ---- the acknowledgement, made as its items come ---- */

/*
 * bundle_ack_out (two hashes fed in pieces, the text read back from a
 * temporary file in 4 KiB pieces) gives the very bytes bundle_ack_write
 * (crypto_sign_detached over the whole text) gives: none, one, and enough
 * items that lines cross the pieces' edges at several places.
 */
static void test_ack_streamed_same_bytes(void **state)
{
	static const size_t sizes[] = { 0, 1, 85, 86, 300 };
	unsigned char pk[BUNDLE_PK], sk[BUNDLE_SK];
	struct err err = ERR_INIT;

	(void)state;
	assert_int_equal(bundle_crypto_init(&err), 0);
	crypto_sign_keypair(pk, sk);
	for (size_t t = 0; t < sizeof(sizes) / sizeof(sizes[0]); t++) {
		struct bundle_ack a, got;
		struct bundle_ack_out *o;
		struct sbuf want = SBUF_INIT, have = SBUF_INIT;
		char *buf = NULL, uuid[UUID_LEN + 1];
		size_t len = 0;
		FILE *fp = open_memstream(&buf, &len);

		memset(&a, 0, sizeof(a));
		memset(a.bundle_id, 'a' + (int)t, BUNDLE_ID_HEX);
		snprintf(a.device_id, sizeof(a.device_id), "%s",
			 "0b6f2a44-1d2e-4c3b-9a8f-5e6d7c8b9a01");
		a.seq = 7 + t;
		snprintf(a.imported, sizeof(a.imported), "2026-12-02T01:2%zu:00Z", t);
		assert_non_null(o = bundle_ack_out_new(&a, pk, sk, &err));
		for (size_t i = 0; i < sizes[t]; i++) {
			const char *status = i % 7 == 3 ? "conflict" : i % 5 ? "current" :
				"history";

			snprintf(uuid, sizeof(uuid), "00000000-0000-4000-8000-%012u",
				 (unsigned)i % 1000000u);
			bundle_ack_add(&a, uuid, (long long)(i % 4 + 1) * 1000003, status);
			bundle_ack_out_add(o, uuid, (long long)(i % 4 + 1) * 1000003, status);
		}
		assert_int_equal(bundle_ack_out_finish(o, fp, &err), 0);
		fclose(fp);
		bundle_ack_write(&a, pk, sk, &want);
		sbuf_add(&have, buf, len);
		assert_string_equal(have.buf, want.buf);
		assert_int_equal(bundle_ack_read("t.ack", have.buf, have.len, pk, &got, &err), 0);
		assert_int_equal(got.n, sizes[t]);
		bundle_ack_release(&got);
		bundle_ack_release(&a);
		sbuf_release(&want);
		sbuf_release(&have);
		free(buf);
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * A bundle of more appraisals than fit in one 4 KiB piece of the streamed
 * acknowledgement (on PostgreSQL, read a row at a time): its ack names
 * each of them once, none lost and none twice, and its signature holds.
 */
static void test_ack_every_appraisal_once(void **state)
{
	enum { N = 180 };
	struct fx *f = *state;
	struct store *a = open_db(f->dir, "a.db");
	struct hubstore *hs = hub_open(f->dir, 9, NULL);
	struct bundle_ack got;
	struct sbuf text = SBUF_INIT, ackpath = SBUF_INIT;
	struct err err = ERR_INIT;
	char *b, *want[N], *have[N], number[16], name[32];
	sqlite3_stmt *s;
	size_t n = 0;

	for (int i = 0; i < N; i++) {
		snprintf(number, sizeof(number), "%d", 5000 + i);
		snprintf(name, sizeof(name), "Staff %d", i);
		finalise(a, number, name, "Mentor two students");
	}
	b = push_ok(a, f->dir, N);
	import_hs(hs, b, 0);
	sbuf_add(&ackpath, b, strlen(b) - strlen(".bundle"));
	sbuf_adds(&ackpath, ".ack");
	assert_int_equal(file_read(ackpath.buf, &text, 1 << 20, &err), 0);
	assert_true(text.len > 2 * 4096);
	if (bundle_ack_read(ackpath.buf, text.buf, text.len, NULL, &got, &err) < 0)
		fail_msg("%s", err_msg(&err));
	assert_int_equal(got.n, N);
	assert_int_equal(sqlite3_prepare_v2(a->db, "SELECT uuid FROM appraisals", -1, &s,
					    NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW && n < N) {
		want[n] = xmalloc(BUNDLE_REF_HEX + 1);
		bundle_ack_ref(got.bundle_id, (const char *)sqlite3_column_text(s, 0), want[n]);
		have[n] = got.items[n].ref;
		assert_int_equal(got.items[n].revision, 1);
		assert_string_equal(got.items[n].status, "current");
		n++;
	}
	sqlite3_finalize(s);
	assert_int_equal(n, N);
	qsort(want, N, sizeof(*want), cmp_str);
	qsort(have, N, sizeof(*have), cmp_str);
	for (size_t i = 0; i < N; i++) {
		assert_string_equal(have[i], want[i]);
		free(want[i]);
	}
	bundle_ack_release(&got);
	sbuf_release(&text);
	sbuf_release(&ackpath);
	free(b);
	store_close(a);
	hubstore_close(hs);
}

/* ---- the staff member's own words: how it went, and a preparation ---- */

/* Import file as import_hs does, the device approved on the way; r is the
 * last import's result (the caller releases it). */
static void import_r(struct hubstore *hs, const char *file, struct hub_file_result *r)
{
	struct hub_allow_result ar;
	struct err err = ERR_INIT;

	if (hub_import_file(hs, file, r, &err) < 0)
		fail_msg("import: %s", err_msg(&err));
	if (!r->waiting)
		return;
	if (hub_allow(hs, r->device_fp, &ar, &err) < 0)
		fail_msg("allow: %s", err_msg(&err));
	hub_allow_result_release(&ar);
	hub_file_result_release(r);
	if (hub_import_file(hs, file, r, &err) < 0)
		fail_msg("import: %s", err_msg(&err));
	assert_int_equal(r->waiting, 0);
}

/* Push whatever the laptop has (drafts, codes, answers: no count asked). */
static char *push_any(struct store *st, const char *dir)
{
	struct sync_push_result r;
	struct err err = ERR_INIT;
	char *path;

	if (sync_push(st, dir, &r, &err) < 0)
		fail_msg("push: %s", err_msg(&err));
	path = r.path;
	r.path = NULL;
	sync_push_result_release(&r);
	return path;
}

/* Staff member number says how it went: every item agreed, and words. */
static void say_voice(struct store *st, const char *number, const char *words)
{
	struct voice_target t;
	struct voice_answers a = { { 4, 4, 4, 0 }, NULL };
	struct err err = ERR_INIT;

	if (voice_find(st, number, &t, &err) < 0)
		fail_msg("voice_find %s: %s", number, err_msg(&err));
	a.comment = xstrdup(words);
	if (voice_submit(st, &t, &a, &err) < 0)
		fail_msg("voice_submit %s: %s", number, err_msg(&err));
	voice_target_release(&t);
}

static int has_comment(const struct voice_report *r, const char *words)
{
	for (size_t i = 0; i < r->ncomments; i++)
		if (strstr(r->comments[i].text, words))
			return 1;
	return 0;
}

/*
 * How it went (V records), on either back end: five staff members' answers
 * are taken, kept sealed and read by the report alone (station and quarter
 * shown at five, every comment); a later answer for the same appraisal
 * replaces the earlier one; the same bundle again changes nothing.
 */
static void test_voice_reported(void **state)
{
	struct fx *f = *state;
	struct store *a = open_db(f->dir, "a.db");
	char *pub = NULL, *b, number[8], words[48];
	struct hubstore *hs = hub_open(f->dir, 10, &pub);
	struct hub_file_result r;
	struct voice_report rep;
	struct err err = ERR_INIT;

	setenv("EADR_TODAY", "2026-05-11", 1);
	trust_ok(a, pub);
	for (int i = 0; i < 5; i++) {
		snprintf(number, sizeof number, "V%d", i);
		finalise(a, number, "Sam Jones", "Goal");
		snprintf(words, sizeof words, "VOICE-WORDS-%d before the rota", i);
		say_voice(a, number, words);
	}
	b = push_any(a, f->dir);
	import_r(hs, b, &r);
	assert_int_equal(r.voice_refused, 0);
	hub_file_result_release(&r);
	import_r(hs, b, &r);			/* again: a replay, nothing new */
	assert_int_equal(r.voice_taken, 0);
	hub_file_result_release(&r);
	free(b);
	if (report_voice(hs, &rep, &err) < 0)
		fail_msg("report: %s", err_msg(&err));
	assert_int_equal(rep.total.n, 5);
	assert_int_equal(rep.total.shown, 1);
	assert_int_equal(rep.total.count[VOICE_VALUED][4], 5);
	assert_int_equal(rep.nstations, 1);
	assert_string_equal(rep.stations[0].label, "Northgate");
	assert_int_equal(rep.stations[0].n, 5);
	assert_int_equal(rep.nquarters, 1);
	assert_string_equal(rep.quarters[0].label, "2026-27 Q1");
	assert_int_equal(rep.ncomments, 5);
	for (int i = 0; i < 5; i++) {
		snprintf(words, sizeof words, "VOICE-WORDS-%d before", i);
		assert_true(has_comment(&rep, words));
	}
	voice_report_release(&rep);

	/* V2 thinks again: the later answer replaces the earlier. */
	setenv("EADR_TODAY", "2026-05-12", 1);
	say_voice(a, "V2", "VOICE-WORDS-2 after all");
	b = push_any(a, f->dir);
	import_r(hs, b, &r);
	assert_int_equal(r.voice_taken, 1);
	hub_file_result_release(&r);
	free(b);
	if (report_voice(hs, &rep, &err) < 0)
		fail_msg("report: %s", err_msg(&err));
	assert_int_equal(rep.total.n, 5);
	assert_int_equal(rep.ncomments, 5);
	assert_true(has_comment(&rep, "VOICE-WORDS-2 after all"));
	assert_false(has_comment(&rep, "VOICE-WORDS-2 before"));
	voice_report_release(&rep);
	unsetenv("EADR_TODAY");
	free(pub);
	store_close(a);
	hubstore_close(hs);
}

struct back_seen {
	size_t n;
	char hash[FB_HASH_HEX + 1];
	size_t boxlen;
};

static int back_seen(const struct prep_travel *t, void *arg)
{
	struct back_seen *s = arg;

	s->n++;
	snprintf(s->hash, sizeof s->hash, "%s", t->code_hash);
	s->boxlen = t->box.len;
	return 0;
}

static size_t waiting_back(struct hubstore *hs, const char *device, struct back_seen *s)
{
	struct err err = ERR_INIT;

	memset(s, 0, sizeof *s);
	if (hs->ops->prep_back_each(hs, device, back_seen, s, &err) < 0)
		fail_msg("prep_back_each: %s", err_msg(&err));
	return s->n;
}

/*
 * A preparation sheet typed on laptop b with a code laptop a issued, on
 * either back end: a's bundle tells the hub the code (a PREPREQ record),
 * b's carries the answers under it (PREPANS); the hub keeps them for a's
 * device alone and writes them back in a file signed for a, and once a
 * tells the hub the code has expired (the appraisal was signed) nothing
 * waits for it.
 */
static void test_prepare_travels(void **state)
{
	struct fx *f = *state;
	struct store *a = open_db(f->dir, "a.db"), *lb = open_db(f->dir, "b.db");
	char *pub = NULL, *ba, *bb, code[FB_CODE_TEXT], dev_a[UUID_LEN + 1],
		dev_b[UUID_LEN + 1];
	struct hubstore *hs = hub_open(f->dir, 11, &pub);
	const char *src = getenv("EADR_SRCDIR");
	struct sbuf forms = SBUF_INIT;
	const char *dirs[1];
	struct staff s = { "100", "Alex Smith", "Paramedic", "6", "Northgate", "", NULL };
	struct prepare_session ps;
	struct hub_file_result r;
	struct back_seen seen;
	struct err err = ERR_INIT;
	long long id;
	struct prep_travel t = { 0 }, sent = { 0 };
	struct sbuf text = SBUF_INIT;
	unsigned char pk[BUNDLE_PK];
	char **names, *file;
	size_t n = 0;
	int resumed, other = 0;

	sbuf_addf(&forms, "%s/forms", src && *src ? src : ".");
	dirs[0] = forms.buf;
	setenv("EADR_APPRAISER", "Ffion Llywelyn", 1);
	trust_ok(a, pub);
	trust_ok(lb, pub);
	if (store_staff_put(a, &s, NULL, &err) < 0 ||
	    prepare_request(a, dirs, 1, "100", code, &id, &err) < 0)
		fail_msg("a: %s", err_msg(&err));
	memset(&ps, 0, sizeof ps);
	if (prepare_begin_anywhere(lb, dirs, 1, code, &ps, &resumed, &err) < 0)
		fail_msg("b: %s", err_msg(&err));
	assert_int_equal(ps.away, 1);
	if (prepare_set(&ps, "welcome.checkin", "PREP-WORDS before we meet", &err) < 0 ||
	    prepare_save(lb, &ps, &err) < 0)
		fail_msg("b: %s", err_msg(&err));

	ba = push_any(a, f->dir);
	bb = push_any(lb, f->dir);
	import_r(hs, ba, &r);
	assert_null(r.fb_problems);
	snprintf(dev_a, sizeof dev_a, "%s", r.device_id);
	hub_file_result_release(&r);
	import_r(hs, bb, &r);
	assert_null(r.fb_problems);
	snprintf(dev_b, sizeof dev_b, "%s", r.device_id);
	hub_file_result_release(&r);
	free(ba);
	free(bb);
	/* Kept for a's device, under the code a told; nothing for b. */
	assert_int_equal(waiting_back(hs, dev_a, &seen), 1);
	assert_string_equal(seen.hash, ps.hash);
	assert_true(seen.boxlen > 0);
	assert_int_equal(waiting_back(hs, dev_b, &seen), 0);
	assert_int_equal(waiting_back(hs, dev_a, &seen), 1);

	/* The hub writes the file for a (as 'hub import' does beside a's
	 * bundle): signed by the hub, for a's device, the answers under the
	 * code as b sealed them. */
	assert_int_equal(hub_prepare_send_device(hs, dev_a, f->dir, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_sync_key_get(a, "trusted-sign", pk, BUNDLE_PK, NULL, 0,
					    &err), 1);
	names = sync_list_dir(f->dir, PREP_BACK_SUFFIX, &n, &err);
	assert_non_null(names);
	assert_int_equal(n, 1);
	file = tu_path(f->dir, names[0]);
	assert_int_equal(file_read(file, &text, 1 << 20, &err), 0);
	assert_int_equal(prepare_back_read(file, text.buf, text.len, pk, dev_b, &t, &other,
					   &err), -1);
	assert_int_equal(other, 1);		/* not for b */
	err_release(&err);
	if (prepare_back_read(file, text.buf, text.len, pk, dev_a, &t, &other, &err) < 0)
		fail_msg("%s", err_msg(&err));
	assert_string_equal(t.code_hash, ps.hash);
	assert_int_equal(t.box.len, seen.boxlen);
	/* byte for byte what b sealed under the code */
	assert_int_equal(store_prepare_away_get(lb, ps.hash, &sent, &err), 1);
	assert_int_equal(t.box.len, sent.box.len);
	assert_memory_equal(t.box.buf, sent.box.buf, t.box.len);
	assert_memory_equal(t.salt, sent.salt, sizeof t.salt);
	prep_travel_release(&sent);
	prep_travel_release(&t);
	prepare_session_release(&ps);
	free(file);
	free(names[0]);
	free(names);
	sbuf_release(&text);

	/* Signed: a tells the hub the code has expired; nothing waits. */
	assert_int_equal(store_appraisal_set_state(a, id, "signed", &err), 0);
	ba = push_any(a, f->dir);
	import_r(hs, ba, &r);
	assert_null(r.fb_problems);
	hub_file_result_release(&r);
	free(ba);
	assert_int_equal(waiting_back(hs, dev_a, &seen), 0);

	unsetenv("EADR_APPRAISER");
	sbuf_release(&forms);
	free(pub);
	store_close(a);
	store_close(lb);
	hubstore_close(hs);
}

int main(void)
{
	const char *pg = getenv("EADR_TEST_HUB_PG");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_import_twice, sync_setup, sync_teardown),
		cmocka_unit_test_setup_teardown(test_any_order, sync_setup, sync_teardown),
		cmocka_unit_test_setup_teardown(test_copied_laptop_conflict, sync_setup,
						sync_teardown),
		cmocka_unit_test_setup_teardown(test_unknown_device_waits, sync_setup,
						sync_teardown),
		cmocka_unit_test_setup_teardown(test_export_reads_hub, sync_setup,
						sync_teardown),
		cmocka_unit_test_setup_teardown(test_failed_statement_not_saved, sync_setup,
						sync_teardown),
		cmocka_unit_test(test_ack_streamed_same_bytes),
		cmocka_unit_test_setup_teardown(test_ack_every_appraisal_once, sync_setup,
						sync_teardown),
		cmocka_unit_test_setup_teardown(test_voice_reported, sync_setup,
						sync_teardown),
		cmocka_unit_test_setup_teardown(test_prepare_travels, sync_setup,
						sync_teardown),
	};

	if (pg && *pg && !hubstore_have_pg()) {
		fprintf(stderr, "test_hub: EADR_TEST_HUB_PG is set, but this build has "
			"no PostgreSQL support\n");
		return 1;
	}
	return cmocka_run_group_tests_name(pg && *pg ? "hub on PostgreSQL" : "hub on SQLite",
					   tests, NULL, NULL);
}
