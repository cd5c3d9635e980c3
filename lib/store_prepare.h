/*
 * store_prepare.h - the SQL of preparation codes (lib/store_prepare.c):
 * the code rows (hash, appraisal, the code sealed for the holder), the
 * answers waiting for the holder, and which answers the staff member
 * wrote.  See lib/prepare.h and schema/voice.md.
 */
#ifndef EADR_STORE_PREPARE_H
#define EADR_STORE_PREPARE_H

#include <stddef.h>

#include "err.h"
#include "sbuf.h"
#include "store.h"

struct prepare_row {
	char *code_hash, *staff_number, *created_on;
	long long appraisal_id;
	int expired;
	struct sbuf code_box;	/* empty when no profile held the appraisal */
};
void prepare_row_release(struct prepare_row *r);

/* Keep a new code's row (box may be NULL), audited "prepare-request". */
int store_prepare_add(struct store *st, const char *code_hash,
		      long long appraisal_id, const char *staff_number,
		      const char *created_on, const void *box, size_t boxlen,
		      const char *appraisal_uuid, struct err *err);

/* The row of code_hash: 1 found (r filled, caller releases), 0 not, -1 error. */
int store_prepare_get(struct store *st, const char *code_hash,
		      struct prepare_row *r, struct err *err);

/* Mark the code expired (its appraisal was signed); audited "prepare-expired". */
int store_prepare_expire(struct store *st, const char *code_hash, struct err *err);

/* Answers waiting: 1 and salt, box appended, 0 none, -1 error. */
int store_prepare_inbox_get(struct store *st, const char *code_hash,
			    unsigned char salt[16], struct sbuf *box, struct err *err);
int store_prepare_inbox_put(struct store *st, const char *code_hash,
			    const unsigned char salt[16], const void *box,
			    size_t len, const char *date, struct err *err);
int store_prepare_inbox_delete(struct store *st, const char *code_hash,
			       struct err *err);

/* Calls fn for each code (not expired) that has answers waiting; fn
 * returning non-zero stops the walk and is returned. */
int store_prepare_waiting_each(struct store *st,
			       int (*fn)(const struct prepare_row *r, void *arg),
			       void *arg, struct err *err);

/* Mark path of the appraisal as written by the staff member (and audit it
 * "prepared": "PATH written by the staff member"); a mark changed since is
 * as the person wrote it again. */
int store_prepare_mark(struct store *st, long long appraisal_id,
		       const char *appraisal_uuid, const char *staff_number,
		       const char *path, struct err *err);

/* Did the staff member write path?  1 yes, 2 yes and it was changed
 * since, 0 no, -1 error. */
int store_prepare_marked(struct store *st, long long appraisal_id,
			 const char *path, struct err *err);

/* The marks of the answers under from (a list item's prefix,
 * "pdp.goals[2].") move to the prefix to (NULL: they are deleted), as the
 * item's answers do when an item is moved or deleted.  0, or -1 and err. */
int store_prepare_marks_move(struct store *st, long long appraisal_id,
			     const char *from, const char *to, struct err *err);

/* The answer at path was changed by who: a mark as the person wrote it
 * becomes changed since, audited "prepared-edited" ("PATH written by the
 * staff member, changed by WHO"); once.  0, or -1 and err. */
int store_prepare_edited(struct store *st, long long appraisal_id,
			 const char *appraisal_uuid, const char *staff_number,
			 const char *path, const char *who, struct err *err);

#endif
