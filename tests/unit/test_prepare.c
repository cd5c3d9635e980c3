/*
 * test_prepare.c - preparation before the conversation (schema/voice.md):
 * a canary typed with a code reaches the draft marked as the person's
 * words (at once without profiles; at the holder's sign-in with them, and
 * never in plain text before); wrong, 360 and expired codes are refused;
 * nothing of the wellbeing conversation is reachable with a code.
 */
#include "testutil.h"
#include "lib/appr.h"
#include "lib/prepare.h"
#include "lib/prepare_away.h"
#include "lib/store_prepare.h"
#include "lib/profile.h"
#include "lib/store_int.h"

#define CANARY "CANARY-prep-4c1e-heron"
#define A "Ffion Llywelyn"
#define PA "kettle harbour violet seven"

struct fx {
	char *dir, *path, *forms;
	struct store *st;
};

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	const char *src = getenv("EADR_SRCDIR");
	struct sbuf p = SBUF_INIT;
	struct err err = ERR_INIT;
	struct staff s = { "100", "Alex Smith", "Paramedic", "6", "Northgate", "", NULL };

	f->dir = tu_tmpdir();
	f->path = tu_path(f->dir, "t.db");
	sbuf_addf(&p, "%s/forms", src && *src ? src : ".");
	f->forms = sbuf_detach(&p);
	if (!(f->st = store_open(f->path, NULL, &err)) ||
	    store_staff_put(f->st, &s, NULL, &err) < 0)
		fail_msg("%s", err_msg(&err));
	setenv("EADR_APPRAISER", A, 1);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	store_close(f->st);
	tu_rmdir(f->dir);
	free(f->path);
	free(f->forms);
	free(f);
	return 0;
}

static void ok(int rc, struct err *err)
{
	if (rc < 0)
		fail_msg("%s", err_msg(err));
}

static void refused(int rc, struct err *err, const char *words)
{
	assert_int_equal(rc, -1);
	if (!strstr(err_msg(err), words))
		fail_msg("'%s' does not say '%s'", err_msg(err), words);
	err_release(err);
}

static struct appr *open_appr(struct fx *f, long long id)
{
	const char *dirs[] = { f->forms };
	struct err err = ERR_INIT;
	struct appr *ap = appr_open(f->st, id, dirs, 1, &err);

	if (!ap)
		fail_msg("%s", err_msg(&err));
	return ap;
}

/* Does any of the database's files hold s? */
static int in_files(struct fx *f, const char *s)
{
	static const char *const ext[] = { "", "-wal", "-shm" };
	int hit = 0;

	for (size_t i = 0; i < 3; i++) {
		struct sbuf p = SBUF_INIT;
		size_t len = 0;
		sbuf_addf(&p, "%s%s", f->path, ext[i]);
		char *b = tu_read(p.buf, &len);
		if (b && memmem(b, len, s, strlen(s)))
			hit = 1;
		free(b);
		sbuf_release(&p);
	}
	return hit;
}

/* Type the canary and a new goal with code; wellbeing and unprepared refused. */
static void type_answers(struct fx *f, const char *code, struct prepare_session *ps)
{
	struct err err = ERR_INIT;
	int resumed;

	ok(prepare_begin(f->st, code, ps, &resumed, &err), &err);
	assert_int_equal(resumed, 0);
	ok(prepare_set(ps, "welcome.checkin", CANARY, &err), &err);
	ok(prepare_set(ps, "performance.went_well", "The new rota", &err), &err);
	ok(prepare_set(ps, "pdp.goals[0].need", "Paediatric confidence", &err), &err);
	refused(prepare_set(ps, "wellbeing.status", "held", &err), &err, "not prepared");
	refused(prepare_set(ps, "wellbeing.mental", "x", &err), &err, "not prepared");
	refused(prepare_set(ps, "talent.performance", "high", &err), &err, "not prepared");
	refused(prepare_set(ps, "pdp.goals[0].category", "Driving", &err), &err,
		"not prepared");
	ok(prepare_save(f->st, ps, &err), &err);
	prepare_session_release(ps);
	ok(prepare_begin(f->st, code, ps, &resumed, &err), &err);	/* back again */
	assert_int_equal(resumed, 1);
	assert_string_equal(prepare_get(ps, "welcome.checkin"), CANARY);
}

static void check_draft(struct fx *f, long long id)
{
	struct err err = ERR_INIT;
	struct appr *ap = open_appr(f, id);

	assert_string_equal(appr_get(ap, "welcome.checkin"), CANARY);
	assert_string_equal(appr_get(ap, "pdp.goals[0].need"), "Paediatric confidence");
	assert_int_equal(prepare_marked(f->st, id, "welcome.checkin", &err), 1);
	assert_int_equal(prepare_marked(f->st, id, "pdp.goals[0].need", &err), 1);
	assert_int_equal(prepare_marked(f->st, id, "welcome.hopes", &err), 0);
	appr_free(ap);
}

static int count_edited(const struct audit_entry *e, void *arg)
{
	if (!strcmp(e->action, "prepared-edited")) {
		assert_string_equal(e->detail, "welcome.checkin written by the staff "
				    "member, changed by the manager");
		++*(int *)arg;
	}
	return 0;
}

/* The manager adds to the person's words: marked changed since, audited once. */
static void manager_edits(struct fx *f, long long id)
{
	struct err err = ERR_INIT;
	struct appr *ap = open_appr(f, id);
	int n = 0;

	assert_int_equal(appr_lock(ap, NULL, &err), 1);
	ok(appr_set(ap, "welcome.checkin", CANARY " and more", &err), &err);
	ok(appr_set(ap, "welcome.checkin", CANARY " and more again", &err), &err);
	ok(appr_set(ap, "welcome.hopes", "the manager's own", &err), &err);
	assert_int_equal(prepare_marked(f->st, id, "welcome.checkin", &err), 2);
	assert_string_equal(prepare_mark_words(2), "(their words, changed since)");
	assert_int_equal(prepare_marked(f->st, id, "welcome.hopes", &err), 0);
	ok(store_audit_each(f->st, count_edited, &n, &err), &err);
	assert_int_equal(n, 1);
	appr_free(ap);
}

/* A goal the person wrote keeps its mark when goals are moved or deleted. */
static void items_move(struct fx *f, long long id)
{
	struct err err = ERR_INIT;
	struct appr *ap = open_appr(f, id);
	const struct form_question *goals = form_find(ap->form, "pdp.goals");
	long k;

	assert_int_equal(appr_lock(ap, NULL, &err), 1);
	ok(appr_item_add(ap, goals, "pdp.goals", &k, &err), &err);
	assert_int_equal(k, 1);
	ok(appr_set(ap, "pdp.goals[1].need", "The manager's goal", &err), &err);
	ok(appr_item_swap(ap, "pdp.goals", 0, 1, &err), &err);
	assert_string_equal(appr_get(ap, "pdp.goals[1].need"), "Paediatric confidence");
	assert_int_equal(prepare_marked(f->st, id, "pdp.goals[1].need", &err), 1);
	assert_int_equal(prepare_marked(f->st, id, "pdp.goals[0].need", &err), 0);
	ok(appr_item_delete(ap, "pdp.goals", 0, &err), &err);
	assert_string_equal(appr_get(ap, "pdp.goals[0].need"), "Paediatric confidence");
	assert_int_equal(prepare_marked(f->st, id, "pdp.goals[0].need", &err), 1);
	assert_int_equal(prepare_marked(f->st, id, "pdp.goals[1].need", &err), 0);
	ok(appr_item_delete(ap, "pdp.goals", 0, &err), &err);
	assert_int_equal(prepare_marked(f->st, id, "pdp.goals[0].need", &err), 0);
	appr_free(ap);
}

static void test_prepare_plain(void **state)
{
	struct fx *f = *state;
	const char *dirs[] = { f->forms };
	struct prepare_session ps;
	struct err err = ERR_INIT;
	char code[FB_CODE_TEXT], other[FB_CODE_TEXT];
	long long id;
	size_t n;
	int resumed;

	ok(prepare_request(f->st, dirs, 1, "100", code, &id, &err), &err);
	assert_int_equal(code[0], PREP_LETTER);
	assert_false(in_files(f, code));		/* only its hash is kept */
	type_answers(f, code, &ps);
	ok(prepare_collect(f->st, &ps, dirs, 1, &n, &err), &err);
	assert_int_equal(n, 1);
	prepare_session_release(&ps);
	check_draft(f, id);
	manager_edits(f, id);
	items_move(f, id);

	/* wrong codes */
	char typo[FB_CODE_TEXT];
	snprintf(typo, sizeof typo, "%s", code);
	typo[3] = typo[3] == 'Z' ? 'Y' : 'Z';
	refused(prepare_begin(f->st, typo, &ps, &resumed, &err), &err, "does not check out");
	code_make_letter(PREP_LETTER, other);
	/* Not issued here: -2, for prepare_begin_anywhere (prepare_away.h). */
	refused(prepare_begin(f->st, other, &ps, &resumed, &err) == -2 ? -1 : 0, &err,
		"not known");
	feedback_code_make(FB_PEER, other);
	refused(prepare_begin(f->st, other, &ps, &resumed, &err), &err, "360");

	/* signed: the code expires, for good */
	ok(store_appraisal_set_state(f->st, id, "signed", &err), &err);
	refused(prepare_begin(f->st, code, &ps, &resumed, &err), &err, "expired");
	ok(store_appraisal_set_state(f->st, id, "draft", &err), &err);
	refused(prepare_begin(f->st, code, &ps, &resumed, &err), &err, "expired");
}

static void test_prepare_profiles(void **state)
{
	struct fx *f = *state;
	const char *dirs[] = { f->forms };
	struct prepare_session ps;
	struct err err = ERR_INIT;
	char code[FB_CODE_TEXT];
	long long id;
	size_t n;

	ok(profile_create(f->st, A, PA, PA, &err), &err);
	ok(prepare_request(f->st, dirs, 1, "100", code, &id, &err), &err);
	profile_lock(f->st);				/* nobody signed in */
	type_answers(f, code, &ps);
	ok(prepare_collect(f->st, &ps, dirs, 1, &n, &err), &err);
	assert_int_equal(n, 0);				/* waits for the holder */
	prepare_session_release(&ps);
	assert_false(in_files(f, CANARY));
	ok(profile_signin(f->st, A, PA, NULL, &err), &err);	/* collects */
	check_draft(f, id);
	ok(prepare_collect(f->st, NULL, dirs, 1, &n, &err), &err);
	assert_int_equal(n, 0);				/* nothing left waiting */
	assert_false(in_files(f, CANARY));		/* encrypted for the holder */
}

/* Nothing of the wellbeing conversation, even if a form said prepare. */
static void test_prepare_no_wellbeing(void **state)
{
	struct fx *f = *state;
	struct sbuf p = SBUF_INIT;
	struct diag d = DIAG_INIT;
	struct form *form;
	size_t prepared = 0;

	sbuf_addf(&p, "%s/eadr.yaml", f->forms);
	assert_non_null(form = form_load_file(p.buf, &d));
	for (size_t s = 0; s < form->nsections; s++) {
		struct form_section *sec = &form->sections[s];
		for (size_t k = 0; k < sec->nquestions; k++) {
			struct form_question *q = &sec->questions[k];
			if (!strcmp(sec->id, "wellbeing")) {
				q->prepare = 1;		/* forged: still refused */
				assert_false(prepare_allowed(q));
			} else if (prepare_allowed(q)) {
				prepared++;
			}
		}
	}
	assert_int_equal(prepared, 5);	/* checkin, hopes, went_well, was_hard, want */
	for (int html = 0; html < 2; html++) {
		struct sbuf sheet = SBUF_INIT;
		prepare_sheet(form, "Alex <Smith>", "A0000-00000-00000", html, &sheet);
		assert_non_null(strstr(sheet.buf, "What has gone well for you this year"));
		assert_null(strstr(sheet.buf, "What went well this year?"));	/* the manager's words */
		assert_non_null(strstr(sheet.buf, "What would you like to learn"));
		assert_non_null(strstr(sheet.buf, "A0000-00000-00000"));
		assert_null(strstr(sheet.buf, "Wellbeing conversation"));
		assert_null(strstr(sheet.buf, "Mental wellbeing"));
		assert_null(strstr(sheet.buf, "Potential"));
		assert_true(!html || strstr(sheet.buf, "Alex &lt;Smith&gt;"));
		sbuf_release(&sheet);
	}
	assert_true(prepare_list_offered(form_find(form, "pdp.goals")));
	assert_false(prepare_list_offered(form_find(form, "performance.objectives")));
	form_free(form);
	diag_release(&d);
	sbuf_release(&p);
}

/* Answers that do not open (damaged, or forged on their way through the
 * hub: schema/voice.md, "On another laptop") keep waiting and are said;
 * they do not stop another code's answers from reaching the draft. */
static void test_prepare_damaged(void **state)
{
	struct fx *f = *state;
	const char *dirs[] = { f->forms };
	struct prepare_session ps;
	struct err err = ERR_INIT;
	char c1[FB_CODE_TEXT], c2[FB_CODE_TEXT], h1[FB_HASH_HEX + 1], h2[FB_HASH_HEX + 1];
	const char *good, *bad;
	unsigned char salt[16] = { 1 }, junk[64] = { 2 };
	long long id;
	size_t n;

	ok(profile_create(f->st, A, PA, PA, &err), &err);
	ok(prepare_request(f->st, dirs, 1, "100", c1, &id, &err), &err);
	ok(prepare_request(f->st, dirs, 1, "100", c2, &id, &err), &err);
	prepare_code_hash(c1, h1);
	prepare_code_hash(c2, h2);
	/* The damaged one first in the walk (codes are taken by hash). */
	good = strcmp(h1, h2) < 0 ? c2 : c1;
	bad = strcmp(h1, h2) < 0 ? h1 : h2;
	profile_lock(f->st);
	type_answers(f, good, &ps);
	prepare_session_release(&ps);
	ok(store_prepare_inbox_put(f->st, bad, salt, junk, sizeof junk, "2026-12-01", &err),
	   &err);
	ok(profile_signin(f->st, A, PA, NULL, &err), &err);	/* collects the good one */
	check_draft(f, id);
	refused(prepare_collect(f->st, NULL, dirs, 1, &n, &err), &err, "does not open");
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_prepare_plain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prepare_profiles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prepare_no_wellbeing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prepare_damaged, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
