//! The journal of who did what and when: Paramètres → Journal.

use profilence_core::{
    journal::{self, JournalEntry, JournalQuery, Verification},
    list::Page,
};
use serde::Serialize;
use tauri::{AppHandle, State};
use ts_rs::TS;

use crate::{
    commands::dialogs::{self, Purpose},
    error::AppError,
    state::{AppState, with_db},
};

/// One page of the journal, newest first.
#[tauri::command]
pub async fn journal_list(state: State<'_, AppState>, query: JournalQuery) -> Result<Page<JournalEntry>, AppError> {
    with_db(&state, move |db| db.read(|c| journal::list(c, &query))).await
}

/// Walks the whole chain of entries.
#[tauri::command]
pub async fn journal_verify(state: State<'_, AppState>) -> Result<Verification, AppError> {
    with_db(&state, |db| db.read(journal::verify)).await
}

/// The journal written to CSV: where, and how many entries.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct JournalExported {
    pub path: String,
    pub entries: u32,
}

/// Writes the entries `query` filters (every page) to a CSV file the counsellor chooses in
/// the save dialog; `None` when they cancel it.
#[tauri::command]
pub async fn journal_export(
    app: AppHandle,
    state: State<'_, AppState>,
    query: JournalQuery,
) -> Result<Option<JournalExported>, AppError> {
    let suggested = format!("journal-{}.csv", state.clock.today().format("%Y-%m-%d"));
    let Some(path) = dialogs::pick(app, Purpose::JournalExport, Some(suggested)).await? else {
        return Ok(None);
    };
    let shown = path.display().to_string();
    let entries = with_db(&state, move |db| db.read(|c| journal::write_csv(c, &query, &path))).await?;
    Ok(Some(JournalExported { path: shown, entries }))
}
