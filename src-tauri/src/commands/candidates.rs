use profilence_core::{
    candidates::{self, Candidate, CandidateInput, CandidateSummary},
    list::{ListQuery, Page},
};
use tauri::State;

use super::today;
use crate::{
    error::AppError,
    state::{AppState, with_db},
};

#[tauri::command]
pub async fn candidates_list(state: State<'_, AppState>, query: ListQuery) -> Result<Page<CandidateSummary>, AppError> {
    with_db(&state, move |db| db.read(|c| candidates::list(c, &query, today()))).await
}

#[tauri::command]
pub async fn candidates_get(state: State<'_, AppState>, id: i64) -> Result<Candidate, AppError> {
    with_db(&state, move |db| db.read(|c| candidates::get(c, id))).await
}

#[tauri::command]
pub async fn candidates_create(state: State<'_, AppState>, input: CandidateInput) -> Result<Candidate, AppError> {
    with_db(&state, move |db| db.write(|tx| candidates::create(tx, &input, today()))).await
}

#[tauri::command]
pub async fn candidates_update(
    state: State<'_, AppState>,
    id: i64,
    input: CandidateInput,
) -> Result<Candidate, AppError> {
    with_db(&state, move |db| db.write(|tx| candidates::update(tx, id, &input, today()))).await
}
