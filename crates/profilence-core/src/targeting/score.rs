//! The targeting rule and its weights, in one place: each factor is a pure function from
//! what is known to the points it gives and the words that say why. A target's score is
//! the sum of its factors' points; nothing else moves it.

use serde::Serialize;
use ts_rs::TS;

use crate::{
    choices::{HeadcountBand, MobilityMeans, RefusalReason},
    constraints::NafSector,
    text::{french_count, french_decimal},
};

/// Up to this many points for the sector: the share of the job's national hirings made in
/// the company's NAF sub-class, relative to the sector that hires most for the job (square
/// root: the second sector of a job still counts).
pub const SECTOR_POINTS: f64 = 40.0;
/// A sector the ROME's sector tree links to the job, when the job has no hiring data.
pub const TREE_POINTS: f64 = 15.0;
/// Up to this many points at distance 0, none at the edge of the radius.
pub const DISTANCE_POINTS: f64 = 25.0;
/// Up to this many points for the headcount: a bigger company hires more often.
pub const SIZE_POINTS: f64 = 10.0;
/// The agency's own history with the company: its bounds, and what each fact weighs.
pub const HISTORY_MAX: i32 = 15;
pub const HISTORY_MIN: i32 = -10;
const HIRE_IN_DOMAIN: i32 = 8;
const HIRE_ELSEWHERE: i32 = 4;
const INTERVIEW: i32 = 2;
const KEPT_ON_FILE: i32 = 2;
const ANSWERS_OFTEN: i32 = 2;
const NEVER_ANSWERS: i32 = -3;
const RECENT_REFUSAL: i32 = -3;
/// A refusal saying there is no vacancy or the job was filled: the company is not hiring now.
const RECENT_NO_VACANCY: i32 = -5;
/// A refusal is recent for this many days.
pub const RECENT_DAYS: i64 = 180;
/// The counsellor's hiring potential (0–100) gives up to this many points…
pub const POTENTIAL_POINTS: f64 = 5.0;
/// …and each recorded commitment this many, up to `COMMITMENTS_MAX`.
const COMMITMENT_POINTS: i32 = 2;
const COMMITMENTS_MAX: i32 = 4;
/// An aid this company can get for this person beyond those every hire opens.
pub const AID_POINTS: i32 = 3;
/// A company weighed for a job next to a target job, not for the target job itself: the
/// person would change jobs, so the same company hiring for the job they seek ranks first.
pub const NEIGHBOUR_POINTS: i32 = -5;
/// A company in a sector the person said they prefer. A sector they avoid takes no points:
/// it is a warning on the row (`constraints::sector_warning`), the counsellor weighs it.
pub const PREFERRED_SECTOR_POINTS: i32 = 5;

/// What a factor is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum FactorKind {
    Sector,
    Distance,
    Size,
    History,
    Potential,
    Aids,
    Contact,
    /// Weighed for a job next to a target job.
    Neighbour,
    /// The sectors the person prefers (said only for those who gave some).
    Preference,
}

impl FactorKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::Sector => "Secteur",
            Self::Distance => "Distance",
            Self::Size => "Taille",
            Self::History => "Historique de l'agence",
            Self::Potential => "Potentiel et engagements",
            Self::Aids => "Aides à l'embauche",
            Self::Contact => "Sollicitation",
            Self::Neighbour => "Métier proche",
            Self::Preference => "Secteur souhaité",
        }
    }
}

/// One factor of a target: what it is, what it says, and the points it gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Factor {
    pub kind: FactorKind,
    /// In French, e.g. « 69 % des embauches pour Boulanger / Boulangère ».
    pub text: String,
    pub points: i32,
}

impl Factor {
    fn new(kind: FactorKind, text: impl Into<String>, points: i32) -> Self {
        Self { kind, text: text.into(), points }
    }
}

/// How a company's sector relates to a job.
#[derive(Debug, Clone, PartialEq)]
pub enum Sector {
    /// The sector made `share` of the job's national hirings; `best` is the share of the
    /// sector that made the most.
    Share { share: f64, best: f64 },
    /// The job has no hiring data; the ROME links the company's NAF division to it.
    Tree,
    /// Neither the hirings nor the ROME link the sector to the job.
    Unrelated,
    /// The company's NAF code is not known.
    Unknown,
}

/// The sector's points and words; `sector_label` is the NAF label, `job` the target job.
pub fn sector(fit: &Sector, sector_label: &str, job: &str) -> Factor {
    let text = match *fit {
        Sector::Share { share, .. } => format!("{sector_label} : {} des embauches pour {job}", percent(share)),
        Sector::Tree => format!("{sector_label} : secteur du métier {job} selon le ROME"),
        Sector::Unrelated => format!("{sector_label} : secteur qui n'embauche pas pour {job}"),
        Sector::Unknown => "Secteur (code NAF) non renseigné".to_owned(),
    };
    Factor::new(FactorKind::Sector, text, sector_points(fit))
}

/// The sector's points alone (`sector` without its words).
pub fn sector_points(fit: &Sector) -> i32 {
    match *fit {
        Sector::Share { share, best } => {
            (SECTOR_POINTS * (share / best.max(f64::EPSILON)).clamp(0.0, 1.0).sqrt()).round() as i32
        }
        Sector::Tree => TREE_POINTS as i32,
        Sector::Unrelated | Sector::Unknown => 0,
    }
}

/// `69 %`, `4,2 %`, `0,3 %`: one decimal below 10 %.
fn percent(share: f64) -> String {
    let pct = share * 100.0;
    let text = if pct >= 10.0 { format!("{}", pct.round() as i64) } else { french_decimal(pct) };
    format!("{text}\u{a0}%")
}

/// The radius a candidate travels when they gave none: what their means allow.
pub fn default_radius(means: &[MobilityMeans]) -> f64 {
    let by_means = |m: &MobilityMeans| match m {
        MobilityMeans::Car | MobilityMeans::Motorbike => 30.0,
        MobilityMeans::PublicTransport => 20.0,
        MobilityMeans::Bicycle => 10.0,
        MobilityMeans::OnFoot => 3.0,
    };
    means.iter().map(by_means).fold(None, |best: Option<f64>, r| Some(best.map_or(r, |b| b.max(r)))).unwrap_or(20.0)
}

/// The distance's points: full at the door, none at the edge of the radius. `None` when
/// either place is not on the map.
pub fn distance(km: Option<f64>, radius_km: f64) -> Factor {
    let text = match km {
        Some(km) => format!("{}\u{a0}km", km_text(km)),
        None => "Distance inconnue (commune non localisée)".to_owned(),
    };
    Factor::new(FactorKind::Distance, text, distance_points(km, radius_km))
}

/// The distance's points alone (`distance` without its words).
pub fn distance_points(km: Option<f64>, radius_km: f64) -> i32 {
    km.map_or(0, |km| (DISTANCE_POINTS * (1.0 - km / radius_km.max(1.0)).clamp(0.0, 1.0)).round() as i32)
}

/// `3,5`, `12`, `0,8`: kilometres as a counsellor says them (a decimal below 10).
pub fn km_text(km: f64) -> String {
    if km < 10.0 { french_decimal(km) } else { format!("{}", km.round() as i64) }
}

/// The headcount's points: a bigger company makes more hirings.
pub fn size(band: Option<HeadcountBand>) -> Factor {
    let Some(band) = band else { return Factor::new(FactorKind::Size, "Effectif non renseigné", 0) };
    let points = match band {
        HeadcountBand::None => 1,
        HeadcountBand::From1 => 2,
        HeadcountBand::From3 => 3,
        HeadcountBand::From6 => 4,
        HeadcountBand::From10 => 5,
        HeadcountBand::From20 => 6,
        HeadcountBand::From50 => 7,
        HeadcountBand::From100 => 8,
        HeadcountBand::From200 | HeadcountBand::From250 => 9,
        _ => SIZE_POINTS as i32,
    };
    Factor::new(FactorKind::Size, band.label(), points)
}

/// What the agency's promotions to one company tell, up to a day.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    pub sent: u32,
    pub answered: u32,
    pub interviews: u32,
    pub hires: u32,
    /// Hires of people whose target jobs are in the job's ROME domain (`D11`).
    pub hires_in_domain: u32,
    pub kept_on_file: u32,
    /// Mean days from sending to a dated answer.
    pub answer_days: Option<f64>,
    /// Refusals and non-retentions of the last `RECENT_DAYS`, most recent first.
    pub recent_refusals: Vec<Option<RefusalReason>>,
}

/// The history's points and words (none when the agency never wrote to the company).
pub fn history(h: &History) -> Factor {
    if h.sent == 0 {
        return Factor::new(FactorKind::History, "Jamais sollicitée par l'agence", 0);
    }
    let mut points = 0;
    let mut said = Vec::new();
    if h.hires > 0 {
        let elsewhere = h.hires - h.hires_in_domain.min(h.hires);
        points += HIRE_IN_DOMAIN * h.hires_in_domain as i32 + HIRE_ELSEWHERE * elsewhere as i32;
        let mut text = format!("a embauché {} suivie{} ici", people(h.hires), plural(h.hires));
        if h.hires_in_domain > 0 && h.hires_in_domain < h.hires {
            text.push_str(&format!(" (dont {} dans ce domaine)", h.hires_in_domain));
        } else if h.hires_in_domain > 0 {
            text.push_str(" dans ce domaine");
        }
        said.push(text);
    }
    let interviews_only = h.interviews.saturating_sub(h.hires);
    if interviews_only > 0 {
        points += INTERVIEW * interviews_only as i32;
        said.push(format!("{} entretien{} sans embauche", interviews_only, plural(interviews_only)));
    }
    if h.kept_on_file > 0 {
        points += KEPT_ON_FILE * h.kept_on_file as i32;
        said.push(format!("profil conservé {} fois", h.kept_on_file));
    }
    if h.answered == 0 && h.sent >= 3 {
        points += NEVER_ANSWERS;
        said.push(format!("aucune réponse à {} promotions", h.sent));
    } else if h.sent >= 2 && f64::from(h.answered) >= f64::from(h.sent) / 2.0 {
        points += ANSWERS_OFTEN;
        let delay = h.answer_days.map(|d| format!(" en {} j en moyenne", french_decimal(d))).unwrap_or_default();
        said.push(format!("répond à {} promotions sur {}{delay}", h.answered, h.sent));
    } else {
        said.push(format!("{} réponse{} sur {} promotion{}", h.answered, plural(h.answered), h.sent, plural(h.sent)));
    }
    if !h.recent_refusals.is_empty() {
        for reason in &h.recent_refusals {
            points += match reason {
                Some(RefusalReason::NoVacancy | RefusalReason::AlreadyRecruited) => RECENT_NO_VACANCY,
                _ => RECENT_REFUSAL,
            };
        }
        let reasons: Vec<String> =
            h.recent_refusals.iter().map(|r| r.map_or("sans motif", |r| r.label()).to_lowercase()).collect();
        let n = h.recent_refusals.len() as u32;
        said.push(format!("{n} refus récent{} ({})", plural(n), dedup(reasons).join(", ")));
    }
    Factor::new(FactorKind::History, said.join(", "), points.clamp(HISTORY_MIN, HISTORY_MAX))
}

fn people(n: u32) -> String {
    if n == 1 { "1 personne".to_owned() } else { format!("{} personnes", french_count(u64::from(n))) }
}

fn plural(n: u32) -> &'static str {
    if n > 1 { "s" } else { "" }
}

fn dedup(mut items: Vec<String>) -> Vec<String> {
    let mut seen = Vec::new();
    items.retain(|i| {
        let new = !seen.contains(i);
        seen.push(i.clone());
        new
    });
    items
}

/// The counsellor's own knowledge: the hiring potential they recorded and the
/// company's commitments.
pub fn potential(hiring_potential: Option<u8>, commitments: &[String]) -> Factor {
    let from_potential = hiring_potential.map_or(0, |p| (POTENTIAL_POINTS * f64::from(p) / 100.0).round() as i32);
    let from_commitments = (COMMITMENT_POINTS * commitments.len() as i32).min(COMMITMENTS_MAX);
    let mut said = Vec::new();
    if let Some(p) = hiring_potential {
        said.push(format!("potentiel d'embauche {p}/100"));
    }
    if !commitments.is_empty() {
        said.push(format!("engagée : {}", commitments.join(", ")));
    }
    let text = if said.is_empty() { "Ni potentiel ni engagement notés".to_owned() } else { said.join(" ; ") };
    Factor::new(FactorKind::Potential, capitalise(&text), from_potential + from_commitments)
}

/// The aids this company can get for this person: points for those specific to the person
/// (`specific`), named; those every hire opens (`common`) are only said.
pub fn aids(specific: &[String], common: &[String]) -> Factor {
    match (specific, common) {
        ([], []) => Factor::new(FactorKind::Aids, "Aucune aide identifiée pour cette entreprise", 0),
        ([], common) => {
            Factor::new(FactorKind::Aids, format!("Aides ouvertes à toute embauche : {}", common.join(", ")), 0)
        }
        ([one], _) => Factor::new(FactorKind::Aids, format!("aide possible : {one}"), AID_POINTS),
        (many, _) => Factor::new(FactorKind::Aids, format!("aides possibles : {}", many.join(", ")), AID_POINTS),
    }
}

/// A job next to target job `of`, and what the person has of it: « Métier proche de
/// Boulanger / Boulangère (mobilité ROME) : 5 compétences cœur de métier sur 9 ».
pub fn neighbour(of: &str, why: &str, skills: &str) -> Factor {
    Factor::new(FactorKind::Neighbour, format!("Métier proche de {of} ({why}) : {skills}"), NEIGHBOUR_POINTS)
}

/// The person's preferred sectors against the company's: points when it is in one of
/// them (`found`), said without points when it is in none of `preferred`.
pub fn preference(found: Option<&NafSector>, preferred: &[NafSector]) -> Factor {
    match found {
        Some(sector) => Factor::new(
            FactorKind::Preference,
            format!("Secteur souhaité par le candidat : {}", sector.text()),
            PREFERRED_SECTOR_POINTS,
        ),
        None => {
            let sectors: Vec<String> = preferred.iter().map(NafSector::text).collect();
            Factor::new(FactorKind::Preference, format!("Hors des secteurs souhaités ({})", sectors.join(", ")), 0)
        }
    }
}

/// The preference's factor of a company of NAF code `naf`, for a person who gave preferred
/// sectors (none for whom gave none).
pub fn preference_of(preferred: &[NafSector], naf: Option<&str>) -> Option<Factor> {
    (!preferred.is_empty()).then(|| preference(crate::constraints::preferred_sector(preferred, naf), preferred))
}

/// The monthly contacts left: no points, said so that the counsellor knows.
pub fn contact(left: Option<u32>) -> Factor {
    let text = match left {
        None => "Pas de limite de sollicitations".to_owned(),
        Some(1) => "Encore 1 sollicitation possible ce mois-ci".to_owned(),
        Some(n) => format!("Encore {n} sollicitations possibles ce mois-ci"),
    };
    Factor::new(FactorKind::Contact, text, 0)
}

/// The one-line reason: every factor that gave or took points, strongest kinds first.
pub fn reason(factors: &[Factor]) -> String {
    factors.iter().filter(|f| f.points != 0).map(|f| f.text.clone()).collect::<Vec<_>>().join(" · ")
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sector_that_hires_most_gets_every_point() {
        let best = sector(&Sector::Share { share: 0.687, best: 0.687 }, "Boulangerie", "Boulanger");
        assert_eq!(best.points, 40);
        assert_eq!(best.text, "Boulangerie : 69\u{a0}% des embauches pour Boulanger");
        // A quarter of the best share: half the points (square root).
        assert_eq!(sector(&Sector::Share { share: 0.25, best: 1.0 }, "x", "y").points, 20);
        assert_eq!(
            sector(&Sector::Share { share: 0.042, best: 0.5 }, "x", "y").text,
            "x : 4,2\u{a0}% des embauches pour y"
        );
        assert_eq!(sector(&Sector::Tree, "x", "y").points, 15);
        assert_eq!(sector(&Sector::Unrelated, "x", "y").points, 0);
    }

    #[test]
    fn distance_counts_down_to_the_edge_of_the_radius() {
        assert_eq!(distance(Some(0.0), 20.0).points, 25);
        assert_eq!(distance(Some(4.0), 20.0).points, 20);
        assert_eq!(distance(Some(4.0), 20.0).text, "4\u{a0}km");
        assert_eq!(distance(Some(20.0), 20.0).points, 0);
        assert_eq!(distance(None, 20.0).points, 0);
        assert_eq!(default_radius(&[MobilityMeans::OnFoot, MobilityMeans::PublicTransport]), 20.0);
        assert_eq!(default_radius(&[]), 20.0);
    }

    #[test]
    fn history_weighs_hires_refusals_and_silence() {
        assert_eq!(history(&History::default()).points, 0);
        let hired = History { sent: 3, answered: 2, interviews: 2, hires: 2, hires_in_domain: 1, ..Default::default() };
        let f = history(&hired);
        // 8 + 4 for the hires, 2 for answering two out of three.
        assert_eq!(f.points, 14);
        assert!(f.text.starts_with("a embauché 2 personnes suivies ici (dont 1 dans ce domaine)"), "{}", f.text);
        let silent = History { sent: 4, ..Default::default() };
        assert_eq!(history(&silent).points, -3);
        let refused = History {
            sent: 2,
            answered: 2,
            recent_refusals: vec![Some(RefusalReason::NoVacancy), Some(RefusalReason::Experience)],
            ..Default::default()
        };
        // +2 for answering, -5 and -3 for the refusals.
        assert_eq!(history(&refused).points, -6);
        assert!(history(&refused).text.contains("2 refus récents (pas de poste à pourvoir, expérience insuffisante)"));
        let many = History { sent: 9, answered: 9, hires: 9, hires_in_domain: 9, ..Default::default() };
        assert_eq!(history(&many).points, HISTORY_MAX);
    }

    #[test]
    fn the_reason_names_every_factor_with_points() {
        let factors = vec![
            Factor::new(FactorKind::Sector, "Boulangerie : 69 %", 40),
            Factor::new(FactorKind::Distance, "4 km", 20),
            Factor::new(FactorKind::History, "Jamais sollicitée", 0),
            Factor::new(FactorKind::Size, "3 à 5 salariés", 3),
        ];
        assert_eq!(reason(&factors), "Boulangerie : 69 % · 4 km · 3 à 5 salariés");
        assert_eq!(potential(Some(80), &["Employeur inclusif".to_owned()]).points, 6);
        assert_eq!(potential(None, &[]).points, 0);
        assert_eq!(aids(&[], &["AFPR / POEI".to_owned()]).points, 0);
        let specific = aids(&["Emploi franc".to_owned()], &["AFPR / POEI".to_owned()]);
        assert_eq!((specific.points, specific.text.as_str()), (AID_POINTS, "aide possible : Emploi franc"));
    }
}
