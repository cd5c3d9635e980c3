/*
 * csv.h - RFC 4180 comma-separated values: a reader over a buffer that
 * knows the line each record starts on, and a writer.
 */
#ifndef EADR_CSV_H
#define EADR_CSV_H

#include <stddef.h>

#include "err.h"
#include "sbuf.h"

struct csv_reader {
	const char *p, *end;
	int line;	/* line of the next character (1-based) */
};

struct csv_record {
	char **fields;	/* owned; NUL-terminated copies */
	size_t n, alloc;
	int line;	/* line the record starts on */
	int blank;	/* the record was an empty line */
};

/* Read from buf[0..len); a leading UTF-8 byte order mark is skipped. */
void csv_reader_init(struct csv_reader *r, const char *buf, size_t len);

/* What a record may hold: the reader's memory stays bounded on any input. */
#define CSV_MAX_FIELDS 1000	/* fields in one record */
#define CSV_MAX_FIELD 65536	/* bytes in one field */

/*
 * Read the next record into rec (reusing its storage).  Returns 1 for a
 * record, 0 at the end, -1 with "LINE: message" in err for a malformed one
 * (the reader then stops).  Quoted fields may hold commas, quotes ("")
 * and line breaks; CRLF and LF both end a record.  A NUL byte, more than
 * CSV_MAX_FIELDS fields or a field of more than CSV_MAX_FIELD bytes is
 * malformed (never cut short or kept silently).
 */
int csv_read(struct csv_reader *r, struct csv_record *rec, struct err *err);
void csv_record_release(struct csv_record *rec);

/*
 * Append one field to sb, quoted when it holds a comma, quote, CR or LF.
 * With CSV_SAFE, a field a spreadsheet would run as a formula (starting
 * with = + - @ tab or CR) is prefixed with a single quote.
 */
#define CSV_SAFE 1
void csv_put(struct sbuf *sb, const char *field, int flags);

#endif
