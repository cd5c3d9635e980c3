/*
 * demo_managers.h - the demo's two managers, each with a passphrase the
 * demo prints, so that a newcomer can try signing in as each (issue 13,
 * schema/security.md).  Separate from demo.c, which fills the team.
 */
#ifndef EADR_DEMO_MANAGERS_H
#define EADR_DEMO_MANAGERS_H

#include <stddef.h>

#include "err.h"
#include "sbuf.h"
#include "store.h"

struct demo_manager {
	const char *name, *pass, *about;	/* static strings */
};

/* The demo managers (n of them); their passphrases are public on purpose. */
const struct demo_manager *demo_managers(size_t *n);

/*
 * Make the demo managers' profiles in st (which must have none): the one
 * who finished last year's demo appraisal holds it from then on.  Nobody
 * is left signed in.  -1 and err on failure (profiles made before it stay).
 */
int demo_managers_add(struct store *st, struct err *err);

/*
 * The sign-in hint of a demo database whose demo managers exist: "Demo:
 * sign in as Ffion Llywelyn (passphrase: ...) or ..." appended to out, and
 * 1; 0 (out unchanged) for any other database.  The demo prints the same
 * passphrases when it is made, but a newcomer's terminal may have cleared.
 */
int demo_managers_hint(struct store *st, struct sbuf *out);

#endif
