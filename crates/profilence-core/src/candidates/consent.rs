//! The consent to be promoted: in force on the candidate's record, and its history —
//! given, renewed, corrected, attested at an import — each with who recorded it and
//! where it came from.

use crate::store::Conn;
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Error, Result, journal, settings, text::french_date, validation::Checker};

/// How the candidate gave their consent to be promoted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ConsentChannel {
    Oral,
    Written,
    Online,
}

impl ConsentChannel {
    pub(super) fn as_sql(self) -> &'static str {
        match self {
            Self::Oral => "oral",
            Self::Written => "written",
            Self::Online => "online",
        }
    }

    pub(super) fn from_sql(value: &str) -> rusqlite::Result<Self> {
        match value {
            "oral" => Ok(Self::Oral),
            "written" => Ok(Self::Written),
            "online" => Ok(Self::Online),
            other => Err(rusqlite::Error::InvalidColumnType(0, other.to_owned(), rusqlite::types::Type::Text)),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Consent {
    pub date: NaiveDate,
    pub channel: ConsentChannel,
    pub expiry: NaiveDate,
    /// The day the person withdrew it (`withdraw`): no promotion from that day on, until
    /// a renewal (`renew`). The form never writes it.
    pub withdrawn_on: Option<NaiveDate>,
}

impl Consent {
    /// Consent covers `day` when it was given on or before it, has not expired and was not
    /// withdrawn on or before it: the one rule every promotion, sending and sheet asks.
    pub fn is_valid_on(&self, day: NaiveDate) -> bool {
        self.date <= day && day <= self.expiry && self.withdrawn_on.is_none_or(|w| day < w)
    }

    /// Whether it was withdrawn on or before `day`.
    pub fn is_withdrawn_on(&self, day: NaiveDate) -> bool {
        self.withdrawn_on.is_some_and(|w| w <= day)
    }
}

/// A consent lasts this long when no end is given (the form's default, the import's rule).
pub const CONSENT_MONTHS: u32 = 12;

/// The end of a consent given on `date` that states none.
pub fn default_consent_expiry(date: NaiveDate) -> NaiveDate {
    date.checked_add_months(chrono::Months::new(CONSENT_MONTHS)).unwrap_or(date)
}

/// What happened to a candidate's consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ConsentEventKind {
    Given,
    /// A later consent replaces the one in force.
    Renewed,
    /// The consent in force was written again (another channel, end or date).
    Corrected,
    /// Not stated by a tracker: attested by the counsellor at its import.
    Attested,
    Withdrawn,
}

impl ConsentEventKind {
    fn code(self) -> &'static str {
        match self {
            Self::Given => "given",
            Self::Renewed => "renewed",
            Self::Corrected => "corrected",
            Self::Attested => "attested",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Given => "Consentement donné",
            Self::Renewed => "Consentement renouvelé",
            Self::Corrected => "Consentement corrigé",
            Self::Attested => "Consentement attesté à l'import",
            Self::Withdrawn => "Consentement retiré",
        }
    }

    fn from_code(code: &str) -> Self {
        match code {
            "renewed" => Self::Renewed,
            "corrected" => Self::Corrected,
            "attested" => Self::Attested,
            "withdrawn" => Self::Withdrawn,
            _ => Self::Given,
        }
    }
}

/// One step of a candidate's consent history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConsentEvent {
    pub kind: ConsentEventKind,
    /// What happened, in French: "Consentement attesté à l'import".
    pub label: String,
    /// The day the person consented.
    pub given_on: NaiveDate,
    pub channel: ConsentChannel,
    pub expiry: NaiveDate,
    pub recorded_at: String,
    /// The counsellor; empty when not known (consents recorded before the history).
    pub recorded_by: String,
    /// Where it came from, in French: a tracker, an attestation.
    pub note: String,
}

/// Where a consent being stored comes from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) enum ConsentSource {
    /// The candidate's form, by the counsellor of Paramètres.
    #[default]
    Form,
    /// A row of tracker `file`, imported by `by` at `at` (stored form).
    File { file: String, by: String, at: String },
    /// Not stated by tracker `file`: attested at its import by `by` at `at`, on day `on`.
    Attested { file: String, by: String, at: String, on: NaiveDate },
}

/// Records what a save did to candidate `id`'s consent: given (or attested) for a new
/// candidate, renewed or corrected when it changed; nothing when it did not. A form's
/// change is recorded at `saved_at` (the record's own time), an import's at its moment.
pub(super) fn record(
    conn: &Conn,
    id: i64,
    before: Option<&Consent>,
    now: &Consent,
    source: &ConsentSource,
    saved_at: &str,
) -> Result<()> {
    let kind = match (before, source) {
        (Some(before), _) if before == now => return Ok(()),
        (Some(before), _) if now.date > before.date => ConsentEventKind::Renewed,
        (Some(_), _) => ConsentEventKind::Corrected,
        (None, ConsentSource::Attested { .. }) => ConsentEventKind::Attested,
        (None, _) => ConsentEventKind::Given,
    };
    let (by, at, note) = match source {
        ConsentSource::Form => (settings::get(conn)?.name, saved_at, String::new()),
        ConsentSource::File { file, by, at } => {
            (by.clone(), at.as_str(), format!("Repris du tableau de suivi « {file} »."))
        }
        ConsentSource::Attested { file, by, at, on } => (
            by.clone(),
            at.as_str(),
            format!(
                "Consentement attesté à l'import par {by} le {} : le tableau de suivi « {file} » ne l'indiquait pas.",
                french_date(*on)
            ),
        ),
    };
    insert_event(conn, id, kind, now, at, &by, &note)?;
    if kind == ConsentEventKind::Renewed {
        // A consent given again after a withdrawal ends the withdrawal.
        conn.prepare_cached(
            "UPDATE candidates SET consent_withdrawn_on = NULL WHERE id = ?1 AND consent_withdrawn_on <= ?2",
        )?
        .execute(params![id, now.date])?;
    }
    Ok(())
}

fn insert_event(
    conn: &Conn,
    id: i64,
    kind: ConsentEventKind,
    consent: &Consent,
    at: &str,
    by: &str,
    note: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO consent_events (candidate_id, kind, given_on, channel, expiry, recorded_at, recorded_by, note) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![id, kind.code(), consent.date, consent.channel.as_sql(), consent.expiry, at, by, note])?;
    Ok(())
}

/// A withdrawal as the window sends it: the day, how the person said it, a note.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct WithdrawalInput {
    /// YYYY-MM-DD.
    pub date: String,
    pub channel: Option<ConsentChannel>,
    pub note: String,
}

/// A renewal as the window sends it: the day the person consented again, how, until when.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct RenewalInput {
    /// YYYY-MM-DD.
    pub date: String,
    pub channel: Option<ConsentChannel>,
    /// YYYY-MM-DD; empty: the default length (`CONSENT_MONTHS`).
    pub expiry: String,
}

/// Records that candidate `id` withdrew their consent on `input.date`: a `withdrawn`
/// event in the history (the consent in force keeps its dates), and no promotion from that
/// day on (`Consent::is_valid_on`). Journaled.
pub fn withdraw(conn: &Conn, id: i64, input: &WithdrawalInput, today: NaiveDate) -> Result<()> {
    let mut check = Checker::new();
    let date = check.required_date("date", &input.date);
    if input.channel.is_none() {
        check.add("channel", "Indiquez comment la personne a retiré son consentement.");
    }
    if date.is_some_and(|d| d > today) {
        check.add("date", format!("Le retrait ne peut pas être daté après aujourd'hui ({}).", french_date(today)));
    }
    check.finish()?;
    let (Some(date), Some(channel)) = (date, input.channel) else { return Err(Error::Invariant("checked".into())) };
    let current = in_force(conn, id)?;
    if current.is_withdrawn_on(date) {
        return Err(Error::Rule("Le consentement de cette personne est déjà retiré.".into()));
    }
    if date < current.date {
        return Err(Error::field(
            "date",
            format!(
                "Le retrait ne peut pas précéder le consentement en vigueur, donné le {}.",
                french_date(current.date)
            ),
        ));
    }
    let at = crate::now_rfc3339();
    let by = settings::get(conn)?.name;
    let withdrawn = Consent { date, channel, expiry: current.expiry, withdrawn_on: Some(date) };
    insert_event(conn, id, ConsentEventKind::Withdrawn, &withdrawn, &at, &by, input.note.trim())?;
    conn.prepare_cached("UPDATE candidates SET consent_withdrawn_on = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![id, date, at])?;
    journal::record(
        conn,
        journal::Action::ConsentWithdrawn,
        journal::Subject::Candidate(id),
        &format!("canal : {}", channel.as_sql()),
    )
}

/// Records that candidate `id` consented again on `input.date` until `input.expiry`: a
/// `renewed` event, the consent in force replaced and any withdrawal cleared. Journaled.
pub fn renew(conn: &Conn, id: i64, input: &RenewalInput, today: NaiveDate) -> Result<()> {
    let mut check = Checker::new();
    let date = check.required_date("date", &input.date);
    if input.channel.is_none() {
        check.add("channel", "Indiquez comment la personne a renouvelé son consentement.");
    }
    let expiry = match input.expiry.trim() {
        "" => date.map(default_consent_expiry),
        text => check.required_date("expiry", text),
    };
    if let (Some(date), Some(expiry)) = (date, expiry) {
        if expiry < date {
            check.add("expiry", "La fin du consentement ne peut pas précéder la date du renouvellement.");
        }
        if expiry <= today {
            check.add("expiry", "La fin du consentement doit être après aujourd'hui.");
        }
    }
    check.finish()?;
    let (Some(date), Some(channel), Some(expiry)) = (date, input.channel, expiry) else {
        return Err(Error::Invariant("checked".into()));
    };
    in_force(conn, id)?;
    let at = crate::now_rfc3339();
    let by = settings::get(conn)?.name;
    let renewed = Consent { date, channel, expiry, withdrawn_on: None };
    insert_event(conn, id, ConsentEventKind::Renewed, &renewed, &at, &by, "")?;
    conn.prepare_cached(
        "UPDATE candidates SET consent_date = ?2, consent_channel = ?3, consent_expiry = ?4, \
         consent_withdrawn_on = NULL, updated_at = ?5 WHERE id = ?1",
    )?
    .execute(params![id, date, channel.as_sql(), expiry, at])?;
    journal::record(
        conn,
        journal::Action::ConsentRenewed,
        journal::Subject::Candidate(id),
        &format!("canal : {}", channel.as_sql()),
    )
}

/// The consent in force of candidate `id`, withdrawal included; an erased or unknown
/// candidate is refused.
fn in_force(conn: &Conn, id: i64) -> Result<Consent> {
    if let Some(on) = crate::db::erased_on(conn, "candidates", id)? {
        return Err(super::erased(on));
    }
    conn.prepare_cached(
        "SELECT consent_date, consent_channel, consent_expiry, consent_withdrawn_on FROM candidates WHERE id = ?1",
    )?
    .query_row([id], |r| {
        Ok(Consent {
            date: r.get(0)?,
            channel: ConsentChannel::from_sql(&r.get::<_, String>(1)?)?,
            expiry: r.get(2)?,
            withdrawn_on: r.get(3)?,
        })
    })
    .optional()?
    .ok_or(Error::NotFound { entity: "Candidat", id })
}

/// Candidate `id`'s consent history, oldest first.
pub(super) fn history_of(conn: &Conn, id: i64) -> Result<Vec<ConsentEvent>> {
    let mut statement = conn.prepare_cached(
        "SELECT kind, given_on, channel, expiry, recorded_at, recorded_by, note FROM consent_events \
         WHERE candidate_id = ?1 ORDER BY id",
    )?;
    Ok(statement
        .query_map([id], |r| {
            let kind = ConsentEventKind::from_code(&r.get::<_, String>(0)?);
            Ok(ConsentEvent {
                kind,
                label: kind.label().to_owned(),
                given_on: r.get(1)?,
                channel: ConsentChannel::from_sql(&r.get::<_, String>(2)?)?,
                expiry: r.get(3)?,
                recorded_at: r.get(4)?,
                recorded_by: r.get(5)?,
                note: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}
