/*
 * hub_feedback.c - 360-degree feedback at the hub: requests and sealed
 * responses from bundles, the anonymity thresholds and the report.  See
 * hub_feedback.h and schema/feedback.md.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "bundle.h"
#include "hub_feedback.h"

/* ---- the thresholds ---- */

static void drop(struct hub_feedback_plan *p, size_t i)
{
	memmove(&p->unit[i], &p->unit[i + 1], (p->nunits - i - 1) * sizeof *p->unit);
	p->nunits--;
}

/* The smallest anonymous unit from first on, other than skip (ties: the
 * earlier group); -1 when none. */
static int smallest(const struct hub_feedback_plan *p, size_t first, int skip)
{
	int best = -1;

	for (size_t i = first; i < p->nunits; i++)
		if ((int)i != skip && (best < 0 || p->unit[i].count < p->unit[best].count))
			best = (int)i;
	return best;
}

void hub_feedback_plan(const int count[FB_NGROUPS], struct hub_feedback_plan *p)
{
	size_t first;

	memset(p, 0, sizeof *p);
	memcpy(p->count, count, sizeof p->count);
	for (int g = FB_SELF; g <= FB_MANAGER; g++)
		if (count[g] > 0)
			p->unit[p->nunits++] = (struct hub_feedback_unit){ 1u << g, count[g] };
	first = p->nunits;
	for (int g = FB_PEER; g < FB_NGROUPS; g++)
		if (count[g] > 0)
			p->unit[p->nunits++] = (struct hub_feedback_unit){ 1u << g, count[g] };
	for (;;) {
		int small = smallest(p, first, -1);
		if (small < 0 || p->unit[small].count >= FB_MIN_ANON)
			break;
		int into = smallest(p, first, small);
		if (into < 0) {
			p->omitted |= p->unit[small].groups;
			drop(p, (size_t)small);
			break;
		}
		p->merged |= p->unit[small].groups | p->unit[into].groups;
		p->unit[into].groups |= p->unit[small].groups;
		p->unit[into].count += p->unit[small].count;
		drop(p, (size_t)small);
	}
	p->all_count = count[FB_MANAGER];
	for (size_t i = first; i < p->nunits; i++)
		p->all_count += p->unit[i].count;
	p->all_shown = p->all_count >= FB_MIN_ALL;
}

void hub_feedback_unit_label(const struct hub_feedback_unit *u, struct sbuf *out)
{
	int n = 0, total = 0;

	for (int g = 0; g < FB_NGROUPS; g++)
		total += !!(u->groups & (1u << g));
	for (int g = 0; g < FB_NGROUPS; g++) {
		if (!(u->groups & (1u << g)))
			continue;
		if (n)
			sbuf_adds(out, n == total - 1 ? " and " : ", ");
		sbuf_adds(out, feedback_group_name((enum fb_group)g));
		n++;
	}
}

/* ---- import ---- */

static int take_waiting(struct hubstore *hs, const char *request_id, size_t *taken,
			struct err *err);

int hub_feedback_request(struct hubstore *hs, const char *device_id,
			 const unsigned char *sign_pk, const char *const *f,
			 int *already, size_t *taken, struct err *err)
{
	struct feedback_request r = { 0 };
	char (*hash)[FB_HASH_HEX + 1] = NULL;
	enum fb_group *grp = NULL;
	size_t n = 0, cap = 0;
	int rc = -1, total = 0, held;
	const char *p;

	*already = 0;
	if (taken)
		*taken = 0;
	if (strlen(f[0]) != UUID_LEN || !date_valid(f[2])) {
		err_set(err, "a feedback request with a bad id or close date: refused");
		return 1;
	}
	snprintf(r.id, sizeof r.id, "%s", f[0]);
	r.staff_number = (char *)f[1];
	snprintf(r.close_on, sizeof r.close_on, "%s", f[2]);
	for (int g = 0; g < FB_NGROUPS; g++) {
		r.n[g] = atoi(f[3 + g]);
		total += r.n[g];
	}
	for (p = f[8]; *p;) {
		const char *colon = strchr(p, ':'), *end = strchr(p, ' ');
		if (!end)
			end = p + strlen(p);
		if (!colon || colon > end || end - colon - 1 != FB_HASH_HEX)
			goto bad;
		char word[16];
		snprintf(word, sizeof word, "%.*s", (int)(colon - p), p);
		int g = feedback_group_parse(word);
		if (g < 0)
			goto bad;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			hash = xrealloc(hash, cap * sizeof *hash);
			grp = xrealloc(grp, cap * sizeof *grp);
		}
		memcpy(hash[n], colon + 1, FB_HASH_HEX);
		hash[n][FB_HASH_HEX] = '\0';
		grp[n++] = (enum fb_group)g;
		p = *end ? end + 1 : end;
	}
	if ((int)n != total)
		goto bad;
	/* Only the device that holds the person's appraisal asks for them. */
	if ((held = hs->ops->fb_holder(hs, r.staff_number, sign_pk, err)) < 0)
		goto out;
	if (!held) {
		err_set(err, "feedback request %s for staff member %s: sent by a device "
			"that does not hold their appraisal here: refused", r.id,
			r.staff_number);
		rc = 1;
		goto out;
	}
	rc = hs->ops->fb_request_put(hs, &r, device_id, hash, grp, n, already, err);
	if (rc == 0 && !*already && take_waiting(hs, r.id, taken, err) < 0)
		rc = -1;
	goto out;
bad:
	err_set(err, "feedback request %s: its list of codes is malformed: refused", r.id);
	rc = 1;
out:
	free(hash);
	free(grp);
	return rc;
}

int hub_feedback_keys(struct hubstore *hs, unsigned char *pk,
		      unsigned char *sk, struct err *err)
{
	int rc = hs->ops->key_get(hs, "hub-box", pk, BUNDLE_PK, sk, BUNDLE_BOX_SK, err);

	if (rc == 0)
		return err_set(err, "this database is not a hub (run 'eadr hub init')");
	return rc < 0 ? -1 : 0;
}

/* Open a sealed response into d; -1 and err when it does not open. */
int hub_feedback_open(const unsigned char *pk,
		      const unsigned char *sk,
			 const unsigned char *sealed, size_t len,
			 struct feedback_draft *d, long long *number,
			 char date[DATE_LEN + 1], struct err *err)
{
	unsigned char *plain;
	int rc;

	if (len <= crypto_box_SEALBYTES)
		return err_set(err, "a feedback response is too short to be one");
	plain = xmalloc(len - crypto_box_SEALBYTES);
	if (crypto_box_seal_open(plain, sealed, len, pk, sk) != 0) {
		free(plain);
		return err_set(err, "a feedback response does not open with this hub's "
			       "key (sealed to another hub, or damaged)");
	}
	rc = feedback_decode((const char *)plain, len - crypto_box_SEALBYTES, d,
			     number, date, err);
	sodium_memzero(plain, len - crypto_box_SEALBYTES);
	free(plain);
	return rc;
}

/* Check an opened response d against its code's request and keep it: 0
 * (*out says how), 1 refused (err says why), -1 error.  A code no request
 * has yet: kept sealed, waiting for its request. */
static int keep(struct hubstore *hs, const char *response_id,
		const struct feedback_draft *d, long long number, const char *date,
		const unsigned char *sealed, size_t len, enum hub_feedback_outcome *out,
		struct err *err)
{
	struct store_feedback_code code;
	int found = hs->ops->fb_code(hs, d->hash, &code, err), result, already;

	if (found < 0)
		return -1;
	if (!found) {
		if (hs->ops->fb_wait_put(hs, d->hash, response_id, sealed, len, &already,
					 err) < 0)
			return -1;
		*out = already ? HUB_FB_REPLAY : HUB_FB_WAITING;
		return 0;
	}
	if (code.group != d->group) {
		err_set(err, "a feedback response with a code no request has (forged): "
			"refused");
		return 1;
	}
	if (code.released) {
		err_set(err, "a feedback response for request %s arrived after its report "
			"was released: refused", code.request_id);
		return 1;
	}
	if (!date_valid(date) || strcmp(date, code.close_on) > 0) {
		err_set(err, "a feedback response given on %s, after request %s closed "
			"on %s: refused", date, code.request_id, code.close_on);
		return 1;
	}
	if (hs->ops->fb_response_put(hs, d->hash, response_id, number, date, sealed, len,
				     &result, err) < 0)
		return -1;
	*out = result == 0 ? HUB_FB_NEW : result == 1 ? HUB_FB_REPLACED : HUB_FB_OLDER;
	return 0;
}

int hub_feedback_response(struct hubstore *hs, const char *response_id,
			  const unsigned char *sealed, size_t len,
			  enum hub_feedback_outcome *out, struct err *err)
{
	unsigned char pk[BUNDLE_PK], sk[BUNDLE_BOX_SK];
	struct feedback_draft d;
	char date[DATE_LEN + 1] = "";
	long long number = 0;
	int rc;

	if (hub_feedback_keys(hs, pk, sk, err) < 0)
		return -1;
	if ((rc = hs->ops->fb_seen(hs, response_id, err)) != 0) {
		sodium_memzero(sk, sizeof sk);
		*out = HUB_FB_REPLAY;
		return rc < 0 ? -1 : 0;
	}
	rc = hub_feedback_open(pk, sk, sealed, len, &d, &number, date, err);
	sodium_memzero(sk, sizeof sk);
	if (rc < 0) {
		err_prefix(err, "feedback response %s: refused", response_id);
		return 1;
	}
	rc = keep(hs, response_id, &d, number, date, sealed, len, out, err);
	feedback_draft_release(&d);
	return rc;
}

/* ---- responses that came before their request ---- */

struct waiting {
	char **id;
	unsigned char **sealed;
	size_t *len, n;
};

static int gather(const char *id, const unsigned char *sealed, size_t len, void *arg)
{
	struct waiting *w = arg;

	w->id = xrealloc(w->id, (w->n + 1) * sizeof *w->id);
	w->sealed = xrealloc(w->sealed, (w->n + 1) * sizeof *w->sealed);
	w->len = xrealloc(w->len, (w->n + 1) * sizeof *w->len);
	w->id[w->n] = xstrdup(id);
	w->sealed[w->n] = memcpy(xmalloc(len + 1), sealed, len);
	w->len[w->n++] = len;
	return 0;
}

/* The request request_id has just arrived: take the responses that waited
 * for it (gathered first: a PostgreSQL walk holds its connection). */
static int take_waiting(struct hubstore *hs, const char *request_id, size_t *taken,
			struct err *err)
{
	struct waiting w = { 0 };
	enum hub_feedback_outcome o;
	int rc = hs->ops->fb_wait_each(hs, request_id, gather, &w, err);

	for (size_t i = 0; i < w.n; i++) {
		struct err why = ERR_INIT;
		int k = 0;

		if (rc == 0 && (rc = hs->ops->fb_wait_del(hs, w.id[i], err)) == 0) {
			k = hub_feedback_response(hs, w.id[i], w.sealed[i], w.len[i], &o, &why);
			if (k < 0)
				rc = err_set(err, "%s", err_msg(&why));
			else if (k == 1)
				rc = hs->ops->audit(hs, "feedback-refused", w.id[i], err);
			else if (taken && o != HUB_FB_REPLAY && o != HUB_FB_WAITING)
				(*taken)++;
		}
		err_release(&why);
		free(w.id[i]);
		free(w.sealed[i]);
	}
	free(w.id);
	free(w.sealed);
	free(w.len);
	return rc < 0 ? -1 : 0;
}
