//! Import of the legacy trackers: the preview (the whole import, rolled back), the import
//! itself (one transaction), its progress through a channel, "Annuler", and the report
//! saved as XLSX or CSV. The work runs off the UI thread; the window stays responsive.

use std::{
    path::PathBuf,
    sync::{Mutex, PoisonError},
    time::{Duration, Instant},
};

use profilence_core::import::{self, Cancel, ImportOptions, ImportPhase, ImportProgress, ImportReport};
use tauri::{State, ipc::Channel};

use crate::{
    commands::dialogs::{Chosen, Purpose},
    error::AppError,
    state::{AppState, with_db},
};

/// The import under way (its cancel flag) and the last report, for "Enregistrer le rapport".
#[derive(Default)]
pub struct ImportControl {
    cancel: Cancel,
    last: Mutex<Option<ImportReport>>,
}

/// How often the progress bar moves at most.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

async fn execute(
    state: &AppState,
    control: &ImportControl,
    path: String,
    options: ImportOptions,
    channel: Channel<ImportProgress>,
    commit: bool,
) -> Result<ImportReport, AppError> {
    let now = state.clock.now();
    let path = PathBuf::from(path.trim());
    control.cancel.reset();
    let cancel = control.cancel.clone();
    let report = with_db(state, move |db| {
        let mut last: Option<(Instant, ImportPhase)> = None;
        let mut progress = |p: ImportProgress| {
            let due =
                last.is_none_or(|(at, phase)| phase != p.phase || at.elapsed() >= PROGRESS_EVERY || p.done == p.total);
            if due {
                last = Some((Instant::now(), p.phase));
                // A window closed meanwhile: nobody to tell, the import goes on.
                let _ = channel.send(p);
            }
        };
        if commit {
            import::run(db, &path, &options, now, &cancel, &mut progress)
        } else {
            import::preview(db, &path, &options, now, &cancel, &mut progress)
        }
    })
    .await?;
    *control.last.lock().unwrap_or_else(PoisonError::into_inner) = Some(report.clone());
    Ok(report)
}

/// What the import of `path` would do, with the first rows as stored; writes nothing.
#[tauri::command]
pub async fn import_preview(
    state: State<'_, AppState>,
    control: State<'_, ImportControl>,
    path: String,
    options: ImportOptions,
    on_progress: Channel<ImportProgress>,
) -> Result<ImportReport, AppError> {
    execute(&state, &control, path, options, on_progress, false).await
}

/// Imports `path`: every valid row in one transaction, or nothing.
#[tauri::command]
pub async fn import_run(
    state: State<'_, AppState>,
    control: State<'_, ImportControl>,
    path: String,
    options: ImportOptions,
    on_progress: Channel<ImportProgress>,
) -> Result<ImportReport, AppError> {
    execute(&state, &control, path, options, on_progress, true).await
}

/// Stops the preview or import under way; nothing is written.
#[tauri::command]
pub fn import_cancel(control: State<'_, ImportControl>) {
    control.cancel.cancel();
}

/// Saves the last report's rejected and doubtful rows where the counsellor chose in the
/// save dialog (`dialogs_choose`): XLSX when the name ends in .xlsx, CSV otherwise.
#[tauri::command]
pub async fn import_save_report(control: State<'_, ImportControl>, chosen: State<'_, Chosen>) -> Result<(), AppError> {
    let report = control.last.lock().unwrap_or_else(PoisonError::into_inner).clone();
    let Some(report) = report else {
        return Err(AppError::NotFound { message: "Aucun rapport d'import à enregistrer.".into() });
    };
    let Some(path) = chosen.get(Purpose::ImportReport) else {
        return Err(AppError::Rule { message: "Choisissez d'abord où enregistrer le rapport.".into() });
    };
    tauri::async_runtime::spawn_blocking(move || import::report::save(&report, &path))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::from)
}
