//! Dashboards: every indicator on a fixed, hand-made set of promotions whose expected
//! values were computed by hand — answers after the period's end, promotions sent before
//! it, withdrawn ones, a draft, a correction that cancels a refusal, the filters, an empty
//! period and an empty database — and the promotions behind each figure.

mod common;

use chrono::{DateTime, Local, NaiveDate, TimeZone};
use common::{
    BOULANGER, ELECTRICIEN, PATISSIER, candidate, database_with_referentials,
    world::{World, counsellor},
};
use profilence_core::{
    Database, Error, candidates,
    choices::{ContractType, EventKind, PromotionChannel, RefusalReason},
    hiring_aids::Public,
    import::{self, Cancel, ImportOptions},
    list::{Page, Paging},
    promotions::{self, Confirmations, Delivery, EventInput, PromoteInput, Promotion, PromotionQuery, PromotionTarget},
    settings::CounsellorSettings,
    stats::{
        self, Figure, FigureQuery, Period, StatsQuery,
        export::{ExportFormat, ExportInput},
        indicators::{Indicator, IndicatorValue},
    },
};

/// A day of 2026 at `hour`, local time.
fn on(month: u32, day: u32, hour: u32) -> DateTime<Local> {
    Local.with_ymd_and_hms(2026, month, day, hour, 0, 0).unwrap()
}

fn day(month: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, d).unwrap()
}

/// The moment every figure below is computed at: 10 December 2026.
fn now() -> DateTime<Local> {
    on(12, 10, 9)
}

const CLAIRE: &str = "Claire Morel";
const JULIEN: &str = "Julien Lefèvre";
const LYON: &str = "Agence France Travail de Lyon Part-Dieu";
const VILLEURBANNE: &str = "Mission Locale de Villeurbanne";

struct Tested {
    _dir: tempfile::TempDir,
    db: Database,
    firms: Vec<i64>,
    /// P1…P10 as in `world`'s comments (index 0 = P1).
    p: Vec<i64>,
}

fn sign_as(name: &str, agency: &str) -> CounsellorSettings {
    counsellor(name, agency, "0472000000", "conseil@agence.example")
}

fn promote(
    db: &Database,
    candidate: i64,
    firm: i64,
    channel: PromotionChannel,
    when: DateTime<Local>,
    send: bool,
) -> i64 {
    let input = PromoteInput {
        candidate_ids: vec![candidate],
        targets: vec![PromotionTarget { company_id: firm, contact_id: None }],
        channel,
        job_offer_ref: String::new(),
        pitch_template: "Je vous présente {prénom}.".into(),
        subject_template: String::new(),
        send,
        confirmations: Confirmations { repeat_reason: String::new(), over_contact_limit: true },
        anonymous: false,
        sensitive: false,
        delivery: Delivery::Marked,
    };
    db.write(|tx| promotions::promote(tx, &input, when)).unwrap()[0].id
}

fn record(db: &Database, id: i64, input: EventInput, when: DateTime<Local>) {
    db.write(|tx| promotions::record_event(tx, &[id], &input, when)).unwrap();
}

fn event(kind: EventKind) -> EventInput {
    EventInput { kind: Some(kind), ..EventInput::default() }
}

fn refusal(kind: EventKind, reason: RefusalReason) -> EventInput {
    EventInput { reason: Some(reason), ..event(kind) }
}

/// Four candidates with consent from 01/09/2026 to 01/09/2027 — Léa (RQTH, bakery and
/// pastry: domain D11), Hugo (bakery), Karim (bakery, never promoted), followed by
/// Claire; Inès (under 26, electrician: domain F16), followed by Julien — and Zoé, whose
/// consent ran in 2025 only. Claire (Lyon) signs P1–P4, P7–P9; Julien (Villeurbanne)
/// P5, P6, P10:
///
/// | | who → where | channel | sent | then |
/// |---|---|---|---|---|
/// | P1 | Léa → firm 0 | e-mail | 02/11 | interested 06/11, interview 10/11, hired 20/11 |
/// | P2 | Léa → firm 1 | phone | 03/11 | refused (distance) 13/11 |
/// | P3 | Hugo → firm 0 | e-mail | 05/11 | reminded 12/11 |
/// | P4 | Hugo → firm 2 | visit | 20/11 | kept on file 03/12 (after the period) |
/// | P5 | Inès → firm 1 | e-mail | 25/11 | withdrawn 27/11 |
/// | P6 | Inès → firm 3 | e-mail | 26/11 | refused 28/11, corrected 29/11 |
/// | P7 | Léa → firm 3 | e-mail | draft 10/11 | withdrawn 11/11, never sent |
/// | P8 | Léa → firm 2 | e-mail | 20/10 | interested 05/11 |
/// | P9 | Hugo → firm 3 | e-mail | 02/12 | |
/// | P10 | Inès → firm 0 | event | 15/11 | interview 18/11, not retained (experience) 25/11 |
fn world() -> Tested {
    let w = World::signed(&sign_as(CLAIRE, LYON));
    let today = on(9, 1, 9).date_naive();
    let mut people = Vec::new();
    for (last, first, jobs, counsellor) in [
        ("Martin", "Léa", &[BOULANGER, PATISSIER][..], CLAIRE),
        ("Petit", "Hugo", &[BOULANGER][..], CLAIRE),
        ("Haddad", "Inès", &[ELECTRICIEN][..], JULIEN),
        ("Benali", "Karim", &[BOULANGER][..], CLAIRE),
    ] {
        let mut input = candidate(last, first, jobs);
        input.counsellor = counsellor.into();
        input.eligibility.rqth = first == "Léa";
        if first == "Inès" {
            input.birth_date = "2004-03-08".into();
        }
        people.push(w.candidate(&input, today));
    }
    let mut zoe = candidate("Roux", "Zoé", &[BOULANGER]);
    zoe.counsellor = CLAIRE.into();
    zoe.consent_date = "2025-01-01".into();
    zoe.consent_expiry = "2025-12-31".into();
    w.candidate(&zoe, today);
    let firms = w.firms(4);
    let (lea, hugo, ines) = (people[0], people[1], people[2]);
    let db = &w.db;
    use EventKind as E;
    use PromotionChannel as C;
    let p1 = promote(db, lea, firms[0], C::Email, on(11, 2, 9), true);
    record(db, p1, event(E::Interested), on(11, 6, 14));
    record(
        db,
        p1,
        EventInput { interview_at: "2026-11-14T10:00".into(), ..event(E::InterviewPlanned) },
        on(11, 10, 14),
    );
    record(
        db,
        p1,
        EventInput { contract_type: Some(ContractType::Cdi), start_date: "2026-12-01".into(), ..event(E::Hired) },
        on(11, 20, 14),
    );
    let p2 = promote(db, lea, firms[1], C::Phone, on(11, 3, 9), true);
    record(db, p2, refusal(E::Refused, RefusalReason::Distance), on(11, 13, 14));
    let p3 = promote(db, hugo, firms[0], C::Email, on(11, 5, 9), true);
    record(db, p3, event(E::Reminded), on(11, 12, 14));
    let p4 = promote(db, hugo, firms[2], C::Visit, on(11, 20, 9), true);
    record(db, p4, event(E::KeptOnFile), on(12, 3, 14));
    let p7 = promote(db, lea, firms[3], C::Email, on(11, 10, 9), false);
    record(db, p7, event(E::Withdrawn), on(11, 11, 9));
    let p8 = promote(db, lea, firms[2], C::Email, on(10, 20, 9), true);
    record(db, p8, event(E::Interested), on(11, 5, 14));
    let p9 = promote(db, hugo, firms[3], C::Email, on(12, 2, 9), true);
    w.sign(&sign_as(JULIEN, VILLEURBANNE));
    let p5 = promote(db, ines, firms[1], C::Email, on(11, 25, 9), true);
    record(db, p5, event(E::Withdrawn), on(11, 27, 9));
    let p6 = promote(db, ines, firms[3], C::Email, on(11, 26, 9), true);
    record(db, p6, refusal(E::Refused, RefusalReason::NoVacancy), on(11, 28, 9));
    record(
        db,
        p6,
        EventInput { comment: "Refus noté sur la mauvaise promotion".into(), ..event(E::Correction) },
        on(11, 29, 9),
    );
    let p10 = promote(db, ines, firms[0], C::Event, on(11, 15, 9), true);
    record(db, p10, EventInput { interview_at: "2026-11-20".into(), ..event(E::InterviewPlanned) }, on(11, 18, 9));
    record(db, p10, refusal(E::NotRetained, RefusalReason::Experience), on(11, 25, 9));
    let p = vec![p1, p2, p3, p4, p5, p6, p7, p8, p9, p10];
    Tested { _dir: w.dir, db: w.db, firms, p }
}

fn november() -> StatsQuery {
    StatsQuery { period: Period::Month { on: Some(day(11, 15)) }, ..StatsQuery::default() }
}

fn dashboard(db: &Database, query: &StatsQuery) -> stats::Dashboard {
    db.read(|c| stats::compute(c, query, now())).unwrap()
}

/// A page of the promotions behind a figure, as they are (no "no answer" pass first).
fn figure_page(w: &Tested, figure: &FigureQuery, query: &PromotionQuery) -> Result<Page<Promotion>, Error> {
    w.db.read(|c| promotions::page_among(c, query, Some(stats::figure_promotions(c, figure)?)))
}

/// The promotions behind a figure, through the promotions list.
fn behind(w: &Tested, figure: FigureQuery) -> Vec<i64> {
    let query = PromotionQuery { paging: Paging::first(50), ..PromotionQuery::default() };
    let page = figure_page(w, &figure, &query).unwrap();
    assert_eq!(page.total as usize, page.items.len());
    page.items.into_iter().map(|p| p.id).collect()
}

fn figure(query: &StatsQuery, figure: Figure) -> FigureQuery {
    FigureQuery { query: query.clone(), figure, company_id: None, reason: None, as_of: stats_moment() }
}

fn stats_moment() -> String {
    profilence_core::clock::stored(now())
}

#[test]
fn every_indicator_of_the_month_as_computed_by_hand() {
    let w = world();
    let d = dashboard(&w.db, &november());
    assert_eq!((d.period.from, d.period.to, d.period.label.as_str()), (day(11, 1), day(11, 30), "novembre 2026"));
    let i = &d.indicators;
    // P1–P6 and P10: the draft P7, P8 (sent in October) and P9 (December) are not in it.
    assert_eq!(i.promotions, 7);
    assert_eq!(i.candidates, 3);
    // Léa, Hugo, Inès and Karim have consent in November; Zoé's ended in 2025.
    assert_eq!(i.pool, 4);
    assert_eq!(i.pool_share, Some(0.75));
    // P1 (4 days), P2 (10), P4 (13, answered in December) and P10 (3); P6's refusal was corrected.
    assert_eq!(i.answered, 4);
    assert_eq!(i.answer_rate, Some(4.0 / 7.0));
    assert_eq!(i.answer_delay_median, Some(7.0));
    assert_eq!(i.answer_delay_mean, Some(7.5));
    // Every answer recorded in the app has a date: the delay is on all four.
    assert_eq!(i.answer_delay_basis, 4);
    assert_eq!((i.interviews, i.hires), (2, 1));
    assert_eq!(i.hire_rate, Some(1.0 / 7.0));
    assert_eq!((i.kept_on_file, i.refused, i.not_retained, i.no_answer, i.withdrawn), (1, 1, 1, 0, 1));
    // P3 (reminded 12/11) and P6 (sent 26/11, its refusal cancelled): 7 days or more on 10/12.
    assert_eq!(i.waiting_reminder, 2);
    // The follow-up delay of Paramètres, in the row's label.
    let waiting = d.rows.iter().find(|r| r.key == stats::indicators::Indicator::WaitingReminder).unwrap();
    assert_eq!((waiting.label.as_str(), d.sent_ever), ("À relancer (7 jours sans contact)", 9));

    let trend: Vec<(NaiveDate, u32, u32, u32, u32)> =
        d.trend.iter().map(|t| (t.from, t.promotions, t.answered, t.interviews, t.hires)).collect();
    assert_eq!(
        trend,
        [
            (day(11, 1), 0, 0, 0, 0),
            (day(11, 2), 3, 2, 1, 1),
            (day(11, 9), 1, 1, 1, 0),
            (day(11, 16), 1, 1, 0, 0),
            (day(11, 23), 2, 0, 0, 0),
            (day(11, 30), 0, 0, 0, 0),
        ]
    );
    let top: Vec<(i64, u32, u32, u32)> =
        d.top_companies.iter().map(|c| (c.company_id, c.promotions, c.answered, c.hires)).collect();
    assert_eq!(top, [(w.firms[0], 3, 2, 1), (w.firms[1], 2, 1, 0), (w.firms[2], 1, 1, 0), (w.firms[3], 1, 0, 0)]);
    assert_eq!(d.top_companies[0].name, "Boulangerie Kerbrat");
    let reasons: Vec<(Option<RefusalReason>, u32, u32)> = d
        .refusals
        .iter()
        .filter(|r| r.refused + r.not_retained > 0)
        .map(|r| (r.reason, r.refused, r.not_retained))
        .collect();
    assert_eq!(reasons, [(Some(RefusalReason::Experience), 0, 1), (Some(RefusalReason::Distance), 1, 0)]);
    assert_eq!(d.refusals.len(), RefusalReason::ALL.len());
}

#[test]
fn the_promotions_behind_each_figure_are_the_ones_it_counts() {
    let w = world();
    let q = november();
    let d = dashboard(&w.db, &q);
    let p = |n: usize| w.p[n - 1];
    let expected = [
        (Figure::Promotions, vec![p(6), p(5), p(4), p(10), p(3), p(2), p(1)]),
        (Figure::Answered, vec![p(4), p(10), p(2), p(1)]),
        (Figure::AnsweredDated, vec![p(4), p(10), p(2), p(1)]),
        (Figure::Interviews, vec![p(10), p(1)]),
        (Figure::Hires, vec![p(1)]),
        (Figure::KeptOnFile, vec![p(4)]),
        (Figure::Refused, vec![p(2)]),
        (Figure::NotRetained, vec![p(10)]),
        (Figure::NoAnswer, vec![]),
        (Figure::Withdrawn, vec![p(5)]),
        (Figure::WaitingReminder, vec![p(6), p(3)]),
    ];
    let i = &d.indicators;
    let counted = [
        i.promotions,
        i.answered,
        i.answer_delay_basis,
        i.interviews,
        i.hires,
        i.kept_on_file,
        i.refused,
        i.not_retained,
        i.no_answer,
        i.withdrawn,
        i.waiting_reminder,
    ];
    assert_eq!((expected.len(), counted.len()), (Figure::ALL.len(), Figure::ALL.len()), "every figure");
    for ((f, ids), n) in expected.into_iter().zip(counted) {
        let listed = behind(&w, figure(&q, f));
        assert_eq!(listed, ids, "{f:?}");
        assert_eq!(listed.len() as u32, n, "{f:?}: the list holds what the figure counts");
    }
    // A row of the top companies, a reason, a step of the trend.
    let kerbrat = FigureQuery { company_id: Some(w.firms[0]), ..figure(&q, Figure::Promotions) };
    assert_eq!(behind(&w, kerbrat), [p(10), p(3), p(1)]);
    let distance = FigureQuery { reason: Some(RefusalReason::Distance), ..figure(&q, Figure::Refused) };
    assert_eq!(behind(&w, distance), [p(2)]);
    let week =
        StatsQuery { period: Period::Custom { from: "2026-11-02".into(), to: "2026-11-08".into() }, ..q.clone() };
    assert_eq!(behind(&w, figure(&week, Figure::Answered)), [p(2), p(1)]);
    // With the list's own search on top: Léa's among the month's promotions.
    let query = PromotionQuery { search: "lea".into(), paging: Paging::first(50), ..PromotionQuery::default() };
    let page = figure_page(&w, &figure(&q, Figure::Promotions), &query).unwrap();
    assert_eq!((page.total, page.items.iter().map(|p| p.id).collect::<Vec<_>>()), (2, vec![p(2), p(1)]));
    // Pages of the figure's list.
    let second = PromotionQuery { paging: Paging { offset: 5, limit: 5 }, ..PromotionQuery::default() };
    let page = figure_page(&w, &figure(&q, Figure::Promotions), &second).unwrap();
    assert_eq!((page.total, page.items.iter().map(|p| p.id).collect::<Vec<_>>()), (7, vec![p(2), p(1)]));
    let bad = FigureQuery { as_of: "hier".into(), ..figure(&q, Figure::Hires) };
    let error = figure_page(&w, &bad, &PromotionQuery::default()).unwrap_err();
    assert!(matches!(error, Error::Validation(ref f) if f[0].field == "asOf"), "{error:?}");
}

#[test]
fn the_period_picks_promotions_by_their_sending_and_counts_answers_whenever_they_came() {
    let w = world();
    let month = |m: u32| StatsQuery { period: Period::Month { on: Some(day(m, 1)) }, ..StatsQuery::default() };
    // October: P8 alone, answered on 5 November (16 days later) — it counts for October.
    let october = dashboard(&w.db, &month(10)).indicators;
    assert_eq!((october.promotions, october.answered, october.answer_delay_median), (1, 1, Some(16.0)));
    assert_eq!(october.answer_rate, Some(1.0));
    // December: P9, sent on the 2nd, waiting 8 days on the 10th.
    let december = dashboard(&w.db, &month(12)).indicators;
    assert_eq!((december.promotions, december.answered, december.waiting_reminder), (1, 0, 1));
    // A week: 2–8 November holds P1, P2, P3.
    let week = StatsQuery { period: Period::Week { on: Some(day(11, 4)) }, ..StatsQuery::default() };
    let week = dashboard(&w.db, &week);
    assert_eq!((week.indicators.promotions, week.indicators.hires), (3, 1));
    assert_eq!(week.trend.len(), 7);
    // The quarter and the year hold them all but the draft.
    let quarter = StatsQuery { period: Period::Quarter { on: Some(day(11, 1)) }, ..StatsQuery::default() };
    assert_eq!(dashboard(&w.db, &quarter).indicators.promotions, 9);
    // A period without promotions: no rate, no delay; its pool is Zoé, whose consent ran then.
    let june_2025 =
        StatsQuery { period: Period::Month { on: NaiveDate::from_ymd_opt(2025, 6, 1) }, ..StatsQuery::default() };
    let june = dashboard(&w.db, &june_2025);
    let i = &june.indicators;
    assert_eq!((i.promotions, i.candidates, i.pool, i.answered, i.hires), (0, 0, 1, 0, 0));
    assert_eq!((i.pool_share, i.answer_rate, i.hire_rate, i.answer_delay_median), (Some(0.0), None, None, None));
    assert!(june.top_companies.is_empty());
    // Between Zoé's consent and the others': an empty pool, no share.
    let january = dashboard(&w.db, &month(1)).indicators;
    assert_eq!((january.pool, january.pool_share), (0, None));
}

/// Answers a legacy tracker gave without a date (imported undated): answered all the
/// same, never in the delay, which says how many dated answers it is computed on.
///
/// October holds P8 (answered 16 days after its sending); the tracker adds four October
/// promotions: Mathis answered 3 days later and Louise 6 days later (dated), Théo refused
/// and Jeanne invited to an interview with no date given.
#[test]
fn answers_without_a_date_count_as_answers_and_never_in_the_delay() {
    let w = world();
    let october = StatsQuery { period: Period::Month { on: Some(day(10, 1)) }, ..StatsQuery::default() };
    // Read once before the import: the facts in memory then follow what it adds.
    let before = dashboard(&w.db, &october).indicators;
    assert_eq!((before.promotions, before.answered, before.answer_delay_basis), (1, 1, 1));
    let dir = tempfile::tempdir().unwrap();
    let tracker = dir.path().join("suivi-octobre.csv");
    std::fs::write(
        &tracker,
        "Nom;Prénom;Métier visé;Date consentement;Mode de recueil;Entreprise;SIRET;Date promo;Retour employeur;Date retour\n\
         CHEVALIER;Mathis;Boulanger;01/10/2026;écrit;Boulangerie Kerbrat;73282932000074;05/10/2026;intéressé;08/10/2026\n\
         GARNIER;Louise;Boulanger;01/10/2026;écrit;Fournil du Rhône;34167211100018;06/10/2026;pas de poste;12/10/2026\n\
         LAMBERT;Théo;Boulanger;01/10/2026;écrit;Pains & Co;06840388000013;07/10/2026;refus;\n\
         MERCIER;Jeanne;Boulanger;01/10/2026;écrit;Boulangerie Kerbrat;73282932000074;09/10/2026;entretien prévu;\n",
    )
    .unwrap();
    let report =
        import::run(&w.db, &tracker, &ImportOptions::default(), now(), &Cancel::default(), &mut |_| {}).unwrap();
    assert_eq!(report.counts.promotions_created, 4, "{:?}", report.issues);

    let d = dashboard(&w.db, &october);
    let i = &d.indicators;
    assert_eq!((i.promotions, i.answered, i.answer_rate), (5, 5, Some(1.0)), "undated answers are answers");
    // 3, 6 and 16 days: the median 6, the mean 25/3 — not 0-day answers for Théo and Jeanne.
    assert_eq!(i.answer_delay_basis, 3);
    assert_eq!((i.answer_delay_median, i.answer_delay_mean), (Some(6.0), Some(25.0 / 3.0)));
    assert_eq!(i.interviews, 1, "Jeanne's interview, undated, is an interview");
    let row = |key: Indicator| d.rows.iter().find(|r| r.key == key).unwrap().clone();
    let basis = row(Indicator::AnswerDelayBasis);
    assert_eq!(
        (basis.label.as_str(), basis.value, basis.figure),
        ("Réponses datées (base du délai)", IndicatorValue::Count(3), Some(Figure::AnsweredDated))
    );
    assert_eq!(row(Indicator::AnswerDelayMedian).figure, Some(Figure::AnsweredDated));
    let delay = d.headline.iter().find(|t| t.key == Indicator::AnswerDelayMedian).unwrap();
    assert_eq!(delay.detail, "médiane · moyenne 8,3\u{a0}j · 3 réponses datées");
    // The promotions behind each figure: the delay's are the dated answers.
    let name = |ids: Vec<i64>| -> Vec<String> {
        let mut names: Vec<String> =
            ids.into_iter().map(|id| w.db.read(|c| promotions::get(c, id)).unwrap().candidate_name).collect();
        names.sort();
        names
    };
    let dated = name(behind(&w, figure(&october, Figure::AnsweredDated)));
    assert_eq!(dated, ["Louise GARNIER", "Léa Martin", "Mathis CHEVALIER"]);
    assert_eq!(behind(&w, figure(&october, Figure::Answered)).len(), 5);
    assert_eq!(name(behind(&w, figure(&october, Figure::Interviews))), ["Jeanne MERCIER"]);

    // Théo's undated refusal and Jeanne's undated interview corrected in the app: no
    // longer answers, no longer an interview (the facts in memory follow).
    let promotion_of = |first_name: &str| -> i64 {
        w.db.read(|c| {
            Ok(c.query_row(
                "SELECT p.id FROM promotions p JOIN candidates c ON c.id = p.candidate_id WHERE c.first_name = ?1",
                [first_name],
                |r| r.get(0),
            )?)
        })
        .unwrap()
    };
    for first_name in ["Théo", "Jeanne"] {
        let correction =
            EventInput { comment: "Noté sur la mauvaise ligne du tableau".into(), ..event(EventKind::Correction) };
        record(&w.db, promotion_of(first_name), correction, on(12, 9, 9));
    }
    let i = dashboard(&w.db, &october).indicators;
    assert_eq!((i.answered, i.answer_delay_basis, i.interviews), (3, 3, 0));
    assert_eq!(i.answer_delay_median, Some(6.0));
}

#[test]
fn filters_narrow_the_promotions_and_the_pool() {
    let w = world();
    let with = |f: &dyn Fn(&mut StatsQuery)| {
        let mut q = november();
        f(&mut q);
        dashboard(&w.db, &q).indicators
    };
    // Julien signed P5, P6, P10; he follows Inès alone.
    let julien = with(&|q| q.counsellor = Some(JULIEN.into()));
    assert_eq!((julien.promotions, julien.candidates, julien.pool, julien.answered), (3, 1, 1, 1));
    assert_eq!((julien.interviews, julien.withdrawn, julien.not_retained, julien.waiting_reminder), (1, 1, 1, 1));
    let claire = with(&|q| q.counsellor = Some(CLAIRE.into()));
    assert_eq!((claire.promotions, claire.candidates, claire.pool, claire.hires), (4, 2, 3, 1));
    assert_eq!(claire.pool_share, Some(2.0 / 3.0));
    let villeurbanne = with(&|q| q.agency = Some(VILLEURBANNE.into()));
    assert_eq!((villeurbanne.promotions, villeurbanne.pool), (3, 1));
    let nobody = with(&|q| q.counsellor = Some("Personne".into()));
    assert_eq!((nobody.promotions, nobody.pool), (0, 0));
    let phone = with(&|q| q.channel = Some(PromotionChannel::Phone));
    assert_eq!((phone.promotions, phone.answered, phone.refused, phone.pool), (1, 1, 1, 4));
    let rqth = with(&|q| q.publics = vec![Public::Rqth]);
    assert_eq!((rqth.promotions, rqth.candidates, rqth.pool, rqth.hires), (2, 1, 1, 1));
    let both = with(&|q| q.publics = vec![Public::Rqth, Public::Under26]);
    assert_eq!((both.promotions, both.pool), (0, 0));
    // Inès, 22 in November 2026, from her birth date.
    let young = with(&|q| q.publics = vec![Public::Under26]);
    assert_eq!((young.promotions, young.candidates, young.pool), (3, 1, 1));
    let electricians = with(&|q| q.domain = Some("F".into()));
    assert_eq!((electricians.promotions, electricians.candidates), (3, 1));
    let bakers = with(&|q| q.domain = Some("D11".into()));
    assert_eq!((bakers.promotions, bakers.candidates, bakers.pool), (4, 2, 3));
}

/// A promotion counts in an age public by the age on the day it was sent, so that past
/// figures do not change as people age: Maëlle turns 26 on 15/11/2026, promoted on 10/11
/// and on 20/11; Bernard is 51, promoted on 12/11; Jeanne (no birth date) on 13/11.
#[test]
fn the_age_publics_count_the_age_on_the_day_of_sending() {
    let w = World::signed(&sign_as(CLAIRE, LYON));
    let today = on(9, 1, 9).date_naive();
    let person = |last, first, born: &str| {
        let mut input = candidate(last, first, &[BOULANGER]);
        input.counsellor = CLAIRE.into();
        input.birth_date = born.into();
        w.candidate(&input, today)
    };
    let maelle = person("Nguyen", "Maëlle", "2000-11-15");
    let bernard = person("Girard", "Bernard", "1975-06-01");
    let jeanne = person("Lemoine", "Jeanne", "");
    let firms = w.firms(4);
    let email = PromotionChannel::Email;
    let before = promote(&w.db, maelle, firms[0], email, on(11, 10, 9), true);
    promote(&w.db, maelle, firms[1], email, on(11, 20, 9), true);
    promote(&w.db, bernard, firms[2], email, on(11, 12, 9), true);
    promote(&w.db, jeanne, firms[3], email, on(11, 13, 9), true);
    let at = |publics: Vec<Public>, now: DateTime<Local>| {
        let query = StatsQuery { publics, ..november() };
        let i = w.db.read(|c| stats::compute(c, &query, now)).unwrap().indicators;
        (i.promotions, i.candidates, i.pool)
    };
    let a_year_later = Local.with_ymd_and_hms(2027, 12, 10, 9, 0, 0).unwrap();
    for moment in [now(), a_year_later] {
        // Under 26 on 10/11, not on 20/11; in the pool (under 26 on the period's first day).
        assert_eq!(at(vec![Public::Under26], moment), (1, 1, 1), "{moment}");
        assert_eq!(at(vec![Public::Over50], moment), (1, 1, 1), "{moment}");
        assert_eq!(at(vec![], moment), (4, 3, 3), "{moment}");
    }
    // The promotion behind the figure is the one sent before the birthday.
    let figure = FigureQuery {
        query: StatsQuery { publics: vec![Public::Under26], ..november() },
        figure: Figure::Promotions,
        company_id: None,
        reason: None,
        as_of: profilence_core::clock::stored(now()),
    };
    assert_eq!(w.db.read(|c| stats::figure_promotions(c, &figure)).unwrap(), [before]);
    // December: Maëlle is 26 all month, in neither age public's pool.
    let december = StatsQuery {
        period: Period::Month { on: Some(day(12, 1)) },
        publics: vec![Public::Under26],
        ..StatsQuery::default()
    };
    assert_eq!(w.db.read(|c| stats::compute(c, &december, now())).unwrap().indicators.pool, 0);
}

#[test]
fn with_no_promotion_every_figure_is_zero() {
    let (_dir, db) = database_with_referentials();
    let d = dashboard(&db, &november());
    assert_eq!((d.sent_ever, &d.indicators), (0, &stats::Indicators::default()));
    assert!(d.trend.iter().all(|t| t.promotions == 0) && d.top_companies.is_empty());
    assert!(d.refusals.iter().all(|r| r.refused + r.not_retained == 0));
    let options = db.read(stats::options).unwrap();
    assert!(options.counsellors.is_empty() && options.agencies.is_empty());
    assert!(options.definitions.iter().any(|d| d.label == "Taux de retour employeur"));
}

#[test]
fn the_figures_follow_new_events_edits_deletions_and_never_a_rolled_back_write() {
    let w = world();
    let hires = |db: &Database| dashboard(db, &november()).indicators;
    assert_eq!(hires(&w.db).hires, 1);
    // A new event (the facts in memory read it again).
    record(&w.db, w.p[9 - 1], event(EventKind::Interested), on(12, 5, 9));
    record(&w.db, w.p[3 - 1], event(EventKind::Interested), on(12, 5, 10));
    record(
        &w.db,
        w.p[3 - 1],
        EventInput {
            contract_type: Some(ContractType::Cdd),
            start_date: "2027-01-04".into(),
            ..event(EventKind::Hired)
        },
        on(12, 8, 10),
    );
    let after = hires(&w.db);
    assert_eq!((after.hires, after.answered, after.waiting_reminder), (2, 5, 1));
    // A write that rolls back leaves nothing behind, even if it was counted inside.
    let inside = w.db.write(|tx| {
        promotions::record_event(tx, &[w.p[6 - 1]], &event(EventKind::KeptOnFile), on(12, 9, 9))?;
        let counted = stats::compute(tx, &november(), now())?.indicators.kept_on_file;
        Err::<(), _>(Error::Rule(format!("{counted}")))
    });
    assert!(matches!(inside, Err(Error::Rule(ref n)) if n == "2"));
    assert_eq!(hires(&w.db).kept_on_file, 1);
    // An edited candidate: Karim becomes RQTH, the RQTH pool grows.
    let rqth = StatsQuery { publics: vec![Public::Rqth], ..november() };
    assert_eq!(dashboard(&w.db, &rqth).indicators.pool, 1);
    w.db.write(|tx| {
        let karim = candidates::list(
            tx,
            &candidates::CandidateQuery { search: "karim".into(), ..Default::default() },
            day(12, 1),
        )?
        .items[0]
            .id;
        let mut input = candidate("Benali", "Karim", &[BOULANGER]);
        input.counsellor = CLAIRE.into();
        input.eligibility.rqth = true;
        candidates::update(tx, karim, &input, day(12, 1))
    })
    .unwrap();
    assert_eq!(dashboard(&w.db, &rqth).indicators.pool, 2);
    // A new candidate (no trigger counts it: the largest id tells it) joins the pool.
    let mut ines = candidate("Morel", "Inès", &[BOULANGER]);
    ines.counsellor = CLAIRE.into();
    ines.eligibility.rqth = true;
    w.db.write(|tx| candidates::create(tx, &ines, day(12, 1), false)).unwrap();
    assert_eq!(dashboard(&w.db, &rqth).indicators.pool, 3);
    // A deletion leaves no event: the facts are read again.
    w.db.write(|tx| Ok(tx.execute("DELETE FROM promotions WHERE id = ?1", [w.p[1 - 1]])?)).unwrap();
    assert_eq!(hires(&w.db).hires, 1);
    assert_eq!(hires(&w.db).promotions, 6);
}

#[test]
fn options_name_the_counsellors_and_agencies() {
    let w = world();
    let options = w.db.read(stats::options).unwrap();
    assert_eq!(options.counsellors, [CLAIRE, JULIEN]);
    assert_eq!(options.agencies, [LYON, VILLEURBANNE]);
}

#[test]
fn exports_write_a_new_file_with_the_figures() {
    let w = world();
    let folder = tempfile::tempdir().unwrap();
    let input = |format| ExportInput { query: november(), format, folder: folder.path().display().to_string() };
    let xlsx = stats::export::export(&w.db, &input(ExportFormat::Xlsx), now()).unwrap();
    assert!(xlsx.path.ends_with("tableau-de-bord_2026-11-01_2026-11-30.xlsx"), "{}", xlsx.path);
    let bytes = std::fs::read(&xlsx.path).unwrap();
    assert_eq!(&bytes[..2], b"PK");
    // Exported again: a second file, the first is kept.
    let again = stats::export::export(&w.db, &input(ExportFormat::Xlsx), now()).unwrap();
    assert!(again.path.ends_with("tableau-de-bord_2026-11-01_2026-11-30 (2).xlsx"), "{}", again.path);
    let csv = stats::export::export(&w.db, &input(ExportFormat::Csv), now()).unwrap();
    let text = std::fs::read_to_string(&csv.path).unwrap();
    assert!(text.starts_with('\u{feff}'));
    for line in [
        "Période;novembre 2026",
        "Promotions envoyées;7",
        "Taux de retour employeur;57,1 %",
        "Délai de retour médian (jours);7,0",
        "Réponses datées (base du délai);4",
        "Taux de transformation (objectif 12 %);14,3 %",
        "02/11/2026;08/11/2026;sem. du 02/11;3;2;1;1",
        "1;Boulangerie Kerbrat;3;2;1",
        "Distance;1;0;1",
    ] {
        assert!(text.lines().any(|l| l == line), "no line {line:?} in\n{text}");
    }
    // The folder is remembered; a missing one is refused, nothing written.
    assert_eq!(w.db.read(stats::export::export_folder).unwrap(), folder.path().display().to_string());
    let missing =
        ExportInput { folder: folder.path().join("absent").display().to_string(), ..input(ExportFormat::Csv) };
    let error = stats::export::export(&w.db, &missing, now()).unwrap_err();
    assert!(matches!(error, Error::Validation(ref f) if f[0].field == "folder" && f[0].message.contains("absent")));
    assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), 3);
}

fn poppler(tool: &str, path: &str) -> String {
    let args: Vec<&str> = if tool == "pdftotext" { vec!["-layout", path, "-"] } else { vec![path] };
    let out = std::process::Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} is needed (poppler-utils): {e}"));
    assert!(out.status.success(), "{tool}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).replace(['\u{a0}', '\u{202f}'], " ")
}

#[test]
fn the_pdf_report_is_one_a4_page_with_the_figures_and_no_name() {
    let w = world();
    let folder = tempfile::tempdir().unwrap();
    let input =
        ExportInput { query: november(), format: ExportFormat::Pdf, folder: folder.path().display().to_string() };
    let pdf = stats::export::export(&w.db, &input, now()).unwrap();
    assert!(pdf.path.ends_with("tableau-de-bord_2026-11-01_2026-11-30.pdf"), "{}", pdf.path);
    // STATS_KEEP=DIR keeps a copy, to render and look at (pdftoppm).
    if let Ok(keep) = std::env::var("STATS_KEEP") {
        std::fs::copy(&pdf.path, std::path::Path::new(&keep).join("tableau-de-bord.pdf")).unwrap();
    }
    let info = poppler("pdfinfo", &pdf.path);
    // The dashboard on its page, then who is still in the job at six months and the
    // comparisons side by side (`stats::retention`, `stats::breakdown`), over two pages.
    assert!(info.lines().any(|l| l.split_whitespace().eq(["Pages:", "3"])), "{info}");
    assert!(info.contains("595.28 x 841.89 pts") || info.contains("595.276 x 841.89 pts"), "A4: {info}");
    assert!(info.contains("Tableau de bord — novembre 2026"), "{info}");
    let fonts = poppler("pdffonts", &pdf.path);
    for line in fonts.lines().skip(2).filter(|l| !l.trim().is_empty()) {
        assert!(line.contains('+') && line.contains("NotoSans"), "not a subset of the embedded font: {line}");
    }
    let text = poppler("pdftotext", &pdf.path);
    let squeezed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "Novembre 2026",
        "Du 01/11/2026 au 30/11/2026",
        "Conseiller : Tous",
        // The tiles, the funnel and the table of every indicator, as computed by hand above.
        "Promotions envoyées 7",
        "Taux de retour employeur 57,1 %",
        "Délai de retour médian (jours) 7,0",
        "Réponses datées (base du délai) 4",
        // The delay's tile says its basis (« datées » on the tile's third line).
        "7,5 j · 4 réponses",
        "Taux de transformation (objectif 12 %) 14,3 %",
        "Embauches 1 · 14,3 %",
        "Boulangerie Kerbrat 3 2 1",
        "Distance 1 0",
        "Expérience insuffisante 0 1",
        "Évolution (par semaine)",
        // The one hire's six-month check-in is not done yet: said, no share printed.
        "Toujours en poste à 6 mois — novembre 2026",
        "Aucun point à 6 mois n'a encore été enregistré pour les embauches de cette période (1 embauche suivie sur 1)",
        "Comparaisons — novembre 2026",
    ] {
        assert!(squeezed.contains(expected), "no {expected:?} in\n{text}");
    }
    for name in ["Martin", "Léa", "Petit", "Hugo", "Haddad", "Inès"] {
        assert!(!text.contains(name), "{name} in the report:\n{text}");
    }
}
