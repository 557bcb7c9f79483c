//! Where Profilence keeps its files by default.

use std::path::PathBuf;

/// The application identifier, shared with `tauri.conf.json` so that the app and the CLI
/// find the same database.
pub const APP_IDENTIFIER: &str = "fr.profilence.app";
pub const DATABASE_FILE: &str = "profilence.db";

/// The OS's per-user application data folder (`~/.local/share/fr.profilence.app`,
/// `%APPDATA%\fr.profilence.app`, `~/Library/Application Support/fr.profilence.app`).
pub fn default_data_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|dir| dir.join(APP_IDENTIFIER))
}

pub fn default_database_path() -> Option<PathBuf> {
    default_data_dir().map(|dir| dir.join(DATABASE_FILE))
}
