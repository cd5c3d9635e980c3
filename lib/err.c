/*
 * err.c - caller-owned error messages (see err.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "sbuf.h"

int err_vset(struct err *err, const char *fmt, va_list ap)
{
	struct sbuf sb = SBUF_INIT;

	if (!err)
		return -1;
	sbuf_vaddf(&sb, fmt, ap);
	free(err->msg);
	err->msg = sbuf_detach(&sb);
	return -1;
}

int err_set(struct err *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_vset(err, fmt, ap);
	va_end(ap);
	return -1;
}

int err_prefix(struct err *err, const char *fmt, ...)
{
	struct sbuf sb = SBUF_INIT;
	va_list ap;

	if (!err)
		return -1;
	va_start(ap, fmt);
	sbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	sbuf_addf(&sb, ": %s", err_msg(err));
	free(err->msg);
	err->msg = sbuf_detach(&sb);
	return -1;
}

const char *err_msg(const struct err *err)
{
	return err && err->msg ? err->msg : "unknown error";
}

void err_release(struct err *err)
{
	if (!err)
		return;
	free(err->msg);
	err->msg = NULL;
}
