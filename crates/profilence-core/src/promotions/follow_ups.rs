//! "Relances": the promotions whose employer has not answered, oldest first, and the
//! automatic "no answer" once the wait is too long. Every view of the promotions (lists,
//! timelines, Relances, dashboards) reads them settled: the core marks those whose wait
//! ran out before it reads (`settle`), so no caller has to remember it.

use std::ops::RangeInclusive;

use crate::store::Conn;
use chrono::{DateTime, Days, Local};
use rusqlite::{named_params, params};
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
    /// Only the promotions the signed-in counsellor made (their name in Paramètres), rather
    /// than every one they may see (the agency's, in team mode).
    #[serde(default)]
    pub mine: bool,
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
/// `INSERT … SELECT` (in the order of the promotions' ids, as one event per promotion
/// would be), then the promotions they mark take their derived columns in one `UPDATE`.
/// What a "no answer" changes of what `lifecycle::derive` gives a promotion still sent or
/// reminded is its status, the status's moment (dated) and its reason (none): the dates of
/// sending, contact, answer and interview, the reminders and the person's latest sending
/// stay as they were (`tests` checks it against `events::refresh`, one promotion at a time).
pub fn mark_unanswered(conn: &Conn, now: DateTime<Local>) -> Result<u32> {
    // Nothing due, as at most of a view's refreshes: counted on the index of the waiting
    // alone. The server's planner, which cannot know that those still waiting were all
    // contacted lately, reads every promotion waiting to find none (85 ms at 500,000).
    if pending(conn, now)? == 0 {
        return Ok(0);
    }
    // Read from the index of the waiting: only the promotions due.
    mark(conn, now, "promotions INDEXED BY promotions_waiting_contact", None)
}

/// `mark_unanswered` for the promotions whose id is in `ids` only: a batch of a long pass.
/// Batches of consecutive ids, one after the other, mark what one pass marks, and each
/// writes its rows and the indexes that start with the id on neighbouring pages (batches
/// in the waiting index's order spread each over the whole table: 10,000 at a time cost
/// 2.5 times the CPU of one pass at 500,000 promotions).
fn mark_ids(conn: &Conn, now: DateTime<Local>, ids: RangeInclusive<i64>) -> Result<u32> {
    // Read along the ids (the rowid's own order), not from the waiting index: that one
    // would be read whole for each batch.
    mark(conn, now, "promotions NOT INDEXED", Some(ids))
}

fn mark(conn: &Conn, now: DateTime<Local>, from: &str, ids: Option<RangeInclusive<i64>>) -> Result<u32> {
    let settings = settings::promotion_settings(conn)?;
    let cutoff = days_before(now, settings.no_answer_days);
    let recorded_at = stored(now);
    let comment = format!("Aucune réponse {} jours après le dernier contact.", settings.no_answer_days);
    let last_event: i64 =
        conn.prepare_cached("SELECT coalesce(max(id), 0) FROM promotion_events")?.query_row([], |r| r.get(0))?;
    let ids = ids.unwrap_or(i64::MIN..=i64::MAX);
    // The day the wait ran out: the last contact (RFC 3339) plus the days, in UTC as every
    // moment is stored; a contact that is not a moment gives `now`, as before.
    let marked = conn
        .prepare_cached(&format!(
            "INSERT INTO promotion_events (promotion_id, kind, at, undated, recorded_at, author, comment) \
             SELECT id, :kind, coalesce(strftime('%Y-%m-%dT%H:%M:%SZ', last_contact_at, :wait), :recorded_at), 0, \
             :recorded_at, :author, :comment \
             FROM {from} \
             WHERE status IN ('sent', 'reminded') AND last_contact_at <= :cutoff AND id BETWEEN :first AND :last \
             ORDER BY id"
        ))?
        .execute(named_params! {
            ":kind": EventKind::NoAnswer.code(),
            ":wait": format!("+{} days", settings.no_answer_days),
            ":recorded_at": recorded_at,
            ":author": AUTOMATIC_AUTHOR,
            ":comment": comment,
            ":cutoff": cutoff,
            ":first": ids.start(),
            ":last": ids.end(),
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
pub fn pending(conn: &Conn, now: DateTime<Local>) -> Result<u32> {
    let cutoff = days_before(now, settings::promotion_settings(conn)?.no_answer_days);
    Ok(conn
        .prepare_cached(
            "SELECT count(*) FROM promotions INDEXED BY promotions_waiting_contact \
             WHERE status IN ('sent', 'reminded') AND last_contact_at <= ?1",
        )?
        .query_row([cutoff], |r| r.get(0))?)
}

/// The ids of the promotions a pass at `now` would mark, in order.
fn due_ids(conn: &Conn, now: DateTime<Local>) -> Result<Vec<i64>> {
    let cutoff = days_before(now, settings::promotion_settings(conn)?.no_answer_days);
    Ok(conn
        .prepare_cached(
            "SELECT id FROM promotions INDEXED BY promotions_waiting_contact \
             WHERE status IN ('sent', 'reminded') AND last_contact_at <= ?1 ORDER BY id",
        )?
        .query_map([cutoff], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Marks "no answer" what ran out by `now` (its own transaction), before a view reads —
/// unless there is more than the database's long pass (`Database::defer_passes_over`):
/// then the view reads the promotions as they are while the app's thread marks them
/// (`settle_in_batches`), rather than keep the counsellor waiting for seconds.
pub(crate) fn settle(db: &Database, now: DateTime<Local>) -> Result<u32> {
    let long = db.long_pass();
    db.write(|tx| if long < u32::MAX && pending(tx, now)? > long { Ok(0) } else { mark_unanswered(tx, now) })
}

/// Promotions due a batch of a long pass marks: about a second of the writer on the
/// 2-core machine at 500,000 promotions (BENCHMARKS.md, agency scale); batches of
/// consecutive ids this large cost about what one pass costs.
pub const BATCH: u32 = 30_000;

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

/// Marks "no answer" what ran out by `now`, `batch` promotions due per transaction (of
/// consecutive ids: `mark_ids`), telling `progress` after each: the writer is free between
/// two batches (a candidate saved, a promotion sent go through), and each batch is whole
/// or absent. The batches' ranges of ids cover every id, so that what falls due during the
/// pass is marked too. Marks what one `mark_unanswered` would (`tests`). Returns how many
/// were marked.
pub fn settle_in_batches(
    db: &Database,
    now: DateTime<Local>,
    batch: u32,
    mut progress: impl FnMut(PassProgress),
) -> Result<u32> {
    let due = db.read(|c| due_ids(c, now))?;
    let mut done = PassProgress { marked: 0, due: u32::try_from(due.len()).unwrap_or(u32::MAX) };
    let chunks = due.chunks(usize::try_from(batch.max(1)).unwrap_or(usize::MAX));
    let count = chunks.len();
    let mut first = i64::MIN;
    for (i, chunk) in chunks.enumerate() {
        let last = if i + 1 == count { i64::MAX } else { chunk.last().copied().unwrap_or(i64::MAX) };
        done.marked += db.write(|tx| mark_ids(tx, now, first..=last))?;
        // More than foreseen when contacts ran out during the pass (midnight): said so.
        done.due = done.due.max(done.marked);
        progress(done);
        first = last.saturating_add(1);
    }
    Ok(done.marked)
}

/// "Relances" at `now`: the promotions settled, then those to remind.
pub fn due(db: &Database, query: &FollowUpQuery, now: DateTime<Local>) -> Result<FollowUpPage> {
    settle(db, now)?;
    db.read(|c| waiting(c, query, now))
}

/// The promotions to remind: waiting for an answer, last contacted `reminder_days` ago or
/// more; the longest waiting first (as they are: see `due`).
pub fn waiting(conn: &Conn, query: &FollowUpQuery, now: DateTime<Local>) -> Result<FollowUpPage> {
    let settings = settings::promotion_settings(conn)?;
    let contact_cutoff = days_before(now, settings.reminder_days);
    // Whose: the counsellor's own, or all they may see. On the team's server the promotions'
    // log is the whole team's (the contact limits count it): only those of candidates of the
    // counsellor's agency are theirs to remind (row-level security keeps the others out of
    // `candidates`). On a desktop every candidate is, and the count needs no look-up.
    let mine = if query.mine { " AND counsellor = (SELECT name FROM counsellor_settings WHERE id = 1)" } else { "" };
    let agency = if conn.is_postgres() { " AND candidate_id IN (SELECT id FROM candidates)" } else { "" };
    // Counted on the index by last contact: only the promotions due are read.
    let (total, urgent): (u32, u32) = conn
        .prepare_cached(&format!(
            "SELECT count(*), coalesce(sum(sent_at <= ?2), 0) FROM promotions INDEXED BY promotions_waiting_contact \
             WHERE status IN ('sent', 'reminded') AND last_contact_at <= ?1{mine}{agency}"
        ))?
        .query_row(params![contact_cutoff, days_before(now, settings.urgent_days)], |r| Ok((r.get(0)?, r.get(1)?)))?;
    // Listed on the index by sending, oldest first: the first page is read from its start.
    let mut filters = Filters::default();
    filters
        .clause("p.status IN ('sent', 'reminded') AND p.last_contact_at <= :contact_cutoff")
        .bind(":contact_cutoff", contact_cutoff);
    if query.mine {
        filters.clause("p.counsellor = (SELECT name FROM counsellor_settings WHERE id = 1)");
    }
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
