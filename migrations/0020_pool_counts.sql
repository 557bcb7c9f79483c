-- Profilence schema, version 20: the pool's lists count their matches in narrow indexes
-- again (issue 25). Since version 16 every list leaves out the erased (`erased_at`) and the
-- consent filter reads its withdrawal (`consent_withdrawn_on`); neither was in the indexes
-- that count, so every count (the first page's total among them) read the wide candidate
-- rows. Each index the lists count or walk in gets them, and the erased get their own
-- (`IF NOT EXISTS` for the new ones: a test replays this on a database that has them).

DROP INDEX candidates_filters;
CREATE INDEX candidates_filters ON candidates (
    rqth, rsa, qpv, long_term_unemployed, consent_expiry, consent_date, available_from, counsellor, birth_date,
    consent_withdrawn_on, erased_at
);
DROP INDEX candidates_birth_date;
CREATE INDEX candidates_birth_date ON candidates (
    birth_date, consent_expiry, consent_date, available_from, consent_withdrawn_on, erased_at
);
DROP INDEX candidates_place;
CREATE INDEX candidates_place ON candidates (lat, lng, erased_at);
DROP INDEX candidates_waiting;
CREATE INDEX candidates_waiting ON candidates (
    consent_date, id, consent_expiry, last_sent_at, consent_withdrawn_on, erased_at
);
DROP INDEX candidates_sort_name;
CREATE INDEX candidates_sort_name ON candidates (sort_name, id, last_sent_at, erased_at);
-- The erased, a few: the whole pool's total is every candidate less them.
CREATE INDEX IF NOT EXISTS candidates_erased ON candidates (erased_at) WHERE erased_at IS NOT NULL;
-- The people of a job sheet in the order of their ids: counted without a set of those
-- already seen, and a person's jobs looked up while the list walks the names.
CREATE INDEX IF NOT EXISTS candidate_target_jobs_people ON candidate_target_jobs (rome_code, candidate_id);
