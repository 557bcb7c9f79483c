//! The pool ("vivier"): job seekers who consented to be promoted.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{
    Error, Result,
    list::{ListQuery, ListSpec, Page, fetch_page},
    validation::Checker,
};

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
    fn as_sql(self) -> &'static str {
        match self {
            Self::Oral => "oral",
            Self::Written => "written",
            Self::Online => "online",
        }
    }

    fn from_sql(value: &str) -> rusqlite::Result<Self> {
        match value {
            "oral" => Ok(Self::Oral),
            "written" => Ok(Self::Written),
            "online" => Ok(Self::Online),
            other => Err(rusqlite::Error::InvalidColumnType(0, other.to_owned(), rusqlite::types::Type::Text)),
        }
    }
}

/// The candidate form as the UI sends it: every field as typed, dates as `YYYY-MM-DD`,
/// empty strings for what was left blank.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CandidateInput {
    pub last_name: String,
    pub first_name: String,
    pub birth_date: String,
    pub email: String,
    pub phone: String,
    pub postcode: String,
    pub commune: String,
    pub consent_date: String,
    pub consent_channel: Option<ConsentChannel>,
    pub consent_expiry: String,
    pub target_job: String,
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Candidate {
    /// A row id: well within JavaScript's safe integers.
    #[ts(type = "number")]
    pub id: i64,
    pub last_name: String,
    pub first_name: String,
    pub birth_date: Option<NaiveDate>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub postcode: Option<String>,
    pub commune: Option<String>,
    pub consent: Consent,
    pub target_job: String,
    pub created_at: String,
    pub updated_at: String,
}

/// One row of the pool list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CandidateSummary {
    /// A row id: well within JavaScript's safe integers.
    #[ts(type = "number")]
    pub id: i64,
    pub last_name: String,
    pub first_name: String,
    pub commune: Option<String>,
    pub target_job: String,
    pub consent_expiry: NaiveDate,
    /// Whether consent covers today: without it the candidate cannot be promoted.
    pub consent_valid: bool,
}

/// A checked candidate, ready to store.
struct Valid {
    last_name: String,
    first_name: String,
    birth_date: Option<NaiveDate>,
    email: Option<String>,
    phone: Option<String>,
    postcode: Option<String>,
    commune: Option<String>,
    consent: Consent,
    target_job: String,
}

fn validate(input: &CandidateInput, today: NaiveDate) -> Result<Valid> {
    let mut check = Checker::new();
    let last_name = check.required("lastName", &input.last_name, 100);
    let first_name = check.required("firstName", &input.first_name, 100);
    let birth_date = check.date("birthDate", &input.birth_date);
    if let Some(birth) = birth_date {
        if birth >= today {
            check.add("birthDate", "La date de naissance doit être dans le passé.");
        } else if today.years_since(birth).is_some_and(|age| age < 15) {
            check.add("birthDate", "Le candidat doit avoir au moins 15 ans.");
        }
    }
    let email = check.email("email", &input.email);
    let phone = check.phone("phone", &input.phone);
    let postcode = check.postcode("postcode", &input.postcode);
    let commune = check.optional("commune", &input.commune, 100);
    let consent_date = check.required_date("consentDate", &input.consent_date);
    if consent_date.is_some_and(|date| date > today) {
        check.add("consentDate", "Le consentement ne peut pas être daté dans le futur.");
    }
    let consent_expiry = check.required_date("consentExpiry", &input.consent_expiry);
    if let (Some(date), Some(expiry)) = (consent_date, consent_expiry)
        && expiry < date
    {
        check.add("consentExpiry", "L'échéance du consentement doit suivre sa date.");
    }
    if input.consent_channel.is_none() {
        check.add("consentChannel", "Indiquez comment le consentement a été recueilli.");
    }
    let target_job = check.required("targetJob", &input.target_job, 200);
    check.finish()?;
    match (consent_date, consent_expiry, input.consent_channel) {
        (Some(date), Some(expiry), Some(channel)) => Ok(Valid {
            last_name,
            first_name,
            birth_date,
            email,
            phone,
            postcode,
            commune,
            consent: Consent { date, channel, expiry },
            target_job,
        }),
        _ => Err(Error::InvalidInput("consentement incomplet".to_owned())),
    }
}

const COLUMNS: &str = "id, last_name, first_name, birth_date, email, phone, postcode, commune, \
                       consent_date, consent_channel, consent_expiry, target_job, created_at, updated_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Candidate> {
    Ok(Candidate {
        id: row.get(0)?,
        last_name: row.get(1)?,
        first_name: row.get(2)?,
        birth_date: row.get(3)?,
        email: row.get(4)?,
        phone: row.get(5)?,
        postcode: row.get(6)?,
        commune: row.get(7)?,
        consent: Consent {
            date: row.get(8)?,
            channel: ConsentChannel::from_sql(&row.get::<_, String>(9)?)?,
            expiry: row.get(10)?,
        },
        target_job: row.get(11)?,
        created_at: row.get(12)?,
        updated_at: row.get(13)?,
    })
}

pub fn create(conn: &Connection, input: &CandidateInput, today: NaiveDate) -> Result<Candidate> {
    let valid = validate(input, today)?;
    let now = crate::now_rfc3339();
    conn.execute(
        "INSERT INTO candidates (last_name, first_name, birth_date, email, phone, postcode, commune, \
         consent_date, consent_channel, consent_expiry, target_job, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
        params![
            valid.last_name,
            valid.first_name,
            valid.birth_date,
            valid.email,
            valid.phone,
            valid.postcode,
            valid.commune,
            valid.consent.date,
            valid.consent.channel.as_sql(),
            valid.consent.expiry,
            valid.target_job,
            now,
        ],
    )?;
    get(conn, conn.last_insert_rowid())
}

pub fn update(conn: &Connection, id: i64, input: &CandidateInput, today: NaiveDate) -> Result<Candidate> {
    let valid = validate(input, today)?;
    let changed = conn.execute(
        "UPDATE candidates SET last_name = ?1, first_name = ?2, birth_date = ?3, email = ?4, phone = ?5, \
         postcode = ?6, commune = ?7, consent_date = ?8, consent_channel = ?9, consent_expiry = ?10, \
         target_job = ?11, updated_at = ?12 WHERE id = ?13",
        params![
            valid.last_name,
            valid.first_name,
            valid.birth_date,
            valid.email,
            valid.phone,
            valid.postcode,
            valid.commune,
            valid.consent.date,
            valid.consent.channel.as_sql(),
            valid.consent.expiry,
            valid.target_job,
            crate::now_rfc3339(),
            id,
        ],
    )?;
    if changed == 0 {
        return Err(Error::NotFound { entity: "Candidat", id });
    }
    get(conn, id)
}

pub fn get(conn: &Connection, id: i64) -> Result<Candidate> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM candidates WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or(Error::NotFound { entity: "Candidat", id })
}

/// One page of the pool, by name, filtered by the search words.
pub fn list(conn: &Connection, query: &ListQuery, today: NaiveDate) -> Result<Page<CandidateSummary>> {
    let spec = ListSpec {
        table: "candidates",
        columns: "id, last_name, first_name, commune, target_job, consent_date, consent_channel, consent_expiry",
        searched: &["last_name", "first_name", "first_name || ' ' || last_name", "email", "commune", "target_job"],
        order_by: "last_name COLLATE NOCASE, first_name COLLATE NOCASE, id",
    };
    fetch_page(conn, &spec, query, |row| {
        let consent = Consent {
            date: row.get(5)?,
            channel: ConsentChannel::from_sql(&row.get::<_, String>(6)?)?,
            expiry: row.get(7)?,
        };
        Ok(CandidateSummary {
            id: row.get(0)?,
            last_name: row.get(1)?,
            first_name: row.get(2)?,
            commune: row.get(3)?,
            target_job: row.get(4)?,
            consent_expiry: consent.expiry,
            consent_valid: consent.is_valid_on(today),
        })
    })
}
