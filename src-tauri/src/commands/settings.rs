use profilence_core::settings::{self, CounsellorSettings};
use tauri::State;

use crate::{
    error::AppError,
    state::{AppState, with_db},
};

#[tauri::command]
pub async fn settings_get(state: State<'_, AppState>) -> Result<CounsellorSettings, AppError> {
    with_db(&state, |db| db.read(settings::get)).await
}

#[tauri::command]
pub async fn settings_update(
    state: State<'_, AppState>,
    input: CounsellorSettings,
) -> Result<CounsellorSettings, AppError> {
    with_db(&state, move |db| db.write(|tx| settings::update(tx, &input))).await
}
