//! Constraints that count: on the real ROME 4.0 of `../shared/data`, checked by hand in its
//! CSV files — D1102 (boulanger) links the work contexts 23376 « Travail les week-ends et
//! jours fériés » and 300803 « Travail de nuit »; M1203 (comptable) links none of the
//! week-end (23374, 23376, 300793) or night (300803) contexts (it has 300799, 300806,
//! 403025, 403103, 403104, 405285, 405348, 405349). On the small referentials: the form's
//! checks, the notes that become choices, and a ROME imported before the work contexts.

mod common;

use chrono::{DateTime, Local, TimeZone};
use profilence_core::{
    Database,
    candidates::{self, CandidateInput, NafSector},
    choices::{DrivingLicence, WorkConstraint, WorkingTime},
    companies::{self, CompanyInput},
    constraints::NO_CONTEXTS,
    neighbours, reference_update, referentials,
    targeting::{self, FactorKind, TargetQuery},
};

const WEEKEND: &str = "Travail le week-end fréquent dans ce métier (ROME : travail les week-ends et jours fériés)";
const NIGHT: &str = "Travail de nuit dans ce métier (ROME : travail de nuit)";
const AVOIDED: &str = "Secteur que le candidat souhaite éviter : Fabrication de pain et de pâtisserie fraîche (10.71)";

fn now() -> DateTime<Local> {
    Local.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap()
}

fn sector(code: &str) -> NafSector {
    NafSector { code: code.into(), label: String::new() }
}

/// A company in Quimper, of NAF sub-class `naf`.
fn firm(db: &Database, name: &str, siret: &str, naf: &str) -> i64 {
    let input = CompanyInput {
        naf_code: naf.into(),
        postcode: "29000".into(),
        commune: "Quimper".into(),
        commune_code: "29232".into(),
        ..common::company(name, siret)
    };
    db.write(|tx| companies::create(tx, &input)).unwrap().id
}

#[test]
fn no_weekend_and_no_night_warn_on_the_jobs_and_targets_whose_rome_contexts_say_so() {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    let (_dir, db) = common::database();
    db.write(|tx| reference_update::install_folder(tx, &data)).expect("../shared/data beside the repository");
    // Every work context of the release and every job-context link (13,663 rows of code_compo_bloc 6).
    let (contexts, links, baker): (i64, i64, String) = db
        .read(|c| {
            Ok(c.query_row(
                "SELECT (SELECT count(*) FROM work_contexts), (SELECT count(*) FROM rome_job_contexts), \
                 (SELECT group_concat(context_code) FROM (SELECT context_code FROM rome_job_contexts \
                  WHERE rome_code = 'D1102' ORDER BY context_code) contexts)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?)
        })
        .unwrap();
    assert_eq!((contexts, links), (179, 13_663));
    assert_eq!(baker, "23376,300795,300800,300803,300811,403095,403103,405307");

    // A boulangère who would also work as a comptable, in Quimper: no week-end, no night.
    let mut input = common::candidate("Le Goff", "Maëlle", &[11_573, 12_786]);
    input.postcode = "29000".into();
    input.commune = "Quimper".into();
    input.commune_code = "29232".into();
    input.work_constraints = vec![WorkConstraint::NoWeekend, WorkConstraint::NoNight];
    let id = db.write(|tx| candidates::create(tx, &input, common::today(), false)).unwrap().id;

    // Neighbouring jobs: H2102 (conduite d'équipement de production alimentaire) works
    // weekends and nights, D1104 (pâtissier) weekends only; M1201 (a neighbour of the
    // comptable) neither.
    let found = db.read(|c| neighbours::for_candidate(c, id, common::today())).unwrap();
    let warnings = |code: &str| {
        found.iter().flat_map(|j| &j.neighbours).find(|n| n.rome_code == code).map(|n| n.warnings.clone()).unwrap()
    };
    assert_eq!(warnings("H2102"), [WEEKEND, NIGHT]);
    assert_eq!(warnings("D1104"), [WEEKEND]);
    assert_eq!(warnings("M1201"), Vec::<String>::new());

    // Targets: a bakery is weighed for the boulangère's job, an accounting firm for the
    // comptable's; only the first warns.
    let bakery = firm(&db, "Boulangerie du Steir", "41216547400005", "10.71C");
    let accounting = firm(&db, "Cabinet Kerjean Expertise", "52184930700009", "69.20Z");
    let targets = db.read(|c| targeting::for_candidate(c, id, &TargetQuery::default(), now())).unwrap();
    let of = |targets: &targeting::CandidateTargets, company: i64| {
        targets.targets.iter().find(|t| t.company_id == company).cloned().unwrap()
    };
    let (at_bakery, at_firm) = (of(&targets, bakery), of(&targets, accounting));
    assert_eq!((at_bakery.job.as_str(), at_firm.job.as_str()), ("Boulanger / Boulangère", "Comptable"));
    assert_eq!(at_bakery.warnings, [WEEKEND, NIGHT]);
    assert!(at_firm.warnings.is_empty(), "{:?}", at_firm.warnings);

    // She would rather avoid bakeries (NAF group 10.71) and prefers accounting (division 69):
    // the bakery stays, warned; the firm gains the preference's points.
    input.sectors_avoided = vec![sector("10.71")];
    input.sectors_preferred = vec![sector("69")];
    let saved = db.write(|tx| candidates::update(tx, id, &input, common::today())).unwrap();
    assert_eq!(saved.sectors_preferred[0].label, "Activités juridiques et comptables");
    let again = db.read(|c| targeting::for_candidate(c, id, &TargetQuery::default(), now())).unwrap();
    let (at_bakery, preferred) = (of(&again, bakery), of(&again, accounting));
    assert_eq!(at_bakery.warnings, [WEEKEND, NIGHT, AVOIDED]);
    assert_eq!(at_bakery.score, of(&targets, bakery).score, "an avoided sector takes no points");
    assert!(preferred.warnings.is_empty());
    assert_eq!(preferred.score, at_firm.score + 5);
    let factor = preferred.factors.iter().find(|f| f.kind == FactorKind::Preference).unwrap();
    assert_eq!(factor.text, "Secteur souhaité par le candidat : Activités juridiques et comptables (69)");
    assert!(preferred.reason.contains(&factor.text), "{}", preferred.reason);

    // Reverse targeting carries the same warnings for her.
    let people = db.read(|c| targeting::for_company(c, bakery, &TargetQuery::default(), now())).unwrap();
    let her = people.people.iter().find(|p| p.candidate_id == id).unwrap();
    assert_eq!(her.warnings, [WEEKEND, NIGHT, AVOIDED]);
    let people = db.read(|c| targeting::for_company(c, accounting, &TargetQuery::default(), now())).unwrap();
    let her = people.people.iter().find(|p| p.candidate_id == id).unwrap();
    assert!(her.warnings.is_empty(), "{:?}", her.warnings);
    assert!(her.factors.iter().any(|f| f.kind == FactorKind::Preference && f.points == 5));
}

fn checked(db: &Database, input: &CandidateInput) -> Vec<(String, String)> {
    common::fields(db.write(|tx| candidates::create(tx, input, common::today(), false)).unwrap_err())
}

#[test]
fn the_form_refuses_constraints_that_contradict_it_naming_the_field() {
    let (_dir, db) = common::database_with_referentials();
    let mut input = common::candidate("Guérin", "Solène", &[common::BOULANGER]);
    input.work_constraints = vec![WorkConstraint::PartTimeOnly, WorkConstraint::NoDrivingLicence];
    input.working_time = Some(WorkingTime::FullTime);
    input.driving_licences = vec![DrivingLicence::B];
    input.sectors_avoided = vec![sector("10"), sector("99.99Z"), sector("boulangerie")];
    input.sectors_preferred = vec![sector("10.71C")];
    assert_eq!(
        checked(&db, &input),
        [
            (
                "workingTime".to_owned(),
                "« Temps partiel uniquement » est coché dans les contraintes : choisissez « Temps partiel » comme \
                 temps de travail souhaité."
                    .to_owned()
            ),
            (
                "drivingLicences".to_owned(),
                "« Pas de permis de conduire » est coché dans les contraintes : décochez les permis ou cette \
                 contrainte."
                    .to_owned()
            ),
            ("sectorsAvoided".to_owned(), "Le secteur 99.99Z n'existe pas dans la NAF chargée.".to_owned()),
            (
                "sectorsAvoided".to_owned(),
                "« boulangerie » n'est pas un code NAF (ex. 10, 10.71 ou 10.71C).".to_owned()
            ),
            (
                "sectorsPreferred".to_owned(),
                "« Boulangerie et boulangerie-pâtisserie (10.71C) » est aussi un secteur à éviter (Industries \
                 alimentaires (10))."
                    .to_owned()
            ),
        ]
    );
}

#[test]
fn notes_that_say_a_choice_are_saved_as_that_choice_and_sectors_keep_their_labels() {
    let (_dir, db) = common::database_with_referentials();
    let mut input = common::candidate("Guérin", "Solène", &[common::BOULANGER]);
    input.work_constraints = vec![WorkConstraint::NoWeekend];
    input.working_time = Some(WorkingTime::PartTime);
    input.constraints =
        vec!["pas de travail de NUIT".into(), "Pas de week-end".into(), "Pas de port de charges lourdes".into()];
    input.sectors_avoided = vec![sector(" 10.71 ")];
    let saved = db.write(|tx| candidates::create(tx, &input, common::today(), false)).unwrap();
    assert_eq!(saved.work_constraints, [WorkConstraint::NoWeekend, WorkConstraint::NoNight]);
    assert_eq!(saved.constraints, ["Pas de port de charges lourdes"]);
    assert_eq!(
        saved.sectors_avoided,
        [NafSector { code: "10.71".into(), label: "Fabrication de pain et de pâtisserie fraîche".into() }]
    );
    let read = db.read(|c| candidates::get(c, saved.id, common::today())).unwrap();
    assert_eq!(read, saved);
    // The sectors offered: every NAF level, the widest first.
    let codes = |text: &str| -> Vec<String> {
        db.read(|c| referentials::search_sectors(c, text)).unwrap().into_iter().map(|s| s.code).collect()
    };
    assert_eq!(codes("boulangerie"), ["10.7", "10.71C"]);
    assert_eq!(codes("10.7"), ["10.7", "10.71", "10.71C", "10.71D"]);
    // A note the record contradicts stays a note, without an error: the import saves
    // records this way too, and must not refuse what the counsellor wrote before.
    let mut other = common::candidate("Nguyen", "Lina", &[common::BOULANGER]);
    other.working_time = Some(WorkingTime::Either);
    other.driving_licences = vec![DrivingLicence::B];
    other.constraints = vec!["Temps partiel".into(), "Sans permis".into()];
    let saved = db.write(|tx| candidates::create(tx, &other, common::today(), false)).unwrap();
    assert_eq!((saved.work_constraints.len(), saved.constraints.len()), (0, 2));
}

#[test]
fn a_rome_imported_before_the_work_contexts_says_so_instead_of_comparing() {
    let (dir, db) = common::database_with_referentials();
    let mut input = common::candidate("Guérin", "Solène", &[common::BOULANGER]);
    input.work_constraints = vec![WorkConstraint::NoWeekend];
    let id = db.write(|tx| candidates::create(tx, &input, common::today(), false)).unwrap().id;
    // The small ROME: D1104 (pâtissier, its mobility) works by day only.
    let found = db.read(|c| neighbours::for_candidate(c, id, common::today())).unwrap();
    assert_eq!(found[0].neighbours[0].rome_code, "D1104");
    assert!(found[0].neighbours[0].warnings.is_empty());
    // As a version-11 database upgraded: the tables are there, empty.
    db.write(|tx| Ok(tx.execute_batch("DELETE FROM work_contexts; DELETE FROM rome_job_contexts;")?)).unwrap();
    let found = db.read(|c| neighbours::for_candidate(c, id, common::today())).unwrap();
    assert_eq!(found[0].neighbours[0].warnings, [NO_CONTEXTS]);
    // Paramètres → Référentiels says to import the ROME again; nothing else lacks.
    let versions = db.read(referentials::versions).unwrap();
    let reimport: Vec<(&str, Option<&str>)> =
        versions.iter().map(|v| (v.kind.as_str(), v.reimport.as_deref())).collect();
    assert_eq!(reimport, [("rome", Some(referentials::ROME_WITHOUT_CONTEXTS)), ("communes", None), ("naf", None)]);
    // Imported again, it is whole.
    let folder = common::write_referentials(&dir.path().join("again"), 461);
    db.write(|tx| reference_update::install_folder(tx, &folder)).unwrap();
    assert_eq!(db.read(|c| referentials::version(c, "rome")).unwrap().unwrap().reimport, None);
    let found = db.read(|c| neighbours::for_candidate(c, id, common::today())).unwrap();
    assert!(found[0].neighbours[0].warnings.is_empty());
}
