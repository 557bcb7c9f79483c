//! The dashboards' facts saved for the next start (`profilence_core::stats::facts::save`).
//! Once a dashboard has read them (seconds at agency scale: a fact per promotion sent), this
//! thread saves them into the database whenever they have moved on enough, a part per
//! transaction, so that the next start's first dashboard reads them back instead of every
//! promotion (BENCHMARKS.md, « Agency scale »). Facts never read (no dashboard opened) are
//! left alone. It takes the database of the moment at each turn, like the daily threads.

use std::time::Duration;

use profilence_core::stats::facts;

use crate::{retention::kind, state::DatabaseHandle};

/// How often the thread looks whether a save is due: the facts read at a start are saved
/// within this, and a save costs about 2 s of the writer, a part at a time, at 5,000,000
/// promotions.
const EVERY: Duration = Duration::from_secs(30);

pub fn start(database: DatabaseHandle) {
    let spawned = std::thread::Builder::new().name("dashboard-facts".into()).spawn(move || {
        loop {
            std::thread::sleep(EVERY);
            if let Some(db) = database.get() {
                save(&db);
            }
        }
    });
    if spawned.is_err() {
        log::error!("dashboards: the thread that saves their facts could not start");
    }
}

fn save(db: &profilence_core::Database) {
    let started = std::time::Instant::now();
    match facts::save(db) {
        Ok(Some(saved)) => log::info!(
            "dashboards: {} facts saved for the next start ({} kB) in {} ms",
            saved.promotions,
            saved.bytes / 1000,
            started.elapsed().as_millis()
        ),
        Ok(None) => {}
        Err(error) => log::warn!("dashboards: their facts could not be saved ({})", kind(&error)),
    }
}
