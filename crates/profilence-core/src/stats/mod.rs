//! Dashboards: what the agency measures, for a period and filters, with one definition per
//! indicator (`Figure::holds`, and the text of `definitions`) computed from the promotions'
//! event logs.
//!
//! The log is read through the columns the core derives from it in the same transaction
//! as each event (`promotions::lifecycle::derive`): the first sending in force (`sent_at`),
//! the first employer answer in force (`answered_at`, or `answer_undated` when the source
//! gave it no date), the first interview planned in force (`interview_planned_at`, or
//! `interview_undated`), the current status and its reason, the last contact. An undated
//! answer counts as an answer, never in the answer delay.
//! A correction cancels the event it names, so every figure counts the log as corrected.
//!
//! The period picks promotions by the day of their first sending (the cohort); what came
//! of them is counted whenever it came, up to now. An answer after the period's end counts
//! for its promotion; an answer received during the period to a promotion sent before it
//! counts in the period of that sending. So the funnel nests (promoted ⊇ answered ⊇
//! interview ⊇ hired) and every rate is a share of the same promotions.
//!
//! Filters: the counsellor who signed the promotion, the agency recorded with it, its
//! channel; the candidate's publics and target job domain as their record says now; a
//! territory (department, commune: `territory`), by default the candidate's place of
//! residence, or the place of the company the promotion went to (`TerritoryOf`), as their
//! record says now. `breakdown` puts the main indicators side by side along each of these.

pub mod breakdown;
mod count;
mod definitions;
pub mod export;
pub mod facts;
pub mod indicators;
mod pass;
pub mod period;
pub mod reach;
mod report;
pub mod retention;
pub mod team;
pub mod territory;

use crate::store::Conn;
use chrono::{DateTime, Local, NaiveDate};
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{
    Database, Error, Result,
    choices::{PromotionChannel, PromotionStatus, RefusalReason},
    clock::stored,
    hiring_aids::Public,
    list::Page,
    promotions::{self, Promotion, PromotionQuery, follow_ups},
    settings,
};
use breakdown::{Breakdown, BreakdownKey};
use count::{Selection, due_before};
pub use definitions::{Definition, definitions};
use facts::{PromotionFact, with_facts};
use indicators::{FigureLabel, FunnelStep, IndicatorRow, Tile};
pub use period::{Granularity, Period, PeriodView};
use reach::{NeverPromoted, Profiles};
pub use territory::TerritoryOf;

/// The north-star target: 12 % of promotions followed by a hire.
pub const HIRE_RATE_TARGET: f64 = 0.12;
/// Companies listed in "top companies".
pub const TOP_COMPANIES: usize = 10;

/// The period and the filters of a dashboard.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct StatsQuery {
    pub period: Period,
    /// The counsellor who signed the promotions (and, for the pool, who follows the candidates).
    pub counsellor: Option<String>,
    /// The agency or team recorded with the promotions.
    pub agency: Option<String>,
    /// A ROME domain (`D`) or sub-domain (`D11`) among the candidate's target jobs.
    pub domain: Option<String>,
    /// Publics the candidate must all belong to.
    pub publics: Vec<Public>,
    pub channel: Option<PromotionChannel>,
    /// The department the candidate lives in, or the company is in (`territory_of`): `29`,
    /// `2A`; `inconnu`: none on the record.
    pub department: Option<String>,
    /// The commune the candidate lives in, or the company is in: its INSEE code (`inconnu`:
    /// none on the record).
    pub commune: Option<String>,
    /// Whose place the department and commune filters, and the departments' and communes'
    /// comparisons, read: the candidate's residence (by default) or the company's place.
    pub territory_of: TerritoryOf,
    /// The one comparison table the window shows (« Comparer par »): only it is counted, a
    /// refresh then finding no candidate for the counsellors' or agencies' table (30 to 50
    /// ms at 500,000 promotions). Every table when none: the exports, the CLI.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub compare_by: Option<BreakdownKey>,
}

/// A figure of the dashboard, as the promotions behind it can be listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Figure {
    /// Promotions whose first sending (still in force) falls in the period.
    Promotions,
    /// …that the employer answered, whenever the answer came, dated or not.
    Answered,
    /// …whose first answer has a date: those the answer delay is computed on.
    AnsweredDated,
    /// …with an interview planned (still in force), or followed by a hire.
    Interviews,
    /// …whose outcome is a hire.
    Hires,
    /// …whose status is "kept on file" now.
    KeptOnFile,
    /// …refused by the employer.
    Refused,
    /// …not retained after contact or interview.
    NotRetained,
    /// …marked "no answer".
    NoAnswer,
    /// …withdrawn by the counsellor after sending.
    Withdrawn,
    /// …still waiting for an answer, last contacted `reminder_days` ago or more: due in Relances.
    WaitingReminder,
}

/// The figures a promotion of the cohort counts in, a bit per figure of `Figure::ALL`,
/// each by its definition (`Figure::holds`): worked out once per promotion for all that a
/// pass over the facts counts of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held(u16);

impl Held {
    pub fn of(p: &PromotionFact, due_before: i64) -> Self {
        Self(Figure::ALL.iter().fold(0, |bits, f| bits | u16::from(f.holds(p, due_before)) << f.index()))
    }

    pub fn has(self, figure: Figure) -> bool {
        self.0 >> figure.index() & 1 != 0
    }

    /// 1 if the figure holds, else 0.
    pub fn count(self, figure: Figure) -> u32 {
        u32::from(self.0 >> figure.index()) & 1
    }
}

impl Figure {
    pub const ALL: [Figure; 11] = [
        Self::Promotions,
        Self::Answered,
        Self::AnsweredDated,
        Self::Interviews,
        Self::Hires,
        Self::KeptOnFile,
        Self::Refused,
        Self::NotRetained,
        Self::NoAnswer,
        Self::Withdrawn,
        Self::WaitingReminder,
    ];

    /// The place of the figure in `ALL` (its declaration's order: `tests`).
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The definition: whether the promotion of the cohort counts in this figure.
    /// `due_before`: the moment (seconds) a last contact must precede to be due for a reminder.
    pub fn holds(self, p: &PromotionFact, due_before: i64) -> bool {
        use PromotionStatus as S;
        match self {
            Self::Promotions => true,
            Self::Answered => p.answered,
            Self::AnsweredDated => p.answer_days().is_some(),
            Self::Interviews => p.interviewed || p.status == S::Hired,
            Self::Hires => p.status == S::Hired,
            Self::KeptOnFile => p.status == S::KeptOnFile,
            Self::Refused => p.status == S::Refused,
            Self::NotRetained => p.status == S::NotRetained,
            Self::NoAnswer => p.status == S::NoAnswer,
            Self::Withdrawn => p.status == S::Withdrawn,
            Self::WaitingReminder => {
                matches!(p.status, S::Sent | S::Reminded) && p.last_contact().is_some_and(|t| t <= due_before)
            }
        }
    }

    /// What the figure is called on the dashboard and in exports.
    pub fn label(self) -> &'static str {
        match self {
            Self::Promotions => "Promotions envoyées",
            Self::Answered => "Réponses des employeurs",
            Self::AnsweredDated => "Réponses datées (base du délai)",
            Self::Interviews => "Entretiens",
            Self::Hires => "Embauches",
            Self::KeptOnFile => "Profils conservés",
            Self::Refused => "Refus de l'employeur",
            Self::NotRetained => "Non retenus",
            Self::NoAnswer => "Sans réponse",
            Self::Withdrawn => "Retirées",
            Self::WaitingReminder => "À relancer",
        }
    }

    /// Its name in a column or a chart's legend.
    pub fn short_label(self) -> &'static str {
        match self {
            Self::Promotions => "Promotions",
            Self::Answered => "Réponses",
            Self::AnsweredDated => "Réponses datées",
            Self::Interviews => "Entretiens",
            Self::Hires => "Embauches",
            Self::KeptOnFile => "Conservés",
            Self::Refused => "Refus",
            Self::NotRetained => "Non retenus",
            Self::NoAnswer => "Sans réponse",
            Self::Withdrawn => "Retirées",
            Self::WaitingReminder => "À relancer",
        }
    }
}

/// The headline figures. Rates are fractions (0.12 for 12 %), absent without promotions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Indicators {
    pub promotions: u32,
    /// Different candidates among the promotions.
    pub candidates: u32,
    /// The pool of the period (see `definitions`).
    pub pool: u32,
    pub pool_share: Option<f64>,
    pub answered: u32,
    pub answer_rate: Option<f64>,
    /// Calendar days from sending to the first answer, over the answered promotions whose
    /// first answer has a date.
    pub answer_delay_median: Option<f64>,
    pub answer_delay_mean: Option<f64>,
    /// The answers the delay is computed on: those with a date (a tracker may give an
    /// answer without one).
    pub answer_delay_basis: u32,
    /// Of `answered`, the answers that came by e-mail (a reply read from the inbox, then
    /// confirmed or corrected); the others were typed in.
    pub answered_by_email: u32,
    /// The median delay of the dated answers that came by e-mail, and of those typed in.
    pub answer_delay_median_email: Option<f64>,
    pub answer_delay_median_typed: Option<f64>,
    pub interviews: u32,
    pub hires: u32,
    pub hire_rate: Option<f64>,
    pub kept_on_file: u32,
    pub refused: u32,
    pub not_retained: u32,
    pub no_answer: u32,
    pub withdrawn: u32,
    pub waiting_reminder: u32,
}

/// One step of the trend: promotions sent from `from` to `to` and what came of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TrendPoint {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub label: String,
    pub promotions: u32,
    pub answered: u32,
    pub interviews: u32,
    pub hires: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CompanyFigures {
    #[ts(type = "number")]
    pub company_id: i64,
    pub name: String,
    pub promotions: u32,
    pub answered: u32,
    pub hires: u32,
}

/// Refusals and non-retentions of one reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReasonCount {
    /// `None`: recorded without a reason (promotions kept from before reasons were asked).
    pub reason: Option<RefusalReason>,
    pub label: String,
    pub refused: u32,
    pub not_retained: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Dashboard {
    pub query: StatsQuery,
    pub period: PeriodView,
    /// The moment the figures were computed at (RFC 3339): the list behind a figure uses it.
    pub as_of: String,
    /// Promotions ever sent, whatever the period and filters: none, nothing to measure yet.
    pub sent_ever: u32,
    pub indicators: Indicators,
    /// The headline tiles, the funnel and the table of every indicator, as every view
    /// shows them (`indicators`).
    pub headline: Vec<Tile>,
    pub funnel: Vec<FunnelStep>,
    pub rows: Vec<IndicatorRow>,
    /// What each figure is called.
    pub figures: Vec<FigureLabel>,
    pub trend: Vec<TrendPoint>,
    /// Ranked by hires, then answers, then promotions.
    pub top_companies: Vec<CompanyFigures>,
    /// Every reason, in the list's order; "no reason" only when some have none.
    pub refusals: Vec<ReasonCount>,
    /// The consenting pool never promoted, and its trend over twelve month ends.
    pub never_promoted: NeverPromoted,
    /// Target jobs, publics and counsellors' pools promoted most and least, and those
    /// that lead to interviews.
    pub profiles: Profiles,
    /// The main indicators side by side: by counsellor, agency, public, job domain, and the
    /// candidate's department and commune (`breakdown`).
    pub breakdowns: Vec<Breakdown>,
    /// The cohort's hires still in the job at six months (`retention`).
    pub retention: retention::Retention,
}

/// The promotions behind one figure of a dashboard: the promotions list's filter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FigureQuery {
    pub query: StatsQuery,
    pub figure: Figure,
    /// Only this company's promotions (a row of the top companies).
    #[serde(default)]
    #[ts(type = "number | null")]
    pub company_id: Option<i64>,
    /// Only refusals or non-retentions of this reason (a row of the reasons).
    #[serde(default)]
    pub reason: Option<RefusalReason>,
    /// The dashboard's `asOf`, so that the list holds what the figure counted.
    pub as_of: String,
}

/// What the filters can choose from, and the definitions in French.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StatsOptions {
    pub counsellors: Vec<String>,
    pub agencies: Vec<String>,
    /// The departments and communes the candidates live in (`territory`).
    pub departments: Vec<PlaceOption>,
    pub communes: Vec<PlaceOption>,
    /// The departments and communes the companies are in (`TerritoryOf::Company`).
    pub company_departments: Vec<PlaceOption>,
    pub company_communes: Vec<PlaceOption>,
    pub definitions: Vec<Definition>,
}

/// A department or commune the territory filter offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PlaceOption {
    /// `29`, or a commune's INSEE code; `inconnu`: none on the record.
    pub code: String,
    pub label: String,
    /// A commune's department (`inconnu` when unknown); a department's own code.
    pub department: String,
}

/// Where a refresh's time goes, logged at debug level (`RUST_LOG=profilence_core::stats=
/// debug`): what BENCHMARKS.md's dashboard figures are taken apart with.
struct Laps {
    last: std::time::Instant,
    laps: Vec<(&'static str, std::time::Duration)>,
}

impl Laps {
    fn new() -> Self {
        Self { last: std::time::Instant::now(), laps: Vec::new() }
    }

    fn lap(&mut self, name: &'static str) {
        let now = std::time::Instant::now();
        self.laps.push((name, now - self.last));
        self.last = now;
    }

    fn log(&self) {
        let laps: Vec<String> = self.laps.iter().map(|(name, took)| format!("{name} {took:.1?}")).collect();
        log::debug!("dashboard: {}", laps.join(", "));
    }
}

/// The dashboard for `query` at `now`: the promotions settled (`follow_ups::settle`), then
/// counted outside any write transaction.
pub fn dashboard(db: &Database, query: &StatsQuery, now: DateTime<Local>) -> Result<Dashboard> {
    follow_ups::settle(db, now)?;
    db.read(|c| compute(c, query, now))
}

/// The dashboard of the promotions as they are. Inside a write transaction, the facts are
/// brought up to date on a private copy.
pub fn compute(conn: &Conn, query: &StatsQuery, now: DateTime<Local>) -> Result<Dashboard> {
    let view = query.period.resolve(now.date_naive())?;
    let settings = settings::promotion_settings(conn)?;
    // The never promoted are counted on the period's last day, or today while it runs on.
    let on = view.to.min(now.date_naive());
    let mut laps = Laps::new();
    let (counted, never_promoted, mut profiles, mut breakdowns, hires) = with_facts(conn, |facts| {
        laps.lap("facts");
        let sel = Selection::new(facts, query, &view, due_before(now, settings.reminder_days));
        let pass = pass::run(facts, &sel, &view, query.domain.as_deref(), query.compare_by);
        laps.lap("pass");
        let counted = pass.counter.finish(facts, &sel);
        let breakdowns = pass.comparisons.finish();
        laps.lap("figures and comparisons");
        let never_promoted = reach::never_promoted(facts, &sel, on);
        let profiles = pass.profiles.finish(&sel);
        laps.lap("profiles");
        let hires = pass.hires;
        (counted, never_promoted, profiles, breakdowns, hires)
    })?;
    breakdown::label_domains(conn, &mut breakdowns)?;
    let mut job_label = conn.prepare_cached("SELECT label FROM rome_jobs WHERE code = ?1")?;
    for table in profiles.tables.iter_mut().filter(|t| t.key.is_jobs()) {
        for row in &mut table.rows {
            if let Some(label) = job_label.query_row([&row.key], |r| r.get::<_, String>(0)).optional()? {
                row.label = format!("{label} ({})", row.key);
            }
        }
    }
    let mut statement = conn.prepare_cached("SELECT name FROM companies WHERE id = ?1")?;
    let mut top_companies = Vec::with_capacity(counted.companies.len());
    for (company_id, promotions, answered, hires) in counted.companies {
        let name: Option<String> = statement.query_row([company_id], |r| r.get(0)).optional()?;
        top_companies.push(CompanyFigures { company_id, name: name.unwrap_or_default(), promotions, answered, hires });
    }
    laps.lap("labels");
    let retention = retention::of_hires(conn, &hires)?;
    laps.lap("six months");
    laps.log();
    Ok(Dashboard {
        query: StatsQuery { period: view.current.clone(), ..query.clone() },
        period: view,
        as_of: stored(now),
        sent_ever: counted.sent_ever,
        headline: indicators::headline(&counted.indicators),
        funnel: indicators::funnel(&counted.indicators),
        rows: indicators::rows(&counted.indicators, settings.reminder_days),
        figures: indicators::figure_labels(),
        indicators: counted.indicators,
        trend: counted.trend,
        top_companies,
        refusals: counted.refusals,
        never_promoted,
        profiles,
        breakdowns,
        retention,
    })
}

/// A page of the promotions behind a figure (and the list's other filters), settled at
/// `now`: exactly those the figure counted at the dashboard's moment.
pub fn figure_page(
    db: &Database,
    figure: &FigureQuery,
    query: &PromotionQuery,
    now: DateTime<Local>,
) -> Result<Page<Promotion>> {
    follow_ups::settle(db, now)?;
    db.read(|c| promotions::page_among(c, query, Some(figure_promotions(c, figure)?)))
}

/// The ids of the promotions behind a figure, in the promotions list's order (latest
/// created first).
pub fn figure_promotions(conn: &Conn, figure: &FigureQuery) -> Result<Vec<i64>> {
    let Ok(as_of) = DateTime::parse_from_rfc3339(&figure.as_of) else {
        return Err(Error::field("asOf", "Le moment du tableau de bord est illisible : rouvrez le tableau de bord."));
    };
    let now = as_of.with_timezone(&Local);
    let view = figure.query.period.resolve(now.date_naive())?;
    let settings = settings::promotion_settings(conn)?;
    with_facts(conn, |facts| {
        let sel = Selection::new(facts, &figure.query, &view, due_before(now, settings.reminder_days));
        let mut matching: Vec<(i64, i64)> = facts
            .promotions
            .iter()
            .filter(|p| {
                sel.promotion(p)
                    && figure.figure.holds(p, sel.due_before)
                    && figure.company_id.is_none_or(|c| c == p.company)
                    && (figure.reason.is_none() || p.reason == figure.reason)
            })
            .map(|p| (p.created, p.id))
            .collect();
        matching.sort_unstable_by(|a, b| b.cmp(a));
        matching.into_iter().map(|(_, id)| id).collect()
    })
}

/// The counsellors and agencies the filters offer, and the definitions.
pub fn options(conn: &Conn) -> Result<StatsOptions> {
    let settings = settings::promotion_settings(conn)?;
    let ((departments, communes), (company_departments, company_communes)) = with_facts(conn, |facts| {
        (territory::options(&facts.territories), territory::options(&facts.company_territories))
    })?;
    let (mut counsellors, mut agencies) = with_facts(conn, |facts| {
        // Which names sign a promotion, follow a candidate, or are a promotion's agency: a
        // flag per name (five million promotions go through it).
        let (mut counsellors, mut agencies) = (vec![false; facts.names.len()], vec![false; facts.names.len()]);
        let flag = |flags: &mut Vec<bool>, i: u32| {
            if let Some(seen) = flags.get_mut(i as usize) {
                *seen = true;
            }
        };
        for p in facts.promotions.iter() {
            flag(&mut counsellors, p.counsellor);
            flag(&mut agencies, p.agency);
        }
        for c in facts.candidates.values() {
            flag(&mut counsellors, c.counsellor);
        }
        let names = |flags: Vec<bool>| -> Vec<String> {
            flags
                .into_iter()
                .zip(&facts.names)
                .filter(|(seen, name)| *seen && !name.trim().is_empty())
                .map(|(_, name)| name.clone())
                .collect()
        };
        (names(counsellors), names(agencies))
    })?;
    for list in [&mut counsellors, &mut agencies] {
        list.sort_by_cached_key(|n| crate::text::fold(n));
    }
    Ok(StatsOptions {
        counsellors,
        agencies,
        departments,
        communes,
        company_departments,
        company_communes,
        definitions: definitions(settings.reminder_days, settings.no_answer_days),
    })
}
