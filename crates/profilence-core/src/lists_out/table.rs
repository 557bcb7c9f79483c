//! A list as batches of typed cells, and its two writers: XLSX (real dates and numbers,
//! the header row frozen, filters on, columns sized) and CSV for a French spreadsheet (`;`,
//! dates as 31/12/2026, decimal commas, UTF-8 with its byte-order mark), as the dashboard's
//! exports write them (`stats::export`).
//!
//! The rows never make one table: they pass from SQLite to the writer a batch at a time
//! (`Batch`: the cells of some hundred rows, their texts in one buffer), so the file is
//! composed while the rest is read (`super::write_out`).

use std::io::Write;

use crate::store::Row;
use chrono::{Local, NaiveDate, NaiveDateTime};
use rust_xlsxwriter::{Format, Workbook, XlsxError};

use crate::text::{fixed_decimal, runs_as_formula};

/// One cell, typed: a spreadsheet sorts and filters dates and numbers as such.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Cell {
    Empty,
    /// Text held by the batch: its bytes `start..end` (`Batch::str`).
    Text(u32, u32),
    /// A label of the code (a status, a channel…).
    Label(&'static str),
    Date(NaiveDate),
    /// A local date and time.
    Moment(NaiveDateTime),
    Number(f64),
}

/// A column: its header, and its width in characters.
pub(super) struct Column {
    pub(super) header: &'static str,
    pub(super) width: f64,
}

pub(super) const fn column(header: &'static str, width: f64) -> Column {
    Column { header, width }
}

/// A list's sheet: its name and columns, in parts (the person's columns begin both the
/// Vivier and the Promotions: `candidates::PERSON_COLUMNS`).
#[derive(Clone, Copy)]
pub(super) struct Sheet {
    pub(super) name: &'static str,
    pub(super) parts: &'static [&'static [Column]],
}

impl Sheet {
    pub(super) fn columns(self) -> impl Iterator<Item = &'static Column> {
        self.parts.iter().flat_map(|part| part.iter())
    }

    pub(super) fn width(self) -> usize {
        self.parts.iter().map(|part| part.len()).sum()
    }
}

/// A list to write: its sheet, its query, and how a row of the query becomes cells.
pub(super) struct Listing {
    pub(super) sheet: Sheet,
    pub(super) sql: String,
    pub(super) filters: crate::list::Filters,
    /// One row's cells into the batch, as many as the sheet has columns.
    pub(super) row: fn(&Row<'_>, &mut Batch) -> rusqlite::Result<()>,
}

/// Rows a batch holds before it goes to the writer.
pub(super) const BATCH_ROWS: usize = 256;

/// Some rows of a list, cell after cell (`width` a row), their texts in one buffer: one
/// allocation for a batch's texts, not one a cell.
pub(super) struct Batch {
    width: usize,
    cells: Vec<Cell>,
    text: String,
}

impl Batch {
    pub(super) fn new(width: usize) -> Self {
        Self { width, cells: Vec::with_capacity(width * BATCH_ROWS), text: String::with_capacity(BATCH_ROWS * 512) }
    }

    pub(super) fn rows(&self) -> usize {
        self.cells.len() / self.width
    }

    /// Whether the last row has as many cells as the sheet has columns.
    pub(super) fn is_whole(&self) -> bool {
        self.cells.len().is_multiple_of(self.width)
    }

    pub(super) fn is_full(&self) -> bool {
        self.rows() >= BATCH_ROWS
    }

    /// Each row's cells, in order.
    pub(super) fn each_row(&self) -> std::slice::ChunksExact<'_, Cell> {
        self.cells.chunks_exact(self.width)
    }

    /// The text of a `Cell::Text` of this batch.
    pub(super) fn str(&self, start: u32, end: u32) -> &str {
        self.text.get(start as usize..end as usize).unwrap_or_default()
    }

    pub(super) fn push(&mut self, cell: Cell) {
        self.cells.push(cell);
    }

    /// A text cell; empty when `text` is.
    pub(super) fn text(&mut self, text: &str) {
        self.text_with(|buffer| buffer.push_str(text));
    }

    /// A text cell of what `write` appends to the buffer; empty when it appends nothing.
    pub(super) fn text_with(&mut self, write: impl FnOnce(&mut String)) {
        let start = self.text.len();
        write(&mut self.text);
        let end = self.text.len();
        self.cells.push(if end == start {
            Cell::Empty
        } else {
            Cell::Text(u32::try_from(start).unwrap_or(u32::MAX), u32::try_from(end).unwrap_or(u32::MAX))
        });
    }

    /// Column `i` of `r`, a text or NULL, as a text cell.
    pub(super) fn column(&mut self, r: &Row<'_>, i: usize) -> rusqlite::Result<()> {
        let text = text_of(r, i)?;
        self.text(text.unwrap_or_default());
        Ok(())
    }

    /// A stored code (`HeadcountBand`, `LegalNature`…) as its label; empty when unknown.
    pub(super) fn label(&mut self, code: Option<&str>, label_of: impl FnOnce(&str) -> Option<&'static str>) {
        self.push(code.and_then(label_of).map_or(Cell::Empty, Cell::Label));
    }

    pub(super) fn date(&mut self, value: Option<NaiveDate>) {
        self.push(value.map_or(Cell::Empty, Cell::Date));
    }
}

/// Column `i` of `r` as text, borrowed from SQLite; `None` when NULL.
pub(super) fn text_of<'r>(r: &'r Row<'_>, i: usize) -> rusqlite::Result<Option<&'r str>> {
    let value = r.get_ref(i)?;
    value.as_str_or_null().map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, value.data_type(), Box::new(e)))
}

/// A date column (`YYYY-MM-DD`), or NULL.
pub(super) fn date_of(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    r.get(i)
}

/// A stored moment (RFC 3339, UTC) as the local date and time a counsellor reads.
pub(super) fn moment(stored: Option<&str>) -> Cell {
    stored
        .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
        .map_or(Cell::Empty, |m| Cell::Moment(m.with_timezone(&Local).naive_local()))
}

/// The XLSX writer: rows go to the sheet as they come, the workbook is saved at the end.
pub(super) struct Xlsx {
    book: Workbook,
    date: Format,
    moment: Format,
    rows: u32,
    columns: u16,
}

impl Xlsx {
    /// `temp_dir`: where the rows wait while the sheet is written.
    pub(super) fn new(sheet: Sheet, temp_dir: &std::path::Path) -> Result<Self, XlsxError> {
        let mut book = Workbook::new();
        let header = Format::new().set_bold().set_background_color("#E3E3FD");
        // Row by row, each string written in its cell (no shared-string table): about a
        // quarter faster on a list of names, and the memory of one row. The rows pass
        // through a temporary file (0600, removed once written) in the folder the file goes
        // to, never the system's temporary folder: they hold personal data.
        book.set_tempdir(temp_dir)?;
        let worksheet = book.add_worksheet_with_constant_memory()?.set_name(sheet.name)?;
        for (col, column) in (0_u16..).zip(sheet.columns()) {
            worksheet.write_string_with_format(0, col, column.header, &header)?;
            worksheet.set_column_width(col, column.width)?;
        }
        let columns = u16::try_from(sheet.width()).unwrap_or(u16::MAX);
        Ok(Self {
            book,
            date: Format::new().set_num_format("dd/mm/yyyy"),
            moment: Format::new().set_num_format("dd/mm/yyyy hh:mm"),
            rows: 0,
            columns,
        })
    }

    pub(super) fn rows(&mut self, batch: &Batch) -> Result<(), XlsxError> {
        let sheet = self.book.worksheet_from_index(0)?;
        for cells in batch.each_row() {
            self.rows += 1;
            let row = self.rows;
            for (col, cell) in (0_u16..).zip(cells) {
                match *cell {
                    Cell::Empty => {}
                    // Typed by someone: written as text, never as a formula.
                    Cell::Text(start, end) => {
                        sheet.write_string(row, col, batch.str(start, end))?;
                    }
                    Cell::Label(label) => {
                        sheet.write_string(row, col, label)?;
                    }
                    Cell::Date(day) => {
                        sheet.write_datetime_with_format(row, col, day, &self.date)?;
                    }
                    Cell::Moment(at) => {
                        sheet.write_datetime_with_format(row, col, at, &self.moment)?;
                    }
                    Cell::Number(n) => {
                        sheet.write_number(row, col, n)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// The workbook written to `out`; the rows written so far.
    pub(super) fn finish(mut self, out: impl Write + Send) -> Result<u32, XlsxError> {
        let sheet = self.book.worksheet_from_index(0)?;
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofilter(0, 0, self.rows, self.columns.saturating_sub(1))?;
        // Excel's own level: about a third faster to write than the default 6, for a file
        // some 5 % larger (rust_xlsxwriter's performance notes).
        self.book.set_zip_compression_level(3);
        self.book.save_to_writer(out)?;
        Ok(self.rows)
    }
}

/// The CSV writer, straight to its file: each field written from the batch's bytes.
pub(super) struct Csv<W: Write> {
    writer: ::csv::Writer<W>,
    rows: u32,
}

impl<W: Write> Csv<W> {
    pub(super) fn new(sheet: Sheet, mut out: W) -> Result<Self, ::csv::Error> {
        out.write_all("\u{feff}".as_bytes())?;
        let mut writer = ::csv::WriterBuilder::new().delimiter(b';').from_writer(out);
        writer.write_record(sheet.columns().map(|c| c.header))?;
        Ok(Self { writer, rows: 0 })
    }

    pub(super) fn rows(&mut self, batch: &Batch) -> Result<(), ::csv::Error> {
        let mut scratch = String::new();
        for cells in batch.each_row() {
            self.rows += 1;
            for cell in cells {
                match *cell {
                    Cell::Empty => self.writer.write_field(b"")?,
                    // Typed by someone: never read as a formula by the spreadsheet.
                    Cell::Text(start, end) => {
                        let text = batch.str(start, end);
                        if runs_as_formula(text) {
                            scratch.clear();
                            scratch.push('\'');
                            scratch.push_str(text);
                            self.writer.write_field(&scratch)?;
                        } else {
                            self.writer.write_field(text)?;
                        }
                    }
                    Cell::Label(label) => self.writer.write_field(label)?,
                    Cell::Date(day) => self.writer.write_field(digits::day(day))?,
                    // With its seconds: the moment reads back as it was stored.
                    Cell::Moment(at) => self.writer.write_field(digits::moment(at))?,
                    Cell::Number(n) if n.fract() == 0.0 => self.writer.write_field(format!("{n:.0}"))?,
                    Cell::Number(n) => self.writer.write_field(fixed_decimal(n))?,
                }
            }
            self.writer.write_record(None::<&[u8]>)?;
        }
        Ok(())
    }

    /// The rows written so far, all flushed to the file.
    pub(super) fn finish(mut self) -> Result<u32, ::csv::Error> {
        self.writer.flush()?;
        Ok(self.rows)
    }
}

/// Dates and moments written as French digits without formatting machinery (the CSV
/// writes two a row): `31/12/2026`, `31/12/2026 14:05:09`.
mod digits {
    use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

    fn two(out: &mut [u8], n: u32) {
        out[0] = b'0' + (n / 10 % 10) as u8;
        out[1] = b'0' + (n % 10) as u8;
    }

    fn date(out: &mut [u8], day: NaiveDate) {
        two(&mut out[0..2], day.day());
        out[2] = b'/';
        two(&mut out[3..5], day.month());
        out[5] = b'/';
        let year = day.year().clamp(0, 9999) as u32;
        two(&mut out[6..8], year / 100);
        two(&mut out[8..10], year % 100);
    }

    pub(super) fn day(day: NaiveDate) -> [u8; 10] {
        let mut out = [0; 10];
        date(&mut out, day);
        out
    }

    pub(super) fn moment(at: NaiveDateTime) -> [u8; 19] {
        let mut out = [0; 19];
        date(&mut out, at.date());
        out[10] = b' ';
        two(&mut out[11..13], at.hour());
        out[13] = b':';
        two(&mut out[14..16], at.minute());
        out[16] = b':';
        two(&mut out[17..19], at.second());
        out
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn as_chrono_writes_them() {
            for (y, m, d, h, min, s) in [(2026, 12, 31, 14, 5, 9), (1987, 1, 2, 0, 0, 0), (2030, 7, 14, 23, 59, 59)] {
                let at = NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, min, s).unwrap();
                assert_eq!(day(at.date()), crate::text::french_date(at.date()).as_bytes());
                assert_eq!(moment(at), at.format("%d/%m/%Y %H:%M:%S").to_string().as_bytes());
            }
        }
    }
}
