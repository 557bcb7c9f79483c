//! Profilence desktop shell: plugins, state, window and commands. No business logic here:
//! every rule lives in `profilence-core`.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

mod backups;
mod commands;
mod dashboard_facts;
pub mod error;
mod files;
mod inbox;
mod retention;
mod state;
#[cfg(test)]
mod test_support;
mod unanswered;

use tauri::Manager;
use tauri_plugin_log::{RotationStrategy, Target, TargetKind};

/// Largest log file before it rotates; five old files are kept.
const LOG_FILE_MAX_BYTES: u128 = 2 * 1024 * 1024;

macro_rules! app_commands {
    () => {
        tauri::generate_handler![
            commands::app::app_status,
            commands::app::app_retry,
            commands::app::app_start,
            commands::backups::backup_status,
            commands::backups::backup_settings_update,
            commands::backups::backup_folder_choose,
            commands::backups::backup_code_generate,
            commands::backups::backup_code_passphrase,
            commands::backups::backup_code_print,
            commands::backups::backup_code_keep,
            commands::backups::backup_code_discard,
            commands::backups::backup_now,
            commands::backups::backup_restore_choose,
            commands::backups::backup_restore_check,
            commands::backups::backup_restore,
            commands::candidates::candidates_list,
            commands::candidates::candidates_get,
            commands::candidates::candidates_create,
            commands::candidates::candidates_update,
            commands::candidates::candidates_duplicates,
            commands::candidates::candidates_counsellors,
            commands::candidates::candidates_hiring_aids,
            commands::access::candidates_export_data,
            commands::access::candidates_export_open_folder,
            commands::companies::companies_list,
            commands::companies::companies_get,
            commands::companies::companies_create,
            commands::companies::companies_update,
            commands::companies::companies_commitments,
            commands::companies::companies_sheet,
            commands::promotions::promotions_promote,
            commands::promotions::promotions_record_event,
            commands::promotions::promotions_list,
            commands::promotions::promotions_timeline,
            commands::promotions::promotions_no_answer_pass,
            commands::promotions::promotions_target_info,
            commands::promotions::promotions_pitch_templates,
            commands::promotions::promotions_pitch_preview,
            commands::promotions::promotions_subject_preview,
            commands::promotions::follow_ups_list,
            commands::checkins::checkins_due,
            commands::checkins::checkins_record,
            commands::checkins::checkins_reschedule,
            commands::checkins::checkins_trial_periods,
            commands::checkins::checkins_trial_periods_update,
            commands::promotions::promotion_settings_get,
            commands::promotions::promotion_settings_update,
            commands::referentials::referentials_status,
            commands::referentials::referentials_import,
            commands::referentials::referentials_job_titles,
            commands::referentials::referentials_communes,
            commands::referentials::referentials_naf,
            commands::referentials::referentials_sectors,
            commands::referentials::referentials_job_skills,
            commands::referentials::referentials_domains,
            commands::referentials::referentials_naf_divisions,
            commands::referentials::referentials_choices,
            commands::settings::settings_get,
            commands::settings::settings_update,
            commands::import::import_preview,
            commands::import::import_run,
            commands::import::import_cancel,
            commands::import::import_save_report,
            commands::journal::journal_list,
            commands::journal::journal_verify,
            commands::journal::journal_export,
            commands::lists_out::lists_export,
            commands::sheets::sheets_check,
            commands::sheets::sheets_preview,
            commands::sheets::sheets_open,
            commands::sheets::sheets_batch,
            commands::sheets::sheets_batch_cancel,
            commands::mail::mail_settings_get,
            commands::mail::mail_settings_update,
            commands::mail::mail_test,
            commands::mail::mail_send,
            commands::mail::mail_draft,
            commands::replies::inbox_settings_get,
            commands::replies::inbox_settings_update,
            commands::replies::inbox_check_now,
            commands::replies::replies_pending,
            commands::replies::replies_of,
            commands::replies::reply_confirm,
            commands::replies::reply_correct,
            commands::replies::reply_close,
            commands::dialogs::dialogs_choose,
            commands::stats::stats_dashboard,
            commands::stats::stats_team,
            commands::stats::stats_figure_promotions,
            commands::stats::stats_options,
            commands::stats::stats_export_folder,
            commands::stats::stats_export,
            commands::targeting::targeting_for_candidate,
            commands::targeting::targeting_for_company,
            commands::targeting::targeting_evaluate,
            commands::targeting::targeting_reach,
            commands::targeting::neighbours_for_candidate,
            commands::targeting::neighbours_add_target_job,
            commands::privacy::candidates_erasure_preview,
            commands::privacy::candidates_erase,
            commands::privacy::companies_erase_contact,
            commands::privacy::companies_erase,
            commands::privacy::candidates_withdraw_consent,
            commands::privacy::candidates_renew_consent,
            commands::privacy::retention_settings_get,
            commands::privacy::retention_settings_update,
            commands::privacy::retention_due,
            commands::team::team_state,
            commands::team::team_preview,
            commands::team::team_join,
            commands::team::team_leave,
            commands::templates::templates_create,
            commands::templates::templates_update,
            commands::templates::templates_duplicate,
            commands::templates::templates_delete,
            commands::templates::templates_set_default,
            commands::templates::templates_export,
            commands::templates::templates_import,
        ]
    };
}

fn log_plugin() -> tauri::plugin::TauriPlugin<tauri::Wry> {
    let mut targets = vec![Target::new(TargetKind::LogDir { file_name: Some("profilence".into()) })];
    if cfg!(debug_assertions) {
        targets.push(Target::new(TargetKind::Stdout));
    }
    tauri_plugin_log::Builder::new()
        .clear_targets()
        .targets(targets)
        .level(log::LevelFilter::Info)
        .max_file_size(LOG_FILE_MAX_BYTES)
        .rotation_strategy(RotationStrategy::KeepSome(5))
        .build()
}

pub fn run() {
    let result = tauri::Builder::default()
        .plugin(log_plugin())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(commands::sheets::SheetBatches::default())
        .manage(commands::access::AccessExports::default())
        .manage(commands::dialogs::Chosen::default())
        .manage(commands::backups::PendingCode::default())
        .setup(|app| {
            let path = state::database_path(app.path().app_data_dir().ok())?;
            log::info!("Profilence {} starting", env!("CARGO_PKG_VERSION"));
            let state = state::AppState::open(path, state::clock()?);
            // The daily threads take the database of the moment at each turn: none while it
            // could not be opened (they start working once « Réessayer » opens it), and
            // the restored one after a restore.
            retention::start(state.handle(), state.clock.clone());
            backups::start(state.handle(), state.code_store(), state.clock.clone());
            inbox::start(state.handle(), state.clock.clone());
            dashboard_facts::start(state.handle());
            let pass = unanswered::PassWatch::default();
            unanswered::start(state.handle(), state.clock.clone(), pass.clone());
            app.manage(pass);
            app.manage(state);
            app.manage(commands::import::ImportControl::default());
            files::sweep(app.handle());
            Ok(())
        })
        .invoke_handler(app_commands!())
        .build(tauri::generate_context!("../tauri.conf.json"))
        .map(|app| {
            app.run(|app, event| {
                // The sheets and drafts handed to other programs go with the app; the
                // backup at close, when they are on.
                if let tauri::RunEvent::Exit = event {
                    files::sweep(app);
                    log::info!("Profilence exiting: the files handed to other programs are swept");
                    backups::at_close(&app.state::<state::AppState>());
                }
            });
        });
    if let Err(error) = result {
        eprintln!("Profilence could not start: {error}");
        std::process::exit(1);
    }
}
