//! One supervisor for every long-lived task of the node (recipes 19 and 21): a task that returns
//! an error or panics is started again after a backoff; one that fails more than
//! [`Policy::max_restarts`] times within [`Policy::within`] is given up, and the supervisor
//! *escalates* — the node reports not ready and the log says why, as a supervision tree would
//! pass the failure up to a node that then gets restarted. Every task is listed with its state,
//! restarts, last error and start time.

mod periodic;
#[cfg(test)]
mod tests;

pub use periodic::every;

use std::{
    collections::{BTreeMap, VecDeque},
    error::Error,
    future::Future,
    panic::AssertUnwindSafe,
    sync::{
        Arc, Mutex, MutexGuard, PoisonError,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use chrono::Utc;
use futures_util::FutureExt;
use model::system::{TaskInfo, TaskState};
use tokio::time::Instant;
use tokio_util::{sync::CancellationToken, task::TaskTracker};

use crate::error_chain;

/// Why a task's run failed. Any error will do; its chain is what the system page shows.
pub type TaskError = Box<dyn Error + Send + Sync>;

/// What one run of a task ends with.
pub type TaskResult = Result<(), TaskError>;

/// When to start a task again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Restart {
    /// Always: the task is meant to run as long as the node (a collector, a scheduler). Its
    /// returning at all counts as a failure.
    Permanent,
    /// Only after a failure: returning `Ok` means its work is done (a room that went idle).
    Transient,
}

/// The restart intensity and backoff.
#[derive(Clone, Copy, Debug)]
pub struct Policy {
    /// More failures than this within [`Self::within`] give the task up.
    pub max_restarts: usize,
    pub within: Duration,
    /// The wait before the first restart, doubled for each further failure in the window.
    pub backoff: Duration,
    pub max_backoff: Duration,
}

impl Default for Policy {
    /// The cookbook's intensity, 3 restarts in 5 seconds; restarts after 100 ms, 200 ms, 400 ms.
    fn default() -> Self {
        Self {
            max_restarts: 3,
            within: Duration::from_secs(5),
            backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(5),
        }
    }
}

impl Policy {
    /// The wait before restarting after the `failures`-th failure in the window (1-based).
    fn backoff(&self, failures: usize) -> Duration {
        let doublings = u32::try_from(failures.saturating_sub(1))
            .unwrap_or(u32::MAX)
            .min(16);
        self.backoff
            .saturating_mul(1 << doublings)
            .min(self.max_backoff)
    }
}

/// Starts and watches the node's tasks. Cheap to clone.
#[derive(Clone)]
pub struct Supervisor {
    shared: Arc<Shared>,
}

struct Shared {
    policy: Policy,
    tasks: Mutex<BTreeMap<u64, Entry>>,
    next_id: AtomicU64,
    escalation: Mutex<Option<String>>,
    stop: CancellationToken,
    running: TaskTracker,
}

struct Entry {
    name: String,
    state: TaskState,
    restarts: u32,
    last_error: Option<String>,
    started_at_ms: i64,
}

/// A started task: stopping it ends its current run and any further restart.
pub struct TaskHandle {
    stop: CancellationToken,
}

impl TaskHandle {
    pub fn stop(&self) {
        self.stop.cancel();
    }
}

impl Supervisor {
    pub fn new(policy: Policy) -> Self {
        Self {
            shared: Arc::new(Shared {
                policy,
                tasks: Mutex::default(),
                next_id: AtomicU64::new(0),
                escalation: Mutex::default(),
                stop: CancellationToken::new(),
                running: TaskTracker::new(),
            }),
        }
    }

    /// Starts `run` as a task called `name`, and again after each failure as `restart` and the
    /// policy say. Each call of `run` makes one run; what must outlive a failed run (an inbox,
    /// the sockets of a room) belongs outside it, in what the closure captures.
    pub fn start<F, Fut>(&self, name: impl Into<String>, restart: Restart, run: F) -> TaskHandle
    where
        F: FnMut() -> Fut + Send + 'static,
        Fut: Future<Output = TaskResult> + Send + 'static,
    {
        let name = name.into();
        let id = self.shared.next_id.fetch_add(1, Ordering::Relaxed);
        {
            let mut tasks = self.shared.lock();
            // A task given up earlier under the same name is replaced by its successor.
            tasks.retain(|_, entry| entry.name != name || entry.state != TaskState::Failed);
            tasks.insert(
                id,
                Entry {
                    name: name.clone(),
                    state: TaskState::Running,
                    restarts: 0,
                    last_error: None,
                    started_at_ms: now_ms(),
                },
            );
        }
        let stop = self.shared.stop.child_token();
        self.shared.running.spawn(self.shared.clone().supervise(
            id,
            name,
            restart,
            run,
            stop.clone(),
        ));
        TaskHandle { stop }
    }

    /// Every task, in the order they were first started.
    pub fn tasks(&self) -> Vec<TaskInfo> {
        self.shared
            .lock()
            .values()
            .map(|entry| TaskInfo {
                name: entry.name.clone(),
                state: entry.state,
                restarts: entry.restarts,
                last_error: entry.last_error.clone(),
                started_at_ms: entry.started_at_ms,
            })
            .collect()
    }

    /// Why the node should not be ready: the first task given up, if any.
    pub fn escalation(&self) -> Option<String> {
        self.shared
            .escalation
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Stops every task and waits for them to end.
    pub async fn shutdown(&self) {
        self.shared.stop.cancel();
        self.shared.running.close();
        self.shared.running.wait().await;
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, BTreeMap<u64, Entry>> {
        self.tasks.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn update(&self, id: u64, change: impl FnOnce(&mut Entry)) {
        if let Some(entry) = self.lock().get_mut(&id) {
            change(entry);
        }
    }

    async fn supervise<F, Fut>(
        self: Arc<Self>,
        id: u64,
        name: String,
        restart: Restart,
        mut run: F,
        stop: CancellationToken,
    ) where
        F: FnMut() -> Fut + Send + 'static,
        Fut: Future<Output = TaskResult> + Send + 'static,
    {
        let mut failures: VecDeque<Instant> = VecDeque::new();
        loop {
            // `run()` is called inside the caught future, so a panic while making the run is
            // caught like one during it.
            let attempt = AssertUnwindSafe(async { run().await }).catch_unwind();
            let outcome = tokio::select! {
                biased;
                () = stop.cancelled() => break,
                outcome = attempt => outcome,
            };
            let reason = match outcome {
                Ok(Ok(())) if restart == Restart::Transient => break,
                Ok(Ok(())) => "returned, but it should run as long as the node".to_owned(),
                Ok(Err(error)) => error_chain(error.as_ref()),
                Err(panic) => format!("panicked: {}", panic_message(panic.as_ref())),
            };
            let now = Instant::now();
            while failures
                .front()
                .is_some_and(|at| now.duration_since(*at) >= self.policy.within)
            {
                failures.pop_front();
            }
            failures.push_back(now);
            if failures.len() > self.policy.max_restarts {
                self.give_up(id, &name, reason);
                return;
            }
            let backoff = self.policy.backoff(failures.len());
            tracing::error!(
                task = %name,
                reason = %reason,
                restart_in_ms = backoff.as_millis() as u64,
                "task failed; restarting"
            );
            self.update(id, |entry| {
                entry.state = TaskState::Restarting;
                entry.restarts += 1;
                entry.last_error = Some(reason);
            });
            tokio::select! {
                biased;
                () = stop.cancelled() => break,
                () = tokio::time::sleep(backoff) => {}
            }
            self.update(id, |entry| {
                entry.state = TaskState::Running;
                entry.started_at_ms = now_ms();
            });
        }
        self.lock().remove(&id);
    }

    fn give_up(&self, id: u64, name: &str, reason: String) {
        let why = format!(
            "task {name} failed {} times within {} s; last: {reason}",
            self.policy.max_restarts + 1,
            self.policy.within.as_secs_f64()
        );
        tracing::error!(task = %name, reason = %reason, "{why}; given up, the node is not ready");
        self.update(id, |entry| {
            entry.state = TaskState::Failed;
            entry.last_error = Some(reason);
        });
        self.escalation
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get_or_insert(why);
    }
}

fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

/// What a panic said, when it said it with a string.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_owned())
}
