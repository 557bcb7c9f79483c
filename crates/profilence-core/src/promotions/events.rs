//! What happens to promotions: events appended to their log, checked against the
//! transitions (`lifecycle`), and the status derived again from the log.

use crate::store::Conn;
use chrono::{DateTime, Local, NaiveDate};
use rusqlite::params;

use super::{
    Confirmations, EventInput, Promotion, author, checkins,
    gate::{self, Departure, Leaving},
    get,
    lifecycle::{self, LoggedEvent, derive, refusal},
    rule,
};
use crate::{
    Error, Result,
    choices::{ContractType, EventKind, PromotionChannel, PromotionStatus, RefusalReason},
    clock::{noon, stored},
    journal::{self, Action, Subject},
    validation::Checker,
};

const MAX_COMMENT: usize = 2000;

/// An event ready to append.
pub(super) struct NewEvent<'a> {
    pub(super) kind: EventKind,
    /// When it happened; for an undated event, only where it stands in the log.
    pub(super) at: &'a str,
    /// The source did not say when it happened.
    pub(super) undated: bool,
    pub(super) recorded_at: &'a str,
    pub(super) author: &'a str,
    pub(super) comment: &'a str,
    pub(super) reason: Option<RefusalReason>,
    pub(super) interview_at: Option<&'a str>,
    pub(super) contract_type: Option<ContractType>,
    pub(super) start_date: Option<NaiveDate>,
    pub(super) corrects: Option<i64>,
}

impl<'a> NewEvent<'a> {
    pub(super) fn plain(kind: EventKind, at: &'a str, recorded_at: &'a str, author: &'a str) -> Self {
        Self {
            kind,
            at,
            undated: false,
            recorded_at,
            author,
            comment: "",
            reason: None,
            interview_at: None,
            contract_type: None,
            start_date: None,
            corrects: None,
        }
    }
}

pub(super) fn append(conn: &Conn, promotion: i64, e: &NewEvent<'_>) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO promotion_events (promotion_id, kind, at, undated, recorded_at, author, comment, reason, \
         interview_at, contract_type, start_date, corrects) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        promotion,
        e.kind.code(),
        e.at,
        e.undated,
        e.recorded_at,
        e.author,
        e.comment,
        e.reason.map(RefusalReason::code),
        e.interview_at,
        e.contract_type.map(ContractType::code),
        e.start_date,
        e.corrects
    ])?;
    Ok(())
}

pub(super) fn logged(conn: &Conn, promotion: i64) -> Result<Vec<LoggedEvent>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, kind, at, undated, reason, corrects FROM promotion_events WHERE promotion_id = ?1 ORDER BY id",
        )?
        .query_map([promotion], |r| {
            Ok(LoggedEvent {
                id: r.get(0)?,
                kind: EventKind::from_code(&r.get::<_, String>(1)?).unwrap_or(EventKind::Note),
                at: r.get(2)?,
                undated: r.get(3)?,
                reason: r.get::<_, Option<String>>(4)?.as_deref().and_then(RefusalReason::from_code),
                corrects: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// Derives the status and dates from the log and stores them on the promotion row.
pub(super) fn refresh(conn: &Conn, promotion: i64) -> Result<lifecycle::Derived> {
    let derived = derive(&logged(conn, promotion)?).ok_or(Error::NotFound { entity: "Promotion", id: promotion })?;
    conn.prepare_cached(
        "UPDATE promotions SET status = ?2, status_at = ?3, sent_at = ?4, last_contact_at = ?5, reminders = ?6, \
         answered_at = ?7, reason = ?8, interview_planned_at = ?9, answer_undated = ?10, interview_undated = ?11, \
         status_undated = ?12 WHERE id = ?1",
    )?
    .execute(params![
        promotion,
        derived.status.code(),
        derived.status_at,
        derived.sent_at,
        derived.last_contact_at,
        derived.reminders,
        derived.answered_at,
        derived.reason.map(RefusalReason::code),
        derived.interview_planned_at,
        derived.answer_undated,
        derived.interview_undated,
        derived.status_undated
    ])?;
    // The person's latest sending, which the pool filters and sorts by: a correction can
    // move a sending back, so it is looked up again (one probe of the sendings' index).
    conn.prepare_cached(
        "UPDATE candidates SET last_sent_at = latest.at FROM (SELECT p.candidate_id AS id, \
         (SELECT max(q.sent_at) FROM promotions q WHERE q.candidate_id = p.candidate_id AND q.sent_at IS NOT NULL) AS at \
         FROM promotions p WHERE p.id = ?1) AS latest \
         WHERE candidates.id = latest.id AND candidates.last_sent_at IS DISTINCT FROM latest.at",
    )?
    .execute([promotion])?;
    Ok(derived)
}

/// A checked event, the same for every promotion it goes to.
struct ValidEvent {
    kind: EventKind,
    on: Option<NaiveDate>,
    comment: String,
    reason: Option<RefusalReason>,
    interview_at: Option<String>,
    contract_type: Option<ContractType>,
    start_date: Option<NaiveDate>,
}

fn validate_event(input: &EventInput, today: NaiveDate) -> Result<ValidEvent> {
    use EventKind as E;
    let mut check = Checker::new();
    let kind = input.kind;
    if kind.is_none() {
        check.add("kind", "Choisissez ce qui s'est passé.");
    }
    let on = check.date("on", &input.on);
    if on.is_some_and(|d| d > today) {
        check.add("on", "La date ne peut pas être dans le futur.");
    }
    let comment = check.optional("comment", &input.comment, MAX_COMMENT).unwrap_or_default();
    let needs_reason = matches!(kind, Some(E::Refused | E::NotRetained));
    let reason = if needs_reason { input.reason } else { None };
    if needs_reason && reason.is_none() {
        check.add("reason", "Choisissez le motif.");
    }
    if reason == Some(RefusalReason::Other) && comment.is_empty() {
        check.add("comment", "Précisez le motif dans le commentaire.");
    }
    if matches!(kind, Some(E::Correction | E::Note)) && comment.is_empty() {
        check.add("comment", if kind == Some(E::Note) { "Écrivez la note." } else { "Dites pourquoi vous corrigez." });
    }
    let interview_at = if kind == Some(E::InterviewPlanned) {
        let value = input.interview_at.trim();
        let ok = chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M").is_ok()
            || NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok();
        if value.is_empty() {
            check.add("interviewAt", "Indiquez la date de l'entretien.");
        } else if !ok {
            check.add("interviewAt", "Date ou heure invalide (exemple : 2026-03-12T14:30).");
        }
        Some(value.to_owned())
    } else {
        None
    };
    let (contract_type, start_date) = if kind == Some(E::Hired) {
        if input.contract_type.is_none() {
            check.add("contractType", "Choisissez le type de contrat.");
        }
        (input.contract_type, check.required_date("startDate", &input.start_date))
    } else {
        (None, None)
    };
    check.finish()?;
    Ok(ValidEvent { kind: kind.unwrap_or(E::Note), on, comment, reason, interview_at, contract_type, start_date })
}

/// Records the same event on each promotion of `ids`, all or none: an illegal transition
/// on one of them refuses the whole lot, naming each. Marking drafts as sent goes through
/// the send gate (`gate::may_leave`) and the journal.
pub fn record_event(conn: &Conn, ids: &[i64], input: &EventInput, now: DateTime<Local>) -> Result<Vec<Promotion>> {
    record_event_as(conn, ids, input, now, Leaving::MarkSent)
}

/// `record_event`, a sending done `leaving`'s way (by e-mail: `mail::deliver`).
pub(crate) fn record_event_as(
    conn: &Conn,
    ids: &[i64],
    input: &EventInput,
    now: DateTime<Local>,
    leaving: Leaving,
) -> Result<Vec<Promotion>> {
    let author = author(conn)?.name;
    let today = now.date_naive();
    if ids.is_empty() {
        return Err(rule("Sélectionnez au moins une promotion."));
    }
    let event = validate_event(input, today)?;
    let recorded_at = stored(now);
    let at = match event.on {
        Some(day) if day < today => noon(day).map_or_else(|| recorded_at.clone(), stored),
        _ => recorded_at.clone(),
    };
    let mut problems = Vec::new();
    let mut plans = Vec::with_capacity(ids.len());
    for &id in ids {
        let promotion = get(conn, id)?;
        let log = logged(conn, id)?;
        let derived = derive(&log).ok_or(Error::NotFound { entity: "Promotion", id })?;
        let who = format!("{} → {}", promotion.candidate_name, promotion.company_name);
        if let Some(why) = refusal(derived.status, event.kind, derived.correctable.is_some()) {
            problems.push(format!("{who} : {why}"));
            continue;
        }
        if log.last().is_some_and(|last| last.at > at) {
            problems.push(format!("{who} : la date précède le dernier événement enregistré."));
            continue;
        }
        plans.push((id, derived.correctable, promotion.channel));
    }
    if !problems.is_empty() {
        let head = if ids.len() == 1 {
            String::new()
        } else {
            format!(
                "Aucun événement enregistré : {} promotion(s) sur {} ne le permettent pas. ",
                problems.len(),
                ids.len()
            )
        };
        return Err(rule(format!("{head}{}", problems.join("\n"))));
    }
    if event.kind == EventKind::Sent {
        let departures = ids.iter().map(|&id| Departure::of_promotion(conn, id)).collect::<Result<Vec<_>>>()?;
        gate::may_leave(conn, &departures, leaving, today, &Confirmations::default())?;
    }
    for (id, correctable, channel) in plans {
        append(
            conn,
            id,
            &NewEvent {
                kind: event.kind,
                at: &at,
                undated: false,
                recorded_at: &recorded_at,
                author: &author,
                comment: &event.comment,
                reason: event.reason,
                interview_at: event.interview_at.as_deref(),
                contract_type: event.contract_type,
                start_date: event.start_date,
                corrects: if event.kind == EventKind::Correction { correctable } else { None },
            },
        )?;
        let derived = refresh(conn, id)?;
        if matches!(event.kind, EventKind::Hired | EventKind::Correction) {
            checkins::sync(conn, id, &derived, now)?;
        }
        if event.kind == EventKind::Sent {
            let detail = match leaving {
                Leaving::SendMail => "Envoyée par e-mail".to_owned(),
                _ => format!("Marquée envoyée (canal : {})", channel.label()),
            };
            journal::record(conn, Action::Send, Subject::Promotion(id), &detail)?;
        }
    }
    ids.iter().map(|&id| get(conn, id)).collect()
}

/// For the demo and the benchmark: a promotion with a whole history, dated in the past.
/// Goes through the same transitions as the UI.
pub(crate) fn replay(
    conn: &Conn,
    candidate: i64,
    (company, contact): (i64, Option<i64>),
    channel: PromotionChannel,
    pitch_text: &str,
    author: &str,
    history: &[(EventInput, DateTime<Local>)],
) -> Result<i64> {
    let Some((_, created)) = history.first() else { return Err(rule("An empty history.")) };
    let at = stored(*created);
    // The agency in Paramètres, as for the promotions the counsellor makes.
    conn.prepare_cached(
        "INSERT INTO promotions (candidate_id, company_id, contact_id, counsellor, channel, pitch, profile_version, \
         created_at, status, status_at, agency) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, 'draft', ?7, \
         (SELECT agency FROM counsellor_settings WHERE id = 1))",
    )?
    .execute(params![candidate, company, contact, author, channel.code(), pitch_text, at])?;
    let id = conn.last_insert_rowid()?;
    append(conn, id, &NewEvent::plain(EventKind::Created, &at, &at, author))?;
    for (input, when) in &history[1..] {
        let event = validate_event(input, when.date_naive())?;
        let status = derive(&logged(conn, id)?).map_or(PromotionStatus::Draft, |d| d.status);
        if let Some(why) = refusal(status, event.kind, true) {
            return Err(rule(why));
        }
        let moment = stored(*when);
        append(
            conn,
            id,
            &NewEvent {
                kind: event.kind,
                reason: event.reason,
                interview_at: event.interview_at.as_deref(),
                contract_type: event.contract_type,
                start_date: event.start_date,
                comment: &event.comment,
                ..NewEvent::plain(event.kind, &moment, &moment, author)
            },
        )?;
    }
    let derived = refresh(conn, id)?;
    let last = history.last().map_or(*created, |(_, when)| *when);
    checkins::sync(conn, id, &derived, last)?;
    Ok(id)
}
