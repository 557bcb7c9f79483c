//! The one gate every profile passes before it leaves for an employer: a promotion created,
//! a draft e-mailed, written as an `.eml` draft or marked as sent, a sheet previewed for a
//! company, a batch of sheets. Four rules, checked here only:
//!
//! 1. **consent** valid on the day (`consent_refusal`, the candidate's own rule);
//! 2. **status**: an existing promotion leaves only while it is a draft;
//! 3. the company's **monthly contacts**: promotions sent this month *and drafts waiting to
//!    be sent* (each is a contact planned) — a draft being sent counts against the
//!    sendings of the month;
//! 4. the **repeat window** (`PromotionSettings::repeat_window_days`).
//!
//! Rules 3 and 4 are warnings the counsellor can confirm where a confirmation is asked
//! (creating promotions): the answer is `Error::NeedsConfirmation`. The confirmation is kept
//! with each promotion (`repeat_reason`, `over_limit_confirmed`), so the draft it created
//! goes out later without asking again. A path without a confirmation (sending, previews,
//! batches) is refused with the rule's own words.

use crate::store::Conn;
use chrono::{Datelike, Local, NaiveDate};
use rusqlite::{OptionalExtension, params};

use serde::Deserialize;
use ts_rs::TS;

use super::{ConfirmationKind, ConfirmationNeeded, consent_refusal, rule};
use crate::{
    Error, Result,
    anonymise::display_name,
    candidates::{self, Candidate},
    choices::PromotionStatus,
    clock::{local_day, stored},
    companies, settings, sheets,
    text::french_date,
};

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

/// The way a profile leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leaving {
    /// Promotions created (sent, or drafts waiting).
    Promote,
    /// A draft e-mailed by Profilence.
    SendMail,
    /// A draft written as an `.eml` file for the counsellor's mail client.
    EmlDraft,
    /// A draft marked as sent by the counsellor (phone, visit, their own mail).
    MarkSent,
    /// A new sheet previewed, addressed to a company.
    Preview,
    /// A batch of sheets written into a folder.
    Batch,
}

impl Leaving {
    /// Where the counsellor is asked to confirm the repeat and the contact limit.
    fn confirms(self) -> bool {
        self == Self::Promote
    }

    /// What is refused, to head the message.
    fn what(self) -> &'static str {
        match self {
            Self::Promote => "Promotion impossible",
            Self::SendMail => "Envoi par e-mail impossible",
            Self::EmlDraft => "Brouillon d'e-mail impossible",
            Self::MarkSent => "Envoi impossible",
            Self::Preview => "Aperçu de la fiche pour cette entreprise impossible",
            Self::Batch => "Fiche non écrite",
        }
    }
}

/// One profile about to leave: whose, to which company (none: a sheet addressed to nobody),
/// and, once it exists, the promotion it leaves as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Departure {
    pub candidate_id: i64,
    pub company_id: Option<i64>,
    pub promotion_id: Option<i64>,
}

impl Departure {
    /// A new profile to `company`.
    pub fn new(candidate_id: i64, company_id: Option<i64>) -> Self {
        Self { candidate_id, company_id, promotion_id: None }
    }

    /// Promotion `id` as stored: its candidate and company.
    pub fn of_promotion(conn: &Conn, id: i64) -> Result<Self> {
        conn.prepare_cached("SELECT candidate_id, company_id FROM promotions WHERE id = ?1")?
            .query_row([id], |r| Ok(Self { candidate_id: r.get(0)?, company_id: r.get(1)?, promotion_id: Some(id) }))
            .optional()?
            .ok_or(Error::NotFound { entity: "Promotion", id })
    }
}

/// What passed the gate: the companies whose monthly limit the counsellor confirmed going
/// beyond (kept with the promotions created for them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cleared {
    pub over_limit: Vec<i64>,
}

/// A promotion's row as the gate reads it.
struct Existing {
    status: PromotionStatus,
    label: String,
    repeat_confirmed: bool,
    over_limit_confirmed: bool,
}

fn existing(conn: &Conn, id: i64) -> Result<Existing> {
    let (status, candidate, company, repeat, over): (String, String, String, Option<String>, bool) = conn
        .prepare_cached(
            "SELECT p.status, c.first_name || ' ' || c.last_name, k.name, p.repeat_reason, p.over_limit_confirmed \
             FROM promotions p JOIN candidates c ON c.id = p.candidate_id JOIN companies k ON k.id = p.company_id \
             WHERE p.id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .optional()?
        .ok_or(Error::NotFound { entity: "Promotion", id })?;
    Ok(Existing {
        status: PromotionStatus::from_code(&status).unwrap_or(PromotionStatus::Draft),
        label: format!("{candidate} → {company}"),
        repeat_confirmed: repeat.is_some_and(|r| !r.trim().is_empty()),
        over_limit_confirmed: over,
    })
}

/// Lets `departures` leave `leaving`'s way on `today`, or says why not; nothing is written.
/// Every rule is checked for every departure, so one answer names every problem.
pub fn may_leave(
    conn: &Conn,
    departures: &[Departure],
    leaving: Leaving,
    today: NaiveDate,
    confirmations: &Confirmations,
) -> Result<Cleared> {
    // 1. Consent, once per person.
    let mut people: Vec<Candidate> = Vec::new();
    for d in departures {
        if !people.iter().any(|c| c.id == d.candidate_id) {
            people.push(candidates::get(conn, d.candidate_id, today)?);
        }
    }
    let refused: Vec<String> = people.iter().filter_map(|c| consent_refusal(c, today)).collect();
    if !refused.is_empty() {
        return Err(rule(format!(
            "{} sans consentement valide : {}. Renouvelez le consentement dans la fiche du candidat.",
            leaving.what(),
            refused.join(" ; ")
        )));
    }

    // 2. An existing promotion leaves only as a draft.
    let mut rows = Vec::with_capacity(departures.len());
    let mut not_drafts = Vec::new();
    for d in departures {
        let row = d.promotion_id.map(|id| existing(conn, id)).transpose()?;
        if let Some(row) = &row
            && row.status != PromotionStatus::Draft
        {
            not_drafts.push(format!("{} est « {} »", row.label, row.status.label().to_lowercase()));
        }
        rows.push(row);
    }
    if !not_drafts.is_empty() {
        return Err(rule(format!(
            "{} : {}. Seule une promotion en brouillon peut partir ; rien n'est envoyé.",
            leaving.what(),
            not_drafts.join(" ; ")
        )));
    }

    // 3. The repeat window, 4. the monthly contacts: warnings to confirm.
    let window = i64::from(settings::promotion_settings(conn)?.repeat_window_days);
    let mut needed = Vec::new();
    for (d, row) in departures.iter().zip(&rows) {
        let Some(company_id) = d.company_id else { continue };
        let (last, confirmed) = match (row, d.promotion_id) {
            (Some(row), Some(id)) => {
                (latest_other_sending(conn, d.candidate_id, company_id, id)?, row.repeat_confirmed)
            }
            _ => (latest_promotion(conn, d.candidate_id, company_id)?, !confirmations.repeat_reason.trim().is_empty()),
        };
        let Some(last) = last else { continue };
        let days = (today - last).num_days();
        if days < window && !confirmed {
            let candidate = people.iter().find(|c| c.id == d.candidate_id);
            let who = candidate.map_or_else(String::new, |c| display_name(c, false));
            let company = companies::get(conn, company_id)?;
            needed.push(ConfirmationNeeded {
                kind: ConfirmationKind::Repeat,
                candidate_id: Some(d.candidate_id),
                company_id,
                message: format!(
                    "{who} a déjà été promu·e auprès de {} le {} ({}).",
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
    let mut cleared = Cleared::default();
    let mut companies_seen: Vec<i64> = Vec::new();
    for company_id in departures.iter().filter_map(|d| d.company_id) {
        if companies_seen.contains(&company_id) {
            continue;
        }
        companies_seen.push(company_id);
        let company = companies::get(conn, company_id)?;
        let Some(max) = company.max_contacts_per_month else { continue };
        let here: Vec<(&Departure, &Option<Existing>)> =
            departures.iter().zip(&rows).filter(|(d, _)| d.company_id == Some(company_id)).collect();
        let adding = u32::try_from(here.len()).unwrap_or(u32::MAX);
        let fresh = here.iter().all(|(d, _)| d.promotion_id.is_none());
        // New promotions take a slot beside the sendings and the drafts waiting; a draft
        // going out counts against the month's sendings (it already held its slot).
        let (already, counted) = if fresh {
            (contacts_in_month(conn, company_id, today)?, "envois et brouillons en attente compris")
        } else {
            (sent_in_month(conn, company_id, today)?, "envois")
        };
        if already.saturating_add(adding) <= max {
            continue;
        }
        let confirmed = if fresh {
            confirmations.over_contact_limit
        } else {
            here.iter().all(|(_, row)| row.as_ref().is_some_and(|r| r.over_limit_confirmed))
        };
        if confirmed {
            cleared.over_limit.push(company_id);
            continue;
        }
        needed.push(ConfirmationNeeded {
            kind: ConfirmationKind::ContactLimit,
            candidate_id: None,
            company_id,
            message: format!(
                "{} accepte {} contact{} par mois ; {} déjà ce mois-ci ({counted}), {} de plus dépasserait la limite.",
                company.name,
                max,
                if max > 1 { "s" } else { "" },
                already,
                adding
            ),
        });
    }
    if needed.is_empty() {
        Ok(cleared)
    } else if leaving.confirms() {
        Err(Error::NeedsConfirmation(needed))
    } else {
        let words: Vec<String> = needed.into_iter().map(|n| n.message).collect();
        Err(rule(format!(
            "{} : {} Une promotion au-delà se confirme dans « Promouvoir » ; rien n'est parti.",
            leaving.what(),
            words.join(" ")
        )))
    }
}

/// The day the candidate was last promoted to the company (withdrawn drafts aside).
pub(crate) fn latest_promotion(conn: &Conn, candidate: i64, company: i64) -> Result<Option<NaiveDate>> {
    let at: Option<String> = conn
        .prepare_cached(
            "SELECT coalesce(sent_at, created_at) FROM promotions WHERE candidate_id = ?1 AND company_id = ?2 \
             AND NOT (status = 'withdrawn' AND sent_at IS NULL) ORDER BY created_at DESC LIMIT 1",
        )?
        .query_row([candidate, company], |r| r.get(0))
        .optional()?;
    Ok(at.as_deref().and_then(local_day))
}

/// The day the candidate's profile last reached the company through another promotion
/// than `promotion` (what a draft going out would repeat).
fn latest_other_sending(conn: &Conn, candidate: i64, company: i64, promotion: i64) -> Result<Option<NaiveDate>> {
    let at: Option<String> = conn
        .prepare_cached(
            "SELECT max(sent_at) FROM promotions WHERE candidate_id = ?1 AND company_id = ?2 AND id <> ?3 \
             AND sent_at IS NOT NULL",
        )?
        .query_row([candidate, company, promotion], |r| r.get(0))?;
    Ok(at.as_deref().and_then(local_day))
}

/// The stored bounds of the calendar month of `day`.
fn month_bounds(day: NaiveDate) -> (Option<String>, Option<String>) {
    let first = day.with_day(1).unwrap_or(day);
    let next = first.checked_add_months(chrono::Months::new(1)).unwrap_or(first);
    let bound = |d: NaiveDate| d.and_hms_opt(0, 0, 0).and_then(|t| t.and_local_timezone(Local).earliest()).map(stored);
    (bound(first), bound(next))
}

/// Promotions sent to the company in the calendar month of `day`.
fn sent_in_month(conn: &Conn, company: i64, day: NaiveDate) -> Result<u32> {
    let (from, to) = month_bounds(day);
    Ok(conn
        .prepare_cached("SELECT count(*) FROM promotions WHERE company_id = ?1 AND sent_at >= ?2 AND sent_at < ?3")?
        .query_row(params![company, from, to], |r| r.get(0))?)
}

/// The company's contacts in the month of `day`: promotions sent that month and drafts
/// waiting to be sent (each a contact planned).
pub(crate) fn contacts_in_month(conn: &Conn, company: i64, day: NaiveDate) -> Result<u32> {
    let drafts: u32 = conn
        .prepare_cached("SELECT count(*) FROM promotions WHERE company_id = ?1 AND status = 'draft'")?
        .query_row([company], |r| r.get(0))?;
    Ok(sent_in_month(conn, company, day)? + drafts)
}

/// The sheet of candidate `id` made to be read now (the preview, the command line), with the
/// sensitive publics only when `disclosure.1`, recorded in the journal in the transaction
/// `conn` belongs to. Addressed to a company (`company`: the company and the contact there),
/// it is a profile leaving: through the gate first. Not addressed, it names nobody it goes to.
pub fn sheet(
    conn: &Conn,
    id: i64,
    disclosure: (bool, bool),
    company: Option<(i64, Option<i64>)>,
    today: NaiveDate,
) -> Result<sheets::Sheet> {
    if let Some((company_id, _)) = company {
        may_leave(conn, &[Departure::new(id, Some(company_id))], Leaving::Preview, today, &Confirmations::default())?;
    }
    sheets::preview(conn, id, disclosure, company, today)
}
