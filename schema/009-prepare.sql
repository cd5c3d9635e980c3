-- 009-prepare.sql: the staff member prepares before the conversation
-- (schema/voice.md).  Preparation codes (only their hashes; the code itself
-- sealed under the holding manager's shared key, where profiles exist),
-- answers waiting for the holder (encrypted under a key derived from the
-- code), and which answers the staff member wrote.

CREATE TABLE prepare_codes (
	code_hash    TEXT PRIMARY KEY,
	appraisal_id INTEGER NOT NULL REFERENCES appraisals(id),
	staff_number TEXT NOT NULL,
	created_on   TEXT NOT NULL,
	code_box     BLOB,              -- the code under the holder's K_share, or NULL
	expired      INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- Answers typed with a code and not yet in the draft: salt and ciphertext.
CREATE TABLE prepare_inbox (
	code_hash TEXT PRIMARY KEY REFERENCES prepare_codes(code_hash),
	salt      BLOB NOT NULL,
	box       BLOB NOT NULL,
	saved_on  TEXT NOT NULL
) WITHOUT ROWID;

-- Answers of the draft written by the staff member (the walk marks them).
CREATE TABLE prepare_marks (
	appraisal_id INTEGER NOT NULL REFERENCES appraisals(id),
	path         TEXT NOT NULL,
	PRIMARY KEY (appraisal_id, path)
) WITHOUT ROWID;
