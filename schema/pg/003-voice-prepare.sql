-- pg/003-voice-prepare.sql: "how it went" and preparations from another
-- laptop at a PostgreSQL hub, as the SQLite hub's migrations 015 and 018
-- leave it (schema/015-voice.sql, schema/018-prepare-away.sql,
-- schema/voice.md): per ballot the answer that counts, still sealed, and
-- every answer id seen; the preparation codes' hashes with the laptop that
-- holds each, and the answers waiting to go back (encrypted under the
-- code: the hub cannot read them).

CREATE TABLE hub_voice (
	ballot      ctext PRIMARY KEY,
	response_id ctext NOT NULL,
	number      bigint NOT NULL,
	station     ctext NOT NULL,
	quarter     ctext NOT NULL,
	sealed      bytea NOT NULL
);
CREATE TABLE hub_voice_seen (
	response_id ctext PRIMARY KEY
);

CREATE TABLE hub_prepare_requests (
	code_hash      ctext PRIMARY KEY,
	device_id      ctext NOT NULL,
	appraisal_uuid ctext NOT NULL,
	form_id        ctext NOT NULL,
	form_version   ctext NOT NULL,
	expired        integer NOT NULL DEFAULT 0
);
CREATE INDEX hub_prepare_requests_by_device ON hub_prepare_requests(device_id);
CREATE TABLE hub_prepare_answers (
	code_hash    ctext PRIMARY KEY,
	from_device  ctext NOT NULL,
	form_id      ctext NOT NULL,
	form_version ctext NOT NULL,
	saved_on     ctext NOT NULL,
	salt         bytea NOT NULL,
	box          bytea NOT NULL
);
