//! The journal records what the counsellor does, with the fields an edit changed, in the
//! transaction of the change itself, and never a person's name or values.

mod common;

use chrono::{Local, TimeZone};
use common::{BOULANGER, candidate, company, database_with_referentials, today};
use profilence_core::{
    candidates,
    choices::PromotionChannel,
    companies,
    journal::{self, Action, JournalEntry, JournalQuery, Subject},
    promotions::{self, Confirmations, PromoteInput},
    settings::{self, CounsellorSettings},
};

fn entries(db: &profilence_core::Database) -> Vec<JournalEntry> {
    db.read(|c| journal::all(c, &JournalQuery::default())).unwrap()
}

/// The counsellor of Paramètres, who signs what she does.
fn claire() -> CounsellorSettings {
    CounsellorSettings {
        name: "Claire Morel".into(),
        agency: "France Travail Rennes Nord".into(),
        phone: "0299123456".into(),
        email: "claire.morel@agence.example".into(),
    }
}

#[test]
fn creations_edits_and_settings_are_journaled_with_fields_not_values() {
    let (_dir, db) = database_with_referentials();
    let before = entries(&db).len();
    let me = claire();
    db.write(|tx| settings::update(tx, &me)).unwrap();
    let input = candidate("Kerbrat", "Maëlys", &[BOULANGER]);
    let id = db.write(|tx| candidates::create(tx, &input, today(), false)).unwrap().id;
    let mut edited = input.clone();
    edited.email = "maelys.k@courriel.example".into();
    edited.phone = "0698765432".into();
    db.write(|tx| candidates::update(tx, id, &edited, today())).unwrap();
    let firm = db.write(|tx| companies::create(tx, &company("Boulangerie Le Goff", "73282932000074"))).unwrap().id;

    let all = entries(&db);
    let new: Vec<(Action, Subject, &str)> =
        all[before..].iter().map(|e| (e.action, e.subject, e.detail.as_str())).collect();
    assert_eq!(
        new,
        [
            (Action::SettingsChanged, Subject::Settings, "Conseiller · Champs modifiés : agency, email, name, phone"),
            (Action::Create, Subject::Candidate(id), ""),
            (Action::Edit, Subject::Candidate(id), "Champs modifiés : email, phone"),
            (Action::Create, Subject::Company(firm), ""),
        ]
    );
    // The author is the counsellor of the settings from the entry that named them on.
    assert!(all[before + 1..].iter().all(|e| e.counsellor == "Claire Morel"));
    let text = serde_json::to_string(&all).unwrap();
    for personal in ["Kerbrat", "Maëlys", "courriel.example", "0698765432"] {
        assert!(!text.contains(personal), "the journal holds « {personal} »");
    }
    assert_eq!(db.read(journal::verify).unwrap().broken, None);
}

/// A change refused (invalid input) leaves no entry: the entry lands with what it records.
#[test]
fn a_refused_change_leaves_no_entry() {
    let (_dir, db) = database_with_referentials();
    let before = entries(&db).len();
    let mut input = candidate("Le Bihan", "Erwan", &[BOULANGER]);
    input.email = "pas-une-adresse".into();
    assert!(db.write(|tx| candidates::create(tx, &input, today(), false)).is_err());
    assert_eq!(entries(&db).len(), before);
}

/// A promotion created, then sent: its creation (whose, to which company, by number) and
/// its sending are journaled; a draft is created only.
#[test]
fn promotions_created_and_sent_are_journaled() {
    let (_dir, db) = database_with_referentials();
    let lea =
        db.write(|tx| candidates::create(tx, &candidate("Kerbrat", "Léa", &[BOULANGER]), today(), false)).unwrap().id;
    let firm = db.write(|tx| companies::create(tx, &company("Boulangerie Le Goff", "73282932000074"))).unwrap().id;
    let me = claire();
    db.write(|tx| settings::update(tx, &me)).unwrap();
    let before = entries(&db).len();
    let input = |send| PromoteInput {
        channel: PromotionChannel::Phone,
        send,
        confirmations: Confirmations { repeat_reason: "Nouvelle offre".into(), over_contact_limit: false },
        ..common::marked_sent(lea, firm, None)
    };
    let now = Local.with_ymd_and_hms(2026, 11, 16, 10, 0, 0).unwrap();
    let sent = db.write(|tx| promotions::promote(tx, &input(true), now)).unwrap()[0].id;
    let draft = db.write(|tx| promotions::promote(tx, &input(false), now)).unwrap()[0].id;
    let new: Vec<(Action, Subject, String)> =
        entries(&db)[before..].iter().map(|e| (e.action, e.subject, e.detail.clone())).collect();
    let to = format!("candidat·e n° {lea} → entreprise n° {firm}");
    assert_eq!(
        new,
        [
            (
                Action::SheetGenerated,
                Subject::Candidate(lea),
                format!("fiche nominative, sans informations sensibles, promotion n° {sent}")
            ),
            (Action::Create, Subject::Promotion(sent), to.clone()),
            (Action::Send, Subject::Promotion(sent), "Marquée envoyée (canal : Téléphone)".to_owned()),
            (
                Action::SheetGenerated,
                Subject::Candidate(lea),
                format!("fiche nominative, sans informations sensibles, promotion n° {draft}")
            ),
            (Action::Create, Subject::Promotion(draft), to),
        ]
    );
}
