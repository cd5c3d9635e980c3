/*
 * testutil.h - scratch folders and small helpers for eadr's cmocka tests.
 */
#ifndef EADR_TESTUTIL_H
#define EADR_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/sbuf.h"

/* A fresh scratch folder (caller frees the string; tu_rmdir removes it). */
static inline char *tu_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	struct sbuf sb = SBUF_INIT;

	sbuf_addf(&sb, "%s/eadr-unit.XXXXXX", base && *base ? base : "/tmp");
	assert_non_null(mkdtemp(sb.buf));
	return sbuf_detach(&sb);
}

static inline void tu_rmdir(char *dir)
{
	struct sbuf cmd = SBUF_INIT;

	sbuf_addf(&cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd.buf), 0);
	sbuf_release(&cmd);
	free(dir);
}

/* dir/name, caller frees. */
static inline char *tu_path(const char *dir, const char *name)
{
	struct sbuf sb = SBUF_INIT;

	sbuf_addf(&sb, "%s/%s", dir, name);
	return sbuf_detach(&sb);
}

static inline void tu_write(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* The whole file, caller frees; *len set. */
static inline char *tu_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct sbuf sb = SBUF_INIT;
	char buf[4096];
	size_t n;

	assert_non_null(f);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sbuf_add(&sb, buf, n);
	fclose(f);
	*len = sb.len;
	return sbuf_detach(&sb);
}

/* The start of a small test form, up to its first section's questions
 * (form t, version 1, section a): a test adds its questions after it. */
#define TU_FORM_FIRST_SECTION \
	"form: t\n" \
	"version: \"1\"\n" \
	"title: Test form\n" \
	"sections:\n" \
	"  - id: a\n" \
	"    title: First\n" \
	"    questions:\n"

#endif
