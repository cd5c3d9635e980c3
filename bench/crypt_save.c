/*
 * crypt_save.c - the cost of encryption at rest (issue 13): an answer saved
 * at every pause in typing (a burst of keys), with a manager signed in
 * (each save encrypted, XChaCha20-Poly1305) or in an unprotected database;
 * and the time of a sign-in (Argon2id).  Run by `make bench-crypt`, which
 * counts instructions over saves() alone with callgrind.
 *
 *   crypt_save DIR plain|crypt [SAVES [BURST]]
 *   crypt_save DIR signin [TIMES]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/profile.h"
#include "lib/sbuf.h"
#include "lib/store.h"

#define PASS "bench harbour violet seven"

static void die(const char *what, struct err *err)
{
	fprintf(stderr, "crypt_save: %s: %s\n", what, err_msg(err));
	exit(1);
}

static struct store *fresh(const char *dir, int crypt, long long *id)
{
	struct sbuf path = SBUF_INIT;
	struct err err = ERR_INIT;
	struct staff s = { "100", "Bench Person", "", "", "", "", NULL };
	struct store_appraisal a;
	struct store *st;

	sbuf_addf(&path, "%s/crypt_save.db", dir);
	unlink(path.buf);
	sbuf_adds(&path, "-wal");
	unlink(path.buf);
	sbuf_setlen(&path, path.len - 4);
	if (!(st = store_open(path.buf, NULL, &err)))
		die("open", &err);
	if (crypt && profile_create(st, "Bench Manager", PASS, PASS, &err) < 0)
		die("profile", &err);
	if (store_staff_put(st, &s, NULL, &err) < 0 ||
	    store_appraisal_new(st, "100", "Bench Manager", "eadr", "1", "h", &a, &err) < 0)
		die("appraisal", &err);
	*id = a.id;
	store_appraisal_release(&a);
	sbuf_release(&path);
	return st;
}

/* What callgrind counts (--toggle-collect=saves): n saves of an answer
 * growing by burst characters each. */
__attribute__((noinline)) void saves(struct store *st, long long id, int n, int burst);
__attribute__((noinline)) void saves(struct store *st, long long id, int n, int burst)
{
	struct sbuf v = SBUF_INIT;
	struct err err = ERR_INIT;

	for (int i = 0; i < n; i++) {
		for (int k = 0; k < burst; k++)
			sbuf_addch(&v, "the quick brown fox "[(i * burst + k) % 20]);
		if (store_answer_set(st, id, "welcome.checkin", v.buf, 0, &err) < 0)
			die("save", &err);
	}
	sbuf_release(&v);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct err err = ERR_INIT;
	struct store *st;
	long long id;

	if (argc < 3) {
		fprintf(stderr, "usage: crypt_save DIR plain|crypt|signin [N [BURST]]\n");
		return 2;
	}
	if (!strcmp(argv[2], "signin")) {
		int n = argc > 3 ? atoi(argv[3]) : 5;
		double best = 1e9, cpu = 0;

		st = fresh(argv[1], 1, &id);
		for (int i = 0; i < n; i++) {
			double t = now_s();
			clock_t c = clock();

			if (profile_signin(st, "Bench Manager", PASS, NULL, &err) < 0)
				die("sign-in", &err);
			cpu += (double)(clock() - c) / CLOCKS_PER_SEC;
			t = now_s() - t;
			best = t < best ? t : best;
		}
		/* Wall time follows the load of a shared machine; CPU time less so. */
		printf("%.3f %.3f\n", best, cpu / n);
		store_close(st);
		return 0;
	}
	st = fresh(argv[1], !strcmp(argv[2], "crypt"), &id);
	saves(st, id, argc > 3 ? atoi(argv[3]) : 200, argc > 4 ? atoi(argv[4]) : 10);
	store_close(st);
	return 0;
}
