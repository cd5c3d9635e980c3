/*
 * keys.h - one key table per screen: the table drives what each key does
 * (app.c looks a key up before the screen sees it), the footer (the
 * entries with a footer word that work where the focus is) and F1's help
 * (every entry), so the three cannot disagree.
 */
#ifndef EADR_KEYS_H
#define EADR_KEYS_H

#include "lib/sbuf.h"
#include "screen.h"

/* A key as one number: a character (Enter is '\r', Backspace 127), or a
 * curses code (K_CODE | KEY_DOWN), or Alt-<character> (K_ALT | 'b').
 * K_TO | c in a list means "and every key up to c" ("1-9"). */
#define K_CODE 0x01000000u
#define K_ALT 0x02000000u
#define K_TO 0x04000000u
#define KC(c) (K_CODE | (unsigned)(c))
#define KCTRL(c) ((unsigned)(c) & 0x1fu)
#define K_ESC 27u
#define K_ENTER 13u
#define K_TAB 9u
#define K_BS 127u

#define KEYS_MAX 6

/*
 * One entry: the keys, what they do (help), the footer's word (NULL: not
 * in the footer) and where they work: `when` is a set of the screen's own
 * places (bits its place function returns), 0 meaning everywhere.  fn is
 * what the key does; it gets the key (as above).  A NULL fn ends a table.
 */
struct keydef {
	unsigned key[KEYS_MAX];
	const char *what;
	const char *foot;
	unsigned when;
	enum scr_result (*fn)(struct app *app, void *self, unsigned key);
	int nfoot;	/* how many of the keys the footer names (0: the first) */
};

/* The key read, as a table number (Enter, '\n' and KEY_ENTER are all
 * K_ENTER; Backspace, Ctrl-H and KEY_BACKSPACE are K_BS). */
unsigned keys_code(enum key_kind kind, wint_t ch);
/* Does entry k list key? */
int keys_has(const struct keydef *k, unsigned key);
/* The first entry of t that lists key and works in place, or NULL. */
const struct keydef *keys_find(const struct keydef *t, unsigned place, unsigned key);
/* The name of one key: "Ctrl-N", "Shift-Tab", "F1", "q" (brief: "^N"). */
void keys_name(struct sbuf *sb, unsigned key, int brief);
/* An entry's keys, as help shows them ("Tab, Shift-Tab") or brief ("^N/^P");
 * an upper-case letter after its lower case ("y, Y") is not named. */
void keys_label(struct sbuf *sb, const struct keydef *k, int brief);
/*
 * The footer for place in width columns: the footer words of the entries
 * that work there, in table order, as many as fit, and always "F1 help"
 * at its end.  Replaces sb's contents.
 */
void keys_footer(struct sbuf *sb, const struct keydef *t, unsigned place, int width);

/* The keys every screen shares (app.c): help, quit, redraw. */
extern const struct keydef app_common_keys[];

/* What most screens do for F1/?, for quitting and for Esc: SCR_HELP,
 * SCR_QUIT, SCR_POP (a key table's fn for those keys). */
enum scr_result keys_help(struct app *app, void *self, unsigned key);
enum scr_result keys_quit(struct app *app, void *self, unsigned key);
enum scr_result keys_back(struct app *app, void *self, unsigned key);

/* Every screen, for the tests that check their tables (NULL ends);
 * each is defined in its own file. */
extern const struct screen_ops *const keys_screens[];
extern const struct screen_ops team_ops, walk_ops, review_ops, review_view_ops,
	ninebox_ops, help_ops, report_screen_ops, dialog_ops, app_confirm_ops,
	app_menu_ops, feedback_screen_ops, feedback_request_ops;

#endif
