/*
 * test_feedback.c - 360-degree feedback: the codes' check character, the
 * thresholds around their limits, a whole 360 (request on laptop A,
 * responses on A and B, the hub in any order and twice, the report), the
 * anonymity canary, and the refusals (forged code, another request's code,
 * after the close date, a replay).
 */
#include <ctype.h>
#include <sys/stat.h>

#include "synctest.h"
#include "lib/diag.h"
#include "lib/export.h"
#include "lib/feedback.h"
#include "lib/form.h"
#include "lib/hub_feedback.h"
#include "lib/hub_feedback_send.h"
#include "lib/profile.h"
#include "lib/store_feedback.h"
#include "lib/store_feedback_back.h"

#define CANARY "CANARY-360-q8w7e6"
#define HOLDER "Ffion Llywelyn"
#define PH "kettle harbour violet seven"
#define OTHER "Sam Okafor"
#define PO "apple river moon castle"

/* ---- codes ---- */

static void test_code_typos(void **state)
{
	static const char abc[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	struct err err = ERR_INIT;
	char code[FB_CODE_TEXT], norm[FB_CODE_TEXT], bad[FB_CODE_TEXT];
	enum fb_group g;
	size_t tried = 0;

	(void)state;
	assert_int_equal(bundle_crypto_init(&err), 0);
	for (int round = 0; round < 100; round++) {
		enum fb_group want = (enum fb_group)(round % FB_NGROUPS);
		feedback_code_make(want, code);
		assert_int_equal(strlen(code), FB_CODE_TEXT - 1);
		assert_int_equal(feedback_code_check(code, norm, &g, &err), 0);
		assert_string_equal(norm, code);
		assert_int_equal(g, want);
		for (size_t i = 0; i < strlen(code); i++) {
			if (code[i] == '-')
				continue;
			/* every other character in every place */
			for (const char *c = abc; *c; c++) {
				if (*c == code[i])
					continue;
				memcpy(bad, code, sizeof bad);
				bad[i] = *c;
				if (feedback_code_check(bad, norm, &g, &err) == 0)
					fail_msg("%s accepted for %s", bad, code);
				tried++;
			}
			/* every swap of two neighbours (across a hyphen too) */
			size_t j = i + 1 < strlen(code) && code[i + 1] == '-' ? i + 2 : i + 1;
			if (j < strlen(code) && code[i] != code[j]) {
				memcpy(bad, code, sizeof bad);
				bad[i] = code[j];
				bad[j] = code[i];
				if (feedback_code_check(bad, norm, &g, &err) == 0)
					fail_msg("swap %s accepted for %s", bad, code);
				tried++;
			}
		}
	}
	assert_true(tried > 40000);
	err_release(&err);
}

static void test_code_reading(void **state)
{
	struct err err = ERR_INIT;
	char code[FB_CODE_TEXT], norm[FB_CODE_TEXT], typed[64], h1[65], h2[65];
	enum fb_group g;

	(void)state;
	assert_int_equal(bundle_crypto_init(&err), 0);
	/* A code whose characters include 1 and 0, typed as l, I, o, lower case,
	 * without hyphens and with spaces. */
	do
		feedback_code_make(FB_PEER, code);
	while (!strchr(code + 1, '1') || !strchr(code + 1, '0'));
	size_t o = 0;
	for (const char *p = code; *p; p++) {
		if (*p == '-') {
			typed[o++] = ' ';
			continue;
		}
		typed[o++] = *p == '1' ? 'l' : *p == '0' ? 'o' : (char)tolower(*p);
	}
	typed[o] = '\0';
	assert_int_equal(feedback_code_check(typed, norm, &g, &err), 0);
	assert_string_equal(norm, code);
	assert_int_equal(g, FB_PEER);
	feedback_code_hash(norm, h1);
	feedback_code_hash(code, h2);
	assert_string_equal(h1, h2);
	assert_int_equal(strlen(h1), 64);

	assert_int_equal(feedback_code_check("P7KM3-XQ9", norm, &g, &err), -1);
	assert_non_null(strstr(err_msg(&err), "too short"));
	assert_int_equal(feedback_code_check("P7KM3-XQ9TR-2WHHU", norm, &g, &err), -1);
	assert_non_null(strstr(err_msg(&err), "'U' is not in any code"));
	assert_int_equal(feedback_code_check("P7KM3-XQ9TR-2WHHCC", norm, &g, &err), -1);
	assert_non_null(strstr(err_msg(&err), "too long"));
	err_release(&err);
}

/* ---- thresholds ---- */

static void plan_of(int self, int mgr, int peer, int rep, int other,
		    struct hub_feedback_plan *p)
{
	int c[FB_NGROUPS] = { self, mgr, peer, rep, other };

	hub_feedback_plan(c, p);
}

static unsigned shown_alone(const struct hub_feedback_plan *p, enum fb_group g)
{
	for (size_t i = 0; i < p->nunits; i++)
		if (p->unit[i].groups == (1u << g))
			return (unsigned)p->unit[i].count;
	return 0;
}

#define B(g) (1u << (g))

static void test_thresholds(void **state)
{
	struct hub_feedback_plan p;

	(void)state;
	/* 3 peers shown alone; 2 are not. */
	plan_of(1, 1, 3, 0, 0, &p);
	assert_int_equal(shown_alone(&p, FB_PEER), 3);
	assert_int_equal(shown_alone(&p, FB_SELF), 1);
	assert_int_equal(shown_alone(&p, FB_MANAGER), 1);
	assert_int_equal(p.omitted, 0);
	assert_int_equal(p.all_count, 4);
	assert_true(p.all_shown);
	plan_of(1, 1, 2, 0, 0, &p);
	assert_int_equal(shown_alone(&p, FB_PEER), 0);
	assert_int_equal(p.omitted, B(FB_PEER));
	assert_int_equal(p.all_count, 1);
	assert_false(p.all_shown);
	/* Self and line manager alone, named, whatever their count. */
	plan_of(1, 1, 0, 0, 0, &p);
	assert_int_equal(p.nunits, 2);
	/* 2 reports merged into the smallest other group (others 3, not peers 4). */
	plan_of(1, 0, 4, 2, 3, &p);
	assert_int_equal(shown_alone(&p, FB_PEER), 4);
	assert_int_equal(p.merged, B(FB_REPORT) | B(FB_OTHER));
	assert_int_equal(p.nunits, 3);
	assert_int_equal(p.unit[2].groups, B(FB_REPORT) | B(FB_OTHER));
	assert_int_equal(p.unit[2].count, 5);
	/* 2 and 2 pooled make 4: shown together; 1 and 1 make 2: left out. */
	plan_of(0, 0, 2, 2, 0, &p);
	assert_int_equal(p.nunits, 1);
	assert_int_equal(p.unit[0].count, 4);
	assert_int_equal(p.omitted, 0);
	plan_of(0, 0, 1, 1, 0, &p);
	assert_int_equal(p.nunits, 0);
	assert_int_equal(p.omitted, B(FB_PEER) | B(FB_REPORT));
	/* 1, 1, 1: pooled to 3. */
	plan_of(0, 0, 1, 1, 1, &p);
	assert_int_equal(p.nunits, 1);
	assert_int_equal(p.unit[0].count, 3);
	/* "All except self" needs 4: 3 peers alone is not enough, nor 2 + 1. */
	plan_of(1, 0, 3, 0, 0, &p);
	assert_int_equal(p.all_count, 3);
	assert_false(p.all_shown);
	plan_of(5, 1, 3, 3, 3, &p);
	assert_int_equal(p.all_count, 10);
	assert_true(p.all_shown);
	assert_int_equal(p.merged | p.omitted, 0);
}


/* ---- a whole 360 ---- */

static struct form *form360(void)
{
	const char *src = getenv("EADR_SRCDIR");
	struct sbuf path = SBUF_INIT;
	struct diag d = DIAG_INIT;
	struct form *f;

	sbuf_addf(&path, "%s/forms/360.yaml", src && *src ? src : ".");
	f = form_load_file(path.buf, &d);
	if (!f)
		fail_msg("%s does not load", path.buf);
	sbuf_release(&path);
	diag_release(&d);
	return f;
}

static void add_staff(struct store *st, const char *number, const char *name)
{
	struct staff s = { (char *)number, (char *)name, "Paramedic", "6",
		"Northgate", "", NULL };
	struct err err = ERR_INIT;

	assert_int_equal(store_staff_put(st, &s, NULL, &err), 0);
}

/* Give feedback with code on st: every scale rated, every open question
 * with text; saved half-way and resumed as a rater would. */
static void give(struct store *st, const struct form *f, const char *code,
		 const char *rating, const char *text)
{
	struct feedback_draft d;
	struct err err = ERR_INIT;
	int resumed;

	if (feedback_begin(st, code, &d, &resumed, &err) < 0)
		fail_msg("begin: %s", err_msg(&err));
	for (size_t s = 0; s < f->nsections; s++)
		for (size_t q = 0; q < f->sections[s].nquestions; q++) {
			char path[128];
			const struct form_question *fq = &f->sections[s].questions[q];
			snprintf(path, sizeof path, "%s.%s", f->sections[s].id, fq->id);
			feedback_draft_set(&d, path, fq->type == FORM_SCALE ? rating : text);
			if (s == 0 && q == 0) {
				/* interrupted: saved, and resumed with the same code */
				assert_int_equal(feedback_save(st, &d, &err), 0);
				feedback_draft_release(&d);
				assert_int_equal(feedback_begin(st, code, &d, &resumed, &err), 0);
				assert_int_equal(resumed, 1);
				assert_string_equal(feedback_draft_get(&d, path), rating);
			}
		}
	assert_int_equal(feedback_save(st, &d, &err), 0);
	if (feedback_submit(st, &d, &err) < 0)
		fail_msg("submit: %s", err_msg(&err));
	assert_int_equal(count(st, "SELECT count(*) FROM feedback_drafts"), 0);
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

/* What sync push wrote into dir (NULL: nothing to send); *nresp gets the
 * feedback responses it carries. */
static char *push_fb(struct store *lap, const char *dir, unsigned *nreq, unsigned *nresp)
{
	struct sync_push_result r;
	struct err err = ERR_INIT;
	char *path;

	if (sync_push(lap, dir, &r, &err) < 0)
		fail_msg("push: %s", err_msg(&err));
	if (nreq)
		*nreq = r.fb_requests;
	if (nresp)
		*nresp = r.fb_responses;
	path = r.path;
	r.path = NULL;
	sync_push_result_release(&r);
	return path;
}

/* Import a bundle on hs as the hub's keeper would: a laptop seen for the
 * first time is approved, and its folder imported again.  r gets the last
 * import's result (the caller releases it). */
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
	assert_int_equal(r->already, 1);
}

static void take_hub(struct store *hub, const char *file, struct hub_file_result *r)
{
	take(HUBSTORE_SQLITE(hub), file, r);
}

/* The laptop reads the hub's acknowledgements: what they name is delivered. */
static void pull_fb(struct store *lap, const char *dir)
{
	struct sync_pull_result r;
	struct err err = ERR_INIT;

	if (sync_pull(lap, dir, &r, &err) < 0)
		fail_msg("pull: %s", err_msg(&err));
	assert_int_equal(r.refused, 0);
	sync_pull_result_release(&r);
}

/* The hub's feedback as it stands, to compare two orders of import. */
static char *fb_canon(struct store *hub)
{
	static const char *const q[] = {
		"SELECT id, staff_number, close_on, n_peer FROM hub_feedback_requests ORDER BY 1",
		"SELECT code_hash, request_id, grp FROM hub_feedback_codes ORDER BY 1",
		"SELECT code_hash, response_id, number, submitted_on, hex(sealed)"
		" FROM hub_feedback_responses ORDER BY 1",
		"SELECT response_id FROM hub_feedback_seen ORDER BY 1",
	};
	struct sbuf out = SBUF_INIT;

	for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
		sqlite3_stmt *s;
		assert_int_equal(sqlite3_prepare_v2(hub->db, q[i], -1, &s, NULL), SQLITE_OK);
		while (sqlite3_step(s) == SQLITE_ROW) {
			for (int c = 0; c < sqlite3_column_count(s); c++)
				sbuf_addf(&out, "%s|", (const char *)sqlite3_column_text(s, c));
			sbuf_addch(&out, '\n');
		}
		sqlite3_finalize(s);
		sbuf_adds(&out, "--\n");
	}
	return sbuf_detach(&out);
}

/* ---- the way back (feedback_back.c, hub_feedback_send.c) ---- */

/* A's pull of dir: r gets what it did with the .360 files; problems. */
static void pull_back(struct store *lap, const char *dir, struct feedback_back_result *fb,
		      struct sbuf *problems)
{
	struct sync_pull_result r;
	struct err err = ERR_INIT;

	if (sync_pull(lap, dir, &r, &err) < 0)
		fail_msg("pull: %s", err_msg(&err));
	*fb = r.fb;
	sbuf_reset(problems);
	sbuf_adds(problems, r.problems.buf ? r.problems.buf : "");
	if (problems->len)
		print_message("pull: %s", problems->buf);
	sync_pull_result_release(&r);
}

/* What the laptop keeps of request id, to see that a refusal changed nothing. */
static char *kept(struct store *lap, const char *id)
{
	int n[FB_NGROUPS];
	char made[STAMP_LEN + 1] = "", rel[DATE_LEN + 1] = "";
	struct sbuf out = SBUF_INIT;
	struct err err = ERR_INIT;

	assert_true(store_fbback_counts(lap, id, n, made, rel, &err) >= 0);
	sbuf_addf(&out, "%s %s %d %d %d %d %d %lld", made, rel, n[0], n[1], n[2], n[3],
		  n[4], count(lap, "SELECT count(*) FROM feedback_back WHERE report IS NOT NULL"));
	return sbuf_detach(&out);
}

/* A file for lap's device naming the hub key pk but signed with sk. */
static void forge(struct store *lap, const char *id, const unsigned char *pk,
		  const unsigned char *sk, const char *path)
{
	unsigned char dpk[BUNDLE_PK], dsk[BUNDLE_SK];
	struct feedback_back b = { 0 };
	struct sbuf text = SBUF_INIT;
	struct err err = ERR_INIT;

	assert_int_equal(store_sync_key_get(lap, "device-sign", dpk, BUNDLE_PK, dsk,
					    BUNDLE_SK, &err), 1);
	snprintf(b.request_id, sizeof b.request_id, "%s", id);
	snprintf(b.device_id, sizeof b.device_id, "%s", store_device_id(lap));
	snprintf(b.made, sizeof b.made, "2099-01-01T00:00:00Z");
	snprintf(b.released_on, sizeof b.released_on, "2026-03-15");
	b.staff_number = "100";
	b.report = "FORGED report\n";
	b.invited[FB_PEER] = b.responded[FB_PEER] = 9;
	assert_int_equal(feedback_back_write(&b, dpk, pk, sk, &text, &err), 0);
	assert_int_equal(file_write_atomic(path, text.buf, text.len, 0600, &err), 0);
	sbuf_release(&text);
}

static void test_whole_360(void **state)
{
	struct fx *fx = *state;
	char *pub = NULL;
	struct store *hub = new_hub(fx->dir, "hub.db", &pub);
	struct store *a = open_db(fx->dir, "a.db"), *b = open_db(fx->dir, "b.db");
	struct form *f = form360();
	struct feedback_request r, r2;
	struct hub_feedback_plan p;
	struct sbuf rep = SBUF_INIT;
	struct err err = ERR_INIT;
	const char *warn;
	int n[FB_NGROUPS] = { 1, 1, 4, 2, 1 }, n2[FB_NGROUPS] = { 0, 0, 3, 0, 0 };

	setenv("EADR_TODAY", "2026-03-01", 1);
	trust_ok(a, pub);
	trust_ok(b, pub);
	free(pub);
	add_staff(a, "100", "Alex Kowalski");
	add_staff(a, "200", "Sam Obi");
	/* On A, Ffion holds Alex's appraisal; Sam is another manager there. */
	struct store_appraisal ap;
	assert_int_equal(profile_create(a, HOLDER, PH, PH, &err), 0);
	assert_int_equal(store_form_put(a, "formhash1", "eadr", "1", "id: eadr\n", &err), 0);
	assert_int_equal(store_appraisal_new(a, "100", HOLDER, "eadr", "1", "formhash1",
					     &ap, &err), 0);
	store_appraisal_release(&ap);
	assert_int_equal(profile_create(a, OTHER, PO, PO, &err), 0);
	assert_int_equal(feedback_request_new(a, "100", n, "2026-03-15", &r, &warn, &err), 0);
	assert_non_null(warn);	/* 2 reports, 1 other: below the 5 recommended */
	assert_int_equal(r.ncodes, 9);
	assert_int_equal(feedback_request_new(a, "200", n2, "2026-03-15", &r2, &warn, &err), 0);
	/* Only hashes of codes are kept. */
	for (size_t i = 0; i < r.ncodes; i++)
		assert_false(in_files(store_path(a), r.codes[i]));

	/* codes: 0 self, 1 manager, 2-5 peers, 6-7 reports, 8 other */
	give(a, f, r.codes[0], "strong", "self says " CANARY);
	give(b, f, r.codes[1], "proficient", "manager says " CANARY);
	give(a, f, r.codes[2], "exemplary", "peer one " CANARY);
	give(b, f, r.codes[3], "essential", "peer two " CANARY);
	give(a, f, r.codes[4], "not seen", "peer three " CANARY);
	give(b, f, r.codes[6], "strong", "report one " CANARY);
	give(a, f, r.codes[8], "strong", "other one " CANARY);
	give(b, f, r2.codes[0], "strong", "OMITTED-" CANARY);

	/* The canary is nowhere on either laptop after submission. */
	assert_false(in_files(store_path(a), CANARY));
	assert_false(in_files(store_path(b), CANARY));
	store_close(a);
	store_close(b);
	a = open_db(fx->dir, "a.db");
	b = open_db(fx->dir, "b.db");
	assert_false(in_files(store_path(a), CANARY));
	assert_false(in_files(store_path(b), CANARY));

	/* The bundles: A's holds both requests and its 4 responses, B's its 4. */
	char *stick = tu_path(fx->dir, "stick");
	assert_int_equal(mkdir(stick, 0700), 0);
	unsigned nreq, nresp;
	char *ba = push_fb(a, stick, &nreq, &nresp);
	assert_non_null(ba);
	assert_int_equal(nreq, 2);
	assert_int_equal(nresp, 4);
	char *bb = push_fb(b, stick, &nreq, &nresp);
	assert_int_equal(nreq + nresp, 4);
	/* Nothing readable on the stick. */
	assert_false(in_files(ba, CANARY));
	assert_false(in_files(bb, CANARY));

	/* A second hub, the same keys: the bundles in the other order. */
	store_close(hub);
	char *h1 = tu_path(fx->dir, "hub.db"), *h2 = tu_path(fx->dir, "hub2.db");
	copy_file(h1, h2);
	hub = open_db(fx->dir, "hub.db");
	struct store *hub2 = open_db(fx->dir, "hub2.db");
	struct hub_file_result hr;

	/* Hub 1: B first.  Its responses name codes of requests the hub has not
	 * received: kept sealed, waiting for them, none refused, the bundle
	 * itself imported. */
	take_hub(hub, bb, &hr);	/* (merged by hub allow, then imported again) */
	assert_int_equal(hr.fb_refused, 0);
	assert_int_equal(hr.fb_replays, 4);
	assert_int_equal(hr.fb_responses, 0);
	assert_non_null(hr.ack_path);
	hub_file_result_release(&hr);
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_feedback_responses"), 0);
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_feedback_waiting"), 4);
	/* B's again before A's: already waiting, nothing changed. */
	take_hub(hub, bb, &hr);
	assert_int_equal(hr.fb_replays, 4);
	assert_int_equal(hr.fb_waiting, 0);
	hub_file_result_release(&hr);
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_feedback_waiting"), 4);
	/* Then A: its requests arrive and B's waiting responses count at once
	 * (A's 4 and B's 4), with no import of B's bundle again. */
	take_hub(hub, ba, &hr);
	assert_int_equal(hr.fb_refused, 0);
	hub_file_result_release(&hr);
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_feedback_responses"), 8);
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_feedback_waiting"), 0);
	/* Both again: replays, nothing changed. */
	take_hub(hub, bb, &hr);
	assert_int_equal(hr.fb_replays, 4);
	assert_int_equal(hr.fb_responses, 0);
	assert_int_equal(hr.fb_refused, 0);
	hub_file_result_release(&hr);
	take_hub(hub, ba, &hr);
	assert_int_equal(hr.fb_replays, 6);
	hub_file_result_release(&hr);
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_feedback_responses"), 8);
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_feedback_requests"), 2);
	/* Hub 2: A, B, A, B: the same result. */
	take_hub(hub2, ba, &hr);
	hub_file_result_release(&hr);
	take_hub(hub2, bb, &hr);
	hub_file_result_release(&hr);
	take_hub(hub2, ba, &hr);
	hub_file_result_release(&hr);
	take_hub(hub2, bb, &hr);
	assert_int_equal(hr.fb_replays, 4);
	hub_file_result_release(&hr);
	char *c1 = fb_canon(hub), *c2 = fb_canon(hub2);
	assert_string_equal(c1, c2);
	assert_int_equal(count(hub2, "SELECT count(*) FROM hub_feedback_responses"), 8);
	free(c1);
	free(c2);
	store_close(hub2);
	free(h1);
	free(h2);

	/* Not yet acknowledged: the next push carries them again. */
	free(push_fb(a, stick, &nreq, &nresp));
	assert_int_equal(nreq + nresp, 6);
	/* Acknowledged: they travel no more. */
	pull_fb(a, stick);
	pull_fb(b, stick);
	assert_null(push_fb(b, stick, NULL, NULL));
	free(ba);
	free(bb);
	/* Nothing readable reached the hub either. */
	assert_false(in_files(store_path(hub), CANARY));

	/* Before the close date a report that must pool groups is not released. */
	assert_int_equal(hub_feedback_report(HUBSTORE_SQLITE(hub), r.id, f, "Alex Kowalski", 1, &rep, &p,
					     &err), -1);
	assert_non_null(strstr(err_msg(&err), "closes on 2026-03-15"));
	sbuf_reset(&rep);
	/* report 1 + other 1 pooled make 2, still below 3: pooled again into
	 * peers (3), the smallest other group; the manager named. */
	assert_int_equal(hub_feedback_report(HUBSTORE_SQLITE(hub), r.id, f, "Alex Kowalski", 0, &rep, &p,
					     &err), 0);
	assert_int_equal(shown_alone(&p, FB_PEER), 0);
	assert_int_equal(p.merged, B(FB_PEER) | B(FB_REPORT) | B(FB_OTHER));
	assert_int_equal(p.omitted, 0);
	assert_int_equal(p.all_count, 6);
	assert_non_null(strstr(rep.buf, "Pooled: peers, direct reports and others"));
	assert_non_null(strstr(rep.buf, "(line manager) manager says"));
	assert_non_null(strstr(rep.buf, "  - report one"));
	assert_non_null(strstr(rep.buf, "all raters except self (6)"));

	/* One more report: reports 2 + other 1 = 3, pooled and shown. */
	give(b, f, r.codes[7], "exemplary", "report two " CANARY);
	bb = push_fb(b, stick, &nreq, &nresp);
	assert_int_equal(nresp, 1);
	take_hub(hub, bb, &hr);
	assert_int_equal(hr.already, 0);
	assert_int_equal(hr.fb_responses, 1);
	hub_file_result_release(&hr);
	free(bb);

	/* Progress per group comes back to A before the report: counts only. */
	struct feedback_back fb;
	struct feedback_back_result got;
	struct sbuf probs = SBUF_INIT;
	char *back = tu_path(fx->dir, "back"), *early = NULL, *late = NULL;
	assert_int_equal(mkdir(back, 0700), 0);
	assert_int_equal(hub_feedback_status(HUBSTORE_SQLITE(hub), r.id, &fb, &err), 1);
	assert_int_equal(fb.responded[FB_PEER], 3);
	assert_int_equal(fb.responded[FB_REPORT], 2);
	assert_int_equal(fb.invited[FB_PEER], 4);
	assert_null(fb.report);
	feedback_back_release(&fb);
	assert_int_equal(hub_feedback_send(HUBSTORE_SQLITE(hub), r.id, back, &early, NULL, &err), 0);
	assert_false(in_files(early, CANARY));
	pull_back(a, back, &got, &probs);
	assert_int_equal(got.taken, 1);
	assert_int_equal(got.reports, 0);
	int hubn[FB_NGROUPS];
	char made[STAMP_LEN + 1], rel[DATE_LEN + 1];
	assert_int_equal(store_fbback_counts(a, r.id, hubn, made, rel, &err), 1);
	assert_int_equal(hubn[FB_SELF], 1);
	assert_int_equal(hubn[FB_PEER], 3);
	assert_int_equal(hubn[FB_REPORT], 2);
	assert_string_equal(rel, "");
	/* Laptop B made no request: the file is another laptop's. */
	pull_back(b, back, &got, &probs);
	assert_int_equal(got.other, 1);
	assert_int_equal(got.taken, 0);
	char *early_copy = tu_path(fx->dir, "early.360");
	copy_file(early, early_copy);
	free(stick);
	setenv("EADR_TODAY", "2026-03-15", 1);
	sbuf_reset(&rep);
	assert_int_equal(hub_feedback_report(HUBSTORE_SQLITE(hub), r.id, f, "Alex Kowalski", 1, &rep, &p,
					     &err), 0);
	assert_int_equal(p.omitted, 0);
	assert_int_equal(p.merged, B(FB_REPORT) | B(FB_OTHER));
	assert_non_null(strstr(rep.buf, "Pooled: direct reports and others"));
	assert_non_null(strstr(rep.buf, "direct reports and others (3): Essential 0, "
			       "Proficient 0, Strong 2, Exemplary 1, Not seen 0"));
	assert_non_null(strstr(rep.buf, "all raters except self (7)"));
	assert_non_null(strstr(rep.buf, "  self: Strong"));
	/* Released: raw responses deleted, the report kept; again refused. */
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_feedback_responses r JOIN"
			       " hub_feedback_codes c USING (code_hash) JOIN"
			       " hub_feedback_requests q ON q.id = c.request_id"
			       " WHERE q.staff_number = '100'"), 0);
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_feedback_reports"), 1);
	sbuf_reset(&rep);
	assert_int_equal(hub_feedback_report(HUBSTORE_SQLITE(hub), r.id, f, "x", 1, &rep, NULL, &err), -1);

	/* The report's way back: signed by the hub, sealed to A, through a real
	 * sync pull; kept under the key of Ffion, who holds Alex's appraisal. */
	assert_int_equal(hub_feedback_status(HUBSTORE_SQLITE(hub), r.id, &fb, &err), 1);
	assert_string_equal(fb.released_on, "2026-03-15");
	assert_int_equal(fb.responded[FB_REPORT], 2);	/* from the report: raw gone */
	feedback_back_release(&fb);
	assert_int_equal(hub_feedback_send(HUBSTORE_SQLITE(hub), r.id, back, &late, NULL, &err), 0);
	assert_string_equal(early, late);	/* one file per request, the newer */
	assert_false(in_files(late, CANARY));	/* sealed on the stick */
	pull_back(a, back, &got, &probs);
	assert_int_equal(got.taken, 1);
	assert_int_equal(got.reports, 1);
	assert_int_equal(got.refused, 0);
	assert_false(in_files(store_path(a), CANARY));	/* sealed to Ffion */
	assert_int_equal(count(a, "SELECT count(*) FROM feedback_back WHERE"
			       " typeof(report) = 'blob' AND holder IS NOT NULL"), 1);
	/* Read by the holder only: signed out, or Sam, refused naming Ffion. */
	struct sbuf txt = SBUF_INIT;
	profile_lock(a);
	assert_int_equal(feedback_back_report(a, "100", &txt, NULL, NULL, &err), -1);
	assert_non_null(strstr(err_msg(&err), "held by " HOLDER));
	assert_int_equal(profile_signin(a, OTHER, PO, NULL, &err), 0);
	assert_int_equal(feedback_back_report(a, "100", &txt, NULL, NULL, &err), -1);
	assert_non_null(strstr(err_msg(&err), "held by " HOLDER));
	assert_int_equal(txt.len, 0);
	assert_int_equal(profile_signin(a, HOLDER, PH, NULL, &err), 0);
	char *rid = NULL;
	assert_int_equal(feedback_back_report(a, "100", &txt, &rid, NULL, &err), 1);
	assert_string_equal(rid, r.id);
	free(rid);
	assert_non_null(strstr(txt.buf, "all raters except self (7)"));
	assert_non_null(strstr(txt.buf, "report two " CANARY));
	struct fb_report fr;
	fb_report_parse(txt.buf, &fr);
	assert_int_equal(fr.responded[FB_PEER], 3);
	assert_true(fr.ndims >= 14);
	assert_string_equal(fr.dims[0].self, "Strong");
	assert_int_equal(fr.npoints, 5);
	fb_report_release(&fr);
	sbuf_release(&txt);
	/* In Alex's PDP only when asked (--with-360), and only by Ffion. */
	finalise(a, "100", "Alex Kowalski", "Goal");
	struct sbuf pdp = SBUF_INIT;
	err_release(&err);
	assert_int_equal(export_pdp(a, "100", PDP_TEXT, 0, NULL, &pdp, &err), 0);
	assert_null(strstr(pdp.buf, "360-degree feedback"));
	sbuf_reset(&pdp);
	assert_int_equal(export_pdp(a, "100", PDP_TEXT, PDP_WITH_360, NULL, &pdp, &err), 0);
	assert_non_null(strstr(pdp.buf, "360-degree feedback (included at your request)"));
	assert_non_null(strstr(pdp.buf, "  all raters except self (7)"));
	assert_non_null(strstr(pdp.buf, "report two " CANARY));
	sbuf_reset(&pdp);
	assert_int_equal(export_pdp(a, "100", PDP_HTML, PDP_WITH_360, NULL, &pdp, &err), 0);
	assert_non_null(strstr(pdp.buf, "white-space: pre-wrap"));
	sbuf_reset(&pdp);
	assert_int_equal(export_pdp(a, "200", PDP_TEXT, PDP_WITH_360, NULL, &pdp, &err), -1);
	err_release(&err);
	assert_int_equal(profile_signin(a, OTHER, PO, NULL, &err), 0);
	assert_int_equal(export_pdp(a, "100", PDP_TEXT, PDP_WITH_360, NULL, &pdp, &err), -1);
	assert_non_null(strstr(err_msg(&err), HOLDER));
	sbuf_release(&pdp);
	profile_lock(a);
	/* Read, and put in a PDP: still nowhere in A's files but sealed. */
	assert_false(in_files(store_path(a), CANARY));

	/* The progress file replayed from the stick: older, nothing changes. */
	char *before = kept(a, r.id);
	copy_file(early_copy, early);
	pull_back(a, back, &got, &probs);
	assert_int_equal(got.same, 1);
	char *now = kept(a, r.id);
	assert_string_equal(before, now);
	free(now);
	/* A forged report: signed with another key naming its own, or naming
	 * the hub's; and the hub's file changed after signing: each refused
	 * with a clear message, nothing changed. */
	unsigned char hpk[BUNDLE_PK], hsk[BUNDLE_SK], fpk[BUNDLE_PK], fsk[BUNDLE_SK];
	assert_int_equal(store_sync_key_get(hub, "hub-sign", hpk, BUNDLE_PK, hsk,
					    BUNDLE_SK, &err), 1);
	crypto_sign_keypair(fpk, fsk);
	forge(a, r.id, fpk, fsk, early);
	pull_back(a, back, &got, &probs);
	assert_int_equal(got.refused, 1);
	assert_non_null(strstr(probs.buf, "does not trust"));
	forge(a, r.id, hpk, fsk, early);
	pull_back(a, back, &got, &probs);
	assert_int_equal(got.refused, 1);
	assert_non_null(strstr(probs.buf, "bad signature"));
	/* the genuine progress file with a later time written into it */
	size_t elen;
	char *etext = tu_read(early_copy, &elen), *m = strstr(etext, "\nmade ");
	assert_non_null(m);
	memcpy(m + 7, "2099", 4);
	assert_int_equal(file_write_atomic(early, etext, elen, 0600, &err), 0);
	free(etext);
	pull_back(a, back, &got, &probs);
	assert_int_equal(got.refused, 1);
	assert_non_null(strstr(probs.buf, "bad signature"));
	now = kept(a, r.id);
	assert_string_equal(before, now);
	free(now);
	free(before);
	unlink(early);
	sbuf_release(&probs);
	free(early);
	free(late);
	free(early_copy);
	free(back);
	/* Sam's single peer is left out and released: its canary never appears. */
	sbuf_reset(&rep);
	assert_int_equal(hub_feedback_report(HUBSTORE_SQLITE(hub), r2.id, f, "Sam Obi", 1, &rep, &p, &err), 0);
	assert_null(strstr(rep.buf, "OMITTED-"));
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_feedback_responses"), 0);
	assert_false(in_files(store_path(hub), "OMITTED-"));

	sbuf_release(&rep);
	err_release(&err);
	feedback_request_release(&r);
	feedback_request_release(&r2);
	form_free(f);
	store_close(a);
	store_close(b);
	store_close(hub);
	unsetenv("EADR_TODAY");
}

/* Push from lap to stick, import at the hub, pull the acknowledgement:
 * one round of the stick; r gets the import's result. */
static void round_trip(struct store *lap, struct store *hub, const char *stick,
		       struct hub_file_result *r)
{
	char *path = push_fb(lap, stick, NULL, NULL);

	assert_non_null(path);
	take_hub(hub, path, r);
	assert_non_null(r->ack_path);	/* the bundle itself is never refused */
	pull_fb(lap, stick);
	free(path);
}

/* A hub's fb_request_put that counts its calls (test_refusals). */
static int request_puts;
static int counting_request_put(struct hubstore *hs, const struct feedback_request *r,
				const char *device_id, char (*hash)[FB_HASH_HEX + 1],
				const enum fb_group *grp, size_t n, int *already,
				struct err *err)
{
	request_puts++;
	return hubstore_sqlite_ops.fb_request_put(hs, r, device_id, hash, grp, n, already,
						  err);
}

/* A forged code, a late response, a replay, a second response on a code, a
 * request from a device that does not hold the appraisal: each refused (or
 * replacing, audited) with a clear message, and nothing else changed. */
static void test_refusals(void **state)
{
	struct fx *fx = *state;
	char *pub = NULL, forged[FB_CODE_TEXT];
	struct store *hub = new_hub(fx->dir, "hub.db", &pub);
	struct store *a = open_db(fx->dir, "a.db"), *b = open_db(fx->dir, "b.db");
	struct form *f = form360();
	struct feedback_request r, rb;
	struct hub_file_result hr;
	struct err err = ERR_INIT;
	char *stick = tu_path(fx->dir, "stick");
	const char *warn;
	int n[FB_NGROUPS] = { 0, 0, 5, 0, 0 };

	setenv("EADR_TODAY", "2026-03-01", 1);
	assert_int_equal(mkdir(stick, 0700), 0);
	trust_ok(a, pub);
	trust_ok(b, pub);
	free(pub);
	/* A holds Alex's appraisal at the hub. */
	finalise(a, "100", "Alex Kowalski", "Goal");
	round_trip(a, hub, stick, &hr);
	hub_file_result_release(&hr);
	assert_int_equal(feedback_request_new(a, "100", n, "2026-03-15", &r, &warn, &err), 0);
	assert_null(warn);
	give(a, f, r.codes[0], "strong", "first");
	round_trip(a, hub, stick, &hr);
	assert_int_equal(hr.fb_requests, 1);
	assert_int_equal(hr.fb_responses, 1);
	hub_file_result_release(&hr);

	/* forged: a well-formed code no request has.  The hub cannot tell it
	 * from one whose request has not arrived: kept sealed, waiting, and
	 * counted in no report. */
	feedback_code_make(FB_PEER, forged);
	give(a, f, forged, "exemplary", "forged");
	round_trip(a, hub, stick, &hr);
	assert_int_equal(hr.fb_refused, 0);
	assert_int_equal(hr.fb_waiting, 1);
	assert_int_equal(hr.fb_responses, 0);
	hub_file_result_release(&hr);
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_feedback_waiting"), 1);
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_feedback_responses"), 1);

	/* after the close date */
	setenv("EADR_TODAY", "2026-03-16", 1);
	give(a, f, r.codes[1], "strong", "late");
	round_trip(a, hub, stick, &hr);
	assert_int_equal(hr.fb_refused, 1);
	assert_non_null(strstr(hr.fb_problems, "after request"));
	assert_non_null(strstr(hr.fb_problems, "closed on 2026-03-15"));
	hub_file_result_release(&hr);
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_feedback_responses"), 1);

	/* the same code again: replaces the first, audited; then replayed */
	setenv("EADR_TODAY", "2026-03-02", 1);
	give(a, f, r.codes[0], "essential", "second thoughts");
	char *again = push_fb(a, stick, NULL, NULL);
	take_hub(hub, again, &hr);
	assert_int_equal(hr.fb_responses, 1);
	assert_int_equal(hr.fb_refused, 0);
	hub_file_result_release(&hr);
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_feedback_responses"), 1);
	assert_int_equal(count(hub, "SELECT number FROM hub_feedback_responses"), 2);
	assert_int_equal(count(hub, "SELECT count(*) FROM audit WHERE action = 'feedback-replaced'"), 1);
	take_hub(hub, again, &hr);
	assert_int_equal(hr.already, 1);
	assert_int_equal(hr.fb_replays, 1);
	hub_file_result_release(&hr);
	assert_int_equal(count(hub, "SELECT number FROM hub_feedback_responses"), 2);
	pull_fb(a, stick);
	free(again);

	/* B asks for feedback on Alex, whose appraisal A holds: refused, and the
	 * rest of B's bundle (its own appraisal of Sam) imported. */
	finalise(b, "200", "Sam Obi", "Goal");
	add_staff(b, "100", "Alex Kowalski");
	assert_int_equal(feedback_request_new(b, "100", n, "2026-03-15", &rb, &warn, &err), 0);
	round_trip(b, hub, stick, &hr);
	assert_int_equal(hr.fb_refused, 1);
	assert_non_null(strstr(hr.fb_problems, "does not hold their appraisal"));
	hub_file_result_release(&hr);
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_feedback_requests"), 1);
	assert_int_equal(count(hub, "SELECT count(*) FROM appraisals WHERE staff_number = '200'"), 1);
	feedback_request_release(&rb);
	/* ... but on Sam, whose appraisal B holds, taken. */
	assert_int_equal(feedback_request_new(b, "200", n, "2026-03-15", &rb, &warn, &err), 0);
	round_trip(b, hub, stick, &hr);
	assert_int_equal(hr.fb_requests, 1);
	assert_int_equal(hr.fb_refused, 0);
	hub_file_result_release(&hr);
	feedback_request_release(&rb);

	/* A hub on another store (its own table of operations, as PostgreSQL's)
	 * takes feedback records through that table, not through SQLite. */
	struct hubstore_ops other = hubstore_sqlite_ops;
	struct hubstore pg = { &other, hub, 0 };
	other.fb_request_put = counting_request_put;
	finalise(b, "300", "Kim Lee", "Goal");
	assert_int_equal(feedback_request_new(b, "300", n, "2026-03-15", &rb, &warn, &err), 0);
	char *last = push_fb(b, stick, NULL, NULL);
	take(&pg, last, &hr);
	assert_int_equal(hr.fb_refused, 0);
	assert_int_equal(hr.fb_requests, 1);
	assert_int_equal(request_puts, 1);
	assert_int_equal(hr.appraisals, 1);
	hub_file_result_release(&hr);
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_feedback_requests"), 3);
	assert_int_equal(count(hub, "SELECT count(*) FROM appraisals WHERE staff_number = '300'"), 1);
	feedback_request_release(&rb);
	free(last);

	/* a typo never gets as far as a question */
	struct feedback_draft d;
	int resumed;
	char typo[FB_CODE_TEXT];
	memcpy(typo, r.codes[2], sizeof typo);
	typo[3] = typo[3] == 'A' ? 'B' : 'A';
	assert_int_equal(feedback_begin(a, typo, &d, &resumed, &err), -1);
	assert_non_null(strstr(err_msg(&err), "does not check out"));

	err_release(&err);
	feedback_request_release(&r);
	form_free(f);
	free(stick);
	store_close(a);
	store_close(b);
	store_close(hub);
	unsetenv("EADR_TODAY");
}

/* A response that reaches the hub before its request: kept sealed, waiting,
 * and counted when the request arrives, with no import of its bundle again;
 * one given after the close date is refused then, audited. */
static void test_response_before_request(void **state)
{
	struct fx *fx = *state;
	char *pub = NULL;
	struct store *hub = new_hub(fx->dir, "hub.db", &pub);
	struct store *a = open_db(fx->dir, "a.db"), *b = open_db(fx->dir, "b.db");
	struct form *f = form360();
	struct feedback_request r;
	struct hub_file_result hr;
	struct err err = ERR_INIT;
	char *stick = tu_path(fx->dir, "stick");
	const char *warn;
	int n[FB_NGROUPS] = { 0, 0, 5, 0, 0 };

	setenv("EADR_TODAY", "2026-03-01", 1);
	assert_int_equal(mkdir(stick, 0700), 0);
	trust_ok(a, pub);
	trust_ok(b, pub);
	free(pub);
	/* Both laptops approved at the hub; A holds Alex's appraisal. */
	finalise(a, "100", "Alex Kowalski", "Goal");
	round_trip(a, hub, stick, &hr);
	hub_file_result_release(&hr);
	finalise(b, "200", "Sam Obi", "Goal");
	round_trip(b, hub, stick, &hr);
	hub_file_result_release(&hr);
	/* A asks (its request not yet sent); two answers on B, one late. */
	assert_int_equal(feedback_request_new(a, "100", n, "2026-03-15", &r, &warn, &err), 0);
	give(b, f, r.codes[0], "strong", "in time");
	setenv("EADR_TODAY", "2026-03-20", 1);
	give(b, f, r.codes[1], "strong", "late");
	round_trip(b, hub, stick, &hr);
	assert_int_equal(hr.fb_waiting, 2);
	assert_int_equal(hr.fb_responses, 0);
	assert_int_equal(hr.fb_refused, 0);
	hub_file_result_release(&hr);
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_feedback_waiting"), 2);
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_feedback_responses"), 0);
	/* The request arrives: the answer in time counts now, the late one is
	 * refused; nothing waits any more. */
	round_trip(a, hub, stick, &hr);
	assert_int_equal(hr.fb_requests, 1);
	assert_int_equal(hr.fb_responses, 1);
	hub_file_result_release(&hr);
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_feedback_responses"), 1);
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_feedback_waiting"), 0);
	assert_int_equal(count(hub, "SELECT count(*) FROM audit WHERE action = 'feedback-refused'"), 1);
	struct feedback_back fb;
	assert_int_equal(hub_feedback_status(HUBSTORE_SQLITE(hub), r.id, &fb, &err), 1);
	assert_int_equal(fb.responded[FB_PEER], 1);
	feedback_back_release(&fb);

	err_release(&err);
	feedback_request_release(&r);
	form_free(f);
	free(stick);
	store_close(a);
	store_close(b);
	store_close(hub);
	unsetenv("EADR_TODAY");
}

/* The report's text read back: responses, self, rows; a comment's own
 * lines (indented further by the hub) never read as a row of ratings. */
static void test_report_parse(void **state)
{
	static const char text[] =
		"360-degree feedback for Alex (100)\nRequest x, closing 2026-03-15\n\n"
		"Responses: self 1 of 1, line manager 0 of 1, peers 3 of 5, "
		"direct reports 0 of 0, others 0 of 0\n\n"
		"Leading with care\n  self: Strong\n"
		"  peers (3): Essential 0, Proficient 1, Strong 2, Exemplary 0, Not seen 0\n\n"
		"What should they keep doing?\n  (self) first line\n    second\n"
		"  - a comment\n    peers (3): Essential 9, Proficient 9\n"
		"Leading with care\n";
	struct fb_report r;

	(void)state;
	fb_report_parse(text, &r);
	assert_int_equal(r.responded[FB_PEER], 3);
	assert_int_equal(r.invited[FB_PEER], 5);
	assert_int_equal(r.invited[FB_MANAGER], 1);
	assert_int_equal(r.ndims, 1);
	assert_string_equal(r.dims[0].self, "Strong");
	assert_int_equal(r.dims[0].nrows, 1);
	assert_string_equal(r.dims[0].rows[0].label, "peers");
	assert_int_equal(r.dims[0].rows[0].count, 3);
	assert_int_equal(r.dims[0].rows[0].n[2], 2);
	assert_int_equal(r.npoints, 5);
	assert_string_equal(r.points[4], "Not seen");
	fb_report_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_code_typos),
		cmocka_unit_test(test_code_reading),
		cmocka_unit_test(test_thresholds),
		cmocka_unit_test(test_report_parse),
		cmocka_unit_test_setup_teardown(test_whole_360, sync_setup, sync_teardown),
		cmocka_unit_test_setup_teardown(test_refusals, sync_setup, sync_teardown),
		cmocka_unit_test_setup_teardown(test_response_before_request, sync_setup,
						sync_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
