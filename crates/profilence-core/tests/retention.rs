//! Retention by the clock: a candidate anonymised `candidate_months` after their consent
//! ended or was withdrawn, a contact after their last activity; nothing before the day,
//! everything due the day after, and a consent renewed in time saves the person.

mod common;

use chrono::NaiveDate;
use common::{BOULANGER, candidate, world::World, world::claire};
use profilence_core::{
    Error, candidates,
    journal::{self, Action, JournalQuery},
    list::Paging,
    retention::{self, DueKind},
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn candidates_fall_due_months_after_their_consent_ended() {
    let world = World::signed(&claire("Agence de Lyon"));
    let db = &world.db;
    let mut lea = candidate("Martin", "Léa", &[BOULANGER]);
    (lea.consent_date, lea.consent_expiry) = ("2024-01-10".into(), "2025-01-10".into());
    let lea = world.candidate(&lea, d(2024, 1, 10));
    let mut hugo = candidate("Petit", "Hugo", &[BOULANGER]);
    (hugo.consent_date, hugo.consent_expiry) = ("2024-01-10".into(), "2025-01-10".into());
    let hugo = world.candidate(&hugo, d(2024, 1, 10));
    let mut ines = candidate("Haddad", "Inès", &[BOULANGER]);
    (ines.consent_date, ines.consent_expiry) = ("2024-06-01".into(), "2026-06-01".into());
    let ines = world.candidate(&ines, d(2024, 6, 1));
    // Inès withdrew on 15/06/2024: due 24 months later, before her consent's end.
    let withdrawal = candidates::WithdrawalInput {
        date: "2024-06-15".into(),
        channel: Some(candidates::ConsentChannel::Oral),
        note: String::new(),
    };
    db.write(|tx| candidates::withdraw_consent(tx, ines, &withdrawal, d(2024, 6, 20))).unwrap();

    let due = db.read(|c| retention::due(c, d(2026, 12, 15), 30)).unwrap();
    let seen: Vec<(DueKind, i64, NaiveDate)> = due.iter().map(|r| (r.kind, r.id, r.due_on)).collect();
    assert_eq!(
        seen.iter().filter(|(k, ..)| *k == DueKind::Candidate).cloned().collect::<Vec<_>>(),
        vec![
            (DueKind::Candidate, ines, d(2026, 6, 15)),
            (DueKind::Candidate, lea, d(2027, 1, 10)),
            (DueKind::Candidate, hugo, d(2027, 1, 10))
        ]
    );
    assert_eq!(due[0].reason, "consentement retiré le 15/06/2024");
    assert_eq!(due[1].reason, "consentement expiré le 10/01/2025");
    let earlier = db.read(|c| retention::due(c, d(2026, 5, 1), 30)).unwrap();
    assert!(earlier.is_empty(), "{earlier:?}");

    // Hugo renews in time: he is no longer due.
    let renewal = candidates::RenewalInput {
        date: "2027-01-05".into(),
        channel: Some(candidates::ConsentChannel::Written),
        expiry: String::new(),
    };
    db.write(|tx| candidates::renew_consent(tx, hugo, &renewal, d(2027, 1, 5))).unwrap();

    // The day before: nothing applied (Inès was already due in June 2026).
    let run = db.write(|tx| retention::apply(tx, d(2027, 1, 9))).unwrap();
    assert_eq!(run.candidates, 1);
    assert!(matches!(db.read(|c| candidates::get(c, ines, d(2027, 1, 9))), Err(Error::Rule(_))));
    assert!(db.read(|c| candidates::get(c, lea, d(2027, 1, 9))).is_ok());
    // The day after: Léa goes, Hugo stays.
    let run = db.write(|tx| retention::apply(tx, d(2027, 1, 11))).unwrap();
    assert_eq!(run.candidates, 1);
    assert!(matches!(db.read(|c| candidates::get(c, lea, d(2027, 1, 11))), Err(Error::Rule(_))));
    assert!(db.read(|c| candidates::get(c, hugo, d(2027, 1, 11))).unwrap().consent_valid);
    assert_eq!(db.read(retention::settings).unwrap().last_run_on, Some(d(2027, 1, 11)));
    let query = JournalQuery { action: Some(Action::Anonymise), paging: Paging::first(50), ..JournalQuery::default() };
    let entries = db.read(|c| journal::list(c, &query)).unwrap().items;
    // One entry per record, one per run that took something.
    assert_eq!(entries.len(), 4, "{entries:?}");
    assert!(entries.iter().all(|e| !e.detail.contains("Martin") && !e.detail.contains("Haddad")));
}

#[test]
fn contacts_fall_due_after_their_last_activity_and_durations_are_checked() {
    let world = World::signed(&claire("Agence de Lyon"));
    let db = &world.db;
    world.firms(1);
    let today = chrono::Local::now().date_naive();
    // Saved today: due in 24 months, not within 30 days.
    assert!(db.read(|c| retention::due(c, today, 30)).unwrap().is_empty());
    let in_two_years = today.checked_add_months(chrono::Months::new(24)).unwrap();
    let due = db.read(|c| retention::due(c, in_two_years, 0)).unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!((due[0].kind, due[0].name.as_str()), (DueKind::Contact, "Sophie Lambert"));
    let run = db.write(|tx| retention::apply(tx, in_two_years)).unwrap();
    assert_eq!((run.candidates, run.contacts), (0, 1));
    assert!(db.read(|c| retention::due(c, in_two_years, 30)).unwrap().is_empty());

    let error = db.write(|tx| retention::update_settings(tx, 0, 24)).unwrap_err();
    assert!(matches!(error, Error::Validation(_)));
    let set = db.write(|tx| retention::update_settings(tx, 36, 12)).unwrap();
    assert_eq!((set.candidate_months, set.contact_months), (36, 12));
}
