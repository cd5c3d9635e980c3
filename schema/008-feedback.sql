-- 008-feedback.sql: 360-degree feedback (schema/feedback.md).  On a laptop:
-- requests with only the hashes of their codes, raters' drafts (encrypted
-- under a key derived from the code), and sealed responses waiting to travel.
-- On the hub: the requests and responses received, and released reports.

CREATE TABLE feedback_requests (
	id           TEXT PRIMARY KEY,
	staff_number TEXT NOT NULL,
	created_on   TEXT NOT NULL,
	close_on     TEXT NOT NULL,
	n_self       INTEGER NOT NULL,
	n_manager    INTEGER NOT NULL,
	n_peer       INTEGER NOT NULL,
	n_report     INTEGER NOT NULL,
	n_other      INTEGER NOT NULL,
	sent         INTEGER NOT NULL DEFAULT 0
);

-- Only hashes: a code itself is printed once on its slip and kept nowhere.
CREATE TABLE feedback_codes (
	code_hash  TEXT PRIMARY KEY,
	request_id TEXT NOT NULL REFERENCES feedback_requests(id),
	grp        TEXT NOT NULL
) WITHOUT ROWID;

-- A rater's draft: salt and ciphertext only; the key is derived from the code.
CREATE TABLE feedback_drafts (
	draft_id TEXT PRIMARY KEY,
	salt     BLOB NOT NULL,
	box      BLOB NOT NULL,
	saved_on TEXT NOT NULL
);

-- Which codes were used on this laptop, how often (the submission number).
CREATE TABLE feedback_used (
	code_hash TEXT PRIMARY KEY,
	times     INTEGER NOT NULL
) WITHOUT ROWID;

-- Responses sealed to the hub's box key, waiting for the next bundle.
CREATE TABLE feedback_outbox (
	id           TEXT PRIMARY KEY,
	sealed       BLOB NOT NULL,
	submitted_on TEXT NOT NULL,
	sent         INTEGER NOT NULL DEFAULT 0
);

-- The hub.
CREATE TABLE hub_feedback_requests (
	id           TEXT PRIMARY KEY,
	staff_number TEXT NOT NULL,
	device_id    TEXT NOT NULL,
	close_on     TEXT NOT NULL,
	n_self       INTEGER NOT NULL,
	n_manager    INTEGER NOT NULL,
	n_peer       INTEGER NOT NULL,
	n_report     INTEGER NOT NULL,
	n_other      INTEGER NOT NULL,
	released_on  TEXT
);
CREATE TABLE hub_feedback_codes (
	code_hash  TEXT PRIMARY KEY,
	request_id TEXT NOT NULL REFERENCES hub_feedback_requests(id),
	grp        TEXT NOT NULL
) WITHOUT ROWID;
-- One row per code: the response that counts (highest number, then the
-- lower id), still sealed; deleted when the report is released.
CREATE TABLE hub_feedback_responses (
	code_hash    TEXT PRIMARY KEY REFERENCES hub_feedback_codes(code_hash),
	response_id  TEXT NOT NULL,
	number       INTEGER NOT NULL,
	submitted_on TEXT NOT NULL,
	sealed       BLOB NOT NULL
) WITHOUT ROWID;
-- Every response id seen, so that a replay changes nothing.
CREATE TABLE hub_feedback_seen (
	response_id TEXT PRIMARY KEY
) WITHOUT ROWID;
CREATE TABLE hub_feedback_reports (
	request_id  TEXT PRIMARY KEY REFERENCES hub_feedback_requests(id),
	released_on TEXT NOT NULL,
	report      TEXT NOT NULL
);
