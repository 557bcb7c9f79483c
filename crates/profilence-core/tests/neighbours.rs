//! Neighbouring jobs on the real ROME 4.0 of `../shared/data`, counted by hand from its CSV
//! files: a boulangère (D1102) who ticked four of her job's skills.

mod common;

use profilence_core::{
    candidates::CandidateSkill,
    neighbours::{self, NeighbourReason},
    reference_update, referentials,
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
