-- Profilence schema, version 5: what the dashboards count (issue 7).

-- The agency the counsellor worked for when the promotion was created (Paramètres), so
-- that figures can be read per agency or team. Promotions made before this version were
-- made on this desktop: they take its agency.
ALTER TABLE promotions ADD COLUMN agency TEXT NOT NULL DEFAULT '';
UPDATE promotions SET agency = (SELECT agency FROM counsellor_settings WHERE id = 1);

-- Derived from the log like the other columns after `created_at`: when an interview was
-- first recorded as planned, by an event still in force. Filled here from the logs kept
-- so far (a correction names the event it cancels).
ALTER TABLE promotions ADD COLUMN interview_planned_at TEXT;
UPDATE promotions SET interview_planned_at = (
    SELECT min(e.at) FROM promotion_events e
    WHERE e.promotion_id = promotions.id AND e.kind = 'interview_planned'
      AND e.id NOT IN (SELECT corrects FROM promotion_events WHERE corrects IS NOT NULL)
);

-- What the dashboards read of each promotion that was sent, without its (long) pitch.
CREATE INDEX promotions_facts ON promotions (
    id, candidate_id, company_id, counsellor, agency, channel, status, reason, created_at, sent_at,
    last_contact_at, answered_at, interview_planned_at
) WHERE sent_at IS NOT NULL;

-- The dashboards keep the facts they count in memory and read again only what changed:
-- promotions change through their events (whose ids only grow), but a deletion leaves no
-- event, and the pool's candidates have no log. These counters say that something did.
CREATE TABLE stats_changes (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    promotions_deleted INTEGER NOT NULL DEFAULT 0,
    candidates         INTEGER NOT NULL DEFAULT 0
) STRICT;
INSERT INTO stats_changes (id) VALUES (1);
CREATE TRIGGER stats_promotion_deleted AFTER DELETE ON promotions
BEGIN
    UPDATE stats_changes SET promotions_deleted = promotions_deleted + 1 WHERE id = 1;
END;
CREATE TRIGGER stats_candidate_added AFTER INSERT ON candidates
BEGIN
    UPDATE stats_changes SET candidates = candidates + 1 WHERE id = 1;
END;
CREATE TRIGGER stats_candidate_changed AFTER UPDATE ON candidates
BEGIN
    UPDATE stats_changes SET candidates = candidates + 1 WHERE id = 1;
END;
CREATE TRIGGER stats_candidate_deleted AFTER DELETE ON candidates
BEGIN
    UPDATE stats_changes SET candidates = candidates + 1 WHERE id = 1;
END;
CREATE TRIGGER stats_target_job_added AFTER INSERT ON candidate_target_jobs
BEGIN
    UPDATE stats_changes SET candidates = candidates + 1 WHERE id = 1;
END;
CREATE TRIGGER stats_target_job_changed AFTER UPDATE ON candidate_target_jobs
BEGIN
    UPDATE stats_changes SET candidates = candidates + 1 WHERE id = 1;
END;
CREATE TRIGGER stats_target_job_deleted AFTER DELETE ON candidate_target_jobs
BEGIN
    UPDATE stats_changes SET candidates = candidates + 1 WHERE id = 1;
END;
