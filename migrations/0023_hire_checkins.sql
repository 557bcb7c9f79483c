-- The months after a hire (issue 21): each hire recorded in the app schedules check-ins
-- (one month after the start, the end of the trial period, six months), each done once:
-- still in the job or not, and why not. They belong to the hire event that scheduled
-- them: a correction that cancels that event cancels them (`cancelled_at`), kept for the
-- trace and counted nowhere; a new hire event schedules its own.
CREATE TABLE hire_checkins (
    id            INTEGER PRIMARY KEY,
    promotion_id  INTEGER NOT NULL REFERENCES promotions (id) ON DELETE CASCADE,
    hire_event_id INTEGER NOT NULL REFERENCES promotion_events (id),
    kind          TEXT NOT NULL CHECK (kind IN ('one_month', 'trial_end', 'six_months')),
    due_on        TEXT NOT NULL,                -- YYYY-MM-DD
    done_on       TEXT,                         -- YYYY-MM-DD, once done
    in_job        INTEGER CHECK (in_job IN (0, 1)),
    left_reason   TEXT CHECK (left_reason IN ('trial_by_employer', 'trial_by_employee', 'other')),
    comment       TEXT NOT NULL DEFAULT '',
    recorded_at   TEXT,                         -- RFC 3339 UTC, once done
    author        TEXT,
    cancelled_at  TEXT,                         -- RFC 3339 UTC: the hire was corrected
    UNIQUE (hire_event_id, kind),
    CHECK ((done_on IS NULL) = (in_job IS NULL)),
    CHECK (in_job IS NOT 1 OR left_reason IS NULL)
) STRICT;
-- Relances: the check-ins still to do, by the day they fall due.
CREATE INDEX hire_checkins_due ON hire_checkins (due_on) WHERE done_on IS NULL AND cancelled_at IS NULL;
CREATE INDEX hire_checkins_promotion ON hire_checkins (promotion_id, hire_event_id);

-- Paramètres: the trial period each contract type is assumed to have (French rules by
-- default, see `promotions::checkins::schedule`), one row per contract type.
CREATE TABLE checkin_trial_periods (
    contract_type TEXT PRIMARY KEY,
    amount        INTEGER NOT NULL CHECK (amount BETWEEN 1 AND 365),
    unit          TEXT NOT NULL CHECK (unit IN ('days', 'months'))
) STRICT;
INSERT INTO checkin_trial_periods (contract_type, amount, unit) VALUES
    ('cdi', 2, 'months'),
    ('cdd', 14, 'days'),
    ('interim', 2, 'days'),
    ('apprenticeship', 45, 'days'),
    ('professionalisation', 1, 'months'),
    ('subsidised', 1, 'months'),
    ('inclusion', 14, 'days'),
    ('seasonal', 14, 'days');
