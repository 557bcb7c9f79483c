//! The right of access: one person's data written into a folder — a JSON file that parses
//! back with every promotion, event and step of the consent, a readable PDF of several pages
//! (checked with poppler as the person would read it), the stored sheets copied byte for
//! byte — recorded in the journal without a name or a path; and nothing left behind when the
//! folder cannot take it.

mod common;

use std::{path::Path, process::Command};

use chrono::{DateTime, Local, NaiveDate, TimeZone};
use common::{BOULANGER, PATISSIER, candidate, world::World};
use profilence_core::{
    access,
    choices::{EventKind, PromotionChannel},
    journal::{self, Action, JournalQuery, Subject},
    promotions::{self, Confirmations, Delivery, EventInput, PromoteInput, PromotionTarget},
    sheets,
};
use sha2::{Digest, Sha256};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn at(day: u32, hour: u32) -> DateTime<Local> {
    Local.with_ymd_and_hms(2026, 11, day, hour, 0, 0).unwrap()
}

fn tool(name: &str, args: &[&str]) -> String {
    let out =
        Command::new(name).args(args).output().unwrap_or_else(|e| panic!("{name} is needed (poppler-utils): {e}"));
    assert!(out.status.success(), "{name} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn input(candidate: i64, targets: &[PromotionTarget], reason: &str) -> PromoteInput {
    PromoteInput {
        candidate_ids: vec![candidate],
        targets: targets.to_vec(),
        channel: PromotionChannel::Email,
        job_offer_ref: "OF-2026-118".into(),
        pitch_template: "Bonjour, je vous présente {prénom}, qui cherche un poste de {métier}.".into(),
        subject_template: String::new(),
        send: true,
        confirmations: Confirmations { repeat_reason: reason.into(), over_contact_limit: true },
        anonymous: false,
        sensitive: false,
        delivery: Delivery::Marked,
    }
}

/// Nolwenn Le Gall: consent given then renewed, promoted to four bakeries and again to two
/// of them, an interview and a note recorded.
struct Person {
    w: World,
    id: i64,
    promotions: Vec<i64>,
}

fn person() -> Person {
    let w = World::signed(&common::world::claire("France Travail Rennes Cesson"));
    let mut nolwenn = candidate("Le Gall", "Nolwenn", &[BOULANGER, PATISSIER]);
    nolwenn.experience = "Six ans de fournil à Vannes : pétrissage, façonnage, cuisson, vente. ".repeat(8);
    nolwenn.eligibility.rqth = true;
    let id = w.db.write(|tx| profilence_core::candidates::create(tx, &nolwenn, today(), false)).unwrap().id;
    // Renewed: the history keeps both steps.
    let mut renewed = nolwenn.clone();
    (renewed.consent_date, renewed.consent_expiry) = ("2026-11-02".into(), "2027-11-02".into());
    w.db.write(|tx| profilence_core::candidates::update(tx, id, &renewed, today())).unwrap();
    // Each to the company's contact.
    let firms: Vec<PromotionTarget> = w
        .firms(4)
        .into_iter()
        .map(|id| {
            let contact = w.db.read(|c| profilence_core::companies::get(c, id)).unwrap().contacts[0].id;
            PromotionTarget { company_id: id, contact_id: Some(contact) }
        })
        .collect();
    let mut promotions: Vec<i64> =
        w.db.write(|tx| promotions::promote(tx, &input(id, &firms, ""), at(10, 10)))
            .unwrap()
            .into_iter()
            .map(|p| p.id)
            .collect();
    promotions.extend(
        w.db.write(|tx| promotions::promote(tx, &input(id, &firms[..2], "Nouveau poste ouvert"), at(20, 10)))
            .unwrap()
            .into_iter()
            .map(|p| p.id),
    );
    let interview = EventInput {
        kind: Some(EventKind::InterviewPlanned),
        interview_at: "2026-11-26T14:30".into(),
        comment: "Entretien avec le gérant".into(),
        ..EventInput::default()
    };
    w.db.write(|tx| promotions::record_event(tx, &promotions[..1], &interview, at(21, 9))).unwrap();
    let note = EventInput { kind: Some(EventKind::Note), comment: "Rappeler lundi".into(), ..EventInput::default() };
    w.db.write(|tx| promotions::record_event(tx, &promotions[1..2], &note, at(21, 10))).unwrap();
    Person { w, id, promotions }
}

#[test]
fn a_persons_data_is_written_as_json_pdf_and_the_sheets_sent() {
    let p = person();
    let out = p.w.dir.path().join("export");
    std::fs::create_dir(&out).unwrap();
    let export = p.w.db.write(|tx| access::export_person(tx, p.id, &out, today())).unwrap();

    let stem = format!("donnees-personnelles-candidat-{}-2026-11-23", p.id);
    assert_eq!(export.files[..2], [format!("{stem}.pdf"), format!("{stem}.json")]);
    assert_eq!(export.files.len(), 2 + p.promotions.len());
    assert_eq!((export.promotions, export.sheets, export.consent_events), (6, 6, 2));
    for name in &export.files {
        assert!(out.join(name).is_file(), "{name}");
        assert!(!profilence_core::text::fold(name).contains("gall"), "no name in a file name: {name}");
    }

    // The JSON parses back: every field, every promotion with its events, the consent history.
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join(format!("{stem}.json"))).unwrap()).unwrap();
    assert_eq!(json["format"], access::FORMAT);
    let c = &json["candidate"];
    assert_eq!((c["lastName"].as_str(), c["firstName"].as_str()), (Some("Le Gall"), Some("Nolwenn")));
    assert_eq!(c["email"], "nolwenn.legall@courriel.example");
    assert_eq!(c["eligibility"]["rqth"], true);
    let history = c["consentHistory"].as_array().unwrap();
    assert_eq!(history.iter().map(|e| e["kind"].as_str().unwrap()).collect::<Vec<_>>(), ["given", "renewed"]);
    let promotions = json["promotions"].as_array().unwrap();
    let ids: Vec<i64> = promotions.iter().map(|h| h["promotion"]["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, p.promotions);
    let events: usize = promotions.iter().map(|h| h["events"].as_array().unwrap().len()).sum();
    assert_eq!(events, 6 * 2 + 2, "created and sent each, an interview and a note");
    assert_eq!(export.events as usize, events);
    let first = &promotions[0];
    assert_eq!(first["promotion"]["companyName"], "Boulangerie Kerbrat");
    assert_eq!(first["promotion"]["channel"], "email");
    assert!(first["promotion"]["pitch"].as_str().unwrap().contains("Nolwenn"));
    assert!(first["events"].as_array().unwrap().iter().any(|e| e["comment"] == "Entretien avec le gérant"));
    assert!(first["promotion"]["contact"]["name"].is_string(), "the contact at the company");
    assert_eq!(json["answeredBy"]["counsellor"], "Claire Morel");

    // The sheets: byte for byte those stored, and the JSON says how to check them.
    let sheets_listed = json["sheets"].as_array().unwrap();
    assert_eq!(sheets_listed.len(), 6);
    for (listed, &promotion) in sheets_listed.iter().zip(&p.promotions) {
        let stored = p.w.db.read(|c| sheets::required(c, promotion)).unwrap();
        let copy = std::fs::read(out.join(listed["file"].as_str().unwrap())).unwrap();
        assert_eq!(hex::encode(Sha256::digest(&copy)), hex::encode(Sha256::digest(&stored.pdf)));
        assert_eq!(listed["sha256"], hex::encode(Sha256::digest(&stored.pdf)));
        assert_eq!(listed["file"], format!("{stem}-fiches/promotion-{promotion}.pdf"));
    }

    // The PDF, as the person reads it.
    let pdf_path = out.join(format!("{stem}.pdf"));
    if let Ok(keep) = std::env::var("SHEETS_KEEP") {
        std::fs::copy(&pdf_path, Path::new(&keep).join("access.pdf")).unwrap();
    }
    let pdf_path = pdf_path.to_str().unwrap();
    let info = tool("pdfinfo", &[pdf_path]);
    let pages: u32 = info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
    assert_eq!(pages, export.pages);
    assert!(pages >= 2, "six promotions and their events run over pages: {pages}");
    assert!(info.contains("595.28 x 841.89 pts") || info.contains("595.276 x 841.89 pts"), "A4: {info}");
    let text = tool("pdftotext", &[pdf_path, "-"]);
    for expected in [
        "Vos données personnelles dans Profilence",
        "23 novembre 2026",
        "Claire Morel, France Travail Rennes Cesson",
        "Profil",
        "Le Gall",
        "nolwenn.legall@courriel.example",
        "Consentement",
        "Consentement renouvelé",
        "Promotions (6)",
        "Boulangerie Kerbrat",
        "Entretien avec le gérant",
        "Fiches envoyées (6)",
        "Vos droits",
        "rectification",
        "effacement",
        "claire.morel@agence.example",
        &format!("Page {pages} / {pages}"),
    ] {
        assert!(text.contains(expected), "{expected:?} missing from the PDF:\n{text}");
    }

    // The journal: an export of the candidate, in counts, without name nor path.
    let entries =
        p.w.db.read(|c| journal::all(c, &JournalQuery { action: Some(Action::Export), ..Default::default() })).unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].subject, Subject::Candidate(p.id));
    let detail = &entries[0].detail;
    assert!(
        detail.contains("6 fiches") && detail.contains("6 promotions") && detail.contains("14 événements"),
        "{detail}"
    );
    assert!(!detail.contains("Gall") && !detail.contains('/') && !detail.contains("export"), "{detail}");

    // A second export the same day overwrites nothing.
    let again = p.w.db.write(|tx| access::export_person(tx, p.id, &out, today())).unwrap();
    assert_eq!(again.files[0], format!("{stem}-2.pdf"));
}

#[test]
fn nothing_is_left_in_a_folder_that_cannot_take_the_export() {
    let p = person();
    // Not a folder: refused, naming it.
    let file = p.w.dir.path().join("un-fichier.txt");
    std::fs::write(&file, "x").unwrap();
    let error = p.w.db.write(|tx| access::export_person(tx, p.id, &file, today())).unwrap_err().to_string();
    assert!(error.contains("un-fichier.txt") && error.contains("n'est pas un dossier"), "{error}");

    // A folder without the right to write: refused, naming it, empty afterwards. (Root
    // writes anywhere: the check stands where the system refuses.)
    use std::os::unix::fs::PermissionsExt;
    let locked = p.w.dir.path().join("verrouille");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o500)).unwrap();
    if std::fs::write(locked.join("essai"), "x").is_err() {
        let error = p.w.db.write(|tx| access::export_person(tx, p.id, &locked, today())).unwrap_err().to_string();
        assert!(error.contains("verrouille") && error.contains("Impossible d'écrire"), "{error}");
        assert_eq!(std::fs::read_dir(&locked).unwrap().count(), 0);
    }
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o700)).unwrap();
    // Nothing was journalled for a refused export.
    let entries =
        p.w.db.read(|c| journal::all(c, &JournalQuery { action: Some(Action::Export), ..Default::default() })).unwrap();
    assert!(entries.is_empty(), "{entries:?}");
}
