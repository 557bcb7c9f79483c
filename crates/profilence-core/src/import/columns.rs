//! How a tracker's sheets map to fields: each sheet's table and header (`layout`), each
//! column's field as the counsellor chose it in the preview, else as remembered for the
//! same headers, else as its header names it (`mapping`); and what the preview says of
//! the sheets (declared sizes, unrecognised tables, two columns for one field).

use rusqlite::Connection;

use super::{
    ColumnSource, ImportColumn, ImportOptions, SheetReport,
    layout::{self, Table, column_letter},
    mapping::{self, ColumnChoice, ImportField, normalise_header},
    read::{self, Sheet, Value, Workbook},
};
use crate::Result;

use ImportField as F;

/// How a sheet's columns map to fields.
pub(super) struct SheetPlan<'a> {
    pub(super) sheet: &'a Sheet,
    pub(super) table: Table,
    /// (column index, field) for every mapped column.
    pub(super) fields: Vec<(usize, ImportField)>,
}

impl SheetPlan<'_> {
    pub(super) fn maps(&self, field: ImportField) -> bool {
        self.fields.iter().any(|(_, f)| *f == field)
    }
}

/// The sheets of a file as the import reads them.
pub(super) struct Sheets<'a> {
    /// The sheets holding a table, with their mapping.
    pub(super) plans: Vec<SheetPlan<'a>>,
    /// Every sheet read, with or without a table.
    pub(super) reports: Vec<SheetReport>,
    /// The columns of every sheet, those with the same header together.
    pub(super) columns: Vec<ImportColumn>,
    pub(super) warnings: Vec<String>,
}

/// Finds each sheet's table and maps its columns.
pub(super) fn resolve<'a>(conn: &Connection, book: &'a Workbook, options: &ImportOptions) -> Result<Sheets<'a>> {
    let mut warnings = Vec::new();
    let mut reports = Vec::new();
    let mut plans = Vec::new();
    let mut columns: Vec<ImportColumn> = Vec::new();
    for sheet in &book.sheets {
        if let Some((rows, cols)) =
            sheet.declared.filter(|(r, c)| *r > read::MAX_ROWS as u64 || *c > read::MAX_COLUMNS as u64)
        {
            warnings.push(format!(
                "La feuille « {} » déclare {} lignes × {} colonnes : seules les cellules remplies sont lues ({} lignes).",
                sheet.name,
                read::format_count(rows as usize),
                read::format_count(cols as usize),
                read::format_count(sheet.rows.len())
            ));
        }
        if sheet.columns_cut {
            warnings.push(format!(
                "La feuille « {} » a des cellules au-delà de la colonne {} : elles ne sont pas lues.",
                sheet.name,
                column_letter(read::MAX_COLUMNS - 1)
            ));
        }
        let Some(table) = layout::find_table(sheet) else {
            if !sheet.rows.is_empty() || !options.sheets.is_empty() {
                warnings.push(format!(
                    "La feuille « {} » ne contient pas de tableau reconnu : elle est ignorée.",
                    sheet.name
                ));
            }
            reports.push(SheetReport {
                name: sheet.name.clone(),
                header_row: 0,
                data_rows: 0,
                blank_rows: 0,
                total_rows: 0,
                repeated_headers: 0,
            });
            continue;
        };
        let headers: Vec<String> = table.columns.iter().map(|c| c.header.clone()).collect();
        let remembered = mapping::remembered(conn, &headers)?;
        let mut fields = Vec::new();
        for column in &table.columns {
            let key = normalise_header(&column.header);
            let chosen = options.columns.iter().find(|c| normalise_header(&c.header) == key);
            let memory = remembered.as_ref().and_then(|m| m.iter().find(|c| normalise_header(&c.header) == key));
            let (field, source) = match (chosen, memory, column.recognised) {
                (Some(c), ..) => (c.field, ColumnSource::Chosen),
                (None, Some(m), _) => (m.field, ColumnSource::Remembered),
                (None, None, Some(f)) => (Some(f), ColumnSource::Recognised),
                (None, None, None) => (None, ColumnSource::Unknown),
            };
            if let Some(field) = field {
                fields.push((column.index, field));
            }
            let place = format!("{} : {}", sheet.name, column_letter(column.index));
            let samples: Vec<String> = table
                .data
                .iter()
                .map(|&i| sheet.rows[i].get(column.index))
                .filter(|v| !v.is_empty())
                .take(3)
                .map(Value::display)
                .collect();
            match columns.iter_mut().find(|c| normalise_header(&c.header) == key) {
                Some(existing) => existing.places.push(place),
                None => columns.push(ImportColumn {
                    header: column.header.clone(),
                    field,
                    source,
                    places: vec![place],
                    samples,
                }),
            }
        }
        for field in ImportField::ALL {
            let n = fields.iter().filter(|(_, f)| f == field).count();
            if n > 1 && *field != F::Comment {
                warnings.push(format!(
                    "Feuille « {} » : {n} colonnes correspondent à « {} » ; seule la première remplie est lue. \
                     Vérifiez la correspondance des colonnes.",
                    sheet.name,
                    field.label()
                ));
            }
        }
        reports.push(SheetReport {
            name: sheet.name.clone(),
            header_row: table.header_row + 1,
            data_rows: table.data.len() as u32,
            blank_rows: table.skipped.blank,
            total_rows: table.skipped.totals,
            repeated_headers: table.skipped.repeated_headers,
        });
        plans.push(SheetPlan { sheet, table, fields });
    }
    Ok(Sheets { plans, reports, columns, warnings })
}

/// Remembers each sheet's mapping for the next file with the same headers.
pub(super) fn remember(conn: &Connection, plans: &[SheetPlan<'_>]) -> Result<()> {
    for plan in plans {
        let headers: Vec<String> = plan.table.columns.iter().map(|c| c.header.clone()).collect();
        let choices: Vec<ColumnChoice> = plan
            .table
            .columns
            .iter()
            .map(|c| ColumnChoice {
                header: c.header.clone(),
                field: plan.fields.iter().find(|(i, _)| *i == c.index).map(|(_, f)| *f),
            })
            .collect();
        mapping::remember(conn, &headers, &choices)?;
    }
    Ok(())
}
