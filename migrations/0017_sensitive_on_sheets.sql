-- Sensitive information on a promotion's sheet and pitch: the publics the counsellor
-- records (RQTH, RSA, QPV, long-term unemployment) and the hiring aids reserved to them
-- appear only when the counsellor ticked it for that promotion, the person having agreed.
-- `sensitive_shown` is 1 when ticked, 0 when not; NULL for the promotions made before the
-- choice existed (their sheets were made without it being asked) and for the past
-- promotions an import brings. `sensitive_reason` says why it was shown.
ALTER TABLE promotions ADD COLUMN sensitive_shown INTEGER CHECK (sensitive_shown IN (0, 1));
ALTER TABLE promotions ADD COLUMN sensitive_reason TEXT;
