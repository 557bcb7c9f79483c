-- Profilence schema, version 4: the profile sheet sent with each promotion, and the
-- counsellor's mail server.

-- The one-page PDF made for a promotion when it was created: what exactly the employer
-- received. Never rewritten: a new sheet means a new promotion.
CREATE TABLE promotion_sheets (
    promotion_id INTEGER PRIMARY KEY REFERENCES promotions (id) ON DELETE CASCADE,
    anonymous    INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
    file_name    TEXT NOT NULL,
    sha256       TEXT NOT NULL,              -- of `pdf`, hexadecimal
    cuts         TEXT NOT NULL DEFAULT '[]', -- JSON array: what was shortened to fit the page
    pdf          BLOB NOT NULL,
    created_at   TEXT NOT NULL               -- RFC 3339, UTC
) STRICT;

CREATE TRIGGER promotion_sheets_never_rewritten BEFORE UPDATE ON promotion_sheets
BEGIN
    SELECT RAISE(ABORT, 'a promotion''s sheet is never rewritten');
END;

-- The counsellor's outgoing mail server, one row. The password is not here: it lives in
-- the operating system's keychain.
CREATE TABLE mail_settings (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    host             TEXT NOT NULL DEFAULT '',
    port             INTEGER NOT NULL DEFAULT 587 CHECK (port BETWEEN 1 AND 65535),
    security         TEXT NOT NULL DEFAULT 'starttls' CHECK (security IN ('starttls', 'tls', 'none')),
    username         TEXT NOT NULL DEFAULT '',
    from_address     TEXT NOT NULL DEFAULT '',
    from_name        TEXT NOT NULL DEFAULT '',
    subject_template TEXT NOT NULL DEFAULT 'Proposition de candidature : {métier}'
) STRICT;
INSERT INTO mail_settings (id) VALUES (1);
