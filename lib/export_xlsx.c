/*
 * export_xlsx.c - the TNA as an XLSX workbook (see export.h): the goals,
 * last year's outcomes and the counts by station, written by libxlsxwriter
 * in constant-memory mode (rows go out in order; memory does not grow with
 * them).  A cell is never a formula: strings are text cells.
 */
#include <stdlib.h>
#include <string.h>

#include "export_int.h"

/* ---- counts: coded values (rows) by station (columns) ---- */

struct tally {
	const char *title;	/* "TNA category" */
	enum tna_coded which;
	char **codes;
	size_t n;
	long *cell;		/* n x nstations, grown as codes appear */
};

enum { T_CATEGORY, T_TYPE, T_PRIORITY, T_OUTCOME, NTALLIES };

struct counts {
	char **stations;
	size_t nstations;
	struct tally t[NTALLIES];
};

static size_t tally_row(struct tally *t, size_t nst, const char *code)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->codes[i], code))
			return i;
	t->codes = xrealloc(t->codes, (t->n + 1) * sizeof(*t->codes));
	t->codes[t->n] = xstrdup(code);
	t->cell = xrealloc(t->cell, (t->n + 1) * (nst ? nst : 1) * sizeof(*t->cell));
	memset(t->cell + t->n * nst, 0, nst * sizeof(*t->cell));
	return t->n++;
}

static void tally_add(struct counts *c, int which, const char *code,
		      const char *station)
{
	struct tally *t = &c->t[which];
	size_t r = tally_row(t, c->nstations, *code ? code : "(none)");

	for (size_t j = 0; j < c->nstations; j++)
		if (!strcmp(c->stations[j], station)) {
			t->cell[r * c->nstations + j]++;
			return;
		}
}

static int station_seen(const char *name, void *arg)
{
	struct counts *c = arg;

	c->stations = xrealloc(c->stations, (c->nstations + 1) * sizeof(*c->stations));
	c->stations[c->nstations++] = xstrdup(name);
	return 0;
}

/* Every station, and every choice of the newest form, with zeros. */
static int counts_init(struct counts *c, struct hubstore *hs, const struct tna_ctx *ctx,
		       const char *station, struct err *err)
{
	static const struct { const char *title; enum tna_coded which; } k[NTALLIES] = {
		{ "TNA category", CODED_CATEGORY }, { "70:20:10 type", CODED_TYPE },
		{ "Priority", CODED_PRIORITY }, { "Last year's outcome", CODED_OUTCOME },
	};

	memset(c, 0, sizeof(*c));
	if (hs->ops->stations_each(hs, station, station_seen, c, err) < 0)
		return -1;
	for (int i = 0; i < NTALLIES; i++) {
		const struct form_choicelist *cl = tna_choices(ctx, k[i].which);

		c->t[i].title = k[i].title;
		c->t[i].which = k[i].which;
		for (size_t j = 0; cl && j < cl->n; j++)
			tally_row(&c->t[i], c->nstations, cl->items[j].value);
	}
	return 0;
}

static void counts_release(struct counts *c)
{
	for (size_t i = 0; i < c->nstations; i++)
		free(c->stations[i]);
	free(c->stations);
	for (int k = 0; k < NTALLIES; k++) {
		for (size_t i = 0; i < c->t[k].n; i++)
			free(c->t[k].codes[i]);
		free(c->t[k].codes);
		free(c->t[k].cell);
	}
}

/* ---- rows ---- */

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

static int xlsx_cells(struct emit *e, lxw_worksheet *ws, lxw_row_t row,
		      const void *r, const struct column *cols, size_t n)
{
	if (row >= LXW_ROW_MAX) {
		e->xerr = LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE;
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const char *v = column_value(r, &cols[i]);
		lxw_datetime dt;
		lxw_error x;
		char *end;
		double d;

		if (!*v)
			continue;
		/* A string cell is text to a spreadsheet: "=..." is never run. */
		if (cols[i].kind == COL_DATE && xlsx_date(v, &dt))
			x = worksheet_write_datetime(ws, row, (lxw_col_t)i, &dt, e->date_fmt);
		else if (cols[i].kind == COL_NUMBER && (d = strtod(v, &end), !*end))
			x = worksheet_write_number(ws, row, (lxw_col_t)i, d, NULL);
		else
			x = worksheet_write_string(ws, row, (lxw_col_t)i, v, NULL);
		if (x != LXW_NO_ERROR) {
			e->xerr = x;
			return -1;
		}
	}
	return 0;
}

int xlsx_tna_row(struct emit *e, const struct tna_row *r)
{
	const char *st = *r->station ? r->station : "(none)";

	if (xlsx_cells(e, e->ws, (lxw_row_t)(e->n + 1), r, tna_columns, tna_ncolumns) < 0)
		return -1;
	tally_add(e->counts, T_CATEGORY, r->category, st);
	tally_add(e->counts, T_TYPE, r->kind, st);
	tally_add(e->counts, T_PRIORITY, r->priority, st);
	return 0;
}

int xlsx_outcome_row(struct emit *e, const struct outcome_row *r)
{
	if (xlsx_cells(e, e->ws_out, (lxw_row_t)(e->nout + 1), r, outcome_columns,
		       outcome_ncolumns) < 0)
		return -1;
	tally_add(e->counts, T_OUTCOME, r->outcome, *r->station ? r->station : "(none)");
	return 0;
}

/* ---- sheets ---- */

static lxw_error heading_row(struct emit *e, lxw_worksheet *ws,
			     const struct column *cols, size_t n)
{
	lxw_error x = LXW_NO_ERROR;

	for (size_t i = 0; i < n && !x; i++) {
		worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, cols[i].width,
				     cols[i].kind == COL_DATE ? e->date_fmt : NULL);
		x = worksheet_write_string(ws, 0, (lxw_col_t)i, cols[i].title, e->head_fmt);
	}
	worksheet_freeze_panes(ws, 1, 0);
	return x;
}

/* One block of the Counts sheet from row *row: a heading, a row per code
 * (its code and label), a total row; *row moves past it and a blank line. */
static lxw_error tally_block(lxw_worksheet *ws, lxw_row_t *row, const struct tally *t,
			     const struct counts *c, const struct tna_ctx *ctx,
			     lxw_format *head)
{
	size_t ns = c->nstations;
	lxw_row_t r = *row;
	lxw_error x;
	long total = 0;

	x = worksheet_write_string(ws, r, 0, "Code", head);
	if (!x)
		x = worksheet_write_string(ws, r, 1, t->title, head);
	for (size_t j = 0; !x && j < ns; j++)
		x = worksheet_write_string(ws, r, (lxw_col_t)(j + 2), c->stations[j], head);
	if (!x)
		x = worksheet_write_string(ws, r, (lxw_col_t)(ns + 2), "Total", head);
	for (size_t i = 0; !x && i < t->n; i++) {
		long sum = 0;

		r++;
		x = worksheet_write_string(ws, r, 0, t->codes[i], NULL);
		if (!x)
			x = worksheet_write_string(ws, r, 1, tna_label(ctx, NULL, t->which,
							t->codes[i]), NULL);
		for (size_t j = 0; !x && j < ns; j++) {
			sum += t->cell[i * ns + j];
			x = worksheet_write_number(ws, r, (lxw_col_t)(j + 2),
						   (double)t->cell[i * ns + j], NULL);
		}
		if (!x)
			x = worksheet_write_number(ws, r, (lxw_col_t)(ns + 2), (double)sum, head);
		total += sum;
	}
	r++;
	if (!x)
		x = worksheet_write_string(ws, r, 1, "Total", head);
	for (size_t j = 0; !x && j < ns; j++) {
		long sum = 0;

		for (size_t i = 0; i < t->n; i++)
			sum += t->cell[i * ns + j];
		x = worksheet_write_number(ws, r, (lxw_col_t)(j + 2), (double)sum, head);
	}
	if (!x)
		x = worksheet_write_number(ws, r, (lxw_col_t)(ns + 2), (double)total, head);
	*row = r + 2;
	return x;
}

/* The Counts sheet: a line saying the period, then one block per tally. */
static lxw_error counts_sheet(struct emit *e, struct counts *c)
{
	lxw_worksheet *ws = workbook_add_worksheet(e->wb, "Counts");
	const struct tna_period *p = e->opts->period;
	struct sbuf what = SBUF_INIT;
	lxw_row_t row = 2;
	lxw_error x;

	if (!ws)
		return LXW_ERROR_MEMORY_MALLOC_FAILED;
	worksheet_set_column(ws, 0, 0, 14, NULL);
	worksheet_set_column(ws, 1, 1, 40, NULL);
	worksheet_set_column(ws, 2, (lxw_col_t)(c->nstations + 2), 14, NULL);
	sbuf_adds(&what, "PDP goals by station");
	if (p && *p->year)
		sbuf_addf(&what, ", TNA year %s (%s to %s)", p->year, p->from, p->to);
	else if (p && (*p->from || *p->to))
		sbuf_addf(&what, ", %s to %s", *p->from ? p->from : "the start",
			  *p->to ? p->to : "today");
	x = worksheet_write_string(ws, 0, 0, what.buf, e->head_fmt);
	sbuf_release(&what);
	for (int k = 0; !x && k < NTALLIES; k++)
		x = tally_block(ws, &row, &c->t[k], c, e->ctx, e->head_fmt);
	return x;
}

/* The goals' sheet name: "TNA 2026-27" for one TNA year ('/' is not
 * allowed in a sheet name), else "TNA". */
static void tna_sheet_name(const struct tna_opts *opts, char out[16])
{
	const struct tna_period *p = opts->period;

	if (p && *p->year)
		snprintf(out, 16, "TNA %.4s-%.2s", p->year, p->year + 5);
	else
		snprintf(out, 16, "TNA");
}

static int xlsx_start(struct emit *e, const char *path, struct err *err)
{
	char name[16];
	lxw_error x;

	tna_sheet_name(e->opts, name);
	e->ws = workbook_add_worksheet(e->wb, name);
	e->ws_out = workbook_add_worksheet(e->wb, "Outcomes");
	e->date_fmt = workbook_add_format(e->wb);
	e->head_fmt = workbook_add_format(e->wb);
	if (!e->ws || !e->ws_out || !e->date_fmt || !e->head_fmt)
		return err_set(err, "%s: cannot start the workbook", path);
	format_set_num_format(e->date_fmt, "yyyy-mm-dd");
	format_set_bold(e->head_fmt);
	/* In constant-memory mode rows go out in order: set up first. */
	if ((x = heading_row(e, e->ws, tna_columns, tna_ncolumns)) != LXW_NO_ERROR ||
	    (x = heading_row(e, e->ws_out, outcome_columns, outcome_ncolumns)) != LXW_NO_ERROR)
		return err_set(err, "writing the workbook: %s", lxw_strerror(x));
	return 0;
}

/* The workbook's title and subject say the period. */
static void xlsx_properties(struct emit *e, struct sbuf *title)
{
	const struct tna_period *p = e->opts->period;
	lxw_doc_properties props;

	sbuf_adds(title, "Training needs analysis");
	if (p && *p->year)
		sbuf_addf(title, ", TNA year %s (%s to %s)", p->year, p->from, p->to);
	memset(&props, 0, sizeof(props));
	props.title = title->buf;
	props.subject = "PDP goals and last year's outcomes, by station";
	workbook_set_properties(e->wb, &props);
}

int export_tna_xlsx(struct hubstore *hs, const struct tna_opts *opts,
		    const char *path, long *nrows, struct err *err)
{
	lxw_workbook_options wo = { .constant_memory = LXW_TRUE };
	struct counts counts;
	struct tna_ctx ctx;
	struct emit e = { .opts = opts, .fmt = EXPORT_XLSX, .counts = &counts,
		.ctx = &ctx, .row = xlsx_tna_row, .outcome = xlsx_outcome_row };
	struct sbuf title = SBUF_INIT;
	lxw_error x;
	int rc = -1;

	*nrows = 0;
	memset(&counts, 0, sizeof(counts));
	if (export_xlsx_lib(err) < 0)
		return -1;
	if (tna_ctx_load(hs, opts, &ctx, err) < 0 ||
	    counts_init(&counts, hs, &ctx, opts->filter.station, err) < 0)
		goto out;
	if (!(e.wb = workbook_new_opt(path, &wo))) {
		err_set(err, "%s: cannot start the workbook", path);
		goto out;
	}
	if (xlsx_start(&e, path, err) < 0 || export_walk(hs, &e, 1, err) < 0)
		goto out;
	*nrows = e.n;
	if (e.n == 0) {
		rc = 0;
		goto out;
	}
	worksheet_autofilter(e.ws, 0, 0, (lxw_row_t)e.n, (lxw_col_t)(tna_ncolumns - 1));
	if (e.nout)
		worksheet_autofilter(e.ws_out, 0, 0, (lxw_row_t)e.nout,
				     (lxw_col_t)(outcome_ncolumns - 1));
	xlsx_properties(&e, &title);
	if ((x = counts_sheet(&e, &counts)) != LXW_NO_ERROR) {
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
	if (e.wb)
		workbook_close(e.wb);	/* writes the file; the caller removes it */
	counts_release(&counts);
	tna_ctx_release(&ctx);
	sbuf_release(&title);
	return rc;
}
