use profilence_core::{
    list::Page,
    promotions::{Promotion, PromotionQuery},
    stats::{
        self, Dashboard, FigureQuery, StatsOptions, StatsQuery,
        export::{self, ExportInput, ExportSummary},
        team::{TeamComparison, TeamQuery},
    },
};
use tauri::State;

use crate::{
    commands::dialogs::{Chosen, Purpose},
    error::AppError,
    state::{AppState, with_db},
};

/// The dashboard at the app's time.
#[tauri::command]
pub async fn stats_dashboard(state: State<'_, AppState>, query: StatsQuery) -> Result<Dashboard, AppError> {
    let now = state.clock.now();
    with_db(&state, move |db| stats::dashboard(db, &query, now)).await
}

/// The team's agencies and counsellors side by side (team mode only).
#[tauri::command]
pub async fn stats_team(state: State<'_, AppState>, query: TeamQuery) -> Result<TeamComparison, AppError> {
    let now = state.clock.now();
    with_db(&state, move |db| stats::team::team(db, &query, now)).await
}

/// A page of the promotions behind a figure of the dashboard (and the list's filters).
#[tauri::command]
pub async fn stats_figure_promotions(
    state: State<'_, AppState>,
    figure: FigureQuery,
    query: PromotionQuery,
) -> Result<Page<Promotion>, AppError> {
    let now = state.clock.now();
    with_db(&state, move |db| stats::figure_page(db, &figure, &query, now)).await
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

/// Writes the dashboard of `input.query` to a new file of the folder chosen in the dialog
/// (`dialogs_choose`), else of the last one used; `input.folder` from the webview is not
/// trusted.
#[tauri::command]
pub async fn stats_export(
    state: State<'_, AppState>,
    chosen: State<'_, Chosen>,
    mut input: ExportInput,
) -> Result<ExportSummary, AppError> {
    let now = state.clock.now();
    let folder = chosen.get(Purpose::StatsExport);
    with_db(&state, move |db| {
        input.folder = match folder {
            Some(folder) => folder.display().to_string(),
            None => db.read(export::export_folder)?,
        };
        export::export(db, &input, now)
    })
    .await
}
