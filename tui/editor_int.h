/*
 * editor_int.h - what the files of the answer editor share, and nothing
 * else includes: the struct, the gap buffer (edbuf.c), the map of wrap
 * points (edwrap.c) and the $VISUAL/$EDITOR run (edext.c).  editor.c holds
 * the public functions of editor.h: life cycle, keys and drawing.
 */
#ifndef EADR_EDITOR_INT_H
#define EADR_EDITOR_INT_H

#include <stddef.h>
#include <stdint.h>

#include "editor.h"
#include "lib/err.h"
#include "lib/sbuf.h"

struct editor {
	char *buf;		/* text = buf[0, gs) + buf[ge, cap) */
	size_t cap, gs, ge;
	size_t cur;		/* cursor, a byte offset into the text */
	unsigned long gen;

	struct sbuf text;	/* contiguous copy for editor_text() */
	int text_ok;
	size_t text_same;	/* text's first text_same bytes are still right:
				   a key rebuilds the copy from the edit on */

	/*
	 * map[i] is where display line i starts at width mapw.  Only a prefix
	 * of the text is mapped; map_final says the last entry's line runs to
	 * the end of the text.  An edit at p keeps the lines whose wrap did
	 * not read p: a line's wrap reads at most width columns and one
	 * character more, which may be past the line after it (" " then a
	 * 24-letter word at width 25 reads the character after the word).
	 *
	 * The lines the edit took off the map, and those after them, wait in
	 * tail[0, tailn) as distances from the end of the text (which an edit
	 * before them does not change), the nearest last.  Wrapping on from
	 * the edit, a line that starts where one of them starts is the same
	 * line, and so is every line after it: the map is in step again
	 * (synced) and takes the rest from the tail without wrapping them
	 * (tail_final: the last of them runs to the end).  Unless synced,
	 * only the lines the last edit took off wait there.
	 */
	size_t *map, mapn, mapalloc;
	int mapw, map_final;
	size_t *tail, tailn, tailalloc;
	int tail_final, synced;

	size_t top;		/* first visible display line (byte offset) */
	int goal;		/* column Up/Down aim for, -1 for none */
	int last_w, last_h;	/* size of the last draw, for Up/Down/Page */

	/* where and what the last draw put on the screen: the text [ds, de)
	 * of each row, moved with the edits after it (ED_BLANK is a row past
	 * the end of the text).  An edit in a row keeps [ds, dk) as drawn and
	 * makes de ED_DIRTY; one across its start makes ds ED_DIRTY.  So
	 * editor_draw_changed draws only the rows whose text differs, from
	 * where it differs, without reading the others. */
	const WINDOW *dwin;
	int dy, dx, dh, dw;
	attr_t dattr;
	short dpair;
	size_t *ds, *dk, *de;
};

#define ED_DIRTY ((size_t)-1)
#define ED_BLANK ((size_t)-2)

#define LEN(ed) ((ed)->cap - ((ed)->ge - (ed)->gs))

/* ---- edbuf.c: the text in a gap buffer, kept at the last edit -------- */

/*
 * The text as it will be stored: "\r\n" and "\r" become "\n"; invalid
 * bytes become U+FFFD when fix, else make the whole thing fail (-1).
 */
int edbuf_normalize(const char *in, size_t n, struct sbuf *out, int fix);
/* Replace the whole text with s[0, n) (already normalized), cursor at the end. */
void edbuf_set(struct editor *ed, const char *s, size_t n);
unsigned char edbuf_at(const struct editor *ed, size_t i);	/* byte i < LEN */
/* The character at i (< LEN) into *cp; returns its length. */
size_t edbuf_dec(const struct editor *ed, size_t i, uint32_t *cp);
size_t edbuf_prev_cp(const struct editor *ed, size_t i);	/* start of the one before */
/* A character with the combining marks after it: where the next begins. */
size_t edbuf_next_cluster(const struct editor *ed, size_t i);
size_t edbuf_prev_cluster(const struct editor *ed, size_t i);
/* Insert s[0, n) at the cursor, cursor after it (no cap checked here). */
void edbuf_insert(struct editor *ed, const char *s, size_t n);
/* Delete the text [a, b), moving the cursor with it. */
void edbuf_delete(struct editor *ed, size_t a, size_t b);
/* The text as one string (borrowed, valid until the next change). */
const char *edbuf_text(struct editor *ed);

/* ---- edwrap.c: display lines, a cached map of wrap points ------------ */

/*
 * Wrap the display line that starts at s at width columns: returns where
 * the next one starts; *final is set when this line runs to the end.
 */
size_t edwrap_line(const struct editor *ed, size_t s, int width, int *final);
/* Map at width (a new width starts the map again). */
void edwrap_width(struct editor *ed, int width);
/*
 * The text changed at pos: removed bytes went, added bytes came (LEN is
 * already the new length).  The map is cut back to the line before pos's;
 * the lines after the edit wait to be taken back when the wrap meets them.
 */
void edwrap_cut(struct editor *ed, size_t pos, size_t removed, size_t added);
/* Forget the whole map (a new text or width). */
void edwrap_reset(struct editor *ed);
size_t edwrap_line_of(struct editor *ed, size_t pos);	/* display line of pos */
void edwrap_lines(struct editor *ed, size_t n);	/* map lines 0..n-1 (or all) */
size_t edwrap_line_end(struct editor *ed, size_t li);	/* exclusive */
size_t edwrap_line_last(struct editor *ed, size_t li);	/* last cursor spot */
int edwrap_col_of(struct editor *ed, size_t li, size_t pos);
size_t edwrap_pos_at_col(struct editor *ed, size_t li, int goal);

/* ---- edext.c: running $VISUAL / $EDITOR on a file --------------------- */

/*
 * Write text[0, len) to a new file (mode 0600) in $TMPDIR (else /tmp) and
 * put its name in path.  Returns 0, or -1 + err (nothing is left behind).
 */
int edext_tempfile(const char *text, size_t len, struct sbuf *path, struct err *err);

/*
 * Run $VISUAL, else $EDITOR, else vi on path through the shell (as git
 * does), waiting for it with SIGINT and SIGQUIT ignored.  The caller has
 * handed the terminal over.  Returns 0 when it exited with status 0, else
 * -1 + err ("... the answer is unchanged").
 */
int edext_run(const char *path, struct err *err);

#endif
