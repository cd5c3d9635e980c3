/*
 * store_feedback.h - the SQL of 360-degree feedback (schema/008-feedback.sql):
 * the laptop's requests, code hashes, drafts and outbox, and the hub's
 * requests, responses and reports.  0 (or 1/0 for "found") and -1 with err.
 */
#ifndef EADR_STORE_FEEDBACK_H
#define EADR_STORE_FEEDBACK_H

#include "feedback.h"
#include "sbuf.h"
#include "store.h"

/* A request and the hashes of its codes (hash[i] of group grp[i]). */
int store_feedback_request_add(struct store *st, const struct feedback_request *r,
			       char (*hash)[FB_HASH_HEX + 1], const enum fb_group *grp,
			       size_t n, struct err *err);

/* Per request of staff_number, newest first: fn(request, used, arg) where
 * used[g] counts codes of group g used on this laptop. */
int store_feedback_requests_each(struct store *st, const char *staff_number,
				 int (*fn)(const struct feedback_request *,
					   const int used[FB_NGROUPS], void *),
				 void *arg, struct err *err);

/* The draft kept under draft_id: 1 and salt (16 bytes) and box appended to
 * out, 0 when there is none. */
int store_feedback_draft_get(struct store *st, const char *draft_id,
			     unsigned char salt[16], struct sbuf *box,
			     struct err *err);
int store_feedback_draft_put(struct store *st, const char *draft_id,
			     const unsigned char salt[16], const void *box,
			     size_t len, const char *date, struct err *err);

/* Count one more use of code_hash on this laptop; *number gets the count. */
int store_feedback_used_bump(struct store *st, const char *code_hash,
			     long long *number, struct err *err);

/* Put a sealed response in the outbox and delete the draft draft_id. */
int store_feedback_outbox_add(struct store *st, const char *id, const void *sealed,
			      size_t len, const char *date, const char *draft_id,
			      struct err *err);

/* Shared by store_feedback*.c only: insert n code hashes with sql
 * (?1 hash, ?2 request id, ?3 group word); fill r from the row's columns
 * col.. (id, staff_number, created_on, close_on, n_self .. n_other). */
struct sqlite3_stmt;
int store_feedback_codes_add(struct store *st, const char *sql, const char *request_id,
			     char (*hash)[FB_HASH_HEX + 1], const enum fb_group *grp,
			     size_t n, struct err *err);
void store_feedback_request_row(struct sqlite3_stmt *s, int col,
				struct feedback_request *r);

/*
 * What travels in the next bundle: every request the hub has not
 * acknowledged, as the fields of its record (id, staff number, close date,
 * five counts, its codes as "grp:hash" words sorted by hash), then every
 * sealed response the hub has not acknowledged.  A callback's non-zero
 * return stops the walk and is returned.  (The column sent: 0 never in a
 * bundle, -N in bundle N and waiting for its acknowledgement, N
 * acknowledged in bundle N.)
 */
int store_feedback_unsent_each(struct store *st,
			       int (*req)(const char *const *f, void *),
			       int (*resp)(const char *id, const unsigned char *sealed,
					   size_t len, void *),
			       void *arg, struct err *err);
/* The request (response 0) or sealed response (1) id went in bundle seq:
 * it waits for that bundle's acknowledgement (and travels again meanwhile). */
int store_feedback_mark_pushed(struct store *st, unsigned long long seq, int response,
			       const char *id, struct err *err);
/* The hub acknowledged this laptop's bundle bundle_id: what went in it last
 * is delivered and travels no more. */
int store_feedback_acked(struct store *st, const char *bundle_id, struct err *err);

/* ---- the hub ---- */

/* What the hub knows of a code: its request, group, close date, whether
 * the request's report was released.  1 found, 0 not. */
struct store_feedback_code {
	char request_id[UUID_LEN + 1];
	char close_on[DATE_LEN + 1];
	enum fb_group group;
	int released;
};
int store_feedback_hub_code(struct store *st, const char *code_hash,
			    struct store_feedback_code *out, struct err *err);

/* May the device signing with sign_pk (32 bytes) ask for feedback on
 * staff_number?  1 when it owns one of their appraisals here (hub_owners),
 * or no device owns any; 0 when others do and it does not; -1 error. */
int store_feedback_hub_holder(struct store *st, const char *staff_number,
			      const unsigned char *sign_pk, struct err *err);

/* Keep a request (with the hashes of its codes) sent by device_id.  A
 * request id already kept: 0 and *already = 1, nothing changed. */
int store_feedback_hub_request_put(struct store *st, const struct feedback_request *r,
				   const char *device_id,
				   char (*hash)[FB_HASH_HEX + 1], const enum fb_group *grp,
				   size_t n, int *already, struct err *err);
/* The request id: 1 and r filled (no codes), 0 none. */
int store_feedback_hub_request_get(struct store *st, const char *id,
				   struct feedback_request *r, int *released,
				   struct err *err);

/* Was this response id seen before?  1, 0, -1. */
int store_feedback_hub_seen(struct store *st, const char *response_id,
			    struct err *err);

/*
 * Keep a response (still sealed) for its code.  The response that counts
 * for a code is the one with the higher number, then the lower id; *result:
 * 0 new, 1 replaced an earlier one (audited), 2 kept the one there (this
 * one is older), and the id is remembered as seen in every case.
 */
int store_feedback_hub_response_put(struct store *st, const char *code_hash,
				    const char *response_id, long long number,
				    const char *date, const void *sealed, size_t len,
				    int *result, struct err *err);

/* Every kept response of a request: fn(group, sealed, len, arg). */
int store_feedback_hub_responses_each(struct store *st, const char *request_id,
				      int (*fn)(enum fb_group, const unsigned char *,
						size_t, void *),
				      void *arg, struct err *err);

/* Keep the report and delete the request's raw responses (audited). */
int store_feedback_hub_release(struct store *st, const char *request_id,
			       const char *date, const char *report,
			       struct err *err);
/* The released report: 1 and appended to out, 0 none. */
int store_feedback_hub_report(struct store *st, const char *request_id,
			      struct sbuf *out, struct err *err);

/*
 * A response whose code no request has yet, kept sealed under the hash of
 * its code until its request arrives: wait_put keeps it (kept before:
 * *already = 1, nothing changed); wait_each calls fn with each response
 * waiting for a code of request_id (by response id; a non-zero return
 * stops and is returned); wait_del forgets one once taken or refused.
 */
int store_feedback_hub_wait_put(struct store *st, const char *code_hash,
				const char *response_id, const void *sealed, size_t len,
				int *already, struct err *err);
int store_feedback_hub_wait_each(struct store *st, const char *request_id,
				 int (*fn)(const char *response_id,
					   const unsigned char *sealed, size_t len,
					   void *),
				 void *arg, struct err *err);
int store_feedback_hub_wait_del(struct store *st, const char *response_id,
				struct err *err);

#endif
