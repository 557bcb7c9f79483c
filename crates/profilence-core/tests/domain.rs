//! Candidates, companies and counsellor settings: create, read, update, list, and
//! validation errors that name the field.

use chrono::NaiveDate;
use profilence_core::{
    Database, Error,
    candidates::{self, CandidateInput, ConsentChannel},
    companies::{self, CompanyInput},
    demo, geo,
    list::ListQuery,
    secret::DbKey,
    settings::{self, CounsellorSettings},
    siret,
};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn database() -> (tempfile::TempDir, Database) {
    let dir = tempfile::tempdir().unwrap();
    let db = Database::open_with_key(&dir.path().join("t.db"), &DbKey::generate().unwrap()).unwrap();
    (dir, db)
}

fn fields(error: Error) -> Vec<(String, String)> {
    match error {
        Error::Validation(fields) => fields.into_iter().map(|f| (f.field, f.message)).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

fn candidate(last: &str, first: &str) -> CandidateInput {
    CandidateInput {
        last_name: last.into(),
        first_name: first.into(),
        birth_date: "1990-04-12".into(),
        email: format!("{}@courriel.example", first.to_lowercase()),
        phone: "0612345678".into(),
        postcode: "69003".into(),
        commune: "Lyon 3e Arrondissement".into(),
        consent_date: "2026-09-01".into(),
        consent_channel: Some(ConsentChannel::Oral),
        consent_expiry: "2027-09-01".into(),
        target_job: "Pâtissier / Pâtissière".into(),
    }
}

#[test]
fn candidate_create_read_update() {
    let (_dir, db) = database();
    let created = db.write(|tx| candidates::create(tx, &candidate("Morel", "Anaïs"), today())).unwrap();
    assert_eq!(created.phone.as_deref(), Some("06 12 34 56 78"), "phone normalised");
    assert_eq!(created.consent.channel, ConsentChannel::Oral);
    assert!(created.consent.is_valid_on(today()));

    let mut edit = candidate("Morel", "Anaïs");
    edit.target_job = "Boulanger / Boulangère".into();
    edit.email = String::new();
    let updated = db.write(|tx| candidates::update(tx, created.id, &edit, today())).unwrap();
    assert_eq!(updated.target_job, "Boulanger / Boulangère");
    assert_eq!(updated.email, None);
    assert_eq!(db.read(|c| candidates::get(c, created.id)).unwrap(), updated);
    assert!(matches!(db.read(|c| candidates::get(c, 999)), Err(Error::NotFound { .. })));
    assert!(matches!(db.write(|tx| candidates::update(tx, 999, &edit, today())), Err(Error::NotFound { .. })));
}

#[test]
fn candidate_validation_names_every_bad_field_and_writes_nothing() {
    let (_dir, db) = database();
    let input = CandidateInput {
        last_name: " ".into(),
        first_name: "Léa".into(),
        email: "lea.martin@".into(),
        phone: "12 34".into(),
        postcode: "6900".into(),
        consent_date: "2026-12-01".into(),
        consent_channel: None,
        consent_expiry: "2026-11-01".into(),
        birth_date: "2030-01-01".into(),
        ..CandidateInput::default()
    };
    let errors = fields(db.write(|tx| candidates::create(tx, &input, today())).unwrap_err());
    let names: Vec<&str> = errors.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        names,
        [
            "lastName",
            "birthDate",
            "email",
            "phone",
            "postcode",
            "consentDate",
            "consentExpiry",
            "consentChannel",
            "targetJob"
        ]
    );
    assert!(errors[2].1.contains("e-mail"), "{errors:?}");
    assert_eq!(
        db.read(|c| candidates::list(c, &ListQuery { limit: 10, ..Default::default() }, today())).unwrap().total,
        0
    );
}

#[test]
fn expired_consent_is_marked_in_the_list() {
    let (_dir, db) = database();
    let mut old = candidate("Benali", "Karim");
    old.consent_date = "2024-01-10".into();
    old.consent_expiry = "2025-01-10".into();
    db.write(|tx| candidates::create(tx, &old, today())).unwrap();
    db.write(|tx| candidates::create(tx, &candidate("Roux", "Zoé"), today())).unwrap();
    let page = db.read(|c| candidates::list(c, &ListQuery { limit: 10, ..Default::default() }, today())).unwrap();
    let validity: Vec<(&str, bool)> = page.items.iter().map(|c| (c.last_name.as_str(), c.consent_valid)).collect();
    assert_eq!(validity, [("Benali", false), ("Roux", true)]);
}

#[test]
fn list_is_paged_sorted_and_searchable() {
    let (_dir, db) = database();
    db.write(|tx| {
        for (last, first) in
            [("Dupont", "Marc"), ("André", "Lucie"), ("Martin", "Hugo"), ("Martinez", "Inès"), ("Petit", "Noé")]
        {
            candidates::create(tx, &candidate(last, first), today())?;
        }
        Ok(())
    })
    .unwrap();
    let list = |search: &str, offset, limit| {
        let query = ListQuery { search: search.into(), offset, limit };
        let page = db.read(|c| candidates::list(c, &query, today())).unwrap();
        (page.total, page.items.into_iter().map(|c| c.last_name).collect::<Vec<_>>())
    };
    assert_eq!(list("", 0, 2), (5, vec!["André".to_owned(), "Dupont".to_owned()]));
    assert_eq!(list("", 4, 2), (5, vec!["Petit".to_owned()]));
    assert_eq!(list("MARTIN", 0, 10), (2, vec!["Martin".to_owned(), "Martinez".to_owned()]));
    assert_eq!(list("hugo martin", 0, 10), (1, vec!["Martin".to_owned()]));
    assert_eq!(list("50%", 0, 10).0, 0, "LIKE wildcards in the search are taken literally");
}

fn company(name: &str, siret: &str) -> CompanyInput {
    CompanyInput {
        name: name.into(),
        siret: siret.into(),
        postcode: "35000".into(),
        commune: "Rennes".into(),
        contact_name: "Sophie Lambert (gérante)".into(),
        contact_email: "sophie.lambert@boulangerie-lambert.example".into(),
        contact_phone: "+33 2 99 12 34 56".into(),
    }
}

#[test]
fn company_siret_is_checked_and_unique() {
    let (_dir, db) = database();
    let bad =
        fields(db.write(|tx| companies::create(tx, &company("Boulangerie Lambert", "732 829 320 00075"))).unwrap_err());
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0].0, "siret");
    assert!(bad[0].1.contains("Luhn"), "{bad:?}");

    let created = db.write(|tx| companies::create(tx, &company("Boulangerie Lambert", "732 829 320 00074"))).unwrap();
    assert_eq!((created.siret.as_str(), created.siren.as_str()), ("73282932000074", "732829320"));
    assert_eq!(created.contact_phone.as_deref(), Some("02 99 12 34 56"));

    let duplicate = fields(db.write(|tx| companies::create(tx, &company("Autre", "73282932000074"))).unwrap_err());
    assert_eq!(duplicate[0].0, "siret");
    assert!(duplicate[0].1.contains("Boulangerie Lambert"), "{duplicate:?}");

    // Editing a company keeps its own SIRET without calling it a duplicate.
    let renamed = db
        .write(|tx| companies::update(tx, created.id, &company("Boulangerie Lambert & Fils", "73282932000074")))
        .unwrap();
    assert_eq!(renamed.name, "Boulangerie Lambert & Fils");
    let page = db.read(|c| companies::list(c, &ListQuery { search: "rennes".into(), offset: 0, limit: 10 })).unwrap();
    assert_eq!(page.total, 1);
}

#[test]
fn company_form_errors_name_their_fields() {
    let (_dir, db) = database();
    let input = CompanyInput {
        name: String::new(),
        siret: String::new(),
        contact_email: "x@y".into(),
        ..CompanyInput::default()
    };
    let errors = fields(db.write(|tx| companies::create(tx, &input)).unwrap_err());
    let names: Vec<&str> = errors.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(names, ["name", "siret", "contactEmail"]);
}

#[test]
fn counsellor_settings_round_trip_with_validation() {
    let (_dir, db) = database();
    assert_eq!(db.read(settings::get).unwrap(), CounsellorSettings::default());
    let bad = CounsellorSettings {
        name: "Claire Morel".into(),
        agency: String::new(),
        phone: "0".into(),
        email: "claire".into(),
    };
    let names: Vec<String> =
        fields(db.write(|tx| settings::update(tx, &bad)).unwrap_err()).into_iter().map(|f| f.0).collect();
    assert_eq!(names, ["agency", "phone", "email"]);
    let good = CounsellorSettings {
        name: "Claire Morel".into(),
        agency: "Agence France Travail de Rennes".into(),
        phone: "02.99.00.11.22".into(),
        email: "Claire.Morel@agence.example".into(),
    };
    let saved = db.write(|tx| settings::update(tx, &good)).unwrap();
    assert_eq!((saved.phone.as_str(), saved.email.as_str()), ("02 99 00 11 22", "claire.morel@agence.example"));
    assert_eq!(db.read(settings::get).unwrap(), saved);
}

#[test]
fn demo_data_uses_real_communes_and_valid_sirets() {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    let communes = geo::load_communes(&geo::communes_csv(&data)).expect("../shared/data beside the repository");
    assert!(communes.len() > 30_000, "{}", communes.len());
    let (_dir, db) = database();
    let summary = db.write(|tx| demo::generate(tx, &communes, 40, 15, 42, today())).unwrap();
    assert_eq!((summary.candidates, summary.companies), (40, 15));

    let all = ListQuery { limit: 200, ..Default::default() };
    let people = db.read(|c| candidates::list(c, &all, today())).unwrap();
    assert_eq!(people.total, 40);
    for summary in &people.items {
        let person = db.read(|c| candidates::get(c, summary.id)).unwrap();
        let (postcode, commune) = (person.postcode.unwrap(), person.commune.unwrap());
        assert!(communes.iter().any(|c| c.postcode == postcode && c.name == commune), "{postcode} {commune}");
    }
    let firms = db.read(|c| companies::list(c, &all)).unwrap();
    assert_eq!(firms.total, 15);
    assert!(firms.items.iter().all(|c| siret::parse_siret(&c.siret).is_ok()));
    assert!(!db.read(settings::get).unwrap().name.is_empty(), "the demo counsellor is set");
}
