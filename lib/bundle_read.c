/*
 * bundle_read.c - strictly reading sync bundles (see bundle.h and
 * schema/bundle.md).  Every check happens before anything is handed out:
 * a caller gets a whole, verified bundle or an error.  bundle_open checks
 * every record without keeping them, so that the hub can then merge a large
 * bundle one appraisal at a time (bundle_next) in bounded memory.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "bundle.h"
#include "bundle_int.h"
#include "utf8.h"

#define type_char bundle_type_char
#define type_name bundle_type_name
#define type_nf bundle_type_nf

/* A big-endian length or number of n bytes (inlined: the reader calls it
 * for every field). */
static inline uint64_t get_be(const unsigned char *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = (v << 8) | p[i];
	return v;
}

/* A field's length: get_be for 4 bytes, without the loop (the reader
 * takes one for every field of every record, twice). */
static inline uint32_t get_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* A field as it travels: bytes in the payload, not NUL-terminated. */
struct span {
	const char *p;		/* NULL: no value */
	size_t len;
};

void bundle_release(struct bundle *b)
{
	if (!b)
		return;
	free(b->forms);
	free(b->staff);
	free(b->appraisals);
	free(b->answers);
	free(b->goals);
	free(b->signoffs);
	free(b->fbreqs);
	free(b->fbresps);
	free(b->voices);
	free(b->prepreqs);
	free(b->prepans);
	if (b->plain)	/* opened records: what they hold */
		sodium_memzero(b->plain, b->content_len);
	free(b->plain);
	if (b->arena)
		sodium_memzero(b->arena, b->arena_len);
	free(b->arena);
	free(b->again);
	if (b->win)
		bundle_win_release(b->win);
	free(b->win);
	if (b->box)
		sodium_memzero(b->box, sizeof(*b->box));
	free(b->box);
	sodium_memzero(b, sizeof(*b));
}

/* Room for one more record of type t; returns it, zeroed. */
static struct bundle_rec *new_rec(struct bundle *b, int t)
{
	struct bundle_rec **arr[BUNDLE_NTYPES] = {
		&b->forms, &b->staff, NULL, &b->answers, &b->goals, &b->signoffs,
		&b->fbreqs, &b->fbresps,
		&b->voices,
		&b->prepreqs, &b->prepans
	};
	size_t *cnt[BUNDLE_NTYPES] = {
		&b->nforms, &b->nstaff, &b->nappraisals, &b->nanswers, &b->ngoals,
		&b->nsignoffs, &b->nfbreqs, &b->nfbresps,
		&b->nvoices,
		&b->nprepreqs, &b->nprepans
	};
	size_t n = *cnt[t];

	if (t == BUNDLE_APPRAISAL) {
		if (n == b->acap[t]) {
			b->acap[t] = b->acap[t] ? 2 * b->acap[t] : 16;
			b->appraisals = xrealloc(b->appraisals,
						 b->acap[t] * sizeof(*b->appraisals));
		}
		memset(&b->appraisals[n], 0, sizeof(b->appraisals[n]));
		(*cnt[t])++;
		return &b->appraisals[n].rec;
	}
	if (n == b->acap[t]) {
		b->acap[t] = b->acap[t] ? 2 * b->acap[t] : 16;
		*arr[t] = xrealloc(*arr[t], b->acap[t] * sizeof(**arr[t]));
	}
	memset(&(*arr[t])[n], 0, sizeof((*arr[t])[n]));
	(*cnt[t])++;
	return &(*arr[t])[n];
}

static int is(const struct span *f, const char *s)
{
	return f->len == strlen(s) && !memcmp(f->p, s, f->len);
}

/* YYYY-MM-DD by its shape (the hub checks the calendar). */
static int date_shape(const struct span *f)
{
	if (f->len != DATE_LEN || f->p[4] != '-' || f->p[7] != '-')
		return 0;
	for (size_t i = 0; i < f->len; i++)
		if (i != 4 && i != 7 && (f->p[i] < '0' || f->p[i] > '9'))
			return 0;
	return 1;
}

/* Hex digits in pairs, at least one byte. */
static int hex_shape(const struct span *f)
{
	if (!f->len || f->len % 2)
		return 0;
	for (size_t i = 0; i < f->len; i++)
		if (!((f->p[i] >= '0' && f->p[i] <= '9') || (f->p[i] >= 'a' && f->p[i] <= 'f')))
			return 0;
	return 1;
}

/* What the hub needs to hold true of a record beyond its shape. */
static int check_rec(int t, const struct span *f, size_t idx, struct err *err)
{
	const struct span *uuid = NULL, *dev = NULL, *v;

	switch (t) {
	case BUNDLE_STAFF:
		uuid = &f[STAFF_UUID];
		dev = &f[STAFF_DEVICE];
		if (!f[STAFF_NUMBER].len || !f[STAFF_NAME].len)
			return err_set(err, "record %zu (staff): no staff number or name", idx);
		break;
	case BUNDLE_APPRAISAL:
		uuid = &f[AP_UUID];
		dev = &f[AP_DEVICE];
		v = &f[AP_STATE];
		if (!is(v, "final"))
			return err_set(err, "record %zu (appraisal %.*s): state '%.*s', not final",
				       idx, (int)uuid->len, uuid->p, (int)v->len, v->p);
		if (is(&f[AP_REVISION], "0"))
			return err_set(err, "record %zu (appraisal %.*s): revision 0", idx,
				       (int)uuid->len, uuid->p);
		break;
	case BUNDLE_ANSWER:
		uuid = &f[ANS_UUID];
		dev = &f[ANS_DEVICE];
		if (!f[ANS_PATH].len)
			return err_set(err, "record %zu (answer): no question path", idx);
		break;
	case BUNDLE_GOAL:
		uuid = &f[GOAL_UUID];
		dev = &f[GOAL_DEVICE];
		v = &f[GOAL_STATUS];
		if (!is(v, "new") && !is(v, "carried") && !is(v, "achieved"))
			return err_set(err, "record %zu (PDP goal): status '%.*s'", idx,
				       (int)v->len, v->p);
		break;
	case BUNDLE_SIGNOFF:
		uuid = &f[SO_UUID];
		dev = &f[SO_DEVICE];
		v = &f[SO_ROLE];
		if (!is(v, "appraiser") && !is(v, "appraisee"))
			return err_set(err, "record %zu (sign-off): role '%.*s'", idx,
				       (int)v->len, v->p);
		break;
	case BUNDLE_FBREQ:
		uuid = &f[FBQ_ID];
		if (!f[FBQ_STAFF].len || !f[FBQ_CODES].len || !date_shape(&f[FBQ_CLOSE]))
			return err_set(err, "record %zu (feedback request): no staff number, "
				       "no codes or no close date", idx);
		break;
	case BUNDLE_PREPREQ:	/* schema/voice.md, "On another laptop" */
		uuid = &f[PREPQ_APPRAISAL];
		if (f[PREPQ_HASH].len != 64 || !hex_shape(&f[PREPQ_HASH]) ||
		    !(is(&f[PREPQ_STATE], "open") || is(&f[PREPQ_STATE], "expired")))
			return err_set(err, "record %zu (preparation code): no code hash "
				       "or a state other than open or expired", idx);
		break;
	case BUNDLE_PREPANS:
		if (f[PREPA_HASH].len != 64 || !hex_shape(&f[PREPA_HASH]) ||
		    f[PREPA_SALT].len != 32 || !hex_shape(&f[PREPA_SALT]) ||
		    !hex_shape(&f[PREPA_BOX]) || !f[PREPA_SAVED].len)
			return err_set(err, "record %zu (prepared answers): the code hash, "
				       "salt or answers are not hex", idx);
		break;
	case BUNDLE_FBRESP:
		uuid = &f[FBR_ID];
		if (!hex_shape(&f[FBR_SEALED]))
			return err_set(err, "record %zu (feedback response): the sealed "
				       "response is not hex", idx);
		break;
	case BUNDLE_VOICE:
		uuid = &f[VOICE_ID];
		if (!hex_shape(&f[VOICE_SEALED]))
			return err_set(err, "record %zu (answer of how it went): the sealed "
				       "answers are not hex", idx);
		break;
	}
	if (uuid && !bundle_uuid_ok(uuid->p, uuid->len))
		return err_set(err, "record %zu (%s): '%.*s' is not a UUID", idx, type_name[t],
			       (int)uuid->len, uuid->p);
	if (dev && !bundle_uuid_ok(dev->p, dev->len))
		return err_set(err, "record %zu (%s): device '%.*s' is not a UUID", idx,
			       type_name[t], (int)dev->len, dev->p);
	return 0;
}

/*
 * The record at p[*off .. n) (the idx-th; *phase: how far the records
 * before it went, bundle_type_phase, updated): its type in *t and its
 * fields in f, pointing into p.  Every rule of the format is checked
 * unless trusted (bytes bundle_open checked).
 */
static int parse_rec(const unsigned char *p, size_t n, size_t *off, size_t idx,
		     int *phase, int trusted, int *tp, struct span *f,
		     struct err *err)
{
	size_t o = *off;
	int t;

	for (t = 0; t < BUNDLE_NTYPES && type_char[t] != (char)p[o]; t++)
		;
	if (t == BUNDLE_NTYPES)
		return err_set(err, "record %zu: unknown record type 0x%02x", idx, p[o]);
	if (o + 2 > n)
		return err_set(err, "record %zu (%s): cut short", idx, type_name[t]);
	if (p[o + 1] != type_nf[t])
		return err_set(err, "record %zu (%s): %d fields, expected %d", idx,
			       type_name[t], p[o + 1], type_nf[t]);
	if (bundle_order_check(t, *phase, idx, err) < 0)
		return -1;
	if (bundle_type_phase(t) > *phase)
		*phase = bundle_type_phase(t);
	o += 2;
	for (int i = 0; i < type_nf[t]; i++) {
		uint64_t len;

		if (n - o < 4)
			return err_set(err, "record %zu (%s): cut short", idx, type_name[t]);
		len = get_be32(p + o);
		o += 4;
		f[i].p = NULL;
		f[i].len = 0;
		if (len == BUNDLE_NO_VALUE) {
			if (!(bundle_type_nullable[t] & (1u << i)))
				return err_set(err, "record %zu (%s): field %d has no value",
					       idx, type_name[t], i + 1);
			continue;
		}
		if (len > n - o)
			return err_set(err, "record %zu (%s): cut short", idx, type_name[t]);
		f[i].p = (const char *)p + o;
		f[i].len = (size_t)len;
		o += len;
		if (trusted)
			continue;
		if (!bundle_plain_ascii(f[i].p, f[i].len) &&
		    (memchr(f[i].p, '\0', f[i].len) || !utf8_valid(f[i].p, f[i].len)))
			return err_set(err, "record %zu (%s): field %d is not UTF-8 text",
				       idx, type_name[t], i + 1);
		if ((bundle_type_numeric[t] & (1u << i)) && !bundle_number_okn(f[i].p, f[i].len))
			return err_set(err, "record %zu (%s): field %d is '%.*s', not a number",
				       idx, type_name[t], i + 1, (int)f[i].len, f[i].p);
	}
	*off = o;
	*tp = t;
	return trusted ? 0 : check_rec(t, f, idx, err);
}

static void close_appraisal(struct bundle *b, const unsigned char *end)
{
	struct bundle_appraisal *a;

	if (!b->nappraisals)
		return;
	a = &b->appraisals[b->nappraisals - 1];
	a->raw_len = (size_t)(end - a->raw);
	a->nanswers = b->nanswers - a->answer0;
	a->ngoals = b->ngoals - a->goal0;
	a->nsignoffs = b->nsignoffs - a->signoff0;
}

static int parse_into(const unsigned char *p, size_t n, int trusted, struct bundle *b,
		      struct err *err)
{
	size_t off = 0, idx = 0, a = 0;
	struct span f[BUNDLE_MAXF];
	int t, phase = 0, open = 0;

	b->arena = xmalloc(n + 1);
	b->arena_len = n + 1;
	while (off < n) {
		const unsigned char *start = p + off;
		struct bundle_rec *r;

		if (parse_rec(p, n, &off, ++idx, &phase, trusted, &t, f, err) < 0)
			return -1;
		/* An appraisal's records end at the next appraisal or at the
		 * first feedback record. */
		if (open && (t == BUNDLE_APPRAISAL || t >= BUNDLE_FBREQ)) {
			close_appraisal(b, start);
			open = 0;
		}
		open |= t == BUNDLE_APPRAISAL;
		r = new_rec(b, t);
		/* Each field's 4-byte length leaves room for its NUL. */
		for (int i = 0; i < type_nf[t]; i++) {
			if (!f[i].p)
				continue;
			memcpy(b->arena + a, f[i].p, f[i].len);
			b->arena[a + f[i].len] = '\0';
			r->f[i] = b->arena + a;
			a += f[i].len + 1;
		}
		if (t == BUNDLE_APPRAISAL) {
			struct bundle_appraisal *ap = &b->appraisals[b->nappraisals - 1];

			ap->raw = start;
			ap->answer0 = b->nanswers;
			ap->goal0 = b->ngoals;
			ap->signoff0 = b->nsignoffs;
			ap->revision = strtoll(r->f[AP_REVISION], NULL, 10);
		}
	}
	if (open)
		close_appraisal(b, p + n);
	return 0;
}

int bundle_parse_records(const unsigned char *p, size_t n, struct bundle *b,
			 struct err *err)
{
	return parse_into(p, n, 0, b, err);
}

/* The record at off, whole in the window, parsed (as parse_rec); *off moves
 * past it. */
static int win_rec(struct bundle_win *w, size_t *off, size_t idx, int *phase,
		   int *t, struct span *f, const unsigned char **start, struct err *err)
{
	const unsigned char *p;
	size_t e, o = 0;

	w->hold = *off;
	if (bundle_rec_extent(w, *off, &e, err) < 0 || !(p = bundle_win_get(w, *off, e - *off, err)) ||
	    parse_rec(p, e - *off, &o, idx, phase, 0, t, f, err) < 0)
		return -1;
	*off += o;
	if (start)
		*start = p;
	return 0;
}

/* A field kept by where it travels: its 4-byte length, then its bytes. */
static int cmp_field(const void *x, const void *y)
{
	const unsigned char *a = *(const unsigned char *const *)x;
	const unsigned char *b = *(const unsigned char *const *)y;
	size_t la = (size_t)get_be(a, 4), lb = (size_t)get_be(b, 4);
	int c = memcmp(a + 4, b + 4, la < lb ? la : lb);

	return c ? c : (la > lb) - (la < lb);
}

#define FIELD_ARGS(x) (int)get_be((x), 4), (const char *)(x) + 4

/* The staff numbers (offsets into numbers, as they travel) made pointers
 * and sorted, once the last has come (every staff record travels before
 * the first appraisal): a staff member twice is refused. */
static int staff_sort(const unsigned char **staff, size_t ns, const struct sbuf *numbers,
		      struct err *err)
{
	for (size_t i = 0; i < ns; i++)
		staff[i] = (const unsigned char *)numbers->buf + (uintptr_t)staff[i];
	if (ns)
		qsort(staff, ns, sizeof(*staff), cmp_field);
	for (size_t i = 1; i < ns; i++)
		if (!cmp_field(&staff[i - 1], &staff[i]))
			return err_set(err, "staff member %.*s is in the bundle twice",
				       FIELD_ARGS(staff[i]));
	return 0;
}

/* Check every record of the payload, keeping only the counts and the staff
 * numbers, each appraisal's staff member looked up as it comes (sorted: a
 * bundle may hold tens of thousands); then the header's counts. */
static int scan(struct bundle *b, struct err *err)
{
	const unsigned char **staff = NULL;
	size_t off = 0, idx = 0, ns = 0, as = 0;
	size_t got[BUNDLE_NTYPES] = { 0 };
	struct sbuf numbers = SBUF_INIT;	/* the staff numbers, as they travel */
	struct span f[BUNDLE_MAXF];
	struct bundle_win w;
	crypto_generichash_state seen;
	int t, phase = 0, sorted = 0, not_sum = 0, rc = -1;

	/* From a file, what this pass checks is hashed as it is read, and must
	 * be what the signature covers: the later passes take only records of
	 * the same bytes (bundle_unchanged), so these checks hold for them. */
	crypto_generichash_init(&seen, NULL, 0, 32);
	bundle_win_init(&w, b, &seen);
	while (off < b->content_len) {
		if (win_rec(&w, &off, ++idx, &phase, &t, f, NULL, err) < 0)
			goto out;
		got[t]++;
		if (t == BUNDLE_STAFF) {	/* where in numbers, until it stops moving */
			if (ns == as) {
				as = as ? 2 * as : 64;
				staff = xrealloc(staff, as * sizeof(*staff));
			}
			staff[ns++] = (const unsigned char *)(uintptr_t)numbers.len;
			sbuf_add(&numbers, f[STAFF_NUMBER].p - 4, f[STAFF_NUMBER].len + 4);
		}
		if (t != BUNDLE_APPRAISAL)
			continue;
		if (!sorted && staff_sort(staff, ns, &numbers, err) < 0)
			goto out;
		sorted = 1;
		{
			const unsigned char *key = (const unsigned char *)f[AP_STAFF].p - 4;

			if (!ns || !bsearch(&key, staff, ns, sizeof(*staff), cmp_field)) {
				err_set(err, "appraisal %.*s: staff member %.*s is not in the "
					"bundle", (int)f[AP_UUID].len, f[AP_UUID].p,
					(int)f[AP_STAFF].len, f[AP_STAFF].p);
				goto out;
			}
		}
	}
	if (!sorted && staff_sort(staff, ns, &numbers, err) < 0)
		goto out;
	for (t = 0; t < BUNDLE_NCOUNTED; t++) {
		uint64_t want = get_be(b->hdr + 96 + 4 * t, 4);

		if (want != got[t]) {
			err_set(err, "the header counts %llu %s records, the bundle holds %zu",
				(unsigned long long)want, type_name[t], got[t]);
			goto out;
		}
	}
	b->nforms = got[BUNDLE_FORM];
	b->nstaff = got[BUNDLE_STAFF];
	b->nappraisals = got[BUNDLE_APPRAISAL];
	b->nanswers = got[BUNDLE_ANSWER];
	b->ngoals = got[BUNDLE_GOAL];
	b->nsignoffs = got[BUNDLE_SIGNOFF];
	b->nfbreqs = got[BUNDLE_FBREQ];
	b->nfbresps = got[BUNDLE_FBRESP];
	b->nvoices = got[BUNDLE_VOICE];
	b->nprepreqs = got[BUNDLE_PREPREQ];
	b->nprepans = got[BUNDLE_PREPANS];
	if (w.file && !bundle_win_same(&w, b->hdr + BUNDLE_SUM_AT, err)) {
		not_sum = 1;
		goto out;
	}
	rc = 0;
out:
	/* From a file, records that were not the checksum's, or a record
	 * refused, may be a file rewritten since the first pass: then say so,
	 * not what is wrong with it. */
	if (rc < 0 && w.file && !not_sum) {
		/* Refused: its message stands only if this pass read, to the
		 * end, the bytes the signature covers (from other bytes it could
		 * tell what a sealed record holds; whatever it says, even
		 * "changed while": found in review). */
		struct err why = ERR_INIT;

		not_sum = !bundle_win_same(&w, b->hdr + BUNDLE_SUM_AT, &why);
		err_release(&why);
	}
	if (rc < 0 && w.file && not_sum)
		bundle_file_refused(b, err);
	bundle_win_release(&w);
	free(staff);
	if (numbers.buf)
		sodium_memzero(numbers.buf, numbers.len);
	sbuf_release(&numbers);
	return rc;
}

static int open_common(const char *name, const unsigned char *d, size_t len,
		       const unsigned char *box_pk, const unsigned char *box_sk,
		       struct bundle *b, struct err *err)
{
	uint64_t plen = 0;

	if (len > BUNDLE_MAX + BUNDLE_HEADER + BUNDLE_SIG) {
		err_set(err, "larger than any bundle (%zu bytes)", len);
		goto fail;
	}
	if (bundle_check_envelope(d, len, b, &plen, err) < 0 ||
	    bundle_open_payload(d, plen, box_pk, box_sk, b, err) < 0)
		goto fail;
	if (b->file && bundle_pass_hook)
		bundle_pass_hook("records");
	if (scan(b, err) < 0)
		goto fail;
	return 0;
fail:
	err_prefix(err, "%s", name);
	bundle_release(b);
	return -1;
}

int bundle_open(const char *name, const unsigned char *d, size_t len,
		const unsigned char *box_pk, const unsigned char *box_sk,
		struct bundle *b, struct err *err)
{
	memset(b, 0, sizeof(*b));
	return open_common(name, d, len, box_pk, box_sk, b, err);
}

int bundle_open_file(const char *name, const struct bundle_file *f,
		     const unsigned char *box_pk, const unsigned char *box_sk,
		     struct bundle *b, struct err *err)
{
	memset(b, 0, sizeof(*b));
	b->file = f;
	if (open_common(name, NULL, f->len, box_pk, box_sk, b, err) < 0)
		return -1;
	if (!b->content) {	/* taken from the file again */
		/* The state wants 64-byte alignment. */
		if (!(b->again = aligned_alloc(64, sizeof(crypto_generichash_state))))
			abort();
		crypto_generichash_init(b->again, NULL, 0, 32);
		/* Made now: a sealed bundle's head is hashed even with no record. */
		b->win = xmalloc(sizeof(*b->win));
		bundle_win_init(b->win, b, b->again);
	}
	return 0;
}

int bundle_unchanged(struct bundle *b, struct err *err)
{
	unsigned char sum[32];

	if (!b->again)
		return 0;
	crypto_generichash_final(b->again, sum, sizeof(sum));
	free(b->again);
	b->again = NULL;
	if (b->next != b->content_len || !bundle_sum_signed(b, sum))
		return bundle_changed(err), err_prefix(err, "bundle %s", b->id);
	return 0;
}

int bundle_failed(struct bundle *b, struct err *err)
{
	unsigned char sum[32];
	struct err why = ERR_INIT;
	int same = 0;

	if (!b->again)
		return -1;
	if (!b->win || bundle_win_drain(b->win, &why) == 0) {
		crypto_generichash_final(b->again, sum, sizeof(sum));
		same = bundle_sum_signed(b, sum);
	}
	free(b->again);
	b->again = NULL;
	err_release(&why);
	if (!same)
		return bundle_changed(err), err_prefix(err, "bundle %s", b->id);
	return -1;
}

int bundle_next(struct bundle *b, struct bundle *part, struct err *err)
{
	const unsigned char *p;
	size_t end;

	bundle_release(part);
	if (b->next >= b->content_len)
		return 0;
	if (!b->win) {
		b->win = xmalloc(sizeof(*b->win));
		bundle_win_init(b->win, b, b->again);
	}
	/* From a file, the unit is read again, its shape checked again (types,
	 * field counts, order, no value only where allowed, every length within
	 * the records' end as first seen): a record that no longer parses is a
	 * file changed meanwhile.  Its text is not checked again (UTF-8, UUIDs:
	 * 4% more instructions); bundle_unchanged says, before the commit,
	 * whether all were the bytes checked. */
	b->win->hold = b->next;
	if (bundle_unit_end(b->win, b->next, &end, err) < 0 ||
	    !(p = bundle_win_get(b->win, b->next, end - b->next, err)) ||
	    parse_into(p, end - b->next, 1, part, err) < 0) {
		if (b->win->file)
			bundle_changed(err);
		return err_prefix(err, "bundle %s", b->id);
	}
	b->next = end;
	part->version = b->version;
	part->flags = b->flags;
	memcpy(part->device_id, b->device_id, sizeof(part->device_id));
	memcpy(part->device_pk, b->device_pk, sizeof(part->device_pk));
	part->seq = b->seq;
	part->created = b->created;
	memcpy(part->sealed_to, b->sealed_to, sizeof(part->sealed_to));
	memcpy(part->id, b->id, sizeof(part->id));
	return 1;
}

int bundle_read(const char *name, const unsigned char *d, size_t len,
		const unsigned char *box_pk, const unsigned char *box_sk,
		struct bundle *b, struct err *err)
{
	if (bundle_open(name, d, len, box_pk, box_sk, b, err) < 0)
		return -1;
	if (!b->plain) {	/* everything owned by the bundle, as before */
		b->plain = xmalloc(b->content_len + 1);
		memcpy(b->plain, b->content, b->content_len);
		b->content = b->plain;
	}
	b->nforms = b->nstaff = b->nappraisals = 0;
	b->nanswers = b->ngoals = b->nsignoffs = 0;
	b->nfbreqs = b->nfbresps = 0;
	b->nvoices = 0;
	b->nprepreqs = b->nprepans = 0;
	if (parse_into(b->content, b->content_len, 1, b, err) < 0) {
		err_prefix(err, "%s", name);
		bundle_release(b);
		return -1;
	}
	return 0;
}
