-- Profilence schema, version 19: automatic backups (Paramètres → Sauvegardes).
--
-- One row: whether the app backs up by itself (at close and once a day while open), into
-- which folder, and how the last attempts went — the last good backup (always shown) and
-- the last failure with its reason. The recovery code is never here: it is kept beside
-- the database key (`backup::store`).
CREATE TABLE backup_settings (
    id                  INTEGER PRIMARY KEY CHECK (id = 1),
    enabled             INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
    folder              TEXT NOT NULL DEFAULT '',
    last_success_at     TEXT,     -- RFC 3339, UTC
    last_success_file   TEXT,     -- the backup's file name, no folder
    last_failure_at     TEXT,     -- RFC 3339, UTC; cleared by the next good backup
    last_failure_reason TEXT
) STRICT;
INSERT INTO backup_settings (id) VALUES (1);
