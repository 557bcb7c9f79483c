//! The right of access and portability (RGPD art. 15 and 20): everything the app holds
//! about one person, written into a folder the counsellor picked — a JSON file (every
//! field, for another program), a readable PDF in French (`document`), and the profile
//! sheets stored with the person's promotions, byte for byte.
//!
//! File names carry the candidate's number and the day, never a name. Nothing is left
//! behind when a file cannot be written: what was written is removed, and the error names
//! the folder. The journal records the export (what was written, in counts), never the
//! path.

mod document;

use std::{
    io::Write,
    path::{Path, PathBuf},
};

use crate::store::Conn;
use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use crate::{
    Error, Result,
    candidates::{self, Candidate},
    journal::{self, Action, Subject},
    promotions::{self, PromotionHistory},
    settings::{self, CounsellorSettings},
    sheets::{self, sha256_hex},
    text::iso_date,
};

/// Names the JSON's layout, so that a program reading it knows which one it reads.
pub const FORMAT: &str = "profilence-donnees-personnelles/1";

/// What an export wrote, for the counsellor's notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AccessExport {
    /// The folder written into, as the counsellor picked it.
    pub folder: String,
    /// The files written, relative to the folder: the PDF, the JSON, then the sheets.
    pub files: Vec<String>,
    /// Pages of the PDF.
    pub pages: u32,
    pub promotions: u32,
    /// Events of all the promotions.
    pub events: u32,
    pub consent_events: u32,
    /// Stored sheets copied.
    pub sheets: u32,
}

/// Who answers the request: the counsellor of Paramètres and their agency.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Answered<'a> {
    counsellor: &'a str,
    agency: &'a str,
    email: &'a str,
    phone: &'a str,
}

/// A stored sheet as the JSON lists it: where its copy is and how to check it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct SheetCopy {
    promotion_id: i64,
    /// The copy in the export, relative to the folder.
    file: String,
    /// The name it was sent under.
    sent_as: String,
    anonymous: bool,
    size: u32,
    sha256: String,
    created_at: String,
}

/// The JSON file: every field of the record, the consent history (in `candidate`), every
/// promotion with its events and the list of stored sheets.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct PersonData<'a> {
    format: &'static str,
    generated_on: NaiveDate,
    answered_by: Answered<'a>,
    candidate: &'a Candidate,
    promotions: &'a [PromotionHistory],
    /// The employers' replies read from the inbox about this person's promotions, with
    /// their words (those confirmed are also in the events' comments).
    employer_replies: &'a [crate::mail::received::EmployerReply],
    sheets: &'a [SheetCopy],
}

/// Everything about one person, read once.
pub(crate) struct Person {
    pub candidate: Candidate,
    pub promotions: Vec<PromotionHistory>,
    pub me: CounsellorSettings,
    pub today: NaiveDate,
}

/// Writes candidate `id`'s data into `dir` (which must exist): the PDF, the JSON and the
/// stored sheets in a sub-folder. Recorded in the journal of `conn`'s transaction.
pub fn export_person(conn: &Conn, id: i64, dir: &Path, today: NaiveDate) -> Result<AccessExport> {
    let person = Person {
        candidate: candidates::get(conn, id, today)?,
        promotions: promotions::all_of_candidate(conn, id)?,
        me: settings::get(conn)?,
        today,
    };
    if !dir.is_dir() {
        return Err(Error::Rule(format!(
            "Le dossier « {} » n'existe pas ou n'est pas un dossier : choisissez-en un autre.",
            dir.display()
        )));
    }
    let stem = free_stem(dir, id, today);
    let sheets_dir = format!("{stem}-fiches");
    let mut copies = Vec::new();
    let mut sheet_files = Vec::new();
    for history in &person.promotions {
        if let Some(sheet) = sheets::stored(conn, history.promotion.id)? {
            let file = format!("{sheets_dir}/promotion-{}.pdf", history.promotion.id);
            let summary = history.sheet.as_ref();
            copies.push(SheetCopy {
                promotion_id: history.promotion.id,
                file: file.clone(),
                sent_as: sheet.file_name.clone(),
                anonymous: sheet.anonymous,
                size: u32::try_from(sheet.pdf.len()).unwrap_or(u32::MAX),
                sha256: sha256_hex(&sheet.pdf),
                created_at: summary.map(|s| s.created_at.clone()).unwrap_or_default(),
            });
            sheet_files.push((file, sheet.pdf));
        }
    }
    let replies = crate::mail::received::of_timeline(conn, promotions::TimelineOf::Candidate(id))?;
    let (pdf, pages) = document::write(&person, &copies.iter().map(document::SheetLine::from).collect::<Vec<_>>())?;
    let data = PersonData {
        format: FORMAT,
        generated_on: today,
        answered_by: Answered {
            counsellor: &person.me.name,
            agency: &person.me.agency,
            email: &person.me.email,
            phone: &person.me.phone,
        },
        candidate: &person.candidate,
        promotions: &person.promotions,
        employer_replies: &replies,
        sheets: &copies,
    };
    let json = serde_json::to_vec_pretty(&data).map_err(|e| Error::Invariant(format!("JSON : {e}")))?;

    let mut files: Vec<(String, &[u8])> = vec![(format!("{stem}.pdf"), &pdf), (format!("{stem}.json"), &json)];
    files.extend(sheet_files.iter().map(|(name, bytes)| (name.clone(), bytes.as_slice())));
    let mut written = Written::default();
    if let Err(e) = written.all(dir, (!sheet_files.is_empty()).then_some(sheets_dir.as_str()), &files) {
        written.undo();
        return Err(e);
    }
    let export = AccessExport {
        folder: dir.display().to_string(),
        files: files.iter().map(|(name, _)| name.clone()).collect(),
        pages,
        promotions: count(person.promotions.len()),
        events: count(person.promotions.iter().map(|p| p.events.len()).sum()),
        consent_events: count(person.candidate.consent_history.len()),
        sheets: count(copies.len()),
    };
    let detail = format!(
        "droit d'accès : PDF ({} page{}), JSON, {} fiche{} ; {} promotion{}, {} événement{}, {} étape{} du consentement",
        export.pages,
        plural(export.pages),
        export.sheets,
        plural(export.sheets),
        export.promotions,
        plural(export.promotions),
        export.events,
        plural(export.events),
        export.consent_events,
        plural(export.consent_events),
    );
    if let Err(e) = journal::record(conn, Action::Export, Subject::Candidate(id), &detail) {
        written.undo();
        return Err(e);
    }
    log::info!("access export of candidate {id}: {} files", export.files.len());
    Ok(export)
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn plural(n: u32) -> &'static str {
    if n > 1 { "s" } else { "" }
}

/// `donnees-personnelles-candidat-12-2026-12-05`, numbered (`-2`, `-3`…) when a file or
/// folder of that name is already in `dir`: an export never overwrites anything.
fn free_stem(dir: &Path, id: i64, today: NaiveDate) -> String {
    let base = format!("donnees-personnelles-candidat-{id}-{}", iso_date(today));
    let taken = |stem: &str| {
        [format!("{stem}.pdf"), format!("{stem}.json"), format!("{stem}-fiches")].iter().any(|n| dir.join(n).exists())
    };
    std::iter::once(base.clone()).chain((2..).map(|n| format!("{base}-{n}"))).find(|stem| !taken(stem)).unwrap_or(base)
}

/// What an export has created so far, to remove it all when a write fails.
#[derive(Default)]
struct Written {
    files: Vec<PathBuf>,
    folder: Option<PathBuf>,
}

impl Written {
    fn all(&mut self, dir: &Path, sub_folder: Option<&str>, files: &[(String, &[u8])]) -> Result<()> {
        if let Some(sub) = sub_folder {
            let path = dir.join(sub);
            std::fs::create_dir(&path).map_err(|e| unwritable(dir, &e))?;
            self.folder = Some(path);
        }
        for (name, bytes) in files {
            let path = dir.join(name);
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
                .map_err(|e| unwritable(dir, &e))?;
            self.files.push(path);
            file.write_all(bytes).and_then(|()| file.sync_all()).map_err(|e| unwritable(dir, &e))?;
        }
        Ok(())
    }

    /// Removes what was created, files first; what cannot be removed is logged (kind only).
    fn undo(&self) {
        for path in self.files.iter().rev() {
            if let Err(e) = std::fs::remove_file(path) {
                log::warn!("access export: a partial file could not be removed ({:?})", e.kind());
            }
        }
        if let Some(folder) = &self.folder
            && let Err(e) = std::fs::remove_dir(folder)
        {
            log::warn!("access export: a partial folder could not be removed ({:?})", e.kind());
        }
    }
}

/// « Impossible d'écrire dans le dossier « … » (permission refusée) ».
fn unwritable(dir: &Path, error: &std::io::Error) -> Error {
    use std::io::ErrorKind;
    let why = match error.kind() {
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => "vous n'avez pas le droit d'y écrire".to_owned(),
        ErrorKind::StorageFull => "le disque est plein".to_owned(),
        ErrorKind::NotFound => "il n'existe plus".to_owned(),
        _ => error.to_string(),
    };
    Error::Rule(format!(
        "Impossible d'écrire dans le dossier « {} » ({why}) : aucun fichier n'y a été laissé. Choisissez un autre \
         dossier.",
        dir.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_that_fails_halfway_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let mut written = Written::default();
        // The second file's folder does not exist: the write fails after the first file.
        let files: Vec<(String, &[u8])> =
            vec![("a.pdf".into(), b"%PDF"), ("b.json".into(), b"{}"), ("absent/c.pdf".into(), b"%PDF")];
        let error = written.all(dir.path(), Some("fiches"), &files).unwrap_err().to_string();
        assert!(error.contains(&dir.path().display().to_string()), "names the folder: {error}");
        assert!(dir.path().join("a.pdf").exists(), "written before the failure");
        written.undo();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "every file and the sub-folder removed");
    }

    #[test]
    fn file_names_hold_the_number_and_the_day_and_never_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        assert_eq!(free_stem(dir.path(), 42, day), "donnees-personnelles-candidat-42-2026-12-05");
        std::fs::create_dir(dir.path().join("donnees-personnelles-candidat-42-2026-12-05-fiches")).unwrap();
        assert_eq!(free_stem(dir.path(), 42, day), "donnees-personnelles-candidat-42-2026-12-05-2");
    }
}
