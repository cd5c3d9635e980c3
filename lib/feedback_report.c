/*
 * feedback_report.c - a 360-degree feedback report's text (as
 * hub_feedback_report writes it) read back into figures: the responses per
 * group, and per dimension the self rating and the spread per unit, for
 * the screens' bars and the hub's progress once the raw responses are gone.
 */
#include <stdlib.h>
#include <string.h>

#include "feedback_back.h"

void fb_report_release(struct fb_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->npoints; i++)
		free(r->points[i]);
	for (size_t d = 0; d < r->ndims; d++) {
		free(r->dims[d].label);
		free(r->dims[d].self);
		for (size_t k = 0; k < r->dims[d].nrows; k++)
			free(r->dims[d].rows[k].label);
		free(r->dims[d].rows);
	}
	free(r->dims);
	memset(r, 0, sizeof(*r));
}

/* "self 1 of 1, line manager 0 of 1, peers 4 of 5, ..." */
static void responses(char *s, struct fb_report *r)
{
	for (char *item = strtok(s, ","); item; item = strtok(NULL, ",")) {
		char *of = strstr(item, " of "), *sp;
		while (*item == ' ')
			item++;
		if (!of)
			continue;
		*of = '\0';
		if (!(sp = strrchr(item, ' ')))
			continue;
		*sp = '\0';
		for (int g = 0; g < FB_NGROUPS; g++)
			if (!strcmp(item, feedback_group_name((enum fb_group)g))) {
				r->responded[g] = atoi(sp + 1);
				r->invited[g] = atoi(of + 4);
			}
	}
}

/* "  LABEL (N): Point n, Point n": 0 and row, or -1 when it is not one. */
static int spread(char *line, struct fb_report *r, struct fb_spread *row)
{
	char *end = strstr(line, "): "), *open;

	if (!end)
		return -1;
	*end = '\0';
	if (!(open = strrchr(line, '(')) || open == line || open[-1] != ' ')
		return -1;
	open[-1] = '\0';
	memset(row, 0, sizeof(*row));
	row->count = atoi(open + 1);
	size_t k = 0;
	for (char *item = strtok(end + 3, ","); item && k < 8; item = strtok(NULL, ","), k++) {
		char *sp;
		while (*item == ' ')
			item++;
		if (!(sp = strrchr(item, ' ')))
			return -1;
		*sp = '\0';
		row->n[k] = atoi(sp + 1);
		if (r->npoints == k)
			r->points[r->npoints++] = xstrdup(item);
	}
	row->label = xstrdup(line);
	return 0;
}

static struct fb_dimension *dimension(struct fb_report *r, const char *label)
{
	struct fb_dimension *d;

	if (r->ndims && !strcmp(r->dims[r->ndims - 1].label, label))
		return &r->dims[r->ndims - 1];
	r->dims = xrealloc(r->dims, (r->ndims + 1) * sizeof(*r->dims));
	d = &r->dims[r->ndims++];
	memset(d, 0, sizeof(*d));
	d->label = xstrdup(label);
	return d;
}

void fb_report_parse(const char *text, struct fb_report *r)
{
	char *copy = xstrdup(text ? text : ""), *line, *next, *label = NULL;

	memset(r, 0, sizeof(*r));
	for (line = copy; line; line = next) {
		if ((next = strchr(line, '\n')))
			*next++ = '\0';
		if (!strncmp(line, "Responses: ", 11)) {
			responses(line + 11, r);
		} else if (*line && *line != ' ') {
			label = line;
		} else if (label && !strncmp(line, "  self: ", 8)) {
			struct fb_dimension *d = dimension(r, label);
			free(d->self);
			d->self = xstrdup(line + 8);
		} else if (label && !strncmp(line, "  ", 2) && line[2] != '-' &&
			   line[2] != '(' && line[2] != ' ') {
			struct fb_spread row;
			if (spread(line + 2, r, &row) < 0)
				continue;
			struct fb_dimension *d = dimension(r, label);
			d->rows = xrealloc(d->rows, (d->nrows + 1) * sizeof(*d->rows));
			d->rows[d->nrows++] = row;
		}
	}
	free(copy);
}
