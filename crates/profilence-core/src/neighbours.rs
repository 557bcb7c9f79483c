//! Neighbouring jobs ("Changer de métier"): for each of a candidate's target jobs, the jobs
//! ROME 4.0 lists as mobility from it and the jobs that share the most of the skills the
//! candidate ticked (know-how and knowledge: soft skills are asked by every job) — each with the skills they already have (core skills counted apart)
//! and those to acquire, why it is proposed, and what in it goes against the candidate's
//! constraints (`constraints::job_warnings`: a warning, never a job left out).

use std::collections::HashSet;

use crate::store::Conn;
use chrono::NaiveDate;
use rusqlite::params;
use serde::Serialize;
use ts_rs::TS;

use crate::{
    Error, Result,
    candidates::{self, Candidate, MAX_TARGET_JOBS, TargetJob},
    choices::WorkConstraint,
    constraints, referentials,
};

/// Jobs proposed for their shared skills alone, per target job (every ROME mobility job is).
pub const PER_JOB: usize = 10;
/// Skills to acquire named per neighbour (the core ones first); the rest are counted.
pub const TO_ACQUIRE: usize = 8;

/// Why a job is proposed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum NeighbourReason {
    /// ROME 4.0 lists it as a mobility from the target job.
    Mobility,
    /// It calls for skills the candidate ticked.
    SharedSkills,
    Both,
}

/// A job next to a target job, with what the candidate has of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Neighbour {
    pub rome_code: String,
    pub label: String,
    pub reason: NeighbourReason,
    /// The ROME's order among the mobility jobs (1 first), when it is one.
    pub mobility_rank: Option<u32>,
    pub skills: u32,
    pub skills_held: u32,
    pub core_skills: u32,
    pub core_held: u32,
    /// Skills to acquire, core ones first, at most `TO_ACQUIRE`.
    pub to_acquire: Vec<String>,
    /// All the skills to acquire, named or not.
    pub to_acquire_count: u32,
    /// « 9 compétences cœur de métier sur 12 », « 4 compétences sur 30 ».
    pub summary: String,
    /// The job title it is added under as a target job: the ROME's main title of the sheet
    /// (the shortest before a ROME import that names it); `None` for a sheet without titles.
    pub title: Option<TargetJob>,
    /// What in the job goes against the candidate's constraints, in French: « Travail le
    /// week-end fréquent dans ce métier (ROME : travail les week-ends et jours fériés) ».
    pub warnings: Vec<String>,
}

/// The neighbours of one target job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct JobNeighbours {
    pub label: String,
    pub rome_code: String,
    pub neighbours: Vec<Neighbour>,
}

/// The neighbouring jobs of each of candidate `id`'s target jobs chosen from the ROME.
pub fn for_candidate(conn: &Conn, id: i64, today: NaiveDate) -> Result<Vec<JobNeighbours>> {
    let candidate = candidates::get(conn, id, today)?;
    let held: Vec<i64> = candidate.skills.iter().filter_map(|s| s.code).collect();
    let own: HashSet<&str> = candidate.target_jobs.iter().filter_map(|j| j.rome_code.as_deref()).collect();
    let mut all = Vec::new();
    for job in &candidate.target_jobs {
        let Some(rome) = job.rome_code.as_deref() else { continue };
        let mut found: Vec<(String, Option<u32>, u32)> = Vec::new(); // code, rank, skills held
        let mut statement =
            conn.prepare_cached("SELECT target_rome_code, rank FROM job_mobility WHERE rome_code = ?1")?;
        for row in statement.query_map([rome], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)))? {
            let (code, rank) = row?;
            found.push((code, Some(rank), 0));
        }
        // Shared know-how and knowledge, two at least: soft skills are asked by every job.
        let skills = serde_json::to_string(&held).unwrap_or_default();
        let mut statement = conn.prepare_cached(
            "SELECT l.rome_code, count(*) AS n FROM rome_job_skills l JOIN skills s ON s.code = l.skill_code \
             WHERE l.skill_code IN (SELECT value FROM json_each(?1)) AND s.kind <> 'soft_skill' AND l.rome_code <> ?2 \
             GROUP BY l.rome_code HAVING count(*) >= 2 ORDER BY n DESC, l.rome_code LIMIT ?3",
        )?;
        let shared: Vec<(String, u32)> = statement
            .query_map(params![skills, rome, PER_JOB as i64], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (code, n) in shared {
            match found.iter_mut().find(|f| f.0 == code) {
                Some(f) => f.2 = n,
                None => found.push((code, None, n)),
            }
        }
        let mut neighbours = Vec::new();
        for (code, rank, shared) in found.into_iter().filter(|f| !own.contains(f.0.as_str())) {
            let reason = match (rank, shared) {
                (Some(_), 0) => NeighbourReason::Mobility,
                (Some(_), _) => NeighbourReason::Both,
                (None, _) => NeighbourReason::SharedSkills,
            };
            neighbours.push(neighbour(conn, &code, rank, reason, &held, &candidate.work_constraints)?);
        }
        // Both reasons first, then the most skills held, then the ROME's order.
        neighbours.sort_by(|a, b| {
            (b.reason == NeighbourReason::Both)
                .cmp(&(a.reason == NeighbourReason::Both))
                .then(b.skills_held.cmp(&a.skills_held))
                .then(a.mobility_rank.unwrap_or(u32::MAX).cmp(&b.mobility_rank.unwrap_or(u32::MAX)))
                .then(a.rome_code.cmp(&b.rome_code))
        });
        all.push(JobNeighbours { label: job.label.clone(), rome_code: rome.to_owned(), neighbours });
    }
    Ok(all)
}

/// Job `code` as a neighbour: its skills, those `held`, those to acquire.
fn neighbour(
    conn: &Conn,
    code: &str,
    mobility_rank: Option<u32>,
    reason: NeighbourReason,
    held: &[i64],
    work: &[WorkConstraint],
) -> Result<Neighbour> {
    let label: String = conn
        .prepare_cached("SELECT label FROM rome_jobs WHERE code = ?1")?
        .query_row([code], |r| r.get(0))
        .unwrap_or_else(|_| code.to_owned());
    let mut statement = conn.prepare_cached(
        "SELECT l.skill_code, l.core, s.label FROM rome_job_skills l JOIN skills s ON s.code = l.skill_code \
         WHERE l.rome_code = ?1 ORDER BY l.core DESC, s.label",
    )?;
    let skills: Vec<(i64, bool, String)> =
        statement.query_map([code], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
    let has = |skill: &i64| held.contains(skill);
    let count = |f: &dyn Fn(&(i64, bool, String)) -> bool| skills.iter().filter(|s| f(s)).count() as u32;
    let (total, core) = (skills.len() as u32, count(&|s| s.1));
    let (skills_held, core_held) = (count(&|s| has(&s.0)), count(&|s| s.1 && has(&s.0)));
    let missing: Vec<&(i64, bool, String)> = skills.iter().filter(|s| !has(&s.0)).collect();
    let summary = if core > 0 {
        format!("{core_held} compétence{} cœur de métier sur {core}", if core_held > 1 { "s" } else { "" })
    } else {
        format!("{skills_held} compétence{} sur {total}", if skills_held > 1 { "s" } else { "" })
    };
    Ok(Neighbour {
        rome_code: code.to_owned(),
        label,
        reason,
        mobility_rank,
        skills: total,
        skills_held,
        core_skills: core,
        core_held,
        to_acquire: missing.iter().take(TO_ACQUIRE).map(|s| s.2.clone()).collect(),
        to_acquire_count: missing.len() as u32,
        summary,
        title: main_title(conn, code)?,
        warnings: constraints::job_warnings(work, &referentials::job_demands(conn, code)?),
    })
}

/// The title a job sheet is added under: the ROME's main one, else the shortest.
fn main_title(conn: &Conn, rome_code: &str) -> Result<Option<TargetJob>> {
    let mut statement = conn.prepare_cached(
        "SELECT code, label FROM job_titles WHERE rome_code = ?1 ORDER BY main DESC, length(label), label LIMIT 1",
    )?;
    let mut rows = statement.query([rome_code])?;
    Ok(match rows.next()? {
        Some(r) => Some(TargetJob { code: Some(r.get(0)?), label: r.get(1)?, rome_code: Some(rome_code.to_owned()) }),
        None => None,
    })
}

/// Adds job title `title_code` to candidate `id`'s target jobs (a neighbouring job taken
/// up), keeping their ticked skills — those the new job lists show ticked under it — and
/// everything else of the record. Refused, saying why, with three jobs already or this
/// job sheet among them.
pub fn add_target_job(conn: &Conn, id: i64, title_code: i64, today: NaiveDate) -> Result<Candidate> {
    let candidate = candidates::get(conn, id, today)?;
    let title: Option<(String, String)> = conn
        .prepare_cached("SELECT label, rome_code FROM job_titles WHERE code = ?1")?
        .query_row([title_code], |r| Ok((r.get(0)?, r.get(1)?)))
        .ok();
    let Some((label, rome_code)) = title else {
        return Err(Error::Rule(format!(
            "L'appellation {title_code} n'est pas dans le ROME chargé : importez le référentiel ROME à jour."
        )));
    };
    if candidate.target_jobs.iter().any(|j| j.rome_code.as_deref() == Some(rome_code.as_str())) {
        return Err(Error::Rule(format!("« {label} » est déjà parmi ses métiers visés (fiche {rome_code}).")));
    }
    if candidate.target_jobs.len() >= MAX_TARGET_JOBS {
        return Err(Error::Rule(format!(
            "{} a déjà {MAX_TARGET_JOBS} métiers visés : retirez-en un dans sa fiche pour ajouter « {label} ».",
            crate::anonymise::display_name(&candidate, false)
        )));
    }
    let mut input = candidate.to_input();
    input.target_jobs.push(TargetJob { code: Some(title_code), label, rome_code: Some(rome_code) });
    candidates::update(conn, id, &input, today)
}
