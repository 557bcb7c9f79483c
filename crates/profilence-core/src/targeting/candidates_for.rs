//! The people to offer one company (reverse targeting): those whose target jobs its sector
//! hires for, within their own radius, available, with a valid consent, not sent to it
//! within the repeat window — those promoted least (or never) first.

use std::collections::HashMap;

use chrono::{DateTime, Local};
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::{
    DEFAULT_PEOPLE, Factor, FactorKind, LeftOut, TargetQuery, company_aids,
    facts::{self, PersonFacts},
    score::{self, Sector},
    total,
};
use crate::{
    Error, Result,
    hiring_aids::{Employer, HiringAid, Person},
    promotions, settings,
    text::french_date,
};

/// One person to offer the company, with every factor of their rank.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PersonTarget {
    #[ts(type = "number")]
    pub candidate_id: i64,
    pub name: String,
    pub commune: Option<String>,
    pub distance_km: Option<f64>,
    pub job: String,
    /// Promotions already sent for them, anywhere: the fewest come first.
    pub promotions: u32,
    pub score: i32,
    pub reason: String,
    pub factors: Vec<Factor>,
    pub aids: Vec<HiringAid>,
}

/// The people to offer one company.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CompanyCandidates {
    #[ts(type = "number")]
    pub company_id: i64,
    pub company_name: String,
    pub people: Vec<PersonTarget>,
    /// People who would rank but were sent to this company within the repeat window.
    pub left_out: Vec<LeftOut>,
    /// Said when nobody fits, or the company lacks what targeting needs.
    pub shortfall: Option<String>,
}

/// The people of the pool to offer company `id` at `now`: the best `limit` (10 unless asked).
pub fn for_company(conn: &Connection, id: i64, query: &TargetQuery, now: DateTime<Local>) -> Result<CompanyCandidates> {
    let today = now.date_naive();
    let limit = query.limit_or(DEFAULT_PEOPLE);
    let company = facts::company(conn, id)?.ok_or(Error::NotFound { entity: "Entreprise", id })?;
    let mut result = CompanyCandidates {
        company_id: id,
        company_name: company.name.clone(),
        people: Vec::new(),
        left_out: Vec::new(),
        shortfall: None,
    };
    let Some(naf) = company.naf_code.clone() else {
        result.shortfall = Some(
            "Renseignez le code NAF de l'entreprise : c'est son secteur qui dit pour quels métiers elle embauche."
                .to_owned(),
        );
        return Ok(result);
    };
    let sector_label = company.naf_label.clone().unwrap_or_else(|| naf.clone());
    let jobs = facts::jobs_of_sector(conn, &naf)?;
    let fits: HashMap<&str, &Sector> = jobs.iter().map(|(code, _, fit)| (code.as_str(), fit)).collect();
    let codes: Vec<String> = jobs.iter().map(|(code, ..)| code.clone()).collect();
    let employer = Employer {
        headcount_band: company.headcount_band,
        naf_code: company.naf_code.as_deref(),
        legal_nature: company.legal_nature,
    };

    // The best job of each person, kept within their own radius.
    let mut best: HashMap<i64, (PersonFacts, Factor, Option<f64>)> = HashMap::new();
    let place = company.lat.zip(company.lng);
    for person in facts::people_for_jobs(conn, &codes, today, place)? {
        let Some(fit) = fits.get(person.rome_code.as_str()) else { continue };
        let radius = person.radius_km.map_or_else(|| score::default_radius(&person.means), f64::from);
        let distance = company.distance_from(person.lat, person.lng);
        if distance.is_some_and(|d| d > radius) {
            continue;
        }
        let sector = score::sector(fit, &sector_label, &person.job_label);
        match best.get(&person.id) {
            Some((_, kept, _)) if kept.points >= sector.points => {}
            _ => {
                best.insert(person.id, (person, sector, distance));
            }
        }
    }

    let ids: Vec<i64> = best.keys().copied().collect();
    let counts = facts::promotions_of(conn, &ids)?;
    let mut ranked = Vec::with_capacity(best.len());
    for (_, (mut person, sector, distance)) in best {
        person.promotions = counts.get(&person.id).copied().unwrap_or(0);
        let radius = person.radius_km.map_or_else(|| score::default_radius(&person.means), f64::from);
        let aid_person = Person::new(person.eligibility, person.birth_date, today);
        let (aids, aids_factor) = company_aids(&aid_person, &employer);
        let mut factors = vec![sector, score::distance(distance, radius), aids_factor];
        let score = total(&factors);
        // The promotions order the list without points: the reason says them all the same.
        let reason = [score::reason(&factors), promoted(person.promotions).text]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
        factors.push(promoted(person.promotions));
        ranked.push((score, reason, person, distance, factors, aids));
    }
    // The least promoted first; then the best score; then the nearest.
    ranked.sort_by(|a, b| {
        a.2.promotions
            .cmp(&b.2.promotions)
            .then(b.0.cmp(&a.0))
            .then(a.3.unwrap_or(f64::MAX).total_cmp(&b.3.unwrap_or(f64::MAX)))
            .then(a.2.id.cmp(&b.2.id))
    });

    let window = i64::from(settings::promotion_settings(conn)?.repeat_window_days);
    for (score, reason, person, distance, factors, aids) in ranked {
        if result.people.len() == limit {
            break;
        }
        let name = format!("{} {}", person.first_name, person.last_name);
        if let Some(last) = promotions::latest_promotion(conn, person.id, id)?
            && (today - last).num_days() < window
        {
            result.left_out.push(LeftOut {
                id: person.id,
                name,
                why: format!(
                    "déjà promu·e auprès de cette entreprise le {} (moins de {window} jours)",
                    french_date(last)
                ),
            });
            continue;
        }
        result.people.push(PersonTarget {
            candidate_id: person.id,
            name,
            commune: person.commune,
            distance_km: distance.map(|d| (d * 10.0).round() / 10.0),
            job: person.job_label,
            promotions: person.promotions,
            score,
            reason,
            factors,
            aids,
        });
    }
    if result.people.is_empty() {
        result.shortfall = Some(if jobs.is_empty() {
            format!("Les données d'embauche ne relient aucun métier au secteur « {sector_label} ».")
        } else {
            "Aucun candidat du vivier, disponible et au consentement valide, ne vise un métier que ce secteur \
             embauche dans son rayon de mobilité."
                .to_owned()
        });
    }
    Ok(result)
}

/// How often the person was promoted: no points (it orders the list), said all the same.
fn promoted(n: u32) -> Factor {
    let text = match n {
        0 => "jamais promu·e".to_owned(),
        1 => "promu·e 1 fois".to_owned(),
        n => format!("promu·e {n} fois"),
    };
    Factor { kind: FactorKind::History, text, points: 0 }
}
