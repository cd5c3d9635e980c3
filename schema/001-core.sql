-- 001-core.sql: the first eadr schema.
--
-- Every record that travels to a hub carries a UUID, the device that made it
-- and a revision, so that a hub can merge many laptops without guessing.
-- Times are UTC text (YYYY-MM-DDTHH:MM:SSZ); dates are YYYY-MM-DD.

CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE staff (
	staff_number TEXT PRIMARY KEY,
	uuid         TEXT NOT NULL UNIQUE,
	name         TEXT NOT NULL,
	role         TEXT NOT NULL DEFAULT '',
	band         TEXT NOT NULL DEFAULT '',
	station      TEXT NOT NULL DEFAULT '',
	email        TEXT NOT NULL DEFAULT '',
	due          TEXT,
	device_id    TEXT NOT NULL,
	revision     INTEGER NOT NULL DEFAULT 1,
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL
);

-- Form definitions an appraisal was started on, by content hash, so that a
-- new form version never strands a draft.
CREATE TABLE forms (
	hash     TEXT PRIMARY KEY,
	form_id  TEXT NOT NULL,
	version  TEXT NOT NULL,
	source   TEXT NOT NULL,
	added_at TEXT NOT NULL
);

CREATE TABLE appraisals (
	id              INTEGER PRIMARY KEY,
	uuid            TEXT NOT NULL UNIQUE,
	staff_number    TEXT NOT NULL REFERENCES staff(staff_number) ON UPDATE CASCADE,
	appraiser       TEXT NOT NULL DEFAULT '',
	form_id         TEXT NOT NULL,
	form_version    TEXT NOT NULL,
	form_hash       TEXT NOT NULL,
	state           TEXT NOT NULL DEFAULT 'draft'
	                CHECK (state IN ('draft', 'signed', 'final')),
	revision        INTEGER NOT NULL DEFAULT 1,
	device_id       TEXT NOT NULL,
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL,
	meeting_date    TEXT,
	next_due        TEXT,
	resume_at       TEXT,                 -- question path the manager was on
	synced_revision INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX appraisals_staff ON appraisals(staff_number, created_at);

-- One row per answered question path (e.g. "values.care.rating",
-- "pdp.goals[2].goal").  Saved the moment it changes.
CREATE TABLE answers (
	appraisal_id INTEGER NOT NULL REFERENCES appraisals(id) ON DELETE CASCADE,
	path         TEXT NOT NULL,
	value        TEXT NOT NULL,
	private      INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0, 1)),
	uuid         TEXT NOT NULL UNIQUE,
	device_id    TEXT NOT NULL,
	revision     INTEGER NOT NULL DEFAULT 1,
	updated_at   TEXT NOT NULL,
	PRIMARY KEY (appraisal_id, path)
) WITHOUT ROWID;

-- Append-only: the triggers below refuse any change to a written row.
CREATE TABLE audit (
	id             INTEGER PRIMARY KEY,
	at             TEXT NOT NULL,
	device_id      TEXT NOT NULL,
	appraisal_uuid TEXT,
	staff_number   TEXT,
	action         TEXT NOT NULL,
	detail         TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
