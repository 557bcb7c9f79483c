-- Profilence schema, version 3: promotions and their event log.

-- One candidate presented to one company. Its life is the append-only event log below;
-- the columns after `created_at` are derived from that log by the core, in the same
-- transaction as each event, so that lists need not replay it.
CREATE TABLE promotions (
    id              INTEGER PRIMARY KEY,
    candidate_id    INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    company_id      INTEGER NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    contact_id      INTEGER REFERENCES company_contacts (id) ON DELETE SET NULL,
    job_offer_ref   TEXT,
    counsellor      TEXT NOT NULL,
    channel         TEXT NOT NULL
        CHECK (channel IN ('email', 'phone', 'visit', 'event', 'online_platform')),
    pitch           TEXT NOT NULL,
    -- The candidate record the profile sheet was made from (its `updated_at`).
    profile_version TEXT NOT NULL,
    -- Why the counsellor confirmed a second promotion to the same company within the window.
    repeat_reason   TEXT,
    created_at      TEXT NOT NULL,              -- RFC 3339, UTC
    status          TEXT NOT NULL,
    status_at       TEXT NOT NULL,              -- when the current status began
    sent_at         TEXT,                       -- first sending
    last_contact_at TEXT,                       -- latest sending or reminder
    reminders       INTEGER NOT NULL DEFAULT 0,
    answered_at     TEXT,                       -- the employer's first answer
    reason          TEXT                        -- of the refusal or non-retention
) STRICT;
CREATE INDEX promotions_candidate ON promotions (candidate_id, created_at);
CREATE INDEX promotions_company ON promotions (company_id, created_at);
-- Promotions waiting for an answer, by sending (the follow-up list, oldest first) and by
-- last contact (its counts and the automatic "no answer"): a few weeks' worth of rows.
CREATE INDEX promotions_waiting ON promotions (sent_at, last_contact_at)
    WHERE status IN ('sent', 'reminded');
CREATE INDEX promotions_waiting_contact ON promotions (last_contact_at, sent_at)
    WHERE status IN ('sent', 'reminded');
CREATE INDEX promotions_status ON promotions (status, created_at);
CREATE INDEX promotions_created ON promotions (created_at);

CREATE TABLE promotion_events (
    id            INTEGER PRIMARY KEY,
    promotion_id  INTEGER NOT NULL REFERENCES promotions (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    at            TEXT NOT NULL,                -- when it happened (RFC 3339, UTC)
    recorded_at   TEXT NOT NULL,                -- when it was entered
    author        TEXT NOT NULL,
    comment       TEXT NOT NULL DEFAULT '',
    reason        TEXT,
    interview_at  TEXT,                         -- YYYY-MM-DDTHH:MM, local time
    contract_type TEXT,
    start_date    TEXT,                         -- YYYY-MM-DD
    corrects      INTEGER REFERENCES promotion_events (id)
) STRICT;
CREATE INDEX promotion_events_promotion ON promotion_events (promotion_id, id);

-- The log is append-only: a correction is a new event, never an edit.
CREATE TRIGGER promotion_events_append_only BEFORE UPDATE ON promotion_events
BEGIN
    SELECT RAISE(ABORT, 'promotion events are append-only');
END;

-- The follow-up rules, one row.
CREATE TABLE promotion_settings (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    reminder_days      INTEGER NOT NULL DEFAULT 7 CHECK (reminder_days > 0),
    urgent_days        INTEGER NOT NULL DEFAULT 15 CHECK (urgent_days > 0),
    no_answer_days     INTEGER NOT NULL DEFAULT 30 CHECK (no_answer_days > 0),
    repeat_window_days INTEGER NOT NULL DEFAULT 90 CHECK (repeat_window_days >= 0)
) STRICT;
INSERT INTO promotion_settings (id) VALUES (1);
