//! The months after a hire: the check-ins due (Relances), recorded or moved, and the trial
//! periods of Paramètres.

use profilence_core::promotions::checkins::{self, Checkin, CheckinDateInput, CheckinInput, DueCheckins, TrialPeriod};
use tauri::State;

use crate::{
    error::AppError,
    state::{AppState, with_db},
};

/// The check-ins due today (by the app's clock), the oldest first.
#[tauri::command]
pub async fn checkins_due(state: State<'_, AppState>) -> Result<DueCheckins, AppError> {
    let today = state.clock.today();
    with_db(&state, move |db| db.read(|c| checkins::due(c, today))).await
}

/// Records what a check-in found.
#[tauri::command]
pub async fn checkins_record(state: State<'_, AppState>, input: CheckinInput) -> Result<Checkin, AppError> {
    let now = state.clock.now();
    with_db(&state, move |db| db.write(|tx| checkins::record(tx, &input, now))).await
}

/// Moves a check-in still to do to another day.
#[tauri::command]
pub async fn checkins_reschedule(state: State<'_, AppState>, input: CheckinDateInput) -> Result<Checkin, AppError> {
    with_db(&state, move |db| db.write(|tx| checkins::reschedule(tx, &input))).await
}

#[tauri::command]
pub async fn checkins_trial_periods(state: State<'_, AppState>) -> Result<Vec<TrialPeriod>, AppError> {
    with_db(&state, |db| db.read(checkins::trial_periods)).await
}

#[tauri::command]
pub async fn checkins_trial_periods_update(
    state: State<'_, AppState>,
    periods: Vec<TrialPeriod>,
) -> Result<Vec<TrialPeriod>, AppError> {
    with_db(&state, move |db| db.write(|tx| checkins::save_trial_periods(tx, &periods))).await
}
