/*
 * export_xlsx_lazy.c - libxlsxwriter's functions, as lib/export_xlsx.c
 * uses them, opened when the first workbook is written (export_tna_xlsx
 * calls export_xlsx_lib): eadr does not load it and what it loads (zip,
 * a crypto library) at every start (lazy.h).
 */
#include <xlsxwriter.h>

#include "export.h"
#include "lazy.h"

#define SO EADR_XLSX_SONAME

int export_xlsx_lib(struct err *err)
{
	return lazy_open(SO, err);
}

LAZY(SO, lxw_format *, workbook_add_format, (lxw_workbook *workbook), (workbook))
LAZY(SO, lxw_worksheet *, workbook_add_worksheet, (lxw_workbook *workbook, const char *name),
     (workbook, name))
LAZY(SO, lxw_error, workbook_close, (lxw_workbook *workbook), (workbook))
LAZY(SO, lxw_workbook *, workbook_new_opt, (const char *filename, lxw_workbook_options *o),
     (filename, o))
LAZY(SO, lxw_error, workbook_set_properties,
     (lxw_workbook *workbook, lxw_doc_properties *properties), (workbook, properties))
LAZY(SO, lxw_error, worksheet_autofilter,
     (lxw_worksheet *ws, lxw_row_t first_row, lxw_col_t first_col, lxw_row_t last_row,
      lxw_col_t last_col),
     (ws, first_row, first_col, last_row, last_col))
LAZY_VOID(SO, worksheet_freeze_panes, (lxw_worksheet *ws, lxw_row_t row, lxw_col_t col),
	  (ws, row, col))
LAZY(SO, lxw_error, worksheet_set_column,
     (lxw_worksheet *ws, lxw_col_t first_col, lxw_col_t last_col, double width,
      lxw_format *format),
     (ws, first_col, last_col, width, format))
LAZY(SO, lxw_error, worksheet_write_datetime,
     (lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, lxw_datetime *datetime,
      lxw_format *format),
     (ws, row, col, datetime, format))
LAZY(SO, lxw_error, worksheet_write_number,
     (lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, double number, lxw_format *format),
     (ws, row, col, number, format))
LAZY(SO, lxw_error, worksheet_write_string,
     (lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *string,
      lxw_format *format),
     (ws, row, col, string, format))
LAZY_VOID(SO, format_set_bold, (lxw_format *format), (format))
LAZY_VOID(SO, format_set_num_format, (lxw_format *format, const char *num_format),
	  (format, num_format))
LAZY(SO, char *, lxw_strerror, (lxw_error error_num), (error_num))
