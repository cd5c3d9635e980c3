-- 021-team-state.sql: the team list's filter reads the order index alone
-- for the person and "overdue": the due date joins it.

DROP INDEX staff_team_order;
CREATE INDEX staff_team_order ON staff(station, name, staff_number, due);

-- The filter may also ask, for each staff
-- member, the state of their latest appraisal (what was typed could name
-- a state: "dr" for draft, "st" for not started); this index answers it
-- without reading the appraisals themselves (lib/store_team.c). Its
-- columns change only when an appraisal is made, changes state or is
-- synced, never as answers are typed.

CREATE INDEX appraisals_latest
	ON appraisals(staff_number, created_at, id, state, revision, synced_revision);

-- Who has an appraisal not yet final (few: this year's drafts and signed
-- ones): a filter that can name only "draft" or "signed" looks up the
-- state of just these.
CREATE INDEX appraisals_open ON appraisals(staff_number) WHERE state <> 'final';
