-- 019-answer-pieces.sql: a long answer being typed is saved in pieces, so a
-- key rewrites only the piece it changed, not the whole answer (issue 17;
-- lib/store_pieces.c).  While an answer has pieces they are its text, in
-- the order of n; each is sealed like a value (bound to the appraisal, the
-- path and n) when the appraisal is held.  They are joined back into
-- answers.value when the appraisal is closed, changes state, is converted
-- or handed over, and when the store is opened or closed; deleting the
-- answer deletes its pieces.

CREATE TABLE answer_pieces (
	appraisal_id INTEGER NOT NULL,
	path         TEXT NOT NULL,
	n            INTEGER NOT NULL,
	revision     INTEGER NOT NULL,
	private      INTEGER NOT NULL CHECK (private IN (0, 1)),
	updated_at   TEXT NOT NULL,
	piece        NOT NULL,
	PRIMARY KEY (appraisal_id, path, n),
	FOREIGN KEY (appraisal_id, path) REFERENCES answers(appraisal_id, path)
		ON DELETE CASCADE
);
