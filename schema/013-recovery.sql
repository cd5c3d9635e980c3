-- 013-recovery.sql: a forgotten passphrase reset through the hub
-- (schema/security.md, "Recovery through the hub").  'eadr profile
-- recovery-request NAME' makes a one-time X25519 key pair for NAME's
-- reset; the hub seals NAME's K_share to its public key.  One waiting
-- request per profile: a new one replaces it, a reset deletes it.

CREATE TABLE recovery_requests (
	profile     INTEGER PRIMARY KEY REFERENCES profiles(id) ON DELETE CASCADE,
	once_public BLOB NOT NULL,            -- the reset file is sealed to it
	once_secret BLOB NOT NULL,            -- opens it (see security.md)
	made_at     TEXT NOT NULL
);
