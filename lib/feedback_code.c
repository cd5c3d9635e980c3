/*
 * feedback_code.c - the one-time codes of 360-degree feedback: made at
 * random, checked as typed (Crockford base 32 with a Damm check character
 * over GF(32)), hashed for storage.  See feedback.h and schema/feedback.md.
 */
#include <ctype.h>
#include <string.h>

#include <sodium.h>

#include "feedback.h"

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
static const char group_char[FB_NGROUPS] = { 'S', 'M', 'P', 'R', 'X' };
static const char *const group_name[FB_NGROUPS] = {
	"self", "line manager", "peers", "direct reports", "others"
};
static const char *const group_word[FB_NGROUPS] = {
	"self", "manager", "peer", "report", "other"
};

const char *feedback_group_name(enum fb_group g)
{
	return (unsigned)g < FB_NGROUPS ? group_name[g] : "?";
}

const char *feedback_group_word(enum fb_group g)
{
	return (unsigned)g < FB_NGROUPS ? group_word[g] : "?";
}

int feedback_group_parse(const char *word)
{
	for (int g = 0; g < FB_NGROUPS; g++)
		if (strcmp(word, group_word[g]) == 0)
			return g;
	return -1;
}

/* x times the field's generator in GF(32) = GF(2)[x]/(x^5 + x^2 + 1). */
static unsigned gf_mul2(unsigned v)
{
	v <<= 1;
	if (v & 32)
		v ^= 0x25;
	return v & 31;
}

/*
 * Damm's algorithm with the quasigroup a*b = 2a + b over GF(32): totally
 * anti-symmetric because 2 + 1 != 0 there, so one wrong character and one
 * swap of two different neighbours each leave a non-zero interim digit.
 */
static unsigned damm(const unsigned char *v, size_t n)
{
	unsigned c = 0;

	for (size_t i = 0; i < n; i++)
		c = gf_mul2(c) ^ v[i];
	return c;
}

static int value_of(int ch)
{
	ch = toupper((unsigned char)ch);
	if (ch == 'I' || ch == 'L')
		ch = '1';
	else if (ch == 'O')
		ch = '0';
	const char *p = ch ? strchr(alphabet, ch) : NULL;
	return p ? (int)(p - alphabet) : -1;
}

static void write_code(const unsigned char v[FB_CODE_LEN], char out[FB_CODE_TEXT])
{
	size_t o = 0;

	for (int i = 0; i < FB_CODE_LEN; i++) {
		if (i && i % 5 == 0)
			out[o++] = '-';
		out[o++] = alphabet[v[i]];
	}
	out[o] = '\0';
}

void feedback_code_make(enum fb_group g, char out[FB_CODE_TEXT])
{
	code_make_letter(group_char[g], out);
}

int feedback_code_check(const char *typed, char norm[FB_CODE_TEXT],
			enum fb_group *g, struct err *err)
{
	char letter;

	if (code_check_letter(typed, norm, &letter, err) < 0)
		return -1;
	for (int i = 0; i < FB_NGROUPS; i++)
		if (letter == group_char[i]) {
			*g = (enum fb_group)i;
			return 0;
		}
	return err_set(err, "that is not a feedback code (it names no group of raters)");
}

void feedback_code_hash(const char *norm, char out[FB_HASH_HEX + 1])
{
	static const char domain[] = "eadr-360-code-v1";
	unsigned char h[32];
	crypto_generichash_state s;

	crypto_generichash_init(&s, NULL, 0, sizeof h);
	crypto_generichash_update(&s, (const unsigned char *)domain, sizeof domain);
	crypto_generichash_update(&s, (const unsigned char *)norm, strlen(norm));
	crypto_generichash_final(&s, h, sizeof h);
	for (size_t i = 0; i < sizeof h; i++) {
		out[2 * i] = "0123456789abcdef"[h[i] >> 4];
		out[2 * i + 1] = "0123456789abcdef"[h[i] & 15];
	}
	out[FB_HASH_HEX] = '\0';
}

/* ---- the same format for other codes (preparation: lib/prepare.c) ---- */

void code_make_letter(char letter, char out[FB_CODE_TEXT])
{
	unsigned char v[FB_CODE_LEN];

	v[0] = (unsigned char)value_of(letter);
	for (int i = 1; i < FB_CODE_LEN - 1; i++)
		v[i] = (unsigned char)randombytes_uniform(32);
	v[FB_CODE_LEN - 1] = (unsigned char)gf_mul2(damm(v, FB_CODE_LEN - 1));
	write_code(v, out);
}

int code_check_letter(const char *typed, char norm[FB_CODE_TEXT], char *letter,
		      struct err *err)
{
	unsigned char v[FB_CODE_LEN];
	size_t n = 0;

	for (const char *p = typed; *p; p++) {
		if (*p == '-' || *p == ' ' || *p == '\t')
			continue;
		int x = value_of(*p);
		if (x < 0)
			return err_set(err, "'%c' is not in any code: codes use the "
				       "digits and the letters A-Z except I, L, O and U",
				       isprint((unsigned char)*p) ? *p : '?');
		if (n == FB_CODE_LEN)
			return err_set(err, "that code is too long: a code has %d "
				       "characters, like P7KM3-XQ9TR-2WHHC", FB_CODE_LEN);
		v[n++] = (unsigned char)x;
	}
	if (n < FB_CODE_LEN)
		return err_set(err, "that code is too short: a code has %d characters "
			       "(you typed %zu), like P7KM3-XQ9TR-2WHHC", FB_CODE_LEN, n);
	if (damm(v, FB_CODE_LEN) != 0)
		return err_set(err, "that code does not check out: a character is "
			       "mistyped or two are swapped; please type it again");
	write_code(v, norm);
	*letter = norm[0];
	return 0;
}
