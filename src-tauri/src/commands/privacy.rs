//! Erasure, consent withdrawn and renewed, and the retention rule (data protection).

use profilence_core::{
    candidates::{self, RenewalInput, WithdrawalInput},
    erasure::{self, ErasurePreview, ErasureSummary, Why},
    retention::{self, DueRecord, RetentionSettings},
};
use tauri::State;

use crate::{
    error::AppError,
    state::{AppState, with_db},
};

#[tauri::command]
pub async fn candidates_erasure_preview(state: State<'_, AppState>, id: i64) -> Result<ErasurePreview, AppError> {
    with_db(&state, move |db| db.read(|c| erasure::erasure_preview(c, id))).await
}

#[tauri::command]
pub async fn candidates_erase(state: State<'_, AppState>, id: i64) -> Result<ErasureSummary, AppError> {
    with_db(&state, move |db| db.write(|tx| erasure::erase_candidate(tx, id, Why::Request))).await
}

#[tauri::command]
pub async fn companies_erase_contact(
    state: State<'_, AppState>,
    company_id: i64,
    contact_id: i64,
) -> Result<ErasureSummary, AppError> {
    with_db(&state, move |db| db.write(|tx| erasure::erase_contact(tx, company_id, contact_id, Why::Request))).await
}

#[tauri::command]
pub async fn companies_erase(state: State<'_, AppState>, id: i64) -> Result<ErasureSummary, AppError> {
    with_db(&state, move |db| db.write(|tx| erasure::erase_company(tx, id))).await
}

#[tauri::command]
pub async fn candidates_withdraw_consent(
    state: State<'_, AppState>,
    id: i64,
    input: WithdrawalInput,
) -> Result<candidates::Candidate, AppError> {
    let today = state.clock.today();
    with_db(&state, move |db| {
        db.write(|tx| {
            candidates::withdraw_consent(tx, id, &input, today)?;
            candidates::get(tx, id, today)
        })
    })
    .await
}

#[tauri::command]
pub async fn candidates_renew_consent(
    state: State<'_, AppState>,
    id: i64,
    input: RenewalInput,
) -> Result<candidates::Candidate, AppError> {
    let today = state.clock.today();
    with_db(&state, move |db| {
        db.write(|tx| {
            candidates::renew_consent(tx, id, &input, today)?;
            candidates::get(tx, id, today)
        })
    })
    .await
}

#[tauri::command]
pub async fn retention_settings_get(state: State<'_, AppState>) -> Result<RetentionSettings, AppError> {
    with_db(&state, move |db| db.read(retention::settings)).await
}

#[tauri::command]
pub async fn retention_settings_update(
    state: State<'_, AppState>,
    candidate_months: u32,
    contact_months: u32,
) -> Result<RetentionSettings, AppError> {
    with_db(&state, move |db| db.write(|tx| retention::update_settings(tx, candidate_months, contact_months))).await
}

/// What the rule anonymises in the coming `retention::DUE_WITHIN_DAYS` days.
#[tauri::command]
pub async fn retention_due(state: State<'_, AppState>) -> Result<Vec<DueRecord>, AppError> {
    let today = state.clock.today();
    with_db(&state, move |db| db.read(|c| retention::due(c, today, retention::DUE_WITHIN_DAYS))).await
}
