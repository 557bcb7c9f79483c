-- Profilence schema, version 8: what a tracker file does not date stays unknown.

-- An event whose moment the source did not give (a legacy tracker's "refus" with no answer
-- date): it keeps an `at`, the sending's moment or the latest event's, only so that the
-- log keeps its order; nothing reads that `at` as a date.
ALTER TABLE promotion_events ADD COLUMN undated INTEGER NOT NULL DEFAULT 0 CHECK (undated IN (0, 1));

-- Derived from the log like the other columns after `created_at`
-- (`promotions::lifecycle::derive`). A date column holds a real date or NULL; a flag says
-- that what it dates happened all the same:
-- * `answered_at` NULL with `answer_undated` = 1: the employer's first answer in force has
--   no date. The promotion is answered (the dashboards' "answered" is `answered_at IS NOT
--   NULL OR answer_undated = 1`) but adds nothing to the answer delay. A flag beside the
--   date, rather than an `answered` flag, keeps every existing row right as it is (no
--   backfill) and keeps `answered_at` what it always was: the date, when there is one.
-- * `interview_planned_at` NULL with `interview_undated` = 1: the same for the first
--   interview planned in force (an interview all the same).
-- * `status_undated` = 1: the status event in force has no date; `status_at` (NOT NULL)
--   then holds its ordering moment, which lists do not show as a date.
ALTER TABLE promotions ADD COLUMN answer_undated INTEGER NOT NULL DEFAULT 0 CHECK (answer_undated IN (0, 1));
ALTER TABLE promotions ADD COLUMN interview_undated INTEGER NOT NULL DEFAULT 0
    CHECK (interview_undated IN (0, 1));
ALTER TABLE promotions ADD COLUMN status_undated INTEGER NOT NULL DEFAULT 0 CHECK (status_undated IN (0, 1));

-- The dashboards read the flags with the other facts (stats::facts), from this index alone.
DROP INDEX promotions_facts;
CREATE INDEX promotions_facts ON promotions (
    id, candidate_id, company_id, counsellor, agency, channel, status, reason, created_at, sent_at,
    last_contact_at, answered_at, interview_planned_at, answer_undated, interview_undated
) WHERE sent_at IS NOT NULL;

-- Until this version, the import dated a row's status at the promotion's day when the file
-- gave no status date (no "date retour", an unreadable one, or one outside the promotion's
-- period): the dashboards counted those answers as received on the sending day, a median
-- delay of 0 days. They are marked undated here.
--
-- Imported promotions: `pitch = ''`. The import's `promotions::history::create_history`
-- writes an empty pitch; the app's `promote` writes the pitch template filled for the
-- candidate (a template is required, `pitchTemplate`) and the demo's `replay` a fixed
-- text. A template made only of merge fields that all come out empty (say `{offre}` with no
-- offer reference) would still give an empty pitch: so the rule also asks for the mark of
-- history, a creation recorded at another moment than the one it states (the import
-- records the file's date when it runs; the app and the demo record a creation at its own
-- moment).
--
-- Their events dated that way: every kind a row's status or comment records (an answer,
-- an outcome, a reminder, "no answer", a withdrawal, a note: not the creation, the sending
-- or a correction), at noon local time (`clock::noon`: RFC 3339 UTC, so 10:00Z or 11:00Z
-- for Paris in summer or winter; `'localtime'` is the zone the app ran the import in) of
-- the promotion's sending day.
--
-- The one ambiguity: an answer the file dated on the sending day itself is stored at the
-- same moment (noon of that day), and so is one the counsellor recorded later in the app
-- with that day as its date; they become undated too. That trade-off is right: a tracker
-- row with a status and no date is the common case, a same-day answer the rare one; the
-- promotion still counts as answered (only the delay's basis loses it), whereas leaving
-- the invented zeros in would keep the headline delay wrong for every imported file.
--
-- The log is append-only (trigger of migration 0003): the trigger is set aside for this
-- one update, in the migration's transaction, and put back as it was.
DROP TRIGGER promotion_events_append_only;
UPDATE promotion_events SET undated = 1
WHERE kind IN ('reminded', 'interested', 'interview_planned', 'information_requested', 'refused', 'no_answer',
               'kept_on_file', 'hired', 'not_retained', 'withdrawn', 'note')
  AND time(at, 'localtime') = '12:00:00'
  AND promotion_id IN (
      SELECT p.id FROM promotions p JOIN promotion_events created
          ON created.promotion_id = p.id AND created.kind = 'created'
      WHERE p.pitch = '' AND p.sent_at IS NOT NULL AND created.recorded_at <> created.at
  )
  AND date(at, 'localtime') = (
      SELECT date(p.sent_at, 'localtime') FROM promotions p WHERE p.id = promotion_events.promotion_id
  );
CREATE TRIGGER promotion_events_append_only BEFORE UPDATE ON promotion_events
BEGIN
    SELECT RAISE(ABORT, 'promotion events are append-only');
END;

-- The derived columns of the promotions touched, as `lifecycle::derive` gives them: the
-- events in force are those no correction names; the first answer and the first interview
-- planned in force in the log's order, their date only when they have one; the status
-- event in force is the latest; the last contact the latest dated sending or reminder.
UPDATE promotions SET
    answered_at = (
        SELECT CASE e.undated WHEN 1 THEN NULL ELSE e.at END FROM promotion_events e
        WHERE e.promotion_id = promotions.id
          AND e.kind IN ('interested', 'interview_planned', 'information_requested', 'refused', 'kept_on_file',
                         'hired', 'not_retained')
          AND NOT EXISTS (SELECT 1 FROM promotion_events c WHERE c.promotion_id = e.promotion_id AND c.corrects = e.id)
        ORDER BY e.id LIMIT 1
    ),
    answer_undated = coalesce((
        SELECT e.undated FROM promotion_events e
        WHERE e.promotion_id = promotions.id
          AND e.kind IN ('interested', 'interview_planned', 'information_requested', 'refused', 'kept_on_file',
                         'hired', 'not_retained')
          AND NOT EXISTS (SELECT 1 FROM promotion_events c WHERE c.promotion_id = e.promotion_id AND c.corrects = e.id)
        ORDER BY e.id LIMIT 1
    ), 0),
    interview_planned_at = (
        SELECT CASE e.undated WHEN 1 THEN NULL ELSE e.at END FROM promotion_events e
        WHERE e.promotion_id = promotions.id AND e.kind = 'interview_planned'
          AND NOT EXISTS (SELECT 1 FROM promotion_events c WHERE c.promotion_id = e.promotion_id AND c.corrects = e.id)
        ORDER BY e.id LIMIT 1
    ),
    interview_undated = coalesce((
        SELECT e.undated FROM promotion_events e
        WHERE e.promotion_id = promotions.id AND e.kind = 'interview_planned'
          AND NOT EXISTS (SELECT 1 FROM promotion_events c WHERE c.promotion_id = e.promotion_id AND c.corrects = e.id)
        ORDER BY e.id LIMIT 1
    ), 0),
    status_undated = coalesce((
        SELECT e.undated FROM promotion_events e
        WHERE e.promotion_id = promotions.id AND e.kind NOT IN ('note', 'correction')
          AND NOT EXISTS (SELECT 1 FROM promotion_events c WHERE c.promotion_id = e.promotion_id AND c.corrects = e.id)
        ORDER BY e.id DESC LIMIT 1
    ), 0),
    last_contact_at = (
        SELECT e.at FROM promotion_events e
        WHERE e.promotion_id = promotions.id AND e.kind IN ('sent', 'reminded') AND e.undated = 0
          AND NOT EXISTS (SELECT 1 FROM promotion_events c WHERE c.promotion_id = e.promotion_id AND c.corrects = e.id)
        ORDER BY e.id DESC LIMIT 1
    )
WHERE id IN (SELECT promotion_id FROM promotion_events WHERE undated = 1);
