//! Constraints that count: what each `WorkConstraint` a candidate declares is compared
//! with — the job's ROME 4.0 work contexts, the licences the ROME lists for it, the
//! company's NAF sector, the means of transport — and the warnings they raise. A conflict
//! is always said, never a reason to leave a job or a company out.
//!
//! What the ROME cannot tell is compared with what the app knows instead:
//! - part-time only: the ROME has no context about working time (its « Statut d'emploi »
//!   contexts are kinds of contract) and companies carry none, so it is checked against the
//!   candidate's own wanted working time when the form is saved (`candidates::validation`);
//! - no vehicle: the ROME names no vehicle a job needs; it weighs on the distances, through
//!   the means of transport left (`usable_means`);
//! - no driving licence: the ROME lists driving licences as knowledge of a job
//!   (« Permis de conduire catégorie B »), compared here; and it weighs on the distances.
//!
//! Free notes that say one of the choices (« Pas de travail le week-end ») become that
//! choice, unless it contradicts the record: `choice_of_note`, for every save of a
//! candidate (the form, an import) and for the migration that moved the notes of earlier
//! releases (the SQL function `work_constraint`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{
    choices::{MobilityMeans, WorkConstraint, WorkingTime},
    text::fold,
};

/// A NAF sector a candidate avoids or prefers: a code of any level (`10`, `10.7`, `10.71`,
/// `10.71C`), with the label it had when chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NafSector {
    pub code: String,
    pub label: String,
}

impl NafSector {
    /// Whether a company of NAF sub-class `naf` (`10.71C`, dotted) is in this sector: every
    /// NAF level is a prefix of the levels below it.
    pub fn holds(&self, naf: &str) -> bool {
        !self.code.is_empty() && naf.starts_with(&self.code)
    }

    /// « Boulangerie et boulangerie-pâtisserie (10.71) ».
    pub fn text(&self) -> String {
        format!("{} ({})", self.label, self.code)
    }
}

/// One ROME work context of a job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkContext {
    pub code: i64,
    pub label: String,
    /// The ROME's type: `2` « Horaires et durée du travail », `3` « Lieux et déplacements »…
    pub type_code: String,
}

/// What the ROME says of a job that the constraints are compared with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobDemands {
    /// Its work contexts; `None` when the ROME installed has no work context at all (it
    /// was imported by a release before them): nothing can be compared until it is
    /// imported again.
    pub contexts: Option<Vec<WorkContext>>,
    /// The driving licences the ROME lists among its knowledge.
    pub licences: Vec<String>,
}

/// « Travail le samedi », « Travail les week-ends et jours fériés », « Travail le dimanche ».
const WEEKEND: [i64; 3] = [23374, 23376, 300793];
/// « Travail de nuit ».
const NIGHT: [i64; 1] = [300803];
/// « Travail posté (2x8, 3x8, 5x8, etc.) », « Travail par roulement » and « Travail en
/// horaires décalés »: the hours move from day to day or start before dawn — what a person
/// who cannot work shifts (childcare, transport at those hours) cannot take either.
/// « Horaires fractionnés » and « astreinte » are left out: the hours are split or on call,
/// not shifted.
const SHIFTS: [i64; 3] = [126450, 300808, 300805];
/// « Déplacements professionnels ».
const TRAVEL: i64 = 300779;
/// The ROME's type « Lieux et déplacements » (zone départementale, régionale, nationale,
/// européenne, internationale): the job is done across that zone.
const PLACES_AND_TRAVEL: &str = "3";

/// Whether the ROME work context `context` goes against `constraint`.
fn conflicts(constraint: WorkConstraint, context: &WorkContext) -> bool {
    match constraint {
        WorkConstraint::NoWeekend => WEEKEND.contains(&context.code),
        WorkConstraint::NoNight => NIGHT.contains(&context.code),
        WorkConstraint::NoShifts => SHIFTS.contains(&context.code),
        WorkConstraint::NoTravel => context.code == TRAVEL || context.type_code == PLACES_AND_TRAVEL,
        // No work context speaks of these: see the module's documentation.
        WorkConstraint::PartTimeOnly | WorkConstraint::NoDrivingLicence | WorkConstraint::NoVehicle => false,
    }
}

/// The warning a conflict with `constraint` raises, before the ROME's own words.
fn warning(constraint: WorkConstraint) -> &'static str {
    match constraint {
        WorkConstraint::NoWeekend => "Travail le week-end fréquent dans ce métier",
        WorkConstraint::NoNight => "Travail de nuit dans ce métier",
        WorkConstraint::NoShifts => "Travail posté ou en horaires décalés dans ce métier",
        WorkConstraint::NoTravel => "Déplacements professionnels dans ce métier",
        WorkConstraint::NoDrivingLicence => "Permis de conduire demandé dans ce métier",
        WorkConstraint::PartTimeOnly | WorkConstraint::NoVehicle => "",
    }
}

/// Whether the ROME's work contexts can say anything of `constraint`.
fn compared_with_contexts(constraint: WorkConstraint) -> bool {
    matches!(
        constraint,
        WorkConstraint::NoWeekend | WorkConstraint::NoNight | WorkConstraint::NoShifts | WorkConstraint::NoTravel
    )
}

/// The warnings a job raises for a candidate with constraints `work`, each with the
/// ROME's words: « Travail le week-end fréquent dans ce métier (ROME : travail les
/// week-ends et jours fériés) ».
pub fn job_warnings(work: &[WorkConstraint], job: &JobDemands) -> Vec<String> {
    let mut warnings = Vec::new();
    let Some(contexts) = &job.contexts else {
        if work.iter().any(|c| compared_with_contexts(*c)) {
            warnings.push(NO_CONTEXTS.to_owned());
        }
        return warnings;
    };
    for &constraint in work {
        let found: Vec<String> =
            contexts.iter().filter(|c| conflicts(constraint, c)).map(|c| lower_first(&c.label)).collect();
        if !found.is_empty() {
            warnings.push(format!("{} (ROME : {})", warning(constraint), found.join(", ")));
        }
    }
    if work.contains(&WorkConstraint::NoDrivingLicence) && !job.licences.is_empty() {
        let licences: Vec<String> = job.licences.iter().map(|l| lower_first(l)).collect();
        warnings.push(format!("{} (ROME : {})", warning(WorkConstraint::NoDrivingLicence), licences.join(", ")));
    }
    warnings
}

/// Said instead when the ROME installed predates the work contexts.
pub const NO_CONTEXTS: &str = "Contraintes non comparées : le ROME installé n'a pas les contextes de travail, \
                               importez-le à nouveau (Paramètres → Référentiels)";

/// The warning of a company in a sector the candidate avoids, if it is in one.
pub fn sector_warning(avoided: &[NafSector], naf: Option<&str>) -> Option<String> {
    let naf = naf?;
    avoided.iter().find(|s| s.holds(naf)).map(|s| format!("Secteur que le candidat souhaite éviter : {}", s.text()))
}

/// The sector the candidate prefers that holds a company of NAF code `naf`, if any.
pub fn preferred_sector<'a>(preferred: &'a [NafSector], naf: Option<&str>) -> Option<&'a NafSector> {
    let naf = naf?;
    preferred.iter().find(|s| s.holds(naf))
}

/// The means of transport a candidate can count on: without a vehicle, or without a
/// licence, neither the car nor the motorbike counts, even when ticked.
pub fn usable_means(means: &[MobilityMeans], work: &[WorkConstraint]) -> Vec<MobilityMeans> {
    let grounded = work.iter().any(|c| matches!(c, WorkConstraint::NoVehicle | WorkConstraint::NoDrivingLicence));
    means
        .iter()
        .copied()
        .filter(|m| !(grounded && matches!(m, MobilityMeans::Car | MobilityMeans::Motorbike)))
        .collect()
}

/// Why a means ticked does not count (« voiture non comptée : pas de véhicule »), if one
/// does not.
pub fn means_left_out(means: &[MobilityMeans], work: &[WorkConstraint]) -> Option<String> {
    let usable = usable_means(means, work);
    let dropped: Vec<String> = means.iter().filter(|m| !usable.contains(m)).map(|m| m.label().to_lowercase()).collect();
    if dropped.is_empty() {
        return None;
    }
    let why = work
        .iter()
        .find(|c| matches!(c, WorkConstraint::NoVehicle | WorkConstraint::NoDrivingLicence))
        .map_or("", |c| c.label());
    let counted = if dropped.len() > 1 { "non comptés" } else { "non comptée" };
    Some(format!("{} {counted} : {}", dropped.join(" et "), why.to_lowercase()))
}

/// What counsellors write for each choice (its own label included), compared by `key`.
const SAYINGS: &[(WorkConstraint, &[&str])] = &[
    (
        WorkConstraint::NoWeekend,
        &[
            "Pas de travail le week-end",
            "Pas de travail les week-ends",
            "Pas de week-end",
            "Pas de week-ends",
            "Pas le week-end",
            "Pas de travail le samedi ni le dimanche",
            "Pas disponible le week-end",
            "Indisponible le week-end",
        ],
    ),
    (
        WorkConstraint::NoNight,
        &["Pas de travail de nuit", "Pas de travail la nuit", "Pas de nuit", "Pas de nuits", "Pas d'horaires de nuit"],
    ),
    (
        WorkConstraint::NoShifts,
        &[
            "Pas de travail posté ni d'horaires décalés",
            "Pas de travail posté",
            "Pas de travail en équipes",
            "Pas de travail en équipe",
            "Pas de 2x8",
            "Pas de 3x8",
            "Pas de travail par roulement",
            "Pas d'horaires décalés",
            "Pas de travail en horaires décalés",
        ],
    ),
    (
        WorkConstraint::NoTravel,
        &[
            "Pas de déplacements professionnels",
            "Pas de déplacement professionnel",
            "Pas de déplacements",
            "Pas de déplacement",
            "Pas de grands déplacements",
        ],
    ),
    (
        WorkConstraint::PartTimeOnly,
        &["Temps partiel uniquement", "Temps partiel seulement", "Uniquement à temps partiel", "Temps partiel"],
    ),
    (
        WorkConstraint::NoDrivingLicence,
        &[
            "Pas de permis de conduire",
            "Pas de permis",
            "Sans permis",
            "Sans permis de conduire",
            "Non titulaire du permis",
        ],
    ),
    (
        WorkConstraint::NoVehicle,
        &[
            "Pas de véhicule",
            "Sans véhicule",
            "Pas de voiture",
            "Sans voiture",
            "Non véhiculé",
            "Non véhiculée",
            "Non véhiculé·e",
        ],
    ),
];

/// A text as the sayings are compared: folded (case, accents), letters and digits only
/// (« Week-end », « weekend » and « week end » alike).
fn key(text: &str) -> String {
    fold(text).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The choice a free note says, if it says one exactly (case, accents, spaces and
/// punctuation aside): « pas de travail le Week-End. » is `NoWeekend`; « Temps partiel
/// thérapeutique » says more than a choice and stays a note.
pub fn from_note(note: &str) -> Option<WorkConstraint> {
    let note = key(note);
    if note.is_empty() {
        return None;
    }
    SAYINGS.iter().find(|(_, sayings)| sayings.iter().any(|s| key(s) == note)).map(|(choice, _)| *choice)
}

/// Whether `choice` agrees with what the rest of the record says, where the ROME has
/// nothing to compare it with: part-time only with the wanted working time (full time, or
/// either, does not), no driving licence with the licences held.
pub fn agrees(choice: WorkConstraint, working_time: Option<WorkingTime>, has_licence: bool) -> bool {
    match choice {
        WorkConstraint::PartTimeOnly => !matches!(working_time, Some(WorkingTime::FullTime | WorkingTime::Either)),
        WorkConstraint::NoDrivingLicence => !has_licence,
        _ => true,
    }
}

/// The choice a free note of a record says, when it agrees with the rest of the record
/// (`agrees`): a note that contradicts it stays a note, for the counsellor to settle.
pub fn choice_of_note(note: &str, working_time: Option<WorkingTime>, has_licence: bool) -> Option<WorkConstraint> {
    from_note(note).filter(|choice| agrees(*choice, working_time, has_licence))
}

/// The notes that say a choice agreeing with the record moved into `work` (once each,
/// after those already there), and the notes left.
pub fn sort_notes(
    notes: Vec<String>,
    mut work: Vec<WorkConstraint>,
    working_time: Option<WorkingTime>,
    has_licence: bool,
) -> (Vec<WorkConstraint>, Vec<String>) {
    let mut kept = Vec::with_capacity(notes.len());
    for note in notes {
        match choice_of_note(&note, working_time, has_licence) {
            Some(choice) if !work.contains(&choice) => work.push(choice),
            Some(_) => {}
            None => kept.push(note),
        }
    }
    (work, kept)
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(code: i64, label: &str, type_code: &str) -> WorkContext {
        WorkContext { code, label: label.to_owned(), type_code: type_code.to_owned() }
    }

    #[test]
    fn notes_that_say_a_choice_are_that_choice() {
        assert_eq!(from_note("Pas de travail le week-end"), Some(WorkConstraint::NoWeekend));
        assert_eq!(from_note("  pas de TRAVAIL le weekend. "), Some(WorkConstraint::NoWeekend));
        assert_eq!(from_note("Pas de week end"), Some(WorkConstraint::NoWeekend));
        assert_eq!(from_note("pas de travail de nuit"), Some(WorkConstraint::NoNight));
        assert_eq!(from_note("Pas de 3x8"), Some(WorkConstraint::NoShifts));
        assert_eq!(from_note("Non véhiculée"), Some(WorkConstraint::NoVehicle));
        assert_eq!(from_note("Pas de déplacements"), Some(WorkConstraint::NoTravel));
        // Every choice is found by its own label.
        for choice in WorkConstraint::ALL {
            assert_eq!(from_note(choice.label()), Some(*choice), "{}", choice.label());
        }
        assert_eq!(from_note("Temps partiel thérapeutique"), None);
        assert_eq!(from_note("Pas de port de charges lourdes"), None);
        assert_eq!(from_note("Pas de travail le dimanche"), None);
        assert_eq!(from_note(" - "), None);
        let notes = vec!["Pas de nuit".to_owned(), "Garde d'enfants le mercredi".to_owned(), "pas de nuits".to_owned()];
        assert_eq!(
            sort_notes(notes, vec![WorkConstraint::NoWeekend], None, false),
            (vec![WorkConstraint::NoWeekend, WorkConstraint::NoNight], vec!["Garde d'enfants le mercredi".to_owned()])
        );
        // A note that contradicts the record stays a note.
        let notes = vec!["Temps partiel".to_owned(), "Sans permis".to_owned()];
        assert_eq!(sort_notes(notes.clone(), Vec::new(), Some(WorkingTime::Either), true), (Vec::new(), notes));
        assert_eq!(
            choice_of_note("Temps partiel", Some(WorkingTime::PartTime), true),
            Some(WorkConstraint::PartTimeOnly)
        );
    }

    #[test]
    fn a_job_warns_of_the_contexts_that_go_against_the_constraints() {
        let baker = JobDemands {
            contexts: Some(vec![
                context(23376, "Travail les week-ends et jours fériés", "2"),
                context(300803, "Travail de nuit", "2"),
            ]),
            licences: Vec::new(),
        };
        let work = [WorkConstraint::NoWeekend, WorkConstraint::NoTravel];
        assert_eq!(
            job_warnings(&work, &baker),
            vec!["Travail le week-end fréquent dans ce métier (ROME : travail les week-ends et jours fériés)"]
        );
        let driver = JobDemands {
            contexts: Some(vec![context(23381, "Zone régionale", "3")]),
            licences: vec!["Permis de conduire catégorie C".to_owned()],
        };
        assert_eq!(
            job_warnings(&[WorkConstraint::NoTravel, WorkConstraint::NoDrivingLicence], &driver),
            vec![
                "Déplacements professionnels dans ce métier (ROME : zone régionale)",
                "Permis de conduire demandé dans ce métier (ROME : permis de conduire catégorie C)"
            ]
        );
        assert!(job_warnings(&[], &baker).is_empty());
        let unknown = JobDemands { contexts: None, licences: Vec::new() };
        assert_eq!(job_warnings(&work, &unknown), vec![NO_CONTEXTS]);
        assert!(job_warnings(&[WorkConstraint::NoVehicle], &unknown).is_empty());
    }

    #[test]
    fn sectors_match_every_naf_level_below_them() {
        let bakeries = NafSector { code: "10.71".to_owned(), label: "Boulangerie".to_owned() };
        let trade = NafSector { code: "47".to_owned(), label: "Commerce de détail".to_owned() };
        assert!(bakeries.holds("10.71C") && !bakeries.holds("10.72Z") && trade.holds("47.11F"));
        assert_eq!(
            sector_warning(&[trade.clone(), bakeries.clone()], Some("10.71C")).as_deref(),
            Some("Secteur que le candidat souhaite éviter : Boulangerie (10.71)")
        );
        assert_eq!(sector_warning(std::slice::from_ref(&bakeries), Some("47.11F")), None);
        assert_eq!(sector_warning(&[bakeries], None), None);
        assert_eq!(preferred_sector(std::slice::from_ref(&trade), Some("47.11F")), Some(&trade));
    }

    #[test]
    fn without_a_vehicle_the_car_does_not_count() {
        let means = [MobilityMeans::Car, MobilityMeans::PublicTransport];
        assert_eq!(usable_means(&means, &[WorkConstraint::NoVehicle]), vec![MobilityMeans::PublicTransport]);
        assert_eq!(usable_means(&means, &[WorkConstraint::NoNight]), means.to_vec());
        assert_eq!(
            means_left_out(&means, &[WorkConstraint::NoDrivingLicence]).as_deref(),
            Some("voiture non comptée : pas de permis de conduire")
        );
        assert_eq!(means_left_out(&means, &[]), None);
    }
}
