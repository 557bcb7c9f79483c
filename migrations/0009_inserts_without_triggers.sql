-- Profilence schema, version 9: a new candidate no longer fires a trigger.
--
-- A trigger makes every INSERT a statement that may write several rows, so SQLite keeps a
-- statement journal for it: each page the insert touches (the row and its eleven
-- indexes) was copied there first, for every candidate and every target job an import
-- stored — a fifth of the time it spent storing candidates. The dashboards now tell a
-- new candidate by the largest candidate id (`stats::facts`); a target job is only ever
-- added with its candidate, inserted or updated (which the update trigger still counts).
-- Updates and deletions keep their triggers: they are rare and leave no other trace.
DROP TRIGGER stats_candidate_added;
DROP TRIGGER stats_target_job_added;
