-- The team this desktop joined (« Rejoindre une équipe »): where the team's PostgreSQL
-- server is and the counsellor's account on it. The account's password is in the OS
-- keychain, never here. While a row is here the app works on the team's database; this
-- file keeps the records it had when the counsellor joined, as they were. Only the
-- desktop's file has this table: the team's server is where the team lives.
CREATE TABLE team_membership (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    host           TEXT NOT NULL,
    port           INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
    database       TEXT NOT NULL,
    account        TEXT NOT NULL,
    ca_certificate TEXT,                      -- the path of the authority's certificate (PEM)
    joined_at      TEXT NOT NULL              -- RFC 3339, UTC
);
