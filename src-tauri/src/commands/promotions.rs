use profilence_core::{
    list::Page,
    promotions::{
        self, EventInput, PromoteInput, Promotion, PromotionQuery, TargetInfo, Timeline, TimelineOf,
        follow_ups::{self, FollowUpPage, FollowUpQuery},
        templates::{self, PitchTemplates},
    },
    settings::{self, PromotionSettings},
};
use tauri::State;

use crate::{
    error::AppError,
    state::{AppState, with_db},
    unanswered::{NoAnswerPass, PassWatch},
};

/// Creates the promotions (sent, or drafts); a warning to confirm comes back as an error
/// of kind `confirmation` listing each, and the same input with `confirmations` filled
/// goes through.
#[tauri::command]
pub async fn promotions_promote(state: State<'_, AppState>, input: PromoteInput) -> Result<Vec<Promotion>, AppError> {
    let now = state.clock.now();
    with_db(&state, move |db| db.write(|tx| promotions::promote(tx, &input, now))).await
}

/// Records one event on each of `ids`, all or none.
#[tauri::command]
pub async fn promotions_record_event(
    state: State<'_, AppState>,
    ids: Vec<i64>,
    input: EventInput,
) -> Result<Vec<Promotion>, AppError> {
    let now = state.clock.now();
    with_db(&state, move |db| db.write(|tx| promotions::record_event(tx, &ids, &input, now))).await
}

/// The long "no answer" pass under way, if one is, and how many have ended.
#[tauri::command]
pub fn promotions_no_answer_pass(watch: State<'_, PassWatch>) -> NoAnswerPass {
    watch.get()
}

/// Promotions, latest first.
#[tauri::command]
pub async fn promotions_list(state: State<'_, AppState>, query: PromotionQuery) -> Result<Page<Promotion>, AppError> {
    let now = state.clock.now();
    with_db(&state, move |db| promotions::list(db, &query, now)).await
}

/// A candidate's or a company's promotions with their events.
#[tauri::command]
pub async fn promotions_timeline(state: State<'_, AppState>, of: TimelineOf) -> Result<Timeline, AppError> {
    let now = state.clock.now();
    with_db(&state, move |db| promotions::timeline(db, of, now)).await
}

/// The companies' monthly contacts and the candidate's last promotion there.
#[tauri::command]
pub async fn promotions_target_info(
    state: State<'_, AppState>,
    candidate_id: Option<i64>,
    company_ids: Vec<i64>,
) -> Result<Vec<TargetInfo>, AppError> {
    let today = state.clock.today();
    with_db(&state, move |db| db.read(|c| promotions::target_info(c, candidate_id, &company_ids, today))).await
}

/// The pitch templates (built-in and the counsellor's), the merge fields, the domains'
/// defaults and, for `candidate_id`, the template to start from.
#[tauri::command]
pub async fn promotions_pitch_templates(
    state: State<'_, AppState>,
    candidate_id: Option<i64>,
) -> Result<PitchTemplates, AppError> {
    with_db(&state, move |db| db.read(|c| templates::list(c, candidate_id))).await
}

/// The template filled for one candidate (and company, once chosen).
#[tauri::command]
pub async fn promotions_pitch_preview(
    state: State<'_, AppState>,
    template: String,
    candidate_id: i64,
    company_id: Option<i64>,
    job_offer_ref: String,
    anonymous: Option<bool>,
    sensitive: Option<bool>,
) -> Result<String, AppError> {
    let today = state.clock.today();
    let shown = (anonymous.unwrap_or(false), sensitive.unwrap_or(false));
    with_db(&state, move |db| {
        db.read(|c| promotions::preview_pitch(c, &template, candidate_id, company_id, &job_offer_ref, today, shown))
    })
    .await
}

/// The e-mail subject filled as `promotions_pitch_preview` fills the pitch (kind
/// `validation` on `subjectTemplate`).
#[tauri::command]
pub async fn promotions_subject_preview(
    state: State<'_, AppState>,
    template: String,
    candidate_id: i64,
    company_id: Option<i64>,
    job_offer_ref: String,
    anonymous: Option<bool>,
    sensitive: Option<bool>,
) -> Result<String, AppError> {
    let today = state.clock.today();
    let shown = (anonymous.unwrap_or(false), sensitive.unwrap_or(false));
    with_db(&state, move |db| {
        db.read(|c| promotions::preview_subject(c, &template, candidate_id, company_id, &job_offer_ref, today, shown))
    })
    .await
}

/// "Relances": the promotions to remind.
#[tauri::command]
pub async fn follow_ups_list(state: State<'_, AppState>, query: FollowUpQuery) -> Result<FollowUpPage, AppError> {
    let now = state.clock.now();
    with_db(&state, move |db| follow_ups::due(db, &query, now)).await
}

#[tauri::command]
pub async fn promotion_settings_get(state: State<'_, AppState>) -> Result<PromotionSettings, AppError> {
    with_db(&state, |db| db.read(settings::promotion_settings)).await
}

#[tauri::command]
pub async fn promotion_settings_update(
    state: State<'_, AppState>,
    input: PromotionSettings,
) -> Result<PromotionSettings, AppError> {
    with_db(&state, move |db| db.write(|tx| settings::update_promotion_settings(tx, &input))).await
}
