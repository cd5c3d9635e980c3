/*
 * export.c - the training needs analysis (TNA) export: one row per PDP
 * goal, as CSV, JSON or an XLSX workbook (see export.h and schema/tna.md).
 * One column table drives all three formats.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <xlsxwriter.h>

#include "csv.h"
#include "export.h"
#include "utf8.h"

/* The TNA columns, in order: CSV header and JSON member (key), the
 * spreadsheet's heading and width, and whether the value is a date. */
static const struct column {
	const char *key, *title;
	size_t off;
	double width;
	int date;
} columns[] = {
#define C(key, title, field, width, date) \
	{ key, title, offsetof(struct tna_row, field), width, date }
	C("staff_number", "Staff number", staff_number, 12, 0),
	C("name", "Name", name, 24, 0),
	C("role", "Role", role, 22, 0),
	C("band", "Band", band, 6, 0),
	C("station", "Station", station, 14, 0),
	C("appraiser", "Appraiser", appraiser, 20, 0),
	C("appraisal_date", "Appraisal date", appraisal_date, 13, 1),
	C("form_version", "Form version", form_version, 10, 0),
	C("development_need", "Development need", need, 32, 0),
	C("goal", "Goal", goal, 36, 0),
	C("type_70_20_10", "70:20:10 type", kind, 12, 0),
	C("tna_category", "TNA category", category, 26, 0),
	C("priority", "Priority", priority, 9, 0),
	C("target_date", "Target date", target_date, 12, 1),
	C("support_needed", "Support needed", support, 32, 0),
	C("goal_state", "Goal state", status, 10, 0),
	C("follows_up", "Follows up last year's goal", follows_up, 32, 0),
	C("appraisal_state", "Appraisal state", state, 10, 0),
#undef C
};
#define NCOLUMNS (sizeof(columns) / sizeof(columns[0]))

static const char *field(const struct tna_row *r, const struct column *c)
{
	const char *v = *(const char *const *)((const char *)r + c->off);

	return v ? v : "";
}

/* ---- output ---- */

#define OUT_CHUNK 65536

static void out_maybe_flush(struct export_out *o)
{
	if (!o->fp || o->buf.len < OUT_CHUNK)
		return;
	if (fwrite(o->buf.buf, 1, o->buf.len, o->fp) != o->buf.len)
		o->failed = 1;
	sbuf_reset(&o->buf);
}

int export_out_finish(struct export_out *o, struct err *err)
{
	if (o->fp && o->buf.len) {
		if (fwrite(o->buf.buf, 1, o->buf.len, o->fp) != o->buf.len)
			o->failed = 1;
		sbuf_reset(&o->buf);
	}
	if (o->fp && fflush(o->fp) != 0)
		o->failed = 1;
	if (o->failed)
		return err_set(err, "cannot write the output");
	return 0;
}

void export_out_release(struct export_out *o)
{
	sbuf_release(&o->buf);
}

void json_put(struct sbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	sbuf_addch(sb, '"');
	while (*p) {
		unsigned char c = *p;
		size_t n = 0;

		if (c == '"' || c == '\\') {
			sbuf_addch(sb, '\\');
			sbuf_addch(sb, c);
			p++;
			continue;
		}
		if (c < 0x20) {
			static const char esc[] = "btnvfr";

			if (c >= '\b' && c <= '\r' && c != '\v')
				sbuf_addf(sb, "\\%c", esc[c - '\b']);
			else
				sbuf_addf(sb, "\\u%04x", c);
			p++;
			continue;
		}
		if (c < 0x80) {
			sbuf_addch(sb, c);
			p++;
			continue;
		}
		/* Length of a well-formed UTF-8 sequence, else 0. */
		if (c >= 0xc2 && c <= 0xdf)
			n = 2;
		else if (c >= 0xe0 && c <= 0xef)
			n = 3;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 4;
		if (n && (strnlen((const char *)p, n) < n ||
			  !utf8_valid((const char *)p, n)))
			n = 0;
		if (!n) {
			sbuf_adds(sb, "\\ufffd");
			p++;
		} else if (n == 3 && c == 0xe2 && p[1] == 0x80 &&
			   (p[2] == 0xa8 || p[2] == 0xa9)) {
			/* Line and paragraph separators break JavaScript. */
			sbuf_addf(sb, "\\u%04x", p[2] == 0xa8 ? 0x2028 : 0x2029);
			p += 3;
		} else {
			sbuf_add(sb, p, n);
			p += n;
		}
	}
	sbuf_addch(sb, '"');
}

void html_put(struct sbuf *sb, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': sbuf_adds(sb, "&amp;"); break;
		case '<': sbuf_adds(sb, "&lt;"); break;
		case '>': sbuf_adds(sb, "&gt;"); break;
		case '"': sbuf_adds(sb, "&quot;"); break;
		case '\'': sbuf_adds(sb, "&#39;"); break;
		default: sbuf_addch(sb, *s);
		}
	}
}

/* ---- forms for drafts ---- */

struct form *export_form_for(struct store *st, const char *hash,
			     const char *id, const char *version,
			     const struct export_forms *forms, struct err *err)
{
	struct diag d = DIAG_INIT;
	struct form *f = NULL;
	char *src = NULL;
	int rc = store_form_get(st, hash, &src, err);

	if (rc < 0)
		return NULL;
	if (rc == 1) {
		f = form_load_text(id, src, strlen(src), &d);
		free(src);
	}
	for (size_t i = 0; !f && forms && i < forms->n; i++) {
		const struct form *k = forms->forms[i];

		if (!strcmp(k->id, id) && !strcmp(k->version, version))
			f = form_load_text(k->name, k->source, k->source_len, &d);
	}
	diag_release(&d);
	return f;
}

/* ---- rows ---- */

struct emit {
	const struct tna_opts *opts;
	enum export_format fmt;
	struct export_out *out;
	long n;
	/* xlsx */
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *date_fmt, *head_fmt;
	lxw_error xerr;
	struct counts *counts;
	/* drafts */
	struct cached_form { char *hash; struct form *f; } *cache;
	size_t ncache;
	struct err *err;
	int failed;
};

static void csv_row(struct emit *e, const struct tna_row *r)
{
	struct sbuf *sb = &e->out->buf;

	for (size_t i = 0; i < NCOLUMNS; i++) {
		if (i)
			sbuf_addch(sb, ',');
		csv_put(sb, field(r, &columns[i]), CSV_SAFE);
	}
	sbuf_adds(sb, "\r\n");
}

static void json_row(struct emit *e, const struct tna_row *r)
{
	struct sbuf *sb = &e->out->buf;

	sbuf_adds(sb, e->n ? ",\n    {" : "\n    {");
	for (size_t i = 0; i < NCOLUMNS; i++) {
		const char *v = field(r, &columns[i]);

		sbuf_adds(sb, i ? ", \"" : "\"");
		sbuf_adds(sb, columns[i].key);
		sbuf_adds(sb, "\": ");
		/* Missing dates and links are null, not "". */
		if (!*v && (columns[i].date || !strcmp(columns[i].key, "follows_up")))
			sbuf_adds(sb, "null");
		else
			json_put(sb, v);
	}
	sbuf_adds(sb, ", \"follows_up_uuid\": ");
	if (*r->follows_up_uuid)
		json_put(sb, r->follows_up_uuid);
	else
		sbuf_adds(sb, "null");
	sbuf_adds(sb, ", \"appraisal_uuid\": ");
	json_put(sb, r->appraisal_uuid);
	sbuf_addch(sb, '}');
}

static int xlsx_row(struct emit *e, const struct tna_row *r);

static int emit_row(const struct tna_row *r, void *arg)
{
	struct emit *e = arg;

	switch (e->fmt) {
	case EXPORT_CSV:
		csv_row(e, r);
		break;
	case EXPORT_JSON:
		json_row(e, r);
		break;
	case EXPORT_XLSX:
		if (xlsx_row(e, r) < 0)
			return 1;
		break;
	}
	e->n++;
	if (e->out)
		out_maybe_flush(e->out);
	return 0;
}

static const struct form *cached_form(struct emit *e,
				      const struct export_appraisal *a,
				      struct store *st)
{
	struct form *f;

	for (size_t i = 0; i < e->ncache; i++)
		if (!strcmp(e->cache[i].hash, a->form_hash))
			return e->cache[i].f;
	f = export_form_for(st, a->form_hash, a->form_id, a->form_version,
			    &e->opts->forms, e->err);
	if (!f)
		return NULL;
	e->cache = xrealloc(e->cache, (e->ncache + 1) * sizeof(*e->cache));
	e->cache[e->ncache].hash = xstrdup(a->form_hash);
	e->cache[e->ncache].f = f;
	e->ncache++;
	return f;
}

/* "pdp.goals[12].need" under list "pdp.goals": index 12, field "need". */
static int item_of(const char *path, const char *list, size_t llen,
		   long *idx, const char **fieldname)
{
	char *end;

	if (strncmp(path, list, llen) || path[llen] != '[')
		return 0;
	*idx = strtol(path + llen + 1, &end, 10);
	if (*idx < 0 || *idx > 100000 || end[0] != ']' || end[1] != '.')
		return 0;
	*fieldname = end + 2;
	return 1;
}

struct draft_ctx {
	struct emit *e;
	struct store *st;
};

/* A draft's PDP goals, read from its shareable answers via the form's
 * PDP list and TNA mapping. */
static int draft_goals(const struct export_appraisal *a,
		       const struct export_answer *ans, size_t n, void *arg)
{
	struct draft_ctx *dc = arg;
	struct emit *e = dc->e;
	const struct export_filter *flt = &e->opts->filter;
	const struct form *f = cached_form(e, a, dc->st);
	struct sbuf list = SBUF_INIT;
	const char *(*items)[FORM_TNA_N] = NULL;
	long nitems = 0;
	int stop = 0;

	if (!f) {
		if (!e->err || !e->err->msg)
			err_set(e->err, "the %s appraisal of %s (%s) uses form %s "
				"version %s, which is neither kept in the database "
				"nor in the forms folders; add its folder with --forms DIR",
				a->state, a->name, a->staff_number, a->form_id,
				a->form_version);
		e->failed = 1;
		return 1;
	}
	if (!f->pdp)
		return 0;
	form_answer_path(f->pdp, NULL, 0, &list);
	for (size_t i = 0; i < n; i++) {
		const char *fname;
		long idx;

		if (!item_of(ans[i].path, list.buf, list.len, &idx, &fname))
			continue;
		if (idx >= nitems) {
			items = xrealloc(items, (size_t)(idx + 1) * sizeof(*items));
			memset(items + nitems, 0, (size_t)(idx + 1 - nitems) * sizeof(*items));
			nitems = idx + 1;
		}
		for (int k = 0; k < FORM_TNA_N; k++)
			if (f->pdp->tna[k] && !strcmp(f->pdp->tna[k]->id, fname))
				items[idx][k] = ans[i].value;
	}
	for (long i = 0; i < nitems && !stop; i++) {
		const char *const *v = items[i];
		struct tna_row r = {
			.staff_number = a->staff_number, .name = a->name,
			.role = a->role, .band = a->band, .station = a->station,
			.appraiser = a->appraiser, .appraisal_date = a->date,
			.form_id = a->form_id, .form_version = a->form_version,
			.state = a->state, .appraisal_uuid = a->uuid,
		};
		int any = 0;

		for (int k = 0; k < FORM_TNA_N; k++)
			any |= v[k] && *v[k];
		if (!any)
			continue;
#define V(k) (v[k] ? v[k] : "")
		r.need = V(FORM_TNA_NEED);
		r.goal = V(FORM_TNA_GOAL);
		r.kind = V(FORM_TNA_TYPE);
		r.category = V(FORM_TNA_CATEGORY);
		r.priority = V(FORM_TNA_PRIORITY);
		r.target_date = V(FORM_TNA_TARGET_DATE);
		r.support = V(FORM_TNA_SUPPORT);
#undef V
		r.status = "new";
		r.follows_up = r.follows_up_uuid = "";
		r.position = (int)i;
		if (flt->category && strcasecmp(flt->category, r.category))
			continue;
		stop = emit_row(&r, e);
	}
	free(items);
	sbuf_release(&list);
	return stop;
}

static int walk(struct store *st, struct emit *e, struct err *err)
{
	struct draft_ctx dc = { e, st };
	int rc;

	e->err = err;
	rc = store_tna_each(st, &e->opts->filter, emit_row, e, err);
	if (rc == 0 && e->opts->all)
		rc = store_appraisals_each(st, STORE_EXPORT_OPEN, &e->opts->filter,
					   draft_goals, &dc, err);
	for (size_t i = 0; i < e->ncache; i++) {
		free(e->cache[i].hash);
		form_free(e->cache[i].f);
	}
	free(e->cache);
	e->cache = NULL;
	e->ncache = 0;
	if (rc < 0 || e->failed)
		return -1;
	if (rc > 0)	/* only the xlsx writer stops a walk */
		return err_set(err, "writing the workbook: %s", lxw_strerror(e->xerr));
	return 0;
}

int export_tna(struct store *st, const struct tna_opts *opts,
	       enum export_format fmt, struct export_out *out, long *nrows,
	       struct err *err)
{
	struct emit e = { .opts = opts, .fmt = fmt, .out = out };
	struct sbuf *sb = &out->buf;
	char now[STAMP_LEN + 1];

	*nrows = 0;
	if (fmt == EXPORT_XLSX)
		return err_set(err, "export: xlsx goes through export_tna_xlsx");
	if (fmt == EXPORT_CSV) {
		if (opts->excel)
			sbuf_adds(sb, "\xef\xbb\xbf");
		for (size_t i = 0; i < NCOLUMNS; i++) {
			if (i)
				sbuf_addch(sb, ',');
			sbuf_adds(sb, columns[i].key);
		}
		sbuf_adds(sb, "\r\n");
	} else {
		const struct export_filter *f = &opts->filter;
		const char *fv[] = { f->from, f->to, f->station, f->category };
		const char *fk[] = { "from", "to", "station", "category" };

		time_stamp(now);
		sbuf_adds(sb, "{\n  \"export\": \"tna\",\n  \"format_version\": 1,\n"
			  "  \"generated_at\": ");
		json_put(sb, now);
		sbuf_adds(sb, ",\n  \"filters\": {");
		for (size_t i = 0; i < 4; i++) {
			sbuf_addf(sb, "%s\"%s\": ", i ? ", " : "", fk[i]);
			if (fv[i])
				json_put(sb, fv[i]);
			else
				sbuf_adds(sb, "null");
		}
		sbuf_addf(sb, ", \"all\": %s},\n  \"rows\": [", opts->all ? "true" : "false");
	}
	if (walk(st, &e, err) < 0)
		return -1;
	if (fmt == EXPORT_JSON)
		sbuf_addf(sb, "%s],\n  \"count\": %ld\n}\n", e.n ? "\n  " : "", e.n);
	*nrows = e.n;
	return 0;
}

/* ---- xlsx ---- */

/* PDP goals by TNA category (rows) and station (columns), for sheet 2. */
struct counts {
	char **cats, **stations;
	size_t ncats, nstations;
	long *n;		/* ncats x nstations, grown as names appear */
};

static size_t name_index(char ***names, size_t *nnames, const char *s)
{
	for (size_t i = 0; i < *nnames; i++)
		if (!strcmp((*names)[i], s))
			return i;
	*names = xrealloc(*names, (*nnames + 1) * sizeof(**names));
	(*names)[*nnames] = xstrdup(s);
	return (*nnames)++;
}

static void counts_add(struct counts *c, const char *cat, const char *station)
{
	size_t oc = c->ncats, os = c->nstations;
	size_t ci = name_index(&c->cats, &c->ncats, cat);
	size_t si = name_index(&c->stations, &c->nstations, station);

	if (c->ncats != oc || c->nstations != os) {
		long *m = xcalloc(c->ncats * c->nstations, sizeof(*m));

		for (size_t i = 0; i < oc; i++)
			for (size_t j = 0; j < os; j++)
				m[i * c->nstations + j] = c->n[i * os + j];
		free(c->n);
		c->n = m;
	}
	c->n[ci * c->nstations + si]++;
}

static void counts_release(struct counts *c)
{
	for (size_t i = 0; i < c->ncats; i++)
		free(c->cats[i]);
	for (size_t i = 0; i < c->nstations; i++)
		free(c->stations[i]);
	free(c->cats);
	free(c->stations);
	free(c->n);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int xlsx_date(const char *s, lxw_datetime *dt)
{
	if (!date_valid(s))
		return 0;
	memset(dt, 0, sizeof(*dt));
	dt->year = atoi(s);
	dt->month = atoi(s + 5);
	dt->day = atoi(s + 8);
	return 1;
}

static int xlsx_row(struct emit *e, const struct tna_row *r)
{
	lxw_row_t row = (lxw_row_t)(e->n + 1);

	if (row >= LXW_ROW_MAX) {
		e->xerr = LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE;
		return -1;
	}
	for (size_t i = 0; i < NCOLUMNS; i++) {
		const char *v = field(r, &columns[i]);
		lxw_datetime dt;
		lxw_error x;

		if (!*v)
			continue;
		/* A string cell is text to a spreadsheet: "=..." is never run. */
		if (columns[i].date && xlsx_date(v, &dt))
			x = worksheet_write_datetime(e->ws, row, (lxw_col_t)i, &dt, e->date_fmt);
		else
			x = worksheet_write_string(e->ws, row, (lxw_col_t)i, v, NULL);
		if (x != LXW_NO_ERROR) {
			e->xerr = x;
			return -1;
		}
	}
	counts_add(e->counts, *r->category ? r->category : "(none)",
		   *r->station ? r->station : "(none)");
	return 0;
}

/* Sheet 2: categories down, stations across, totals on the right and below. */
static lxw_error counts_sheet(lxw_workbook *wb, struct counts *c,
			      lxw_format *head)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Counts");
	char **cats = xmalloc((c->ncats + 1) * sizeof(*cats));
	char **sts = xmalloc((c->nstations + 1) * sizeof(*sts));
	size_t *cmap = xmalloc((c->ncats + 1) * sizeof(*cmap));
	size_t *smap = xmalloc((c->nstations + 1) * sizeof(*smap));
	lxw_error x = LXW_NO_ERROR;
	long total = 0;

	if (!ws) {
		x = LXW_ERROR_MEMORY_MALLOC_FAILED;
		goto out;
	}
	/* Sorted names; the maps find each one's counts. */
	memcpy(cats, c->cats, c->ncats * sizeof(*cats));
	memcpy(sts, c->stations, c->nstations * sizeof(*sts));
	qsort(cats, c->ncats, sizeof(*cats), cmp_str);
	qsort(sts, c->nstations, sizeof(*sts), cmp_str);
	for (size_t i = 0; i < c->ncats; i++)
		cmap[i] = name_index(&c->cats, &c->ncats, cats[i]);
	for (size_t j = 0; j < c->nstations; j++)
		smap[j] = name_index(&c->stations, &c->nstations, sts[j]);
	worksheet_set_column(ws, 0, 0, 34, NULL);
	worksheet_set_column(ws, 1, (lxw_col_t)(c->nstations + 1), 14, NULL);
	worksheet_freeze_panes(ws, 1, 1);
	x = worksheet_write_string(ws, 0, 0, "TNA category", head);
	for (size_t j = 0; !x && j < c->nstations; j++)
		x = worksheet_write_string(ws, 0, (lxw_col_t)(j + 1), sts[j], head);
	if (!x)
		x = worksheet_write_string(ws, 0, (lxw_col_t)(c->nstations + 1), "Total", head);
	for (size_t i = 0; !x && i < c->ncats; i++) {
		long rowsum = 0;

		x = worksheet_write_string(ws, (lxw_row_t)(i + 1), 0, cats[i], NULL);
		for (size_t j = 0; !x && j < c->nstations; j++) {
			long v = c->n[cmap[i] * c->nstations + smap[j]];

			rowsum += v;
			x = worksheet_write_number(ws, (lxw_row_t)(i + 1),
						   (lxw_col_t)(j + 1), (double)v, NULL);
		}
		if (!x)
			x = worksheet_write_number(ws, (lxw_row_t)(i + 1),
						   (lxw_col_t)(c->nstations + 1),
						   (double)rowsum, head);
		total += rowsum;
	}
	if (!x)
		x = worksheet_write_string(ws, (lxw_row_t)(c->ncats + 1), 0, "Total", head);
	for (size_t j = 0; !x && j < c->nstations; j++) {
		long colsum = 0;

		for (size_t i = 0; i < c->ncats; i++)
			colsum += c->n[cmap[i] * c->nstations + smap[j]];
		x = worksheet_write_number(ws, (lxw_row_t)(c->ncats + 1),
					   (lxw_col_t)(j + 1), (double)colsum, head);
	}
	if (!x)
		x = worksheet_write_number(ws, (lxw_row_t)(c->ncats + 1),
					   (lxw_col_t)(c->nstations + 1), (double)total, head);
out:
	free(cats);
	free(sts);
	free(cmap);
	free(smap);
	return x;
}

int export_tna_xlsx(struct store *st, const struct tna_opts *opts,
		    const char *path, long *nrows, struct err *err)
{
	lxw_workbook_options wo = { .constant_memory = LXW_TRUE };
	struct counts counts;
	struct emit e = { .opts = opts, .fmt = EXPORT_XLSX, .counts = &counts };
	lxw_error x;
	int rc = -1;

	*nrows = 0;
	memset(&counts, 0, sizeof(counts));
	if (!(e.wb = workbook_new_opt(path, &wo)))
		return err_set(err, "%s: cannot start the workbook", path);
	e.ws = workbook_add_worksheet(e.wb, "TNA");
	e.date_fmt = workbook_add_format(e.wb);
	e.head_fmt = workbook_add_format(e.wb);
	if (!e.ws || !e.date_fmt || !e.head_fmt) {
		err_set(err, "%s: cannot start the workbook", path);
		goto out;
	}
	format_set_num_format(e.date_fmt, "yyyy-mm-dd");
	format_set_bold(e.head_fmt);
	/* In constant-memory mode rows go out in order: set up first. */
	for (size_t i = 0; i < NCOLUMNS; i++) {
		worksheet_set_column(e.ws, (lxw_col_t)i, (lxw_col_t)i, columns[i].width,
				     columns[i].date ? e.date_fmt : NULL);
		if ((x = worksheet_write_string(e.ws, 0, (lxw_col_t)i, columns[i].title,
						e.head_fmt)) != LXW_NO_ERROR) {
			err_set(err, "writing the workbook: %s", lxw_strerror(x));
			goto out;
		}
	}
	worksheet_freeze_panes(e.ws, 1, 0);
	if (walk(st, &e, err) < 0)
		goto out;
	*nrows = e.n;
	if (e.n == 0) {
		rc = 0;
		goto out;
	}
	worksheet_autofilter(e.ws, 0, 0, (lxw_row_t)e.n, (lxw_col_t)(NCOLUMNS - 1));
	if ((x = counts_sheet(e.wb, &counts, e.head_fmt)) != LXW_NO_ERROR) {
		err_set(err, "writing the workbook: %s", lxw_strerror(x));
		goto out;
	}
	x = workbook_close(e.wb);
	e.wb = NULL;
	if (x != LXW_NO_ERROR) {
		err_set(err, "%s: cannot write the workbook: %s", path, lxw_strerror(x));
		goto out;
	}
	rc = 0;
out:
	if (e.wb) {
		/* Closing writes the file; the caller removes it. */
		workbook_close(e.wb);
	}
	counts_release(&counts);
	return rc;
}
