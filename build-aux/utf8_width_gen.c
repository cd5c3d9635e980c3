/*
 * utf8_width_gen.c - prints the range tables of lib/utf8.c (zero-width and
 * wide characters) from the C library's wcwidth() in the C.UTF-8 locale.
 * Not built by make: run it by hand when moving to a newer Unicode,
 *   cc -o gen build-aux/utf8_width_gen.c && ./gen
 * and paste its output over the two tables.
 */
#define _XOPEN_SOURCE 700
#include <locale.h>
#include <stdio.h>
#include <wchar.h>

static void ranges(const char *name, int want)
{
	long start = -1, n = 0;

	printf("static const struct range %s[] = {", name);
	for (long c = 0x20; c <= 0x110000; c++) {
		int in = c <= 0x10FFFF && !(c >= 0xD800 && c <= 0xDFFF) &&
			 wcwidth((wchar_t)c) == want;

		if (in && start < 0)
			start = c;
		if (!in && start >= 0) {
			printf("%s{ 0x%05lX, 0x%05lX },", n % 3 ? " " : "\n\t", start, c - 1);
			n++;
			start = -1;
		}
	}
	printf("\n};\n");
}

int main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8")) {
		fprintf(stderr, "no C.UTF-8 locale\n");
		return 1;
	}
	ranges("zero_width", 0);
	ranges("wide", 2);
	return 0;
}
