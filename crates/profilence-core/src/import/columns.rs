//! How a tracker's sheets map to fields: each sheet's table and header (`layout`), each
//! column's field as the counsellor chose it in the preview, else as remembered for the
//! same headers, else as its header names it (`mapping`); and what the preview says of
//! the sheets (declared sizes, unrecognised tables, two columns for one field).

use crate::store::Conn;

use super::{
    ColumnSource, ImportColumn, ImportKind, ImportOptions, SheetReport,
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
    /// What the file holds, as asked or told by its columns.
    pub(super) kind: ImportKind,
    /// The sheets holding a table, with their mapping.
    pub(super) plans: Vec<SheetPlan<'a>>,
    /// Every sheet read, with or without a table.
    pub(super) reports: Vec<SheetReport>,
    /// The columns of every sheet, those with the same header together.
    pub(super) columns: Vec<ImportColumn>,
    pub(super) warnings: Vec<String>,
}

/// A column's field as the counsellor chose it in this preview, as remembered for the
/// same headers, and as its header names it.
struct Sources<'o> {
    chosen: Option<&'o ColumnChoice>,
    remembered: Option<ColumnChoice>,
    recognised: Option<ImportField>,
}

impl Sources<'_> {
    /// The field of a tracker's column, and where it comes from.
    fn in_tracker(&self) -> (Option<ImportField>, ColumnSource) {
        match (self.chosen, &self.remembered, self.recognised) {
            (Some(c), ..) => (c.field, ColumnSource::Chosen),
            (None, Some(m), _) => (m.field, ColumnSource::Remembered),
            (None, None, Some(f)) => (Some(f), ColumnSource::Recognised),
            (None, None, None) => (None, ColumnSource::Unknown),
        }
    }

    /// The field of a company list's column: only a company's; `named` says another
    /// column names the company.
    fn in_company_list(&self, header: &str, named: bool) -> (Option<ImportField>, ColumnSource) {
        let company = |f: &Option<ImportField>| f.is_none_or(|f| f.entity() == mapping::Entity::Company);
        if let Some(c) = self.chosen {
            return (c.field.filter(|f| f.entity() == mapping::Entity::Company), ColumnSource::Chosen);
        }
        if let Some(m) = self.remembered.as_ref().filter(|m| company(&m.field)) {
            return (m.field, ColumnSource::Remembered);
        }
        match mapping::in_company_list(header, self.recognised, named) {
            Some(field) => (Some(field), ColumnSource::Recognised),
            None => (None, ColumnSource::Unknown),
        }
    }
}

/// Finds each sheet's table, tells what the file holds and maps its columns.
pub(super) fn resolve<'a>(conn: &Conn, book: &'a Workbook, options: &ImportOptions) -> Result<Sheets<'a>> {
    let mut warnings = Vec::new();
    let mut reports = Vec::new();
    let mut tables: Vec<(&Sheet, Table, Vec<Sources<'_>>)> = Vec::new();
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
        let sources = table
            .columns
            .iter()
            .map(|column| {
                let key = normalise_header(&column.header);
                Sources {
                    chosen: options.columns.iter().find(|c| normalise_header(&c.header) == key),
                    remembered: remembered
                        .as_ref()
                        .and_then(|m| m.iter().find(|c| normalise_header(&c.header) == key).cloned()),
                    recognised: column.recognised,
                }
            })
            .collect();
        reports.push(SheetReport {
            name: sheet.name.clone(),
            header_row: table.header_row + 1,
            data_rows: table.data.len() as u32,
            blank_rows: table.skipped.blank,
            total_rows: table.skipped.totals,
            repeated_headers: table.skipped.repeated_headers,
        });
        tables.push((sheet, table, sources));
    }
    let kind = options.kind.unwrap_or_else(|| {
        let fields: Vec<ImportField> =
            tables.iter().flat_map(|(_, _, sources)| sources.iter().filter_map(|s| s.in_tracker().0)).collect();
        if mapping::is_company_list(&fields) { ImportKind::CompanyList } else { ImportKind::Tracker }
    });
    if kind == ImportKind::CompanyList {
        warnings.push(
            "Liste d'entreprises : chaque ligne crée l'entreprise de son SIRET, ou complète et met à jour celle qui \
             l'a déjà (code NAF, effectif, adresse, commune, interlocuteur) ; son nom, ses notes et ses engagements \
             ne changent pas."
                .to_owned(),
        );
    }
    let mut plans = Vec::new();
    let mut columns: Vec<ImportColumn> = Vec::new();
    for (sheet, table, sources) in tables {
        let named = sources.iter().any(|s| matches!(s.recognised, Some(F::CompanyName | F::TradeName)));
        let mut fields = Vec::new();
        for (column, source) in table.columns.iter().zip(&sources) {
            let (field, source) = match kind {
                ImportKind::Tracker => source.in_tracker(),
                ImportKind::CompanyList => source.in_company_list(&column.header, named),
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
            let key = normalise_header(&column.header);
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
            if n > 1 && !JOINED.contains(field) && !SEVERAL.contains(field) {
                warnings.push(format!(
                    "Feuille « {} » : {n} colonnes correspondent à « {} » ; seule la première remplie est lue. \
                     Vérifiez la correspondance des colonnes.",
                    sheet.name,
                    field.label()
                ));
            }
        }
        plans.push(SheetPlan { sheet, table, fields });
    }
    Ok(Sheets { kind, plans, reports, columns, warnings })
}

/// Fields whose columns are joined when several fill them (comments; an address in parts,
/// as SIRENE writes it: number, type and name of the street).
const JOINED: &[ImportField] = &[F::Comment, F::CompanyAddress];
/// Fields a row may give several of, one per column (a candidate's target jobs).
const SEVERAL: &[ImportField] = &[F::TargetJob];

/// Remembers each sheet's mapping for the next file with the same headers.
pub(super) fn remember(conn: &Conn, plans: &[SheetPlan<'_>]) -> Result<()> {
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
