/*
 * hubstore.c - the hub store interface (see hubstore.h): the SQLite back
 * end, which wraps store_hub*.c unchanged, and the choice of back end from
 * what --hub or $EADR_HUB names.
 */
#include <stdlib.h>
#include <string.h>

#include "hubstore.h"
#include "store_prepare_away.h"
#include "store_sync.h"
#include "store_voice.h"
#include "util.h"

#define ST(hs) ((struct store *)(hs)->impl)

static const char *sq_name(struct hubstore *hs) { return store_path(ST(hs)); }
static void sq_close(struct hubstore *hs) { store_close(ST(hs)); }
static int sq_begin(struct hubstore *hs, struct err *err) { return store_begin(ST(hs), err); }
static int sq_commit(struct hubstore *hs, struct err *err) { return store_commit(ST(hs), err); }
static void sq_rollback(struct hubstore *hs) { store_rollback(ST(hs)); }

static int sq_key_get(struct hubstore *hs, const char *name, unsigned char *pk,
		      size_t pklen, unsigned char *sk, size_t sklen, struct err *err)
{
	return store_sync_key_get(ST(hs), name, pk, pklen, sk, sklen, err);
}

static int sq_key_put(struct hubstore *hs, const char *name, const unsigned char *pk,
		      size_t pklen, const unsigned char *sk, size_t sklen,
		      struct err *err)
{
	return store_sync_key_put(ST(hs), name, pk, pklen, sk, sklen, err);
}

static int sq_audit(struct hubstore *hs, const char *action, const char *detail,
		    struct err *err)
{
	return store_audit(ST(hs), NULL, NULL, action, detail, err);
}

static int sq_form_put(struct hubstore *hs, const char *hash, const char *form_id,
		       const char *version, const char *source, struct err *err)
{
	return store_form_put(ST(hs), hash, form_id, version, source, err);
}

static int sq_bundle_known(struct hubstore *hs, const char *id, struct err *err)
{
	return store_hub_bundle_known(ST(hs), id, err);
}

static int sq_bundle_add(struct hubstore *hs, const struct bundle *b, const char *file,
			 struct err *err)
{
	return store_hub_bundle_add(ST(hs), b, file, err);
}

static int sq_staff(struct hubstore *hs, const struct bundle_rec *r, const char *hash,
		    struct err *err)
{
	return store_hub_staff(ST(hs), r, hash, err);
}

static int sq_appraisal(struct hubstore *hs, const struct bundle *b, size_t i,
			const char *hash, int *held, struct err *err)
{
	return store_hub_appraisal(ST(hs), b, i, hash, held, err);
}

static int sq_adopt(struct hubstore *hs, const struct bundle *b, const char *hash,
		    struct err *err)
{
	return store_hub_adopt(ST(hs), b, hash, err);
}

static int sq_ack_each(struct hubstore *hs, const char *id, struct bundle_ack *a,
		       void (*item)(const char *, long long, const char *, void *),
		       void *arg, struct err *err)
{
	return store_hub_ack_each(ST(hs), id, a, item, arg, err);
}

static int sq_conflicts_each(struct hubstore *hs,
			     int (*fn)(const struct hub_conflict_row *, void *),
			     void *arg, struct err *err)
{
	return store_hub_conflicts_each(ST(hs), fn, arg, err);
}

static int sq_device_seen(struct hubstore *hs, const struct bundle *b,
			  char state[STORE_HUB_STATE], struct err *err)
{
	return store_hub_device_seen(ST(hs), b, state, err);
}

static int sq_device_other(struct hubstore *hs, const char *device_id,
			   const unsigned char pk[BUNDLE_PK],
			   unsigned char other[BUNDLE_PK], struct err *err)
{
	return store_hub_device_other(ST(hs), device_id, pk, other, err);
}

static int sq_devices_each(struct hubstore *hs,
			   int (*fn)(const struct hub_device_row *, void *), void *arg,
			   struct err *err)
{
	return store_hub_devices_each(ST(hs), fn, arg, err);
}

static int sq_device_set(struct hubstore *hs, const unsigned char pk[BUNDLE_PK],
			 const char *state, const char *detail, struct err *err)
{
	return store_hub_device_set(ST(hs), pk, state, detail, err);
}

static int sq_wait_add(struct hubstore *hs, const struct bundle *b, const char *file,
		       const void *data, size_t len, struct err *err)
{
	return store_hub_wait_add(ST(hs), b, file, data, len, err);
}

static char **sq_wait_list(struct hubstore *hs, const unsigned char pk[BUNDLE_PK],
			   size_t *n, struct err *err)
{
	return store_hub_wait_list(ST(hs), pk, n, err);
}

static int sq_wait_get(struct hubstore *hs, const char *id, struct sbuf *data,
		       char **file, struct err *err)
{
	return store_hub_wait_get(ST(hs), id, data, file, err);
}

static int sq_wait_del(struct hubstore *hs, const char *id, struct err *err)
{
	return store_hub_wait_del(ST(hs), id, err);
}

static int sq_transfer(struct hubstore *hs, const unsigned char from[BUNDLE_PK],
		       const unsigned char to[BUNDLE_PK], const char *detail,
		       size_t *moved, struct err *err)
{
	return store_hub_transfer(ST(hs), from, to, detail, moved, err);
}

static int sq_held_each(struct hubstore *hs, const unsigned char pk[BUNDLE_PK],
			int (*fn)(const struct hub_held_row *, void *), void *arg,
			struct err *err)
{
	return store_hub_held_each(ST(hs), pk, fn, arg, err);
}

static int sq_form_get(struct hubstore *hs, const char *hash, char **source,
		       struct err *err)
{
	return store_form_get(ST(hs), hash, source, err);
}

static int sq_forms_used_each(struct hubstore *hs,
			      int (*fn)(const char *, const char *, const char *, void *),
			      void *arg, struct err *err)
{
	return store_forms_used_each(ST(hs), fn, arg, err);
}

static int sq_categories_each(struct hubstore *hs, int (*fn)(const char *, void *),
			      void *arg, struct err *err)
{
	return store_categories_each(ST(hs), fn, arg, err);
}

static int sq_stations_each(struct hubstore *hs, const char *station,
			    int (*fn)(const char *, void *), void *arg, struct err *err)
{
	return store_stations_each(ST(hs), station, fn, arg, err);
}

static int sq_tna_each(struct hubstore *hs, const struct export_filter *f,
		       const char *pdp_paths,
		       int (*fn)(const struct tna_row *, void *), void *arg,
		       struct err *err)
{
	return store_tna_each_with(ST(hs), f, pdp_paths, fn, arg, err);
}

static int sq_outcomes_each(struct hubstore *hs, const struct export_filter *f,
			    const char *review_lists,
			    int (*fn)(const struct outcome_row *, void *), void *arg,
			    struct err *err)
{
	return store_outcomes_each(ST(hs), f, review_lists, fn, arg, err);
}

static int sq_appraisals_each(struct hubstore *hs, int which,
			      const struct export_filter *f,
			      int (*fn)(const struct export_appraisal *,
					const struct export_answer *, size_t, void *),
			      void *arg, struct err *err)
{
	return store_appraisals_each(ST(hs), which, f, fn, arg, err);
}

static int sq_completion_each(struct hubstore *hs, const char *today,
			      int (*fn)(const struct completion_staff *, void *),
			      void *arg, struct err *err)
{
	return store_completion_each(ST(hs), today, fn, arg, err);
}

static int sq_counts(struct hubstore *hs, long *staff, long *appraisals,
		     struct err *err)
{
	return store_counts(ST(hs), staff, appraisals, err);
}

/* ---- 360-degree feedback (store_feedback_hub.c, store_feedback_back.c) ---- */

static int sq_fb_code(struct hubstore *hs, const char *code_hash,
		      struct store_feedback_code *out, struct err *err)
{
	return store_feedback_hub_code(ST(hs), code_hash, out, err);
}

static int sq_fb_holder(struct hubstore *hs, const char *staff_number,
			const unsigned char *sign_pk, struct err *err)
{
	return store_feedback_hub_holder(ST(hs), staff_number, sign_pk, err);
}

static int sq_fb_request_put(struct hubstore *hs, const struct feedback_request *r,
			     const char *device_id, char (*hash)[FB_HASH_HEX + 1],
			     const enum fb_group *grp, size_t n, int *already,
			     struct err *err)
{
	return store_feedback_hub_request_put(ST(hs), r, device_id, hash, grp, n,
					      already, err);
}

static int sq_fb_request_get(struct hubstore *hs, const char *id,
			     struct feedback_request *r, int *released, struct err *err)
{
	return store_feedback_hub_request_get(ST(hs), id, r, released, err);
}

static int sq_fb_seen(struct hubstore *hs, const char *response_id, struct err *err)
{
	return store_feedback_hub_seen(ST(hs), response_id, err);
}

static int sq_fb_response_put(struct hubstore *hs, const char *code_hash,
			      const char *response_id, long long number,
			      const char *date, const void *sealed, size_t len,
			      int *result, struct err *err)
{
	return store_feedback_hub_response_put(ST(hs), code_hash, response_id, number,
					       date, sealed, len, result, err);
}

static int sq_fb_responses_each(struct hubstore *hs, const char *request_id,
				int (*fn)(enum fb_group, const unsigned char *, size_t,
					  void *),
				void *arg, struct err *err)
{
	return store_feedback_hub_responses_each(ST(hs), request_id, fn, arg, err);
}

static int sq_fb_release(struct hubstore *hs, const char *request_id, const char *date,
			 const char *report, struct err *err)
{
	return store_feedback_hub_release(ST(hs), request_id, date, report, err);
}

static int sq_fb_report(struct hubstore *hs, const char *request_id, struct sbuf *out,
			struct err *err)
{
	return store_feedback_hub_report(ST(hs), request_id, out, err);
}

static int sq_fb_wait_put(struct hubstore *hs, const char *code_hash,
			  const char *response_id, const void *sealed, size_t len,
			  int *already, struct err *err)
{
	return store_feedback_hub_wait_put(ST(hs), code_hash, response_id, sealed, len,
					   already, err);
}

static int sq_fb_wait_each(struct hubstore *hs, const char *request_id,
			   int (*fn)(const char *, const unsigned char *, size_t, void *),
			   void *arg, struct err *err)
{
	return store_feedback_hub_wait_each(ST(hs), request_id, fn, arg, err);
}

static int sq_fb_wait_del(struct hubstore *hs, const char *response_id, struct err *err)
{
	return store_feedback_hub_wait_del(ST(hs), response_id, err);
}

static int sq_fb_back_get(struct hubstore *hs, const char *request_id,
			  struct feedback_back *b, unsigned char device_pk[BUNDLE_PK],
			  struct err *err)
{
	return store_fbback_hub_get(ST(hs), request_id, b, device_pk, err);
}

static int sq_fb_back_requests(struct hubstore *hs, const char *device_id, char ***ids,
			       size_t *n, struct err *err)
{
	return store_fbback_hub_requests(ST(hs), device_id, ids, n, err);
}

static int sq_fb_wait_ages(struct hubstore *hs, const char *before,
			   int (*fn)(const char *, long long, const char *, void *),
			   void *arg, struct err *err)
{
	return store_fbback_hub_wait_ages(ST(hs), before, fn, arg, err);
}

static long long sq_fb_wait_purge(struct hubstore *hs, const char *before, struct err *err)
{
	return store_fbback_hub_wait_purge(ST(hs), before, err);
}

static int sq_fb_staff_name(struct hubstore *hs, const char *staff_number, char **name,
			    struct err *err)
{
	struct staff who = { 0 };
	int rc = store_staff_get(ST(hs), staff_number, &who, err);

	*name = NULL;
	if (rc > 0) {
		*name = who.name;
		who.name = NULL;
	}
	staff_release(&who);
	return rc;
}

static int sq_voice_seen(struct hubstore *hs, const char *response_id, struct err *err)
{
	return store_voice_hub_seen(ST(hs), response_id, err);
}

static int sq_voice_put(struct hubstore *hs, const struct voice_response *r,
			const char *response_id, const void *sealed, size_t len,
			int *result, struct err *err)
{
	return store_voice_hub_put(ST(hs), r, response_id, sealed, len, result, err);
}

static int sq_voice_each(struct hubstore *hs,
			 int (*fn)(const char *, const char *, const unsigned char *,
				   size_t, void *),
			 void *arg, struct err *err)
{
	return store_voice_hub_each(ST(hs), fn, arg, err);
}

static int sq_prep_request(struct hubstore *hs, const char *device,
			   const struct prep_travel *t, int expired, struct err *err)
{
	return store_prepare_hub_request(ST(hs), device, t, expired, err);
}

static int sq_prep_answers(struct hubstore *hs, const struct prep_travel *t,
			   struct err *err)
{
	return store_prepare_hub_answers(ST(hs), t, err);
}

static int sq_prep_back_each(struct hubstore *hs, const char *device,
			     int (*fn)(const struct prep_travel *, void *), void *arg,
			     struct err *err)
{
	return store_prepare_hub_back_each(ST(hs), device, fn, arg, err);
}

const struct hubstore_ops hubstore_sqlite_ops = {
	sq_name, sq_close, sq_begin, sq_commit, sq_rollback, sq_key_get, sq_key_put,
	sq_audit, sq_form_put, sq_bundle_known, sq_bundle_add, sq_staff,
	sq_appraisal, sq_adopt, sq_ack_each, sq_conflicts_each, sq_device_seen,
	sq_device_other, sq_devices_each, sq_device_set, sq_wait_add, sq_wait_list,
	sq_wait_get, sq_wait_del, sq_transfer, sq_held_each, sq_form_get,
	sq_forms_used_each, sq_categories_each, sq_stations_each, sq_tna_each,
	sq_outcomes_each, sq_appraisals_each, sq_completion_each, sq_counts,
	sq_fb_code, sq_fb_holder, sq_fb_request_put, sq_fb_request_get, sq_fb_seen,
	sq_fb_response_put, sq_fb_responses_each, sq_fb_release, sq_fb_report,
	sq_fb_wait_put, sq_fb_wait_each, sq_fb_wait_del, sq_fb_back_get,
	sq_fb_back_requests, sq_fb_staff_name, sq_voice_seen, sq_voice_put,
	sq_voice_each, sq_prep_request, sq_prep_answers, sq_prep_back_each,
	.fb_wait_ages = sq_fb_wait_ages,
	.fb_wait_purge = sq_fb_wait_purge,
};

int hubstore_is_pg(const char *target)
{
	size_t k;

	if (!target)
		return 0;
	if (!strncmp(target, "postgresql://", 13) || !strncmp(target, "postgres://", 11))
		return 1;
	/* libpq's "host=... dbname=..." form: a keyword, then '='. */
	k = strspn(target, "abcdefghijklmnopqrstuvwxyz_");
	while (target[k] == ' ')
		k++;
	return k > 0 && target[k] == '=';
}

struct hubstore *hubstore_wrap_sqlite(struct store *st)
{
	struct hubstore *hs = xmalloc(sizeof(*hs));

	hs->ops = &hubstore_sqlite_ops;
	hs->impl = st;
	hs->owned = 1;
	return hs;
}

void hubstore_close(struct hubstore *hs)
{
	if (!hs)
		return;
	if (hs->owned)
		hs->ops->close(hs);
	free(hs);
}

#ifndef HAVE_LIBPQ
int hubstore_have_pg(void)
{
	return 0;
}

struct hubstore *hubstore_open_pg(const char *conninfo, struct err *err)
{
	(void)conninfo;
	err_set(err, "this build of eadr has no PostgreSQL support (it was built "
		"without libpq): use a SQLite hub (--db FILE), or build eadr with the "
		"Debian package libpq-dev installed");
	return NULL;
}

int hubstore_migrate_to_pg(struct store *st, const char *conninfo, int replace,
			   struct hubstore_count **counts, size_t *n, struct err *err)
{
	(void)st;
	(void)replace;
	*counts = NULL;
	*n = 0;
	return hubstore_open_pg(conninfo, err) ? 0 : -1;
}
#endif
