//! The companies most likely to hire one person: every company of the base that hires for
//! one of their target jobs, weighed job by job (the best job counts), within their radius;
//! then those the promotion gate would stop are left out, saying why. What in the job or
//! the company goes against the person's constraints is a warning on the row, never a
//! reason to leave it out.

use std::collections::HashMap;

use crate::store::Conn;
use chrono::{DateTime, Local, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use super::{
    DEFAULT_LIMIT, Factor, LeftOut, NEIGHBOURS_WEIGHED, TargetQuery, company_aids,
    facts::{self, CompanyFacts, JobSectors, SentPromotion},
    score::{self, Sector},
    tension_text, total,
};
use crate::{
    Result,
    anonymise::display_name,
    candidates::{self, Candidate, NafSector},
    choices::HeadcountBand,
    clock::stored,
    constraints,
    hiring_aids::{HiringAid, Person},
    neighbours::{self, NeighbourReason},
    promotions, referentials, settings,
    text::french_date,
};

/// One company to write to, with every factor of its rank.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CompanyTarget {
    #[ts(type = "number")]
    pub company_id: i64,
    pub name: String,
    pub commune: Option<String>,
    pub naf_code: Option<String>,
    pub naf_label: Option<String>,
    pub headcount_band: Option<HeadcountBand>,
    pub distance_km: Option<f64>,
    /// The job it was weighed for (the one that gave it the best score).
    pub job: String,
    /// When `job` is a neighbouring job: the target job it is next to.
    pub neighbour_of: Option<String>,
    /// The sum of the factors' points.
    pub score: i32,
    /// Every factor that gave or took points, in one line.
    pub reason: String,
    pub factors: Vec<Factor>,
    pub aids: Vec<HiringAid>,
    /// Promotions it still accepts this month (none: no limit).
    pub contacts_left: Option<u32>,
    /// What in the job or the company goes against the person's constraints, in French.
    pub warnings: Vec<String>,
}

/// A wider radius that would bring more companies in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Widen {
    pub radius_km: u32,
    pub companies: u32,
}

/// A target job and what the counsellor may say of its market.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct JobContext {
    pub label: String,
    pub rome_code: String,
    /// The job's tension, for the pitch (not a factor of the rank).
    pub tension: Option<String>,
    /// The job has no national hiring data: the ROME's sector tree stands for it.
    pub without_hiring_data: bool,
    /// A neighbouring job: the target job it is next to.
    pub neighbour_of: Option<String>,
}

/// The targets of one person.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CandidateTargets {
    #[ts(type = "number")]
    pub candidate_id: i64,
    pub candidate_name: String,
    pub radius_km: u32,
    /// Where the radius comes from, e.g. « rayon de 20 km (voiture) ».
    pub radius_text: String,
    /// Why the person cannot be promoted today (their consent), if so.
    pub consent_problem: Option<String>,
    pub jobs: Vec<JobContext>,
    pub targets: Vec<CompanyTarget>,
    /// Companies that ranked above the last target but the promotion gate would stop.
    pub left_out: Vec<LeftOut>,
    /// The best companies just beyond the radius.
    pub beyond_radius: Vec<CompanyTarget>,
    pub widen: Option<Widen>,
    /// Said when fewer than five companies fit.
    pub shortfall: Option<String>,
}

/// The person as targeting sees them.
pub(super) struct Seeker {
    pub name: String,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub radius_km: f64,
    /// The target jobs chosen from the ROME, then the neighbouring jobs when asked.
    pub jobs: Vec<SeekerJob>,
    pub avoided: Vec<NafSector>,
    pub preferred: Vec<NafSector>,
    pub person: Person,
}

/// A job a person is weighed for.
pub(super) struct SeekerJob {
    pub label: String,
    pub rome: String,
    /// A neighbouring job: the target job it is next to, and its factor.
    pub neighbour: Option<(String, Factor)>,
    /// What the job goes against in the person's constraints.
    pub warnings: Vec<String>,
}

impl Seeker {
    pub fn of(conn: &Conn, candidate: &Candidate, radius: Option<u32>, today: NaiveDate) -> Result<Self> {
        let (lat, lng): (Option<f64>, Option<f64>) = conn
            .prepare_cached("SELECT lat, lng FROM candidates WHERE id = ?1")?
            .query_row([candidate.id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let means = constraints::usable_means(&candidate.mobility_means, &candidate.work_constraints);
        let radius_km =
            radius.or(candidate.mobility_radius_km).map_or_else(|| score::default_radius(&means), f64::from);
        let mut jobs = Vec::new();
        for job in &candidate.target_jobs {
            let Some(rome) = job.rome_code.clone() else { continue };
            let warnings =
                constraints::job_warnings(&candidate.work_constraints, &referentials::job_demands(conn, &rome)?);
            jobs.push(SeekerJob { label: job.label.clone(), rome, neighbour: None, warnings });
        }
        Ok(Self {
            name: display_name(candidate, false),
            lat,
            lng,
            radius_km,
            jobs,
            avoided: candidate.sectors_avoided.clone(),
            preferred: candidate.sectors_preferred.clone(),
            person: Person::new(candidate.eligibility, candidate.birth_date, today),
        })
    }

    /// Adds the first `NEIGHBOURS_WEIGHED` neighbouring jobs of each target job (each job once).
    fn add_neighbours(&mut self, conn: &Conn, candidate: &Candidate, today: NaiveDate) -> Result<()> {
        for of in neighbours::for_candidate(conn, candidate.id, today)? {
            let mut added = 0;
            for n in of.neighbours {
                if added == NEIGHBOURS_WEIGHED || self.jobs.iter().any(|j| j.rome == n.rome_code) {
                    continue;
                }
                let why = match n.reason {
                    NeighbourReason::Mobility => "mobilité ROME",
                    NeighbourReason::SharedSkills => "compétences partagées",
                    NeighbourReason::Both => "mobilité ROME et compétences partagées",
                };
                let factor = score::neighbour(&of.label, why, &n.summary);
                self.jobs.push(SeekerJob {
                    label: n.label,
                    rome: n.rome_code,
                    neighbour: Some((of.label.clone(), factor)),
                    warnings: n.warnings,
                });
                added += 1;
            }
        }
        Ok(())
    }
}

/// A company weighed for the person's best job.
pub(super) struct Weighed {
    pub company: CompanyFacts,
    pub distance_km: Option<f64>,
    pub job: String,
    pub neighbour_of: Option<String>,
    pub factors: Vec<Factor>,
    pub aids: Vec<HiringAid>,
    pub score: i32,
    pub warnings: Vec<String>,
}

/// A company that hires for one of the person's jobs: its distance, and the job (with its
/// sector factor) that gives it the most points.
pub(super) type Fitting<'a> = (CompanyFacts, Option<f64>, Factor, &'a SeekerJob);

/// Every company that hires for one of the person's jobs, up to twice their radius (or 20 km
/// beyond it), each with its best job: the static part of `weigh`.
pub(super) fn fitting<'a>(conn: &Conn, seeker: &'a Seeker, sectors: &[JobSectors]) -> Result<Vec<Fitting<'a>>> {
    let wide = (seeker.radius_km * 2.0).max(seeker.radius_km + 20.0);
    let sub_classes: Vec<&String> = sectors.iter().flat_map(JobSectors::sectors).collect();
    let divisions: Vec<&String> = sectors.iter().filter(|s| s.total == 0).flat_map(|s| s.tree.iter()).collect();
    let pool = match (seeker.lat, seeker.lng) {
        (Some(lat), Some(lng)) => {
            let mut pool = facts::companies_around(conn, lat, lng, wide)?;
            pool.extend(facts::companies_in_sectors(conn, &sub_classes, &divisions, true)?);
            pool
        }
        _ => facts::companies_in_sectors(conn, &sub_classes, &divisions, false)?,
    };
    let mut kept = Vec::new();
    for company in pool {
        let distance_km = company.distance_from(seeker.lat, seeker.lng);
        if distance_km.is_some_and(|d| d > wide) {
            continue;
        }
        // The job that gives the most points; a target job before its neighbours.
        let best = seeker
            .jobs
            .iter()
            .zip(sectors)
            .filter_map(|(job, jobs)| {
                let fit = jobs.fit(company.naf_code.as_deref());
                matches!(fit, Sector::Share { .. } | Sector::Tree).then(|| {
                    let sector = score::sector(&fit, company.naf_label.as_deref().unwrap_or("Secteur"), &job.label);
                    (sector, job)
                })
            })
            .rev()
            .max_by_key(|(sector, job)| sector.points + job.neighbour.as_ref().map_or(0, |(_, f)| f.points));
        if let Some((sector, job)) = best {
            kept.push((company, distance_km, sector, job));
        }
    }
    Ok(kept)
}

/// Every company that hires for one of the person's jobs, weighed as of `cutoff` (the
/// agency's history known then), best first: those within the radius, then those beyond
/// it up to twice as far.
pub(super) fn weigh(
    conn: &Conn,
    seeker: &Seeker,
    sectors: &[JobSectors],
    cutoff: &str,
    cutoff_day: NaiveDate,
) -> Result<(Vec<Weighed>, Vec<Weighed>)> {
    let kept = fitting(conn, seeker, sectors)?;
    let ids: Vec<i64> = kept.iter().map(|k| k.0.id).collect();
    let sent = facts::sent_promotions(conn, &ids, cutoff)?;
    let mut by_company: HashMap<i64, Vec<&SentPromotion>> = HashMap::new();
    for p in &sent {
        by_company.entry(p.company_id).or_default().push(p);
    }
    let (mut within, mut beyond) = (Vec::new(), Vec::new());
    for (company, distance_km, sector, job) in kept {
        let domain = job.rome.get(..3).unwrap_or("");
        let history =
            facts::history(by_company.get(&company.id).map_or(&[][..], Vec::as_slice), domain, cutoff, cutoff_day);
        let (aids, aids_factor) = company_aids(&seeker.person, &company.employer());
        let mut factors = vec![sector];
        factors.extend(job.neighbour.as_ref().map(|(_, factor)| factor.clone()));
        factors.extend([
            score::distance(distance_km, seeker.radius_km),
            score::history(&history),
            aids_factor,
            score::size(company.headcount_band),
            score::potential(company.hiring_potential, &company.commitments),
        ]);
        factors.extend(score::preference_of(&seeker.preferred, company.naf_code.as_deref()));
        let mut warnings = job.warnings.clone();
        warnings.extend(constraints::sector_warning(&seeker.avoided, company.naf_code.as_deref()));
        let weighed = Weighed {
            score: total(&factors),
            company,
            distance_km,
            job: job.label.clone(),
            neighbour_of: job.neighbour.as_ref().map(|(of, _)| of.clone()),
            factors,
            aids,
            warnings,
        };
        if distance_km.is_some_and(|d| d > seeker.radius_km) {
            beyond.push(weighed);
        } else {
            within.push(weighed);
        }
    }
    let order = |a: &Weighed, b: &Weighed| {
        b.score
            .cmp(&a.score)
            .then(a.distance_km.unwrap_or(f64::MAX).total_cmp(&b.distance_km.unwrap_or(f64::MAX)))
            .then(a.company.id.cmp(&b.company.id))
    };
    within.sort_by(order);
    beyond.sort_by(order);
    Ok((within, beyond))
}

fn target(w: Weighed, contacts_left: Option<u32>) -> CompanyTarget {
    let mut factors = w.factors;
    factors.push(score::contact(contacts_left));
    CompanyTarget {
        company_id: w.company.id,
        name: w.company.name,
        commune: w.company.commune,
        naf_code: w.company.naf_code,
        naf_label: w.company.naf_label,
        headcount_band: w.company.headcount_band,
        distance_km: w.distance_km.map(|d| (d * 10.0).round() / 10.0),
        job: w.job,
        neighbour_of: w.neighbour_of,
        score: w.score,
        reason: score::reason(&factors),
        factors,
        aids: w.aids,
        contacts_left,
        warnings: w.warnings,
    }
}

/// The companies most likely to hire candidate `id` at `now`: the best `limit` (5 unless
/// asked) that can be written to, those the gate would stop, and those just beyond the radius.
pub fn for_candidate(conn: &Conn, id: i64, query: &TargetQuery, now: DateTime<Local>) -> Result<CandidateTargets> {
    let today = now.date_naive();
    let limit = query.limit_or(DEFAULT_LIMIT);
    let candidate = candidates::get(conn, id, today)?;
    let mut seeker = Seeker::of(conn, &candidate, query.radius_km, today)?;
    if query.with_neighbours {
        seeker.add_neighbours(conn, &candidate, today)?;
    }
    let sectors = seeker.jobs.iter().map(|job| JobSectors::read(conn, &job.rome)).collect::<Result<Vec<_>>>()?;
    let mut jobs = Vec::new();
    for (job, sector) in seeker.jobs.iter().zip(&sectors) {
        jobs.push(JobContext {
            label: job.label.clone(),
            rome_code: job.rome.clone(),
            tension: facts::tension(conn, &job.rome)?.map(|(pct, family, median)| tension_text(pct, &family, median)),
            without_hiring_data: sector.total == 0,
            neighbour_of: job.neighbour.as_ref().map(|(of, _)| of.clone()),
        });
    }
    let (within, beyond) = weigh(conn, &seeker, &sectors, &stored(now), today)?;

    let window = i64::from(settings::promotion_settings(conn)?.repeat_window_days);
    let (mut targets, mut left_out) = (Vec::new(), Vec::new());
    for w in within {
        if targets.len() == limit {
            break;
        }
        if let Some(last) = promotions::latest_promotion(conn, id, w.company.id)?
            && (today - last).num_days() < window
        {
            left_out.push(LeftOut {
                id: w.company.id,
                name: w.company.name.clone(),
                why: format!("{} y a déjà été promu·e le {} (moins de {window} jours)", seeker.name, french_date(last)),
            });
            continue;
        }
        let contacts_left = match w.company.max_contacts_per_month {
            Some(max) => Some((max, max.saturating_sub(promotions::contacts_in_month(conn, w.company.id, today)?))),
            None => None,
        };
        if let Some((max, 0)) = contacts_left {
            left_out.push(LeftOut {
                id: w.company.id,
                name: w.company.name.clone(),
                why: format!("limite de {max} sollicitation{} par mois atteinte", if max > 1 { "s" } else { "" }),
            });
            continue;
        }
        let contacts_left = contacts_left.map(|(_, left)| left);
        targets.push(target(w, contacts_left));
    }
    let widen = widen(&beyond);
    let radius_km = seeker.radius_km.round() as u32;
    // Fewer than asked means every company that fits was looked at.
    let shortfall = shortfall(&seeker, targets.len(), targets.len() < limit, radius_km);
    Ok(CandidateTargets {
        candidate_id: id,
        candidate_name: seeker.name.clone(),
        radius_km,
        radius_text: radius_text(&candidate, query.radius_km, radius_km),
        consent_problem: promotions::consent_refusal(&candidate, today),
        jobs,
        targets,
        left_out,
        beyond_radius: beyond.into_iter().take(3).map(|w| target(w, None)).collect(),
        widen,
        shortfall,
    })
}

/// What a person waiting to be promoted has before them (« À promouvoir »).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Reach {
    #[ts(type = "number")]
    pub candidate_id: i64,
    /// Companies within their radius that hire for one of their target jobs.
    pub companies: u32,
    /// Jobs next to their target jobs (`neighbours::for_candidate`), each counted once.
    pub neighbouring_jobs: u32,
}

/// The companies and neighbouring jobs before candidate `id` on `today`.
pub fn reach(conn: &Conn, id: i64, today: NaiveDate) -> Result<Reach> {
    let candidate = candidates::get(conn, id, today)?;
    let seeker = Seeker::of(conn, &candidate, None, today)?;
    let sectors = seeker.jobs.iter().map(|job| JobSectors::read(conn, &job.rome)).collect::<Result<Vec<_>>>()?;
    let within = fitting(conn, &seeker, &sectors)?
        .iter()
        .filter(|(_, distance_km, ..)| distance_km.is_none_or(|d| d <= seeker.radius_km))
        .count();
    let mut jobs: Vec<String> = neighbours::for_candidate(conn, id, today)?
        .into_iter()
        .flat_map(|j| j.neighbours)
        .map(|n| n.rome_code)
        .collect();
    jobs.sort();
    jobs.dedup();
    Ok(Reach { candidate_id: id, companies: within as u32, neighbouring_jobs: jobs.len() as u32 })
}

/// The radius that takes in the best three companies beyond it, in steps of 5 km.
fn widen(beyond: &[Weighed]) -> Option<Widen> {
    let farthest = beyond
        .iter()
        .take(3)
        .filter_map(|w| w.distance_km)
        .fold(None, |m: Option<f64>, d| Some(m.map_or(d, |m| m.max(d))))?;
    let radius_km = ((farthest / 5.0).ceil() * 5.0) as u32;
    let companies = beyond.iter().filter(|w| w.distance_km.is_some_and(|d| d <= f64::from(radius_km))).count();
    Some(Widen { radius_km, companies: companies as u32 })
}

/// « rayon de 20 km (voiture, transports en commun) »; a means that does not count for
/// lack of a vehicle or a licence is said so: « (transports en commun ; voiture non
/// comptée : pas de véhicule) ».
fn radius_text(candidate: &Candidate, asked: Option<u32>, radius_km: u32) -> String {
    let work = &candidate.work_constraints;
    let usable = constraints::usable_means(&candidate.mobility_means, work);
    let mut said: Vec<String> = Vec::new();
    if !usable.is_empty() {
        said.push(usable.iter().map(|m| m.label()).collect::<Vec<_>>().join(", ").to_lowercase());
    }
    said.extend(constraints::means_left_out(&candidate.mobility_means, work));
    let means = if said.is_empty() { String::new() } else { format!(" ({})", said.join(" ; ")) };
    match (asked, candidate.mobility_radius_km) {
        (Some(_), Some(own)) => format!("rayon élargi à {radius_km} km (le sien : {own} km){means}"),
        (Some(_), None) => format!("rayon élargi à {radius_km} km{means}"),
        (None, Some(_)) => format!("rayon de {radius_km} km{means}"),
        (None, None) => format!("rayon non renseigné : {radius_km} km d'après ses moyens de transport{means}"),
    }
}

fn shortfall(seeker: &Seeker, found: usize, all_seen: bool, radius_km: u32) -> Option<String> {
    if seeker.jobs.is_empty() {
        return Some(
            "Aucun métier visé choisi dans le ROME : choisissez-en un dans la fiche pour cibler des entreprises."
                .to_owned(),
        );
    }
    (all_seen && found < DEFAULT_LIMIT).then(|| {
        let found = match found {
            0 => "Aucune entreprise de la base ne correspond".to_owned(),
            1 => "Une seule entreprise de la base correspond".to_owned(),
            n => format!("Seulement {n} entreprises de la base correspondent"),
        };
        format!(
            "{found} à ses métiers dans un rayon de {radius_km} km. Importez la liste des entreprises du territoire \
             (Import → liste d'entreprises) pour en trouver davantage."
        )
    })
}
