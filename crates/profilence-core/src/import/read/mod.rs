//! Reading a tracker: xlsx/xlsm (streamed cell by cell), xls, ods (calamine) and csv
//! (UTF-8 or Windows-1252, `;`, `,` or tab, detected). Hostile files are refused with a
//! French message before they can exhaust memory: size, archive expansion, declared
//! range and filled rows are checked as the file is read.
//!
//! `spreadsheet` reads the workbook formats through calamine (and the merged areas of an
//! ods, which calamine does not give); `delimited` reads a CSV.

mod delimited;
mod spreadsheet;

use std::path::Path;

use calamine::{Ods, Reader, Xls, Xlsx, open_workbook};
use chrono::NaiveDateTime;

use super::{Cancel, ImportError};
use delimited::{csv_sheet_name, read_csv};
use spreadsheet::{check_archive, from_range, ods_errors, ods_merges, read_xlsx, to_merges};

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
    /// The cells (bit `i` for column `i`) that hold a merged area's value spread into
    /// them, not a value of their own (`layout::spread_merges`).
    pub spread: u128,
}

impl Row {
    pub fn new(index: u32, cells: Vec<Value>) -> Self {
        Self { index, cells, spread: 0 }
    }

    pub fn get(&self, column: usize) -> &Value {
        self.cells.get(column).unwrap_or(&Value::Empty)
    }

    /// Whether the row holds a value of its own (not only values spread from merged areas)
    /// in one of `columns`.
    pub fn has_own_value_in(&self, columns: impl Fn(usize) -> bool) -> bool {
        self.cells.iter().enumerate().any(|(i, v)| !v.is_empty() && self.spread & (1 << i) == 0 && columns(i))
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

/// The name of an error's variant (`Xlsx`, `Zip`…): what the log keeps of a reader's error,
/// whose words may quote a cell or a sheet's name.
fn variant(error: &dyn std::fmt::Debug) -> String {
    let text = format!("{error:?}");
    text.split(|c: char| !c.is_ascii_alphanumeric() && c != '_').next().unwrap_or_default().to_owned()
}

fn open_error(path: &Path, error: &dyn std::fmt::Debug) -> ImportError {
    if is_password(error) {
        return password(path);
    }
    if is_too_big(error) {
        return too_big(path, None);
    }
    log::warn!("tracker unreadable ({})", variant(error));
    corrupted(path)
}

fn sheet_error(path: &Path, sheet: &str, error: &dyn std::fmt::Debug) -> ImportError {
    if is_too_big(error) {
        return too_big(path, Some(sheet));
    }
    log::warn!("sheet unreadable ({})", variant(error));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_french_numbers() {
        assert_eq!(format_count(200_000), "200\u{202f}000");
        assert_eq!(format_count(12), "12");
    }
}
