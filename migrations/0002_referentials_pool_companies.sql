-- Profilence schema, version 2: the official referentials (ROME 4.0, communes, NAF), the
-- complete candidate and company records, and their full-text indexes.

-- Which release of each referential is loaded. Replaced as a whole by each import.
CREATE TABLE referential_versions (
    kind        TEXT PRIMARY KEY NOT NULL CHECK (kind IN ('rome', 'communes', 'naf')),
    version     TEXT NOT NULL,          -- e.g. "460" for ROME 4.0 v460
    title       TEXT NOT NULL,          -- e.g. "ROME 4.0 version 60 - 25M09"
    published   TEXT,                   -- YYYY-MM-DD when the release says it
    items       INTEGER NOT NULL,       -- rows loaded (job titles, communes, NAF codes)
    imported_at TEXT NOT NULL
) STRICT;

-- ROME professional domains: "A" (grand domaine) and "A11" (domaine professionnel).
CREATE TABLE rome_domains (
    code  TEXT PRIMARY KEY NOT NULL,
    label TEXT NOT NULL
) STRICT;

-- ROME job sheets ("fiches métier"), e.g. D1102 Boulanger / Boulangère.
CREATE TABLE rome_jobs (
    code  TEXT PRIMARY KEY NOT NULL,
    label TEXT NOT NULL
) STRICT;

-- ROME job titles ("appellations"), each attached to one job sheet. `folded` is the label
-- in lower case without accents, for search-as-you-type.
CREATE TABLE job_titles (
    code      INTEGER PRIMARY KEY,      -- code_ogr
    label     TEXT NOT NULL,
    rome_code TEXT NOT NULL,
    folded    TEXT NOT NULL
) STRICT;
CREATE INDEX job_titles_rome ON job_titles (rome_code);

-- ROME skills and knowledge. kind: know_how (savoir-faire), soft_skill (savoir-être
-- professionnel), knowledge (savoir); category: how the ROME groups them.
CREATE TABLE skills (
    code     INTEGER PRIMARY KEY,       -- code_ogr
    label    TEXT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('know_how', 'soft_skill', 'knowledge')),
    category TEXT NOT NULL
) STRICT;

-- The skills of each job sheet, with the ROME's core-skill ("cœur de métier") flag.
CREATE TABLE rome_job_skills (
    rome_code  TEXT NOT NULL,
    skill_code INTEGER NOT NULL,
    core       INTEGER NOT NULL CHECK (core IN (0, 1)),
    PRIMARY KEY (rome_code, skill_code)
) STRICT, WITHOUT ROWID;

-- ROME mobility: from a job sheet to a neighbouring one, in the ROME's order.
CREATE TABLE job_mobility (
    rome_code        TEXT NOT NULL,
    target_rome_code TEXT NOT NULL,
    rank             INTEGER NOT NULL,
    PRIMARY KEY (rome_code, target_rome_code)
) STRICT, WITHOUT ROWID;

-- ROME job sheets by NAF division (two digits, e.g. "10" food industry).
CREATE TABLE rome_naf_divisions (
    naf_division TEXT NOT NULL,
    rome_code    TEXT NOT NULL,
    PRIMARY KEY (naf_division, rome_code)
) STRICT, WITHOUT ROWID;
CREATE INDEX rome_naf_divisions_rome ON rome_naf_divisions (rome_code);

-- NAF rév. 2, every level ("10", "10.7", "10.71", "10.71C").
CREATE TABLE naf (
    code   TEXT PRIMARY KEY NOT NULL,
    label  TEXT NOT NULL,
    folded TEXT NOT NULL
) STRICT;

-- French communes and municipal arrondissements, one row per commune and postcode.
CREATE TABLE communes (
    insee_code TEXT NOT NULL,
    postcode   TEXT NOT NULL,
    name       TEXT NOT NULL,
    department TEXT NOT NULL,
    lat        REAL,                    -- a few new communes have no centroid yet
    lng        REAL,
    population INTEGER NOT NULL,
    folded     TEXT NOT NULL,
    PRIMARY KEY (insee_code, postcode)
) STRICT, WITHOUT ROWID;
CREATE INDEX communes_postcode ON communes (postcode);

-- Candidates: every field of the record. Lists of fixed choices are JSON arrays of codes.
ALTER TABLE candidates ADD COLUMN france_travail_id TEXT;
ALTER TABLE candidates ADD COLUMN commune_code TEXT;          -- INSEE code, when chosen from the referential
ALTER TABLE candidates ADD COLUMN lat REAL;
ALTER TABLE candidates ADD COLUMN lng REAL;
ALTER TABLE candidates ADD COLUMN mobility_radius_km INTEGER;
ALTER TABLE candidates ADD COLUMN mobility_means TEXT NOT NULL DEFAULT '[]';
ALTER TABLE candidates ADD COLUMN experience TEXT NOT NULL DEFAULT '';
ALTER TABLE candidates ADD COLUMN qualifications TEXT NOT NULL DEFAULT '';
ALTER TABLE candidates ADD COLUMN driving_licences TEXT NOT NULL DEFAULT '[]';
ALTER TABLE candidates ADD COLUMN languages TEXT NOT NULL DEFAULT '[]';
ALTER TABLE candidates ADD COLUMN available_from TEXT;        -- YYYY-MM-DD
ALTER TABLE candidates ADD COLUMN wanted_contracts TEXT NOT NULL DEFAULT '[]';
ALTER TABLE candidates ADD COLUMN working_time TEXT CHECK (working_time IN ('full_time', 'part_time', 'either'));
ALTER TABLE candidates ADD COLUMN constraints TEXT NOT NULL DEFAULT '[]';
ALTER TABLE candidates ADD COLUMN rqth INTEGER NOT NULL DEFAULT 0 CHECK (rqth IN (0, 1));
ALTER TABLE candidates ADD COLUMN rsa INTEGER NOT NULL DEFAULT 0 CHECK (rsa IN (0, 1));
ALTER TABLE candidates ADD COLUMN under_26 INTEGER NOT NULL DEFAULT 0 CHECK (under_26 IN (0, 1));
ALTER TABLE candidates ADD COLUMN over_50 INTEGER NOT NULL DEFAULT 0 CHECK (over_50 IN (0, 1));
ALTER TABLE candidates ADD COLUMN qpv INTEGER NOT NULL DEFAULT 0 CHECK (qpv IN (0, 1));
ALTER TABLE candidates ADD COLUMN long_term_unemployed INTEGER NOT NULL DEFAULT 0
    CHECK (long_term_unemployed IN (0, 1));
ALTER TABLE candidates ADD COLUMN pitch TEXT NOT NULL DEFAULT '';
ALTER TABLE candidates ADD COLUMN counsellor TEXT NOT NULL DEFAULT '';
-- "surname first-name" folded (no accents, lower case): the list's alphabetical order, so
-- that "Éloi" sorts among the E. `fold` is registered by the core on every connection.
ALTER TABLE candidates ADD COLUMN sort_name TEXT NOT NULL DEFAULT '';
UPDATE candidates SET sort_name = fold(last_name || ' ' || first_name);
DROP INDEX candidates_name;
CREATE INDEX candidates_sort_name ON candidates (sort_name);
-- The sort key by id, small enough to stay in the page cache: a search reads it for each
-- match instead of the (wide) candidate row.
CREATE INDEX candidates_id_sort ON candidates (id, sort_name);

-- Target jobs (1 to 3): the job title code and, kept with it, the label and job sheet it
-- had when chosen, so that a later ROME release never breaks the record.
CREATE TABLE candidate_target_jobs (
    candidate_id   INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL CHECK (position BETWEEN 1 AND 3),
    job_title_code INTEGER,             -- NULL for a job typed before the referential came
    label          TEXT NOT NULL,
    rome_code      TEXT,
    PRIMARY KEY (candidate_id, position)
) STRICT, WITHOUT ROWID;
CREATE INDEX candidate_target_jobs_rome ON candidate_target_jobs (rome_code, candidate_id);
INSERT INTO candidate_target_jobs (candidate_id, position, label)
    SELECT id, 1, target_job FROM candidates WHERE target_job <> '';
ALTER TABLE candidates DROP COLUMN target_job;

-- Skills: ticked from the ROME (skill_code, label kept) or added freely (no code).
CREATE TABLE candidate_skills (
    candidate_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    skill_code   INTEGER,
    label        TEXT NOT NULL,
    PRIMARY KEY (candidate_id, position)
) STRICT, WITHOUT ROWID;

CREATE INDEX candidates_place ON candidates (lat, lng);
-- Narrow enough for counting the pool under any mix of flag, consent and availability
-- filters without reading the (wide) candidate rows.
CREATE INDEX candidates_filters ON candidates (
    rqth, rsa, under_26, over_50, qpv, long_term_unemployed, consent_expiry, consent_date, available_from, counsellor
);
CREATE INDEX candidates_available ON candidates (available_from);
CREATE INDEX candidates_consent_expiry ON candidates (consent_expiry);
CREATE INDEX candidates_counsellor ON candidates (counsellor);
CREATE INDEX candidates_france_travail_id ON candidates (france_travail_id) WHERE france_travail_id IS NOT NULL;
CREATE INDEX candidates_email ON candidates (email COLLATE NOCASE) WHERE email IS NOT NULL;
CREATE INDEX candidates_commune ON candidates (commune COLLATE NOCASE);

-- Full-text index of the pool: names, jobs, skills, place and the rest, without accents.
-- The core writes it with each candidate (rowid = candidate id).
CREATE VIRTUAL TABLE candidates_fts USING fts5 (
    names, jobs, skills, place, other,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);

-- Companies: sector, size, address, potential, commitments, contacts.
ALTER TABLE companies ADD COLUMN naf_code TEXT;
ALTER TABLE companies ADD COLUMN headcount_band TEXT;
ALTER TABLE companies ADD COLUMN address TEXT;
ALTER TABLE companies ADD COLUMN commune_code TEXT;
ALTER TABLE companies ADD COLUMN lat REAL;
ALTER TABLE companies ADD COLUMN lng REAL;
ALTER TABLE companies ADD COLUMN hiring_potential INTEGER CHECK (hiring_potential BETWEEN 0 AND 100);
ALTER TABLE companies ADD COLUMN max_contacts_per_month INTEGER CHECK (max_contacts_per_month > 0);
ALTER TABLE companies ADD COLUMN notes TEXT NOT NULL DEFAULT '';
ALTER TABLE companies ADD COLUMN sort_name TEXT NOT NULL DEFAULT '';
UPDATE companies SET sort_name = fold(name);
DROP INDEX companies_name;
CREATE INDEX companies_sort_name ON companies (sort_name);

CREATE TABLE company_contacts (
    id                INTEGER PRIMARY KEY,
    company_id        INTEGER NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    position          INTEGER NOT NULL,
    name              TEXT NOT NULL,
    role              TEXT NOT NULL DEFAULT '',
    email             TEXT,
    phone             TEXT,
    preferred_channel TEXT CHECK (preferred_channel IN ('email', 'phone', 'visit', 'post')),
    UNIQUE (company_id, position)
) STRICT;
INSERT INTO company_contacts (company_id, position, name, email, phone)
    SELECT id, 1, coalesce(contact_name, ''), contact_email, contact_phone FROM companies
    WHERE coalesce(contact_name, contact_email, contact_phone) IS NOT NULL;
ALTER TABLE companies DROP COLUMN contact_name;
ALTER TABLE companies DROP COLUMN contact_email;
ALTER TABLE companies DROP COLUMN contact_phone;

CREATE TABLE company_commitments (
    company_id INTEGER NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    commitment TEXT NOT NULL,
    PRIMARY KEY (company_id, commitment)
) STRICT, WITHOUT ROWID;
CREATE INDEX company_commitments_tag ON company_commitments (commitment);

CREATE INDEX companies_naf ON companies (naf_code);
CREATE INDEX companies_place ON companies (lat, lng);
CREATE INDEX companies_potential ON companies (hiring_potential);

CREATE VIRTUAL TABLE companies_fts USING fts5 (
    names, sector, place, contacts, other,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);

-- Index what version 1 already held (names, job, commune), folded as the core folds
-- every word it indexes; the core keeps the index current from then on.
INSERT INTO candidates_fts (rowid, names, jobs, skills, place, other)
    SELECT c.id, fold(c.first_name || ' ' || c.last_name),
           fold(coalesce((SELECT group_concat(t.label, ' ') FROM candidate_target_jobs t
                          WHERE t.candidate_id = c.id), '')),
           '', fold(concat_ws(' ', c.commune, c.postcode)), fold(coalesce(c.email, ''))
    FROM candidates c;
INSERT INTO companies_fts (rowid, names, sector, place, contacts, other)
    SELECT c.id, fold(c.name), '', fold(concat_ws(' ', c.commune, c.postcode)),
           fold(coalesce((SELECT group_concat(concat_ws(' ', k.name, k.email), ' ')
                          FROM company_contacts k WHERE k.company_id = c.id), '')),
           c.siret
    FROM companies c;
