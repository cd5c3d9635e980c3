/*
 * commit_keys.c - the cost of saving an answer at every keystroke: a
 * 20,000-character answer grows one character per key, each key one commit,
 * under the old synchronous = FULL and today's NORMAL, and the cost of the
 * power-cut flush (store_flush, an fsync of the log) against a full
 * checkpoint.  Run by `make bench-save`; DIR should be on the laptop's disk
 * (not a tmpfs, where fsync costs nothing).
 *
 *   commit_keys [DIR [KEYS [LENGTH]]]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/sbuf.h"
#include "lib/store_int.h"	/* to set the old synchronous mode for comparison */

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void report(const char *what, double *t, int n)
{
	double sum = 0;

	for (int i = 0; i < n; i++)
		sum += t[i];
	qsort(t, (size_t)n, sizeof(*t), cmp);
	printf("%-50s %9.1f %9.1f %9.1f\n", what, sum / n, t[n / 2], t[n * 99 / 100]);
}

static struct store *fresh(const char *dir, long long *id)
{
	struct sbuf path = SBUF_INIT;
	struct err err = ERR_INIT;
	struct staff s = { "100", "Bench Person", "", "", "", "", NULL };
	struct store_appraisal a;
	struct store *st;

	sbuf_addf(&path, "%s/commit_keys.db", dir);
	unlink(path.buf);
	sbuf_addf(&path, "-wal");
	unlink(path.buf);
	sbuf_setlen(&path, path.len - 4);
	st = store_open(path.buf, NULL, &err);
	if (!st || store_staff_put(st, &s, NULL, &err) < 0 ||
	    store_appraisal_new(st, "100", "M", "eadr", "1", "h", &a, &err) < 0) {
		fprintf(stderr, "commit_keys: %s\n", err_msg(&err));
		exit(1);
	}
	*id = a.id;
	store_appraisal_release(&a);
	sbuf_release(&path);
	return st;
}

/*
 * Type keys characters onto an answer of len characters, a commit per key;
 * every 10 keys (a pause) flush with `pause` (NULL: none).
 */
static void run(const char *dir, const char *label, const char *sync, int keys,
		size_t len, int (*pause)(struct store *, struct err *))
{
	long long id;
	struct store *st = fresh(dir, &id);
	struct sbuf text = SBUF_INIT, lab = SBUF_INIT;
	struct err err = ERR_INIT;
	double *t = calloc((size_t)keys, sizeof(*t)), *f = calloc((size_t)keys, sizeof(*f));
	int nf = 0;

	sqlite3_exec(st->db, sync, NULL, NULL, NULL);
	for (size_t i = 0; i < len; i++)
		sbuf_addch(&text, "abcdefghij klmnopqrstuvwxyz."[i % 28]);
	store_answer_set(st, id, "s.q", text.buf, 0, &err);
	for (int k = 0; k < keys; k++) {
		double t0;

		sbuf_addch(&text, 'x');
		t0 = now_us();
		if (store_answer_set(st, id, "s.q", text.buf, 0, &err) < 0) {
			fprintf(stderr, "commit_keys: %s\n", err_msg(&err));
			exit(1);
		}
		t[k] = now_us() - t0;
		if (pause && k % 10 == 9) {
			t0 = now_us();
			if (pause(st, &err) < 0) {
				fprintf(stderr, "commit_keys: %s\n", err_msg(&err));
				exit(1);
			}
			f[nf++] = now_us() - t0;
		}
	}
	sbuf_addf(&lab, "%s: commit per key", label);
	report(lab.buf, t, keys);
	if (nf) {
		sbuf_reset(&lab);
		sbuf_addf(&lab, "%s: the flush at a pause", label);
		report(lab.buf, f, nf);
	}
	store_close(st);
	free(t);
	free(f);
	sbuf_release(&text);
	sbuf_release(&lab);
}

static int checkpoint_full(struct store *st, struct err *err)
{
	return store_exec(st, "PRAGMA wal_checkpoint(FULL)", err);
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : ".";
	int keys = argc > 2 ? atoi(argv[2]) : 500;
	size_t len = argc > 3 ? (size_t)atol(argv[3]) : 20000;

	if (keys < 10) {
		fprintf(stderr, "usage: commit_keys [DIR [KEYS>=10 [LENGTH]]]\n");
		return 2;
	}
	printf("%d keys on a %zu-character answer, in %s (microseconds)\n", keys, len, dir);
	printf("%-50s %9s %9s %9s\n", "", "mean", "median", "p99");
	run(dir, "FULL (before)", "PRAGMA synchronous = FULL", keys, len, NULL);
	run(dir, "NORMAL", "PRAGMA synchronous = NORMAL", keys, len, NULL);
	run(dir, "NORMAL + store_flush", "PRAGMA synchronous = NORMAL", keys, len,
	    store_flush);
	run(dir, "NORMAL + wal_checkpoint(FULL)", "PRAGMA synchronous = NORMAL",
	    keys, len, checkpoint_full);
	return 0;
}
