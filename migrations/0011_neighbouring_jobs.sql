-- Profilence schema, version 11: neighbouring jobs.
--
-- The jobs that share a candidate's skills are found from the skills: the ROME's
-- job-skill links read by skill, with the core-skill flag, without reading them all.
CREATE INDEX rome_job_skills_skill ON rome_job_skills (skill_code, rome_code, core);
