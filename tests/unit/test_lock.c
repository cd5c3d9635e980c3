/*
 * test_lock.c - one holder per appraisal (lib/appr_lock.c): the hold is
 * taken, a second opener is refused and told who holds it, every change
 * through the second is refused, a hold left by a process that died (or
 * by another host that stopped beating) is taken over, and closing gives
 * the hold back.
 */
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

#include "testutil.h"
#include "lib/appr.h"
#include "lib/store_appr.h"

static const char form_yaml[] =
	TU_FORM_FIRST_SECTION
	"      - { id: name, type: line, label: Name }\n"
	"      - id: objectives\n"
	"        type: list\n"
	"        label: Objectives\n"
	"        questions:\n"
	"          - { id: objective, type: line, label: Objective }\n";

struct fx {
	char *dir, *path;
	struct store *st;
	struct form *form;
	long long id;
};

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	struct err err = ERR_INIT;
	struct diag d = DIAG_INIT;
	struct staff s = { "100234", "Zoë Ó Súilleabháin", "Paramedic", "6", "Northgate", "", NULL };

	f->dir = tu_tmpdir();
	f->path = tu_path(f->dir, "eadr.db");
	f->st = store_open(f->path, NULL, &err);
	assert_non_null(f->st);
	f->form = form_load_text("test.yaml", form_yaml, sizeof(form_yaml) - 1, &d);
	assert_non_null(f->form);
	assert_int_equal(store_staff_put(f->st, &s, NULL, &err), 0);
	assert_int_equal(appr_start(f->st, f->form, "100234", "Ffion", &f->id, &err), 0);
	diag_release(&d);
	*state = f;
	return 0;
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

static struct appr *open_it(struct fx *f)
{
	struct err err = ERR_INIT;
	struct appr *ap = appr_open(f->st, f->id, NULL, 0, &err);

	assert_non_null(ap);
	return ap;
}

/* The first takes it, the second is refused, told who, and cannot write. */
static void test_take_refuse_release(void **state)
{
	struct fx *f = *state;
	struct err err = ERR_INIT;
	struct appr_locker who = { 0 };
	struct appr *a = open_it(f), *b = open_it(f);
	struct sbuf msg = SBUF_INIT;
	long k;

	assert_int_equal(appr_lock(a, NULL, &err), 1);
	assert_true(appr_locked(a));
	assert_int_equal(appr_lock(a, NULL, &err), 1);	/* again: still 1 */
	assert_int_equal(appr_lock(b, &who, &err), 0);
	assert_false(appr_locked(b));
	assert_int_equal(who.pid, (long long)getpid());
	assert_true(who.here);
	appr_locker_describe(&who, &msg);
	assert_non_null(strstr(msg.buf, "open in another eadr since "));
	assert_non_null(strstr(msg.buf, " UTC (process "));
	assert_non_null(strstr(msg.buf, "on this computer"));
	appr_locker_release(&who);
	sbuf_release(&msg);

	/* The holder writes; the other is refused, whatever it tries. */
	assert_int_equal(appr_set(a, "a.name", "Words of A", &err), 0);
	assert_int_equal(appr_set(b, "a.name", "Words of B", &err), -1);
	assert_non_null(strstr(err_msg(&err), "open in another eadr"));
	err_release(&err);
	assert_int_equal(appr_item_add(b, form_find(f->form, "a.objectives"),
				       "a.objectives", &k, &err), -1);
	err_release(&err);
	assert_int_equal(appr_set_resume(b, "a.name", &err), -1);
	err_release(&err);
	assert_int_equal(appr_reload(b, &err), 0);
	assert_string_equal(appr_get(b, "a.name"), "Words of A");

	/* Closing gives it back: the next opener holds it. */
	appr_free(a);
	assert_int_equal(appr_lock(b, NULL, &err), 1);
	assert_int_equal(appr_set(b, "a.name", "Words of B", &err), 0);
	appr_free(b);
	a = open_it(f);
	assert_int_equal(appr_lock(a, NULL, &err), 1);
	appr_free(a);
}

/* A child process takes the hold and dies without closing: stale. */
static void test_stale_after_holder_died(void **state)
{
	struct fx *f = *state;
	struct err err = ERR_INIT;
	struct appr_locker who = { 0 };
	struct appr *ap;
	int up[2], down[2], status;
	char c;
	pid_t pid;

	assert_int_equal(pipe(up), 0);
	assert_int_equal(pipe(down), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* Its own connection; no cmocka in here, only an exit status. */
		struct store *st;
		struct appr *cap;

		close(up[0]);
		close(down[1]);	/* else its read below never sees the end */
		st = store_open(f->path, NULL, NULL);
		cap = st ? appr_open(st, f->id, NULL, 0, NULL) : NULL;
		if (!cap || appr_lock(cap, NULL, NULL) != 1)
			_exit(3);
		if (write(up[1], "h", 1) != 1 || read(down[0], &c, 1) < 0)
			_exit(4);
		_exit(0);	/* as kill -9 would: the hold is not given back */
	}
	close(up[1]);
	close(down[0]);
	assert_int_equal(read(up[0], &c, 1), 1);
	ap = open_it(f);
	assert_int_equal(appr_lock(ap, &who, &err), 0);	/* alive: held */
	assert_int_equal(who.pid, (long long)pid);
	appr_locker_release(&who);
	close(down[1]);		/* let it end */
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(appr_lock(ap, &who, &err), 1);	/* gone: taken over */
	assert_int_equal(appr_set(ap, "a.name", "After the crash", &err), 0);
	appr_free(ap);
	close(up[0]);
}

/* A hold written as another program: on another host, only its heartbeat counts. */
static void put_hold(struct fx *f, const char *host, long long pid, long long beat)
{
	struct err err = ERR_INIT;
	struct store_lock h = { (char *)"0123-token", (char *)host, (char *)"ann",
				(char *)"2026-11-22T10:03:00Z", pid, 0, beat };

	assert_int_equal(store_lock_put(f->st, f->id, &h, &err), 0);
}

static void test_other_host_heartbeat(void **state)
{
	struct fx *f = *state;
	struct err err = ERR_INIT;
	struct appr_locker who = { 0 };
	struct appr *ap = open_it(f);
	long long now = (long long)time(NULL);
	struct sbuf msg = SBUF_INIT;

	put_hold(f, "another-laptop.invalid", 1, now - 60);
	assert_int_equal(appr_lock(ap, &who, &err), 0);
	assert_false(who.here);
	appr_locker_describe(&who, &msg);
	assert_string_equal(msg.buf, "open in another eadr since 2026-11-22 10:03 UTC "
			    "(process 1 of ann on another-laptop.invalid)");
	sbuf_release(&msg);
	appr_locker_release(&who);
	assert_int_equal(appr_set(ap, "a.name", "x", &err), -1);
	err_release(&err);

	put_hold(f, "another-laptop.invalid", 1, now - APPR_LOCK_STALE - 5);
	assert_int_equal(appr_set(ap, "a.name", "x", &err), 0);	/* stale: no one holds */
	assert_int_equal(appr_lock(ap, NULL, &err), 1);
	appr_free(ap);
}

/* On this host a dead pid is stale at once, however fresh its heartbeat. */
static void test_same_host_dead_pid(void **state)
{
	struct fx *f = *state;
	struct err err = ERR_INIT;
	struct appr *ap = open_it(f), *b = open_it(f);
	char host[256];
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0)
		_exit(0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(gethostname(host, sizeof(host)), 0);
	host[sizeof(host) - 1] = '\0';
	put_hold(f, host, (long long)getpid(), (long long)time(NULL));
	assert_int_equal(appr_lock(ap, NULL, &err), 0);	/* us: alive */
	put_hold(f, host, (long long)pid, (long long)time(NULL));
	assert_int_equal(appr_lock(ap, NULL, &err), 1);

	/* The holder that lost its hold to a takeover is refused, not silent. */
	put_hold(f, host, (long long)getpid(), (long long)time(NULL));
	assert_int_equal(appr_set(ap, "a.name", "late words", &err), -1);
	assert_non_null(strstr(err_msg(&err), "not saved here"));
	err_release(&err);
	appr_free(ap);
	/* It gives back only its own hold: the other's stays. */
	assert_int_equal(appr_lock(b, NULL, &err), 0);
	appr_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_take_refuse_release, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_after_holder_died, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_host_heartbeat, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_host_dead_pid, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
