//! The node's job runner (recipe 38): the workers that run each kind of job, and one task per
//! queue that claims due jobs from the database (`domain::jobs`) up to the queue's limit, runs
//! them, and ends each attempt as completed or failed — plus the lifeline that renews this
//! node's leases and rescues the jobs of nodes that stopped renewing theirs. Each runs under the
//! node's supervisor and is listed on the system page.
//!
//! A queue's task is woken when a job enqueued by this process commits (`domain::jobs::JobSignal`) and otherwise
//! looks every [`RunnerConfig::poll`], which is how it hears of jobs enqueued elsewhere and of
//! jobs whose time has come.

pub mod builtin;
mod completer;
pub mod live;
mod runner;
mod start;

use std::{collections::HashMap, sync::Arc};

use domain::{db::Db, jobs::Job, uploads::Uploads};

use crate::mail::Mails;
use futures_util::future::BoxFuture;
use ops::supervisor::TaskError;

pub use runner::{Jobs, QueueConfig, RunnerConfig};
pub use start::start;

/// What a job's run may use.
#[derive(Clone)]
pub struct JobContext {
    pub db: Db,
    pub mails: Mails,
    pub uploads: Arc<Uploads>,
}

/// A kind of job this node knows how to run. Its run must be safe to repeat: an attempt whose
/// node died halfway runs again.
pub trait Perform: Job + Send + 'static {
    fn perform(self, context: &JobContext) -> impl Future<Output = Result<(), TaskError>> + Send;
}

/// One kind's run: its arguments as stored, read and performed; the error's chain as text.
type Run = Arc<dyn Fn(&str, JobContext) -> BoxFuture<'static, Result<(), String>> + Send + Sync>;

/// The kinds of job this node runs, by their stored name.
#[derive(Clone, Default)]
pub struct Workers {
    by_kind: HashMap<&'static str, Run>,
}

impl Workers {
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs jobs of kind `J`.
    pub fn with<J: Perform>(mut self) -> Self {
        let run: Run = Arc::new(|args: &str, context: JobContext| {
            let job = serde_json::from_str::<J>(args);
            Box::pin(async move {
                let job = job.map_err(|error| {
                    format!("its arguments do not read as a {} job: {error}", J::KIND)
                })?;
                job.perform(&context)
                    .await
                    .map_err(|error| ops::error_chain(&*error))
            })
        });
        self.by_kind.insert(J::KIND, run);
        self
    }

    /// Runs a job of `kind` with `args`: its error, if it failed (a kind this node does not
    /// know is an error too, retried — another node, or the next release, may know it).
    async fn run(&self, kind: &str, args: &str, context: JobContext) -> Result<(), String> {
        match self.by_kind.get(kind) {
            Some(run) => run(args, context).await,
            None => Err(format!("no worker here runs jobs of kind {kind:?}")),
        }
    }
}

#[cfg(test)]
mod tests;
