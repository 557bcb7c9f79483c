-- Optimistic versions: each save of a candidate or a company raises its version, and a form
-- saves only over the version it opened (team mode: two counsellors on one record; a desk:
-- the window and the command line). The second save is refused with who changed it and when.
ALTER TABLE candidates ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE companies ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
