//! What the admin's jobs page reads: counts per queue and state, the jobs filtered, and how
//! many attempts ended each minute.

use super::{JobRecord, JobState};
use crate::{
    db::{Db, DbError},
    with_pool,
};

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

/// Which jobs to list: any of each when `None`.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub state: Option<JobState>,
    pub queue: Option<String>,
    pub kind: Option<String>,
}

/// Up to `limit` jobs matching `filter`, newest first, after job `before` (the last of the
/// previous page) when given.
pub async fn list(
    db: &Db,
    filter: &Filter,
    before: Option<i64>,
    limit: u32,
) -> Result<Vec<JobRecord>, DbError> {
    let jobs = with_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT id, queue, kind, args, state, priority, attempt, max_attempts, unique_key, \
             inserted_at, run_at, attempted_at, attempted_by, lease_until, finished_at \
             FROM jobs \
             WHERE ($1 IS NULL OR state = $1) AND ($2 IS NULL OR queue = $2) \
             AND ($3 IS NULL OR kind = $3) AND ($4 IS NULL OR id < $4) \
             ORDER BY id DESC LIMIT $5",
        )
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
