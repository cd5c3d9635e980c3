-- pg/004-feedback-waiting-age.sql: as schema/020-feedback-waiting-age.sql,
-- the day each response waiting for its request reached the hub (counted
-- from this upgrade for those already waiting).
ALTER TABLE hub_feedback_waiting ADD COLUMN arrived_on ctext;
UPDATE hub_feedback_waiting SET arrived_on = to_char(current_date, 'YYYY-MM-DD');
