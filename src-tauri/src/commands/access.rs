//! The right of access: a person's data written into a folder the counsellor picks in the
//! system's folder dialog, opened here on the Rust side — the window never sends a path —
//! and that folder opened in the file manager afterwards if asked.

use std::{path::PathBuf, sync::Mutex};

use profilence_core::access::{self, AccessExport};
use tauri::{AppHandle, State};

use crate::{
    commands::dialogs::{self, Purpose},
    error::AppError,
    files,
    state::{AppState, with_db},
};

/// The folder the last export went to, kept here for « Ouvrir le dossier ».
#[derive(Default)]
pub struct AccessExports {
    last: Mutex<Option<PathBuf>>,
}

/// Writes candidate `id`'s data (PDF, JSON, the sheets sent) into a folder the counsellor
/// picks; `null` when they cancel the dialog.
#[tauri::command]
pub async fn candidates_export_data(
    app: AppHandle,
    state: State<'_, AppState>,
    exports: State<'_, AccessExports>,
    id: i64,
) -> Result<Option<AccessExport>, AppError> {
    let Some(folder) = dialogs::pick(app, Purpose::AccessExport, None).await? else {
        return Ok(None);
    };
    let today = state.clock.today();
    let dir = folder.clone();
    let export = with_db(&state, move |db| db.write(|tx| access::export_person(tx, id, &dir, today))).await?;
    *exports.last.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(folder);
    Ok(Some(export))
}

/// Opens the folder of the last export in the system's file manager.
#[tauri::command]
pub fn candidates_export_open_folder(app: AppHandle, exports: State<'_, AccessExports>) -> Result<(), AppError> {
    let last = exports.last.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone();
    let folder = last.ok_or_else(|| AppError::Rule { message: "Aucun export à ouvrir pour l'instant.".into() })?;
    files::open(&app, &folder).map(|_| ())
}
