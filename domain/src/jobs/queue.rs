//! The queue's verbs, one SQL text each for both backends.

use std::time::Duration;

use sqlx::{PgConnection, SqliteConnection};

use super::{Enqueued, JobState, NewJob, lock_key};
use crate::{
    db::{BeginWrite, Db, DbError, Pool},
    with_pool,
};

/// The states a job waits in; a unique key is held in these and while running.
pub(super) const PENDING: &str = "('available', 'scheduled', 'retryable')";

const INSERT: &str = "INSERT INTO jobs \
     (queue, kind, args, state, priority, max_attempts, unique_key, inserted_at, run_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
     ON CONFLICT DO NOTHING RETURNING id";

/// Inserting a job on a connection the caller holds — inside its transaction, so that the job
/// exists if and only if the write that caused it commits:
///
/// ```ignore
/// let mut tx = pool.begin_write().await?;
/// // … the write …
/// let enqueued = (&mut *tx).enqueue(&NewJob::of(&welcome, at)?, at).await?;
/// tx.commit().await?;
/// enqueued.announce(&db);
/// ```
///
/// Answers the new job's id, or none when a pending or running job holds its unique key.
pub trait Enqueue {
    fn enqueue(
        self,
        job: &NewJob,
        at: i64,
    ) -> impl Future<Output = Result<Enqueued, sqlx::Error>> + Send;
}

macro_rules! enqueue_on {
    ($connection:ty) => {
        impl Enqueue for &mut $connection {
            async fn enqueue(self, job: &NewJob, at: i64) -> Result<Enqueued, sqlx::Error> {
                let state = if job.run_at > at {
                    JobState::Scheduled
                } else {
                    JobState::Available
                };
                let id = sqlx::query_scalar(INSERT)
                    .bind(&job.queue)
                    .bind(&job.kind)
                    .bind(&job.args)
                    .bind(state.as_str())
                    .bind(job.priority)
                    .bind(job.max_attempts)
                    .bind(&job.unique_key)
                    .bind(at)
                    .bind(job.run_at)
                    .fetch_optional(self)
                    .await?;
                Ok(Enqueued::new(id, &job.queue))
            }
        }
    };
}

enqueue_on!(SqliteConnection);
enqueue_on!(PgConnection);

/// Inserts `job` on its own, outside any other write (a schedule's tick, an admin's "run"),
/// and wakes its queue.
pub async fn insert(db: &Db, job: &NewJob, at: i64) -> Result<Option<i64>, DbError> {
    let enqueued = with_pool!(db, |pool| async {
        let mut connection = pool.acquire().await?;
        connection.enqueue(job, at).await
    }
    .await)?;
    Ok(enqueued.announce(db))
}

/// A job a node has claimed: what its worker needs to run this attempt.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Claimed {
    pub id: i64,
    pub queue: String,
    pub kind: String,
    pub args: String,
    /// This attempt's number, from 1.
    pub attempt: i32,
    pub max_attempts: i32,
}

/// Claims up to `wanted` due jobs of `queue` for `node`, leased until `at + lease`, without
/// ever letting more than `limit` of the queue's jobs run at once across every node: claims in
/// one queue take turns (SQLite's write lock; a PostgreSQL advisory lock held by the
/// transaction), so the count of running jobs each reads is the truth. Due jobs go by
/// priority, then due time.
pub async fn claim(
    db: &Db,
    queue: &str,
    limit: i64,
    wanted: i64,
    node: &str,
    at: i64,
    lease: Duration,
) -> Result<Vec<Claimed>, DbError> {
    let lease_until = at.saturating_add(millis(lease));
    let skip_locked = match db.pool() {
        Pool::Sqlite(_) => "",
        Pool::Postgres(_) => "FOR UPDATE SKIP LOCKED",
    };
    let update = format!(
        "UPDATE jobs SET state = 'running', attempt = attempt + 1, attempted_at = $1, \
         attempted_by = $2, lease_until = $3 \
         WHERE id IN (SELECT id FROM jobs WHERE queue = $4 AND state IN {PENDING} \
         AND run_at <= $1 ORDER BY priority, run_at, id LIMIT $5 {skip_locked}) \
         RETURNING id, queue, kind, args, attempt, max_attempts"
    );
    let claimed = with_pool!(db, |pool| async {
        let mut tx = pool.begin_write().await?;
        if let Pool::Postgres(_) = db.pool() {
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(lock_key(queue))
                .execute(&mut *tx)
                .await?;
        }
        let running: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE queue = $1 AND state = 'running'")
                .bind(queue)
                .fetch_one(&mut *tx)
                .await?;
        let free = wanted.min(limit - running);
        if free <= 0 {
            return Ok(Vec::new());
        }
        let mut claimed: Vec<Claimed> = sqlx::query_as(sqlx::AssertSqlSafe(update.clone()))
            .bind(at)
            .bind(node)
            .bind(lease_until)
            .bind(queue)
            .bind(free)
            .fetch_all(&mut *tx)
            .await?;
        tx.commit().await?;
        claimed.sort_by_key(|job| job.id);
        Ok::<_, sqlx::Error>(claimed)
    }
    .await)?;
    Ok(claimed)
}

/// Ends `job`'s attempt as done. `false` when the attempt is no longer `node`'s to end (it was
/// rescued, cancelled or discarded meanwhile): nothing changes.
pub async fn complete(db: &Db, job: &Claimed, node: &str, at: i64) -> Result<bool, DbError> {
    let done = with_pool!(db, |pool| {
        sqlx::query(
            "UPDATE jobs SET state = 'completed', finished_at = $1, lease_until = NULL \
             WHERE id = $2 AND attempt = $3 AND attempted_by = $4 AND state = 'running'",
        )
        .bind(at)
        .bind(job.id)
        .bind(job.attempt)
        .bind(node)
        .execute(pool)
        .await
        .map(|done| done.rows_affected() == 1)
    })?;
    Ok(done)
}

/// Ends every attempt of `done` as done at once, in one statement (a node's group commit):
/// the ids of the jobs completed. An attempt no longer `node`'s to end is left as it is (see
/// [`complete`]).
pub async fn complete_all(
    db: &Db,
    done: &[&Claimed],
    node: &str,
    at: i64,
) -> Result<Vec<i64>, DbError> {
    if done.is_empty() {
        return Ok(Vec::new());
    }
    // ($3, $4), ($5, $6), …: each attempt by its job and number.
    let attempts: Vec<String> = (0..done.len())
        .map(|index| format!("(${}, ${})", 3 + 2 * index, 4 + 2 * index))
        .collect();
    let sql = format!(
        "UPDATE jobs SET state = 'completed', finished_at = $1, lease_until = NULL \
         WHERE attempted_by = $2 AND state = 'running' \
         AND (id, attempt) IN (VALUES {}) RETURNING id",
        attempts.join(", ")
    );
    let completed = with_pool!(db, |pool| {
        let mut query = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone()))
            .bind(at)
            .bind(node);
        for job in done {
            query = query.bind(job.id).bind(job.attempt);
        }
        query.fetch_all(pool).await
    })?;
    Ok(completed)
}

/// Ends `job`'s attempt as failed with `error`: retryable after `wait`, or discarded when it
/// was the last attempt. The state it went to, or `None` when the attempt was no longer
/// `node`'s (see [`complete`]).
pub async fn fail(
    db: &Db,
    job: &Claimed,
    node: &str,
    error: &str,
    at: i64,
    wait: Duration,
) -> Result<Option<JobState>, DbError> {
    let retry_at = at.saturating_add(millis(wait));
    let error = bounded(error);
    let state: Option<String> = with_pool!(db, |pool| async {
        let mut tx = pool.begin_write().await?;
        let state: Option<String> = sqlx::query_scalar(
            "UPDATE jobs SET \
             state = CASE WHEN attempt >= max_attempts THEN 'discarded' ELSE 'retryable' END, \
             finished_at = CASE WHEN attempt >= max_attempts THEN $1 ELSE NULL END, \
             run_at = CASE WHEN attempt >= max_attempts THEN run_at ELSE $2 END, \
             lease_until = NULL \
             WHERE id = $3 AND attempt = $4 AND attempted_by = $5 AND state = 'running' \
             RETURNING state",
        )
        .bind(at)
        .bind(retry_at)
        .bind(job.id)
        .bind(job.attempt)
        .bind(node)
        .fetch_optional(&mut *tx)
        .await?;
        if state.is_some() {
            sqlx::query(
                "INSERT INTO job_errors (job_id, attempt, at, error) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(job.id)
            .bind(job.attempt)
            .bind(at)
            .bind(error)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok::<_, sqlx::Error>(state)
    }
    .await)?;
    Ok(state.as_deref().and_then(JobState::parse))
}

/// Renews the lease of every job `node` is running, to `at + lease`: the node is alive. The
/// number of jobs renewed.
pub async fn heartbeat(db: &Db, node: &str, at: i64, lease: Duration) -> Result<u64, DbError> {
    let renewed = with_pool!(db, |pool| {
        sqlx::query(
            "UPDATE jobs SET lease_until = $1 WHERE state = 'running' AND attempted_by = $2",
        )
        .bind(at.saturating_add(millis(lease)))
        .bind(node)
        .execute(pool)
        .await
        .map(|renewed| renewed.rows_affected())
    })?;
    Ok(renewed)
}

/// Gives back every running job whose lease ran out before `at` (its node stopped renewing it:
/// it died, or lost the database): due again at once, or discarded if that was its last
/// attempt, the abandoned attempt recorded as an error. The number rescued.
pub async fn rescue(db: &Db, at: i64) -> Result<u64, DbError> {
    let rescued = with_pool!(db, |pool| async {
        let mut tx = pool.begin_write().await?;
        sqlx::query(
            "INSERT INTO job_errors (job_id, attempt, at, error) \
             SELECT id, attempt, $1, 'abandoned: ' || COALESCE(attempted_by, 'a node') || \
             ' stopped renewing its lease' \
             FROM jobs WHERE state = 'running' AND lease_until < $1 \
             ON CONFLICT DO NOTHING",
        )
        .bind(at)
        .execute(&mut *tx)
        .await?;
        let rescued = sqlx::query(
            "UPDATE jobs SET \
             state = CASE WHEN attempt >= max_attempts THEN 'discarded' ELSE 'available' END, \
             finished_at = CASE WHEN attempt >= max_attempts THEN $1 ELSE NULL END, \
             run_at = $1, lease_until = NULL \
             WHERE state = 'running' AND lease_until < $1",
        )
        .bind(at)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok::<_, sqlx::Error>(rescued)
    }
    .await)?;
    Ok(rescued)
}

/// Deletes the jobs that finished before `before`, with their errors. The number deleted.
pub async fn prune(db: &Db, before: i64) -> Result<u64, DbError> {
    let pruned = with_pool!(db, |pool| {
        sqlx::query(
            "DELETE FROM jobs WHERE state IN ('completed', 'discarded', 'cancelled') \
             AND finished_at < $1",
        )
        .bind(before)
        .execute(pool)
        .await
        .map(|pruned| pruned.rows_affected())
    })?;
    Ok(pruned)
}

/// The longest error kept for an attempt, in bytes: enough for any message and its causes.
const LONGEST_ERROR: usize = 8 * 1024;

/// `error`, cut at [`LONGEST_ERROR`] on a character boundary.
fn bounded(error: &str) -> &str {
    if error.len() <= LONGEST_ERROR {
        return error;
    }
    let end = (0..=LONGEST_ERROR)
        .rev()
        .find(|&end| error.is_char_boundary(end))
        .unwrap_or(0);
    &error[..end]
}

fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_error_is_cut_on_a_character_boundary() {
        assert_eq!(bounded("short"), "short");
        let long = "é".repeat(LONGEST_ERROR);
        let cut = bounded(&long);
        assert!(cut.len() <= LONGEST_ERROR && cut.len() >= LONGEST_ERROR - 1);
        assert!(cut.chars().all(|c| c == 'é'));
    }
}
