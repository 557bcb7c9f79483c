-- Profilence schema, version 24: the dashboards' territory by the company's place (issue 21).
--
-- The dashboards keep where each company is (its commune from the referential, else its
-- postcode's department) in memory, beside the promotions (`stats::facts`). A company can
-- move without any event of its promotions: this counter says that one did, and the places
-- are read again. A new company is told by the largest company id, as a new candidate is
-- (migration 0009: no trigger on inserts, which an import makes by the thousand). Only a
-- change of the place counts: saving a company rewrites every column, and a company's
-- other fields are not what the dashboards read.
ALTER TABLE stats_changes ADD COLUMN companies INTEGER NOT NULL DEFAULT 0;
CREATE TRIGGER stats_company_moved AFTER UPDATE OF commune_code, postcode, commune ON companies
    WHEN OLD.commune_code IS NOT NEW.commune_code OR OLD.postcode IS NOT NEW.postcode
      OR OLD.commune IS NOT NEW.commune
BEGIN
    UPDATE stats_changes SET companies = companies + 1 WHERE id = 1;
END;
CREATE TRIGGER stats_company_deleted AFTER DELETE ON companies
BEGIN
    UPDATE stats_changes SET companies = companies + 1 WHERE id = 1;
END;
