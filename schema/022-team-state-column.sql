-- 022-team-state-column.sql: each staff member's latest appraisal state,
-- kept on the staff row, so that a filter word that could name a state
-- reads a column of the team order index instead of looking up every
-- person's latest appraisal (lib/store_team.c).
--
-- team_state is the state the team list shows (staff_state_name) of the
-- latest appraisal (created_at, then id): 'draft', 'signed', 'final', or
-- 'synced' (final and revision <= synced_revision); NULL when the person
-- has none ("not started"). The triggers below keep it after every write
-- to appraisals (start, state changes, sync, hub import, handover's
-- staff number, deletes), so no write path has to remember it.

ALTER TABLE staff ADD COLUMN team_state TEXT;

UPDATE staff SET team_state = (
	SELECT CASE WHEN l.state = 'final' AND l.revision <= l.synced_revision
		THEN 'synced' ELSE l.state END
	FROM appraisals l WHERE l.staff_number = staff.staff_number
	ORDER BY l.created_at DESC, l.id DESC LIMIT 1);

-- The team order index carries it: a filter scans this index alone.
DROP INDEX staff_team_order;
CREATE INDEX staff_team_order ON staff(station, name, staff_number, due, team_state);

-- Each trigger sets the column only where it changes (the look-up twice
-- is cheaper than UPDATE ... FROM a subquery).
CREATE TRIGGER appraisals_team_state_insert AFTER INSERT ON appraisals
BEGIN
	UPDATE staff SET team_state = (SELECT CASE WHEN l.state = 'final' AND l.revision <= l.synced_revision
			THEN 'synced' ELSE l.state END
		FROM appraisals l WHERE l.staff_number = staff.staff_number
		ORDER BY l.created_at DESC, l.id DESC LIMIT 1)
	WHERE staff_number = NEW.staff_number
		AND team_state IS NOT (SELECT CASE WHEN l.state = 'final' AND l.revision <= l.synced_revision
			THEN 'synced' ELSE l.state END
		FROM appraisals l WHERE l.staff_number = staff.staff_number
		ORDER BY l.created_at DESC, l.id DESC LIMIT 1);
END;

CREATE TRIGGER appraisals_team_state_update
AFTER UPDATE OF staff_number, state, revision, synced_revision, created_at ON appraisals
BEGIN
	UPDATE staff SET team_state = (SELECT CASE WHEN l.state = 'final' AND l.revision <= l.synced_revision
			THEN 'synced' ELSE l.state END
		FROM appraisals l WHERE l.staff_number = staff.staff_number
		ORDER BY l.created_at DESC, l.id DESC LIMIT 1)
	WHERE staff_number IN (NEW.staff_number, OLD.staff_number)
		AND team_state IS NOT (SELECT CASE WHEN l.state = 'final' AND l.revision <= l.synced_revision
			THEN 'synced' ELSE l.state END
		FROM appraisals l WHERE l.staff_number = staff.staff_number
		ORDER BY l.created_at DESC, l.id DESC LIMIT 1);
END;

CREATE TRIGGER appraisals_team_state_delete AFTER DELETE ON appraisals
BEGIN
	UPDATE staff SET team_state = (SELECT CASE WHEN l.state = 'final' AND l.revision <= l.synced_revision
			THEN 'synced' ELSE l.state END
		FROM appraisals l WHERE l.staff_number = staff.staff_number
		ORDER BY l.created_at DESC, l.id DESC LIMIT 1)
	WHERE staff_number = OLD.staff_number
		AND team_state IS NOT (SELECT CASE WHEN l.state = 'final' AND l.revision <= l.synced_revision
			THEN 'synced' ELSE l.state END
		FROM appraisals l WHERE l.staff_number = staff.staff_number
		ORDER BY l.created_at DESC, l.id DESC LIMIT 1);
END;

-- A staff row made again (or renumbered) while appraisals name it.
CREATE TRIGGER staff_team_state_insert AFTER INSERT ON staff
WHEN EXISTS (SELECT 1 FROM appraisals WHERE staff_number = NEW.staff_number)
BEGIN
	UPDATE staff SET team_state = (SELECT CASE WHEN l.state = 'final' AND l.revision <= l.synced_revision
			THEN 'synced' ELSE l.state END
		FROM appraisals l WHERE l.staff_number = staff.staff_number
		ORDER BY l.created_at DESC, l.id DESC LIMIT 1)
	WHERE staff_number = NEW.staff_number
		AND team_state IS NOT (SELECT CASE WHEN l.state = 'final' AND l.revision <= l.synced_revision
			THEN 'synced' ELSE l.state END
		FROM appraisals l WHERE l.staff_number = staff.staff_number
		ORDER BY l.created_at DESC, l.id DESC LIMIT 1);
END;
