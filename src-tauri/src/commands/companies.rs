use profilence_core::{
    companies::{self, Company, CompanyInput, CompanyQuery, CompanySummary},
    company_sheet::{self, CompanySheetOpened},
    list::Page,
};
use tauri::{AppHandle, State};

use crate::{
    error::AppError,
    files,
    state::{AppState, with_db},
};

#[tauri::command]
pub async fn companies_list(state: State<'_, AppState>, query: CompanyQuery) -> Result<Page<CompanySummary>, AppError> {
    with_db(&state, move |db| db.read(|c| companies::list(c, &query))).await
}

#[tauri::command]
pub async fn companies_get(state: State<'_, AppState>, id: i64) -> Result<Company, AppError> {
    with_db(&state, move |db| db.read(|c| companies::get(c, id))).await
}

#[tauri::command]
pub async fn companies_create(state: State<'_, AppState>, input: CompanyInput) -> Result<Company, AppError> {
    with_db(&state, move |db| db.write(|tx| companies::create(tx, &input))).await
}

#[tauri::command]
pub async fn companies_update(state: State<'_, AppState>, id: i64, input: CompanyInput) -> Result<Company, AppError> {
    with_db(&state, move |db| db.write(|tx| companies::update(tx, id, &input))).await
}

/// Every commitment tag in use, for the list filter.
#[tauri::command]
pub async fn companies_commitments(state: State<'_, AppState>) -> Result<Vec<String>, AppError> {
    with_db(&state, move |db| db.read(companies::commitments)).await
}

/// The company's sheet made now, recorded in the journal, opened in the PDF viewer (which
/// prints) from the app's cache of handed-over files, as a profile sheet's preview is;
/// returns where it is and what had to be shortened to fit the page.
#[tauri::command]
pub async fn companies_sheet(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
) -> Result<CompanySheetOpened, AppError> {
    let now = state.clock.now();
    let sheet = with_db(&state, move |db| db.write(|tx| company_sheet::preview(tx, id, now))).await?;
    let path = files::open_new(&app, files::PREVIEWS, &files::preview_name(), &sheet.pdf)?;
    Ok(CompanySheetOpened { path, cuts: sheet.cuts })
}
