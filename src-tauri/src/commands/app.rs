use profilence_core::{
    demo, migrations, onboarding, reference_update, referentials,
    team::membership::{self, SignedIn},
};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::{
    error::AppError,
    state::{AppState, with_db},
};

/// Demo size offered at first launch.
const DEMO_CANDIDATES: u32 = 60;
const DEMO_COMPANIES: u32 = 25;
/// Promotions of the last four months, with their answers, interviews and hires.
const DEMO_PROMOTIONS: u32 = 80;
const DEMO_SPAN_DAYS: u32 = 120;

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppStatus {
    pub database_path: String,
    pub schema_version: Option<u32>,
    /// Why the database could not be opened; the UI shows it instead of the pages.
    pub error: Option<AppError>,
    /// The first-launch choice, `None` until the counsellor has made it.
    pub start_choice: Option<onboarding::StartChoice>,
    /// Who works on the team's database, when the app works on one (the header says so
    /// instead of the desktop's backups).
    pub team: Option<SignedIn>,
}

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> Result<AppStatus, AppError> {
    let database_path = state.database_path.display().to_string();
    if let Some(error) = state.startup_error() {
        return Ok(AppStatus {
            database_path,
            schema_version: None,
            error: Some(error),
            start_choice: None,
            team: None,
        });
    }
    let (version, choice, team) = with_db(&state, |db| {
        let team = if db.is_team() { Some(membership::signed_in(db)?) } else { None };
        db.read(|c| Ok((migrations::version_of(c)?, onboarding::choice(c)?, team)))
    })
    .await?;
    Ok(AppStatus { database_path, schema_version: Some(version), error: None, start_choice: choice, team })
}

/// Opens the database again when it could not be opened at start (the keychain still
/// locked at login…), without restarting the app; then the status, as `app_status`.
#[tauri::command]
pub async fn app_retry(state: State<'_, AppState>) -> Result<AppStatus, AppError> {
    let opened = tauri::async_runtime::spawn_blocking(state.retry()).await.map_err(AppError::internal)?;
    if opened.is_some() {
        // The daily threads find it at their next turn.
        log::info!("database opened on retry");
    }
    app_status(state).await
}

/// First launch: load the referentials and the demo data, or start empty.
#[tauri::command]
pub async fn app_start(
    state: State<'_, AppState>,
    choice: onboarding::StartChoice,
) -> Result<Option<demo::DemoSummary>, AppError> {
    let folder = match choice {
        onboarding::StartChoice::Empty => None,
        onboarding::StartChoice::Demo => Some(reference_folder()?),
    };
    let now = state.clock.now();
    with_db(&state, move |db| {
        // One transaction: the choice is recorded with the demo data, and a second call
        // (a double click) finds it made and adds nothing.
        db.write(|tx| {
            if onboarding::choice(tx)?.is_some() {
                return Ok(None);
            }
            let summary = match &folder {
                Some(folder) => {
                    // Read and checked in full before anything is stored, off the UI thread.
                    reference_update::install_folder(tx, folder)?;
                    let seed = rand_seed();
                    let mut summary = demo::generate(tx, DEMO_CANDIDATES, DEMO_COMPANIES, seed, now.date_naive())?;
                    summary.promotions = demo::promotions(tx, DEMO_PROMOTIONS, DEMO_SPAN_DAYS, seed, now)?;
                    Some(summary)
                }
                None => None,
            };
            onboarding::record(tx, choice)?;
            Ok(summary)
        })
    })
    .await
}

/// The reference data folder the demo's referentials are read from.
fn reference_folder() -> Result<std::path::PathBuf, AppError> {
    referentials::find_reference_data_dir().ok_or_else(|| AppError::ReferenceData {
        message: "Référentiels introuvables (ROME, communes, NAF) : indiquez leur dossier dans la variable \
                      PROFILENCE_DATA_DIR, ou commencez avec une base vide."
            .into(),
    })
}

/// Another demo at each first launch; `--demo-seed N` (debug builds) makes it the same one,
/// so that the end-to-end scenarios never meet a demo record that looks like theirs.
fn rand_seed() -> u64 {
    if let Ok(Some(seed)) = crate::state::argument("--demo-seed")
        && let Ok(seed) = seed.parse()
    {
        return seed;
    }
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}
