-- Profilence schema, version 10: what targeting reads.
--
-- `hiring/` of the reference data: the national hirings by job and company sector (the
-- weight that turns a company's NAF sub-class into its hiring potential for a job) and
-- each job's labour-market tension. Its job codes are ROME 3 codes, which ROME 4.0 keeps
-- as each job sheet's `code_rome_parent`: `rome_jobs.parent_code` says which one reads
-- them (NULL until a ROME release is imported again: the sheet's own code then stands).

ALTER TABLE rome_jobs ADD COLUMN parent_code TEXT;

-- Hirings of more than 30 days made nationally for job `rome_code` (a parent code) by
-- companies of NAF sub-class `naf_code`, written as companies store it (`10.71C`).
CREATE TABLE sector_hirings (
    rome_code TEXT NOT NULL,
    naf_code  TEXT NOT NULL,
    hirings   INTEGER NOT NULL CHECK (hirings >= 0),
    PRIMARY KEY (rome_code, naf_code)
) STRICT, WITHOUT ROWID;
-- Reverse targeting: the jobs a company's sector hires for.
CREATE INDEX sector_hirings_naf ON sector_hirings (naf_code, rome_code);

-- A job's labour-market tension (0 to 100) under each of its FAP job families.
CREATE TABLE job_tension (
    rome_code   TEXT NOT NULL,
    fap_code    TEXT NOT NULL,
    fap_label   TEXT NOT NULL,
    tension_pct REAL NOT NULL CHECK (tension_pct BETWEEN 0 AND 100),
    PRIMARY KEY (rome_code, fap_code)
) STRICT, WITHOUT ROWID;

-- A company's legal nature, as far as hiring aids care: private company, association,
-- public body, insertion structure (SIAE) or adapted company / ESAT.
ALTER TABLE companies ADD COLUMN legal_nature TEXT
    CHECK (legal_nature IN ('private', 'association', 'public', 'insertion', 'adapted'));

-- The hiring referential has its version like the others: the table is rebuilt to let
-- its kind in (a CHECK cannot be altered in place).
CREATE TABLE referential_versions_new (
    kind        TEXT PRIMARY KEY NOT NULL CHECK (kind IN ('rome', 'communes', 'naf', 'hiring')),
    version     TEXT NOT NULL,
    title       TEXT NOT NULL,
    published   TEXT,
    items       INTEGER NOT NULL,
    imported_at TEXT NOT NULL
) STRICT;
INSERT INTO referential_versions_new SELECT kind, version, title, published, items, imported_at
    FROM referential_versions;
DROP TABLE referential_versions;
ALTER TABLE referential_versions_new RENAME TO referential_versions;

-- Reverse targeting asks for the people of some jobs around a company: each target job
-- keeps its candidate's place (written with it: the core rewrites a candidate's jobs with
-- every save), and the job index, which the pool's job filter reads too, holds it. One
-- index as before: nothing more to write per job.
ALTER TABLE candidate_target_jobs ADD COLUMN lat REAL;
ALTER TABLE candidate_target_jobs ADD COLUMN lng REAL;
UPDATE candidate_target_jobs SET lat = c.lat, lng = c.lng FROM candidates c WHERE c.id = candidate_target_jobs.candidate_id;
DROP INDEX candidate_target_jobs_rome;
CREATE INDEX candidate_target_jobs_rome ON candidate_target_jobs (rome_code, lat, lng);
-- What ranking a person for a company reads of them, narrow: found through the job index,
-- each person is read here, never from the wide candidate row (whose pitch and experience
-- would make the pages read per person a hundred times larger).
CREATE INDEX candidates_reach ON candidates (
    id, lat, lng, mobility_radius_km, mobility_means, consent_date, consent_expiry, available_from, birth_date,
    rqth, rsa, under_26, over_50, qpv, long_term_unemployed
);
-- The few who travel farther than 50 km are found through this (small) index.
CREATE INDEX candidates_far_reaching ON candidates (mobility_radius_km) WHERE mobility_radius_km > 50;
