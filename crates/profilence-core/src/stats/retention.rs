//! Still in the job six months after a hire: among the hires of the dashboard's cohort
//! (promotions first sent in the period, under its filters, whose outcome is a hire), those
//! whose six-month check-in is done (`promotions::checkins`), and of them, those still in
//! the job; by contract type and by company. A person who left at an earlier check-in has
//! their six-month check-in closed with it (left), so they count as not in the job. Hires
//! whose six-month check-in is still to do, or that scheduled none (a hire imported from a
//! tracker, or recorded without a start date), do not count in the share.

use std::collections::HashMap;

use chrono::{DateTime, Local};
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::{
    StatsQuery, TOP_COMPANIES,
    count::{Selection, due_before},
    facts::with_facts,
    period::PeriodView,
};
use crate::{
    Result,
    choices::{CheckinKind, ContractType, PromotionStatus},
};

/// One row: hires followed, six-month check-ins done, still in the job.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RetentionRow {
    /// The contract type's code or the company's id.
    pub key: String,
    pub label: String,
    /// Hires of the cohort with check-ins scheduled.
    pub hires: u32,
    /// Of them, those whose six-month check-in is done.
    pub checked: u32,
    /// Of those, still in the job.
    pub in_job: u32,
    /// `in_job / checked`; absent without a check-in done.
    pub share: Option<f64>,
}

impl RetentionRow {
    fn add(&mut self, outcome: Option<bool>) {
        self.hires += 1;
        if let Some(in_job) = outcome {
            self.checked += 1;
            self.in_job += u32::from(in_job);
        }
        self.share = (self.checked > 0).then(|| f64::from(self.in_job) / f64::from(self.checked));
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Retention {
    /// Every hire of the cohort (with check-ins scheduled or not).
    pub hires: u32,
    /// The whole cohort's row (`key` « total »).
    pub total: RetentionRow,
    /// By contract type, in the list's order; only those with hires.
    pub by_contract: Vec<RetentionRow>,
    /// The companies with the most hires followed (at most `TOP_COMPANIES`).
    pub by_company: Vec<RetentionRow>,
}

/// The six-month figures of the hires in the dashboard's cohort at `now`.
pub(super) fn of_cohort(
    conn: &Connection,
    query: &StatsQuery,
    view: &PeriodView,
    reminder_days: u32,
    now: DateTime<Local>,
) -> Result<Retention> {
    let hires: Vec<i64> = with_facts(conn, |facts| {
        let sel = Selection::new(facts, query, view, due_before(now, reminder_days));
        facts
            .promotions
            .values()
            .filter(|p| sel.promotion(p) && p.status == PromotionStatus::Hired)
            .map(|p| p.id)
            .collect()
    })?;
    // Each hire in force's six-month check-in: (contract, company, its name, done → in job).
    let mut followed: HashMap<i64, (Option<String>, i64, String, Option<bool>)> = HashMap::new();
    let mut statement = conn.prepare_cached(
        "SELECT h.promotion_id, e.contract_type, p.company_id, co.name, h.in_job FROM hire_checkins h \
         JOIN promotion_events e ON e.id = h.hire_event_id JOIN promotions p ON p.id = h.promotion_id \
         JOIN companies co ON co.id = p.company_id WHERE h.kind = ?1 AND h.cancelled_at IS NULL",
    )?;
    let rows = statement.query_map([CheckinKind::SixMonths.code()], |r| {
        Ok((r.get::<_, i64>(0)?, (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
    })?;
    for row in rows {
        let (promotion, facts) = row?;
        followed.insert(promotion, facts);
    }
    let mut total =
        RetentionRow { key: "total".into(), label: "Toutes les embauches suivies".into(), ..Default::default() };
    let mut by_contract: HashMap<String, RetentionRow> = HashMap::new();
    let mut by_company: HashMap<i64, RetentionRow> = HashMap::new();
    for id in &hires {
        let Some((contract, company, name, outcome)) = followed.get(id) else { continue };
        total.add(*outcome);
        let contract = contract.clone().unwrap_or_default();
        let label = ContractType::from_code(&contract).map_or("Contrat non indiqué", ContractType::label);
        by_contract
            .entry(contract.clone())
            .or_insert_with(|| RetentionRow { key: contract, label: label.into(), ..Default::default() })
            .add(*outcome);
        by_company
            .entry(*company)
            .or_insert_with(|| RetentionRow { key: company.to_string(), label: name.clone(), ..Default::default() })
            .add(*outcome);
    }
    let order = |code: &str| ContractType::ALL.iter().position(|c| c.code() == code).unwrap_or(usize::MAX);
    let mut by_contract: Vec<RetentionRow> = by_contract.into_values().collect();
    by_contract.sort_by_key(|row| order(&row.key));
    let mut by_company: Vec<RetentionRow> = by_company.into_values().collect();
    by_company.sort_by(|a, b| {
        (b.hires, b.checked)
            .cmp(&(a.hires, a.checked))
            .then_with(|| crate::text::fold(&a.label).cmp(&crate::text::fold(&b.label)))
    });
    by_company.truncate(TOP_COMPANIES);
    Ok(Retention { hires: u32::try_from(hires.len()).unwrap_or(u32::MAX), total, by_contract, by_company })
}
