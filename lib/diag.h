/*
 * diag.h - a list of problems found in an input file, each with a position,
 * so that a loader can report every problem in one run (GNU style:
 * FILE:LINE:COLUMN: error: message).
 */
#ifndef EADR_DIAG_H
#define EADR_DIAG_H

#include <stddef.h>

#include "sbuf.h"

enum diag_level { DIAG_ERROR, DIAG_WARNING };

struct diag_item {
	enum diag_level level;
	char *file;
	int line, col;	/* 1-based; 0 when unknown (then left out) */
	char *msg;
};

struct diag {
	struct diag_item *items;
	size_t n, alloc;
};

#define DIAG_INIT { NULL, 0, 0 }

void diag_add(struct diag *d, enum diag_level level, const char *file,
	      int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
size_t diag_errors(const struct diag *d);
/* Append "FILE:LINE:COL: error: msg" (no newline) to sb. */
void diag_format(const struct diag_item *it, struct sbuf *sb);
void diag_release(struct diag *d);

#endif
