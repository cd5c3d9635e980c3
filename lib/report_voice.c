/*
 * report_voice.c - "how it went" at the hub: every answer that counts,
 * opened with the hub's box key, counted by station and by quarter under
 * the threshold (VOICE_MIN), with the comments shuffled; and the report as
 * text, CSV or JSON.  See report_voice.h and schema/voice.md.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "bundle.h"
#include "csv.h"
#include "export.h"
#include "hub_feedback.h"
#include "hub_voice.h"
#include "report_voice.h"

static void cells_release(struct voice_cell *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(c[i].label);
	free(c);
}

void voice_report_release(struct voice_report *r)
{
	if (!r)
		return;
	cells_release(r->stations, r->nstations);
	cells_release(r->quarters, r->nquarters);
	for (size_t i = 0; i < r->ncomments; i++) {
		sodium_memzero(r->comments[i].text, strlen(r->comments[i].text));
		free(r->comments[i].text);
		free(r->comments[i].station);
	}
	free(r->comments);
	memset(r, 0, sizeof *r);
}

int voice_cell_agree(const struct voice_cell *c, enum voice_item i)
{
	long answered = 0, agree = c->count[i][4] + c->count[i][5];

	for (int p = 1; p <= VOICE_POINTS; p++)
		answered += c->count[i][p];
	return answered ? (int)((200 * agree + answered) / (2 * answered)) : -1;
}

/* The cell of label in *v (added, in name order, when new). */
static struct voice_cell *cell(struct voice_cell **v, size_t *n, const char *label)
{
	size_t i;

	for (i = 0; i < *n && strcmp((*v)[i].label, label) < 0; i++)
		;
	if (i < *n && !strcmp((*v)[i].label, label))
		return &(*v)[i];
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	memmove(&(*v)[i + 1], &(*v)[i], (*n - i) * sizeof **v);
	memset(&(*v)[i], 0, sizeof **v);
	(*v)[i].label = xstrdup(label);
	(*n)++;
	return &(*v)[i];
}

static void add(struct voice_cell *c, const struct voice_answers *a)
{
	c->n++;
	for (int i = 0; i < VOICE_NITEMS; i++)
		c->count[i][a->v[i]]++;
}

struct collect {
	struct voice_report *r;
	unsigned char pk[BUNDLE_PK], sk[BUNDLE_BOX_SK];
	struct err *err;
	size_t acomments;
};

static int one(const char *station, const char *quarter, const unsigned char *sealed,
	       size_t len, void *arg)
{
	struct collect *c = arg;
	struct voice_report *r = c->r;
	struct voice_response v;

	(void)station;
	(void)quarter;
	if (hub_voice_open(c->pk, c->sk, sealed, len, &v, c->err) < 0)
		return -1;
	add(cell(&r->stations, &r->nstations, v.station), &v.a);
	add(cell(&r->quarters, &r->nquarters, v.quarter), &v.a);
	add(&r->total, &v.a);
	if (v.a.comment && *v.a.comment) {
		if (r->ncomments == c->acomments) {
			c->acomments = c->acomments ? 2 * c->acomments : 16;
			r->comments = xrealloc(r->comments, c->acomments * sizeof *r->comments);
		}
		r->comments[r->ncomments].text = xstrdup(v.a.comment);
		r->comments[r->ncomments++].station = xstrdup(v.station);
	}
	voice_response_release(&v);
	return 0;
}

/* Shown only with VOICE_MIN answers; then, while the suppressed cells hold
 * 1 to VOICE_MIN - 1 answers between them (the total minus the shown ones
 * would give them away), the smallest shown cell is suppressed too. */
static void suppress(struct voice_cell *c, size_t n)
{
	long hidden = 0;

	for (size_t i = 0; i < n; i++) {
		c[i].shown = c[i].n >= VOICE_MIN;
		hidden += c[i].shown ? 0 : c[i].n;
	}
	while (hidden > 0 && hidden < VOICE_MIN) {
		struct voice_cell *small = NULL;
		for (size_t i = 0; i < n; i++)
			if (c[i].shown && (!small || c[i].n < small->n))
				small = &c[i];
		if (!small)
			break;
		small->shown = 0;
		hidden += small->n;
	}
}

static const struct voice_cell *station_cell(const struct voice_report *r,
					     const char *name)
{
	for (size_t i = 0; i < r->nstations; i++)
		if (!strcmp(r->stations[i].label, name))
			return &r->stations[i];
	return NULL;
}

/* The comments in an order from a random key, with their station only
 * where it is shown; none at all below the threshold of the whole trust. */
static void comments_settle(struct voice_report *r)
{
	unsigned char key[32];
	unsigned char (*h)[16];

	if (!r->total.shown) {
		for (size_t i = 0; i < r->ncomments; i++) {
			sodium_memzero(r->comments[i].text, strlen(r->comments[i].text));
			free(r->comments[i].text);
			free(r->comments[i].station);
		}
		r->ncomments = 0;
		return;
	}
	randombytes_buf(key, sizeof key);
	h = xcalloc(r->ncomments + 1, sizeof *h);
	for (size_t i = 0; i < r->ncomments; i++) {
		const struct voice_cell *c = station_cell(r, r->comments[i].station);
		crypto_generichash(h[i], sizeof h[i], (const unsigned char *)r->comments[i].text,
				   strlen(r->comments[i].text), key, sizeof key);
		if (!c || !c->shown) {
			free(r->comments[i].station);
			r->comments[i].station = NULL;
		}
	}
	/* Insertion sort by hash: a report holds hundreds, not millions. */
	for (size_t i = 1; i < r->ncomments; i++)
		for (size_t j = i; j > 0 && memcmp(h[j - 1], h[j], sizeof h[j]) > 0; j--) {
			struct voice_comment t = r->comments[j];
			unsigned char th[16];
			r->comments[j] = r->comments[j - 1];
			r->comments[j - 1] = t;
			memcpy(th, h[j], sizeof th);
			memcpy(h[j], h[j - 1], sizeof th);
			memcpy(h[j - 1], th, sizeof th);
		}
	free(h);
	sodium_memzero(key, sizeof key);
}

int report_voice(struct hubstore *hs, struct voice_report *out, struct err *err)
{
	struct collect c = { .r = out, .err = err };
	int rc;

	memset(out, 0, sizeof *out);
	if (bundle_crypto_init(err) < 0 || hub_feedback_keys(hs, c.pk, c.sk, err) < 0)
		return -1;
	rc = hs->ops->voice_each(hs, one, &c, err);
	sodium_memzero(c.sk, sizeof c.sk);
	if (rc != 0) {
		voice_report_release(out);
		return -1;
	}
	out->total.shown = out->total.n >= VOICE_MIN;
	suppress(out->stations, out->nstations);
	suppress(out->quarters, out->nquarters);
	comments_settle(out);
	return 0;
}

/* ---- text, CSV, JSON ---- */

static const char suppressed[] = "suppressed: fewer than 5 answers here (or to keep "
	"such a cell from being worked out)";

static void text_row(struct sbuf *o, const struct voice_cell *c)
{
	const char *label = c->label ? c->label : "Whole trust";

	if (!c->shown) {
		sbuf_addf(o, "  %-20.20s        -  suppressed: fewer than %d answers\n", label,
			  VOICE_MIN);
		return;
	}
	sbuf_addf(o, "  %-20.20s %8ld", label, c->n);
	for (int i = 0; i < VOICE_NITEMS; i++) {
		int a = voice_cell_agree(c, (enum voice_item)i);
		if (a < 0)
			sbuf_adds(o, "          -");
		else
			sbuf_addf(o, "       %3d%%", a);
	}
	sbuf_addch(o, '\n');
}

static void text_table(struct sbuf *o, const char *title, const struct voice_cell *v,
		       size_t n)
{
	sbuf_addf(o, "\n%-22s %8s", title, "answers");
	for (int i = 0; i < VOICE_NITEMS; i++)
		sbuf_addf(o, " %10s", voice_key((enum voice_item)i));
	sbuf_addch(o, '\n');
	for (size_t i = 0; i < n; i++)
		text_row(o, &v[i]);
}

static void write_text(const struct voice_report *r, struct sbuf *o)
{
	sbuf_addf(o, "How it went: the staff's own view of their appraisal\n"
		  "Each figure: %% who agree or strongly agree, of those who answered it.\n"
		  "A station or quarter is shown only with at least %d answers.\n",
		  VOICE_MIN);
	text_table(o, "By station", r->stations, r->nstations);
	text_table(o, "By quarter", r->quarters, r->nquarters);
	text_table(o, "All", &r->total, 1);
	sbuf_adds(o, "\nStatements:\n");
	for (int i = 0; i < VOICE_NITEMS; i++)
		sbuf_addf(o, "  %-10s %s\n", voice_key((enum voice_item)i),
			  voice_statement((enum voice_item)i));
	if (!r->total.shown) {
		sbuf_addf(o, "\nComments: none shown, fewer than %d answers in all.\n",
			  VOICE_MIN);
		return;
	}
	sbuf_addf(o, "\nComments (%zu, shuffled; a station is named only where it is "
		  "shown):\n", r->ncomments);
	for (size_t i = 0; i < r->ncomments; i++) {
		sbuf_addf(o, "  - %s", r->comments[i].text);
		if (r->comments[i].station)
			sbuf_addf(o, " (%s)", r->comments[i].station);
		sbuf_addch(o, '\n');
	}
}

static void csv_cells(struct sbuf *o, const char *table, const struct voice_cell *v,
		      size_t n)
{
	for (size_t k = 0; k < n; k++) {
		const struct voice_cell *c = &v[k];
		for (int i = 0; i < VOICE_NITEMS; i++) {
			long answered = 0;
			csv_put(o, table, CSV_SAFE);
			sbuf_addch(o, ',');
			csv_put(o, c->label ? c->label : "all", CSV_SAFE);
			sbuf_addf(o, ",%s,", voice_key((enum voice_item)i));
			if (!c->shown) {
				sbuf_addf(o, ",,,,,,,,%s\r\n", "suppressed");
				break;
			}
			sbuf_addf(o, "%ld", c->n);
			for (int p = 1; p <= VOICE_POINTS; p++) {
				sbuf_addf(o, ",%ld", c->count[i][p]);
				answered += c->count[i][p];
			}
			int a = voice_cell_agree(c, (enum voice_item)i);
			sbuf_addf(o, ",%ld,", answered);
			if (a >= 0)
				sbuf_addf(o, "%d", a);
			sbuf_adds(o, ",shown\r\n");
		}
	}
}

static void write_csv(const struct voice_report *r, struct sbuf *o)
{
	sbuf_adds(o, "table,cell,statement,answers,strongly_disagree,disagree,neither,"
		  "agree,strongly_agree,answered,pct_agree,shown\r\n");
	csv_cells(o, "station", r->stations, r->nstations);
	csv_cells(o, "quarter", r->quarters, r->nquarters);
	csv_cells(o, "all", &r->total, 1);
	for (size_t i = 0; i < r->ncomments; i++) {
		sbuf_adds(o, "comment,");
		csv_put(o, r->comments[i].station ? r->comments[i].station : "", CSV_SAFE);
		sbuf_adds(o, ",comment,,,,,,,,,");
		csv_put(o, r->comments[i].text, CSV_SAFE);
		sbuf_adds(o, "\r\n");
	}
}

static void json_cells(struct sbuf *o, const char *name, const struct voice_cell *v,
		       size_t n)
{
	sbuf_addf(o, "  \"%s\": [", name);
	for (size_t k = 0; k < n; k++) {
		const struct voice_cell *c = &v[k];
		sbuf_adds(o, k ? ",\n    {\"cell\": " : "\n    {\"cell\": ");
		if (c->label)
			json_put(o, c->label);
		else
			sbuf_adds(o, "null");
		if (!c->shown) {
			sbuf_addf(o, ", \"shown\": false, \"why\": ");
			json_put(o, suppressed);
			sbuf_adds(o, "}");
			continue;
		}
		sbuf_addf(o, ", \"shown\": true, \"answers\": %ld", c->n);
		for (int i = 0; i < VOICE_NITEMS; i++) {
			int a = voice_cell_agree(c, (enum voice_item)i);
			sbuf_addf(o, ", \"%s\": {\"counts\": [", voice_key((enum voice_item)i));
			for (int p = 1; p <= VOICE_POINTS; p++)
				sbuf_addf(o, "%s%ld", p > 1 ? ", " : "", c->count[i][p]);
			sbuf_adds(o, "], \"pct_agree\": ");
			if (a < 0)
				sbuf_adds(o, "null}");
			else
				sbuf_addf(o, "%d}", a);
		}
		sbuf_adds(o, "}");
	}
	sbuf_adds(o, n ? "\n  ]" : "]");
}

static void write_json(const struct voice_report *r, struct sbuf *o)
{
	sbuf_addf(o, "{\n  \"report\": \"voice\",\n  \"threshold\": %d,\n  \"statements\": {",
		  VOICE_MIN);
	for (int i = 0; i < VOICE_NITEMS; i++) {
		sbuf_addf(o, "%s\"%s\": ", i ? ", " : "", voice_key((enum voice_item)i));
		json_put(o, voice_statement((enum voice_item)i));
	}
	sbuf_adds(o, "},\n");
	json_cells(o, "stations", r->stations, r->nstations);
	sbuf_adds(o, ",\n");
	json_cells(o, "quarters", r->quarters, r->nquarters);
	sbuf_adds(o, ",\n");
	json_cells(o, "all", &r->total, 1);
	sbuf_adds(o, ",\n  \"comments\": [");
	for (size_t i = 0; i < r->ncomments; i++) {
		sbuf_adds(o, i ? ",\n    {\"text\": " : "\n    {\"text\": ");
		json_put(o, r->comments[i].text);
		sbuf_adds(o, ", \"station\": ");
		if (r->comments[i].station)
			json_put(o, r->comments[i].station);
		else
			sbuf_adds(o, "null");
		sbuf_adds(o, "}");
	}
	sbuf_adds(o, r->ncomments ? "\n  ]\n}\n" : "]\n}\n");
}

void report_voice_write(const struct voice_report *r, enum voice_format f,
			struct sbuf *out)
{
	if (f == VOICE_CSV)
		write_csv(r, out);
	else if (f == VOICE_JSON)
		write_json(r, out);
	else
		write_text(r, out);
}

/* ---- the board's report ---- */

int report_voice_if_hub(struct hubstore *hs, struct voice_report **out,
			struct err *err)
{
	unsigned char pk[BUNDLE_PK];
	int rc = hs->ops->key_get(hs, "hub-box", pk, BUNDLE_PK, NULL, 0, err);

	*out = NULL;
	if (rc <= 0)
		return rc;
	*out = xcalloc(1, sizeof **out);
	if (report_voice(hs, *out, err) < 0) {
		free(*out);
		*out = NULL;
		return -1;
	}
	if (!(*out)->total.n) {	/* no answer yet: no section */
		voice_report_free(*out);
		*out = NULL;
	}
	return 0;
}

void voice_report_free(struct voice_report *r)
{
	voice_report_release(r);
	free(r);
}

static void html_cells(struct sbuf *o, const char *title, const struct voice_cell *v,
		       size_t n)
{
	sbuf_adds(o, "<table class=\"voice\">\n<thead><tr><th scope=\"col\">");
	html_put(o, title);
	sbuf_adds(o, "</th><th scope=\"col\">Answers</th>");
	for (int i = 0; i < VOICE_NITEMS; i++) {
		sbuf_adds(o, "<th scope=\"col\">");
		html_put(o, voice_statement((enum voice_item)i));
		sbuf_adds(o, "</th>");
	}
	sbuf_adds(o, "</tr></thead>\n<tbody>\n");
	for (size_t k = 0; k < n; k++) {
		sbuf_adds(o, "<tr><th scope=\"row\">");
		html_put(o, v[k].label ? v[k].label : "Whole trust");
		if (!v[k].shown) {
			sbuf_addf(o, "</th><td colspan=\"%d\">suppressed: fewer than %d answers "
				  "(or to keep such a row from being worked out)</td></tr>\n",
				  VOICE_NITEMS + 1, VOICE_MIN);
			continue;
		}
		sbuf_addf(o, "</th><td>%ld</td>", v[k].n);
		for (int i = 0; i < VOICE_NITEMS; i++) {
			int a = voice_cell_agree(&v[k], (enum voice_item)i);
			if (a < 0)
				sbuf_adds(o, "<td>-</td>");
			else
				sbuf_addf(o, "<td>%d%%</td>", a);
		}
		sbuf_adds(o, "</tr>\n");
	}
	sbuf_adds(o, "</tbody>\n</table>\n");
}

void report_voice_html(const struct voice_report *r, struct sbuf *o)
{
	sbuf_addf(o, "<section id=\"voice\">\n<h2>4. How it went: the staff's own view</h2>\n"
		  "<p>After signing, each staff member may say how their appraisal went, "
		  "sealed for the hub so that their manager cannot read it. Each figure is "
		  "the share who agree or strongly agree, of those who answered; a station "
		  "or quarter is shown only with at least %d answers. Their own words: "
		  "<code>eadr report voice</code> on the hub.</p>\n", VOICE_MIN);
	html_cells(o, "Station", r->stations, r->nstations);
	html_cells(o, "Quarter", r->quarters, r->nquarters);
	html_cells(o, "All", &r->total, 1);
	sbuf_adds(o, "</section>\n");
}
