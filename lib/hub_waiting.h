/*
 * hub_waiting.h - what an unapproved device's waiting bundles hold, read
 * without changing anything (hub_waiting.c): 'hub allow' says it, beside
 * what hub_allow merged, since hub_allow's result counts appraisals only.
 */
#ifndef EADR_HUB_WAITING_H
#define EADR_HUB_WAITING_H

#include <stddef.h>

#include "err.h"
#include "hubstore.h"

struct hub_waiting_counts {
	size_t bundles, appraisals;
	size_t fb_requests, fb_responses;	/* 360 records (Q and R) */
};

/*
 * Count what the bundles waiting for the device with this fingerprint
 * hold: each is opened and checked whole with the hub's keys, as hub_allow
 * does, and nothing is written.  -1 and err (no such device, not a hub,
 * a waiting bundle that does not open).
 */
int hub_waiting_count(struct hubstore *hs, const char *fingerprint,
		      struct hub_waiting_counts *c, struct err *err);

#endif
