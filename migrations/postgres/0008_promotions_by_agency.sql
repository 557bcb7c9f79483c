-- Each promotion carries the agency it was made in: its candidate's agency when it was
-- written. The promotions' log is the whole team's (the contact limits and the 90-day rule
-- count every counsellor's), and the agencies are compared side by side over it
-- (`stats::team`) without seeing each other's candidates. An agency's own dashboards count
-- the promotions its counsellors made; a candidate the administrator moves to another
-- agency later leaves their earlier promotions to the agency that made them.

ALTER TABLE promotions ADD COLUMN agency_id BIGINT REFERENCES agencies (id);
UPDATE promotions p SET agency_id = c.agency_id FROM candidates c WHERE c.id = p.candidate_id;
-- The dashboards read an agency's promotions sent, in the order of their ids.
CREATE INDEX promotions_agency ON promotions (agency_id, id) WHERE sent_at IS NOT NULL;

-- The candidate's agency, as the account writing the promotion sees them (a counsellor
-- promotes only their own agency's candidates; the administrator sees every agency's).
CREATE FUNCTION _promotions_agency() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    NEW.agency_id := (SELECT agency_id FROM candidates WHERE id = NEW.candidate_id);
    RETURN NEW;
END
$fn$;
CREATE TRIGGER promotions_agency BEFORE INSERT ON promotions
    FOR EACH ROW EXECUTE FUNCTION _promotions_agency();
