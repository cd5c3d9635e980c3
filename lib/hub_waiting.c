/*
 * hub_waiting.c - counting what a device's waiting bundles hold, its 360
 * feedback records included (see hub_waiting.h).  Reads only.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "hub.h"
#include "hub_waiting.h"
#include "sbuf.h"

int hub_waiting_count(struct hubstore *hs, const char *fingerprint,
		      struct hub_waiting_counts *c, struct err *err)
{
	unsigned char pk[BUNDLE_PK], sk[BUNDLE_BOX_SK];
	struct sbuf data = SBUF_INIT;
	struct hub_device dev;
	char **ids = NULL, *file = NULL;
	size_t n = 0;
	int rc = -1, have;

	memset(c, 0, sizeof(*c));
	if (bundle_crypto_init(err) < 0 || hub_device_find(hs, fingerprint, &dev, err) < 0)
		return -1;
	if ((have = hs->ops->key_get(hs, "hub-box", pk, BUNDLE_PK, sk, BUNDLE_BOX_SK,
				     err)) <= 0) {
		if (have == 0)
			err_set(err, "%s is not a hub database yet: run 'eadr hub init' "
				"on the hub's database first", hs->ops->name(hs));
		return -1;
	}
	if (!(ids = hs->ops->wait_list(hs, dev.sign_key, &n, err)))
		goto out;
	for (size_t i = 0; i < n; i++) {
		struct bundle b;

		sbuf_reset(&data);
		free(file);
		file = NULL;
		if (hs->ops->wait_get(hs, ids[i], &data, &file, err) != 1 ||
		    bundle_open(file, (const unsigned char *)data.buf, data.len, pk, sk,
				&b, err) < 0)
			goto out;
		c->bundles++;
		c->appraisals += b.nappraisals;
		c->fb_requests += b.nfbreqs;
		c->fb_responses += b.nfbresps;
		bundle_release(&b);
	}
	rc = 0;
out:
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	free(file);
	sodium_memzero(sk, sizeof(sk));
	sbuf_release(&data);
	return rc;
}
