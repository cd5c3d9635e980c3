/*
 * gen_goals.c - a large trust's database for bench/tna_export.sh: staff at
 * 40 stations, ten years of final appraisals, exactly N PDP goals (two or
 * three per appraisal), written through the store API in one transaction.
 * Deterministic: the same N gives the same database.
 *
 *   gen_goals DB [N]      (N defaults to 100000; must be a multiple of 5)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/store.h"

static uint64_t rng = 0x5eed;

static unsigned pick(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static const char *const categories[] = {
	"Clinical skills", "Emergency preparedness and resilience", "Driving",
	"Leadership and management", "Education and mentoring",
	"Communication and teamwork", "Digital and data", "Quality improvement",
	"Health and wellbeing", "Statutory and mandatory", "Career development", "Other",
};
static const char *const kinds[] = { "experience", "others", "formal" };
static const char *const prios[] = { "high", "medium", "low" };
static const char *const needs[] = {
	"Airway management in children", "Leading at a major incident",
	"Supporting student paramedics", "Safe driving under blue lights",
	"Using the electronic patient record", "Difficult conversations, \"end of life\"",
	"Mental health crisis care", "Clinical supervision skills",
};

int main(int argc, char **argv)
{
	struct err err = ERR_INIT;
	struct store *st;
	long goals = argc > 2 ? atol(argv[2]) : 100000;
	long nappr = goals / 5 * 2, staff = nappr / 10, made = 0;
	char num[32], name[64], station[32], date[32], target[32];

	if (argc < 2 || goals <= 0 || goals % 5) {
		fprintf(stderr, "usage: gen_goals DB [N, a multiple of 5]\n");
		return 2;
	}
	if (!(st = store_open(argv[1], NULL, &err)) || store_begin(st, &err) < 0)
		goto fail;
	for (long i = 0; i < staff; i++) {
		struct staff s = { num, name, "Paramedic", "6", station, "", NULL };

		snprintf(num, sizeof(num), "%06ld", 100000 + i);
		snprintf(name, sizeof(name), "Staff Member %ld", i);
		snprintf(station, sizeof(station), "Station %02ld", i % 40);
		if (store_staff_put(st, &s, NULL, &err) < 0)
			goto fail;
	}
	for (long a = 0; a < nappr; a++) {
		struct store_appraisal ap;
		struct pdp_goal g[3];
		size_t n = a % 2 ? 3 : 2;

		snprintf(num, sizeof(num), "%06ld", 100000 + a % staff);
		snprintf(date, sizeof(date), "%04ld-%02u-%02u", 2016 + a / staff,
			 1 + pick(12), 1 + pick(28));
		snprintf(target, sizeof(target), "%04ld-%02u-%02u", 2017 + a / staff,
			 1 + pick(12), 1 + pick(28));
		if (store_appraisal_new(st, num, "Station Officer", "eadr", "2026.1",
					"bench", &ap, &err) < 0)
			goto fail;
		for (size_t k = 0; k < n; k++) {
			const char *need = needs[pick(8)];

			g[k] = (struct pdp_goal){ (int)k, need, need, kinds[pick(3)],
				categories[pick(12)], prios[pick(3)], k == 2 ? NULL : target,
				"Study leave, 2 days", "new", NULL };
		}
		if (store_appraisal_set_dates(st, ap.id, date, NULL, &err) < 0 ||
		    store_pdp_set(st, ap.id, g, n, &err) < 0 ||
		    store_appraisal_set_state(st, ap.id, "final", &err) < 0) {
			store_appraisal_release(&ap);
			goto fail;
		}
		store_appraisal_release(&ap);
		made += (long)n;
	}
	if (store_commit(st, &err) < 0)
		goto fail;
	store_close(st);
	printf("%s: %ld staff, %ld final appraisals, %ld PDP goals\n", argv[1],
	       staff, nappr, made);
	return 0;
fail:
	fprintf(stderr, "gen_goals: %s\n", err_msg(&err));
	store_close(st);
	err_release(&err);
	return 1;
}
