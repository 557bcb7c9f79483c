//! Optimistic versions: a form saves only over the version of the record it opened. The
//! second of two counsellors editing one candidate or company is refused with who saved it
//! and when, and nothing of theirs is written; reloading, they can save. Run on both stores
//! (`common::store`), the race included: two connections saving at once, one wins.

mod common;

use std::sync::{Arc, Barrier};

use common::{BOULANGER, store, today, world};
use profilence_core::{Database, Error, candidates, companies, secret::DbKey};

/// Two handles on one new database with the small referentials: two counsellors' apps.
fn two_handles() -> (tempfile::TempDir, Database, Database) {
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = if store::on_server() {
        let name = store::create(None);
        (store::connect(&name), store::connect(&name))
    } else {
        let key = DbKey::generate().unwrap();
        let path = dir.path().join("t.db");
        (Database::open_with_key(&path, &key).unwrap(), Database::open_with_key(&path, &key).unwrap())
    };
    let folder = common::write_referentials(&dir.path().join("ref"), 460);
    first.write(|tx| profilence_core::reference_update::install_folder(tx, &folder)).unwrap();
    (dir, first, second)
}

fn signed(db: &Database, name: &str) {
    let who = world::counsellor(name, "Agence de Rennes", "0299000000", "conseil@agence.example");
    db.write(|tx| profilence_core::settings::update(tx, &who)).unwrap();
}

#[test]
fn the_second_save_of_a_candidate_is_refused_with_who_saved_it_and_when() {
    let (_dir, claire, lea) = two_handles();
    signed(&claire, "Claire Morel");
    let id = claire
        .write(|tx| candidates::create(tx, &common::candidate("Le Goff", "Anne", &[BOULANGER]), today(), false))
        .unwrap()
        .id;
    // Both open the form.
    let opened = lea.read(|c| candidates::get(c, id, today())).unwrap();
    let mut hers = opened.to_input();
    hers.version = Some(opened.version);
    let mut mine = hers.clone();

    mine.phone = "0611111111".into();
    let saved = claire.write(|tx| candidates::update(tx, id, &mine, today())).unwrap();
    assert!(saved.version > opened.version);

    signed(&lea, "Léa Guillou");
    hers.pitch = "Anne a fait un stage chez un artisan.".into();
    let refused = lea.write(|tx| candidates::update(tx, id, &hers, today())).unwrap_err();
    let Error::Conflict { who, at } = &refused else { panic!("{refused:?}") };
    assert_eq!(who, "Claire Morel");
    assert!(at.contains(" à "), "{at}");
    assert!(refused.to_string().starts_with("Claire Morel a enregistré ce dossier le "), "{refused}");
    let now = lea.read(|c| candidates::get(c, id, today())).unwrap();
    assert_eq!((now.phone.as_deref(), now.pitch.as_str(), now.version), (Some("06 11 11 11 11"), "", saved.version));

    // Reloaded, her change goes over Claire's.
    let mut reloaded = now.to_input();
    reloaded.version = Some(now.version);
    reloaded.pitch = hers.pitch.clone();
    let after = lea.write(|tx| candidates::update(tx, id, &reloaded, today())).unwrap();
    assert_eq!((after.phone.as_deref(), after.pitch.as_str()), (Some("06 11 11 11 11"), hers.pitch.as_str()));
    // Without a version (an import, the command line), a save goes over whatever is there.
    let mut blind = after.to_input();
    blind.version = None;
    blind.phone = "0622222222".into();
    claire.write(|tx| candidates::update(tx, id, &blind, today())).unwrap();
}

#[test]
fn the_second_save_of_a_company_is_refused_too() {
    let (_dir, claire, lea) = two_handles();
    signed(&claire, "Claire Morel");
    let input = common::company("Boulangerie Kerbrat", "73282932000074");
    let firm = claire.write(|tx| companies::create(tx, &input)).unwrap();
    let opened = CompanyForm { version: Some(firm.version), ..input.clone() };
    claire
        .write(|tx| {
            companies::update(tx, firm.id, &CompanyForm { notes: "Appeler le lundi.".into(), ..opened.clone() })
        })
        .unwrap();
    let refused = lea
        .write(|tx| companies::update(tx, firm.id, &CompanyForm { notes: "Fermé en août.".into(), ..opened.clone() }))
        .unwrap_err();
    assert!(matches!(&refused, Error::Conflict { who, .. } if who == "Claire Morel"), "{refused:?}");
    assert_eq!(lea.read(|c| companies::get(c, firm.id)).unwrap().notes, "Appeler le lundi.");
}

type CompanyForm = companies::CompanyInput;

/// Two saves at once over the same version, from two connections: exactly one is written.
#[test]
fn of_two_saves_at_once_over_one_version_one_wins() {
    let (_dir, claire, lea) = two_handles();
    signed(&claire, "Claire Morel");
    let created = claire
        .write(|tx| candidates::create(tx, &common::candidate("Le Goff", "Anne", &[BOULANGER]), today(), false))
        .unwrap();
    let mut input = created.to_input();
    input.version = Some(created.version);
    let start = Arc::new(Barrier::new(2));
    let results: Vec<Result<i64, Error>> = std::thread::scope(|scope| {
        let saves: Vec<_> = [(&claire, "0611111111"), (&lea, "0622222222")]
            .into_iter()
            .map(|(db, phone)| {
                let (start, mut input) = (Arc::clone(&start), input.clone());
                input.phone = phone.into();
                scope.spawn(move || {
                    start.wait();
                    db.write(|tx| candidates::update(tx, created.id, &input, today())).map(|c| c.version)
                })
            })
            .collect();
        saves.into_iter().map(|save| save.join().unwrap()).collect()
    });
    let won = results.iter().filter(|r| r.is_ok()).count();
    let refused = results.iter().filter(|r| matches!(r, Err(Error::Conflict { .. }))).count();
    assert_eq!((won, refused), (1, 1), "{results:?}");
}
