/*
 * hub_waiting.h - the 360 responses waiting at the hub for a request it
 * has not seen (hub_waiting.c): 'hub feedback-waiting' lists and purges them.
 */
#ifndef EADR_HUB_WAITING_H
#define EADR_HUB_WAITING_H

#include <stddef.h>

#include "err.h"
#include "hubstore.h"
#include "util.h"

/* The 360 responses waiting at the hub for one code whose request it has
 * not seen ('eadr hub feedback-waiting'): never what they say. */
struct hub_fb_waiting {
	char code[9];		/* the first 8 hex digits of the code's hash */
	long long n;		/* responses */
	char since[DATE_LEN + 1];	/* the day the first reached the hub */
	long days;		/* how long ago that was */
};

/*
 * Call fn for each code with responses waiting for their request, oldest
 * first (fn returning non-zero stops); *total gets how many responses wait
 * in all (unless NULL).  Reads only the code hashes and days, nothing
 * sealed.  0, or -1 and err.
 */
int hub_feedback_waiting(struct hubstore *hs,
			 int (*fn)(const struct hub_fb_waiting *w, void *arg), void *arg,
			 struct err *err);

/*
 * Delete, in one transaction, the responses that have waited more than
 * days days (1 or more) for a request that never came (a forged code, or
 * a request lost on its way), writing one audit entry
 * "feedback-waiting-purged" per code (its hash's first 8 digits, how many,
 * since when).  *codes and *responses: how many went.  0, or -1 and err
 * (nothing deleted).
 */
int hub_feedback_waiting_purge(struct hubstore *hs, long days, size_t *codes,
			       long long *responses, struct err *err);

#endif
