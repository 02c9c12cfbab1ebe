//! Starting the node's jobs: the mailer its settings choose, the node's own schedules, the
//! schedules' ticker and the runner with the queues of `[jobs]`.

use std::{net::SocketAddr, sync::Arc};

use domain::{db::Db, uploads::Uploads};
use ops::supervisor::Supervisor;

use super::{JobContext, Jobs, QueueConfig, RunnerConfig, Workers, builtin};
use crate::{
    mail::{self, Mails},
    settings::Settings,
    startup::StartupError,
};

/// Starts the job runner (a task per configured queue and the lifeline) and the schedules'
/// ticker, under `supervisor`, after making the node's own schedules that are missing.
pub async fn start(
    settings: &Settings,
    db: &Db,
    uploads: &Arc<Uploads>,
    address: SocketAddr,
    supervisor: &Supervisor,
) -> Result<Jobs, StartupError> {
    let context = JobContext {
        db: db.clone(),
        mails: Mails::from_settings(settings, db, &address.to_string())?,
        uploads: uploads.clone(),
    };
    builtin::ensure_schedules(&context, &settings.jobs).await?;
    builtin::start_ticker(&context, settings.jobs.schedule_tick(), supervisor);
    let jobs = &settings.jobs;
    let config = RunnerConfig {
        node: node_name(),
        queues: jobs
            .running()
            .map(|(name, limit)| QueueConfig {
                name: name.to_owned(),
                limit: i64::from(limit),
            })
            .collect(),
        lease: jobs.lease(),
        poll: jobs.poll(),
    };
    tracing::info!(node = %config.node, queues = ?jobs.queues, "running jobs");
    let workers = builtin::workers(mail::workers(Workers::new()));
    let jobs = Jobs::new(context, workers, config);
    jobs.start(supervisor);
    Ok(jobs)
}

/// This process's name among the nodes that run jobs: the host, and a random part, so that a
/// node started again is never taken for the one before it (whose jobs must be rescued).
fn node_name() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|name| name.trim().to_owned())
        .ok()
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "node".to_owned());
    format!("{host}-{:08x}", rand::random::<u32>())
}
