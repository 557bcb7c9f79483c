//! Automatic backups (Paramètres → Sauvegardes): at close (`at_close`, from
//! `RunEvent::Exit`) and once a day while the app is open (a thread like `retention`'s,
//! looking every few minutes whether today's backup is due). The core decides
//! (`backup::run_due`) and records a failure for the window to show; the log keeps its kind.

use std::time::Duration;

use profilence_core::{
    Database,
    backup::{self, CodeStore, Occasion},
    clock::Clock,
};

use crate::state::{AppState, DatabaseHandle};

/// How often the thread looks whether today's backup is due.
const WAKE_EVERY: Duration = Duration::from_secs(5 * 60);

pub fn start(database: DatabaseHandle, store: CodeStore, clock: Clock) {
    let spawned = std::thread::Builder::new().name("backups".into()).spawn(move || {
        loop {
            if let Some(db) = database.get() {
                run(&db, &store, &clock, Occasion::Daily);
            }
            std::thread::sleep(WAKE_EVERY);
        }
    });
    if spawned.is_err() {
        log::error!("backups: the daily thread could not start");
    }
}

/// The backup at close, when automatic backups are on; the window is already gone.
pub fn at_close(state: &AppState) {
    if let Some(db) = state.handle().get() {
        run(&db, &state.code_store(), &state.clock, Occasion::Closing);
    }
}

fn run(db: &Database, store: &CodeStore, clock: &Clock, occasion: Occasion) {
    // The team's database is backed up on its server, by its administrator.
    if db.is_team() {
        return;
    }
    match backup::run_due(db, store, occasion, clock.now()) {
        Ok(Some(facts)) => log::info!("automatic backup ({occasion:?}) written and verified: {}", facts.counts.label()),
        Ok(None) => {}
        // Recorded by the core as the last failure, shown in the window.
        Err(error) => log::warn!("automatic backup ({occasion:?}) failed: {}", crate::retention::kind(&error)),
    }
}
