//! The Vivier, Entreprises and Promotions lists written out (« Exporter »): to the file the
//! counsellor chooses in the save dialog, never a path from the page.

use profilence_core::lists_out::{self, ListExported, ListFormat, ListQuery};
use tauri::{AppHandle, State};

use crate::{
    commands::dialogs::{self, Purpose},
    error::AppError,
    state::{AppState, with_db},
};

/// Writes the list `query` shows (every page) as `format` to the file chosen in the save
/// dialog; `None` when the counsellor cancels it.
#[tauri::command]
pub async fn lists_export(
    app: AppHandle,
    state: State<'_, AppState>,
    query: ListQuery,
    format: ListFormat,
) -> Result<Option<ListExported>, AppError> {
    let suggested = format!("{}-{}.{}", query.name(), state.clock.today().format("%Y-%m-%d"), format.extension());
    let Some(path) = dialogs::pick(app, Purpose::ListExport, Some(suggested)).await? else {
        return Ok(None);
    };
    let path = format.file(path);
    let now = state.clock.now();
    with_db(&state, move |db| lists_out::export(db, &query, &path, now)).await.map(Some)
}
