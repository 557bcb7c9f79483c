//! Candidates, companies and counsellor settings: create, read, update, validation that
//! names the field, duplicates, hiring aids, and the lists' search, filters and order.

mod common;

use chrono::NaiveDate;
use common::{
    BOULANGER, BOULANGER_PATISSIER, ELECTRICIEN, PATISSIER, candidate, company, database_with_referentials, fields,
    today,
};
use profilence_core::{
    Database, Error,
    candidates::{
        self, CandidateQuery, CandidateSkill, CandidateSort, ConsentChannel, ConsentEventKind, ConsentFilter, TargetJob,
    },
    choices::LegalNature,
    companies::{self, Company, CompanyInput, CompanyQuery, CompanySort, ContactInput},
    demo,
    hiring_aids::{self, Eligibility, Person, Public},
    list::{Near, Paging},
    settings::{self, CounsellorSettings},
    siret,
};

const LYON: Near = Near { lat: 45.7640, lng: 4.8357, radius_km: 15.0 };

fn names(db: &Database, query: &CandidateQuery) -> (u32, Vec<String>) {
    let query = CandidateQuery { paging: Paging::first(50), ..query.clone() };
    let page = db.read(|c| candidates::list(c, &query, today())).unwrap();
    (page.total, page.items.into_iter().map(|c| c.last_name).collect())
}

fn search(db: &Database, text: &str) -> Vec<String> {
    names(db, &CandidateQuery { search: text.into(), ..Default::default() }).1
}

#[test]
fn candidate_with_every_field_round_trips() {
    let (_dir, db) = database_with_referentials();
    let mut input = candidate("Morel", "Anaïs", &[BOULANGER, PATISSIER]);
    input.france_travail_id = "1234567a".into();
    input.skills = vec![
        CandidateSkill { code: Some(101), label: String::new() },
        CandidateSkill { code: None, label: "  Permis cariste CACES 1 ".into() },
    ];
    input.experience = "Six ans en boulangerie artisanale.".into();
    input.driving_licences = vec![profilence_core::choices::DrivingLicence::B];
    input.languages = vec!["Anglais (B1)".into(), "anglais (b1)".into()];
    input.available_from = "2026-12-01".into();
    input.wanted_contracts = vec![profilence_core::choices::ContractType::Cdi];
    input.mobility_radius_km = "25".into();
    input.constraints = vec!["Pas de travail le week-end".into()];
    input.eligibility = Eligibility { rqth: true, ..Default::default() };
    input.pitch = "Ponctuelle et rigoureuse.".into();
    input.counsellor = "Claire Morel".into();
    let created = db.write(|tx| candidates::create(tx, &input, today(), false)).unwrap();

    assert_eq!(created.phone.as_deref(), Some("06 12 34 56 78"), "phone normalised");
    assert_eq!(created.france_travail_id.as_deref(), Some("1234567A"));
    let jobs: Vec<(Option<i64>, &str, Option<&str>)> =
        created.target_jobs.iter().map(|j| (j.code, j.label.as_str(), j.rome_code.as_deref())).collect();
    assert_eq!(
        jobs,
        [
            (Some(BOULANGER), "Boulanger / Boulangère", Some("D1102")),
            (Some(PATISSIER), "Pâtissier / Pâtissière", Some("D1104"))
        ],
        "labels and job sheets come from the ROME, not from the form"
    );
    assert_eq!(
        created.skills,
        [
            CandidateSkill { code: Some(101), label: "Pétrir manuellement ou mécaniquement des pâtes".into() },
            CandidateSkill { code: None, label: "Permis cariste CACES 1".into() },
        ]
    );
    assert_eq!(created.languages, ["Anglais (B1)"], "repeats dropped, accents and case ignored");
    assert_eq!(
        (created.commune.as_deref(), created.commune_code.as_deref()),
        (Some("Lyon 3e Arrondissement"), Some("69383"))
    );
    assert_eq!(created.mobility_radius_km, Some(25));
    let aids: Vec<&str> = created.hiring_aids.iter().map(|a| a.code.as_str()).collect();
    assert!(aids.contains(&"agefiph_embauche") && aids.contains(&"oeth"), "{aids:?}");
    assert_eq!(db.read(|c| candidates::get(c, created.id, today())).unwrap(), created);

    let mut edit = input.clone();
    edit.target_jobs.truncate(1);
    edit.eligibility = Eligibility::default();
    edit.email = String::new();
    let updated = db.write(|tx| candidates::update(tx, created.id, &edit, today())).unwrap();
    assert_eq!(updated.target_jobs.len(), 1);
    assert_eq!(updated.email, None);
    assert!(!updated.hiring_aids.iter().any(|a| a.code == "agefiph_embauche"));
    assert!(matches!(db.read(|c| candidates::get(c, 999, today())), Err(Error::NotFound { .. })));
    assert!(matches!(db.write(|tx| candidates::update(tx, 999, &edit, today())), Err(Error::NotFound { .. })));
}

#[test]
fn candidate_validation_names_every_bad_field_and_writes_nothing() {
    let (_dir, db) = database_with_referentials();
    let mut input = candidate(" ", "Léa", &[]);
    input.email = "lea.martin@".into();
    input.phone = "12 34".into();
    input.postcode = "6900".into();
    input.commune_code = String::new();
    input.consent_date = "2026-12-01".into();
    input.consent_channel = None;
    input.consent_expiry = "2026-11-01".into();
    input.birth_date = "1960-01-01".into();
    input.eligibility = Eligibility { rqth: true, ..Default::default() };
    input.mobility_radius_km = "loin".into();
    input.france_travail_id = "12".into();
    let errors = fields(db.write(|tx| candidates::create(tx, &input, today(), false)).unwrap_err());
    let names: Vec<&str> = errors.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        names,
        [
            "lastName",
            "email",
            "phone",
            "franceTravailId",
            "postcode",
            "consentDate",
            "consentExpiry",
            "consentChannel",
            "targetJobs",
            "mobilityRadiusKm"
        ]
    );
    assert_eq!(names_total(&db), 0);
}

fn names_total(db: &Database) -> u32 {
    names(db, &CandidateQuery::default()).0
}

#[test]
fn target_jobs_must_come_from_the_rome_one_to_three() {
    let (_dir, db) = database_with_referentials();
    let mut four = candidate("Roux", "Zoé", &[BOULANGER, PATISSIER, ELECTRICIEN, BOULANGER_PATISSIER]);
    let errors = fields(db.write(|tx| candidates::create(tx, &four, today(), false)).unwrap_err());
    assert_eq!(errors, [("targetJobs".into(), "3 métiers visés au maximum.".into())]);

    four.target_jobs = vec![TargetJob { code: None, label: "Boulangère".into(), rome_code: None }];
    let errors = fields(db.write(|tx| candidates::create(tx, &four, today(), false)).unwrap_err());
    assert!(errors[0].1.contains("liste des métiers du ROME"), "{errors:?}");

    four.target_jobs = vec![TargetJob { code: Some(1), label: "Inconnu".into(), rome_code: None }];
    let errors = fields(db.write(|tx| candidates::create(tx, &four, today(), false)).unwrap_err());
    assert!(errors[0].1.contains("n'existe pas dans le ROME"), "{errors:?}");

    let twice = candidate("Roux", "Zoé", &[BOULANGER, BOULANGER]);
    let errors = fields(db.write(|tx| candidates::create(tx, &twice, today(), false)).unwrap_err());
    assert!(errors[0].1.contains("choisi deux fois"), "{errors:?}");
}

#[test]
fn duplicates_are_refused_with_the_existing_record_unless_confirmed() {
    let (_dir, db) = database_with_referentials();
    let mut first = candidate("Le Gall", "Hélène", &[BOULANGER]);
    first.france_travail_id = "7654321B".into();
    let existing = db.write(|tx| candidates::create(tx, &first, today(), false)).unwrap();

    // Same name and birth date, written differently, other e-mail and no identifier.
    let mut again = candidate("LE GALL", "Helene", &[PATISSIER]);
    again.email = "autre@courriel.example".into();
    let error = db.write(|tx| candidates::create(tx, &again, today(), false)).unwrap_err();
    let Error::Duplicate(matches) = error else { panic!("expected a duplicate, got {error:?}") };
    assert_eq!(matches.len(), 1);
    assert_eq!((matches[0].id, matches[0].name.as_str()), (existing.id, "Hélène Le Gall"));
    assert_eq!(matches[0].reason, "mêmes nom, prénom et date de naissance");

    let mut by_id = candidate("Autre", "Nom", &[BOULANGER]);
    by_id.france_travail_id = "7654321b".into();
    by_id.email = String::new();
    let found = db.read(|c| candidates::duplicates_of(c, &by_id, None)).unwrap();
    assert_eq!(found[0].reason, "même identifiant France Travail");
    let mut by_email = candidate("Autre", "Nom", &[BOULANGER]);
    by_email.email = first.email.to_uppercase();
    assert_eq!(db.read(|c| candidates::duplicates_of(c, &by_email, None)).unwrap()[0].reason, "même adresse e-mail");
    assert!(db.read(|c| candidates::duplicates_of(c, &first, Some(existing.id))).unwrap().is_empty(), "not itself");

    assert_eq!(names_total(&db), 1, "nothing written by the refused create");
    db.write(|tx| candidates::create(tx, &again, today(), true)).unwrap();
    assert_eq!(names_total(&db), 2, "created once confirmed");
}

#[test]
fn full_text_search_ignores_accents_and_case_and_finds_jobs_skills_places() {
    let (_dir, db) = database_with_referentials();
    db.write(|tx| {
        let mut anais = candidate("Morel", "Anaïs", &[BOULANGER_PATISSIER]);
        anais.skills = vec![CandidateSkill { code: Some(102), label: String::new() }];
        candidates::create(tx, &anais, today(), false)?;
        let mut hugo = candidate("Martin", "Hugo", &[ELECTRICIEN]);
        hugo.postcode = "35000".into();
        hugo.commune = "Rennes".into();
        hugo.commune_code = "35238".into();
        candidates::create(tx, &hugo, today(), false)?;
        candidates::create(tx, &candidate("Martinez", "Inès", &[PATISSIER]), today(), false)?;
        Ok(())
    })
    .unwrap();
    assert_eq!(search(&db, "patissier"), ["Martinez", "Morel"]);
    assert_eq!(search(&db, "PÂTISSIÈRE"), ["Martinez", "Morel"]);
    assert_eq!(search(&db, "electricien"), ["Martin"]);
    assert_eq!(search(&db, "viennoiseries"), ["Morel"], "ticked skills are searched");
    assert_eq!(search(&db, "mart"), ["Martin", "Martinez"], "prefixes");
    assert_eq!(search(&db, "hugo rennes"), ["Martin"], "every word must match");
    assert_eq!(search(&db, "ines"), ["Martinez"]);
    assert_eq!(search(&db, "D1104"), ["Martinez"], "job sheet codes");
    assert!(search(&db, "boulanger \"OR\" *").is_empty(), "FTS syntax typed by the user is taken as words");
}

#[test]
fn filters_and_order_of_the_pool() {
    let (_dir, db) = database_with_referentials();
    db.write(|tx| {
        let mut a = candidate("André", "Lucie", &[BOULANGER]);
        a.available_from = "2026-11-01".into();
        a.eligibility = Eligibility { rqth: true, rsa: true, ..Default::default() };
        a.counsellor = "Claire Morel".into();
        candidates::create(tx, &a, today(), false)?;
        let mut b = candidate("Benali", "Karim", &[ELECTRICIEN]);
        b.postcode = "35000".into();
        b.commune = "Rennes".into();
        b.commune_code = "35238".into();
        b.available_from = "2027-02-01".into();
        b.consent_date = "2024-01-10".into();
        b.consent_expiry = "2025-01-10".into();
        b.counsellor = "Julien Lefèvre".into();
        candidates::create(tx, &b, today(), false)?;
        let mut c = candidate("Dupont", "Marc", &[PATISSIER]);
        c.postcode = "69100".into();
        c.commune = "Villeurbanne".into();
        c.commune_code = "69266".into();
        c.eligibility = Eligibility { rqth: true, ..Default::default() };
        candidates::create(tx, &c, today(), false)?;
        Ok(())
    })
    .unwrap();
    let q = |f: fn(&mut CandidateQuery)| {
        let mut query = CandidateQuery::default();
        f(&mut query);
        names(&db, &query).1
    };
    assert_eq!(q(|_| {}), ["André", "Benali", "Dupont"]);
    assert_eq!(q(|q| q.rome_code = Some("D1102".into())), ["André"]);
    assert_eq!(q(|q| q.domain = Some("D".into())), ["André", "Dupont"]);
    assert_eq!(q(|q| q.domain = Some("F16".into())), ["Benali"]);
    assert_eq!(q(|q| q.near = Some(LYON)), ["André", "Dupont"], "Rennes is 500 km away");
    assert_eq!(q(|q| q.available_by = Some("2026-12-31".into())), ["André", "Dupont"], "no date counts as available");
    assert_eq!(q(|q| q.consent = Some(ConsentFilter::Expired)), ["Benali"]);
    assert_eq!(q(|q| q.consent = Some(ConsentFilter::Valid)), ["André", "Dupont"]);
    assert_eq!(q(|q| q.publics = vec![Public::Rqth]), ["André", "Dupont"]);
    assert_eq!(q(|q| q.publics = vec![Public::Rqth, Public::Rsa]), ["André"]);
    assert_eq!(q(|q| q.counsellor = Some("Julien Lefèvre".into())), ["Benali"]);
    assert_eq!(q(|q| q.descending = true), ["Dupont", "Benali", "André"]);
    assert_eq!(q(|q| q.sort = CandidateSort::AvailableFrom), ["Dupont", "André", "Benali"], "no date: available now");
    assert_eq!(q(|q| q.sort = CandidateSort::Commune), ["André", "Benali", "Dupont"]);

    let page = db
        .read(|c| {
            candidates::list(
                c,
                &CandidateQuery { near: Some(LYON), paging: Paging::first(10), ..Default::default() },
                today(),
            )
        })
        .unwrap();
    let distances: Vec<f64> = page.items.iter().map(|c| c.distance_km.unwrap()).collect();
    assert!(distances.iter().all(|d| *d < 6.0), "{distances:?}");
    assert_eq!(page.items[0].publics, [Public::Rqth, Public::Rsa]);
    assert!(!page.items[0].consent_valid || page.items[0].consent_expiry >= today());
    let paged = db
        .read(|c| {
            candidates::list(
                c,
                &CandidateQuery { paging: Paging { offset: 2, limit: 2 }, ..Default::default() },
                today(),
            )
        })
        .unwrap();
    assert_eq!((paged.total, paged.items.len()), (3, 1));
    assert_eq!(db.read(candidates::counsellors).unwrap(), ["Claire Morel", "Julien Lefèvre"]);
}

#[test]
fn a_company_is_led_by_the_counsellor_who_enters_it_unless_the_form_names_another() {
    let (_dir, db) = database_with_referentials();
    db.write(|tx| settings::update(tx, &common::world::claire("Agence de Rennes"))).unwrap();
    let hers = db.write(|tx| companies::create(tx, &company("Boulangerie Lambert", "73282932000074"))).unwrap();
    assert_eq!(hers.referent, "Claire Morel");
    let named = CompanyInput { referent: " Julien Lefèvre ".into(), ..company("Fournil du Rhône", "34167211100018") };
    let his = db.write(|tx| companies::create(tx, &named)).unwrap();
    assert_eq!(his.referent, "Julien Lefèvre");
    // Kept through an edit that does not name anyone else.
    let edited = CompanyInput { notes: "Appeler le lundi.".into(), referent: his.referent.clone(), ..named };
    assert_eq!(db.write(|tx| companies::update(tx, his.id, &edited)).unwrap().referent, "Julien Lefèvre");
    let long = CompanyInput { referent: "x".repeat(121), ..company("Pains & Co", "06840388000013") };
    assert_eq!(fields(db.write(|tx| companies::create(tx, &long)).unwrap_err())[0].0, "referent");
}

#[test]
fn company_siret_naf_contacts_and_commitments() {
    let (_dir, db) = database_with_referentials();
    let bad =
        fields(db.write(|tx| companies::create(tx, &company("Boulangerie Lambert", "732 829 320 00075"))).unwrap_err());
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0].0, "siret");
    assert!(bad[0].1.contains("Luhn"), "{bad:?}");

    let created = db.write(|tx| companies::create(tx, &company("Boulangerie Lambert", "732 829 320 00074"))).unwrap();
    assert_eq!((created.siret.as_str(), created.siren.as_str()), ("73282932000074", "732829320"));
    assert_eq!(
        (created.naf_code.as_deref(), created.naf_label.as_deref()),
        (Some("10.71C"), Some("Boulangerie et boulangerie-pâtisserie"))
    );
    assert_eq!(created.contacts[0].phone.as_deref(), Some("02 99 12 34 56"));
    assert_eq!((created.hiring_potential, created.max_contacts_per_month), (Some(70), Some(2)));

    let duplicate = fields(db.write(|tx| companies::create(tx, &company("Autre", "73282932000074"))).unwrap_err());
    assert_eq!(duplicate[0].0, "siret");
    assert!(duplicate[0].1.contains("Boulangerie Lambert"), "{duplicate:?}");

    // Editing keeps its own SIRET, keeps the id of a contact that stays, adds a new one.
    let mut edit = company("Boulangerie Lambert & Fils", "73282932000074");
    edit.contacts[0].id = Some(created.contacts[0].id);
    edit.contacts.push(ContactInput { name: "Paul Lambert".into(), ..Default::default() });
    edit.contacts.push(ContactInput::default()); // an empty row left in the form
    let renamed = db.write(|tx| companies::update(tx, created.id, &edit)).unwrap();
    assert_eq!(renamed.name, "Boulangerie Lambert & Fils");
    assert_eq!(renamed.contacts.len(), 2);
    assert_eq!(renamed.contacts[0].id, created.contacts[0].id);
    edit.contacts.remove(0);
    let fewer = db.write(|tx| companies::update(tx, created.id, &edit)).unwrap();
    assert_eq!(fewer.contacts.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["Paul Lambert"]);
}

#[test]
fn company_form_errors_name_their_fields() {
    let (_dir, db) = database_with_referentials();
    let input = CompanyInput {
        naf_code: "99.99Z".into(),
        hiring_potential: "120".into(),
        contacts: vec![
            ContactInput { name: "Ok".into(), ..Default::default() },
            ContactInput { email: "x@y".into(), ..Default::default() },
        ],
        ..CompanyInput::default()
    };
    let errors = fields(db.write(|tx| companies::create(tx, &input)).unwrap_err());
    let names: Vec<&str> = errors.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(names, ["name", "siret", "nafCode", "contacts.1.name", "contacts.1.email", "hiringPotential"]);
}

/// A NAF code typed as a word with an accent ("Hôte", five bytes once upper-cased) is
/// refused next to its field, never a panic; the same letters in the list's filter find none.
#[test]
fn a_naf_code_with_an_accent_is_refused_not_a_panic() {
    let (_dir, db) = database_with_referentials();
    for typed in ["Hôte", "hôtel", "É1071", "10.7é"] {
        let input = CompanyInput { naf_code: typed.into(), ..company("Hôtel du Port", "73282932000074") };
        let errors = fields(db.write(|tx| companies::create(tx, &input)).unwrap_err());
        assert_eq!(errors.len(), 1, "{typed}: {errors:?}");
        assert_eq!(errors[0].0, "nafCode");
        assert!(errors[0].1.contains(&typed.to_uppercase()), "{typed}: {}", errors[0].1);
    }
    let query = companies::CompanyQuery { naf: Some("Hôte".into()), ..Default::default() };
    assert_eq!(db.read(|c| companies::list(c, &query)).unwrap().items.len(), 0);
}

#[test]
fn a_company_keeps_its_legal_nature_and_the_aids_it_can_get_follow_it() {
    let (_dir, db) = database_with_referentials();
    // An RSA recipient of 30: a PEC needs a non-market employer, the IAE an insertion structure.
    let person = Person { eligibility: Eligibility { rsa: true, ..Default::default() }, age: Some(30) };
    let aids = |c: &Company| -> Vec<String> {
        hiring_aids::aids_for_company(&person, &c.employer()).into_iter().map(|a| a.code).collect()
    };
    let mut input = company("Le Fournil solidaire", "732 829 320 00074");
    input.legal_nature = Some(LegalNature::Association);
    let association = db.write(|tx| companies::create(tx, &input)).unwrap();
    assert_eq!(association.legal_nature, Some(LegalNature::Association));
    assert!(aids(&association).contains(&"pec".to_owned()) && !aids(&association).contains(&"iae".to_owned()));
    let all = CompanyQuery { paging: Paging::first(10), ..Default::default() };
    let listed = db.read(|c| companies::list(c, &all)).unwrap();
    assert_eq!(listed.items[0].legal_nature, Some(LegalNature::Association));

    input.legal_nature = Some(LegalNature::Insertion);
    let insertion = db.write(|tx| companies::update(tx, association.id, &input)).unwrap();
    assert_eq!(db.read(|c| companies::get(c, association.id)).unwrap(), insertion);
    assert!(aids(&insertion).contains(&"iae".to_owned()) && !aids(&insertion).contains(&"pec".to_owned()));

    // Unknown again: a bakery by its NAF code, neither non-market nor an insertion structure.
    input.legal_nature = None;
    let unknown = db.write(|tx| companies::update(tx, association.id, &input)).unwrap();
    assert_eq!(unknown.legal_nature, None);
    assert!(!aids(&unknown).iter().any(|a| a == "pec" || a == "iae"), "{:?}", aids(&unknown));
}

#[test]
fn a_candidate_aged_45_gets_the_45_aid_from_the_birth_date() {
    let (_dir, db) = database_with_referentials();
    let mut input = candidate("Martin", "Léa", &[BOULANGER]);
    input.birth_date = "1981-11-22".into(); // 45 on today()
    let created = db.write(|tx| candidates::create(tx, &input, today(), false)).unwrap();
    let aids: Vec<&str> = created.hiring_aids.iter().map(|a| a.code.as_str()).collect();
    assert!(aids.contains(&"professionnalisation_45") && aids.contains(&"afe"), "{aids:?}");
    assert!(created.hiring_aids.iter().all(|a| a.checked_on == "2026-12-04" && !a.conditions.is_empty()));

    input.birth_date = "1981-11-23".into(); // 44 until tomorrow
    let younger = db.write(|tx| candidates::update(tx, created.id, &input, today())).unwrap();
    assert!(!younger.hiring_aids.iter().any(|a| a.code == "professionnalisation_45"));
}

/// The under-26 aid (the PEC, which an RSA, RQTH, QPV or long-term record would open too)
/// is there the day before the 26th birthday and gone on it, the record untouched.
#[test]
fn the_under_26_aid_closes_on_the_26th_birthday() {
    let (_dir, db) = database_with_referentials();
    let mut input = candidate("Nguyen", "Maëlle", &[BOULANGER]);
    input.birth_date = "2000-12-15".into();
    let id = db.write(|tx| candidates::create(tx, &input, today(), false)).unwrap().id;
    let aids_on = |day: NaiveDate| -> Vec<String> {
        let read = db.read(|c| candidates::get(c, id, day)).unwrap();
        read.hiring_aids.into_iter().map(|a| a.code).collect()
    };
    let eve = NaiveDate::from_ymd_opt(2026, 12, 14).unwrap();
    let birthday = NaiveDate::from_ymd_opt(2026, 12, 15).unwrap();
    assert!(aids_on(eve).contains(&"pec".to_owned()), "25 on the eve: {:?}", aids_on(eve));
    assert!(!aids_on(birthday).contains(&"pec".to_owned()), "26 on the day: {:?}", aids_on(birthday));
    // Apprenticeship runs until 29: still there.
    assert!(aids_on(birthday).contains(&"apprentissage".to_owned()));
    // The pool's filter by « moins de 26 ans » follows the same day.
    let under_26 = |day| {
        let query = CandidateQuery { publics: vec![Public::Under26], ..Default::default() };
        db.read(|c| candidates::list(c, &query, day)).unwrap().items.iter().map(|s| s.id).collect::<Vec<_>>()
    };
    assert_eq!(under_26(eve), [id]);
    assert!(under_26(birthday).is_empty());
    let over_50 = |day| {
        let query = CandidateQuery { publics: vec![Public::Over50], ..Default::default() };
        db.read(|c| candidates::list(c, &query, day)).unwrap().total
    };
    assert_eq!(over_50(birthday), 0);
    let summary = |day| {
        let query = CandidateQuery::default();
        db.read(|c| candidates::list(c, &query, day)).unwrap().items[0].publics.clone()
    };
    assert_eq!((summary(eve), summary(birthday)), (vec![Public::Under26], vec![]));
}

#[test]
fn company_list_search_filters_and_order() {
    let (_dir, db) = database_with_referentials();
    db.write(|tx| {
        companies::create(tx, &company("Boulangerie Lambert", "73282932000074"))?;
        let mut lyon = company("Électricité Rhône", &demo::random_siret(&mut rand_rng()));
        lyon.naf_code = "43.21A".into();
        lyon.postcode = "69100".into();
        lyon.commune_code = "69266".into();
        lyon.hiring_potential = "30".into();
        lyon.commitments = vec!["Employeur inclusif".into()];
        lyon.contacts[0].name = "Karim Haddad".into();
        companies::create(tx, &lyon)?;
        Ok(())
    })
    .unwrap();
    let q = |query: CompanyQuery| {
        let page = db.read(|c| companies::list(c, &CompanyQuery { paging: Paging::first(10), ..query })).unwrap();
        page.items.into_iter().map(|c| c.name).collect::<Vec<_>>()
    };
    assert_eq!(q(CompanyQuery::default()), ["Boulangerie Lambert", "Électricité Rhône"]);
    assert_eq!(q(CompanyQuery { search: "electricite".into(), ..Default::default() }), ["Électricité Rhône"]);
    assert_eq!(q(CompanyQuery { search: "haddad".into(), ..Default::default() }), ["Électricité Rhône"], "contacts");
    assert_eq!(
        q(CompanyQuery { search: "patisserie".into(), ..Default::default() }),
        ["Boulangerie Lambert"],
        "NAF label"
    );
    assert_eq!(q(CompanyQuery { naf: Some("10".into()), ..Default::default() }), ["Boulangerie Lambert"]);
    assert_eq!(q(CompanyQuery { naf: Some("43.21".into()), ..Default::default() }), ["Électricité Rhône"]);
    assert_eq!(q(CompanyQuery { near: Some(LYON), ..Default::default() }), ["Électricité Rhône"]);
    assert_eq!(q(CompanyQuery { min_potential: Some(50), ..Default::default() }), ["Boulangerie Lambert"]);
    assert_eq!(
        q(CompanyQuery { commitment: Some("Employeur inclusif".into()), ..Default::default() }),
        ["Électricité Rhône"]
    );
    assert_eq!(
        q(CompanyQuery { sort: CompanySort::HiringPotential, descending: true, ..Default::default() }),
        ["Boulangerie Lambert", "Électricité Rhône"]
    );
    let page =
        db.read(|c| companies::list(c, &CompanyQuery { paging: Paging::first(10), ..Default::default() })).unwrap();
    assert_eq!(page.items[0].main_contact.as_deref(), Some("Sophie Lambert (gérante)"));
    assert_eq!(db.read(companies::commitments).unwrap(), ["Employeur inclusif", "Les entreprises s'engagent"]);
}

fn rand_rng() -> rand::rngs::StdRng {
    use rand::SeedableRng;
    rand::rngs::StdRng::seed_from_u64(3)
}

#[test]
fn counsellor_settings_round_trip_with_validation() {
    let (_dir, db) = common::database();
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
fn demo_needs_the_referentials() {
    let (_dir, db) = common::database();
    let error = db.write(|tx| demo::generate(tx, 5, 2, 1, today())).unwrap_err();
    assert!(error.to_string().contains("référentiels"), "{error}");
}

#[test]
fn demo_data_on_the_real_referentials() {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    let (_dir, db) = common::database();
    db.write(|tx| profilence_core::reference_update::install_folder(tx, &data))
        .expect("../shared/data beside the repository");
    let summary = db.write(|tx| demo::generate(tx, 40, 15, 42, today())).unwrap();
    let missing: Vec<&&str> = demo::TARGET_JOBS
        .iter()
        .filter(|label| {
            db.read(|c| {
                Ok(c.query_row("SELECT count(*) FROM job_titles WHERE label = ?1", [label], |r| r.get::<_, i64>(0))?)
            })
            .unwrap()
                == 0
        })
        .collect();
    assert!(missing.is_empty(), "demo jobs not in the ROME: {missing:?}");
    for (pattern, _, naf) in demo::COMPANY_PATTERNS {
        assert!(db.read(|c| profilence_core::referentials::naf_label(c, naf)).unwrap().is_some(), "{pattern}: {naf}");
    }
    assert_eq!((summary.candidates, summary.companies), (40, 15));

    let all = CandidateQuery { paging: Paging::first(200), ..Default::default() };
    let people = db.read(|c| candidates::list(c, &all, today())).unwrap();
    assert_eq!(people.total, 40);
    for summary in &people.items {
        let person = db.read(|c| candidates::get(c, summary.id, today())).unwrap();
        assert!(person.commune_code.is_some() && person.postcode.is_some(), "{person:?}");
        assert!(!person.target_jobs.is_empty() && person.target_jobs.iter().all(|j| j.code.is_some()));
        assert!(person.hiring_aids.len() >= 2);
    }
    let firms =
        db.read(|c| companies::list(c, &CompanyQuery { paging: Paging::first(200), ..Default::default() })).unwrap();
    assert_eq!(firms.total, 15);
    assert!(firms.items.iter().all(|c| siret::parse_siret(&c.siret).is_ok()));
    assert!(firms.items.iter().all(|c| c.naf_label.is_some()), "NAF codes from the referential");
    assert!(!db.read(settings::get).unwrap().name.is_empty(), "the demo counsellor is set");
}

#[test]
fn common_and_rare_words_page_alike_in_name_order() {
    let (_dir, db) = database_with_referentials();
    // "boulanger" matches nearly everyone (the search walks the name index), "éloi" a
    // fifth and "patissier" one (their matches are sorted by the id → name index).
    let surnames = ["Roux", "Morel", "André", "Petit", "Éloi"];
    db.write(|tx| {
        for i in 0..1_600 {
            let mut input = candidate(surnames[i % 5], &format!("Prénom{i:04}"), &[BOULANGER]);
            input.email = String::new();
            candidates::create(tx, &input, today(), true)?;
        }
        candidates::create(tx, &candidate("Aubert", "Léon", &[PATISSIER]), today(), true)?;
        Ok(())
    })
    .unwrap();
    let page = |search: &str, offset: u32| {
        let query = CandidateQuery { search: search.into(), paging: Paging { offset, limit: 3 }, ..Default::default() };
        let page = db.read(|c| candidates::list(c, &query, today())).unwrap();
        (page.total, page.items.into_iter().map(|c| format!("{} {}", c.last_name, c.first_name)).collect::<Vec<_>>())
    };
    assert_eq!(
        page("boulanger", 0),
        (1_600, vec!["André Prénom0002".into(), "André Prénom0007".into(), "André Prénom0012".into()])
    );
    assert_eq!(page("boulanger", 1_598), (1_600, vec!["Roux Prénom1590".into(), "Roux Prénom1595".into()]));
    assert_eq!(
        page("éloi", 0),
        (320, vec!["Éloi Prénom0004".into(), "Éloi Prénom0009".into(), "Éloi Prénom0014".into()])
    );
    assert_eq!(page("eloi", 318), (320, vec!["Éloi Prénom1594".into(), "Éloi Prénom1599".into()]), "accents folded");
    assert_eq!(page("patissier", 0), (1, vec!["Aubert Léon".into()]));
    let descending =
        CandidateQuery { search: "boulanger".into(), descending: true, paging: Paging::first(1), ..Default::default() };
    assert_eq!(db.read(|c| candidates::list(c, &descending, today())).unwrap().items[0].last_name, "Roux");
}

#[test]
fn the_consent_history_says_given_renewed_corrected_and_who_recorded_it() {
    let (_dir, db) = database_with_referentials();
    let claire = CounsellorSettings {
        name: "Claire Morel".into(),
        agency: "Agence de Rennes".into(),
        phone: "0299000000".into(),
        email: "claire.morel@agence.example".into(),
    };
    db.write(|tx| settings::update(tx, &claire)).unwrap();
    let mut input = candidate("Martin", "Léa", &[BOULANGER]);
    let id = db.write(|tx| candidates::create(tx, &input, today(), false)).unwrap().id;
    let kinds = |db: &Database| -> Vec<(ConsentEventKind, String, String)> {
        db.read(|c| candidates::get(c, id, today()))
            .unwrap()
            .consent_history
            .into_iter()
            .map(|e| (e.kind, e.given_on.to_string(), e.recorded_by))
            .collect()
    };
    assert_eq!(kinds(&db), [(ConsentEventKind::Given, input.consent_date.clone(), "Claire Morel".to_owned())]);
    // Saved again unchanged: nothing happened to the consent.
    input.pitch = "Six ans de fournil.".into();
    db.write(|tx| candidates::update(tx, id, &input, today())).unwrap();
    assert_eq!(kinds(&db).len(), 1);
    // A later consent renews it; another channel for the same consent corrects it.
    input.consent_date = "2026-11-20".into();
    input.consent_expiry = "2027-11-20".into();
    db.write(|tx| candidates::update(tx, id, &input, today())).unwrap();
    input.consent_channel = Some(ConsentChannel::Online);
    db.write(|tx| candidates::update(tx, id, &input, today())).unwrap();
    let history: Vec<ConsentEventKind> = kinds(&db).into_iter().map(|(k, ..)| k).collect();
    assert_eq!(history, [ConsentEventKind::Given, ConsentEventKind::Renewed, ConsentEventKind::Corrected]);
}

/// The totals the pool reads in narrow indexes (issue 25) are those of its pages: the
/// erased left out, a person with two job titles of one sheet counted once.
#[test]
fn every_pool_total_is_what_its_pages_list() {
    let (_dir, db) = database_with_referentials();
    let ids: Vec<i64> = db
        .write(|tx| {
            let mut ids = Vec::new();
            for (last, first, jobs, rqth) in [
                ("André", "Lucie", &[BOULANGER, BOULANGER_PATISSIER][..], true),
                ("Bernard", "Hugo", &[PATISSIER][..], false),
                ("Caron", "Inès", &[BOULANGER][..], true),
                ("Durand", "Paul", &[ELECTRICIEN, PATISSIER][..], true),
            ] {
                let mut input = candidate(last, first, jobs);
                input.eligibility = Eligibility { rqth, ..Default::default() };
                if last == "Durand" {
                    (input.postcode, input.commune, input.commune_code) =
                        ("35000".into(), "Rennes".into(), "35238".into());
                }
                ids.push(candidates::create(tx, &input, today(), false)?.id);
            }
            Ok(ids)
        })
        .unwrap();
    db.write(|tx| profilence_core::erasure::erase_candidate(tx, ids[2], profilence_core::erasure::Why::Request))
        .unwrap();
    let cases: [(&str, CandidateQuery, &[&str]); 9] = [
        ("the whole pool", CandidateQuery::default(), &["André", "Bernard", "Durand"]),
        ("a job sheet", CandidateQuery { rome_code: Some("D1102".into()), ..Default::default() }, &["André"]),
        (
            "a domain",
            CandidateQuery { domain: Some("D".into()), ..Default::default() },
            &["André", "Bernard", "Durand"],
        ),
        ("a sub-domain", CandidateQuery { domain: Some("F16".into()), ..Default::default() }, &["Durand"]),
        ("around Lyon", CandidateQuery { near: Some(LYON), ..Default::default() }, &["André", "Bernard"]),
        (
            "words around Lyon",
            CandidateQuery { search: "patissier".into(), near: Some(LYON), ..Default::default() },
            &["André", "Bernard"],
        ),
        (
            "words around Lyon, by availability",
            CandidateQuery {
                search: "boulanger".into(),
                near: Some(LYON),
                sort: CandidateSort::AvailableFrom,
                ..Default::default()
            },
            &["André"],
        ),
        (
            "RQTH, consent valid",
            CandidateQuery { publics: vec![Public::Rqth], consent: Some(ConsentFilter::Valid), ..Default::default() },
            &["André", "Durand"],
        ),
        (
            "a job sheet and a domain",
            CandidateQuery { rome_code: Some("D1104".into()), domain: Some("F".into()), ..Default::default() },
            &["Durand"],
        ),
    ];
    for (what, query, expected) in cases {
        let (total, listed) = names(&db, &query);
        assert_eq!(listed, expected, "{what}");
        assert_eq!(total as usize, expected.len(), "{what}: the total");
    }
}
