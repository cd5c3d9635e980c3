/*
 * demo_managers.c - the demo's two managers with printed passphrases (see
 * demo_managers.h).  Their names match the demo's appraiser, so that
 * signing in as her converts and holds last year's appraisal.
 */
#include "demo_managers.h"
#include "profile.h"
#include "store_export.h"

static const struct demo_manager managers[] = {
	{ "Ffion Llywelyn", "riverside demo kettle", "Riverside team leader; holds "
	  "Dafydd ap Gruffydd's appraisal from last year" },
	{ "Sam Okafor", "northgate demo lantern", "Northgate station officer; holds "
	  "nothing yet" },
};

const struct demo_manager *demo_managers(size_t *n)
{
	*n = sizeof(managers) / sizeof(managers[0]);
	return managers;
}

int demo_managers_add(struct store *st, struct err *err)
{
	size_t n;
	const struct demo_manager *m = demo_managers(&n);

	if (store_profiles(st) > 0)
		return err_set(err, "%s already has managers' profiles", store_path(st));
	for (size_t i = 0; i < n; i++) {
		int rc = profile_create(st, m[i].name, m[i].pass, m[i].pass, err);

		profile_lock(st);
		if (rc < 0)
			return -1;
	}
	/* The sign-in screen names them, with their passphrases, only when
	 * they were made here with the passphrases the demo prints. */
	return store_audit(st, NULL, NULL, "demo-managers",
			   "demo managers added with their printed passphrases", err);
}

int demo_managers_hint(struct store *st, struct sbuf *out)
{
	struct err err = ERR_INIT;
	struct store_profile pi;
	long demo = 0;
	size_t n, found = 0;
	const struct demo_manager *m = demo_managers(&n);

	if (store_audit_count(st, "demo-managers", &demo, &err) < 0 || demo == 0) {
		err_release(&err);
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (store_profile_get(st, m[i].name, &pi, &err) != 1) {
			err_release(&err);
			continue;
		}
		store_profile_release(&pi);
		sbuf_addf(out, "%s %s (passphrase: %s)", found ? " or" : "Demo: sign in as",
			  m[i].name, m[i].pass);
		found++;
	}
	if (found)
		sbuf_addch(out, '.');
	return found > 0;
}
