//! Tauri commands, one module per domain. Each body takes the state and a typed input,
//! calls the core, and maps the error.

pub mod access;
pub mod app;
pub mod backups;
pub mod candidates;
pub mod checkins;
pub mod companies;
pub mod dialogs;
pub mod import;
pub mod journal;
pub mod lists_out;
pub mod mail;
pub mod privacy;
pub mod promotions;
pub mod referentials;
pub mod replies;
pub mod settings;
pub mod sheets;
pub mod stats;
pub mod targeting;
pub mod team;
pub mod templates;

use crate::error::AppError;

/// Runs the core's `f` off the async runtime (it blocks on the database or the network).
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> profilence_core::Result<T> + Send + 'static,
) -> Result<T, AppError> {
    tauri::async_runtime::spawn_blocking(f).await.map_err(AppError::internal)?.map_err(AppError::from)
}
