-- 011-feedback-back.sql: what the hub sent back of a laptop's 360-degree
-- feedback request (schema/feedback.md, "The way back"): the responses
-- counted per group, and once released the report, sealed to the box key
-- of the manager who holds the person's appraisal (holder; NULL on a
-- laptop with no profiles, where it is kept as text like every answer).

CREATE TABLE feedback_back (
	request_id  TEXT PRIMARY KEY REFERENCES feedback_requests(id),
	made        TEXT NOT NULL,      -- the hub's time of the file taken last
	r_self      INTEGER NOT NULL,   -- responses the hub counts, per group
	r_manager   INTEGER NOT NULL,
	r_peer      INTEGER NOT NULL,
	r_report    INTEGER NOT NULL,
	r_other     INTEGER NOT NULL,
	released_on TEXT,
	holder      INTEGER REFERENCES profiles(id),
	report      BLOB
);
