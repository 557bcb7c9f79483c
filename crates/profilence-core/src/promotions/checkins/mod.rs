//! The months after a hire: each hire recorded with its contract type and start date
//! schedules three check-ins (`schedule`: one month after the start, the last day of the
//! trial period, six months), shown in Relances once due (`due`: due on or before today)
//! and on the promotion's timeline. Each is done once: still in the job, or left and why.
//!
//! The check-ins belong to the hire event that scheduled them. A correction that cancels
//! that event cancels them (kept, marked cancelled, counted nowhere); the hire recorded
//! again schedules its own from its own contract and start (`sync`, run by `events` after
//! each hire or correction). A hire brought by an import of history schedules nothing:
//! the tracker is the record of those.

mod schedule;

use crate::store::{Conn, Row};
use chrono::{DateTime, Local, NaiveDate};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use schedule::{
    FIRST_CHECKIN_MONTHS, LAST_CHECKIN_MONTHS, MAX_TRIAL_AMOUNT, TrialPeriod, TrialUnit, schedule, trial_end,
};

use super::{author, lifecycle::Derived};
use crate::{
    Error, Result,
    choices::{CheckinKind, ContractType, LeftReason, PromotionStatus},
    clock::stored as moment,
    journal::{self, Action, Subject},
    text::french_date,
    validation::Checker,
};

const MAX_COMMENT: usize = 2000;
/// Relances lists at most this many due check-ins (the oldest first) and says how many
/// there are in all.
pub const DUE_LIMIT: u32 = 200;

/// A check-in as the timeline and Relances show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Checkin {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub promotion_id: i64,
    pub kind: CheckinKind,
    pub due_on: NaiveDate,
    /// The day it was done; `None` while it waits.
    pub done_on: Option<NaiveDate>,
    /// Once done: whether the person was still in the job.
    pub in_job: Option<bool>,
    pub left_reason: Option<LeftReason>,
    pub comment: String,
    pub author: Option<String>,
    pub recorded_at: Option<String>,
}

/// A check-in due, with who and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DueCheckin {
    pub checkin: Checkin,
    #[ts(type = "number")]
    pub candidate_id: i64,
    pub candidate_name: String,
    #[ts(type = "number")]
    pub company_id: i64,
    pub company_name: String,
    pub contract_type: Option<ContractType>,
    pub start_date: Option<NaiveDate>,
    /// Whole days since it fell due (0: today).
    pub days_late: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DueCheckins {
    /// The oldest first, at most `DUE_LIMIT`.
    pub items: Vec<DueCheckin>,
    pub total: u32,
}

/// What a check-in found.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CheckinInput {
    #[ts(type = "number")]
    pub id: i64,
    /// Still in the job (`true`) or left (`false`).
    pub in_job: Option<bool>,
    pub left_reason: Option<LeftReason>,
    #[serde(default)]
    pub comment: String,
    /// The day it was done (YYYY-MM-DD); empty: today.
    #[serde(default)]
    pub on: String,
}

/// A check-in moved to another day.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CheckinDateInput {
    #[ts(type = "number")]
    pub id: i64,
    /// YYYY-MM-DD.
    pub due_on: String,
}

const CHECKIN_COLUMNS: &str =
    "h.id, h.promotion_id, h.kind, h.due_on, h.done_on, h.in_job, h.left_reason, h.comment, h.author, h.recorded_at";

fn checkin_row(r: &Row<'_>) -> rusqlite::Result<Checkin> {
    Ok(Checkin {
        id: r.get(0)?,
        promotion_id: r.get(1)?,
        kind: CheckinKind::from_code(&r.get::<_, String>(2)?).unwrap_or(CheckinKind::SixMonths),
        due_on: r.get(3)?,
        done_on: r.get(4)?,
        in_job: r.get(5)?,
        left_reason: r.get::<_, Option<String>>(6)?.as_deref().and_then(LeftReason::from_code),
        comment: r.get(7)?,
        author: r.get(8)?,
        recorded_at: r.get(9)?,
    })
}

/// Brings a promotion's check-ins in line with its hire in force, after an event was
/// appended and the promotion `derived` again: those of a hire no longer in force are
/// cancelled; a hire in force with a contract type and a start date and no check-ins yet
/// gets its three.
pub(super) fn sync(conn: &Conn, promotion: i64, derived: &Derived, now: DateTime<Local>) -> Result<()> {
    // A hire closes the promotion: when it is the status, it is the last event in force.
    let hire = if derived.status == PromotionStatus::Hired { derived.correctable } else { None };
    conn.prepare_cached(
        "UPDATE hire_checkins SET cancelled_at = ?3 WHERE promotion_id = ?1 AND cancelled_at IS NULL \
         AND hire_event_id IS DISTINCT FROM ?2",
    )?
    .execute(params![promotion, hire, moment(now)])?;
    let Some(hire) = hire else { return Ok(()) };
    let (contract, start): (Option<String>, Option<NaiveDate>) = conn
        .prepare_cached("SELECT contract_type, start_date FROM promotion_events WHERE id = ?1")?
        .query_row([hire], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let (Some(contract), Some(start)) = (contract.as_deref().and_then(ContractType::from_code), start) else {
        return Ok(());
    };
    if conn.prepare_cached("SELECT 1 FROM hire_checkins WHERE hire_event_id = ?1")?.exists([hire])? {
        return Ok(());
    }
    let period = trial_period(conn, contract)?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO hire_checkins (promotion_id, hire_event_id, kind, due_on, contract_type) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (kind, due_on) in schedule(start, period) {
        insert.execute(params![promotion, hire, kind.code(), due_on, contract.code()])?;
    }
    Ok(())
}

/// The trial periods of Paramètres, in the contract types' order.
pub fn trial_periods(conn: &Conn) -> Result<Vec<TrialPeriod>> {
    ContractType::ALL.iter().map(|&contract| trial_period(conn, contract)).collect()
}

fn trial_period(conn: &Conn, contract_type: ContractType) -> Result<TrialPeriod> {
    let row: Option<(u32, String)> = conn
        .prepare_cached("SELECT amount, unit FROM checkin_trial_periods WHERE contract_type = ?1")?
        .query_row([contract_type.code()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(match row {
        Some((amount, unit)) => {
            TrialPeriod { contract_type, amount, unit: TrialUnit::from_code(&unit).unwrap_or(TrialUnit::Days) }
        }
        // A contract type added after the migration: one month, the commonest period.
        None => TrialPeriod { contract_type, amount: 1, unit: TrialUnit::Months },
    })
}

/// Saves the trial periods (Paramètres). Check-ins already scheduled keep their dates:
/// the new periods apply to the hires recorded from now on.
pub fn save_trial_periods(conn: &Conn, periods: &[TrialPeriod]) -> Result<Vec<TrialPeriod>> {
    let mut check = Checker::new();
    for (i, period) in periods.iter().enumerate() {
        if period.amount == 0 || period.amount > MAX_TRIAL_AMOUNT {
            check.add(
                &format!("periods.{i}.amount"),
                format!(
                    "{} : la durée doit être comprise entre 1 et {MAX_TRIAL_AMOUNT}.",
                    period.contract_type.label()
                ),
            );
        }
    }
    check.finish()?;
    let before = trial_periods(conn)?;
    let mut changed = Vec::new();
    for period in periods {
        conn.prepare_cached(
            "INSERT INTO checkin_trial_periods (contract_type, amount, unit) VALUES (?1, ?2, ?3) \
             ON CONFLICT (contract_type) DO UPDATE SET amount = excluded.amount, unit = excluded.unit",
        )?
        .execute(params![period.contract_type.code(), period.amount, period.unit.code()])?;
        if !before.contains(period) {
            changed.push(period.contract_type.label());
        }
    }
    if !changed.is_empty() {
        journal::record(
            conn,
            Action::SettingsChanged,
            Subject::Settings,
            &format!("Périodes d'essai : {}", changed.join(", ")),
        )?;
    }
    trial_periods(conn)
}

/// The check-ins in force of a promotion (those of its hire in force), as they fall.
pub fn of_promotion(conn: &Conn, promotion: i64) -> Result<Vec<Checkin>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {CHECKIN_COLUMNS} FROM hire_checkins h WHERE h.promotion_id = ?1 AND h.cancelled_at IS NULL \
             ORDER BY h.due_on, h.id"
        ))?
        .query_map([promotion], checkin_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// The check-ins due on `today` (due on or before it, not done, their hire in force), the
/// oldest first; an erased person's are left out.
pub fn due(conn: &Conn, today: NaiveDate) -> Result<DueCheckins> {
    const WHERE: &str = "FROM hire_checkins h INDEXED BY hire_checkins_due \
         JOIN promotions p ON p.id = h.promotion_id JOIN candidates c ON c.id = p.candidate_id \
         JOIN companies co ON co.id = p.company_id JOIN promotion_events e ON e.id = h.hire_event_id \
         WHERE h.done_on IS NULL AND h.cancelled_at IS NULL AND h.due_on <= ?1 AND c.erased_at IS NULL";
    let total: u32 = conn.prepare_cached(&format!("SELECT count(*) {WHERE}"))?.query_row([today], |r| r.get(0))?;
    let items = conn
        .prepare_cached(&format!(
            "SELECT {CHECKIN_COLUMNS}, p.candidate_id, c.first_name || ' ' || c.last_name, p.company_id, co.name, \
             e.contract_type, e.start_date {WHERE} ORDER BY h.due_on, h.id LIMIT ?2"
        ))?
        .query_map(params![today, DUE_LIMIT], |r| {
            let checkin = checkin_row(r)?;
            let days_late = u32::try_from((today - checkin.due_on).num_days()).unwrap_or(0);
            Ok(DueCheckin {
                checkin,
                candidate_id: r.get(10)?,
                candidate_name: r.get(11)?,
                company_id: r.get(12)?,
                company_name: r.get(13)?,
                contract_type: r.get::<_, Option<String>>(14)?.as_deref().and_then(ContractType::from_code),
                start_date: r.get(15)?,
                days_late,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(DueCheckins { items, total })
}

/// One check-in with what it is checked against.
struct Stored {
    checkin: Checkin,
    hire_event: i64,
    start: Option<NaiveDate>,
    cancelled: bool,
}

fn stored_checkin(conn: &Conn, id: i64) -> Result<Stored> {
    conn.prepare_cached(&format!(
        "SELECT {CHECKIN_COLUMNS}, h.hire_event_id, e.start_date, h.cancelled_at IS NOT NULL \
         FROM hire_checkins h JOIN promotion_events e ON e.id = h.hire_event_id WHERE h.id = ?1"
    ))?
    .query_row([id], |r| {
        Ok(Stored { checkin: checkin_row(r)?, hire_event: r.get(10)?, start: r.get(11)?, cancelled: r.get(12)? })
    })
    .optional()?
    .ok_or(Error::NotFound { entity: "Point de suivi", id })
}

/// Why a stored check-in cannot change any more, if so.
fn closed(stored: &Stored) -> Option<String> {
    let label = stored.checkin.kind.label();
    if stored.cancelled {
        Some(format!("« {label} » a été annulé : l'embauche qui l'avait prévu a été corrigée."))
    } else {
        stored.checkin.done_on.map(|done| format!("« {label} » a déjà été fait le {}.", french_date(done)))
    }
}

/// Records what a check-in found. A person who left closes the later check-ins of the
/// same hire as well (left, for the same reason): there is nothing more to follow.
pub fn record(conn: &Conn, input: &CheckinInput, now: DateTime<Local>) -> Result<Checkin> {
    let me = author(conn)?.name;
    let today = now.date_naive();
    let stored = stored_checkin(conn, input.id)?;
    if let Some(why) = closed(&stored) {
        return Err(Error::Rule(why));
    }
    let Some(in_job) = input.in_job else {
        return Err(Error::field("inJob", "Indiquez si la personne est toujours en poste."));
    };
    let mut check = Checker::new();
    let on = check.date("on", &input.on).unwrap_or(today);
    if on > today {
        check.add("on", "La date ne peut pas être dans le futur.");
    }
    if let Some(start) = stored.start.filter(|start| on < *start) {
        check.add("on", format!("La date précède le début du contrat ({}).", french_date(start)));
    }
    let comment = check.optional("comment", &input.comment, MAX_COMMENT).unwrap_or_default();
    let reason = if in_job { None } else { input.left_reason };
    if !in_job && reason.is_none() {
        check.add("leftReason", "Choisissez pourquoi la personne a quitté le poste.");
    }
    if reason == Some(LeftReason::Other) && comment.is_empty() {
        check.add("comment", "Précisez le motif dans le commentaire.");
    }
    check.finish()?;
    let recorded_at = moment(now);
    let done = |id: i64, comment: &str| -> Result<()> {
        conn.prepare_cached(
            "UPDATE hire_checkins SET done_on = ?2, in_job = ?3, left_reason = ?4, comment = ?5, recorded_at = ?6, \
             author = ?7 WHERE id = ?1",
        )?
        .execute(params![id, on, in_job, reason.map(LeftReason::code), comment, recorded_at, me])?;
        Ok(())
    };
    done(input.id, &comment)?;
    let label = stored.checkin.kind.label();
    let mut detail = match reason {
        None => format!("{label} : toujours en poste"),
        Some(reason) => format!("{label} : a quitté le poste ({})", reason.label().to_lowercase()),
    };
    if !in_job {
        let later: Vec<i64> = conn
            .prepare_cached(
                "SELECT id FROM hire_checkins WHERE hire_event_id = ?1 AND id <> ?2 AND done_on IS NULL \
                 AND cancelled_at IS NULL AND due_on >= ?3",
            )?
            .query_map(params![stored.hire_event, input.id, stored.checkin.due_on], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let note = format!("Départ constaté au « {label} » du {}.", french_date(on));
        for id in &later {
            done(*id, &note)?;
        }
        if !later.is_empty() {
            detail.push_str(&format!(" ; {} point(s) suivant(s) clos", later.len()));
        }
    }
    journal::record(conn, Action::Edit, Subject::Promotion(stored.checkin.promotion_id), &detail)?;
    Ok(stored_checkin(conn, input.id)?.checkin)
}

/// Moves a check-in still to do to another day (on or after the contract's start).
pub fn reschedule(conn: &Conn, input: &CheckinDateInput) -> Result<Checkin> {
    author(conn)?;
    let stored = stored_checkin(conn, input.id)?;
    if let Some(why) = closed(&stored) {
        return Err(Error::Rule(why));
    }
    let mut check = Checker::new();
    let due_on = check.required_date("dueOn", &input.due_on);
    if let (Some(day), Some(start)) = (due_on, stored.start)
        && day < start
    {
        check.add("dueOn", format!("La date précède le début du contrat ({}).", french_date(start)));
    }
    check.finish()?;
    let Some(due_on) = due_on else { return Err(Error::field("dueOn", "Ce champ est obligatoire.")) };
    if due_on != stored.checkin.due_on {
        conn.prepare_cached("UPDATE hire_checkins SET due_on = ?2 WHERE id = ?1")?
            .execute(params![input.id, due_on])?;
        journal::record(
            conn,
            Action::Edit,
            Subject::Promotion(stored.checkin.promotion_id),
            &format!("{} prévu le {}", stored.checkin.kind.label(), french_date(due_on)),
        )?;
    }
    Ok(stored_checkin(conn, input.id)?.checkin)
}
