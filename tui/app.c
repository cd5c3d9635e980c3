/*
 * app.c - the terminal program: for now the team list, read-only.
 * The appraisal walk is built on this (issue 4).
 */
#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/staff.h"
#include "textw.h"

struct row {
	char *text;
	int overdue;
};

struct rows {
	struct row *v;
	size_t n, alloc;
	char today[DATE_LEN + 1];
};

static int add_row(const struct staff_status *ss, void *arg)
{
	struct rows *r = arg;
	struct sbuf sb = SBUF_INIT;
	enum due_status due = staff_due_status(ss->s.due, r->today);

	textw_pad(&sb, ss->s.name, 24);
	sbuf_addch(&sb, ' ');
	textw_pad(&sb, ss->s.station, 10);
	sbuf_addch(&sb, ' ');
	textw_pad(&sb, staff_state_name(ss), 11);
	sbuf_addch(&sb, ' ');
	textw_pad(&sb, ss->s.due ? ss->s.due : "", 10);
	sbuf_addf(&sb, " %s", staff_due_name(due));
	if (r->n == r->alloc) {
		r->alloc = r->alloc ? r->alloc * 2 : 64;
		r->v = xrealloc(r->v, r->alloc * sizeof(*r->v));
	}
	r->v[r->n].text = sbuf_detach(&sb);
	r->v[r->n].overdue = due == DUE_OVERDUE;
	r->n++;
	return 0;
}

static void draw(const struct rows *r, size_t sel, size_t top)
{
	int h, w;

	getmaxyx(stdscr, h, w);
	erase();
	if (w < 60 || h < 10) {
		mvaddstr(0, 0, "Make the window larger (at least 60x10).");
		return;
	}
	attron(A_BOLD);
	mvaddstr(0, 0, "eadr - team list");
	attroff(A_BOLD);
	mvaddstr(1, 0, "Name                     Station    State       Due");
	for (int y = 2; y < h - 1 && top + (size_t)(y - 2) < r->n; y++) {
		size_t i = top + (size_t)(y - 2);

		if (i == sel)
			attron(A_REVERSE);
		if (r->v[i].overdue)
			attron(A_BOLD);
		mvaddnstr(y, 0, r->v[i].text, -1);
		attroff(A_REVERSE | A_BOLD);
	}
	if (r->n == 0)
		mvaddstr(3, 2, "No staff yet: add them with 'eadr staff import FILE.csv'.");
	mvaddstr(h - 1, 0, "Up/Down move  q quit");
	move(sel >= top ? 2 + (int)(sel - top) : 2, 0);
}

int cmd_tui(struct cli *cli, int argc, char **argv)
{
	struct rows r = { 0 };
	struct err err = ERR_INIT;
	struct store *st = cli_open_store(cli);
	size_t sel = 0, top = 0;
	int ch, h, rc = EXIT_OK;

	if (!st)
		return EXIT_DATA;
	date_today(r.today);
	if (store_staff_each(st, add_row, &r, &err) < 0) {
		cli_error("%s", err_msg(&err));
		rc = EXIT_DATA;
		goto out;
	}
	initscr();
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	for (;;) {
		h = getmaxy(stdscr);
		if (sel < top)
			top = sel;
		if (h > 3 && sel >= top + (size_t)(h - 3))
			top = sel - (size_t)(h - 4);
		draw(&r, sel, top);
		refresh();
		ch = getch();
		if (ch == 'q' || ch == 'Q' || ch == 3)
			break;
		if ((ch == KEY_DOWN || ch == 'j') && sel + 1 < r.n)
			sel++;
		else if ((ch == KEY_UP || ch == 'k') && sel > 0)
			sel--;
	}
	endwin();
out:
	for (size_t i = 0; i < r.n; i++)
		free(r.v[i].text);
	free(r.v);
	store_close(st);
	err_release(&err);
	return rc;
}
