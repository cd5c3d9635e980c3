/*
 * export_pdf_lazy.c - cairo's, pango's and GObject's functions, as
 * lib/export_pdf.c uses them, opened when the first PDF is made
 * (export_pdp_pdf calls export_pdf_libs): eadr does not load them and
 * what they load (fonts, X11...) at every start (lazy.h).
 */
#ifdef HAVE_PDF

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "export.h"
#include "lazy.h"

#define CAIRO EADR_CAIRO_SONAME
#define PANGO EADR_PANGO_SONAME
#define PANGOCAIRO EADR_PANGOCAIRO_SONAME
#define GOBJECT EADR_GOBJECT_SONAME

int export_pdf_libs(struct err *err)
{
	if (lazy_open(CAIRO, err) < 0 || lazy_open(GOBJECT, err) < 0 ||
	    lazy_open(PANGO, err) < 0 || lazy_open(PANGOCAIRO, err) < 0)
		return -1;
	return 0;
}

LAZY(CAIRO, cairo_t *, cairo_create, (cairo_surface_t *target), (target))
LAZY_VOID(CAIRO, cairo_destroy, (cairo_t *cr), (cr))
LAZY_VOID(CAIRO, cairo_line_to, (cairo_t *cr, double x, double y), (cr, x, y))
LAZY_VOID(CAIRO, cairo_move_to, (cairo_t *cr, double x, double y), (cr, x, y))
LAZY(CAIRO, cairo_surface_t *, cairo_pdf_surface_create_for_stream,
     (cairo_write_func_t write_func, void *closure, double width, double height),
     (write_func, closure, width, height))
LAZY_VOID(CAIRO, cairo_pdf_surface_set_metadata,
	  (cairo_surface_t *surface, cairo_pdf_metadata_t metadata, const char *utf8),
	  (surface, metadata, utf8))
LAZY_VOID(CAIRO, cairo_rectangle, (cairo_t *cr, double x, double y, double w, double h),
	  (cr, x, y, w, h))
LAZY_VOID(CAIRO, cairo_set_line_width, (cairo_t *cr, double width), (cr, width))
LAZY_VOID(CAIRO, cairo_set_source_rgb, (cairo_t *cr, double r, double g, double b),
	  (cr, r, g, b))
LAZY_VOID(CAIRO, cairo_show_page, (cairo_t *cr), (cr))
LAZY(CAIRO, const char *, cairo_status_to_string, (cairo_status_t status), (status))
LAZY_VOID(CAIRO, cairo_stroke, (cairo_t *cr), (cr))
LAZY_VOID(CAIRO, cairo_surface_destroy, (cairo_surface_t *surface), (surface))
LAZY_VOID(CAIRO, cairo_surface_finish, (cairo_surface_t *surface), (surface))
LAZY(CAIRO, cairo_status_t, cairo_surface_status, (cairo_surface_t *surface), (surface))

LAZY_VOID(GOBJECT, g_object_unref, (gpointer object), (object))

LAZY(PANGOCAIRO, PangoLayout *, pango_cairo_create_layout, (cairo_t *cr), (cr))
LAZY_VOID(PANGOCAIRO, pango_cairo_show_layout, (cairo_t *cr, PangoLayout *layout),
	  (cr, layout))

LAZY_VOID(PANGO, pango_font_description_free, (PangoFontDescription *desc), (desc))
LAZY(PANGO, PangoFontDescription *, pango_font_description_from_string, (const char *str),
     (str))
LAZY_VOID(PANGO, pango_font_description_set_size, (PangoFontDescription *desc, gint size),
	  (desc, size))
LAZY_VOID(PANGO, pango_font_description_set_weight,
	  (PangoFontDescription *desc, PangoWeight weight), (desc, weight))
LAZY_VOID(PANGO, pango_layout_get_size, (PangoLayout *layout, int *width, int *height),
	  (layout, width, height))
LAZY_VOID(PANGO, pango_layout_set_alignment, (PangoLayout *layout, PangoAlignment a),
	  (layout, a))
LAZY_VOID(PANGO, pango_layout_set_font_description,
	  (PangoLayout *layout, const PangoFontDescription *desc), (layout, desc))
LAZY_VOID(PANGO, pango_layout_set_text, (PangoLayout *layout, const char *text, int length),
	  (layout, text, length))
LAZY_VOID(PANGO, pango_layout_set_width, (PangoLayout *layout, int width), (layout, width))
LAZY_VOID(PANGO, pango_layout_set_wrap, (PangoLayout *layout, PangoWrapMode wrap),
	  (layout, wrap))

#endif
