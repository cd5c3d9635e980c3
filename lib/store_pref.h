/*
 * store_pref.h - the terminal program's own choices kept between runs
 * (whether the conversation prompts show): one row of meta each, key
 * "pref.NAME", never exported, never in a bundle.
 */
#ifndef EADR_STORE_PREF_H
#define EADR_STORE_PREF_H

#include "store.h"

/*
 * store_pref_get: 1 with *value (caller frees) when name was set, 0 when
 * not (*value NULL), -1 and err on a database error.
 * store_pref_set: keep value for name (NULL removes it); 0 or -1 and err.
 */
int store_pref_get(struct store *st, const char *name, char **value, struct err *err);
int store_pref_set(struct store *st, const char *name, const char *value,
		   struct err *err);

#endif
