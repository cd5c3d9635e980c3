/*
 * test_textdiff.c - lib/textdiff.c (issue 17): the common start and end
 * of two texts found through its ladder of block sizes agree with a byte
 * at a time at every length around the block edges (4096, 512, 64, 8),
 * never overlap, and textdiff_update / textdiff_splice make the copy equal
 * to the new text.
 */
#include "testutil.h"

#include "lib/textdiff.h"

static uint32_t rnd_state = 1717;

static uint32_t rnd(uint32_t n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 8) % n;
}

static void naive(const char *a, size_t alen, const char *b, size_t blen,
		  size_t *pre, size_t *suf)
{
	size_t lo = alen < blen ? alen : blen, p = 0, s = 0;

	while (p < lo && a[p] == b[p])
		p++;
	while (s < lo - p && a[alen - 1 - s] == b[blen - 1 - s])
		s++;
	*pre = p;
	*suf = s;
}

/* A length near a block edge, or any up to 20,000. */
static size_t some_len(void)
{
	static const size_t edges[] = { 0, 1, 7, 8, 9, 63, 64, 65, 511, 512, 513,
					4095, 4096, 4097, 8192, 12288 };

	if (rnd(2))
		return edges[rnd(sizeof(edges) / sizeof(edges[0]))] + rnd(3);
	return rnd(20000);
}

static void test_against_bytes(void **state)
{
	(void)state;
	for (int round = 0; round < 3000; round++) {
		size_t alen = some_len(), at, cut, add, blen, pre, suf, np, ns;
		char *a = xmalloc(alen + 1), *b, *copy;

		/* a repeating text, so that shifted runs look alike */
		for (size_t i = 0; i < alen; i++)
			a[i] = "abcab "[rnd(3) ? i % 6 : rnd(6)];
		a[alen] = '\0';
		at = alen ? rnd((uint32_t)alen + 1) : 0;
		cut = rnd(4) ? rnd(3) : (size_t)rnd((uint32_t)(alen - at) + 1);
		if (cut > alen - at)
			cut = alen - at;
		add = rnd(4) ? rnd(3) : some_len() % 600;
		blen = alen - cut + add;
		b = xmalloc(blen + 1);
		memcpy(b, a, at);
		for (size_t i = 0; i < add; i++)
			b[at + i] = "abx "[rnd(4)];
		memcpy(b + at + add, a + at + cut, alen - at - cut);
		b[blen] = '\0';
		textdiff(a, alen, b, blen, &pre, &suf);
		naive(a, alen, b, blen, &np, &ns);
		if (pre != np || suf != ns)
			fail_msg("round %d: %zu and %zu bytes, changed at %zu: pre %zu suf %zu,"
				 " byte at a time %zu %zu", round, alen, blen, at, pre, suf, np, ns);
		assert_true(pre + suf <= (alen < blen ? alen : blen));
		copy = xmalloc(alen + 1);
		memcpy(copy, a, alen + 1);
		if (rnd(2))
			textdiff_update(&copy, alen, b, blen);
		else
			textdiff_splice(&copy, alen, b, blen, pre, suf);
		assert_memory_equal(copy, b, blen + 1);
		free(copy);
		free(a);
		free(b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_against_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
