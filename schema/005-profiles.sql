-- 005-profiles.sql: managers' profiles on a shared laptop, and which
-- manager holds each appraisal (see schema/security.md).
--
-- Until the first profile is made nothing changes: answers stay plain text.
-- Keys are stored only wrapped (under the manager's Argon2id key) or sealed
-- (to the hub, for recovery of non-private content); never in the clear.

CREATE TABLE profiles (
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
	salt        BLOB NOT NULL,
	opslimit    INTEGER NOT NULL,
	memlimit    INTEGER NOT NULL,
	private_key BLOB NOT NULL,            -- K_priv wrapped under the KEK
	shared_key  BLOB NOT NULL,            -- K_share wrapped under the KEK
	recovery    BLOB,                     -- K_share sealed to recovery_hub
	recovery_hub BLOB,                    -- the hub X25519 key it is sealed to
	failures    INTEGER NOT NULL DEFAULT 0, -- wrong passphrases in a row
	failed_at   INTEGER,                  -- the last wrong one, Unix seconds
	created_at  TEXT NOT NULL
);

-- NULL: no known holder (made before the first profile); converted and
-- claimed by the first manager who opens it.
ALTER TABLE appraisals ADD COLUMN holder INTEGER REFERENCES profiles(id);
