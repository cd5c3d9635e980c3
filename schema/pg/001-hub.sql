-- pg/001-hub.sql: the hub on PostgreSQL, as the SQLite hub's migrations
-- 001 to 007 leave it (see schema/003-sync.sql, 004-approval.sql): the
-- ordinary tables holding each appraisal's current revision, and the hub's
-- bookkeeping.  Text compares byte by byte (collation "C"), as in SQLite, so
-- that "the lower hash" and every ORDER BY mean the same on both back ends.
-- Applied in one transaction; its number is recorded in hub_schema.

CREATE DOMAIN ctext AS text COLLATE "C";

-- This hub's own identity for its audit entries (made on first use).
CREATE TABLE meta (
	key   ctext PRIMARY KEY,
	value ctext NOT NULL
);

CREATE TABLE sync_keys (
	name       ctext PRIMARY KEY,
	public     bytea NOT NULL,
	secret     bytea,
	created_at ctext NOT NULL
);

CREATE TABLE staff (
	staff_number ctext PRIMARY KEY,
	uuid         ctext NOT NULL UNIQUE,
	name         ctext NOT NULL,
	role         ctext NOT NULL DEFAULT '',
	band         ctext NOT NULL DEFAULT '',
	station      ctext NOT NULL DEFAULT '',
	email        ctext NOT NULL DEFAULT '',
	due          ctext,
	device_id    ctext NOT NULL,
	revision     bigint NOT NULL DEFAULT 1,
	created_at   ctext NOT NULL,
	updated_at   ctext NOT NULL
);

CREATE TABLE forms (
	hash     ctext PRIMARY KEY,
	form_id  ctext NOT NULL,
	version  ctext NOT NULL,
	source   ctext NOT NULL,
	added_at ctext NOT NULL
);

CREATE TABLE appraisals (
	id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	uuid            ctext NOT NULL UNIQUE,
	staff_number    ctext NOT NULL REFERENCES staff(staff_number) ON UPDATE CASCADE,
	appraiser       ctext NOT NULL DEFAULT '',
	form_id         ctext NOT NULL,
	form_version    ctext NOT NULL,
	form_hash       ctext NOT NULL,
	state           ctext NOT NULL DEFAULT 'draft'
	                CHECK (state IN ('draft', 'signed', 'final')),
	revision        bigint NOT NULL DEFAULT 1,
	device_id       ctext NOT NULL,
	created_at      ctext NOT NULL,
	updated_at      ctext NOT NULL,
	meeting_date    ctext,
	next_due        ctext,
	synced_revision bigint NOT NULL DEFAULT 0
);
CREATE INDEX appraisals_staff ON appraisals(staff_number, created_at);

CREATE TABLE answers (
	appraisal_id bigint NOT NULL REFERENCES appraisals(id) ON DELETE CASCADE,
	path         ctext NOT NULL,
	value        ctext NOT NULL,
	private      integer NOT NULL DEFAULT 0 CHECK (private IN (0, 1)),
	uuid         ctext NOT NULL UNIQUE,
	device_id    ctext NOT NULL,
	revision     bigint NOT NULL DEFAULT 1,
	updated_at   ctext NOT NULL,
	PRIMARY KEY (appraisal_id, path)
);

CREATE TABLE pdp_goals (
	id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	uuid          ctext NOT NULL UNIQUE,
	appraisal_id  bigint NOT NULL REFERENCES appraisals(id) ON DELETE CASCADE,
	position      bigint NOT NULL,
	need          ctext NOT NULL DEFAULT '',
	goal          ctext NOT NULL DEFAULT '',
	kind          ctext NOT NULL DEFAULT '',
	category      ctext NOT NULL DEFAULT '',
	priority      ctext NOT NULL DEFAULT '',
	target_date   ctext,
	support       ctext NOT NULL DEFAULT '',
	status        ctext NOT NULL DEFAULT 'new'
	              CHECK (status IN ('new', 'carried', 'achieved')),
	follows_up    ctext,
	device_id     ctext NOT NULL,
	revision      bigint NOT NULL DEFAULT 1,
	created_at    ctext NOT NULL,
	updated_at    ctext NOT NULL,
	UNIQUE (appraisal_id, position)
);

CREATE TABLE signoffs (
	id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	uuid         ctext NOT NULL UNIQUE,
	appraisal_id bigint NOT NULL REFERENCES appraisals(id) ON DELETE CASCADE,
	role         ctext NOT NULL CHECK (role IN ('appraiser', 'appraisee')),
	name         ctext NOT NULL,
	comments     ctext NOT NULL DEFAULT '',
	signed_at    ctext NOT NULL,
	device_id    ctext NOT NULL,
	revision     bigint NOT NULL DEFAULT 1,
	UNIQUE (appraisal_id, role, revision)
);

-- Append-only, as in SQLite.
CREATE TABLE audit (
	id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at             ctext NOT NULL,
	device_id      ctext NOT NULL,
	appraisal_uuid ctext,
	staff_number   ctext,
	action         ctext NOT NULL,
	detail         ctext NOT NULL DEFAULT ''
);
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS
	$$BEGIN RAISE EXCEPTION 'the audit log is append-only'; END$$;
CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit
	FOR EACH ROW EXECUTE FUNCTION audit_append_only();

CREATE TABLE hub_devices (
	sign_key   bytea PRIMARY KEY,
	device_id  ctext NOT NULL,
	first_seen ctext NOT NULL,
	last_seen  ctext NOT NULL,
	max_seq    bigint NOT NULL,
	state      ctext NOT NULL DEFAULT 'waiting'
	           CHECK (state IN ('waiting', 'approved', 'revoked')),
	state_at   ctext
);
CREATE INDEX hub_devices_by_id ON hub_devices(device_id);

-- The bundle ledger: a bundle is merged once, whoever imports it.
CREATE TABLE hub_bundles (
	bundle_id   ctext PRIMARY KEY,
	device_id   ctext NOT NULL,
	seq         bigint NOT NULL,
	created_at  ctext NOT NULL,
	imported_at ctext NOT NULL,
	file        ctext NOT NULL,
	encrypted   integer NOT NULL,
	sign_key    bytea
);
CREATE INDEX hub_bundles_by_key ON hub_bundles(sign_key);

CREATE TABLE hub_revisions (
	id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	appraisal_uuid ctext NOT NULL,
	revision       bigint NOT NULL,
	content_hash   ctext NOT NULL,
	device_id      ctext NOT NULL,
	staff_number   ctext NOT NULL,
	updated_at     ctext NOT NULL,
	content        bytea NOT NULL,
	UNIQUE (appraisal_uuid, revision, content_hash)
);

CREATE TABLE hub_revision_bundles (
	bundle_id      ctext NOT NULL,
	appraisal_uuid ctext NOT NULL,
	revision       bigint NOT NULL,
	content_hash   ctext NOT NULL,
	PRIMARY KEY (bundle_id, appraisal_uuid)
);
CREATE INDEX hub_revision_bundles_by_rev
	ON hub_revision_bundles(appraisal_uuid, revision, content_hash);

CREATE TABLE hub_current (
	appraisal_uuid ctext PRIMARY KEY,
	revision       bigint NOT NULL,
	content_hash   ctext NOT NULL
);

CREATE TABLE hub_staff (
	staff_number ctext PRIMARY KEY,
	updated_at   ctext NOT NULL,
	revision     bigint NOT NULL,
	content_hash ctext NOT NULL
);

CREATE TABLE hub_conflicts (
	appraisal_uuid ctext NOT NULL,
	revision       bigint NOT NULL,
	content_hash   ctext NOT NULL,
	resolved_at    ctext,
	reason         ctext NOT NULL DEFAULT 'edit',
	PRIMARY KEY (appraisal_uuid, revision, content_hash)
);

CREATE TABLE hub_waiting (
	bundle_id   ctext PRIMARY KEY,
	sign_key    bytea NOT NULL,
	device_id   ctext NOT NULL,
	seq         bigint NOT NULL,
	created_at  ctext NOT NULL,
	received_at ctext NOT NULL,
	file        ctext NOT NULL,
	data        bytea NOT NULL
);
CREATE INDEX hub_waiting_by_key ON hub_waiting(sign_key, seq);

CREATE TABLE hub_owners (
	appraisal_uuid ctext PRIMARY KEY,
	sign_key       bytea NOT NULL,
	since          ctext NOT NULL
);
CREATE INDEX hub_owners_by_key ON hub_owners(sign_key);
