/*
 * recovery.c - the two files of a passphrase reset through the hub: the
 * laptop's request and the hub's reset file (see recovery.h and
 * schema/security.md).  Text, one field a line in a fixed order, signed
 * with Ed25519 over every line before the signature.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "bundle_int.h"
#include "recovery.h"
#include "utf8.h"

#define NAME_MAX_BYTES 200

void recovery_file_release(struct recovery_file *f)
{
	if (!f)
		return;
	free(f->profile);
	sodium_memzero(f, sizeof(*f));
}

static void hex_line(struct sbuf *out, const char *key, const unsigned char *b, size_t n)
{
	char *hex = xmalloc(2 * n + 1);

	bundle_hex(b, n, hex);
	sbuf_addf(out, "%s %s\n", key, hex);
	free(hex);
}

void recovery_write(const struct recovery_file *f, const unsigned char sk[BUNDLE_SK],
		    struct sbuf *out)
{
	unsigned char sig[BUNDLE_SIG];
	size_t start = out->len;

	sbuf_addf(out, "%s\ndevice %s\n",
		  f->reset ? RECOVERY_RESET_MAGIC : RECOVERY_REQUEST_MAGIC, f->device_id);
	hex_line(out, "laptop", f->laptop, BUNDLE_PK);
	sbuf_addf(out, "profile %s\nmade %s\n", f->profile, f->made);
	hex_line(out, "once", f->once, BUNDLE_PK);
	hex_line(out, "hub", f->hub, BUNDLE_PK);
	hex_line(out, "key", f->sealed, KEYRING_RECOVERY);
	crypto_sign_detached(sig, NULL, (const unsigned char *)out->buf + start,
			     out->len - start, sk);
	hex_line(out, "signature", sig, sizeof(sig));
}

/* A profile name as it may travel: UTF-8, no control character. */
static int name_ok(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > NAME_MAX_BYTES || !utf8_valid(s, n))
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s < 32 || *s == 127)
			return 0;
	return 1;
}

/* Field number i of line; 0 or -1 and err (without the file's name). */
static int field(struct recovery_file *f, int i, const char *line, struct err *err)
{
	static const char *const keys[] = { "device", "laptop", "profile", "made",
					    "once", "hub", "key" };
	const char *v = bundle_after(line, keys[i]);

	if (!v)
		return err_set(err, "expected the line '%s ...', found '%.40s'", keys[i], line);
	switch (i) {
	case 0:
		if (!bundle_uuid_ok(v, strlen(v)))
			return err_set(err, "the device is not a UUID");
		memcpy(f->device_id, v, UUID_LEN + 1);
		return 0;
	case 1:
		return bundle_unhex(v, f->laptop, BUNDLE_PK) < 0 ?
			err_set(err, "the laptop key is not 64 hex digits") : 0;
	case 2:
		if (!name_ok(v))
			return err_set(err, "the profile name is not a name");
		f->profile = xstrdup(v);
		return 0;
	case 3:
		if (strlen(v) != STAMP_LEN)
			return err_set(err, "the time is not YYYY-MM-DDTHH:MM:SSZ");
		memcpy(f->made, v, STAMP_LEN + 1);
		return 0;
	case 4:
		return bundle_unhex(v, f->once, BUNDLE_PK) < 0 ?
			err_set(err, "the one-time key is not 64 hex digits") : 0;
	case 5:
		return bundle_unhex(v, f->hub, BUNDLE_PK) < 0 ?
			err_set(err, "the hub key is not 64 hex digits") : 0;
	default:
		return bundle_unhex(v, f->sealed, KEYRING_RECOVERY) < 0 ?
			err_set(err, "the key is not %d hex digits", 2 * KEYRING_RECOVERY) : 0;
	}
}

int recovery_read(const char *name, const char *text, size_t len, int reset,
		  struct recovery_file *f, struct err *err)
{
	const char *magic = reset ? RECOVERY_RESET_MAGIC : RECOVERY_REQUEST_MAGIC;
	const char *what = reset ? "an eadr reset file" : "an eadr recovery request";
	unsigned char sig[BUNDLE_SIG];
	char *copy, *line, *nl;
	int lineno = 0, rc = -1;

	memset(f, 0, sizeof(*f));
	f->reset = reset;
	if (len > RECOVERY_MAX || memchr(text, '\0', len))
		return err_set(err, "%s: not %s", name, what);
	copy = xstrndup(text, len);
	for (line = copy; *line; line = nl + 1) {
		const char *v;

		lineno++;
		if (!(nl = strchr(line, '\n'))) {
			err_set(err, "%s:%d: cut short (no end of line)", name, lineno);
			goto out;
		}
		*nl = '\0';
		if (lineno == 1) {
			if (strcmp(line, magic)) {
				err_set(err, "%s:1: not %s (it does not start with %s)", name,
					what, magic);
				goto out;
			}
			continue;
		}
		if (lineno <= 8) {
			if (field(f, lineno - 2, line, err) < 0) {
				err_prefix(err, "%s:%d", name, lineno);
				goto out;
			}
			continue;
		}
		if (!(v = bundle_after(line, "signature")) ||
		    bundle_unhex(v, sig, sizeof(sig)) < 0) {
			err_set(err, "%s:%d: expected 'signature' and 128 hex digits", name,
				lineno);
			goto out;
		}
		if (nl[1]) {
			err_set(err, "%s:%d: text after the signature", name, lineno + 1);
			goto out;
		}
		if (crypto_sign_verify_detached(sig, (const unsigned char *)text,
						(size_t)(line - copy),
						reset ? f->hub : f->laptop) != 0) {
			err_set(err, "%s: bad signature: the file was changed after it was "
				"made, or forged", name);
			goto out;
		}
		rc = 0;
		goto out;
	}
	err_set(err, "%s: cut short: no signature", name);
out:
	free(copy);
	if (rc < 0)
		recovery_file_release(f);
	return rc;
}
