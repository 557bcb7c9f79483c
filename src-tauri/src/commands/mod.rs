//! Tauri commands, one module per domain. Each body takes the state and a typed input,
//! calls the core, and maps the error.

pub mod access;
pub mod app;
pub mod backups;
pub mod candidates;
pub mod checkins;
pub mod companies;
pub mod dialogs;
pub mod import;
pub mod journal;
pub mod lists_out;
pub mod mail;
pub mod privacy;
pub mod promotions;
pub mod referentials;
pub mod replies;
pub mod settings;
pub mod sheets;
pub mod stats;
pub mod targeting;
pub mod templates;
