-- The consent history of each candidate: when and how they consented, each renewal or
-- correction, a consent attested by the counsellor at the import of a tracker that did
-- not state it. The candidate's row keeps the consent in force (consent_date,
-- consent_channel, consent_expiry); this log says where it came from. Withdrawals come
-- with the data protection work: the kind is allowed here so that the table need not be
-- rebuilt then.
CREATE TABLE consent_events (
    id           INTEGER PRIMARY KEY,
    candidate_id INTEGER NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('given', 'renewed', 'corrected', 'attested', 'withdrawn')),
    given_on     TEXT NOT NULL,                 -- YYYY-MM-DD: the day the person consented
    channel      TEXT NOT NULL CHECK (channel IN ('oral', 'written', 'online')),
    expiry       TEXT NOT NULL,                 -- YYYY-MM-DD
    recorded_at  TEXT NOT NULL,                 -- RFC 3339, UTC
    recorded_by  TEXT NOT NULL DEFAULT '',      -- the counsellor; '' when not known
    note         TEXT NOT NULL DEFAULT ''       -- where it came from: a tracker, an attestation
) STRICT;
CREATE INDEX consent_events_candidate ON consent_events (candidate_id, id);

-- Every candidate already in the pool: the consent in force, as given, recorded when the
-- candidate was (who recorded it was not kept).
INSERT INTO consent_events (candidate_id, kind, given_on, channel, expiry, recorded_at)
SELECT id, 'given', consent_date, consent_channel, consent_expiry, created_at FROM candidates;
