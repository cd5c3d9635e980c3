/*
 * export.c - the training needs analysis (TNA) export: one row per PDP
 * goal, as CSV, JSON or an XLSX workbook (export_xlsx.c), and last year's
 * outcomes (see export.h and schema/tna.md).  One column table drives all
 * three formats; export_tna.c knows the forms and the TNA year.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "export_int.h"
#include "utf8.h"

/* The TNA columns, in order (schema/tna.md). */
#define C(key, title, field, width, kind) \
	{ key, title, offsetof(struct tna_row, field), width, kind }
const struct column tna_columns[] = {
	C("staff_number", "Staff number", staff_number, 12, COL_TEXT),
	C("name", "Name", name, 24, COL_TEXT),
	C("role", "Role", role, 22, COL_TEXT),
	C("band", "Band", band, 6, COL_TEXT),
	C("station", "Station", station, 14, COL_TEXT),
	C("appraiser", "Appraiser", appraiser, 20, COL_TEXT),
	C("appraisal_date", "Appraisal date", appraisal_date, 13, COL_DATE),
	C("tna_year", "TNA year", tna_year, 9, COL_TEXT),
	C("form_version", "Form version", form_version, 10, COL_TEXT),
	C("appraisal_uuid", "Appraisal id", appraisal_uuid, 38, COL_TEXT),
	C("goal_uuid", "Goal id", goal_uuid, 38, COL_OPTIONAL),
	C("development_need", "Development need", need, 32, COL_TEXT),
	C("goal", "Goal", goal, 36, COL_TEXT),
	C("type_70_20_10", "70:20:10 type (code)", kind, 12, COL_TEXT),
	C("type_70_20_10_label", "70:20:10 type", kind_label, 30, COL_TEXT),
	C("tna_category", "TNA category (code)", category, 26, COL_TEXT),
	C("tna_category_label", "TNA category", category_label, 26, COL_TEXT),
	C("priority", "Priority (code)", priority, 9, COL_TEXT),
	C("priority_label", "Priority", priority_label, 9, COL_TEXT),
	C("target_date", "Target date", target_date, 12, COL_DATE),
	C("support_needed", "Support needed", support, 32, COL_TEXT),
	C("estimated_cost", "Estimated cost (£)", cost, 12, COL_NUMBER),
	C("funder", "Funder (code)", funder, 10, COL_OPTIONAL),
	C("funder_label", "Funder", funder_label, 26, COL_OPTIONAL),
	C("goal_state", "Goal state", status, 10, COL_TEXT),
	C("follows_up", "Follows up last year's goal", follows_up, 32, COL_OPTIONAL),
	C("follows_up_uuid", "Last year's goal id", follows_up_uuid, 38, COL_OPTIONAL),
	C("appraisal_state", "Appraisal state", state, 10, COL_TEXT),
};
#undef C
const size_t tna_ncolumns = sizeof(tna_columns) / sizeof(tna_columns[0]);

/* Last year's goals as reviewed this year. */
#define C(key, title, field, width, kind) \
	{ key, title, offsetof(struct outcome_row, field), width, kind }
const struct column outcome_columns[] = {
	C("staff_number", "Staff number", staff_number, 12, COL_TEXT),
	C("name", "Name", name, 24, COL_TEXT),
	C("role", "Role", role, 22, COL_TEXT),
	C("band", "Band", band, 6, COL_TEXT),
	C("station", "Station", station, 14, COL_TEXT),
	C("appraiser", "Appraiser", appraiser, 20, COL_TEXT),
	C("appraisal_date", "Reviewed on", appraisal_date, 13, COL_DATE),
	C("tna_year", "TNA year", tna_year, 9, COL_TEXT),
	C("appraisal_uuid", "Appraisal id", appraisal_uuid, 38, COL_TEXT),
	C("last_year_goal", "Last year's goal", goal, 36, COL_TEXT),
	C("outcome", "Outcome (code)", outcome, 14, COL_TEXT),
	C("outcome_label", "Outcome", outcome_label, 18, COL_TEXT),
	C("outcome_comment", "Comment", comment, 36, COL_TEXT),
	C("goal_uuid", "Last year's goal id", goal_uuid, 38, COL_OPTIONAL),
	C("goal_appraisal_date", "Last year's appraisal date", goal_date, 13, COL_DATE),
	C("development_need", "Development need", need, 32, COL_TEXT),
	C("type_70_20_10", "70:20:10 type (code)", kind, 12, COL_TEXT),
	C("type_70_20_10_label", "70:20:10 type", kind_label, 30, COL_TEXT),
	C("tna_category", "TNA category (code)", category, 26, COL_TEXT),
	C("tna_category_label", "TNA category", category_label, 26, COL_TEXT),
	C("priority", "Priority (code)", priority, 9, COL_TEXT),
	C("priority_label", "Priority", priority_label, 9, COL_TEXT),
};
#undef C
const size_t outcome_ncolumns = sizeof(outcome_columns) / sizeof(outcome_columns[0]);

const char *column_value(const void *row, const struct column *c)
{
	const char *v = *(const char *const *)((const char *)row + c->off);

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

struct form *export_form_for(struct hubstore *hs, const char *hash,
			     const char *id, const char *version,
			     const struct export_forms *forms, struct err *err)
{
	struct diag d = DIAG_INIT;
	struct form *f = NULL;
	char *src = NULL;
	int rc = hs->ops->form_get(hs, hash, &src, err);

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

static void csv_line(struct sbuf *sb, const void *row, const struct column *cols,
		     size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			sbuf_addch(sb, ',');
		csv_put(sb, row ? column_value(row, &cols[i]) : cols[i].key, CSV_SAFE);
	}
	sbuf_adds(sb, "\r\n");
}

static void json_obj(struct sbuf *sb, const void *row, const struct column *cols,
		     size_t n)
{
	sbuf_addch(sb, '{');
	for (size_t i = 0; i < n; i++) {
		const char *v = column_value(row, &cols[i]);
		char *end;

		sbuf_adds(sb, i ? ", \"" : "\"");
		sbuf_adds(sb, cols[i].key);
		sbuf_adds(sb, "\": ");
		/* Missing dates, numbers and links are null, not "". */
		if (!*v && cols[i].kind != COL_TEXT)
			sbuf_adds(sb, "null");
		else if (cols[i].kind == COL_NUMBER && (strtod(v, &end), !*end))
			sbuf_adds(sb, v);
		else
			json_put(sb, v);
	}
	sbuf_addch(sb, '}');
}

static int csv_row(struct emit *e, const struct tna_row *r)
{
	csv_line(&e->out->buf, r, tna_columns, tna_ncolumns);
	return 0;
}

static int csv_outcome(struct emit *e, const struct outcome_row *r)
{
	csv_line(&e->out->buf, r, outcome_columns, outcome_ncolumns);
	return 0;
}

static int json_row(struct emit *e, const struct tna_row *r)
{
	sbuf_adds(&e->out->buf, e->n ? ",\n    " : "\n    ");
	json_obj(&e->out->buf, r, tna_columns, tna_ncolumns);
	return 0;
}

static int json_outcome(struct emit *e, const struct outcome_row *r)
{
	sbuf_adds(&e->out->buf, e->nout ? ",\n    " : "\n    ");
	json_obj(&e->out->buf, r, outcome_columns, outcome_ncolumns);
	return 0;
}

/* A goal, labelled, through the format's row function. */
static int emit_row(const struct tna_row *r, void *arg)
{
	struct emit *e = arg;
	struct tna_row x = *r;

	tna_year_of(r->appraisal_date, e->year);
	x.tna_year = e->year;
	x.kind_label = tna_label(e->ctx, r->form_hash, CODED_TYPE, r->kind);
	x.category_label = tna_label(e->ctx, r->form_hash, CODED_CATEGORY, r->category);
	x.priority_label = tna_label(e->ctx, r->form_hash, CODED_PRIORITY, r->priority);
	x.funder_label = tna_label(e->ctx, r->form_hash, CODED_FUNDER, r->funder);
	if (e->row(e, &x) < 0)
		return 1;
	e->n++;
	if (e->out)
		out_maybe_flush(e->out);
	return 0;
}

static int emit_outcome(const struct outcome_row *r, void *arg)
{
	struct emit *e = arg;
	struct outcome_row x = *r;

	tna_year_of(r->appraisal_date, e->year);
	x.tna_year = e->year;
	x.outcome_label = tna_label(e->ctx, r->form_hash, CODED_OUTCOME, r->outcome);
	x.kind_label = tna_label(e->ctx, r->form_hash, CODED_TYPE, r->kind);
	x.category_label = tna_label(e->ctx, r->form_hash, CODED_CATEGORY, r->category);
	x.priority_label = tna_label(e->ctx, r->form_hash, CODED_PRIORITY, r->priority);
	if (e->outcome(e, &x) < 0)
		return 1;
	e->nout++;
	if (e->out)
		out_maybe_flush(e->out);
	return 0;
}

static const struct form *cached_form(struct emit *e,
				      const struct export_appraisal *a,
				      struct hubstore *hs)
{
	struct form *f;

	for (size_t i = 0; i < e->ncache; i++)
		if (!strcmp(e->cache[i].hash, a->form_hash))
			return e->cache[i].f;
	f = export_form_for(hs, a->form_hash, a->form_id, a->form_version,
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
	struct hubstore *hs;
};

/* A draft goal's answers: the seven TNA columns, then cost and funder. */
#define DRAFT_COST FORM_TNA_N
#define DRAFT_FUNDER (FORM_TNA_N + 1)
#define DRAFT_N (FORM_TNA_N + 2)

static void draft_emit(struct emit *e, const struct export_appraisal *a,
		       const char *const *v, long i, int *stop)
{
	const struct export_filter *flt = &e->opts->filter;
	struct tna_row r = {
		.staff_number = a->staff_number, .name = a->name,
		.role = a->role, .band = a->band, .station = a->station,
		.appraiser = a->appraiser, .appraisal_date = a->date,
		.form_id = a->form_id, .form_version = a->form_version,
		.state = a->state, .appraisal_uuid = a->uuid,
		.form_hash = a->form_hash, .goal_uuid = "",
	};
	int any = 0;

	for (int k = 0; k < DRAFT_N; k++)
		any |= v[k] && *v[k];
	if (!any)
		return;
#define V(k) (v[k] ? v[k] : "")
	r.need = V(FORM_TNA_NEED);
	r.goal = V(FORM_TNA_GOAL);
	r.kind = V(FORM_TNA_TYPE);
	r.category = V(FORM_TNA_CATEGORY);
	r.priority = V(FORM_TNA_PRIORITY);
	r.target_date = V(FORM_TNA_TARGET_DATE);
	r.support = V(FORM_TNA_SUPPORT);
	r.cost = V(DRAFT_COST);
	r.funder = V(DRAFT_FUNDER);
#undef V
	r.status = "new";
	r.follows_up = r.follows_up_uuid = "";
	r.position = (int)i;
	if (flt->category && strcasecmp(e->ctx->category ? e->ctx->category
					: flt->category, r.category))
		return;
	*stop = emit_row(&r, e);
}

/* A draft's PDP goals, read from its shareable answers via the form's
 * PDP list and TNA mapping (and its `cost` and `funder` questions). */
static int draft_goals(const struct export_appraisal *a,
		       const struct export_answer *ans, size_t n, void *arg)
{
	struct draft_ctx *dc = arg;
	struct emit *e = dc->e;
	const struct form *f = cached_form(e, a, dc->hs);
	struct sbuf list = SBUF_INIT;
	const char *(*items)[DRAFT_N] = NULL;
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
		if (!strcmp(fname, "cost"))
			items[idx][DRAFT_COST] = ans[i].value;
		else if (!strcmp(fname, "funder"))
			items[idx][DRAFT_FUNDER] = ans[i].value;
	}
	for (long i = 0; i < nitems && !stop; i++)
		draft_emit(e, a, items[i], i, &stop);
	free(items);
	sbuf_release(&list);
	return stop;
}

int export_walk(struct hubstore *hs, struct emit *e, int outcomes, struct err *err)
{
	struct draft_ctx dc = { e, hs };
	struct export_filter f = e->opts->filter;
	int rc = 0;

	e->err = err;
	if (e->ctx->category)
		f.category = e->ctx->category;
	if (e->row)
		rc = hs->ops->tna_each(hs, &f, e->ctx->pdp_paths.buf, emit_row, e, err);
	if (rc == 0 && e->row && e->opts->all)
		rc = hs->ops->appraisals_each(hs, STORE_EXPORT_OPEN, &f, draft_goals, &dc,
						 err);
	if (rc == 0 && outcomes && e->outcome)
		rc = hs->ops->outcomes_each(hs, &f, e->ctx->review_lists.buf,
					    emit_outcome, e, err);
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

/* The JSON document's head: what, when, the period and the filters. */
static void json_head(struct sbuf *sb, const struct tna_opts *opts)
{
	const struct export_filter *f = &opts->filter;
	const char *fv[] = { f->from, f->to, f->station, f->category };
	const char *fk[] = { "from", "to", "station", "category" };
	const struct tna_period *p = opts->period;
	char now[STAMP_LEN + 1];

	time_stamp(now);
	sbuf_adds(sb, "{\n  \"export\": \"tna\",\n  \"format_version\": 2,\n"
		  "  \"generated_at\": ");
	json_put(sb, now);
	sbuf_adds(sb, ",\n  \"period\": {\"tna_year\": ");
	if (p && *p->year)
		json_put(sb, p->year);
	else
		sbuf_adds(sb, "null");
	sbuf_adds(sb, ", \"from\": ");
	if (f->from)
		json_put(sb, f->from);
	else
		sbuf_adds(sb, "null");
	sbuf_adds(sb, ", \"to\": ");
	if (f->to)
		json_put(sb, f->to);
	else
		sbuf_adds(sb, "null");
	sbuf_adds(sb, "},\n  \"filters\": {");
	for (size_t i = 0; i < 4; i++) {
		sbuf_addf(sb, "%s\"%s\": ", i ? ", " : "", fk[i]);
		if (fv[i])
			json_put(sb, fv[i]);
		else
			sbuf_adds(sb, "null");
	}
	sbuf_addf(sb, ", \"all\": %s},\n  \"rows\": [", opts->all ? "true" : "false");
}

int export_tna(struct hubstore *hs, const struct tna_opts *opts,
	       enum export_format fmt, struct export_out *out, long *nrows,
	       struct err *err)
{
	struct tna_ctx ctx;
	struct emit e = { .opts = opts, .fmt = fmt, .out = out, .ctx = &ctx };
	struct sbuf *sb = &out->buf;
	int rc = -1;

	*nrows = 0;
	if (fmt == EXPORT_XLSX)
		return err_set(err, "export: xlsx goes through export_tna_xlsx");
	if (tna_ctx_load(hs, opts, &ctx, err) < 0)
		goto out;
	if (fmt == EXPORT_CSV) {
		if (opts->excel)
			sbuf_adds(sb, "\xef\xbb\xbf");
		if (opts->outcomes) {
			csv_line(sb, NULL, outcome_columns, outcome_ncolumns);
			e.outcome = csv_outcome;
		} else {
			csv_line(sb, NULL, tna_columns, tna_ncolumns);
			e.row = csv_row;
		}
		if (export_walk(hs, &e, opts->outcomes, err) < 0)
			goto out;
		*nrows = opts->outcomes ? e.nout : e.n;
	} else {
		json_head(sb, opts);
		e.row = json_row;
		if (export_walk(hs, &e, 0, err) < 0)
			goto out;
		sbuf_addf(sb, "%s],\n  \"count\": %ld,\n  \"outcomes\": [",
			  e.n ? "\n  " : "", e.n);
		e.row = NULL;
		e.outcome = json_outcome;
		if (export_walk(hs, &e, 1, err) < 0)
			goto out;
		sbuf_addf(sb, "%s],\n  \"outcomes_count\": %ld\n}\n",
			  e.nout ? "\n  " : "", e.nout);
		*nrows = opts->outcomes ? e.nout : e.n;
	}
	rc = 0;
out:
	tna_ctx_release(&ctx);
	return rc;
}
