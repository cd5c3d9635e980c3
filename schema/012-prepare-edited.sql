-- 012-prepare-edited.sql: who changed an answer the staff member wrote
-- (schema/voice.md).  NULL: as the person wrote it; else the manager who
-- changed it first (the walk then marks it "their words, changed since").
ALTER TABLE prepare_marks ADD COLUMN edited_by TEXT;
