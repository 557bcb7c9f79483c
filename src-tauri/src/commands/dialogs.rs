//! Where the app writes files (the import report, a batch of sheets, the dashboard's
//! exports, a list, a person's data, the journal, the backups) and which backup it restores is chosen in a native dialog opened from Rust, and kept here: the commands
//! that write take no path from the webview, so a compromised page cannot make the app
//! write personal data where it likes.
//!
//! End-to-end tests cannot drive a native dialog. In a debug build only, when
//! `PROFILENCE_E2E_PICK` names a file, the path written in that file is taken as the
//! counsellor's choice instead of opening the dialog (`tests/e2e/run.sh` sets it; a test
//! writes the path, then clicks the button). A release build never reads it.

use std::{
    collections::HashMap,
    path::PathBuf,
    sync::{Mutex, PoisonError},
};

use serde::Deserialize;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;
use ts_rs::TS;

use crate::error::AppError;

/// What a path is chosen for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Purpose {
    /// The import report: a file, `.xlsx` or `.csv`.
    ImportReport,
    /// A batch of sheets: a folder.
    SheetsBatch,
    /// The dashboard's exports: a folder.
    StatsExport,
    /// A person's data (right of access): a folder.
    AccessExport,
    /// The journal as CSV: a file.
    JournalExport,
    /// A list written out (Vivier, Entreprises, Promotions): an `.xlsx` or `.csv` file.
    ListExport,
    /// The folder of the backups.
    BackupFolder,
    /// A backup to restore: a file to open.
    BackupFile,
    /// The pitch templates written: a file, `.json`.
    TemplatesExport,
    /// A file of pitch templates to import: a file to open.
    TemplatesImport,
    /// The certificate of the authority of an agency's server (team mode): a file to open.
    TeamCertificate,
}

/// The paths the counsellor chose, by purpose.
#[derive(Default)]
pub struct Chosen(Mutex<HashMap<Purpose, PathBuf>>);

impl Chosen {
    pub fn get(&self, purpose: Purpose) -> Option<PathBuf> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).get(&purpose).cloned()
    }

    pub fn set(&self, purpose: Purpose, path: PathBuf) {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).insert(purpose, path);
    }
}

/// The e2e suite's choice, in a debug build: the path written in `PROFILENCE_E2E_PICK`.
#[cfg(debug_assertions)]
fn test_choice() -> Option<Option<PathBuf>> {
    let file = std::env::var_os("PROFILENCE_E2E_PICK")?;
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let text = text.trim();
    Some((!text.is_empty()).then(|| PathBuf::from(text)))
}

#[cfg(not(debug_assertions))]
fn test_choice() -> Option<Option<PathBuf>> {
    None
}

/// Opens the dialog for `purpose` (a save dialog offering `suggested_name` for a file, a
/// folder picker otherwise) off the UI thread; `None`: cancelled.
pub async fn pick(
    app: AppHandle,
    purpose: Purpose,
    suggested_name: Option<String>,
) -> Result<Option<PathBuf>, AppError> {
    if let Some(picked) = test_choice() {
        return Ok(picked);
    }
    tauri::async_runtime::spawn_blocking(move || {
        let dialog = app.dialog().file();
        let picked = match purpose {
            Purpose::ImportReport => dialog
                .set_title("Enregistrer le rapport d'import")
                .set_file_name(suggested_name.unwrap_or_else(|| "rapport-import.xlsx".into()))
                .add_filter("Classeur Excel", &["xlsx"])
                .add_filter("CSV", &["csv"])
                .blocking_save_file(),
            Purpose::JournalExport => dialog
                .set_title("Exporter le journal des actions")
                .set_file_name(suggested_name.unwrap_or_else(|| "journal.csv".into()))
                .add_filter("CSV", &["csv"])
                .blocking_save_file(),
            Purpose::ListExport => {
                let name = suggested_name.unwrap_or_else(|| "liste.xlsx".into());
                let (label, extension) =
                    if name.ends_with(".csv") { ("CSV", "csv") } else { ("Classeur Excel", "xlsx") };
                dialog
                    .set_title("Exporter la liste")
                    .set_file_name(name)
                    .add_filter(label, &[extension])
                    .blocking_save_file()
            }
            Purpose::SheetsBatch => dialog.set_title("Dossier où écrire les fiches profil").blocking_pick_folder(),
            Purpose::StatsExport => dialog.set_title("Choisir le dossier d'export").blocking_pick_folder(),
            Purpose::AccessExport => {
                dialog.set_title("Dossier où écrire les données de la personne").blocking_pick_folder()
            }
            Purpose::BackupFolder => dialog.set_title("Dossier des sauvegardes").blocking_pick_folder(),
            Purpose::BackupFile => dialog
                .set_title("Choisir la sauvegarde à restaurer")
                .add_filter("Sauvegarde Profilence", &["db"])
                .blocking_pick_file(),
            Purpose::TemplatesExport => dialog
                .set_title("Exporter les modèles d'argumentaire")
                .set_file_name(suggested_name.unwrap_or_else(|| "modeles-argumentaire.json".into()))
                .add_filter("Modèles d'argumentaire", &["json"])
                .blocking_save_file(),
            Purpose::TemplatesImport => dialog
                .set_title("Importer des modèles d'argumentaire")
                .add_filter("Modèles d'argumentaire", &["json"])
                .blocking_pick_file(),
            Purpose::TeamCertificate => dialog
                .set_title("Certificat de l'autorité du serveur de l'équipe")
                .add_filter("Certificat (PEM)", &["pem", "crt", "cer"])
                .blocking_pick_file(),
        };
        picked.and_then(|p| p.into_path().ok())
    })
    .await
    .map_err(AppError::internal)
}

/// Opens the dialog for `purpose`, keeps the choice and returns it to show; `None`:
/// cancelled, the previous choice stays.
#[tauri::command]
pub async fn dialogs_choose(
    app: AppHandle,
    chosen: State<'_, Chosen>,
    purpose: Purpose,
    suggested_name: Option<String>,
) -> Result<Option<String>, AppError> {
    let picked = pick(app, purpose, suggested_name).await?;
    Ok(picked.map(|path| {
        let shown = path.display().to_string();
        chosen.set(purpose, path);
        shown
    }))
}
