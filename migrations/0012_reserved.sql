-- Profilence schema, version 12: reserved for the migration of branch issue17-constraints,
-- which holds number 12 (the numbers run without gaps: `build.rs`). This file only keeps
-- the place on branch issue17-ages; it is deleted when that branch's 0012 is merged.
SELECT 1;
