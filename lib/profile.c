/*
 * profile.c - managers' profiles, signing in with a slow-down that the
 * database remembers, locking, passphrase files (see profile.h and
 * schema/security.md).
 */
#include <ctype.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "keyring.h"
#include "prepare.h"
#include "profile.h"
#include "sbuf.h"
#include "store_sync.h"

const char *profile_hint(void)
{
	return "Choose a passphrase of four or more ordinary words that mean "
	       "something to you and nothing to anyone else (\"kettle harbour "
	       "violet seven\"), at least 12 characters. Do not use your login "
	       "password, and do not write it on or near the laptop. If you "
	       "forget it, your private wellbeing answers are lost for good.";
}

int profile_create(struct store *st, const char *name, const char *pass,
		   const char *again, struct err *err)
{
	unsigned char hub_box[32], recovery[KEYRING_RECOVERY];
	struct keyring_wrapped w;
	struct keyring *kr;
	long long id;
	int hub;

	if (!name || !*name)
		return err_set(err, "type the manager's name");
	if (!pass || strlen(pass) < KEYRING_MIN_PASS)
		return err_set(err, "a passphrase needs at least %d characters: %s",
			       KEYRING_MIN_PASS, "four ordinary words are easy to remember");
	if (!again || strcmp(pass, again))
		return err_set(err, "the two passphrases are not the same; type them again");
	if ((hub = store_sync_key_get(st, "trusted-box", hub_box, sizeof(hub_box),
				      NULL, 0, err)) < 0)
		return -1;
	if (!(kr = keyring_new(name, pass, &w, err)))
		return -1;
	if (hub)
		keyring_seal_shared(kr, hub_box, recovery);
	if (store_profile_add(st, name, &w, hub ? recovery : NULL,
			      hub ? hub_box : NULL, &id, err) < 0) {
		keyring_free(kr);
		return -1;
	}
	keyring_set_profile(kr, id);
	store_set_keyring(st, kr);
	if (store_profile_box_ensure(st, err) < 0)
		return -1;
	return store_profile_claim(st, NULL, err);
}

/* Seconds still to wait before another try, or 0. */
static long long wait_left(const struct store_profile *p, long long now)
{
	long long span;

	if (p->failures < PROFILE_FREE_TRIES)
		return 0;
	/* 30 s after the fifth, doubling, at most 5 minutes. */
	span = p->failures - PROFILE_FREE_TRIES >= 4 ? 300 :
		30LL << (p->failures - PROFILE_FREE_TRIES);
	if (now < p->failed_at)	/* the clock went back: count from now */
		return span;
	return p->failed_at + span > now ? p->failed_at + span - now : 0;
}

/*
 * What staff members prepared with a code for this manager's appraisals
 * goes into the drafts now that the store can encrypt for them (every
 * front end signs in here).  A preparation that cannot be merged (its
 * appraisal open in another eadr) keeps waiting, encrypted, for the next
 * sign-in: the sign-in itself does not fail for it.
 */
static void collect_prepared(struct store *st)
{
	struct err e = ERR_INIT;

	prepare_collect(st, NULL, NULL, 0, NULL, &e);
	err_release(&e);
}

int profile_signin(struct store *st, const char *name, const char *pass,
		   int *wait, struct err *err)
{
	struct store_profile p;
	struct keyring *kr;
	long long now = (long long)time(NULL), left;
	size_t got;
	int rc, wrong = 0;

	if (wait)
		*wait = 0;
	if ((rc = store_profile_get(st, name ? name : "", &p, err)) < 0)
		return -1;
	if (rc == 0)
		return err_set(err, "there is no manager called %s on this laptop",
			       name && *name ? name : "(no name)");
	if ((left = wait_left(&p, now)) > 0) {
		if (wait)
			*wait = (int)left;
		err_set(err, "%d wrong passphrases in a row for %s: wait %lld second%s "
			"and try again", p.failures, p.name, left, left == 1 ? "" : "s");
		store_profile_release(&p);
		return -1;
	}
	kr = keyring_open(p.name, p.id, pass ? pass : "", &p.w, &wrong, err);
	if (!kr) {
		if (wrong)
			store_profile_tried(st, p.id, 0, now, NULL);
		store_profile_release(&p);
		return -1;
	}
	rc = store_profile_tried(st, p.id, 1, now, err);
	store_profile_release(&p);
	if (rc < 0) {
		keyring_free(kr);
		return -1;
	}
	store_set_keyring(st, kr);
	if (store_profile_box_ensure(st, err) < 0 ||
	    store_profile_claim(st, NULL, err) < 0 ||
	    store_handover_receive(st, &got, err) < 0)
		return -1;
	collect_prepared(st);
	return 0;
}

void profile_lock(struct store *st)
{
	store_set_keyring(st, NULL);
}

/* "N[smh]" or "off": seconds, or -1. */
static long lock_value(const char *v)
{
	char *end;
	long n;

	if (!strcmp(v, "off"))
		return 0;
	errno = 0;
	n = strtol(v, &end, 10);
	if (end == v || errno || n < 0 || n > 100000)
		return -1;
	while (*end == ' ' || *end == '\t')
		end++;
	if (!*end || !strcmp(end, "m"))
		return n * 60;
	if (!strcmp(end, "s"))
		return n;
	if (!strcmp(end, "h"))
		return n * 3600;
	return -1;
}

long profile_lock_after(const char *path, struct err *err)
{
	struct sbuf p = SBUF_INIT;
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	char line[512];
	long found = PROFILE_LOCK_AFTER;
	int no = 0;
	FILE *f;

	if (path)
		sbuf_adds(&p, path);
	else if (xdg && *xdg)
		sbuf_addf(&p, "%s/eadr/config", xdg);
	else if (home && *home)
		sbuf_addf(&p, "%s/.config/eadr/config", home);
	if (!p.buf || !(f = fopen(p.buf, "r"))) {
		sbuf_release(&p);
		return PROFILE_LOCK_AFTER;
	}
	while (fgets(line, sizeof(line), f)) {
		char *k = line, *v, *e;

		no++;
		while (isspace((unsigned char)*k))
			k++;
		if (*k == '#' || !(v = strchr(k, '=')))
			continue;
		for (e = v; e > k && isspace((unsigned char)e[-1]); e--)
			;
		if ((size_t)(e - k) != strlen("lock_after") || strncmp(k, "lock_after", 10))
			continue;
		for (v++; isspace((unsigned char)*v); v++)
			;
		e = v + strlen(v);
		while (e > v && isspace((unsigned char)e[-1]))
			*--e = '\0';
		if ((found = lock_value(v)) < 0) {
			err_set(err, "%s, line %d: lock_after should be minutes, like "
				"\"lock_after = 10m\" (or 90s, 1h, off), not \"%s\"", p.buf, no, v);
			break;
		}
	}
	fclose(f);
	sbuf_release(&p);
	return found;
}

int profile_pass_read(const char *path, char **pass, struct err *err)
{
	struct sbuf sb = SBUF_INIT;
	FILE *f;
	int c;

	*pass = NULL;
	if (!(f = fopen(path, "r")))
		return err_set(err, "cannot read the passphrase file %s: %s", path,
			       strerror(errno));
	sbuf_grow(&sb, 128);
	while ((c = getc(f)) != EOF && c != '\n')
		sbuf_addch(&sb, c);
	fclose(f);
	if (sb.len && sb.buf[sb.len - 1] == '\r')
		sbuf_setlen(&sb, sb.len - 1);
	if (!sb.len) {
		sbuf_release(&sb);
		return err_set(err, "the passphrase file %s is empty", path);
	}
	*pass = sbuf_detach(&sb);
	return 0;
}

void profile_pass_free(char *pass)
{
	if (!pass)
		return;
	sodium_memzero(pass, strlen(pass));
	free(pass);
}
