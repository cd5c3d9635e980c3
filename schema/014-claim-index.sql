-- 014-claim-index.sql: every sign-in looks for the appraisals with no holder
-- that the manager appraised, to convert them (schema/security.md, "When
-- protection starts"); without an index that is a scan of every appraisal
-- at each sign-in (bench/signin.sh).  Partial: only unheld rows are in it.

CREATE INDEX appraisals_unheld ON appraisals(appraiser COLLATE NOCASE)
	WHERE holder IS NULL;
