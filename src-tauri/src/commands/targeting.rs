use profilence_core::targeting::{self, CandidateTargets, CompanyCandidates, Evaluation, TargetQuery};
use tauri::State;

use crate::{
    error::AppError,
    state::{AppState, with_db},
};

/// « Cibler »: the companies most likely to hire candidate `id`, with their reasons.
#[tauri::command]
pub async fn targeting_for_candidate(
    state: State<'_, AppState>,
    id: i64,
    query: TargetQuery,
) -> Result<CandidateTargets, AppError> {
    let now = state.clock.now();
    with_db(&state, move |db| db.read(|c| targeting::for_candidate(c, id, &query, now))).await
}

/// « Candidats à proposer »: the people of the pool to offer company `id`.
#[tauri::command]
pub async fn targeting_for_company(
    state: State<'_, AppState>,
    id: i64,
    query: TargetQuery,
) -> Result<CompanyCandidates, AppError> {
    let now = state.clock.now();
    with_db(&state, move |db| db.read(|c| targeting::for_company(c, id, &query, now))).await
}

/// The agency's history replayed: how targeting would have ranked the companies that
/// interviewed or hired, against the nearest-first baseline.
#[tauri::command]
pub async fn targeting_evaluate(state: State<'_, AppState>) -> Result<Evaluation, AppError> {
    let now = state.clock.now();
    with_db(&state, move |db| db.read(|c| targeting::evaluate(c, Some(targeting::EVALUATED), now))).await
}
