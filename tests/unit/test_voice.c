/*
 * test_voice.c - "how it went" (schema/voice.md): answers sealed at once
 * (a canary in no laptop file), refused without a trusted hub or before
 * signing, carried in bundles and taken by the hub, one per appraisal (a
 * second replaces the first), forged and tampered records refused one by
 * one, and the report's threshold: a station or quarter with 4 answers
 * suppressed, with 5 shown, and no subtraction giving a small one away.
 */
#include <sys/stat.h>

#include "synctest.h"
#include "lib/hub_voice.h"
#include "lib/report_voice.h"
#include "lib/store_voice.h"
#include "lib/voice.h"

#define CANARY "VOICE-CANARY-5e1d"

/* A staff member at station whose appraisal both people have signed. */
static long long signed_appraisal(struct store *st, const char *number,
				  const char *station)
{
	struct staff s = { (char *)number, (char *)"Sam Jones", (char *)"Paramedic",
		(char *)"6", (char *)station, (char *)"", NULL };
	struct store_appraisal a;
	struct err err = ERR_INIT;
	long long id;

	assert_int_equal(store_staff_put(st, &s, NULL, &err), 0);
	assert_int_equal(store_form_put(st, "formhash1", "eadr", "1", "id: eadr\n", &err), 0);
	assert_int_equal(store_appraisal_new(st, number, "Ffion", "eadr", "1",
					     "formhash1", &a, &err), 0);
	id = a.id;
	store_appraisal_release(&a);
	assert_int_equal(store_answer_set(st, id, "wellbeing.status", "held", 0, &err), 0);
	assert_int_equal(store_signoff_add(st, id, "appraiser", "Ffion", "", &err), 0);
	assert_int_equal(store_signoff_add(st, id, "appraisee", "Sam Jones", "", &err), 0);
	assert_int_equal(store_appraisal_set_state(st, id, "signed", &err), 0);
	return id;
}

/* The staff member number says how it went, on the date today. */
static void say(struct store *st, const char *number, const char *today, int v,
		const char *comment)
{
	struct voice_target t;
	struct voice_answers a = { 0 };
	struct err err = ERR_INIT;

	setenv("EADR_TODAY", today, 1);
	if (voice_find(st, number, &t, &err) < 0)
		fail_msg("find: %s", err_msg(&err));
	assert_int_equal(t.wellbeing, 1);
	for (int i = 0; i < VOICE_NITEMS; i++)
		a.v[i] = v;
	a.comment = comment ? xstrdup(comment) : NULL;
	if (voice_submit(st, &t, &a, &err) < 0)
		fail_msg("submit: %s", err_msg(&err));
	voice_target_release(&t);
}

static char *push_v(struct store *lap, const char *dir, unsigned *voices,
		    unsigned *waiting)
{
	struct sync_push_result r;
	struct err err = ERR_INIT;
	char *path;

	if (sync_push(lap, dir, &r, &err) < 0)
		fail_msg("push: %s", err_msg(&err));
	*voices = r.voices;
	if (waiting)
		*waiting = r.voices_waiting;
	path = r.path;
	r.path = NULL;
	sync_push_result_release(&r);
	return path;
}

static void take(struct hubstore *hs, const char *file, struct hub_file_result *r)
{
	struct hub_allow_result ar;
	struct err err = ERR_INIT;
	char fp[25];

	if (hub_import_file(hs, file, r, &err) < 0)
		fail_msg("import: %s", err_msg(&err));
	if (!r->waiting)
		return;
	snprintf(fp, sizeof fp, "%s", r->device_fp);
	hub_file_result_release(r);
	if (hub_allow(hs, fp, &ar, &err) < 0)
		fail_msg("allow: %s", err_msg(&err));
	hub_allow_result_release(&ar);
	if (hub_import_file(hs, file, r, &err) < 0)
		fail_msg("import: %s", err_msg(&err));
}

static void pull(struct store *lap, const char *dir)
{
	struct sync_pull_result r;
	struct err err = ERR_INIT;

	if (sync_pull(lap, dir, &r, &err) < 0)
		fail_msg("pull: %s", err_msg(&err));
	assert_int_equal(r.refused, 0);
	sync_pull_result_release(&r);
}

/* A laptop trusting a new hub, whose device the hub has approved. */
static void setup_pair(struct fx *fx, struct store **hub, struct store **lap,
		       char **stick)
{
	struct hub_file_result hr;
	char *pub = NULL, *path;
	unsigned nv;

	*hub = new_hub(fx->dir, "hub.db", &pub);
	*lap = open_db(fx->dir, "lap.db");
	*stick = tu_path(fx->dir, "stick");
	assert_int_equal(mkdir(*stick, 0700), 0);
	trust_ok(*lap, pub);
	free(pub);
	finalise(*lap, "100", "Alex Kowalski", "Goal");
	path = push_v(*lap, *stick, &nv, NULL);
	take(HUBSTORE_SQLITE(*hub), path, &hr);
	hub_file_result_release(&hr);
	pull(*lap, *stick);
	free(path);
}

static const struct voice_cell *find_cell(const struct voice_cell *v, size_t n,
					  const char *label)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].label, label))
			return &v[i];
	fail_msg("no cell %s", label);
	return NULL;
}

static void report_ok(struct store *hub, struct voice_report *r)
{
	struct err err = ERR_INIT;

	if (report_voice(HUBSTORE_SQLITE(hub), r, &err) < 0)
		fail_msg("report: %s", err_msg(&err));
}

static void test_threshold(void **state)
{
	struct fx *fx = *state;
	struct store *hub, *lap;
	struct hub_file_result hr;
	struct voice_report r;
	char *stick, *path, num[8];
	unsigned nv, waiting;

	setup_pair(fx, &hub, &lap, &stick);
	/* Southport: 4 answers in 2026-27 Q1; Tarnbridge: 6 in Q2. */
	for (int i = 1; i <= 6; i++) {
		snprintf(num, sizeof num, "S%d", i);
		signed_appraisal(lap, num, "Southport");
		snprintf(num, sizeof num, "T%d", i);
		signed_appraisal(lap, num, "Tarnbridge");
	}
	for (int i = 7; i <= 9; i++) {
		snprintf(num, sizeof num, "T%d", i);
		signed_appraisal(lap, num, "Tarnbridge");
	}
	for (int i = 1; i <= 4; i++) {
		snprintf(num, sizeof num, "S%d", i);
		say(lap, num, "2026-05-10", 4, "from Southport");
	}
	for (int i = 1; i <= 6; i++) {
		snprintf(num, sizeof num, "T%d", i);
		say(lap, num, "2026-08-10", 2, "from Tarnbridge");
	}
	path = push_v(lap, stick, &nv, &waiting);
	assert_int_equal(nv, 10);
	assert_int_equal(waiting, 0);
	take(HUBSTORE_SQLITE(hub), path, &hr);
	assert_int_equal(hr.voice_taken, 10);
	assert_int_equal(hr.voice_refused, 0);
	hub_file_result_release(&hr);
	pull(lap, stick);
	free(path);
	assert_int_equal(count(lap, "SELECT count(*) FROM voice_outbox WHERE sent <= 0"), 0);

	report_ok(hub, &r);
	assert_int_equal(r.total.n, 10);
	assert_true(r.total.shown);
	const struct voice_cell *s = find_cell(r.stations, r.nstations, "Southport");
	const struct voice_cell *t = find_cell(r.stations, r.nstations, "Tarnbridge");
	assert_int_equal(s->n, 4);
	assert_false(s->shown);		/* 4: suppressed */
	assert_int_equal(t->n, 6);
	assert_false(t->shown);		/* else the trust minus Tarnbridge is Southport */
	assert_false(find_cell(r.quarters, r.nquarters, "2026-27 Q1")->shown);
	assert_false(find_cell(r.quarters, r.nquarters, "2026-27 Q2")->shown);
	assert_int_equal(r.ncomments, 10);
	for (size_t i = 0; i < r.ncomments; i++)
		assert_null(r.comments[i].station);	/* no station is shown */
	struct sbuf text = SBUF_INIT;
	report_voice_write(&r, VOICE_TEXT, &text);
	assert_non_null(strstr(text.buf, "Southport                   -  suppressed: fewer than 5"));
	assert_null(strstr(text.buf, "(Southport)"));
	sbuf_release(&text);
	voice_report_release(&r);

	/* One more answer waits on the laptop (fewer than 5 would travel) ... */
	say(lap, "S1", "2026-05-20", 5, "changed my mind");
	path = push_v(lap, stick, &nv, &waiting);
	assert_null(path);
	assert_int_equal(nv, 0);
	assert_int_equal(waiting, 1);
	/* ... until 5 do: S1 again (replaces), S5, and T7-T9. */
	say(lap, "S5", "2026-05-20", 4, NULL);
	for (int i = 7; i <= 9; i++) {
		snprintf(num, sizeof num, "T%d", i);
		say(lap, num, "2026-08-11", 2, NULL);
	}
	path = push_v(lap, stick, &nv, &waiting);
	assert_int_equal(nv, 5);
	take(HUBSTORE_SQLITE(hub), path, &hr);
	assert_int_equal(hr.voice_taken, 5);
	hub_file_result_release(&hr);
	/* the same bundle again: nothing changes */
	take(HUBSTORE_SQLITE(hub), path, &hr);
	assert_int_equal(hr.already, 1);
	hub_file_result_release(&hr);
	pull(lap, stick);
	free(path);
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_voice"), 14);
	assert_int_equal(count(hub, "SELECT count(*) FROM audit WHERE action = 'voice-replaced'"), 1);

	report_ok(hub, &r);
	s = find_cell(r.stations, r.nstations, "Southport");
	t = find_cell(r.stations, r.nstations, "Tarnbridge");
	assert_int_equal(s->n, 5);
	assert_true(s->shown);		/* 5: shown */
	assert_int_equal(s->count[VOICE_IMPROVE][5], 1);	/* S1's second answer */
	assert_int_equal(s->count[VOICE_IMPROVE][4], 4);
	assert_int_equal(voice_cell_agree(s, VOICE_IMPROVE), 100);
	assert_int_equal(t->n, 9);
	assert_true(t->shown);
	assert_int_equal(voice_cell_agree(t, VOICE_VALUED), 0);
	const struct voice_cell *q1 = find_cell(r.quarters, r.nquarters, "2026-27 Q1");
	assert_int_equal(q1->n, 5);
	assert_true(q1->shown);
	int labelled = 0, changed = 0, south = 0;
	for (size_t i = 0; i < r.ncomments; i++) {
		labelled += r.comments[i].station != NULL;
		changed += !strcmp(r.comments[i].text, "changed my mind");
		south += !strcmp(r.comments[i].text, "from Southport");
	}
	assert_int_equal(r.ncomments, 10);	/* S1's first comment replaced */
	assert_int_equal(changed, 1);
	assert_int_equal(south, 3);
	assert_int_equal(labelled, 10);	/* both stations shown now */
	struct sbuf csv = SBUF_INIT, json = SBUF_INIT;
	report_voice_write(&r, VOICE_CSV, &csv);
	report_voice_write(&r, VOICE_JSON, &json);
	assert_non_null(strstr(csv.buf, "station,Southport,improve,5,0,0,0,4,1,5,100,shown\r\n"));
	assert_non_null(strstr(json.buf, "{\"cell\": \"Southport\", \"shown\": true, \"answers\": 5"));
	sbuf_release(&csv);
	sbuf_release(&json);
	voice_report_release(&r);

	free(stick);
	store_close(lap);
	store_close(hub);
	unsetenv("EADR_TODAY");
}

/* Is marker anywhere in path, path-wal, path-shm? */
static int in_files(const char *path, const char *marker)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	int found = 0;

	for (int i = 0; i < 4; i++) {
		struct sbuf p = SBUF_INIT;
		size_t len;
		char *bytes;
		sbuf_addf(&p, "%s%s", path, suffix[i]);
		if (access(p.buf, F_OK) == 0) {
			bytes = tu_read(p.buf, &len);
			if (len >= strlen(marker) && memmem(bytes, len, marker, strlen(marker)))
				found = 1;
			free(bytes);
		}
		sbuf_release(&p);
	}
	return found;
}

static void test_sealed(void **state)
{
	struct fx *fx = *state;
	struct store *hub, *lap, *bare = open_db(fx->dir, "bare.db");
	struct voice_target t;
	struct voice_answers a = { { 4, 4, 4, 0 }, NULL };
	struct hub_file_result hr;
	struct voice_report r;
	struct err err = ERR_INIT;
	char *stick, *path;
	unsigned nv;

	/* No trusted hub key: refused before any question, nothing kept. */
	signed_appraisal(bare, "B1", "Northgate");
	assert_int_equal(voice_find(bare, "B1", &t, &err), -1);
	assert_non_null(strstr(err_msg(&err), "trusts no hub key"));
	err_release(&err);
	assert_int_equal(count(bare, "SELECT count(*) FROM voice_outbox"), 0);
	store_close(bare);

	setup_pair(fx, &hub, &lap, &stick);
	/* Not signed yet: refused. */
	struct staff s = { (char *)"D1", (char *)"Dee", (char *)"", (char *)"",
		(char *)"Northgate", (char *)"", NULL };
	struct store_appraisal ap;
	assert_int_equal(store_staff_put(lap, &s, NULL, &err), 0);
	assert_int_equal(store_appraisal_new(lap, "D1", "Ffion", "eadr", "1", "formhash1",
					     &ap, &err), 0);
	store_appraisal_release(&ap);
	assert_int_equal(voice_find(lap, "D1", &t, &err), -1);
	assert_non_null(strstr(err_msg(&err), "not signed yet"));
	err_release(&err);
	/* Nothing answered: nothing kept. */
	signed_appraisal(lap, "N1", "Northgate");
	assert_int_equal(voice_find(lap, "N1", &t, &err), 0);
	struct voice_answers none = { 0 };
	assert_int_equal(voice_submit(lap, &t, &none, &err), -1);
	err_release(&err);
	voice_target_release(&t);
	assert_int_equal(count(lap, "SELECT count(*) FROM voice_outbox"), 0);

	/* The canary in the comment: in no file of the laptop once sealed. */
	for (int i = 1; i <= 5; i++) {
		char num[8];
		snprintf(num, sizeof num, "N%d", i);
		if (i > 1)
			signed_appraisal(lap, num, "Northgate");
		assert_int_equal(voice_find(lap, num, &t, &err), 0);
		a.comment = xstrdup(CANARY " said by the staff member");
		assert_int_equal(voice_submit(lap, &t, &a, &err), 0);
		assert_null(a.comment);		/* wiped and freed */
		a = (struct voice_answers){ { 4, 4, 4, 0 }, NULL };
		voice_target_release(&t);
	}
	assert_false(in_files(store_path(lap), CANARY));
	assert_false(in_files(store_path(lap), "said by the staff"));
	assert_int_equal(count(lap, "SELECT count(*) FROM voice_outbox"), 5);
	assert_int_equal(count(lap, "SELECT count(*) FROM voice_outbox WHERE submitted_on"
			 " NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"), 0);

	path = push_v(lap, stick, &nv, NULL);
	assert_int_equal(nv, 5);
	assert_false(in_files(path, CANARY));
	take(HUBSTORE_SQLITE(hub), path, &hr);
	assert_int_equal(hr.voice_taken, 5);
	hub_file_result_release(&hr);
	free(path);
	/* Kept sealed at the hub; the report (and nothing else) reads it. */
	assert_false(in_files(store_path(hub), CANARY));
	report_ok(hub, &r);
	assert_int_equal(r.ncomments, 5);
	assert_non_null(strstr(r.comments[0].text, CANARY));
	assert_string_equal(r.comments[0].station, "Northgate");
	voice_report_release(&r);

	free(stick);
	store_close(lap);
	store_close(hub);
	unsetenv("EADR_TODAY");
}

/* Replace a sealed answer waiting in the outbox by bytes. */
static void outbox_put(struct store *lap, const char *id, const unsigned char *b, size_t n)
{
	sqlite3_stmt *s;

	assert_int_equal(sqlite3_prepare_v2(lap->db, "INSERT OR REPLACE INTO voice_outbox"
					    "(id, sealed, submitted_on) VALUES (?1, ?2,"
					    " '2026-05-10')", -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_blob(s, 2, b, (int)n, SQLITE_TRANSIENT);
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
}

/* A hub's voice_put that counts its calls (test_forged). */
static int voice_puts;
static int counting_voice_put(struct hubstore *hs, const struct voice_response *r,
			      const char *response_id, const void *sealed, size_t len,
			      int *result, struct err *err)
{
	voice_puts++;
	return hubstore_sqlite_ops.voice_put(hs, r, response_id, sealed, len, result, err);
}

static void test_forged(void **state)
{
	struct fx *fx = *state;
	struct store *hub, *lap;
	struct hub_file_result hr;
	unsigned char pk[BUNDLE_PK], other_pk[BUNDLE_PK], other_sk[BUNDLE_BOX_SK];
	struct err err = ERR_INIT;
	char *stick, *path, num[8];
	unsigned nv;

	setup_pair(fx, &hub, &lap, &stick);
	for (int i = 1; i <= 4; i++) {
		snprintf(num, sizeof num, "N%d", i);
		signed_appraisal(lap, num, "Northgate");
		say(lap, num, "2026-05-10", 4, NULL);
	}
	/* tampered: one byte of a genuine sealed answer changed */
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(lap->db, "SELECT id, sealed FROM voice_outbox"
					    " ORDER BY id LIMIT 1", -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	char *tid = xstrdup((const char *)sqlite3_column_text(s, 0));
	size_t tn = (size_t)sqlite3_column_bytes(s, 1);
	unsigned char *tb = xmalloc(tn);
	memcpy(tb, sqlite3_column_blob(s, 1), tn);
	sqlite3_finalize(s);
	tb[tn / 2] ^= 0x20;
	outbox_put(lap, tid, tb, tn);
	/* forged: a well-formed answer sealed to another key */
	const char text[] = "EADR-VOICE 1\nballot "
		"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n"
		"number 1\nstation Northgate\nquarter 2026-27 Q1\na improve\t5\n";
	unsigned char forged[sizeof text - 1 + crypto_box_SEALBYTES];
	crypto_box_keypair(other_pk, other_sk);
	crypto_box_seal(forged, (const unsigned char *)text, sizeof text - 1, other_pk);
	outbox_put(lap, "11111111-1111-4111-8111-111111111111", forged, sizeof forged);
	/* sealed to the hub, but not an answer eadr knows */
	const char bad[] = "EADR-VOICE 1\nballot 0011\nnumber 1\n";
	unsigned char junk[sizeof bad - 1 + crypto_box_SEALBYTES];
	assert_int_equal(store_sync_key_get(lap, "trusted-box", pk, BUNDLE_PK, NULL, 0,
					    &err), 1);
	crypto_box_seal(junk, (const unsigned char *)bad, sizeof bad - 1, pk);
	outbox_put(lap, "22222222-2222-4222-8222-222222222222", junk, sizeof junk);
	/* and an appraisal in the same bundle */
	finalise(lap, "101", "Kim Lee", "Goal");

	path = push_v(lap, stick, &nv, NULL);
	assert_int_equal(nv, 6);
	take(HUBSTORE_SQLITE(hub), path, &hr);
	assert_int_equal(hr.voice_refused, 3);
	assert_int_equal(hr.voice_taken, 3);
	assert_int_equal(hr.fb_refused, 0);
	assert_non_null(strstr(hr.fb_problems, "does not open with this hub's key"));
	assert_non_null(strstr(hr.fb_problems, "its ballot is not 64 hex digits"));
	assert_non_null(strstr(hr.fb_problems, "an answer of how it went"));
	assert_int_equal(hr.appraisals, 1);	/* the rest of the bundle stands */
	assert_non_null(hr.ack_path);
	hub_file_result_release(&hr);
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_voice"), 3);
	assert_int_equal(count(hub, "SELECT count(*) FROM appraisals WHERE staff_number = '101'"), 1);
	/* the refused ones left nothing behind, not even their ids */
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_voice_seen"), 3);
	pull(lap, stick);
	free(path);

	/* A hub on another store (its own table of operations, as
	 * PostgreSQL's) takes them through that table, not through SQLite. */
	struct hubstore_ops other = hubstore_sqlite_ops;
	struct hubstore pg = { &other, hub, 0 };
	other.voice_put = counting_voice_put;
	for (int i = 5; i <= 9; i++) {
		snprintf(num, sizeof num, "N%d", i);
		signed_appraisal(lap, num, "Northgate");
		say(lap, num, "2026-05-11", 3, NULL);
	}
	finalise(lap, "102", "Lee Park", "Goal");
	path = push_v(lap, stick, &nv, NULL);
	assert_int_equal(nv, 5);
	take(&pg, path, &hr);
	assert_int_equal(hr.voice_refused, 0);
	assert_int_equal(hr.voice_taken, 5);
	assert_int_equal(voice_puts, 5);
	assert_int_equal(hr.appraisals, 1);
	hub_file_result_release(&hr);
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_voice"), 8);
	free(path);

	free(tid);
	free(tb);
	free(stick);
	store_close(lap);
	store_close(hub);
	unsetenv("EADR_TODAY");
}

static void test_words(void **state)
{
	struct err err = ERR_INIT;
	struct voice_response r, back;
	struct sbuf text = SBUF_INIT;
	char q[VOICE_QUARTER];
	int v;

	(void)state;
	assert_int_equal(voice_point_read("", &v, &err), 0);
	assert_int_equal(v, 0);
	assert_int_equal(voice_point_read(" 4 ", &v, &err), 0);
	assert_int_equal(v, 4);
	assert_int_equal(voice_point_read("Agree", &v, &err), 0);
	assert_int_equal(v, 4);
	assert_int_equal(voice_point_read("strongly d", &v, &err), 0);
	assert_int_equal(v, 1);
	assert_int_equal(voice_point_read("dis", &v, &err), 0);
	assert_int_equal(v, 2);
	assert_int_equal(voice_point_read("strongly", &v, &err), -1);
	assert_non_null(strstr(err_msg(&err), "type 1 (strongly disagree) to 5"));
	err_release(&err);
	assert_int_equal(voice_point_read("6", &v, &err), -1);
	err_release(&err);

	voice_quarter("2026-04-01", q);
	assert_string_equal(q, "2026-27 Q1");
	voice_quarter("2026-12-31", q);
	assert_string_equal(q, "2026-27 Q3");
	voice_quarter("2027-03-31", q);
	assert_string_equal(q, "2026-27 Q4");
	voice_quarter("2099-07-01", q);
	assert_string_equal(q, "2099-00 Q2");

	memset(&r, 0, sizeof r);
	memset(r.ballot, 'a', VOICE_BALLOT_HEX);
	r.number = 3;
	r.station = xstrdup("St\tation\\");
	snprintf(r.quarter, sizeof r.quarter, "2026-27 Q2");
	r.a.v[VOICE_VALUED] = 5;
	r.a.comment = xstrdup("two\tcolumns\nand a line");
	voice_encode(&r, &text);
	assert_int_equal(voice_decode(text.buf, text.len, &back, &err), 0);
	assert_string_equal(back.station, r.station);
	assert_string_equal(back.a.comment, r.a.comment);
	assert_int_equal(back.a.v[VOICE_VALUED], 5);
	assert_int_equal(back.a.v[VOICE_IMPROVE], 0);
	voice_response_release(&back);
	/* strict: an answer out of range, an unknown line */
	struct sbuf bad = SBUF_INIT;
	sbuf_addf(&bad, "%sa improve\t7\n", text.buf);
	assert_int_equal(voice_decode(bad.buf, bad.len, &back, &err), -1);
	err_release(&err);
	sbuf_reset(&bad);
	sbuf_addf(&bad, "%sname Sam Jones\n", text.buf);
	assert_int_equal(voice_decode(bad.buf, bad.len, &back, &err), -1);
	assert_non_null(strstr(err_msg(&err), "a line eadr does not know"));
	err_release(&err);
	sbuf_release(&bad);
	sbuf_release(&text);
	voice_response_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words),
		cmocka_unit_test_setup_teardown(test_threshold, sync_setup, sync_teardown),
		cmocka_unit_test_setup_teardown(test_sealed, sync_setup, sync_teardown),
		cmocka_unit_test_setup_teardown(test_forged, sync_setup, sync_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
