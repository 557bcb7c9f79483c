-- Profilence schema, version 14: the people nobody has promoted lately, the job title that
-- stands for a job sheet, and the agency's history of a company read in one index.

-- When each candidate was last sent to a company (the latest `sent_at` of their
-- promotions; NULL: never). Kept by the core with every sending (`promotions::sent`), so
-- that the pool can be filtered and sorted by it, and « À promouvoir » read, without
-- looking up every person's promotions.
ALTER TABLE candidates ADD COLUMN last_sent_at TEXT;
CREATE INDEX promotions_candidate_sent ON promotions (candidate_id, sent_at) WHERE sent_at IS NOT NULL;

-- The dashboards reload the pool when a candidate changes; a sending is not such a change
-- (the dashboards read it from the promotion). Recreated before the column is filled.
DROP TRIGGER stats_candidate_changed;
CREATE TRIGGER stats_candidate_changed AFTER UPDATE ON candidates
    WHEN OLD.last_sent_at IS NEW.last_sent_at
BEGIN
    UPDATE stats_changes SET candidates = candidates + 1 WHERE id = 1;
END;

UPDATE candidates SET last_sent_at = (
    SELECT max(p.sent_at) FROM promotions p WHERE p.candidate_id = candidates.id AND p.sent_at IS NOT NULL
);
-- The pool sorted by last sending (never first), and the never sent counted.
CREATE INDEX candidates_last_sent ON candidates (last_sent_at, id);
-- « À promouvoir »: valid consent, oldest first, not sent lately — in the index's order,
-- the consent and the sending checked in it.
CREATE INDEX candidates_waiting ON candidates (consent_date, id, consent_expiry, last_sent_at);
-- The pool by name (its first page, a frequent search) with the sending checked in the
-- index: « jamais promu » by name never reads the rows it leaves out. The id before the
-- sending keeps the list's whole order (name, then id) in the index.
DROP INDEX candidates_sort_name;
CREATE INDEX candidates_sort_name ON candidates (sort_name, id, last_sent_at);

-- The ROME names one job title of each sheet its main one (`classification` PRINCIPALE):
-- a neighbouring job is added as a target under it. Known after the next ROME import.
ALTER TABLE job_titles ADD COLUMN main INTEGER NOT NULL DEFAULT 0 CHECK (main IN (0, 1));

-- How long without a sending before a consenting person is « à promouvoir ».
ALTER TABLE promotion_settings ADD COLUMN waiting_days INTEGER NOT NULL DEFAULT 30;

-- What targeting weighs of the agency's history with each company around a person, read in
-- the index without the promotions' wide rows (their pitches): at 1,000,000 promotions,
-- the history of 3,000 companies in 0.14 s instead of 1.5 s.
CREATE INDEX promotions_company_history ON promotions (
    company_id, sent_at, status, status_at, reason, answered_at, answer_undated, interview_planned_at,
    interview_undated, candidate_id
) WHERE sent_at IS NOT NULL;
