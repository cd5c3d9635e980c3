/*
 * util.c - UUIDs, timestamps and calendar dates (see util.h).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>

#include "util.h"

int uuid_new(char out[UUID_LEN + 1], struct err *err)
{
	unsigned char b[16];
	size_t got = 0;

	while (got < sizeof(b)) {
		ssize_t n = getrandom(b + got, sizeof(b) - got, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return err_set(err, "cannot get random bytes: %s", strerror(errno));
		}
		got += (size_t)n;
	}
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(out, UUID_LEN + 1,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
		 b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
	return 0;
}

void time_stamp(char out[STAMP_LEN + 1])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, STAMP_LEN + 1, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void date_today(char out[DATE_LEN + 1])
{
	const char *fake = getenv("EADR_TODAY");
	time_t now;
	struct tm tm;

	if (fake && date_valid(fake)) {
		memcpy(out, fake, DATE_LEN + 1);
		return;
	}
	now = time(NULL);
	localtime_r(&now, &tm);
	strftime(out, DATE_LEN + 1, "%Y-%m-%d", &tm);
}

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int mdays(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && leap(y) ? 29 : d[m - 1];
}

static int parse(const char *s, int *y, int *m, int *d)
{
	int i;

	for (i = 0; i < DATE_LEN; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return 0;
		} else if (s[i] < '0' || s[i] > '9') {
			return 0;
		}
	}
	if (s[DATE_LEN] != '\0')
		return 0;
	*y = atoi(s);
	*m = atoi(s + 5);
	*d = atoi(s + 8);
	return *y >= 1900 && *m >= 1 && *m <= 12 && *d >= 1 && *d <= mdays(*y, *m);
}

int date_valid(const char *s)
{
	int y, m, d;

	return s && parse(s, &y, &m, &d);
}

/* Days since 1970-01-01 (proleptic Gregorian; Howard Hinnant's algorithm). */
static long to_days(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

long date_diff(const char *a, const char *b)
{
	int ya, ma, da, yb, mb, db;

	if (!parse(a, &ya, &ma, &da) || !parse(b, &yb, &mb, &db))
		return 0;
	return to_days(yb, mb, db) - to_days(ya, ma, da);
}

static void write_date(int y, int m, int d, char out[DATE_LEN + 1])
{
	if (y < 0 || y > 9999) {
		out[0] = '\0';
		return;
	}
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

void date_add(const char *s, long n, char out[DATE_LEN + 1])
{
	int y, m, d;

	if (!parse(s, &y, &m, &d)) {
		out[0] = '\0';
		return;
	}
	from_days(to_days(y, m, d) + n, &y, &m, &d);
	write_date(y, m, d, out);
}

/* Digits at *s (at most max): their value, or -1 when none. */
static long digits(const char **s, int max)
{
	long v = 0;
	int n = 0;

	while (n < max && **s >= '0' && **s <= '9') {
		v = v * 10 + (**s - '0');
		(*s)++;
		n++;
	}
	return n ? v : -1;
}

static int word_is(const char *s, size_t len, const char *word)
{
	return len == strlen(word) && !strncasecmp(s, word, len);
}

/* "+6m", "+2 weeks": n units from today. */
static int read_offset(const char *s, size_t len, const char *today,
		       char out[DATE_LEN + 1])
{
	const char *p = s + 1, *end = s + len;
	long n = digits(&p, 4);
	int y, m, d;
	size_t ul;

	if (n < 0 || !parse(today, &y, &m, &d))
		return 0;
	while (p < end && *p == ' ')
		p++;
	ul = (size_t)(end - p);
	if (word_is(p, ul, "d") || word_is(p, ul, "day") || word_is(p, ul, "days")) {
		date_add(today, n, out);
	} else if (word_is(p, ul, "w") || word_is(p, ul, "week") || word_is(p, ul, "weeks")) {
		date_add(today, n * 7, out);
	} else if (word_is(p, ul, "m") || word_is(p, ul, "month") ||
		   word_is(p, ul, "months") || word_is(p, ul, "y") || word_is(p, ul, "year") ||
		   word_is(p, ul, "years")) {
		long months = (long)m - 1 + (tolower((unsigned char)*p) == 'y' ? n * 12 : n);

		y += (int)(months / 12);
		m = (int)(months % 12) + 1;
		if (d > mdays(y, m))
			d = mdays(y, m);	/* 31 January + 1 month: 28 or 29 February */
		write_date(y, m, d, out);
	} else {
		return 0;
	}
	return out[0] != '\0';
}

int date_read(const char *in, const char *today, char out[DATE_LEN + 1])
{
	const char *s = in, *p;
	size_t len;
	long a, b, c;
	int y, m, d;

	out[0] = '\0';
	if (!in)
		return 0;
	while (*s == ' ' || *s == '\t')
		s++;
	len = strlen(s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n'))
		len--;
	if (word_is(s, len, "today") || word_is(s, len, "tomorrow")) {
		if (!date_valid(today))
			return 0;
		date_add(today, word_is(s, len, "tomorrow") ? 1 : 0, out);
		return out[0] != '\0';
	}
	if (len && s[0] == '+')
		return read_offset(s, len, today, out);
	p = s;
	a = digits(&p, 4);
	if (a < 0 || p - s == 3 || !(*p == '/' || *p == '-' || *p == '.'))
		return 0;
	if (p - s == 4) {	/* year first: YYYY-MM-DD only */
		if (len != DATE_LEN)
			return 0;
		memcpy(out, s, DATE_LEN);
		out[DATE_LEN] = '\0';
		if (!date_valid(out))
			out[0] = '\0';
		return out[0] != '\0';
	}
	p++;
	b = digits(&p, 2);
	if (b < 0 || !(*p == '/' || *p == '-' || *p == '.'))
		return 0;
	p++;
	{
		const char *ys = p;

		c = digits(&p, 4);
		if (c < 0 || (size_t)(p - s) != len || (p - ys != 2 && p - ys != 4))
			return 0;
		if (p - ys == 2)
			c += 2000;
	}
	y = (int)c, m = (int)b, d = (int)a;
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays(y, m))
		return 0;
	write_date(y, m, d, out);
	return 1;
}

void date_words(const char *s, char *out, size_t n)
{
	static const char *const days[] = { "Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed" };
	static const char *const months[] = {
		"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December",
	};
	int y, m, d;
	long z;

	if (!n)
		return;
	out[0] = '\0';
	if (!s || !parse(s, &y, &m, &d))
		return;
	z = to_days(y, m, d) % 7;	/* 1970-01-01 was a Thursday */
	snprintf(out, n, "%s %d %s %d", days[z < 0 ? z + 7 : z], d, months[m - 1], y);
}
