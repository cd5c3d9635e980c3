/*
 * test_profile.c - shared laptops (issue 13, schema/security.md): a canary
 * typed as manager A is in no file on disk, manager B (or nobody) is
 * refused A's appraisal and changes nothing, a ciphertext moved to
 * another row does not open, wrong passphrases slow down across restarts,
 * locking keeps everything, and an old database is converted.
 */
#include <dirent.h>

#include "testutil.h"
#include "lib/keyring.h"
#include "lib/profile.h"
#include "lib/store_appr.h"
#include "lib/store_export.h"
#include "lib/store_int.h"

#define CANARY "CANARY-7f3a-zebra"
#define A "Ffion Llywelyn"
#define PA "kettle harbour violet seven"
#define B "Sam Okafor"
#define PB "apple river moon castle"

struct fx {
	char *dir, *path;
	struct store *st;
};

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));

	f->dir = tu_tmpdir();
	f->path = tu_path(f->dir, "t.db");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	store_close(f->st);
	tu_rmdir(f->dir);
	free(f->path);
	free(f);
	return 0;
}

static struct store *open_db(struct fx *f)
{
	struct err err = ERR_INIT;

	store_close(f->st);
	f->st = store_open(f->path, NULL, &err);
	if (!f->st)
		fail_msg("store_open: %s", err_msg(&err));
	return f->st;
}

static void ok(int rc, struct err *err)
{
	if (rc < 0)
		fail_msg("%s", err_msg(err));
}

static void sql(struct store *st, const char *q)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, q, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", q, msg);
}

static int count(struct store *st, const char *q)
{
	sqlite3_stmt *s;
	int v;

	assert_int_equal(sqlite3_prepare_v2(st->db, q, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* How many files in dir (the database, -wal, -shm, anything else) hold s. */
static int files_with(const char *dir, const char *s)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d))) {
		char *p;
		char *buf;
		size_t len;

		if (e->d_name[0] == '.')
			continue;
		p = tu_path(dir, e->d_name);
		buf = tu_read(p, &len);
		if (len >= strlen(s) && memmem(buf, len, s, strlen(s)))
			n++;
		free(buf);
		free(p);
	}
	closedir(d);
	return n;
}

static long long start(struct store *st, const char *appraiser)
{
	struct staff s = { "100", "Dafydd ap Gruffydd", "Paramedic", "6", "Northgate",
		"", NULL };
	struct store_appraisal a;
	struct err err = ERR_INIT;
	long long id;

	ok(store_staff_put(st, &s, NULL, &err), &err);
	ok(store_appraisal_new(st, "100", appraiser, "eadr", "1", "h", &a, &err), &err);
	id = a.id;
	store_appraisal_release(&a);
	return id;
}

/* A canary in a shared and a private answer, typed a letter at a time. */
static void type_canary(struct store *st, long long id)
{
	struct err err = ERR_INIT;
	char buf[64];

	for (size_t i = 1; i <= strlen(CANARY); i++) {
		snprintf(buf, sizeof(buf), "%.*s", (int)i, CANARY);
		ok(store_answer_set(st, id, "welcome.checkin", buf, 0, &err), &err);
		ok(store_answer_set(st, id, "wellbeing.talk", buf, STORE_PRIVATE, &err), &err);
	}
}

/* The canary in everything else an appraisal holds: a PDP goal's three
 * texts, a sign-off being typed, and a sign-off's comments. */
static void type_texts(struct store *st, long long id)
{
	struct pdp_goal g = { 0, CANARY " need", CANARY " goal", "course", "clinical",
		"high", NULL, CANARY " support", "new", NULL };
	struct err err = ERR_INIT;

	ok(store_pdp_set(st, id, &g, 1, &err), &err);
	ok(store_appr_draft_set(st, id, "comments", CANARY " draft", &err), &err);
	ok(store_appr_draft_set(st, id, "manager", A, &err), &err);
	ok(store_signoff_add(st, id, "appraisee", "Dafydd ap Gruffydd", CANARY " comments",
			     &err), &err);
}

static int got_comment(const struct signoff_row *r, void *arg)
{
	if (r->comments && strstr(r->comments, CANARY))
		(*(int *)arg)++;
	return 0;
}

static int got_goal(const struct tna_row *r, void *arg)
{
	if (!strcmp(r->need, CANARY " need") && !strcmp(r->goal, CANARY " goal") &&
	    !strcmp(r->support, CANARY " support"))
		(*(int *)arg)++;
	return 0;
}

#define GOALS_READ "SELECT count(*) FROM pdp_goals WHERE" \
	" eadr_value(need, uuid, 'pdp.need', revision, 0, 1) = '" CANARY " need' AND" \
	" eadr_value(goal, uuid, 'pdp.goal', revision, 0, 1) = '" CANARY " goal' AND" \
	" eadr_value(support, uuid, 'pdp.support', revision, 0, 1) = '" CANARY " support'"

/* The holder, signed in, reads them all back; and nothing of them is plain. */
static void expect_texts(struct store *st, long long id)
{
	struct err err = ERR_INIT;
	char *t = NULL;
	int n = 0;

	assert_int_equal(store_appr_draft_get(st, id, "comments", &t, &err), 1);
	assert_string_equal(t, CANARY " draft");
	free(t);
	ok(store_appr_signoffs(st, id, got_comment, &n, &err), &err);
	assert_int_equal(n, 1);
	assert_int_equal(count(st, GOALS_READ), 1);
	assert_int_equal(count(st, "SELECT count(*) FROM pdp_goals WHERE typeof(need) <> 'blob'"
			       " OR typeof(goal) <> 'blob' OR typeof(support) <> 'blob'"), 0);
	assert_int_equal(count(st, "SELECT count(*) FROM signoffs WHERE typeof(comments) <> 'blob'"), 0);
	assert_int_equal(count(st, "SELECT count(*) FROM meta WHERE key LIKE 'signoff.%'"
			       " AND typeof(value) <> 'blob'"), 0);
}

static void expect_answer(struct store *st, long long id, const char *path,
			  const char *want)
{
	struct err err = ERR_INIT;
	char *v = NULL;

	if (store_answer_get(st, id, path, &v, NULL, &err) != 1)
		fail_msg("%s: %s", path, err_msg(&err));
	assert_string_equal(v, want);
	free(v);
}

static void test_canary_never_on_disk(void **state)
{
	struct fx *f = *state;
	struct err err = ERR_INIT;
	long long id;

	open_db(f);
	ok(profile_create(f->st, A, PA, PA, &err), &err);
	id = start(f->st, A);
	type_canary(f->st, id);
	type_texts(f->st, id);
	expect_texts(f->st, id);
	assert_int_equal(files_with(f->dir, CANARY), 0);	/* after save */
	assert_int_equal(count(f->st, "SELECT count(*) FROM answers WHERE typeof(value) <> 'blob'"), 0);

	open_db(f);	/* reopening: locked until A signs in */
	assert_int_equal(files_with(f->dir, CANARY), 0);
	assert_int_equal(store_answer_get(f->st, id, "welcome.checkin", NULL, NULL, &err), -1);
	assert_non_null(strstr(err_msg(&err), "held by " A));
	err_release(&err);
	ok(profile_signin(f->st, A, PA, NULL, &err), &err);
	expect_answer(f->st, id, "welcome.checkin", CANARY);
	expect_answer(f->st, id, "wellbeing.talk", CANARY);
	expect_texts(f->st, id);

	ok(store_appraisal_set_state(f->st, id, "signed", &err), &err);	/* finalising */
	ok(store_appraisal_set_state(f->st, id, "final", &err), &err);
	{
		int n = 0;	/* the TNA reads the final goals, signed in */

		ok(store_tna_each(f->st, NULL, got_goal, &n, &err), &err);
		assert_int_equal(n, 1);
	}
	store_close(f->st);
	f->st = NULL;
	assert_int_equal(files_with(f->dir, CANARY), 0);
}

/* Every way of reading or changing A's appraisal, as whoever is signed in. */
static void expect_refused(struct store *st, long long id, const char *who)
{
	struct err err = ERR_INIT;
	struct pdp_goal g = { .position = 1, .goal = "x" };

	assert_int_equal(store_answer_get(st, id, "welcome.checkin", NULL, NULL, &err), -1);
	assert_non_null(strstr(err_msg(&err), who));
	err_release(&err);
	assert_int_equal(store_answer_set(st, id, "welcome.checkin", "B was here", 0, &err), -1);
	err_release(&err);
	assert_int_equal(store_answer_delete(st, id, "welcome.checkin", &err), -1);
	err_release(&err);
	assert_int_equal(store_answer_delete_prefix(st, id, "welcome", &err), -1);
	err_release(&err);
	assert_int_equal(store_appraisal_set_state(st, id, "signed", &err), -1);
	err_release(&err);
	assert_int_equal(store_appraisal_set_dates(st, id, "2026-01-01", NULL, &err), -1);
	err_release(&err);
	assert_int_equal(store_appraisal_set_resume(st, id, "welcome.checkin", &err), -1);
	err_release(&err);
	assert_int_equal(store_pdp_set(st, id, &g, 1, &err), -1);
	err_release(&err);
	assert_int_equal(store_signoff_add(st, id, "appraiser", "B", "", &err), -1);
	err_release(&err);
}

static void test_other_manager_refused(void **state)
{
	struct fx *f = *state;
	struct err err = ERR_INIT;
	struct store_appraisal a;
	long long id;

	open_db(f);
	ok(profile_create(f->st, B, PB, PB, &err), &err);
	ok(profile_create(f->st, A, PA, PA, &err), &err);	/* A is signed in */
	id = start(f->st, A);
	type_canary(f->st, id);

	ok(profile_signin(f->st, B, PB, NULL, &err), &err);
	expect_refused(f->st, id, "held by " A);
	/* B still sees that it exists, its state and dates. */
	assert_int_equal(store_appraisal_get(f->st, id, &a, &err), 1);
	assert_string_equal(a.state, "draft");
	store_appraisal_release(&a);

	profile_lock(f->st);	/* nobody signed in */
	expect_refused(f->st, id, "sign in as " A);

	ok(profile_signin(f->st, A, PA, NULL, &err), &err);	/* nothing changed */
	expect_answer(f->st, id, "welcome.checkin", CANARY);
	assert_int_equal(count(f->st, "SELECT count(*) FROM answers"), 2);
	assert_int_equal(count(f->st, "SELECT count(*) FROM signoffs"), 0);
	assert_int_equal(count(f->st, "SELECT count(*) FROM appraisals WHERE state = 'draft'"
			       " AND resume_at IS NULL AND meeting_date IS NULL"), 1);
}

static void test_moved_ciphertext_refused(void **state)
{
	struct fx *f = *state;
	struct err err = ERR_INIT;
	long long id;

	open_db(f);
	ok(profile_create(f->st, A, PA, PA, &err), &err);
	id = start(f->st, A);
	ok(store_answer_set(f->st, id, "a.one", "first", 0, &err), &err);
	ok(store_answer_set(f->st, id, "a.two", "second", 0, &err), &err);
	ok(store_answer_set(f->st, id, "a.three", "third", 0, &err), &err);
	ok(store_answer_set(f->st, id, "a.secret", "hush", STORE_PRIVATE, &err), &err);
	/* One row's ciphertext copied over another's. */
	sql(f->st, "UPDATE answers SET value = (SELECT value FROM answers WHERE path = 'a.one')"
	    " WHERE path = 'a.two'");
	assert_int_equal(store_answer_get(f->st, id, "a.two", NULL, NULL, &err), -1);
	assert_non_null(strstr(err_msg(&err), "does not belong where it is stored"));
	err_release(&err);
	expect_answer(f->st, id, "a.one", "first");	/* nothing else affected */
	expect_answer(f->st, id, "a.three", "third");
	/* A private answer made to look shared. */
	sql(f->st, "UPDATE answers SET private = 0 WHERE path = 'a.secret'");
	assert_int_equal(store_answer_get(f->st, id, "a.secret", NULL, NULL, &err), -1);
	err_release(&err);
	/* The revision changed under it. */
	sql(f->st, "UPDATE answers SET revision = 2 WHERE path = 'a.three'");
	assert_int_equal(store_answer_get(f->st, id, "a.three", NULL, NULL, &err), -1);
	err_release(&err);
	/* A goal's text moved to its other column; a sign-off comment to the other role. */
	type_texts(f->st, id);
	ok(store_signoff_add(f->st, id, "appraiser", A, "fine", &err), &err);
	assert_int_equal(count(f->st, GOALS_READ), 1);
	sql(f->st, "UPDATE pdp_goals SET support = need");
	assert_int_equal(count(f->st, "SELECT count(*) FROM pdp_goals WHERE"
			       " eadr_value(support, uuid, 'pdp.support', revision, 0, 0) IS NULL"), 1);
	assert_int_equal(count(f->st, "SELECT count(*) FROM pdp_goals WHERE"
			       " eadr_value(need, uuid, 'pdp.need', revision, 0, 1) IS NOT NULL"), 1);
	sql(f->st, "UPDATE signoffs SET comments = (SELECT comments FROM signoffs"
	    " WHERE role = 'appraisee') WHERE role = 'appraiser'");
	assert_int_equal(store_appr_signoffs(f->st, id, got_comment, &(int){ 0 }, &err), -1);
	err_release(&err);
}

static void test_wrong_passphrase_slows_down(void **state)
{
	struct fx *f = *state;
	struct err err = ERR_INIT;
	int wait = 0;

	open_db(f);
	ok(profile_create(f->st, A, PA, PA, &err), &err);
	profile_lock(f->st);
	assert_null(store_keyring(f->st));
	for (int i = 0; i < PROFILE_FREE_TRIES; i++) {
		assert_int_equal(profile_signin(f->st, A, "not the passphrase", &wait, &err), -1);
		assert_int_equal(wait, 0);
		assert_non_null(strstr(err_msg(&err), "not " A "'s"));
		err_release(&err);
	}
	open_db(f);	/* a restart forgets nothing */
	assert_int_equal(profile_signin(f->st, A, PA, &wait, &err), -1);
	assert_true(wait > 0);
	assert_non_null(strstr(err_msg(&err), "wait"));
	err_release(&err);
	assert_null(store_keyring(f->st));
	sql(f->st, "UPDATE profiles SET failed_at = failed_at - 31");	/* time passes */
	ok(profile_signin(f->st, A, PA, &wait, &err), &err);
	assert_non_null(store_keyring(f->st));
	assert_int_equal(count(f->st, "SELECT failures FROM profiles"), 0);
	/* Too short, or not typed the same twice. */
	assert_int_equal(profile_create(f->st, B, "short", "short", &err), -1);
	err_release(&err);
	assert_int_equal(profile_create(f->st, B, PB, PA, &err), -1);
	err_release(&err);
	assert_int_equal(count(f->st, "SELECT count(*) FROM profiles"), 1);
}

static void test_lock_keeps_everything(void **state)
{
	struct fx *f = *state;
	struct err err = ERR_INIT;
	long long id;

	open_db(f);
	ok(profile_create(f->st, A, PA, PA, &err), &err);
	id = start(f->st, A);
	type_canary(f->st, id);
	profile_lock(f->st);
	assert_int_equal(store_answer_set(f->st, id, "welcome.checkin", "x", 0, &err), -1);
	err_release(&err);
	ok(profile_signin(f->st, A, PA, NULL, &err), &err);
	expect_answer(f->st, id, "welcome.checkin", CANARY);
	expect_answer(f->st, id, "wellbeing.talk", CANARY);
}

static void test_old_database_converted(void **state)
{
	struct fx *f = *state;
	struct err err = ERR_INIT;
	long long mine, other;

	open_db(f);	/* before profiles: plain text, as always */
	mine = start(f->st, A);
	other = start(f->st, "Someone Who Left");
	type_canary(f->st, mine);
	type_canary(f->st, other);
	type_texts(f->st, mine);
	type_texts(f->st, other);
	assert_int_equal(count(f->st, "SELECT count(*) FROM answers WHERE typeof(value) = 'text'"), 4);
	assert_true(files_with(f->dir, CANARY) > 0);

	ok(profile_create(f->st, A, PA, PA, &err), &err);	/* A's own: converted now */
	assert_int_equal(count(f->st, "SELECT count(*) FROM appraisals WHERE holder IS NOT NULL"), 1);
	expect_answer(f->st, other, "welcome.checkin", CANARY);	/* claimed on opening */
	assert_int_equal(count(f->st, "SELECT count(*) FROM appraisals WHERE holder IS NULL"), 0);
	assert_int_equal(count(f->st, "SELECT count(*) FROM audit WHERE action = 'claimed'"), 2);
	assert_int_equal(count(f->st, "SELECT count(*) FROM answers WHERE typeof(value) = 'text'"), 0);
	{
		int n = 0;
		char *t = NULL;

		ok(store_appr_signoffs(f->st, mine, got_comment, &n, &err), &err);
		ok(store_appr_signoffs(f->st, other, got_comment, &n, &err), &err);
		assert_int_equal(n, 2);
		assert_int_equal(store_appr_draft_get(f->st, other, "comments", &t, &err), 1);
		assert_string_equal(t, CANARY " draft");
		free(t);
		assert_int_equal(count(f->st, GOALS_READ), 2);
	}
	assert_int_equal(files_with(f->dir, CANARY), 0);	/* still open, no VACUUM */
	ok(store_vacuum(f->st, &err), &err);
	store_close(f->st);
	f->st = NULL;
	assert_int_equal(files_with(f->dir, CANARY), 0);
}

static void test_no_profile_as_before(void **state)
{
	struct fx *f = *state;
	long long id;

	open_db(f);
	assert_int_equal(store_profiles(f->st), 0);
	id = start(f->st, A);
	type_canary(f->st, id);
	expect_answer(f->st, id, "welcome.checkin", CANARY);
	assert_int_equal(count(f->st, "SELECT count(*) FROM answers WHERE typeof(value) = 'text'"), 2);
	assert_int_equal(count(f->st, "PRAGMA secure_delete"), 1);
}

static void test_lock_after_config(void **state)
{
	struct fx *f = *state;
	struct err err = ERR_INIT;
	char *cfg = tu_path(f->dir, "config");
	static const struct { const char *text; long want; } c[] = {
		{ "", PROFILE_LOCK_AFTER },
		{ "# comment\nother = 3\nlock_after = 10m\n", 600 },
		{ "  lock_after=90s  \n", 90 },
		{ "lock_after = 2\n", 120 },
		{ "lock_after = 1h\n", 3600 },
		{ "lock_after = off\n", 0 },
		{ "lock_after = soon\n", -1 },
		{ "lock_after = 5 days\n", -1 },
	};

	assert_int_equal(profile_lock_after(cfg, &err), PROFILE_LOCK_AFTER);	/* no file */
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		FILE *fp = fopen(cfg, "w");

		assert_non_null(fp);
		fputs(c[i].text, fp);
		fclose(fp);
		assert_int_equal(profile_lock_after(cfg, &err), c[i].want);
		if (c[i].want < 0)
			assert_non_null(strstr(err_msg(&err), "line 1"));
		err_release(&err);
	}
	free(cfg);
}

/* A hands an appraisal to B: refused while it has private answers unless
 * they are dropped; then A is refused it, B reads every shared text after
 * signing in (re-encrypted under B's keys), the private answer is gone,
 * both steps are audited, and the canary is in no file. */
static void test_hand_over(void **state)
{
	struct fx *f = *state;
	struct err err = ERR_INIT;
	int dropped = -1;
	long long id, found = 0;

	open_db(f);
	ok(profile_create(f->st, B, PB, PB, &err), &err);
	sql(f->st, "UPDATE profiles SET box_public = NULL, box_secret = NULL");
	ok(profile_create(f->st, A, PA, PA, &err), &err);
	id = start(f->st, A);
	type_canary(f->st, id);
	type_texts(f->st, id);
	assert_int_equal(store_handover_find(f->st, "100", &found, &err), 1);
	assert_int_equal(found, id);

	/* B has no box key yet (a profile from before): refused, told why. */
	assert_int_equal(store_handover(f->st, id, B, 1, &dropped, &err), -1);
	assert_non_null(strstr(err_msg(&err), "sign in once"));
	err_release(&err);
	ok(profile_signin(f->st, B, PB, NULL, &err), &err);	/* makes it */
	assert_int_equal(count(f->st, "SELECT count(*) FROM profiles WHERE box_public IS NULL"), 0);
	ok(profile_signin(f->st, A, PA, NULL, &err), &err);

	/* A private answer: refused without consent, nothing changed. */
	assert_int_equal(store_handover(f->st, id, B, 0, &dropped, &err), -1);
	assert_non_null(strstr(err_msg(&err), "--drop-private"));
	err_release(&err);
	assert_int_equal(count(f->st, "SELECT count(*) FROM appraisals a JOIN profiles p"
			       " ON p.id = a.holder WHERE p.name = '" A "'"), 1);
	assert_int_equal(count(f->st, "SELECT count(*) FROM handovers"), 0);
	assert_int_equal(count(f->st, "SELECT count(*) FROM answers WHERE private = 1"), 1);

	ok(store_handover(f->st, id, B, 1, &dropped, &err), &err);
	assert_int_equal(dropped, 1);
	assert_int_equal(count(f->st, "SELECT count(*) FROM answers WHERE private = 1"), 0);
	assert_int_equal(count(f->st, "SELECT count(*) FROM audit WHERE action = 'handed-over'"
			       " AND detail = 'from " A " to " B "; 1 private answer deleted'"), 1);
	expect_refused(f->st, id, B);	/* A no longer holds it */
	assert_int_equal(files_with(f->dir, CANARY), 0);

	open_db(f);
	ok(profile_signin(f->st, B, PB, NULL, &err), &err);
	assert_int_equal(count(f->st, "SELECT count(*) FROM handovers"), 0);
	assert_int_equal(count(f->st, "SELECT count(*) FROM audit WHERE action = 'received'"), 1);
	expect_answer(f->st, id, "welcome.checkin", CANARY);
	assert_int_equal(store_answer_get(f->st, id, "wellbeing.talk", NULL, NULL, &err), 0);
	expect_texts(f->st, id);
	store_close(f->st);
	f->st = NULL;
	assert_int_equal(files_with(f->dir, CANARY), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_canary_never_on_disk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_manager_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_moved_ciphertext_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_passphrase_slows_down, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock_keeps_everything, setup, teardown),
		cmocka_unit_test_setup_teardown(test_old_database_converted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_profile_as_before, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock_after_config, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hand_over, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
