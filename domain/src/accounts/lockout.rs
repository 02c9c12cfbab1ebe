//! Guessing protection for passwords: after [`MAX_FAILURES`] failed sign-ins for one email from
//! one address within [`WINDOW`], further attempts are refused until the oldest of those
//! failures leaves the window. (The per-address rate limit across accounts is a separate layer
//! at the edge.)
//!
//! Checking and counting are one step: an attempt takes its place as a failure in the same
//! write transaction that counted the failures before it, and only a correct password removes
//! it again. So thirty guesses sent at once get exactly as many password checks as the window
//! has room for, not thirty — on SQLite because its write transactions run one at a time, on
//! PostgreSQL because each (email, address) pair takes a transaction-scoped advisory lock.

use std::time::Duration;

use crate::{
    db::{Backend, BeginWrite, Db, DbError},
    with_pool,
};

pub const MAX_FAILURES: i64 = 5;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

fn window_secs() -> i64 {
    i64::try_from(WINDOW.as_secs()).unwrap_or(i64::MAX)
}

/// What the failures are counted under: the address as typed, trimmed and lower-cased, so that
/// a malformed or unknown email is throttled exactly like a real one.
pub(super) fn key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// An attempt allowed to check its password, already counted as a failure.
#[derive(Debug)]
pub(super) struct Attempt {
    failure_id: i64,
}

/// Lets one attempt for `key` from `ip` through, counting it as a failure until it succeeds;
/// or, when the window is full, answers how long until the next one is allowed.
pub(super) async fn begin(
    db: &Db,
    key: &str,
    ip: &str,
    now: i64,
) -> Result<Result<Attempt, Duration>, DbError> {
    let serialise = match db.backend() {
        // Two transactions counting the same pair at once would both see room for one more.
        Backend::Postgres => Some("SELECT pg_advisory_xact_lock(hashtextextended($1, 7))"),
        Backend::Sqlite => None,
    };
    let pair = format!("{key}\n{ip}");
    let since = now - window_secs();
    let outcome = with_pool!(db, |pool| async {
        let mut tx = pool.begin_write().await?;
        if let Some(lock) = serialise {
            sqlx::query(lock).bind(&pair).execute(&mut *tx).await?;
        }
        sqlx::query("DELETE FROM sign_in_failures WHERE email_key = $1 AND failed_at <= $2")
            .bind(key)
            .bind(since)
            .execute(&mut *tx)
            .await?;
        let (failures, oldest): (i64, Option<i64>) = sqlx::query_as(
            "SELECT COUNT(*), MIN(failed_at) FROM sign_in_failures \
             WHERE email_key = $1 AND ip = $2 AND failed_at > $3",
        )
        .bind(key)
        .bind(ip)
        .bind(since)
        .fetch_one(&mut *tx)
        .await?;
        if failures >= MAX_FAILURES {
            tx.rollback().await?;
            let wait = oldest.map_or(1, |oldest| (oldest + window_secs() - now).max(1));
            return Ok(Err(Duration::from_secs(u64::try_from(wait).unwrap_or(1))));
        }
        let failure_id: i64 = sqlx::query_scalar(
            "INSERT INTO sign_in_failures (email_key, ip, failed_at) VALUES ($1, $2, $3) \
             RETURNING id",
        )
        .bind(key)
        .bind(ip)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(Ok(Attempt { failure_id }))
    }
    .await)?;
    Ok(outcome)
}

/// The password was right: this email and address start again with no failures.
pub(super) async fn succeeded(db: &Db, key: &str, ip: &str) -> Result<(), DbError> {
    with_pool!(db, |pool| {
        sqlx::query("DELETE FROM sign_in_failures WHERE email_key = $1 AND ip = $2")
            .bind(key)
            .bind(ip)
            .execute(pool)
            .await
            .map(drop)
    })?;
    Ok(())
}

/// The attempt could not be judged (the server failed, not the password): it does not count.
pub(super) async fn undecided(db: &Db, attempt: Attempt) -> Result<(), DbError> {
    with_pool!(db, |pool| {
        sqlx::query("DELETE FROM sign_in_failures WHERE id = $1")
            .bind(attempt.failure_id)
            .execute(pool)
            .await
            .map(drop)
    })?;
    Ok(())
}
