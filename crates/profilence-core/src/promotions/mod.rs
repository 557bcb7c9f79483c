//! Promotions: a candidate presented to a company, and its traced life until the outcome.
//!
//! Every change is an event appended to `promotion_events`; the status and dates on the
//! `promotions` row are derived from the log (see `lifecycle`) in the same transaction.
//! The rules hold whatever calls them: valid consent, the repeat window, the company's
//! monthly contacts, the legal transitions.
//!
//! `promote` creates promotions, `events` records what happens to them, `queries` lists
//! and reads them, `history` records the past ones an import brings, `follow_ups` finds
//! those to remind and marks "no answer" when the wait runs out, `checkins` follows the
//! months after a hire.

pub mod checkins;
mod events;
pub mod follow_ups;
pub mod gate;
mod history;
pub mod lifecycle;
pub mod pitch;
mod promote;
mod queries;
pub mod templates;

use crate::store::Conn;
use chrono::{DateTime, Local, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use crate::error::{ConfirmationKind, ConfirmationNeeded};
use crate::{
    Database, Error, Result,
    anonymise::display_name,
    candidates::Candidate,
    choices::{ContractType, EventKind, PromotionChannel, PromotionStatus, RefusalReason},
    list::Page,
    settings::{self, CounsellorSettings},
    sheets::SheetSummary,
    text::french_date,
};
pub use events::record_event;
pub(crate) use events::record_event_as;
pub(crate) use events::replay;
pub use gate::Confirmations;
pub(crate) use gate::{contacts_in_month, latest_promotion};
pub(crate) use history::{
    History, HistoryEvent, Recorded, append_history, create_history, history_allows, last_event_at, of_candidate,
};
pub use promote::{
    Delivery, MAX_PITCH, MAX_SUBJECT, PromoteInput, PromotionTarget, SENSITIVE_REASON, TargetInfo, preview_pitch,
    preview_subject, promote, target_info,
};
pub(crate) use queries::{FROM as LIST_FROM, ORDER_BY as LIST_ORDER, filters as list_filters};
pub use queries::{PromotionQuery, Timeline, TimelineOf, all_of_candidate, get, page, page_among, timeline_of};

/// One candidate goes to at most this many companies at once…
pub const MAX_COMPANIES: usize = 5;
/// …or a company receives at most this many candidates at once.
pub const MAX_CANDIDATES: usize = 10;

/// An event to record on one or several promotions.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct EventInput {
    pub kind: Option<EventKind>,
    /// When it happened (YYYY-MM-DD); empty: now.
    #[serde(default)]
    pub on: String,
    #[serde(default)]
    pub comment: String,
    pub reason: Option<RefusalReason>,
    /// The interview's date and time (`YYYY-MM-DDTHH:MM`, or a date alone).
    #[serde(default)]
    pub interview_at: String,
    pub contract_type: Option<ContractType>,
    /// The hire's start date (YYYY-MM-DD).
    #[serde(default)]
    pub start_date: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ContactBrief {
    pub name: String,
    pub role: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// A promotion as lists and timelines show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Promotion {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub candidate_id: i64,
    pub candidate_name: String,
    #[ts(type = "number")]
    pub company_id: i64,
    pub company_name: String,
    pub contact: Option<ContactBrief>,
    pub job_offer_ref: Option<String>,
    pub counsellor: String,
    pub channel: PromotionChannel,
    pub pitch: String,
    /// The e-mail subject filled from the chosen template; `None`: made without one (its
    /// e-mail takes the subject of Paramètres → Messagerie).
    pub subject: Option<String>,
    pub repeat_reason: Option<String>,
    /// Whether its sheet and pitch show the sensitive publics (RQTH, RSA, QPV…) and their
    /// aids, as the counsellor chose; `None` for a promotion made before the choice existed.
    pub sensitive_shown: Option<bool>,
    /// Why they show (the person's agreement), when they do.
    pub sensitive_reason: Option<String>,
    pub status: PromotionStatus,
    /// When the status began; for an undated status, only its place in the log (not a date
    /// to show).
    pub status_at: String,
    /// The status event in force has no date (a tracker's status without one).
    pub status_undated: bool,
    pub sent_at: Option<String>,
    pub last_contact_at: Option<String>,
    pub reminders: u32,
    pub answered_at: Option<String>,
    pub reason: Option<RefusalReason>,
    pub created_at: String,
    /// The events that can be recorded now, notes and corrections included.
    pub next_events: Vec<EventKind>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PromotionEvent {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: EventKind,
    /// When it happened; for an undated event, only where it stands in the log.
    pub at: String,
    /// The source did not say when it happened: shown as « date non indiquée ».
    pub undated: bool,
    pub recorded_at: String,
    pub author: String,
    pub comment: String,
    pub reason: Option<RefusalReason>,
    pub interview_at: Option<String>,
    pub contract_type: Option<ContractType>,
    pub start_date: Option<String>,
    /// For a correction: the event it cancels.
    #[ts(type = "number | null")]
    pub corrects: Option<i64>,
    /// Cancelled by a later correction.
    pub cancelled: bool,
}

/// A promotion with its whole log, oldest event first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PromotionHistory {
    pub promotion: Promotion,
    pub events: Vec<PromotionEvent>,
    /// The profile sheet it was created with (none for promotions made before sheets).
    pub sheet: Option<SheetSummary>,
    /// The check-ins of its hire in force, as they fall (none before a hire).
    pub checkins: Vec<checkins::Checkin>,
}

/// Author of the events the app records by itself.
pub const AUTOMATIC_AUTHOR: &str = "Profilence (automatique)";

fn rule(message: impl Into<String>) -> Error {
    Error::Rule(message.into())
}

/// The counsellor signing promotions and events: the name set in Paramètres.
fn author(conn: &Conn) -> Result<CounsellorSettings> {
    let me = settings::get(conn)?;
    signature(&me.name)?;
    Ok(me)
}

/// Refuses to record promotions or events that nobody would sign.
pub(crate) fn signature(name: &str) -> Result<()> {
    if name.trim().is_empty() {
        return Err(rule("Renseignez votre nom dans Paramètres : chaque promotion et chaque événement sont signés."));
    }
    Ok(())
}

/// Why `candidate` cannot be promoted on `today` (their consent does not cover it), if so.
pub(crate) fn consent_refusal(candidate: &Candidate, today: NaiveDate) -> Option<String> {
    let consent = &candidate.consent;
    if consent.is_valid_on(today) {
        None
    } else if let Some(withdrawn) = consent.withdrawn_on.filter(|w| *w <= today) {
        Some(format!("{} a retiré son consentement le {}", display_name(candidate, false), french_date(withdrawn)))
    } else if consent.date > today {
        Some(format!(
            "{} n'a consenti à la promotion qu'à partir du {}",
            display_name(candidate, false),
            french_date(consent.date)
        ))
    } else {
        Some(format!(
            "le consentement de {} a expiré le {}",
            display_name(candidate, false),
            french_date(consent.expiry)
        ))
    }
}

/// The promotions of `query` at `now`, latest first, settled (`follow_ups::settle`).
pub fn list(db: &Database, query: &PromotionQuery, now: DateTime<Local>) -> Result<Page<Promotion>> {
    follow_ups::settle(db, now)?;
    db.read(|c| page(c, query))
}

/// A record's timeline at `now`, settled (`follow_ups::settle`).
pub fn timeline(db: &Database, of: TimelineOf, now: DateTime<Local>) -> Result<Timeline> {
    follow_ups::settle(db, now)?;
    db.read(|c| timeline_of(c, of))
}
