//! The counsellor's "Annuler" for long work (an import, a batch of sheets): shared by the
//! window that asks and the worker that looks between two steps.

use std::sync::{
    Arc,
    atomic::{AtomicBool, Ordering},
};

#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

/// What `Cancel::check` returns once a stop was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cancelled;

impl Cancel {
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// Ready for new work.
    pub fn reset(&self) {
        self.0.store(false, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    pub fn check(&self) -> Result<(), Cancelled> {
        if self.is_cancelled() { Err(Cancelled) } else { Ok(()) }
    }
}

impl From<Cancelled> for crate::Error {
    fn from(_: Cancelled) -> Self {
        Self::Cancelled
    }
}
