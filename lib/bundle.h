/*
 * bundle.h - the sync file formats: a laptop's signed (and, when it trusts a
 * hub key, sealed) bundle of final appraisals, and the hub's signed
 * acknowledgement of one bundle.  Both are described in schema/bundle.md.
 * Nothing here touches the database; call bundle_crypto_init() first.
 */
#ifndef EADR_BUNDLE_H
#define EADR_BUNDLE_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"
#include "sbuf.h"
#include "util.h"

#define BUNDLE_VERSION 2		/* the format this eadr writes */
#define BUNDLE_VERSION_OLDEST 1		/* the oldest it still reads */
#define BUNDLE_MAX (1024u << 20)	/* larger files are refused */
#define BUNDLE_HEADER 192
#define BUNDLE_SIG 64
#define BUNDLE_SEALED 1u		/* flags: payload sealed to a hub key */
#define BUNDLE_ID_HEX 64		/* a bundle id: BLAKE2b-256 (bundle_id_bytes) */
#define BUNDLE_PK 32			/* Ed25519 or X25519 public key */
#define BUNDLE_SK 64			/* Ed25519 secret key */
#define BUNDLE_BOX_SK 32		/* X25519 secret key */
#define BUNDLE_REF_HEX 32		/* an appraisal's reference in an ack */

/* Start libsodium (idempotent).  -1 and err if it cannot. */
int bundle_crypto_init(struct err *err);

/* Record types and their fields, in the order they travel.  NULL fields
 * (allowed only where marked "n") travel as no value, not "".  The header
 * counts the first BUNDLE_NCOUNTED types; 360-degree feedback requests and
 * sealed responses (schema/feedback.md) travel after every appraisal,
 * uncounted, so that a bundle without them is what it always was. */
enum bundle_type {
	BUNDLE_FORM, BUNDLE_STAFF, BUNDLE_APPRAISAL,
	BUNDLE_ANSWER, BUNDLE_GOAL, BUNDLE_SIGNOFF,
	BUNDLE_FBREQ, BUNDLE_FBRESP,
	BUNDLE_VOICE,
	BUNDLE_PREPREQ, BUNDLE_PREPANS,
	BUNDLE_NTYPES
};
#define BUNDLE_NCOUNTED 6	/* types the header counts: F S A N P G */
enum { FORM_HASH, FORM_ID, FORM_VERSION, FORM_SOURCE /* n */, FORM_NF };
enum { STAFF_NUMBER, STAFF_UUID, STAFF_NAME, STAFF_ROLE, STAFF_BAND,
	STAFF_STATION, STAFF_EMAIL, STAFF_DUE /* n */, STAFF_DEVICE,
	STAFF_REVISION, STAFF_CREATED, STAFF_UPDATED, STAFF_NF };
enum { AP_UUID, AP_STAFF, AP_APPRAISER, AP_FORM_ID, AP_FORM_VERSION,
	AP_FORM_HASH, AP_STATE, AP_REVISION, AP_DEVICE, AP_CREATED,
	AP_UPDATED, AP_MEETING /* n */, AP_NEXT_DUE /* n */, AP_NF };
enum { ANS_PATH, ANS_VALUE, ANS_UUID, ANS_DEVICE, ANS_REVISION,
	ANS_UPDATED, ANS_NF };
enum { GOAL_UUID, GOAL_POSITION, GOAL_NEED, GOAL_GOAL, GOAL_KIND,
	GOAL_CATEGORY, GOAL_PRIORITY, GOAL_TARGET /* n */, GOAL_SUPPORT,
	GOAL_STATUS, GOAL_FOLLOWS /* n */, GOAL_DEVICE, GOAL_REVISION,
	GOAL_CREATED, GOAL_UPDATED, GOAL_NF };
enum { SO_UUID, SO_ROLE, SO_NAME, SO_COMMENTS, SO_SIGNED_AT, SO_DEVICE,
	SO_REVISION, SO_NF };
/* Q: a feedback request (its codes as "grp:hash" words sorted by hash);
 * R: a sealed response (hex of the crypto_box_seal). */
enum { FBQ_ID, FBQ_STAFF, FBQ_CLOSE, FBQ_SELF, FBQ_MANAGER, FBQ_PEER,
	FBQ_REPORT, FBQ_OTHER, FBQ_CODES, FBQ_NF };
enum { FBR_ID, FBR_SEALED, FBR_NF };
/* V: a sealed answer of how it went (schema/voice.md), after every R. */
enum { VOICE_ID, VOICE_SEALED, VOICE_NF };
/* C: a preparation code's hash, told by the laptop holding its appraisal;
 * W: answers typed with a code on another laptop, still under the code
 * (schema/voice.md, "On another laptop"). */
enum { PREPQ_HASH, PREPQ_APPRAISAL, PREPQ_FORM_ID, PREPQ_FORM_VERSION,
	PREPQ_STATE, PREPQ_NF };
enum { PREPA_HASH, PREPA_FORM_ID, PREPA_FORM_VERSION, PREPA_SAVED, PREPA_SALT,
	PREPA_BOX, PREPA_NF };
#define BUNDLE_MAXF 16

/* One record: NUL-terminated, valid UTF-8 fields (NULL: no value). */
struct bundle_win;

struct bundle_rec {
	const char *f[BUNDLE_MAXF];
};

/* An appraisal with its records: answers[answer0 .. answer0+nanswers) and
 * so on.  raw/raw_len are its records' bytes as they travel, from which the
 * hub takes the content hash and keeps the history. */
struct bundle_appraisal {
	struct bundle_rec rec;
	size_t answer0, nanswers, goal0, ngoals, signoff0, nsignoffs;
	const unsigned char *raw;
	size_t raw_len;
	long long revision;
};

/* A bundle read and checked by bundle_read (every record parsed into the
 * arrays), or by bundle_open (the arrays empty, the counts set; records are
 * then taken one unit at a time with bundle_next).  Everything is owned by
 * the bundle and freed by bundle_release. */
struct bundle_box;
struct bundle {
	unsigned version, flags;
	char device_id[UUID_LEN + 1];
	unsigned char device_pk[BUNDLE_PK];
	unsigned long long seq;
	long long created;		/* Unix time, UTC */
	unsigned char sealed_to[BUNDLE_PK];	/* zeros unless sealed */
	char id[BUNDLE_ID_HEX + 1];	/* hex (bundle_id_bytes) */
	struct bundle_rec *forms, *staff, *answers, *goals, *signoffs;
	struct bundle_appraisal *appraisals;
	size_t nforms, nstaff, nappraisals, nanswers, ngoals, nsignoffs;
	struct bundle_rec *fbreqs, *fbresps;	/* feedback requests, responses */
	size_t nfbreqs, nfbresps;
	struct bundle_rec *voices;	/* how it went: sealed answers */
	size_t nvoices;
	struct bundle_rec *prepreqs, *prepans;	/* preparation codes, answers */
	size_t nprepreqs, nprepans;
	/* private */
	const unsigned char *content;	/* the records (plaintext) */
	size_t content_len;
	unsigned char *plain;		/* content, when decrypted here */
	size_t next;			/* bundle_next: where the next unit starts */
	char *arena;
	size_t arena_len;
	size_t acap[BUNDLE_NTYPES];
	const struct bundle_file *file;	/* bundle_open_file: the file read */
	unsigned char hdr[BUNDLE_HEADER];	/* the header, as checked */
	int sum_held;			/* sealed: the records had their checksum */
	void *again;			/* the payload's checksum again, as taken */
	struct bundle_win *win;		/* bundle_next: the records read so far */
	struct bundle_box *box;		/* sealed, from a file: its key */
};
void bundle_release(struct bundle *b);	/* NULL is a no-op */

/*
 * Check and read a bundle file's bytes.  name (the file, for messages) heads
 * every message.  box_pk/box_sk (X25519, may be NULL) open a sealed bundle.
 * The whole file is refused, with a message saying why, when it is not a
 * bundle, of another format version, truncated or longer than it says,
 * damaged (checksum), not signed by the key it carries, sealed to another
 * key, or when any record is malformed.  On error out is released.
 */
int bundle_read(const char *name, const unsigned char *data, size_t len,
		const unsigned char *box_pk, const unsigned char *box_sk,
		struct bundle *out, struct err *err);

/*
 * Check a bundle as bundle_read does, every record included, but keep no
 * record: out gets the header, the counts and the bundle id, and borrows
 * data when it is not sealed (data must then outlive out, unchanged); a
 * sealed bundle's records are decrypted into memory out owns.  Beyond that,
 * memory is 16 bytes per staff member and per appraisal.  Then take the
 * records with bundle_next.  On error out is released.
 */
int bundle_open(const char *name, const unsigned char *data, size_t len,
		const unsigned char *box_pk, const unsigned char *box_sk,
		struct bundle *out, struct err *err);

/* A bundle file, open: bundle_open_file reads it a piece at a time with
 * pread (never through a mapping), so that a file truncated, rewritten or
 * on a stick pulled while it is read gives an error, not a crash. */
struct bundle_file {
	size_t len;		/* the file's size when it was opened */
	int fd, open;
};
/* Open path (refused as sync_file_read refuses: a link, not a regular file,
 * larger than any bundle).  0, or -1 and err.  Release with
 * bundle_file_release. */
int bundle_file_open(const char *path, struct bundle_file *f, struct err *err);
void bundle_file_release(struct bundle_file *f);	/* NULL is a no-op */
/* The whole file, for a caller that keeps it (the hub's copy of a bundle
 * it holds), into *out (malloc'd, f->len bytes): 0 when its bytes are the
 * bundle with this id (hex) that was checked, else -1 and err ("changed
 * while it was being imported"). */
int bundle_file_whole(const struct bundle_file *f, const char *id, unsigned char **out,
		      struct err *err);

/*
 * bundle_open on a file, in memory bounded by a constant (beyond the 8
 * bytes per staff member and its number; a sealed bundle's records are
 * still decrypted into memory), read in pieces: the signature, checksum and
 * bundle id in one pass, the records in a second.  bundle_next then reads
 * each unit again, checks it again, and hashes it again (the checksum,
 * BLAKE2b-256, which the signature covers: nobody can make other bytes with
 * the same), and bundle_unchanged says whether what was taken is what was
 * checked.  A
 * file that changes meanwhile (shorter, a length rewritten, a byte
 * changed) is refused with "changed while it was being imported; nothing
 * from it was kept", by whichever of these reads first sees it.  f must
 * outlive out.
 */
int bundle_open_file(const char *name, const struct bundle_file *f,
		     const unsigned char *box_pk, const unsigned char *box_sk,
		     struct bundle *out, struct err *err);
/* For tests: called (when set) with "payload" or "records" before each
 * pass over a file after the first, so that a test can change the file
 * between passes. */
extern void (*bundle_pass_hook)(const char *pass);
/* For tests: called (when set) with where and how much each read of a
 * bundle file takes. */
extern void (*bundle_read_hook)(size_t off, size_t n);
/* After bundle_next returned 0 on a bundle from bundle_open_file: 0 when
 * the records taken are the ones checked, or -1 and err (nothing taken may
 * be kept).  0 for any other bundle. */
int bundle_unchanged(struct bundle *b, struct err *err);
/* When a merge of a bundle from bundle_open_file stops on an error before
 * bundle_unchanged: the rest of the records read and hashed, and when what
 * was taken is not what was checked, err says the file changed (its message
 * came from bytes nobody checked; a sealed bundle's, from bytes that could
 * show what the records hold).  Always -1; err stands for any other bundle. */
int bundle_failed(struct bundle *b, struct err *err);

/*
 * The next unit of a bundle from bundle_open, in travelling order: one form,
 * one staff member, one appraisal with its answers, goals and sign-offs, or
 * one feedback request or response,
 * parsed into part (released and filled again on each call; the header
 * fields and id are copied from b).  1, 0 when there is no more (part is
 * then released), -1 and err.  The caller releases part.
 */
int bundle_next(struct bundle *b, struct bundle *part, struct err *err);

/*
 * Parse just the records (the plaintext payload) into out, which must be
 * zeroed; raw pointers point into p.  Used by bundle_read (which also checks
 * that every appraisal's staff member travels with it), by the hub to read
 * back one appraisal's kept records, and by the fuzzer.
 */
int bundle_parse_records(const unsigned char *p, size_t n, struct bundle *out,
			 struct err *err);

/* Building a bundle: records are added in travelling order (forms and staff
 * first, then each appraisal followed by its answers, goals and sign-offs,
 * then feedback requests, then feedback responses, then answers of how it
 * went). */
struct bundle_writer {
	struct sbuf content;
	unsigned count[BUNDLE_NTYPES];
	int phase;		/* 0 forms/staff, 1 appraisals, 2 requests, 3 responses,
				   4 how it went, 5 preparation codes, 6 prepared answers */
};
void bundle_writer_init(struct bundle_writer *w);
void bundle_writer_release(struct bundle_writer *w);
/* Add a record of type with its fields (count fixed by the type).  Refuses
 * a record out of order, a NULL where a value is needed, or bad UTF-8. */
int bundle_add(struct bundle_writer *w, enum bundle_type type,
	       const char *const *fields, struct err *err);
/* Records of each type added so far. */
unsigned bundle_count(const struct bundle_writer *w, enum bundle_type type);

struct bundle_signer {
	const char *device_id;
	unsigned char pk[BUNDLE_PK], sk[BUNDLE_SK];	/* Ed25519 */
};
/*
 * Make the file's bytes into out (appended): header, payload (sealed to
 * seal_to, an X25519 public key, unless NULL), signature.  id gets the
 * bundle id (hex).
 */
int bundle_finish(struct bundle_writer *w, const struct bundle_signer *s,
		  const unsigned char *seal_to, unsigned long long seq,
		  long long created, struct sbuf *out,
		  char id[BUNDLE_ID_HEX + 1], struct err *err);

/* ---- acknowledgements ---- */

struct bundle_ack_item {
	char ref[BUNDLE_REF_HEX + 1];	/* bundle_ack_ref of the appraisal */
	long long revision;
	char status[12];	/* current, history, conflict */
};
struct bundle_ack {
	char bundle_id[BUNDLE_ID_HEX + 1];
	char device_id[UUID_LEN + 1];
	unsigned long long seq;
	char imported[STAMP_LEN + 1];
	unsigned char hub_pk[BUNDLE_PK];	/* Ed25519 key that signed it */
	struct bundle_ack_item *items;
	size_t n, alloc;
};
void bundle_ack_release(struct bundle_ack *a);	/* NULL is a no-op */
/*
 * How an acknowledgement names an appraisal: BLAKE2b-128 of its UUID keyed
 * by the bundle id (hex), so that the files on a stick give no UUID away;
 * the laptop, which knows what it sent, computes the same to match.
 */
void bundle_ack_ref(const char *bundle_id, const char *uuid,
		    char out[BUNDLE_REF_HEX + 1]);
/* Add an item (its reference made from a->bundle_id, which must be set). */
void bundle_ack_add(struct bundle_ack *a, const char *uuid, long long revision,
		    const char *status);
/* The acknowledgement's text, signed with the hub's Ed25519 key pair. */
void bundle_ack_write(const struct bundle_ack *a, const unsigned char pk[BUNDLE_PK],
		      const unsigned char sk[BUNDLE_SK], struct sbuf *out);
/*
 * The same bytes as bundle_ack_write, made as the items come, for an
 * import too large to hold them: the text grows in a temporary file
 * (tmpfile), so memory stays the same whatever the number of items.
 * bundle_ack_out_new takes head's bundle id, device, seq and import time
 * (not its items); NULL and err when no temporary file can be made.
 */
struct bundle_ack_out;
struct bundle_ack_out *bundle_ack_out_new(const struct bundle_ack *head,
					  const unsigned char pk[BUNDLE_PK],
					  const unsigned char sk[BUNDLE_SK],
					  struct err *err);
void bundle_ack_out_add(struct bundle_ack_out *o, const char *uuid, long long revision,
			const char *status);
/* Write the signed acknowledgement to `to` and free o (either way); -1
 * and err on a read or write error. */
int bundle_ack_out_finish(struct bundle_ack_out *o, FILE *to, struct err *err);
void bundle_ack_out_free(struct bundle_ack_out *o);	/* NULL is a no-op */
/*
 * Check and read an acknowledgement.  Its signature must hold for the key
 * it names; when trusted_pk is given, that key must be trusted_pk.  Any
 * malformed line is refused as "NAME:LINE: message".
 */
int bundle_ack_read(const char *name, const char *text, size_t len,
		    const unsigned char *trusted_pk, struct bundle_ack *out,
		    struct err *err);

/* ---- the hub's public key file ---- */

/* The file a hub hands to laptops: its Ed25519 key (acknowledgements) and
 * X25519 key (sealed bundles), with a fingerprint comment for people, all
 * signed with the hub's Ed25519 secret key sign_sk. */
void bundle_hubkey_write(const unsigned char sign_pk[BUNDLE_PK],
			 const unsigned char box_pk[BUNDLE_PK],
			 const unsigned char sign_sk[BUNDLE_SK], struct sbuf *out);
/*
 * Read it strictly ("NAME:LINE: message" on error): a file of format 1 (not
 * signed), a weak or low-order key (bundle_key_check) and a signature that
 * does not hold for the sign key (a half replaced) are refused.
 */
int bundle_hubkey_read(const char *name, const char *text, size_t len,
		       unsigned char sign_pk[BUNDLE_PK],
		       unsigned char box_pk[BUNDLE_PK], struct err *err);
/*
 * Refuse keys no genuine hub makes: an Ed25519 sign key that is not a valid
 * point of large order, an X25519 box key of low order (all zeros, ...).
 * Either may be NULL (not checked).  -1 and err saying which and why.
 */
int bundle_key_check(const unsigned char *sign_pk, const unsigned char *box_pk,
		     struct err *err);

/* Lower-case hex of n bytes into out (2n + 1 bytes). */
void bundle_hex(const unsigned char *b, size_t n, char *out);
/* Exactly 2n hex digits into b; 0 or -1. */
int bundle_unhex(const char *hex, unsigned char *b, size_t n);
/* A short, readable fingerprint of a device's public signing key
 * ("ab12 cd34 ef56 7890 abcd"): the first 10 bytes of its BLAKE2b. */
void bundle_fingerprint(const unsigned char pk[BUNDLE_PK], char out[25]);
/* The hub's fingerprint, over everything a laptop trusts: the key file's
 * format version and both keys, so that a swapped half changes it. */
void bundle_hub_fingerprint(const unsigned char sign_pk[BUNDLE_PK],
			    const unsigned char box_pk[BUNDLE_PK], char out[25]);
/* A fingerprint as a person typed it (spaces optional, any case) into the
 * form bundle_fingerprint writes.  -1 when it is not 20 hex digits. */
int bundle_fingerprint_parse(const char *text, char out[25]);

#endif
