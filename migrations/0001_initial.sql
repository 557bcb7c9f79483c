-- Profilence schema, version 1: counsellor settings, candidates, companies.
-- Shipped migrations are never edited: later changes go in new numbered files.

-- Small key/value facts about this database (onboarding done, demo loaded...).
CREATE TABLE app_meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

-- The counsellor using this desktop: one row.
CREATE TABLE counsellor_settings (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    name   TEXT NOT NULL DEFAULT '',
    agency TEXT NOT NULL DEFAULT '',
    phone  TEXT NOT NULL DEFAULT '',
    email  TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO counsellor_settings (id) VALUES (1);

-- A job seeker of the pool ("vivier"), who consented to be promoted.
CREATE TABLE candidates (
    id              INTEGER PRIMARY KEY,
    last_name       TEXT NOT NULL,
    first_name      TEXT NOT NULL,
    birth_date      TEXT,                       -- YYYY-MM-DD
    email           TEXT,
    phone           TEXT,
    postcode        TEXT,
    commune         TEXT,
    consent_date    TEXT NOT NULL,              -- YYYY-MM-DD
    consent_channel TEXT NOT NULL CHECK (consent_channel IN ('oral', 'written', 'online')),
    consent_expiry  TEXT NOT NULL,              -- YYYY-MM-DD
    target_job      TEXT NOT NULL DEFAULT '',   -- free text until ROME job titles come in
    created_at      TEXT NOT NULL,              -- RFC 3339, UTC
    updated_at      TEXT NOT NULL,
    CHECK (consent_expiry >= consent_date)
) STRICT;
CREATE INDEX candidates_name ON candidates (last_name COLLATE NOCASE, first_name COLLATE NOCASE);

-- An establishment (one SIRET).
CREATE TABLE companies (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    siret         TEXT NOT NULL UNIQUE CHECK (length(siret) = 14),
    postcode      TEXT,
    commune       TEXT,
    contact_name  TEXT,
    contact_email TEXT,
    contact_phone TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;
CREATE INDEX companies_name ON companies (name COLLATE NOCASE);
