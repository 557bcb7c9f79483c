//! A CSV tracker: UTF-8 or Windows-1252, `;`, `,` or tab, detected from its start.

use std::path::Path;

use super::{Cancel, ImportError, MAX_COLUMNS, Row, Sheet, Value, file_name, push_row};

pub(super) fn csv_sheet_name(path: &Path) -> String {
    path.file_stem().map_or_else(|| "CSV".to_owned(), |s| s.to_string_lossy().into_owned())
}

/// A CSV file: encoding (UTF-8, else Windows-1252) and separator detected from its start,
/// then read record by record.
pub(super) fn read_csv(path: &Path, cancel: &Cancel) -> Result<Sheet, ImportError> {
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
        let mut row = Row::new(line, Vec::new());
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
}
