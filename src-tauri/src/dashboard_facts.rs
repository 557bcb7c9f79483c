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
            // The facts are saved in the desktop's file only (not on a team's server).
            if let Some(db) = database.get().filter(|db| !db.is_team()) {
                let _ = save(&db);
            }
        }
    });
    if spawned.is_err() {
        log::error!("dashboards: the thread that saves their facts could not start");
    }
}

/// One turn: the facts saved if a save is due, said in the log.
fn save(db: &profilence_core::Database) -> Option<facts::SavedFacts> {
    let started = std::time::Instant::now();
    match facts::save(db) {
        Ok(Some(saved)) => {
            log::info!(
                "dashboards: {} facts saved for the next start ({} kB) in {} ms",
                saved.promotions,
                saved.bytes / 1000,
                started.elapsed().as_millis()
            );
            Some(saved)
        }
        Ok(None) => None,
        Err(error) => {
            log::warn!("dashboards: their facts could not be saved ({})", kind(&error));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use profilence_core::stats::{self, StatsQuery};

    use super::*;

    /// A turn saves nothing before a dashboard has read the facts, saves them once it has,
    /// and nothing more while nothing changed.
    #[test]
    fn a_turn_saves_the_facts_a_dashboard_read() -> Result<(), Box<dyn std::error::Error>> {
        let (dir, db, now) = crate::test_support::demo_database("dashboard-facts", 150, 5)?;
        assert_eq!(save(&db), None, "no dashboard yet: nothing read, nothing saved");
        stats::dashboard(&db, &StatsQuery::default(), now)?;
        let saved = save(&db).ok_or("the facts read are saved")?;
        let sent: i64 = db.read(|c| {
            Ok(c.query_row("SELECT count(*) FROM promotions WHERE sent_at IS NOT NULL", [], |r| r.get(0))?)
        })?;
        assert_eq!(saved.promotions as i64, sent);
        assert_eq!(save(&db), None, "nothing changed since");
        drop(db);
        std::fs::remove_dir_all(&dir)?;
        Ok(())
    }
}
