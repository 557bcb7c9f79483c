//! The replies that answer a promotion, kept once each: a one-click answer proposes its
//! event, which the counsellor confirms in one click or corrects; a free-text reply waits
//! to be read. Confirming records the event through the promotion's own rules
//! (`promotions::record_event`): an answer after a hire, or after « sans réponse » was
//! recorded, is shown and refused there, never forced in.

use crate::store::Conn;
use chrono::{DateTime, Local};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::{
    answers::Answer,
    replies::{Reply, promotion_of},
};
use crate::{
    Error, Result,
    choices::{EventKind, RefusalReason},
    clock::stored,
    promotions::{self, EventInput},
};

/// Where a reply stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "EmployerReplyStatus")]
pub enum Status {
    /// Waiting for the counsellor: an answer to confirm, or words to read.
    Pending,
    Confirmed,
    Corrected,
    /// Put aside without an event (the answer came too late, or was not one).
    Dismissed,
    /// A free-text reply read.
    Read,
}

impl Status {
    fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Confirmed => "confirmed",
            Self::Corrected => "corrected",
            Self::Dismissed => "dismissed",
            Self::Read => "read",
        }
    }

    fn from_code(code: &str) -> Self {
        match code {
            "confirmed" => Self::Confirmed,
            "corrected" => Self::Corrected,
            "dismissed" => Self::Dismissed,
            "read" => Self::Read,
            _ => Self::Pending,
        }
    }
}

/// A reply as the window shows it, on Relances and on the promotion's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct EmployerReply {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub promotion_id: i64,
    /// « Léa Martin → Boulangerie Kerbrat ».
    pub label: String,
    pub received_at: String,
    pub sender: String,
    pub subject: String,
    pub words: String,
    /// The one-click answer's words, when it is one.
    pub answer_label: Option<String>,
    /// The event it proposes, when it is an answer.
    pub proposed: Option<EventKind>,
    pub reason: Option<RefusalReason>,
    pub status: Status,
    /// The promotion as it stands (for the list of replies waiting, where the counsellor
    /// confirms or corrects); absent on a timeline, which shows the promotion itself.
    pub promotion: Option<promotions::Promotion>,
}

/// What a reading of the inbox did with one reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// A new reply kept.
    New(i64),
    /// Read before: nothing recorded twice.
    Known,
    /// It answers no promotion: left alone.
    Unrelated,
}

/// Keeps `reply` (read from `raw`) if it answers a promotion and was not kept before.
pub fn record(conn: &Conn, reply: &Reply, raw: &[u8], now: DateTime<Local>) -> Result<Recorded> {
    let Some(promotion_id) = promotion_of(conn, reply)? else { return Ok(Recorded::Unrelated) };
    let fingerprint =
        reply.message_id.clone().unwrap_or_else(|| format!("sha256:{}", hex::encode(Sha256::digest(raw))));
    let received_at = reply.date.map_or_else(|| stored(now), |d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    let inserted = conn.prepare_cached(
        "INSERT INTO employer_replies (promotion_id, fingerprint, received_at, read_at, sender, subject, words, answer) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (fingerprint) DO NOTHING",
    )?
    .execute(params![
        promotion_id,
        fingerprint,
        received_at,
        stored(now),
        reply.from,
        reply.subject,
        reply.words,
        reply.answer.map(Answer::code),
    ])?;
    Ok(if inserted == 1 { Recorded::New(conn.last_insert_rowid()?) } else { Recorded::Known })
}

const COLUMNS: &str = "r.id, r.promotion_id, c.first_name || ' ' || c.last_name || ' → ' || co.name, r.received_at, \
                       r.sender, r.subject, r.words, r.answer, r.status \
                       FROM employer_replies r JOIN promotions p ON p.id = r.promotion_id \
                       JOIN candidates c ON c.id = p.candidate_id JOIN companies co ON co.id = p.company_id";

fn from_row(r: &crate::store::Row<'_>) -> rusqlite::Result<EmployerReply> {
    let answer = r.get::<_, Option<String>>(7)?.and_then(|code| Answer::from_code(&code));
    let (proposed, reason) = answer.map_or((None, None), |a| {
        let (kind, reason) = a.event();
        (Some(kind), reason)
    });
    Ok(EmployerReply {
        id: r.get(0)?,
        promotion_id: r.get(1)?,
        label: r.get(2)?,
        received_at: r.get(3)?,
        sender: r.get(4)?,
        subject: r.get(5)?,
        words: r.get(6)?,
        answer_label: answer.map(Answer::label),
        proposed,
        reason,
        status: Status::from_code(&r.get::<_, String>(8)?),
        promotion: None,
    })
}

/// The replies waiting for the counsellor, oldest first, each with its promotion.
pub fn pending(conn: &Conn) -> Result<Vec<EmployerReply>> {
    let sql = format!("SELECT {COLUMNS} WHERE r.status = 'pending' ORDER BY r.received_at, r.id");
    let replies: Vec<EmployerReply> =
        conn.prepare_cached(&sql)?.query_map([], from_row)?.collect::<rusqlite::Result<_>>()?;
    replies
        .into_iter()
        .map(|reply| Ok(EmployerReply { promotion: Some(promotions::get(conn, reply.promotion_id)?), ..reply }))
        .collect()
}

/// Every reply to promotion `id`, oldest first.
pub fn of_promotion(conn: &Conn, id: i64) -> Result<Vec<EmployerReply>> {
    let sql = format!("SELECT {COLUMNS} WHERE r.promotion_id = ?1 ORDER BY r.received_at, r.id");
    Ok(conn.prepare_cached(&sql)?.query_map([id], from_row)?.collect::<rusqlite::Result<_>>()?)
}

/// Every reply to the promotions of a candidate or a company (their timeline), oldest first.
pub fn of_timeline(conn: &Conn, of: promotions::TimelineOf) -> Result<Vec<EmployerReply>> {
    let (column, id) = match of {
        promotions::TimelineOf::Candidate(id) => ("p.candidate_id", id),
        promotions::TimelineOf::Company(id) => ("p.company_id", id),
    };
    let sql = format!("SELECT {COLUMNS} WHERE {column} = ?1 ORDER BY r.received_at, r.id");
    Ok(conn.prepare_cached(&sql)?.query_map([id], from_row)?.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Conn, id: i64) -> Result<EmployerReply> {
    let sql = format!("SELECT {COLUMNS} WHERE r.id = ?1");
    conn.prepare_cached(&sql)?
        .query_row([id], from_row)
        .optional()?
        .ok_or(Error::NotFound { entity: "Réponse d'employeur", id })
}

fn pending_one(conn: &Conn, id: i64) -> Result<EmployerReply> {
    let reply = get(conn, id)?;
    if reply.status != Status::Pending {
        return Err(Error::Rule("Cette réponse a déjà été traitée.".into()));
    }
    Ok(reply)
}

/// The event's day: the reply's own — unless it says none, a later day than today, or a
/// day before the promotion's last event (a clock set wrong somewhere): then today.
fn day_of(conn: &Conn, reply: &EmployerReply, now: DateTime<Local>) -> Result<String> {
    let last: Option<String> = conn
        .prepare_cached("SELECT max(at) FROM promotion_events WHERE promotion_id = ?1")?
        .query_row([reply.promotion_id], |r| r.get(0))?;
    let local_day = |text: &str| DateTime::parse_from_rfc3339(text).ok().map(|d| d.with_timezone(&Local).date_naive());
    let last_day = last.as_deref().and_then(local_day);
    Ok(local_day(&reply.received_at)
        .filter(|day| *day <= now.date_naive() && last_day.is_none_or(|last| *day > last))
        .map_or_else(String::new, |day| day.format("%Y-%m-%d").to_string()))
}

fn settle(conn: &Conn, id: i64, status: Status, event_id: Option<i64>, now: DateTime<Local>) -> Result<()> {
    conn.prepare_cached("UPDATE employer_replies SET status = ?2, settled_at = ?3, event_id = ?4 WHERE id = ?1")?
        .execute(params![id, status.code(), stored(now), event_id])?;
    Ok(())
}

fn comment(reply: &EmployerReply) -> String {
    let words = if reply.words.is_empty() { String::new() } else { format!(" : « {} »", reply.words) };
    format!("Réponse reçue par e-mail de {}{words}", reply.sender)
}

fn last_event(conn: &Conn, promotion_id: i64) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT max(id) FROM promotion_events WHERE promotion_id = ?1")?
        .query_row([promotion_id], |r| r.get(0))?)
}

/// Records the event a one-click answer proposes, as the employer's words say it, dated
/// the day it arrived; the promotion's rules decide (a refusal is the message to show).
pub fn confirm(conn: &Conn, id: i64, now: DateTime<Local>) -> Result<promotions::Promotion> {
    let reply = pending_one(conn, id)?;
    let Some(kind) = reply.proposed else {
        return Err(Error::Rule("Cette réponse ne propose pas d'événement : lisez-la, puis classez-la.".into()));
    };
    let input = EventInput {
        kind: Some(kind),
        on: day_of(conn, &reply, now)?,
        comment: comment(&reply),
        reason: reply.reason,
        ..Default::default()
    };
    let promotion = promotions::record_event(conn, &[reply.promotion_id], &input, now)?.remove(0);
    settle(conn, id, Status::Confirmed, last_event(conn, reply.promotion_id)?, now)?;
    Ok(promotion)
}

/// Records the counsellor's own reading of a reply instead (another event, another reason,
/// their words added to the employer's).
pub fn correct(conn: &Conn, id: i64, input: &EventInput, now: DateTime<Local>) -> Result<promotions::Promotion> {
    let reply = pending_one(conn, id)?;
    let note = input.comment.trim();
    let comment = if note.is_empty() { comment(&reply) } else { format!("{note}\n{}", comment(&reply)) };
    let on = if input.on.is_empty() { day_of(conn, &reply, now)? } else { input.on.clone() };
    let input = EventInput { comment, on, ..input.clone() };
    let promotion = promotions::record_event(conn, &[reply.promotion_id], &input, now)?.remove(0);
    settle(conn, id, Status::Corrected, last_event(conn, reply.promotion_id)?, now)?;
    Ok(promotion)
}

/// Puts a reply aside: a free-text one read, or an answer that records nothing.
pub fn close(conn: &Conn, id: i64, now: DateTime<Local>) -> Result<EmployerReply> {
    let reply = pending_one(conn, id)?;
    let status = if reply.proposed.is_some() { Status::Dismissed } else { Status::Read };
    settle(conn, id, status, None, now)?;
    get(conn, id)
}
