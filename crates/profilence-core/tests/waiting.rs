//! Who is waiting to be promoted: the pool filtered and sorted by the last sending (« jamais
//! promu », « pas promu depuis N jours ») and the « À promouvoir » view, on four people
//! whose sendings are known by hand. Today is 20 December 2026.

mod common;

use chrono::{DateTime, Local, NaiveDate, TimeZone};
use common::{BOULANGER, candidate, world::counsellor};
use profilence_core::{
    Database,
    candidates::{self, CandidateQuery, CandidateSort, Unpromoted},
    choices::{EventKind, PromotionChannel},
    list::Paging,
    promotions::{self, Confirmations, Delivery, EventInput, PromoteInput, PromotionTarget},
    settings::{self, PromotionSettings},
};

fn on(month: u32, day: u32) -> DateTime<Local> {
    Local.with_ymd_and_hms(2026, month, day, 10, 0, 0).unwrap()
}

fn today() -> NaiveDate {
    on(12, 20).date_naive()
}

/// Karim (consent 01/06/2026, never sent), Léa (01/09, sent 01/11: 49 days ago), Hugo
/// (01/10, a draft made 10/12 and sent 12/12) and Zoé (consent ended 01/01/2025, never sent).
struct Pool {
    _dir: tempfile::TempDir,
    db: Database,
    karim: i64,
    lea: i64,
    hugo: i64,
    zoe: i64,
}

fn pool() -> Pool {
    let w = common::world::World::signed(&counsellor(
        "Claire Morel",
        "Agence de Quimper",
        "0298000000",
        "claire.morel@agence.example",
    ));
    let person = |last: &str, first: &str, consent: &str, expiry: &str| {
        let mut input = candidate(last, first, &[BOULANGER]);
        input.consent_date = consent.into();
        input.consent_expiry = expiry.into();
        w.candidate(&input, today())
    };
    let karim = person("Benali", "Karim", "2026-06-01", "2027-06-01");
    let lea = person("Martin", "Léa", "2026-09-01", "2027-09-01");
    let hugo = person("Petit", "Hugo", "2026-10-01", "2027-10-01");
    let zoe = person("Roux", "Zoé", "2024-01-01", "2025-01-01");
    let firms = w.firms(2);
    let send = |who: i64, firm: i64, when: DateTime<Local>, send: bool| {
        let input = PromoteInput {
            candidate_ids: vec![who],
            targets: vec![PromotionTarget { company_id: firm, contact_id: None }],
            channel: PromotionChannel::Phone,
            job_offer_ref: String::new(),
            pitch_template: "Je vous présente {prénom}.".into(),
            subject_template: String::new(),
            send,
            confirmations: Confirmations::default(),
            anonymous: false,
            sensitive: false,
            delivery: Delivery::Marked,
        };
        w.db.write(|tx| promotions::promote(tx, &input, when)).unwrap()[0].id
    };
    send(lea, firms[0], on(11, 1), true);
    let draft = send(hugo, firms[1], on(12, 10), false);
    // A draft is no sending: Hugo is still « jamais promu » until it goes.
    let never = names(&w.db, &CandidateQuery { unpromoted: Some(Unpromoted::Never), ..CandidateQuery::default() });
    assert_eq!(never, ["Benali", "Petit", "Roux"]);
    let sent = EventInput { kind: Some(EventKind::Sent), ..EventInput::default() };
    w.db.write(|tx| promotions::record_event(tx, &[draft], &sent, on(12, 12))).unwrap();
    Pool { _dir: w.dir, db: w.db, karim, lea, hugo, zoe }
}

fn list(db: &Database, query: &CandidateQuery) -> Vec<candidates::CandidateSummary> {
    let query = CandidateQuery { paging: Paging::first(50), ..query.clone() };
    db.read(|c| candidates::list(c, &query, today())).unwrap().items
}

fn names(db: &Database, query: &CandidateQuery) -> Vec<String> {
    list(db, query).into_iter().map(|c| c.last_name).collect()
}

#[test]
fn the_pool_is_filtered_and_sorted_by_the_last_sending() {
    let p = pool();
    let never = CandidateQuery { unpromoted: Some(Unpromoted::Never), ..CandidateQuery::default() };
    assert_eq!(names(&p.db, &never), ["Benali", "Roux"]);
    // Not for 30 days: Léa (49 days) joins; not for 60 days: she does not.
    let days = |n| CandidateQuery { unpromoted: Some(Unpromoted::Days(n)), ..CandidateQuery::default() };
    assert_eq!(names(&p.db, &days(30)), ["Benali", "Martin", "Roux"]);
    assert_eq!(names(&p.db, &days(60)), ["Benali", "Roux"]);
    // Hugo, sent 8 days ago, is promoted within 8 days but not within 7.
    assert_eq!(names(&p.db, &days(9)), ["Benali", "Martin", "Roux"]);
    assert_eq!(names(&p.db, &days(8)), ["Benali", "Martin", "Petit", "Roux"]);

    // Never sent first (by id), then the longest ago; descending the other way.
    let by_sending = CandidateQuery { sort: CandidateSort::LastSent, ..CandidateQuery::default() };
    assert_eq!(names(&p.db, &by_sending), ["Benali", "Roux", "Martin", "Petit"]);
    let rows = list(&p.db, &by_sending);
    let sent: Vec<(i64, Option<NaiveDate>)> = rows.iter().map(|r| (r.id, r.last_sent_on)).collect();
    assert_eq!(
        sent,
        [
            (p.karim, None),
            (p.zoe, None),
            (p.lea, Some(on(11, 1).date_naive())),
            (p.hugo, Some(on(12, 12).date_naive()))
        ]
    );
    let latest_first = CandidateQuery { descending: true, ..by_sending };
    assert_eq!(names(&p.db, &latest_first), ["Petit", "Martin", "Roux", "Benali"]);
}

#[test]
fn a_promotion_to_do_lists_those_with_a_valid_consent_not_sent_for_the_days_of_the_settings() {
    let p = pool();
    // Oldest consent first: Karim (June), Léa (September). Zoé's consent has ended; Hugo
    // was sent 8 days ago.
    let waiting = CandidateQuery { waiting: true, sort: CandidateSort::ConsentDate, ..CandidateQuery::default() };
    assert_eq!(names(&p.db, &waiting), ["Benali", "Martin"]);
    let page =
        p.db.read(|c| candidates::list(c, &CandidateQuery { paging: Paging::first(50), ..waiting.clone() }, today()));
    let page = page.unwrap();
    assert_eq!((page.total, page.at_least), (2, None));

    // Sixty days in Paramètres: Léa (49 days) is no longer waiting.
    let settings = PromotionSettings { waiting_days: 60, ..settings::PromotionSettings::default() };
    p.db.write(|tx| settings::update_promotion_settings(tx, &settings)).unwrap();
    assert_eq!(names(&p.db, &waiting), ["Benali"]);
    // A new sending takes Karim out of it at once.
    let firm = p.db.read(|c| Ok(c.query_row("SELECT min(id) FROM companies", [], |r| r.get::<_, i64>(0))?)).unwrap();
    let input = PromoteInput {
        candidate_ids: vec![p.karim],
        targets: vec![PromotionTarget { company_id: firm, contact_id: None }],
        channel: PromotionChannel::Visit,
        job_offer_ref: String::new(),
        pitch_template: "Je vous présente {prénom}.".into(),
        subject_template: String::new(),
        send: true,
        confirmations: Confirmations::default(),
        anonymous: false,
        sensitive: false,
        delivery: Delivery::Marked,
    };
    p.db.write(|tx| promotions::promote(tx, &input, on(12, 20))).unwrap();
    assert!(names(&p.db, &waiting).is_empty());

    // Zero days is refused in French, naming the field.
    let none = PromotionSettings { waiting_days: 0, ..settings::PromotionSettings::default() };
    let refused = p.db.write(|tx| settings::update_promotion_settings(tx, &none)).unwrap_err();
    assert_eq!(common::fields(refused)[0].0, "waitingDays");
}
