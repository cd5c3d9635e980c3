/*
 * bundleformats.h - what test_bundle.c and test_bundle_changed.c share: a
 * test run on both bundle formats, 2 (which this eadr writes) and 1 (which
 * laptops not yet upgraded still write).  A test makes its bundles with
 * bundle_finish_version(..., version, ...); BOTH(t) lists t twice, the
 * second time as "t (format 1)" with version set to 1 around it.
 */
#ifndef EADR_TESTS_BUNDLEFORMATS_H
#define EADR_TESTS_BUNDLEFORMATS_H

#include "lib/bundle.h"

static unsigned version = BUNDLE_VERSION;	/* the format the test writes */

static int format_1(void **state)
{
	(void)state;
	version = 1;
	return 0;
}

static int format_back(void **state)
{
	(void)state;
	version = BUNDLE_VERSION;
	return 0;
}

#define BOTH(t) cmocka_unit_test(t), \
	{ #t " (format 1)", t, format_1, format_back, NULL }

#endif
