/*
 * report_html.c - the board's report as one self-contained HTML page
 * (see report.h): inline CSS and SVG, no script, nothing fetched, A4 in
 * print.  Each chart is an SVG with a title and a description (role img)
 * and its figures in a table next to it, so a screen reader or a printout
 * loses nothing.  Every string from the database goes through html_put.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "report.h"
#include "report_voice.h"

#define CHART_W 640	/* SVG user units: about the A4 text width in px */

static const char css[] =
	"@page{size:A4;margin:14mm 12mm 16mm}\n"
	"*{box-sizing:border-box}\n"
	"body{font-family:\"DejaVu Sans\",\"Liberation Sans\",Arial,sans-serif;"
	"font-size:10pt;line-height:1.35;color:#111;margin:0 auto;max-width:190mm;padding:0 4mm}\n"
	"header{border-bottom:3px solid #005eb8;margin-bottom:4mm;padding-bottom:2mm}\n"
	"h1{font-size:18pt;margin:4mm 0 1mm;color:#003087}\n"
	"h2{font-size:13pt;color:#003087;border-bottom:1px solid #768692;margin:6mm 0 2mm;"
	"break-after:avoid}\n"
	"h3{font-size:11pt;margin:4mm 0 1mm;break-after:avoid}\n"
	".sub{color:#425563;margin:0}\n"
	".keys{display:flex;flex-wrap:wrap;gap:3mm;margin:3mm 0}\n"
	".key{border:1px solid #768692;border-radius:2mm;padding:2mm 3mm;min-width:28mm;"
	"flex:1}\n"
	".key b{display:block;font-size:16pt;color:#003087}\n"
	"figure{margin:2mm 0 4mm;break-inside:avoid}\n"
	"figure svg{width:100%;height:auto;display:block}\n"
	"figcaption{font-weight:bold;margin-bottom:1mm}\n"
	"table{border-collapse:collapse;margin:1mm 0 3mm;font-size:9pt}\n"
	"th,td{border:1px solid #aeb7bd;padding:.6mm 1.5mm;text-align:right;vertical-align:bottom}\n"
	"th:first-child,td:first-child{text-align:left}\n"
	"th[scope=row]{white-space:nowrap}\n"
	"table.text th,table.text td{text-align:left}\n"
	".keep{break-inside:avoid}\n"
	"thead th{background:#e8edee}\n"
	"tr{break-inside:avoid}\n"
	"tr.total td,tr.total th{font-weight:bold;background:#f4f6f7}\n"
	".heat th.cat{writing-mode:vertical-rl;transform:rotate(180deg);text-align:left;"
	"font-weight:normal;height:46mm;white-space:normal}\n"
	".heat td{min-width:7mm}\n"
	".note{border-left:3px solid #ffb81c;background:#fff9e6;padding:2mm 3mm;margin:4mm 0}\n"
	"section{break-before:page}\n"
	"section.first{break-before:auto}\n"
	"@media print{body{max-width:none;padding:0}}\n"
	"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n";

static void esc(struct sbuf *o, const char *s)
{
	html_put(o, s);
}

static const char *station_name(const char *s)
{
	return !s ? "All stations" : *s ? s : "(no station)";
}

static double pct(long n, long of)
{
	return of > 0 ? 100.0 * (double)n / (double)of : 0;
}

/* ---- charts: horizontal bars with a text alternative ---- */

struct bar {
	const char *label;	/* from the database: escaped here */
	double value;		/* drawn */
	const char *text;	/* the value as read ("40.0%", "12") */
};

/*
 * One horizontal bar per item, scaled to max.  title and desc are the
 * text alternative (desc lists every figure); id makes the ids unique.
 */
static void hbars(struct sbuf *o, const char *id, const char *title,
		  const struct bar *b, size_t n, double max)
{
	/* Many stations: thinner bars, so that a chart still fits a page. */
	int row = n > 16 ? 13 : 20, fs = n > 16 ? 9 : 11, left = 250;
	int h = (int)n * row + 8;

	sbuf_addf(o, "<svg role=\"img\" aria-labelledby=\"%s-t %s-d\" viewBox=\"0 0 %d %d\""
		  " xmlns=\"http://www.w3.org/2000/svg\"><title id=\"%s-t\">", id, id,
		  CHART_W, h, id);
	esc(o, title);
	sbuf_addf(o, "</title><desc id=\"%s-d\">", id);
	for (size_t i = 0; i < n; i++) {
		esc(o, b[i].label);
		sbuf_adds(o, ": ");
		esc(o, b[i].text);
		sbuf_adds(o, i + 1 < n ? "; " : ".");
	}
	sbuf_adds(o, "</desc>\n");
	for (size_t i = 0; i < n; i++) {
		int y = 4 + (int)i * row;
		double w = max > 0 ? (CHART_W - left - 70) * b[i].value / max : 0;

		sbuf_addf(o, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" text-anchor=\"end\">",
			  left - 6, y + row - 6, fs);
		esc(o, b[i].label);
		sbuf_addf(o, "</text><rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\""
			  " fill=\"#005eb8\"/><text x=\"%.1f\" y=\"%d\" font-size=\"%d\">",
			  left, y + 2, w, row - 5, left + w + 4, y + row - 6, fs);
		esc(o, b[i].text);
		sbuf_adds(o, "</text>\n");
	}
	sbuf_adds(o, "</svg>\n");
}

/* ---- the page ---- */

static void head(struct sbuf *o, const struct board_report *r, const char *trust)
{
	sbuf_adds(o, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
		  "<meta name=\"viewport\" content=\"width=device-width\">\n<title>");
	if (trust && *trust) {
		esc(o, trust);
		sbuf_adds(o, ": ");
	}
	sbuf_adds(o, "appraisal and development report, ");
	esc(o, station_name(r->station));
	sbuf_addf(o, ", %s</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n",
		  r->today, css);
	if (trust && *trust) {
		sbuf_adds(o, "<p class=\"sub\">");
		esc(o, trust);
		sbuf_adds(o, "</p>\n");
	}
	sbuf_adds(o, "<h1>Appraisal and development report</h1>\n<p class=\"sub\">");
	esc(o, station_name(r->station));
	sbuf_addf(o, ". Figures on %s; the period is the 12 months from %s to %s.</p>\n"
		  "</header>\n", r->today, r->from, r->to);
}

static void key(struct sbuf *o, const char *value, const char *what)
{
	sbuf_addf(o, "<div class=\"key\"><b>%s</b>%s</div>\n", value, what);
}

static void keys(struct sbuf *o, const struct board_report *r)
{
	const struct completion_row *t = &r->completion.total;
	char v[32];

	sbuf_adds(o, "<div class=\"keys\">\n");
	snprintf(v, sizeof(v), "%.1f%%", t->rate * 100);
	key(o, v, "appraised in the last 12 months");
	snprintf(v, sizeof(v), "%ld", t->overdue);
	key(o, v, "overdue");
	snprintf(v, sizeof(v), "%ld", t->due_30);
	key(o, v, "due in the next 30 days");
	snprintf(v, sizeof(v), "%ld", r->goals);
	key(o, v, "development goals this period");
	snprintf(v, sizeof(v), "%zu", r->quality.population);
	key(o, v, "final appraisals this period");
	sbuf_adds(o, "</div>\n");
}

static void completion_row(struct sbuf *o, const struct completion_row *c, const char *tr)
{
	sbuf_addf(o, "<%s><th scope=\"row\">", tr);
	esc(o, station_name(c->station));
	sbuf_addf(o, "</th><td>%ld</td><td>%ld</td><td>%ld</td><td>%ld</td><td>%ld</td>"
		  "<td>%ld</td><td>%.1f%%</td></tr>\n", c->staff, c->final_12m,
		  c->appraised, c->drafts, c->due_30, c->overdue, c->rate * 100);
}

static void completion(struct sbuf *o, const struct board_report *r)
{
	const struct completion *c = &r->completion;
	struct bar *b = xcalloc(c->n ? c->n : 1, sizeof(*b));
	char (*txt)[32] = xcalloc(c->n ? c->n : 1, sizeof(*txt));
	long maxover = 0;

	sbuf_adds(o, "<section class=\"first\" id=\"completion\">\n<h2>1. Completion</h2>\n"
		  "<figure>\n<figcaption>Staff appraised in the last 12 months, by station"
		  "</figcaption>\n");
	for (size_t i = 0; i < c->n; i++) {
		snprintf(txt[i], sizeof(txt[i]), "%.1f%%", c->rows[i].rate * 100);
		b[i] = (struct bar){ station_name(c->rows[i].station), c->rows[i].rate * 100,
			txt[i] };
		if (c->rows[i].overdue > maxover)
			maxover = c->rows[i].overdue;
	}
	hbars(o, "chart-completion", "Completion rate by station", b, c->n, 100);
	sbuf_adds(o, "</figure>\n<figure>\n<figcaption>Staff overdue for appraisal, by station"
		  "</figcaption>\n");
	for (size_t i = 0; i < c->n; i++) {
		snprintf(txt[i], sizeof(txt[i]), "%ld", c->rows[i].overdue);
		b[i].value = (double)c->rows[i].overdue;
	}
	hbars(o, "chart-overdue", "Staff overdue by station", b, c->n,
	      maxover > 0 ? (double)maxover : 1);
	sbuf_adds(o, "</figure>\n<table id=\"completion-table\">\n<caption>Completion by "
		  "station (the figures of both charts)</caption>\n<thead><tr><th scope=\"col\">"
		  "Station</th><th scope=\"col\">Staff</th><th scope=\"col\">Final, 12 months</th>"
		  "<th scope=\"col\">Appraised</th><th scope=\"col\">Drafts</th>"
		  "<th scope=\"col\">Due in 30 days</th><th scope=\"col\">Overdue</th>"
		  "<th scope=\"col\">Completion</th></tr></thead>\n<tbody>\n");
	/* Totals as the last row, not a tfoot: a printed tfoot repeats on
	 * every page, before the rows it adds up. */
	for (size_t i = 0; i < c->n; i++)
		completion_row(o, &c->rows[i], "tr");
	if (!r->station)
		completion_row(o, &c->total, "tr class=\"total\"");
	sbuf_adds(o, "</tbody>\n</table>\n<p>Appraised: staff with a final appraisal dated in the last "
		  "12 months. Overdue: the due date has passed. Completion: appraised over "
		  "staff.</p>\n");
	free(b);
	free(txt);
}

static const char *const month_names[13] = { "", "Jan", "Feb", "Mar", "Apr",
	"May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

/* The trend as vertical bars, one a month, oldest on the left. */
static void trend(struct sbuf *o, const struct board_report *r)
{
	long max = 1, total = 0;
	int h = 180, base = 150, slot = (CHART_W - 40) / 12;

	for (int i = 0; i < 12; i++) {
		if (r->months[i].finals > max)
			max = r->months[i].finals;
		total += r->months[i].finals;
	}
	sbuf_adds(o, "<div class=\"keep\">\n<h3>Final appraisals by month, the last 12 months"
		  "</h3>\n<figure>\n"
		  "<svg role=\"img\" aria-labelledby=\"chart-trend-t chart-trend-d\"");
	sbuf_addf(o, " viewBox=\"0 0 %d %d\" xmlns=\"http://www.w3.org/2000/svg\">"
		  "<title id=\"chart-trend-t\">Final appraisals by month</title>"
		  "<desc id=\"chart-trend-d\">", CHART_W, h);
	for (int i = 0; i < 12; i++)
		sbuf_addf(o, "%s: %ld%s", r->months[i].month, r->months[i].finals,
			  i < 11 ? "; " : ".");
	sbuf_adds(o, "</desc>\n");
	sbuf_addf(o, "<line x1=\"30\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#425563\"/>\n",
		  base, CHART_W - 10, base);
	for (int i = 0; i < 12; i++) {
		double bh = (double)(base - 20) * (double)r->months[i].finals / (double)max;
		int x = 34 + i * slot;

		sbuf_addf(o, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" "
			  "fill=\"#005eb8\"/>", x, base - bh, slot - 10, bh);
		sbuf_addf(o, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\">"
			  "%ld</text>", x + (slot - 10) / 2, base - bh - 4, r->months[i].finals);
		sbuf_addf(o, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">"
			  "%s</text>\n", x + (slot - 10) / 2, base + 16, r->months[i].month);
	}
	sbuf_adds(o, "</svg>\n</figure>\n<table id=\"trend-table\">\n<caption>Final appraisals "
		  "by month</caption>\n<thead><tr><th scope=\"col\">Month</th>");
	for (int i = 0; i < 12; i++)
		sbuf_addf(o, "<th scope=\"col\">%s<br>%.4s</th>",
			  month_names[atoi(r->months[i].month + 5) % 13], r->months[i].month);
	sbuf_adds(o, "<th scope=\"col\">Total</th></tr></thead>\n<tbody><tr><th scope=\"row\">"
		  "Final</th>");
	for (int i = 0; i < 12; i++)
		sbuf_addf(o, "<td>%ld</td>", r->months[i].finals);
	sbuf_addf(o, "<td>%ld</td></tr></tbody>\n</table>\n</div>\n</section>\n", total);
}

/* A shade of blue for a count, lightest at 0, darkest at max; text
 * turns white on the dark ones. */
static void heat_cell(struct sbuf *o, long n, long max)
{
	double t = max > 0 ? (double)n / (double)max : 0;
	int r = (int)(255 - t * (255 - 0)), g = (int)(255 - t * (255 - 94)),
	    b = (int)(255 - t * (255 - 184));

	sbuf_addf(o, "<td style=\"background:rgb(%d,%d,%d)%s\">%ld</td>", r, g, b,
		  t > 0.55 ? ";color:#fff" : "", n);
}

static void heat(struct sbuf *o, const struct board_report *r)
{
	size_t nc = r->categories.n;
	long max = 0;

	for (size_t i = 0; i < r->nstations * nc; i++)
		if (r->heat[i] > max)
			max = r->heat[i];
	sbuf_adds(o, "<h3>Development goals by category and station</h3>\n"
		  "<p>Each cell is the number of goals; the darker the cell, the more.</p>\n"
		  "<table class=\"heat\" id=\"tna-heat\">\n<thead><tr><th scope=\"col\">Station"
		  "</th>");
	for (size_t c = 0; c < nc; c++) {
		sbuf_adds(o, "<th scope=\"col\" class=\"cat\">");
		esc(o, r->categories.v[c].label);
		sbuf_adds(o, "</th>");
	}
	sbuf_adds(o, "<th scope=\"col\" class=\"cat\">Total</th></tr></thead>\n<tbody>\n");
	for (size_t s = 0; s < r->nstations; s++) {
		long total = 0;

		sbuf_adds(o, "<tr><th scope=\"row\">");
		esc(o, station_name(r->stations[s]));
		sbuf_adds(o, "</th>");
		for (size_t c = 0; c < nc; c++) {
			heat_cell(o, r->heat[s * nc + c], max);
			total += r->heat[s * nc + c];
		}
		sbuf_addf(o, "<td>%ld</td></tr>\n", total);
	}
	sbuf_adds(o, "<tr class=\"total\"><th scope=\"row\">Total</th>");
	for (size_t c = 0; c < nc; c++)
		sbuf_addf(o, "<td>%ld</td>", r->categories.v[c].n);
	sbuf_addf(o, "<td>%ld</td></tr></tbody>\n</table>\n", r->goals);
}

/* A chart of counts and their table: label, goals, share. */
static void counts(struct sbuf *o, const char *id, const char *title,
		   const struct report_counts *c, long total)
{
	struct bar *b = xcalloc(c->n ? c->n : 1, sizeof(*b));
	char (*txt)[48] = xcalloc(c->n ? c->n : 1, sizeof(*txt));

	sbuf_addf(o, "<div class=\"keep\">\n<h3>%s</h3>\n<figure>\n", title);
	for (size_t i = 0; i < c->n; i++) {
		snprintf(txt[i], sizeof(txt[i]), "%ld (%.1f%%)", c->v[i].n, pct(c->v[i].n, total));
		b[i] = (struct bar){ c->v[i].label, pct(c->v[i].n, total), txt[i] };
	}
	hbars(o, id, title, b, c->n, 100);
	sbuf_addf(o, "</figure>\n<table id=\"%s-table\">\n<thead><tr><th scope=\"col\">%s</th>"
		  "<th scope=\"col\">Goals</th><th scope=\"col\">Share</th></tr></thead>\n<tbody>\n",
		  id, title);
	for (size_t i = 0; i < c->n; i++) {
		sbuf_adds(o, "<tr><th scope=\"row\">");
		esc(o, c->v[i].label);
		sbuf_addf(o, "</th><td>%ld</td><td>%.1f%%</td></tr>\n", c->v[i].n,
			  pct(c->v[i].n, total));
	}
	sbuf_addf(o, "<tr class=\"total\"><th scope=\"row\">Total</th><td>%ld</td><td></td>"
		  "</tr></tbody>\n</table>\n</div>\n", total);
	free(b);
	free(txt);
}

static void outcomes(struct sbuf *o, const struct report_outcomes *u)
{
	const struct { const char *label; long n; } v[] = {
		{ "Achieved", u->achieved }, { "In progress", u->in_progress },
		{ "No longer relevant", u->dropped }, { "No outcome recorded", u->unrecorded },
	};
	struct bar b[4];
	char txt[4][48];

	sbuf_addf(o, "<div class=\"keep\">\n<h3>Last year's goals</h3>\n<p>In this period's appraisals, %ld of last "
		  "year's goals were reviewed; the plans of the 12 months before held %ld goals."
		  "</p>\n<figure>\n", u->reviewed, u->last_year_goals);
	for (size_t i = 0; i < 4; i++) {
		snprintf(txt[i], sizeof(txt[i]), "%ld (%.1f%%)", v[i].n, pct(v[i].n, u->reviewed));
		b[i] = (struct bar){ v[i].label, pct(v[i].n, u->reviewed), txt[i] };
	}
	hbars(o, "chart-outcomes", "Outcomes of last year's goals", b, 4, 100);
	sbuf_adds(o, "</figure>\n<table id=\"outcomes-table\">\n<thead><tr><th scope=\"col\">"
		  "Outcome</th><th scope=\"col\">Goals</th><th scope=\"col\">Share</th></tr>"
		  "</thead>\n<tbody>\n");
	for (size_t i = 0; i < 4; i++)
		sbuf_addf(o, "<tr><th scope=\"row\">%s</th><td>%ld</td><td>%.1f%%</td></tr>\n",
			  v[i].label, v[i].n, pct(v[i].n, u->reviewed));
	sbuf_addf(o, "<tr class=\"total\"><th scope=\"row\">Reviewed</th><td>%ld</td><td></td>"
		  "</tr></tbody>\n</table>\n</div>\n", u->reviewed);
}

static void tna(struct sbuf *o, const struct board_report *r)
{
	sbuf_addf(o, "<section id=\"tna\">\n<h2>2. Training needs</h2>\n<p>%ld development "
		  "goals in the personal development plans of final appraisals dated from %s "
		  "to %s (the same goals as <code>eadr export tna --from %s --to %s</code>).</p>\n",
		  r->goals, r->from, r->to, r->from, r->to);
	heat(o, r);
	counts(o, "chart-kinds", "How people will learn (70:20:10)", &r->kinds, r->goals);
	counts(o, "chart-priority", "Priority", &r->priorities, r->goals);
	outcomes(o, &r->outcomes);
	sbuf_adds(o, "</section>\n");
}

static void quality(struct sbuf *o, const struct board_report *r)
{
	const struct quality *q = &r->quality;
	size_t nind;
	const struct quality_indicator *ind = quality_indicators(&nind);
	struct bar *b = xcalloc(nind, sizeof(*b));
	char (*txt)[48] = xcalloc(nind, sizeof(*txt));
	long pop = (long)q->population, ns = (long)q->n;

	sbuf_addf(o, "<section id=\"quality\">\n<h2>3. Quality of appraisals</h2>\n<p>The "
		  "indicators of each of the %ld final appraisals of the period (the rules are "
		  "in schema/quality.md; <code>eadr report quality</code> lists them one by one)."
		  "</p>\n<figure>\n", pop);
	for (size_t i = 0; i < nind; i++) {
		snprintf(txt[i], sizeof(txt[i]), "%.1f%%", pct(q->met[i], pop));
		b[i] = (struct bar){ ind[i].title, pct(q->met[i], pop), txt[i] };
	}
	hbars(o, "chart-quality", "Final appraisals meeting each quality indicator", b,
	      nind, 100);
	sbuf_addf(o, "</figure>\n<table id=\"quality-table\">\n<thead><tr><th scope=\"col\">"
		  "Indicator</th><th scope=\"col\">Met, all %ld</th><th scope=\"col\">Share</th>"
		  "<th scope=\"col\">Met, sample of %ld</th></tr></thead>\n<tbody>\n", pop, ns);
	for (size_t i = 0; i < nind; i++)
		sbuf_addf(o, "<tr><th scope=\"row\">%s</th><td>%ld</td><td>%.1f%%</td>"
			  "<td>%ld</td></tr>\n", ind[i].title, q->met[i], pct(q->met[i], pop),
			  r->sample_met[i]);
	sbuf_addf(o, "</tbody>\n</table>\n<h3>The dip sample</h3>\n<p>%ld of %ld final "
		  "appraisals, picked at random; <code>eadr report quality --sample %zu "
		  "--seed %llu --from %s --to %s</code> repeats the same pick.</p>\n",
		  ns, pop, r->sample_size, (unsigned long long)q->seed, r->from, r->to);
	if (ns) {
		sbuf_adds(o, "<table class=\"text\" id=\"sample-table\">\n<thead><tr><th scope=\"col\">Staff "
			  "number</th><th scope=\"col\">Name</th><th scope=\"col\">Station</th>"
			  "<th scope=\"col\">Appraiser</th><th scope=\"col\">Date</th>"
			  "<th scope=\"col\">Score</th></tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < q->n; i++) {
			const struct quality_row *w = &q->rows[i];
			const char *f[] = { w->staff_number, w->name, station_name(w->station),
				w->appraiser, w->date };

			sbuf_adds(o, "<tr>");
			for (size_t k = 0; k < 5; k++) {
				sbuf_adds(o, k ? "<td>" : "<th scope=\"row\">");
				esc(o, f[k]);
				sbuf_adds(o, k ? "</td>" : "</th>");
			}
			sbuf_addf(o, "<td>%d of %zu</td></tr>\n", w->score, nind);
		}
		sbuf_adds(o, "</tbody>\n</table>\n");
	}
	sbuf_adds(o, "<p class=\"note\">");
	if (!r->voice)	/* else it follows, in its own section */
		sbuf_adds(o, "The staff's own view of their appraisal (how it went) is sealed "
			  "for the hub: it is in this report when the report is made on the "
			  "hub. ");
	sbuf_adds(o, "Not in this report yet: 360-degree feedback participation; when "
		  "it is, it will appear here as aggregates under the anonymity threshold "
		  "(a group is shown only with at least 3 responses).</p>\n</section>\n");
	free(b);
	free(txt);
}

void report_html(const struct board_report *r, const char *trust, struct sbuf *out)
{
	head(out, r, trust);
	keys(out, r);
	completion(out, r);
	trend(out, r);
	tna(out, r);
	quality(out, r);
	if (r->voice)
		report_voice_html(r->voice, out);
	sbuf_addf(out, "<footer><p class=\"sub\">Made by eadr on %s. Private answers are "
		  "never read for this report.</p></footer>\n</body>\n</html>\n", r->today);
}
