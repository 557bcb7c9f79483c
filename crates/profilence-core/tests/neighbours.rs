//! Neighbouring jobs on the real ROME 4.0 of `../shared/data`, counted by hand from its CSV
//! files: a boulangère (D1102) who ticked four of her job's skills.

mod common;

use profilence_core::{
    Error,
    candidates::{self, CandidateSkill, TargetJob},
    companies,
    neighbours::{self, NeighbourReason},
    reference_update, referentials,
    targeting::{self, FactorKind, TargetQuery, score},
};

#[test]
fn a_baker_sees_the_rome_mobility_jobs_with_the_skills_she_has_and_those_to_acquire() {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    let (_dir, db) = common::database();
    db.write(|tx| reference_update::install_folder(tx, &data)).expect("../shared/data beside the repository");
    let title = db
        .read(|c| referentials::search_job_titles(c, "Boulanger / Boulangère"))
        .unwrap()
        .into_iter()
        .find(|t| t.label == "Boulanger / Boulangère")
        .unwrap();
    assert_eq!(title.rome_code, "D1102");
    let mut input = common::candidate("Morvan", "Gaëlle", &[title.code]);
    input.postcode = "29000".into();
    input.commune = "Quimper".into();
    input.commune_code = String::new();
    // Hygiene (a core skill of the pâtissier, D1104), kneading by hand, rigour — all three
    // in D1104 — and 100259, a skill of D1102 that D1104 does not call for.
    input.skills = [403_583, 101_746, 300_490, 100_259]
        .into_iter()
        .map(|code| CandidateSkill { code: Some(code), label: String::new() })
        .collect();
    let id = db.write(|tx| profilence_core::candidates::create(tx, &input, common::today(), false)).unwrap().id;

    let found = db.read(|c| neighbours::for_candidate(c, id, common::today())).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].rome_code, "D1102");
    let jobs = &found[0].neighbours;
    // Every job the ROME lists as a mobility from D1102.
    for code in ["D1101", "D1104", "D1106", "D1108", "D1301", "D1502", "D1507", "G1604", "G1607", "H2102"] {
        assert!(jobs.iter().any(|n| n.rome_code == code && n.mobility_rank.is_some()), "{code} missing: {jobs:#?}");
    }
    // D1104: 48 skills in the ROME, 8 of them core; she has 3, one of them core.
    let patissier = jobs.iter().find(|n| n.rome_code == "D1104").unwrap();
    assert_eq!(patissier.reason, NeighbourReason::Both);
    assert_eq!(patissier.mobility_rank, Some(1));
    assert_eq!((patissier.skills, patissier.skills_held), (48, 3));
    assert_eq!((patissier.core_skills, patissier.core_held), (8, 1));
    assert_eq!(patissier.summary, "1 compétence cœur de métier sur 8");
    assert_eq!(patissier.to_acquire_count, 45);
    assert_eq!(patissier.to_acquire.len(), neighbours::TO_ACQUIRE);
    // A job shared by skills alone: A1412 calls for three of the four.
    let shared = jobs.iter().find(|n| n.rome_code == "A1412").unwrap();
    assert_eq!((shared.reason, shared.skills_held, shared.mobility_rank), (NeighbourReason::SharedSkills, 3, None));
    // Never her own job; the two reasons together first.
    assert!(jobs.iter().all(|n| n.rome_code != "D1102"));
    assert_eq!(jobs[0].reason, NeighbourReason::Both);
}

/// The boulangère of Quimper of the test above, in a base with two companies there.
fn baker_of_quimper() -> (tempfile::TempDir, profilence_core::Database, i64) {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    let (dir, db) = common::database();
    db.write(|tx| reference_update::install_folder(tx, &data)).expect("../shared/data beside the repository");
    let mut input = common::candidate("Morvan", "Gaëlle", &[]);
    input.target_jobs = vec![TargetJob { code: Some(BOULANGER), label: String::new(), rome_code: None }];
    input.postcode = "29000".into();
    input.commune = "Quimper".into();
    input.commune_code = "29232".into();
    input.mobility_radius_km = "15".into();
    input.skills = [403_583, 101_746, 300_490, 100_259]
        .into_iter()
        .map(|code| CandidateSkill { code: Some(code), label: String::new() })
        .collect();
    let id = db.write(|tx| candidates::create(tx, &input, common::today(), false)).unwrap().id;
    for (name, siret, naf) in
        [("Boulangerie Le Goff", "73282932000074", "1071C"), ("Hôtel de l'Odet", "44312278300006", "5510Z")]
    {
        let mut company = common::company(name, siret);
        company.naf_code = naf.into();
        company.postcode = "29000".into();
        company.commune = "Quimper".into();
        company.commune_code = "29232".into();
        db.write(|tx| companies::create(tx, &company)).unwrap();
    }
    (dir, db, id)
}

/// ROME 4.0's job title « Boulanger / Boulangère ».
const BOULANGER: i64 = 11_573;

#[test]
fn a_neighbouring_job_is_added_under_its_main_title_keeping_the_skills_ticked() {
    let (_dir, db, id) = baker_of_quimper();
    let found = db.read(|c| neighbours::for_candidate(c, id, common::today())).unwrap();
    let patissier = found[0].neighbours.iter().find(|n| n.rome_code == "D1104").unwrap();
    // The ROME's main title of the sheet (classification PRINCIPALE), not its first by label.
    let title = patissier.title.clone().unwrap();
    assert_eq!((title.label.as_str(), title.rome_code.as_deref()), ("Pâtissier / Pâtissière", Some("D1104")));

    let added = db.write(|tx| neighbours::add_target_job(tx, id, title.code.unwrap(), common::today())).unwrap();
    let jobs: Vec<&str> = added.target_jobs.iter().map(|j| j.label.as_str()).collect();
    assert_eq!(jobs, ["Boulanger / Boulangère", "Pâtissier / Pâtissière"]);
    // Her four skills stay ticked: the three the pâtissier calls for show under it.
    let skills: Vec<i64> = added.skills.iter().filter_map(|s| s.code).collect();
    assert_eq!(skills, [403_583, 101_746, 300_490, 100_259]);
    // The job is no longer a neighbour; adding it again says why.
    let again = db.read(|c| neighbours::for_candidate(c, id, common::today())).unwrap();
    assert!(again.iter().flat_map(|j| &j.neighbours).all(|n| n.rome_code != "D1104"));
    let twice = db.write(|tx| neighbours::add_target_job(tx, id, title.code.unwrap(), common::today()));
    assert!(matches!(twice, Err(Error::Rule(m)) if m.contains("déjà parmi ses métiers visés")));

    // A third job, then a fourth is refused with the rule and nothing changes.
    let third = again[0].neighbours.iter().find(|n| n.rome_code == "D1101").unwrap().title.clone().unwrap();
    db.write(|tx| neighbours::add_target_job(tx, id, third.code.unwrap(), common::today())).unwrap();
    let fourth = again[0].neighbours.iter().find(|n| n.rome_code == "D1106").unwrap().title.clone().unwrap();
    let refused = db.write(|tx| neighbours::add_target_job(tx, id, fourth.code.unwrap(), common::today()));
    assert!(matches!(refused, Err(Error::Rule(m)) if m.contains("a déjà 3 métiers visés")));
    let kept = db.read(|c| candidates::get(c, id, common::today())).unwrap();
    assert_eq!(kept.target_jobs.len(), 3);
}

#[test]
fn targeting_with_neighbouring_jobs_brings_companies_that_hire_for_them_marked_with_their_job() {
    let (_dir, db, id) = baker_of_quimper();
    let now = common::today().and_hms_opt(10, 0, 0).unwrap().and_local_timezone(chrono::Local).unwrap();
    let own = db.read(|c| targeting::for_candidate(c, id, &TargetQuery::default(), now)).unwrap();
    // Hotels do not hire boulangers: only the bakery.
    let names: Vec<&str> = own.targets.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Boulangerie Le Goff"]);

    let query = TargetQuery { with_neighbours: true, ..TargetQuery::default() };
    let wide = db.read(|c| targeting::for_candidate(c, id, &query, now)).unwrap();
    // The bakery still for her own job, first; the hotel for the pâtissier, D1104 being the
    // first of her neighbours the hiring data links to hotels (55.10Z: 1,120 pâtissiers).
    let bakery = &wide.targets[0];
    assert_eq!(
        (bakery.name.as_str(), bakery.job.as_str(), bakery.neighbour_of.as_deref()),
        ("Boulangerie Le Goff", "Boulanger / Boulangère", None)
    );
    let hotel = wide.targets.iter().find(|t| t.name == "Hôtel de l'Odet").expect("the hotel, for a neighbouring job");
    assert_eq!(hotel.neighbour_of.as_deref(), Some("Boulanger / Boulangère"));
    assert_eq!(hotel.job, "Pâtissier / Pâtissière");
    let neighbour = hotel.factors.iter().find(|f| f.kind == FactorKind::Neighbour).unwrap();
    assert_eq!(neighbour.points, score::NEIGHBOUR_POINTS);
    assert!(neighbour.text.contains("Métier proche de Boulanger / Boulangère"), "{}", neighbour.text);
    assert_eq!(hotel.score, hotel.factors.iter().map(|f| f.points).sum::<i32>());
    // The jobs weighed: hers, then up to three neighbours, each saying which job it is next to.
    assert_eq!(wide.jobs[0].neighbour_of, None);
    assert!(wide.jobs.len() > 1 && wide.jobs.len() <= 1 + targeting::NEIGHBOURS_WEIGHED);
    assert!(wide.jobs[1..].iter().all(|j| j.neighbour_of.as_deref() == Some("Boulanger / Boulangère")));

    // « À promouvoir » counts what is before her: the bakery within her 15 km (not the
    // hotel: only her own jobs count), and every neighbouring job of hers.
    let reach = db.read(|c| targeting::reach(c, id, common::today())).unwrap();
    let all = db.read(|c| neighbours::for_candidate(c, id, common::today())).unwrap();
    assert_eq!((reach.companies, reach.neighbouring_jobs), (1, all[0].neighbours.len() as u32));
}
