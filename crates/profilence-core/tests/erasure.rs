//! Erasure: after a candidate, a contact or a company is erased, a scan of every table and
//! column of the database (FTS shadow tables included) finds nothing of them, and the
//! dashboard gives the same figures before and after. Consent withdrawn and renewed.

mod common;

use chrono::{DateTime, Local, NaiveDate, TimeZone};
use common::{BOULANGER, PATISSIER, candidate, world::World, world::claire};
use profilence_core::{
    Database, Error, candidates,
    choices::EventKind,
    companies,
    erasure::{self, Why},
    journal::{self, Action, JournalQuery},
    promotions::{self, EventInput, PromoteInput},
    stats::{self, Period, StatsQuery},
};

fn on(month: u32, day: u32) -> DateTime<Local> {
    Local.with_ymd_and_hms(2026, month, day, 10, 0, 0).unwrap()
}

fn day(month: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, d).unwrap()
}

fn promote(db: &Database, candidate: i64, firm: i64, contact: Option<i64>, when: DateTime<Local>) -> i64 {
    let input = PromoteInput {
        pitch_template: "Je vous présente {prénom}, boulangère motivée.".into(),
        subject_template: "Candidature de {prénom} pour {entreprise}".into(),
        ..common::marked_sent(candidate, firm, contact)
    };
    db.write(|tx| promotions::promote(tx, &input, when)).unwrap()[0].id
}

fn comment(db: &Database, promotion: i64, kind: EventKind, text: &str, when: DateTime<Local>) {
    let reason = (kind == EventKind::Refused).then_some(profilence_core::choices::RefusalReason::Distance);
    let input = EventInput { kind: Some(kind), comment: text.into(), reason, ..EventInput::default() };
    db.write(|tx| promotions::record_event(tx, &[promotion], &input, when)).unwrap();
}

/// Every (table, column) of the database whose text holds `needle` (case ignored), with
/// the FTS5 shadow tables on the embedded store (the full-text documents on the server).
fn found(db: &Database, needle: &str) -> Vec<String> {
    db.read(|c| {
        let tables = c.tables()?;
        let mut hits = Vec::new();
        for table in tables {
            for column in c.columns(&table)? {
                // Text, and blobs read as text (a stored sheet, an FTS segment).
                let sql = format!(
                    "SELECT count(*) FROM \"{table}\" WHERE instr(lower(CAST(\"{column}\" AS TEXT)), lower(?1)) > 0"
                );
                let n: i64 = c.query_row(&sql, [needle], |r| r.get(0)).unwrap_or(0);
                if n > 0 {
                    hits.push(format!("{table}.{column}"));
                }
            }
        }
        Ok(hits)
    })
    .unwrap()
}

fn dashboard(db: &Database) -> serde_json::Value {
    let query = StatsQuery {
        period: Period::Custom { from: "2026-10-01".into(), to: "2026-11-30".into() },
        ..StatsQuery::default()
    };
    let mut value = serde_json::to_value(stats::dashboard(db, &query, on(12, 10)).unwrap()).unwrap();
    // The commune a person lived in goes with their address (the department stays): the
    // table by commune moves, and only it.
    if let Some(tables) = value.get_mut("breakdowns").and_then(|t| t.as_array_mut()) {
        tables.retain(|t| t["key"] != "communes");
    }
    // Company names are shown beside their figures; an erased company's changes, its figures do not.
    if let Some(top) = value.get_mut("topCompanies").and_then(|t| t.as_array_mut()) {
        for company in top {
            company["name"] = serde_json::Value::Null;
        }
    }
    value
}

struct Tested {
    world: World,
    lea: i64,
    hugo: i64,
    firms: Vec<i64>,
    promotions: Vec<i64>,
}

/// Léa Martin (RQTH, baker and pastry cook) promoted three times, Hugo Petit once; events
/// whose comments name Léa and the contact.
fn tested() -> Tested {
    let world = World::signed(&claire("Agence de Lyon"));
    let today = day(9, 1);
    let mut lea = candidate("Martin", "Léa", &[BOULANGER, PATISSIER]);
    lea.eligibility.rqth = true;
    lea.email = "lea.martin@courriel.example".into();
    lea.phone = "0687654321".into();
    lea.france_travail_id = "4123456A".into();
    lea.experience = "Cinq ans chez Martin & fils.".into();
    lea.skills = vec![candidates::CandidateSkill { code: None, label: "Kouign-amann de Douarnenez".into() }];
    let lea = world.candidate(&lea, today);
    let hugo = world.candidate(&candidate("Petit", "Hugo", &[BOULANGER]), today);
    let firms = world.firms(3);
    let contact = |firm: i64| world.db.read(|c| companies::get(c, firm)).unwrap().contacts[0].id;
    let db = &world.db;
    let p1 = promote(db, lea, firms[0], Some(contact(firms[0])), on(11, 2));
    comment(db, p1, EventKind::Interested, "Sophie Lambert a rappelé pour Léa Martin (0687654321).", on(11, 5));
    let p2 = promote(db, lea, firms[1], None, on(11, 3));
    comment(db, p2, EventKind::Refused, "Mme Martin habite trop loin.", on(11, 13));
    let p3 = promote(db, lea, firms[2], Some(contact(firms[2])), on(10, 20));
    let p4 = promote(db, hugo, firms[0], Some(contact(firms[0])), on(11, 6));
    comment(db, p4, EventKind::Interested, "Sophie Lambert veut le rencontrer.", on(11, 9));
    Tested { world, lea, hugo, firms, promotions: vec![p1, p2, p3, p4] }
}

#[test]
fn an_erased_candidate_leaves_nothing_and_the_dashboard_does_not_change() {
    let t = tested();
    let db = &t.world.db;
    for needle in
        ["Martin", "Léa", "lea.martin@courriel.example", "0687654321", "4123456A", "Kouign-amann de Douarnenez"]
    {
        assert!(!found(db, needle).is_empty(), "{needle} is stored before");
    }
    let before = dashboard(db);
    let preview = db.read(|c| erasure::erasure_preview(c, t.lea)).unwrap();
    assert_eq!(preview.name, "Léa Martin");
    assert_eq!((preview.counts.promotions_kept, preview.counts.sheets_deleted), (3, 3));
    assert_eq!(
        (preview.counts.target_jobs, preview.counts.skills_deleted, preview.counts.consent_events_deleted),
        (2, 1, 1)
    );
    let summary = db.write(|tx| erasure::erase_candidate(tx, t.lea, Why::Request)).unwrap();
    assert_eq!(summary, preview.counts);
    assert!(
        summary.describe().starts_with("3 promotions gardées anonymes, 3 fiches supprimées"),
        "{}",
        summary.describe()
    );

    for needle in ["Martin", "Léa", "lea.martin", "0687654321", "4123456A", "Kouign-amann de Douarnenez", "martin"] {
        assert_eq!(found(db, needle), Vec::<String>::new(), "{needle} is left");
    }
    let fts: i64 = db
        .read(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM candidates_fts WHERE candidates_fts MATCH 'martin OR lea OR 4123456a'",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(fts, 0, "the search index still finds her");
    // Hugo and the contact, not erased, are still there.
    assert!(!found(db, "Petit").is_empty());
    assert!(!found(db, "Sophie Lambert").is_empty());
    assert_eq!(dashboard(db), before, "the dashboard moved");

    let error = db.read(|c| candidates::get(c, t.lea, day(12, 10))).unwrap_err();
    assert!(matches!(&error, Error::Rule(m) if m.starts_with("Cette personne a été effacée le ")), "{error}");
    let pool = db
        .read(|c| {
            candidates::list(
                c,
                &candidates::CandidateQuery {
                    paging: profilence_core::list::Paging::first(50),
                    ..candidates::CandidateQuery::default()
                },
                day(12, 10),
            )
        })
        .unwrap();
    assert_eq!(pool.items.iter().map(|c| c.id).collect::<Vec<_>>(), vec![t.hugo]);
    let again = db.write(|tx| erasure::erase_candidate(tx, t.lea, Why::Request)).unwrap_err();
    assert!(matches!(again, Error::Rule(_)));
    let entries = db
        .read(|c| {
            journal::list(
                c,
                &JournalQuery {
                    action: Some(Action::Erase),
                    paging: profilence_core::list::Paging::first(50),
                    ..JournalQuery::default()
                },
            )
        })
        .unwrap();
    assert_eq!(entries.items.len(), 1);
    assert!(entries.items[0].detail.contains("3 fiches supprimées"));
}

#[test]
fn an_erased_contact_is_scrubbed_from_the_promotions_addressed_to_them() {
    let t = tested();
    let db = &t.world.db;
    let before = dashboard(db);
    let firm = db.read(|c| companies::get(c, t.firms[0])).unwrap();
    let contact = firm.contacts[0].id;
    let summary = db.write(|tx| erasure::erase_contact(tx, t.firms[0], contact, Why::Request)).unwrap();
    let comments: Vec<(i64, String)> = db
        .read(|c| {
            Ok(c.prepare("SELECT promotion_id, comment FROM promotion_events WHERE comment <> ''")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?)
        })
        .unwrap();
    assert_eq!((summary.promotions_kept, summary.comments_cleared), (2, 2), "{comments:?}");
    // Sophie Lambert is the contact of every firm of the world: firm 0 no longer finds her.
    let query = companies::CompanyQuery {
        search: "Lambert".into(),
        paging: profilence_core::list::Paging::first(50),
        ..companies::CompanyQuery::default()
    };
    let hits = db.read(|c| companies::list(c, &query)).unwrap();
    assert!(hits.items.iter().all(|c| c.id != t.firms[0]));
    assert_eq!(hits.items.len(), 2);
    let texts: Vec<String> = db
        .read(|c| {
            Ok(c.prepare("SELECT comment FROM promotion_events WHERE promotion_id IN (?1, ?2) AND comment <> ''")?
                .query_map([t.promotions[0], t.promotions[3]], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?)
        })
        .unwrap();
    assert!(texts.iter().all(|t| !t.contains("Sophie") && !t.contains("Lambert")), "{texts:?}");
    let remaining: i64 = db
        .read(|c| Ok(c.query_row("SELECT count(*) FROM company_contacts WHERE id = ?1", [contact], |r| r.get(0))?))
        .unwrap();
    assert_eq!(remaining, 0);
    assert_eq!(dashboard(db), before);
}

#[test]
fn an_erased_company_is_a_tombstone_and_the_dashboard_does_not_change() {
    let t = tested();
    let db = &t.world.db;
    let before = dashboard(db);
    let firm = db.read(|c| companies::get(c, t.firms[1])).unwrap();
    let summary = db.write(|tx| erasure::erase_company(tx, t.firms[1])).unwrap();
    assert_eq!((summary.promotions_kept, summary.contacts_deleted), (1, 1));
    for needle in [firm.name.as_str(), firm.siret.as_str(), "12 rue de la Gare", "Recrute avant Noël"] {
        let hits = found(db, needle);
        // The other firms share the address and notes of the test company; none holds this one's name or SIRET.
        if needle == firm.name || needle == firm.siret {
            assert_eq!(hits, Vec::<String>::new(), "{needle} is left");
        }
    }
    assert_eq!(dashboard(db), before);
    let error = db.read(|c| companies::get(c, t.firms[1])).unwrap_err();
    assert!(matches!(&error, Error::Rule(m) if m.starts_with("Cette entreprise a été effacée le ")), "{error}");
    let list = db
        .read(|c| {
            companies::list(
                c,
                &companies::CompanyQuery {
                    paging: profilence_core::list::Paging::first(50),
                    ..companies::CompanyQuery::default()
                },
            )
        })
        .unwrap();
    assert!(list.items.iter().all(|c| c.id != t.firms[1]));
}

#[test]
fn the_events_stay_append_only_outside_an_erasure() {
    let t = tested();
    let error = t
        .world
        .db
        .write(|tx| {
            Ok(tx.execute("UPDATE promotion_events SET comment = '' WHERE promotion_id = ?1", [t.promotions[0]])?)
        })
        .unwrap_err();
    assert!(error.to_string().contains("append-only"), "{error}");
}

#[test]
fn a_withdrawn_consent_stops_promotions_until_it_is_renewed() {
    let t = tested();
    let db = &t.world.db;
    let withdrawal = candidates::WithdrawalInput {
        date: "2026-11-20".into(),
        channel: Some(candidates::ConsentChannel::Written),
        note: "Courrier reçu.".into(),
    };
    db.write(|tx| candidates::withdraw_consent(tx, t.hugo, &withdrawal, day(11, 21))).unwrap();
    let hugo = db.read(|c| candidates::get(c, t.hugo, day(11, 21))).unwrap();
    assert!(!hugo.consent_valid);
    assert!(hugo.consent.is_valid_on(day(11, 19)));
    let kinds: Vec<_> = hugo.consent_history.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, vec![candidates::ConsentEventKind::Given, candidates::ConsentEventKind::Withdrawn]);
    let refused = db.write(|tx| {
        let input = PromoteInput { pitch_template: "Bonjour".into(), ..common::marked_sent(t.hugo, t.firms[2], None) };
        promotions::promote(tx, &input, on(11, 22))
    });
    let error = refused.unwrap_err().to_string();
    assert!(
        error.contains("a retiré son consentement le 20/11/2026") || error.contains("retiré son consentement"),
        "{error}"
    );
    // The form's save keeps the withdrawal and the history.
    let mut input = hugo.to_input();
    input.experience = "Dix ans de fournil.".into();
    db.write(|tx| candidates::update(tx, t.hugo, &input, day(11, 22))).unwrap();
    let hugo = db.read(|c| candidates::get(c, t.hugo, day(11, 22))).unwrap();
    assert_eq!(hugo.consent.withdrawn_on, Some(day(11, 20)));
    assert_eq!(hugo.consent_history.len(), 2);
    // The pool says it: withdrawn, not valid.
    let pool = db
        .read(|c| {
            candidates::list(
                c,
                &candidates::CandidateQuery {
                    paging: profilence_core::list::Paging::first(50),
                    ..candidates::CandidateQuery::default()
                },
                day(11, 22),
            )
        })
        .unwrap();
    let row = pool.items.iter().find(|c| c.id == t.hugo).unwrap();
    assert_eq!((row.consent_valid, row.consent_withdrawn_on), (false, Some(day(11, 20))));

    let renewal = candidates::RenewalInput {
        date: "2026-11-25".into(),
        channel: Some(candidates::ConsentChannel::Oral),
        expiry: "2027-11-25".into(),
    };
    db.write(|tx| candidates::renew_consent(tx, t.hugo, &renewal, day(11, 25))).unwrap();
    let hugo = db.read(|c| candidates::get(c, t.hugo, day(11, 26))).unwrap();
    assert!(hugo.consent_valid);
    assert_eq!((hugo.consent.date, hugo.consent.withdrawn_on), (day(11, 25), None));
    assert_eq!(hugo.consent_history.len(), 3);
    let actions: Vec<Action> = db
        .read(|c| {
            journal::list(
                c,
                &JournalQuery { paging: profilence_core::list::Paging::first(50), ..JournalQuery::default() },
            )
        })
        .unwrap()
        .items
        .iter()
        .map(|e| e.action)
        .collect();
    assert!(actions.contains(&Action::ConsentWithdrawn) && actions.contains(&Action::ConsentRenewed), "{actions:?}");
}
