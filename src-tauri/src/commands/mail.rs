//! E-mail: the mail server's settings (its password in the OS keychain), a connection
//! test, sending draft promotions, and `.eml` drafts opened in the mail client.

use profilence_core::mail::{self, DeliveryResult, MailSettings, MailSettingsInput, password::Keychain};
use tauri::{AppHandle, State};

use crate::{
    error::AppError,
    files,
    state::{AppState, with_db},
};

#[tauri::command]
pub async fn mail_settings_get(state: State<'_, AppState>) -> Result<MailSettings, AppError> {
    with_db(&state, |db| db.read(|c| mail::settings(c, &Keychain))).await
}

#[tauri::command]
pub async fn mail_settings_update(
    state: State<'_, AppState>,
    input: MailSettingsInput,
) -> Result<MailSettings, AppError> {
    with_db(&state, move |db| db.write(|tx| mail::update_settings(tx, &input, &Keychain))).await
}

/// Connects to the server with the saved settings; kind `mail` carries its answer.
#[tauri::command]
pub async fn mail_test(state: State<'_, AppState>) -> Result<String, AppError> {
    with_db(&state, |db| db.read(|c| mail::test_connection(c, &Keychain))).await
}

/// E-mails each draft promotion of `ids`; each result says sent, or the server's refusal.
#[tauri::command]
pub async fn mail_send(state: State<'_, AppState>, ids: Vec<i64>) -> Result<Vec<DeliveryResult>, AppError> {
    let clock = state.clock.clone();
    with_db(&state, move |db| mail::deliver(db, &ids, &Keychain, || clock.now())).await
}

/// Writes each promotion's message as an `.eml` draft and opens it in the mail client;
/// the promotions stay drafts until the counsellor confirms they went.
#[tauri::command]
pub async fn mail_draft(app: AppHandle, state: State<'_, AppState>, ids: Vec<i64>) -> Result<Vec<String>, AppError> {
    let now = state.clock.now();
    let folder = files::folder(&app, files::DRAFTS)?;
    let paths = with_db(&state, move |db| {
        ids.iter()
            .map(|&id| {
                // Checked by the send gate and journaled; the file is written before the
                // journal entry commits.
                db.write(|tx| {
                    let out = mail::draft(tx, id, &Keychain, now)?;
                    mail::write_draft(&out, &folder)
                })
            })
            .collect::<profilence_core::Result<Vec<_>>>()
    })
    .await?;
    paths.iter().map(|path| files::open(&app, path)).collect()
}
