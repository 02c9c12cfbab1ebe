//! How a queue's task hears, at once, that a job was enqueued in this process: each [`Db`]
//! carries one [`JobSignal`], rung after the enqueuing transaction commits. Jobs enqueued by
//! another process are found by the queue's poll.
//!
//! [`Db`]: crate::db::Db

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, PoisonError},
};

use tokio::sync::Notify;

use crate::db::Db;

/// See the module.
#[derive(Debug, Default)]
pub struct JobSignal {
    queues: Mutex<HashMap<String, Arc<Notify>>>,
}

impl JobSignal {
    /// What `queue`'s task waits on.
    pub fn queue(&self, queue: &str) -> Arc<Notify> {
        let mut queues = self.queues.lock().unwrap_or_else(PoisonError::into_inner);
        queues.entry(queue.to_owned()).or_default().clone()
    }

    /// A job of `queue` was enqueued and committed. A task not waiting yet finds the wake-up
    /// when it next waits, so none is lost between its claim and its wait.
    pub fn enqueued(&self, queue: &str) {
        self.queue(queue).notify_one();
    }
}

/// A job inserted on a caller's transaction ([`super::Enqueue`]). Once the transaction has
/// committed, [`Self::announce`] wakes its queue; a job never announced still runs, at the
/// queue's next poll.
#[derive(Debug)]
#[must_use = "announce the job once its transaction commits, so its queue runs it now"]
pub struct Enqueued {
    /// The new job's id, or `None` when a pending or running job held its unique key.
    pub id: Option<i64>,
    queue: String,
}

impl Enqueued {
    pub(super) fn new(id: Option<i64>, queue: &str) -> Self {
        Self {
            id,
            queue: queue.to_owned(),
        }
    }

    /// Wakes the job's queue in this process; answers the job's id.
    pub fn announce(self, db: &Db) -> Option<i64> {
        if self.id.is_some() {
            db.job_signal().enqueued(&self.queue);
        }
        self.id
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn a_wake_up_before_the_wait_is_kept_and_queues_are_woken_apart() {
        let signal = JobSignal::default();
        let (mail, default) = (signal.queue("mail"), signal.queue("default"));
        signal.enqueued("mail");
        tokio::time::timeout(Duration::from_secs(1), mail.notified())
            .await
            .expect("the wake-up rung before the wait is kept");
        assert!(
            tokio::time::timeout(Duration::from_millis(50), default.notified())
                .await
                .is_err(),
            "another queue is not woken"
        );
    }
}
