-- 004-approval.sql: the hub merges only approved devices, and an appraisal
-- belongs to the device that first sent it (see schema/bundle.md, "The
-- hub's merge" and "Threat model").
--
-- A device is its signing key, not the device id its bundles claim: two
-- keys claiming one id are two devices.  Devices a hub had already merged
-- before this migration were trusted on first use; they stay approved, so
-- an upgraded hub goes on merging them.

CREATE TABLE hub_devices_new (
	sign_key   BLOB PRIMARY KEY,           -- Ed25519 public key
	device_id  TEXT NOT NULL,              -- as its bundles say
	first_seen TEXT NOT NULL,              -- bundles' own times
	last_seen  TEXT NOT NULL,
	max_seq    INTEGER NOT NULL,
	state      TEXT NOT NULL DEFAULT 'waiting'
	           CHECK (state IN ('waiting', 'approved', 'revoked')),
	state_at   TEXT                        -- when allowed or revoked
);
INSERT INTO hub_devices_new(sign_key, device_id, first_seen, last_seen, max_seq,
	state, state_at)
	SELECT sign_key, device_id, first_seen, last_seen, max_seq, 'approved', NULL
	FROM hub_devices;
DROP TABLE hub_devices;
ALTER TABLE hub_devices_new RENAME TO hub_devices;
CREATE INDEX hub_devices_by_id ON hub_devices(device_id);

-- The key that signed each bundle (before: the one key of its device id).
ALTER TABLE hub_bundles ADD COLUMN sign_key BLOB;
UPDATE hub_bundles SET sign_key = (SELECT d.sign_key FROM hub_devices d
	WHERE d.device_id = hub_bundles.device_id);

-- Bundles from devices not (or no longer) approved: verified, kept whole
-- (the file's bytes), merged in order by 'eadr hub allow'.
CREATE TABLE hub_waiting (
	bundle_id   TEXT PRIMARY KEY,
	sign_key    BLOB NOT NULL,
	device_id   TEXT NOT NULL,
	seq         INTEGER NOT NULL,
	created_at  TEXT NOT NULL,
	received_at TEXT NOT NULL,
	file        TEXT NOT NULL,
	data        BLOB NOT NULL
);
CREATE INDEX hub_waiting_by_key ON hub_waiting(sign_key, seq);

-- The device each appraisal belongs to: the first to send it, until a
-- person moves it with 'eadr hub transfer'.
CREATE TABLE hub_owners (
	appraisal_uuid TEXT PRIMARY KEY,
	sign_key       BLOB NOT NULL,
	since          TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO hub_owners(appraisal_uuid, sign_key, since)
	SELECT rb.appraisal_uuid, b.sign_key, min(b.created_at)
	FROM hub_revision_bundles rb JOIN hub_bundles b ON b.bundle_id = rb.bundle_id
	WHERE b.sign_key IS NOT NULL
	GROUP BY rb.appraisal_uuid;

-- Why a variant is in conflict: 'edit' (two contents of one revision) or
-- 'owner' (sent by a device the appraisal does not belong to: kept, never
-- merged over the owner's).
ALTER TABLE hub_conflicts ADD COLUMN reason TEXT NOT NULL DEFAULT 'edit';
