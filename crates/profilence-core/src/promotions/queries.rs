//! Reading promotions: one, a page of the list (searched, filtered, or among the
//! promotions behind a figure of the dashboard), a record's timeline with every event.

use crate::store::{Conn, Row};
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{ContactBrief, Promotion, PromotionEvent, PromotionHistory, checkins, lifecycle};
use crate::{
    Error, Result,
    choices::{ContractType, EventKind, PromotionChannel, PromotionStatus, RefusalReason},
    list::{Filters, Page, PageSource, Paging, Total, count, fetch_page},
    sheets,
    text::words,
};

pub(super) const COLUMNS: &str = "p.id, p.candidate_id, c.first_name || ' ' || c.last_name, p.company_id, co.name, k.name, k.role, \
     k.email, k.phone, p.job_offer_ref, p.counsellor, p.channel, p.pitch, p.repeat_reason, p.status, p.status_at, \
     p.sent_at, p.last_contact_at, p.reminders, p.answered_at, p.reason, p.created_at, p.status_undated, p.sensitive_shown, \
     p.sensitive_reason, p.subject";
pub(crate) const FROM: &str = "promotions p JOIN candidates c ON c.id = p.candidate_id JOIN companies co ON co.id = p.company_id \
     LEFT JOIN company_contacts k ON k.id = p.contact_id";

pub(super) fn from_row(r: &Row<'_>) -> rusqlite::Result<Promotion> {
    let status = PromotionStatus::from_code(&r.get::<_, String>(14)?).unwrap_or(PromotionStatus::Draft);
    let contact_name: Option<String> = r.get(5)?;
    Ok(Promotion {
        id: r.get(0)?,
        candidate_id: r.get(1)?,
        candidate_name: r.get(2)?,
        company_id: r.get(3)?,
        company_name: r.get(4)?,
        contact: match contact_name {
            Some(name) => Some(ContactBrief { name, role: r.get(6)?, email: r.get(7)?, phone: r.get(8)? }),
            None => None,
        },
        job_offer_ref: r.get(9)?,
        counsellor: r.get(10)?,
        channel: PromotionChannel::from_code(&r.get::<_, String>(11)?).unwrap_or(PromotionChannel::Email),
        pitch: r.get(12)?,
        subject: r.get(25)?,
        repeat_reason: r.get(13)?,
        sensitive_shown: r.get(23)?,
        sensitive_reason: r.get(24)?,
        status,
        status_at: r.get(15)?,
        status_undated: r.get(22)?,
        sent_at: r.get(16)?,
        last_contact_at: r.get(17)?,
        reminders: r.get(18)?,
        answered_at: r.get(19)?,
        reason: r.get::<_, Option<String>>(20)?.as_deref().and_then(RefusalReason::from_code),
        created_at: r.get(21)?,
        next_events: next_events(status),
    })
}

/// What can follow `status`: the table's events, a note, and a correction unless only the
/// creation is in force (a draft).
fn next_events(status: PromotionStatus) -> Vec<EventKind> {
    let mut kinds = lifecycle::allowed_after(status).to_vec();
    kinds.push(EventKind::Note);
    if status != PromotionStatus::Draft {
        kinds.push(EventKind::Correction);
    }
    kinds
}

pub fn get(conn: &Conn, id: i64) -> Result<Promotion> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM {FROM} WHERE p.id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or(Error::NotFound { entity: "Promotion", id })
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PromotionQuery {
    /// Words of the candidate's or the company's name.
    #[serde(default)]
    pub search: String,
    #[serde(default)]
    pub statuses: Vec<PromotionStatus>,
    #[ts(type = "number | null")]
    pub candidate_id: Option<i64>,
    #[ts(type = "number | null")]
    pub company_id: Option<i64>,
    pub paging: Paging,
}

/// A page of promotions as they are, latest first.
pub fn page(conn: &Conn, query: &PromotionQuery) -> Result<Page<Promotion>> {
    page_among(conn, query, None)
}

/// A page of the promotions of `query` among `ids` when given (already in the list's
/// order: the promotions behind a figure of the dashboard, `stats::figure_page`).
pub fn page_among(conn: &Conn, query: &PromotionQuery, ids: Option<Vec<i64>>) -> Result<Page<Promotion>> {
    let mut filters = filters(query);
    let mut paging = query.paging;
    let mut total = None;
    if let Some(mut ids) = ids {
        // Alone, the ids give the total and the page; with other filters, the candidates.
        if filters.sql().is_empty() {
            total = Some(u32::try_from(ids.len()).unwrap_or(u32::MAX));
            ids = ids.into_iter().skip(paging.offset as usize).take(paging.page_size() as usize).collect();
            paging = Paging::first(paging.page_size());
        }
        filters
            .clause("p.id IN (SELECT value FROM json_each(:figure_ids))")
            .bind(":figure_ids", serde_json::to_string(&ids).unwrap_or_else(|_| "[]".into()));
    }
    // Every promotion has its candidate and company: the count needs no join.
    let total = match total {
        Some(total) => total,
        None => count(conn, "promotions p", &filters)?,
    };
    let source =
        PageSource { columns: COLUMNS, from: FROM, filters: &filters, order_by: ORDER_BY, total: Total::Known(total) };
    fetch_page(conn, &source, paging, from_row)
}

/// The list's order: latest first.
pub(crate) const ORDER_BY: &str = "p.created_at DESC, p.id DESC";

/// The promotions `query` keeps (its paging aside), on `promotions p`: the list's, and
/// what an export of the list writes (`lists_out`).
pub(crate) fn filters(query: &PromotionQuery) -> Filters {
    let mut filters = Filters::default();
    // Each word names the candidate or the company: "martin boulangerie" finds Martin's
    // promotion to the Boulangerie Kerbrat.
    for (i, word) in words(&query.search).into_iter().enumerate() {
        filters
            .clause(format!(
                "(p.candidate_id IN (SELECT rowid FROM candidates_fts WHERE candidates_fts MATCH :w{i}) \
                 OR p.company_id IN (SELECT rowid FROM companies_fts WHERE companies_fts MATCH :w{i}))"
            ))
            .bind(&format!(":w{i}"), format!("names : \"{word}\"*"));
    }
    if !query.statuses.is_empty() {
        let codes: Vec<String> = query.statuses.iter().map(|s| format!("'{}'", s.code())).collect();
        filters.clause(format!("p.status IN ({})", codes.join(", ")));
    }
    if let Some(id) = query.candidate_id {
        filters.clause("p.candidate_id = :candidate").bind(":candidate", id);
    }
    if let Some(id) = query.company_id {
        filters.clause("p.company_id = :company").bind(":company", id);
    }
    filters
}

/// Whose timeline.
#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind", content = "id")]
#[ts(export)]
pub enum TimelineOf {
    Candidate(#[ts(type = "number")] i64),
    Company(#[ts(type = "number")] i64),
}

/// The latest promotions of a candidate or a company with their events, and how many
/// there are in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Timeline {
    pub items: Vec<PromotionHistory>,
    pub total: u32,
}

/// Promotions shown on a record's page; older ones are counted, not listed.
pub const TIMELINE_LIMIT: u32 = 100;

/// A record's timeline as it is.
pub fn timeline_of(conn: &Conn, of: TimelineOf) -> Result<Timeline> {
    let query = match of {
        TimelineOf::Candidate(id) => PromotionQuery { candidate_id: Some(id), ..Default::default() },
        TimelineOf::Company(id) => PromotionQuery { company_id: Some(id), ..Default::default() },
    };
    let page = page(conn, &PromotionQuery { paging: Paging::first(TIMELINE_LIMIT), ..query })?;
    let items = page
        .items
        .into_iter()
        .map(|promotion| {
            Ok(PromotionHistory {
                events: events_of(conn, promotion.id)?,
                sheet: sheets::summary(conn, promotion.id)?,
                checkins: checkins::of_promotion(conn, promotion.id)?,
                promotion,
            })
        })
        .collect::<Result<_>>()?;
    Ok(Timeline { items, total: page.total })
}

/// Every promotion of candidate `id`, oldest first, each with its whole log and its stored
/// sheet: all of them, not a timeline's first page (the person's right of access).
pub fn all_of_candidate(conn: &Conn, id: i64) -> Result<Vec<PromotionHistory>> {
    let ids: Vec<i64> = conn
        .prepare_cached("SELECT id FROM promotions WHERE candidate_id = ?1 ORDER BY created_at, id")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.into_iter()
        .map(|promotion| {
            Ok(PromotionHistory {
                promotion: get(conn, promotion)?,
                events: events_of(conn, promotion)?,
                sheet: sheets::summary(conn, promotion)?,
                checkins: checkins::of_promotion(conn, promotion)?,
            })
        })
        .collect()
}

fn events_of(conn: &Conn, promotion: i64) -> Result<Vec<PromotionEvent>> {
    let mut events: Vec<PromotionEvent> = conn
        .prepare_cached(
            "SELECT id, kind, at, recorded_at, author, comment, reason, interview_at, contract_type, start_date, \
             corrects, undated FROM promotion_events WHERE promotion_id = ?1 ORDER BY id",
        )?
        .query_map([promotion], |r| {
            Ok(PromotionEvent {
                id: r.get(0)?,
                kind: EventKind::from_code(&r.get::<_, String>(1)?).unwrap_or(EventKind::Note),
                at: r.get(2)?,
                undated: r.get(11)?,
                recorded_at: r.get(3)?,
                author: r.get(4)?,
                comment: r.get(5)?,
                reason: r.get::<_, Option<String>>(6)?.as_deref().and_then(RefusalReason::from_code),
                interview_at: r.get(7)?,
                contract_type: r.get::<_, Option<String>>(8)?.as_deref().and_then(ContractType::from_code),
                start_date: r.get(9)?,
                corrects: r.get(10)?,
                cancelled: false,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let cancelled: Vec<i64> = events.iter().filter_map(|e| e.corrects).collect();
    for event in &mut events {
        event.cancelled = cancelled.contains(&event.id);
    }
    Ok(events)
}
