/*
 * hub_feedback_send.h - the hub's side of 360-degree feedback's way back
 * (schema/feedback.md, "The way back"): the progress of a request per
 * group, and the signed file that carries it, with the report once
 * released, to the laptop that asked (feedback_back.h reads it there).
 */
#ifndef EADR_HUB_FEEDBACK_SEND_H
#define EADR_HUB_FEEDBACK_SEND_H

#include "feedback_back.h"
#include "hubstore.h"

/*
 * Where request_id stands at the hub: b gets its invitations and the
 * responses counted per group (kept ones before the release; the report's
 * figures after it, the raw responses being gone), the release date and
 * report once released.  Never says which code answered.  1, 0 (no such
 * request), -1 and err.
 */
int hub_feedback_status(struct hubstore *hs, const char *request_id,
			struct feedback_back *b, struct err *err);

/*
 * Write request_id's way back into dir: progress per group, and the report
 * once released, sealed to the approved laptop that asked and signed with
 * the hub's key, as dir/eadr-360-HASH.360 (mode 0600; written again, the
 * newer replaces it).  *path (may be NULL) gets the file; b (may be NULL)
 * what it carries.  -1 and err (no such request, not a hub, the laptop not
 * approved).
 */
int hub_feedback_send(struct hubstore *hs, const char *request_id, const char *dir,
		      char **path, struct feedback_back *b, struct err *err);

/*
 * The same for every request device_id sent (hub import calls it for the
 * laptop whose bundle it acknowledged, beside the acknowledgement): *n
 * counts the files written.  -1 and err at the first that fails.
 */
int hub_feedback_send_device(struct hubstore *hs, const char *device_id,
			     const char *dir, size_t *n, struct err *err);

#endif
