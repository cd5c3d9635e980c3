/*
 * test_sync.c - laptops and a hub in one test: push, import (twice, in
 * either order), pull; new revisions and their history; a database copied
 * to two laptops; acknowledgements from an untrusted hub; and private
 * answers, which never reach a bundle.  The attacks on sync, one test per
 * finding of issue 11, are in test_sync_attack.c.
 */
#include "synctest.h"

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
	assert_int_equal(hub_conflicts_each(h1, count_conflict, n, &err), 2);
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
	assert_int_equal(hub_import_file(h2, bundle, &r, &err), -1);
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
	assert_int_equal(hub_import_file(hub, bundle, &r, &err), -1);
	assert_non_null(strstr(err_msg(&err), "not a hub database yet"));
	free(bundle);
	store_close(lap);
	store_close(hub);
	err_release(&err);
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
