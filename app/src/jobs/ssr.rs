use chrono::Utc;
use domain::jobs;
use model::{
    jobs::{JobActed, JobAction, JobDetail, JobRow, JobsFilter},
    refusal::Refusal,
};

use super::LIST_LIMIT;
use crate::{AppError, auth::ssr::for_admin};

/// A queue's or a kind's name as a filter: an empty one filters nothing; a long one, or one
/// with control characters, matches nothing, so it is refused rather than sent to the database
/// (PostgreSQL refuses a NUL in a text outright).
const MAX_FILTER_BYTES: usize = 200;

fn checked(filter: JobsFilter) -> Result<JobsFilter, AppError> {
    let name = |name: Option<String>| -> Result<Option<String>, AppError> {
        match name.map(|name| name.trim().to_owned()) {
            Some(name) if name.is_empty() => Ok(None),
            Some(name) if name.len() > MAX_FILTER_BYTES => {
                Err(AppError::BadRequest(Refusal::FilterTooLong {
                    max: MAX_FILTER_BYTES,
                }))
            }
            Some(name) if name.chars().any(char::is_control) => {
                Err(AppError::BadRequest(Refusal::FilterControlCharacter))
            }
            name => Ok(name),
        }
    };
    Ok(JobsFilter {
        state: filter.state,
        queue: name(filter.queue)?,
        kind: name(filter.kind)?,
    })
}

pub(super) async fn list(filter: JobsFilter) -> Result<Vec<JobRow>, AppError> {
    for_admin(async |ctx, _| {
        let filter = checked(filter)?;
        let jobs = jobs::list(&ctx.db, &filter, None, LIST_LIMIT).await?;
        Ok(jobs.iter().map(jobs::JobRecord::row).collect())
    })
    .await
}

pub(super) async fn detail(id: i64) -> Result<JobDetail, AppError> {
    for_admin(async |ctx, _| jobs::detail(&ctx.db, id).await?.ok_or(AppError::NotFound)).await
}

pub(super) async fn act(id: i64, action: JobAction) -> Result<JobActed, AppError> {
    for_admin(async |ctx, user| {
        let db = &ctx.db;
        let at = Utc::now().timestamp_millis();
        let done = match action {
            JobAction::Retry => jobs::retry(db, id, at).await?,
            JobAction::Cancel => jobs::cancel(db, id, at).await?,
            JobAction::Discard => jobs::discard(db, id, at).await?,
            JobAction::RunNow => jobs::run_now(db, id, at).await?,
        };
        if done {
            tracing::info!(
                job = id,
                ?action,
                by = user.scope().user_id,
                "an admin acted on a job"
            );
            if matches!(action, JobAction::Retry | JobAction::RunNow)
                && let Some(job) = jobs::find(db, id).await?
            {
                // Due now: its queue here need not wait for its next look.
                db.job_signal().enqueued(&job.queue);
            }
        }
        Ok(JobActed { id, action, done })
    })
    .await
}
