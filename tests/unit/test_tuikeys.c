/*
 * test_tuikeys.c - every screen's key table (tui/keys.h) against itself:
 * each key listed in help reaches its entry (no other entry takes it first
 * where the entry says it works), does something (has a function), is
 * named from its code, and the footer is made of the table's own entries,
 * always ending with "F1 help", at 80 and at 60 columns.
 */
#include "testutil.h"

#include "tui/keys.h"
#include "tui/ui.h"

/* Each key of k, ranges expanded, into out; returns how many. */
static int expand(const struct keydef *k, unsigned *out, int max)
{
	int n = 0;

	for (int i = 0; i < KEYS_MAX && k->key[i] && n < max; i++) {
		if ((k->key[i] & K_TO) && i > 0) {
			for (unsigned c = k->key[i - 1] + 1; c <= (k->key[i] & ~K_TO) && n < max; c++)
				out[n++] = c;
		} else {
			out[n++] = k->key[i];
		}
	}
	return n;
}

static void test_entries_complete(void **state)
{
	(void)state;
	for (int s = 0; keys_screens[s]; s++) {
		const struct screen_ops *ops = keys_screens[s];

		assert_non_null(ops->name);
		assert_non_null(ops->keys);
		assert_non_null(ops->keys[0].fn);
		for (const struct keydef *k = ops->keys; k->fn; k++) {
			struct sbuf sb = SBUF_INIT;

			assert_non_null(k->what);
			assert_true(k->what[0] != '\0');
			assert_true(k->key[0] != 0);
			keys_label(&sb, k, 0);
			/* every key has a name made from its code */
			if (strstr(sb.buf, "key ") || strstr(sb.buf, "U+"))
				fail_msg("%s: a key without a name in \"%s\"", ops->name, sb.buf);
			sbuf_release(&sb);
		}
	}
}

/*
 * Every key of every entry reaches that entry in each place it says it
 * works (for entries that work everywhere: in some place), so no key
 * listed in help is taken by another entry first.
 */
static void test_no_key_shadowed(void **state)
{
	(void)state;
	for (int s = 0; keys_screens[s]; s++) {
		const struct screen_ops *ops = keys_screens[s];

		for (const struct keydef *k = ops->keys; k->fn; k++) {
			unsigned keys[64];
			int n = expand(k, keys, 64);

			for (int i = 0; i < n; i++) {
				struct sbuf name = SBUF_INIT;
				int reached = 0;

				keys_name(&name, keys[i], 0);
				for (int b = 0; b < 32; b++) {
					unsigned place = 1u << b;
					const struct keydef *got = keys_find(ops->keys, place, keys[i]);

					if (k->when & place) {
						if (got != k)
							fail_msg("%s: %s says \"%s\" but does \"%s\"",
								 ops->name, name.buf, k->what,
								 got ? got->what : "nothing");
						reached = 1;
					} else if (!k->when && got == k) {
						reached = 1;
					}
				}
				if (!reached)
					fail_msg("%s: %s (\"%s\") is never reached", ops->name,
						 name.buf, k->what);
				/* the keys every screen shares are never a screen's */
				if (keys_find(app_common_keys, 0, keys[i]))
					fail_msg("%s: %s is a shared key", ops->name, name.buf);
				sbuf_release(&name);
			}
		}
	}
}

/* Is item ("^N/^P section") the footer of an entry of t that works in place? */
static int from_table(const struct keydef *t, unsigned place, const char *item)
{
	for (const struct keydef *k = t; k->fn; k++) {
		struct sbuf sb = SBUF_INIT;
		int same;

		if (!k->foot || (k->when && !(k->when & place)))
			continue;
		keys_label(&sb, k, 1);
		sbuf_addf(&sb, " %s", k->foot);
		/* the footer names the first keys of the label */
		same = !strcmp(sb.buf, item) ||
		       (strlen(item) > strlen(k->foot) + 1 &&
			!strcmp(item + strlen(item) - strlen(k->foot), k->foot) &&
			!strncmp(sb.buf, item, strlen(item) - strlen(k->foot) - 1));
		sbuf_release(&sb);
		if (same)
			return 1;
	}
	return 0;
}

static void test_footer_from_table(void **state)
{
	static const int widths[] = { 78, 58, 200 };

	(void)state;
	for (int s = 0; keys_screens[s]; s++) {
		const struct screen_ops *ops = keys_screens[s];

		for (int b = -1; b < 32; b++) {
			unsigned place = b < 0 ? 0 : 1u << b;

			for (size_t wi = 0; wi < sizeof(widths) / sizeof(widths[0]); wi++) {
				struct sbuf f = SBUF_INIT;
				char *copy, *p, *item;
				size_t len;
				int nitems = 0;

				keys_footer(&f, ops->keys, place, widths[wi]);
				len = strlen(f.buf);
				assert_true(ui_width(f.buf) <= widths[wi]);
				assert_true(len >= 7);
				assert_string_equal(f.buf + len - 7, "F1 help");
				copy = xstrdup(f.buf);
				copy[len - 7] = '\0';
				for (p = copy; (item = strstr(p, "  ")) || *p; ) {
					if (item)
						*item = '\0';
					if (*p && !from_table(ops->keys, place, p))
						fail_msg("%s: footer item \"%s\" is in no entry",
							 ops->name, p);
					nitems += *p != '\0';
					if (!item)
						break;
					p = item + 2;
				}
				/* wide enough, every footer entry that works there shows */
				if (widths[wi] == 200)
					for (const struct keydef *k = ops->keys; k->fn; k++)
						nitems -= k->foot && (!k->when || (k->when & place));
				if (widths[wi] == 200)
					assert_int_equal(nitems, 0);
				free(copy);
				sbuf_release(&f);
			}
		}
	}
}

/* The walk's keys the issue found drifting: each does what help says. */
static void test_walk_keys(void **state)
{
	const struct keydef *down_choice, *down_line, *tab, *ctrl_d;

	(void)state;
	down_choice = keys_find(walk_ops.keys, 1 << 2, KC(KEY_DOWN));
	down_line = keys_find(walk_ops.keys, 1 << 1, KC(KEY_DOWN));
	assert_non_null(down_choice);
	assert_non_null(down_line);
	assert_ptr_not_equal(down_choice, down_line);
	assert_non_null(strstr(down_choice->what, "option"));
	assert_non_null(strstr(down_line->what, "question"));
	tab = keys_find(walk_ops.keys, 1 << 1, K_TAB);
	assert_non_null(strstr(tab->what, "next section"));
	/* Ctrl-D works from any question of a list item, not only its heading */
	ctrl_d = keys_find(walk_ops.keys, (1 << 0) | (1 << 8), KCTRL('D'));
	assert_non_null(ctrl_d);
	assert_non_null(strstr(ctrl_d->what, "delete"));
	/* the 9-box closes with the keys its footer names */
	assert_non_null(keys_find(ninebox_ops.keys, 0, K_ENTER));
	assert_non_null(keys_find(ninebox_ops.keys, 0, K_ESC));
}

static void test_names(void **state)
{
	struct sbuf sb = SBUF_INIT;
	static const struct keydef k = { { KCTRL('N'), KCTRL('P') }, "x", "section", 0, NULL, 2 };
	static const struct keydef d = { { '1', K_TO | '9', '0' }, "x", "pick", 0, NULL, 0 };
	static const struct keydef y = { { 'y', 'Y' }, "x", "yes", 0, NULL, 0 };

	(void)state;
	keys_label(&sb, &k, 0);
	assert_string_equal(sb.buf, "Ctrl-N, Ctrl-P");
	sbuf_reset(&sb);
	keys_label(&sb, &k, 1);
	assert_string_equal(sb.buf, "^N/^P");
	sbuf_reset(&sb);
	keys_label(&sb, &d, 0);
	assert_string_equal(sb.buf, "1-9, 0");
	sbuf_reset(&sb);
	keys_label(&sb, &y, 0);
	assert_string_equal(sb.buf, "y");
	assert_true(keys_has(&d, '5'));
	assert_true(keys_has(&d, '9'));
	assert_true(keys_has(&d, '0'));
	assert_false(keys_has(&d, 'a'));
	assert_true(keys_has(&y, 'Y'));
	sbuf_reset(&sb);
	keys_name(&sb, KC(KEY_F(1)), 0);
	assert_string_equal(sb.buf, "F1");
	sbuf_reset(&sb);
	keys_name(&sb, KC(KEY_BTAB), 0);
	assert_string_equal(sb.buf, "Shift-Tab");
	sbuf_release(&sb);
	assert_int_equal(keys_code(KIND_CHAR, '\n'), K_ENTER);
	assert_int_equal(keys_code(KIND_CODE, KEY_ENTER), K_ENTER);
	assert_int_equal(keys_code(KIND_CODE, KEY_BACKSPACE), K_BS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_entries_complete),
		cmocka_unit_test(test_no_key_shadowed),
		cmocka_unit_test(test_footer_from_table),
		cmocka_unit_test(test_walk_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
