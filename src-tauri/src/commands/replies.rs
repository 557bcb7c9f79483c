//! The employers' replies: Paramètres → Messagerie's inbox (IMAP), « Relever maintenant »,
//! the replies waiting on Relances (confirm in one click, correct, put aside) and those of
//! a timeline. The inbox is also read by the shell's own thread (`inbox`).

use profilence_core::{
    mail::{
        inbox::{self, InboxReading, InboxSettings, InboxSettingsInput},
        password::InboxKeychain,
        received::{self, EmployerReply},
    },
    promotions::{EventInput, Promotion, TimelineOf},
};
use tauri::State;

use crate::{
    error::AppError,
    state::{AppState, with_db},
};

#[tauri::command]
pub async fn inbox_settings_get(state: State<'_, AppState>) -> Result<InboxSettings, AppError> {
    with_db(&state, |db| db.read(|c| inbox::settings(c, &InboxKeychain))).await
}

#[tauri::command]
pub async fn inbox_settings_update(
    state: State<'_, AppState>,
    input: InboxSettingsInput,
) -> Result<InboxSettings, AppError> {
    with_db(&state, move |db| db.write(|tx| inbox::update_settings(tx, &input, &InboxKeychain))).await
}

/// « Relever maintenant »: reads the inbox once.
#[tauri::command]
pub async fn inbox_check_now(state: State<'_, AppState>) -> Result<InboxReading, AppError> {
    let now = state.clock.now();
    with_db(&state, move |db| inbox::check(db, &InboxKeychain, now)).await
}

#[tauri::command]
pub async fn replies_pending(state: State<'_, AppState>) -> Result<Vec<EmployerReply>, AppError> {
    with_db(&state, |db| db.read(received::pending)).await
}

#[tauri::command]
pub async fn replies_of(state: State<'_, AppState>, of: TimelineOf) -> Result<Vec<EmployerReply>, AppError> {
    with_db(&state, move |db| db.read(|c| received::of_timeline(c, of))).await
}

/// The event a one-click answer proposes, recorded as it is.
#[tauri::command]
pub async fn reply_confirm(state: State<'_, AppState>, id: i64) -> Result<Promotion, AppError> {
    let now = state.clock.now();
    with_db(&state, move |db| db.write(|tx| received::confirm(tx, id, now))).await
}

/// The counsellor's own reading of a reply, recorded instead.
#[tauri::command]
pub async fn reply_correct(state: State<'_, AppState>, id: i64, input: EventInput) -> Result<Promotion, AppError> {
    let now = state.clock.now();
    with_db(&state, move |db| db.write(|tx| received::correct(tx, id, &input, now))).await
}

/// A reply put aside: read, or an answer that records nothing.
#[tauri::command]
pub async fn reply_close(state: State<'_, AppState>, id: i64) -> Result<EmployerReply, AppError> {
    let now = state.clock.now();
    with_db(&state, move |db| db.write(|tx| received::close(tx, id, now))).await
}
