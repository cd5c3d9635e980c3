/*
 * hub_devices.c - the hub's devices (see hub.h): listing them, finding one
 * by the fingerprint a person reads out, revoking one, and moving a
 * device's appraisals to another by an explicit, audited transfer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "hub.h"
#include "hubstore.h"

static void device_copy(const struct hub_device_row *r, struct hub_device *d)
{
	memset(d, 0, sizeof(*d));
	memcpy(d->sign_key, r->sign_key, BUNDLE_PK);
	bundle_fingerprint(r->sign_key, d->fp);
	snprintf(d->device_id, sizeof(d->device_id), "%s", r->device_id);
	snprintf(d->first_seen, sizeof(d->first_seen), "%s", r->first_seen);
	snprintf(d->last_seen, sizeof(d->last_seen), "%s", r->last_seen);
	snprintf(d->state, sizeof(d->state), "%s", r->state);
	snprintf(d->state_at, sizeof(d->state_at), "%s", r->state_at ? r->state_at : "");
	d->max_seq = r->max_seq;
	d->merged = r->merged;
	d->waiting = r->waiting;
	d->owns = r->owns;
}

struct each_ctx {
	int (*fn)(const struct hub_device *, void *);
	void *arg;
	const char *want;	/* find: the fingerprint */
	struct hub_device *found;
	int n;
};

static int each_row(const struct hub_device_row *r, void *arg)
{
	struct each_ctx *c = arg;
	struct hub_device d;

	device_copy(r, &d);
	c->n++;
	if (c->want) {
		if (strcmp(d.fp, c->want))
			return 0;
		*c->found = d;
		return 1;
	}
	return c->fn(&d, c->arg);
}

int hub_devices_each(struct hubstore *hs, int (*fn)(const struct hub_device *, void *),
		     void *arg, struct err *err)
{
	struct each_ctx c = { fn, arg, NULL, NULL, 0 };

	if (bundle_crypto_init(err) < 0 ||
	    hs->ops->devices_each(hs, each_row, &c, err) < 0)
		return -1;
	return c.n;
}

int hub_device_find(struct hubstore *hs, const char *fingerprint,
		    struct hub_device *out, struct err *err)
{
	char fp[25];
	struct each_ctx c = { NULL, NULL, fp, out, 0 };

	memset(out, 0, sizeof(*out));
	if (bundle_fingerprint_parse(fingerprint, fp) < 0)
		return err_set(err, "'%s' is not a device fingerprint (20 hex digits, as "
			       "'eadr sync status' shows it on the laptop)", fingerprint);
	if (bundle_crypto_init(err) < 0 ||
	    hs->ops->devices_each(hs, each_row, &c, err) < 0)
		return -1;
	if (!out->fp[0])
		return err_set(err, "no device with fingerprint %s has sent a bundle to "
			       "this hub ('eadr hub devices' lists those that have)", fp);
	return 0;
}

int hub_revoke(struct hubstore *hs, const char *fingerprint, struct hub_device *dev,
	       int *already, struct err *err)
{
	struct sbuf detail = SBUF_INIT;
	int rc;

	*already = 0;
	if (hub_device_find(hs, fingerprint, dev, err) < 0)
		return -1;
	if (!strcmp(dev->state, "revoked")) {
		*already = 1;
		return 0;
	}
	sbuf_addf(&detail, "device %s (%s): was %s", dev->device_id, dev->fp, dev->state);
	rc = hs->ops->device_set(hs, dev->sign_key, "revoked", detail.buf, err);
	sbuf_release(&detail);
	if (rc == 0)
		snprintf(dev->state, sizeof(dev->state), "revoked");
	return rc;
}

/* Held revisions, copied out before any is merged (merging changes the
 * tables the query walks). */
struct held {
	struct hub_held_row *v;
	size_t n, alloc;
};

static int held_row(const struct hub_held_row *r, void *arg)
{
	struct held *h = arg;
	struct hub_held_row *c;

	if (h->n == h->alloc) {
		h->alloc = h->alloc ? 2 * h->alloc : 8;
		h->v = xrealloc(h->v, h->alloc * sizeof(*h->v));
	}
	c = &h->v[h->n++];
	c->uuid = xstrdup(r->uuid);
	c->hash = xstrdup(r->hash);
	c->revision = r->revision;
	c->content = memcpy(xmalloc(r->content_len + 1), r->content, r->content_len);
	c->content_len = r->content_len;
	return 0;
}

static void held_release(struct held *h)
{
	for (size_t i = 0; i < h->n; i++) {
		free((char *)h->v[i].uuid);
		free((char *)h->v[i].hash);
		free((unsigned char *)h->v[i].content);
	}
	free(h->v);
}

/* Merge what to sent of the appraisals it now owns. */
static int adopt_held(struct hubstore *hs, const unsigned char to[BUNDLE_PK],
		      size_t *adopted, struct err *err)
{
	struct held h = { NULL, 0, 0 };
	int rc = -1;

	if (hs->ops->held_each(hs, to, held_row, &h, err) < 0)
		goto out;
	for (size_t i = 0; i < h.n; i++) {
		struct bundle b;

		memset(&b, 0, sizeof(b));
		if (bundle_parse_records(h.v[i].content, h.v[i].content_len, &b, err) < 0 ||
		    hs->ops->adopt(hs, &b, h.v[i].hash, err) < 0) {
			bundle_release(&b);
			err_prefix(err, "appraisal %s, revision %lld", h.v[i].uuid,
				   h.v[i].revision);
			goto out;
		}
		bundle_release(&b);
		(*adopted)++;
	}
	rc = 0;
out:
	held_release(&h);
	return rc;
}

int hub_transfer(struct hubstore *hs, const char *from_fp, const char *to_fp,
		 struct hub_transfer_result *r, struct err *err)
{
	struct sbuf detail = SBUF_INIT;
	int rc = -1;

	memset(r, 0, sizeof(*r));
	if (hub_device_find(hs, from_fp, &r->from, err) < 0 ||
	    hub_device_find(hs, to_fp, &r->to, err) < 0)
		return -1;
	if (!strcmp(r->from.fp, r->to.fp))
		return err_set(err, "a transfer needs two different devices");
	if (strcmp(r->to.state, "approved"))
		return err_set(err, "device %s (%s) is %s: approve it first ('eadr hub "
			       "allow %s') so that what it sent can be merged",
			       r->to.device_id, r->to.fp, r->to.state, r->to.fp);
	sbuf_addf(&detail, "from device %s (%s) to device %s (%s)", r->from.device_id,
		  r->from.fp, r->to.device_id, r->to.fp);
	if (hs->ops->begin(hs, err) < 0)
		goto out;
	if (hs->ops->transfer(hs, r->from.sign_key, r->to.sign_key, detail.buf,
			       &r->moved, err) < 0 ||
	    adopt_held(hs, r->to.sign_key, &r->adopted, err) < 0) {
		hs->ops->rollback(hs);
		goto out;
	}
	rc = hs->ops->commit(hs, err);
out:
	sbuf_release(&detail);
	return rc;
}
