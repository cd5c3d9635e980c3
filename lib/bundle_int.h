/*
 * bundle_int.h - what bundle.c, bundle_ack.c and bundle_keys.c share: the
 * strict checks of the text fields the formats carry.  Not for other files.
 */
#ifndef EADR_BUNDLE_INT_H
#define EADR_BUNDLE_INT_H

#include <stddef.h>

/* A lower-case UUID of exactly n == UUID_LEN characters: 1 or 0. */
int bundle_uuid_ok(const char *s, size_t n);
/* A whole number: digits only, no sign, no leading zero, at most 18. */
int bundle_number_ok(const char *s);
/* The value after "key " at the start of line, or NULL. */
const char *bundle_after(const char *line, const char *key);

#endif
