//! Reading a tracker: xlsx/xlsm (streamed cell by cell), xls, ods (calamine) and csv
//! (UTF-8 or Windows-1252, `;`, `,` or tab, detected). Hostile files are refused with a
//! French message before they can exhaust memory: size, archive expansion, declared
//! range and filled rows are checked as the file is read.

use std::{
    collections::HashMap,
    fs::File,
    io::{BufReader, Read},
    path::Path,
};

use calamine::{Data, DataRef, Dimensions, Ods, Reader, Xls, Xlsx, open_workbook};
use chrono::NaiveDateTime;

use super::{Cancel, ImportError};

/// Largest file accepted, whatever its format.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Largest expanded size of the parts of an xlsx/ods archive (an archive that expands far
/// beyond its size is a "zip bomb").
const MAX_EXPANDED_BYTES: u64 = 1024 * 1024 * 1024;
/// The shared strings of an xlsx are loaded whole by the reader: bounded before opening.
const MAX_SHARED_STRINGS_BYTES: u64 = 256 * 1024 * 1024;
/// Filled rows read per sheet.
pub const MAX_ROWS: usize = 200_000;
/// Columns read; cells further right are ignored (and said so).
pub const MAX_COLUMNS: usize = 100;

/// One cell as the import sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Number(f64),
    /// A cell the spreadsheet formats as a date (Excel serial already converted).
    Date(NaiveDateTime),
    Bool(bool),
    /// A formula error (`#REF!`, `#DIV/0!`…).
    Error(String),
}

impl Value {
    pub fn is_empty(&self) -> bool {
        match self {
            Self::Empty => true,
            Self::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The value as the spreadsheet would display it, roughly (for reports and headers).
    pub fn display(&self) -> String {
        match self {
            Self::Empty => String::new(),
            Self::Text(t) => t.trim().to_owned(),
            Self::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{n:.0}"),
            Self::Number(n) => n.to_string().replace('.', ","),
            Self::Date(d) if d.time() == chrono::NaiveTime::MIN => d.format("%d/%m/%Y").to_string(),
            Self::Date(d) => d.format("%d/%m/%Y %H:%M").to_string(),
            Self::Bool(true) => "VRAI".to_owned(),
            Self::Bool(false) => "FAUX".to_owned(),
            Self::Error(e) => e.clone(),
        }
    }
}

/// A filled row: its 0-based index in the sheet and its cells from column A.
#[derive(Debug, Clone)]
pub struct Row {
    pub index: u32,
    pub cells: Vec<Value>,
}

impl Row {
    pub fn get(&self, column: usize) -> &Value {
        self.cells.get(column).unwrap_or(&Value::Empty)
    }
}

/// A merged area, 0-based and inclusive.
#[derive(Debug, Clone, Copy)]
pub struct Merge {
    pub first_row: u32,
    pub first_column: u32,
    pub last_row: u32,
    pub last_column: u32,
}

#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    /// Filled rows only, in order.
    pub rows: Vec<Row>,
    pub merges: Vec<Merge>,
    /// Rows × columns the sheet declares (xlsx `dimension`), when it declares them.
    pub declared: Option<(u64, u64)>,
    /// Cells were found beyond `MAX_COLUMNS`.
    pub columns_cut: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Xls,
    Ods,
    Csv,
}

pub fn format_of(path: &Path) -> Result<Format, ImportError> {
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
    match extension.as_str() {
        "xlsx" | "xlsm" => Ok(Format::Xlsx),
        "xls" => Ok(Format::Xls),
        "ods" => Ok(Format::Ods),
        "csv" | "txt" => Ok(Format::Csv),
        "" => Err(ImportError::new(format!(
            "Le fichier « {} » n'a pas d'extension : importez un fichier .xlsx, .xlsm, .xls, .ods ou .csv.",
            file_name(path)
        ))),
        other => Err(ImportError::new(format!(
            "Format .{other} non pris en charge (« {} ») : importez un fichier .xlsx, .xlsm, .xls, .ods ou .csv.",
            file_name(path)
        ))),
    }
}

pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// Checks that the file exists, is a file, and is not too big for an import.
fn check_file(path: &Path) -> Result<u64, ImportError> {
    let meta =
        std::fs::metadata(path).map_err(|_| ImportError::new(format!("Fichier introuvable : {}.", path.display())))?;
    if !meta.is_file() {
        return Err(ImportError::new(format!("« {} » n'est pas un fichier.", path.display())));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(ImportError::new(format!(
            "Le fichier « {} » pèse {} Mo : Profilence importe des tableaux de {} Mo au plus. \
             Enregistrez-le en plusieurs fichiers (par exemple une année ou une feuille par fichier).",
            file_name(path),
            meta.len().div_ceil(1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    if meta.len() == 0 {
        return Err(ImportError::new(format!("Le fichier « {} » est vide.", file_name(path))));
    }
    Ok(meta.len())
}

fn csv_sheet_name(path: &Path) -> String {
    path.file_stem().map_or_else(|| "CSV".to_owned(), |s| s.to_string_lossy().into_owned())
}

/// The sheets of a workbook, read.
pub struct Workbook {
    /// Every sheet of the file, in order (for the sheet picker).
    pub sheet_names: Vec<String>,
    /// The sheets asked for.
    pub sheets: Vec<Sheet>,
}

/// Reads the named sheets (all of them when `names` is empty), opening the file once.
pub fn read(path: &Path, names: &[String], cancel: &Cancel) -> Result<Workbook, ImportError> {
    let format = format_of(path)?;
    check_file(path)?;
    let wanted = |all: &[String]| -> Result<Vec<String>, ImportError> {
        if let Some(missing) = names.iter().find(|n| !all.contains(n)) {
            return Err(ImportError::new(format!(
                "Le fichier « {} » n'a pas de feuille « {missing} » (feuilles : {}).",
                file_name(path),
                all.join(", ")
            )));
        }
        Ok(if names.is_empty() { all.to_vec() } else { names.to_vec() })
    };
    match format {
        Format::Csv => {
            let all = vec![csv_sheet_name(path)];
            wanted(&all)?;
            Ok(Workbook { sheets: vec![read_csv(path, cancel)?], sheet_names: all })
        }
        Format::Xlsx => {
            check_archive(path, true)?;
            let mut book: Xlsx<_> = open_workbook(path).map_err(|e| open_error(path, &e))?;
            let all = book.sheet_names();
            let sheets = read_xlsx(&mut book, path, &wanted(&all)?, cancel)?;
            Ok(Workbook { sheet_names: all, sheets })
        }
        Format::Xls => {
            let mut book: Xls<_> = open_workbook(path).map_err(|e| open_error(path, &e))?;
            let all = book.sheet_names();
            let mut sheets = Vec::new();
            for name in &wanted(&all)? {
                let range = book.worksheet_range(name).map_err(|e| sheet_error(path, name, &e))?;
                let merges = book.merge_cells_by_sheet_name(name).unwrap_or_default();
                sheets.push(from_range(name, &range, to_merges(&merges), cancel)?);
            }
            Ok(Workbook { sheet_names: all, sheets })
        }
        Format::Ods => {
            check_archive(path, false)?;
            let mut book: Ods<_> = open_workbook(path).map_err(|e| open_error(path, &e))?;
            let all = book.sheet_names();
            let names = wanted(&all)?;
            let mut merges = ods_merges(path, &names)?;
            let mut sheets = Vec::new();
            for name in &names {
                let range = book.worksheet_range(name).map_err(|e| sheet_error(path, name, &e))?;
                let mut sheet = from_range(name, &range, merges.remove(name).unwrap_or_default(), cancel)?;
                ods_errors(&mut sheet);
                sheets.push(sheet);
            }
            Ok(Workbook { sheet_names: all, sheets })
        }
    }
}

/// Refuses an archive whose parts expand beyond reason before any of it is parsed.
fn check_archive(path: &Path, xlsx: bool) -> Result<(), ImportError> {
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

fn corrupted(path: &Path) -> ImportError {
    ImportError::new(format!(
        "Le fichier « {} » est endommagé : son contenu ne peut pas être lu comme un classeur. \
         Ouvrez-le dans Excel ou LibreOffice pour le réparer, enregistrez-le, puis importez la copie.",
        file_name(path)
    ))
}

fn password(path: &Path) -> ImportError {
    ImportError::new(format!(
        "Le fichier « {} » est protégé par un mot de passe : ouvrez-le dans Excel ou LibreOffice, \
         enregistrez une copie sans mot de passe, puis importez cette copie.",
        file_name(path)
    ))
}

fn is_password(error: &dyn std::fmt::Debug) -> bool {
    format!("{error:?}").contains("Password")
}

fn is_too_big(error: &dyn std::fmt::Debug) -> bool {
    format!("{error:?}").contains("CellLimitExceeded")
}

/// A sheet the reader refuses to lay out whole (an ods is read whole when opened: the
/// sheet is then not known).
fn too_big(path: &Path, sheet: Option<&str>) -> ImportError {
    let sheet = sheet.map_or_else(|| "Une feuille".to_owned(), |s| format!("La feuille « {s} »"));
    ImportError::new(format!(
        "{sheet} du fichier « {} » est trop grande pour être lue (plus de {} lignes \
         ou des cellules jusqu'au bout de la feuille). Supprimez les lignes et colonnes inutiles, puis réessayez.",
        file_name(path),
        format_count(MAX_ROWS)
    ))
}

fn open_error(path: &Path, error: &dyn std::fmt::Debug) -> ImportError {
    if is_password(error) {
        return password(path);
    }
    if is_too_big(error) {
        return too_big(path, None);
    }
    log::warn!("tracker unreadable: {error:?}");
    corrupted(path)
}

fn sheet_error(path: &Path, sheet: &str, error: &dyn std::fmt::Debug) -> ImportError {
    if is_too_big(error) {
        return too_big(path, Some(sheet));
    }
    let text = format!("{error:?}");
    log::warn!("sheet unreadable: {text}");
    ImportError::new(format!(
        "La feuille « {sheet} » du fichier « {} » est endommagée et ne peut pas être lue.",
        file_name(path)
    ))
}

fn too_many_rows(sheet: &str) -> ImportError {
    ImportError::new(format!(
        "La feuille « {sheet} » contient plus de {} lignes remplies : Profilence en importe {} au plus par \
         feuille. Découpez le tableau (par exemple par année), puis importez chaque partie.",
        format_count(MAX_ROWS),
        format_count(MAX_ROWS)
    ))
}

pub fn format_count(n: usize) -> String {
    crate::text::french_count(n as u64)
}

/// Streams an xlsx sheet cell by cell: memory follows the filled cells, never the
/// declared range (a sheet may declare 1,048,576 × 16,384 for a few filled cells).
fn read_xlsx(
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
            current = Some(Row { index: row, cells: Vec::new() });
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

fn push_row(sheet: &mut Sheet, row: Row) -> Result<(), ImportError> {
    if sheet.rows.len() >= MAX_ROWS {
        return Err(too_many_rows(&sheet.name));
    }
    // Rows come in order in a well-formed sheet; a stray earlier one is merged in place.
    match sheet.rows.last_mut() {
        Some(last) if last.index >= row.index => {
            if let Some(same) = sheet.rows.iter_mut().find(|r| r.index == row.index) {
                for (i, v) in row.cells.into_iter().enumerate().filter(|(_, v)| !v.is_empty()) {
                    if same.cells.len() <= i {
                        same.cells.resize(i + 1, Value::Empty);
                    }
                    same.cells[i] = v;
                }
            } else {
                sheet.rows.push(row);
                sheet.rows.sort_by_key(|r| r.index);
            }
        }
        _ => sheet.rows.push(row),
    }
    Ok(())
}

fn to_merges(dimensions: &[Dimensions]) -> Vec<Merge> {
    dimensions
        .iter()
        .map(|d| Merge { first_row: d.start.0, first_column: d.start.1, last_row: d.end.0, last_column: d.end.1 })
        .collect()
}

/// The merged areas of the named sheets of an ods, which calamine does not give: read
/// from content.xml as a stream, each cell's `number-columns-spanned` ×
/// `number-rows-spanned` at its position (covered cells and repeated rows and columns
/// counted). Cells of tables nested in a cell are not the sheet's.
fn ods_merges(path: &Path, names: &[String]) -> Result<HashMap<String, Vec<Merge>>, ImportError> {
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
        let event = reader.read_event_into(&mut buf).map_err(|e| {
            log::warn!("ods content unreadable: {e}");
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
fn ods_errors(sheet: &mut Sheet) {
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

fn from_range(
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
        let mut row = Row { index: top + offset, cells: Vec::new() };
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

/// A CSV file: encoding (UTF-8, else Windows-1252) and separator detected from its start,
/// then read record by record.
fn read_csv(path: &Path, cancel: &Cancel) -> Result<Sheet, ImportError> {
    let bytes =
        std::fs::read(path).map_err(|e| ImportError::new(format!("Fichier illisible ({}) : {e}.", file_name(path))))?;
    // Line ends as "\n" only: the reader then numbers lines as the spreadsheet does.
    let text = decode(&bytes).replace("\r\n", "\n").replace('\r', "\n");
    let delimiter = char::from(detect_delimiter(&text));
    let mut sheet =
        Sheet { name: csv_sheet_name(path), rows: Vec::new(), merges: Vec::new(), declared: None, columns_cut: false };
    for (read, (line, fields)) in (0_u32..).zip(records(&text, delimiter)) {
        if read.is_multiple_of(4096) {
            cancel.check()?;
        }
        let mut row = Row { index: line, cells: Vec::new() };
        for (column, field) in fields.into_iter().enumerate() {
            if field.trim().is_empty() {
                continue;
            }
            if column >= MAX_COLUMNS {
                sheet.columns_cut = true;
                continue;
            }
            if row.cells.len() <= column {
                row.cells.resize(column + 1, Value::Empty);
            }
            row.cells[column] = Value::Text(field);
        }
        if !row.cells.is_empty() {
            push_row(&mut sheet, row)?;
        }
    }
    Ok(sheet)
}

/// The records of a CSV text with the 0-based line each starts on: fields split on
/// `delimiter` outside double quotes, `""` inside quotes read as one quote, line breaks
/// inside quotes kept in the field.
fn records(text: &str, delimiter: char) -> impl Iterator<Item = (u32, Vec<String>)> + '_ {
    let mut chars = text.chars().peekable();
    let mut line = 0_u32;
    std::iter::from_fn(move || {
        chars.peek()?;
        let start = line;
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        while let Some(c) = chars.next() {
            match c {
                '"' if quoted && chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = !quoted,
                '\n' if !quoted => {
                    line += 1;
                    break;
                }
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                c if c == delimiter && !quoted => fields.push(std::mem::take(&mut field)),
                c => field.push(c),
            }
        }
        fields.push(field);
        Some((start, fields))
    })
}

/// UTF-8 (with or without BOM) when it is valid, else Windows-1252 (Excel's "CSV" on
/// French Windows).
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// The separator that splits the first lines most consistently: `;` (French Excel),
/// `,` or tab.
pub fn detect_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(20).collect();
    let mut best = (b';', 0_usize);
    for delimiter in [b';', b',', b'\t'] {
        let counts: Vec<usize> = lines.iter().map(|l| count_outside_quotes(l, delimiter)).collect();
        let max = counts.iter().copied().max().unwrap_or(0);
        // The most frequent count among lines that use the separator at all.
        let mut frequent = 0;
        let mut support = 0;
        for &c in counts.iter().filter(|c| **c > 0) {
            let n = counts.iter().filter(|x| **x == c).count();
            if n > support || (n == support && c > frequent) {
                support = n;
                frequent = c;
            }
        }
        let score = support * 100 + frequent.min(max);
        if score > best.1 {
            best = (delimiter, score);
        }
    }
    best.0
}

fn count_outside_quotes(line: &str, delimiter: u8) -> usize {
    let mut quoted = false;
    line.bytes()
        .filter(|b| {
            if *b == b'"' {
                quoted = !quoted;
            }
            !quoted && *b == delimiter
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_and_encodings_are_detected() {
        assert_eq!(detect_delimiter("Nom;Prénom;Ville\nMartin;Léa;\"Lyon; 3e\"\n"), b';');
        assert_eq!(detect_delimiter("Nom,Prénom,Ville\nMartin,Léa,\"Lyon; 3e\"\n"), b',');
        assert_eq!(detect_delimiter("Nom\tPrénom\nMartin\tLéa\n"), b'\t');
        assert_eq!(decode(b"\xEF\xBB\xBFPr\xC3\xA9nom"), "Prénom");
        assert_eq!(decode(b"Pr\xE9nom \x80"), "Prénom €");
        let lines: Vec<(u32, Vec<String>)> = records("a;b\n\n\"x\ny\";\"dit \"\"oui\"\"\"\nz", ';').collect();
        assert_eq!(
            lines,
            vec![
                (0, vec!["a".into(), "b".into()]),
                (1, vec![String::new()]),
                (2, vec!["x\ny".into(), "dit \"oui\"".into()]),
                (4, vec!["z".into()]),
            ]
        );
    }

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

    #[test]
    fn counts_read_as_french_numbers() {
        assert_eq!(format_count(200_000), "200\u{202f}000");
        assert_eq!(format_count(12), "12");
    }
}
