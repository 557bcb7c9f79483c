//! The retention rule applied at start-up and then once a day while the app is open
//! (`profilence_core::retention::apply`). A plain thread that wakes every few minutes and runs the
//! rule when the day has changed since its last run: no async runtime is needed for a
//! blocking database call once a day. It reads the database of the moment at each turn
//! (none while it could not be opened or is being restored). Errors are logged by kind
//! only, never a message that could hold a name.

use std::time::Duration;

use profilence_core::{Database, Error, clock::Clock, retention};

use crate::state::DatabaseHandle;

/// How often the thread looks whether a new day has come.
const WAKE_EVERY: Duration = Duration::from_secs(5 * 60);

pub fn start(database: DatabaseHandle, clock: Clock) {
    let spawned = std::thread::Builder::new().name("retention".into()).spawn(move || {
        loop {
            if let Some(db) = database.get() {
                run_if_due(&db, &clock);
            }
            std::thread::sleep(WAKE_EVERY);
        }
    });
    if spawned.is_err() {
        log::error!("retention: the daily thread could not start");
    }
}

fn run_if_due(db: &Database, clock: &Clock) {
    let today = clock.today();
    let last = db.read(retention::settings).map(|s| s.last_run_on);
    match last {
        Ok(Some(day)) if day >= today => {}
        Ok(_) => match db.write(|tx| retention::apply(tx, today)) {
            Ok(run) => log::info!("retention: {} candidates, {} contacts anonymised", run.candidates, run.contacts),
            Err(error) => log::error!("retention failed: {}", kind(&error)),
        },
        Err(error) => log::error!("retention settings unreadable: {}", kind(&error)),
    }
}

/// The error's kind, without its message.
pub fn kind(error: &Error) -> &'static str {
    match error {
        Error::Validation(_) => "validation",
        Error::NotFound { .. } => "not found",
        Error::Key(_) => "key",
        Error::SchemaTooNew { .. } => "schema too new",
        Error::EncryptionUnavailable => "encryption unavailable",
        Error::Database(_) => "database",
        Error::Damaged { .. } => "damaged",
        Error::Busy => "busy",
        Error::Io { .. } => "io",
        Error::Rule(_) => "rule",
        _ => "other",
    }
}
