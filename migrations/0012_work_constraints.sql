-- Profilence schema, version 12: constraints that count.
--
-- The ROME's work contexts (« Travail de nuit », « Travail le samedi »…) and the job
-- sheets they describe, loaded with the rest of the ROME and replaced with it. A database
-- upgraded from version 11 has them empty until its ROME is imported again: the core then
-- says that the constraints could not be compared (`constraints::job_warnings`).
CREATE TABLE work_contexts (
    code       INTEGER PRIMARY KEY NOT NULL,
    label      TEXT NOT NULL,
    type_code  TEXT NOT NULL,
    type_label TEXT NOT NULL
) STRICT;

CREATE TABLE rome_job_contexts (
    rome_code    TEXT NOT NULL,
    context_code INTEGER NOT NULL,
    PRIMARY KEY (rome_code, context_code)
) STRICT, WITHOUT ROWID;

-- A candidate's constraints as choices the core compares (`choices::WorkConstraint`
-- codes, a JSON array), and the NAF sectors (any level, `{code, label}`) they avoid or
-- prefer. `constraints` keeps the free notes.
ALTER TABLE candidates ADD COLUMN work_constraints TEXT NOT NULL DEFAULT '[]';
ALTER TABLE candidates ADD COLUMN sectors_avoided TEXT NOT NULL DEFAULT '[]';
ALTER TABLE candidates ADD COLUMN sectors_preferred TEXT NOT NULL DEFAULT '[]';

-- Free constraints that say a choice agreeing with the record (`work_constraint(note,
-- working time, licences)`, the rule every save applies: `constraints::choice_of_note`)
-- become that choice and leave the notes; « Temps partiel » with « Temps plein » ticked
-- stays a note.
UPDATE candidates SET
    work_constraints = (
        SELECT json_group_array(code) FROM (
            SELECT work_constraint(value, candidates.working_time, candidates.driving_licences) AS code,
                   min(CAST(key AS INTEGER)) AS first
            FROM json_each(candidates.constraints)
            WHERE code IS NOT NULL GROUP BY code ORDER BY first
        )
    ),
    constraints = (
        SELECT json_group_array(value) FROM (
            SELECT value FROM json_each(candidates.constraints)
            WHERE work_constraint(value, candidates.working_time, candidates.driving_licences) IS NULL
            ORDER BY CAST(key AS INTEGER)
        )
    )
WHERE json_valid(constraints)
  AND EXISTS (
      SELECT 1 FROM json_each(candidates.constraints)
      WHERE work_constraint(value, candidates.working_time, candidates.driving_licences) IS NOT NULL
  );

-- Reverse targeting reads what ranks each person from this index alone: a person without
-- a vehicle or a licence travels by the other means they gave, a sector they prefer counts.
DROP INDEX candidates_reach;
CREATE INDEX candidates_reach ON candidates (
    id, lat, lng, mobility_radius_km, mobility_means, consent_date, consent_expiry, available_from, birth_date,
    rqth, rsa, under_26, over_50, qpv, long_term_unemployed, work_constraints, sectors_preferred
);
