/*
 * hub_feedback_send.c - the hub's progress of a 360-degree feedback request
 * per group, and the signed, sealed file that takes it (and the released
 * report) back to the laptop that asked.  See hub_feedback_send.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "fileio.h"
#include "hub_feedback_send.h"
#include "sync.h"

static int status(struct hubstore *hs, const char *request_id, struct feedback_back *b,
		  unsigned char *device_pk, struct err *err)
{
	int rc = hs->ops->fb_back_get(hs, request_id, b, device_pk, err);

	if (rc <= 0)
		return rc;
	if (b->report) {
		/* Released: the raw responses are gone; the report's figures. */
		struct fb_report r;
		fb_report_parse(b->report, &r);
		memcpy(b->responded, r.responded, sizeof(b->responded));
		fb_report_release(&r);
	}
	return 1;
}

int hub_feedback_status(struct hubstore *hs, const char *request_id,
			struct feedback_back *b, struct err *err)
{
	return status(hs, request_id, b, NULL, err);
}

int hub_feedback_send(struct hubstore *hs, const char *request_id, const char *dir,
		      char **path, struct feedback_back *out, struct err *err)
{
	unsigned char device[BUNDLE_PK], pk[BUNDLE_PK], sk[BUNDLE_SK], h[8];
	struct feedback_back b;
	struct sbuf text = SBUF_INIT, file = SBUF_INIT;
	char name[2 * sizeof(h) + 1];
	int rc;

	if (bundle_crypto_init(err) < 0)
		return -1;
	if ((rc = hs->ops->key_get(hs, "hub-sign", pk, BUNDLE_PK, sk, BUNDLE_SK, err)) <= 0)
		return rc < 0 ? -1 : err_set(err, "this database is not a hub (run 'eadr "
					     "hub init')");
	if ((rc = status(hs, request_id, &b, device, err)) <= 0) {
		sodium_memzero(sk, sizeof(sk));
		return rc < 0 ? -1 : err_set(err, "the hub has no feedback request %s",
					     request_id);
	}
	time_stamp(b.made);
	rc = feedback_back_write(&b, device, pk, sk, &text, err);
	sodium_memzero(sk, sizeof(sk));
	if (rc < 0)
		goto out;
	/* Named by a hash of the request: the stick shows no request id. */
	sbuf_add(&file, "eadr-360-back", 14);
	sbuf_adds(&file, request_id);
	crypto_generichash(h, sizeof(h), (const unsigned char *)file.buf, file.len,
			   NULL, 0);
	sbuf_reset(&file);
	bundle_hex(h, sizeof(h), name);
	sync_join(&file, dir, "eadr-360-");
	sbuf_addf(&file, "%s%s", name, FEEDBACK_BACK_SUFFIX);
	if ((rc = file_write_atomic(file.buf, text.buf, text.len, 0600, err)) < 0)
		goto out;
	if (path)
		*path = sbuf_detach(&file);
out:
	if (rc == 0 && out)
		*out = b;
	else
		feedback_back_release(&b);
	sbuf_release(&text);
	sbuf_release(&file);
	return rc;
}

int hub_feedback_send_device(struct hubstore *hs, const char *device_id,
			     const char *dir, size_t *n, struct err *err)
{
	char **ids;
	size_t k;
	int rc = 0;

	*n = 0;
	if (hs->ops->fb_back_requests(hs, device_id, &ids, &k, err) < 0)
		return -1;
	for (size_t i = 0; i < k; i++) {
		if (rc == 0 && hub_feedback_send(hs, ids[i], dir, NULL, NULL, err) < 0)
			rc = -1;
		else if (rc == 0)
			(*n)++;
		free(ids[i]);
	}
	free(ids);
	return rc;
}
