//! Sheets of a selection into a folder: new sheets of candidates (named or anonymised),
//! or the sheets stored with promotions, one PDF each, reporting progress after each file
//! and stopping between two files when asked to. Above `sheets` and `promotions`: it names
//! the promotions it skips.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{
    Database, Error, Result,
    anonymise::display_name,
    cancel::Cancel,
    candidates,
    journal::{self, Action, Subject},
    promotions::{
        self, Confirmations,
        gate::{self, Departure, Leaving},
    },
    settings, sheets,
};

/// At most this many sheets in one batch.
pub const MAX_BATCH: usize = 5_000;

/// What a batch writes.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind")]
#[ts(export)]
pub enum BatchOf {
    /// A new sheet of each candidate, as it would be sent today. Never with the sensitive
    /// publics (RQTH, RSA, QPV…) nor their aids: those show only on the sheet of one
    /// promotion, when the counsellor ticks it there.
    #[serde(rename_all = "camelCase")]
    Candidates {
        #[ts(type = "number[]")]
        ids: Vec<i64>,
        anonymous: bool,
    },
    /// The sheet each promotion was sent with.
    #[serde(rename_all = "camelCase")]
    Promotions {
        #[ts(type = "number[]")]
        ids: Vec<i64>,
    },
}

impl BatchOf {
    fn ids(&self) -> &[i64] {
        match self {
            Self::Candidates { ids, .. } | Self::Promotions { ids } => ids,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BatchProgress {
    pub done: u32,
    pub total: u32,
    /// The file just written.
    pub file_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BatchSummary {
    pub folder: String,
    pub total: u32,
    pub written: Vec<String>,
    /// What was not written, and why: the send gate's refusals (no sheet goes out without
    /// valid consent), promotions without a stored sheet (made before sheets existed).
    pub skipped: Vec<String>,
    /// Sheets that were shortened to fit their page, by file name.
    pub shortened: Vec<String>,
    /// Stopped at the counsellor's request: the files written so far stay.
    pub cancelled: bool,
}

/// Checks the folder (created when only its last part is missing) and the selection.
fn prepare(of: &BatchOf, folder: &str) -> Result<PathBuf> {
    let ids = of.ids();
    if ids.is_empty() {
        return Err(Error::Rule("Sélectionnez au moins une fiche à écrire.".into()));
    }
    if ids.len() > MAX_BATCH {
        return Err(Error::Rule(format!("{MAX_BATCH} fiches au plus à la fois.")));
    }
    let folder = folder.trim();
    if folder.is_empty() {
        return Err(Error::field("folder", "Choisissez le dossier où écrire les fiches."));
    }
    let path = PathBuf::from(folder);
    if path.is_file() {
        return Err(Error::field("folder", format!("« {folder} » est un fichier, pas un dossier.")));
    }
    if !path.is_dir() {
        match path.parent() {
            Some(parent) if parent.is_dir() => std::fs::create_dir(&path).map_err(|e| Error::io(&path, e))?,
            _ => return Err(Error::field("folder", format!("Le dossier « {folder} » n'existe pas."))),
        }
    }
    Ok(path)
}

/// `name` in `folder`, numbered when a file of that name is already there.
fn free_path(folder: &Path, name: &str) -> PathBuf {
    let first = folder.join(name);
    if !first.exists() {
        return first;
    }
    let stem = name.strip_suffix(".pdf").unwrap_or(name);
    (2..).map(|n| folder.join(format!("{stem}-{n}.pdf"))).find(|p| !p.exists()).unwrap_or(first)
}

/// Why the send gate keeps `departure`'s sheet in (`None`: it may go). A sheet addressed to
/// no company and no promotion meets one rule of the gate: consent.
fn refused(conn: &crate::store::Conn, departure: Departure, today: NaiveDate) -> Result<Option<&'static str>> {
    match gate::may_leave(conn, &[departure], Leaving::Batch, today, &Confirmations::default()) {
        Ok(_) => Ok(None),
        Err(Error::Rule(_)) => Ok(Some("consentement non valide")),
        Err(other) => Err(other),
    }
}

/// Writes the sheets of `of` into `folder`. The database is read one sheet at a time, so
/// the app stays usable meanwhile; `cancel` is looked at between two files.
pub fn run(
    db: &Database,
    of: &BatchOf,
    folder: &str,
    today: NaiveDate,
    cancel: &Cancel,
    mut progress: impl FnMut(&BatchProgress),
) -> Result<BatchSummary> {
    let path = prepare(of, folder)?;
    let total = u32::try_from(of.ids().len()).unwrap_or(u32::MAX);
    let mut summary = BatchSummary {
        folder: path.display().to_string(),
        total,
        written: Vec::new(),
        skipped: Vec::new(),
        shortened: Vec::new(),
        cancelled: false,
    };
    // The counsellor a candidate's sheet names, read once.
    let me = db.read(settings::get)?;
    for (done, &id) in (1..).zip(of.ids()) {
        if cancel.is_cancelled() {
            summary.cancelled = true;
            break;
        }
        let sheet = match of {
            BatchOf::Candidates { anonymous, .. } => db.write(|c| {
                let candidate = candidates::get(c, id, today)?;
                if let Some(why) = refused(c, Departure::new(id, None), today)? {
                    let name = display_name(&candidate, false);
                    summary.skipped.push(format!("{name} ({why})"));
                    return Ok(None);
                }
                let sheet = sheets::make(&candidate, &me, *anonymous, false, None, today)?;
                let detail = format!("{}, lot de fiches", sheets::journal_detail(*anonymous, false));
                journal::record(c, Action::SheetGenerated, Subject::Candidate(id), &detail)?;
                Ok(Some(sheet))
            })?,
            BatchOf::Promotions { .. } => db.read(|c| {
                // The sheet as it was sent, copied again: the person's consent still holds?
                let departure = Departure::of_promotion(c, id)?;
                if let Some(why) = refused(c, Departure { company_id: None, promotion_id: None, ..departure }, today)? {
                    let p = promotions::get(c, id)?;
                    summary.skipped.push(format!("{} → {} ({why})", p.candidate_name, p.company_name));
                    return Ok(None);
                }
                let sheet = sheets::stored(c, id)?;
                if sheet.is_none() {
                    let p = promotions::get(c, id)?;
                    summary.skipped.push(format!("{} → {} (sans fiche enregistrée)", p.candidate_name, p.company_name));
                }
                Ok(sheet)
            })?,
        };
        let mut file_name = String::new();
        if let Some(sheet) = sheet {
            let target = free_path(&path, &sheet.file_name);
            std::fs::write(&target, &sheet.pdf).map_err(|e| Error::io(&target, e))?;
            file_name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if !sheet.cuts.is_empty() {
                summary.shortened.push(file_name.clone());
            }
            summary.written.push(file_name.clone());
        }
        progress(&BatchProgress { done, total, file_name });
    }
    log::info!("sheet batch: {} written of {}, cancelled: {}", summary.written.len(), total, summary.cancelled);
    Ok(summary)
}
