-- 002-pdp.sql: personal development plan goals and sign-offs.
--
-- PDP goals are written from the form's PDP list when an appraisal is
-- finalised, one row per goal with the training needs analysis (TNA)
-- columns, so that exports and the hub read them without the form.

CREATE TABLE pdp_goals (
	id            INTEGER PRIMARY KEY,
	uuid          TEXT NOT NULL UNIQUE,
	appraisal_id  INTEGER NOT NULL REFERENCES appraisals(id) ON DELETE CASCADE,
	position      INTEGER NOT NULL,
	need          TEXT NOT NULL DEFAULT '',
	goal          TEXT NOT NULL DEFAULT '',
	kind          TEXT NOT NULL DEFAULT '',   -- 70:20:10 type
	category      TEXT NOT NULL DEFAULT '',   -- TNA category
	priority      TEXT NOT NULL DEFAULT '',
	target_date   TEXT,
	support       TEXT NOT NULL DEFAULT '',
	status        TEXT NOT NULL DEFAULT 'new'
	              CHECK (status IN ('new', 'carried', 'achieved')),
	follows_up    TEXT,                        -- uuid of last year's goal
	device_id     TEXT NOT NULL,
	revision      INTEGER NOT NULL DEFAULT 1,
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	UNIQUE (appraisal_id, position)
);

CREATE TABLE signoffs (
	id           INTEGER PRIMARY KEY,
	uuid         TEXT NOT NULL UNIQUE,
	appraisal_id INTEGER NOT NULL REFERENCES appraisals(id) ON DELETE CASCADE,
	role         TEXT NOT NULL CHECK (role IN ('appraiser', 'appraisee')),
	name         TEXT NOT NULL,
	comments     TEXT NOT NULL DEFAULT '',
	signed_at    TEXT NOT NULL,
	device_id    TEXT NOT NULL,
	revision     INTEGER NOT NULL DEFAULT 1,
	UNIQUE (appraisal_id, role, revision)
);
