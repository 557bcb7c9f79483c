//! Import of the legacy trackers: the Excel or LibreOffice files counsellors keep today
//! (xlsx, xlsm, xls, ods, csv), whatever their columns are called; and of company lists
//! (an export of the company register for the territory, a chamber of commerce's list),
//! told apart by their columns (`ImportKind`) or as the counsellor says.
//!
//! One pass reads the chosen sheets (`read`), finds each table and its header (`layout`),
//! maps the columns to fields (`mapping`: synonyms, the counsellor's corrections, the
//! mapping remembered for the same headers: `columns`), normalises the values (`values`)
//! and stores each row through the core's own rules (`importer`): candidates and companies are matched
//! to those already there, promotions are history. A preview runs the very same import
//! in a transaction that is rolled back; the real one commits it whole or not at all.
//! `report` writes the rejected and doubtful rows to XLSX or CSV.

mod attestation;
mod candidate_row;
mod columns;
mod company_facts;
mod company_row;
mod importer;
pub mod layout;
mod lookups;
pub mod mapping;
mod people;
mod promotion_row;
pub mod read;
pub mod register;
pub mod report;
mod statuses;
pub mod values;

use std::path::Path;

use chrono::{DateTime, Local};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use crate::cancel::Cancel;
use crate::cancel::Cancelled;
use crate::{
    Database, Error, Result,
    candidates::ConsentChannel,
    choices::{EventKind, PromotionChannel},
    journal::{self, Action, Subject},
    promotions::follow_ups,
    settings,
    text::french_count,
};
pub use mapping::{ColumnChoice, ImportField};

/// A problem with the file itself (unreadable, protected, too big) or a stop asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    File(String),
    Cancelled,
}

impl ImportError {
    pub fn new(message: impl Into<String>) -> Self {
        Self::File(message.into())
    }
}

impl From<ImportError> for Error {
    fn from(error: ImportError) -> Self {
        match error {
            ImportError::File(message) => Error::Import(message),
            ImportError::Cancelled => Error::Cancelled,
        }
    }
}

impl From<Cancelled> for ImportError {
    fn from(_: Cancelled) -> Self {
        Self::Cancelled
    }
}

/// What a free-text status of the file means, as the counsellor chose it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StatusChoice {
    pub text: String,
    /// `None`: the status says nothing of the promotion's course (kept as a note).
    pub event: Option<EventKind>,
}

/// What a file holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ImportKind {
    /// A tracker of promotions: candidates, companies and promotions.
    #[default]
    Tracker,
    /// A list of companies (SIRET, name, NAF, headcount, address, contact): companies
    /// only, each created or brought up to date by its SIRET.
    CompanyList,
}

/// How to read the file: the sheets, and what the counsellor corrected in the preview.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct ImportOptions {
    /// What the file holds; `None`: told by its columns (a file that names companies and
    /// nothing only a candidate or a promotion has is a company list).
    pub kind: Option<ImportKind>,
    /// The sheets to import; empty: every sheet that holds a table.
    pub sheets: Vec<String>,
    /// Corrections of the column mapping (other columns: remembered, else recognised).
    pub columns: Vec<ColumnChoice>,
    /// Meanings of free-text statuses (others: remembered, else recognised).
    pub statuses: Vec<StatusChoice>,
    /// How the consents of this file were collected, when no column says it.
    pub consent_channel: Option<ConsentChannel>,
    /// The channel of the file's promotions, when no column says it (default: e-mail).
    pub channel: Option<PromotionChannel>,
    /// Who signs the imported events when Paramètres names nobody (headless imports).
    pub signed_by: String,
    /// For the people whose consent the file does not state: the counsellor attests that
    /// they agreed to be promoted. Never applied without it.
    pub consent_attestation: Option<ConsentAttestation>,
}

/// The counsellor's attestation that the people of a file that does not state their
/// consent agreed to have their profile promoted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConsentAttestation {
    /// The day they consented.
    pub on: AttestedDay,
    pub channel: ConsentChannel,
    /// The rows it does not cover (unticked in the preview): 1-based, as the sheet numbers them.
    #[serde(default)]
    pub excluded: Vec<RowRef>,
}

/// The day attested people consented: one date for all, or each person's first promotion
/// in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind", content = "date")]
#[ts(export)]
pub enum AttestedDay {
    /// YYYY-MM-DD.
    Date(String),
    FirstPromotion,
}

/// A row of a sheet, numbered as the spreadsheet does (from 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RowRef {
    pub sheet: String,
    pub row: u32,
}

/// A row that makes a new candidate whose consent the file does not state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UnstatedConsent {
    pub sheet: String,
    pub row: u32,
    /// "Léa MARTIN".
    pub name: String,
    /// The attestation covers it (and so the row is imported).
    pub attested: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ColumnSource {
    /// The header names the field.
    Recognised,
    /// The mapping of the last file with the same headers.
    Remembered,
    /// Chosen by the counsellor in this preview.
    Chosen,
    /// Not recognised: not imported unless mapped.
    Unknown,
}

/// A column of the file and the field it fills.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportColumn {
    pub header: String,
    pub field: Option<ImportField>,
    pub source: ColumnSource,
    /// Letters of the column in each sheet where it appears ("Suivi 2025 : C").
    pub places: Vec<String>,
    /// The first values of the column, as the file holds them.
    pub samples: Vec<String>,
}

/// A free-text status found in the file, how many rows hold it and what it will record.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StatusReading {
    pub text: String,
    pub rows: u32,
    /// `None`: not understood, to map (the promotion is kept as sent, with the text as a note).
    pub event: Option<EventKind>,
    pub source: ColumnSource,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SheetReport {
    pub name: String,
    /// 1-based row of the headers (0: no table found).
    pub header_row: u32,
    pub data_rows: u32,
    pub blank_rows: u32,
    pub total_rows: u32,
    pub repeated_headers: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum IssueSeverity {
    /// Nothing of the row was stored.
    Rejected,
    /// Stored, with something to check.
    Doubtful,
}

/// A rejected or doubtful row: where, which value, why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportIssue {
    pub sheet: String,
    /// 1-based, as the spreadsheet numbers it.
    pub row: u32,
    /// "C – Date promo"; empty when the whole row is concerned.
    pub column: String,
    pub value: String,
    pub reason: String,
    pub severity: IssueSeverity,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PreviewValue {
    pub field: ImportField,
    pub value: String,
}

/// A row as it will be stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PreviewRow {
    pub sheet: String,
    pub row: u32,
    pub values: Vec<PreviewValue>,
    /// What the row does: "Candidat créé · Entreprise existante · Promotion créée (Embauche)".
    pub outcome: String,
    pub rejected: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportCounts {
    /// Data rows read (skipped rows aside).
    pub rows: u32,
    pub imported: u32,
    pub rejected: u32,
    /// Imported, with something to check.
    pub doubtful: u32,
    /// Blank, total and repeated header rows.
    pub skipped: u32,
    pub candidates_created: u32,
    pub candidates_updated: u32,
    pub candidates_unchanged: u32,
    pub companies_created: u32,
    pub companies_updated: u32,
    pub companies_unchanged: u32,
    pub promotions_created: u32,
    /// Existing promotions that got a new event from the file.
    pub promotions_updated: u32,
    pub promotions_unchanged: u32,
}

/// A field a column can be mapped to, for the preview's lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FieldOption {
    pub field: ImportField,
    pub label: String,
    /// "Candidat", "Entreprise" or "Promotion".
    pub group: String,
}

/// Every field a file of `kind` can fill, grouped by what it describes.
pub fn field_options(kind: ImportKind) -> Vec<FieldOption> {
    ImportField::ALL
        .iter()
        .filter(|f| kind == ImportKind::Tracker || f.entity() == mapping::Entity::Company)
        .map(|f| FieldOption {
            field: *f,
            label: f.label().to_owned(),
            group: match f.entity() {
                mapping::Entity::Candidate => "Candidat",
                mapping::Entity::Company => "Entreprise",
                mapping::Entity::Promotion => "Promotion",
            }
            .to_owned(),
        })
        .collect()
}

/// What an import did (or, for a preview, would do).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportReport {
    pub file: String,
    /// What the file was read as (`ImportOptions::kind`, or told by its columns).
    pub kind: ImportKind,
    /// The fields columns can be mapped to.
    pub fields: Vec<FieldOption>,
    pub available_sheets: Vec<String>,
    pub sheets: Vec<SheetReport>,
    pub columns: Vec<ImportColumn>,
    pub statuses: Vec<StatusReading>,
    /// What the counsellor should know about the whole file (rules applied, defaults).
    pub warnings: Vec<String>,
    /// The first rows as they will be stored.
    pub rows: Vec<PreviewRow>,
    pub issues: Vec<ImportIssue>,
    pub counts: ImportCounts,
    /// Some consents have no collection mode: choose it (`ImportOptions::consent_channel`).
    pub needs_consent_channel: bool,
    /// No column of the file gives the consent.
    pub no_consent_column: bool,
    /// The rows of new candidates whose consent the file does not state (the first
    /// `MAX_UNSTATED`), for the attestation.
    pub unstated_consents: Vec<UnstatedConsent>,
    /// `false` for a preview: nothing was written.
    pub committed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ImportPhase {
    Reading,
    Importing,
    Saving,
}

/// Progress of a preview or an import, sent as it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportProgress {
    pub phase: ImportPhase,
    pub done: u32,
    pub total: u32,
    pub counts: ImportCounts,
}

/// Rows shown in a preview.
pub const PREVIEW_ROWS: usize = 20;
/// Rows without a stated consent listed for the attestation (the attestation covers them
/// all unless excluded).
pub const MAX_UNSTATED: usize = 2000;

/// What the import would do, written nowhere: the same run, rolled back.
pub fn preview(
    db: &Database,
    path: &Path,
    options: &ImportOptions,
    now: DateTime<Local>,
    cancel: &Cancel,
    progress: &mut dyn FnMut(ImportProgress),
) -> Result<ImportReport> {
    let book = read_sheets(path, options, cancel, progress)?;
    db.rehearse(|tx| importer::import(tx, path, &book, options, now, cancel, progress, false))
}

/// Imports the file in one transaction: every valid row, or nothing at all.
pub fn run(
    db: &Database,
    path: &Path,
    options: &ImportOptions,
    now: DateTime<Local>,
    cancel: &Cancel,
    progress: &mut dyn FnMut(ImportProgress),
) -> Result<ImportReport> {
    let book = read_sheets(path, options, cancel, progress)?;
    let report = db.write(|tx| {
        let mut report = importer::import(tx, path, &book, options, now, cancel, progress, true)?;
        progress(ImportProgress {
            phase: ImportPhase::Saving,
            done: report.counts.rows,
            total: report.counts.rows,
            counts: report.counts,
        });
        // A history's promotions still waiting for an answer long after their last contact
        // are marked "no answer" here, in the import's transaction, rather than by the
        // next screen that reads the promotions.
        let marked = follow_ups::mark_unanswered(tx, now)?;
        if marked > 0 {
            let days = settings::promotion_settings(tx)?.no_answer_days;
            report.warnings.push(format!(
                "{} promotion(s) sans réponse {days} jours après le dernier contact : marquée(s) « {} ».",
                french_count(marked.into()),
                EventKind::NoAnswer.label()
            ));
        }
        let c = &report.counts;
        journal::record(
            tx,
            Action::Import,
            Subject::Database,
            &format!(
                "{} : {} lignes, {} rejetées ; {} candidats créés, {} entreprises créées et {} mises à jour, {} promotions créées",
                match report.kind {
                    ImportKind::Tracker => "Tableau de suivi",
                    ImportKind::CompanyList => "Liste d'entreprises",
                },
                c.rows, c.rejected, c.candidates_created, c.companies_created, c.companies_updated, c.promotions_created
            ),
        )?;
        Ok(report)
    })?;
    log::info!(
        "{:?} imported: {} rows, {} rejected, {} candidates and {} companies created ({} updated), {} promotions created",
        report.kind,
        report.counts.rows,
        report.counts.rejected,
        report.counts.candidates_created,
        report.counts.companies_created,
        report.counts.companies_updated,
        report.counts.promotions_created
    );
    Ok(report)
}

fn read_sheets(
    path: &Path,
    options: &ImportOptions,
    cancel: &Cancel,
    progress: &mut dyn FnMut(ImportProgress),
) -> Result<read::Workbook> {
    progress(ImportProgress { phase: ImportPhase::Reading, done: 0, total: 0, counts: ImportCounts::default() });
    let mut book = read::read(path, &options.sheets, cancel)?;
    for sheet in &mut book.sheets {
        layout::spread_merges(sheet);
    }
    Ok(book)
}
