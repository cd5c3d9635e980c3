/*
 * err.h - caller-owned error messages for the core.
 *
 * Core functions return 0 / -1 (or a pointer / NULL) and, on failure, fill a
 * struct err that the caller owns.  Only the program's edge prints it.
 */
#ifndef EADR_ERR_H
#define EADR_ERR_H

#include <stdarg.h>

struct err {
	char *msg;	/* NULL when no error has been set */
};

#define ERR_INIT { NULL }

/*
 * Replace the message in err (which may be NULL: the message is then
 * dropped) with the formatted text.  Always returns -1 so that callers can
 * write "return err_set(err, ...);".
 */
int err_set(struct err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int err_vset(struct err *err, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* Prefix the existing message with the formatted text and ": ". Returns -1. */
int err_prefix(struct err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The message, or "unknown error" when none was set.  Borrowed. */
const char *err_msg(const struct err *err);

/* Free the message; err is ready for reuse. */
void err_release(struct err *err);

#endif
