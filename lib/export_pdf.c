/*
 * export_pdf.c - the staff member's PDP as an A4 PDF for the printed copy
 * (see export.h), drawn with cairo and set with pango.  The content is
 * export_pdp's own HTML document, read back block by block (h1, h2, dt/dd,
 * li, p; any other tag is ignored and its text kept), so the PDF and the
 * other formats never differ; this file adds only the page: the trust's
 * name, page numbers and a signature block.
 */
#include <stdlib.h>
#include <string.h>

#include "settings.h"
#include "export.h"

#ifndef HAVE_PDF

int export_pdf_available(void)
{
	return 0;
}

int export_pdp_pdf(struct store *st, const char *staff_number, int flags,
		   const struct export_forms *forms, struct sbuf *out,
		   struct err *err)
{
	return err_set(err, "this build of eadr has no PDF support (configure "
		       "found no cairo and pango: install libcairo2-dev and "
		       "libpango1.0-dev and build again); use --format html and "
		       "print that instead");
}

#else

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

/* A4 in points, and the margins. */
#define PAGE_W 595.28
#define PAGE_H 841.89
#define MARGIN 56.0
#define TOP 72.0
#define BOTTOM (PAGE_H - 60.0)
#define TEXT_W (PAGE_W - 2 * MARGIN)
#define LABEL_W 150.0
#define FONT "DejaVu Sans, Sans"

int export_pdf_available(void)
{
	return 1;
}

/* ---- reading the HTML back into blocks ---- */

enum block_kind { B_TITLE, B_HEADING, B_ITEM, B_LABEL, B_VALUE, B_NOTE };

struct block {
	enum block_kind kind;
	char *text;
	int item;		/* B_ITEM: its number; others: inside an item */
};

struct blocks {
	struct block *v;
	size_t n;
};

/* The text between tags with its character references decoded. */
static void unescape(struct sbuf *o, const char *s, size_t len)
{
	static const struct { const char *name; const char *ch; } ent[] = {
		{ "amp;", "&" }, { "lt;", "<" }, { "gt;", ">" }, { "quot;", "\"" },
		{ "#39;", "'" }, { "apos;", "'" }, { "nbsp;", " " },
	};

	for (size_t i = 0; i < len; i++) {
		size_t k;

		if (s[i] != '&') {
			sbuf_addch(o, s[i]);
			continue;
		}
		for (k = 0; k < sizeof(ent) / sizeof(*ent); k++) {
			size_t el = strlen(ent[k].name);

			if (i + 1 + el <= len && !strncmp(s + i + 1, ent[k].name, el)) {
				sbuf_adds(o, ent[k].ch);
				i += el;
				break;
			}
		}
		if (k == sizeof(ent) / sizeof(*ent))
			sbuf_addch(o, '&');
	}
}

static void block_add(struct blocks *b, enum block_kind kind, const char *text,
		      int item)
{
	b->v = xrealloc(b->v, (b->n + 1) * sizeof(*b->v));
	b->v[b->n].kind = kind;
	b->v[b->n].text = xstrdup(text);
	b->v[b->n].item = item;
	b->n++;
}

/* Which block a tag starts: -1 for none (its text joins the block that
 * is open, or is dropped between blocks). */
static int tag_kind(const char *tag, size_t len, const char *attrs)
{
	static const struct { const char *name; enum block_kind kind; } tags[] = {
		{ "h1", B_TITLE }, { "h2", B_HEADING }, { "strong", B_ITEM },
		{ "dt", B_LABEL }, { "dd", B_VALUE }, { "p", B_NOTE },
	};

	(void)attrs;
	for (size_t i = 0; i < sizeof(tags) / sizeof(*tags); i++)
		if (strlen(tags[i].name) == len && !strncmp(tag, tags[i].name, len))
			return (int)tags[i].kind;
	return -1;
}

static void blocks_parse(const char *html, struct blocks *b)
{
	const char *p = strstr(html, "<body>");
	struct sbuf text = SBUF_INIT;
	int open = -1, item = 0, in_item = 0;

	for (p = p ? p + 6 : html; *p;) {
		const char *lt = strchr(p, '<'), *gt;
		size_t nlen;
		int closing, kind;

		if (!lt)
			lt = p + strlen(p);
		if (open >= 0)
			unescape(&text, p, (size_t)(lt - p));
		if (!*lt || !(gt = strchr(lt, '>')))
			break;
		closing = lt[1] == '/';
		nlen = strspn(lt + 1 + closing, "abcdefghijklmnopqrstuvwxyz0123456789");
		kind = tag_kind(lt + 1 + closing, nlen, lt + 1 + closing + nlen);
		if (!closing && nlen == 2 && !strncmp(lt + 1, "ol", 2))
			item = 0;
		if (!closing && nlen == 2 && !strncmp(lt + 1, "li", 2))
			in_item = 1;
		if (closing && nlen == 2 && !strncmp(lt + 2, "ol", 2))
			in_item = 0;
		if (kind >= 0 && !closing) {
			open = kind;
			sbuf_reset(&text);
		} else if (kind >= 0 && closing && kind == open) {
			if (open == B_ITEM)
				item++;
			if (open == B_TITLE || open == B_HEADING)
				in_item = 0;
			block_add(b, (enum block_kind)open, text.buf,
				  open == B_ITEM ? item : in_item);
			open = -1;
		}
		p = gt + 1;
	}
	sbuf_release(&text);
}

static void blocks_release(struct blocks *b)
{
	for (size_t i = 0; i < b->n; i++)
		free(b->v[i].text);
	free(b->v);
}

/* ---- drawing ---- */

struct page {
	cairo_t *cr;
	cairo_surface_t *s;
	PangoLayout *lay;
	PangoFontDescription *normal, *bold, *big, *head, *small;
	const char *trust;
	const struct block *first;	/* of the document */
	double y;
	int n;		/* page number */
};

static double text_height(struct page *pg, const char *text,
			  PangoFontDescription *font, double width)
{
	int w, h;

	pango_layout_set_font_description(pg->lay, font);
	pango_layout_set_width(pg->lay, (int)(width * PANGO_SCALE));
	pango_layout_set_text(pg->lay, text, -1);
	pango_layout_get_size(pg->lay, &w, &h);
	return (double)h / PANGO_SCALE;
}

/* Draw the layout last set by text_height at x, y. */
static void draw_at(struct page *pg, double x, double y)
{
	cairo_move_to(pg->cr, x, y);
	pango_cairo_show_layout(pg->cr, pg->lay);
}

static void page_furniture(struct page *pg)
{
	char num[32];

	cairo_set_source_rgb(pg->cr, 0.26, 0.33, 0.39);
	if (pg->trust && *pg->trust && pg->n > 1) {
		text_height(pg, pg->trust, pg->small, TEXT_W);
		draw_at(pg, MARGIN, 30);
	}
	snprintf(num, sizeof(num), "Page %d", pg->n);
	text_height(pg, num, pg->small, TEXT_W);
	pango_layout_set_alignment(pg->lay, PANGO_ALIGN_RIGHT);
	draw_at(pg, MARGIN, PAGE_H - 40);
	pango_layout_set_alignment(pg->lay, PANGO_ALIGN_LEFT);
	cairo_set_source_rgb(pg->cr, 0, 0, 0);
}

/* Room for h more points on this page, or a new page. */
static void need(struct page *pg, double h)
{
	if (pg->y + h <= BOTTOM || pg->y <= TOP)
		return;
	cairo_show_page(pg->cr);
	pg->n++;
	pg->y = TOP;
	page_furniture(pg);
}

/* Set text in the layout and draw it at x, y; its height in points. */
static double show(struct page *pg, const char *text, PangoFontDescription *font,
		   double width, double x, double y)
{
	double h = text_height(pg, text, font, width);

	draw_at(pg, x, y);
	return h;
}

static void rule(struct page *pg)
{
	cairo_set_line_width(pg->cr, 0.6);
	cairo_move_to(pg->cr, MARGIN, pg->y);
	cairo_line_to(pg->cr, MARGIN + TEXT_W, pg->y);
	cairo_stroke(pg->cr);
}

/* Each block is measured, given room (need may start a page, which uses
 * the layout), then set again and drawn. */
static void draw_block(struct page *pg, const struct block *b, const struct block *next)
{
	double indent = b->item ? 18 : 0, h, h2 = 0, vw = TEXT_W - LABEL_W - indent;
	int pair = next && next->kind == B_VALUE;
	struct sbuf t = SBUF_INIT;

	switch (b->kind) {
	case B_TITLE:
		need(pg, text_height(pg, b->text, pg->big, TEXT_W));
		pg->y += show(pg, b->text, pg->big, TEXT_W, MARGIN, pg->y) + 6;
		break;
	case B_HEADING:
		/* Keep a heading with the first lines that follow it. */
		need(pg, text_height(pg, b->text, pg->head, TEXT_W) + 50);
		pg->y += 10;
		pg->y += show(pg, b->text, pg->head, TEXT_W, MARGIN, pg->y) + 2;
		rule(pg);
		pg->y += 6;
		break;
	case B_ITEM:
		sbuf_addf(&t, "%d. %s", b->item, b->text);
		need(pg, text_height(pg, t.buf, pg->bold, TEXT_W) + 30);
		pg->y += 4;
		pg->y += show(pg, t.buf, pg->bold, TEXT_W, MARGIN, pg->y) + 2;
		break;
	case B_LABEL:
		/* A label and its value side by side, on one page. */
		h = text_height(pg, b->text, pg->bold, LABEL_W - 8);
		if (pair)
			h2 = text_height(pg, next->text, pg->normal, vw);
		if (h2 > h)
			h = h2;
		need(pg, h);
		show(pg, b->text, pg->bold, LABEL_W - 8, MARGIN + indent, pg->y);
		if (pair)
			show(pg, next->text, pg->normal, vw, MARGIN + indent + LABEL_W, pg->y);
		pg->y += h + 3;
		break;
	case B_VALUE:	/* drawn with its label; alone, under the last one */
		if (b > pg->first && b[-1].kind == B_LABEL)
			break;
		h = text_height(pg, b->text, pg->normal, vw);
		need(pg, h);
		pg->y += show(pg, b->text, pg->normal, vw, MARGIN + indent + LABEL_W, pg->y) + 3;
		break;
	case B_NOTE:
		h = text_height(pg, b->text, pg->normal, TEXT_W - 12);
		need(pg, h + 14);
		pg->y += 4;
		cairo_set_line_width(pg->cr, 1.2);
		cairo_rectangle(pg->cr, MARGIN, pg->y, TEXT_W, h + 8);
		cairo_stroke(pg->cr);
		show(pg, b->text, pg->normal, TEXT_W - 12, MARGIN + 6, pg->y + 4);
		pg->y += h + 14;
		break;
	}
	sbuf_release(&t);
}

/* Lines to sign on the printed copy. */
static void signatures(struct page *pg)
{
	static const char *const who[] = { "Staff member", "Appraiser" };

	need(pg, 170);
	pg->y += 10;
	pg->y += show(pg, "Signatures", pg->head, TEXT_W, MARGIN, pg->y) + 2;
	rule(pg);
	pg->y += 8;
	pg->y += show(pg, "We have agreed this plan. Sign and date the printed copy; "
		      "each keeps one.", pg->normal, TEXT_W, MARGIN, pg->y) + 14;
	for (size_t i = 0; i < 2; i++) {
		pg->y += show(pg, who[i], pg->bold, LABEL_W, MARGIN, pg->y) + 26;
		cairo_set_line_width(pg->cr, 0.6);
		cairo_move_to(pg->cr, MARGIN, pg->y);
		cairo_line_to(pg->cr, MARGIN + 280, pg->y);
		cairo_move_to(pg->cr, MARGIN + 310, pg->y);
		cairo_line_to(pg->cr, MARGIN + TEXT_W, pg->y);
		cairo_stroke(pg->cr);
		show(pg, "Signature", pg->small, 200, MARGIN, pg->y + 2);
		show(pg, "Date", pg->small, 100, MARGIN + 310, pg->y + 2);
		pg->y += 26;
	}
}

static cairo_status_t to_sbuf(void *closure, const unsigned char *data, unsigned int len)
{
	sbuf_add(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

static PangoFontDescription *font(int size, int bold)
{
	PangoFontDescription *f = pango_font_description_from_string(FONT);

	pango_font_description_set_size(f, size * PANGO_SCALE);
	if (bold)
		pango_font_description_set_weight(f, PANGO_WEIGHT_BOLD);
	return f;
}

static int render(const struct blocks *b, const char *trust, struct sbuf *out,
		  struct err *err)
{
	struct page pg = { 0 };
	cairo_status_t status;

	pg.s = cairo_pdf_surface_create_for_stream(to_sbuf, out, PAGE_W, PAGE_H);
	cairo_pdf_surface_set_metadata(pg.s, CAIRO_PDF_METADATA_TITLE,
				       b->n ? b->v[0].text : "Personal development plan");
	cairo_pdf_surface_set_metadata(pg.s, CAIRO_PDF_METADATA_CREATOR, "eadr");
	pg.cr = cairo_create(pg.s);
	pg.lay = pango_cairo_create_layout(pg.cr);
	pango_layout_set_wrap(pg.lay, PANGO_WRAP_WORD_CHAR);
	pg.normal = font(10, 0);
	pg.bold = font(10, 1);
	pg.big = font(15, 1);
	pg.head = font(13, 1);
	pg.small = font(8, 0);
	pg.trust = trust;
	pg.first = b->v;
	pg.n = 1;
	pg.y = TOP;
	page_furniture(&pg);
	if (trust && *trust)	/* the trust's name heads the first page */
		pg.y += show(&pg, trust, pg.head, TEXT_W, MARGIN, pg.y) + 4;
	for (size_t i = 0; i < b->n; i++)
		draw_block(&pg, &b->v[i], i + 1 < b->n ? &b->v[i + 1] : NULL);
	signatures(&pg);
	cairo_show_page(pg.cr);
	g_object_unref(pg.lay);
	pango_font_description_free(pg.normal);
	pango_font_description_free(pg.bold);
	pango_font_description_free(pg.big);
	pango_font_description_free(pg.head);
	pango_font_description_free(pg.small);
	cairo_destroy(pg.cr);
	cairo_surface_finish(pg.s);
	status = cairo_surface_status(pg.s);
	cairo_surface_destroy(pg.s);
	if (status != CAIRO_STATUS_SUCCESS)
		return err_set(err, "making the PDF: %s", cairo_status_to_string(status));
	return 0;
}

int export_pdp_pdf(struct store *st, const char *staff_number, int flags,
		   const struct export_forms *forms, struct sbuf *out,
		   struct err *err)
{
	struct sbuf html = SBUF_INIT;
	struct blocks b = { NULL, 0 };
	char *trust = NULL;
	int rc = -1;

	if (export_pdf_libs(err) < 0 || settings_get("trust", &trust, err) < 0)
		return -1;
	if (export_pdp(st, staff_number, PDP_HTML, flags & PDP_WITH_PRIVATE, forms,
		       &html, err) < 0)
		goto out;
	blocks_parse(html.buf, &b);
	rc = render(&b, trust, out, err);
out:
	blocks_release(&b);
	sbuf_release(&html);
	free(trust);
	return rc;
}

#endif
