//! Tauri commands, one module per domain. Each body takes the state and a typed input,
//! calls the core, and maps the error.

pub mod app;
pub mod candidates;
pub mod companies;
pub mod referentials;
pub mod settings;

/// Today in the counsellor's time zone: consent validity and date checks use it.
fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}
