//! The workbook formats, through calamine: xlsx streamed cell by cell, xls and ods as
//! ranges; their merged areas; formula errors as the file shows them.

use std::{
    collections::HashMap,
    fs::File,
    io::{BufReader, Read},
    path::Path,
};

use calamine::{Data, DataRef, Dimensions, Xlsx, open_workbook};
use chrono::NaiveDateTime;

use super::{
    Cancel, ImportError, MAX_COLUMNS, MAX_EXPANDED_BYTES, MAX_SHARED_STRINGS_BYTES, Merge, Row, Sheet, Value,
    corrupted, file_name, push_row, sheet_error,
};

/// Refuses an archive whose parts expand beyond reason before any of it is parsed.
pub(super) fn check_archive(path: &Path, xlsx: bool) -> Result<(), ImportError> {
    let file =
        File::open(path).map_err(|e| ImportError::new(format!("Fichier illisible ({}) : {e}.", file_name(path))))?;
    let mut archive = match zip::ZipArchive::new(BufReader::new(file)) {
        Ok(archive) => archive,
        // Not a zip: an encrypted xlsx is an OLE container; calamine recognises it.
        Err(_) if xlsx && is_ole(path) => return Ok(()),
        Err(_) => return Err(corrupted(path)),
    };
    let mut expanded = 0_u64;
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(|_| corrupted(path))?;
        expanded = expanded.saturating_add(entry.size());
        let is_strings = entry.name().is_ok_and(|n| n.ends_with("sharedStrings.xml"));
        // The bound passed, named in the message.
        let passed = if is_strings && entry.size() > MAX_SHARED_STRINGS_BYTES {
            Some(MAX_SHARED_STRINGS_BYTES)
        } else {
            (expanded > MAX_EXPANDED_BYTES).then_some(MAX_EXPANDED_BYTES)
        };
        if let Some(bound) = passed {
            return Err(ImportError::new(format!(
                "Le fichier « {} » se décompresse en plus de {} Mo : ce n'est pas un tableau de suivi \
                 ordinaire (archive anormale), il n'est pas importé.",
                file_name(path),
                bound / (1024 * 1024)
            )));
        }
    }
    Ok(())
}

/// OLE compound files (xls, and password-protected xlsx) start with this signature.
fn is_ole(path: &Path) -> bool {
    let mut head = [0_u8; 8];
    File::open(path).and_then(|mut f| f.read_exact(&mut head)).is_ok()
        && head == [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
}

/// Streams an xlsx sheet cell by cell: memory follows the filled cells, never the
/// declared range (a sheet may declare 1,048,576 × 16,384 for a few filled cells).
pub(super) fn read_xlsx(
    book: &mut Xlsx<BufReader<File>>,
    path: &Path,
    names: &[String],
    cancel: &Cancel,
) -> Result<Vec<Sheet>, ImportError> {
    let mut sheets = Vec::new();
    for name in names {
        // The merged areas follow the cells in the sheet's XML: calamine reads them in a
        // pass of their own, here on a second thread while this one reads the cells.
        let (mut sheet, merges) = std::thread::scope(|scope| {
            let merges = scope.spawn(|| {
                open_workbook::<Xlsx<_>, _>(path).ok().and_then(|mut b| b.merge_cells_by_sheet_name(name).ok())
            });
            let sheet = read_xlsx_cells(book, path, name, cancel);
            (sheet, merges.join().ok().flatten().unwrap_or_default())
        });
        if let Ok(sheet) = &mut sheet {
            sheet.merges = to_merges(&merges);
        }
        sheets.push(sheet?);
    }
    Ok(sheets)
}

fn read_xlsx_cells(
    book: &mut Xlsx<BufReader<File>>,
    path: &Path,
    name: &str,
    cancel: &Cancel,
) -> Result<Sheet, ImportError> {
    let mut reader = book.worksheet_cells_reader(name).map_err(|e| sheet_error(path, name, &e))?;
    let d = reader.dimensions();
    let declared = (d.end != (0, 0) || d.start != (0, 0))
        .then(|| (u64::from(d.end.0) - u64::from(d.start.0) + 1, u64::from(d.end.1) - u64::from(d.start.1) + 1));
    let mut sheet = Sheet { name: name.to_owned(), rows: Vec::new(), merges: Vec::new(), declared, columns_cut: false };
    let mut current: Option<Row> = None;
    let mut cells_seen = 0_u64;
    while let Some(cell) = reader.next_cell().map_err(|e| sheet_error(path, name, &e))? {
        cells_seen += 1;
        if cells_seen.is_multiple_of(65_536) {
            cancel.check()?;
        }
        let (row, column) = cell.get_position();
        let value = from_data_ref(cell.get_value());
        if value.is_empty() {
            continue;
        }
        let column = column as usize;
        if column >= MAX_COLUMNS {
            sheet.columns_cut = true;
            continue;
        }
        if current.as_ref().is_none_or(|r| r.index != row) {
            if let Some(done) = current.take() {
                push_row(&mut sheet, done)?;
            }
            current = Some(Row::new(row, Vec::new()));
        }
        if let Some(r) = current.as_mut() {
            if r.cells.len() <= column {
                r.cells.resize(column + 1, Value::Empty);
            }
            r.cells[column] = value;
        }
    }
    if let Some(done) = current.take() {
        push_row(&mut sheet, done)?;
    }
    Ok(sheet)
}

pub(super) fn to_merges(dimensions: &[Dimensions]) -> Vec<Merge> {
    dimensions
        .iter()
        .map(|d| Merge { first_row: d.start.0, first_column: d.start.1, last_row: d.end.0, last_column: d.end.1 })
        .collect()
}

/// The merged areas of the named sheets of an ods, which calamine does not give: read
/// from content.xml as a stream, each cell's `number-columns-spanned` ×
/// `number-rows-spanned` at its position (covered cells and repeated rows and columns
/// counted). Cells of tables nested in a cell are not the sheet's.
pub(super) fn ods_merges(path: &Path, names: &[String]) -> Result<HashMap<String, Vec<Merge>>, ImportError> {
    use quick_xml::events::{BytesStart, Event};

    fn number(e: &BytesStart<'_>, attribute: &str) -> u32 {
        e.try_get_attribute(attribute).ok().flatten().and_then(|a| a.value.parse().ok()).map_or(1, |n: u32| n.max(1))
    }

    let file =
        File::open(path).map_err(|e| ImportError::new(format!("Fichier illisible ({}) : {e}.", file_name(path))))?;
    let mut archive = zip::ZipArchive::new(BufReader::new(file)).map_err(|_| corrupted(path))?;
    let content = archive.by_name("content.xml").map_err(|_| corrupted(path))?;
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(content));
    reader.config_mut().check_end_names = false;
    let mut merges: HashMap<String, Vec<Merge>> = HashMap::new();
    // The wanted sheet being read, how deep in tables the reader is, where it is.
    let mut sheet: Option<String> = None;
    let mut depth = 0_u32;
    let (mut row, mut rows_repeated, mut column) = (0_u32, 1_u32, 0_u32);
    let mut buf = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|_| {
            // The XML reader's words may quote the content: its position only.
            log::warn!("ods content unreadable at byte {}", reader.error_position());
            corrupted(path)
        })?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) if e.name().as_ref() == "table:table" => {
                depth += 1;
                if depth == 1 {
                    // Unescaped as calamine does, to match its sheet names.
                    let name = e
                        .try_get_attribute("table:name")
                        .ok()
                        .flatten()
                        .and_then(|a| quick_xml::escape::unescape(&a.value).ok().map(|n| n.into_owned()));
                    sheet = name.filter(|n| names.contains(n));
                    row = 0;
                }
            }
            Event::End(e) if e.name().as_ref() == "table:table" => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    sheet = None;
                }
            }
            Event::Start(e) | Event::Empty(e) if depth == 1 && e.name().as_ref() == "table:table-row" => {
                rows_repeated = number(&e, "table:number-rows-repeated");
                column = 0;
                if empty {
                    row = row.saturating_add(rows_repeated);
                }
            }
            Event::End(e) if depth == 1 && e.name().as_ref() == "table:table-row" => {
                row = row.saturating_add(rows_repeated);
            }
            Event::Start(e) | Event::Empty(e)
                if depth == 1 && matches!(e.name().as_ref(), "table:table-cell" | "table:covered-table-cell") =>
            {
                let (columns, rows) =
                    (number(&e, "table:number-columns-spanned"), number(&e, "table:number-rows-spanned"));
                if let Some(name) = &sheet
                    && (columns > 1 || rows > 1)
                    && (column as usize) < MAX_COLUMNS
                {
                    merges.entry(name.clone()).or_default().push(Merge {
                        first_row: row,
                        first_column: column,
                        last_row: row.saturating_add(rows - 1),
                        last_column: column.saturating_add(columns - 1),
                    });
                }
                column = column.saturating_add(number(&e, "table:number-columns-repeated"));
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(merges)
}

/// LibreOffice saves a formula error as a string cell marked `calcext:value-type="error"`,
/// which calamine reads as its text: the error codes are errors again.
pub(super) fn ods_errors(sheet: &mut Sheet) {
    const CODES: [&str; 7] = ["#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"];
    for cell in sheet.rows.iter_mut().flat_map(|r| r.cells.iter_mut()) {
        if let Value::Text(t) = cell
            && (CODES.contains(&t.as_str())
                || t.strip_prefix("Err:").is_some_and(|n| n.len() == 3 && n.bytes().all(|b| b.is_ascii_digit())))
        {
            *cell = Value::Error(std::mem::take(t));
        }
    }
}

pub(super) fn from_range(
    name: &str,
    range: &calamine::Range<Data>,
    merges: Vec<Merge>,
    cancel: &Cancel,
) -> Result<Sheet, ImportError> {
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut sheet = Sheet { name: name.to_owned(), rows: Vec::new(), merges, declared: None, columns_cut: false };
    for (offset, cells) in (0_u32..).zip(range.rows()) {
        if offset.is_multiple_of(4096) {
            cancel.check()?;
        }
        let mut row = Row::new(top + offset, Vec::new());
        for (i, data) in cells.iter().enumerate() {
            let value = from_data(data);
            if value.is_empty() {
                continue;
            }
            let column = left as usize + i;
            if column >= MAX_COLUMNS {
                sheet.columns_cut = true;
                continue;
            }
            if row.cells.len() <= column {
                row.cells.resize(column + 1, Value::Empty);
            }
            row.cells[column] = value;
        }
        if !row.cells.is_empty() {
            push_row(&mut sheet, row)?;
        }
    }
    Ok(sheet)
}

fn from_data(data: &Data) -> Value {
    match data {
        Data::Empty => Value::Empty,
        Data::String(s) => Value::Text(s.clone()),
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(d) => d.as_datetime().map_or(Value::Number(d.as_f64()), Value::Date),
        Data::DateTimeIso(s) | Data::DurationIso(s) => iso(s),
        Data::Error(e) => Value::Error(e.to_string()),
    }
}

fn from_data_ref(data: &DataRef<'_>) -> Value {
    match data {
        DataRef::Empty => Value::Empty,
        DataRef::String(s) => Value::Text(s.clone()),
        DataRef::SharedString(s) => Value::Text((*s).to_owned()),
        DataRef::Int(i) => Value::Number(*i as f64),
        DataRef::Float(f) => Value::Number(*f),
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::DateTime(d) => d.as_datetime().map_or(Value::Number(d.as_f64()), Value::Date),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => iso(s),
        DataRef::Error(e) => Value::Error(e.to_string()),
    }
}

fn iso(text: &str) -> Value {
    let date = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S").ok().or_else(|| {
        chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().map(|d| d.and_time(chrono::NaiveTime::MIN))
    });
    date.map_or_else(|| Value::Text(text.to_owned()), Value::Date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ods_merges_count_covered_and_repeated_cells() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/import/fusions.ods");
        let merges = ods_merges(&path, &["Suivi 2026".to_owned()]).unwrap();
        assert_eq!(merges.len(), 1, "only the sheets asked for");
        let areas: Vec<_> =
            merges["Suivi 2026"].iter().map(|m| (m.first_row, m.first_column, m.last_row, m.last_column)).collect();
        // A1:C1, D1:F1, G1:H1 over the header; D3:D5, E3:E5, F3:F5 down the body.
        assert_eq!(areas, [(0, 0, 0, 2), (0, 3, 0, 5), (0, 6, 0, 7), (2, 3, 4, 3), (2, 4, 4, 4), (2, 5, 4, 5)]);
    }
}
