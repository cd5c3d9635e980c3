/*
 * store_hub.h - the store's side of the hub: the merge of bundles into its
 * tables, the devices it has seen and approved, the bundles waiting for
 * approval, and who owns each appraisal (schema/003-sync.sql, 004-approval.sql).
 * Functions return 0 (or 1/0 for "found") and -1 with err, as in store.h.
 */
#ifndef EADR_STORE_HUB_H
#define EADR_STORE_HUB_H

#include "bundle.h"
#include "store.h"

#define STORE_HUB_STATE 10	/* "waiting", "approved", "revoked" */

/* t (Unix seconds) as YYYY-MM-DDTHH:MM:SSZ (zeros when out of range). */
void store_hub_stamp(long long t, char out[STAMP_LEN + 1]);

/* ---- the merge (store_hub.c) ---- */

/* Has the bundle with this id been merged? 1, 0, -1. */
int store_hub_bundle_known(struct store *st, const char *bundle_id,
			   struct err *err);
/* Record a merged bundle and the key that signed it (audited). */
int store_hub_bundle_add(struct store *st, const struct bundle *b,
			 const char *file, struct err *err);
/* Merge a staff record: the newer one (updated_at, revision; then the
 * lower content hash) stays. */
int store_hub_staff(struct store *st, const struct bundle_rec *r,
		    const char *hash, struct err *err);
/*
 * Merge appraisal i of b (content hash hash): kept in the history always.
 * The first device to send an appraisal owns it.  The owner's revision is
 * in the ordinary tables when it is the highest (same revision, other
 * content: a conflict, recorded, and the lower hash shown); another
 * device's is held as a conflict ("owner") and never merged (*held = 1).
 */
int store_hub_appraisal(struct store *st, const struct bundle *b, size_t i,
			const char *hash, int *held, struct err *err);
/* Merge a held revision (b: its records alone, one appraisal) now that its
 * device owns the appraisal, as store_hub_appraisal would have. */
int store_hub_adopt(struct store *st, const struct bundle *b, const char *hash,
		    struct err *err);
/* The hub store's ack_each (hubstore.h): a's head, then item() with what
 * the bundle brought and where each stands, one row at a time. */
int store_hub_ack_each(struct store *st, const char *bundle_id, struct bundle_ack *a,
		       void (*item)(const char *uuid, long long revision,
				    const char *status, void *arg),
		       void *arg, struct err *err);

struct hub_conflict_row {
	const char *uuid, *staff_number, *name, *hash, *device_id, *updated_at;
	const char *bundle_file;	/* one bundle that brought this variant */
	const unsigned char *sign_key;	/* the key that signed it (or NULL) */
	long long revision;
	int in_use;		/* the variant in the ordinary tables */
	int stranger;		/* from a device that does not own the appraisal */
	const unsigned char *content;	/* its records as they travelled */
	size_t content_len;
};
int store_hub_conflicts_each(struct store *st,
			     int (*fn)(const struct hub_conflict_row *, void *),
			     void *arg, struct err *err);

/* ---- devices, the waiting area, ownership (store_hub_dev.c) ---- */

/* Record the device (its signing key) of a verified bundle: new ones are
 * "waiting".  state gets its state now. */
int store_hub_device_seen(struct store *st, const struct bundle *b,
			  char state[STORE_HUB_STATE], struct err *err);
/* Another key that claimed device_id (an approved one first): 1 and other
 * filled, 0 none, -1. */
int store_hub_device_other(struct store *st, const char *device_id,
			   const unsigned char pk[BUNDLE_PK],
			   unsigned char other[BUNDLE_PK], struct err *err);

struct hub_device_row {
	const unsigned char *sign_key;	/* BUNDLE_PK bytes */
	const char *device_id, *first_seen, *last_seen, *state, *state_at;
	long long max_seq, merged, waiting, owns;	/* bundles, appraisals */
};
/* Every device seen, oldest first.  Rows are borrowed for the call. */
int store_hub_devices_each(struct store *st,
			   int (*fn)(const struct hub_device_row *, void *),
			   void *arg, struct err *err);
/* Set a device's state ("approved", "revoked"), audited with detail. */
int store_hub_device_set(struct store *st, const unsigned char pk[BUNDLE_PK],
			 const char *state, const char *detail, struct err *err);

/* Keep a verified bundle's bytes until its device is approved (audited;
 * again: nothing). */
int store_hub_wait_add(struct store *st, const struct bundle *b, const char *file,
		       const void *data, size_t len, struct err *err);
/* Is the bundle waiting? 1, 0, -1. */
int store_hub_wait_known(struct store *st, const char *bundle_id, struct err *err);
/* The ids of pk's waiting bundles in the order they merge (sequence, then
 * time); the caller frees each and the array.  NULL on error. */
char **store_hub_wait_list(struct store *st, const unsigned char pk[BUNDLE_PK],
			   size_t *n, struct err *err);
/* A waiting bundle's bytes (appended to data) and file name (*file, the
 * caller frees): 1, 0 (not waiting), -1. */
int store_hub_wait_get(struct store *st, const char *bundle_id, struct sbuf *data,
		       char **file, struct err *err);
int store_hub_wait_del(struct store *st, const char *bundle_id, struct err *err);

/* Give every appraisal from owns to to (audited with detail); *moved
 * counts them. */
int store_hub_transfer(struct store *st, const unsigned char from[BUNDLE_PK],
		       const unsigned char to[BUNDLE_PK], const char *detail,
		       size_t *moved, struct err *err);

struct hub_held_row {
	const char *uuid, *hash;
	long long revision;
	const unsigned char *content;
	size_t content_len;
};
/* The revisions pk sent of appraisals pk now owns that were held back as
 * another device's (lowest revision first); rows borrowed for the call. */
int store_hub_held_each(struct store *st, const unsigned char pk[BUNDLE_PK],
			int (*fn)(const struct hub_held_row *, void *), void *arg,
			struct err *err);

#endif
