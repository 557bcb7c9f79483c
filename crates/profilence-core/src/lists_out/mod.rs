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

use std::{
    fs::File,
    io::{BufWriter, Write},
    path::Path,
    sync::mpsc::{Receiver, SyncSender, sync_channel},
    time::{Duration, Instant},
};

use crate::store::Conn;
use chrono::{DateTime, Local};
use rust_xlsxwriter::XlsxError;
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
use table::{Batch, Csv, Listing, Sheet, Xlsx};

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
    if let ListQuery::Promotions(_) = query {
        // The list's own view: the due « no answer » recorded first.
        follow_ups::settle(db, now)?;
    }
    let started = Instant::now();
    let folder = folder_of(path)?;
    let sheet = match query {
        ListQuery::Candidates(_) => candidates::SHEET,
        ListQuery::Companies(_) => companies::SHEET,
        ListQuery::Promotions(_) => promotions::SHEET,
    };
    let phases = write_whole(path, |file| {
        // The reading connection is held while the rows are read, not while the file is
        // finished (the XLSX's compression).
        let read_rows = |to_writer: &SyncSender<Message>| {
            db.read(|c| {
                let listing = match query {
                    ListQuery::Candidates(q) => candidates::listing(c, q, today)?,
                    ListQuery::Companies(q) => companies::listing(q),
                    ListQuery::Promotions(q) => promotions::listing(q),
                };
                read(c, &listing, to_writer)
            })
        };
        write_out(sheet, read_rows, format, file, folder, path)
    })?;
    let rows = phases.rows;
    db.write(|tx| {
        journal::record(
            tx,
            Action::Export,
            Subject::Database,
            &format!("Liste : {} ({}), {} ligne(s)", query.name(), format.extension(), french_count(rows.into())),
        )
    })?;
    log::info!(
        "list exported: {} as {}, {rows} rows (read {} ms of which {} ms waiting for the writer; \
         rows composed {} ms, file finished {} ms after the last row; in all {} ms)",
        query.name(),
        format.extension(),
        phases.read.as_millis(),
        phases.read_waiting.as_millis(),
        phases.composed.as_millis(),
        phases.finished.as_millis(),
        started.elapsed().as_millis()
    );
    Ok(ListExported { path: path.display().to_string(), format, rows })
}

/// Batches waiting for the writer at most: the reader keeps ahead by this much.
const QUEUE: usize = 8;

/// What the reader sends the writer: rows, then the end of the list. A reader that stops
/// without the end (its query failed) leaves the writer interrupted.
enum Message {
    Rows(Batch),
    End,
}

/// How an export's time went (for the log), and the rows written.
#[derive(Debug)]
struct Phases {
    rows: u32,
    /// Reading the rows, from the query's start to its last batch handed over.
    read: Duration,
    /// Of `read`, the time the reader waited for the writer to take a batch.
    read_waiting: Duration,
    /// The writer's time on the rows (its waiting for batches aside).
    composed: Duration,
    /// From the last row read to the file written (the XLSX's compression).
    finished: Duration,
}

/// The rows `read_rows` reads (`read`) written to `file` in `format`: read on this thread
/// (it holds the connection) and composed on another as they come, batch by batch, so
/// that the export takes about the longer of the two rather than their sum. A failed read
/// stops the writer; a failed write stops the reader; either's error is returned.
fn write_out(
    sheet: Sheet,
    read_rows: impl FnOnce(&SyncSender<Message>) -> Result<Duration>,
    format: ListFormat,
    file: &File,
    folder: &Path,
    path: &Path,
) -> Result<Phases> {
    let (to_writer, batches) = sync_channel::<Message>(QUEUE);
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || compose(sheet, format, &batches, file, folder, path));
        let started = Instant::now();
        let read = read_rows(&to_writer);
        let read_time = started.elapsed();
        drop(to_writer);
        let written =
            writer.join().unwrap_or_else(|_| Err(Error::Invariant("L'écriture de la liste a échoué.".into())));
        // The reader's error first: the writer only saw the rows stop.
        let read_waiting = read?;
        let (rows, composed) = written?;
        Ok(Phases {
            rows,
            read: read_time,
            read_waiting,
            composed,
            finished: started.elapsed().saturating_sub(read_time),
        })
    })
}

/// The rows of `listing`, batch by batch to the writer, then the end; the time spent
/// waiting for the writer. A writer that stopped (its error is the one to report) stops
/// the reading.
fn read(conn: &Conn, listing: &Listing, to_writer: &SyncSender<Message>) -> Result<Duration> {
    let mut statement = conn.prepare(&listing.sql)?;
    let width = listing.sheet.width();
    let mut waiting = Duration::ZERO;
    let mut send = |message: Message| {
        let started = Instant::now();
        let sent = to_writer.send(message).is_ok();
        waiting += started.elapsed();
        sent
    };
    let mut rows = statement.query(listing.filters.args().as_slice())?;
    let mut batch = Batch::new(width);
    while let Some(row) = rows.next()? {
        (listing.row)(&row, &mut batch)?;
        if !batch.is_whole() {
            return Err(Error::Invariant(format!(
                "Une ligne de la liste {} n'a pas toutes ses colonnes.",
                listing.sheet.name
            )));
        }
        if batch.is_full() && !send(Message::Rows(std::mem::replace(&mut batch, Batch::new(width)))) {
            return Ok(waiting);
        }
    }
    if batch.rows() > 0 && !send(Message::Rows(batch)) {
        return Ok(waiting);
    }
    send(Message::End);
    Ok(waiting)
}

/// The batches received written to `file` in `format`, until the end of the list; the
/// rows written and the time spent on them.
fn compose(
    sheet: Sheet,
    format: ListFormat,
    batches: &Receiver<Message>,
    file: &File,
    folder: &Path,
    path: &Path,
) -> Result<(u32, Duration)> {
    let mut out = BufWriter::with_capacity(1 << 16, file);
    let mut busy = Duration::ZERO;
    let mut each_batch = |write: &mut dyn FnMut(&Batch) -> Result<()>| -> Result<()> {
        loop {
            match batches.recv() {
                Ok(Message::Rows(batch)) => {
                    let started = Instant::now();
                    write(&batch)?;
                    busy += started.elapsed();
                }
                Ok(Message::End) => return Ok(()),
                // The reader stopped on an error, which it reports.
                Err(_) => return Err(Error::Invariant("La lecture de la liste s'est interrompue.".into())),
            }
        }
    };
    let rows = match format {
        ListFormat::Xlsx => {
            let failed = |e: XlsxError| match e {
                XlsxError::IoError(e) => Error::io(path, e),
                e => Error::Invariant(format!("Le fichier XLSX n'a pas pu être composé : {e}")),
            };
            let mut xlsx = Xlsx::new(sheet, folder).map_err(failed)?;
            each_batch(&mut |batch| xlsx.rows(batch).map_err(failed))?;
            xlsx.finish(&mut out).map_err(failed)?
        }
        ListFormat::Csv => {
            let failed = |e: ::csv::Error| match e.into_kind() {
                ::csv::ErrorKind::Io(e) => Error::io(path, e),
                kind => Error::Invariant(format!("Le fichier CSV n'a pas pu être composé : {kind:?}")),
            };
            let mut csv = Csv::new(sheet, &mut out).map_err(failed)?;
            each_batch(&mut |batch| csv.rows(batch).map_err(failed))?;
            csv.finish().map_err(failed)?
        }
    };
    out.flush().map_err(|e| Error::io(path, e))?;
    Ok((rows, busy))
}

/// The folder `path` goes to, which must exist.
fn folder_of(path: &Path) -> Result<&Path> {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !folder.is_dir() {
        return Err(Error::Rule(format!("Le dossier « {} » n'existe pas.", folder.display())));
    }
    Ok(folder)
}

/// `path` written by `write` through a temporary file of the same folder, renamed once
/// whole; removed if anything fails.
fn write_whole<T>(path: &Path, write: impl FnOnce(&File) -> Result<T>) -> Result<T> {
    let folder = folder_of(path)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = folder.join(format!(".{name}.{}.part", std::process::id()));
    let file = File::create(&temporary).map_err(|e| Error::io(path, e))?;
    let written = write(&file).and_then(|value| {
        drop(file);
        std::fs::rename(&temporary, path).map_err(|e| Error::io(path, e))?;
        Ok(value)
    });
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

#[cfg(test)]
mod tests {
    use std::{
        cell::Cell as Counter,
        path::{Path, PathBuf},
    };

    use super::*;

    const NUMBERED_SHEET: Sheet =
        Sheet { name: "Lignes", parts: &[&[table::column("Ligne", 10.0), table::column("N°", 6.0)]] };

    thread_local! {
        /// Rows the reader has read, on this test's thread.
        static READ: Counter<u32> = const { Counter::new(0) };
    }

    /// 100,000 numbered rows; the 5,000th has a text where a number is read.
    fn numbered() -> Listing {
        Listing {
            sheet: NUMBERED_SHEET,
            sql: "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000) \
                  SELECT i, CASE i WHEN :bad THEN 'x' END FROM n"
                .into(),
            filters: {
                let mut filters = crate::list::Filters::default();
                filters.bind(":bad", 5000);
                filters
            },
            row: |r, out| {
                READ.set(READ.get() + 1);
                let n: i64 = r.get(0)?;
                let _: Option<i64> = r.get(1)?;
                out.text(&format!("Ligne {n}"));
                out.push(table::Cell::Number(n as f64));
                Ok(())
            },
        }
    }

    fn hidden(folder: &Path) -> Vec<String> {
        std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with('.'))
            .collect()
    }

    #[test]
    fn a_failed_read_stops_the_writer_and_leaves_no_file() {
        let conn = crate::db::open_in_memory().unwrap();
        let dir = tempfile::tempdir().unwrap();
        for format in [ListFormat::Xlsx, ListFormat::Csv] {
            READ.set(0);
            let path = dir.path().join(format!("lignes.{}", format.extension()));
            let error = write_whole(&path, |file| {
                write_out(
                    NUMBERED_SHEET,
                    |to| read(&Conn::from(&conn), &numbered(), to),
                    format,
                    file,
                    dir.path(),
                    &path,
                )
            })
            .unwrap_err();
            // The reader's error, not the writer's « interrupted ».
            assert!(matches!(error, Error::Database(_)), "{error:?}");
            assert_eq!(READ.get(), 5000);
            assert!(!path.exists());
            assert!(hidden(dir.path()).is_empty(), "{:?}", hidden(dir.path()));
        }
    }

    #[test]
    fn a_failed_write_stops_the_reader() {
        let conn = crate::db::open_in_memory().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lignes.csv");
        std::fs::write(&path, "").unwrap();
        // A file opened for reading only: every write to it fails.
        let file = File::open(&path).unwrap();
        let mut listing = numbered();
        listing.filters = crate::list::Filters::default();
        listing.filters.bind(":bad", -1);
        READ.set(0);
        let error = write_out(
            NUMBERED_SHEET,
            |to| read(&Conn::from(&conn), &listing, to),
            ListFormat::Csv,
            &file,
            dir.path(),
            &path,
        )
        .map(|p| p.rows)
        .unwrap_err();
        assert!(matches!(error, Error::Io { .. }), "{error:?}");
        // The writer failed on its first 64 KiB; the reader stopped a few batches later.
        assert!(READ.get() < 20_000, "{} rows read", READ.get());
    }

    #[test]
    fn a_failed_write_leaves_the_file_that_was_there() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("liste.csv");
        std::fs::write(&path, "la liste d'hier").unwrap();
        let error = write_whole(&path, |mut file| {
            file.write_all(b"la moiti").map_err(|e| Error::io(&path, e))?;
            Err::<(), _>(Error::Invariant("plus de place".into()))
        })
        .unwrap_err();
        assert!(error.to_string().contains("plus de place"));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "la liste d'hier");
        assert!(hidden(dir.path()).is_empty(), "{:?}", hidden(dir.path()));
    }

    #[test]
    fn every_row_reaches_the_file() {
        let conn = crate::db::open_in_memory().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lignes.csv");
        let mut listing = numbered();
        listing.filters = crate::list::Filters::default();
        listing.filters.bind(":bad", -1);
        let phases = write_whole(&path, |file| {
            write_out(
                NUMBERED_SHEET,
                |to| read(&Conn::from(&conn), &listing, to),
                ListFormat::Csv,
                file,
                dir.path(),
                &path,
            )
        })
        .unwrap();
        assert_eq!(phases.rows, 100_000);
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 100_001);
        assert_eq!((lines[0], lines[1], lines[100_000]), ("\u{feff}Ligne;N°", "Ligne 1;1", "Ligne 100000;100000"));
    }

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
