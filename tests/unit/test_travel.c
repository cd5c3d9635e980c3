/*
 * test_travel.c - sealing at finalisation (schema/security.md): a held
 * appraisal finalised by its holder, with a hub trusted, is pushed later
 * with nobody signed in and reaches the hub as the very records a push
 * signed in sends, never a private answer; its text is in no laptop file;
 * reopening discards the sealed copy; without one, the push is refused.
 */
#include <dirent.h>

#include "synctest.h"
#include "lib/appr.h"
#include "lib/form.h"
#include "lib/profile.h"

#define A "Ffion Llywelyn"
#define PA "kettle harbour violet seven"
#define SHARED "SHARED-CANARY-41c2"

static const char form_yaml[] =
	TU_FORM_FIRST_SECTION
	"      - { id: went_well, type: text, label: Went well }\n"
	"      - { id: mood, type: text, label: Mood, private: true }\n"
	"      - id: goals\n"
	"        type: list\n"
	"        label: Goals\n"
	"        pdp: true\n"
	"        tna: { need: need, goal: goal, type: type, category: category,\n"
	"               priority: priority, target_date: target_date, support: support }\n"
	"        questions:\n"
	"          - { id: need, type: line, label: Need }\n"
	"          - { id: goal, type: line, label: Goal }\n"
	"          - { id: type, type: choice, label: Type, choices: [formal, other] }\n"
	"          - { id: category, type: line, label: Category }\n"
	"          - { id: priority, type: choice, label: Priority, choices: [low, high] }\n"
	"          - { id: target_date, type: date, label: Target }\n"
	"          - { id: support, type: text, label: Support }\n";

static void ok(int rc, struct err *err)
{
	if (rc < 0)
		fail_msg("%s", err_msg(err));
}

/* A's appraisal of staff 100, typed and finalised through appr (signed in). */
static long long typed_and_final(struct store *st, struct form *form)
{
	struct staff s = { "100", "Zoë Ó Súilleabháin", "Paramedic", "6", "Northgate", "", NULL };
	struct err err = ERR_INIT;
	struct appr *ap;
	long long id;
	long k;

	ok(store_staff_put(st, &s, NULL, &err), &err);
	ok(appr_start(st, form, "100", A, &id, &err), &err);
	assert_non_null(ap = appr_open(st, id, NULL, 0, &err));
	ok(appr_set(ap, "a.went_well", SHARED " calm at the scene", &err), &err);
	ok(appr_set(ap, "a.mood", MARKER " low mood", &err), &err);
	ok(appr_item_add(ap, form_find(ap->form, "a.goals"), "a.goals", &k, &err), &err);
	ok(appr_set(ap, "a.goals[0].need", SHARED " need", &err), &err);
	ok(appr_set(ap, "a.goals[0].goal", SHARED " goal", &err), &err);
	ok(appr_set(ap, "a.goals[0].type", "formal", &err), &err);
	ok(appr_sign(ap, "appraiser", A, SHARED " fair", &err), &err);
	ok(appr_sign(ap, "appraisee", "Zoë", "", &err), &err);
	ok(appr_finalise(ap, &err), &err);
	appr_free(ap);
	return id;
}

/* How many files in dir hold s (a laptop's database, -wal, -shm, bundles). */
static int files_with(const char *dir, const char *prefix, const char *s)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d))) {
		char *p, *buf;
		size_t len;

		if (strncmp(e->d_name, prefix, strlen(prefix)))
			continue;
		p = tu_path(dir, e->d_name);
		buf = tu_read(p, &len);
		if (buf && len >= strlen(s) && memmem(buf, len, s, strlen(s)))
			n++;
		free(buf);
		free(p);
	}
	closedir(d);
	return n;
}

static struct form *load_form(void)
{
	struct diag d = DIAG_INIT;
	struct form *form = form_load_text("t.yaml", form_yaml, sizeof(form_yaml) - 1, &d);

	assert_non_null(form);
	diag_release(&d);
	return form;
}

static void test_push_signed_out(void **state)
{
	struct fx *f = *state;
	struct store *lap = open_db(f->dir, "lap.db"), *copy, *hub;
	struct form *form = load_form();
	struct err err = ERR_INIT;
	char *pub, *sealed, *plain, *from, *to;

	hub = new_hub(f->dir, "hub.db", &pub);
	trust_ok(lap, pub);
	ok(profile_create(lap, A, PA, PA, &err), &err);
	typed_and_final(lap, form);
	assert_int_equal(count(lap, "SELECT count(*) FROM sync_travel"), 1);
	store_close(lap);
	/* A copy of the laptop, to push signed in the way it was done before. */
	from = tu_path(f->dir, "lap.db");
	to = tu_path(f->dir, "copy.db");
	copy_file(from, to);

	lap = open_db(f->dir, "lap.db");	/* nobody signed in */
	sealed = push_ok(lap, f->dir, 1);
	assert_int_equal(count(lap, "SELECT count(*) FROM sync_sent WHERE encrypted = 1"), 1);
	free(push_ok(lap, f->dir, 1));	/* again, before any acknowledgement */
	assert_int_equal(count(lap, "SELECT count(*) FROM sync_sent"), 1);
	import_ok(hub, sealed, 0);

	copy = open_db(f->dir, "copy.db");
	assert_int_equal(sqlite3_exec(copy->db, "DELETE FROM sync_travel", NULL, NULL, NULL),
			 SQLITE_OK);
	ok(profile_signin(copy, A, PA, NULL, &err), &err);
	plain = push_ok(copy, f->dir, 1);
	assert_string_not_equal(plain, sealed);
	import_ok(hub, plain, 0);
	/* The same records: one content for the revision, no conflict. */
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_revisions"), 1);
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_conflicts"), 0);
	assert_int_equal(count(hub, "SELECT count(*) FROM answers WHERE value = '"
			       SHARED " calm at the scene'"), 1);
	assert_int_equal(count(hub, "SELECT count(*) FROM pdp_goals WHERE goal = '"
			       SHARED " goal'"), 1);
	assert_int_equal(count(hub, "SELECT count(*) FROM signoffs WHERE comments = '"
			       SHARED " fair'"), 1);
	/* Nothing private was sealed for the hub. */
	assert_int_equal(count(hub, "SELECT count(*) FROM answers WHERE private = 1"
			       " OR value LIKE '%" MARKER "%'"), 0);
	assert_int_equal(count(hub, "SELECT count(*) FROM hub_revisions WHERE"
			       " instr(content, '" MARKER "') > 0"), 0);
	/* Neither text is in a laptop's file, nor in a bundle. */
	store_close(copy);
	store_close(lap);
	assert_int_equal(files_with(f->dir, "lap.db", SHARED), 0);
	assert_int_equal(files_with(f->dir, "lap.db", MARKER), 0);
	assert_int_equal(files_with(f->dir, "eadr-", SHARED), 0);
	assert_int_equal(files_with(f->dir, "eadr-", MARKER), 0);
	store_close(hub);
	form_free(form);
	free(sealed);
	free(plain);
	free(pub);
	free(from);
	free(to);
}

/* No sealed copy (no hub trusted at finalisation, or reopened): the push
 * with nobody signed in is refused as before, naming the holder. */
static void test_no_sealed_copy_refused(void **state)
{
	struct fx *f = *state;
	struct store *lap = open_db(f->dir, "lap.db"), *hub;
	struct form *form = load_form();
	struct sync_push_result r;
	struct err err = ERR_INIT;
	struct appr *ap;
	char *pub;
	long long id;

	ok(profile_create(lap, A, PA, PA, &err), &err);
	id = typed_and_final(lap, form);	/* no hub trusted yet */
	assert_int_equal(count(lap, "SELECT count(*) FROM sync_travel"), 0);
	hub = new_hub(f->dir, "hub.db", &pub);
	trust_ok(lap, pub);
	store_close(lap);
	lap = open_db(f->dir, "lap.db");
	assert_int_equal(sync_push(lap, f->dir, &r, &err), -1);
	assert_non_null(strstr(err_msg(&err), A));
	err_release(&err);
	assert_int_equal(count(lap, "SELECT count(*) FROM sync_sent"), 0);

	/* Finalised again with the hub trusted, then reopened: discarded. */
	ok(profile_signin(lap, A, PA, NULL, &err), &err);
	assert_non_null(ap = appr_open(lap, id, NULL, 0, &err));
	ok(appr_reopen(ap, &err), &err);
	ok(appr_sign(ap, "appraiser", A, "", &err), &err);
	ok(appr_sign(ap, "appraisee", "Zoë", "", &err), &err);
	ok(appr_finalise(ap, &err), &err);
	assert_int_equal(count(lap, "SELECT count(*) FROM sync_travel"), 1);
	ok(appr_reopen(ap, &err), &err);
	assert_int_equal(count(lap, "SELECT count(*) FROM sync_travel"), 0);
	appr_free(ap);
	store_close(lap);
	store_close(hub);
	form_free(form);
	free(pub);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_push_signed_out, sync_setup, sync_teardown),
		cmocka_unit_test_setup_teardown(test_no_sealed_copy_refused, sync_setup,
						sync_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
