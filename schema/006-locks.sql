-- 006-locks.sql: one program editing an appraisal at a time (see lib/appr_lock.c).
--
-- A program that opens an appraisal to edit it writes a row here; a second
-- program finds it and opens the appraisal read-only, naming the holder.
-- The row is removed when the holder closes the appraisal.  A row left by
-- a program that ended without closing (kill -9, a crash) is stale: on the
-- same host its process is gone (pid_start tells a reused pid apart); on
-- another host its heartbeat is older than the limit in appr_lock.c.
-- Local to this database: never in a bundle.
CREATE TABLE locks (
	appraisal_id INTEGER PRIMARY KEY REFERENCES appraisals(id) ON DELETE CASCADE,
	token        TEXT NOT NULL,      -- random, the holder's own secret
	host         TEXT NOT NULL,      -- gethostname() of the holder
	pid          INTEGER NOT NULL,
	pid_start    INTEGER NOT NULL,   -- the process's start time (clock ticks since boot), 0 unknown
	user         TEXT NOT NULL,      -- the holder's login name
	started_at   TEXT NOT NULL,      -- YYYY-MM-DDTHH:MM:SSZ
	heartbeat    INTEGER NOT NULL    -- unix seconds, renewed while the holder saves
);
