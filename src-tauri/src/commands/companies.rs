use profilence_core::{
    companies::{self, Company, CompanyInput, CompanyQuery, CompanySummary},
    list::Page,
};
use tauri::State;

use crate::{
    error::AppError,
    state::{AppState, with_db},
};

#[tauri::command]
pub async fn companies_list(state: State<'_, AppState>, query: CompanyQuery) -> Result<Page<CompanySummary>, AppError> {
    with_db(&state, move |db| db.read(|c| companies::list(c, &query))).await
}

#[tauri::command]
pub async fn companies_get(state: State<'_, AppState>, id: i64) -> Result<Company, AppError> {
    with_db(&state, move |db| db.read(|c| companies::get(c, id))).await
}

#[tauri::command]
pub async fn companies_create(state: State<'_, AppState>, input: CompanyInput) -> Result<Company, AppError> {
    with_db(&state, move |db| db.write(|tx| companies::create(tx, &input))).await
}

#[tauri::command]
pub async fn companies_update(state: State<'_, AppState>, id: i64, input: CompanyInput) -> Result<Company, AppError> {
    with_db(&state, move |db| db.write(|tx| companies::update(tx, id, &input))).await
}

/// Every commitment tag in use, for the list filter.
#[tauri::command]
pub async fn companies_commitments(state: State<'_, AppState>) -> Result<Vec<String>, AppError> {
    with_db(&state, move |db| db.read(companies::commitments)).await
}
