/*
 * hub.c - the hub's side of sync (see hub.h).  Every bundle is checked
 * whole (bundle_open) before the database is touched, then merged one
 * appraisal at a time in one transaction by store_hub.c; the outcome does
 * not depend on the order.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "bundle.h"
#include "fileio.h"
#include "hub.h"
#include "hub_feedback.h"
#include "hub_voice.h"
#include "prepare_away.h"
#include "hubstore.h"
#include "sync.h"

struct hub_keys {
	unsigned char sign_pk[BUNDLE_PK], sign_sk[BUNDLE_SK];
	unsigned char box_pk[BUNDLE_PK], box_sk[BUNDLE_BOX_SK];
};

void hub_file_result_release(struct hub_file_result *r)
{
	if (!r)
		return;
	free(r->ack_path);
	free(r->fb_problems);
	memset(r, 0, sizeof(*r));
}

static int load_keys(struct hubstore *hs, struct hub_keys *k, struct err *err)
{
	int a = hs->ops->key_get(hs, "hub-sign", k->sign_pk, BUNDLE_PK, k->sign_sk,
				   BUNDLE_SK, err);
	int b = a < 0 ? -1 : hs->ops->key_get(hs, "hub-box", k->box_pk, BUNDLE_PK,
						 k->box_sk, BUNDLE_BOX_SK, err);

	if (a < 0 || b < 0)
		return -1;
	if (!a || !b)
		return err_set(err, "%s is not a hub database yet: run 'eadr hub init' "
			       "on the hub's database first", hs->ops->name(hs));
	return 0;
}

int hub_init(struct hubstore *hs, const char *pubfile, int *created, char fp[25],
	     struct err *err)
{
	struct hub_keys k;
	struct sbuf text = SBUF_INIT;
	int rc = -1, have;

	*created = 0;
	if (bundle_crypto_init(err) < 0)
		return -1;
	have = hs->ops->key_get(hs, "hub-sign", k.sign_pk, BUNDLE_PK, k.sign_sk,
				  BUNDLE_SK, err);
	if (have < 0)
		goto out;
	if (have) {
		if (load_keys(hs, &k, err) < 0)
			goto out;
	} else {
		crypto_sign_keypair(k.sign_pk, k.sign_sk);
		crypto_box_keypair(k.box_pk, k.box_sk);
		if (hs->ops->begin(hs, err) < 0)
			goto out;
		if (hs->ops->key_put(hs, "hub-sign", k.sign_pk, BUNDLE_PK, k.sign_sk,
				       BUNDLE_SK, err) < 0 ||
		    hs->ops->key_put(hs, "hub-box", k.box_pk, BUNDLE_PK, k.box_sk,
				       BUNDLE_BOX_SK, err) < 0 ||
		    hs->ops->audit(hs, "hub-init", "", err) < 0) {
			hs->ops->rollback(hs);
			goto out;
		}
		if (hs->ops->commit(hs, err) < 0)
			goto out;
		*created = 1;
	}
	bundle_hub_fingerprint(k.sign_pk, k.box_pk, fp);
	bundle_hubkey_write(k.sign_pk, k.box_pk, k.sign_sk, &text);
	rc = file_write_atomic(pubfile, text.buf, text.len, 0600, err);
out:
	sodium_memzero(&k, sizeof(k));
	sbuf_release(&text);
	return rc;
}

char **hub_expand(char *const *args, int nargs, size_t *n, struct err *err)
{
	char **v = NULL;
	size_t alloc = 0;

	*n = 0;
	for (int i = 0; i < nargs; i++) {
		struct stat sb;
		char **names;
		size_t m;

		if (stat(args[i], &sb) < 0) {
			err_set(err, "%s: %s", args[i], strerror(errno));
			goto fail;
		}
		if (!S_ISDIR(sb.st_mode)) {
			names = xmalloc(sizeof(*names));
			names[0] = xstrdup(args[i]);
			m = 1;
		} else if (!(names = sync_list_dir(args[i], ".bundle", &m, err))) {
			goto fail;
		} else {
			for (size_t j = 0; j < m; j++) {
				struct sbuf p = SBUF_INIT;

				sync_join(&p, args[i], names[j]);
				free(names[j]);
				names[j] = sbuf_detach(&p);
			}
		}
		if (*n + m > alloc) {
			alloc = 2 * (*n + m) + 8;
			v = xrealloc(v, alloc * sizeof(*v));
		}
		memcpy(v + *n, names, m * sizeof(*v));
		*n += m;
		free(names);
	}
	if (!v)
		v = xmalloc(sizeof(*v));
	return v;
fail:
	for (size_t i = 0; i < *n; i++)
		free(v[i]);
	free(v);
	*n = 0;
	return NULL;
}

/* BLAKE2b-256 (hex) of bytes, or of a record's fields, length-prefixed. */
static void hash_hex(const unsigned char *p, size_t n, char out[65])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), p, n, NULL, 0);
	bundle_hex(h, sizeof(h), out);
}

static void rec_hash(const struct bundle_rec *r, int nf, char out[65])
{
	crypto_generichash_state s;
	unsigned char h[32];

	crypto_generichash_init(&s, NULL, 0, sizeof(h));
	for (int i = 0; i < nf; i++) {
		unsigned char len[8] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
		size_t n = r->f[i] ? strlen(r->f[i]) : 0;

		if (r->f[i])
			for (int k = 0; k < 8; k++)
				len[k] = (unsigned char)(n >> (8 * (7 - k)));
		crypto_generichash_update(&s, len, sizeof(len));
		if (r->f[i])
			crypto_generichash_update(&s, (const unsigned char *)r->f[i], n);
	}
	crypto_generichash_final(&s, h, sizeof(h));
	bundle_hex(h, sizeof(h), out);
}

/* A feedback record refused: counted and explained, the bundle goes on. */
static void fb_refuse(struct hub_file_result *r, const char *path, const char *why)
{
	struct sbuf sb = SBUF_INIT;

	if (!r)
		return;
	r->fb_refused++;
	if (r->fb_problems)
		sbuf_adds(&sb, r->fb_problems);
	sbuf_addf(&sb, "%s: %s\n", path, why);
	free(r->fb_problems);
	r->fb_problems = sbuf_detach(&sb);
}

void hub_record_refused(struct hub_file_result *r, const char *path, const char *why)
{
	fb_refuse(r, path, why);
	if (r) {		/* counted as an answer of how it went, not as feedback */
		r->fb_refused--;
		r->voice_refused++;
	}
}

/* A unit that is a feedback request or response (hub_feedback.c, on either
 * back end).  r may be NULL (nothing counted); only errors return -1. */
static int feedback_unit(struct hubstore *hs, const struct bundle *u, const char *path,
			 struct hub_file_result *r, struct err *err)
{
	struct err why = ERR_INIT;
	enum hub_feedback_outcome o = HUB_FB_NEW;
	unsigned char *sealed = NULL;
	size_t taken = 0;
	int rc, already = 0;

	if (u->nfbreqs) {
		rc = hub_feedback_request(hs, u->device_id, u->device_pk, u->fbreqs[0].f,
					  &already, &taken, &why);
	} else {
		const char *hex = u->fbresps[0].f[FBR_SEALED];
		size_t len = strlen(hex) / 2;

		sealed = xmalloc(len + 1);
		if (bundle_unhex(hex, sealed, len) < 0) {
			err_set(&why, "a feedback response that is not hex: refused");
			rc = 1;
		} else {
			rc = hub_feedback_response(hs, u->fbresps[0].f[FBR_ID], sealed, len,
						   &o, &why);
		}
		free(sealed);
	}
	if (rc < 0) {
		err_set(err, "%s", err_msg(&why));
	} else if (rc == 1) {
		fb_refuse(r, path, err_msg(&why));
	} else if (r) {
		r->fb_responses += taken;
		if (already || o == HUB_FB_REPLAY)
			r->fb_replays++;
		else if (o == HUB_FB_WAITING)
			r->fb_waiting++;
		else if (u->nfbreqs)
			r->fb_requests++;
		else
			r->fb_responses++;
	}
	err_release(&why);
	return rc < 0 ? -1 : 0;
}

/* A preparation code or prepared answers (prepare_away.h): refused alone,
 * the bundle goes on. */
static int prepare_unit(struct hubstore *hs, const struct bundle *u, const char *path,
			struct hub_file_result *r)
{
	struct err why = ERR_INIT;

	if (hub_prepare_unit(hs, u->device_id, u, &why) < 0 && r) {
		/* said, not counted as 360 feedback */
		struct sbuf sb = SBUF_INIT;

		if (r->fb_problems)
			sbuf_adds(&sb, r->fb_problems);
		sbuf_addf(&sb, "%s: %s\n", path, err_msg(&why));
		free(r->fb_problems);
		r->fb_problems = sbuf_detach(&sb);
	}
	err_release(&why);
	return 0;
}

/* One unit of an opened bundle: a form, a staff member, an appraisal or a
 * feedback record. */
static int merge_unit(struct hubstore *hs, const struct bundle *u, const char *path,
		      struct hub_file_result *r, size_t *held, struct err *err)
{
	char hash[65];
	int h;

	if (u->nfbreqs || u->nfbresps)
		return feedback_unit(hs, u, path, r, err);
	if (u->nvoices)
		return hub_voice_unit(hs, u, path, r, err);
	if (u->nprepreqs || u->nprepans)
		return prepare_unit(hs, u, path, r);
	if (u->nforms) {
		const struct bundle_rec *f = &u->forms[0];

		return f->f[FORM_SOURCE] ? hs->ops->form_put(hs, f->f[FORM_HASH], f->f[FORM_ID],
							  f->f[FORM_VERSION],
							  f->f[FORM_SOURCE], err) : 0;
	}
	if (u->nstaff) {
		rec_hash(&u->staff[0], STAFF_NF, hash);
		return hs->ops->staff(hs, &u->staff[0], hash, err);
	}
	hash_hex(u->appraisals[0].raw, u->appraisals[0].raw_len, hash);
	if (hs->ops->appraisal(hs, u, 0, hash, &h, err) < 0)
		return -1;
	*held += (size_t)h;
	return 0;
}

/* Merge a bundle from bundle_open, one unit at a time, in one transaction:
 * memory stays the same whatever the bundle's size.  r (may be NULL) gets
 * the feedback records' counts. */
static int merge(struct hubstore *hs, struct bundle *b, const char *path,
		 struct hub_file_result *r, size_t *held, struct err *err)
{
	struct bundle u;
	int rc;

	*held = 0;
	memset(&u, 0, sizeof(u));
	if (hs->ops->begin(hs, err) < 0)
		return -1;
	if (hs->ops->bundle_add(hs, b, path, err) < 0)
		goto fail;
	while ((rc = bundle_next(b, &u, err)) == 1)
		if (merge_unit(hs, &u, path, r, held, err) < 0)
			goto fail;
	if (rc < 0 || bundle_unchanged(b, err) < 0)
		goto fail;
	return hs->ops->commit(hs, err);
fail:
	bundle_failed(b, err);
	bundle_release(&u);
	hs->ops->rollback(hs);
	return -1;
}

/* A bundle merged before: its feedback records again, in one transaction
 * (one refused before for a cause since gone is taken now; the rest are
 * replays and change nothing). */
static int feedback_again(struct hubstore *hs, struct bundle *b, const char *path,
			  struct hub_file_result *r, struct err *err)
{
	struct bundle u;
	int rc;

	if (!b->nfbreqs && !b->nfbresps)
		return 0;
	memset(&u, 0, sizeof(u));
	if (hs->ops->begin(hs, err) < 0)
		return -1;
	while ((rc = bundle_next(b, &u, err)) == 1)
		if ((u.nfbreqs || u.nfbresps) && feedback_unit(hs, &u, path, r, err) < 0)
			goto fail;
	if (rc < 0 || bundle_unchanged(b, err) < 0)
		goto fail;
	return hs->ops->commit(hs, err);
fail:
	bundle_failed(b, err);
	bundle_release(&u);
	hs->ops->rollback(hs);
	return -1;
}

struct ack_walk {
	struct bundle_ack head;		/* set by ack_each before the first item */
	const struct hub_keys *k;
	struct bundle_ack_out *out;
	struct hub_file_result *r;
	struct err *err;
	int failed;
};

/* Start the output once the head is known. */
static int ack_start(struct ack_walk *w)
{
	if (!w->out && !w->failed &&
	    !(w->out = bundle_ack_out_new(&w->head, w->k->sign_pk, w->k->sign_sk, w->err)))
		w->failed = 1;
	return w->failed ? -1 : 0;
}

static void ack_item(const char *uuid, long long revision, const char *status, void *arg)
{
	struct ack_walk *w = arg;

	if (ack_start(w) < 0)
		return;
	bundle_ack_out_add(w->out, uuid, revision, status);
	w->r->conflicts += !strcmp(status, "conflict");
}

/* The acknowledgement, made as the hub store reads its items (none is
 * held: memory stays the same whatever the bundle's size) and written
 * atomically beside the bundle. */
static int write_ack(struct hubstore *hs, const struct hub_keys *k, const char *path,
		     const char *bundle_id, struct hub_file_result *r,
		     struct err *err)
{
	struct ack_walk w = { .k = k, .r = r, .err = err };
	struct file_out fo = FILE_OUT_INIT;
	struct sbuf ack = SBUF_INIT;
	size_t n = strlen(path);
	int rc = -1;

	if (n > 7 && !strcmp(path + n - 7, ".bundle"))
		sbuf_add(&ack, path, n - 7);
	else
		sbuf_adds(&ack, path);
	sbuf_adds(&ack, ".ack");
	if (hs->ops->ack_each(hs, bundle_id, &w.head, ack_item, &w, err) < 0)
		goto out;
	if (ack_start(&w) < 0 || file_out_open(&fo, ack.buf, 0600, err) < 0)
		goto fail;
	rc = bundle_ack_out_finish(w.out, fo.fp, err);
	w.out = NULL;
	if (rc < 0) {
		file_out_abort(&fo);
		goto fail;
	}
	if ((rc = file_out_commit(&fo, err)) < 0)
		goto fail;
	r->ack_path = sbuf_detach(&ack);
	goto out;
fail:
	err_prefix(err, "the bundle was imported but its acknowledgement was not "
		   "written (import it again to retry)");
out:
	bundle_ack_out_free(w.out);
	sbuf_release(&ack);
	return rc;
}

/* Keep a bundle from a device not approved, whole, and say so in r. */
static int hold(struct hubstore *hs, const struct bundle *b, const char *path,
		const struct bundle_file *data, const char *state,
		struct hub_file_result *r, struct err *err)
{
	unsigned char other[BUNDLE_PK], *whole;
	int rc;

	/* Kept whole, as it was checked: read again, its id compared. */
	if (bundle_file_whole(data, b->id, &whole, err) < 0)
		return -1;
	rc = hs->ops->wait_add(hs, b, path, (const char *)whole, data->len, err);
	free(whole);
	if (rc < 0 ||
	    (rc = hs->ops->device_other(hs, b->device_id, b->device_pk, other, err)) < 0)
		return -1;
	if (rc)
		bundle_fingerprint(other, r->other_fp);
	r->waiting = 1;
	r->revoked = !strcmp(state, "revoked");
	return 0;
}

int hub_import_file(struct hubstore *hs, const char *path,
		    struct hub_file_result *r, struct err *err)
{
	struct hub_keys k;
	struct bundle_file data;
	struct bundle b;
	char state[STORE_HUB_STATE] = "";
	int rc = -1, known;

	memset(r, 0, sizeof(*r));
	memset(&b, 0, sizeof(b));
	memset(&data, 0, sizeof(data));
	if (bundle_crypto_init(err) < 0 || load_keys(hs, &k, err) < 0)
		goto out;
	/* Read a piece at a time: memory stays the same whatever its size. */
	if (bundle_file_open(path, &data, err) < 0 ||
	    bundle_open_file(path, &data, k.box_pk, k.box_sk, &b, err) < 0)
		goto out;
	snprintf(r->device_id, sizeof(r->device_id), "%s", b.device_id);
	bundle_fingerprint(b.device_pk, r->device_fp);
	r->encrypted = (b.flags & BUNDLE_SEALED) != 0;
	if ((known = hs->ops->bundle_known(hs, b.id, err)) < 0)
		goto out;
	if (!known) {
		if (hs->ops->begin(hs, err) < 0)
			goto out;
		/* Again inside the change: another import of the same folder, at
		 * the same time on a shared hub, may have merged it meanwhile. */
		if ((known = hs->ops->bundle_known(hs, b.id, err)) != 0) {
			hs->ops->rollback(hs);
			if (known < 0)
				goto out;
		}
	}
	r->already = known;
	if (known && feedback_again(hs, &b, path, r, err) < 0) {
		err_prefix(err, "%s: its feedback records", path);
		goto out;
	}
	if (!known) {
		if (hs->ops->device_seen(hs, &b, state, err) < 0 ||
		    (strcmp(state, "approved") ?
		     hold(hs, &b, path, &data, state, r, err) :
		     merge(hs, &b, path, r, &r->held, err)) < 0) {
			hs->ops->rollback(hs);
			err_prefix(err, "%s: refused, nothing imported", path);
			goto out;
		}
		if (hs->ops->commit(hs, err) < 0)
			goto out;
	}
	r->forms = b.nforms;
	r->staff = b.nstaff;
	r->appraisals = b.nappraisals;
	r->answers = b.nanswers;
	r->goals = b.ngoals;
	r->signoffs = b.nsignoffs;
	/* No acknowledgement until the bundle is merged. */
	if (!r->waiting && write_ack(hs, &k, path, b.id, r, err) < 0) {
		err_prefix(err, "%s", path);
		goto out;
	}
	rc = 0;
out:
	sodium_memzero(&k, sizeof(k));
	bundle_release(&b);
	bundle_file_release(&data);
	return rc;
}

void hub_allow_result_release(struct hub_allow_result *r)
{
	if (r)
		hub_file_result_release(&r->records);
}

int hub_allow(struct hubstore *hs, const char *fingerprint,
	      struct hub_allow_result *r, struct err *err)
{
	struct hub_keys k;
	struct sbuf data = SBUF_INIT, detail = SBUF_INIT;
	char **ids = NULL, *file = NULL;
	size_t n = 0;
	int rc = -1;

	memset(r, 0, sizeof(*r));
	if (bundle_crypto_init(err) < 0 || load_keys(hs, &k, err) < 0 ||
	    hub_device_find(hs, fingerprint, &r->dev, err) < 0)
		goto out;
	r->already = !strcmp(r->dev.state, "approved");
	sbuf_addf(&detail, "device %s (%s): was %s", r->dev.device_id, r->dev.fp,
		  r->dev.state);
	if (hs->ops->begin(hs, err) < 0)
		goto out;
	if ((!r->already && hs->ops->device_set(hs, r->dev.sign_key, "approved",
						 detail.buf, err) < 0) ||
	    !(ids = hs->ops->wait_list(hs, r->dev.sign_key, &n, err)))
		goto fail;
	for (size_t i = 0; i < n; i++) {
		struct bundle b;
		size_t held;

		sbuf_reset(&data);
		free(file);
		file = NULL;
		if (hs->ops->wait_get(hs, ids[i], &data, &file, err) != 1)
			goto fail;
		/* Checked whole again: the waiting area is only a store. */
		if (bundle_open(file, (const unsigned char *)data.buf, data.len, k.box_pk,
				k.box_sk, &b, err) < 0)
			goto fail;
		rc = merge(hs, &b, file, &r->records, &held, err);
		r->appraisals += b.nappraisals;
		r->held += held;
		bundle_release(&b);
		if (rc < 0 || hs->ops->wait_del(hs, ids[i], err) < 0) {
			rc = -1;
			goto fail;
		}
		r->bundles++;
	}
	rc = hs->ops->commit(hs, err);
	if (rc == 0)
		snprintf(r->dev.state, sizeof(r->dev.state), "approved");
	goto out;
fail:
	hs->ops->rollback(hs);
	rc = -1;
out:
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	free(file);
	sodium_memzero(&k, sizeof(k));
	sbuf_release(&data);
	sbuf_release(&detail);
	return rc;
}

struct conflicts_ctx {
	int (*fn)(const struct hub_conflict *, void *);
	void *arg;
	int n;
};

static int conflict_row(const struct hub_conflict_row *row, void *arg)
{
	struct conflicts_ctx *c = arg;
	struct hub_conflict h = {
		.uuid = row->uuid, .staff_number = row->staff_number, .name = row->name,
		.hash = row->hash, .device_id = row->device_id,
		.updated_at = row->updated_at, .bundle_file = row->bundle_file,
		.revision = row->revision, .in_use = row->in_use,
		.stranger = row->stranger,
	};
	struct bundle b;
	struct err err = ERR_INIT;

	/* The kept content says how much each variant holds. */
	if (row->sign_key)
		bundle_fingerprint(row->sign_key, h.device_fp);
	memset(&b, 0, sizeof(b));
	if (bundle_parse_records(row->content, row->content_len, &b, &err) == 0 &&
	    b.nappraisals == 1) {
		h.answers = b.nanswers;
		h.goals = b.ngoals;
		h.signoffs = b.nsignoffs;
	}
	bundle_release(&b);
	err_release(&err);
	c->n++;
	return c->fn(&h, c->arg);
}

int hub_conflicts_each(struct hubstore *hs,
		       int (*fn)(const struct hub_conflict *, void *), void *arg,
		       struct err *err)
{
	struct conflicts_ctx c = { fn, arg, 0 };
	int rc = hs->ops->conflicts_each(hs, conflict_row, &c, err);

	return rc < 0 ? -1 : c.n;
}
