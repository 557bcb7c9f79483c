//! The import report saved for the counsellor: every rejected or doubtful row with its
//! sheet, row, column, value and reason, as XLSX (rust_xlsxwriter) or CSV (`;`, UTF-8
//! with BOM, as French Excel opens it).

use std::path::Path;

use rust_xlsxwriter::{Format, Workbook};

use super::{ImportReport, IssueSeverity};
use crate::{Error, Result};

const HEADERS: [&str; 6] = ["Feuille", "Ligne", "Colonne", "Valeur", "Problème", "Suite"];

fn severity(s: IssueSeverity) -> &'static str {
    match s {
        IssueSeverity::Rejected => "Ligne rejetée",
        IssueSeverity::Doubtful => "Importée, à vérifier",
    }
}

/// Writes the report to `path`: XLSX when it ends in `.xlsx`, CSV otherwise.
pub fn save(report: &ImportReport, path: &Path) -> Result<()> {
    let xlsx = path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if xlsx { save_xlsx(report, path) } else { save_csv(report, path) }
}

fn summary(report: &ImportReport) -> Vec<(String, String)> {
    let c = &report.counts;
    vec![
        ("Fichier".into(), report.file.clone()),
        ("Lignes lues".into(), c.rows.to_string()),
        ("Lignes importées".into(), c.imported.to_string()),
        ("dont à vérifier".into(), c.doubtful.to_string()),
        ("Lignes rejetées".into(), c.rejected.to_string()),
        ("Lignes ignorées (vides, totaux, en-têtes répétés)".into(), c.skipped.to_string()),
        ("Candidats créés / mis à jour".into(), format!("{} / {}", c.candidates_created, c.candidates_updated)),
        ("Entreprises créées / mises à jour".into(), format!("{} / {}", c.companies_created, c.companies_updated)),
        ("Promotions créées / mises à jour".into(), format!("{} / {}", c.promotions_created, c.promotions_updated)),
    ]
}

fn save_xlsx(report: &ImportReport, path: &Path) -> Result<()> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let sheet = book.add_worksheet();
    let xl = |e: rust_xlsxwriter::XlsxError| Error::Import(format!("Le rapport n'a pas pu être écrit : {e}."));
    sheet.set_name("Lignes à reprendre").map_err(xl)?;
    for (col, header) in (0_u16..).zip(HEADERS) {
        sheet.write_string_with_format(0, col, header, &bold).map_err(xl)?;
    }
    for (row, issue) in (1_u32..).zip(&report.issues) {
        sheet.write_string(row, 0, &issue.sheet).map_err(xl)?;
        sheet.write_number(row, 1, f64::from(issue.row)).map_err(xl)?;
        sheet.write_string(row, 2, &issue.column).map_err(xl)?;
        sheet.write_string(row, 3, &issue.value).map_err(xl)?;
        sheet.write_string_with_format(row, 4, &issue.reason, &wrap).map_err(xl)?;
        sheet.write_string(row, 5, severity(issue.severity)).map_err(xl)?;
    }
    for (col, width) in [(0, 18.0), (1, 7.0), (2, 26.0), (3, 28.0), (4, 70.0), (5, 20.0)] {
        sheet.set_column_width(col, width).map_err(xl)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(xl)?;
    let totals = book.add_worksheet();
    totals.set_name("Résumé").map_err(xl)?;
    for (row, (label, value)) in (0_u32..).zip(summary(report)) {
        totals.write_string_with_format(row, 0, &label, &bold).map_err(xl)?;
        totals.write_string(row, 1, &value).map_err(xl)?;
    }
    let start = summary(report).len() as u32 + 1;
    for (row, warning) in (start..).zip(&report.warnings) {
        totals.write_string_with_format(row, 0, warning, &wrap).map_err(xl)?;
    }
    totals.set_column_width(0, 60.0).map_err(xl)?;
    totals.set_column_width(1, 40.0).map_err(xl)?;
    book.save(path)
        .map_err(|e| Error::Import(format!("Le rapport n'a pas pu être enregistré ({}) : {e}.", path.display())))?;
    Ok(())
}

fn save_csv(report: &ImportReport, path: &Path) -> Result<()> {
    let mut out = Vec::from(&b"\xEF\xBB\xBF"[..]);
    {
        let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(&mut out);
        let csv_error = |e: csv::Error| Error::Import(format!("Le rapport n'a pas pu être écrit : {e}."));
        writer.write_record(HEADERS).map_err(csv_error)?;
        for issue in &report.issues {
            writer
                .write_record([
                    issue.sheet.as_str(),
                    &issue.row.to_string(),
                    &issue.column,
                    &issue.value,
                    &issue.reason,
                    severity(issue.severity),
                ])
                .map_err(csv_error)?;
        }
        writer.flush().map_err(|e| Error::io(path, e))?;
    }
    std::fs::write(path, out).map_err(|e| Error::io(path, e))
}
