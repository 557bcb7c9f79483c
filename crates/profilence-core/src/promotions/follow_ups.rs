//! "Relances": the promotions whose employer has not answered, oldest first, and the
//! automatic "no answer" once the wait is too long. Every view of the promotions (lists,
//! timelines, Relances, dashboards) reads them settled: the core marks those whose wait
//! ran out before it reads (`settle`), so no caller has to remember it.

use std::time::{Duration, Instant};

use chrono::{DateTime, Days, Local};
use rusqlite::{Connection, named_params, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{
    AUTOMATIC_AUTHOR, Promotion,
    queries::{COLUMNS, FROM, from_row},
};
use crate::{
    Database, Result,
    choices::{EventKind, PromotionStatus},
    clock::stored,
    list::{Filters, PageSource, Paging, Total, fetch_page},
    settings::{self, PromotionSettings},
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FollowUp {
    pub promotion: Promotion,
    /// Whole days since the profile was sent.
    pub waiting_days: u32,
    /// Whole days since the last sending or reminder.
    pub days_since_contact: u32,
    /// Waiting since sending for the urgent threshold or longer.
    pub urgent: bool,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FollowUpQuery {
    pub paging: Paging,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FollowUpPage {
    pub items: Vec<FollowUp>,
    pub total: u32,
    /// Of `total`, those waiting for the urgent threshold or longer.
    pub urgent: u32,
    pub settings: PromotionSettings,
}

fn days_before(now: DateTime<Local>, days: u32) -> String {
    stored(now.checked_sub_days(Days::new(days.into())).unwrap_or(now))
}

fn days_between(from: &str, now: DateTime<Local>) -> u32 {
    DateTime::parse_from_rfc3339(from)
        .map(|t| u32::try_from((now.fixed_offset() - t).num_days()).unwrap_or(0))
        .unwrap_or(0)
}

/// Marks "no answer" each promotion still waiting `no_answer_days` after its last contact,
/// dated the day the wait ran out. Returns how many were marked.
///
/// Set-based, two statements whatever the number marked: the events are appended in one
/// `INSERT … SELECT` (in the order of the waiting index, as one event per promotion would
/// be), then the promotions they mark take their derived columns in one `UPDATE`.
/// What a "no answer" changes of what `lifecycle::derive` gives a promotion still sent or
/// reminded is its status, the status's moment (dated) and its reason (none): the dates of
/// sending, contact, answer and interview, the reminders and the person's latest sending
/// stay as they were (`tests` checks it against `events::refresh`, one promotion at a time).
pub fn mark_unanswered(conn: &Connection, now: DateTime<Local>) -> Result<u32> {
    mark_next(conn, now, None)
}

/// `mark_unanswered` for the first `limit` promotions due only (all when `None`), in the
/// order the whole pass takes them: batches one after the other mark what one pass marks.
fn mark_next(conn: &Connection, now: DateTime<Local>, limit: Option<u32>) -> Result<u32> {
    let settings = settings::promotion_settings(conn)?;
    let cutoff = days_before(now, settings.no_answer_days);
    let recorded_at = stored(now);
    let comment = format!("Aucune réponse {} jours après le dernier contact.", settings.no_answer_days);
    let last_event: i64 =
        conn.prepare_cached("SELECT coalesce(max(id), 0) FROM promotion_events")?.query_row([], |r| r.get(0))?;
    // The day the wait ran out: the last contact (RFC 3339) plus the days, in UTC as every
    // moment is stored; a contact that is not a moment gives `now`, as before.
    let marked = conn
        .prepare_cached(
            "INSERT INTO promotion_events (promotion_id, kind, at, undated, recorded_at, author, comment) \
             SELECT id, :kind, coalesce(strftime('%Y-%m-%dT%H:%M:%SZ', last_contact_at, :wait), :recorded_at), 0, \
             :recorded_at, :author, :comment \
             FROM promotions INDEXED BY promotions_waiting_contact \
             WHERE status IN ('sent', 'reminded') AND last_contact_at <= :cutoff \
             ORDER BY last_contact_at, sent_at, id LIMIT :limit",
        )?
        .execute(named_params! {
            ":limit": limit.map_or(-1, i64::from),
            ":kind": EventKind::NoAnswer.code(),
            ":wait": format!("+{} days", settings.no_answer_days),
            ":recorded_at": recorded_at,
            ":author": AUTOMATIC_AUTHOR,
            ":comment": comment,
            ":cutoff": cutoff,
        })?;
    if marked > 0 {
        // In the order of the promotions' ids (the `IN` list is sorted): the rows and the
        // indexes that start with the id are written page after page, not at random.
        conn.prepare_cached(
            "UPDATE promotions SET status = :status, status_undated = 0, reason = NULL, status_at = \
             (SELECT e.at FROM promotion_events e WHERE e.promotion_id = promotions.id AND e.id > :last_event) \
             WHERE id IN (SELECT promotion_id FROM promotion_events WHERE id > :last_event)",
        )?
        .execute(named_params! { ":status": PromotionStatus::NoAnswer.code(), ":last_event": last_event })?;
    }
    Ok(u32::try_from(marked).unwrap_or(u32::MAX))
}

/// How many promotions a pass at `now` would mark.
pub fn pending(conn: &Connection, now: DateTime<Local>) -> Result<u32> {
    let cutoff = days_before(now, settings::promotion_settings(conn)?.no_answer_days);
    Ok(conn
        .prepare_cached(
            "SELECT count(*) FROM promotions INDEXED BY promotions_waiting_contact \
             WHERE status IN ('sent', 'reminded') AND last_contact_at <= ?1",
        )?
        .query_row([cutoff], |r| r.get(0))?)
}

/// Marks "no answer" what ran out by `now` (its own transaction), before a view reads —
/// unless there is more than the database's long pass (`Database::defer_passes_over`):
/// then the view reads the promotions as they are while the app's thread marks them
/// (`settle_in_batches`), rather than keep the counsellor waiting for seconds.
pub(crate) fn settle(db: &Database, now: DateTime<Local>) -> Result<u32> {
    let long = db.long_pass();
    db.write(|tx| if long < u32::MAX && pending(tx, now)? > long { Ok(0) } else { mark_unanswered(tx, now) })
}

/// How a pass in batches sizes them: each batch rewrites pages spread over the whole
/// table and its indexes, so many small batches cost several times one pass (10,000 at a
/// time: 2.5 times the CPU at 500,000 promotions), and a large one holds the writer long.
/// The first batch is `first`; each next one is sized from the last one's pace to take
/// about `hold`, within `min..=max`.
#[derive(Debug, Clone, Copy)]
pub struct Batching {
    pub first: u32,
    pub min: u32,
    pub max: u32,
    pub hold: Duration,
}

/// The app's: about a second of the writer per batch (BENCHMARKS.md, agency scale).
pub const BATCHING: Batching = Batching { first: 10_000, min: 2_000, max: 500_000, hold: Duration::from_secs(1) };

impl Batching {
    /// The size of the batch after one of `size` that took `took`.
    fn next(&self, size: u32, took: Duration) -> u32 {
        let pace = f64::from(size) / took.as_secs_f64().max(1e-3);
        // In range, so the cast cannot truncate.
        (pace * self.hold.as_secs_f64()).clamp(f64::from(self.min), f64::from(self.max)) as u32
    }
}

/// Where a pass run in batches stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PassProgress {
    /// Marked so far.
    pub marked: u32,
    /// Due when the pass began.
    pub due: u32,
}

/// Marks "no answer" what ran out by `now`, a batch of promotions per transaction
/// (`batching`), telling `progress` after each: the writer is free between two batches
/// (a candidate saved, a promotion sent go through), and each batch is whole or absent.
/// Marks what one `mark_unanswered` would (`tests`). Returns how many were marked.
pub fn settle_in_batches(
    db: &Database,
    now: DateTime<Local>,
    batching: &Batching,
    mut progress: impl FnMut(PassProgress),
) -> Result<u32> {
    let due = db.read(|c| pending(c, now))?;
    let mut done = PassProgress { marked: 0, due };
    let mut size = batching.first.max(1);
    loop {
        let started = Instant::now();
        let marked = db.write(|tx| mark_next(tx, now, Some(size)))?;
        done.marked += marked;
        // More than foreseen when contacts ran out during the pass (midnight): said so.
        done.due = done.due.max(done.marked);
        progress(done);
        if marked < size {
            return Ok(done.marked);
        }
        size = batching.next(size, started.elapsed()).max(1);
    }
}

/// "Relances" at `now`: the promotions settled, then those to remind.
pub fn due(db: &Database, query: &FollowUpQuery, now: DateTime<Local>) -> Result<FollowUpPage> {
    settle(db, now)?;
    db.read(|c| waiting(c, query, now))
}

/// The promotions to remind: waiting for an answer, last contacted `reminder_days` ago or
/// more; the longest waiting first (as they are: see `due`).
pub fn waiting(conn: &Connection, query: &FollowUpQuery, now: DateTime<Local>) -> Result<FollowUpPage> {
    let settings = settings::promotion_settings(conn)?;
    let contact_cutoff = days_before(now, settings.reminder_days);
    // Counted on the index by last contact: only the promotions due are read.
    let (total, urgent): (u32, u32) = conn
        .prepare_cached(
            "SELECT count(*), coalesce(sum(sent_at <= ?2), 0) FROM promotions INDEXED BY promotions_waiting_contact \
             WHERE status IN ('sent', 'reminded') AND last_contact_at <= ?1",
        )?
        .query_row(params![contact_cutoff, days_before(now, settings.urgent_days)], |r| Ok((r.get(0)?, r.get(1)?)))?;
    // Listed on the index by sending, oldest first: the first page is read from its start.
    let mut filters = Filters::default();
    filters
        .clause("p.status IN ('sent', 'reminded') AND p.last_contact_at <= :contact_cutoff")
        .bind(":contact_cutoff", contact_cutoff);
    let waiting_from = FROM.replacen("promotions p", "promotions p INDEXED BY promotions_waiting", 1);
    let source = PageSource {
        columns: COLUMNS,
        from: &waiting_from,
        filters: &filters,
        order_by: "p.sent_at, p.id",
        total: Total::Known(total),
    };
    let page = fetch_page(conn, &source, query.paging, from_row)?;
    let items = page
        .items
        .into_iter()
        .map(|promotion| {
            let waiting_days = promotion.sent_at.as_deref().map_or(0, |t| days_between(t, now));
            FollowUp {
                days_since_contact: promotion.last_contact_at.as_deref().map_or(0, |t| days_between(t, now)),
                urgent: waiting_days >= settings.urgent_days,
                waiting_days,
                promotion,
            }
        })
        .collect();
    Ok(FollowUpPage { items, total: page.total, urgent, settings })
}

#[cfg(test)]
mod tests;
