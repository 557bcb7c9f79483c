//! The referentials: their versions and import (Paramètres → Référentiels), the lookups
//! of the forms, and the fixed lists with their labels.

use profilence_core::{
    forms::{self, Choices},
    geo::Commune,
    reference_update,
    referentials::{self, CodeLabel, ImportSummary, JobTitleOption, ReferentialVersion, SkillOption},
};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::{
    error::AppError,
    state::{AppState, with_db},
};

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReferentialsStatus {
    pub versions: Vec<ReferentialVersion>,
    /// The reference data folder found on this machine, to offer for import.
    pub suggested_folder: Option<String>,
}

#[tauri::command]
pub async fn referentials_status(state: State<'_, AppState>) -> Result<ReferentialsStatus, AppError> {
    let versions = with_db(&state, |db| db.read(referentials::versions)).await?;
    let suggested_folder = referentials::find_reference_data_dir().map(|dir| dir.display().to_string());
    Ok(ReferentialsStatus { versions, suggested_folder })
}

/// Reads `folder` whole, then replaces the referentials it holds in one transaction: a
/// broken folder changes nothing.
#[tauri::command]
pub async fn referentials_import(state: State<'_, AppState>, folder: String) -> Result<ImportSummary, AppError> {
    let folder = std::path::PathBuf::from(folder.trim());
    with_db(&state, move |db| {
        let release = referentials::read_folder(&folder)?;
        let summary = db.write(|tx| reference_update::install(tx, &release))?;
        log::info!("referentials imported: {:?}", summary.loaded.iter().map(|v| &v.kind).collect::<Vec<_>>());
        Ok(summary)
    })
    .await
}

#[tauri::command]
pub async fn referentials_job_titles(
    state: State<'_, AppState>,
    text: String,
) -> Result<Vec<JobTitleOption>, AppError> {
    with_db(&state, move |db| db.read(|c| referentials::search_job_titles(c, &text))).await
}

#[tauri::command]
pub async fn referentials_communes(state: State<'_, AppState>, text: String) -> Result<Vec<Commune>, AppError> {
    with_db(&state, move |db| db.read(|c| referentials::search_communes(c, &text))).await
}

#[tauri::command]
pub async fn referentials_naf(state: State<'_, AppState>, text: String) -> Result<Vec<CodeLabel>, AppError> {
    with_db(&state, move |db| db.read(|c| referentials::search_naf(c, &text))).await
}

/// NAF sectors of every level, for the sectors a candidate avoids or prefers.
#[tauri::command]
pub async fn referentials_sectors(state: State<'_, AppState>, text: String) -> Result<Vec<CodeLabel>, AppError> {
    with_db(&state, move |db| db.read(|c| referentials::search_sectors(c, &text))).await
}

/// The skills of the given ROME job sheets, core skills first, grouped as the ROME does.
#[tauri::command]
pub async fn referentials_job_skills(
    state: State<'_, AppState>,
    rome_codes: Vec<String>,
) -> Result<Vec<SkillOption>, AppError> {
    with_db(&state, move |db| db.read(|c| referentials::job_skills(c, &rome_codes))).await
}

#[tauri::command]
pub async fn referentials_domains(state: State<'_, AppState>) -> Result<Vec<CodeLabel>, AppError> {
    with_db(&state, |db| db.read(referentials::domains)).await
}

#[tauri::command]
pub async fn referentials_naf_divisions(state: State<'_, AppState>) -> Result<Vec<CodeLabel>, AppError> {
    with_db(&state, |db| db.read(referentials::naf_divisions)).await
}

/// The fixed lists of the forms with their French labels.
#[tauri::command]
pub fn referentials_choices() -> Choices {
    forms::all()
}
