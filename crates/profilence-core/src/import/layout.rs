//! Where the table is in a sheet: the header row (even below titles, logos and blank
//! rows, even on two rows under merged group headers), the columns, and which rows are
//! data — blank rows, total and subtotal rows and repeated header rows are skipped and
//! counted. Merged cells give their value to every cell they cover; a row that holds
//! nothing but such spread values is blank.

use super::{
    mapping::{ImportField, normalise_header, recognise, recognise_in_group},
    read::{Row, Sheet, Value},
};
use crate::text::fold;

/// Rows searched for the header.
const HEADER_SEARCH: usize = 30;

#[derive(Debug, Clone)]
pub struct Column {
    /// 0-based column of the sheet.
    pub index: usize,
    /// The header as it reads (with its group, "Entreprise – Ville", on two-row headers).
    pub header: String,
    /// What the header says by itself.
    pub recognised: Option<ImportField>,
}

#[derive(Debug, Clone, Default)]
pub struct Skipped {
    pub blank: u32,
    pub totals: u32,
    pub repeated_headers: u32,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub sheet: String,
    /// 0-based row of the header (the lower one on two-row headers).
    pub header_row: u32,
    pub columns: Vec<Column>,
    /// Indexes into `Sheet::rows` of the data rows.
    pub data: Vec<usize>,
    pub skipped: Skipped,
}

/// Copies each merged area's value into the cells it covers: across for the header rows,
/// down for the body (a company name merged over the rows of its promotions), marking
/// them as spread. Rows of the area that hold nothing else are absent from a sparse read
/// and stay absent: blank, whatever the format.
pub fn spread_merges(sheet: &mut Sheet) {
    for merge in sheet.merges.clone() {
        let Some(source) = sheet.rows.iter().find(|r| r.index == merge.first_row) else { continue };
        let value = source.get(merge.first_column as usize).clone();
        if value.is_empty() {
            continue;
        }
        let first_column = merge.first_column as usize;
        let last_column = (merge.last_column as usize).min(super::read::MAX_COLUMNS - 1);
        for row in sheet.rows.iter_mut().filter(|r| (merge.first_row..=merge.last_row).contains(&r.index)) {
            for column in first_column..=last_column {
                if row.cells.len() <= column {
                    row.cells.resize(column + 1, Value::Empty);
                }
                let source_cell = row.index == merge.first_row && column == first_column;
                if row.cells[column].is_empty() && !source_cell {
                    row.cells[column] = value.clone();
                    row.spread |= 1 << column;
                }
            }
        }
    }
}

fn texts(row: &Row) -> Vec<(usize, String)> {
    row.cells
        .iter()
        .enumerate()
        .filter_map(|(i, v)| match v {
            Value::Text(t) if !t.trim().is_empty() => Some((i, t.trim().to_owned())),
            _ => None,
        })
        .collect()
}

/// How many distinct fields a row's texts name.
fn score(row: &Row) -> usize {
    let mut fields: Vec<ImportField> = texts(row).iter().filter_map(|(_, t)| recognise(t)).collect();
    fields.sort_by_key(|f| f.code());
    fields.dedup();
    fields.len()
}

/// Finds the table of `sheet`; `None` when the sheet holds no row that looks like headers.
pub fn find_table(sheet: &Sheet) -> Option<Table> {
    let candidates = sheet.rows.iter().enumerate().take(HEADER_SEARCH);
    let mut best: Option<(usize, usize)> = None;
    for (position, row) in candidates {
        let s = score(row);
        if s >= 2 && best.is_none_or(|(_, b)| s > b) {
            best = Some((position, s));
        }
    }
    // No recognised header: the first row of three texts or more, for the user to map.
    let position = match best {
        Some((position, _)) => position,
        None => sheet.rows.iter().take(HEADER_SEARCH).position(|r| texts(r).len() >= 3)?,
    };
    let header = &sheet.rows[position];
    // A group row right above ("Candidat" over "Nom", "Prénom"), merged or spread.
    let group = position
        .checked_sub(1)
        .map(|p| &sheet.rows[p])
        .filter(|g| {
            let labels = texts(g);
            g.index + 1 == header.index
                && labels.len() >= 2
                && labels.iter().all(|(_, t)| t.chars().count() <= 40)
                && score(g) < score(header)
        })
        .map(|g| group_labels(g, header));
    let mut columns = Vec::new();
    for (index, text) in texts(header) {
        let group_label = group.as_ref().and_then(|g| g.get(index).cloned().flatten());
        let (header_text, recognised) = match group_label {
            Some(g) if normalise_header(&g) != normalise_header(&text) => {
                (format!("{g} – {text}"), recognise_in_group(&g, &text))
            }
            _ => (text.clone(), recognise(&text)),
        };
        columns.push(Column { index, header: header_text, recognised });
    }
    let header_texts: Vec<String> = texts(header).into_iter().map(|(_, t)| normalise_header(&t)).collect();
    let mut skipped = Skipped::default();
    let mut data = Vec::new();
    let mut previous = header.index;
    for (position, row) in sheet.rows.iter().enumerate().skip(position + 1) {
        // Blank rows are absent from the sparse read: counted from the gaps.
        skipped.blank += row.index.saturating_sub(previous + 1);
        previous = row.index;
        let row_texts: Vec<(usize, String)> = texts(row);
        // Values spread from a merged area above do not make a row: a counsellor's name
        // merged down a block of rows leaves its blank rows blank.
        if !row.has_own_value_in(|i| columns.iter().any(|c| c.index == i)) {
            skipped.blank += 1;
        } else if is_total(row) {
            skipped.totals += 1;
        } else if row_texts.len() >= 2
            // Only a row that starts like the header is compared in full (folding every
            // cell of every row would cost more than reading it).
            && row_texts.first().is_some_and(|(_, t)| header_texts.contains(&normalise_header(t)))
            && row_texts.iter().filter(|(_, t)| header_texts.contains(&normalise_header(t))).count() * 2
                >= header_texts.len().max(2)
        {
            skipped.repeated_headers += 1;
        } else {
            data.push(position);
        }
    }
    Some(Table { sheet: sheet.name.clone(), header_row: header.index, columns, data, skipped })
}

/// For each column of the header, the group label above it (a merged or spread cell).
fn group_labels(group: &Row, header: &Row) -> Vec<Option<String>> {
    let width = header.cells.len().max(group.cells.len());
    let mut labels = Vec::with_capacity(width);
    let mut current: Option<String> = None;
    for i in 0..width {
        match group.get(i) {
            Value::Text(t) if !t.trim().is_empty() => current = Some(t.trim().to_owned()),
            // Without merge information (CSV), a group runs until the next one, but
            // never over a column that has no header.
            _ if header.get(i).is_empty() => current = None,
            _ => {}
        }
        labels.push(current.clone());
    }
    labels
}

/// A total or subtotal row: its first text says so ("Total", "Sous-total", "TOTAL 2024").
fn is_total(row: &Row) -> bool {
    let Some(first) = row.cells.iter().find(|v| !v.is_empty()) else { return false };
    let Value::Text(t) = first else { return false };
    let t = fold(t.trim());
    ["total", "sous-total", "sous total", "s/total", "totaux", "total general", "ensemble", "cumul"]
        .iter()
        .any(|w| t == *w || t.starts_with(&format!("{w} ")) || t.starts_with(&format!("{w}:")))
}

/// The column letters of a 0-based index (0 → A, 27 → AB).
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(index: u32, cells: &[&str]) -> Row {
        Row::new(
            index,
            cells.iter().map(|c| if c.is_empty() { Value::Empty } else { Value::Text((*c).into()) }).collect(),
        )
    }

    #[test]
    fn the_header_is_found_below_titles_and_rows_are_sorted_out() {
        let sheet = Sheet {
            name: "Suivi".into(),
            rows: vec![
                row(0, &["Agence de Quimper — suivi des promotions 2025"]),
                row(2, &["Nom", "Prénom", "Entreprise", "Date promo"]),
                row(3, &["Martin", "Léa", "Kerbrat", "12/03/2025"]),
                row(5, &["Nom", "Prénom", "Entreprise", "Date promo"]),
                row(6, &["Petit", "Hugo", "Kerbrat", "13/03/2025"]),
                row(7, &["Total", "", "", "2"]),
            ],
            merges: Vec::new(),
            declared: None,
            columns_cut: false,
        };
        let table = find_table(&sheet).unwrap();
        assert_eq!(table.header_row, 2);
        assert_eq!(table.data, vec![2, 4]);
        assert_eq!((table.skipped.blank, table.skipped.totals, table.skipped.repeated_headers), (1, 1, 1));
        assert_eq!(
            table.columns.iter().map(|c| c.recognised).collect::<Vec<_>>(),
            vec![
                Some(ImportField::LastName),
                Some(ImportField::FirstName),
                Some(ImportField::CompanyName),
                Some(ImportField::PromotionDate)
            ]
        );
    }

    #[test]
    fn a_group_row_names_the_columns_below_it() {
        let sheet = Sheet {
            name: "S".into(),
            rows: vec![
                row(0, &["Candidat", "", "Entreprise", ""]),
                row(1, &["Nom", "Prénom", "Nom", "Ville"]),
                row(2, &["Martin", "Léa", "Kerbrat", "Quimper"]),
            ],
            merges: Vec::new(),
            declared: None,
            columns_cut: false,
        };
        let table = find_table(&sheet).unwrap();
        let fields: Vec<_> = table.columns.iter().map(|c| c.recognised).collect();
        assert_eq!(
            fields,
            vec![
                Some(ImportField::LastName),
                Some(ImportField::FirstName),
                Some(ImportField::CompanyName),
                Some(ImportField::CompanyCommune)
            ]
        );
        assert_eq!(table.columns[3].header, "Entreprise – Ville");
    }

    #[test]
    fn a_row_holding_only_a_merged_value_spread_down_is_blank() {
        let merge =
            |first_row, last_row| super::super::read::Merge { first_row, first_column: 3, last_row, last_column: 3 };
        let mut sheet = Sheet {
            name: "Suivi".into(),
            rows: vec![
                row(0, &["Nom", "Prénom", "Entreprise", "Conseiller"]),
                row(1, &["Martin", "Léa", "Kerbrat", "Claire Morel"]),
                // Row 2 is empty in the file but inside the merged area D2:D5: absent from
                // the read. Row 3 is read with empty cells, row 4 holds a person.
                row(3, &["", "", "", ""]),
                row(4, &["Petit", "Hugo", "Kerbrat", ""]),
            ],
            merges: vec![merge(1, 4)],
            declared: None,
            columns_cut: false,
        };
        spread_merges(&mut sheet);
        assert_eq!(sheet.rows.len(), 4, "no row is made up for the merged area");
        let hugo = &sheet.rows[3];
        assert_eq!((hugo.get(3), hugo.spread), (&Value::Text("Claire Morel".into()), 1 << 3));
        assert_eq!(sheet.rows[1].spread, 0, "the merged area's own cell is the file's");
        let table = find_table(&sheet).unwrap();
        assert_eq!(table.data, vec![1, 3], "Léa and Hugo");
        assert_eq!(table.skipped.blank, 2, "row 2 (absent) and row 3 (its only value spread)");
    }

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(27), "AB");
    }
}
