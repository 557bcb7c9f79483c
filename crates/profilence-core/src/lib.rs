//! Profilence core: the domain, its rules and its encrypted storage.
//!
//! This crate knows nothing of windows: the Tauri shell and the CLI are thin layers over
//! it, so every rule here is testable without a display.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod access;
pub mod anonymise;
pub mod backup;
pub mod cancel;
pub mod candidates;
pub mod choices;
pub mod clock;
pub mod companies;
pub mod company_sheet;
pub mod constraints;
pub mod db;
pub mod demo;
pub mod erasure;
pub mod error;
pub mod forms;
pub mod geo;
pub mod hiring_aids;
pub mod import;
pub mod journal;
pub mod keys;
pub mod list;
pub mod lists_out;
pub mod mail;
pub mod migrations;
pub mod neighbours;
pub mod onboarding;
pub mod paths;
pub mod pdf;
pub mod promotions;
pub mod reference_update;
pub mod referentials;
pub mod retention;
pub mod secret;
pub mod settings;
pub mod sheets;
pub mod sheets_batch;
pub mod siret;
mod sql_functions;
pub mod stats;
pub mod store;
pub mod targeting;
pub mod team;
pub mod text;
pub mod validation;

pub use db::Database;
pub use error::{Error, FieldError, Result};

/// The current time as stored in `created_at`/`updated_at` columns (RFC 3339, UTC).
pub(crate) fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
