/*
 * store.h - the local SQLite store: one file per laptop.
 *
 * Every function that can fail returns 0 (or a documented count) on success
 * and -1 on failure with a plain-language message in err.  A failed write
 * changes nothing: each change runs in its own transaction.  The reading and
 * writing of answer values stays inside the store so that encryption at rest
 * can later be added here alone.
 */
#ifndef EADR_STORE_H
#define EADR_STORE_H

#include <stddef.h>

#include "err.h"
#include "keyring.h"
#include "util.h"

struct sbuf;

struct store;

struct store_opts {
	int busy_timeout_ms;	/* how long to wait for another eadr; 0: 5000 */
	int migrate_to;		/* tests only: stop at this schema version; 0: all */
	int skip_check;		/* read-only work: skip PRAGMA quick_check, which
				   reads the whole file; damage on a page that is
				   read still fails that read with a clear message */
	int cache_kib;		/* SQLite's page cache, in KiB; 0: SQLite's 2,000 */
};

/*
 * Open (creating if needed) the database at path.  A new file is made with
 * mode 0600, in missing parent folders made with mode 0700.  Checks that it
 * is an eadr database, that no newer eadr wrote it (such a file is refused
 * and not modified), and that it is not damaged (PRAGMA quick_check); then
 * applies any pending migrations, each in its own transaction.  opts may be
 * NULL.  Returns NULL and fills err on failure.
 */
struct store *store_open(const char *path, const struct store_opts *opts,
			 struct err *err);
void store_close(struct store *st);	/* NULL is a no-op */

/*
 * PRAGMA quick_check of the whole file: 0 when sound, -1 and err when
 * damaged.  For a store opened with skip_check that will write later
 * (the TUI checks in idle time instead: store_check_until).
 */
int store_check(struct store *st, struct err *err);

/*
 * The same check for idle time: run until done, or given up as soon as
 * stop(arg) returns nonzero, leaving nothing behind (run it again in the
 * next pause).  stop is called first, then every 2 ms from another thread
 * while the check runs: it must be safe there (poll a descriptor, read a
 * flag).  1: done, the file is sound; 0: given up; -1 and err: damaged or
 * unreadable.  Not inside a change (store_begin).
 */
int store_check_until(struct store *st, int (*stop)(void *), void *arg,
		      struct err *err);

/*
 * Durability.  Every commit (each store_answer_set, each store_commit) is
 * written to the database's log before the call returns: a crash of eadr
 * (kill -9, a segfault, a closed terminal) loses no change whose call
 * returned 0.  A power cut or a kernel crash may lose the changes made
 * since the last successful store_flush, never more; the file is never
 * left damaged (SQLite's write-ahead log, synchronous = NORMAL).
 *
 * store_flush makes everything committed so far, by this or any other
 * connection to the file, survive a power cut (an fsync of the log).  The
 * TUI calls it at each pause in typing and at most a second after any
 * change, so a power cut loses at most the last second.  Refused inside
 * store_begin.  -1 and err when the disk cannot be written (the changes
 * are then still committed, but not known to be on the disk).
 */
int store_flush(struct store *st, struct err *err);

/* The newest schema version this eadr knows. */
int store_schema_latest(void);
/* The schema version of the open database. */
int store_schema_version(struct store *st);

/* This database's device identity (a UUID made once, when it was created). */
const char *store_device_id(const struct store *st);
/* 1 when this open created the database (its device identity is new). */
int store_created(const struct store *st);
const char *store_path(const struct store *st);

/* A number that changes whenever the database may have: a row written
 * through st, or a commit by another connection or program.  Equal
 * numbers: nothing read before need be read again. */
long long store_changes(struct store *st);

/*
 * The default database path: $XDG_DATA_HOME/eadr/eadr.db, or
 * ~/.local/share/eadr/eadr.db.  Caller frees.  NULL and err if neither
 * XDG_DATA_HOME nor HOME is set.
 */
char *store_default_path(struct err *err);

/*
 * Group several changes into one transaction (BEGIN IMMEDIATE).  Nested
 * calls are counted; only the outermost commit writes.  A rollback at any
 * depth makes the outermost commit fail.
 */
int store_begin(struct store *st, struct err *err);
int store_commit(struct store *st, struct err *err);
void store_rollback(struct store *st);

/*
 * Append to the audit log (append-only: the schema refuses changes).
 * appraisal_uuid and staff_number may be NULL.
 */
int store_audit(struct store *st, const char *appraisal_uuid,
		const char *staff_number, const char *action,
		const char *detail, struct err *err);

struct audit_entry {
	long long id;
	const char *at, *device_id, *appraisal_uuid, *staff_number;
	const char *action, *detail;
};
/* Calls fn for each entry, oldest first; fn returning non-zero stops. */
int store_audit_each(struct store *st,
		     int (*fn)(const struct audit_entry *, void *), void *arg,
		     struct err *err);

/* ---- staff (store_staff.c) ---- */

struct staff {
	char *staff_number, *name, *role, *band, *station, *email;
	char *due;	/* YYYY-MM-DD or NULL */
};
void staff_release(struct staff *s);

/*
 * Add or update a staff member by staff number.  *created (may be NULL) is
 * set to 1 when the staff number was new.
 */
int store_staff_put(struct store *st, const struct staff *s, int *created,
		    struct err *err);

/*
 * Add a new staff member.  A staff number that is already someone's is
 * refused, and that person is left as they were: -1 with err naming them
 * ("staff number 100 is already Alex Smith (Paramedic, Northgate); ...").
 * Also -1 and err without a staff number or a name, or on a database error.
 */
int store_staff_add(struct store *st, const struct staff *s, struct err *err);

/* Fill s with the staff member; 1 found, 0 not found, -1 error. */
int store_staff_get(struct store *st, const char *staff_number,
		    struct staff *s, struct err *err);

struct staff_status {
	struct staff s;		/* borrowed for the call */
	const char *state;	/* latest appraisal: NULL (none), draft, signed, final */
	int synced;		/* latest final revision acknowledged by the hub */
	long long appraisal_id;	/* latest appraisal or 0 */
	const char *last_final;	/* meeting or finalised date of the latest final, or NULL */
};
/*
 * Calls fn for each staff member, by station then name; fn returning
 * non-zero stops the walk (and is returned).
 */
int store_staff_each(struct store *st,
		     int (*fn)(const struct staff_status *, void *), void *arg,
		     struct err *err);

/* ---- the team list a page at a time (store_team.c) ---- */

/*
 * The team list's filter: the text typed (NULL or "" for everyone) and the
 * day that decides who is overdue (staff_team_match in lib/staff.h).
 */
struct team_filter {
	const char *typed;
	const char *today;
};

/* Set *n to the number of staff members the filter shows. */
int store_team_count(struct store *st, const struct team_filter *tf,
		     size_t *n, struct err *err);

/*
 * Calls fn for up to limit staff members the filter shows, in the team
 * order (station, name, staff number, as store_staff_each), skipping the
 * first skip of them.  With after NULL the page starts at the first (dir
 * > 0) or the last (dir < 0) of the list; otherwise just after (dir > 0)
 * or just before (dir < 0) the staff member after, given by the three
 * values of its place (it need not be shown by the filter or still
 * exist).  dir < 0 calls fn in reverse order.  last_final is NULL.
 * fn returning non-zero stops the page (and is returned).
 */
struct team_place {
	const char *station, *name, *staff_number;
};
int store_team_page(struct store *st, const struct team_filter *tf,
		    const struct team_place *after, int dir, size_t skip,
		    size_t limit, int (*fn)(const struct staff_status *, void *),
		    void *arg, struct err *err);

/*
 * Who holds appraisal id, when it is someone other than the manager
 * signed in (the team list says so before offering what only the holder
 * may do): 1 and *name (the caller frees it); 0 when the one signed in
 * holds it, nobody does (opening it claims it), or this laptop has no
 * profiles; -1 and err.
 */
int store_team_holder(struct store *st, long long id, char **name, struct err *err);

/* ---- appraisals and answers (store_appraisal.c) ---- */

struct store_appraisal {
	long long id;
	char uuid[UUID_LEN + 1];
	char *staff_number, *appraiser;
	char *form_id, *form_version, *form_hash;
	char *state;			/* draft, signed, final */
	long long revision, synced_revision;
	char *device_id, *created_at, *updated_at;
	char *meeting_date, *next_due;	/* NULL when unset */
	char *resume_at;		/* question path, or NULL */
};
void store_appraisal_release(struct store_appraisal *a);

/* Start a draft; fills out (caller releases).  Audited as "started". */
int store_appraisal_new(struct store *st, const char *staff_number,
			const char *appraiser, const char *form_id,
			const char *form_version, const char *form_hash,
			struct store_appraisal *out, struct err *err);
/* 1 found, 0 not found, -1 error. */
int store_appraisal_get(struct store *st, long long id, struct store_appraisal *out,
			struct err *err);
/* The staff member's most recent appraisal: 1 found, 0 none, -1 error. */
int store_appraisal_latest(struct store *st, const char *staff_number,
			   struct store_appraisal *out, struct err *err);
/*
 * Move to state (draft, signed, final).  final -> draft is a reopening: it
 * makes a new revision.  Every change is audited with its state name
 * ("signed", "final", "reopened").
 */
int store_appraisal_set_state(struct store *st, long long id,
			      const char *state, struct err *err);
/* Record where the manager is (a question path) for resuming. */
int store_appraisal_set_resume(struct store *st, long long id,
			       const char *path, struct err *err);
/* Set meeting_date and/or next_due (NULL leaves a field alone). */
int store_appraisal_set_dates(struct store *st, long long id,
			      const char *meeting_date, const char *next_due,
			      struct err *err);

#define STORE_PRIVATE 1	/* the answer never leaves this laptop */

/*
 * Save one answer in its own transaction (unless inside store_begin):
 * safe from a crash of eadr on return, from a power cut after the next
 * store_flush.  Refused when the appraisal is final.  value is UTF-8.
 */
int store_answer_set(struct store *st, long long appraisal_id,
		     const char *path, const char *value, int flags,
		     struct err *err);
/* The same with value's length (strlen(value)) already known. */
int store_answer_setn(struct store *st, long long appraisal_id,
		      const char *path, const char *value, size_t len, int flags,
		      struct err *err);
/* Remove an answer (e.g. a deleted list item).  Refused when final. */
int store_answer_delete(struct store *st, long long appraisal_id,
			const char *path, struct err *err);
/*
 * Remove every answer whose path starts with prefix (a list item and its
 * fields).  Refused when final.
 */
int store_answer_delete_prefix(struct store *st, long long appraisal_id,
			       const char *prefix, struct err *err);
/* *value (caller frees) and *flags; 1 found, 0 not found, -1 error. */
int store_answer_get(struct store *st, long long appraisal_id,
		     const char *path, char **value, int *flags,
		     struct err *err);

/*
 * A long answer being typed is saved in pieces (lib/store_pieces.c), which
 * store_answer_get and store_answers_each read as one text; this joins
 * every answer's pieces back into its row, as opening and closing the store
 * do.  Call it when the typing ends (the appraisal is closed).  Outside a
 * change; -1 and err on a database error.
 */
int store_answers_settle(struct store *st, struct err *err);

#define STORE_WITH_PRIVATE 1	/* only for the laptop's own screens */
/*
 * Calls fn for each answer of the appraisal, in path order.  Private answers
 * are passed only with STORE_WITH_PRIVATE: exports and bundles never ask.
 */
int store_answers_each(struct store *st, long long appraisal_id, int with,
		       int (*fn)(const char *path, const char *value,
				 int flags, void *arg),
		       void *arg, struct err *err);

/* Keep a form definition the database's appraisals refer to. */
int store_form_put(struct store *st, const char *hash, const char *form_id,
		   const char *version, const char *source, struct err *err);
/* The source of a kept form; 1 found, 0 not, -1 error. Caller frees. */
int store_form_get(struct store *st, const char *hash, char **source,
		   struct err *err);

struct pdp_goal {
	int position;
	const char *need, *goal, *kind, *category, *priority;
	const char *target_date;	/* may be NULL */
	const char *support, *status;	/* status: new, carried, achieved */
	const char *follows_up;		/* uuid of last year's goal, or NULL */
};
/* Replace the appraisal's PDP goals with goals[0..n). */
int store_pdp_set(struct store *st, long long appraisal_id,
		  const struct pdp_goal *goals, size_t n, struct err *err);

/* Record a sign-off by role ("appraiser" or "appraisee"). */
int store_signoff_add(struct store *st, long long appraisal_id,
		      const char *role, const char *name,
		      const char *comments, struct err *err);

/* ---- profiles and holding (store_profile.c; schema/security.md) ---- */

/*
 * The number of profiles (managers who can sign in).  0 means the
 * database is not protected yet and everything works as before; 0 also
 * when it cannot be read.
 */
int store_profiles(struct store *st);

/*
 * Use kr (NULL: nobody signed in, or locked) for every answer from now on:
 * new appraisals are held by kr's manager, their answers encrypted under
 * kr's keys; an appraisal another manager holds is refused with "held by
 * NAME".  The store owns kr: the previous keyring is wiped and freed here,
 * the last one by store_close.
 */
void store_set_keyring(struct store *st, struct keyring *kr);
struct keyring *store_keyring(const struct store *st);

struct store_profile {
	long long id;
	char *name;
	struct keyring_wrapped w;
	int failures;		/* wrong passphrases in a row */
	long long failed_at;	/* Unix seconds of the last, or 0 */
};
void store_profile_release(struct store_profile *p);

/*
 * Add a profile (name unique, ignoring case).  recovery (KEYRING_RECOVERY
 * bytes) and hub_pk (32 bytes) may be NULL.  *id gets the new profile.
 * Audited "profile-added".  -1 and err if the name is taken.
 */
int store_profile_add(struct store *st, const char *name,
		      const struct keyring_wrapped *w,
		      const unsigned char *recovery, const unsigned char *hub_pk,
		      long long *id, struct err *err);

/* The profile called name (ignoring case): 1 found, 0 not, -1 error. */
int store_profile_get(struct store *st, const char *name,
		      struct store_profile *p, struct err *err);

/* Count a wrong passphrase (ok = 0, at Unix time now) or reset the count (ok = 1). */
int store_profile_tried(struct store *st, long long id, int ok, long long now,
			struct err *err);

/* Every profile name, by name: *names[0..*n) and the array, caller frees. */
int store_profile_names(struct store *st, char ***names, size_t *n,
			struct err *err);

/*
 * Convert on sign-in: every appraisal with no holder whose appraiser is the
 * signed-in manager's name becomes theirs, its answers encrypted (audited
 * "claimed"); then the write-ahead log is emptied so that no old page of
 * plain text stays in it.  *n (may be NULL) counts the appraisals.
 */
int store_profile_claim(struct store *st, size_t *n, struct err *err);

/* ---- handing an appraisal over (store_handover.c) ---- */

/* Give the signed-in manager a box key pair when they have none (a profile
 * made before hand-overs existed): at profile creation and sign-in. */
int store_profile_box_ensure(struct store *st, struct err *err);

/* The latest appraisal of staff_number the signed-in manager holds: 1 and
 * *id, 0 none, -1 and err (also when nobody is signed in). */
int store_handover_find(struct store *st, const char *staff_number, long long *id,
			struct err *err);

/*
 * Hand appraisal id, held by the signed-in manager, to the manager called
 * to: its non-private text (answers, PDP goals' text, sign-off comments and
 * drafts) is sealed to to's box key and to becomes the holder; to's next
 * sign-in re-encrypts it under their keys (store_handover_receive).  Its
 * private answers can never be read by to: with any, the hand-over is
 * refused unless drop is set, and then they are deleted (*dropped counts
 * them).  Audited "handed-over".  -1 and err (not the holder, no such
 * manager, to has no box key yet, private answers and no drop); nothing
 * changes then.
 */
int store_handover(struct store *st, long long id, const char *to, int drop,
		   int *dropped, struct err *err);

/* Receive every appraisal handed to the signed-in manager (audited
 * "received"); *n counts them.  One whose text does not open with the
 * manager's key is left waiting (store_handover_stuck); -1 and err at the
 * first that fails otherwise (the ones before it are received). */
int store_handover_receive(struct store *st, size_t *n, struct err *err);
/*
 * The appraisals handed to the signed-in manager that are still waiting
 * after sign-in (their sealed text does not open with the manager's key:
 * altered or damaged; receiving skips them, the sign-in goes on): one
 * sentence each appended to msg, saying what to do; staff and from_name
 * (may be NULL; caller frees) get the first one's staff number and the
 * manager who handed it over.  Their count, or -1.
 */
int store_handover_stuck(struct store *st, struct sbuf *msg, char **staff,
			 char **from_name, struct err *err);
/* How many private answers appraisal id holds (a hand-over deletes them). */
int store_handover_private(struct store *st, long long id, int *n, struct err *err);
/*
 * Refuse the hand-over of staff_number's appraisal waiting for the
 * signed-in manager: it goes back to the manager who handed it over (whose
 * keys still open its rows), the waiting text is deleted, audited
 * "handover-refused".  *from gets that manager's name (caller frees).
 */
int store_handover_refuse(struct store *st, const char *staff_number, char **from,
			  struct err *err);

/*
 * Rewrite the whole file (VACUUM) and empty the write-ahead log, so that
 * no plain text from before the conversion stays in free pages.
 */
int store_vacuum(struct store *st, struct err *err);

#endif
