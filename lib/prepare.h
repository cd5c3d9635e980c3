/*
 * prepare.h - the staff member prepares before the conversation: a
 * preparation code and sheet made by the manager, the prepared questions
 * answered with the code on a laptop where no manager is signed in, and
 * the answers put into the draft, marked as the person's own words.  See
 * schema/voice.md.
 */
#ifndef EADR_PREPARE_H
#define EADR_PREPARE_H

#include <stddef.h>

#include "err.h"
#include "feedback.h"
#include "form.h"
#include "sbuf.h"
#include "store.h"

#define PREP_LETTER 'A'		/* first character of a preparation code */

/*
 * Is q a question the staff member may answer with a code?  It must be
 * answerable, marked prepare (itself or inherited), not private, and not
 * in a section that holds private answers (form_section_confidential).
 */
int prepare_allowed(const struct form_question *q);

/* The question as the staff member is asked it: its prepare_label, else
 * its label.  Borrowed. */
const char *prepare_question_label(const struct form_question *q);

/* Is the list q offered for preparation (one of its item's questions is)? */
int prepare_list_offered(const struct form_question *q);

/*
 * A preparation code for staff_number: their draft appraisal (started with
 * appr_begin when they have none open; refused when it is signed) gets a
 * new code (code_make_letter(PREP_LETTER)); only its hash is kept, and,
 * when the signed-in manager holds the appraisal, the code itself sealed
 * under their shared key (so that their next sign-in can open what the
 * person wrote).  code gets the code, *appraisal_id the appraisal.
 */
int prepare_request(struct store *st, const char *const *dirs, size_t ndirs,
		    const char *staff_number, char code[FB_CODE_TEXT],
		    long long *appraisal_id, struct err *err);

/*
 * The questions a code opens, in order, for a walk: each answer path with
 * its question and a heading (the section's title; for a list, "Goal 2"
 * with the item's name).  A list offered for preparation gets
 * PREPARE_LIST_ITEMS new items, as the sheet has room for.  Nothing of a
 * confidential section.  *out is freed with prepare_steps_free.
 */
#define PREPARE_LIST_ITEMS 2
struct prepare_step {
	const struct form_question *q;
	char *path;		/* "welcome.checkin", "pdp.goals[1].need" */
	char *heading;		/* "Performance", "Personal development plan: Goal 2" */
};
size_t prepare_steps(const struct form *f, struct prepare_step **out);
void prepare_steps_free(struct prepare_step *s, size_t n);

/* The printable preparation sheet (text, or HTML when html) for name with
 * code (may be NULL), the prepared questions and space to write. */
void prepare_sheet(const struct form *f, const char *name, const char *code,
		   int html, struct sbuf *out);

/* A session of the staff member with a code. */
struct prepare_session {
	char code[FB_CODE_TEXT];
	char hash[FB_HASH_HEX + 1];
	long long appraisal_id;
	char *staff_number;
	struct form *form;		/* the appraisal's form (owned) */
	char **path, **value;		/* answers typed so far, in memory only */
	size_t n;
	int away;			/* a code of another laptop (prepare_away.h):
					 * appraisal_id 0, saved for the hub */
};
void prepare_session_release(struct prepare_session *ps);	/* wipes */

/*
 * Begin with a typed code: refused (-1, err for the person) when it is
 * mistyped, a 360 code, unknown here (-2: prepare_begin_anywhere then
 * opens it for the hub), or expired (the appraisal was signed; the code
 * is then marked expired for good).  *resumed is 1 when
 * answers saved earlier with this code are back.
 */
int prepare_begin(struct store *st, const char *typed, struct prepare_session *ps,
		  int *resumed, struct err *err);

/* The answer at path typed in this session, or NULL. */
const char *prepare_get(const struct prepare_session *ps, const char *path);

/*
 * Set the answer at path ("welcome.checkin"; for a list: "pdp.goals[0].need",
 * where the index counts the person's new items from 0).  Refused (-1) for
 * any path whose question is not prepare_allowed: nothing else of the form,
 * and nothing of a confidential section, is reachable with a code.
 */
int prepare_set(struct prepare_session *ps, const char *path, const char *value,
		struct err *err);

/* Save the session's answers, encrypted under a key derived from the code. */
int prepare_save(struct store *st, const struct prepare_session *ps, struct err *err);

/*
 * Put what is waiting into the drafts: with no profiles on this laptop,
 * the session's code (ps may be NULL); with a manager signed in, every
 * code whose sealed copy their keys open.  Each answer is written with
 * appr_set (new list items with appr_item_add), marked as written by the
 * staff member; then the waiting answers are deleted.  *n (may be NULL)
 * counts the codes merged.  Codes of signed appraisals are expired.  A
 * code that cannot be merged now (its appraisal open in another eadr)
 * keeps waiting while the others are merged; -1 then says why.
 * profile_signin calls this (with ps NULL) at every sign-in.
 */
int prepare_collect(struct store *st, const struct prepare_session *ps,
		    const char *const *dirs, size_t ndirs, size_t *n,
		    struct err *err);

/* Did the staff member write the answer at path?  1 yes, 2 yes and the
 * manager changed it since (audited "prepared-edited" by appr_set), 0 no,
 * -1 and err. */
int prepare_marked(struct store *st, long long appraisal_id, const char *path,
		   struct err *err);

/* The words the walk shows beside an answer prepare_marked says m of:
 * "(their own words)", "(their words, changed since)"; "" for 0 or -1. */
const char *prepare_mark_words(int m);

#endif
