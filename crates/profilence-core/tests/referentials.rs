//! The referential import: a whole folder or nothing, the version kept, a newer release
//! applied in place without breaking candidates, and the search-as-you-type lookups.

mod common;

use common::{BOULANGER, BOULANGER_PATISSIER, PATISSIER, candidate, database, today, write_referentials};
use profilence_core::{Error, candidates, reference_update, referentials, text::fold};

fn import_error(db: &profilence_core::Database, folder: &std::path::Path) -> String {
    match db.write(|tx| reference_update::install_folder(tx, folder)) {
        Err(Error::Referential(message)) => message,
        other => panic!("expected a referential error, got {other:?}"),
    }
}

fn title_count(db: &profilence_core::Database) -> i64 {
    db.read(|c| Ok(c.query_row("SELECT count(*) FROM job_titles", [], |r| r.get(0))?)).unwrap()
}

#[test]
fn a_folder_loads_rome_communes_and_naf_with_their_versions() {
    let (dir, db) = database();
    let folder = write_referentials(&dir.path().join("ref"), 460);
    let summary = db.write(|tx| reference_update::install_folder(tx, &folder)).unwrap();
    let loaded: Vec<(&str, &str, u32)> =
        summary.loaded.iter().map(|v| (v.kind.as_str(), v.version.as_str(), v.items)).collect();
    assert_eq!(loaded, [("rome", "460", 4), ("communes", "5/6", 5), ("naf", "3/7", 3)]);
    let versions = db.read(referentials::versions).unwrap();
    assert_eq!(versions[0].title, "ROME 4.0 version 60 - test");
    assert_eq!(versions[0].published.as_deref(), Some("2025-09-18"));

    let skills = db.read(|c| referentials::job_skills(c, &["D1102".into()])).unwrap();
    let listed: Vec<(&str, bool, &str)> =
        skills.iter().map(|s| (s.label.as_str(), s.core, s.category.as_str())).collect();
    assert_eq!(
        listed,
        [
            ("Défourner des pains et viennoiseries", true, "Réaliser des préparations de pâtisserie"),
            ("Pétrir manuellement ou mécaniquement des pâtes", true, "Réaliser des préparations de pâtisserie"),
            ("Confectionner des viennoiseries", false, "Réaliser des préparations de pâtisserie"),
            ("Réaliser des préparations de pâtisserie", false, "Savoir-faire généraux"),
            ("Faire preuve de rigueur et de précision", false, "Savoir-être professionnels"),
            ("CAP boulanger", false, "Certifications et habilitations"),
            ("Techniques de panification/fermentation", false, "Techniques professionnelles"),
        ],
        "know-how, soft skills, knowledge; core first; the link to an unknown item is left out"
    );
    let domains = db.read(referentials::domains).unwrap();
    assert_eq!(domains.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(), ["D", "D11", "F", "F16"]);
}

#[test]
fn search_as_you_type_ignores_accents_and_case() {
    let (_dir, db) = common::database_with_referentials();
    let titles = |text: &str| {
        db.read(|c| referentials::search_job_titles(c, text)).unwrap().into_iter().map(|t| t.label).collect::<Vec<_>>()
    };
    assert_eq!(titles("boulang"), ["Boulanger / Boulangère", "Boulanger-pâtissier / Boulangère-pâtissière"]);
    assert_eq!(titles("ELECTRICIEN"), ["Électricien / Électricienne du bâtiment"]);
    assert_eq!(
        titles("patiss"),
        ["Pâtissier / Pâtissière", "Boulanger-pâtissier / Boulangère-pâtissière"],
        "starts-with first"
    );
    assert_eq!(titles("boul pât"), ["Boulanger-pâtissier / Boulangère-pâtissière"], "every word");
    assert_eq!(titles("d1104"), ["Pâtissier / Pâtissière"], "a ROME code finds its titles");
    assert!(titles("%").is_empty());

    let communes = |text: &str| {
        db.read(|c| referentials::search_communes(c, text))
            .unwrap()
            .into_iter()
            .map(|c| format!("{} {}", c.name, c.postcode))
            .collect::<Vec<_>>()
    };
    assert_eq!(communes("le hav"), ["Le Havre 76600"]);
    assert_eq!(communes("rennes"), ["Rennes 35000", "Rennes 35200"]);
    assert_eq!(communes("690"), ["Lyon 3e Arrondissement 69003"]);
    assert_eq!(communes("hauts talican"), ["Les Hauts-Talican 60390"], "kept without coordinates");
    assert!(communes("ablon").is_empty(), "delegated communes are left out");

    let naf = db.read(|c| referentials::search_naf(c, "boulangerie")).unwrap();
    assert_eq!(naf.iter().map(|n| n.code.as_str()).collect::<Vec<_>>(), ["10.71C"]);
    let naf = db.read(|c| referentials::search_naf(c, "43")).unwrap();
    assert_eq!(naf.iter().map(|n| n.code.as_str()).collect::<Vec<_>>(), ["43.21A"]);
}

#[test]
fn a_missing_file_is_named_and_the_previous_version_stays() {
    let (dir, db) = common::database_with_referentials();
    let broken = write_referentials(&dir.path().join("v461"), 461);
    std::fs::remove_file(broken.join("rome4/unix_coherence_item_v461_utf8.csv")).unwrap();
    let message = import_error(&db, &broken);
    assert!(message.contains("unix_coherence_item_v461_utf8.csv"), "{message}");
    assert_eq!(db.read(|c| referentials::version(c, "rome")).unwrap().unwrap().version, "460");
    assert_eq!(title_count(&db), 4, "the job titles of v460 are all still there");
}

#[test]
fn a_malformed_row_is_named_with_file_line_and_column_and_nothing_changes() {
    let (dir, db) = common::database_with_referentials();
    let broken = write_referentials(&dir.path().join("v461"), 461);
    let path = broken.join("rome4/unix_referentiel_appellation_v461_utf8.csv");
    let text = std::fs::read_to_string(&path).unwrap().replace("\"D1104\"", "\"Z99\"");
    std::fs::write(&path, text).unwrap();
    let message = import_error(&db, &broken);
    assert_eq!(
        message,
        "Fichier unix_referentiel_appellation_v461_utf8.csv, ligne 3, colonne « code_rome » : \
         « Z99 » n'est pas un code ROME (une lettre et quatre chiffres)."
    );

    let path = broken.join("geo/communes.csv");
    let text = std::fs::read_to_string(&path).unwrap().replace("insee_dep,", "departement,");
    std::fs::write(&path, text).unwrap();
    std::fs::remove_dir_all(broken.join("rome4")).unwrap();
    assert!(import_error(&db, &broken).contains("la colonne « insee_dep » est absente"));

    std::fs::write(broken.join("naf/naf.json"), "[{\"id\": \"10\"}").unwrap();
    std::fs::remove_dir_all(broken.join("geo")).unwrap();
    assert!(import_error(&db, &broken).contains("naf.json, ligne 1"));
    assert!(import_error(&db, &dir.path().join("nowhere")).contains("n'existe pas"));
    assert!(import_error(&db, dir.path()).contains("Aucun référentiel"));
    assert_eq!(title_count(&db), 4);
}

#[test]
fn the_hiring_data_loads_with_its_version_and_a_bad_line_is_named() {
    let (dir, db) = common::database_with_referentials();
    let folder = dir.path().join("hiring-only");
    common::write_hiring(&folder);
    let summary = db.write(|tx| reference_update::install_folder(tx, &folder)).unwrap();
    let loaded: Vec<(&str, &str, u32)> =
        summary.loaded.iter().map(|v| (v.kind.as_str(), v.version.as_str(), v.items)).collect();
    assert_eq!(loaded, [("hiring", "3/9", 3)]);
    let kinds: Vec<String> = db.read(referentials::versions).unwrap().into_iter().map(|v| v.kind).collect();
    assert_eq!(kinds, ["rome", "communes", "naf", "hiring"]);

    let path = folder.join("hiring/rome_naf_hirings.csv");
    let text = std::fs::read_to_string(&path).unwrap().replace("4711F,Hypermarchés,150", "4711F,Hypermarchés,beaucoup");
    std::fs::write(&path, text).unwrap();
    assert_eq!(
        import_error(&db, &folder),
        "Fichier rome_naf_hirings.csv, ligne 3, colonne « hirings » : « beaucoup » n'est pas un nombre entier."
    );
    let text = std::fs::read_to_string(&path).unwrap().replace("beaucoup", "150").replace("5610C", "56.1");
    std::fs::write(&path, text).unwrap();
    assert!(
        import_error(&db, &folder).contains("ligne 4, colonne « naf_id » : « 56.1 » n'est pas une sous-classe NAF")
    );
    std::fs::remove_file(folder.join("hiring/metiers_tension.csv")).unwrap();
    assert!(import_error(&db, &folder).contains("metiers_tension.csv"), "{}", import_error(&db, &folder));
    // The version loaded first is kept, whole.
    let kept: i64 = db.read(|c| Ok(c.query_row("SELECT count(*) FROM sector_hirings", [], |r| r.get(0))?)).unwrap();
    assert_eq!(kept, 6);
}

/// A file that gives one key twice keeps its last line, as it is read: on the server too,
/// where the rows go many to a statement and PostgreSQL refuses one that updates a row twice.
#[test]
fn a_line_given_twice_keeps_the_last_one() {
    let (dir, db) = common::database_with_referentials();
    let folder = dir.path().join("hiring-only");
    common::write_hiring(&folder);
    let path = folder.join("hiring/metiers_tension.csv");
    let text = std::fs::read_to_string(&path).unwrap() + "S0Z42,\"Boulangers, pâtissiers\",70.5,D1102,BOULANGERIE\n";
    std::fs::write(&path, text).unwrap();
    db.write(|tx| reference_update::install_folder(tx, &folder)).unwrap();
    let tension: Vec<(String, f64)> = db
        .read(|c| {
            let mut rows = c.prepare("SELECT rome_code, tension_pct FROM job_tension ORDER BY rome_code")?;
            Ok(rows.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?)
        })
        .unwrap();
    assert_eq!(tension, [("D1102".to_owned(), 70.5), ("D1104".to_owned(), 61.9), ("F1602".to_owned(), 47.5)]);
}

#[test]
fn a_newer_release_updates_in_place_and_candidates_keep_their_jobs() {
    let (dir, db) = common::database_with_referentials();
    let mut input = candidate("Morel", "Anaïs", &[BOULANGER, BOULANGER_PATISSIER]);
    input.skills = vec![candidates::CandidateSkill { code: Some(101), label: String::new() }];
    let anais = db.write(|tx| candidates::create(tx, &input, today(), false)).unwrap();

    let v461 = write_referentials(&dir.path().join("v461"), 461);
    let summary = db.write(|tx| reference_update::install_folder(tx, &v461)).unwrap();
    assert_eq!(summary.relabelled_candidates, 1);
    let after = db.read(|c| candidates::get(c, anais.id, today())).unwrap();
    let labels: Vec<&str> = after.target_jobs.iter().map(|j| j.label.as_str()).collect();
    assert_eq!(
        labels,
        ["Boulanger / Boulangère artisanal(e)", "Boulanger-pâtissier / Boulangère-pâtissière"],
        "renamed title relabelled; the title v461 dropped keeps its old label"
    );
    let found = db
        .read(|c| {
            candidates::list(
                c,
                &candidates::CandidateQuery {
                    search: "artisanal".into(),
                    paging: profilence_core::list::Paging::first(5),
                    ..Default::default()
                },
                today(),
            )
        })
        .unwrap();
    assert_eq!(found.total, 1, "the search index follows the new label");

    // The record can still be saved as it is, with the job the ROME no longer has.
    let mut edit = input.clone();
    edit.target_jobs = after.target_jobs.clone();
    edit.pitch = "Toujours motivée.".into();
    db.write(|tx| candidates::update(tx, anais.id, &edit, today())).unwrap();
    // But a new candidate cannot choose it.
    let new = candidate("Roux", "Zoé", &[BOULANGER_PATISSIER]);
    assert!(matches!(db.write(|tx| candidates::create(tx, &new, today(), false)), Err(Error::Validation(_))));
    let _ = PATISSIER;

    // Going back to the older release is refused.
    let v460 = write_referentials(&dir.path().join("v460"), 460);
    assert!(import_error(&db, &v460).contains("plus ancienne"));
}

#[test]
fn windows_1252_files_are_decoded() {
    let (dir, db) = database();
    let folder = write_referentials(&dir.path().join("ref"), 460);
    let path = folder.join("rome4/unix_referentiel_code_rome_v460_utf8.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    std::fs::write(&path, bytes).unwrap();
    db.write(|tx| reference_update::install_folder(tx, &folder)).unwrap();
    let label: String =
        db.read(|c| Ok(c.query_row("SELECT label FROM rome_jobs WHERE code = 'F1602'", [], |r| r.get(0))?)).unwrap();
    assert_eq!(label, "Électricien / Électricienne du bâtiment");
}

#[test]
fn the_official_release_in_shared_data() {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    let (_dir, db) = database();
    let summary =
        db.write(|tx| reference_update::install_folder(tx, &data)).expect("../shared/data beside the repository");
    let items: Vec<(&str, u32)> = summary.loaded.iter().map(|v| (v.kind.as_str(), v.items)).collect();
    assert_eq!(items[0], ("rome", 13_120));
    assert!(items[1].1 > 34_000, "{items:?}");
    assert_eq!(items[2], ("naf", 732));
    assert_eq!(items[3], ("hiring", 517));
    let count = |table: &str| -> i64 {
        db.read(|c| Ok(c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)).unwrap()
    };
    assert_eq!(count("rome_jobs"), 1_584);
    assert_eq!(count("sector_hirings"), 5_071);
    assert_eq!(count("job_tension"), 701);
    // Every job code of the hiring data is a parent of ROME 4.0: each sheet reads it through its parent.
    let orphans = count("(SELECT rome_code FROM sector_hirings EXCEPT SELECT parent_code FROM rome_jobs) orphans");
    assert_eq!(orphans, 0);
    assert!(count("(SELECT 1 FROM rome_jobs WHERE parent_code <> code) parents") > 1_000);
    let bakers: String = db
        .read(|c| {
            Ok(c.query_row(
                "SELECT naf_code FROM sector_hirings WHERE rome_code = 'D1102' ORDER BY hirings DESC",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(bakers, "10.71C");
    assert!(count("skills") > 33_000);
    assert!(count("rome_job_skills") > 90_000);
    // The ROME writes "Electricien" without its accent: both spellings find it.
    for typed in ["electricien", "Électricien"] {
        let found = db.read(|c| referentials::search_job_titles(c, typed)).unwrap();
        assert!(found.len() >= 10 && found.iter().all(|t| fold(&t.label).contains("electricien")), "{found:?}");
    }
    let boulang = db.read(|c| referentials::search_job_titles(c, "boulang")).unwrap();
    assert!(boulang.iter().any(|t| t.label == "Boulanger / Boulangère" && t.rome_code == "D1102"), "{boulang:?}");
}
