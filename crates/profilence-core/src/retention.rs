//! The retention rule (Paramètres « Conservation des données »): a candidate is
//! anonymised `candidate_months` after their consent ended or was withdrawn, a company
//! contact `contact_months` after the last activity with them (the latest promotion
//! addressed to them, or the last save of their company's record). `due` lists what the
//! rule will take in the coming days, so that a counsellor can renew a consent first;
//! `apply` anonymises what is due through the erasure's own code (`erasure.rs`), journaled
//! as `Action::Anonymise`, and records the run. The shell applies it at start-up and once a
//! day; `today` is always passed in.

use crate::store::Conn;
use chrono::{DateTime, Months, NaiveDate};
use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{
    Result,
    erasure::{self, Why},
    journal::{self, Action, Subject},
    text::french_date,
    validation::Checker,
};

/// How long the rule keeps each kind of record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RetentionSettings {
    pub candidate_months: u32,
    pub contact_months: u32,
    /// The last day the rule was applied.
    pub last_run_on: Option<NaiveDate>,
}

/// The longest duration Paramètres accepts (months).
pub const MAX_MONTHS: u32 = 120;
/// How far ahead Paramètres looks (days).
pub const DUE_WITHIN_DAYS: u32 = 30;

pub fn settings(conn: &Conn) -> Result<RetentionSettings> {
    Ok(conn
        .prepare_cached("SELECT candidate_months, contact_months, last_run_on FROM retention_settings WHERE id = 1")?
        .query_row([], |r| {
            Ok(RetentionSettings { candidate_months: r.get(0)?, contact_months: r.get(1)?, last_run_on: r.get(2)? })
        })?)
}

/// Stores the two durations (1 to `MAX_MONTHS` months each). Journaled.
pub fn update_settings(conn: &Conn, candidate_months: u32, contact_months: u32) -> Result<RetentionSettings> {
    let mut check = Checker::new();
    for (field, value) in [("candidateMonths", candidate_months), ("contactMonths", contact_months)] {
        if !(1..=MAX_MONTHS).contains(&value) {
            check.add(field, format!("Indiquez une durée de 1 à {MAX_MONTHS} mois."));
        }
    }
    check.finish()?;
    conn.prepare_cached("UPDATE retention_settings SET candidate_months = ?1, contact_months = ?2 WHERE id = 1")?
        .execute(params![candidate_months, contact_months])?;
    journal::record(conn, Action::SettingsChanged, Subject::Settings, "conservation des données : durées")?;
    settings(conn)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum DueKind {
    Candidate,
    Contact,
}

/// A record the rule will anonymise, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DueRecord {
    pub kind: DueKind,
    /// The candidate's or the contact's id.
    #[ts(type = "number")]
    pub id: i64,
    /// The contact's company.
    #[ts(type = "number | null")]
    pub company_id: Option<i64>,
    /// Who (shown to the counsellor, never journaled).
    pub name: String,
    /// The first day the rule anonymises it.
    pub due_on: NaiveDate,
    /// Why, in French: « consentement expiré le 01/09/2025 ».
    pub reason: String,
}

/// The day a consent that ended on `ended` falls due.
fn after(ended: NaiveDate, months: u32) -> NaiveDate {
    ended.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX)
}

/// What the rule anonymises on or before `today + within_days`, soonest first.
pub fn due(conn: &Conn, today: NaiveDate, within_days: u32) -> Result<Vec<DueRecord>> {
    let s = settings(conn)?;
    let limit = today + chrono::Days::new(u64::from(within_days));
    // A consent that ended on or before this day falls due by `limit` (a month is at most 31 days).
    let ended_by =
        limit.checked_sub_months(Months::new(s.candidate_months)).unwrap_or(NaiveDate::MIN) + chrono::Days::new(3);
    let mut records = Vec::new();
    let mut statement = conn.prepare_cached(
        "SELECT id, first_name || ' ' || last_name, consent_expiry, consent_withdrawn_on FROM candidates \
         WHERE erased_at IS NULL AND (consent_expiry <= ?1 OR consent_withdrawn_on <= ?1)",
    )?;
    let rows = statement.query_map([ended_by], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, NaiveDate>(2)?, r.get::<_, Option<NaiveDate>>(3)?))
    })?;
    for row in rows {
        let (id, name, expiry, withdrawn) = row?;
        let (ended, reason) = match withdrawn.filter(|w| *w <= expiry) {
            Some(w) => (w, format!("consentement retiré le {}", french_date(w))),
            None => (expiry, format!("consentement expiré le {}", french_date(expiry))),
        };
        let due_on = after(ended, s.candidate_months);
        if due_on <= limit {
            records.push(DueRecord { kind: DueKind::Candidate, id, company_id: None, name, due_on, reason });
        }
    }
    let mut statement = conn.prepare_cached(
        "SELECT k.id, k.company_id, k.name, c.updated_at, \
                (SELECT max(max(p.created_at, coalesce(p.last_contact_at, ''))) FROM promotions p WHERE p.contact_id = k.id) \
         FROM company_contacts k JOIN companies c ON c.id = k.company_id WHERE c.erased_at IS NULL",
    )?;
    let rows = statement.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
        ))
    })?;
    for row in rows {
        let (id, company, name, saved, promoted) = row?;
        let day =
            |at: &str| DateTime::parse_from_rfc3339(at).ok().map(|t| t.with_timezone(&chrono::Local).date_naive());
        let Some(last) = [day(&saved), promoted.as_deref().and_then(day)].into_iter().flatten().max() else { continue };
        let due_on = after(last, s.contact_months);
        if due_on <= limit {
            let reason = format!("dernière activité le {}", french_date(last));
            records.push(DueRecord { kind: DueKind::Contact, id, company_id: Some(company), name, due_on, reason });
        }
    }
    records.sort_by_key(|r| (r.due_on, r.id));
    Ok(records)
}

/// What a run of the rule anonymised.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RetentionRun {
    pub candidates: u32,
    pub contacts: u32,
}

/// Anonymises every record due on or before `today`, each journaled as
/// `Action::Anonymise`, then the run (its counts) and its day.
pub fn apply(conn: &Conn, today: NaiveDate) -> Result<RetentionRun> {
    let mut run = RetentionRun::default();
    for record in due(conn, today, 0)? {
        match (record.kind, record.company_id) {
            (DueKind::Candidate, _) => {
                erasure::erase_candidate_with(conn, record.id, Why::Retention, false)?;
                run.candidates += 1;
            }
            (DueKind::Contact, Some(company)) => {
                erasure::erase_contact_with(conn, company, record.id, Why::Retention, false)?;
                run.contacts += 1;
            }
            (DueKind::Contact, None) => {}
        }
    }
    if run.candidates > 0 {
        erasure::forget_deleted_entries(conn, "candidates_fts")?;
    }
    if run.contacts > 0 {
        erasure::forget_deleted_entries(conn, "companies_fts")?;
    }
    conn.prepare_cached("UPDATE retention_settings SET last_run_on = ?1 WHERE id = 1")?.execute([today])?;
    if run.candidates + run.contacts > 0 {
        let detail = format!("{} candidat(s), {} interlocuteur(s) anonymisé(s)", run.candidates, run.contacts);
        journal::record(conn, Action::Anonymise, Subject::Database, &detail)?;
    }
    Ok(run)
}
