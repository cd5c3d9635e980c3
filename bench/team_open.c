/*
 * team_open.c - the team list's data after a sign-in, in one process, each
 * step timed (bench/signin.sh): opening the database as the TUI does (its
 * whole-file check waits for the first pause), the
 * sign-in split into Argon2id (deriving the key and opening the wrapped
 * keys) and the rest (counting the try, the conversion, receiving
 * hand-overs, sealing: profile_signed_in), and the team list's rows
 * (store_staff_each, as tui/team.c reads them).
 *
 *   team_open DB                      -> "OPEN_MS ROWS_MS"
 *   team_open DB NAME PASSPHRASE_FILE -> "OPEN_MS ARGON_MS SIGNIN_REST_MS ROWS_MS"
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "lib/keyring.h"
#include "lib/profile.h"
#include "lib/session.h"
#include "lib/store.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void die(const char *what, struct err *err)
{
	fprintf(stderr, "team_open: %s: %s\n", what, err_msg(err));
	exit(1);
}

static int row(const struct staff_status *s, void *arg)
{
	(void)s;
	++*(long *)arg;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct store_opts unchecked = { .skip_check = 1 };	/* as the TUI */
	struct session_opts o = { 0 };
	struct store_profile p;
	struct err err = ERR_INIT;
	struct keyring *kr;
	struct store *st;
	double t0, t1, t2 = 0, t3 = 0, t4;
	long rows = 0;
	char *pass;

	if (argc != 2 && argc != 4) {
		fprintf(stderr, "usage: team_open DB [NAME PASSPHRASE_FILE]\n");
		return 2;
	}
	o.db = argv[1];
	o.no_signin = 1;
	t0 = now_ms();
	if (!(st = session_open_store(&o, &unchecked, &err)))
		die("open", &err);
	t1 = now_ms();
	if (argc == 4) {
		if (profile_pass_read(argv[3], &pass, &err) < 0 ||
		    store_profile_get(st, argv[2], &p, &err) != 1)
			die("profile", &err);
		t1 = now_ms();
		if (!(kr = keyring_open(p.name, p.id, pass, &p.w, NULL, &err)))
			die("Argon2id", &err);
		t2 = now_ms();
		if (store_profile_tried(st, p.id, 1, (long long)time(NULL), &err) < 0)
			die("sign-in", &err);
		store_set_keyring(st, kr);
		if (profile_signed_in(st, &err) < 0)
			die("sign-in", &err);
		t3 = now_ms();
		profile_pass_free(pass);
		store_profile_release(&p);
	}
	if (store_staff_each(st, row, &rows, &err) < 0)
		die("team list", &err);
	t4 = now_ms();
	if (argc == 4)
		printf("%.1f %.1f %.1f %.1f\n", t1 - t0, t2 - t1, t3 - t2, t4 - t3);
	else
		printf("%.1f %.1f\n", t1 - t0, t4 - t1);
	store_close(st);
	return 0;
}
