/*
 * match.c - name matching that ignores case, accents, apostrophes and
 * spaces (see match.h): each character is folded to the plain letters a
 * person would type on a UK keyboard, then a substring is looked for.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "sbuf.h"
#include "utf8.h"

/* Latin-1 Supplement U+00C0..U+00FF, folded (lower case, no accent). */
static const char *const latin1[64] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
};

/* Latin Extended-A U+0100..U+017F: the base letter of each pair. */
static const char latin_a[] =
	"aaaaaaccccccccdddd" "eeeeeeeeee" "gggggggg" "hhhh" "iiiiiiiiii" "jj" "jj" "kkk"
	"llllllllll" "nnnnnnnnn" "oooooo" "oo" "rrrrrr" "ssssssss" "tttttt"
	"uuuuuuuuuuuu" "ww" "yyy" "zzzzzz" "s";

static void fold_char(struct sbuf *sb, uint32_t c)
{
	char mb[4];

	if (c < 128) {
		if (c == '\'' || c == '-' || c == '.' || c == ' ' || c == '\t' || c == '`')
			return;
		sbuf_addch(sb, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
		return;
	}
	if (c >= 0xC0 && c <= 0xFF) {
		sbuf_adds(sb, latin1[c - 0xC0]);
		return;
	}
	if (c >= 0x100 && c <= 0x17F) {
		if (c == 0x132 || c == 0x133)
			sbuf_adds(sb, "ij");
		else if (c == 0x152 || c == 0x153)
			sbuf_adds(sb, "oe");
		else if (c - 0x100 < sizeof(latin_a) - 1)
			sbuf_addch(sb, latin_a[c - 0x100]);
		return;
	}
	/* Combining marks (a decomposed é), quotes and spaces: left out. */
	if (utf8_is_mark(c) || c == 0x2018 || c == 0x2019 || c == 0x02BC || c == 0xA0 ||
	    c == 0x2010 || c == 0x2011 || c == 0x2013)
		return;
	sbuf_add(sb, mb, utf8_encode(c, mb));
}

char *match_fold(const char *s)
{
	struct sbuf sb = SBUF_INIT;
	size_t n = strlen(s), i = 0;

	while (i < n) {
		uint32_t c;
		size_t l = utf8_decode(s + i, n - i, &c);

		if (l == 0) {
			sbuf_addch(&sb, s[i++]);
			continue;
		}
		fold_char(&sb, c);
		i += l;
	}
	return sbuf_detach(&sb);
}

int match_name(const char *hay, const char *needle)
{
	char *h, *n;
	int found;

	if (!needle || !*needle)
		return 1;
	h = match_fold(hay ? hay : "");
	n = match_fold(needle);
	found = strstr(h, n) != NULL;
	free(h);
	free(n);
	return found;
}
