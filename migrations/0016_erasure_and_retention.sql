-- Profilence schema, version 16: erasure (right to erasure), consent withdrawn, retention.
--
-- An erased candidate or company stays as an anonymous tombstone so that the promotions
-- made for them keep counting on the dashboards: `erased_at` is set, every column that
-- identifies them is emptied by `erasure.rs`, and every list, search, duplicate check and
-- targeting leaves the row out. A candidate's target jobs move to `erased_target_jobs`
-- as their ROME codes only (no title, no place): the dashboards count them there, and
-- targeting, which reads `candidate_target_jobs`, no longer finds the person.
ALTER TABLE candidates ADD COLUMN erased_at TEXT;               -- RFC 3339, UTC
ALTER TABLE candidates ADD COLUMN consent_withdrawn_on TEXT;    -- YYYY-MM-DD: no promotion from that day
ALTER TABLE companies ADD COLUMN erased_at TEXT;                -- RFC 3339, UTC

CREATE TABLE erased_target_jobs (
    candidate_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    rome_code    TEXT NOT NULL,
    PRIMARY KEY (candidate_id, position)
) STRICT, WITHOUT ROWID;

-- The events of a promotion are append-only. An erasure is the one thing that may write
-- one again: it blanks or scrubs the comments of the promotions it keeps anonymous, and
-- nothing else. It opens this gate inside its own transaction and closes it before the
-- commit (`erasure.rs`); the trigger lets through only a change of `comment` while the gate
-- is open.
CREATE TABLE erasure_gate (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    open INTEGER NOT NULL DEFAULT 0 CHECK (open IN (0, 1))
) STRICT;
INSERT INTO erasure_gate (id) VALUES (1);

DROP TRIGGER promotion_events_append_only;
CREATE TRIGGER promotion_events_append_only BEFORE UPDATE ON promotion_events
    WHEN NOT (
        (SELECT open FROM erasure_gate WHERE id = 1) = 1
        AND NEW.id IS OLD.id AND NEW.promotion_id IS OLD.promotion_id AND NEW.kind IS OLD.kind
        AND NEW.at IS OLD.at AND NEW.recorded_at IS OLD.recorded_at AND NEW.author IS OLD.author
        AND NEW.reason IS OLD.reason AND NEW.interview_at IS OLD.interview_at
        AND NEW.contract_type IS OLD.contract_type AND NEW.start_date IS OLD.start_date
        AND NEW.corrects IS OLD.corrects AND NEW.undated IS OLD.undated
    )
BEGIN
    SELECT RAISE(ABORT, 'promotion events are append-only');
END;

-- The retention rule (Paramètres « Conservation des données »): one row.
CREATE TABLE retention_settings (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    -- Months after a consent ended (or was withdrawn) before the candidate is anonymised.
    candidate_months  INTEGER NOT NULL DEFAULT 24 CHECK (candidate_months BETWEEN 1 AND 120),
    -- Months after the last activity with a company contact before the contact is erased.
    contact_months    INTEGER NOT NULL DEFAULT 24 CHECK (contact_months BETWEEN 1 AND 120),
    last_run_on       TEXT                      -- YYYY-MM-DD
) STRICT;
INSERT INTO retention_settings (id) VALUES (1);

-- A contact's last activity: the latest promotion addressed to them, or the last save of
-- their company's record (`retention.rs`).
CREATE INDEX promotions_contact ON promotions (contact_id, created_at) WHERE contact_id IS NOT NULL;
