//! The durable job queue (recipe 38), on the same database as everything else, SQLite or
//! PostgreSQL alike: what Oban is to a Phoenix application.
//!
//! - A **job** is a serde struct that names its kind, queue and attempts ([`Job`]); it is
//!   inserted **on the caller's connection, inside its transaction** ([`Enqueue`]), so it exists
//!   if and only if the write that caused it commits; announced after the commit, it wakes its
//!   queue in this process at once ([`JobSignal`]).
//! - A node **claims** due jobs of a queue ([`claim`]), never more running at once than the
//!   queue's limit across all nodes, and holds each under a **lease** it renews
//!   ([`heartbeat`]). A job whose lease ran out — its node died — is **rescued** ([`rescue`])
//!   and runs again.
//! - An attempt ends [`complete`]d or [`fail`]ed: retried after a [`backoff`] until its
//!   attempts are spent, then discarded, each attempt's error kept ([`job_errors`]).
//! - Finished jobs are kept for the admin's page ([`counts`], [`list`], [`activity`]) until
//!   [`prune`]d by age.
//!
//! Every verb takes the time it acts at (unix milliseconds), so tests drive the clock.

mod admin;
mod backoff;
mod queue;
mod reading;
mod signal;

use serde::{Serialize, de::DeserializeOwned};

pub use admin::{cancel, discard, retry, run_now};
pub use backoff::backoff;
pub use model::jobs::JobState;
pub use queue::{
    Claimed, Enqueue, claim, complete, complete_all, fail, heartbeat, insert, prune, rescue,
};
pub use reading::{
    Count, Filter, JobError, JobRecord, Minute, activity, counts, detail, find, job_errors, kinds,
    list, overview,
};
pub use signal::{Enqueued, JobSignal};

/// A kind of job: its arguments (this struct, stored as JSON), a stable name the stored row
/// keeps, and how it is queued and retried. Running it is the worker's, which reads the kind.
pub trait Job: Serialize + DeserializeOwned {
    /// The name stored with each job of this kind; never change it while jobs of it exist.
    const KIND: &'static str;
    /// The queue it waits in; each queue has its own concurrency limit.
    const QUEUE: &'static str = "default";
    /// How many times it is tried before it is discarded.
    const MAX_ATTEMPTS: i32 = 20;
    /// Lower runs first among the jobs due in its queue.
    const PRIORITY: i32 = 0;

    /// A key no other pending or running job may hold: enqueuing a job whose key is held
    /// inserts nothing (a unique job).
    fn unique_key(&self) -> Option<String> {
        None
    }
}

/// A job as it is inserted.
#[derive(Clone, Debug)]
pub struct NewJob {
    pub queue: String,
    pub kind: String,
    /// The job's struct as JSON.
    pub args: String,
    pub priority: i32,
    pub max_attempts: i32,
    pub unique_key: Option<String>,
    /// When it is due (unix milliseconds); later than the insert makes it `scheduled`.
    pub run_at: i64,
}

impl NewJob {
    /// `job`, due at `run_at`.
    pub fn of<J: Job>(job: &J, run_at: i64) -> Result<Self, serde_json::Error> {
        Ok(Self {
            queue: J::QUEUE.to_owned(),
            kind: J::KIND.to_owned(),
            args: serde_json::to_string(job)?,
            priority: J::PRIORITY,
            max_attempts: J::MAX_ATTEMPTS,
            unique_key: job.unique_key(),
            run_at,
        })
    }
}

/// A stable 64-bit number for a queue's name: the key of the PostgreSQL advisory lock that
/// makes claims in one queue take turns (FNV-1a; `DefaultHasher` may change between builds,
/// and every node must compute the same key).
fn lock_key(queue: &str) -> i64 {
    let hash = queue.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    i64::from_ne_bytes(hash.to_ne_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_round_trip_through_their_stored_names() {
        for state in JobState::ALL {
            assert_eq!(JobState::parse(state.as_str()), Some(state));
        }
        assert_eq!(JobState::parse("pending"), None);
    }

    #[test]
    fn a_queues_lock_key_is_the_same_on_every_node_and_differs_between_queues() {
        assert_eq!(lock_key("mail"), lock_key("mail"));
        assert_ne!(lock_key("mail"), lock_key("default"));
        // FNV-1a of the empty string is its offset basis.
        assert_eq!(
            lock_key(""),
            i64::from_ne_bytes(0xcbf2_9ce4_8422_2325_u64.to_ne_bytes())
        );
    }
}
