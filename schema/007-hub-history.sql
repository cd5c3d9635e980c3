-- 007-hub-history.sql: the hub's history of revisions as an ordinary (rowid)
-- table.  Each row carries an appraisal's records as they travelled (a few
-- kilobytes); in a WITHOUT ROWID table every such row spills onto overflow
-- pages through the primary key's b-tree, which made a large import write
-- and re-read far more pages than the rows hold.  Same columns, same
-- uniqueness (the key becomes a UNIQUE constraint), same rows.

CREATE TABLE hub_revisions_new (
	id             INTEGER PRIMARY KEY,
	appraisal_uuid TEXT NOT NULL,
	revision       INTEGER NOT NULL,
	content_hash   TEXT NOT NULL,
	device_id      TEXT NOT NULL,
	staff_number   TEXT NOT NULL,
	updated_at     TEXT NOT NULL,
	content        BLOB NOT NULL,
	UNIQUE (appraisal_uuid, revision, content_hash)
);
INSERT INTO hub_revisions_new(appraisal_uuid, revision, content_hash, device_id,
	staff_number, updated_at, content)
	SELECT appraisal_uuid, revision, content_hash, device_id, staff_number,
	updated_at, content FROM hub_revisions
	ORDER BY appraisal_uuid, revision, content_hash;
DROP TABLE hub_revisions;
ALTER TABLE hub_revisions_new RENAME TO hub_revisions;
