//! Paramètres → Équipe: « Rejoindre une équipe » (the desktop's records uploaded into the
//! team's database on the agency's server, after the counsellor saw what would be moved and
//! what the team already has) and « Revenir à la base de ce poste ». The rules are the
//! core's (`team::moving_in`, `team::membership`); this module holds the switch of the
//! database the app works on.

use profilence_core::{
    Database,
    team::{
        membership::{self, Membership, PasswordStore, SignedIn},
        moving_in::{self, MovingIn},
    },
};
use serde::Serialize;
use tauri::{AppHandle, Manager, State};
use ts_rs::TS;

use super::blocking;
use crate::{error::AppError, state::AppState};

/// The team the desktop joined, if any, and who is signed in when its server answered.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TeamState {
    pub membership: Option<Membership>,
    pub signed_in: Option<SignedIn>,
}

#[tauri::command]
pub async fn team_state(state: State<'_, AppState>) -> Result<TeamState, AppError> {
    let membership = state.team();
    let signed_in = match state.database() {
        Ok(db) if db.is_team() => Some(blocking(move || membership::signed_in(&db)).await?),
        _ => None,
    };
    Ok(TeamState { membership, signed_in })
}

/// What joining would move, and the records the team already has; nothing written.
#[tauri::command]
pub async fn team_preview(
    state: State<'_, AppState>,
    membership: Membership,
    password: String,
) -> Result<MovingIn, AppError> {
    let desktop = desktop_database(&state)?;
    blocking(move || {
        let team = sign_in(&membership, &password)?;
        moving_in::preview(&desktop, &team)
    })
    .await
}

/// Uploads the desktop's records into the team's database (one transaction of the
/// server), keeps the password in the keychain, and from now on works on the team's
/// database. The desktop's file keeps its records as they were.
#[tauri::command]
pub async fn team_join(
    app: AppHandle,
    state: State<'_, AppState>,
    membership: Membership,
    password: String,
) -> Result<MovingIn, AppError> {
    let desktop = desktop_database(&state)?;
    let store = PasswordStore::beside(state.keys());
    let moved = blocking(move || {
        let team = sign_in(&membership, &password)?;
        let moved = moving_in::move_in(&desktop, &team)?;
        store.keep(&membership.server(), &password)?;
        membership::join(&desktop, &membership)?;
        Ok(moved)
    })
    .await?;
    log::info!("joined a team: {} candidates and {} companies moved in", moved.candidates, moved.companies);
    reopen(app).await?;
    Ok(moved)
}

/// Back to the desktop's own database (what was moved stays on the team's server).
#[tauri::command]
pub async fn team_leave(app: AppHandle, state: State<'_, AppState>) -> Result<(), AppError> {
    let desktop = state.desktop()?;
    blocking(move || membership::leave(&desktop)).await?;
    log::info!("left the team: working on the desktop's database");
    reopen(app).await
}

/// The desktop's database, open: joining starts from it.
fn desktop_database(state: &AppState) -> Result<std::sync::Arc<Database>, AppError> {
    let db = state.database()?;
    if db.is_team() {
        return Err(AppError::Rule {
            message: "Ce poste travaille déjà sur la base d'une équipe : revenez d'abord à la base de ce poste.".into(),
        });
    }
    Ok(db)
}

fn sign_in(membership: &Membership, password: &str) -> profilence_core::Result<Database> {
    membership.check()?;
    if password.is_empty() {
        return Err(profilence_core::Error::field("password", "Indiquez le mot de passe de votre compte."));
    }
    Database::connect_team(&membership.server(), password)
}

/// The database the app works on opened again (the team's or the desktop's, as the
/// desktop's file now says), once the work under way on the former one is done.
async fn reopen(app: AppHandle) -> Result<(), AppError> {
    tauri::async_runtime::spawn_blocking(move || app.state::<AppState>().replace(|| Ok(())))
        .await
        .map_err(AppError::internal)?
}
