/*
 * app_keys.c - reading keys for the main loop (see screen.h): text is
 * UTF-8 whatever the locale says, so under a locale that is not UTF-8 the
 * bytes are read one by one and decoded here rather than by the C library
 * (which would drop them); and typed-ahead keys can be dropped.
 */
#include <string.h>

#include "lib/utf8.h"
#include "screen.h"
#include "ui.h"

/* How long the rest of a character may take to arrive (ms). */
#define REST_MS 50

/* Keys read ahead and handed back (app_unget_key), first out first. */
static struct {
	int rc;
	wint_t ch;
} ahead[4];
static int nahead;

/* Bytes read ahead while decoding, handed out before the terminal's. */
static int bytes[8];
static int nbytes;

static int byte_get(void)
{
	int c;

	if (nbytes) {
		c = bytes[0];
		memmove(bytes, bytes + 1, (size_t)--nbytes * sizeof(bytes[0]));
		return c;
	}
	return wgetch(stdscr);
}

/* Put bytes b[0, n) back in front of what is still to be read. */
static void bytes_unget(const int *b, int n)
{
	if (n <= 0 || nbytes + n > (int)(sizeof(bytes) / sizeof(bytes[0])))
		return;	/* cannot happen: at most 4 are ever put back */
	memmove(bytes + n, bytes, (size_t)nbytes * sizeof(bytes[0]));
	memcpy(bytes, b, (size_t)n * sizeof(bytes[0]));
	nbytes += n;
}

/* How many bytes a UTF-8 character starting with byte b has, or 0. */
static int utf8_len(int b)
{
	if (b >= 0xC2 && b <= 0xDF)
		return 2;
	if (b >= 0xE0 && b <= 0xEF)
		return 3;
	if (b >= 0xF0 && b <= 0xF4)
		return 4;
	return 0;
}

/*
 * The character that starts with byte b (0x80 to 0xFF): the rest of its
 * UTF-8 sequence is read here.  A byte that does not start a whole, valid
 * sequence is taken as the Latin-1 character of that value, and what was
 * read after it is read again: no byte is ever dropped.
 */
static wint_t decode_from(int b)
{
	char s[4];
	int got[4], n = 1, need = utf8_len(b), delay = wgetdelay(stdscr);
	uint32_t cp;

	s[0] = (char)b;
	if (need) {
		wtimeout(stdscr, REST_MS);
		while (n < need) {
			int c = byte_get();

			if (c == ERR)
				break;
			if (c >= KEY_MIN || (c & 0xC0) != 0x80) {
				got[n] = c;
				bytes_unget(got + n, 1);
				break;
			}
			s[n] = (char)c;
			got[n++] = c;
		}
		wtimeout(stdscr, delay);
		if (n == need && utf8_decode(s, (size_t)n, &cp) == (size_t)n)
			return (wint_t)cp;
		bytes_unget(got + 1, n - 1);
	}
	return (wint_t)b;
}

/* A key from the bytes of the terminal, decoded as UTF-8 here. */
static int get_decoded(wint_t *ch)
{
	int c = byte_get();

	if (c == ERR)
		return ERR;
	if (c >= KEY_MIN) {
		*ch = (wint_t)c;
		return KEY_CODE_YES;
	}
	*ch = c >= 0x80 ? decode_from(c) : (wint_t)c;
	return OK;
}

int app_get_key(wint_t *ch)
{
	if (nahead) {
		int rc = ahead[0].rc;

		*ch = ahead[0].ch;
		memmove(ahead, ahead + 1, (size_t)--nahead * sizeof(ahead[0]));
		return rc;
	}
	if (ui_utf8)
		return wget_wch(stdscr, ch);
	return get_decoded(ch);
}

void app_unget_key(int rc, wint_t ch)
{
	if (nahead == (int)(sizeof(ahead) / sizeof(ahead[0])))
		return;
	memmove(ahead + 1, ahead, (size_t)nahead * sizeof(ahead[0]));
	ahead[0].rc = rc;
	ahead[0].ch = ch;
	nahead++;
}

void app_drop_typeahead(void)
{
	nahead = 0;
	nbytes = 0;
	flushinp();
}
