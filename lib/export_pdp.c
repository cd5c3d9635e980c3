/*
 * export_pdp.c - the staff member's copy of their personal development
 * plan, from their latest final appraisal, as plain text, Markdown or a
 * printable, self-contained HTML page (see export.h).  Private answers are
 * read only for the staff member's own copy, and that copy says so.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "answer.h"
#include "export.h"
#include "feedback_back.h"
#include "keyring.h"
#include "utf8.h"

/* The agreed objectives: the form's list at this path. */
#define OBJECTIVES "performance.objectives"
/* The appraisee's own comments. */
#define COMMENTS "summary.comments"

struct doc {
	enum pdp_format fmt;
	struct sbuf *out;
	int nitem;		/* numbered items in the current section */
};

/* A form label spoken to the reader: "What keeps them well?" becomes
 * "What keeps you well?" ("they" takes the same verb as "you"). */
static const char *to_you(const char *label, struct sbuf *tmp)
{
	static const char *const words[][2] = {
		{ "themselves", "yourself" }, { "theirs", "yours" },
		{ "their", "your" }, { "they", "you" }, { "them", "you" },
	};
	const char *p = label;

	sbuf_reset(tmp);
	while (*p) {
		int done = 0;

		for (size_t w = 0; w < sizeof(words) / sizeof(words[0]) && !done; w++) {
			size_t n = strlen(words[w][0]);
			int start = p == label || !isalpha((unsigned char)p[-1]);

			if (start && !strncasecmp(p, words[w][0], n) &&
			    !isalpha((unsigned char)p[n])) {
				sbuf_addch(tmp, isupper((unsigned char)*p) ?
					   toupper((unsigned char)words[w][1][0]) : words[w][1][0]);
				sbuf_adds(tmp, words[w][1] + 1);
				p += n;
				done = 1;
			}
		}
		if (!done)
			sbuf_addch(tmp, *p++);
	}
	return tmp->buf ? tmp->buf : "";
}

static void md_put(struct sbuf *sb, const char *s)
{
	for (; *s; s++) {
		if (strchr("\\`*_{}[]<>#|!~", *s))
			sbuf_addch(sb, '\\');
		sbuf_addch(sb, *s);
		if (*s == '\n')
			sbuf_adds(sb, "   ");	/* stay inside the list item */
	}
}

static void text_put(struct sbuf *sb, const char *s, const char *indent)
{
	for (; *s; s++) {
		sbuf_addch(sb, *s);
		if (*s == '\n')
			sbuf_adds(sb, indent);
	}
}

static void put(struct doc *d, const char *s, const char *indent)
{
	switch (d->fmt) {
	case PDP_TEXT: text_put(d->out, s, indent); break;
	case PDP_MARKDOWN: md_put(d->out, s); break;
	case PDP_HTML: html_put(d->out, s); break;
	}
}

static void underline(struct sbuf *sb, const char *s, int c)
{
	size_t n = utf8_chars(s, strlen(s));

	sbuf_addch(sb, '\n');
	while (n--)
		sbuf_addch(sb, c);
	sbuf_addch(sb, '\n');
}

static void section_end(struct doc *d)
{
	if (d->fmt == PDP_HTML && d->nitem >= 0)
		sbuf_adds(d->out, d->nitem > 0 ? "</dl></li>\n</ol>\n" : "</dl>\n");
	d->nitem = -1;
}

static void heading(struct doc *d, const char *title)
{
	section_end(d);
	switch (d->fmt) {
	case PDP_TEXT:
		sbuf_addch(d->out, '\n');
		sbuf_adds(d->out, title);
		underline(d->out, title, '-');
		break;
	case PDP_MARKDOWN:
		sbuf_addf(d->out, "\n## %s\n\n", title);
		break;
	case PDP_HTML:
		sbuf_addf(d->out, "<h2>%s</h2>\n", title);
		break;
	}
}

/* A label and its value in the current section (or item).  A label that
 * is a question ("Was it met?") takes no colon. */
static void kv(struct doc *d, const char *label, const char *value)
{
	int in_item = d->nitem > 0;
	size_t ll = strlen(label);
	const char *sep = ll && strchr("?:", label[ll - 1]) ? " " : ": ";

	if (!value || !*value)
		return;
	switch (d->fmt) {
	case PDP_TEXT:
		sbuf_adds(d->out, in_item ? "   " : "");
		put(d, label, "");
		sbuf_adds(d->out, sep);
		put(d, value, in_item ? "      " : "   ");
		sbuf_addch(d->out, '\n');
		break;
	case PDP_MARKDOWN:
		sbuf_adds(d->out, in_item ? "   - **" : "- **");
		put(d, label, "");
		sbuf_adds(d->out, "**");
		sbuf_adds(d->out, sep);
		put(d, value, "");
		sbuf_addch(d->out, '\n');
		break;
	case PDP_HTML:
		if (d->nitem < 0) {
			sbuf_adds(d->out, "<dl>\n");
			d->nitem = 0;
		}
		sbuf_adds(d->out, "<dt>");
		put(d, label, "");
		sbuf_adds(d->out, "</dt><dd>");
		put(d, value, "");
		sbuf_adds(d->out, "</dd>\n");
		break;
	}
}

/* Start numbered item n (from 1) titled title. */
static void item(struct doc *d, const char *title)
{
	if (d->fmt == PDP_HTML) {
		if (d->nitem == 0)
			sbuf_adds(d->out, "</dl>\n");
		if (d->nitem > 0)
			sbuf_adds(d->out, "</dl></li>\n");
		else
			sbuf_adds(d->out, "<ol>\n");
		sbuf_adds(d->out, "<li><strong>");
		put(d, title, "");
		sbuf_adds(d->out, "</strong><dl>\n");
		d->nitem = d->nitem > 0 ? d->nitem + 1 : 1;
		return;
	}
	d->nitem = d->nitem > 0 ? d->nitem + 1 : 1;
	sbuf_addf(d->out, "%s%d. ", d->nitem > 1 ? "\n" : "", d->nitem);
	if (d->fmt == PDP_MARKDOWN) {
		sbuf_adds(d->out, "**");
		put(d, title, "");
		sbuf_adds(d->out, "**\n");
	} else {
		put(d, title, "   ");
		sbuf_addch(d->out, '\n');
	}
}

static void item_section_end(struct doc *d)
{
	section_end(d);
}

static void para(struct doc *d, const char *text)
{
	section_end(d);
	switch (d->fmt) {
	case PDP_TEXT:
		sbuf_addch(d->out, '\n');
		put(d, text, "");
		sbuf_addch(d->out, '\n');
		break;
	case PDP_MARKDOWN:
		sbuf_adds(d->out, "\n> ");
		put(d, text, "");
		sbuf_addch(d->out, '\n');
		break;
	case PDP_HTML:
		sbuf_adds(d->out, "<p class=\"note\">");
		put(d, text, "");
		sbuf_adds(d->out, "</p>\n");
		break;
	}
}

/* ---- reading the appraisal ---- */

struct answers {
	struct export_answer *a;
	size_t n;
	const struct form *f;
	int private_only;	/* collect only private answers */
};

static int collect(const char *path, const char *value, int flags, void *arg)
{
	struct answers *as = arg;

	if (as->private_only != ((flags & STORE_PRIVATE) != 0))
		return 0;
	/* Belt and braces: what the form calls private stays out too. */
	if (!as->private_only && as->f && form_path_private(as->f, path) != 0)
		return 0;
	as->a = xrealloc(as->a, (as->n + 1) * sizeof(*as->a));
	as->a[as->n].path = xstrdup(path);
	as->a[as->n].value = xstrdup(value);
	as->n++;
	return 0;
}

static void answers_release(struct answers *as)
{
	for (size_t i = 0; i < as->n; i++) {
		free(as->a[i].path);
		free(as->a[i].value);
	}
	free(as->a);
}

static const char *answer(const struct answers *as, const char *path)
{
	for (size_t i = 0; i < as->n; i++)
		if (!strcmp(as->a[i].path, path))
			return as->a[i].value;
	return NULL;
}

/* What a person reads for a stored value: its choices' labels, one a
 * line (lib/answer.h).  The result is value or tmp's text. */
static const char *shown(const struct form *f, const char *path,
			 const char *value, struct sbuf *tmp)
{
	const struct form_question *q = f ? form_find(f, path) : NULL;

	if (!q)
		return value;
	sbuf_reset(tmp);
	answer_labels(q, value, "\n", tmp);
	return tmp->len ? tmp->buf : value;
}

static const char *label_of(const struct form *f, const char *path,
			    const char *fallback)
{
	const struct form_question *q = f ? form_find(f, path) : NULL;

	return q ? q->label : fallback;
}

static void objectives(struct doc *d, const struct answers *as)
{
	const struct form *f = as->f;
	const struct form_question *list = f ? form_find(f, OBJECTIVES) : NULL;
	struct sbuf p = SBUF_INIT, tmp = SBUF_INIT;
	int any = 0;

	heading(d, "Agreed objectives");
	for (long i = 0; i < 1000; i++) {
		const char *title;

		sbuf_reset(&p);
		sbuf_addf(&p, OBJECTIVES "[%ld].objective", i);
		title = answer(as, p.buf);
		if (!title)
			break;
		item(d, title);
		any = 1;
		if (list && list->type == FORM_LIST) {
			for (size_t k = 0; k < list->nquestions; k++) {
				const struct form_question *q = &list->questions[k];
				const char *v;

				if (!strcmp(q->id, "objective"))
					continue;
				sbuf_reset(&p);
				sbuf_addf(&p, OBJECTIVES "[%ld].%s", i, q->id);
				if ((v = answer(as, p.buf)))
					kv(d, q->label, shown(f, p.buf, v, &tmp));
			}
		} else {
			static const char *const fields[][2] = {
				{ "measure", "How will we know?" },
				{ "target_date", "Target date" },
			};

			for (size_t k = 0; k < 2; k++) {
				sbuf_reset(&p);
				sbuf_addf(&p, OBJECTIVES "[%ld].%s", i, fields[k][0]);
				kv(d, fields[k][1], answer(as, p.buf));
			}
		}
	}
	item_section_end(d);
	if (!any)
		para(d, "No objectives were recorded.");
	sbuf_release(&p);
	sbuf_release(&tmp);
}

struct goals_ctx {
	struct doc *d;
	const struct form *f;
	const struct answers *as;
	int n;
};

/* A PDP goal's own answer (cost, funder) by the PDP list's question id. */
static const char *goal_answer(const struct goals_ctx *g, int position,
			       const char *id, struct sbuf *tmp)
{
	const struct form_question *pdp = g->f ? g->f->pdp : NULL;
	struct sbuf p = SBUF_INIT;
	size_t idx = (size_t)position;
	const char *v = NULL;

	for (size_t i = 0; pdp && i < pdp->nquestions && !v; i++) {
		const struct form_question *q = &pdp->questions[i];

		if (strcmp(q->id, id))
			continue;
		form_answer_path(q, &idx, 1, &p);
		v = answer(g->as, p.buf);
		if (v)
			v = shown(g->f, p.buf, v, tmp);
	}
	sbuf_release(&p);
	return v;
}

static int goal(const struct tna_row *r, void *arg)
{
	struct goals_ctx *g = arg;
	const struct form_question *pdp = g->f ? g->f->pdp : NULL;
	const struct form_question *tq = pdp ? pdp->tna[FORM_TNA_TYPE] : NULL;
	const struct form_question *pq = pdp ? pdp->tna[FORM_TNA_PRIORITY] : NULL;
	const char *kind = tq ? form_choice_label(tq, r->kind) : NULL;
	const char *prio = pq ? form_choice_label(pq, r->priority) : NULL;
	const struct form_question *cq = pdp ? pdp->tna[FORM_TNA_CATEGORY] : NULL;
	const char *cat = cq ? form_choice_label(cq, r->category) : NULL;

	struct sbuf tmp = SBUF_INIT;

	item(g->d, *r->goal ? r->goal : r->need);
	kv(g->d, "Development need", r->need);
	kv(g->d, "How (70:20:10)", kind ? kind : r->kind);

	kv(g->d, "Category", cat ? cat : r->category);
	kv(g->d, "Priority", prio ? prio : r->priority);
	kv(g->d, "Target date", r->target_date);
	kv(g->d, "Support needed", r->support);
	kv(g->d, "Estimated cost (£)", goal_answer(g, r->position, "cost", &tmp));
	kv(g->d, "Funded by", goal_answer(g, r->position, "funder", &tmp));
	/* Not the stored state ("new", "carried"): what it means. */
	if (*r->follows_up)
		kv(g->d, "Continues last year's goal", r->follows_up);
	else if (!strcmp(r->status, "achieved"))
		kv(g->d, "Progress", "Achieved");
	sbuf_release(&tmp);
	g->n++;
	return 0;
}

struct signoff_ctx {
	struct doc *d;
	const char *comments;	/* already shown under "Your comments" */
};

/* Two texts equal but for the white space around them. */
static int same_text(const char *a, const char *b)
{
	size_t na, nb;

	if (!a || !b)
		return 0;
	while (isspace((unsigned char)*a))
		a++;
	while (isspace((unsigned char)*b))
		b++;
	na = strlen(a);
	nb = strlen(b);
	while (na && isspace((unsigned char)a[na - 1]))
		na--;
	while (nb && isspace((unsigned char)b[nb - 1]))
		nb--;
	return na == nb && !memcmp(a, b, na);
}

static int signoff(const struct signoff *s, void *arg)
{
	struct signoff_ctx *c = arg;
	struct doc *d = c->d;
	char when[DATE_LEN + 1];

	snprintf(when, sizeof(when), "%s", s->signed_at);
	item(d, !strcmp(s->role, "appraiser") ? "Appraiser" : "Staff member");
	kv(d, "Name", s->name);
	kv(d, "Signed on", when);
	/* The staff member's comments are often the ones written above. */
	if (!same_text(s->comments, c->comments))
		kv(d, "Comments", s->comments);
	return 0;
}

static void html_head(struct sbuf *out, const char *title)
{
	sbuf_adds(out,
		"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<title>");
	html_put(out, title);
	sbuf_adds(out,
		"</title>\n<style>\n"
		"body{font-family:sans-serif;max-width:48em;margin:2em auto;line-height:1.4;color:#000}\n"
		"h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #888;margin-top:1.5em}\n"
		"dt{font-weight:bold}dd{margin:0 0 .5em 1.5em;white-space:pre-wrap}\n"
		".note{border:2px solid #000;padding:.5em}\n"
		"@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}li{page-break-inside:avoid}}\n"
		"</style>\n</head>\n<body>\n");
}

static void title(struct doc *d, const char *name)
{
	struct sbuf t = SBUF_INIT;

	sbuf_addf(&t, "Personal development plan: %s", name);
	switch (d->fmt) {
	case PDP_TEXT:
		sbuf_adds(d->out, t.buf);
		underline(d->out, t.buf, '=');
		break;
	case PDP_MARKDOWN:
		sbuf_adds(d->out, "# ");
		md_put(d->out, t.buf);
		sbuf_addch(d->out, '\n');
		break;
	case PDP_HTML:
		html_head(d->out, t.buf);
		sbuf_adds(d->out, "<h1>");
		html_put(d->out, t.buf);
		sbuf_adds(d->out, "</h1>\n");
		break;
	}
	sbuf_release(&t);
}

static void details(struct doc *d, const struct staff *s,
		    const struct store_appraisal *a)
{
	struct sbuf fv = SBUF_INIT;
	char day[DATE_LEN + 1];

	sbuf_addf(&fv, "%s %s", a->form_id, a->form_version);
	heading(d, "About this plan");
	kv(d, "Staff number", s->staff_number);
	kv(d, "Name", s->name);
	kv(d, "Role", s->role);
	kv(d, "Band", s->band);
	kv(d, "Station", s->station);
	kv(d, "Appraiser", a->appraiser);
	snprintf(day, sizeof(day), "%s", a->meeting_date ? a->meeting_date : a->updated_at);
	kv(d, "Appraisal date", day);
	kv(d, "Next review", a->next_due);
	kv(d, "Form", fv.buf);
	sbuf_release(&fv);
}

/* Private answers in the form's order (paths of no question last). */
struct ordered {
	size_t seq;
	struct export_answer a;
};

static int by_seq(const void *x, const void *y)
{
	const struct ordered *a = x, *b = y;

	if (a->seq != b->seq)
		return a->seq < b->seq ? -1 : 1;
	return strcmp(a->a.path, b->a.path);
}

static void form_order(struct answers *as)
{
	struct ordered *o = xcalloc(as->n ? as->n : 1, sizeof(*o));

	for (size_t i = 0; i < as->n; i++) {
		const struct form_question *q = as->f ? form_find(as->f, as->a[i].path) : NULL;

		o[i].seq = q ? q->seq : (size_t)-1;
		o[i].a = as->a[i];
	}
	qsort(o, as->n, sizeof(*o), by_seq);
	for (size_t i = 0; i < as->n; i++)
		as->a[i] = o[i].a;
	free(o);
}

static int private_part(struct store *st, struct doc *d, long long id,
			const struct form *f, struct err *err)
{
	struct answers pv = { .f = f, .private_only = 1 };
	struct sbuf tmp = SBUF_INIT, lab = SBUF_INIT;

	if (store_answers_each(st, id, STORE_WITH_PRIVATE, collect, &pv, err) < 0)
		return -1;
	form_order(&pv);
	heading(d, "Private notes (your own copy)");
	for (size_t i = 0; i < pv.n; i++) {
		const char *v = shown(f, pv.a[i].path, pv.a[i].value, &tmp);

		kv(d, to_you(label_of(f, pv.a[i].path, pv.a[i].path), &lab), v);
	}
	if (!pv.n)
		para(d, "There are no private notes.");
	answers_release(&pv);
	sbuf_release(&tmp);
	sbuf_release(&lab);
	return 0;
}

/* Text as it is laid out (the 360 report's columns and indents). */
static void pre(struct doc *d, const char *text)
{
	section_end(d);
	switch (d->fmt) {
	case PDP_TEXT:
		sbuf_adds(d->out, "\n  ");
		text_put(d->out, text, "  ");
		sbuf_addch(d->out, '\n');
		break;
	case PDP_MARKDOWN:	/* an indented code block: nothing in it is markup */
		sbuf_adds(d->out, "\n    ");
		text_put(d->out, text, "    ");
		sbuf_addch(d->out, '\n');
		break;
	case PDP_HTML:
		sbuf_adds(d->out, "<p class=\"note\" style=\"white-space: pre-wrap; "
			  "font-family: monospace\">");
		html_put(d->out, text);
		sbuf_adds(d->out, "</p>\n");
		break;
	}
}

/* The 360-degree feedback report that came back from the hub, when the
 * staff member asks for it (PDP_WITH_360): read only by its holder. */
static int feedback_part(struct store *st, struct doc *d, const char *staff_number,
			 struct err *err)
{
	struct sbuf rep = SBUF_INIT;
	int rc = feedback_back_report(st, staff_number, &rep, NULL, NULL, err);

	if (rc == 0)
		err_set(err, "no 360-degree feedback report of %s has come back from the "
			"hub yet; export without --with-360", staff_number);
	if (rc > 0) {
		heading(d, "360-degree feedback (included at your request)");
		para(d, "What colleagues said, as the trust's hub released it under its "
		     "anonymity rules: input to your conversation, not a score.");
		pre(d, rep.buf);
		keyring_wipe(rep.buf, rep.len);
	}
	sbuf_release(&rep);
	return rc > 0 ? 0 : -1;
}

int export_pdp(struct store *st, const char *staff_number,
	       enum pdp_format fmt, int flags, const struct export_forms *forms,
	       struct sbuf *out, struct err *err)
{
	struct doc d = { fmt, out, -1 };
	struct signoff_ctx sc = { &d, NULL };
	struct staff s;
	struct store_appraisal a;
	struct answers as = { NULL, 0, NULL, 0 };
	struct form *f = NULL;
	struct goals_ctx gc = { &d, NULL, &as, 0 };
	long long id = 0;
	int rc = -1, found;

	memset(&s, 0, sizeof(s));
	memset(&a, 0, sizeof(a));
	if ((found = store_staff_get(st, staff_number, &s, err)) <= 0) {
		if (found == 0)
			err_set(err, "no staff member with staff number %s", staff_number);
		return -1;
	}
	if ((found = store_latest_final(st, staff_number, &id, err)) <= 0) {
		if (found == 0)
			err_set(err, "%s (%s) has no final appraisal yet, so there is "
				"no PDP to export", s.name, staff_number);
		goto out;
	}
	if (store_appraisal_get(st, id, &a, err) != 1)
		goto out;
	f = export_form_for(st, a.form_hash, a.form_id, a.form_version, forms, err);
	if (err && err->msg)
		goto out;
	as.f = gc.f = f;
	if (store_answers_each(st, id, 0, collect, &as, err) < 0)
		goto out;

	title(&d, s.name);
	if (flags & PDP_WITH_PRIVATE)
		para(&d, "This is your own copy. It includes what you said in the "
		     "wellbeing conversation, which never leaves this laptop and is "
		     "in no other copy: keep it safe, and share it only if you wish.");
	details(&d, &s, &a);
	objectives(&d, &as);
	heading(&d, "Development plan");
	if (store_pdp_each(st, id, goal, &gc, err) < 0)
		goto out;
	item_section_end(&d);
	if (!gc.n)
		para(&d, "No development goals were recorded.");
	if ((sc.comments = answer(&as, COMMENTS))) {
		heading(&d, "Your comments");
		kv(&d, "In your own words", sc.comments);
	}
	heading(&d, "Sign-off");
	if (store_signoffs_each(st, id, signoff, &sc, err) < 0)
		goto out;
	item_section_end(&d);
	if ((flags & PDP_WITH_360) && feedback_part(st, &d, staff_number, err) < 0)
		goto out;
	if ((flags & PDP_WITH_PRIVATE) && private_part(st, &d, id, f, err) < 0)
		goto out;
	section_end(&d);
	if (fmt == PDP_HTML)
		sbuf_adds(out, "</body>\n</html>\n");
	rc = 0;
out:
	if (rc < 0)
		sbuf_reset(out);
	answers_release(&as);
	form_free(f);
	staff_release(&s);
	store_appraisal_release(&a);
	return rc;
}
