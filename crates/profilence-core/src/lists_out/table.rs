//! A list as a table of typed cells, and its two writers: XLSX (real dates and numbers,
//! the header row frozen, filters on, columns sized) and CSV for a French spreadsheet (`;`,
//! dates as 31/12/2026, decimal commas, UTF-8 with its byte-order mark), as the dashboard's
//! exports write them (`stats::export`).

use chrono::{Local, NaiveDate, NaiveDateTime};
use rust_xlsxwriter::{Format, Workbook, XlsxError};

use crate::text::{fixed_decimal, french_date, inert_cell};

/// One cell, typed: a spreadsheet sorts and filters dates and numbers as such.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cell {
    Empty,
    Text(String),
    Date(NaiveDate),
    /// A local date and time.
    Moment(NaiveDateTime),
    Number(f64),
}

impl Cell {
    pub(super) fn text(value: Option<String>) -> Self {
        match value {
            Some(text) if !text.is_empty() => Self::Text(text),
            _ => Self::Empty,
        }
    }

    /// A stored code (`HeadcountBand`, `LegalNature`…) as its label; empty when unknown.
    pub(super) fn label(code: Option<String>, label_of: impl FnOnce(&str) -> Option<&'static str>) -> Self {
        Self::text(code.as_deref().and_then(label_of).map(str::to_owned))
    }

    pub(super) fn date(value: Option<NaiveDate>) -> Self {
        value.map_or(Self::Empty, Self::Date)
    }
}

/// A column: its header, and its width in characters.
pub(super) struct Column {
    pub(super) header: &'static str,
    pub(super) width: f64,
}

pub(super) const fn column(header: &'static str, width: f64) -> Column {
    Column { header, width }
}

/// A list to write: one sheet, a header row, then one row per record.
pub(super) struct Table {
    pub(super) sheet: &'static str,
    pub(super) columns: &'static [Column],
    pub(super) rows: Vec<Vec<Cell>>,
}

impl Table {
    /// The XLSX bytes; `temp_dir`: where the rows wait while the sheet is written.
    pub(super) fn xlsx(&self, temp_dir: &std::path::Path) -> Result<Vec<u8>, XlsxError> {
        let mut book = Workbook::new();
        let header = Format::new().set_bold().set_background_color("#E3E3FD");
        let date = Format::new().set_num_format("dd/mm/yyyy");
        let moment = Format::new().set_num_format("dd/mm/yyyy hh:mm");
        // Row by row, each string written in its cell (no shared-string table): about a
        // quarter faster on a list of names, and the memory of one row. The rows pass
        // through a temporary file (0600, removed once written) in the folder the file goes
        // to, never the system's temporary folder: they hold personal data.
        book.set_tempdir(temp_dir)?;
        let sheet = book.add_worksheet_with_constant_memory()?.set_name(self.sheet)?;
        for (col, column) in (0_u16..).zip(self.columns) {
            sheet.write_string_with_format(0, col, column.header, &header)?;
            sheet.set_column_width(col, column.width)?;
        }
        for (row, cells) in (1_u32..).zip(&self.rows) {
            for (col, cell) in (0_u16..).zip(cells) {
                match cell {
                    Cell::Empty => {}
                    // Typed by someone: written as text, never as a formula.
                    Cell::Text(text) => {
                        sheet.write_string(row, col, text)?;
                    }
                    Cell::Date(day) => {
                        sheet.write_datetime_with_format(row, col, *day, &date)?;
                    }
                    Cell::Moment(at) => {
                        sheet.write_datetime_with_format(row, col, *at, &moment)?;
                    }
                    Cell::Number(n) => {
                        sheet.write_number(row, col, *n)?;
                    }
                }
            }
        }
        let last_col = u16::try_from(self.columns.len().saturating_sub(1)).unwrap_or(u16::MAX);
        let last_row = u32::try_from(self.rows.len()).unwrap_or(u32::MAX);
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofilter(0, 0, last_row, last_col)?;
        // Excel's own level: about a third faster to write than the default 6, for a file
        // some 5 % larger (rust_xlsxwriter's performance notes).
        book.set_zip_compression_level(3);
        book.save_to_buffer()
    }

    pub(super) fn csv(&self) -> Result<Vec<u8>, ::csv::Error> {
        let mut out = "\u{feff}".as_bytes().to_vec();
        {
            let mut writer = ::csv::WriterBuilder::new().delimiter(b';').from_writer(&mut out);
            writer.write_record(self.columns.iter().map(|c| c.header))?;
            for cells in &self.rows {
                writer.write_record(cells.iter().map(|cell| match cell {
                    Cell::Empty => String::new(),
                    Cell::Text(text) => inert_cell(text).into_owned(),
                    Cell::Date(day) => french_date(*day),
                    // With its seconds: the moment reads back as it was stored.
                    Cell::Moment(at) => at.format("%d/%m/%Y %H:%M:%S").to_string(),
                    Cell::Number(n) if n.fract() == 0.0 => format!("{n:.0}"),
                    Cell::Number(n) => fixed_decimal(*n),
                }))?;
            }
            writer.flush()?;
        }
        Ok(out)
    }
}

/// A stored moment (RFC 3339, UTC) as the local date and time a counsellor reads.
pub(super) fn moment(stored: String) -> Cell {
    chrono::DateTime::parse_from_rfc3339(&stored)
        .map_or(Cell::Empty, |m| Cell::Moment(m.with_timezone(&Local).naive_local()))
}
