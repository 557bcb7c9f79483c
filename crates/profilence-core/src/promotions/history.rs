//! Past promotions, as a tracker states them: created and sent on their day, with what
//! followed, or a later event for one an earlier import brought.

use crate::store::Conn;
use chrono::NaiveDate;
use rusqlite::params;

use super::{
    events::{NewEvent, append, refresh},
    lifecycle::{self, LoggedEvent, derive, refusal},
};
use crate::{
    Error, Result,
    choices::{ContractType, EventKind, PromotionChannel, PromotionStatus, RefusalReason},
    clock::local_day,
};

/// A past event of a promotion, as a tracker states it.
#[derive(Debug, Clone)]
pub(crate) struct HistoryEvent {
    pub kind: EventKind,
    /// When it happened (stored form, RFC 3339 UTC); for an undated event, only where it
    /// stands in the log.
    pub at: String,
    /// The tracker did not say when it happened (a status without a date).
    pub undated: bool,
    pub comment: String,
    pub reason: Option<RefusalReason>,
    pub interview_at: Option<String>,
    pub contract_type: Option<ContractType>,
}

/// A past promotion, as a tracker states it.
pub(crate) struct History<'a> {
    pub candidate: i64,
    pub company: i64,
    pub contact: Option<i64>,
    pub counsellor: &'a str,
    pub channel: PromotionChannel,
    pub job_offer_ref: Option<&'a str>,
    pub repeat_reason: Option<&'a str>,
    /// When it was sent (stored form).
    pub sent_at: &'a str,
    /// What followed the sending, oldest first.
    pub events: &'a [HistoryEvent],
}

/// Whether a tracker may move a promotion from `status` to `kind`. History keeps only
/// what the file states: an outcome may follow the sending directly (the employer's
/// answer before it was never written down), but nothing reopens a closed promotion.
pub(crate) fn history_allows(status: PromotionStatus, kind: EventKind) -> bool {
    refusal(status, kind, false).is_none()
        || (!lifecycle::is_closed(status) && matches!(kind, EventKind::Hired | EventKind::NotRetained))
}

/// Records a past promotion: created and sent on its day, then its events. `recorded_at`
/// is when the import ran. The status and dates are derived from the log before it is
/// written (the replay `refresh` does), so that the row is inserted whole, its indexes
/// written once. Its pitch is empty (a tracker holds none): migration 0008 tells imported
/// promotions by it.
pub(crate) fn create_history(conn: &Conn, h: &History<'_>, author: &str, recorded_at: &str) -> Result<Recorded> {
    let log: Vec<LoggedEvent> =
        [(EventKind::Created, h.sent_at, false, None), (EventKind::Sent, h.sent_at, false, None)]
            .into_iter()
            .chain(h.events.iter().map(|e| (e.kind, e.at.as_str(), e.undated, e.reason)))
            .zip(1..)
            .map(|((kind, at, undated, reason), id)| LoggedEvent {
                id,
                kind,
                at: at.to_owned(),
                undated,
                reason,
                corrects: None,
            })
            .collect();
    let d = derive(&log).ok_or_else(|| Error::Invariant("history without a status".into()))?;
    conn.prepare_cached(
        "INSERT INTO promotions (candidate_id, company_id, contact_id, job_offer_ref, counsellor, channel, pitch, \
         profile_version, repeat_reason, created_at, status, status_at, sent_at, last_contact_at, reminders, \
         answered_at, reason, interview_planned_at, answer_undated, interview_undated, status_undated, agency) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, '', (SELECT updated_at FROM candidates WHERE id = ?1), ?7, ?8, ?9, ?10, \
         ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, (SELECT agency FROM counsellor_settings WHERE id = 1))",
    )?
    .execute(params![
        h.candidate,
        h.company,
        h.contact,
        h.job_offer_ref,
        h.counsellor,
        h.channel.code(),
        h.repeat_reason,
        h.sent_at,
        d.status.code(),
        d.status_at,
        d.sent_at,
        d.last_contact_at,
        d.reminders,
        d.answered_at,
        d.reason.map(RefusalReason::code),
        d.interview_planned_at,
        d.answer_undated,
        d.interview_undated,
        d.status_undated
    ])?;
    let id = conn.last_insert_rowid()?;
    // A new sending can only be later than the person's latest one: one row, no lookup.
    conn.prepare_cached(
        "UPDATE candidates SET last_sent_at = ?2 WHERE id = ?1 AND (last_sent_at IS NULL OR last_sent_at < ?2)",
    )?
    .execute(params![h.candidate, d.sent_at])?;
    append(conn, id, &NewEvent::plain(EventKind::Created, h.sent_at, recorded_at, author))?;
    append(conn, id, &NewEvent::plain(EventKind::Sent, h.sent_at, recorded_at, author))?;
    for event in h.events {
        append_event(conn, id, event, author, recorded_at)?;
    }
    Ok(Recorded { id, day: local_day(h.sent_at), status: d.status })
}

fn append_event(conn: &Conn, id: i64, e: &HistoryEvent, author: &str, recorded_at: &str) -> Result<()> {
    append(
        conn,
        id,
        &NewEvent {
            comment: &e.comment,
            reason: e.reason,
            interview_at: e.interview_at.as_deref(),
            contract_type: e.contract_type,
            undated: e.undated,
            ..NewEvent::plain(e.kind, &e.at, recorded_at, author)
        },
    )
}

/// Adds what a later version of a tracker states to a promotion already imported.
pub(crate) fn append_history(
    conn: &Conn,
    id: i64,
    event: &HistoryEvent,
    author: &str,
    recorded_at: &str,
) -> Result<PromotionStatus> {
    append_event(conn, id, event, author, recorded_at)?;
    Ok(refresh(conn, id)?.status)
}

/// A promotion of a candidate to a company already stored, as an import compares it.
#[derive(Debug, Clone)]
pub(crate) struct Recorded {
    pub id: i64,
    /// The day it was sent (or created).
    pub day: Option<NaiveDate>,
    pub status: PromotionStatus,
}

/// The promotions of this candidate, each with its company.
pub(crate) fn of_candidate(conn: &Conn, candidate: i64) -> Result<Vec<(i64, Recorded)>> {
    Ok(conn
        .prepare_cached(
            "SELECT company_id, id, coalesce(sent_at, created_at), status FROM promotions WHERE candidate_id = ?1",
        )?
        .query_map([candidate], |r| {
            Ok((
                r.get(0)?,
                Recorded {
                    id: r.get(1)?,
                    day: local_day(&r.get::<_, String>(2)?),
                    status: PromotionStatus::from_code(&r.get::<_, String>(3)?).unwrap_or(PromotionStatus::Sent),
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// The moment of the latest event of promotion `id`.
pub(crate) fn last_event_at(conn: &Conn, id: i64) -> Result<String> {
    Ok(conn
        .prepare_cached("SELECT max(at) FROM promotion_events WHERE promotion_id = ?1")?
        .query_row([id], |r| r.get(0))?)
}
