//! The node's own schedules (recipe 45): housekeeping — idle sessions, finished jobs and
//! partial uploads left by a dead node are pruned — and the daily and weekly digest mails,
//! each on a built-in schedule an admin may edit or pause (`domain::schedules::ensure_builtin`).

use std::time::Duration;

use chrono::Utc;
use domain::{
    jobs::{self, Job},
    schedules::{self, Missed, ScheduleForm, Task},
    sessions,
};
use ops::supervisor::{Restart, Supervisor, TaskError, TaskResult, every};
use serde::{Deserialize, Serialize};

use super::{JobContext, Perform, Workers};
use crate::{
    mail::digest::{Period, SendDigests},
    settings::JobSettings,
};

/// Deletes sessions idle past their timeout, and expired reset tokens.
#[derive(Debug, Serialize, Deserialize)]
pub struct PruneSessions {}

impl Job for PruneSessions {
    const KIND: &'static str = "prune.sessions";
}

impl Perform for PruneSessions {
    async fn perform(self, context: &JobContext) -> Result<(), TaskError> {
        let pruned = sessions::prune(&context.db, Utc::now().timestamp()).await?;
        tracing::info!(pruned, "pruned idle sessions");
        Ok(())
    }
}

/// Deletes jobs finished more than `keep_days` ago.
#[derive(Debug, Serialize, Deserialize)]
pub struct PruneJobs {
    pub keep_days: u32,
}

impl Job for PruneJobs {
    const KIND: &'static str = "prune.jobs";
}

impl Perform for PruneJobs {
    async fn perform(self, context: &JobContext) -> Result<(), TaskError> {
        let keep = i64::from(self.keep_days) * 24 * 60 * 60 * 1000;
        let pruned = jobs::prune(&context.db, Utc::now().timestamp_millis() - keep).await?;
        tracing::info!(pruned, "pruned finished jobs");
        Ok(())
    }
}

/// Deletes partial uploads nothing has written to for a day.
#[derive(Debug, Serialize, Deserialize)]
pub struct PrunePartialUploads {}

impl Job for PrunePartialUploads {
    const KIND: &'static str = "prune.partial_uploads";
}

/// A partial upload untouched this long was left by a node that died.
const STALE_PARTIAL: Duration = Duration::from_secs(24 * 60 * 60);

impl Perform for PrunePartialUploads {
    async fn perform(self, context: &JobContext) -> Result<(), TaskError> {
        let pruned = context.uploads.prune_partials(STALE_PARTIAL).await?;
        tracing::info!(pruned, "pruned stale partial uploads");
        Ok(())
    }
}

/// The housekeeping jobs this node runs.
pub fn workers(workers: Workers) -> Workers {
    workers
        .with::<PruneSessions>()
        .with::<PruneJobs>()
        .with::<PrunePartialUploads>()
}

/// A built-in schedule: its name, when, and the job it enqueues.
fn builtin<J: Job>(name: &str, cron: &str, job: &J) -> (ScheduleForm, Task) {
    (
        ScheduleForm {
            name: name.into(),
            cron: cron.into(),
            timezone: "UTC".into(),
            missed: Missed::RunOnce,
        },
        Task {
            kind: J::KIND.into(),
            queue: J::QUEUE.into(),
            args: serde_json::to_string(job).expect("a struct of numbers serializes"),
        },
    )
}

/// Makes the node's own schedules that do not exist yet (an admin's edits are kept).
pub async fn ensure_schedules(
    context: &JobContext,
    settings: &JobSettings,
) -> Result<(), schedules::ScheduleError> {
    let keep_days = u32::try_from(settings.keep_finished_days).unwrap_or(u32::MAX);
    let at = Utc::now().timestamp_millis();
    for (form, task) in [
        builtin("Prune idle sessions", "0 3 * * *", &PruneSessions {}),
        builtin(
            "Prune finished jobs",
            "15 * * * *",
            &PruneJobs { keep_days },
        ),
        builtin(
            "Prune stale partial uploads",
            "30 3 * * *",
            &PrunePartialUploads {},
        ),
        builtin(
            "Daily digest",
            "0 8 * * *",
            &SendDigests {
                period: Period::Daily,
            },
        ),
        builtin(
            "Weekly digest",
            "0 8 * * 1",
            &SendDigests {
                period: Period::Weekly,
            },
        ),
    ] {
        schedules::ensure_builtin(&context.db, &form, &task, at).await?;
    }
    Ok(())
}

/// Starts the schedules' ticker (`schedules:ticker`) under `supervisor`: every `tick`, each
/// due schedule's job is enqueued (once, whichever node ticks first).
pub fn start_ticker(context: &JobContext, tick: Duration, supervisor: &Supervisor) {
    let db = context.db.clone();
    supervisor.start("schedules:ticker", Restart::Permanent, move || {
        let db = db.clone();
        async move {
            every(tick, || async {
                let fired = schedules::tick(&db, Utc::now().timestamp_millis()).await?;
                for fire in fired {
                    tracing::info!(schedule = fire.schedule, job = ?fire.job, "a schedule fired");
                }
                TaskResult::Ok(())
            })
            .await
        }
    });
}
