//! What targeting reads from the database: which sectors hire for a job, the companies
//! around a place, the agency's promotions to them, and the pool's people for a sector.
//! Every read is a handful of indexed statements, whatever the size of the base.

use std::collections::{HashMap, HashSet};

use crate::store::{Conn, Row};
use chrono::{Duration, NaiveDate};
use rusqlite::{ToSql, params};

use super::score::{History, RECENT_DAYS, Sector};
use crate::{
    Result,
    choices::{HeadcountBand, LegalNature, MobilityMeans, PromotionStatus, RefusalReason, WorkConstraint},
    constraints::NafSector,
    geo,
};

/// Which sectors hire for one job (a ROME 4.0 sheet), nationally.
#[derive(Debug, Clone, Default)]
pub struct JobSectors {
    /// The ROME code the hiring data is written with (the sheet's parent).
    pub parent: String,
    /// Hirings by NAF sub-class (`10.71C`).
    pub hirings: HashMap<String, i64>,
    pub total: i64,
    pub best: i64,
    /// NAF divisions (`10`) the ROME's sector tree links to the job.
    pub tree: HashSet<String>,
}

impl JobSectors {
    pub fn read(conn: &Conn, rome_code: &str) -> Result<Self> {
        let parent: String = conn
            .prepare_cached("SELECT coalesce((SELECT parent_code FROM rome_jobs WHERE code = ?1), ?1)")?
            .query_row([rome_code], |r| r.get(0))?;
        let hirings: HashMap<String, i64> = conn
            .prepare_cached("SELECT naf_code, hirings FROM sector_hirings WHERE rome_code = ?1")?
            .query_map([&parent], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let tree = conn
            .prepare_cached("SELECT naf_division FROM rome_naf_divisions WHERE rome_code = ?1")?
            .query_map([rome_code], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let total = hirings.values().sum();
        let best = hirings.values().copied().max().unwrap_or(0);
        Ok(Self { parent, hirings, total, best, tree })
    }

    /// How a company of NAF sub-class `naf` fits the job.
    pub fn fit(&self, naf: Option<&str>) -> Sector {
        let Some(naf) = naf else { return Sector::Unknown };
        if self.total > 0 {
            match self.hirings.get(naf) {
                Some(&n) if n > 0 => {
                    Sector::Share { share: n as f64 / self.total as f64, best: self.best as f64 / self.total as f64 }
                }
                _ => Sector::Unrelated,
            }
        } else if naf.get(..2).is_some_and(|division| self.tree.contains(division)) {
            Sector::Tree
        } else {
            Sector::Unrelated
        }
    }

    /// The sub-classes (`10.71C`) that hire for the job.
    pub fn sectors(&self) -> impl Iterator<Item = &String> {
        self.hirings.keys()
    }
}

/// A company as targeting weighs it.
#[derive(Debug, Clone)]
pub struct CompanyFacts {
    pub id: i64,
    pub name: String,
    pub naf_code: Option<String>,
    pub naf_label: Option<String>,
    pub headcount_band: Option<HeadcountBand>,
    pub legal_nature: Option<LegalNature>,
    pub commune: Option<String>,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub hiring_potential: Option<u8>,
    pub max_contacts_per_month: Option<u32>,
    pub commitments: Vec<String>,
}

impl CompanyFacts {
    /// The company as the hiring aids weigh it.
    pub fn employer(&self) -> crate::hiring_aids::Employer<'_> {
        crate::hiring_aids::Employer {
            headcount_band: self.headcount_band,
            naf_code: self.naf_code.as_deref(),
            legal_nature: self.legal_nature,
        }
    }

    pub fn distance_from(&self, lat: Option<f64>, lng: Option<f64>) -> Option<f64> {
        Some(geo::distance_km(lat?, lng?, self.lat?, self.lng?))
    }
}

const COMPANY_COLUMNS: &str = "c.id, c.name, c.naf_code, n.label, c.headcount_band, c.legal_nature, c.commune, c.lat, \
     c.lng, c.hiring_potential, c.max_contacts_per_month, \
     (SELECT json_group_array(commitment) FROM company_commitments WHERE company_id = c.id)";

fn company_from_row(r: &Row<'_>) -> rusqlite::Result<CompanyFacts> {
    Ok(CompanyFacts {
        id: r.get(0)?,
        name: r.get(1)?,
        naf_code: r.get(2)?,
        naf_label: r.get(3)?,
        headcount_band: r.get::<_, Option<String>>(4)?.as_deref().and_then(HeadcountBand::from_code),
        legal_nature: r.get::<_, Option<String>>(5)?.as_deref().and_then(LegalNature::from_code),
        commune: r.get(6)?,
        lat: r.get(7)?,
        lng: r.get(8)?,
        hiring_potential: r.get(9)?,
        max_contacts_per_month: r.get(10)?,
        commitments: serde_json::from_str(&r.get::<_, String>(11)?).unwrap_or_default(),
    })
}

fn companies_where(conn: &Conn, clause: &str, args: &[&dyn ToSql]) -> Result<Vec<CompanyFacts>> {
    let sql = format!(
        "SELECT {COMPANY_COLUMNS} FROM companies c LEFT JOIN naf n ON n.code = c.naf_code WHERE ({clause}) AND c.erased_at IS NULL"
    );
    Ok(conn.prepare_cached(&sql)?.query_map(args, company_from_row)?.collect::<rusqlite::Result<_>>()?)
}

pub fn company(conn: &Conn, id: i64) -> Result<Option<CompanyFacts>> {
    Ok(companies_where(conn, "c.id = ?1", &[&id])?.pop())
}

/// The companies placed within the box of `radius_km` around a point (the exact distance
/// is the caller's), read through the coordinates index.
pub fn companies_around(conn: &Conn, lat: f64, lng: f64, radius_km: f64) -> Result<Vec<CompanyFacts>> {
    let (lat_min, lat_max, lng_min, lng_max) = geo::bounding_box(lat, lng, radius_km);
    companies_where(
        conn,
        "c.lat BETWEEN ?1 AND ?2 AND c.lng BETWEEN ?3 AND ?4",
        &[&lat_min, &lat_max, &lng_min, &lng_max],
    )
}

/// The companies of these NAF sub-classes or divisions; `unplaced`: only those not on the
/// map (their distance is unknown).
pub fn companies_in_sectors(
    conn: &Conn,
    sub_classes: &[&String],
    divisions: &[&String],
    unplaced: bool,
) -> Result<Vec<CompanyFacts>> {
    let classes = serde_json::to_string(sub_classes).unwrap_or_default();
    let divisions = serde_json::to_string(divisions).unwrap_or_default();
    let place = if unplaced { "(c.lat IS NULL OR c.lng IS NULL) AND " } else { "" };
    companies_where(
        conn,
        &format!(
            "{place}(c.naf_code IN (SELECT value FROM json_each(?1)) \
             OR substr(c.naf_code, 1, 2) IN (SELECT value FROM json_each(?2)))"
        ),
        &[&classes, &divisions],
    )
}

/// One promotion the agency sent to a company, as history weighs it.
#[derive(Debug, Clone)]
pub struct SentPromotion {
    pub company_id: i64,
    status: Option<PromotionStatus>,
    reason: Option<RefusalReason>,
    sent_at: String,
    answered_at: Option<String>,
    answer_undated: bool,
    interview_at: Option<String>,
    interview_undated: bool,
    status_at: String,
    /// The ROME domains (`D11`) of the person's target jobs, read for a hire only (the one
    /// status that asks for them).
    domains: Vec<String>,
}

/// What targeting reads of the promotions sent to some companies (`?1`, a JSON array of
/// ids) before a moment (`?2`): all of it in `promotions_company_history`.
const SENT_SQL: &str = "SELECT p.company_id, p.status, p.reason, p.sent_at, p.answered_at, p.answer_undated, \
     p.interview_planned_at, p.interview_undated, p.status_at, \
     CASE WHEN p.status = 'hired' THEN (SELECT group_concat(DISTINCT substr(t.rome_code, 1, 3)) \
      FROM (SELECT rome_code FROM candidate_target_jobs WHERE candidate_id = p.candidate_id \
            UNION ALL SELECT rome_code FROM erased_target_jobs WHERE candidate_id = p.candidate_id) t \
      WHERE t.rome_code IS NOT NULL) END \
     FROM promotions p WHERE p.company_id IN (SELECT value FROM json_each(?1)) \
     AND p.sent_at IS NOT NULL AND p.sent_at < ?2";

/// The promotions sent to `companies` before `cutoff` (RFC 3339, UTC), in one statement.
pub fn sent_promotions(conn: &Conn, companies: &[i64], cutoff: &str) -> Result<Vec<SentPromotion>> {
    if companies.is_empty() {
        return Ok(Vec::new());
    }
    let ids = serde_json::to_string(companies).unwrap_or_default();
    let mut statement = conn.prepare_cached(SENT_SQL)?;
    Ok(statement
        .query_map(params![ids, cutoff], |r| {
            Ok(SentPromotion {
                company_id: r.get(0)?,
                status: r.get::<_, String>(1).ok().as_deref().and_then(PromotionStatus::from_code),
                reason: r.get::<_, Option<String>>(2)?.as_deref().and_then(RefusalReason::from_code),
                sent_at: r.get(3)?,
                answered_at: r.get(4)?,
                answer_undated: r.get(5)?,
                interview_at: r.get(6)?,
                interview_undated: r.get(7)?,
                status_at: r.get(8)?,
                domains: r
                    .get::<_, Option<String>>(9)?
                    .map(|d| d.split(',').map(str::to_owned).collect())
                    .unwrap_or_default(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// What `promotions` (those of one company, sent before `cutoff`) tell as of `cutoff`, for
/// a job of ROME domain `domain`: an outcome recorded later is not known yet.
pub fn history(promotions: &[&SentPromotion], domain: &str, cutoff: &str, cutoff_day: NaiveDate) -> History {
    let recent_from = crate::text::iso_date(cutoff_day - Duration::days(RECENT_DAYS));
    let mut h = History::default();
    let mut delays = Vec::new();
    let mut recent: Vec<(&str, Option<RefusalReason>)> = Vec::new();
    for p in promotions {
        h.sent += 1;
        let known = |at: &Option<String>, undated: bool| {
            at.as_deref().is_some_and(|a| a < cutoff) || (undated && p.status_at.as_str() < cutoff)
        };
        if known(&p.answered_at, p.answer_undated) {
            h.answered += 1;
            if let Some(days) = p.answered_at.as_deref().and_then(|a| days_between(&p.sent_at, a)) {
                delays.push(days);
            }
        }
        if known(&p.interview_at, p.interview_undated) {
            h.interviews += 1;
        }
        if p.status_at.as_str() >= cutoff {
            continue; // Its current status came later.
        }
        match p.status {
            Some(PromotionStatus::Hired) => {
                h.hires += 1;
                if p.domains.iter().any(|d| d == domain) {
                    h.hires_in_domain += 1;
                }
            }
            Some(PromotionStatus::KeptOnFile) => h.kept_on_file += 1,
            Some(PromotionStatus::Refused | PromotionStatus::NotRetained) if p.status_at >= recent_from => {
                recent.push((&p.status_at, p.reason));
            }
            _ => {}
        }
    }
    recent.sort_by(|a, b| b.0.cmp(a.0));
    h.recent_refusals = recent.into_iter().map(|(_, reason)| reason).collect();
    h.answer_days = (!delays.is_empty()).then(|| delays.iter().sum::<f64>() / delays.len() as f64);
    h
}

fn days_between(from: &str, to: &str) -> Option<f64> {
    let parse = |s: &str| chrono::DateTime::parse_from_rfc3339(s).ok();
    Some(((parse(to)? - parse(from)?).num_hours() as f64 / 24.0).max(0.0))
}

/// A person of the pool as reverse targeting weighs them.
#[derive(Debug, Clone)]
pub struct PersonFacts {
    pub id: i64,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub radius_km: Option<u32>,
    pub means: Vec<MobilityMeans>,
    /// The age publics are read from it on the day weighed (`hiring_aids::Person`).
    pub birth_date: Option<NaiveDate>,
    pub eligibility: crate::hiring_aids::Eligibility,
    pub work_constraints: Vec<WorkConstraint>,
    pub preferred: Vec<NafSector>,
    /// The ROME code of the target job that brought them.
    pub rome_code: String,
    /// Promotions sent for them, anywhere.
    pub promotions: u32,
}

/// Most people travel at most this far: those around a company are read through the job
/// index (which holds each person's place) within this distance, the few who go farther
/// through their own index.
pub const NEAR_KM: f64 = 50.0;

/// What ranking a person needs, all in `candidates_reach`: reading it never touches the
/// (wide) candidate rows, which are read for the few listed only (`names`).
const PERSON_COLUMNS: &str = "c.id, c.lat, c.lng, c.mobility_radius_km, c.mobility_means, c.birth_date, c.rqth, \
     c.rsa, c.qpv, c.long_term_unemployed, t.rome_code, c.work_constraints, c.sectors_preferred";
/// A valid consent on `?2`, available by then, aiming at one of the jobs of `?1`.
const PERSON_FILTERS: &str = "t.rome_code IN (SELECT value FROM json_each(?1)) \
     AND c.consent_date <= ?2 AND c.consent_expiry >= ?2 AND (c.available_from IS NULL OR c.available_from <= ?2)";

/// The people whose target jobs are among `rome_codes`, with a valid consent on `today` and
/// available by then, one row per person and job. Around `place`, only those who may reach
/// it: within `NEAR_KM`, those who travel farther, and those not on the map.
pub fn people_for_jobs(
    conn: &Conn,
    rome_codes: &[String],
    today: NaiveDate,
    place: Option<(f64, f64)>,
) -> Result<Vec<PersonFacts>> {
    if rome_codes.is_empty() {
        return Ok(Vec::new());
    }
    let codes = serde_json::to_string(rome_codes).unwrap_or_default();
    let day = crate::text::iso_date(today);
    let Some((lat, lng)) = place else {
        let sql = format!(
            "SELECT {PERSON_COLUMNS} FROM candidate_target_jobs t CROSS JOIN candidates c ON c.id = t.candidate_id \
             WHERE {PERSON_FILTERS}"
        );
        return people(conn, &sql, params![codes, day]);
    };
    let (lat_min, lat_max, lng_min, lng_max) = geo::bounding_box(lat, lng, NEAR_KM);
    let mut found = people(conn, &near_sql(), params![codes, day, lat_min, lat_max, lng_min, lng_max])?;
    for person in people(conn, &elsewhere_sql(), params![codes, day])? {
        let inside = person.lat.is_some_and(|a| (lat_min..=lat_max).contains(&a))
            && person.lng.is_some_and(|g| (lng_min..=lng_max).contains(&g));
        if !inside {
            found.push(person); // Not read by the first statement.
        }
    }
    Ok(found)
}

/// Those within the box `?3`–`?6`, through the job index (each job keeps its person's place).
fn near_sql() -> String {
    format!(
        "SELECT {PERSON_COLUMNS} FROM candidate_target_jobs t INDEXED BY candidate_target_jobs_rome \
         CROSS JOIN candidates c INDEXED BY candidates_reach ON c.id = t.candidate_id \
         WHERE t.lat BETWEEN ?3 AND ?4 AND t.lng BETWEEN ?5 AND ?6 AND {PERSON_FILTERS}"
    )
}

/// Those who travel farther than `NEAR_KM`, and those not on the map.
fn elsewhere_sql() -> String {
    format!(
        "SELECT {PERSON_COLUMNS} FROM candidates c CROSS JOIN candidate_target_jobs t ON t.candidate_id = c.id \
         WHERE (c.mobility_radius_km > {NEAR_KM} OR c.lat IS NULL) AND {PERSON_FILTERS}"
    )
}

fn people(conn: &Conn, sql: &str, args: impl crate::store::Args) -> Result<Vec<PersonFacts>> {
    let mut statement = conn.prepare_cached(sql)?;
    let rows = statement.query_map(args, |r| {
        Ok(PersonFacts {
            id: r.get(0)?,
            lat: r.get(1)?,
            lng: r.get(2)?,
            radius_km: r.get(3)?,
            means: serde_json::from_str::<Vec<String>>(&r.get::<_, String>(4)?)
                .unwrap_or_default()
                .iter()
                .filter_map(|m| MobilityMeans::from_code(m))
                .collect(),
            birth_date: r.get::<_, Option<String>>(5)?.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
            eligibility: crate::hiring_aids::Eligibility {
                rqth: r.get(6)?,
                rsa: r.get(7)?,
                qpv: r.get(8)?,
                long_term_unemployed: r.get(9)?,
            },
            rome_code: r.get(10)?,
            work_constraints: serde_json::from_str(&r.get::<_, String>(11)?).unwrap_or_default(),
            preferred: serde_json::from_str(&r.get::<_, String>(12)?).unwrap_or_default(),
            promotions: 0,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The label of person `id`'s target job of ROME code `rome_code` (read for those listed:
/// the index that finds them does not hold it).
pub fn job_label(conn: &Conn, id: i64, rome_code: &str) -> Result<String> {
    Ok(conn
        .prepare_cached("SELECT label FROM candidate_target_jobs WHERE candidate_id = ?1 AND rome_code = ?2")?
        .query_row(params![id, rome_code], |r| r.get(0))?)
}

/// The name (« Prénom Nom ») and commune of a person listed.
pub fn name_of(conn: &Conn, id: i64) -> Result<(String, Option<String>)> {
    Ok(conn
        .prepare_cached("SELECT first_name || ' ' || last_name, commune FROM candidates WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// The sectors a person listed would rather avoid.
pub fn avoided_of(conn: &Conn, id: i64) -> Result<Vec<NafSector>> {
    let text: String =
        conn.prepare_cached("SELECT sectors_avoided FROM candidates WHERE id = ?1")?.query_row([id], |r| r.get(0))?;
    Ok(serde_json::from_str(&text).unwrap_or_default())
}

/// How many promotions were sent for each of `candidates`, anywhere (absent: none).
pub fn promotions_of(conn: &Conn, candidates: &[i64]) -> Result<HashMap<i64, u32>> {
    let ids = serde_json::to_string(candidates).unwrap_or_default();
    Ok(conn
        .prepare_cached(
            "SELECT candidate_id, count(*) FROM promotions WHERE candidate_id IN (SELECT value FROM json_each(?1)) \
             AND sent_at IS NOT NULL GROUP BY candidate_id",
        )?
        .query_map([ids], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The jobs (ROME 4.0 sheets) companies of NAF sub-class `naf` hire for: through the
/// hiring data (each sheet read through its parent code), and through the ROME's sector
/// tree for the sheets without hiring data. With the share of the job's hirings the
/// sector made, and the share the job's best sector made.
pub fn jobs_of_sector(conn: &Conn, naf: &str) -> Result<Vec<(String, String, Sector)>> {
    let mut statement = conn.prepare_cached(
        "WITH totals AS (SELECT rome_code, sum(hirings) AS total, max(hirings) AS best FROM sector_hirings \
                         GROUP BY rome_code) \
         SELECT j.code, j.label, h.hirings, t.total, t.best FROM sector_hirings h \
         JOIN totals t ON t.rome_code = h.rome_code \
         JOIN rome_jobs j ON coalesce(j.parent_code, j.code) = h.rome_code \
         WHERE h.naf_code = ?1 AND h.hirings > 0",
    )?;
    let mut jobs: Vec<(String, String, Sector)> = statement
        .query_map([naf], |r| {
            let (n, total, best): (i64, i64, i64) = (r.get(2)?, r.get(3)?, r.get(4)?);
            let share = n as f64 / total.max(1) as f64;
            Ok((r.get(0)?, r.get(1)?, Sector::Share { share, best: best as f64 / total.max(1) as f64 }))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut statement = conn.prepare_cached(
        "SELECT j.code, j.label FROM rome_naf_divisions d JOIN rome_jobs j ON j.code = d.rome_code \
         WHERE d.naf_division = substr(?1, 1, 2) \
           AND NOT EXISTS (SELECT 1 FROM sector_hirings h WHERE h.rome_code = coalesce(j.parent_code, j.code))",
    )?;
    let tree: Vec<(String, String, Sector)> =
        statement.query_map([naf], |r| Ok((r.get(0)?, r.get(1)?, Sector::Tree)))?.collect::<rusqlite::Result<_>>()?;
    jobs.extend(tree);
    Ok(jobs)
}

/// A job's labour-market tension: the highest of its job families, with its label, and the
/// median of every job's (the figure means little alone).
pub fn tension(conn: &Conn, rome_code: &str) -> Result<Option<(f64, String, f64)>> {
    let found: Option<(f64, String)> = conn
        .prepare_cached(
            "SELECT tension_pct, fap_label FROM job_tension \
             WHERE rome_code = coalesce((SELECT parent_code FROM rome_jobs WHERE code = ?1), ?1) \
             ORDER BY tension_pct DESC LIMIT 1",
        )?
        .query_row([rome_code], |r| Ok((r.get(0)?, r.get(1)?)))
        .ok();
    let Some((pct, label)) = found else { return Ok(None) };
    let median: f64 = conn
        .prepare_cached(
            "SELECT tension_pct FROM job_tension ORDER BY tension_pct \
             LIMIT 1 OFFSET (SELECT count(*) / 2 FROM job_tension)",
        )?
        .query_row([], |r| r.get(0))?;
    Ok(Some((pct, label, median)))
}

#[cfg(test)]
mod tests {
    use crate::store::Conn;

    use super::*;

    /// The query plan of `sql`, one step per line.
    fn plan(conn: &Conn, sql: &str, args: impl crate::store::Args) -> Vec<String> {
        conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap()
            .query_map(args, |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn the_people_around_a_company_are_read_through_indexes_not_the_whole_pool() {
        let mut conn = crate::db::open_in_memory().unwrap();
        crate::migrations::apply(&mut conn).unwrap();
        let conn = Conn::from(&conn);
        let near = plan(&conn, &near_sql(), params!["[]", "2026-12-04", 47.0, 48.0, 1.0, 2.0]);
        let elsewhere = plan(&conn, &elsewhere_sql(), params!["[]", "2026-12-04"]);
        for step in near.iter().chain(&elsewhere) {
            assert!(!step.starts_with("SCAN c") && !step.starts_with("SCAN t"), "{near:?} {elsewhere:?}");
        }
        // The jobs and the box, both in the index: the rows outside it are never read; the
        // people's own are read from their narrow index, never the wide candidate rows.
        assert!(near.iter().any(|s| s.contains("COVERING INDEX candidates_reach")), "{near:?}");
        assert!(
            near.iter().any(|s| s.contains("candidate_target_jobs_rome (rome_code=? AND lat>? AND lat<?)")),
            "{near:?}"
        );
        assert!(elsewhere.iter().any(|s| s.contains("candidates_far_reaching")), "{elsewhere:?}");
    }

    #[test]
    fn the_history_of_the_companies_around_is_read_in_its_index_not_the_promotions_rows() {
        let mut conn = crate::db::open_in_memory().unwrap();
        crate::migrations::apply(&mut conn).unwrap();
        let conn = Conn::from(&conn);
        let steps = plan(&conn, SENT_SQL, params!["[1, 2]", "2026-12-04"]);
        assert!(
            steps.iter().any(|s| s.contains("COVERING INDEX promotions_company_history (company_id=?")),
            "{steps:?}"
        );
    }
}
