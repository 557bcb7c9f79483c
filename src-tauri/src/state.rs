//! What the app holds while it runs: the open database, or why it could not be opened.

use std::{path::PathBuf, sync::Arc};

use profilence_core::{Database, clock::Clock, keys::KeySource};

use crate::error::AppError;

pub struct AppState {
    pub database_path: PathBuf,
    /// The time every date rule runs at: the system's, or `--clock FILE` for tests (debug
    /// builds only).
    pub clock: Clock,
    database: Result<Arc<Database>, AppError>,
}

impl AppState {
    /// Opens the database with its key from the OS keychain; a failure is kept and shown
    /// by the UI rather than ending the app.
    pub fn open(database_path: PathBuf, clock: Clock) -> Self {
        let database = Database::open(&database_path, &KeySource::Keychain).map(Arc::new).map_err(AppError::from);
        Self { database_path, clock, database }
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

/// The value of `--name VALUE` or `--name=VALUE` on the command line. The app's switches
/// (`--db`, `--clock`) are for the end-to-end tests: a release build reads none of them,
/// so nobody can point the app at another database or move its clock.
#[cfg(debug_assertions)]
fn argument(name: &str) -> Result<Option<String>, AppError> {
    let mut args = std::env::args().skip(1);
    let prefix = format!("{name}=");
    while let Some(arg) = args.next() {
        if arg == name {
            return args
                .next()
                .map(Some)
                .ok_or_else(|| AppError::Internal { message: format!("{name} attend un chemin.") });
        }
        if let Some(value) = arg.strip_prefix(&prefix) {
            return Ok(Some(value.to_owned()));
        }
    }
    Ok(None)
}

/// A release build takes no switch.
#[cfg(not(debug_assertions))]
fn argument(_name: &str) -> Result<Option<String>, AppError> {
    Ok(None)
}

/// The database path: `--db PATH` on the command line (debug builds), else the app data
/// folder.
pub fn database_path(app_data_dir: Option<PathBuf>) -> Result<PathBuf, AppError> {
    if let Some(path) = argument("--db")? {
        return Ok(PathBuf::from(path));
    }
    app_data_dir
        .map(|dir| dir.join(profilence_core::paths::DATABASE_FILE))
        .ok_or_else(|| AppError::Internal { message: "Dossier de données de l'application introuvable.".into() })
}

/// `--clock FILE` (debug builds): the app's time is read from that file (end-to-end tests
/// move it).
pub fn clock() -> Result<Clock, AppError> {
    Ok(argument("--clock")?.map_or(Clock::System, |path| Clock::File(PathBuf::from(path))))
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
