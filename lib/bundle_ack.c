/*
 * bundle_ack.c - the hub's signed acknowledgement of one bundle (see
 * bundle.h and schema/bundle.md): written by the hub, read strictly by the
 * laptop, naming appraisals only by references keyed by the bundle id.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "bundle.h"
#include "bundle_int.h"

#define ACK_MAGIC "EADR-ACK 2"

void bundle_ack_release(struct bundle_ack *a)
{
	if (!a)
		return;
	free(a->items);
	memset(a, 0, sizeof(*a));
}

void bundle_ack_ref(const char *bundle_id, const char *uuid,
		    char out[BUNDLE_REF_HEX + 1])
{
	unsigned char key[32], h[BUNDLE_REF_HEX / 2];

	/* Keyed by the bundle id: the same appraisal has another reference in
	 * every acknowledgement, and none gives its UUID away. */
	if (bundle_unhex(bundle_id, key, sizeof(key)) < 0)
		memset(key, 0, sizeof(key));
	crypto_generichash(h, sizeof(h), (const unsigned char *)uuid, strlen(uuid),
			   key, sizeof(key));
	bundle_hex(h, sizeof(h), out);
}

static struct bundle_ack_item *ack_item(struct bundle_ack *a)
{
	if (a->n == a->alloc) {
		a->alloc = a->alloc ? 2 * a->alloc : 16;
		a->items = xrealloc(a->items, a->alloc * sizeof(*a->items));
	}
	return &a->items[a->n++];
}

void bundle_ack_add(struct bundle_ack *a, const char *uuid, long long revision,
		    const char *status)
{
	struct bundle_ack_item *it = ack_item(a);

	bundle_ack_ref(a->bundle_id, uuid, it->ref);
	it->revision = revision;
	snprintf(it->status, sizeof(it->status), "%s", status);
}

void bundle_ack_write(const struct bundle_ack *a, const unsigned char pk[BUNDLE_PK],
		      const unsigned char sk[BUNDLE_SK], struct sbuf *out)
{
	unsigned char sig[BUNDLE_SIG];
	char hex[2 * BUNDLE_SIG + 1];
	size_t start = out->len;

	bundle_hex(pk, BUNDLE_PK, hex);
	sbuf_addf(out, ACK_MAGIC "\nbundle %s\ndevice %s\nseq %llu\nimported %s\nhub %s\n",
		  a->bundle_id, a->device_id, a->seq, a->imported, hex);
	for (size_t i = 0; i < a->n; i++)
		sbuf_addf(out, "item %s %lld %s\n", a->items[i].ref, a->items[i].revision,
			  a->items[i].status);
	crypto_sign_detached(sig, NULL, (const unsigned char *)out->buf + start,
			     out->len - start, sk);
	bundle_hex(sig, sizeof(sig), hex);
	sbuf_addf(out, "signature %s\n", hex);
}

static int ack_line(struct bundle_ack *a, int lineno, char *line, int *have,
		    struct err *err)
{
	const char *v;

	if (lineno == 1)
		return strcmp(line, ACK_MAGIC) == 0 ? 0 :
			err_set(err, "%s", !strcmp(line, "EADR-ACK 1") ?
				"an acknowledgement from an older eadr hub (format 1, which "
				"lists appraisal UUIDs in clear): import the bundle again "
				"on the upgraded hub to write a new one" :
				!strncmp(line, "EADR-ACK ", 9) ?
				"an acknowledgement of another format version" :
				"not an eadr acknowledgement");
	if ((v = bundle_after(line, "bundle")) && !(*have & 1)) {
		unsigned char id[32];

		if (bundle_unhex(v, id, sizeof(id)) < 0)
			return err_set(err, "the bundle id is not 64 hex digits");
		snprintf(a->bundle_id, sizeof(a->bundle_id), "%s", v);
		*have |= 1;
	} else if ((v = bundle_after(line, "device")) && !(*have & 2)) {
		if (!bundle_uuid_ok(v, strlen(v)))
			return err_set(err, "the device is not a UUID");
		snprintf(a->device_id, sizeof(a->device_id), "%s", v);
		*have |= 2;
	} else if ((v = bundle_after(line, "seq")) && !(*have & 4)) {
		if (!bundle_number_ok(v))
			return err_set(err, "the sequence number is not a number");
		a->seq = strtoull(v, NULL, 10);
		*have |= 4;
	} else if ((v = bundle_after(line, "imported")) && !(*have & 8)) {
		if (strlen(v) != STAMP_LEN)
			return err_set(err, "the import time is not YYYY-MM-DDTHH:MM:SSZ");
		snprintf(a->imported, sizeof(a->imported), "%s", v);
		*have |= 8;
	} else if ((v = bundle_after(line, "hub")) && !(*have & 16)) {
		if (bundle_unhex(v, a->hub_pk, BUNDLE_PK) < 0)
			return err_set(err, "the hub key is not 64 hex digits");
		*have |= 16;
	} else if ((v = bundle_after(line, "item")) && *have == 31) {
		char *sp1 = strchr(v, ' '), *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
		unsigned char ref[BUNDLE_REF_HEX / 2];
		struct bundle_ack_item *it;

		if (!sp2 || (size_t)(sp1 - v) != BUNDLE_REF_HEX)
			return err_set(err, "an item is 'item REFERENCE REVISION STATUS'");
		*sp1 = *sp2 = '\0';
		if (bundle_unhex(v, ref, sizeof(ref)) < 0 || !bundle_number_ok(sp1 + 1) ||
		    (strcmp(sp2 + 1, "current") && strcmp(sp2 + 1, "history") &&
		     strcmp(sp2 + 1, "conflict")))
			return err_set(err, "an item is 'item REFERENCE REVISION STATUS'");
		it = ack_item(a);
		memcpy(it->ref, v, BUNDLE_REF_HEX + 1);
		it->revision = strtoll(sp1 + 1, NULL, 10);
		snprintf(it->status, sizeof(it->status), "%s", sp2 + 1);
	} else {
		return err_set(err, "unexpected line '%.40s'", line);
	}
	return 0;
}

int bundle_ack_read(const char *name, const char *text, size_t len,
		    const unsigned char *trusted_pk, struct bundle_ack *a,
		    struct err *err)
{
	unsigned char sig[BUNDLE_SIG];
	char *copy = NULL, *line, *nl;
	size_t off = 0;
	int lineno = 0, have = 0, rc = -1;

	memset(a, 0, sizeof(*a));
	if (len > (64u << 20) || memchr(text, '\0', len)) {
		err_set(err, "%s: not an eadr acknowledgement", name);
		return -1;
	}
	copy = xstrndup(text, len);
	for (line = copy; off < len; line = nl + 1) {
		const char *v;

		lineno++;
		if (!(nl = strchr(line, '\n'))) {
			err_set(err, "%s:%d: truncated (no end of line)", name, lineno);
			goto out;
		}
		*nl = '\0';
		off = (size_t)(nl + 1 - copy);
		if ((v = bundle_after(line, "signature")) && have == 31) {
			if (off != len) {
				err_set(err, "%s:%d: text after the signature", name, lineno + 1);
				goto out;
			}
			if (bundle_unhex(v, sig, sizeof(sig)) < 0) {
				err_set(err, "%s:%d: the signature is not 128 hex digits", name, lineno);
				goto out;
			}
			if (trusted_pk && sodium_memcmp(trusted_pk, a->hub_pk, BUNDLE_PK) != 0) {
				err_set(err, "%s: signed by a hub key this laptop does not trust", name);
				goto out;
			}
			if (crypto_sign_verify_detached(sig, (const unsigned char *)text,
							(size_t)(line - copy), a->hub_pk) != 0) {
				err_set(err, "%s: bad signature: the acknowledgement was changed "
					"after the hub signed it", name);
				goto out;
			}
			rc = 0;
			goto out;
		}
		if (ack_line(a, lineno, line, &have, err) < 0) {
			err_prefix(err, "%s:%d", name, lineno);
			goto out;
		}
	}
	err_set(err, "%s: truncated: no signature", name);
out:
	free(copy);
	if (rc < 0)
		bundle_ack_release(a);
	return rc;
}
