/*
 * gen_db.c - a big team for the TUI benchmarks: N staff and M past (final)
 * appraisals with answers, made through the store API in one transaction.
 * Stations are "Depot-01".."Depot-40", which bench/startup.sh waits for.
 *
 *   gen_db DB [STAFF [APPRAISALS]]      (defaults 5000 and 20000)
 */
#include <stdio.h>
#include <stdlib.h>

#include "lib/sbuf.h"
#include "lib/store.h"
#include "lib/util.h"

static const char *first[] = { "Zoë", "Siobhán", "Dafydd", "Agnieszka", "Chidi",
	"Tomás", "Mei-Ling", "Jürgen", "Noémie", "Rhys", "Aoife", "Ffion" };
static const char *last[] = { "Ó Súilleabháin", "Ní Bhriain", "ap Gruffydd",
	"Wójcik", "Okonkwo", "Ferreira", "Chén", "Bäcker", "Lefèvre", "Pritchard",
	"Brennan", "Llywelyn" };
#define N(a) (sizeof(a) / sizeof(*(a)))

static int staff(struct store *st, long i, struct err *err)
{
	char num[24], name[96], station[24], due[DATE_LEN + 1];
	struct staff s = { 0 };

	snprintf(num, sizeof(num), "B%06ld", i);
	snprintf(name, sizeof(name), "%s %s %ld", first[i % N(first)],
		 last[(i / N(first)) % N(last)], i);
	snprintf(station, sizeof(station), "Depot-%02ld", i % 40 + 1);
	date_add("2026-01-01", i % 700, due);
	s.staff_number = num;
	s.name = name;
	s.role = "Firefighter";
	s.band = "B";
	s.station = station;
	s.due = due;
	return store_staff_put(st, &s, NULL, err);
}

static int appraisal(struct store *st, long i, long nstaff, struct err *err)
{
	static const char *paths[] = { "objectives.review", "strengths",
		"development", "wellbeing", "summary.comments" };
	char num[24];
	struct store_appraisal a;
	struct sbuf v = SBUF_INIT;
	int rc = -1;

	snprintf(num, sizeof(num), "B%06ld", i % nstaff);
	if (store_appraisal_new(st, num, "Bench Manager", "eadr-annual", "1",
				"bench", &a, err) < 0)
		return -1;
	for (size_t p = 0; p < N(paths); p++) {
		sbuf_reset(&v);
		for (int k = 0; k < 8; k++)
			sbuf_addf(&v, "Answer %ld/%zu: a sentence of realistic length. ", i, p);
		if (store_answer_set(st, a.id, paths[p], v.buf, p == 3 ? STORE_PRIVATE : 0,
				     err) < 0)
			goto out;
	}
	if (store_appraisal_set_state(st, a.id, "signed", err) < 0 ||
	    store_appraisal_set_state(st, a.id, "final", err) < 0)
		goto out;
	rc = 0;
out:
	sbuf_release(&v);
	store_appraisal_release(&a);
	return rc;
}

int main(int argc, char **argv)
{
	struct err err = ERR_INIT;
	long nstaff = argc > 2 ? atol(argv[2]) : 5000;
	long nappr = argc > 3 ? atol(argv[3]) : 20000;
	struct store *st;

	if (argc < 2 || nstaff < 1 || nappr < 0) {
		fprintf(stderr, "usage: gen_db DB [STAFF [APPRAISALS]]\n");
		return 2;
	}
	if (!(st = store_open(argv[1], NULL, &err)))
		goto fail;
	if (store_begin(st, &err) < 0)
		goto fail;
	for (long i = 0; i < nstaff; i++)
		if (staff(st, i, &err) < 0)
			goto fail;
	for (long i = 0; i < nappr; i++)
		if (appraisal(st, i, nstaff, &err) < 0)
			goto fail;
	if (store_commit(st, &err) < 0)
		goto fail;
	store_close(st);
	printf("%s: %ld staff, %ld final appraisals\n", argv[1], nstaff, nappr);
	return 0;
fail:
	fprintf(stderr, "gen_db: %s\n", err_msg(&err));
	if (st)
		store_rollback(st);
	store_close(st);
	err_release(&err);
	return 1;
}
