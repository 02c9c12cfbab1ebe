//! Guessing protection for passwords: after [`MAX_FAILURES`] failed sign-ins for one email from
//! one address within [`WINDOW`], further attempts are refused until the oldest of those
//! failures leaves the window. (The general rate limiter is a separate, later layer.)

use std::time::Duration;

use crate::{
    db::{BeginWrite, Db, DbError},
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

/// How long until another attempt is allowed, or `None` when one is allowed now.
pub(super) async fn wait_before_next(
    db: &Db,
    key: &str,
    ip: &str,
    now: i64,
) -> Result<Option<Duration>, DbError> {
    let (failures, oldest): (i64, Option<i64>) = with_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT COUNT(*), MIN(failed_at) FROM sign_in_failures \
             WHERE email_key = $1 AND ip = $2 AND failed_at > $3",
        )
        .bind(key)
        .bind(ip)
        .bind(now - window_secs())
        .fetch_one(pool)
        .await
    })?;
    Ok(match oldest {
        Some(oldest) if failures >= MAX_FAILURES => {
            let wait = (oldest + window_secs() - now).max(1);
            Some(Duration::from_secs(u64::try_from(wait).unwrap_or(1)))
        }
        _ => None,
    })
}

/// Records a failure and prunes this key's failures that have left the window.
pub(super) async fn record_failure(db: &Db, key: &str, ip: &str, now: i64) -> Result<(), DbError> {
    with_pool!(db, |pool| async {
        let mut tx = pool.begin_write().await?;
        sqlx::query("DELETE FROM sign_in_failures WHERE email_key = $1 AND failed_at <= $2")
            .bind(key)
            .bind(now - window_secs())
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO sign_in_failures (email_key, ip, failed_at) VALUES ($1, $2, $3)")
            .bind(key)
            .bind(ip)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await
    }
    .await)?;
    Ok(())
}

/// Forgets the failures of this email and address after a successful sign-in.
pub(super) async fn clear(db: &Db, key: &str, ip: &str) -> Result<(), DbError> {
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
