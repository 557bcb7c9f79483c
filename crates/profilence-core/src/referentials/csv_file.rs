//! One referential CSV file: decoded (UTF-8, or Windows-1252 as some official ROME files
//! have shipped), its header checked, its rows read by column name. Every problem names
//! the file, the line and the column.

use std::{collections::HashMap, path::Path};

use crate::{Error, Result};

pub(crate) struct CsvFile {
    name: String,
    columns: HashMap<String, usize>,
    rows: Vec<csv::StringRecord>,
}

/// One data row, read by column name; `line` is its line number in the file.
pub(crate) struct CsvRow<'a> {
    file: &'a CsvFile,
    record: &'a csv::StringRecord,
    pub line: usize,
}

impl CsvFile {
    /// Reads `path` whole and checks that every column of `required` is in its header.
    pub fn open(path: &Path, required: &[&str]) -> Result<Self> {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(not_utf8) => encoding_rs::WINDOWS_1252.decode(not_utf8.as_bytes()).0.into_owned(),
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(text.as_bytes());
        let header = reader.headers().map_err(|e| malformed(&name, &e))?.clone();
        let columns: HashMap<String, usize> =
            header.iter().enumerate().map(|(i, column)| (column.trim().to_owned(), i)).collect();
        if let Some(missing) = required.iter().find(|column| !columns.contains_key(**column)) {
            return Err(Error::Referential(format!(
                "Fichier {name} : la colonne « {missing} » est absente de l'en-tête (colonnes trouvées : {}).",
                header.iter().collect::<Vec<_>>().join(", ")
            )));
        }
        let rows = reader.records().collect::<std::result::Result<Vec<_>, _>>().map_err(|e| malformed(&name, &e))?;
        if rows.is_empty() {
            return Err(Error::Referential(format!("Fichier {name} : aucune ligne de données.")));
        }
        Ok(Self { name, columns, rows })
    }

    pub fn rows(&self) -> impl Iterator<Item = CsvRow<'_>> {
        self.rows.iter().enumerate().map(|(index, record)| CsvRow { file: self, record, line: index + 2 })
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }
}

impl<'a> CsvRow<'a> {
    /// The trimmed value of `column` (checked to exist when the file was opened).
    pub fn get(&self, column: &str) -> &'a str {
        self.file.columns.get(column).and_then(|&i| self.record.get(i)).map(str::trim).unwrap_or("")
    }

    /// A value that must be present.
    pub fn required(&self, column: &str) -> Result<&'a str> {
        match self.get(column) {
            "" => Err(self.error(column, "valeur manquante")),
            value => Ok(value),
        }
    }

    /// A ROME `code_ogr` or other whole number.
    pub fn number(&self, column: &str) -> Result<i64> {
        let value = self.required(column)?;
        value.parse().map_err(|_| self.error(column, &format!("« {value} » n'est pas un nombre entier")))
    }

    /// A ROME job sheet code: a letter from A to N and four digits (`D1102`).
    pub fn rome_code(&self, column: &str) -> Result<&'a str> {
        let value = self.required(column)?;
        if is_rome_code(value) {
            Ok(value)
        } else {
            Err(self.error(column, &format!("« {value} » n'est pas un code ROME (une lettre et quatre chiffres)")))
        }
    }

    pub fn error(&self, column: &str, problem: &str) -> Error {
        Error::Referential(format!(
            "Fichier {}, ligne {}, colonne « {column} » : {problem}.",
            self.file.name, self.line
        ))
    }
}

pub(crate) fn is_rome_code(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.len() == 5 && (b'A'..=b'N').contains(&bytes[0]) && bytes[1..].iter().all(u8::is_ascii_digit)
}

/// A NAF rév. 2 code at any level: `10`, `10.7`, `10.71`, `10.71C`.
pub fn is_naf_code(code: &str) -> bool {
    let b = code.as_bytes();
    let digits = |range: std::ops::Range<usize>| b[range].iter().all(u8::is_ascii_digit);
    match b.len() {
        2 => digits(0..2),
        4 | 5 => digits(0..2) && b[2] == b'.' && digits(3..b.len()),
        6 => digits(0..2) && b[2] == b'.' && digits(3..5) && b[5].is_ascii_uppercase(),
        _ => false,
    }
}

fn malformed(name: &str, error: &csv::Error) -> Error {
    let line = error.position().map(|p| format!(", ligne {}", p.line())).unwrap_or_default();
    let problem = match error.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("{len} colonnes au lieu de {expected_len}")
        }
        _ => error.to_string(),
    };
    Error::Referential(format!("Fichier {name}{line} : ligne mal formée ({problem})."))
}
