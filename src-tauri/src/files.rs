//! Files the app hands to other applications (sheets to the PDF viewer, drafts to the mail
//! client): written in the app's cache folder, opened with the system's default program,
//! and removed at a later start once a day old (they hold personal data).

use std::{
    path::{Path, PathBuf},
    time::{Duration, SystemTime},
};

use tauri::{AppHandle, Manager};
use tauri_plugin_opener::OpenerExt;

use crate::error::AppError;

/// The cache folders of files handed to other programs: stored sheets, previews, drafts.
pub const SHEETS: &str = "fiches";
pub const PREVIEWS: &str = "apercus";
pub const DRAFTS: &str = "brouillons";
const FOLDERS: [&str; 3] = [SHEETS, PREVIEWS, DRAFTS];
/// How long a handed-over file stays: the viewer or mail client has long used it.
const KEEP: Duration = Duration::from_secs(24 * 3600);

/// Removes the handed-over files older than a day; what cannot be removed stays, logged.
pub fn sweep(app: &AppHandle) {
    let Ok(cache) = app.path().app_cache_dir() else { return };
    let now = SystemTime::now();
    for name in FOLDERS {
        let Ok(entries) = std::fs::read_dir(cache.join(name)) else { continue };
        for entry in entries.flatten() {
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|modified| now.duration_since(modified).is_ok_and(|age| age > KEEP));
            if old && let Err(e) = std::fs::remove_file(entry.path()) {
                log::warn!("cannot remove an old file in the {name} cache: {e}");
            }
        }
    }
}

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
        AppError::Rule {
            message: format!("Aucune application n'a pu ouvrir le fichier ({e}). Il est enregistré ici : {shown}"),
        }
    })?;
    Ok(shown)
}
