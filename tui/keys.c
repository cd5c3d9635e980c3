/*
 * keys.c - the key tables' lookup, names, help labels and footer (see
 * keys.h): a key's name is made from its code, so what help and the
 * footer say is the key the table binds.
 */
#include <string.h>

#include "keys.h"
#include "ui.h"

unsigned keys_code(enum key_kind kind, wint_t ch)
{
	if (kind == KIND_CODE) {
		if (ch == KEY_ENTER)
			return K_ENTER;
		if (ch == KEY_BACKSPACE)
			return K_BS;
		return KC(ch);
	}
	if (kind == KIND_ALT)
		return K_ALT | (unsigned)ch;
	if (ch == '\n')
		return K_ENTER;
	if (ch == 8)
		return K_BS;
	return (unsigned)ch;
}

int keys_has(const struct keydef *k, unsigned key)
{
	for (int i = 0; i < KEYS_MAX && k->key[i]; i++) {
		if (k->key[i] == key)
			return 1;
		if ((k->key[i] & K_TO) && i > 0 && key > k->key[i - 1] &&
		    key < (k->key[i] & ~K_TO))
			return 1;
		if ((k->key[i] & K_TO) && key == (k->key[i] & ~K_TO))
			return 1;
	}
	return 0;
}

const struct keydef *keys_find(const struct keydef *t, unsigned place, unsigned key)
{
	for (; t && t->fn; t++)
		if ((!t->when || (t->when & place)) && keys_has(t, key))
			return t;
	return NULL;
}

static const struct {
	int code;
	const char *name, *brief;
} code_names[] = {
	{ KEY_UP, "Up", "Up" }, { KEY_DOWN, "Down", "Down" },
	{ KEY_LEFT, "Left", "Left" }, { KEY_RIGHT, "Right", "Right" },
	{ KEY_PPAGE, "PageUp", "PgUp" }, { KEY_NPAGE, "PageDown", "PgDn" },
	{ KEY_HOME, "Home", "Home" }, { KEY_END, "End", "End" },
	{ KEY_DC, "Delete", "Del" }, { KEY_BTAB, "Shift-Tab", "S-Tab" },
	{ KEY_IC, "Insert", "Ins" },
};

void keys_name(struct sbuf *sb, unsigned key, int brief)
{
	unsigned c = key & ~(K_CODE | K_ALT | K_TO);

	if (key & K_CODE) {
		if (c >= (unsigned)KEY_F(1) && c <= (unsigned)KEY_F(12)) {
			sbuf_addf(sb, "F%u", c - (unsigned)KEY_F(0));
			return;
		}
		for (size_t i = 0; i < sizeof(code_names) / sizeof(code_names[0]); i++)
			if ((unsigned)code_names[i].code == c) {
				sbuf_adds(sb, brief ? code_names[i].brief : code_names[i].name);
				return;
			}
		sbuf_addf(sb, "key %u", c);
		return;
	}
	if (key & K_ALT) {
		sbuf_addf(sb, "Alt-%c", (char)c);
		return;
	}
	switch (c) {
	case K_ENTER: sbuf_adds(sb, "Enter"); return;
	case K_TAB: sbuf_adds(sb, "Tab"); return;
	case K_ESC: sbuf_adds(sb, "Esc"); return;
	case K_BS: sbuf_adds(sb, brief ? "Bksp" : "Backspace"); return;
	case ' ': sbuf_adds(sb, "Space"); return;
	}
	if (c < 32) {
		sbuf_addf(sb, brief ? "^%c" : "Ctrl-%c", (char)(c + '@'));
		return;
	}
	if (c < 128)
		sbuf_addch(sb, (char)c);
	else
		sbuf_addf(sb, "U+%04X", c);
}

static void label(struct sbuf *sb, const struct keydef *k, int brief, int max)
{
	for (int i = 0; i < max && k->key[i]; i++) {
		if (i > 0 && k->key[i] >= 'A' && k->key[i] <= 'Z' && k->key[i - 1] == k->key[i] + 32) {
			max++;
			continue;
		}
		if (k->key[i] & K_TO)
			sbuf_addch(sb, '-');
		else if (i > 0)
			sbuf_adds(sb, brief ? "/" : ", ");
		keys_name(sb, k->key[i], brief);
	}
}

void keys_label(struct sbuf *sb, const struct keydef *k, int brief)
{
	label(sb, k, brief, KEYS_MAX);
}

void keys_footer(struct sbuf *sb, const struct keydef *t, unsigned place, int width)
{
	static const char help[] = "F1 help";
	struct sbuf item = SBUF_INIT;
	int room = width - (int)sizeof(help) - 1;

	sbuf_reset(sb);
	for (; t && t->fn; t++) {
		if (!t->foot || (t->when && !(t->when & place)))
			continue;
		sbuf_reset(&item);
		/* the first key, or nfoot (a range stays whole) */
		label(&item, t, 1, (t->key[1] & K_TO) ? 2 : t->nfoot > 1 ? t->nfoot : 1);
		sbuf_addf(&item, " %s  ", t->foot);
		if (ui_width(sb->buf) + ui_width(item.buf) > room)
			continue;	/* a later, shorter one may fit */
		sbuf_adds(sb, item.buf);
	}
	sbuf_adds(sb, help);
	sbuf_release(&item);
}

const struct screen_ops *const keys_screens[] = {
	&team_ops, &walk_ops, &review_ops, &review_view_ops, &ninebox_ops, &help_ops,
	&report_screen_ops, &dialog_ops, &app_confirm_ops, &app_menu_ops,
	&feedback_screen_ops, &feedback_request_ops, NULL,
};

enum scr_result keys_help(struct app *app, void *self, unsigned key)
{
	(void)app, (void)self, (void)key;
	return SCR_HELP;
}

enum scr_result keys_quit(struct app *app, void *self, unsigned key)
{
	(void)app, (void)self, (void)key;
	return SCR_QUIT;
}

enum scr_result keys_back(struct app *app, void *self, unsigned key)
{
	(void)app, (void)self, (void)key;
	return SCR_POP;
}
