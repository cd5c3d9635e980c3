/*
 * appr_lock.c - one program editing an appraisal at a time (see appr.h):
 * the hold is a row of `holds` naming the program (host, pid, user) with a
 * random token only the holder knows; a second program reads it and opens
 * the appraisal read-only.  Staleness is decided here, not in SQL.
 */
#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "appr.h"
#include "store_appr.h"

#define BEAT_EVERY 60	/* seconds between heartbeats while saving */

/*
 * The start time of process pid (clock ticks after boot), or 0 when
 * unknown; -1 when it has ended but is not yet reaped (a zombie: killed,
 * its parent has not yet waited for it).
 */
static long long proc_start(long long pid)
{
	char path[64], buf[1024];
	const char *p;
	long long start = 0;
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%lld/stat", pid);
	if (!(f = fopen(path, "r")))
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* After the command name in parentheses: field 3 (state) on; the
	 * start time is field 22. */
	if (!(p = strrchr(buf, ')')))
		return 0;
	p++;
	if (p[0] == ' ' && (p[1] == 'Z' || p[1] == 'X'))
		return -1;
	for (int field = 2; field < 21 && p; field++)
		p = strchr(p + 1, ' ');
	if (p)
		start = strtoll(p + 1, NULL, 10);
	return start;
}

static void my_host(char out[256])
{
	if (gethostname(out, 256) < 0)
		snprintf(out, 256, "%s", "unknown");
	out[255] = '\0';
}

static char *my_user(void)
{
	const struct passwd *pw = getpwuid(getuid());

	if (pw && pw->pw_name && *pw->pw_name)
		return xstrdup(pw->pw_name);
	return xstrdup("unknown");
}

/* Has the program that wrote h gone (its hold may be taken over)? */
static int stale(const struct store_lock *h, const char *host, long long now)
{
	if (!strcmp(h->host, host)) {
		long long start;

		if (h->pid <= 0 || (kill((pid_t)h->pid, 0) < 0 && errno == ESRCH))
			return 1;
		/* The pid is alive: is it still the same process? */
		start = proc_start(h->pid);
		if (start < 0)
			return 1;	/* ended, not yet reaped */
		return h->pid_start && start && start != h->pid_start;
	}
	/* Another host: its process cannot be seen; only its heartbeat. */
	return now - h->heartbeat > APPR_LOCK_STALE;
}

static void holder_from(struct appr_locker *o, const struct store_lock *h,
			const char *host)
{
	o->user = xstrdup(h->user);
	o->host = xstrdup(h->host);
	o->since = xstrdup(h->started_at);
	o->pid = h->pid;
	o->here = !strcmp(h->host, host);
}

void appr_locker_release(struct appr_locker *h)
{
	free(h->user);
	free(h->host);
	free(h->since);
	memset(h, 0, sizeof(*h));
}

void appr_locker_describe(const struct appr_locker *h, struct sbuf *out)
{
	const char *t = h->since ? strchr(h->since, 'T') : NULL;

	/* Since when first: on a narrow status line it is what must show. */
	sbuf_adds(out, "open in another eadr since ");
	if (t)	/* "2026-11-22 10:03 UTC" */
		sbuf_addf(out, "%.*s %.5s UTC", (int)(t - h->since), h->since, t + 1);
	else
		sbuf_adds(out, h->since ? h->since : "a moment ago");
	sbuf_addf(out, " (process %lld of %s on %s)", h->pid, h->user ? h->user : "?",
		  h->here ? "this computer" : h->host ? h->host : "?");
}

int appr_locked(const struct appr *ap)
{
	return ap->lock_token[0] != '\0';
}

int appr_lock(struct appr *ap, struct appr_locker *other, struct err *err)
{
	struct store_lock h, me = { 0 };
	char host[256], stamp[STAMP_LEN + 1], token[UUID_LEN + 1];
	long long now = (long long)time(NULL);
	int rc;

	if (appr_locked(ap))
		return 1;
	my_host(host);
	if (uuid_new(token, err) < 0 || store_begin(ap->st, err) < 0)
		return -1;
	rc = store_lock_get(ap->st, ap->rec.id, &h, err);
	if (rc < 0)
		goto fail;
	if (rc == 1 && !stale(&h, host, now)) {
		if (other)
			holder_from(other, &h, host);
		store_lock_release(&h);
		return store_commit(ap->st, err) < 0 ? -1 : 0;
	}
	store_lock_release(&h);
	time_stamp(stamp);
	me.token = token;
	me.host = host;
	me.user = my_user();
	me.started_at = stamp;
	me.pid = (long long)getpid();
	me.pid_start = proc_start(me.pid);
	me.heartbeat = now;
	rc = store_lock_put(ap->st, ap->rec.id, &me, err);
	free(me.user);
	if (rc < 0)
		goto fail;
	if (store_commit(ap->st, err) < 0)
		return -1;
	memcpy(ap->lock_token, token, sizeof(token));
	ap->lock_beat = now;
	return 1;
fail:
	store_rollback(ap->st);
	return -1;
}

int appr_may_change(struct appr *ap, struct err *err)
{
	struct store_lock h;
	char host[256];
	long long now = (long long)time(NULL);
	int rc = store_lock_get(ap->st, ap->rec.id, &h, err);

	if (rc < 0)
		return -1;
	my_host(host);
	if (appr_locked(ap)) {
		if (rc == 1 && !strcmp(h.token, ap->lock_token)) {
			store_lock_release(&h);
			if (now - ap->lock_beat >= BEAT_EVERY &&
			    store_lock_beat(ap->st, ap->rec.id, ap->lock_token, now, NULL) == 1)
				ap->lock_beat = now;
			return 0;
		}
		store_lock_release(&h);
		return err_set(err, "this appraisal was opened in another eadr while this "
			       "one was idle, so it was not saved here; close it and open "
			       "it again");
	}
	if (rc == 1 && !stale(&h, host, now)) {
		struct appr_locker o = { 0 };
		struct sbuf msg = SBUF_INIT;

		holder_from(&o, &h, host);
		appr_locker_describe(&o, &msg);
		err_set(err, "the appraisal is %s; nothing was changed here", msg.buf);
		sbuf_release(&msg);
		appr_locker_release(&o);
		store_lock_release(&h);
		return -1;
	}
	if (rc == 1)
		store_lock_release(&h);
	return 0;
}

/* appr_free's half: give the hold back (a crash leaves it, stale). */
void appr_lock_drop(struct appr *ap)
{
	if (!appr_locked(ap))
		return;
	store_lock_drop(ap->st, ap->rec.id, ap->lock_token, NULL);
	ap->lock_token[0] = '\0';
}
