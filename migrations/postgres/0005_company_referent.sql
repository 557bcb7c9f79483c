-- The company's référent (migrations/0028_company_referent.sql).
ALTER TABLE companies ADD COLUMN referent TEXT COLLATE "C" NOT NULL DEFAULT '';
