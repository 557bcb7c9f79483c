-- The company's référent: the counsellor who leads the relation with it (in team mode, the
-- colleague the others ask before writing to it). The counsellor who enters a company
-- unless the form names another; shown on the company's page.
ALTER TABLE companies ADD COLUMN referent TEXT NOT NULL DEFAULT '';
