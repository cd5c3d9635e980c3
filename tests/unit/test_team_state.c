/*
 * test_team_state.c - the team list filter reads each person's latest
 * appraisal state from the staff row (staff.team_state, kept by migration
 * 022's triggers) and gives the same rows as before: for every kind of
 * word (name, staff number, station, state words, "overdue", mixed) the
 * pages and counts equal the team list's own rule (staff_team_match)
 * applied to a plain query that finds each latest appraisal in the
 * appraisals themselves.  The kept state is checked after every way a
 * state changes: start, sign, final, reopen, a second appraisal, a push
 * acknowledged (synced), a hub import (new and replacing), a staff number
 * changed, an appraisal deleted.  And a database made at the schema
 * before 022, with data, gives the same results once opened again.
 */
#include "synctest.h"
#include "lib/staff.h"

#define TODAY "2026-06-01"

/* The state the team list shows, found in the appraisals themselves. */
#define LATEST \
	"(SELECT CASE WHEN l.state = 'final' AND l.revision <= l.synced_revision" \
	"   THEN 'synced' ELSE l.state END FROM appraisals l" \
	"   WHERE l.staff_number = s.staff_number" \
	"   ORDER BY l.created_at DESC, l.id DESC LIMIT 1)"

static void state_kept(struct store *st, const char *after)
{
	long long bad;

	if (!count(st, "SELECT count(*) FROM pragma_table_info('staff') WHERE name = 'team_state'"))
		return;		/* the schema before 022 (test_migration) */
	bad = count(st, "SELECT count(*) FROM staff s WHERE s.team_state IS NOT " LATEST);
	if (bad)
		fail_msg("after %s: %lld staff rows with a wrong team_state", after, bad);
}

/* Every staff number the rule shows for typed, in the team order, "a,b,". */
static char *reference(struct store *st, const char *typed, size_t *n)
{
	static const char sql[] =
		"SELECT s.staff_number, s.name, s.station, s.due, a.state,"
		" a.revision <= a.synced_revision FROM staff s LEFT JOIN appraisals a"
		" ON a.id = (SELECT id FROM appraisals l WHERE l.staff_number = s.staff_number"
		"   ORDER BY l.created_at DESC, l.id DESC LIMIT 1)"
		" ORDER BY s.station, s.name, s.staff_number";
	struct sbuf sb = SBUF_INIT;
	sqlite3_stmt *s;

	sbuf_init(&sb, 0);
	*n = 0;
	assert_int_equal(sqlite3_prepare_v2(st->db, sql, -1, &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct staff_status ss;

		memset(&ss, 0, sizeof(ss));
		ss.s.staff_number = (char *)sqlite3_column_text(s, 0);
		ss.s.name = (char *)sqlite3_column_text(s, 1);
		ss.s.station = (char *)sqlite3_column_text(s, 2);
		ss.s.due = (char *)sqlite3_column_text(s, 3);
		ss.state = (const char *)sqlite3_column_text(s, 4);
		ss.synced = ss.state && !strcmp(ss.state, "final") && sqlite3_column_int(s, 5);
		if (staff_team_match(&ss, typed, TODAY)) {
			sbuf_addf(&sb, "%s,", ss.s.staff_number);
			++*n;
		}
	}
	sqlite3_finalize(s);
	return sbuf_detach(&sb);
}

struct got {
	struct sbuf sb;
	struct store *st;
};

static int add_row(const struct staff_status *ss, void *arg)
{
	struct got *g = arg;

	sbuf_addf(&g->sb, "%s,", ss->s.staff_number);
	/* the state shown is the latest appraisal's */
	if (ss->appraisal_id) {
		struct sbuf q = SBUF_INIT;

		sbuf_addf(&q, "SELECT count(*) FROM appraisals WHERE id = %lld AND state = '%s'",
			  ss->appraisal_id, ss->state);
		assert_int_equal(count(g->st, q.buf), 1);
		sbuf_release(&q);
	}
	return 0;
}

static char *team_page(struct store *st, const char *typed, int dir, size_t limit)
{
	struct team_filter tf = { typed, TODAY };
	struct err err = ERR_INIT;
	struct got g = { SBUF_INIT, st };

	sbuf_init(&g.sb, 0);
	if (store_team_page(st, &tf, NULL, dir, 0, limit, add_row, &g, &err) < 0)
		fail_msg("page: %s", err_msg(&err));
	return sbuf_detach(&g.sb);
}

/* The last k items of "a,b,c," in reverse: "c,b,". */
static char *last_reversed(const char *list, size_t k)
{
	struct sbuf sb = SBUF_INIT;
	const char *end = list + strlen(list);

	sbuf_init(&sb, 0);
	while (k-- && end > list) {
		const char *p = end - 1;

		while (p > list && p[-1] != ',')
			p--;
		sbuf_add(&sb, p, (size_t)(end - p));
		end = p;
	}
	return sbuf_detach(&sb);
}

static const char *const words[] = {
	"", "st", "fi", "dr", "sig", "syn", "not", "not started", "final", "draft",
	"signed", "synced", "started", "ed", "nal", "ign", "a", "d", "s", "e", "n",
	"ov", "overdue", "due", "N00", "N012", "N0123", "0042", "depot-0", "Depot-03",
	"DEPOT", "rhys", "Ó", "o s", "zoe", "ë", "ap", "-", "zzz", "st x", "dr zo",
};

static void filters_same(struct store *st, const char *after)
{
	char rnd[3] = "";

	for (size_t i = 0; i < sizeof(words) / sizeof(*words) + 20; i++) {
		const char *w = i < sizeof(words) / sizeof(*words) ? words[i] : rnd;
		struct team_filter tf = { w, TODAY };
		struct err err = ERR_INIT;
		size_t want_n, got_n = 0;
		char *want, *all, *top, *bottom, *want_bottom;

		if (w == rnd) {	/* random two letters */
			rnd[0] = (char)('a' + rand() % 26);
			rnd[1] = (char)('a' + rand() % 26);
		}
		want = reference(st, w, &want_n);
		all = team_page(st, w, 1, 1000000);
		if (strcmp(all, want))
			fail_msg("after %s, '%s': got %s want %s", after, w, all, want);
		top = team_page(st, w, 1, 22);
		assert_int_equal(strncmp(want, top, strlen(top)), 0);
		bottom = team_page(st, w, -1, 22);
		want_bottom = last_reversed(want, 22);
		if (strcmp(bottom, want_bottom))
			fail_msg("after %s, '%s' from the end: got %s want %s", after, w,
				 bottom, want_bottom);
		if (store_team_count(st, &tf, &got_n, &err) < 0)
			fail_msg("count: %s", err_msg(&err));
		if (got_n != want_n)
			fail_msg("after %s, '%s': counted %zu, want %zu", after, w, got_n, want_n);
		free(want);
		free(all);
		free(top);
		free(bottom);
		free(want_bottom);
	}
}

static const char *const first[] = { "Rhys", "Zoë", "Aoife", "Dafydd", "Mei-Ling",
	"Siobhán", "Jürgen", "Noémie", "Stan", "Fiona", "Drew", "Nat" };
static const char *const last[] = { "Pritchard", "Ó Súilleabháin", "Brennan",
	"ap Gruffydd", "Chén", "Ní Bhriain", "Bäcker", "Lefèvre", "Stark", "Finch" };

#define NSTAFF 160

static void make_staff(struct store *st)
{
	struct err err = ERR_INIT;

	for (int i = 0; i < NSTAFF; i++) {
		char number[16], name[96], station[16], due[16];
		struct staff s = { number, name, "Paramedic", "6", station, "", NULL };

		snprintf(number, sizeof(number), "N%04d", i);
		snprintf(name, sizeof(name), "%s %s", first[rand() % 12], last[rand() % 10]);
		snprintf(station, sizeof(station), "Depot-%02d", rand() % 6);
		snprintf(due, sizeof(due), "202%d-0%d-1%d", 5 + rand() % 3, 1 + rand() % 9,
			 rand() % 10);
		if (rand() % 4)
			s.due = due;
		if (store_staff_put(st, &s, NULL, &err) < 0)
			fail_msg("staff: %s", err_msg(&err));
	}
	assert_int_equal(store_form_put(st, "formhash1", "eadr", "1", "id: eadr\n", &err), 0);
}

static long long start(struct store *st, int i)
{
	char number[16];
	struct store_appraisal a;
	struct err err = ERR_INIT;
	long long id;

	snprintf(number, sizeof(number), "N%04d", i);
	if (store_appraisal_new(st, number, "Ffion", "eadr", "1", "formhash1", &a, &err) < 0)
		fail_msg("start: %s", err_msg(&err));
	id = a.id;
	store_appraisal_release(&a);
	return id;
}

/* Through the store's own paths: start, sign, final, reopen, and a second
 * appraisal started later; the kept state checked after each kind. */
static void random_states(struct store *st, long long *ids)
{
	struct err err = ERR_INIT;
	int i;

	for (i = 0; i < NSTAFF; i++)
		ids[i] = rand() % 5 ? start(st, i) : 0;
	state_kept(st, "start");
	for (i = 0; i < NSTAFF; i++)
		if (ids[i] && rand() % 3) {
			assert_int_equal(store_signoff_add(st, ids[i], "appraiser", "Ffion", "", &err), 0);
			assert_int_equal(store_appraisal_set_state(st, ids[i], "signed", &err), 0);
		}
	state_kept(st, "sign");
	for (i = 0; i < NSTAFF; i++)
		if (ids[i] && rand() % 2 &&
		    store_appraisal_set_state(st, ids[i], "final", &err) == 0 && rand() % 4 == 0)
			assert_int_equal(store_appraisal_set_state(st, ids[i], "draft", &err), 0);
	state_kept(st, "final and reopen");
	/* a later appraisal of some with a final one: it is the latest */
	for (i = 0; i < NSTAFF; i++)
		if (ids[i] && rand() % 5 == 0) {
			struct sbuf q = SBUF_INIT;

			sbuf_addf(&q, "SELECT count(*) FROM appraisals WHERE id = %lld"
				  " AND state = 'final'", ids[i]);
			if (count(st, q.buf)) {
				ids[i] = start(st, i);
			}
			sbuf_release(&q);
		}
	state_kept(st, "a second appraisal");
}

static void test_kept_and_same(void **state)
{
	struct fx *f = *state;
	struct store *st = open_db(f->dir, "laptop.db");
	long long ids[NSTAFF];

	srand(17);
	make_staff(st);
	state_kept(st, "staff import");
	filters_same(st, "staff import");
	random_states(st, ids);
	/* every state is there, each for several people */
	assert_true(count(st, "SELECT min(n) FROM (SELECT count(*) AS n FROM staff"
			  " GROUP BY team_state) HAVING count(*) = 4") > 3);
	filters_same(st, "random states");
	/* what a hub import does (store_hub.c's upsert): an appraisal moved
	 * to another person and made final, and an older one arriving */
	assert_int_equal(sqlite3_exec(st->db,
		"UPDATE appraisals SET staff_number = 'N0003', state = 'final',"
		" created_at = '2099-01-01T00:00:00Z' WHERE id = (SELECT max(id) FROM appraisals"
		" WHERE staff_number <> 'N0003')", 0, 0, 0), SQLITE_OK);
	state_kept(st, "an appraisal moved");
	assert_int_equal(sqlite3_exec(st->db,
		"INSERT INTO appraisals(uuid, staff_number, form_id, form_version, form_hash,"
		" state, device_id, created_at, updated_at) VALUES ('old-1', 'N0004', 'eadr', '1',"
		" 'formhash1', 'signed', 'd', '2000-01-01', '2000-01-01')", 0, 0, 0), SQLITE_OK);
	state_kept(st, "an older appraisal imported");
	assert_int_equal(sqlite3_exec(st->db, "PRAGMA foreign_keys = OFF;"
		"DELETE FROM appraisals WHERE uuid = 'old-1'"
		" OR id = (SELECT max(id) FROM appraisals WHERE staff_number = 'N0007');"
		"PRAGMA foreign_keys = ON", 0, 0, 0), SQLITE_OK);
	state_kept(st, "appraisals deleted");
	assert_int_equal(sqlite3_exec(st->db,
		"UPDATE staff SET staff_number = 'N9999' WHERE staff_number = 'N0010'", 0, 0, 0),
		SQLITE_OK);
	state_kept(st, "a staff number changed");
	filters_same(st, "imports, deletes, renumbering");
	store_close(st);
}

/* Synced: a push acknowledged by the hub (sync_pull marks the revision),
 * and the hub's own list after importing (new, then replacing). */
static void test_sync_paths(void **state)
{
	struct fx *f = *state;
	struct store *lap = open_db(f->dir, "laptop.db");
	char *pub = NULL, *bundle;
	struct store *hub = new_hub(f->dir, "hub.db", &pub);
	struct sync_pull_result pr;
	struct err err = ERR_INIT;
	long long id;

	trust_ok(lap, pub);
	id = finalise(lap, "100", "Stan Finch", "Goal");
	finalise(lap, "200", "Drew Stark", "Goal 2");
	state_kept(lap, "finalise");
	bundle = push_ok(lap, f->dir, 2);
	import_ok(hub, bundle, 0);
	state_kept(hub, "hub import");
	assert_int_equal(count(hub, "SELECT count(*) FROM staff WHERE team_state = 'synced'"), 2);
	free(bundle);
	memset(&pr, 0, sizeof(pr));
	if (sync_pull(lap, f->dir, &pr, &err) < 0)
		fail_msg("pull: %s", err_msg(&err));
	sync_pull_result_release(&pr);
	state_kept(lap, "acknowledged");
	assert_int_equal(count(lap, "SELECT count(*) FROM staff WHERE team_state = 'synced'"), 2);
	filters_same(lap, "acknowledged");
	edit(lap, id, "Changed");	/* reopened, final again: a new revision */
	state_kept(lap, "reopened and final");
	assert_int_equal(count(lap, "SELECT count(*) FROM staff WHERE team_state = 'final'"), 1);
	bundle = push_ok(lap, f->dir, 1);
	import_ok(hub, bundle, 0);
	state_kept(hub, "hub import replacing");
	filters_same(hub, "hub import");
	free(bundle);
	free(pub);
	store_close(lap);
	store_close(hub);
}

/* A database at the schema before 022, with data written by the store at
 * that schema, opened again: the column is filled and the filter gives
 * the same results. */
static void test_migration(void **state)
{
	struct fx *f = *state;
	struct store_opts old = { .migrate_to = store_schema_latest() - 1 };
	struct err err = ERR_INIT;
	char *path = tu_path(f->dir, "old.db");
	struct store *st = store_open(path, &old, &err);
	long long ids[NSTAFF];

	if (!st)
		fail_msg("open: %s", err_msg(&err));
	assert_int_equal(count(st, "SELECT count(*) FROM pragma_table_info('staff')"
			       " WHERE name = 'team_state'"), 0);
	srand(22);
	make_staff(st);
	random_states(st, ids);
	store_close(st);
	st = open_db(f->dir, "old.db");
	assert_int_equal(store_schema_version(st), store_schema_latest());
	state_kept(st, "migration");
	filters_same(st, "migration");
	store_close(st);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kept_and_same, sync_setup, sync_teardown),
		cmocka_unit_test_setup_teardown(test_sync_paths, sync_setup, sync_teardown),
		cmocka_unit_test_setup_teardown(test_migration, sync_setup, sync_teardown),
	};

	return cmocka_run_group_tests_name("team_state", tests, NULL, NULL);
}
