//! The queues' tasks and the lifeline.

use std::{panic::AssertUnwindSafe, sync::Arc, time::Duration};

use chrono::Utc;
use domain::{
    db::{Db, DbError},
    jobs::{self, Claimed},
};
use futures_util::FutureExt;
use ops::supervisor::{Restart, Supervisor, TaskResult, every};
use tokio::task::JoinSet;
use tokio_util::{sync::CancellationToken, task::TaskTracker};

use super::{JobContext, Workers, completer::Completer};

/// One queue and how many of its jobs may run at once, across every node.
#[derive(Clone, Debug)]
pub struct QueueConfig {
    pub name: String,
    pub limit: i64,
}

#[derive(Clone, Debug)]
pub struct RunnerConfig {
    /// This node's name in `jobs.attempted_by`: unique among the nodes.
    pub node: String,
    pub queues: Vec<QueueConfig>,
    /// How long a claimed job is this node's without a renewal; renewed every third of it.
    pub lease: Duration,
    /// How often a queue looks for due jobs when nothing woke it.
    pub poll: Duration,
}

/// The node's job runner; cheap to clone.
#[derive(Clone)]
pub struct Jobs(Arc<Shared>);

struct Shared {
    db: Db,
    context: JobContext,
    workers: Workers,
    config: RunnerConfig,
    /// Cancelled when the node stops: no queue claims again.
    stopping: CancellationToken,
    /// Every attempt running, so that stopping can wait for them.
    attempts: TaskTracker,
    /// Writes the attempts that succeeded, many in one statement under load.
    completer: Completer,
}

impl Jobs {
    /// A runner of `workers`' kinds of job, each run with `context` (and its database).
    pub fn new(context: JobContext, workers: Workers, config: RunnerConfig) -> Self {
        Self(Arc::new(Shared {
            db: context.db.clone(),
            context,
            workers,
            config,
            stopping: CancellationToken::new(),
            attempts: TaskTracker::new(),
            completer: Completer::default(),
        }))
    }

    /// Stops claiming and waits up to `grace` for the attempts running to end, as Oban's
    /// shutdown does. Answers whether they all did; those still running when it gives up are
    /// dropped with the node and rescued by another after their lease.
    pub async fn stop(&self, grace: Duration) -> bool {
        self.0.stopping.cancel();
        self.0.attempts.close();
        tokio::time::timeout(grace, self.0.attempts.wait())
            .await
            .is_ok()
    }

    /// Starts a task per queue (`jobs:<queue>`) and the lifeline (`jobs:lifeline`) under
    /// `supervisor`. A queue's task that fails (the database gone) is started again; the
    /// attempts it was running are dropped and rescued when their lease runs out.
    pub fn start(&self, supervisor: &Supervisor) {
        for queue in &self.0.config.queues {
            let (jobs, queue) = (self.clone(), queue.clone());
            supervisor.start(
                format!("jobs:{}", queue.name),
                Restart::Permanent,
                move || {
                    let (jobs, queue) = (jobs.clone(), queue.clone());
                    async move { jobs.run_queue(&queue).await }
                },
            );
        }
        let jobs = self.clone();
        supervisor.start("jobs:lifeline", Restart::Permanent, move || {
            let jobs = jobs.clone();
            // A lease of nothing still renews at a pace `interval` accepts.
            let period = (jobs.0.config.lease / 3).max(Duration::from_millis(10));
            async move { every(period, || jobs.keep_alive()).await }
        });
    }

    /// Renews this node's leases, then rescues the jobs of nodes that stopped renewing theirs.
    async fn keep_alive(&self) -> TaskResult {
        let Shared { db, config, .. } = &*self.0;
        jobs::heartbeat(db, &config.node, now(), config.lease).await?;
        let rescued = jobs::rescue(db, now()).await?;
        if rescued > 0 {
            tracing::warn!(
                rescued,
                "rescued jobs whose node stopped renewing their lease"
            );
            for queue in &config.queues {
                db.job_signal().enqueued(&queue.name);
            }
        }
        Ok(())
    }

    async fn run_queue(&self, queue: &QueueConfig) -> TaskResult {
        let Shared {
            db,
            config,
            stopping,
            attempts,
            ..
        } = &*self.0;
        let waker = db.job_signal().queue(&queue.name);
        let mut running = JoinSet::new();
        loop {
            let stopped = stopping.is_cancelled();
            if stopped && running.is_empty() {
                // Drained: nothing more to do until the supervisor ends the task.
                std::future::pending::<()>().await;
            }
            let free = queue.limit - i64::try_from(running.len()).unwrap_or(i64::MAX);
            if free > 0 && !stopped {
                // Held from before the claim until its jobs are tracked: a stop that comes
                // while the claim is in flight waits for what it claims, whose rows are
                // already running in the table.
                let _claiming = attempts.token();
                let claimed = jobs::claim(
                    db,
                    &queue.name,
                    queue.limit,
                    free,
                    &config.node,
                    now(),
                    config.lease,
                )
                .await?;
                for job in claimed {
                    running.spawn(attempts.track_future(self.clone().attempt(job)));
                }
            }
            tokio::select! {
                () = stopping.cancelled(), if !stopped => {}
                () = waker.notified(), if !stopped => {}
                () = tokio::time::sleep(config.poll), if !stopped => {}
                Some(ended) = running.join_next(), if !running.is_empty() => {
                    // Every attempt that ended meanwhile leaves room too: the next claim
                    // fills it all at once rather than one job per claim.
                    for ended in std::iter::once(ended).chain(std::iter::from_fn(|| running.try_join_next())) {
                        // The job stays running in the table, and is rescued after its lease.
                        if let Ok(Err(error)) = ended {
                            tracing::error!(error = %ops::error_chain(&error), "could not end a job's attempt");
                        }
                    }
                }
            }
        }
    }

    /// Runs one attempt of `job` and records how it ended.
    async fn attempt(self, job: Claimed) -> Result<(), Arc<DbError>> {
        let Shared {
            db,
            context,
            workers,
            config,
            completer,
            ..
        } = &*self.0;
        let outcome = AssertUnwindSafe(workers.run(&job.kind, &job.args, context.clone()))
            .catch_unwind()
            .await
            .unwrap_or_else(|panic| Err(format!("it panicked: {}", panic_message(&*panic))));
        match outcome {
            Ok(()) => {
                completer.complete(db, job, &config.node).await?;
            }
            Err(error) => {
                let wait = jobs::backoff(job.attempt, &mut rand::rng());
                tracing::warn!(id = job.id, kind = %job.kind, attempt = job.attempt, %error, "a job failed");
                jobs::fail(db, &job, &config.node, &error, now(), wait)
                    .await
                    .map_err(Arc::new)?;
            }
        }
        Ok(())
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> &str {
    panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("no message")
}

fn now() -> i64 {
    Utc::now().timestamp_millis()
}
