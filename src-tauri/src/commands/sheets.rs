//! Profile sheets: the shortening warnings before sending, a preview and a promotion's
//! stored sheet opened in the system's PDF viewer (which prints), and batches into a folder
//! with progress and cancellation.

use std::sync::atomic::{AtomicBool, Ordering};

use profilence_core::{
    cancel::Cancel,
    promotions,
    sheets::{self, SheetCheck},
    sheets_batch::{self, BatchOf, BatchProgress, BatchSummary},
};
use tauri::{AppHandle, State, ipc::Channel};

use crate::{
    commands::dialogs::{Chosen, Purpose},
    error::AppError,
    files,
    state::{AppState, with_db},
};

/// The one batch that may run at a time, and the request to stop it.
#[derive(Default)]
pub struct SheetBatches {
    running: AtomicBool,
    cancel: Cancel,
}

/// For each candidate, what their sheet would shorten to fit its page.
#[tauri::command]
pub async fn sheets_check(
    state: State<'_, AppState>,
    candidate_ids: Vec<i64>,
    anonymous: bool,
    sensitive: Option<bool>,
) -> Result<Vec<SheetCheck>, AppError> {
    let today = state.clock.today();
    let shown = (anonymous, sensitive.unwrap_or(false));
    with_db(&state, move |db| db.read(|c| sheets::check(c, &candidate_ids, shown, today))).await
}

/// The sheet as it would be sent now (the sensitive publics only when `sensitive`), opened
/// in the PDF viewer and recorded in the journal; returns the file's path. Addressed to a
/// company, it passes the send gate first.
#[tauri::command]
pub async fn sheets_preview(
    app: AppHandle,
    state: State<'_, AppState>,
    candidate_id: i64,
    anonymous: bool,
    sensitive: Option<bool>,
    company_id: Option<i64>,
    contact_id: Option<i64>,
) -> Result<String, AppError> {
    let today = state.clock.today();
    let addressed = company_id.map(|company| (company, contact_id));
    let shown = (anonymous, sensitive.unwrap_or(false));
    let sheet =
        with_db(&state, move |db| db.write(|tx| promotions::gate::sheet(tx, candidate_id, shown, addressed, today)))
            .await?;
    files::open_new(&app, files::PREVIEWS, &files::preview_name(), &sheet.pdf)
}

/// The sheet a promotion was sent with, opened in the PDF viewer to read or print.
#[tauri::command]
pub async fn sheets_open(app: AppHandle, state: State<'_, AppState>, promotion_id: i64) -> Result<String, AppError> {
    let sheet = with_db(&state, move |db| db.read(|c| sheets::required(c, promotion_id))).await?;
    log::info!("promotion {promotion_id}: stored sheet opened");
    files::open_new(&app, files::SHEETS, &format!("fiche-{promotion_id}.pdf"), &sheet.pdf)
}

/// Writes the sheets of `of` into the folder chosen in the dialog (`dialogs_choose`),
/// reporting each file on `progress`.
#[tauri::command]
pub async fn sheets_batch(
    state: State<'_, AppState>,
    batches: State<'_, SheetBatches>,
    chosen: State<'_, Chosen>,
    of: BatchOf,
    progress: Channel<BatchProgress>,
) -> Result<BatchSummary, AppError> {
    // None chosen: the core asks for one, next to the field.
    let folder = chosen.get(Purpose::SheetsBatch).map(|f| f.display().to_string()).unwrap_or_default();
    if batches.running.swap(true, Ordering::SeqCst) {
        return Err(AppError::Rule {
            message: "Des fiches sont déjà en cours d'écriture : attendez la fin.".into()
        });
    }
    batches.cancel.reset();
    let cancel = batches.cancel.clone();
    let today = state.clock.today();
    let result = with_db(&state, move |db| {
        sheets_batch::run(db, &of, &folder, today, &cancel, |p| {
            // A closed window no longer listens: the batch goes on regardless.
            let _ = progress.send(p.clone());
        })
    })
    .await;
    batches.running.store(false, Ordering::SeqCst);
    result
}

/// Stops the running batch after the file being written.
#[tauri::command]
pub fn sheets_batch_cancel(batches: State<'_, SheetBatches>) {
    batches.cancel.cancel();
}
