/*
 * demo_managers.c - the demo's two managers with printed passphrases (see
 * demo_managers.h).  Their names match the demo's appraiser, so that
 * signing in as her converts and holds last year's appraisal.
 */
#include "demo_managers.h"
#include "profile.h"

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
	return 0;
}
