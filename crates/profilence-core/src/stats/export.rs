//! Exports of a dashboard as it is shown: XLSX (real dates and numbers, one sheet per
//! table, the definitions), CSV (French spreadsheet conventions) or a PDF report
//! (`report`: the dashboard's page, then the six-month figures and the comparisons). Figures only: no candidate's name leaves the app this way. A new format is
//! one more `ExportFormat` and its writer beside these.

use std::path::{Path, PathBuf};

use crate::store::Conn;
use chrono::{DateTime, Local};
use rusqlite::OptionalExtension;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Dashboard, StatsQuery, dashboard, definitions, indicators::IndicatorValue};
use crate::{
    Database, Error, Result,
    journal::{self, Action, Subject},
    settings,
    text::{fixed_decimal, french_date, french_moment},
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ExportFormat {
    Xlsx,
    Csv,
    Pdf,
}

impl ExportFormat {
    fn extension(self) -> &'static str {
        match self {
            Self::Xlsx => "xlsx",
            Self::Csv => "csv",
            Self::Pdf => "pdf",
        }
    }
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExportInput {
    pub query: StatsQuery,
    pub format: ExportFormat,
    /// The folder the file goes to (it must exist).
    pub folder: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExportSummary {
    /// The file written (never one that existed before).
    pub path: String,
    pub format: ExportFormat,
}

/// Where the last export went.
const FOLDER_KEY: &str = "stats_export_folder";

/// The folder offered for exports: the last one used, else the user's documents, else home.
pub fn export_folder(conn: &Conn) -> Result<String> {
    let last: Option<String> =
        conn.query_row("SELECT value FROM app_meta WHERE key = ?1", [FOLDER_KEY], |r| r.get(0)).optional()?;
    Ok(last
        .filter(|f| Path::new(f).is_dir())
        .or_else(|| dirs::document_dir().filter(|d| d.is_dir()).map(|d| d.display().to_string()))
        .or_else(|| dirs::home_dir().map(|d| d.display().to_string()))
        .unwrap_or_default())
}

/// The columns of the trend and of the companies, in the XLSX and the CSV.
const TREND_COLUMNS: [&str; 7] = ["Du", "Au", "Période", "Promotions", "Réponses", "Entretiens", "Embauches"];
const COMPANY_COLUMNS: [&str; 5] = ["Rang", "Entreprise", "Promotions", "Réponses", "Embauches"];
/// The columns of the never promoted's trend and of a table of profiles (after its first).
const NEVER_COLUMNS: [&str; 5] = ["Au", "Mois", "Vivier consentant", "Jamais promus", "Part jamais promue"];
const PROFILE_COLUMNS: [&str; 7] =
    ["Vivier", "Promus", "Part promue", "Promotions", "Entretiens", "Taux d'entretien", "Embauches"];

/// The filters in words: (what, chosen).
fn filters(conn: &Conn, query: &StatsQuery) -> Result<Vec<(&'static str, String)>> {
    let all = |v: &Option<String>, none: &str| {
        v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map_or_else(|| none.to_owned(), str::to_owned)
    };
    let domain = match query.domain.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(code) => {
            let label: Option<String> =
                conn.query_row("SELECT label FROM rome_domains WHERE code = ?1", [code], |r| r.get(0)).optional()?;
            label.map_or_else(|| code.to_owned(), |l| format!("{code} — {l}"))
        }
        None => "Tous".to_owned(),
    };
    let publics = if query.publics.is_empty() {
        "Tous".to_owned()
    } else {
        query.publics.iter().map(|p| p.label()).collect::<Vec<_>>().join(", ")
    };
    Ok(vec![
        ("Conseiller", all(&query.counsellor, "Tous")),
        ("Agence ou équipe", all(&query.agency, "Toutes")),
        ("Domaine de métier", domain),
        ("Publics", publics),
        ("Canal", query.channel.map_or_else(|| "Tous".to_owned(), |c| c.label().to_owned())),
        (
            query.territory_of.department_filter_label(),
            super::territory::department_filter(query.department.as_deref()),
        ),
        (query.territory_of.commune_filter_label(), super::territory::commune_filter(conn, query.commune.as_deref())?),
        // The comparisons by department and commune are in every export: which place they read.
        ("Territoire", query.territory_of.label().to_owned()),
    ])
}

/// Writes the dashboard of `input.query` at `now` to a new file of `input.folder` and
/// remembers the folder. Nothing is left behind when it fails.
pub fn export(db: &Database, input: &ExportInput, now: DateTime<Local>) -> Result<ExportSummary> {
    let folder = PathBuf::from(input.folder.trim());
    if input.folder.trim().is_empty() {
        return Err(Error::field("folder", "Choisissez le dossier où enregistrer le fichier."));
    }
    if !folder.is_dir() {
        return Err(Error::field("folder", format!("Le dossier « {} » n'existe pas.", folder.display())));
    }
    // Every comparison table, whichever the window shows.
    let dashboard = dashboard(db, &StatsQuery { compare_by: None, ..input.query.clone() }, now)?;
    let (filters, settings) = db.read(|c| Ok((filters(c, &input.query)?, settings::promotion_settings(c)?)))?;
    let definitions = definitions(settings.reminder_days, settings.no_answer_days);
    let bytes = match input.format {
        ExportFormat::Xlsx => xlsx(&dashboard, &filters, &definitions, now)
            .map_err(|e| Error::Invariant(format!("Le fichier XLSX n'a pas pu être composé : {e}")))?,
        ExportFormat::Csv => csv(&dashboard, &filters, now)
            .map_err(|e| Error::Invariant(format!("Le fichier CSV n'a pas pu être composé : {e}")))?,
        ExportFormat::Pdf => super::report::report(&dashboard, &filters, now)
            .map_err(|e| Error::Invariant(format!("Le rapport PDF n'a pas pu être composé : {e}")))?,
    };
    let stem = format!("tableau-de-bord_{}_{}", dashboard.period.from, dashboard.period.to);
    let path = free_name(&folder, &stem, input.format.extension());
    let temporary = folder.join(format!(".{stem}.{}.part", std::process::id()));
    std::fs::write(&temporary, &bytes).map_err(|e| Error::io(&temporary, e))?;
    if let Err(e) = std::fs::rename(&temporary, &path) {
        let _ = std::fs::remove_file(&temporary);
        return Err(Error::io(&path, e));
    }
    db.write(|tx| {
        tx.execute(
            "INSERT INTO app_meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [FOLDER_KEY, &folder.display().to_string()],
        )?;
        journal::record(
            tx,
            Action::Export,
            Subject::Database,
            &format!(
                "Tableau de bord ({}), du {} au {}",
                input.format.extension(),
                dashboard.period.from,
                dashboard.period.to
            ),
        )
    })?;
    log::info!("dashboard exported as {}", input.format.extension());
    Ok(ExportSummary { path: path.display().to_string(), format: input.format })
}

/// `stem.ext` in `folder`, or `stem (2).ext`, `stem (3).ext`… when taken.
fn free_name(folder: &Path, stem: &str, extension: &str) -> PathBuf {
    let mut path = folder.join(format!("{stem}.{extension}"));
    let mut n = 2;
    while path.exists() {
        path = folder.join(format!("{stem} ({n}).{extension}"));
        n += 1;
    }
    path
}

fn xlsx(
    d: &Dashboard,
    filters: &[(&str, String)],
    definitions: &[super::Definition],
    now: DateTime<Local>,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let header = Format::new().set_bold().set_background_color("#E3E3FD");
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let moment = Format::new().set_num_format("dd/mm/yyyy hh:mm");
    let count = Format::new().set_num_format("0");
    let rate = Format::new().set_num_format("0.0%");
    let days = Format::new().set_num_format("0.0");
    let wrap = Format::new().set_text_wrap();
    let headers = |sheet: &mut Worksheet, row: u32, names: &[&str]| -> Result<(), XlsxError> {
        for (col, name) in names.iter().enumerate() {
            sheet.write_string_with_format(row, col as u16, *name, &header)?;
        }
        Ok(())
    };

    let sheet = book.add_worksheet().set_name("Tableau de bord")?;
    sheet.write_string_with_format(0, 0, "Tableau de bord Profilence", &bold)?;
    sheet.write_string(1, 0, "Période")?;
    sheet.write_string(1, 1, &d.period.label)?;
    sheet.write_string(2, 0, "Du")?;
    sheet.write_datetime_with_format(2, 1, d.period.from, &date)?;
    sheet.write_string(3, 0, "Au")?;
    sheet.write_datetime_with_format(3, 1, d.period.to, &date)?;
    let mut row = 4;
    for (what, chosen) in filters {
        sheet.write_string(row, 0, *what)?;
        sheet.write_string(row, 1, chosen)?;
        row += 1;
    }
    sheet.write_string(row, 0, "Calculé le")?;
    sheet.write_datetime_with_format(row, 1, now.naive_local(), &moment)?;
    row += 2;
    headers(sheet, row, &["Indicateur", "Valeur"])?;
    for indicator in &d.rows {
        row += 1;
        sheet.write_string(row, 0, &indicator.label)?;
        match indicator.value {
            IndicatorValue::Count(n) => sheet.write_number_with_format(row, 1, n, &count)?,
            IndicatorValue::Rate(Some(r)) => sheet.write_number_with_format(row, 1, r, &rate)?,
            IndicatorValue::Days(Some(n)) => sheet.write_number_with_format(row, 1, n, &days)?,
            IndicatorValue::Rate(None) | IndicatorValue::Days(None) => sheet,
        };
    }
    sheet.set_column_width(0, 44)?;
    sheet.set_column_width(1, 36)?;

    let sheet = book.add_worksheet().set_name("Évolution")?;
    headers(sheet, 0, &TREND_COLUMNS)?;
    for (i, point) in d.trend.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_datetime_with_format(row, 0, point.from, &date)?;
        sheet.write_datetime_with_format(row, 1, point.to, &date)?;
        sheet.write_string(row, 2, &point.label)?;
        for (col, n) in [point.promotions, point.answered, point.interviews, point.hires].into_iter().enumerate() {
            sheet.write_number_with_format(row, col as u16 + 3, n, &count)?;
        }
    }
    sheet.set_column_width(0, 12)?.set_column_width(1, 12)?.set_column_width(2, 16)?;

    let sheet = book.add_worksheet().set_name("Entreprises")?;
    headers(sheet, 0, &COMPANY_COLUMNS)?;
    for (i, company) in d.top_companies.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_number_with_format(row, 0, row, &count)?;
        sheet.write_string(row, 1, &company.name)?;
        for (col, n) in [company.promotions, company.answered, company.hires].into_iter().enumerate() {
            sheet.write_number_with_format(row, col as u16 + 2, n, &count)?;
        }
    }
    sheet.set_column_width(1, 40)?;

    let sheet = book.add_worksheet().set_name("Motifs de refus")?;
    headers(sheet, 0, &["Motif", "Refus de l'employeur", "Non retenus", "Total"])?;
    for (i, reason) in d.refusals.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, &reason.label)?;
        for (col, n) in
            [reason.refused, reason.not_retained, reason.refused + reason.not_retained].into_iter().enumerate()
        {
            sheet.write_number_with_format(row, col as u16 + 1, n, &count)?;
        }
    }
    sheet.set_column_width(0, 32)?.set_column_width(1, 20)?.set_column_width(2, 14)?;

    let sheet = book.add_worksheet().set_name("Jamais promus")?;
    headers(sheet, 0, &NEVER_COLUMNS)?;
    for (i, point) in d.never_promoted.trend.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_datetime_with_format(row, 0, point.on, &date)?;
        sheet.write_string(row, 1, &point.label)?;
        sheet.write_number_with_format(row, 2, point.pool, &count)?;
        sheet.write_number_with_format(row, 3, point.never, &count)?;
        if let Some(share) = point.share {
            sheet.write_number_with_format(row, 4, share, &rate)?;
        }
    }
    sheet.set_column_width(0, 12)?.set_column_width(2, 18)?.set_column_width(3, 14)?.set_column_width(4, 18)?;

    let sheet = book.add_worksheet().set_name("Profils promus")?;
    let mut row = 0;
    for table in &d.profiles.tables {
        sheet.write_string_with_format(row, 0, &table.title, &bold)?;
        row += 1;
        headers(sheet, row, &[&[table.profile.as_str()][..], &PROFILE_COLUMNS].concat())?;
        for r in &table.rows {
            row += 1;
            sheet.write_string(row, 0, &r.label)?;
            sheet.write_number_with_format(row, 1, r.pool, &count)?;
            sheet.write_number_with_format(row, 2, r.promoted, &count)?;
            if let Some(share) = r.promoted_share {
                sheet.write_number_with_format(row, 3, share, &rate)?;
            }
            sheet.write_number_with_format(row, 4, r.promotions, &count)?;
            sheet.write_number_with_format(row, 5, r.interviews, &count)?;
            if let Some(share) = r.interview_rate {
                sheet.write_number_with_format(row, 6, share, &rate)?;
            }
            sheet.write_number_with_format(row, 7, r.hires, &count)?;
        }
        row += 2;
    }
    sheet.set_column_width(0, 48)?;

    super::retention::xlsx_sheet(&mut book, &d.retention)?;
    super::breakdown::xlsx_sheet(&mut book, &d.breakdowns)?;

    let sheet = book.add_worksheet().set_name("Définitions")?;
    headers(sheet, 0, &["Indicateur", "Définition"])?;
    for (i, definition) in definitions.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, &definition.label)?;
        sheet.write_string_with_format(row, 1, &definition.text, &wrap)?;
    }
    sheet.set_column_width(0, 32)?.set_column_width(1, 100)?;
    book.save_to_buffer()
}

/// CSV for a French spreadsheet: `;` between cells, decimal commas, dates as 31/12/2026,
/// UTF-8 with its byte-order mark; one table after another, a blank line between.
fn csv(d: &Dashboard, filters: &[(&str, String)], now: DateTime<Local>) -> Result<Vec<u8>, ::csv::Error> {
    let date = french_date;
    let mut rows: Vec<Vec<String>> = vec![
        vec!["Tableau de bord Profilence".into()],
        vec!["Période".into(), d.period.label.clone()],
        vec!["Du".into(), date(d.period.from)],
        vec!["Au".into(), date(d.period.to)],
    ];
    rows.extend(filters.iter().map(|(what, chosen)| vec![(*what).to_owned(), chosen.clone()]));
    rows.push(vec!["Calculé le".into(), french_moment(now.naive_local())]);
    rows.push(Vec::new());
    rows.push(vec!["Indicateur".into(), "Valeur".into()]);
    for indicator in &d.rows {
        let value = match indicator.value {
            IndicatorValue::Count(n) => n.to_string(),
            // "57,1 %" is read as a percentage by French spreadsheets.
            IndicatorValue::Rate(r) => r.map(|r| format!("{} %", fixed_decimal(r * 100.0))).unwrap_or_default(),
            IndicatorValue::Days(n) => n.map(fixed_decimal).unwrap_or_default(),
        };
        rows.push(vec![indicator.label.clone(), value]);
    }
    rows.push(Vec::new());
    rows.push(TREND_COLUMNS.map(String::from).to_vec());
    for p in &d.trend {
        rows.push(vec![
            date(p.from),
            date(p.to),
            p.label.clone(),
            p.promotions.to_string(),
            p.answered.to_string(),
            p.interviews.to_string(),
            p.hires.to_string(),
        ]);
    }
    rows.push(Vec::new());
    rows.push(COMPANY_COLUMNS.map(String::from).to_vec());
    for (i, c) in d.top_companies.iter().enumerate() {
        rows.push(vec![
            (i + 1).to_string(),
            c.name.clone(),
            c.promotions.to_string(),
            c.answered.to_string(),
            c.hires.to_string(),
        ]);
    }
    rows.push(Vec::new());
    rows.push(["Motif", "Refus de l'employeur", "Non retenus", "Total"].map(String::from).to_vec());
    for r in &d.refusals {
        rows.push(vec![
            r.label.clone(),
            r.refused.to_string(),
            r.not_retained.to_string(),
            (r.refused + r.not_retained).to_string(),
        ]);
    }
    let percent = |r: Option<f64>| r.map(|r| format!("{} %", fixed_decimal(r * 100.0))).unwrap_or_default();
    rows.push(Vec::new());
    rows.push(vec!["Jamais promus".into()]);
    rows.push(NEVER_COLUMNS.map(String::from).to_vec());
    for p in &d.never_promoted.trend {
        rows.push(vec![date(p.on), p.label.clone(), p.pool.to_string(), p.never.to_string(), percent(p.share)]);
    }
    for table in &d.profiles.tables {
        rows.push(Vec::new());
        rows.push(vec![table.title.clone()]);
        rows.push([&[table.profile.as_str()][..], &PROFILE_COLUMNS].concat().into_iter().map(String::from).collect());
        for r in &table.rows {
            rows.push(vec![
                r.label.clone(),
                r.pool.to_string(),
                r.promoted.to_string(),
                percent(r.promoted_share),
                r.promotions.to_string(),
                r.interviews.to_string(),
                percent(r.interview_rate),
                r.hires.to_string(),
            ]);
        }
    }
    rows.extend(super::retention::csv_rows(&d.retention));
    rows.extend(super::breakdown::csv_rows(&d.breakdowns));
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = ::csv::WriterBuilder::new().delimiter(b';').flexible(true).from_writer(&mut out);
        for row in &rows {
            // A blank line between tables: one empty cell (the writer refuses an empty record).
            let row: &[String] = if row.is_empty() { &[String::new()] } else { row };
            // Company names and labels were typed by someone: never run as formulas.
            writer.write_record(row.iter().map(|cell| crate::text::inert_cell(cell).into_owned()))?;
        }
        writer.flush()?;
    }
    Ok(out)
}
