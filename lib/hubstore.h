/*
 * hubstore.h - the hub's store, whichever database holds it: one interface
 * (a table of functions) with two back ends, the SQLite file (store_hub*.c,
 * wrapped in hubstore.c) and PostgreSQL (hubpg*.c, built with libpq).  The
 * use cases in hub.c and hub_devices.c talk to this, never to a database.
 */
#ifndef EADR_HUBSTORE_H
#define EADR_HUBSTORE_H

#include "bundle.h"
#include "err.h"
#include "sbuf.h"
#include "store.h"
#include "store_export.h"	/* the rows exports and reports read */
#include "store_feedback.h"	/* 360-degree feedback at the hub */
#include "store_feedback_back.h"
#include "store_hub.h"	/* the row types and STORE_HUB_STATE */

struct hubstore;
struct voice_response;		/* voice.h */
struct prep_travel;		/* store_prepare_away.h */

/*
 * What a back end provides.  Each function means what its store_hub_*
 * namesake in store_hub.h means (0 or 1/0 for "found", -1 with err);
 * begin/commit nest, and a rollback inside a nested change makes the
 * outermost commit fail.
 */
struct hubstore_ops {
	const char *(*name)(struct hubstore *hs);	/* for messages */
	void (*close)(struct hubstore *hs);
	int (*begin)(struct hubstore *hs, struct err *err);
	int (*commit)(struct hubstore *hs, struct err *err);
	void (*rollback)(struct hubstore *hs);
	int (*key_get)(struct hubstore *hs, const char *name, unsigned char *pk,
		       size_t pklen, unsigned char *sk, size_t sklen, struct err *err);
	int (*key_put)(struct hubstore *hs, const char *name, const unsigned char *pk,
		       size_t pklen, const unsigned char *sk, size_t sklen,
		       struct err *err);
	int (*audit)(struct hubstore *hs, const char *action, const char *detail,
		     struct err *err);
	int (*form_put)(struct hubstore *hs, const char *hash, const char *form_id,
			const char *version, const char *source, struct err *err);
	int (*bundle_known)(struct hubstore *hs, const char *bundle_id, struct err *err);
	int (*bundle_add)(struct hubstore *hs, const struct bundle *b, const char *file,
			  struct err *err);
	int (*staff)(struct hubstore *hs, const struct bundle_rec *r, const char *hash,
		     struct err *err);
	/* *held: revisions held back (another device owns the appraisal)
	 * counted by this call.  Only the sum over a bundle's calls is
	 * meant: the PostgreSQL back end pipelines appraisals and counts
	 * each window as it is answered, the last call waiting for all. */
	int (*appraisal)(struct hubstore *hs, const struct bundle *b, size_t i,
			 const char *hash, int *held, struct err *err);
	int (*adopt)(struct hubstore *hs, const struct bundle *b, const char *hash,
		     struct err *err);
	/* An imported bundle's acknowledgement: head gets its bundle id,
	 * device, seq and import time (not items); then item() is called
	 * with each appraisal the bundle brought and where it stands
	 * (current, history, conflict), in the order of their UUIDs, as
	 * the rows are read: none is held, whatever the bundle's size. */
	int (*ack_each)(struct hubstore *hs, const char *bundle_id, struct bundle_ack *head,
			void (*item)(const char *uuid, long long revision,
				     const char *status, void *arg),
			void *arg, struct err *err);
	int (*conflicts_each)(struct hubstore *hs,
			      int (*fn)(const struct hub_conflict_row *, void *),
			      void *arg, struct err *err);
	int (*device_seen)(struct hubstore *hs, const struct bundle *b,
			   char state[STORE_HUB_STATE], struct err *err);
	int (*device_other)(struct hubstore *hs, const char *device_id,
			    const unsigned char pk[BUNDLE_PK],
			    unsigned char other[BUNDLE_PK], struct err *err);
	int (*devices_each)(struct hubstore *hs,
			    int (*fn)(const struct hub_device_row *, void *), void *arg,
			    struct err *err);
	int (*device_set)(struct hubstore *hs, const unsigned char pk[BUNDLE_PK],
			  const char *state, const char *detail, struct err *err);
	int (*wait_add)(struct hubstore *hs, const struct bundle *b, const char *file,
			const void *data, size_t len, struct err *err);
	char **(*wait_list)(struct hubstore *hs, const unsigned char pk[BUNDLE_PK],
			    size_t *n, struct err *err);
	int (*wait_get)(struct hubstore *hs, const char *bundle_id, struct sbuf *data,
			char **file, struct err *err);
	int (*wait_del)(struct hubstore *hs, const char *bundle_id, struct err *err);
	int (*transfer)(struct hubstore *hs, const unsigned char from[BUNDLE_PK],
			const unsigned char to[BUNDLE_PK], const char *detail,
			size_t *moved, struct err *err);
	int (*held_each)(struct hubstore *hs, const unsigned char pk[BUNDLE_PK],
			 int (*fn)(const struct hub_held_row *, void *), void *arg,
			 struct err *err);
	/*
	 * Reading, for exports and reports: each means what its store_*
	 * namesake in store_export.h (store_form_get in store.h) means, and
	 * gives the same rows in the same order from either back end, so
	 * that an export of one hub is byte for byte the same on both.
	 */
	int (*form_get)(struct hubstore *hs, const char *hash, char **source,
			struct err *err);
	int (*forms_used_each)(struct hubstore *hs,
			       int (*fn)(const char *hash, const char *id,
					 const char *version, void *arg),
			       void *arg, struct err *err);
	int (*categories_each)(struct hubstore *hs,
			       int (*fn)(const char *category, void *arg), void *arg,
			       struct err *err);
	int (*stations_each)(struct hubstore *hs, const char *station,
			     int (*fn)(const char *name, void *arg), void *arg,
			     struct err *err);
	int (*tna_each)(struct hubstore *hs, const struct export_filter *f,
			const char *pdp_paths,
			int (*fn)(const struct tna_row *row, void *arg), void *arg,
			struct err *err);
	int (*outcomes_each)(struct hubstore *hs, const struct export_filter *f,
			     const char *review_lists,
			     int (*fn)(const struct outcome_row *row, void *arg),
			     void *arg, struct err *err);
	int (*appraisals_each)(struct hubstore *hs, int which,
			       const struct export_filter *f,
			       int (*fn)(const struct export_appraisal *a,
					 const struct export_answer *ans, size_t n,
					 void *arg),
			       void *arg, struct err *err);
	int (*completion_each)(struct hubstore *hs, const char *today,
			       int (*fn)(const struct completion_staff *s, void *arg),
			       void *arg, struct err *err);
	int (*counts)(struct hubstore *hs, long *staff, long *appraisals,
		      struct err *err);
	/*
	 * 360-degree feedback at the hub (hub_feedback*.c): each means what
	 * its store_feedback_hub_* namesake in store_feedback.h (fb_back_*:
	 * store_fbback_hub_*, store_feedback_back.h) means, with the same
	 * audit entries, on either back end.  fb_staff_name: the staff
	 * member's name (caller frees), 1; 0 when the hub has no such person.
	 */
	int (*fb_code)(struct hubstore *hs, const char *code_hash,
		       struct store_feedback_code *out, struct err *err);
	int (*fb_holder)(struct hubstore *hs, const char *staff_number,
			 const unsigned char *sign_pk, struct err *err);
	int (*fb_request_put)(struct hubstore *hs, const struct feedback_request *r,
			      const char *device_id, char (*hash)[FB_HASH_HEX + 1],
			      const enum fb_group *grp, size_t n, int *already,
			      struct err *err);
	int (*fb_request_get)(struct hubstore *hs, const char *id,
			      struct feedback_request *r, int *released, struct err *err);
	int (*fb_seen)(struct hubstore *hs, const char *response_id, struct err *err);
	int (*fb_response_put)(struct hubstore *hs, const char *code_hash,
			       const char *response_id, long long number,
			       const char *date, const void *sealed, size_t len,
			       int *result, struct err *err);
	int (*fb_responses_each)(struct hubstore *hs, const char *request_id,
				 int (*fn)(enum fb_group, const unsigned char *, size_t,
					   void *),
				 void *arg, struct err *err);
	int (*fb_release)(struct hubstore *hs, const char *request_id, const char *date,
			  const char *report, struct err *err);
	int (*fb_report)(struct hubstore *hs, const char *request_id, struct sbuf *out,
			 struct err *err);
	int (*fb_wait_put)(struct hubstore *hs, const char *code_hash,
			   const char *response_id, const void *sealed, size_t len,
			   int *already, struct err *err);
	int (*fb_wait_each)(struct hubstore *hs, const char *request_id,
			    int (*fn)(const char *response_id, const unsigned char *sealed,
				      size_t len, void *),
			    void *arg, struct err *err);
	int (*fb_wait_del)(struct hubstore *hs, const char *response_id, struct err *err);
	int (*fb_back_get)(struct hubstore *hs, const char *request_id,
			   struct feedback_back *b, unsigned char device_pk[BUNDLE_PK],
			   struct err *err);
	int (*fb_back_requests)(struct hubstore *hs, const char *device_id, char ***ids,
				size_t *n, struct err *err);
	int (*fb_staff_name)(struct hubstore *hs, const char *staff_number, char **name,
			     struct err *err);
	/*
	 * "How it went" (hub_voice.c, report_voice.c): each means what its
	 * store_voice_hub_* namesake in store_voice.h means (seen, put,
	 * each), with the same audit entries and the answers in ballot
	 * order, on either back end.
	 */
	int (*voice_seen)(struct hubstore *hs, const char *response_id, struct err *err);
	int (*voice_put)(struct hubstore *hs, const struct voice_response *r,
			 const char *response_id, const void *sealed, size_t len,
			 int *result, struct err *err);
	int (*voice_each)(struct hubstore *hs,
			  int (*fn)(const char *station, const char *quarter,
				    const unsigned char *sealed, size_t len, void *),
			  void *arg, struct err *err);
	/*
	 * Preparations from another laptop (hub_prepare.c): each means what
	 * its store_prepare_hub_* namesake in store_prepare_away.h means
	 * (request, answers, back_each), with the same refusals, on either
	 * back end.
	 */
	int (*prep_request)(struct hubstore *hs, const char *device,
			    const struct prep_travel *t, int expired, struct err *err);
	int (*prep_answers)(struct hubstore *hs, const struct prep_travel *t,
			    struct err *err);
	int (*prep_back_each)(struct hubstore *hs, const char *device,
			      int (*fn)(const struct prep_travel *t, void *arg),
			      void *arg, struct err *err);
	/*
	 * Responses waiting for a request the hub has not seen (hub_waiting.c,
	 * 'eadr hub feedback-waiting'): store_fbback_hub_wait_ages and
	 * store_fbback_hub_wait_purge (store_feedback_back.h) on either back
	 * end.  The caller audits and holds the transaction.
	 */
	int (*fb_wait_ages)(struct hubstore *hs, const char *before,
			    int (*fn)(const char *code_hash, long long n, const char *since,
				      void *arg),
			    void *arg, struct err *err);
	long long (*fb_wait_purge)(struct hubstore *hs, const char *before, struct err *err);
};

struct hubstore {
	const struct hubstore_ops *ops;
	void *impl;		/* the back end's handle (a struct store *, ...) */
	int owned;		/* close also closes impl */
};

extern const struct hubstore_ops hubstore_sqlite_ops;

/* A SQLite hub store over st, borrowed for the enclosing block (no close). */
#define HUBSTORE_SQLITE(st) (&(struct hubstore){ &hubstore_sqlite_ops, (st), 0 })

/* Is target a PostgreSQL connection string (postgresql://, postgres://,
 * or libpq's "key=value" form)? */
int hubstore_is_pg(const char *target);

/*
 * Open the hub named by a PostgreSQL connection string (libpq's PG*
 * variables and ~/.pgpass apply), bringing its schema up to date
 * (schema/pg/).  A password in the string is refused: it would be seen on
 * the command line and in the environment.  A build without libpq says so.
 * Returns a hubstore to free with hubstore_close, or NULL with err.
 */
struct hubstore *hubstore_open_pg(const char *conninfo, struct err *err);
/* A SQLite hub store over st; close also closes st. */
struct hubstore *hubstore_wrap_sqlite(struct store *st);
/* Close and free hs (NULL is fine). */
void hubstore_close(struct hubstore *hs);
/* Does this build have PostgreSQL support? */
int hubstore_have_pg(void);

/* A table's rows on both sides of a copy. */
struct hubstore_count {
	const char *table;	/* static */
	long long from, to;
};

/*
 * Copy the SQLite hub st into the PostgreSQL hub conninfo names (eadr hub
 * migrate-to), every table in one transaction, row ids kept.  A target
 * holding any row is refused unless replace, which empties it first (its
 * audit log too).  *counts (n of them, the caller frees the array) says
 * each table's rows on both sides.  Returns 0 when copied and every count
 * matches, 1 when a count differs (nothing is kept), -1 with err.
 */
int hubstore_migrate_to_pg(struct store *st, const char *conninfo, int replace,
			   struct hubstore_count **counts, size_t *n, struct err *err);

#endif
