/*
 * staff.c - staff CSV import and due-date rules (see staff.h).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "name_match.h"
#include "staff.h"
#include "utf8.h"

enum col { C_NUMBER, C_NAME, C_ROLE, C_BAND, C_STATION, C_EMAIL, C_DUE, NCOLS };

static const char *const colname[NCOLS] = {
	"staff_number", "name", "role", "band", "station", "email", "due",
};

/* Longest accepted field: far beyond any real name, short of abuse. */
#define FIELD_MAX 200

static void trim(char *s)
{
	size_t n = strlen(s), i = 0;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	memmove(s, s + i, n - i + 1);
}

static int has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

static int good_number(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= 'a' && *s <= 'z') || *s == '-' || *s == '/' || *s == '.'))
			return 0;
	return 1;
}

/* Unknown header names named in the one warning about them. */
#define UNKNOWN_LISTED 5

/* One warning for all the unknown (and empty) columns of the header. */
static void warn_unknown(const char *file, const struct csv_record *h,
			 const int known[], struct diag *d)
{
	struct sbuf names = SBUF_INIT;
	size_t unknown = 0, empty = 0, listed = 0;

	for (size_t i = 0; i < h->n; i++) {
		if (known[i])
			continue;
		if (!*h->fields[i]) {
			empty++;
			continue;
		}
		if (listed++ < UNKNOWN_LISTED)
			sbuf_addf(&names, "%s'%s'", names.len ? ", " : "", h->fields[i]);
		unknown++;
	}
	if (unknown > UNKNOWN_LISTED)
		sbuf_addf(&names, " and %zu more", unknown - UNKNOWN_LISTED);
	if (unknown)
		diag_add(d, DIAG_WARNING, file, h->line, 0, "unknown column%s %s %s ignored",
			 unknown == 1 ? "" : "s", names.buf, unknown == 1 ? "is" : "are");
	if (empty)
		diag_add(d, DIAG_WARNING, file, h->line, 0, "%zu column%s with no name "
			 "in the header %s ignored", empty, empty == 1 ? "" : "s",
			 empty == 1 ? "is" : "are");
	sbuf_release(&names);
}

/* Map header names to columns; -1 when a required column is missing. */
static int read_header(const char *file, struct csv_record *h, int map[NCOLS],
		       struct diag *d)
{
	int ok = 0, *known = xcalloc(h->n + 1, sizeof(*known));

	for (int c = 0; c < NCOLS; c++)
		map[c] = -1;
	for (size_t i = 0; i < h->n; i++) {
		int c;

		trim(h->fields[i]);
		for (c = 0; c < NCOLS; c++)
			if (!strcasecmp(h->fields[i], colname[c]))
				break;
		if (c == NCOLS)
			continue;
		known[i] = 1;
		if (map[c] >= 0) {
			diag_add(d, DIAG_ERROR, file, h->line, 0,
				 "column '%s' appears twice", colname[c]);
			ok = -1;
		}
		map[c] = (int)i;
	}
	warn_unknown(file, h, known, d);
	free(known);
	for (int c = 0; c <= C_NAME; c++) {
		if (map[c] < 0) {
			diag_add(d, DIAG_ERROR, file, h->line, 0,
				 "the header has no '%s' column (expected "
				 "staff_number,name,role,band,station,email,due)",
				 colname[c]);
			ok = -1;
		}
	}
	return ok;
}

struct seen {
	char **num;
	int *line;
	size_t n, alloc;
};

static int seen_find(struct seen *s, const char *num)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->num[i], num))
			return s->line[i];
	return 0;
}

static void seen_add(struct seen *s, const char *num, int line)
{
	if (s->n == s->alloc) {
		s->alloc = s->alloc ? s->alloc * 2 : 64;
		s->num = xrealloc(s->num, s->alloc * sizeof(*s->num));
		s->line = xrealloc(s->line, s->alloc * sizeof(*s->line));
	}
	s->num[s->n] = xstrdup(num);
	s->line[s->n++] = line;
}

static void seen_release(struct seen *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->num[i]);
	free(s->num);
	free(s->line);
}

/*
 * The kinds of problem a row can have.  Each kind is listed for its first
 * PER_KIND rows, then counted in one line: a file of a million bad rows
 * gives a short, readable answer.
 */
enum kind { K_FIELDS, K_LONG, K_CONTROL, K_NUM_EMPTY, K_NUM_BAD, K_NUM_DUP,
	    K_NAME_EMPTY, K_DUE, K_EMAIL, NKINDS };
#define PER_KIND 10

static const char *const kind_name[NKINDS] = {
	"a different number of fields from the header", "a field that is too long",
	"a line break or control character", "an empty staff_number",
	"a staff_number with other characters", "a staff number seen before",
	"an empty name", "a due date that is not a date",
	"an email that is not an email address",
};

struct rows {
	const char *file;
	struct diag *d;
	long count[NKINDS];
	int more_line[NKINDS];	/* the first row not listed */
	int bad;		/* the current row had a problem */
};

static void problem(struct rows *rw, enum kind k, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void problem(struct rows *rw, enum kind k, int line, const char *fmt, ...)
{
	struct sbuf msg = SBUF_INIT;
	va_list ap;

	rw->bad = 1;
	if (rw->count[k]++ == PER_KIND)
		rw->more_line[k] = line;
	if (rw->count[k] > PER_KIND)
		return;
	va_start(ap, fmt);
	sbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	diag_add(rw->d, DIAG_ERROR, rw->file, line, 0, "%s", msg.buf);
	sbuf_release(&msg);
}

/* One line per kind of problem with rows that were not listed. */
static void rows_more(struct rows *rw)
{
	for (int k = 0; k < NKINDS; k++)
		if (rw->count[k] > PER_KIND)
			diag_add(rw->d, DIAG_ERROR, rw->file, rw->more_line[k], 0,
				 "and %ld more rows with %s, from this line on (not listed)",
				 rw->count[k] - PER_KIND, kind_name[k]);
}

/* Check one data row; 0 if good, -1 after adding its problems. */
static int check_row(struct rows *rw, struct csv_record *r, const int map[NCOLS],
		     size_t ncols, struct seen *seen)
{
	const char *num, *name, *due, *email;
	int first;

	rw->bad = 0;
	if (r->n != ncols) {
		problem(rw, K_FIELDS, r->line, "expected %zu fields as in the header, "
			"found %zu", ncols, r->n);
		return -1;
	}
	for (size_t i = 0; i < r->n; i++)
		trim(r->fields[i]);
	for (int c = 0; c < NCOLS; c++) {
		const char *v = map[c] >= 0 ? r->fields[map[c]] : "";

		if (strlen(v) > FIELD_MAX)
			problem(rw, K_LONG, r->line, "%s is longer than %d characters",
				colname[c], FIELD_MAX);
		else if (has_control(v))
			problem(rw, K_CONTROL, r->line, "%s holds a line break or "
				"control character", colname[c]);
	}
	num = r->fields[map[C_NUMBER]];
	name = r->fields[map[C_NAME]];
	if (!*num)
		problem(rw, K_NUM_EMPTY, r->line, "staff_number is empty");
	else if (!good_number(num))
		problem(rw, K_NUM_BAD, r->line, "staff_number '%s' may hold only "
			"letters, digits, '-', '/' and '.'", num);
	else if ((first = seen_find(seen, num)) != 0)
		problem(rw, K_NUM_DUP, r->line, "staff number %s appears again "
			"(first on line %d)", num, first);
	else
		seen_add(seen, num, r->line);
	if (!*name)
		problem(rw, K_NAME_EMPTY, r->line, "name is empty");
	due = map[C_DUE] >= 0 ? r->fields[map[C_DUE]] : "";
	if (*due && !date_valid(due))
		problem(rw, K_DUE, r->line, "due '%s' is not a date (write it as "
			"YYYY-MM-DD)", due);
	email = map[C_EMAIL] >= 0 ? r->fields[map[C_EMAIL]] : "";
	if (*email && (!strchr(email, '@') || strchr(email, ' ')))
		problem(rw, K_EMAIL, r->line, "email '%s' is not an email address", email);
	return rw->bad ? -1 : 0;
}

/* Fill s from the row, keeping old values for columns the file lacks. */
static void merge(struct staff *s, const struct staff *old,
		  struct csv_record *r, const int map[NCOLS])
{
	char **field[NCOLS] = {
		&s->staff_number, &s->name, &s->role, &s->band, &s->station,
		&s->email, &s->due,
	};
	char *const oldv[NCOLS] = {
		old->staff_number, old->name, old->role, old->band, old->station,
		old->email, old->due,
	};

	for (int c = 0; c < NCOLS; c++) {
		const char *v = map[c] >= 0 ? r->fields[map[c]] : oldv[c];

		*field[c] = v ? xstrdup(v) : NULL;
	}
}

static int apply(struct store *st, struct csv_record *r, const int map[NCOLS],
		 struct staff_import_result *res, struct err *err)
{
	struct staff old = { 0 }, s = { 0 };
	int found, created, rc;

	found = store_staff_get(st, r->fields[map[C_NUMBER]], &old, err);
	if (found < 0)
		return -1;
	merge(&s, &old, r, map);
	if (found && !strcmp(s.name, old.name) &&
	    !strcmp(s.role, old.role) && !strcmp(s.band, old.band) &&
	    !strcmp(s.station, old.station) && !strcmp(s.email, old.email) &&
	    !strcmp(s.due ? s.due : "", old.due ? old.due : "")) {
		res->unchanged++;
		rc = 0;
	} else {
		rc = store_staff_put(st, &s, &created, err);
		if (rc == 0)
			created ? res->added++ : res->updated++;
	}
	staff_release(&old);
	staff_release(&s);
	return rc;
}

int staff_import(struct store *st, const char *file, const char *text,
		 size_t len, struct staff_import_result *res, struct diag *d,
		 struct err *err)
{
	struct csv_reader rd;
	struct csv_record rec = { 0 }, hdr = { 0 };
	struct seen seen = { 0 };
	int map[NCOLS], rc = -1, got;
	size_t ncols;
	struct err cerr = ERR_INIT;
	struct rows rw = { file, d, { 0 }, { 0 }, 0 };

	memset(res, 0, sizeof(*res));
	if (!utf8_valid(text, len)) {
		const char *line = text, *end = text + len, *nl;
		int n = 1;

		/* A UTF-8 sequence never holds '\n': check line by line. */
		for (; line < end; line = nl + 1, n++) {
			nl = memchr(line, '\n', (size_t)(end - line));
			if (!nl)
				nl = end;
			if (!utf8_valid(line, (size_t)(nl - line)))
				break;
		}
		diag_add(d, DIAG_ERROR, file, n, 0,
			 "not UTF-8 text (in Excel, save as \"CSV UTF-8\")");
		return -1;
	}
	csv_reader_init(&rd, text, len);
	do {
		got = csv_read(&rd, &hdr, &cerr);
	} while (got == 1 && hdr.blank);
	if (got <= 0) {
		if (got < 0)
			diag_add(d, DIAG_ERROR, file, atoi(cerr.msg), 0, "%s",
				 strchr(cerr.msg, ' ') + 1);
		else
			diag_add(d, DIAG_ERROR, file, 0, 0, "the file is empty; expected a "
				 "header row staff_number,name,role,band,station,email,due");
		goto out;
	}
	if (read_header(file, &hdr, map, d) < 0)
		goto out;
	ncols = hdr.n;

	/* First pass: check every row, so that every problem is reported. */
	while ((got = csv_read(&rd, &rec, &cerr)) == 1)
		if (!rec.blank)
			check_row(&rw, &rec, map, ncols, &seen);
	rows_more(&rw);
	if (got < 0)
		diag_add(d, DIAG_ERROR, file, atoi(cerr.msg), 0, "%s",
			 strchr(cerr.msg, ' ') + 1);
	if (diag_errors(d) > 0)
		goto out;
	if (seen.n == 0) {
		diag_add(d, DIAG_ERROR, file, 0, 0, "no staff rows after the header");
		goto out;
	}

	/* Second pass: all or nothing. */
	if (store_begin(st, err) < 0)
		goto out;
	csv_reader_init(&rd, text, len);
	do {
		got = csv_read(&rd, &hdr, &cerr);
	} while (got == 1 && hdr.blank);
	while ((got = csv_read(&rd, &rec, &cerr)) == 1) {
		if (rec.blank)
			continue;
		for (size_t i = 0; i < rec.n; i++)
			trim(rec.fields[i]);
		if (apply(st, &rec, map, res, err) < 0) {
			store_rollback(st);
			memset(res, 0, sizeof(*res));
			goto out;
		}
	}
	if (store_audit(st, NULL, NULL, "staff-imported", file, err) < 0) {
		store_rollback(st);
		goto out;
	}
	if (store_commit(st, err) < 0) {
		memset(res, 0, sizeof(*res));
		goto out;
	}
	rc = 0;
out:
	csv_record_release(&rec);
	csv_record_release(&hdr);
	seen_release(&seen);
	err_release(&cerr);
	return rc;
}

enum due_status staff_due_status(const char *due, const char *today)
{
	long days;

	if (!due || !date_valid(due))
		return DUE_NONE;
	days = date_diff(today, due);
	if (days < 0)
		return DUE_OVERDUE;
	if (days <= DUE_SOON_DAYS)
		return DUE_SOON;
	return DUE_LATER;
}

const char *staff_due_name(enum due_status s)
{
	switch (s) {
	case DUE_OVERDUE: return "overdue";
	case DUE_SOON: return "due soon";
	case DUE_LATER: return "";
	default: return "";
	}
}

const char *staff_state_name(const struct staff_status *ss)
{
	if (!ss->state)
		return "not started";
	if (ss->synced)
		return "synced";
	return ss->state;
}

static int has(const char *hay, const char *needle)
{
	return hay && name_match(hay, needle) != NAME_MATCH_NONE;
}

int staff_team_match(const struct staff_status *ss, const char *filter,
		     const char *today)
{
	if (!filter || !*filter)
		return 1;
	return has(ss->s.name, filter) || has(ss->s.staff_number, filter) ||
	       has(ss->s.station, filter) || has(staff_state_name(ss), filter) ||
	       (staff_due_status(ss->s.due, today) == DUE_OVERDUE && has("overdue", filter));
}
