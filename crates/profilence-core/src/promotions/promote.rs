//! Creating promotions: one candidate to up to 5 companies, or up to 10 candidates to one
//! company, after every rule (consent, the repeat window, the company's monthly contacts),
//! each with its pitch and the profile sheet it goes with.

use crate::store::Conn;
use chrono::{DateTime, Local, NaiveDate};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{
    MAX_CANDIDATES, MAX_COMPANIES, Promotion, author,
    events::{NewEvent, append, refresh},
    gate::{self, Confirmations, Departure, Leaving, contacts_in_month, latest_promotion},
    get, pitch,
};
use crate::{
    Error, Result, candidates,
    choices::{EventKind, PromotionChannel},
    clock::stored,
    companies::{self, Company},
    journal::{self, Action, Subject},
    settings, sheets,
    validation::Checker,
};

/// The longest pitch, and so the longest template body.
pub const MAX_PITCH: usize = 5000;
/// The longest e-mail subject, and so the longest template subject.
pub const MAX_SUBJECT: usize = 200;

/// Why a promotion's sheet and pitch show the sensitive publics: the box the counsellor
/// ticks says it, and it is recorded with the promotion.
pub const SENSITIVE_REASON: &str = "La personne a donné son accord pour que ces informations figurent sur la fiche.";

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
    /// The e-mail subject with its merge fields (the chosen template's), filled and stored
    /// with each promotion; empty: its e-mail takes the subject of Paramètres → Messagerie.
    #[serde(default)]
    pub subject_template: String,
    /// `true`: created and marked sent; `false`: kept as drafts.
    pub send: bool,
    #[serde(default)]
    pub confirmations: Confirmations,
    /// The profile sheet stored with each promotion is anonymised ("Candidat·e L.").
    #[serde(default)]
    pub anonymous: bool,
    /// The sheet and the pitch show the sensitive publics (RQTH, RSA, QPV…) and the aids
    /// reserved to them: ticked by the counsellor when the person agreed. Never with
    /// `anonymous`; recorded on each promotion.
    #[serde(default)]
    pub sensitive: bool,
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

/// Creates the promotions of `input` (marked sent unless drafts were asked for), after
/// every rule; nothing is written when one fails or needs a confirmation.
pub fn promote(conn: &Conn, input: &PromoteInput, now: DateTime<Local>) -> Result<Vec<Promotion>> {
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
    let subject_template = check.optional("subjectTemplate", &input.subject_template, MAX_SUBJECT);
    if input.anonymous && input.sensitive {
        check.add(
            "sensitive",
            "Une fiche anonymisée ne fait jamais figurer les informations sensibles (RQTH, RSA, QPV…) : \
             décochez l'une des deux cases.",
        );
    }
    if input.delivery != Delivery::Marked && input.channel != PromotionChannel::Email {
        check.add("delivery", "L'envoi par e-mail ou en brouillon suppose le canal « E-mail ».");
    }
    check.finish()?;

    let mut people = Vec::with_capacity(n_candidates);
    for id in &input.candidate_ids {
        people.push(candidates::get(conn, *id, today)?);
    }
    let mut companies = Vec::with_capacity(n_targets);
    let mut check = Checker::new();
    for (i, target) in input.targets.iter().enumerate() {
        let company = companies::get(conn, target.company_id)?;
        if let Some(contact) = target.contact_id
            && !company.contacts.iter().any(|k| k.id == contact)
        {
            check.add(&format!("targets.{i}.contactId"), format!("Ce contact n'est pas chez {}.", company.name));
        } else if input.send && input.delivery == Delivery::Email && company.email_contact(target.contact_id).is_none()
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

    let departures: Vec<Departure> =
        people.iter().flat_map(|c| companies.iter().map(|k| Departure::new(c.id, Some(k.id)))).collect();
    let cleared = gate::may_leave(conn, &departures, Leaving::Promote, today, &input.confirmations)?;
    let settings = settings::promotion_settings(conn)?;
    let repeat_reason = input.confirmations.repeat_reason.trim();

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
                sensitive: input.sensitive,
            };
            let text = pitch::render(&input.pitch_template, &context, "pitchTemplate")?;
            let subject = match &subject_template {
                Some(template) => Some(pitch::render(template, &context, "subjectTemplate")?),
                None => None,
            };
            let repeat = latest_promotion(conn, candidate.id, company.id)?
                .is_some_and(|last| (today - last).num_days() < i64::from(settings.repeat_window_days));
            conn.execute(
                "INSERT INTO promotions (candidate_id, company_id, contact_id, job_offer_ref, counsellor, channel, \
                 pitch, profile_version, repeat_reason, created_at, status, status_at, agency, sensitive_shown, \
                 sensitive_reason, over_limit_confirmed, subject) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'draft', ?10, ?11, ?12, ?13, ?14, ?15)",
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
                    me.agency,
                    input.sensitive,
                    input.sensitive.then_some(SENSITIVE_REASON),
                    cleared.over_limit.contains(&company.id),
                    subject
                ],
            )?;
            let id = conn.last_insert_rowid()?;
            let to = sheets::Addressee::of(company, target.contact_id);
            let sheet = sheets::make(candidate, &me, input.anonymous, input.sensitive, Some(&to), today)?;
            sheets::store(conn, id, &sheet, &at)?;
            let detail = format!("{}, promotion n° {id}", sheets::journal_detail(input.anonymous, input.sensitive));
            journal::record(conn, Action::SheetGenerated, Subject::Candidate(candidate.id), &detail)?;
            append(conn, id, &NewEvent::plain(EventKind::Created, &at, &at, &me.name))?;
            let whose = format!("candidat·e n° {} → entreprise n° {}", candidate.id, company.id);
            journal::record(conn, Action::Create, Subject::Promotion(id), &whose)?;
            if input.send && input.delivery == Delivery::Marked {
                append(conn, id, &NewEvent::plain(EventKind::Sent, &at, &at, &me.name))?;
                let sent = format!("Marquée envoyée (canal : {})", input.channel.label());
                journal::record(conn, Action::Send, Subject::Promotion(id), &sent)?;
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
    /// How many more promotions it accepts this month (none: no limit). Beyond, sending
    /// asks for a confirmation.
    pub contacts_left: Option<u32>,
    /// When this candidate was last promoted there (YYYY-MM-DD).
    pub last_promoted_on: Option<NaiveDate>,
}

pub fn target_info(
    conn: &Conn,
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
            let contacts_this_month = contacts_in_month(conn, company_id, today)?;
            Ok(TargetInfo {
                company_id,
                max_contacts_per_month: max,
                contacts_this_month,
                contacts_left: max.map(|max| max.saturating_sub(contacts_this_month)),
                last_promoted_on: match candidate {
                    Some(c) => latest_promotion(conn, c, company_id)?,
                    None => None,
                },
            })
        })
        .collect()
}

/// The promotion's pitch as it would be sent: the template filled for one candidate and,
/// when chosen, one company (the candidate unnamed when `anonymous`).
pub fn preview_pitch(
    conn: &Conn,
    template: &str,
    candidate: i64,
    company: Option<i64>,
    job_offer_ref: &str,
    today: NaiveDate,
    shown: (bool, bool),
) -> Result<String> {
    preview(conn, (template, "pitchTemplate"), candidate, company, job_offer_ref, today, shown)
}

/// The e-mail subject as it would be sent, filled as `preview_pitch` fills the pitch.
pub fn preview_subject(
    conn: &Conn,
    template: &str,
    candidate: i64,
    company: Option<i64>,
    job_offer_ref: &str,
    today: NaiveDate,
    shown: (bool, bool),
) -> Result<String> {
    preview(conn, (template, "subjectTemplate"), candidate, company, job_offer_ref, today, shown)
}

fn preview(
    conn: &Conn,
    (template, field): (&str, &str),
    candidate: i64,
    company: Option<i64>,
    job_offer_ref: &str,
    today: NaiveDate,
    (anonymous, sensitive): (bool, bool),
) -> Result<String> {
    sheets::check_disclosure(anonymous, sensitive)?;
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
        sensitive,
    };
    pitch::render(template, &context, field)
}
