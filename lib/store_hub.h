/*
 * store_hub.h - the store's side of the hub: the devices and bundles it has
 * seen and the merge of bundles into its tables (schema/003-sync.sql).
 * Functions return 0 (or 1/0 for "found") and -1 with err, as in store.h.
 */
#ifndef EADR_STORE_HUB_H
#define EADR_STORE_HUB_H

#include "bundle.h"
#include "store.h"

/* Has the bundle with this id been imported? 1, 0, -1. */
int store_hub_bundle_known(struct store *st, const char *bundle_id,
			   struct err *err);
/* The signing key a device was first seen with: 1, 0 (new device), -1. */
int store_hub_device_key(struct store *st, const char *device_id,
			 unsigned char pk[BUNDLE_PK], struct err *err);
/* Record a bundle from a device (the device too, on first sight). */
int store_hub_bundle_add(struct store *st, const struct bundle *b,
			 const char *file, struct err *err);
/* Merge a staff record: the newer one (updated_at, revision; then the
 * lower content hash) stays. */
int store_hub_staff(struct store *st, const struct bundle_rec *r,
		    const char *hash, struct err *err);
/*
 * Merge appraisal i of b (content hash hash): kept in the history; in the
 * ordinary tables when it is the highest revision (same revision, other
 * content: a conflict, recorded, and the lower hash shown).
 */
int store_hub_appraisal(struct store *st, const struct bundle *b, size_t i,
			const char *hash, struct err *err);
/* Fill a's items with what the bundle brought and where each stands. */
int store_hub_ack_items(struct store *st, const char *bundle_id,
			struct bundle_ack *a, struct err *err);

struct hub_conflict_row {
	const char *uuid, *staff_number, *name, *hash, *device_id, *updated_at;
	const char *bundle_file;	/* one bundle that brought this variant */
	long long revision;
	int in_use;		/* the variant in the ordinary tables */
	const unsigned char *content;	/* its records as they travelled */
	size_t content_len;
};
int store_hub_conflicts_each(struct store *st,
			     int (*fn)(const struct hub_conflict_row *, void *),
			     void *arg, struct err *err);

#endif
