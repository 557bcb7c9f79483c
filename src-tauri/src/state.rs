//! What the app holds while it runs: the open database, or why it could not be opened.

use std::{path::PathBuf, sync::Arc};

use profilence_core::{Database, keys::KeySource};

use crate::error::{AppError, ErrorKind};

pub struct AppState {
    pub database_path: PathBuf,
    database: Result<Arc<Database>, AppError>,
}

impl AppState {
    /// Opens the database with its key from the OS keychain; a failure is kept and shown
    /// by the UI rather than ending the app.
    pub fn open(database_path: PathBuf) -> Self {
        let database = Database::open(&database_path, &KeySource::Keychain).map(Arc::new).map_err(AppError::from);
        Self { database_path, database }
    }

    pub fn database(&self) -> Result<Arc<Database>, AppError> {
        self.database.clone()
    }

    pub fn startup_error(&self) -> Option<AppError> {
        self.database.as_ref().err().cloned()
    }
}

/// Runs `f` on the database off the UI thread (rusqlite blocks).
pub async fn with_db<T, F>(state: &AppState, f: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&Database) -> profilence_core::Result<T> + Send + 'static,
{
    let db = state.database()?;
    tauri::async_runtime::spawn_blocking(move || f(&db)).await.map_err(AppError::internal)?.map_err(AppError::from)
}

/// The database path: `--db PATH` on the command line, else the app data folder.
pub fn database_path(app_data_dir: Option<PathBuf>) -> Result<PathBuf, AppError> {
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--db" {
            return args
                .next()
                .map(PathBuf::from)
                .ok_or_else(|| AppError::new(ErrorKind::Internal, "--db attend un chemin."));
        }
        if let Some(path) = arg.strip_prefix("--db=") {
            return Ok(PathBuf::from(path));
        }
    }
    app_data_dir
        .map(|dir| dir.join(profilence_core::paths::DATABASE_FILE))
        .ok_or_else(|| AppError::new(ErrorKind::Internal, "Dossier de données de l'application introuvable."))
}

#[cfg(test)]
mod tests {
    /// The app (Tauri's app_data_dir, from the identifier) and the CLI (the core's
    /// constant) must find the same database.
    #[test]
    fn the_app_identifier_is_the_cores() -> Result<(), serde_json::Error> {
        let config: serde_json::Value = serde_json::from_str(include_str!("../../tauri.conf.json"))?;
        assert_eq!(config["identifier"], profilence_core::paths::APP_IDENTIFIER);
        Ok(())
    }
}
