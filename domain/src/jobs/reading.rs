//! What the admin's jobs page reads: one job and its errors, counts per queue and state, the
//! jobs filtered, and how many attempts ended each minute.

use model::jobs::{JobDetail, JobRow, JobsOverview, QueueCount};

use super::JobState;
use crate::{
    db::{Db, DbError},
    with_pool,
};

/// Every column of a job, as [`JobRecord`] reads it.
const COLUMNS: &str = "id, queue, kind, args, state, priority, attempt, max_attempts, unique_key, \
     inserted_at, run_at, attempted_at, attempted_by, lease_until, finished_at";

/// A job as stored, for its page and for tests.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct JobRecord {
    pub id: i64,
    pub queue: String,
    pub kind: String,
    pub args: String,
    #[sqlx(try_from = "String")]
    pub state: StoredState,
    pub priority: i32,
    pub attempt: i32,
    pub max_attempts: i32,
    pub unique_key: Option<String>,
    pub inserted_at: i64,
    pub run_at: i64,
    pub attempted_at: Option<i64>,
    pub attempted_by: Option<String>,
    pub lease_until: Option<i64>,
    pub finished_at: Option<i64>,
}

impl JobRecord {
    pub fn state(&self) -> JobState {
        self.state.0
    }
}

/// A `jobs.state` as read; a name no state has is a decoding error.
#[derive(Clone, Copy, Debug)]
pub struct StoredState(JobState);

impl TryFrom<String> for StoredState {
    type Error = UnknownState;
    fn try_from(stored: String) -> Result<Self, Self::Error> {
        JobState::parse(&stored)
            .map(Self)
            .ok_or(UnknownState(stored))
    }
}

#[derive(Debug, thiserror::Error)]
#[error("no job state is named {0:?}")]
pub struct UnknownState(String);

/// Job `id`, if it exists.
pub async fn find(db: &Db, id: i64) -> Result<Option<JobRecord>, DbError> {
    let job = with_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM jobs WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(pool)
        .await
    })?;
    Ok(job)
}

/// One failed attempt of a job.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct JobError {
    pub attempt: i32,
    pub at: i64,
    pub error: String,
}

/// Job `id`'s failed attempts, the first first.
pub async fn job_errors(db: &Db, id: i64) -> Result<Vec<JobError>, DbError> {
    let errors = with_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT attempt, at, error FROM job_errors WHERE job_id = $1 ORDER BY attempt",
        )
        .bind(id)
        .fetch_all(pool)
        .await
    })?;
    Ok(errors)
}

/// How many jobs one queue holds in one state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Count {
    pub queue: String,
    pub state: JobState,
    pub jobs: i64,
}

/// Every queue's jobs counted by state (states with none left out).
pub async fn counts(db: &Db) -> Result<Vec<Count>, DbError> {
    let rows: Vec<(String, String, i64)> = with_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT queue, state, COUNT(*) FROM jobs GROUP BY queue, state ORDER BY queue, state",
        )
        .fetch_all(pool)
        .await
    })?;
    Ok(rows
        .into_iter()
        .filter_map(|(queue, state, jobs)| {
            let state = JobState::parse(&state)?;
            Some(Count { queue, state, jobs })
        })
        .collect())
}

/// Which jobs to list: any of each when `None` (the page's filter).
pub use model::jobs::JobsFilter as Filter;

/// Up to `limit` jobs matching `filter`, newest first, after job `before` (the last of the
/// previous page) when given.
pub async fn list(
    db: &Db,
    filter: &Filter,
    before: Option<i64>,
    limit: u32,
) -> Result<Vec<JobRecord>, DbError> {
    let jobs = with_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM jobs \
             WHERE ($1 IS NULL OR state = $1) AND ($2 IS NULL OR queue = $2) \
             AND ($3 IS NULL OR kind = $3) AND ($4 IS NULL OR id < $4) \
             ORDER BY id DESC LIMIT $5"
        )))
        .bind(filter.state.map(JobState::as_str))
        .bind(&filter.queue)
        .bind(&filter.kind)
        .bind(before)
        .bind(i64::from(limit))
        .fetch_all(pool)
        .await
    })?;
    Ok(jobs)
}

/// How many attempts ended in one minute: jobs completed, attempts failed (retried or not).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Minute {
    /// The minute's start, unix milliseconds.
    pub at: i64,
    pub completed: i64,
    pub failed: i64,
}

/// Each minute from the one holding `since` on in which an attempt ended, oldest first.
pub async fn activity(db: &Db, since: i64) -> Result<Vec<Minute>, DbError> {
    let first = since.div_euclid(60_000);
    let rows: Vec<(i64, i64, i64)> = with_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT minute, SUM(completed), SUM(failed) FROM ( \
               SELECT finished_at / 60000 AS minute, 1 AS completed, 0 AS failed FROM jobs \
               WHERE state = 'completed' AND finished_at >= $1 * 60000 \
               UNION ALL \
               SELECT at / 60000, 0, 1 FROM job_errors WHERE at >= $1 * 60000 \
             ) ended GROUP BY minute ORDER BY minute",
        )
        .bind(first)
        .fetch_all(pool)
        .await
    })?;
    Ok(rows
        .into_iter()
        .map(|(minute, completed, failed)| Minute {
            at: minute * 60_000,
            completed,
            failed,
        })
        .collect())
}

/// The kinds of job the table holds, by name.
pub async fn kinds(db: &Db) -> Result<Vec<String>, DbError> {
    let kinds = with_pool!(db, |pool| {
        sqlx::query_scalar("SELECT DISTINCT kind FROM jobs ORDER BY kind")
            .fetch_all(pool)
            .await
    })?;
    Ok(kinds)
}

/// The queue at a glance at `now`: counts, the last hour's minutes, the kinds.
pub async fn overview(db: &Db, now: i64) -> Result<JobsOverview, DbError> {
    let hour = i64::try_from(JobsOverview::MINUTES).unwrap_or(i64::MAX) * 60_000;
    let ended: Vec<model::jobs::Minute> = activity(db, now - hour)
        .await?
        .into_iter()
        .map(|minute| model::jobs::Minute {
            at_ms: minute.at,
            completed: u64::try_from(minute.completed).unwrap_or(0),
            failed: u64::try_from(minute.failed).unwrap_or(0),
        })
        .collect();
    Ok(JobsOverview {
        counts: counts(db)
            .await?
            .into_iter()
            .map(|count| QueueCount {
                queue: count.queue,
                state: count.state,
                jobs: u64::try_from(count.jobs).unwrap_or(0),
            })
            .collect(),
        minutes: JobsOverview::minutes_until(now, &ended),
        kinds: kinds(db).await?,
    })
}

impl JobRecord {
    /// The job as the list shows it.
    pub fn row(&self) -> JobRow {
        JobRow {
            id: self.id,
            queue: self.queue.clone(),
            kind: self.kind.clone(),
            state: self.state(),
            attempt: self.attempt,
            max_attempts: self.max_attempts,
            inserted_at_ms: self.inserted_at,
            run_at_ms: self.run_at,
            finished_at_ms: self.finished_at,
        }
    }
}

/// Everything about job `id`, if it exists: its arguments indented, its failed attempts.
pub async fn detail(db: &Db, id: i64) -> Result<Option<JobDetail>, DbError> {
    let Some(job) = find(db, id).await? else {
        return Ok(None);
    };
    let errors = job_errors(db, id).await?;
    let args = serde_json::from_str::<serde_json::Value>(&job.args)
        .ok()
        .and_then(|args| serde_json::to_string_pretty(&args).ok())
        .unwrap_or_else(|| job.args.clone());
    Ok(Some(JobDetail {
        row: job.row(),
        args,
        priority: job.priority,
        unique_key: job.unique_key,
        attempted_at_ms: job.attempted_at,
        attempted_by: job.attempted_by,
        errors: errors
            .into_iter()
            .map(|error| model::jobs::JobError {
                attempt: error.attempt,
                at_ms: error.at,
                error: error.error,
            })
            .collect(),
    }))
}
