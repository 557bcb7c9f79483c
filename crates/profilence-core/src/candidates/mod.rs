//! The pool ("vivier"): job seekers who consented to be promoted, with everything a
//! counsellor records about them (PRODUCT.md §1).
//!
//! `validation` checks the form, `storage` writes and reads the records and their search
//! entries, `consent` the consent and its history, `duplicates` holds the rules that make two records the same person (for the
//! form and the import), `listing` the pool list (and `listing::search_plan` how a search
//! reads it).

mod consent;
mod duplicates;
mod listing;
mod storage;
mod validation;

use crate::store::Conn;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use crate::constraints::NafSector;
pub use crate::error::DuplicateMatch;
use crate::{
    Error, Result,
    choices::{ContractType, DrivingLicence, MobilityMeans, WorkConstraint, WorkingTime},
    hiring_aids::{Eligibility, HiringAid},
    journal::{self, Action, Subject},
    text::iso_date,
};
pub(crate) use consent::ConsentSource;
pub use consent::{
    CONSENT_MONTHS, Consent, ConsentChannel, ConsentEvent, ConsentEventKind, RenewalInput, WithdrawalInput,
    default_consent_expiry, renew as renew_consent, withdraw as withdraw_consent,
};
pub use duplicates::duplicates_of;
pub(crate) use duplicates::{Found, Identities, Identity, Key, Reason, find_duplicates};
pub(crate) use listing::selection;
pub use listing::{CandidateQuery, CandidateSort, CandidateSummary, ConsentFilter, Unpromoted, counsellors, list};
pub use storage::get;
pub(crate) use storage::{insert, reindex_all, relabel, rewrite};
pub(crate) use validation::{Valid, validate};

/// A target job: a ROME job title (its code, and the label and job sheet kept with it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TargetJob {
    /// The job title's `code_ogr`; absent only for a job typed before the ROME came in.
    #[ts(type = "number | null")]
    pub code: Option<i64>,
    pub label: String,
    pub rome_code: Option<String>,
}

/// A skill: ticked from the ROME (with its code) or added freely (no code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CandidateSkill {
    #[ts(type = "number | null")]
    pub code: Option<i64>,
    pub label: String,
}

/// The candidate form as the UI sends it: texts as typed, dates as `YYYY-MM-DD`, empty
/// strings for what was left blank.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct CandidateInput {
    pub last_name: String,
    pub first_name: String,
    pub birth_date: String,
    pub email: String,
    pub phone: String,
    pub france_travail_id: String,
    pub postcode: String,
    pub commune: String,
    /// INSEE code of the commune chosen from the referential; empty when typed freely.
    pub commune_code: String,
    pub consent_date: String,
    pub consent_channel: Option<ConsentChannel>,
    pub consent_expiry: String,
    pub target_jobs: Vec<TargetJob>,
    pub skills: Vec<CandidateSkill>,
    pub experience: String,
    pub qualifications: String,
    pub driving_licences: Vec<DrivingLicence>,
    pub languages: Vec<String>,
    pub available_from: String,
    pub wanted_contracts: Vec<ContractType>,
    pub working_time: Option<WorkingTime>,
    pub mobility_radius_km: String,
    pub mobility_means: Vec<MobilityMeans>,
    /// The constraints the core compares with each job and company.
    pub work_constraints: Vec<WorkConstraint>,
    /// NAF sectors (any level) the candidate would rather avoid, or prefers.
    pub sectors_avoided: Vec<NafSector>,
    pub sectors_preferred: Vec<NafSector>,
    /// Other constraints, as free notes (« Autres contraintes »); a note that says one of
    /// the `work_constraints` becomes it when saved.
    pub constraints: Vec<String>,
    pub eligibility: Eligibility,
    pub pitch: String,
    pub counsellor: String,
    /// The record's `version` the form opened: the save is refused when someone saved it
    /// since (`Error::Conflict`). None: saved whatever its version (an import, the CLI).
    #[ts(type = "number | null")]
    pub version: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
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
    pub france_travail_id: Option<String>,
    pub postcode: Option<String>,
    pub commune: Option<String>,
    pub commune_code: Option<String>,
    pub consent: Consent,
    /// Whether consent covers today: without it the candidate cannot be promoted.
    pub consent_valid: bool,
    /// How the consent came and changed, oldest first.
    pub consent_history: Vec<ConsentEvent>,
    pub target_jobs: Vec<TargetJob>,
    pub skills: Vec<CandidateSkill>,
    pub experience: String,
    pub qualifications: String,
    pub driving_licences: Vec<DrivingLicence>,
    pub languages: Vec<String>,
    pub available_from: Option<NaiveDate>,
    pub wanted_contracts: Vec<ContractType>,
    pub working_time: Option<WorkingTime>,
    pub mobility_radius_km: Option<u32>,
    pub mobility_means: Vec<MobilityMeans>,
    pub work_constraints: Vec<WorkConstraint>,
    pub sectors_avoided: Vec<NafSector>,
    pub sectors_preferred: Vec<NafSector>,
    /// Other constraints, free notes (« Autres contraintes »).
    pub constraints: Vec<String>,
    pub eligibility: Eligibility,
    /// The aids an employer could obtain for this person, from the eligibility flags.
    pub hiring_aids: Vec<HiringAid>,
    pub pitch: String,
    pub counsellor: String,
    pub created_at: String,
    pub updated_at: String,
    /// Raised by each save (see `CandidateInput::version`).
    #[ts(type = "number")]
    pub version: i64,
}

pub const MAX_TARGET_JOBS: usize = 3;
/// Sectors a candidate avoids, or prefers, at most (each list).
pub const MAX_SECTORS: usize = 10;

impl Candidate {
    /// The form of the stored record, to change part of it (an import, a job taken up).
    pub fn to_input(&self) -> CandidateInput {
        let c = self;
        CandidateInput {
            last_name: c.last_name.clone(),
            first_name: c.first_name.clone(),
            birth_date: c.birth_date.map(iso_date).unwrap_or_default(),
            email: c.email.clone().unwrap_or_default(),
            phone: c.phone.clone().unwrap_or_default(),
            france_travail_id: c.france_travail_id.clone().unwrap_or_default(),
            postcode: c.postcode.clone().unwrap_or_default(),
            commune: c.commune.clone().unwrap_or_default(),
            commune_code: c.commune_code.clone().unwrap_or_default(),
            consent_date: iso_date(c.consent.date),
            consent_channel: Some(c.consent.channel),
            consent_expiry: iso_date(c.consent.expiry),
            target_jobs: c.target_jobs.clone(),
            skills: c.skills.clone(),
            experience: c.experience.clone(),
            qualifications: c.qualifications.clone(),
            driving_licences: c.driving_licences.clone(),
            languages: c.languages.clone(),
            available_from: c.available_from.map(iso_date).unwrap_or_default(),
            wanted_contracts: c.wanted_contracts.clone(),
            working_time: c.working_time,
            mobility_radius_km: c.mobility_radius_km.map(|r| r.to_string()).unwrap_or_default(),
            mobility_means: c.mobility_means.clone(),
            work_constraints: c.work_constraints.clone(),
            sectors_avoided: c.sectors_avoided.clone(),
            sectors_preferred: c.sectors_preferred.clone(),
            constraints: c.constraints.clone(),
            eligibility: c.eligibility,
            pitch: c.pitch.clone(),
            counsellor: c.counsellor.clone(),
            version: None,
        }
    }
}

/// Stores a new candidate. Unless `allow_duplicate`, a record that repeats an existing
/// one (France Travail identifier, e-mail, or name and birth date) is refused with the
/// matches, so that the counsellor can open the existing record instead.
pub fn create(conn: &Conn, input: &CandidateInput, today: NaiveDate, allow_duplicate: bool) -> Result<Candidate> {
    let valid = validate(conn, input, None, today)?;
    if !allow_duplicate {
        let matches = duplicates::find_duplicates(conn, &valid.identity(), None)?;
        if !matches.is_empty() {
            return Err(Error::Duplicate(matches));
        }
    }
    let id = insert(conn, &valid)?;
    storage::reindex(conn, id)?;
    journal::record(conn, Action::Create, Subject::Candidate(id), "")?;
    get(conn, id, today)
}

pub fn update(conn: &Conn, id: i64, input: &CandidateInput, today: NaiveDate) -> Result<Candidate> {
    if !exists(conn, id)? {
        return Err(Error::NotFound { entity: "Candidat", id });
    }
    if let Some(on) = crate::db::erased_on(conn, "candidates", id)? {
        return Err(erased(on));
    }
    crate::journal::claim(conn, Subject::Candidate(id), input.version)?;
    let before = get(conn, id, today)?.to_input();
    let valid = validate(conn, input, Some(id), today)?;
    rewrite(conn, id, &valid)?;
    storage::reindex(conn, id)?;
    let after = get(conn, id, today)?;
    let fields = journal::changed_fields(&before, &after.to_input());
    journal::record(conn, Action::Edit, Subject::Candidate(id), &journal::fields_detail(&fields))?;
    Ok(after)
}

/// What is said of a candidate erased on `on` (`erasure.rs`).
pub(crate) fn erased(on: NaiveDate) -> Error {
    Error::Rule(format!(
        "Cette personne a été effacée le {} : il ne reste d'elle que des statistiques anonymes.",
        crate::text::french_date(on)
    ))
}

fn exists(conn: &Conn, id: i64) -> Result<bool> {
    Ok(conn.prepare_cached("SELECT 1 FROM candidates WHERE id = ?1")?.exists([id])?)
}
