//! The import report saved for the counsellor: every rejected or doubtful row with its
//! sheet, row, column, value and reason, as XLSX (rust_xlsxwriter) or CSV (`;`, UTF-8
//! with BOM, as French Excel opens it). It holds personal data: its first row says so.
//! The values come from someone's spreadsheet: a cell that a spreadsheet would run as a
//! formula (`=`, `+`, `-`, `@`, a tab or a carriage return first) is kept as text — quoted
//! in CSV, flagged as text (« quote prefix ») in XLSX.

use std::path::Path;

use rust_xlsxwriter::{Format, Workbook};

use super::{ImportReport, IssueSeverity};
use crate::{
    Error, Result,
    text::{inert_cell as inert, runs_as_formula},
};

const HEADERS: [&str; 6] = ["Feuille", "Ligne", "Colonne", "Valeur", "Problème", "Suite"];

/// The first row of the report.
pub const PERSONAL_DATA_WARNING: &str = "Données personnelles : ce rapport contient des informations sur des personnes \
     (noms, coordonnées). Ne le transmettez pas et supprimez-le une fois les lignes reprises.";

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
    let text = Format::new().set_quote_prefix();
    let wrapped_text = Format::new().set_text_wrap().set_quote_prefix();
    let red = Format::new().set_bold().set_font_color(rust_xlsxwriter::Color::RGB(0x00C9_191E));
    let sheet = book.add_worksheet();
    let xl = |e: rust_xlsxwriter::XlsxError| Error::Import(format!("Le rapport n'a pas pu être écrit : {e}."));
    // Someone's text: never a formula, even once edited.
    let string = |sheet: &mut rust_xlsxwriter::Worksheet, row: u32, col: u16, value: &str, wrapped: bool| {
        let format = match (runs_as_formula(value), wrapped) {
            (true, true) => &wrapped_text,
            (true, false) => &text,
            (false, true) => &wrap,
            (false, false) => return sheet.write_string(row, col, value).map(|_| ()).map_err(xl),
        };
        sheet.write_string_with_format(row, col, value, format).map(|_| ()).map_err(xl)
    };
    sheet.set_name("Lignes à reprendre").map_err(xl)?;
    sheet.write_string_with_format(0, 0, PERSONAL_DATA_WARNING, &red).map_err(xl)?;
    for (col, header) in (0_u16..).zip(HEADERS) {
        sheet.write_string_with_format(1, col, header, &bold).map_err(xl)?;
    }
    for (row, issue) in (2_u32..).zip(&report.issues) {
        string(sheet, row, 0, &issue.sheet, false)?;
        sheet.write_number(row, 1, f64::from(issue.row)).map_err(xl)?;
        string(sheet, row, 2, &issue.column, false)?;
        string(sheet, row, 3, &issue.value, false)?;
        string(sheet, row, 4, &issue.reason, true)?;
        sheet.write_string(row, 5, severity(issue.severity)).map_err(xl)?;
    }
    for (col, width) in [(0, 18.0), (1, 7.0), (2, 26.0), (3, 28.0), (4, 70.0), (5, 20.0)] {
        sheet.set_column_width(col, width).map_err(xl)?;
    }
    sheet.set_freeze_panes(2, 0).map_err(xl)?;
    let totals = book.add_worksheet();
    totals.set_name("Résumé").map_err(xl)?;
    totals.write_string_with_format(0, 0, PERSONAL_DATA_WARNING, &red).map_err(xl)?;
    for (row, (label, value)) in (1_u32..).zip(summary(report)) {
        totals.write_string_with_format(row, 0, &label, &bold).map_err(xl)?;
        string(totals, row, 1, &value, false)?;
    }
    let start = summary(report).len() as u32 + 2;
    for (row, warning) in (start..).zip(&report.warnings) {
        string(totals, row, 0, warning, true)?;
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
        writer.write_record([PERSONAL_DATA_WARNING, "", "", "", "", ""]).map_err(csv_error)?;
        writer.write_record(HEADERS).map_err(csv_error)?;
        for issue in &report.issues {
            writer
                .write_record([
                    inert(&issue.sheet).as_ref(),
                    &issue.row.to_string(),
                    &inert(&issue.column),
                    &inert(&issue.value),
                    &inert(&issue.reason),
                    severity(issue.severity),
                ])
                .map_err(csv_error)?;
        }
        writer.flush().map_err(|e| Error::io(path, e))?;
    }
    std::fs::write(path, out).map_err(|e| Error::io(path, e))
}
