-- The send gate (promotions::gate): a promotion created over its company's monthly
-- contacts after the counsellor confirmed it keeps that confirmation, so that sending
-- the draft later (by e-mail, as an .eml draft, marked as sent) is not refused for the
-- limit the counsellor already accepted. The repeat window's confirmation is already
-- kept, as `repeat_reason`.
ALTER TABLE promotions ADD COLUMN over_limit_confirmed INTEGER NOT NULL DEFAULT 0
    CHECK (over_limit_confirmed IN (0, 1));
