/*
 * voice.c - "how it went" on the laptop: the statements, finding the signed
 * appraisal, and the answers sealed at once to the trusted hub (see
 * voice.h and schema/voice.md).  Nothing of the answers is ever written
 * in clear; the plain text lives in memory and is wiped.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "bundle.h"
#include "store_sync.h"
#include "store_voice.h"
#include "voice.h"

static const char *const statements[VOICE_NITEMS] = {
	"It helped me to improve how I do my job.",
	"It helped me agree clear objectives for my work.",
	"It left me feeling that my work is valued by the trust.",
	"The wellbeing conversation helped me.",
};
static const char *const keys[VOICE_NITEMS] = {
	"improve", "objectives", "valued", "wellbeing"
};
static const char *const points[VOICE_POINTS + 1] = {
	"", "Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree",
	"Strongly agree"
};

const char voice_title[] = "How did it go? (for the staff member)";
const char voice_notice[] =
	"These questions are optional. Your answers are sealed for the trust's hub\n"
	"the moment you finish: nobody on this laptop can read them afterwards,\n"
	"your manager included. The hub shows them only in figures for a station\n"
	"or a quarter with at least 5 answers, and keeps no name, no staff number\n"
	"and no time of day.";

const char *voice_statement(enum voice_item i)
{
	return (unsigned)i < VOICE_NITEMS ? statements[i] : "";
}

const char *voice_key(enum voice_item i)
{
	return (unsigned)i < VOICE_NITEMS ? keys[i] : "";
}

const char *voice_point(int v)
{
	return v >= 1 && v <= VOICE_POINTS ? points[v] : "";
}

int voice_point_read(const char *typed, int *v, struct err *err)
{
	char word[64];
	size_t n = 0;

	*v = 0;
	while (*typed == ' ' || *typed == '\t')
		typed++;
	for (; *typed && n + 1 < sizeof word; typed++)
		word[n++] = (char)tolower((unsigned char)*typed);
	while (n && (word[n - 1] == ' ' || word[n - 1] == '\t' || word[n - 1] == '\r'))
		n--;
	word[n] = '\0';
	if (!n)
		return 0;
	if (n == 1 && word[0] >= '1' && word[0] <= '0' + VOICE_POINTS) {
		*v = word[0] - '0';
		return 0;
	}
	/* The start of exactly one point's words ("agree", "dis", "neither"). */
	int found = 0;
	for (int p = 1; p <= VOICE_POINTS && n >= 3; p++) {
		char lower[40];
		size_t k;
		for (k = 0; points[p][k] && k + 1 < sizeof lower; k++)
			lower[k] = (char)tolower((unsigned char)points[p][k]);
		lower[k] = '\0';
		if (!strncmp(lower, word, n)) {
			*v = found ? 0 : p;
			found++;
		}
	}
	if (found == 1)
		return 0;
	*v = 0;
	return err_set(err, "'%s' is not one of the answers: type 1 (strongly disagree) "
		       "to 5 (strongly agree), or press Enter to skip", word);
}

void voice_answers_release(struct voice_answers *a)
{
	if (!a)
		return;
	if (a->comment) {
		sodium_memzero(a->comment, strlen(a->comment));
		free(a->comment);
	}
	sodium_memzero(a, sizeof *a);
}

void voice_target_release(struct voice_target *t)
{
	if (!t)
		return;
	free(t->staff_number);
	free(t->name);
	free(t->station);
	memset(t, 0, sizeof *t);
}

void voice_response_release(struct voice_response *r)
{
	if (!r)
		return;
	free(r->station);
	voice_answers_release(&r->a);
	memset(r, 0, sizeof *r);
}

void voice_quarter(const char *date, char out[VOICE_QUARTER])
{
	int y = atoi(date), m = atoi(date + 5);
	int fy = m >= 4 ? y : y - 1;

	if (fy < 0 || fy > 9998 || m < 1 || m > 12)	/* not a date: never written */
		fy = 0, m = 4;
	snprintf(out, VOICE_QUARTER, "%04u-%02u Q%c", (unsigned)fy, (unsigned)(fy + 1) % 100u,
		 (char)('1' + (m + 8) % 12 / 3));
}

static int quarter_ok(const char *q)
{
	int fy, next, k;
	char tail;

	if (strlen(q) != VOICE_QUARTER - 1 ||
	    sscanf(q, "%4d-%2d Q%1d%c", &fy, &next, &k, &tail) != 3)
		return 0;
	return next == (fy + 1) % 100 && k >= 1 && k <= 4;
}

/* ---- the sealed text ---- */

/* The value after "key " at the start of line, or NULL. */
static const char *after(const char *line, const char *key)
{
	size_t n = strlen(key);

	return !strncmp(line, key, n) && line[n] == ' ' ? line + n + 1 : NULL;
}

/* A whole number from 1, digits only, at most 18. */
static int number_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 18 || s[0] == '0')
		return 0;
	return strspn(s, "0123456789") == n;
}

static void escaped(struct sbuf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			sbuf_adds(out, "\\\\");
		else if (*s == '\n')
			sbuf_adds(out, "\\n");
		else if (*s == '\t')
			sbuf_adds(out, "\\t");
		else
			sbuf_addch(out, *s);
	}
}

static void unescape(char *s)
{
	size_t o = 0;

	for (size_t i = 0; s[i]; i++) {
		if (s[i] == '\\' && s[i + 1]) {
			i++;
			s[o++] = s[i] == 'n' ? '\n' : s[i] == 't' ? '\t' : s[i];
		} else {
			s[o++] = s[i];
		}
	}
	s[o] = '\0';
}

void voice_encode(const struct voice_response *r, struct sbuf *out)
{
	sbuf_addf(out, "EADR-VOICE 1\nballot %s\nnumber %lld\nstation ", r->ballot,
		  r->number);
	escaped(out, r->station ? r->station : "");
	sbuf_addf(out, "\nquarter %s\n", r->quarter);
	for (int i = 0; i < VOICE_NITEMS; i++)
		if (r->a.v[i])
			sbuf_addf(out, "a %s\t%d\n", keys[i], r->a.v[i]);
	if (r->a.comment && *r->a.comment) {
		sbuf_adds(out, "a comment\t");
		escaped(out, r->a.comment);
		sbuf_addch(out, '\n');
	}
}

static int decode_answer(char *key, char *value, struct voice_response *r,
			 struct err *err)
{
	if (!strcmp(key, "comment")) {
		if (r->a.comment)
			return err_set(err, "a comment given twice");
		unescape(value);
		r->a.comment = xstrdup(value);
		return 0;
	}
	for (int i = 0; i < VOICE_NITEMS; i++)
		if (!strcmp(key, keys[i])) {
			if (r->a.v[i] || strlen(value) != 1 || value[0] < '1' ||
			    value[0] > '0' + VOICE_POINTS)
				return err_set(err, "'%s' is not an answer of 1 to 5", key);
			r->a.v[i] = value[0] - '0';
			return 0;
		}
	return err_set(err, "an answer to a statement eadr does not know");
}

int voice_decode(const char *text, size_t len, struct voice_response *r,
		 struct err *err)
{
	char *buf = xstrndup(text, len), *line = buf, *nl, *tab;
	const char *v;
	int rc = -1, have = 0;

	memset(r, 0, sizeof *r);
	if (strlen(buf) != len) {
		err_set(err, "it holds a NUL byte");
		goto out;
	}
	for (; *line; line = nl + 1) {
		if (!(nl = strchr(line, '\n'))) {
			err_set(err, "it ends without a new line");
			goto out;
		}
		*nl = '\0';
		if (!have) {
			if (strcmp(line, "EADR-VOICE 1") != 0) {
				err_set(err, "not an answer of how it went, of format 1");
				goto out;
			}
			have = 1;
		} else if ((v = after(line, "ballot"))) {
			unsigned char b[VOICE_BALLOT_HEX / 2];
			if (strlen(v) != VOICE_BALLOT_HEX || bundle_unhex(v, b, sizeof b) < 0) {
				err_set(err, "its ballot is not %d hex digits", VOICE_BALLOT_HEX);
				goto out;
			}
			memcpy(r->ballot, v, VOICE_BALLOT_HEX + 1);
		} else if ((v = after(line, "number"))) {
			if (!number_ok(v)) {
				err_set(err, "its number is not a number");
				goto out;
			}
			r->number = strtoll(v, NULL, 10);
		} else if ((v = after(line, "station")) && !r->station) {
			r->station = xstrdup(v);
			unescape(r->station);
		} else if ((v = after(line, "quarter"))) {
			if (!quarter_ok(v)) {
				err_set(err, "its quarter is not like 2026-27 Q1");
				goto out;
			}
			memcpy(r->quarter, v, VOICE_QUARTER);
		} else if ((v = after(line, "a")) && (tab = strchr(line, '\t'))) {
			*tab = '\0';
			if (decode_answer(line + 2, tab + 1, r, err) < 0)
				goto out;
		} else {
			err_set(err, "it has a line eadr does not know");
			goto out;
		}
	}
	if (!r->ballot[0] || !r->number || !r->station || !r->quarter[0]) {
		err_set(err, "it lacks its ballot, number, station or quarter");
		goto out;
	}
	rc = 0;
out:
	sodium_memzero(buf, len);
	free(buf);
	if (rc < 0)
		voice_response_release(r);
	return rc;
}

/* ---- on the laptop ---- */

static int hub_box(struct store *st, unsigned char pk[BUNDLE_PK], struct err *err)
{
	int rc = store_sync_key_get(st, "trusted-box", pk, BUNDLE_PK, NULL, 0, err);

	if (rc == 0)
		return err_set(err, "this laptop trusts no hub key, so the answers could "
			       "not be sealed for the hub and nothing is asked; ask whoever "
			       "looks after eadr to run 'eadr sync trust' first");
	return rc < 0 ? -1 : 0;
}

int voice_find(struct store *st, const char *staff_number, struct voice_target *t,
	       struct err *err)
{
	unsigned char pk[BUNDLE_PK];
	struct store_appraisal a = { 0 };
	struct staff who = { 0 };
	struct err quiet = ERR_INIT;
	char *status = NULL;
	int rc, flags;

	memset(t, 0, sizeof *t);
	if (bundle_crypto_init(err) < 0 || hub_box(st, pk, err) < 0)
		return -1;
	if ((rc = store_staff_get(st, staff_number, &who, err)) <= 0)
		return rc < 0 ? -1 : err_set(err, "no staff member has the number '%s'",
					     staff_number);
	if ((rc = store_appraisal_latest(st, staff_number, &a, err)) <= 0) {
		if (rc == 0)
			err_set(err, "%s has no appraisal on this laptop", who.name);
		staff_release(&who);
		return -1;
	}
	if (strcmp(a.state, "signed") && strcmp(a.state, "final")) {
		err_set(err, "%s's appraisal is not signed yet: how it went is asked once "
			"both of you have signed", who.name);
		rc = -1;
		goto out;
	}
	snprintf(t->uuid, sizeof t->uuid, "%s", a.uuid);
	t->staff_number = xstrdup(who.staff_number);
	t->name = xstrdup(who.name);
	t->station = xstrdup(who.station ? who.station : "");
	/* Readable without the holder's keys only when nobody holds it. */
	rc = store_answer_get(st, a.id, "wellbeing.status", &status, &flags, &quiet);
	t->wellbeing = rc < 0 ? -1 : rc == 0 ? 0 : !strcmp(status, "held");
	free(status);
	rc = 0;
out:
	err_release(&quiet);
	staff_release(&who);
	store_appraisal_release(&a);
	return rc;
}

/* The appraisal's ballot: keyed by this laptop's secret, so that the hub,
 * which knows appraisals' UUIDs, cannot tell whose answers these are. */
static void ballot_of(const unsigned char secret[32], const char *uuid,
		      char out[VOICE_BALLOT_HEX + 1])
{
	static const char domain[] = "eadr-voice-ballot-v1";
	crypto_generichash_state s;
	unsigned char h[32];

	crypto_generichash_init(&s, secret, 32, sizeof h);
	crypto_generichash_update(&s, (const unsigned char *)domain, sizeof domain);
	crypto_generichash_update(&s, (const unsigned char *)uuid, strlen(uuid));
	crypto_generichash_final(&s, h, sizeof h);
	bundle_hex(h, sizeof h, out);
}

int voice_submit(struct store *st, const struct voice_target *t,
		 struct voice_answers *a, struct err *err)
{
	unsigned char pk[BUNDLE_PK], secret[32];
	char rid[UUID_LEN + 1], today[DATE_LEN + 1];
	struct voice_response r = { 0 };
	struct sbuf plain = SBUF_INIT;
	unsigned char *sealed = NULL;
	int rc = -1, any = a->comment && *a->comment;

	for (int i = 0; i < VOICE_NITEMS; i++) {
		if (a->v[i] < 0 || a->v[i] > VOICE_POINTS) {
			voice_answers_release(a);
			return err_set(err, "an answer of %d: 1 to 5, or none", a->v[i]);
		}
		any |= a->v[i] != 0;
	}
	if (a->comment && (strlen(a->comment) > VOICE_COMMENT_MAX ||
			   strchr(a->comment, '\n'))) {
		voice_answers_release(a);
		return err_set(err, "the comment is one line of at most %d characters",
			       VOICE_COMMENT_MAX);
	}
	if (!any) {
		voice_answers_release(a);
		return err_set(err, "nothing was answered, so nothing is kept");
	}
	if (bundle_crypto_init(err) < 0 || hub_box(st, pk, err) < 0 ||
	    uuid_new(rid, err) < 0) {
		voice_answers_release(a);
		return -1;
	}
	date_today(today);
	if (store_begin(st, err) < 0) {
		voice_answers_release(a);
		return -1;
	}
	if (store_voice_next(st, secret, &r.number, err) < 0)
		goto out;
	ballot_of(secret, t->uuid, r.ballot);
	sodium_memzero(secret, sizeof secret);
	r.station = t->station;
	voice_quarter(today, r.quarter);
	r.a = *a;
	voice_encode(&r, &plain);
	r.station = NULL;
	sealed = xmalloc(plain.len + crypto_box_SEALBYTES);
	if (crypto_box_seal(sealed, (const unsigned char *)plain.buf, plain.len, pk) != 0) {
		err_set(err, "the answers could not be sealed for the hub");
		goto out;
	}
	if (store_voice_outbox_add(st, rid, sealed, plain.len + crypto_box_SEALBYTES,
				   today, err) < 0)
		goto out;
	rc = 0;
out:
	if (plain.buf)
		sodium_memzero(plain.buf, plain.len);
	sbuf_release(&plain);
	free(sealed);
	voice_answers_release(a);
	memset(&r.a, 0, sizeof r.a);
	if (rc < 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, err);
}
