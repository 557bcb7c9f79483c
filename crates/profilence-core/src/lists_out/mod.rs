//! The Vivier, Entreprises and Promotions lists written out, as the list shows them (its
//! search, filters and order, every page) to XLSX or CSV: counsellors get their tracker
//! back in their spreadsheet.
//!
//! Each list is selected by its own query's filters (`candidates::selection`,
//! `companies::selection`, `promotions::list_filters`): an export never filters again.
//! The columns carry the headers the import recognises (`import::mapping`), and the values
//! as it reads them back (`import::values::status_text` for a status), so that the
//! promotions written out import into an empty database as the same candidates, companies
//! and promotions, and into the same database as nothing new (`tests/lists_out.rs`).
//!
//! Personal data: the file goes only where the counsellor chose (the shell's save
//! dialog), and each export is journalled with its list, format and row count, never the
//! path.

mod candidates;
mod companies;
mod promotions;
mod table;

use std::path::Path;

use chrono::{DateTime, Local};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{
    Database, Error, Result,
    candidates::CandidateQuery,
    companies::CompanyQuery,
    journal::{self, Action, Subject},
    promotions::{PromotionQuery, follow_ups},
    text::french_count,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ListFormat {
    Xlsx,
    Csv,
}

impl ListFormat {
    pub fn extension(self) -> &'static str {
        match self {
            Self::Xlsx => "xlsx",
            Self::Csv => "csv",
        }
    }

    /// The file a save dialog gave for this format: as chosen when it names a format by
    /// its extension, else with this format's extension added.
    pub fn file(self, path: std::path::PathBuf) -> std::path::PathBuf {
        if Self::of_path(&path).is_some() {
            return path;
        }
        let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(format!(".{}", self.extension()));
        path.with_file_name(name)
    }

    /// The format a file name asks for by its extension (any case).
    pub fn of_path(path: &Path) -> Option<Self> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "xlsx" => Some(Self::Xlsx),
            "csv" => Some(Self::Csv),
            _ => None,
        }
    }
}

/// Which list, with the query it shows (its paging is ignored: every page is written).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "list", content = "query")]
#[ts(export)]
pub enum ListQuery {
    Candidates(CandidateQuery),
    Companies(CompanyQuery),
    Promotions(PromotionQuery),
}

impl ListQuery {
    /// The list in words, for the journal and the file's suggested name.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Candidates(_) => "vivier",
            Self::Companies(_) => "entreprises",
            Self::Promotions(_) => "promotions",
        }
    }
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ListExported {
    pub path: String,
    pub format: ListFormat,
    /// Records written (the header row aside).
    pub rows: u32,
}

/// Writes the list of `query` at `now` to `path` (its extension gives the format), and
/// journals it. The file is written whole under a temporary name beside it, then renamed:
/// a failure leaves nothing, and a file that was there stays as it was.
pub fn export(db: &Database, query: &ListQuery, path: &Path, now: DateTime<Local>) -> Result<ListExported> {
    let format = ListFormat::of_path(path).ok_or_else(|| {
        Error::Rule(format!(
            "« {} » : le fichier doit se terminer par .xlsx (classeur Excel) ou .csv.",
            path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()
        ))
    })?;
    let today = now.date_naive();
    let started = std::time::Instant::now();
    let table = match query {
        ListQuery::Candidates(q) => db.read(|c| candidates::table(c, q, today))?,
        ListQuery::Companies(q) => db.read(|c| companies::table(c, q))?,
        ListQuery::Promotions(q) => {
            // The list's own view: the due « no answer » recorded first.
            follow_ups::settle(db, now)?;
            db.read(|c| promotions::table(c, q))?
        }
    };
    let read = started.elapsed();
    let folder = folder_of(path)?;
    let bytes = match format {
        ListFormat::Xlsx => table
            .xlsx(folder)
            .map_err(|e| Error::Invariant(format!("Le fichier XLSX n'a pas pu être composé : {e}")))?,
        ListFormat::Csv => {
            table.csv().map_err(|e| Error::Invariant(format!("Le fichier CSV n'a pas pu être composé : {e}")))?
        }
    };
    let composed = started.elapsed() - read;
    write_whole(path, &bytes)?;
    let rows = u32::try_from(table.rows.len()).unwrap_or(u32::MAX);
    db.write(|tx| {
        journal::record(
            tx,
            Action::Export,
            Subject::Database,
            &format!("Liste : {} ({}), {} ligne(s)", query.name(), format.extension(), french_count(rows.into())),
        )
    })?;
    log::info!(
        "list exported: {} as {}, {rows} rows (read {} ms, composed {} ms, in all {} ms)",
        query.name(),
        format.extension(),
        read.as_millis(),
        composed.as_millis(),
        started.elapsed().as_millis()
    );
    Ok(ListExported { path: path.display().to_string(), format, rows })
}

/// The folder `path` goes to, which must exist.
fn folder_of(path: &Path) -> Result<&Path> {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !folder.is_dir() {
        return Err(Error::Rule(format!("Le dossier « {} » n'existe pas.", folder.display())));
    }
    Ok(folder)
}

/// `bytes` written to `path` through a temporary file of the same folder.
fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    let folder = folder_of(path)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = folder.join(format!(".{name}.{}.part", std::process::id()));
    std::fs::write(&temporary, bytes).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        Error::io(path, e)
    })?;
    std::fs::rename(&temporary, path).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        Error::io(path, e)
    })
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;

    #[test]
    fn the_file_name_gives_the_format_or_gets_its_extension() {
        assert_eq!(ListFormat::of_path(Path::new("a/liste.XLSX")), Some(ListFormat::Xlsx));
        assert_eq!(ListFormat::of_path(Path::new("liste.csv")), Some(ListFormat::Csv));
        assert_eq!(ListFormat::of_path(Path::new("liste.ods")), None);
        assert_eq!(ListFormat::Xlsx.file(PathBuf::from("/d/liste")), PathBuf::from("/d/liste.xlsx"));
        assert_eq!(ListFormat::Csv.file(PathBuf::from("/d/liste.v2")), PathBuf::from("/d/liste.v2.csv"));
        assert_eq!(ListFormat::Xlsx.file(PathBuf::from("/d/liste.csv")), PathBuf::from("/d/liste.csv"));
    }
}
