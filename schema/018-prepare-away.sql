-- 018-prepare-away.sql: a preparation code used on a laptop that does not
-- hold the appraisal (schema/voice.md, "On another laptop").  On that
-- laptop: the answers, encrypted under the code as in prepare_inbox, until
-- a bundle carries them.  On the holder's laptop: what the hub was last
-- told of each code.  At the hub: the codes' hashes and where they live,
-- and the answers waiting to go back (still encrypted under the code).

CREATE TABLE prepare_away (
	code_hash    TEXT PRIMARY KEY,
	form_hash    TEXT NOT NULL,
	form_id      TEXT NOT NULL,
	form_version TEXT NOT NULL,
	salt         BLOB NOT NULL,
	box          BLOB NOT NULL,
	saved_on     TEXT NOT NULL,
	sent         INTEGER NOT NULL DEFAULT 0  -- 0 not yet, -SEQ in bundle SEQ,
	                                         -- SEQ acknowledged by the hub
) WITHOUT ROWID;

ALTER TABLE prepare_codes ADD COLUMN hub_told TEXT;    -- the state the hub acknowledged
ALTER TABLE prepare_codes ADD COLUMN told_state TEXT;  -- the state in bundle told_seq
ALTER TABLE prepare_codes ADD COLUMN told_seq INTEGER;
ALTER TABLE prepare_codes ADD COLUMN back_taken TEXT;  -- saved_on of the last answers taken from the hub

CREATE TABLE hub_prepare_requests (
	code_hash      TEXT PRIMARY KEY,
	device_id      TEXT NOT NULL,       -- the holder's laptop
	appraisal_uuid TEXT NOT NULL,
	form_id        TEXT NOT NULL,
	form_version   TEXT NOT NULL,
	expired        INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE hub_prepare_answers (
	code_hash    TEXT PRIMARY KEY,
	from_device  TEXT NOT NULL,
	form_id      TEXT NOT NULL,
	form_version TEXT NOT NULL,
	saved_on     TEXT NOT NULL,
	salt         BLOB NOT NULL,
	box          BLOB NOT NULL
) WITHOUT ROWID;
