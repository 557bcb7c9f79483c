-- Profilence schema, version 26: the dashboards' facts kept between two starts (issue 25).
--
-- The dashboards count from facts held in memory, one per promotion sent (`stats::facts`).
-- Reading them from five million promotions' rows takes about ten seconds; the app keeps
-- them here as they stood at an event (`last_event`), in parts of raw bytes
-- (`stats::facts::saved`), and the next start reads them back and then only what came
-- after. A part belongs to a generation; the header names the generation in force, written
-- last, so a save cut short leaves the previous one whole. `layout` (what a fact holds)
-- and `zone` (the local time zone that turned moments into days) must match, and
-- `promotions_deleted` the counter of `stats_changes`, or the facts are read in full.
-- Nothing here names a person: ids, days, codes and the counsellors' and agencies' names.
CREATE TABLE stats_snapshot (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    layout TEXT NOT NULL,
    zone TEXT NOT NULL,
    last_event INTEGER NOT NULL,
    promotions_deleted INTEGER NOT NULL,
    generation INTEGER NOT NULL,
    facts INTEGER NOT NULL,
    names BLOB NOT NULL
);
CREATE TABLE stats_snapshot_parts (
    id INTEGER PRIMARY KEY,
    generation INTEGER NOT NULL,
    part INTEGER NOT NULL,
    data BLOB NOT NULL,
    UNIQUE (generation, part)
);

-- The six-month check-ins are kept beside the facts too (`Facts::six_months`): a new one
-- is told by the largest id, a change that the six-month figures read (done, cancelled) or
-- a deletion by this counter.
ALTER TABLE stats_changes ADD COLUMN checkins INTEGER NOT NULL DEFAULT 0;
CREATE TRIGGER stats_checkin_changed AFTER UPDATE OF promotion_id, kind, in_job, cancelled_at, contract_type
    ON hire_checkins
BEGIN
    UPDATE stats_changes SET checkins = checkins + 1 WHERE id = 1;
END;
CREATE TRIGGER stats_checkin_deleted AFTER DELETE ON hire_checkins
BEGIN
    UPDATE stats_changes SET checkins = checkins + 1 WHERE id = 1;
END;
