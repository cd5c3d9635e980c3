/*
 * lazy.h - the optional libraries (PDF: cairo and pango; the PostgreSQL
 * hub: libpq) are opened the first time they are used, not when eadr
 * starts: the terminal program never uses them, and loading them and what
 * they load (X11, TLS, Kerberos...) was most of its memory.  Their
 * functions are stubs here that call the real ones (lib/export_pdf_lazy.c,
 * lib/hubpg_lazy.c); each library's entry point opens it first.
 */
#ifndef EADR_LAZY_H
#define EADR_LAZY_H

#include <string.h>

#include "err.h"

/* Open the library soname (once): 0, or -1 with err naming it. */
int lazy_open(const char *soname, struct err *err);

/*
 * The function name of soname.  The library must have been opened with
 * lazy_open first; a stub called without it, or a name the library lacks,
 * aborts (a bug, not a user's error).
 */
void *lazy_sym(const char *soname, const char *name);

/* A stub with the library's own prototype: the first call finds the real
 * function, each call calls it. */
#define LAZY(so, ret, name, params, args) \
	ret name params \
	{ \
		static ret (*fn) params; \
		if (!fn) { \
			void *p_ = lazy_sym(so, #name); \
			memcpy(&fn, &p_, sizeof(fn)); \
		} \
		return fn args; \
	}
#define LAZY_VOID(so, name, params, args) \
	void name params \
	{ \
		static void (*fn) params; \
		if (!fn) { \
			void *p_ = lazy_sym(so, #name); \
			memcpy(&fn, &p_, sizeof(fn)); \
		} \
		fn args; \
	}

#endif
