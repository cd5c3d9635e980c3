/*
 * editor.h - the multi-line text editor widget for long answers: UTF-8 in a
 * gap buffer, soft wrap at word boundaries, real newlines, wide and
 * combining characters, and Ctrl-E handing the text to $VISUAL/$EDITOR.
 * libform is no use here: it pads with spaces and stores no newlines.
 */
#ifndef EADR_EDITOR_H
#define EADR_EDITOR_H

#include <curses.h>
#include <stddef.h>
#include <wchar.h>

#include "lib/err.h"

struct editor;			/* a multi-line UTF-8 text being edited */

/*
 * A new editor holding a copy of text (NULL -> ""), cursor at the end.
 * Invalid UTF-8 bytes become U+FFFD and "\r\n" or "\r" become "\n"; a text
 * longer than EDITOR_MAX is kept whole (nothing is cut off), only further
 * growth is refused.  Never returns NULL (aborts on out of memory).
 */
struct editor *editor_new(const char *text);
void editor_free(struct editor *ed);		/* NULL ok */

/*
 * Feed one key from wget_wch(): is_key is 1 for KEY_CODE_YES (then ch is a
 * KEY_* code), else 0 and ch is a wide character.  Enter arrives as '\n' or '\r'
 * (or KEY_ENTER) and inserts a real newline; callers decide which keys
 * leave the field.  Returns:
 *   EDITOR_CHANGED  the text changed;
 *   EDITOR_MOVED    the key was the editor's but only the cursor moved (or
 *                   nothing could move, e.g. Left at the start);
 *   EDITOR_IGNORED  the key is not the editor's (Tab, Esc, F-keys, Ctrl-E,
 *                   other control keys): the caller handles it;
 *   EDITOR_FULL     a character was refused because the text would pass
 *                   EDITOR_MAX; the key is consumed, nothing changed.
 * Keys: printable characters, Enter, Backspace, Delete, Left/Right (one
 * character with its combining marks), Up/Down (display line),
 * Home/Ctrl-A and End (display line start/end; pressed again: the start or
 * end of the whole line), Ctrl-Left/Ctrl-Right and Alt-Left/Alt-Right (by
 * word; Alt-b/Alt-f through editor_meta_key), Ctrl-Home/Ctrl-End (start
 * and end of the text), PageUp/PageDown, Ctrl-K (kill to the end of the
 * line; at the end, join the next line), Ctrl-U (kill to the line start).
 */
enum { EDITOR_IGNORED, EDITOR_MOVED, EDITOR_CHANGED, EDITOR_FULL };
int editor_key(struct editor *ed, int is_key, wint_t ch);

/*
 * Alt-<ch> (the caller read Esc and then ch without delay): 'b' and 'f'
 * move by word, 'd' deletes the word after the cursor.  Returns as
 * editor_key (EDITOR_IGNORED for any other ch).
 */
int editor_meta_key(struct editor *ed, wint_t ch);

/*
 * Insert a whole UTF-8 string at the cursor (paste, or text from outside),
 * cursor after it.  Returns -1 (and changes nothing) if the result would
 * exceed EDITOR_MAX bytes or utf8 is not valid UTF-8; 0 otherwise.  "\r\n"
 * and "\r" become "\n".
 */
#define EDITOR_MAX (64 * 1024)	/* bytes; no cap below this */
int editor_insert(struct editor *ed, const char *utf8);

/* Replace the whole text (as editor_new), cursor at the end. */
void editor_set_text(struct editor *ed, const char *utf8);

/* The whole text as UTF-8 (borrowed, valid until the next change). */
const char *editor_text(struct editor *ed);
size_t editor_len(const struct editor *ed);	/* bytes */
unsigned long editor_generation(const struct editor *ed); /* bumps on change */

/* The cursor as a byte offset into editor_text() (always on a character
 * boundary); editor_set_cursor clamps and rounds back to one. */
size_t editor_cursor(const struct editor *ed);
void editor_set_cursor(struct editor *ed, size_t off);

/*
 * Draw into win at (y, x) within height x width cells, soft-wrapping at
 * word boundaries, wide and combining characters correct, keeping the
 * cursor's line visible (the editor keeps its own scroll position).
 * Sets *cy, *cx to the screen position of the cursor (the caller moves the
 * terminal cursor there).  Only draws: never refreshes.  Cost does not grow
 * with the length of the text beyond what is visible: the editor keeps a
 * map of display-line starts that an edit wraps again only from the edit
 * until a line starts where one did before.
 */
void editor_draw(struct editor *ed, WINDOW *win, int y, int x,
		 int height, int width, int *cy, int *cx);
/*
 * As editor_draw, over its last draw at the same place, size and
 * attributes, still on the window: only the rows whose text differs are
 * drawn, from where it differs (a key in a long answer draws its own row
 * from the key on, and the rows it reflows, not the whole box); a row
 * whose text no edit touched is not read.  Anywhere else it draws every
 * row, as editor_draw.
 */
void editor_draw_changed(struct editor *ed, WINDOW *win, int y, int x,
			 int height, int width, int *cy, int *cx);

/*
 * The wrap layout without drawing (for tests and for callers that need the
 * number of display lines): fills starts[0..n-1] with the byte offsets at
 * which display lines begin when wrapped at width columns, up to max
 * entries, and returns the total number of display lines (which may be
 * more than max).  Costs time in proportion to the whole text.
 */
size_t editor_layout(struct editor *ed, int width, size_t *starts, size_t max);

/*
 * Ctrl-E: run $VISUAL, else $EDITOR, else vi on the text in a temporary
 * file (mode 0600).  Curses is not touched: the caller hands the terminal
 * over first (app_outside in tui/screen.h) and redraws it all after.  On
 * success the text is replaced (a final newline the editor added is
 * dropped).  On failure -1 + err and the text is unchanged; if the edited
 * file could not be taken (not UTF-8, too long), it is kept and err names
 * it, so no work is lost.
 */
int editor_external(struct editor *ed, struct err *err);

#endif
