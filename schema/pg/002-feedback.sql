-- pg/002-feedback.sql: 360-degree feedback at a PostgreSQL hub, as the
-- SQLite hub's migrations 008 and 015 leave it (schema/008-feedback.sql,
-- schema/016-feedback-waiting.sql, schema/feedback.md): requests with only
-- the hashes of their codes, one sealed response per code (deleted at the
-- report's release), every response id seen, the released reports, and
-- responses waiting for their request.

CREATE TABLE hub_feedback_requests (
	id           ctext PRIMARY KEY,
	staff_number ctext NOT NULL,
	device_id    ctext NOT NULL,
	close_on     ctext NOT NULL,
	n_self       integer NOT NULL,
	n_manager    integer NOT NULL,
	n_peer       integer NOT NULL,
	n_report     integer NOT NULL,
	n_other      integer NOT NULL,
	released_on  ctext
);
CREATE INDEX hub_feedback_requests_by_device ON hub_feedback_requests(device_id);
CREATE TABLE hub_feedback_codes (
	code_hash  ctext PRIMARY KEY,
	request_id ctext NOT NULL REFERENCES hub_feedback_requests(id),
	grp        ctext NOT NULL
);
CREATE INDEX hub_feedback_codes_by_request ON hub_feedback_codes(request_id);
CREATE TABLE hub_feedback_responses (
	code_hash    ctext PRIMARY KEY REFERENCES hub_feedback_codes(code_hash),
	response_id  ctext NOT NULL,
	number       bigint NOT NULL,
	submitted_on ctext NOT NULL,
	sealed       bytea NOT NULL
);
CREATE TABLE hub_feedback_seen (
	response_id ctext PRIMARY KEY
);
CREATE TABLE hub_feedback_reports (
	request_id  ctext PRIMARY KEY REFERENCES hub_feedback_requests(id),
	released_on ctext NOT NULL,
	report      ctext NOT NULL
);
CREATE TABLE hub_feedback_waiting (
	response_id ctext PRIMARY KEY,
	code_hash   ctext NOT NULL,
	sealed      bytea NOT NULL
);
CREATE INDEX hub_feedback_waiting_by_code ON hub_feedback_waiting(code_hash);
