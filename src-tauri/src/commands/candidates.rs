use profilence_core::{
    candidates::{self, Candidate, CandidateInput, CandidateQuery, CandidateSummary, DuplicateMatch},
    hiring_aids::{self, AidsPreview, Eligibility, Person},
    list::Page,
};
use tauri::State;

use crate::{
    error::AppError,
    state::{AppState, with_db},
};

#[tauri::command]
pub async fn candidates_list(
    state: State<'_, AppState>,
    query: CandidateQuery,
) -> Result<Page<CandidateSummary>, AppError> {
    let today = state.clock.today();
    with_db(&state, move |db| db.read(|c| candidates::list(c, &query, today))).await
}

#[tauri::command]
pub async fn candidates_get(state: State<'_, AppState>, id: i64) -> Result<Candidate, AppError> {
    let today = state.clock.today();
    with_db(&state, move |db| db.read(|c| candidates::get(c, id, today))).await
}

/// Creates a candidate; unless `allowDuplicate`, a likely duplicate is refused with an
/// error of kind `duplicate` listing the existing records.
#[tauri::command]
pub async fn candidates_create(
    state: State<'_, AppState>,
    input: CandidateInput,
    allow_duplicate: bool,
) -> Result<Candidate, AppError> {
    let today = state.clock.today();
    with_db(&state, move |db| db.write(|tx| candidates::create(tx, &input, today, allow_duplicate))).await
}

#[tauri::command]
pub async fn candidates_update(
    state: State<'_, AppState>,
    id: i64,
    input: CandidateInput,
) -> Result<Candidate, AppError> {
    let today = state.clock.today();
    with_db(&state, move |db| db.write(|tx| candidates::update(tx, id, &input, today))).await
}

/// Existing candidates the form being typed seems to repeat (`exclude`: the one edited).
#[tauri::command]
pub async fn candidates_duplicates(
    state: State<'_, AppState>,
    input: CandidateInput,
    exclude: Option<i64>,
) -> Result<Vec<DuplicateMatch>, AppError> {
    with_db(&state, move |db| db.read(|c| candidates::duplicates_of(c, &input, exclude))).await
}

/// The counsellors named on candidates, for the list filter.
#[tauri::command]
pub async fn candidates_counsellors(state: State<'_, AppState>) -> Result<Vec<String>, AppError> {
    with_db(&state, move |db| db.read(candidates::counsellors)).await
}

/// The age today, the age publics it gives and the aids an employer could obtain for
/// someone with these flags and this birth date (`YYYY-MM-DD` or empty, as typed): the
/// form shows them as the publics are ticked and the birth date typed.
#[tauri::command]
pub fn candidates_hiring_aids(state: State<'_, AppState>, eligibility: Eligibility, birth_date: String) -> AidsPreview {
    hiring_aids::preview(&Person::from_form(eligibility, &birth_date, state.clock.today()))
}
