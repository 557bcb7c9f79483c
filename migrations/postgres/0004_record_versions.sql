-- Optimistic versions (migrations/0027_record_versions.sql).
ALTER TABLE candidates ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE companies ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
