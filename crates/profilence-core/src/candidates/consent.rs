//! The consent to be promoted: in force on the candidate's record, and its history —
//! given, renewed, corrected, attested at an import — each with who recorded it and
//! where it came from.

use chrono::NaiveDate;
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Result, settings, text::french_date};

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
}

impl Consent {
    /// Consent covers `day` when it was given on or before it and has not expired.
    pub fn is_valid_on(&self, day: NaiveDate) -> bool {
        self.date <= day && day <= self.expiry
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
    conn: &Connection,
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
    conn.prepare_cached(
        "INSERT INTO consent_events (candidate_id, kind, given_on, channel, expiry, recorded_at, recorded_by, note) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![id, kind.code(), now.date, now.channel.as_sql(), now.expiry, at, by, note])?;
    Ok(())
}

/// Candidate `id`'s consent history, oldest first.
pub(super) fn history_of(conn: &Connection, id: i64) -> Result<Vec<ConsentEvent>> {
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
