//! What an admin does to one job: cancel it, discard it, run it again, run it now.

use super::queue::PENDING;
use crate::{
    db::{Db, DbError, UniqueIndex},
    with_pool,
};

/// Cancels job `id` if it has not finished (a running attempt's end is then ignored). Whether
/// it was cancelled.
pub async fn cancel(db: &Db, id: i64, at: i64) -> Result<bool, DbError> {
    let sql = format!(
        "UPDATE jobs SET state = 'cancelled', finished_at = $1, lease_until = NULL \
         WHERE id = $2 AND (state IN {PENDING} OR state = 'running')"
    );
    change(db, sql, id, at).await
}

/// Gives up waiting job `id` (available, scheduled or retryable) as if its attempts were spent:
/// it is kept as discarded, and may be retried by hand. Whether it was.
pub async fn discard(db: &Db, id: i64, at: i64) -> Result<bool, DbError> {
    let sql = format!(
        "UPDATE jobs SET state = 'discarded', finished_at = $1 WHERE id = $2 AND state IN {PENDING}"
    );
    change(db, sql, id, at).await
}

/// The index that keeps a unique job's key to one pending or running job.
const UNIQUE_KEY: UniqueIndex = UniqueIndex {
    name: "jobs_unique_key",
    columns: "jobs.unique_key",
};

/// Runs finished job `id` again, as a new attempt (given one more if its attempts were spent).
/// Whether it is due again: not if it had not finished, or if another pending or running job
/// now holds its unique key.
pub async fn retry(db: &Db, id: i64, at: i64) -> Result<bool, DbError> {
    let sql = "UPDATE jobs SET state = 'available', run_at = $1, finished_at = NULL, \
               max_attempts = CASE WHEN attempt < max_attempts THEN max_attempts \
               ELSE attempt + 1 END \
               WHERE id = $2 AND state IN ('completed', 'discarded', 'cancelled')";
    match change(db, sql.to_owned(), id, at).await {
        Err(DbError::Query(error)) if UNIQUE_KEY.is_violated_by(&error) => Ok(false),
        outcome => outcome,
    }
}

/// Makes waiting job `id` (scheduled, or retryable in its backoff) due now. Whether it was.
pub async fn run_now(db: &Db, id: i64, at: i64) -> Result<bool, DbError> {
    let sql = "UPDATE jobs SET state = 'available', run_at = $1 \
               WHERE id = $2 AND state IN ('scheduled', 'retryable')";
    change(db, sql.to_owned(), id, at).await
}

/// Runs one of the admin's changes to job `id` at `at`.
async fn change(db: &Db, sql: String, id: i64, at: i64) -> Result<bool, DbError> {
    let changed = with_pool!(db, |pool| {
        sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
            .bind(at)
            .bind(id)
            .execute(pool)
            .await
            .map(|changed| changed.rows_affected() == 1)
    })?;
    Ok(changed)
}
