-- 016-feedback-waiting.sql: a sealed 360-degree feedback response whose
-- code no request at the hub has yet (schema/feedback.md, "Responses
-- waiting for their request"): kept still sealed, by the hash of its code,
-- until that request arrives; then it is taken as if it had just come, and
-- deleted from here.  A forged code's response waits for ever, unread.
CREATE TABLE hub_feedback_waiting (
	response_id TEXT PRIMARY KEY,
	code_hash   TEXT NOT NULL,
	sealed      BLOB NOT NULL
) WITHOUT ROWID;
CREATE INDEX hub_feedback_waiting_by_code ON hub_feedback_waiting(code_hash);
