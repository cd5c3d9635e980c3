/*
 * name_match.c - matching a typed name against a person's name the way
 * people type names: folded to plain lower-case Latin letters with the
 * accents, apostrophes, spaces and punctuation left out (see name_match.h).
 */
#include <stdlib.h>
#include <string.h>

#include "name_match.h"
#include "sbuf.h"
#include "utf8.h"

/* U+0100..U+017F (Latin Extended-A) without their accents; '*' marks the
 * two letters that fold to two (Ĳ ĳ, Œ œ), done by hand below. */
static const char ext_a[] =
	"aaaaaa" "cccccccc" "dddd" "eeeeeeeeee" "gggggggg" "hhhh" "iiiiiiiiii"
	"**" "jj" "kkk" "llllllllll" "nnnnnnnnn" "oooooo" "**" "rrrrrr"
	"ssssssss" "tttttt" "uuuuuuuuuuuu" "ww" "yyy" "zzzzzz" "s";

/* What folds to nothing but does not end a word: apostrophes. */
static int apostrophe(uint32_t c)
{
	return c == '\'' || c == '`' || c == 0xB4 || c == 0x2BC ||
	       c == 0x2018 || c == 0x2019;
}

/* What ends a word: white space, dashes and other punctuation. */
static int separator(uint32_t c)
{
	if (c < 0x80)
		return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9'));
	return c == 0xA0 || c == 0xD7 || c == 0xF7 || c == 0xB7 ||
	       (c >= 0x2000 && c <= 0x206F);	/* spaces, dashes, quotes */
}

/* The plain letters for c, or NULL when c is kept as it is. */
static const char *plain_letters(uint32_t c, char one[2])
{
	static const char l1[] =	/* U+00C0..U+00FF; '*' by hand */
		"aaaaaa*ceeeeiiii" "dnooooo*ouuuuy**"
		"aaaaaa*ceeeeiiii" "dnooooo*ouuuuy*y";

	one[1] = '\0';
	if (c < 0x80) {
		one[0] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		return one;
	}
	switch (c) {
	case 0xC6: case 0xE6: return "ae";
	case 0xDE: case 0xFE: return "th";
	case 0xDF: return "ss";
	case 0x132: case 0x133: return "ij";
	case 0x152: case 0x153: return "oe";
	case 0x1E9E: return "ss";
	case 0x218: case 0x219: return "s";	/* Ș ș */
	case 0x21A: case 0x21B: return "t";	/* Ț ț */
	default: break;
	}
	if (c >= 0xC0 && c <= 0xFF && l1[c - 0xC0] != '*') {
		one[0] = l1[c - 0xC0];
		return one;
	}
	if (c >= 0x100 && c <= 0x17F && ext_a[c - 0x100] != '*') {
		one[0] = ext_a[c - 0x100];
		return one;
	}
	return NULL;
}

int name_match_contains(const char *name, const char *folded)
{
	char buf[256];
	size_t n = 0, len = strlen(name);
	int found;

	if (!*folded)
		return 1;
	for (size_t i = 0; i < len;) {
		unsigned char b = (unsigned char)name[i];
		uint32_t c;
		const char *plain;
		char one[2];
		size_t k;

		if (n + 8 >= sizeof(buf))
			goto long_name;
		if (b < 0x80) {		/* plain ASCII: letters and digits kept */
			if ((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9'))
				buf[n++] = (char)b;
			else if (b >= 'A' && b <= 'Z')
				buf[n++] = (char)(b + 32);
			i++;
			continue;
		}
		k = utf8_decode(name + i, len - i, &c);
		if (k == 0) {		/* an invalid byte: kept as it is */
			buf[n++] = name[i++];
			continue;
		}
		i += k;
		if (apostrophe(c) || utf8_is_mark(c) || separator(c))
			continue;
		if ((plain = plain_letters(c, one))) {
			while (*plain)
				buf[n++] = *plain++;
		} else {
			n += utf8_encode(c, buf + n);
		}
	}
	buf[n] = '\0';
	return strstr(buf, folded) != NULL;
long_name:
	{
		char *hay = name_match_fold(name, NULL);

		found = strstr(hay, folded) != NULL;
		free(hay);
	}
	return found;
}

char *name_match_fold(const char *s, char **words)
{
	struct sbuf out = SBUF_INIT, w = SBUF_INIT;
	size_t n = strlen(s);
	int at_start = 1;

	for (size_t i = 0; i < n;) {
		uint32_t c;
		size_t len = utf8_decode(s + i, n - i, &c);
		const char *plain;
		char one[2];

		if (len == 0) {		/* an invalid byte: kept as it is */
			sbuf_addch(&out, s[i]);
			sbuf_addch(&w, at_start ? 'w' : '.');
			at_start = 0;
			i++;
			continue;
		}
		i += len;
		if (apostrophe(c) || utf8_is_mark(c))
			continue;
		if (separator(c)) {
			at_start = 1;
			continue;
		}
		plain = plain_letters(c, one);
		if (plain) {
			sbuf_adds(&out, plain);
		} else {
			char enc[4];

			len = utf8_encode(c, enc);
			sbuf_add(&out, enc, len);
		}
		sbuf_addch(&w, at_start ? 'w' : '.');
		while (w.len < out.len)
			sbuf_addch(&w, '.');
		at_start = 0;
	}
	if (words)
		*words = sbuf_detach(&w);
	sbuf_release(&w);
	return sbuf_detach(&out);
}

enum name_match name_match(const char *name, const char *typed)
{
	char *words, *hay = name_match_fold(name, &words);
	char *needle = name_match_fold(typed, NULL);
	enum name_match m = NAME_MATCH_NONE;

	if (!*needle)
		m = NAME_MATCH_WORD;
	else if (!strcmp(hay, needle))
		m = NAME_MATCH_WHOLE;
	else
		for (const char *at = strstr(hay, needle); at; at = strstr(at + 1, needle)) {
			if (words[at - hay] == 'w') {
				m = NAME_MATCH_WORD;
				break;
			}
			m = NAME_MATCH_INSIDE;
		}
	free(hay);
	free(words);
	free(needle);
	return m;
}
