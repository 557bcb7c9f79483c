//! The automatic "no answer" pass when it is long: after months away, a restore or a
//! large history, hundreds of thousands of promotions may be due at once (seconds to
//! minutes of work at agency scale). The views mark up to `inline()` themselves before they
//! read (`follow_ups::settle`); more is left to this thread, which marks them a batch per
//! transaction (`follow_ups::settle_in_batches`) while the window stays usable, and keeps
//! its progress for the header (`PassWatch`, read by `promotions_no_answer_pass`).

use std::{
    sync::{Arc, Mutex, MutexGuard, OnceLock},
    time::Duration,
};

use profilence_core::{
    clock::Clock,
    promotions::follow_ups::{self, PassProgress},
};
use serde::Serialize;
use ts_rs::TS;

use crate::state::DatabaseHandle;

/// What a view marks itself before it reads: about a tenth of a second of work.
const INLINE: u32 = 2_000;
/// How often the thread looks for a long pass to run.
const EVERY: Duration = Duration::from_secs(10);

/// The long pass as the header shows it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NoAnswerPass {
    /// Where the pass under way stands, if one is.
    pub running: Option<PassProgress>,
    /// Long passes ended since the app started: the views read again when it grows.
    pub finished: u32,
    /// How many the last one marked.
    pub last_marked: u32,
}

/// `INLINE`, or `--no-answer-inline N` (debug builds: the end-to-end scenario makes the
/// demo's few promotions a long pass).
pub fn inline() -> u32 {
    static CHOSEN: OnceLock<u32> = OnceLock::new();
    *CHOSEN.get_or_init(|| match crate::state::argument("--no-answer-inline") {
        Ok(Some(n)) => n.parse().unwrap_or(INLINE),
        _ => INLINE,
    })
}

#[derive(Debug, Clone, Default)]
pub struct PassWatch(Arc<Mutex<NoAnswerPass>>);

impl PassWatch {
    pub fn get(&self) -> NoAnswerPass {
        *self.lock()
    }

    fn lock(&self) -> MutexGuard<'_, NoAnswerPass> {
        // Only whole values are stored.
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

pub fn start(database: DatabaseHandle, clock: Clock, watch: PassWatch) {
    let spawned = std::thread::Builder::new().name("no-answer".into()).spawn(move || {
        loop {
            if let Some(db) = database.get() {
                let now = clock.now();
                match db.read(|c| follow_ups::pending(c, now)) {
                    Ok(due) if due > inline() => run(&db, now, &watch),
                    Ok(_) => {}
                    Err(_) => log::warn!("no answer: the promotions due could not be counted"),
                }
            }
            std::thread::sleep(EVERY);
        }
    });
    if spawned.is_err() {
        log::error!("no answer: the thread of the long passes could not start");
    }
}

fn run(db: &profilence_core::Database, now: chrono::DateTime<chrono::Local>, watch: &PassWatch) {
    let started = std::time::Instant::now();
    let outcome =
        follow_ups::settle_in_batches(db, now, follow_ups::BATCH, |progress| watch.lock().running = Some(progress));
    let mut state = watch.lock();
    state.running = None;
    match outcome {
        Ok(marked) => {
            state.finished += 1;
            state.last_marked = marked;
            log::info!("no answer: {marked} promotions marked in {} ms", started.elapsed().as_millis());
        }
        // The batches written stay; the next turn takes the rest, and its end is said.
        Err(_) => log::warn!("no answer: the long pass stopped on an error; the next turn goes on"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A long pass marks every promotion due, and the watch says it ended and how many.
    #[test]
    fn a_long_pass_marks_all_and_says_so() -> Result<(), Box<dyn std::error::Error>> {
        let (dir, db, now) = crate::test_support::demo_database("no-answer", 200, 3)?;
        let due = db.read(|c| follow_ups::pending(c, now))?;
        assert!(due > 20, "{due} due");

        let watch = PassWatch::default();
        run(&db, now, &watch);
        assert_eq!(watch.get(), NoAnswerPass { running: None, finished: 1, last_marked: due });
        assert_eq!(db.read(|c| follow_ups::pending(c, now))?, 0);
        drop(db);
        std::fs::remove_dir_all(&dir)?;
        Ok(())
    }
}
