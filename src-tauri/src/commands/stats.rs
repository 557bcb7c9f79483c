use profilence_core::{
    promotions::follow_ups,
    stats::{
        self, Dashboard, StatsOptions, StatsQuery,
        export::{self, ExportInput, ExportSummary},
    },
};
use tauri::State;

use crate::{
    error::AppError,
    state::{AppState, with_db},
};

/// The dashboard at the app's time: promotions whose wait ran out are marked "no answer"
/// first (as in every list), then the figures are counted outside that transaction.
#[tauri::command]
pub async fn stats_dashboard(state: State<'_, AppState>, query: StatsQuery) -> Result<Dashboard, AppError> {
    let now = state.clock.now();
    with_db(&state, move |db| {
        db.write(|tx| follow_ups::mark_unanswered(tx, now))?;
        db.read(|c| stats::dashboard(c, &query, now))
    })
    .await
}

/// The counsellors and agencies the filters offer, and the definitions.
#[tauri::command]
pub async fn stats_options(state: State<'_, AppState>) -> Result<StatsOptions, AppError> {
    with_db(&state, |db| db.read(stats::options)).await
}

/// The folder offered for exports (the last one used).
#[tauri::command]
pub async fn stats_export_folder(state: State<'_, AppState>) -> Result<String, AppError> {
    with_db(&state, |db| db.read(export::export_folder)).await
}

/// Writes the dashboard of `input.query` to a new file of `input.folder`.
#[tauri::command]
pub async fn stats_export(state: State<'_, AppState>, input: ExportInput) -> Result<ExportSummary, AppError> {
    let now = state.clock.now();
    with_db(&state, move |db| {
        db.write(|tx| follow_ups::mark_unanswered(tx, now))?;
        db.write(|tx| export::export(tx, &input, now))
    })
    .await
}
