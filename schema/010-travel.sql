-- 010-travel.sql: what travels with nobody signed in (schema/security.md).
-- A held appraisal's bundle, made and sealed to the trusted hub key when it
-- became final ("Sealing at finalisation"), so that 'eadr sync push' sends
-- it with nobody signed in; and an appraisal handed to another manager.
-- One row per appraisal, for the revision it holds; reopening the appraisal
-- deletes it, and a later revision makes it stale (never sent).

CREATE TABLE sync_travel (
	appraisal_id INTEGER PRIMARY KEY REFERENCES appraisals(id) ON DELETE CASCADE,
	revision     INTEGER NOT NULL,        -- the appraisal's revision it holds
	seq          INTEGER NOT NULL UNIQUE, -- the bundle's sequence number
	bundle_id    TEXT NOT NULL,           -- BLAKE2b-256 of the file, hex
	bundle       BLOB NOT NULL,           -- the whole file: signed, payload sealed
	created_at   TEXT NOT NULL
);

-- Handing an appraisal to another manager (schema/security.md, "Handing an
-- appraisal over").  Each profile gets a box key pair, made when it is
-- created or at its next sign-in: the public key in clear, the secret key
-- encrypted under the profile's K_share.
ALTER TABLE profiles ADD COLUMN box_public BLOB;
ALTER TABLE profiles ADD COLUMN box_secret BLOB;

-- An appraisal handed over and not yet received: its non-private text,
-- sealed (crypto_box_seal) to the new holder's box key, waiting for their
-- next sign-in, which re-encrypts it under their keys and deletes the row.
CREATE TABLE handovers (
	appraisal_id INTEGER PRIMARY KEY REFERENCES appraisals(id) ON DELETE CASCADE,
	from_name    TEXT NOT NULL,
	to_profile   INTEGER NOT NULL REFERENCES profiles(id),
	sealed       BLOB NOT NULL,
	created_at   TEXT NOT NULL
);
