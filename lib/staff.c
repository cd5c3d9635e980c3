/*
 * staff.c - staff CSV import and due-date rules (see staff.h).
 */
#include <stdlib.h>
#include <string.h>

#include "csv.h"
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

/* Map header names to columns; -1 when a required column is missing. */
static int read_header(const char *file, struct csv_record *h, int map[NCOLS],
		       struct diag *d)
{
	int ok = 0;

	for (int c = 0; c < NCOLS; c++)
		map[c] = -1;
	for (size_t i = 0; i < h->n; i++) {
		int c;

		trim(h->fields[i]);
		for (c = 0; c < NCOLS; c++)
			if (!strcasecmp(h->fields[i], colname[c]))
				break;
		if (c == NCOLS) {
			diag_add(d, DIAG_WARNING, file, h->line, 0,
				 "unknown column '%s' is ignored", h->fields[i]);
			continue;
		}
		if (map[c] >= 0) {
			diag_add(d, DIAG_ERROR, file, h->line, 0,
				 "column '%s' appears twice", colname[c]);
			ok = -1;
		}
		map[c] = (int)i;
	}
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

/* Check one data row; 0 if good, -1 after adding its problems to d. */
static int check_row(const char *file, struct csv_record *r, const int map[NCOLS],
		     size_t ncols, struct seen *seen, struct diag *d)
{
	size_t before = diag_errors(d);
	const char *num, *name, *due, *email;
	int first;

	if (r->n != ncols) {
		diag_add(d, DIAG_ERROR, file, r->line, 0,
			 "expected %zu fields as in the header, found %zu", ncols, r->n);
		return -1;
	}
	for (size_t i = 0; i < r->n; i++)
		trim(r->fields[i]);
	for (int c = 0; c < NCOLS; c++) {
		const char *v = map[c] >= 0 ? r->fields[map[c]] : "";

		if (strlen(v) > FIELD_MAX)
			diag_add(d, DIAG_ERROR, file, r->line, 0,
				 "%s is longer than %d characters", colname[c], FIELD_MAX);
		else if (has_control(v))
			diag_add(d, DIAG_ERROR, file, r->line, 0,
				 "%s holds a line break or control character", colname[c]);
	}
	num = r->fields[map[C_NUMBER]];
	name = r->fields[map[C_NAME]];
	if (!*num)
		diag_add(d, DIAG_ERROR, file, r->line, 0, "staff_number is empty");
	else if (!good_number(num))
		diag_add(d, DIAG_ERROR, file, r->line, 0,
			 "staff_number '%s' may hold only letters, digits, '-', '/' and '.'", num);
	else if ((first = seen_find(seen, num)) != 0)
		diag_add(d, DIAG_ERROR, file, r->line, 0,
			 "staff number %s appears again (first on line %d)", num, first);
	else
		seen_add(seen, num, r->line);
	if (!*name)
		diag_add(d, DIAG_ERROR, file, r->line, 0, "name is empty");
	due = map[C_DUE] >= 0 ? r->fields[map[C_DUE]] : "";
	if (*due && !date_valid(due))
		diag_add(d, DIAG_ERROR, file, r->line, 0,
			 "due '%s' is not a date (write it as YYYY-MM-DD)", due);
	email = map[C_EMAIL] >= 0 ? r->fields[map[C_EMAIL]] : "";
	if (*email && (!strchr(email, '@') || strchr(email, ' ')))
		diag_add(d, DIAG_ERROR, file, r->line, 0,
			 "email '%s' is not an email address", email);
	return diag_errors(d) > before ? -1 : 0;
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
			check_row(file, &rec, map, ncols, &seen, d);
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
