/*
 * store_sync.h - the store's side of sync: keys, and what a laptop has
 * sent and had acknowledged (schema/003-sync.sql; the hub: store_hub.h).
 * Functions return 0 (or 1/0 for "found") and -1 with err, as in store.h.
 */
#ifndef EADR_STORE_SYNC_H
#define EADR_STORE_SYNC_H

#include "bundle.h"
#include "store.h"

/* ---- keys ---- */

/*
 * The key pair called name ('device-sign', 'hub-sign', 'hub-box',
 * 'trusted-sign', 'trusted-box').  pk gets pklen bytes; sk (may be NULL)
 * sklen bytes.  1 found, 0 none, -1 error (also when a stored key has
 * another length, or sk is asked of a public-only key).
 */
int store_sync_key_get(struct store *st, const char *name, unsigned char *pk,
		       size_t pklen, unsigned char *sk, size_t sklen,
		       struct err *err);
/* Keep (or replace) a key; sk may be NULL for a public key alone. */
int store_sync_key_put(struct store *st, const char *name,
		       const unsigned char *pk, size_t pklen,
		       const unsigned char *sk, size_t sklen, struct err *err);

/* ---- laptop ---- */

struct sync_item {
	char uuid[UUID_LEN + 1];
	long long revision;
};
struct sync_items {
	struct sync_item *v;
	size_t n, alloc;
};
void sync_items_release(struct sync_items *it);

/*
 * Add to w every final appraisal whose current revision the hub has not
 * acknowledged, with its form (when its source is kept), staff member,
 * non-private answers, PDP goals and sign-offs; items lists what went in.
 * Private answers are never read here.
 */
int store_sync_collect(struct store *st, struct bundle_writer *w,
		       struct sync_items *items, struct err *err);

/*
 * The managers not signed in who hold final appraisals store_sync_collect
 * would take (their text locked under their own keys): their names joined
 * by ", " (appended to names), how many managers in *holders and how many
 * appraisals in *n (0: none, or the schema has no holders).
 */
int store_sync_locked(struct store *st, struct sbuf *names, size_t *n, size_t *holders,
		      struct err *err);
/*
 * As store_sync_collect, for appraisal id alone (final), inside the
 * caller's transaction: what sync_seal_final seals at finalisation.
 */
int store_sync_collect_one(struct store *st, long long id, struct bundle_writer *w,
			   struct sync_items *items, struct err *err);

/* ---- bundles sealed at finalisation (schema/010-travel.sql) ---- */

/* 1 when appraisal id has a holder (its text is encrypted), 0 if not. */
int store_sync_held(struct store *st, long long id, struct err *err);
/* The final appraisals holder holds whose current revision the hub has not
 * acknowledged and that have no sealed bundle of it (finalised before
 * sealing existed, or with no hub key trusted then): *ids[0..*n), caller
 * frees the array. */
int store_sync_unsealed(struct store *st, long long holder, long long **ids,
			size_t *n, struct err *err);
/* Keep the bundle (len bytes, copied) made of revision of appraisal id,
 * numbered seq, replacing any earlier one of that appraisal. */
int store_sync_travel_put(struct store *st, long long id, long long revision,
			  unsigned long long seq, const char *bundle_id,
			  const void *bundle, size_t len, struct err *err);
/* Discard appraisal id's sealed bundle (reopened); none is not an error. */
int store_sync_travel_drop(struct store *st, long long id, struct err *err);

struct sync_travel_row {
	unsigned long long seq;
	const char *bundle_id;
	const unsigned char *bundle;	/* the file's bytes, borrowed */
	size_t len;
	const char *uuid;
	long long revision;
};
/* The sealed bundles still to send: of final appraisals, of their current
 * revision, not yet acknowledged; fn returns nonzero to stop (returned). */
int store_sync_travel_each(struct store *st,
			   int (*fn)(const struct sync_travel_row *, void *),
			   void *arg, struct err *err);

/* The next bundle sequence number of this laptop (1 for the first). */
int store_sync_next_seq(struct store *st, unsigned long long *seq,
			struct err *err);

/* Record a bundle written to file (and audit it). */
int store_sync_sent_add(struct store *st, unsigned long long seq,
			const char *bundle_id, const char *file, int encrypted,
			const struct sync_items *items, struct err *err);

/*
 * Apply an acknowledgement: for a bundle this laptop sent (*known = 1),
 * mark synced exactly the revisions the acknowledgement names that were in
 * the bundle; *marked counts those newly marked.  An acknowledgement of a
 * bundle this laptop never sent changes nothing (*known = 0).
 */
int store_sync_ack_apply(struct store *st, const struct bundle_ack *a,
			 int *known, size_t *marked, struct err *err);

struct sync_status_row {
	const char *uuid, *staff_number, *name;
	long long revision;
	const char *sent_file;	/* NULL: waiting to go; else the bundle sent */
	const char *sent_at;
};
/* Final appraisals not yet acknowledged, waiting ones first. */
int store_sync_status_each(struct store *st,
			   int (*fn)(const struct sync_status_row *, void *),
			   void *arg, struct err *err);

#endif
