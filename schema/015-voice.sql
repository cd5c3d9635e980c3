-- 015-voice.sql: "how it went" (schema/voice.md).  On a laptop: a secret
-- that makes each appraisal's ballot (so the hub cannot tell whose answers
-- it holds) and a counter of submissions; the answers sealed to the hub,
-- waiting for the next bundle.  On the hub: the answer that counts per
-- ballot, still sealed, with its station and quarter.

CREATE TABLE voice_state (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	secret  BLOB NOT NULL,             -- 32 random bytes, made once
	counter INTEGER NOT NULL           -- submissions on this laptop
);

-- Sealed answers: nothing here names the staff member or the appraisal.
CREATE TABLE voice_outbox (
	id           TEXT PRIMARY KEY,
	sealed       BLOB NOT NULL,
	submitted_on TEXT NOT NULL,        -- the date only
	sent         INTEGER NOT NULL DEFAULT 0
);

-- The hub: per ballot, the answer with the highest number (then the lower
-- id), still sealed.
CREATE TABLE hub_voice (
	ballot      TEXT PRIMARY KEY,
	response_id TEXT NOT NULL,
	number      INTEGER NOT NULL,
	station     TEXT NOT NULL,
	quarter     TEXT NOT NULL,
	sealed      BLOB NOT NULL
) WITHOUT ROWID;
-- Every answer id seen, so that a replay changes nothing.
CREATE TABLE hub_voice_seen (
	response_id TEXT PRIMARY KEY
) WITHOUT ROWID;
