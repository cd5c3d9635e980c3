/*
 * test_rescue.c - rescue files read back (lib/rescue*.c): the format
 * round-trips exactly, a cut or altered file is refused with a clear
 * message, words go back only into an unchanged draft and the file goes
 * only after, and a manager's rescue file is encrypted and only theirs.
 */
#include <sys/stat.h>

#include "testutil.h"
#include "lib/appr.h"
#include "lib/profile.h"
#include "lib/rescue.h"

#define CANARY "Zoë's canary\nsecond line\t→ ✓"
#define A "Ffion Llywelyn"
#define PA "kettle harbour violet seven"
#define B "Sam Okafor"
#define PB "apple river moon castle"

static const char form_yaml[] =
	TU_FORM_FIRST_SECTION
	"      - { id: name, type: text, label: Name }\n"
	"      - { id: note, type: text, label: Note, private: true }\n";

struct fx {
	char *dir, *path;
	struct store *st;
	struct form *form;
	long long id;
};

static char *tmp0;	/* $TMPDIR as the test started */

static void ok(int rc, struct err *err)
{
	if (rc < 0)
		fail_msg("%s", err_msg(err));
}

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	struct err err = ERR_INIT;

	if (tmp0)
		setenv("TMPDIR", tmp0, 1);
	else
		unsetenv("TMPDIR");
	f->dir = tu_tmpdir();
	f->path = tu_path(f->dir, "eadr.db");
	setenv("HOME", f->dir, 1);
	setenv("TMPDIR", f->dir, 1);
	f->st = store_open(f->path, NULL, &err);
	assert_non_null(f->st);
	*state = f;
	return 0;
}

/* The staff member and a draft (held by whoever is signed in). */
static void start(struct fx *f)
{
	struct err err = ERR_INIT;
	struct diag d = DIAG_INIT;
	struct staff s = { "100234", "Zoë Ó Súilleabháin", "Paramedic", "6", "Northgate", "", NULL };

	f->form = form_load_text("test.yaml", form_yaml, sizeof(form_yaml) - 1, &d);
	assert_non_null(f->form);
	ok(store_staff_put(f->st, &s, NULL, &err), &err);
	ok(appr_start(f->st, f->form, "100234", "Ffion", &f->id, &err), &err);
	diag_release(&d);
}

static int teardown(void **state)
{
	struct fx *f = *state;

	form_free(f->form);
	store_close(f->st);
	free(f->path);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

/* Rescue text for path as the walk does (the saved value as "was"). */
static char *rescue(struct fx *f, const char *path, const char *text)
{
	struct err err = ERR_INIT;
	struct appr *ap = appr_open(f->st, f->id, NULL, 0, &err);
	struct rescue r;
	char *file;

	assert_non_null(ap);
	memset(&r, 0, sizeof(r));
	r.db_path = f->path;
	r.who = "Zoë Ó Súilleabháin (100234)";
	r.appraisal = ap->rec.uuid;
	r.id = f->id;
	r.what = "the answer to a.note";
	r.path = path;
	r.was = appr_get(ap, path);
	r.text = text;
	r.private = strstr(path, "note") != NULL;
	r.kr = store_keyring(f->st);
	file = rescue_write(&r, &err);
	if (!file)
		fail_msg("%s", err_msg(&err));
	appr_free(ap);
	return file;
}

static char *answer(struct fx *f, const char *path)
{
	struct err err = ERR_INIT;
	char *v = NULL;

	assert_int_equal(store_answer_get(f->st, f->id, path, &v, NULL, &err), 1);
	return v;
}

static int exists(const char *file)
{
	struct stat sb;

	return stat(file, &sb) == 0;
}

static void restore_ok(struct fx *f, const char *file)
{
	struct sbuf rep = SBUF_INIT;
	struct err err = ERR_INIT;

	ok(rescue_restore(f->st, file, NULL, 0, &rep, &err), &err);
	assert_false(exists(file));
	sbuf_release(&rep);
}

/* Refused with a message containing want; the file is kept. */
static void restore_refused(struct fx *f, const char *file, const char *want)
{
	struct sbuf rep = SBUF_INIT;
	struct err err = ERR_INIT;

	assert_int_equal(rescue_restore(f->st, file, NULL, 0, &rep, &err), -1);
	if (!strstr(err_msg(&err), want))
		fail_msg("expected \"%s\" in: %s", want, err_msg(&err));
	assert_true(exists(file));
	err_release(&err);
	sbuf_release(&rep);
}

/* Written, read back field by field, found, put back exactly, removed. */
static void test_round_trip(void **state)
{
	struct fx *f = *state;
	struct rescue_file rf, *v;
	struct err err = ERR_INIT;
	struct stat sb;
	size_t n, len;
	char *file, *text, *v1;

	start(f);
	file = rescue(f, "a.note", CANARY);
	assert_int_equal(stat(file, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	text = tu_read(file, &len);
	assert_non_null(strstr(text, CANARY));	/* the part for people */
	assert_non_null(strstr(text, "\n" RESCUE_MAGIC "\n"));
	free(text);
	ok(rescue_read(file, &rf, &err), &err);
	assert_string_equal(rf.value, CANARY);
	assert_string_equal(rf.path, "a.note");
	assert_int_equal(rf.id, f->id);
	assert_int_equal(rf.private, 1);
	assert_false(rf.has_was);
	assert_null(rf.manager);
	rescue_file_release(&rf);
	ok(rescue_find(f->path, &v, &n, &err), &err);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].file, file);
	rescue_file_release(&v[0]);
	free(v);
	restore_ok(f, file);
	v1 = answer(f, "a.note");
	assert_string_equal(v1, CANARY);
	free(v1);
	ok(rescue_find(f->path, &v, &n, &err), &err);
	assert_int_equal(n, 0);
	free(v);
	free(file);
}

/* Cut short, or one byte changed: refused, saying so; the file is kept. */
static void test_cut_or_altered(void **state)
{
	struct fx *f = *state;
	size_t len;
	char *file, *text, *p;

	start(f);
	file = rescue(f, "a.note", CANARY);
	text = tu_read(file, &len);
	tu_write(file, text, len - 5);
	restore_refused(f, file, "cut short");
	p = strstr(text, "\nvalue ") + 8;
	*p = *p == 'A' ? 'B' : 'A';
	tu_write(file, text, len);
	restore_refused(f, file, "altered");
	p = strstr(text, "\n" RESCUE_MAGIC "\n");
	tu_write(file, text, (size_t)(p - text));
	restore_refused(f, file, "not a rescue file");
	free(text);
	free(file);
}

/* The answer changed since, or the appraisal is final: refused, kept. */
static void test_changed_or_final(void **state)
{
	struct fx *f = *state;
	struct err err = ERR_INIT;
	char *file, *v;

	start(f);
	ok(store_answer_set(f->st, f->id, "a.name", "before", 0, &err), &err);
	file = rescue(f, "a.name", "rescued words");
	ok(store_answer_set(f->st, f->id, "a.name", "typed later", 0, &err), &err);
	restore_refused(f, file, "was changed after");
	v = answer(f, "a.name");
	assert_string_equal(v, "typed later");
	free(v);
	ok(store_answer_set(f->st, f->id, "a.name", "before", 0, &err), &err);
	ok(store_appraisal_set_state(f->st, f->id, "final", &err), &err);
	restore_refused(f, file, "final");
	ok(store_appraisal_set_state(f->st, f->id, "draft", &err), &err);
	restore_ok(f, file);
	v = answer(f, "a.name");
	assert_string_equal(v, "rescued words");
	free(v);
	free(file);
}

/* With profiles: encrypted (no canary in the file), refused to B, A's. */
static void test_encrypted(void **state)
{
	struct fx *f = *state;
	struct rescue_file rf;
	struct err err = ERR_INIT;
	size_t len;
	char *file, *text, *v;

	ok(profile_create(f->st, A, PA, PA, &err), &err);
	start(f);	/* held by A */
	file = rescue(f, "a.note", CANARY);
	text = tu_read(file, &len);
	assert_null(strstr(text, "Zoë's canary"));
	assert_null(strstr(text, "PRIVATE:"));
	assert_non_null(strstr(text, "only " A));
	free(text);
	ok(rescue_read(file, &rf, &err), &err);
	assert_string_equal(rf.manager, A);
	assert_null(rf.value);
	rescue_file_release(&rf);
	ok(profile_create(f->st, B, PB, PB, &err), &err);	/* B signed in */
	restore_refused(f, file, "only " A " can put them back");
	profile_lock(f->st);
	restore_refused(f, file, "sign in as " A);
	ok(profile_signin(f->st, A, PA, NULL, &err), &err);
	restore_ok(f, file);
	v = answer(f, "a.note");
	assert_string_equal(v, CANARY);
	free(v);
	free(file);
}

int main(void)
{
	const char *t = getenv("TMPDIR");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cut_or_altered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_or_final, setup, teardown),
		cmocka_unit_test_setup_teardown(test_encrypted, setup, teardown),
	};

	tmp0 = t ? xstrdup(t) : NULL;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
