//! The inbox read by itself: at start, then every few minutes while the app is open, when
//! Paramètres → Messagerie has an inbox (`mail::inbox::check`; « Relever maintenant » reads
//! it at once). A failure is recorded by the core for Paramètres to show; the log keeps
//! that it happened, never the server's words (they may hold an address).

use std::time::Duration;

use profilence_core::{
    clock::Clock,
    mail::{inbox, password::InboxKeychain},
};

use crate::state::DatabaseHandle;

/// How often the inbox is read.
const EVERY: Duration = Duration::from_secs(5 * 60);

pub fn start(database: DatabaseHandle, clock: Clock) {
    let spawned = std::thread::Builder::new().name("inbox".into()).spawn(move || {
        loop {
            if let Some(db) = database.get() {
                let configured = db.read(|c| inbox::settings(c, &InboxKeychain)).is_ok_and(|s| s.configured);
                if configured && inbox::check(&db, &InboxKeychain, clock.now()).is_err() {
                    log::warn!("inbox: the reading failed (reason shown in Paramètres)");
                }
            }
            std::thread::sleep(EVERY);
        }
    });
    if spawned.is_err() {
        log::error!("inbox: the reading thread could not start");
    }
}
