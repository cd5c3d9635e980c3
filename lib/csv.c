/*
 * csv.c - RFC 4180 reader and writer (see csv.h).
 */
#include <stdlib.h>
#include <string.h>

#include "csv.h"

void csv_reader_init(struct csv_reader *r, const char *buf, size_t len)
{
	r->p = buf;
	r->end = buf + len;
	r->line = 1;
	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		r->p += 3;
}

void csv_record_release(struct csv_record *rec)
{
	for (size_t i = 0; i < rec->n; i++)
		free(rec->fields[i]);
	free(rec->fields);
	memset(rec, 0, sizeof(*rec));
}

/* A NUL, too many fields, too long a field: "LINE: message", -1. */
static int limits(const struct csv_reader *r, const struct csv_record *rec,
		  const struct sbuf *f, char c, struct err *err)
{
	if (c == '\0')
		return err_set(err, "%d: the file holds a NUL byte; it is not a text "
			       "file (save it as CSV UTF-8)", r->line);
	if (f->len >= CSV_MAX_FIELD)
		return err_set(err, "%d: a field is longer than %d bytes",
			       r->line, CSV_MAX_FIELD);
	if (rec->n >= CSV_MAX_FIELDS)
		return err_set(err, "%d: more than %d fields in one record",
			       r->line, CSV_MAX_FIELDS);
	return 0;
}

static void push(struct csv_record *rec, struct sbuf *f)
{
	if (rec->n == rec->alloc) {
		rec->alloc = rec->alloc ? rec->alloc * 2 : 8;
		rec->fields = xrealloc(rec->fields, rec->alloc * sizeof(char *));
	}
	rec->fields[rec->n++] = xstrndup(f->buf, f->len);
	sbuf_reset(f);
}

int csv_read(struct csv_reader *r, struct csv_record *rec, struct err *err)
{
	struct sbuf f = SBUF_INIT;
	const char *p = r->p;
	int rc = 1;

	for (size_t i = 0; i < rec->n; i++)
		free(rec->fields[i]);
	rec->n = 0;
	rec->line = r->line;
	rec->blank = 0;
	if (p >= r->end) {
		rc = 0;
		goto out;
	}
	if (*p == '\n' || (*p == '\r' && p + 1 < r->end && p[1] == '\n')) {
		rec->blank = 1;
		p += *p == '\r' ? 2 : 1;
		r->line++;
		push(rec, &f);
		goto out;
	}
	for (;;) {
		if (rec->n >= CSV_MAX_FIELDS && (rc = limits(r, rec, &f, 1, err)) < 0)
			goto out;
		if (p < r->end && *p == '"') {
			int qline = r->line;

			for (p++;; p++) {
				if (p >= r->end) {
					rc = err_set(err, "%d: a quoted field opened on this "
						     "line is never closed", qline);
					goto out;
				}
				if (*p == '"') {
					if (p + 1 < r->end && p[1] == '"') {
						sbuf_addch(&f, '"');
						p++;
						continue;
					}
					p++;
					break;
				}
				if (*p == '\n')
					r->line++;
				if ((!*p || f.len >= CSV_MAX_FIELD) &&
				    (rc = limits(r, rec, &f, *p, err)) < 0)
					goto out;
				sbuf_addch(&f, *p);
			}
			if (p < r->end && *p != ',' && *p != '\n' && *p != '\r') {
				rc = err_set(err, "%d: text after a closing quote "
					     "(write a quote inside a quoted field as \"\")", r->line);
				goto out;
			}
		} else {
			while (p < r->end && *p != ',' && *p != '\n' && *p != '\r') {
				if (*p == '"') {
					rc = err_set(err, "%d: a quote inside an unquoted field "
						     "(put the whole field in quotes and write the quote as \"\")",
						     r->line);
					goto out;
				}
				if ((!*p || f.len >= CSV_MAX_FIELD) &&
				    (rc = limits(r, rec, &f, *p, err)) < 0)
					goto out;
				sbuf_addch(&f, *p++);
			}
		}
		push(rec, &f);
		if (p >= r->end)
			break;
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p == '\r' && p + 1 < r->end && p[1] == '\n')
			p++;
		else if (*p == '\r') {
			rc = err_set(err, "%d: a lone carriage return ends a line "
				     "(save the file with Windows or Unix line endings)", r->line);
			goto out;
		}
		p++;
		r->line++;
		break;
	}
out:
	r->p = rc < 0 ? r->end : p;
	sbuf_release(&f);
	return rc;
}

void csv_put(struct sbuf *sb, const char *s, int flags)
{
	int quote = strpbrk(s, ",\"\r\n") != NULL;
	int risky = (flags & CSV_SAFE) && s[0] && strchr("=+-@\t\r", s[0]);

	if (!quote && !risky) {
		sbuf_adds(sb, s);
		return;
	}
	sbuf_addch(sb, '"');
	if (risky)
		sbuf_addch(sb, '\'');
	for (; *s; s++) {
		if (*s == '"')
			sbuf_addch(sb, '"');
		sbuf_addch(sb, *s);
	}
	sbuf_addch(sb, '"');
}
