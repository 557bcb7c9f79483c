//! Files the app hands to other applications (sheets to the PDF viewer, drafts to the mail
//! client): written in the app's cache folder, opened with the system's default program.

use std::path::{Path, PathBuf};

use tauri::{AppHandle, Manager};
use tauri_plugin_opener::OpenerExt;

use crate::error::{AppError, ErrorKind};

/// `<app cache>/<name>`, created when missing.
pub fn folder(app: &AppHandle, name: &str) -> Result<PathBuf, AppError> {
    let folder = app.path().app_cache_dir().map_err(AppError::internal)?.join(name);
    std::fs::create_dir_all(&folder).map_err(AppError::internal)?;
    Ok(folder)
}

/// Writes `bytes` as `<app cache>/<folder>/<file_name>` and opens it.
pub fn open_new(app: &AppHandle, folder_name: &str, file_name: &str, bytes: &[u8]) -> Result<String, AppError> {
    let path = folder(app, folder_name)?.join(file_name);
    std::fs::write(&path, bytes).map_err(AppError::internal)?;
    open(app, &path)
}

/// Opens `path` with the system's default program; returns the path.
pub fn open(app: &AppHandle, path: &Path) -> Result<String, AppError> {
    let shown = path.display().to_string();
    app.opener().open_path(shown.clone(), None::<&str>).map_err(|e| {
        log::warn!("cannot open a file with the default program: {e}");
        AppError::new(
            ErrorKind::Rule,
            format!("Aucune application n'a pu ouvrir le fichier ({e}). Il est enregistré ici : {shown}"),
        )
    })?;
    Ok(shown)
}
