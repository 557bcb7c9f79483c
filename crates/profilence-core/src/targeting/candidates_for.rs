//! The people to offer one company (reverse targeting): those whose target jobs its sector
//! hires for, within their own radius, available, with a valid consent, not sent to it
//! within the repeat window — those promoted least (or never) first; each with what in the
//! job or the company goes against their constraints (a warning, never left out).

use std::collections::HashMap;

use crate::store::Conn;
use chrono::{DateTime, Local};
use serde::Serialize;
use ts_rs::TS;

use super::{
    DEFAULT_PEOPLE, Factor, FactorKind, LeftOut, TargetQuery, company_aids,
    facts::{self, PersonFacts},
    score::{self, Sector},
    total,
};
use crate::{
    Error, Result, constraints,
    hiring_aids::{HiringAid, Person},
    promotions, referentials, settings,
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
    /// What in the job or the company goes against their constraints, in French.
    pub warnings: Vec<String>,
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
pub fn for_company(conn: &Conn, id: i64, query: &TargetQuery, now: DateTime<Local>) -> Result<CompanyCandidates> {
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
    let employer = company.employer();

    // The best job of each person, kept within their own radius: numbers only here, the
    // words are written for the people listed (a dense town may hold tens of thousands).
    let mut best: HashMap<i64, Candidate> = HashMap::new();
    let place = company.lat.zip(company.lng);
    for person in facts::people_for_jobs(conn, &codes, today, place)? {
        let Some(&fit) = fits.get(person.rome_code.as_str()) else { continue };
        let means = constraints::usable_means(&person.means, &person.work_constraints);
        let radius = person.radius_km.map_or_else(|| score::default_radius(&means), f64::from);
        let distance = company.distance_from(person.lat, person.lng);
        if distance.is_some_and(|d| d > radius) {
            continue;
        }
        let sector = score::sector_points(fit);
        if best.get(&person.id).is_none_or(|kept| kept.sector < sector) {
            best.insert(person.id, Candidate { person, fit, sector, distance, radius, points: 0 });
        }
    }
    let ids: Vec<i64> = best.keys().copied().collect();
    let counts = facts::promotions_of(conn, &ids)?;
    // The aids depend on the flags and the age only: weighed once per kind of person.
    let mut aids: HashMap<Person, (Vec<HiringAid>, Factor)> = HashMap::new();
    let mut ranked: Vec<Candidate> = best.into_values().collect();
    for c in &mut ranked {
        c.person.promotions = counts.get(&c.person.id).copied().unwrap_or(0);
        let who = Person::new(c.person.eligibility, c.person.birth_date, today);
        let aid_points = aids.entry(who).or_insert_with(|| company_aids(&who, &employer)).1.points;
        let preference = score::preference_of(&c.person.preferred, company.naf_code.as_deref()).map_or(0, |f| f.points);
        c.points = c.sector + score::distance_points(c.distance, c.radius) + aid_points + preference;
    }
    // The least promoted first; then the best score; then the nearest.
    ranked.sort_by(|a, b| {
        a.person
            .promotions
            .cmp(&b.person.promotions)
            .then(b.points.cmp(&a.points))
            .then(a.distance.unwrap_or(f64::MAX).total_cmp(&b.distance.unwrap_or(f64::MAX)))
            .then(a.person.id.cmp(&b.person.id))
    });

    let window = i64::from(settings::promotion_settings(conn)?.repeat_window_days);
    let mut demands = HashMap::new();
    for c in ranked {
        if result.people.len() == limit {
            break;
        }
        let person = c.person;
        let (name, commune) = facts::name_of(conn, person.id)?;
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
        let job = facts::job_label(conn, person.id, &person.rome_code)?;
        let who = Person::new(person.eligibility, person.birth_date, today);
        let (person_aids, aids_factor) = aids.get(&who).cloned().unwrap_or_else(|| company_aids(&who, &employer));
        let mut factors =
            vec![score::sector(c.fit, &sector_label, &job), score::distance(c.distance, c.radius), aids_factor];
        factors.extend(score::preference_of(&person.preferred, Some(&naf)));
        if !demands.contains_key(&person.rome_code) {
            demands.insert(person.rome_code.clone(), referentials::job_demands(conn, &person.rome_code)?);
        }
        let mut warnings = constraints::job_warnings(&person.work_constraints, &demands[&person.rome_code]);
        warnings.extend(constraints::sector_warning(&facts::avoided_of(conn, person.id)?, Some(&naf)));
        // The promotions order the list without points: the reason says them all the same.
        let reason = [score::reason(&factors), promoted(person.promotions).text]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
        factors.push(promoted(person.promotions));
        result.people.push(PersonTarget {
            candidate_id: person.id,
            name,
            commune,
            distance_km: c.distance.map(|d| (d * 10.0).round() / 10.0),
            job,
            promotions: person.promotions,
            score: total(&factors),
            reason,
            factors,
            aids: person_aids,
            warnings,
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

/// A person weighed for the company, before the words.
struct Candidate<'a> {
    person: PersonFacts,
    fit: &'a Sector,
    sector: i32,
    distance: Option<f64>,
    radius: f64,
    /// Sector, distance and aids: the score.
    points: i32,
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
