/*
 * lock.c - the idle lock (see lock.h): keeps the time of the last key and
 * locks the store after lock_after seconds without one.  The lock screen
 * itself is signin_unlock; it shows no appraisal text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "lib/keyring.h"
#include "lib/profile.h"
#include "lib/sbuf.h"
#include "lock.h"
#include "signin.h"

static long after_s = PROFILE_LOCK_AFTER;
static time_t last_key;

static time_t now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

char *lock_setup(void)
{
	struct err err = ERR_INIT;
	long v = profile_lock_after(NULL, &err);
	char *msg = NULL;

	if (v < 0) {
		msg = xstrdup(err_msg(&err));	/* keep the default */
		v = PROFILE_LOCK_AFTER;
	}
	after_s = v;
	last_key = now_s();
	err_release(&err);
	return msg;
}

void lock_key(void)
{
	last_key = now_s();
}

int lock_idle(struct store *st, void (*save)(void *), void *arg,
	      volatile const sig_atomic_t *stop)
{
	struct sbuf why = SBUF_INIT;
	char *name;
	int rc;

	if (!after_s || !store_keyring(st) || now_s() - last_key < after_s)
		return 0;
	save(arg);
	name = xstrdup(keyring_name(store_keyring(st)));
	profile_lock(st);
	if (after_s % 60)
		sbuf_addf(&why, "Locked after %ld seconds without keys.", after_s);
	else
		sbuf_addf(&why, "Locked after %ld minute%s without keys.", after_s / 60,
			  after_s == 60 ? "" : "s");
	rc = signin_unlock(st, name, why.buf, stop);
	sbuf_release(&why);
	free(name);
	last_key = now_s();
	return rc;
}
