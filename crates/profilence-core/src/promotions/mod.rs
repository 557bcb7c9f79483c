//! Promotions: a candidate presented to a company, and its traced life until the outcome.
//!
//! Every change is an event appended to `promotion_events`; the status and dates on the
//! `promotions` row are derived from the log (see `lifecycle`) in the same transaction.
//! The rules hold whatever calls them: valid consent, the repeat window, the company's
//! monthly contacts, the legal transitions.

pub mod follow_ups;
pub mod lifecycle;
pub mod pitch;

use chrono::{DateTime, Datelike, Local, NaiveDate};
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{
    Error, Result,
    candidates::{self, Candidate},
    choices::{ContractType, EventKind, PromotionChannel, PromotionStatus, RefusalReason},
    clock::{noon, stored},
    companies::{self, Company},
    list::{Filters, Page, PageSource, Paging, count, fetch_page},
    settings::{self, CounsellorSettings},
    sheets::{self, SheetSummary},
    text::words,
    validation::Checker,
};
use lifecycle::{LoggedEvent, derive, refusal};

/// One candidate goes to at most this many companies at once…
pub const MAX_COMPANIES: usize = 5;
/// …or a company receives at most this many candidates at once.
pub const MAX_CANDIDATES: usize = 10;
const MAX_PITCH: usize = 5000;
const MAX_COMMENT: usize = 2000;

/// A company to promote to, and whom there to address.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PromotionTarget {
    #[ts(type = "number")]
    pub company_id: i64,
    #[ts(type = "number | null")]
    pub contact_id: Option<i64>,
}

/// What the counsellor confirmed after being warned.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Confirmations {
    /// Why a candidate goes again to a company within the repeat window (empty: not confirmed).
    #[serde(default)]
    pub repeat_reason: String,
    /// Go beyond a company's maximum contacts per month.
    #[serde(default)]
    pub over_contact_limit: bool,
}

/// One candidate to up to 5 companies, or up to 10 candidates to one company.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PromoteInput {
    #[ts(type = "number[]")]
    pub candidate_ids: Vec<i64>,
    pub targets: Vec<PromotionTarget>,
    pub channel: PromotionChannel,
    pub job_offer_ref: String,
    /// The pitch with its merge fields, filled for each candidate and company.
    pub pitch_template: String,
    /// `true`: created and marked sent; `false`: kept as drafts.
    pub send: bool,
    #[serde(default)]
    pub confirmations: Confirmations,
    /// The profile sheet stored with each promotion is anonymised ("Candidat·e L.").
    #[serde(default)]
    pub anonymous: bool,
    /// How the promotions go out when `send` is set.
    #[serde(default)]
    pub delivery: Delivery,
}

/// How promotions go out once created.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Delivery {
    /// The counsellor sends them (phone, visit, their own mail…): marked sent at once.
    #[default]
    Marked,
    /// Profilence e-mails each to its contact: marked sent once the server accepted it.
    Email,
    /// A draft for the counsellor's mail client: marked sent when they confirm it went.
    MailDraft,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ConfirmationKind {
    /// The candidate was promoted to this company within the repeat window.
    Repeat,
    /// The company's maximum contacts per month would be exceeded.
    ContactLimit,
}

/// A warning the counsellor must confirm before the promotions are created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConfirmationNeeded {
    pub kind: ConfirmationKind,
    #[ts(type = "number | null")]
    pub candidate_id: Option<i64>,
    #[ts(type = "number")]
    pub company_id: i64,
    pub message: String,
}

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
    pub repeat_reason: Option<String>,
    pub status: PromotionStatus,
    pub status_at: String,
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
    pub at: String,
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
}

/// Author of the events the app records by itself.
pub const AUTOMATIC_AUTHOR: &str = "Profilence (automatique)";

fn rule(message: impl Into<String>) -> Error {
    Error::Rule(message.into())
}

/// The counsellor signing promotions and events: the name set in Paramètres.
fn author(conn: &Connection) -> Result<CounsellorSettings> {
    let me = settings::get(conn)?;
    if me.name.trim().is_empty() {
        return Err(rule("Renseignez votre nom dans Paramètres : chaque promotion et chaque événement sont signés."));
    }
    Ok(me)
}

fn full_name(c: &Candidate) -> String {
    format!("{} {}", c.first_name, c.last_name)
}

fn french_date(day: NaiveDate) -> String {
    day.format("%d/%m/%Y").to_string()
}

/// The local date of a stored moment.
fn local_day(stored_moment: &str) -> Option<NaiveDate> {
    DateTime::parse_from_rfc3339(stored_moment).ok().map(|m| m.with_timezone(&Local).date_naive())
}

fn consent_refusal(candidate: &Candidate, today: NaiveDate) -> Option<String> {
    let consent = &candidate.consent;
    if consent.is_valid_on(today) {
        None
    } else if consent.date > today {
        Some(format!(
            "{} n'a consenti à la promotion qu'à partir du {}",
            full_name(candidate),
            french_date(consent.date)
        ))
    } else {
        Some(format!("le consentement de {} a expiré le {}", full_name(candidate), french_date(consent.expiry)))
    }
}

/// Creates the promotions of `input` (marked sent unless drafts were asked for), after
/// every rule; nothing is written when one fails or needs a confirmation.
pub fn promote(conn: &Connection, input: &PromoteInput, now: DateTime<Local>) -> Result<Vec<Promotion>> {
    let today = now.date_naive();
    let me = author(conn)?;
    let mut check = Checker::new();
    let (n_candidates, n_targets) = (input.candidate_ids.len(), input.targets.len());
    if n_candidates == 0 {
        check.add("candidateIds", "Choisissez au moins un candidat.");
    } else if n_candidates > MAX_CANDIDATES {
        check.add("candidateIds", format!("{MAX_CANDIDATES} candidats au plus à la fois."));
    }
    if n_targets == 0 {
        check.add("targets", "Choisissez au moins une entreprise.");
    } else if n_targets > MAX_COMPANIES {
        check.add("targets", format!("{MAX_COMPANIES} entreprises au plus à la fois."));
    }
    if n_candidates > 1 && n_targets > 1 {
        check.add("targets", "Plusieurs candidats se promeuvent auprès d'une seule entreprise à la fois.");
    }
    if has_repeats(input.candidate_ids.iter()) {
        check.add("candidateIds", "Un même candidat est choisi deux fois.");
    }
    if has_repeats(input.targets.iter().map(|t| &t.company_id)) {
        check.add("targets", "Une même entreprise est choisie deux fois.");
    }
    let job_offer_ref = check.optional("jobOfferRef", &input.job_offer_ref, 80);
    check.required("pitchTemplate", &input.pitch_template, MAX_PITCH);
    if input.delivery != Delivery::Marked && input.channel != PromotionChannel::Email {
        check.add("delivery", "L'envoi par e-mail ou en brouillon suppose le canal « E-mail ».");
    }
    check.finish()?;

    let mut people = Vec::with_capacity(n_candidates);
    for id in &input.candidate_ids {
        people.push(candidates::get(conn, *id, today)?);
    }
    let refused: Vec<String> = people.iter().filter_map(|c| consent_refusal(c, today)).collect();
    if !refused.is_empty() {
        return Err(rule(format!(
            "Promotion impossible sans consentement valide : {}. Renouvelez le consentement dans la fiche du candidat.",
            refused.join(" ; ")
        )));
    }
    let mut companies = Vec::with_capacity(n_targets);
    let mut check = Checker::new();
    for (i, target) in input.targets.iter().enumerate() {
        let company = companies::get(conn, target.company_id)?;
        if let Some(contact) = target.contact_id
            && !company.contacts.iter().any(|k| k.id == contact)
        {
            check.add(&format!("targets.{i}.contactId"), format!("Ce contact n'est pas chez {}.", company.name));
        } else if input.send
            && input.delivery == Delivery::Email
            && crate::mail::recipient(&company, target.contact_id).is_none()
        {
            check.add(
                &format!("targets.{i}.contactId"),
                format!(
                    "Aucune adresse e-mail pour {} : choisissez un interlocuteur qui en a une, ou préparez un brouillon.",
                    company.name
                ),
            );
        }
        companies.push(company);
    }
    check.finish()?;

    let settings = settings::promotion_settings(conn)?;
    let mut needed = Vec::new();
    let repeat_reason = input.confirmations.repeat_reason.trim();
    for candidate in &people {
        for company in &companies {
            if let Some(last) = latest_promotion(conn, candidate.id, company.id)? {
                let days = (today - last).num_days();
                if days < i64::from(settings.repeat_window_days) && repeat_reason.is_empty() {
                    needed.push(ConfirmationNeeded {
                        kind: ConfirmationKind::Repeat,
                        candidate_id: Some(candidate.id),
                        company_id: company.id,
                        message: format!(
                            "{} a déjà été promu·e auprès de {} le {} ({}).",
                            full_name(candidate),
                            company.name,
                            french_date(last),
                            match days {
                                0 => "aujourd'hui".to_owned(),
                                1 => "hier".to_owned(),
                                n => format!("il y a {n} jours"),
                            }
                        ),
                    });
                }
            }
        }
    }
    if input.send && !input.confirmations.over_contact_limit {
        for company in &companies {
            let Some(max) = company.max_contacts_per_month else { continue };
            let already = contacts_in_month(conn, company.id, today)?;
            let adding = u32::try_from(n_candidates).unwrap_or(u32::MAX);
            if already + adding > max {
                needed.push(ConfirmationNeeded {
                    kind: ConfirmationKind::ContactLimit,
                    candidate_id: None,
                    company_id: company.id,
                    message: format!(
                        "{} accepte {} contact{} par mois ; {} déjà ce mois-ci, {} de plus dépasserait la limite.",
                        company.name,
                        max,
                        if max > 1 { "s" } else { "" },
                        already,
                        adding
                    ),
                });
            }
        }
    }
    if !needed.is_empty() {
        return Err(Error::NeedsConfirmation(needed));
    }

    let at = stored(now);
    let mut created = Vec::with_capacity(n_candidates * n_targets);
    for candidate in &people {
        for (company, target) in companies.iter().zip(&input.targets) {
            let context = pitch::PitchContext {
                candidate,
                company: Some(company),
                counsellor: &me,
                job_offer_ref: job_offer_ref.as_deref(),
                today,
                anonymous: input.anonymous,
            };
            let text = pitch::render(&input.pitch_template, &context, "pitchTemplate")?;
            let repeat = latest_promotion(conn, candidate.id, company.id)?
                .is_some_and(|last| (today - last).num_days() < i64::from(settings.repeat_window_days));
            conn.execute(
                "INSERT INTO promotions (candidate_id, company_id, contact_id, job_offer_ref, counsellor, channel, \
                 pitch, profile_version, repeat_reason, created_at, status, status_at, agency) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'draft', ?10, ?11)",
                params![
                    candidate.id,
                    company.id,
                    target.contact_id,
                    job_offer_ref,
                    me.name,
                    input.channel.code(),
                    text,
                    candidate.updated_at,
                    repeat.then_some(repeat_reason),
                    at,
                    me.agency
                ],
            )?;
            let id = conn.last_insert_rowid();
            let to = sheets::Addressee::of(company, target.contact_id);
            let sheet = sheets::make(candidate, &me, input.anonymous, Some(&to), today)?;
            sheets::store(conn, id, &sheet, &at)?;
            append(conn, id, &NewEvent::plain(EventKind::Created, &at, &at, &me.name))?;
            if input.send && input.delivery == Delivery::Marked {
                append(conn, id, &NewEvent::plain(EventKind::Sent, &at, &at, &me.name))?;
            }
            refresh(conn, id)?;
            created.push(id);
        }
    }
    created.into_iter().map(|id| get(conn, id)).collect()
}

fn has_repeats<'a, T: PartialEq + 'a>(items: impl Iterator<Item = &'a T>) -> bool {
    let items: Vec<&T> = items.collect();
    items.iter().enumerate().any(|(i, a)| items[..i].contains(a))
}

/// The day the candidate was last promoted to the company (withdrawn drafts aside).
fn latest_promotion(conn: &Connection, candidate: i64, company: i64) -> Result<Option<NaiveDate>> {
    let at: Option<String> = conn
        .prepare_cached(
            "SELECT coalesce(sent_at, created_at) FROM promotions WHERE candidate_id = ?1 AND company_id = ?2 \
             AND NOT (status = 'withdrawn' AND sent_at IS NULL) ORDER BY created_at DESC LIMIT 1",
        )?
        .query_row([candidate, company], |r| r.get(0))
        .optional()?;
    Ok(at.as_deref().and_then(local_day))
}

/// Promotions sent to the company in the calendar month of `day`.
fn contacts_in_month(conn: &Connection, company: i64, day: NaiveDate) -> Result<u32> {
    let first = day.with_day(1).unwrap_or(day);
    let next = first.checked_add_months(chrono::Months::new(1)).unwrap_or(first);
    let bound = |d: NaiveDate| d.and_hms_opt(0, 0, 0).and_then(|t| t.and_local_timezone(Local).earliest()).map(stored);
    Ok(conn
        .prepare_cached("SELECT count(*) FROM promotions WHERE company_id = ?1 AND sent_at >= ?2 AND sent_at < ?3")?
        .query_row(params![company, bound(first), bound(next)], |r| r.get(0))?)
}

/// What the picker shows of a company before promoting: its monthly contacts and the
/// candidate's last promotion there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TargetInfo {
    #[ts(type = "number")]
    pub company_id: i64,
    pub max_contacts_per_month: Option<u32>,
    pub contacts_this_month: u32,
    /// When this candidate was last promoted there (YYYY-MM-DD).
    pub last_promoted_on: Option<NaiveDate>,
}

pub fn target_info(
    conn: &Connection,
    candidate: Option<i64>,
    companies: &[i64],
    today: NaiveDate,
) -> Result<Vec<TargetInfo>> {
    companies
        .iter()
        .map(|&company_id| {
            let max: Option<u32> = conn
                .prepare_cached("SELECT max_contacts_per_month FROM companies WHERE id = ?1")?
                .query_row([company_id], |r| r.get(0))
                .optional()?
                .ok_or(Error::NotFound { entity: "Entreprise", id: company_id })?;
            Ok(TargetInfo {
                company_id,
                max_contacts_per_month: max,
                contacts_this_month: contacts_in_month(conn, company_id, today)?,
                last_promoted_on: match candidate {
                    Some(c) => latest_promotion(conn, c, company_id)?,
                    None => None,
                },
            })
        })
        .collect()
}

/// An event ready to append.
struct NewEvent<'a> {
    kind: EventKind,
    at: &'a str,
    recorded_at: &'a str,
    author: &'a str,
    comment: &'a str,
    reason: Option<RefusalReason>,
    interview_at: Option<&'a str>,
    contract_type: Option<ContractType>,
    start_date: Option<NaiveDate>,
    corrects: Option<i64>,
}

impl<'a> NewEvent<'a> {
    fn plain(kind: EventKind, at: &'a str, recorded_at: &'a str, author: &'a str) -> Self {
        Self {
            kind,
            at,
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

fn append(conn: &Connection, promotion: i64, e: &NewEvent<'_>) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO promotion_events (promotion_id, kind, at, recorded_at, author, comment, reason, interview_at, \
         contract_type, start_date, corrects) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        promotion,
        e.kind.code(),
        e.at,
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

fn logged(conn: &Connection, promotion: i64) -> Result<Vec<LoggedEvent>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, kind, at, reason, corrects FROM promotion_events WHERE promotion_id = ?1 ORDER BY id",
        )?
        .query_map([promotion], |r| {
            Ok(LoggedEvent {
                id: r.get(0)?,
                kind: EventKind::from_code(&r.get::<_, String>(1)?).unwrap_or(EventKind::Note),
                at: r.get(2)?,
                reason: r.get::<_, Option<String>>(3)?.as_deref().and_then(RefusalReason::from_code),
                corrects: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// Derives the status and dates from the log and stores them on the promotion row.
fn refresh(conn: &Connection, promotion: i64) -> Result<lifecycle::Derived> {
    let derived = derive(&logged(conn, promotion)?).ok_or(Error::NotFound { entity: "Promotion", id: promotion })?;
    conn.prepare_cached(
        "UPDATE promotions SET status = ?2, status_at = ?3, sent_at = ?4, last_contact_at = ?5, reminders = ?6, \
         answered_at = ?7, reason = ?8, interview_planned_at = ?9 WHERE id = ?1",
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
        derived.interview_planned_at
    ])?;
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
/// on one of them refuses the whole lot, naming each.
pub fn record_event(
    conn: &Connection,
    ids: &[i64],
    input: &EventInput,
    now: DateTime<Local>,
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
        if event.kind == EventKind::Sent {
            let candidate = candidates::get(conn, promotion.candidate_id, today)?;
            if let Some(why) = consent_refusal(&candidate, today) {
                problems.push(format!("{who} : envoi impossible, {why}"));
                continue;
            }
        }
        plans.push((id, derived.correctable));
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
    for (id, correctable) in plans {
        append(
            conn,
            id,
            &NewEvent {
                kind: event.kind,
                at: &at,
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
        refresh(conn, id)?;
    }
    ids.iter().map(|&id| get(conn, id)).collect()
}

const COLUMNS: &str = "p.id, p.candidate_id, c.first_name || ' ' || c.last_name, p.company_id, co.name, k.name, k.role, \
     k.email, k.phone, p.job_offer_ref, p.counsellor, p.channel, p.pitch, p.repeat_reason, p.status, p.status_at, \
     p.sent_at, p.last_contact_at, p.reminders, p.answered_at, p.reason, p.created_at";
const FROM: &str = "promotions p JOIN candidates c ON c.id = p.candidate_id JOIN companies co ON co.id = p.company_id \
     LEFT JOIN company_contacts k ON k.id = p.contact_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Promotion> {
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
        repeat_reason: r.get(13)?,
        status,
        status_at: r.get(15)?,
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

pub fn get(conn: &Connection, id: i64) -> Result<Promotion> {
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
    /// Only the promotions behind a figure of the dashboard (`stats::Figure`).
    #[serde(default)]
    #[ts(optional)]
    pub figure: Option<crate::stats::FigureQuery>,
    pub paging: Paging,
}

/// Promotions, latest first.
pub fn list(conn: &Connection, query: &PromotionQuery) -> Result<Page<Promotion>> {
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
    let mut paging = query.paging;
    let mut total = None;
    if let Some(figure) = &query.figure {
        // The dashboard's definition picks the promotions, already in the list's order:
        // alone, it gives the total and the page; with other filters, the candidates.
        let mut ids = crate::stats::figure_promotions(conn, figure)?;
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
    let source = PageSource {
        columns: COLUMNS,
        from: FROM,
        filters: &filters,
        order_by: "p.created_at DESC, p.id DESC",
        known_total: Some(total),
    };
    fetch_page(conn, &source, paging, from_row)
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

pub fn timeline(conn: &Connection, of: TimelineOf) -> Result<Timeline> {
    let query = match of {
        TimelineOf::Candidate(id) => PromotionQuery { candidate_id: Some(id), ..Default::default() },
        TimelineOf::Company(id) => PromotionQuery { company_id: Some(id), ..Default::default() },
    };
    let page = list(conn, &PromotionQuery { paging: Paging::first(TIMELINE_LIMIT), ..query })?;
    let items = page
        .items
        .into_iter()
        .map(|promotion| {
            Ok(PromotionHistory {
                events: events_of(conn, promotion.id)?,
                sheet: sheets::summary(conn, promotion.id)?,
                promotion,
            })
        })
        .collect::<Result<_>>()?;
    Ok(Timeline { items, total: page.total })
}

fn events_of(conn: &Connection, promotion: i64) -> Result<Vec<PromotionEvent>> {
    let mut events: Vec<PromotionEvent> = conn
        .prepare_cached(
            "SELECT id, kind, at, recorded_at, author, comment, reason, interview_at, contract_type, start_date, \
             corrects FROM promotion_events WHERE promotion_id = ?1 ORDER BY id",
        )?
        .query_map([promotion], |r| {
            Ok(PromotionEvent {
                id: r.get(0)?,
                kind: EventKind::from_code(&r.get::<_, String>(1)?).unwrap_or(EventKind::Note),
                at: r.get(2)?,
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

/// The promotion's pitch as it would be sent: the template filled for one candidate and,
/// when chosen, one company (the candidate unnamed when `anonymous`).
pub fn preview_pitch(
    conn: &Connection,
    template: &str,
    candidate: i64,
    company: Option<i64>,
    job_offer_ref: &str,
    today: NaiveDate,
    anonymous: bool,
) -> Result<String> {
    let candidate = candidates::get(conn, candidate, today)?;
    let company: Option<Company> = company.map(|id| companies::get(conn, id)).transpose()?;
    let me = settings::get(conn)?;
    let offer = job_offer_ref.trim();
    let context = pitch::PitchContext {
        candidate: &candidate,
        company: company.as_ref(),
        counsellor: &me,
        job_offer_ref: (!offer.is_empty()).then_some(offer),
        today,
        anonymous,
    };
    pitch::render(template, &context, "pitchTemplate")
}

/// For the demo and the benchmark: a promotion with a whole history, dated in the past.
/// Goes through the same transitions as the UI.
pub(crate) fn replay(
    conn: &Connection,
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
    let id = conn.last_insert_rowid();
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
    refresh(conn, id)?;
    Ok(id)
}

/// A past event of a promotion, as a tracker states it.
#[derive(Debug, Clone)]
pub(crate) struct HistoryEvent {
    pub kind: EventKind,
    /// When it happened (stored form, RFC 3339 UTC).
    pub at: String,
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

/// The name that signs imported events: the counsellor of Paramètres.
pub(crate) fn author_name(conn: &Connection) -> Result<String> {
    Ok(author(conn)?.name)
}

/// Records a past promotion: created and sent on its day, then its events. `recorded_at`
/// is when the import ran. The status and dates are derived from the log before it is
/// written (the replay `refresh` does), so that the row is inserted whole, its indexes
/// written once.
pub(crate) fn create_history(conn: &Connection, h: &History<'_>, author: &str, recorded_at: &str) -> Result<Recorded> {
    let profile: String = conn
        .prepare_cached("SELECT updated_at FROM candidates WHERE id = ?1")?
        .query_row([h.candidate], |r| r.get(0))?;
    let log: Vec<LoggedEvent> = [(EventKind::Created, h.sent_at, None), (EventKind::Sent, h.sent_at, None)]
        .into_iter()
        .chain(h.events.iter().map(|e| (e.kind, e.at.as_str(), e.reason)))
        .zip(1..)
        .map(|((kind, at, reason), id)| LoggedEvent { id, kind, at: at.to_owned(), reason, corrects: None })
        .collect();
    let d = derive(&log).ok_or_else(|| Error::InvalidInput("history without a status".into()))?;
    conn.prepare_cached(
        "INSERT INTO promotions (candidate_id, company_id, contact_id, job_offer_ref, counsellor, channel, pitch, \
         profile_version, repeat_reason, created_at, status, status_at, sent_at, last_contact_at, reminders, \
         answered_at, reason, interview_planned_at, agency) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, '', ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, \
         (SELECT agency FROM counsellor_settings WHERE id = 1))",
    )?
    .execute(params![
        h.candidate,
        h.company,
        h.contact,
        h.job_offer_ref,
        h.counsellor,
        h.channel.code(),
        profile,
        h.repeat_reason,
        h.sent_at,
        d.status.code(),
        d.status_at,
        d.sent_at,
        d.last_contact_at,
        d.reminders,
        d.answered_at,
        d.reason.map(RefusalReason::code),
        d.interview_planned_at
    ])?;
    let id = conn.last_insert_rowid();
    append(conn, id, &NewEvent::plain(EventKind::Created, h.sent_at, recorded_at, author))?;
    append(conn, id, &NewEvent::plain(EventKind::Sent, h.sent_at, recorded_at, author))?;
    for event in h.events {
        append_event(conn, id, event, author, recorded_at)?;
    }
    Ok(Recorded { id, day: local_day(h.sent_at), status: d.status })
}

fn append_event(conn: &Connection, id: i64, e: &HistoryEvent, author: &str, recorded_at: &str) -> Result<()> {
    append(
        conn,
        id,
        &NewEvent {
            comment: &e.comment,
            reason: e.reason,
            interview_at: e.interview_at.as_deref(),
            contract_type: e.contract_type,
            ..NewEvent::plain(e.kind, &e.at, recorded_at, author)
        },
    )
}

/// Adds what a later version of a tracker states to a promotion already imported.
pub(crate) fn append_history(
    conn: &Connection,
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
pub(crate) fn of_candidate(conn: &Connection, candidate: i64) -> Result<Vec<(i64, Recorded)>> {
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
pub(crate) fn last_event_at(conn: &Connection, id: i64) -> Result<String> {
    Ok(conn
        .prepare_cached("SELECT max(at) FROM promotion_events WHERE promotion_id = ?1")?
        .query_row([id], |r| r.get(0))?)
}
