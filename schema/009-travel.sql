-- 009-travel.sql: a held appraisal's bundle, made and sealed to the trusted
-- hub key when it became final (schema/security.md, "Sealing at
-- finalisation"), so that 'eadr sync push' sends it with nobody signed in.
-- One row per appraisal, for the revision it was made of; reopening the
-- appraisal deletes it, and a later revision makes it stale (never sent).

CREATE TABLE sync_travel (
	appraisal_id INTEGER PRIMARY KEY REFERENCES appraisals(id) ON DELETE CASCADE,
	revision     INTEGER NOT NULL,        -- the appraisal's revision it holds
	seq          INTEGER NOT NULL UNIQUE, -- the bundle's sequence number
	bundle_id    TEXT NOT NULL,           -- BLAKE2b-256 of the file, hex
	bundle       BLOB NOT NULL,           -- the whole file: signed, payload sealed
	created_at   TEXT NOT NULL
);
