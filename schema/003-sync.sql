-- 003-sync.sql: the bookkeeping of sync by bundle files (see schema/bundle.md).
--
-- The same schema serves a station laptop and the hub: a laptop uses the
-- sync_keys and sync_sent tables, the hub its keys and the hub_* tables.  The
-- hub keeps the latest revision of every appraisal in the ordinary tables
-- (so that exports work over imported data) and every revision in hub_revisions.

-- This database's own keys ('device-sign' on a laptop: Ed25519, made on the
-- first push; 'hub-sign' Ed25519 and 'hub-box' X25519 on a hub, made by
-- 'eadr hub init') and, on a laptop, the hub keys it trusts ('trusted-sign',
-- 'trusted-box', from 'eadr sync trust').  Secret keys never leave the file.
CREATE TABLE sync_keys (
	name       TEXT PRIMARY KEY,
	public     BLOB NOT NULL,
	secret     BLOB,
	created_at TEXT NOT NULL
);

-- Laptop: every bundle written, and which revision of which appraisal it
-- held.  acked_at is set when the hub's acknowledgement was pulled.
CREATE TABLE sync_sent (
	seq        INTEGER PRIMARY KEY,
	bundle_id  TEXT NOT NULL UNIQUE,       -- BLAKE2b-256 of the file, hex
	file       TEXT NOT NULL,
	created_at TEXT NOT NULL,
	encrypted  INTEGER NOT NULL,
	acked_at   TEXT
);
CREATE TABLE sync_sent_items (
	seq            INTEGER NOT NULL REFERENCES sync_sent(seq),
	appraisal_uuid TEXT NOT NULL,
	revision       INTEGER NOT NULL,
	PRIMARY KEY (seq, appraisal_uuid)
) WITHOUT ROWID;

-- Hub: devices seen, each pinned to the signing key of its first bundle.
CREATE TABLE hub_devices (
	device_id  TEXT PRIMARY KEY,
	sign_key   BLOB NOT NULL,
	first_seen TEXT NOT NULL,
	last_seen  TEXT NOT NULL,
	max_seq    INTEGER NOT NULL
);

-- Hub: bundles imported.  A bundle is known by the hash of its bytes, not
-- by (device, seq): a database copied to two laptops makes two bundles with
-- the same device and sequence number.
CREATE TABLE hub_bundles (
	bundle_id   TEXT PRIMARY KEY,
	device_id   TEXT NOT NULL,
	seq         INTEGER NOT NULL,
	created_at  TEXT NOT NULL,
	imported_at TEXT NOT NULL,
	file        TEXT NOT NULL,
	encrypted   INTEGER NOT NULL
);

-- Hub: every revision of every appraisal ever received, by content hash
-- (BLAKE2b-256 of the appraisal's records as they travel: never private
-- answers).  Two rows with one uuid and revision are a conflict.
CREATE TABLE hub_revisions (
	appraisal_uuid TEXT NOT NULL,
	revision       INTEGER NOT NULL,
	content_hash   TEXT NOT NULL,
	device_id      TEXT NOT NULL,
	staff_number   TEXT NOT NULL,
	updated_at     TEXT NOT NULL,
	content        BLOB NOT NULL,
	PRIMARY KEY (appraisal_uuid, revision, content_hash)
) WITHOUT ROWID;

-- Hub: which bundles brought which revision (a set, so order-independent).
CREATE TABLE hub_revision_bundles (
	bundle_id      TEXT NOT NULL,
	appraisal_uuid TEXT NOT NULL,
	revision       INTEGER NOT NULL,
	content_hash   TEXT NOT NULL,
	PRIMARY KEY (bundle_id, appraisal_uuid)
) WITHOUT ROWID;

-- Hub: the revision now in the ordinary tables: the highest revision; of
-- two different contents of one revision, the lower hash (so the outcome
-- does not depend on the order of import).
CREATE TABLE hub_current (
	appraisal_uuid TEXT PRIMARY KEY,
	revision       INTEGER NOT NULL,
	content_hash   TEXT NOT NULL
) WITHOUT ROWID;

-- Hub: the same for staff records, which travel with their appraisals.
CREATE TABLE hub_staff (
	staff_number TEXT PRIMARY KEY,
	updated_at   TEXT NOT NULL,
	revision     INTEGER NOT NULL,
	content_hash TEXT NOT NULL
) WITHOUT ROWID;

-- Hub: two different edits of one revision, every variant, for a person to
-- resolve; the one in the ordinary tables is the one hub_current names.
CREATE TABLE hub_conflicts (
	appraisal_uuid TEXT NOT NULL,
	revision       INTEGER NOT NULL,
	content_hash   TEXT NOT NULL,
	resolved_at    TEXT,
	PRIMARY KEY (appraisal_uuid, revision, content_hash)
) WITHOUT ROWID;
