-- A word search of the pool reads the search documents of the account's agency through an
-- index. Row-level security applies a policy before any condition that is not leakproof,
-- and full-text matching (`@@`) is not: with version 3's policy (a subquery on the
-- candidates for each document) every word search walked every document of the team, the
-- subquery run on each (634 ms at 100,000 candidates, 1 s at the load run's p50). Each
-- document now carries its candidate's agency, kept by triggers, and the policy compares
-- it with the account's: an index gives the agency's documents, then they are matched.

-- The core never updates a document (FTS5's contentless tables cannot be): the trigger that
-- writes one runs on inserts only, and the agency can follow its candidate below.
DROP TRIGGER candidates_fts_write ON candidates_fts;
CREATE TRIGGER candidates_fts_write BEFORE INSERT ON candidates_fts
    FOR EACH ROW EXECUTE FUNCTION _candidates_fts_write();

ALTER TABLE candidates_fts ADD COLUMN agency_id BIGINT;
UPDATE candidates_fts f SET agency_id = c.agency_id FROM candidates c WHERE c.id = f.rowid;
CREATE INDEX candidates_fts_agency ON candidates_fts (agency_id);

-- A document is its candidate's agency's (read as the account writing it sees them).
CREATE FUNCTION _candidates_fts_agency() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    NEW.agency_id := (SELECT agency_id FROM candidates WHERE id = NEW.rowid);
    RETURN NEW;
END
$fn$;
CREATE TRIGGER candidates_fts_agency BEFORE INSERT ON candidates_fts
    FOR EACH ROW EXECUTE FUNCTION _candidates_fts_agency();

-- A candidate the administrator moves to another agency takes their document along.
CREATE FUNCTION _candidates_agency_moved() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    UPDATE candidates_fts SET agency_id = NEW.agency_id WHERE rowid = NEW.id;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER candidates_agency_moved AFTER UPDATE OF agency_id ON candidates
    FOR EACH ROW WHEN (OLD.agency_id IS DISTINCT FROM NEW.agency_id) EXECUTE FUNCTION _candidates_agency_moved();

DROP POLICY own_agency ON candidates_fts;
CREATE POLICY own_agency ON candidates_fts USING (agency_id = profilence_agency());
