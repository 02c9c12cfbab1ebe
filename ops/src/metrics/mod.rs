//! Fixed-memory sliding windows over the last minute, recorded into without locks from the
//! request path and read by the collector once per sample (recipe 29), and the dashboard's
//! chart points.

mod buckets;
mod events;
mod requests;

pub use events::EventWindow;
pub use requests::{RequestWindow, WindowSummary};

use std::{
    sync::{Mutex, PoisonError},
    time::Duration,
};

use model::dashboard::{History, Snapshot};

/// What the windows cover: the current second and the 59 before it.
pub const WINDOW_SECS: u64 = 60;

/// Slots in a window's ring: more than [`WINDOW_SECS`], so the slot a writer resets for a new
/// second is never one a reader is summing.
const SLOTS: usize = 64;

/// The dashboard's chart points and how often they are sampled; the collector writes, joins
/// and the system page read.
pub struct Charts {
    pub interval: Duration,
    history: Mutex<History>,
}

impl Charts {
    pub fn new(interval: Duration) -> Self {
        Self {
            interval,
            history: Mutex::default(),
        }
    }

    pub fn record(&self, snapshot: Snapshot) {
        self.lock().record(snapshot);
    }

    pub fn history(&self) -> History {
        self.lock().clone()
    }

    pub fn latest(&self) -> Option<Snapshot> {
        self.lock().latest().cloned()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, History> {
        self.history.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
