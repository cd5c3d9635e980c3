/*
 * appr.h - the rules of one appraisal being held: its own form, its
 * answers, which questions are shown (`when`), what is still needed,
 * list items, last year's answers (`carry`), sign-off and finalising.
 * No curses here: the TUI and plain mode both stand on this.
 */
#ifndef EADR_APPRAISAL_H
#define EADR_APPRAISAL_H

#include <stddef.h>

#include "form.h"
#include "sbuf.h"
#include "store.h"

struct appr_answer {
	char *path, *value;
	size_t len;		/* strlen(value), kept: a key in a long answer
				   does not measure it again */
	int flags;		/* STORE_PRIVATE */
};

struct appr {
	struct store *st;	/* borrowed */
	struct form *form;	/* owned: the form the appraisal started on */
	int form_substituted;	/* that form was not kept; the newest of its id is used */
	struct store_appraisal rec;	/* the store's record (reloaded after state changes) */
	char *staff_name;
	struct appr_answer *v;	/* every answer (private too), sorted by path */
	size_t n, alloc;
	char lock_token[UUID_LEN + 1];	/* "" unless this holds it (appr_lock) */
	long long lock_beat;	/* when its heartbeat was last renewed */
	int by_staff;		/* appr_set writes the staff member's prepared
				   words (prepare_merge.c), not the manager's */
	struct appr_pcache *pcache;	/* the problems per section (appr_problems.c) */
	/* Changes to the answers in memory: gen counts them; since gen_from
	 * every one was to gen_path (NULL: a reload, any may have changed).
	 * A screen that drew at gen G knows whether only one answer changed. */
	unsigned long gen, gen_from;
	char *gen_path;
};

/*
 * Start an appraisal of staff_number on form (borrowed): keep the form's
 * source in the store, make the draft, write the top-level defaults and
 * fill `carry` lists from the staff member's previous final appraisal, all
 * in one transaction.  *id is the new appraisal.  -1 and err on failure
 * (nothing is changed).
 */
int appr_start(struct store *st, const struct form *form,
	       const char *staff_number, const char *appraiser, long long *id,
	       struct err *err);

/* ---- the steps every front end takes (appr_flow.c) ---- */

/*
 * The form new appraisals start on: the newest "eadr" form in dirs, else
 * the newest form of the first id in the catalogue (form_catalog).  NULL
 * and err when there is none.  Caller frees.
 */
struct form *appr_default_form(const char *const *dirs, size_t ndirs, struct err *err);

/* Is an appraisal in this state resumed (draft, signed), rather than a new
 * one started (final, synced, or none)? */
int appr_state_open(const char *state);

/*
 * Start a new appraisal of staff_number on appr_default_form, with the
 * appraiser $EADR_APPRAISER, else the one named on the most recent
 * appraisal.  *id is the new appraisal; *form_name (may be NULL) gets
 * "ID VERSION" of the form used (caller frees).  -1 and err on failure.
 */
int appr_begin(struct store *st, const char *const *dirs, size_t ndirs,
	       const char *staff_number, long long *id, char **form_name,
	       struct err *err);

/* The field a refused sign-off names (appr_signoff's *field), and the
 * sign-off's text fields (appr_signoff_draft*). */
enum { APPR_SIGNOFF_OTHER, APPR_SIGNOFF_MANAGER, APPR_SIGNOFF_STAFF,
       APPR_SIGNOFF_COMMENTS };

/*
 * Sign off together: the manager types their name (not blank), the staff
 * member types their own name as on the staff record or their staff
 * number (appr_same_name), nothing required may be missing; then both
 * sign-offs are recorded in one transaction (the staff member's with
 * comments, which may be NULL) and the appraisal becomes "signed".
 * Refused for a final or already signed appraisal.  -1 and err (a
 * sentence for the person) on refusal or failure, with *field (may be
 * NULL) set to the field to correct, or APPR_SIGNOFF_OTHER.
 */
int appr_signoff(struct appr *ap, const char *manager, const char *staff,
		 const char *comments, int *field, struct err *err);

/*
 * A sign-off being typed, saved like an answer: field (APPR_SIGNOFF_MANAGER,
 * _STAFF or _COMMENTS) as typed so far, kept until the sign-off is recorded
 * (appr_signoff removes it in its transaction).  For an appraisal that is
 * no longer a draft, nothing is kept and 0 is returned.  -1 and err when
 * the database will not take it.
 */
int appr_signoff_draft_set(struct appr *ap, int field, const char *text,
			   struct err *err);
/* The field as typed so far (caller frees), or NULL when none was kept. */
char *appr_signoff_draft(struct appr *ap, int field);

/*
 * Open appraisal id with the form it was started on (kept in the store by
 * hash).  If that form was never kept (older databases), the newest form of
 * the same id in dirs is used and form_substituted is set.  NULL and err on
 * failure.  Free with appr_free.
 */
struct appr *appr_open(struct store *st, long long id,
		       const char *const *dirs, size_t ndirs, struct err *err);
void appr_free(struct appr *ap);	/* NULL is a no-op; releases its hold */

/* ---- one holder at a time (appr_lock.c) ---- */

/* Who holds an appraisal, when it is not the caller. */
struct appr_locker {
	char *user, *host, *since;	/* owned (appr_locker_release) */
	long long pid;
	int here;			/* on this host */
};
void appr_locker_release(struct appr_locker *h);

/*
 * Take the hold on ap's appraisal, to edit it: one program at a time.  1
 * when ap holds it (now or already); 0 when another program holds it, with
 * *other (may be NULL) naming it: ap is then for reading only and every
 * change through it is refused.  A hold whose program is gone is stale and
 * taken over: on this host, its process no longer runs (or its pid is now
 * another process's); on another host, it has not saved for
 * APPR_LOCK_STALE seconds.  -1 and err when the store fails.  The hold is
 * released by appr_free (and left, stale, by a crash).
 */
#define APPR_LOCK_STALE (15 * 60)
int appr_lock(struct appr *ap, struct appr_locker *other, struct err *err);

/* Does ap hold its appraisal (appr_lock returned 1)? */
int appr_locked(const struct appr *ap);

/* "open in another eadr since DATE HH:MM UTC (process 123 of ann on HOST)" into out. */
void appr_locker_describe(const struct appr_locker *h, struct sbuf *out);

/*
 * May ap change its appraisal?  0 yes: ap holds it (its heartbeat is then
 * renewed at most once a minute), or ap never asked and no live program
 * holds it.  -1 and err (a sentence for the person) when another program
 * holds it, or ap held it and lost it (it was taken over as stale).
 * appr_set and every change in appr_ops.c call this first.
 */
int appr_may_change(struct appr *ap, struct err *err);

/* Give the hold back now (appr_free does; a no-op when ap does not hold it). */
void appr_lock_drop(struct appr *ap);

/* Re-read the record and the answers from the store. */
int appr_reload(struct appr *ap, struct err *err);

int appr_is_final(const struct appr *ap);	/* final: read-only */
int appr_is_signed(const struct appr *ap);

/* The answer at path, or NULL when there is none.  Borrowed until the next change. */
const char *appr_get(const struct appr *ap, const char *path);

/*
 * Save value at path (the private flag comes from the form).  A value equal
 * to the saved one writes nothing.  On failure nothing in memory changes
 * and err says why in plain words (disk full, read-only, final...).
 */
int appr_set(struct appr *ap, const char *path, const char *value,
	     struct err *err);
/* The same with value's length (strlen(value)) already known. */
int appr_setn(struct appr *ap, const char *path, const char *value, size_t len,
	      struct err *err);

/* The number of items of the list at path ("performance.objectives"). */
long appr_count(const struct appr *ap, const char *listpath);

/* An expression environment reading this appraisal's answers. */
void appr_env(const struct appr *ap, struct expr_env *env);

/* Is section s shown (its `when`)? */
int appr_section_visible(const struct appr *ap, size_t s);

/* ---- walking the shown questions ---- */

enum appr_kind {
	APPR_QUESTION,	/* a question with an answer (or a note) */
	APPR_GROUP,	/* a group's title; its questions follow */
	APPR_LIST,	/* a list's title; its items follow, then APPR_ADD */
	APPR_ITEM,	/* the start of list item `index`; its questions follow */
	APPR_ADD,	/* the end of a list: where a new item is added */
};

struct appr_elem {
	enum appr_kind kind;
	const struct form_question *q;	/* for ITEM and ADD: the list */
	const char *path;	/* answer path; ITEM: "pdp.goals[2]"; LIST/ADD: the list's */
	long index;		/* ITEM: the item's index; else -1 */
	long nitems;		/* LIST, ITEM, ADD: the list's number of items */
	int depth;		/* nesting: 0 at the top of a section */
};

/*
 * Call fn for every shown element of section s, in form order (hidden
 * questions by `when` are left out).  fn returning non-zero stops the walk
 * and is returned.
 */
int appr_walk(const struct appr *ap, size_t s,
	      int (*fn)(const struct appr_elem *e, void *arg), void *arg);

/* ---- what is still needed ---- */

struct appr_problem {
	size_t section;
	const struct form_question *q;
	char *path, *msg;
	int missing;		/* a required answer (or list item) is missing */
};
struct appr_problems {
	struct appr_problem *v;
	size_t n, alloc;
};
void appr_problems_release(struct appr_problems *p);

/*
 * Every problem of the shown questions of section s (or of all sections for
 * (size_t)-1), in form order: missing required answers, list item counts,
 * answers that break their type or constraint.  Appended to p.  Each
 * section's problems are kept until an answer they read changes (its own
 * section's, or one its `when` and constraints name), so asking on every
 * key costs what changed, not the whole form.
 */
void appr_problems(const struct appr *ap, size_t s, struct appr_problems *p);

/* How many problems appr_problems would give for s (or (size_t)-1: all). */
size_t appr_problem_count(const struct appr *ap, size_t s);

/* Have the answers changed since generation g only at path (or not at all)? */
int appr_changed_only(const struct appr *ap, unsigned long g, const char *path);

/*
 * Does any `when` or constraint of the form read the answer at path (its
 * own constraint's "." aside)?  When not, a change to it changes nothing
 * but its own question: no other question shows, hides or gets a problem.
 */
int appr_answer_read(const struct appr *ap, const char *path);

/* For appr.c: the answer at path changed (NULL: any may have); and the
 * kept problems are freed (appr_free). */
void appr_pcache_changed(struct appr *ap, const char *path);
void appr_pcache_free(struct appr *ap);

/* The problem with the answer value at path (q's), or 0 with msg untouched. */
int appr_check(const struct appr *ap, const struct form_question *q,
	       const char *path, const char *value, struct sbuf *msg);

/* ---- lists ---- */

/*
 * Add an item at the end of list q at listpath, writing its fields'
 * defaults (or "") so that the empty item is kept.  *index is the new item.
 * Refused beyond the list's max.
 */
int appr_item_add(struct appr *ap, const struct form_question *q,
		  const char *listpath, long *index, struct err *err);
/* Delete item index, renumbering those after it, in one transaction. */
int appr_item_delete(struct appr *ap, const char *listpath, long index,
		     struct err *err);
/* Swap items a and b of the list (reordering), in one transaction. */
int appr_item_swap(struct appr *ap, const char *listpath, long a, long b,
		   struct err *err);

/* ---- place, sign-off, final ---- */

/* Remember path as where the manager is (for resuming). */
int appr_set_resume(struct appr *ap, const char *path, struct err *err);

/* Who has signed the current revision: bit 1 appraiser, bit 2 appraisee. */
int appr_signed_by(const struct appr *ap, struct err *err);

/*
 * Record a sign-off (role "appraiser" or "appraisee").  Refused while
 * anything required is missing.  When both have signed, the appraisal
 * becomes "signed".
 */
int appr_sign(struct appr *ap, const char *role, const char *name,
	      const char *comments, struct err *err);

/*
 * Make a signed appraisal final (read-only): the meeting date is set to
 * today if unset, the next due date to the agreed date of the next review
 * (a date question with the id next_review, when answered; else a year
 * after the meeting), and the PDP goals table is written from the form's PDP
 * list through its TNA mapping (status "carried" for goals that follow up
 * last year's, else "new").  One transaction.
 */
int appr_finalise(struct appr *ap, struct err *err);

/*
 * Back to draft: a final appraisal is reopened (audited, new revision); a
 * signed one loses its sign-offs.
 */
int appr_reopen(struct appr *ap, struct err *err);

/* Do two names match, ignoring case and spaces at either end? (sign-off) */
int appr_same_name(const char *a, const char *b);

#endif
