//! Who is promoted and who is not: the share of the consenting pool never promoted and its
//! trend, and the profiles (target jobs, publics, counsellors' pools) promoted most and
//! least and leading to interviews — on a small pool counted by hand.

mod common;

use chrono::{DateTime, Local, TimeZone};
use common::{
    BOULANGER, ELECTRICIEN, PATISSIER, candidate,
    world::{World, counsellor},
};
use profilence_core::{
    Database,
    choices::{ContractType, EventKind},
    promotions::{self, EventInput},
    stats::{
        self, Period, StatsQuery,
        reach::{ProfileRow, ProfileTableKey},
    },
};

fn on(year: i32, month: u32, day: u32) -> DateTime<Local> {
    Local.with_ymd_and_hms(year, month, day, 9, 0, 0).unwrap()
}

/// Every figure is computed on 10/12/2026 unless said.
fn now() -> DateTime<Local> {
    on(2026, 12, 10)
}

const CLAIRE: &str = "Claire Morel";
const JULIEN: &str = "Julien Lefèvre";

fn promote(db: &Database, candidate: i64, firm: i64, when: DateTime<Local>) -> i64 {
    let input = common::marked_sent(candidate, firm, None);
    db.write(|tx| promotions::promote(tx, &input, when)).unwrap()[0].id
}

fn record(db: &Database, id: i64, input: EventInput, when: DateTime<Local>) {
    db.write(|tx| promotions::record_event(tx, &[id], &input, when)).unwrap();
}

fn interview(db: &Database, id: i64, when: DateTime<Local>) {
    let input = EventInput {
        kind: Some(EventKind::InterviewPlanned),
        interview_at: "2026-11-20T10:00".into(),
        ..EventInput::default()
    };
    record(db, id, input, when);
}

/// Consent from 01/09/2026 to 01/09/2027 unless said; born 12/04/1990 (36) unless said.
///
/// | who | job | counsellor | else |
/// |---|---|---|---|
/// | Léa, Hugo, Karim, Éloïse | boulanger D1102 | Claire | Léa RQTH |
/// | Nadia | boulanger D1102 | Claire | born 03/03/1970 (56) |
/// | Paul | boulanger D1102 | Claire | consent 01/01/2025 to 31/10/2026 |
/// | Zoé | pâtissière D1104 | Claire | |
/// | Inès | électricienne F1602 | Julien | born 08/11/2000: 26 on 08/11/2026 |
/// | Yanis | électricien F1602 | Julien | born 01/01/2003 (23) |
/// | Chloé | électricienne F1602 | Julien | |
/// | Malik | électricien F1602 | Julien | born 05/05/1975 (51) |
/// | Sarah | électricienne F1602 | Julien | consent from 10/11/2026 |
///
/// Promotions (all by e-mail): Karim 15/10 (before November); Léa 02/11 (interview 05/11,
/// hired 20/11) and 03/11; Hugo 04/11 (interview 10/11); Inès 05/11 (aged 25) and 12/11
/// (aged 26); Yanis 06/11 (interview 10/11); Chloé 13/11; Malik 14/11.
struct Pool {
    _dir: tempfile::TempDir,
    db: Database,
}

fn pool() -> Pool {
    let w = World::signed(&counsellor(CLAIRE, "Agence de Lyon", "0472000000", "claire@agence.example"));
    let today = on(2026, 12, 1).date_naive();
    let person = |last: &str, first: &str, job: i64, who: &str, born: &str, consent: (&str, &str)| {
        let mut input = candidate(last, first, &[job]);
        input.counsellor = who.into();
        if !born.is_empty() {
            input.birth_date = born.into();
        }
        (input.consent_date, input.consent_expiry) = (consent.0.into(), consent.1.into());
        input.eligibility.rqth = first == "Léa";
        w.candidate(&input, today)
    };
    let usual = ("2026-09-01", "2027-09-01");
    let lea = person("Martin", "Léa", BOULANGER, CLAIRE, "", usual);
    let hugo = person("Petit", "Hugo", BOULANGER, CLAIRE, "", usual);
    let karim = person("Benali", "Karim", BOULANGER, CLAIRE, "", usual);
    person("Garnier", "Éloïse", BOULANGER, CLAIRE, "", usual);
    person("Haddad", "Nadia", BOULANGER, CLAIRE, "1970-03-03", usual);
    person("Roussel", "Paul", BOULANGER, CLAIRE, "", ("2025-01-01", "2026-10-31"));
    person("Roux", "Zoé", PATISSIER, CLAIRE, "", usual);
    let ines = person("Nguyen", "Inès", ELECTRICIEN, JULIEN, "2000-11-08", usual);
    let yanis = person("Mercier", "Yanis", ELECTRICIEN, JULIEN, "2003-01-01", usual);
    let chloe = person("Fabre", "Chloé", ELECTRICIEN, JULIEN, "", usual);
    let malik = person("Diallo", "Malik", ELECTRICIEN, JULIEN, "1975-05-05", usual);
    person("Lambert", "Sarah", ELECTRICIEN, JULIEN, "", ("2026-11-10", "2027-11-10"));
    let firms = w.firms(4);
    let db = &w.db;
    promote(db, karim, firms[0], on(2026, 10, 15));
    let p = promote(db, lea, firms[0], on(2026, 11, 2));
    interview(db, p, on(2026, 11, 5));
    let hired = EventInput {
        kind: Some(EventKind::Hired),
        contract_type: Some(ContractType::Cdi),
        start_date: "2026-12-01".into(),
        ..EventInput::default()
    };
    record(db, p, hired, on(2026, 11, 20));
    promote(db, lea, firms[1], on(2026, 11, 3));
    let p = promote(db, hugo, firms[2], on(2026, 11, 4));
    interview(db, p, on(2026, 11, 10));
    promote(db, ines, firms[3], on(2026, 11, 5));
    let p = promote(db, yanis, firms[0], on(2026, 11, 6));
    interview(db, p, on(2026, 11, 10));
    promote(db, ines, firms[1], on(2026, 11, 12));
    promote(db, chloe, firms[2], on(2026, 11, 13));
    promote(db, malik, firms[3], on(2026, 11, 14));
    Pool { _dir: w.dir, db: w.db }
}

fn november() -> StatsQuery {
    StatsQuery { period: Period::Month { on: Some(on(2026, 11, 15).date_naive()) }, ..StatsQuery::default() }
}

fn dashboard(db: &Database, query: &StatsQuery, at: DateTime<Local>) -> stats::Dashboard {
    db.read(|c| stats::compute(c, query, at)).unwrap()
}

/// (key, pool, promoted, promotions, interviews, hires) of each row.
fn rows(d: &stats::Dashboard, key: ProfileTableKey) -> Vec<(String, u32, u32, u32, u32, u32)> {
    let table = d.profiles.tables.iter().find(|t| t.key == key).unwrap();
    table
        .rows
        .iter()
        .map(|r: &ProfileRow| (r.key.clone(), r.pool, r.promoted, r.promotions, r.interviews, r.hires))
        .collect()
}

fn row(key: &str, figures: (u32, u32, u32, u32, u32)) -> (String, u32, u32, u32, u32, u32) {
    (key.to_owned(), figures.0, figures.1, figures.2, figures.3, figures.4)
}

#[test]
fn the_never_promoted_and_their_trend_from_consent_and_first_sending_dates() {
    let p = pool();
    let d = dashboard(&p.db, &november(), now());
    let never = &d.never_promoted;
    // 30/11: eleven consenting (Paul's consent ended 31/10); Nadia, Éloïse, Zoé, Sarah never promoted.
    assert_eq!((never.now.on.to_string(), never.now.pool, never.now.never), ("2026-11-30".into(), 11, 4));
    assert_eq!(never.now.share, Some(4.0 / 11.0));
    let trend: Vec<(String, u32, u32)> = never.trend.iter().map(|t| (t.on.to_string(), t.pool, t.never)).collect();
    assert_eq!(trend.len(), 12);
    assert_eq!(trend[0], ("2025-12-31".into(), 1, 1), "Paul alone, in 2025");
    assert_eq!(trend[8], ("2026-08-31".into(), 1, 1));
    assert_eq!(trend[9], ("2026-09-30".into(), 11, 11), "Paul and ten from 01/09, Sarah not yet");
    assert_eq!(trend[10], ("2026-10-31".into(), 11, 10), "Karim promoted on 15/10");
    assert_eq!(trend[11], ("2026-11-30".into(), 11, 4));
    assert_eq!(never.trend[11].label, "nov. 2026");
    // Julien's pool: Sarah alone never promoted.
    let julien = dashboard(&p.db, &StatsQuery { counsellor: Some(JULIEN.into()), ..november() }, now());
    assert_eq!((julien.never_promoted.now.pool, julien.never_promoted.now.never), (5, 1));
    // While the period runs on, the day counted is today.
    let december = StatsQuery { period: Period::Month { on: Some(now().date_naive()) }, ..StatsQuery::default() };
    let running = dashboard(&p.db, &december, now());
    assert_eq!(running.never_promoted.now.on, now().date_naive());
    assert_eq!((running.never_promoted.now.pool, running.never_promoted.now.never), (11, 4));
}

#[test]
fn profiles_promoted_most_least_and_to_interviews() {
    let p = pool();
    let d = dashboard(&p.db, &november(), now());
    // Boulanger: Léa, Hugo, Karim, Éloïse, Nadia (5, Paul's consent ended); Léa and Hugo promoted.
    let bakers = row("D1102", (5, 2, 3, 2, 1));
    // Électricien: five; all but Sarah promoted, five promotions, Yanis's interview.
    let electricians = row("F1602", (5, 4, 5, 1, 0));
    assert_eq!(rows(&d, ProfileTableKey::JobsMostPromoted), [electricians.clone(), bakers.clone()]);
    assert_eq!(rows(&d, ProfileTableKey::JobsLeastPromoted), [bakers, electricians.clone()]);
    // Pâtissière (one in the pool) ranks in neither; boulanger has 3 promotions, under 5.
    assert_eq!(rows(&d, ProfileTableKey::JobsToInterviews), [electricians]);
    let most = &d.profiles.tables[0].rows[0];
    assert_eq!(most.label, "Électricien / Électricienne du bâtiment (F1602)");
    assert_eq!((most.promoted_share, most.interview_rate), (Some(0.8), Some(0.2)));
    assert_eq!((d.profiles.min_pool, d.profiles.min_promotions), (5, 5));
    // Publics: Inès counts under 26 for her promotion of 05/11 only, Malik over 50.
    assert_eq!(
        rows(&d, ProfileTableKey::Publics),
        [
            row("rqth", (1, 1, 2, 1, 1)),
            row("rsa", (0, 0, 0, 0, 0)),
            row("under26", (2, 2, 2, 1, 0)),
            row("over50", (2, 1, 1, 0, 0)),
            row("qpv", (0, 0, 0, 0, 0)),
            row("longTermUnemployed", (0, 0, 0, 0, 0)),
        ]
    );
    // Counsellors' pools, most promoted first.
    assert_eq!(rows(&d, ProfileTableKey::Counsellors), [row(JULIEN, (5, 4, 5, 1, 0)), row(CLAIRE, (6, 2, 3, 2, 1))]);
}

/// Past figures do not move: read a year later (everyone older, Inès long past 26), or
/// after a promotion sent in December, November's figures are the same.
#[test]
fn the_figures_of_a_past_month_stay_as_time_passes_and_later_promotions_come() {
    let p = pool();
    let before = dashboard(&p.db, &november(), now());
    let a_year_later = dashboard(&p.db, &november(), on(2027, 12, 10));
    assert_eq!(a_year_later.never_promoted, before.never_promoted);
    assert_eq!(a_year_later.profiles, before.profiles);
    let nadia =
        p.db.read(|c| {
            let query = profilence_core::candidates::CandidateQuery { search: "nadia".into(), ..Default::default() };
            profilence_core::candidates::list(c, &query, now().date_naive())
        })
        .unwrap()
        .items[0]
            .id;
    let firm = p.db.read(|c| Ok(c.query_row("SELECT min(id) FROM companies", [], |r| r.get::<_, i64>(0))?)).unwrap();
    promote(&p.db, nadia, firm, on(2026, 12, 2));
    let after = dashboard(&p.db, &november(), now());
    assert_eq!(after.never_promoted, before.never_promoted);
    assert_eq!(after.profiles, before.profiles);
    // …while December's count sees her promoted.
    let december = StatsQuery { period: Period::Month { on: Some(now().date_naive()) }, ..StatsQuery::default() };
    assert_eq!(dashboard(&p.db, &december, now()).never_promoted.now.never, 3);
}

#[test]
fn the_export_holds_the_never_promoted_and_the_profiles() {
    let p = pool();
    let folder = tempfile::tempdir().unwrap();
    let input = stats::export::ExportInput {
        query: november(),
        format: stats::export::ExportFormat::Csv,
        folder: folder.path().display().to_string(),
    };
    let csv = stats::export::export(&p.db, &input, now()).unwrap();
    let text = std::fs::read_to_string(&csv.path).unwrap();
    for line in [
        "Jamais promus",
        "Au;Mois;Vivier consentant;Jamais promus;Part jamais promue",
        "31/10/2026;oct. 2026;11;10;90,9 %",
        "30/11/2026;nov. 2026;11;4;36,4 %",
        "Métiers visés les plus promus",
        "Métier visé;Vivier;Promus;Part promue;Promotions;Entretiens;Taux d'entretien;Embauches",
        "Électricien / Électricienne du bâtiment (F1602);5;4;80,0 %;5;1;20,0 %;0",
        "Moins de 26 ans;2;2;100,0 %;2;1;50,0 %;0",
        "Julien Lefèvre;5;4;80,0 %;5;1;20,0 %;0",
    ] {
        assert!(text.lines().any(|l| l == line), "no line {line:?} in\n{text}");
    }
    let input = stats::export::ExportInput { format: stats::export::ExportFormat::Xlsx, ..input };
    let xlsx = stats::export::export(&p.db, &input, now()).unwrap();
    assert_eq!(&std::fs::read(&xlsx.path).unwrap()[..2], b"PK");
}
