/*
 * util.h - small pieces every core module needs: UUIDs, timestamps and
 * calendar dates.  Nothing here touches the database or the terminal.
 */
#ifndef EADR_UTIL_H
#define EADR_UTIL_H

#include <stddef.h>

#include "err.h"

#define UUID_LEN 36	/* without the NUL */
#define DATE_LEN 10	/* YYYY-MM-DD */
#define STAMP_LEN 20	/* YYYY-MM-DDTHH:MM:SSZ */

/* A random (version 4) UUID in lower-case text form.  Returns 0 or -1. */
int uuid_new(char out[UUID_LEN + 1], struct err *err);

/* The current UTC time as YYYY-MM-DDTHH:MM:SSZ. */
void time_stamp(char out[STAMP_LEN + 1]);

/*
 * Today's local date as YYYY-MM-DD.  EADR_TODAY=YYYY-MM-DD in the
 * environment overrides it, so that tests and demos of "due" and "overdue"
 * do not depend on the day they are run.
 */
void date_today(char out[DATE_LEN + 1]);

/* Is s exactly a real calendar date written YYYY-MM-DD? (1 or 0) */
int date_valid(const char *s);

/* Days from a to b (both valid dates): negative when b is before a. */
long date_diff(const char *a, const char *b);

/* d plus n days (n may be negative), written to out. d must be valid. */
void date_add(const char *d, long n, char out[DATE_LEN + 1]);

/*
 * A date as a person writes it, into YYYY-MM-DD in out: 2027-03-31, the
 * UK's day first 31/03/2027 (also 31/3/27, 31.03.2027, 31-03-2027),
 * "today", "tomorrow", or a time from today: "+6m", "+2w", "+10d", "+1y"
 * (also "+6 months").  today is YYYY-MM-DD (date_today).  Spaces around
 * are ignored.  Returns 1, or 0 (out empty) when in is not such a date.
 */
int date_read(const char *in, const char *today, char out[DATE_LEN + 1]);

/* A valid date in words, "Wed 31 March 2027", into out (size n >= 24);
 * out is empty when d is not a valid date. */
void date_words(const char *d, char *out, size_t n);

#endif
