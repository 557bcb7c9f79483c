use profilence_core::{
    candidates::Candidate,
    neighbours::{self, JobNeighbours},
    targeting::{self, CandidateTargets, CompanyCandidates, Evaluation, Reach, TargetQuery},
};
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

/// The neighbouring jobs of each of candidate `id`'s target jobs.
#[tauri::command]
pub async fn neighbours_for_candidate(state: State<'_, AppState>, id: i64) -> Result<Vec<JobNeighbours>, AppError> {
    let today = state.clock.today();
    with_db(&state, move |db| db.read(|c| neighbours::for_candidate(c, id, today))).await
}

/// A neighbouring job taken up: job title `title_code` added to candidate `id`'s target jobs.
#[tauri::command]
pub async fn neighbours_add_target_job(
    state: State<'_, AppState>,
    id: i64,
    title_code: i64,
) -> Result<Candidate, AppError> {
    let today = state.clock.today();
    with_db(&state, move |db| db.write(|tx| neighbours::add_target_job(tx, id, title_code, today))).await
}

/// What each of candidates `ids` (« À promouvoir ») has before them: companies and
/// neighbouring jobs.
#[tauri::command]
pub async fn targeting_reach(state: State<'_, AppState>, ids: Vec<i64>) -> Result<Vec<Reach>, AppError> {
    let today = state.clock.today();
    with_db(&state, move |db| db.read(|c| ids.iter().map(|&id| targeting::reach(c, id, today)).collect())).await
}
