/*
 * feedback.h - 360-degree feedback on the laptop: the one-time codes
 * (feedback_code.c), the request, the rater's encrypted draft and the
 * submission sealed to the hub (feedback.c).  See schema/feedback.md.
 */
#ifndef EADR_FEEDBACK_H
#define EADR_FEEDBACK_H

#include <stddef.h>

#include "err.h"
#include "sbuf.h"
#include "store.h"
#include "util.h"

/* The rater groups, in the order reports and requests list them. */
enum fb_group { FB_SELF, FB_MANAGER, FB_PEER, FB_REPORT, FB_OTHER, FB_NGROUPS };

#define FB_CODE_LEN 15		/* characters of a code: group, 13 random, check */
#define FB_CODE_TEXT 18		/* as written, "SXXXX-XXXXX-XXXXC", with NUL */
#define FB_HASH_HEX 64		/* a code's hash, hex */
#define FB_MIN_ANON 3		/* responses a peer/report/other group needs */
#define FB_MIN_ALL 4		/* responses "all raters except self" needs */
#define FB_RECOMMEND 5		/* invitations recommended per anonymous group */
#define FB_MAX_CODES 50		/* invitations per group at most */

/* "self", "line manager", "peers", "direct reports", "others". */
const char *feedback_group_name(enum fb_group g);
/* The group's short word as requests and records write it ("self",
 * "manager", "peer", "report", "other"); feedback_group_parse reads it
 * back (-1 when it is none). */
const char *feedback_group_word(enum fb_group g);
int feedback_group_parse(const char *word);

/*
 * A new one-time code of group g, as people write it: three groups of five
 * Crockford base-32 characters, "P7KM3-XQ9TR-2WHHC".  The first character
 * names the group (S, M, P, R, X), 13 are random (65 bits), the last is a
 * Damm check character over GF(32) that catches every single mistyped
 * character and every swap of two neighbours.  Never fails.
 */
void feedback_code_make(enum fb_group g, char out[FB_CODE_TEXT]);

/*
 * Read a code as a person typed it: any case, hyphens and spaces anywhere,
 * I and L read as 1, O as 0.  On success norm gets the written form and *g
 * its group.  -1 and err saying what is wrong (length, a character codes
 * never use, a mistyped or swapped character, no such group).
 */
int feedback_code_check(const char *typed, char norm[FB_CODE_TEXT],
			enum fb_group *g, struct err *err);

/* The hash of a checked code (written form) that laptops and the hub keep
 * instead of the code: hex BLAKE2b-256 under the domain "eadr-360-code-v1". */
void feedback_code_hash(const char *norm, char out[FB_HASH_HEX + 1]);

/* ---- requests (feedback.c) ---- */

struct feedback_request {
	char id[UUID_LEN + 1];
	char *staff_number;
	char created_on[DATE_LEN + 1], close_on[DATE_LEN + 1];
	int n[FB_NGROUPS];		/* invitations per group */
	char (*codes)[FB_CODE_TEXT];	/* feedback_request_new only: the codes,
					   group by group; never stored */
	enum fb_group *code_group;
	size_t ncodes;
};
void feedback_request_release(struct feedback_request *r);

/*
 * Make a request for staff_number (who must exist): n[g] codes per group
 * (self and line manager 0 or 1, the others 0..FB_MAX_CODES, at least one
 * in all), closing on close_on (a date after today).  Stores the request
 * and only the hashes of its codes; r->codes holds the codes themselves,
 * for the slips, and nowhere else.  *warn gets a note (static text) when
 * an anonymous group has fewer than FB_RECOMMEND invitations, or NULL.
 */
int feedback_request_new(struct store *st, const char *staff_number,
			 const int n[FB_NGROUPS], const char *close_on,
			 struct feedback_request *r, const char **warn,
			 struct err *err);

/* The invitation slips of a new request: plain text (html 0) or a
 * printable HTML page (html 1), one slip per code, with the person's name. */
void feedback_slips(const struct feedback_request *r, const char *name,
		    int html, struct sbuf *out);

/* The folder the TUI offers for the slips: "360-slips" beside the
 * database at db_path, as a full path (caller frees). */
char *feedback_slips_dir(const char *db_path);

/* Make dir (mode 0700) when it does not exist yet but its parent does, and
 * check it is a folder this user can write: 0, or -1 and err naming it.
 * Called before a request is made, so that its codes are not lost. */
int feedback_slips_folder(const char *dir, struct err *err);

/*
 * Write the slips of r (text, then HTML) into dir (feedback_slips_folder): "feedback-STAFF-ID8.txt" and
 * ".html", mode 0600, each written atomically.  The full path of each file
 * written is added to paths[0] and paths[1].  -1 and err naming the folder
 * or file otherwise (a text slip may then be written and the HTML not).
 */
int feedback_slips_write(const struct feedback_request *r, const char *name,
			 const char *dir, struct sbuf paths[2], struct err *err);

/* ---- giving feedback (feedback.c) ---- */

/* One answer of a response: path (section.question) and value. */
struct feedback_answer {
	char *path, *value;
};
struct feedback_draft {
	char code[FB_CODE_TEXT];
	char hash[FB_HASH_HEX + 1];
	enum fb_group group;
	struct feedback_answer *a;
	size_t n, cap;
};
void feedback_draft_release(struct feedback_draft *d);
/* Set (or replace) one answer; value NULL removes it. */
void feedback_draft_set(struct feedback_draft *d, const char *path,
			const char *value);
/* The value of path, or NULL. Borrowed. */
const char *feedback_draft_get(const struct feedback_draft *d, const char *path);

/*
 * Begin (or resume) giving feedback with a typed code: the code is checked,
 * the laptop must trust a hub key (else nothing could be sealed: refused),
 * and a draft saved earlier on this laptop under the same code is opened.
 * *resumed says whether one was.
 */
int feedback_begin(struct store *st, const char *typed, struct feedback_draft *d,
		   int *resumed, struct err *err);

/* Save the draft encrypted under a key derived from its code (see
 * schema/feedback.md); nothing readable is written. */
int feedback_save(struct store *st, const struct feedback_draft *d,
		  struct err *err);

/*
 * Submit: the answers, the code, a submission number and today's date (no
 * time of day) are sealed to the trusted hub's box key into the outbox,
 * and the draft is deleted, in one transaction.  From then on nothing on
 * this laptop can read them.  The draft's plain memory is wiped.
 */
int feedback_submit(struct store *st, struct feedback_draft *d, struct err *err);

/* Encode a response's plaintext (used by feedback_submit and tests):
 * "EADR-360 1", then "code", "number", "date" lines, then one
 * "a PATH<TAB>VALUE" line per answer, with \\, \n, \t escaped. */
void feedback_encode(const struct feedback_draft *d, long long number,
		     const char *date, struct sbuf *out);

/* Read a response's plaintext back (the hub; resuming a draft): d gets
 * the code and answers, *number and date what feedback_encode wrote. */
int feedback_decode(const char *text, size_t len, struct feedback_draft *d,
		    long long *number, char date[DATE_LEN + 1], struct err *err);

/* ---- the same code format with another first letter (prepare.c) ---- */

/* A new code whose first character is letter (one of the alphabet's,
 * not a 360 group's), 13 random characters and the check.  Never fails. */
void code_make_letter(char letter, char out[FB_CODE_TEXT]);

/* Read any code as typed (as feedback_code_check, without the group test):
 * norm gets the written form, *letter its first character.  -1 and err. */
int code_check_letter(const char *typed, char norm[FB_CODE_TEXT], char *letter,
		      struct err *err);

#endif
