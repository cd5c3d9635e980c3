/*
 * hubpg_int.h - what the PostgreSQL back end's files share (hubpg.c,
 * hubpg_dev.c): the connection, parameters for PQexecParams, and the
 * functions of the hubstore_ops table.  Only built with libpq.
 */
#ifndef EADR_HUBPG_INT_H
#define EADR_HUBPG_INT_H

#include <libpq-fe.h>

#include "hubstore.h"

#define HUBPG_WINDOW 64		/* appraisals sent before their answers */
#define HUBPG_PIPE_MAX (2 * HUBPG_WINDOW + 8)	/* statements in one round trip */
struct hubpg_app;

struct hubpg {
	PGconn *conn;
	char *name;			/* the connection string, for messages */
	char device_id[UUID_LEN + 1];	/* this hub's identity in its audit */
	int depth, failed;		/* nested begin/commit, as store.c */
	struct sbuf rows[3];		/* answers, goals, sign-offs waiting
					   for one COPY each (hubpg_merge.c) */
	unsigned prepared;		/* statements prepared (hubpg_pipe.c) */
	int piped, npipe;		/* in pipeline mode; statements sent */
	struct {
		const char *what;
		char who[64];		/* "staff member N", for messages */
		int prep;		/* a prepare of statement prep - 1 */
		int keep;		/* its result is wanted */
	} pipe[HUBPG_PIPE_MAX];
	struct hubpg_app *apps;		/* appraisals sent, not yet answered */
	size_t napps;
	size_t left;			/* the bundle's appraisals not yet sent */
	size_t held;			/* held revisions answered, not yet told */
};

#define HUBPG(hs) ((struct hubpg *)(hs)->impl)

/* Parameters of one statement: text, integers (as text), bytea (binary). */
#define PGP_MAX 20
struct pgp {
	const char *v[PGP_MAX];
	int len[PGP_MAX], fmt[PGP_MAX], n;
	char num[PGP_MAX][24];
};
void pgp_text(struct pgp *p, const char *s);	/* NULL: SQL NULL */
void pgp_int(struct pgp *p, long long v);
void pgp_blob(struct pgp *p, const void *b, size_t len);

/* Run sql with p (may be NULL): the result (PQclear it) when it returned
 * rows or completed, else NULL with err naming what was being done. */
PGresult *hubpg_run(struct hubpg *pg, const char *sql, const struct pgp *p,
		    const char *what, struct err *err);
/* The same, the rows it changed (or returned), or -1. */
long long hubpg_exec(struct hubpg *pg, const char *sql, const struct pgp *p,
		     const char *what, struct err *err);
/*
 * Run sql with p (may be NULL), calling row(r, arg) with each row as it
 * arrives (row 0 of r: single-row mode, so memory stays flat at any size;
 * row must not use the connection).  row's non-zero return stops the calls
 * (the rest is read and dropped) and is returned; 0 when all were read;
 * -1 with err naming what was being done.
 */
int hubpg_each(struct hubpg *pg, const char *sql, const struct pgp *p,
	       const char *what, int (*row)(const PGresult *r, void *arg), void *arg,
	       struct err *err);
/* A bytea column of exactly len bytes into out: 1, else 0 (NULL or not len). */
int hubpg_blob(const PGresult *r, int row, int col, unsigned char *out, size_t len);
/* A bytea column, malloc'd (the caller frees); *len its size. */
unsigned char *hubpg_blob_dup(const PGresult *r, int row, int col, size_t *len);
/* A text column, or NULL when it is SQL NULL (borrowed from r). */
const char *hubpg_text(const PGresult *r, int row, int col);

/* hubpg_dev.c: devices, the waiting area, ownership (see store_hub.h). */
int hubpg_device_seen(struct hubstore *hs, const struct bundle *b,
		      char state[STORE_HUB_STATE], struct err *err);
int hubpg_device_other(struct hubstore *hs, const char *device_id,
		       const unsigned char pk[BUNDLE_PK], unsigned char other[BUNDLE_PK],
		       struct err *err);
int hubpg_devices_each(struct hubstore *hs,
		       int (*fn)(const struct hub_device_row *, void *), void *arg,
		       struct err *err);
int hubpg_device_set(struct hubstore *hs, const unsigned char pk[BUNDLE_PK],
		     const char *state, const char *detail, struct err *err);
int hubpg_wait_add(struct hubstore *hs, const struct bundle *b, const char *file,
		   const void *data, size_t len, struct err *err);
char **hubpg_wait_list(struct hubstore *hs, const unsigned char pk[BUNDLE_PK],
		       size_t *n, struct err *err);
int hubpg_wait_get(struct hubstore *hs, const char *bundle_id, struct sbuf *data,
		   char **file, struct err *err);
int hubpg_wait_del(struct hubstore *hs, const char *bundle_id, struct err *err);
int hubpg_transfer(struct hubstore *hs, const unsigned char from[BUNDLE_PK],
		   const unsigned char to[BUNDLE_PK], const char *detail,
		   size_t *moved, struct err *err);
int hubpg_held_each(struct hubstore *hs, const unsigned char pk[BUNDLE_PK],
		    int (*fn)(const struct hub_held_row *, void *), void *arg,
		    struct err *err);
/* hubpg_merge.c: the merge (see store_hub.h). */
int hubpg_bundle_known(struct hubstore *hs, const char *id, struct err *err);
int hubpg_bundle_add(struct hubstore *hs, const struct bundle *b, const char *file,
		     struct err *err);
int hubpg_staff(struct hubstore *hs, const struct bundle_rec *r, const char *hash,
		struct err *err);
int hubpg_appraisal(struct hubstore *hs, const struct bundle *b, size_t i,
		    const char *hash, int *held, struct err *err);
int hubpg_adopt(struct hubstore *hs, const struct bundle *b, const char *hash,
		struct err *err);
int hubpg_ack_each(struct hubstore *hs, const char *id, struct bundle_ack *a,
		   void (*item)(const char *uuid, long long revision, const char *status,
				void *arg),
		   void *arg, struct err *err);
int hubpg_conflicts_each(struct hubstore *hs,
			 int (*fn)(const struct hub_conflict_row *, void *), void *arg,
			 struct err *err);
/* Send the answers, goals and sign-offs gathered so far, one COPY per
 * table (before the commit, or a delete of those tables): 0 or -1. */
int hubpg_rows_flush(struct hubpg *pg, struct err *err);
/* Forget them (a rollback). */
void hubpg_rows_drop(struct hubpg *pg);
/* The appraisals sent in the pipeline, answered and merged (hubpg_run and
 * the COPYs call it first): 0 or -1 with err; or forgotten (a rollback). */
int hubpg_apps_finish(struct hubpg *pg, struct err *err);
void hubpg_apps_drop(struct hubpg *pg);
/* hubpg_copy.c: COPY's text format (a value escaped, a bytea as \\x and
 * hex); the start of a COPY ... FROM STDIN and its end (failed: abandon
 * it): 0 or -1 with err. */
int hubpg_copy_begin(struct hubpg *pg, const char *sql, const char *what,
		     struct err *err);
void hubpg_copy_text(struct sbuf *sb, const char *s, size_t len);
void hubpg_copy_blob(struct sbuf *sb, const unsigned char *b, size_t len);
int hubpg_copy_end(struct hubpg *pg, int failed, const char *what, struct err *err);
/* hubpg_pipe.c: statement k (below 32) of the import, prepared once per
 * connection, sent in pipeline mode without waiting for its result; who
 * and what name it in a message.  0 or -1 with err. */
int hubpg_pipe_send(struct hubpg *pg, int k, const char *sql, const struct pgp *p,
		    int keep, const char *who, const char *what, struct err *err);
/* The results of what was sent, in one round trip, and pipeline mode left
 * (nothing when none was sent); kept[0..nkept) get the results of those
 * sent with keep, in order (PQclear them).  0, or -1 with err naming the
 * first that failed (and kept all NULL). */
int hubpg_pipe_end(struct hubpg *pg, PGresult **kept, size_t nkept, struct err *err);
/* The same, for a rollback: errors ignored. */
void hubpg_pipe_drop(struct hubpg *pg);
/* hubpg_read.c: reading, for exports and reports (see hubstore.h). */
int hubpg_form_get(struct hubstore *hs, const char *hash, char **source,
		   struct err *err);
int hubpg_forms_used_each(struct hubstore *hs,
			  int (*fn)(const char *, const char *, const char *, void *),
			  void *arg, struct err *err);
int hubpg_categories_each(struct hubstore *hs, int (*fn)(const char *, void *),
			  void *arg, struct err *err);
int hubpg_stations_each(struct hubstore *hs, const char *station,
			int (*fn)(const char *, void *), void *arg, struct err *err);
int hubpg_tna_each(struct hubstore *hs, const struct export_filter *f,
		   const char *pdp_paths, int (*fn)(const struct tna_row *, void *),
		   void *arg, struct err *err);
int hubpg_outcomes_each(struct hubstore *hs, const struct export_filter *f,
			const char *review_lists,
			int (*fn)(const struct outcome_row *, void *), void *arg,
			struct err *err);
int hubpg_appraisals_each(struct hubstore *hs, int which,
			  const struct export_filter *f,
			  int (*fn)(const struct export_appraisal *,
				    const struct export_answer *, size_t, void *),
			  void *arg, struct err *err);
int hubpg_completion_each(struct hubstore *hs, const char *today,
			  int (*fn)(const struct completion_staff *, void *),
			  void *arg, struct err *err);
int hubpg_counts(struct hubstore *hs, long *staff, long *appraisals,
		 struct err *err);
/* hubpg_feedback.c: 360-degree feedback (the fb_* of hubstore.h). */
int hubpg_fb_code(struct hubstore *hs, const char *code_hash,
		  struct store_feedback_code *out, struct err *err);
int hubpg_fb_holder(struct hubstore *hs, const char *staff_number,
		    const unsigned char *sign_pk, struct err *err);
int hubpg_fb_request_put(struct hubstore *hs, const struct feedback_request *r,
			 const char *device_id, char (*hash)[FB_HASH_HEX + 1],
			 const enum fb_group *grp, size_t n, int *already,
			 struct err *err);
int hubpg_fb_request_get(struct hubstore *hs, const char *id,
			 struct feedback_request *r, int *released, struct err *err);
int hubpg_fb_seen(struct hubstore *hs, const char *response_id, struct err *err);
int hubpg_fb_response_put(struct hubstore *hs, const char *code_hash,
			  const char *response_id, long long number, const char *date,
			  const void *sealed, size_t len, int *result, struct err *err);
int hubpg_fb_responses_each(struct hubstore *hs, const char *request_id,
			    int (*fn)(enum fb_group, const unsigned char *, size_t, void *),
			    void *arg, struct err *err);
int hubpg_fb_release(struct hubstore *hs, const char *request_id, const char *date,
		     const char *report, struct err *err);
int hubpg_fb_report(struct hubstore *hs, const char *request_id, struct sbuf *out,
		    struct err *err);
int hubpg_fb_wait_put(struct hubstore *hs, const char *code_hash,
		      const char *response_id, const void *sealed, size_t len,
		      int *already, struct err *err);
int hubpg_fb_wait_each(struct hubstore *hs, const char *request_id,
		       int (*fn)(const char *, const unsigned char *, size_t, void *),
		       void *arg, struct err *err);
int hubpg_fb_wait_del(struct hubstore *hs, const char *response_id, struct err *err);
int hubpg_fb_wait_ages(struct hubstore *hs, const char *before,
		       int (*fn)(const char *, long long, const char *, void *),
		       void *arg, struct err *err);
long long hubpg_fb_wait_purge(struct hubstore *hs, const char *before, struct err *err);
int hubpg_fb_back_get(struct hubstore *hs, const char *request_id,
		      struct feedback_back *b, unsigned char device_pk[BUNDLE_PK],
		      struct err *err);
int hubpg_fb_back_requests(struct hubstore *hs, const char *device_id, char ***ids,
			   size_t *n, struct err *err);
int hubpg_fb_staff_name(struct hubstore *hs, const char *staff_number, char **name,
			struct err *err);
/* hubpg_voice.c: how it went (the voice_* of hubstore.h). */
int hubpg_voice_seen(struct hubstore *hs, const char *response_id, struct err *err);
int hubpg_voice_put(struct hubstore *hs, const struct voice_response *v,
		    const char *response_id, const void *sealed, size_t len,
		    int *result, struct err *err);
int hubpg_voice_each(struct hubstore *hs,
		     int (*fn)(const char *, const char *, const unsigned char *, size_t,
			       void *),
		     void *arg, struct err *err);
/* hubpg_prepare.c: preparations from another laptop (the prep_*). */
int hubpg_prep_request(struct hubstore *hs, const char *device,
		       const struct prep_travel *t, int expired, struct err *err);
int hubpg_prep_answers(struct hubstore *hs, const struct prep_travel *t,
		       struct err *err);
int hubpg_prep_back_each(struct hubstore *hs, const char *device,
			 int (*fn)(const struct prep_travel *, void *), void *arg,
			 struct err *err);
/* hubpg.c, used by the others */
int hubpg_begin(struct hubstore *hs, struct err *err);
int hubpg_commit(struct hubstore *hs, struct err *err);
void hubpg_rollback(struct hubstore *hs);
int hubpg_audit(struct hubstore *hs, const char *action, const char *detail,
		struct err *err);

#endif
