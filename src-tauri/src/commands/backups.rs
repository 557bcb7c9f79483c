//! Paramètres → Sauvegardes and « Restaurer une sauvegarde »: the recovery code (made,
//! printed, kept), the folder and automatic backups, « Sauvegarder maintenant », and a
//! backup restored in place of the database (the former one kept aside).
//!
//! Paths come from the app's own dialogs (`dialogs`), never from the webview; a new code
//! waits here, in the shell, until the counsellor confirms they wrote it down.

use std::sync::{Mutex, PoisonError};

use profilence_core::backup::{
    self, BackupFacts, BackupSettings, BackupSettingsInput, CodeIdentity, RecoveryCode, Secret, swap,
};
use serde::Serialize;
use tauri::{AppHandle, Manager, State};
use ts_rs::TS;

use super::{
    blocking,
    dialogs::{Chosen, Purpose, pick},
};
use crate::{
    error::AppError,
    files,
    state::{AppState, with_db},
};

/// A new code shown to the counsellor, not kept until they confirm.
#[derive(Default)]
pub struct PendingCode(Mutex<Option<RecoveryCode>>);

impl PendingCode {
    fn set(&self, code: Option<RecoveryCode>) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = code;
    }

    fn get(&self) -> Result<RecoveryCode, AppError> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
            .ok_or_else(|| AppError::Rule { message: "Aucun nouveau code n'attend : créez-en un d'abord.".into() })
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BackupStatus {
    pub settings: BackupSettings,
    /// The code the automatic backups use, if one is kept.
    pub code: Option<CodeIdentity>,
    /// Where it is kept: « le trousseau du système ».
    pub code_store: String,
    /// Why the code kept there cannot be read, if so.
    pub code_error: Option<String>,
}

/// A code made (or a passphrase chosen), as it is to be written down.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NewRecoveryCode {
    pub shown: String,
    pub identity: CodeIdentity,
}

/// A backup file chosen to restore, and what the facts beside it say (unchecked until the
/// code opens it).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChosenBackup {
    pub path: String,
    pub facts: Option<BackupFacts>,
}

/// A restore done: what was restored and where the former database was kept.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RestoreOutcome {
    pub facts: BackupFacts,
    pub schema_version: u32,
    pub set_aside: Option<String>,
}

#[tauri::command]
pub async fn backup_status(state: State<'_, AppState>) -> Result<BackupStatus, AppError> {
    let store = state.code_store();
    let settings = with_db(&state, |db| db.read(backup::settings::get)).await?;
    let describe = store.describe();
    let kept = tauri::async_runtime::spawn_blocking(move || store.load()).await.map_err(AppError::internal)?;
    let (code, code_error) = match kept {
        Ok(code) => (code.map(|c| c.identity), None),
        Err(e) => (None, Some(e.to_string())),
    };
    Ok(BackupStatus { settings, code, code_store: describe, code_error })
}

/// Automatic backups on or off (they need a folder).
#[tauri::command]
pub async fn backup_settings_update(state: State<'_, AppState>, enabled: bool) -> Result<BackupSettings, AppError> {
    with_db(&state, move |db| {
        db.write(|tx| {
            let folder = backup::settings::get(tx)?.folder;
            backup::settings::save(tx, &BackupSettingsInput { enabled, folder })
        })
    })
    .await
}

/// The folder of the backups, chosen in the app's dialog and saved at once; `None`:
/// cancelled.
#[tauri::command]
pub async fn backup_folder_choose(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<BackupSettings>, AppError> {
    let Some(folder) = pick(app, Purpose::BackupFolder, None).await? else { return Ok(None) };
    let folder = folder.display().to_string();
    with_db(&state, move |db| {
        db.write(|tx| {
            let enabled = backup::settings::get(tx)?.enabled;
            backup::settings::save(tx, &BackupSettingsInput { enabled, folder })
        })
    })
    .await
    .map(Some)
}

/// A new code from the system's random source, shown and waiting for confirmation.
#[tauri::command]
pub fn backup_code_generate(
    state: State<'_, AppState>,
    pending: State<'_, PendingCode>,
) -> Result<NewRecoveryCode, AppError> {
    let code = RecoveryCode::generate(state.clock.today()).map_err(profilence_core::Error::from)?;
    Ok(shown(&pending, code))
}

/// A passphrase the counsellor chose instead, refused when too weak.
#[tauri::command]
pub fn backup_code_passphrase(
    state: State<'_, AppState>,
    pending: State<'_, PendingCode>,
    passphrase: String,
) -> Result<NewRecoveryCode, AppError> {
    let code = RecoveryCode::passphrase(&passphrase, state.clock.today()).map_err(|e| AppError::Validation {
        message: e.to_string(),
        fields: vec![profilence_core::FieldError::new("passphrase", e.to_string())],
    })?;
    Ok(shown(&pending, code))
}

fn shown(pending: &PendingCode, code: RecoveryCode) -> NewRecoveryCode {
    let new = NewRecoveryCode { shown: code.display().to_string(), identity: code.identity.clone() };
    pending.set(Some(code));
    new
}

/// The waiting code on one A4 page, opened in the PDF viewer to print (the file goes with
/// the app, like the sheets).
#[tauri::command]
pub async fn backup_code_print(app: AppHandle, pending: State<'_, PendingCode>) -> Result<String, AppError> {
    let code = pending.get()?;
    let pdf = blocking(move || backup::sheet::write(&code)).await?;
    files::open_new(&app, files::PREVIEWS, &files::preview_name().replace("apercu-", "code-recuperation-"), &pdf)
}

/// Keeps the waiting code for the automatic backups (journaled); the code before it, if
/// any, is replaced.
#[tauri::command]
pub async fn backup_code_keep(
    state: State<'_, AppState>,
    pending: State<'_, PendingCode>,
) -> Result<CodeIdentity, AppError> {
    let code = pending.get()?;
    let store = state.code_store();
    let identity = code.identity.clone();
    with_db(&state, move |db| backup::keep_code(db, &store, &code)).await?;
    pending.set(None);
    log::info!("a new recovery code is kept for the backups");
    Ok(identity)
}

/// Forgets the waiting code (the counsellor cancelled).
#[tauri::command]
pub fn backup_code_discard(pending: State<'_, PendingCode>) {
    pending.set(None);
}

/// « Sauvegarder maintenant »: into the folder of Paramètres, with the code kept.
#[tauri::command]
pub async fn backup_now(state: State<'_, AppState>) -> Result<BackupFacts, AppError> {
    let store = state.code_store();
    let now = state.clock.now();
    with_db(&state, move |db| {
        let folder = db.read(backup::settings::get)?.folder;
        if folder.is_empty() {
            return Err(profilence_core::Error::field(
                "folder",
                "Choisissez d'abord le dossier où écrire les sauvegardes.",
            ));
        }
        let code = store.require()?;
        backup::run_now(db, &code, std::path::Path::new(&folder), now)
    })
    .await
}

/// Chooses the backup to restore in the app's dialog; what the facts beside it say, for a
/// first look before the code is typed. `None`: cancelled.
#[tauri::command]
pub async fn backup_restore_choose(
    app: AppHandle,
    chosen: State<'_, Chosen>,
) -> Result<Option<ChosenBackup>, AppError> {
    let Some(path) = pick(app, Purpose::BackupFile, None).await? else { return Ok(None) };
    let facts = backup::read::sidecar(&path);
    let shown = path.display().to_string();
    chosen.set(Purpose::BackupFile, path);
    Ok(Some(ChosenBackup { path: shown, facts }))
}

fn chosen_backup(chosen: &Chosen) -> Result<std::path::PathBuf, AppError> {
    chosen
        .get(Purpose::BackupFile)
        .ok_or_else(|| AppError::Rule { message: "Choisissez d'abord la sauvegarde à restaurer.".into() })
}

/// Opens the chosen backup with `code` and checks it whole: what it holds, to see before
/// restoring it. Nothing is written.
#[tauri::command]
pub async fn backup_restore_check(chosen: State<'_, Chosen>, code: String) -> Result<BackupFacts, AppError> {
    let file = chosen_backup(&chosen)?;
    blocking(move || {
        let secret = Secret::entered(&code)?;
        backup::verify(&file, &secret)
    })
    .await
}

/// Restores the chosen backup in place of the database: written beside it first, then put
/// in its place once the database is closed; the former one is kept aside. A wrong code,
/// a damaged file or a backup of a newer version changes nothing.
#[tauri::command]
pub async fn backup_restore(
    app: AppHandle,
    state: State<'_, AppState>,
    chosen: State<'_, Chosen>,
    code: String,
) -> Result<RestoreOutcome, AppError> {
    let file = chosen_backup(&chosen)?;
    let (db_path, keys, now) = (state.database_path.clone(), state.keys().clone(), state.clock.now());
    let staged_path = db_path.clone();
    let staged = blocking(move || {
        let secret = Secret::entered(&code)?;
        swap::stage(&file, &secret, &staged_path, &keys, now)
    })
    .await?;
    // Closing the database waits for the work under way on it: off the async runtime.
    let set_aside = tauri::async_runtime::spawn_blocking(move || {
        app.state::<AppState>().replace(|| swap::put_in_place(&db_path, now))
    })
    .await
    .map_err(AppError::internal)??;
    log::info!("backup restored in place of the database");
    Ok(RestoreOutcome {
        facts: staged.facts,
        schema_version: staged.schema_version,
        set_aside: set_aside.map(|p| p.display().to_string()),
    })
}
