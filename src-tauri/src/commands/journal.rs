//! The journal of who did what and when: Paramètres → Journal.

use profilence_core::{
    journal::{self, JournalEntry, JournalQuery, Verification},
    list::Page,
};
use tauri::State;

use crate::{
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
