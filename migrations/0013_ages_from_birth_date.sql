-- Profilence schema, version 13: « moins de 26 ans » and « 50 ans et plus » follow from the
-- birth date on the day they are read (the aids, the pool's filter, the sheets, targeting,
-- the dashboards), never from a box ticked once that goes stale as people age. The boxes
-- go; the candidates stay.
--
-- SQLite drops a column only when no index names it: the two indexes that held the boxes
-- are made again without them, keeping their purpose. The pool's filter by an age public
-- reads a range of birth dates, through an index of its own.

DROP INDEX candidates_filters;
DROP INDEX candidates_reach;
ALTER TABLE candidates DROP COLUMN under_26;
ALTER TABLE candidates DROP COLUMN over_50;

-- Narrow enough for counting the pool under any mix of flag, consent and availability
-- filters without reading the (wide) candidate rows; the dashboards read every candidate
-- through it, the birth date included (the age publics on the day of each promotion).
CREATE INDEX candidates_filters ON candidates (
    rqth, rsa, qpv, long_term_unemployed, consent_expiry, consent_date, available_from, counsellor, birth_date
);
-- What ranking a person for a company reads of them, narrow (as in migrations 0010 and 0012).
CREATE INDEX candidates_reach ON candidates (
    id, lat, lng, mobility_radius_km, mobility_means, consent_date, consent_expiry, available_from, birth_date,
    rqth, rsa, qpv, long_term_unemployed, work_constraints, sectors_preferred
);
-- The pool's filter by « moins de 26 ans » or « 50 ans et plus »: born after, or by, a day;
-- with the consent and availability the list filters with it, so that counting the
-- matches never reads the wide rows.
CREATE INDEX candidates_birth_date ON candidates (birth_date, consent_expiry, consent_date, available_from);
