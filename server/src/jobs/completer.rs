//! Completions in groups (a group commit): each attempt that succeeded waits its turn to write,
//! and whoever writes ends every attempt waiting at that moment in one statement. Under load a
//! commit serves many jobs; alone, an attempt is written at once, as before. An attempt's task
//! ends only once its completion is written, so a graceful stop that waits for the attempts
//! waits for their completions too.

use std::sync::{Arc, Mutex};

use chrono::Utc;
use domain::{
    db::{Db, DbError},
    jobs::{self, Claimed},
};
use tokio::sync::oneshot;

/// An attempt waiting to be written, and who to tell how it went.
type Waiting = (Claimed, oneshot::Sender<Result<bool, Arc<DbError>>>);

/// One node's completions, shared by its queues.
#[derive(Default)]
pub struct Completer {
    waiting: Mutex<Vec<Waiting>>,
    /// Held by the one writing.
    writing: tokio::sync::Mutex<()>,
}

impl Completer {
    /// Ends `job`'s attempt as done, with whichever attempts wait alongside it: whether it was
    /// still `node`'s to end (see [`jobs::complete`]).
    pub async fn complete(&self, db: &Db, job: Claimed, node: &str) -> Result<bool, Arc<DbError>> {
        let (told, mut outcome) = oneshot::channel();
        self.waiting
            .lock()
            .expect("the completer's list is never poisoned")
            .push((job, told));
        let writing = self.writing.lock().await;
        // Attempts that end together (a claim's worth of quick jobs) are ready to run now:
        // letting them queue up first makes them one write rather than one, then the rest.
        tokio::task::yield_now().await;
        // Written by the one before, while this one waited its turn.
        if let Ok(done) = outcome.try_recv() {
            return done;
        }
        let group = std::mem::take(
            &mut *self
                .waiting
                .lock()
                .expect("the completer's list is never poisoned"),
        );
        let attempts: Vec<&Claimed> = group.iter().map(|(job, _)| job).collect();
        let written = jobs::complete_all(db, &attempts, node, Utc::now().timestamp_millis())
            .await
            .map_err(Arc::new);
        for (job, told) in group {
            // Its waiter may have gone (a queue's task stopped): nothing to tell then.
            let _ = told.send(match &written {
                Ok(completed) => Ok(completed.contains(&job.id)),
                Err(error) => Err(error.clone()),
            });
        }
        drop(writing);
        outcome
            .await
            .expect("this attempt was in the group just written, and every member is told")
    }
}
