-- Companies are shared by the agencies of one territory (`agencies.territory`: the partners
-- of one employment area — France Travail, Cap Emploi, Missions Locales), not by every
-- agency on the server. A company belongs to the territory of the counsellor who entered
-- it; one the administrator entered, or entered before this version, has none and stays
-- the whole team's. Its contacts, commitments and search document follow it. The
-- promotions' log stays the team's: a company's contact limit counts every promotion to
-- it, and only its territory sees it to promote to it. Another territory may enter the same
-- establishment (SIRET) as a company of its own.

-- The signed-in account's territory (NULL for an account that is no counsellor's).
CREATE FUNCTION profilence_territory() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT a.territory FROM counsellors c JOIN agencies a ON a.id = c.agency_id WHERE c.account = session_user
$$;

ALTER TABLE companies ADD COLUMN territory TEXT COLLATE "C" DEFAULT profilence_territory();
CREATE INDEX companies_territory ON companies (territory);
ALTER TABLE companies DROP CONSTRAINT companies_siret_key;
CREATE UNIQUE INDEX companies_siret ON companies (siret, coalesce(territory, ''));

ALTER TABLE companies ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_territory ON companies
    USING (territory IS NULL OR territory = profilence_territory())
    WITH CHECK (territory IS NULL OR territory = profilence_territory());
ALTER TABLE company_contacts ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_territory ON company_contacts
    USING (EXISTS (SELECT 1 FROM companies k WHERE k.id = company_id));
ALTER TABLE company_commitments ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_territory ON company_commitments
    USING (EXISTS (SELECT 1 FROM companies k WHERE k.id = company_id));

-- The search documents carry their company's territory, as those of the candidates carry
-- their agency (version 6), so that a word search finds the territory's through an index.
DROP TRIGGER companies_fts_write ON companies_fts;
CREATE TRIGGER companies_fts_write BEFORE INSERT ON companies_fts
    FOR EACH ROW EXECUTE FUNCTION _companies_fts_write();
ALTER TABLE companies_fts ADD COLUMN territory TEXT COLLATE "C";
CREATE INDEX companies_fts_territory ON companies_fts (territory);

CREATE FUNCTION _companies_fts_territory() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    NEW.territory := (SELECT territory FROM companies WHERE id = NEW.rowid);
    RETURN NEW;
END
$fn$;
CREATE TRIGGER companies_fts_territory BEFORE INSERT ON companies_fts
    FOR EACH ROW EXECUTE FUNCTION _companies_fts_territory();

-- A company the administrator moves to another territory takes its document along.
CREATE FUNCTION _companies_territory_moved() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    UPDATE companies_fts SET territory = NEW.territory WHERE rowid = NEW.id;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER companies_territory_moved AFTER UPDATE OF territory ON companies
    FOR EACH ROW WHEN (OLD.territory IS DISTINCT FROM NEW.territory) EXECUTE FUNCTION _companies_territory_moved();

ALTER TABLE companies_fts ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_territory ON companies_fts USING (territory IS NULL OR territory = profilence_territory());
