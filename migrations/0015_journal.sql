-- Profilence schema, version 15: the journal of who did what and when (data protection).
--
-- Append-only: each entry holds the hash of the one before it and its own, computed by the
-- core over its fields, so that an entry edited or taken out breaks the chain
-- (`profilence-cli journal verify`). The triggers refuse edits and deletions made through
-- SQL; the chain shows those made around them. An entry names its subject by kind and id,
-- and the fields changed by name: never a person's name, so that an erasure leaves none here.
CREATE TABLE journal (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,                 -- RFC 3339, UTC
    counsellor   TEXT NOT NULL,                 -- the counsellor of the settings at the time
    os_user      TEXT NOT NULL,                 -- the operating system's user name
    action       TEXT NOT NULL,
    subject_kind TEXT NOT NULL,                 -- candidate, company, contact, promotion, … or ''
    subject_id   INTEGER,
    detail       TEXT NOT NULL DEFAULT '',      -- fields changed, counts, file kinds: no names
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
) STRICT;
CREATE INDEX journal_subject ON journal (subject_kind, subject_id, id);
CREATE INDEX journal_action ON journal (action, id);

CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
BEGIN
    SELECT RAISE(ABORT, 'the journal is append-only');
END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
BEGIN
    SELECT RAISE(ABORT, 'the journal is append-only');
END;
