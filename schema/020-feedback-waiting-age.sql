-- 020-feedback-waiting-age.sql: the day each response waiting for its
-- request reached the hub (schema/feedback.md, "Responses waiting for
-- their request"), so that 'eadr hub feedback-waiting' can say how long
-- each code has waited and purge those no request came for.  Responses
-- already waiting count from the day of this upgrade: none is purged
-- sooner than it would have been.
ALTER TABLE hub_feedback_waiting ADD COLUMN arrived_on TEXT;
UPDATE hub_feedback_waiting SET arrived_on = date('now');
