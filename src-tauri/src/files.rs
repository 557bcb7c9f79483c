//! Files the app hands to other applications (sheets to the PDF viewer, drafts to the mail
//! client). They hold personal data, so they are:
//! - written in folders of the app's cache readable by the user only (0700, files 0600 on
//!   Unix; on Windows the per-user cache, `%LOCALAPPDATA%\fr.profilence.app`, is private
//!   to the user by its default ACL);
//! - named without the person's name (`fiche-<promotion>.pdf`, `apercu-<n>.pdf`,
//!   `brouillon-<promotion>.eml`);
//! - deleted when the app exits (`RunEvent::Exit`) and, in case it did not exit cleanly,
//!   swept whole at the next start.

use std::{
    path::{Path, PathBuf},
    sync::atomic::{AtomicU64, Ordering},
    time::{SystemTime, UNIX_EPOCH},
};

use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_opener::OpenerExt;

use crate::error::AppError;

/// The cache folders of files handed to other programs: stored sheets, previews, drafts.
pub const SHEETS: &str = "fiches";
pub const PREVIEWS: &str = "apercus";
pub const DRAFTS: &str = "brouillons";
const FOLDERS: [&str; 3] = [SHEETS, PREVIEWS, DRAFTS];

/// Removes every handed-over file (at start and at exit); what cannot be removed (a viewer
/// holding it on Windows) stays until the next sweep, logged without its name.
pub fn sweep<R: Runtime>(app: &AppHandle<R>) {
    let Ok(cache) = app.path().app_cache_dir() else { return };
    for name in FOLDERS {
        sweep_folder(&cache.join(name), name);
    }
}

fn sweep_folder(folder: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let removed = if path.is_dir() { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) };
        if let Err(e) = removed {
            log::warn!("cannot remove a file of the {name} cache ({:?})", e.kind());
        }
    }
}

/// `<app cache>/<name>`, created when missing, readable by the user only.
pub fn folder<R: Runtime>(app: &AppHandle<R>, name: &str) -> Result<PathBuf, AppError> {
    let folder = app.path().app_cache_dir().map_err(AppError::internal)?.join(name);
    profilence_core::paths::private_folder(&folder).map_err(|e| AppError::internal(e.kind()))?;
    Ok(folder)
}

/// A file name no other preview of this run has: `apercu-<seconds>-<n>.pdf`.
pub fn preview_name() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let seconds = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    format!("apercu-{seconds}-{}.pdf", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// Writes `bytes` as `<app cache>/<folder>/<file_name>` (user only) and opens it.
pub fn open_new(app: &AppHandle, folder_name: &str, file_name: &str, bytes: &[u8]) -> Result<String, AppError> {
    let path = folder(app, folder_name)?.join(file_name);
    profilence_core::paths::write_private(&path, bytes).map_err(|e| AppError::internal(e.kind()))?;
    open(app, &path)
}

/// Opens `path` with the system's default program; returns the path.
pub fn open(app: &AppHandle, path: &Path) -> Result<String, AppError> {
    let shown = path.display().to_string();
    app.opener().open_path(shown.clone(), None::<&str>).map_err(|e| {
        // The opener's words hold the path: the log keeps that it failed.
        log::warn!("cannot open a handed-over file with the default program");
        AppError::Rule {
            message: format!("Aucune application n'a pu ouvrir le fichier ({e}). Il est enregistré ici : {shown}"),
        }
    })?;
    Ok(shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn previews_are_named_without_the_person_and_never_twice() {
        let (a, b) = (preview_name(), preview_name());
        assert_ne!(a, b);
        assert!(a.starts_with("apercu-") && a.ends_with(".pdf"), "{a}");
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.'), "{a}");
    }

    #[test]
    fn a_sweep_leaves_the_folder_empty() -> std::io::Result<()> {
        let dir = std::env::temp_dir().join(format!("profilence-sweep-{}", std::process::id()));
        let folder = dir.join(PREVIEWS);
        profilence_core::paths::write_private(&folder.join("apercu-1.pdf"), b"%PDF")?;
        profilence_core::paths::write_private(&folder.join("reste").join("brouillon-3.eml"), b"X-Unsent: 1")?;
        sweep_folder(&folder, PREVIEWS);
        assert_eq!(std::fs::read_dir(&folder)?.count(), 0);
        std::fs::remove_dir_all(&dir)
    }
}
