-- A hire or a "not retained" is an employer's answer (promotions::lifecycle::ANSWERS).
-- A tracker's history may go straight from the sending to that outcome: such promotions,
-- imported before, have no answer date. Their outcome is the status event in force and
-- no earlier answer is, so the answer is the outcome itself, at the status's moment.
UPDATE promotions SET answered_at = status_at
WHERE answered_at IS NULL AND status IN ('hired', 'not_retained');
