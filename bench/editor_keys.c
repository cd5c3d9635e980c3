/*
 * editor_keys.c - feed typed keys through the answer editor (editor_key,
 * editor_draw, doupdate) on a headless ncurses screen, for bench/typing to
 * count instructions per key with callgrind (--toggle-collect=feed_keys).
 *
 *   editor_keys KEYS LENGTH [end|middle]
 */
#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sbuf.h"
#include "tui/editor.h"

/* Prose-like text: words of a few letters, some accents, paragraphs. */
static char *make_text(size_t chars)
{
	static const char *words[] = { "the", "appraisal", "went", "well", "and",
		"Zoë", "agreed", "to", "lead", "the", "station's", "fire", "safety",
		"training", "next", "year;", "she", "asked", "for", "a", "course" };
	struct sbuf sb = SBUF_INIT;
	size_t n = 0, i = 0;

	while (n < chars) {
		const char *w = words[i++ % (sizeof(words) / sizeof(*words))];

		sbuf_adds(&sb, w);
		n += strlen(w) - (strchr(w, 0xC3) ? 1 : 0);
		if (n < chars) {
			sbuf_addch(&sb, i % 97 == 0 ? '\n' : ' ');
			n++;
		}
	}
	return sbuf_detach(&sb);
}

static WINDOW *win;
static int cy, cx;

static void step(struct editor *ed)
{
	editor_draw(ed, win, 2, 2, 10, 76, &cy, &cx);
	wmove(win, cy, cx);
	wnoutrefresh(win);
	doupdate();
}

/* The measured part: one key, then what the TUI does after every key. */
void feed_keys(struct editor *ed, long keys);
void feed_keys(struct editor *ed, long keys)
{
	static const char typed[] = "she will shadow the watch manager twice a month ";

	for (long i = 0; i < keys; i++) {
		editor_key(ed, 0, (wint_t)typed[i % (sizeof(typed) - 1)]);
		step(ed);
	}
}

int main(int argc, char **argv)
{
	long keys = argc > 1 ? atol(argv[1]) : 1000;
	size_t len = argc > 2 ? (size_t)atol(argv[2]) : 0;
	int middle = argc > 3 && !strcmp(argv[3], "middle");
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	SCREEN *scr;
	struct editor *ed;
	char *text;

	setlocale(LC_ALL, "C.UTF-8");
	setenv("LINES", "24", 1);
	setenv("COLUMNS", "80", 1);
	if (!out || !in || !(scr = newterm("xterm-256color", out, in))) {
		fprintf(stderr, "editor_keys: cannot start ncurses on /dev/null\n");
		return 1;
	}
	win = stdscr;
	text = make_text(len);
	ed = editor_new(text);
	if (middle)
		editor_set_cursor(ed, editor_len(ed) / 2);
	step(ed);		/* the first draw maps the text once */
	feed_keys(ed, keys);
	printf("%zu bytes, cursor at %zu\n", editor_len(ed), editor_cursor(ed));
	editor_free(ed);
	free(text);
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);
	return 0;
}
