//! Paramètres → Modèles d'argumentaire: the counsellor's pitch templates, the default of
//! each ROME domain, and the template file (written and read where the counsellor chooses
//! in the app's own dialog, never at a path from the page).

use profilence_core::promotions::templates::{
    self, DomainDefault, PitchTemplate, TemplateInput, TemplateRef,
    file::{self, TemplatesImported},
};
use serde::Serialize;
use tauri::{AppHandle, State};
use ts_rs::TS;

use crate::{
    commands::dialogs::{self, Purpose},
    error::AppError,
    state::{AppState, with_db},
};

#[tauri::command]
pub async fn templates_create(state: State<'_, AppState>, input: TemplateInput) -> Result<PitchTemplate, AppError> {
    with_db(&state, move |db| db.write(|tx| templates::create(tx, &input))).await
}

#[tauri::command]
pub async fn templates_update(
    state: State<'_, AppState>,
    reference: TemplateRef,
    input: TemplateInput,
) -> Result<PitchTemplate, AppError> {
    with_db(&state, move |db| db.write(|tx| templates::update(tx, reference, &input))).await
}

#[tauri::command]
pub async fn templates_duplicate(
    state: State<'_, AppState>,
    reference: TemplateRef,
) -> Result<PitchTemplate, AppError> {
    with_db(&state, move |db| db.write(|tx| templates::duplicate(tx, reference))).await
}

#[tauri::command]
pub async fn templates_delete(state: State<'_, AppState>, reference: TemplateRef) -> Result<(), AppError> {
    with_db(&state, move |db| db.write(|tx| templates::delete(tx, reference))).await
}

/// The template of ROME domain `domain`; `None`: the first built-in one again.
#[tauri::command]
pub async fn templates_set_default(
    state: State<'_, AppState>,
    domain: String,
    reference: Option<TemplateRef>,
) -> Result<Vec<DomainDefault>, AppError> {
    with_db(&state, move |db| db.write(|tx| templates::set_default(tx, &domain, reference))).await
}

/// The template file written: where, and how many templates.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TemplatesExported {
    pub path: String,
    pub count: u32,
}

/// Writes the counsellor's templates to the file chosen in the save dialog; `None` when
/// they cancel it.
#[tauri::command]
pub async fn templates_export(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<TemplatesExported>, AppError> {
    let suggested = format!("modeles-argumentaire-{}.json", state.clock.today().format("%Y-%m-%d"));
    let Some(path) = dialogs::pick(app, Purpose::TemplatesExport, Some(suggested)).await? else {
        return Ok(None);
    };
    let shown = path.display().to_string();
    let count = with_db(&state, move |db| db.write(|tx| file::export(tx, &path))).await?;
    Ok(Some(TemplatesExported { path: shown, count }))
}

/// Adds the templates of the file chosen in the open dialog; `None` when they cancel it.
#[tauri::command]
pub async fn templates_import(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<TemplatesImported>, AppError> {
    let Some(path) = dialogs::pick(app, Purpose::TemplatesImport, None).await? else {
        return Ok(None);
    };
    with_db(&state, move |db| db.write(|tx| file::import(tx, &path))).await.map(Some)
}
